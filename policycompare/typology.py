"""Policy-instrument typology: code each measure with the instrument types of policy research.

Two schemes ship as editable keyword dictionaries (``data/typology_*.csv``):

``rothwell_zegveld``
    Supply-side (供给型), environmental (环境型) and demand-side (需求型)
    instruments (Rothwell & Zegveld 1981, 1985), with the subtypes used in
    Chinese policy-text research (资金投入, 法规管制, 示范推广, …).
``mcdonnell_elmore``
    Mandates (命令型), inducements (激励型), capacity-building (能力建设型)
    and system-changing (系统变革型) instruments (McDonnell & Elmore 1987),
    with hortatory policy (劝告型) as added in later work. Its types have no
    subtypes: ``subtype`` repeats ``type``.

Method (see docs/method-typology.md): within one scheme, a measure's text is
scanned once for the dictionary's keywords, leftmost-longest, full-width
digits and letters (２０２５, ５Ｇ) read as ASCII ones and Latin letters in
either case, so that
生均公用经费 counts once and not again as 经费, and a weight-0 keyword (财政局)
stops a shorter one (财政) from matching inside it. Each match adds its
keyword's weight to its subtype, times ``heading_weight`` when it lies in the
measure's heading. Responsibility tags (<责任单位:…>) are not read, nor cited
titles (《…》: a title names another document, not what the measure does). Subtypes
scoring ``min_score`` or more are the measure's codings; the highest-scoring
one is its primary coding; a measure with none gets one row of type 未编码.
"""

import io
import math
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .cleaning import HALF_WIDTH
from .errors import PolicyCompareError
from .reading import read_text
from .structure import ANY_TAG
from .tables import typed

__all__ = [
    "CODING_COLUMNS",
    "DICTIONARY_COLUMNS",
    "SCHEMES",
    "UNCODED",
    "code_instruments",
    "load_typology",
    "typology_crosstab",
]

SCHEMES = ("rothwell_zegveld", "mcdonnell_elmore")
DICTIONARY_COLUMNS = ("scheme", "type", "subtype", "keyword", "weight", "note")
CODING_COLUMNS = [
    "doc_id", "measure_id", "heading", "start", "end", "scheme", "type", "subtype",
    "score", "heading_score", "n_matches", "evidence", "primary",
]
UNCODED = "未编码"
PATTERN_PREFIX = "re:"
HEADING_WEIGHT = 4.0
MIN_SCORE = 1.5

# A parent unit is coded only when its own text (numbering, heading and tags
# removed) is at least this many Han characters: an introductory paragraph,
# not just a section title such as 三、主要措施.
_MIN_PARENT_CHARS = 20
# The own text of an annex or a compilation part with children is its title and
# preamble (为贯彻落实…特制定本方案): front matter of the part, not a measure.
_CONTAINER_KINDS = ("annex", "part")
_HAN = re.compile(r"[\u3400-\u9fff]")
# What the schemes do not read (see _masked), blanked so that offsets stay put. Responsibility tags (structure's
# ANY_TAG) name the same departments under unrelated measures: 市财政局 is no evidence of funding. A cited title names
# another document, not what the measure does: 督导 and 评价 in 按照《…基础教育质量督导评价实施方案》 are no evidence of
# inspection. A title runs from 《 to the 》 that closes it, with the titles inside it (《关于印发〈…〉的通知》, or 《
# written for 〈), on one line and with at most _TITLE_MAX characters between the marks (as many as extract_references
# reads in a title): an unclosed 《, a typo, blanks nothing, rather than the rest of its line or of the plan.
_TITLE_MARKS = re.compile("[《》\n]")
_TITLE_MAX = 150


def _shipped_path(scheme):
    return Path(str(resources.files("policycompare") / "data" / f"typology_{scheme}.csv"))


def load_typology(path=None):
    """Read a keyword dictionary for :func:`code_instruments`.

    Parameters
    ----------
    path : str or os.PathLike, default=None
        A CSV file with the columns ``scheme, type, subtype, keyword, weight``
        and optionally ``note``, in UTF-8 or GB18030 (as saved by Excel).
        ``None`` reads the two shipped dictionaries, Rothwell–Zegveld first.

        A keyword is literal text, or a regular expression when it starts with
        ``re:`` (``re:到\\s*20\\d{2}\\s*年``). Either matches the text with
        full-width forms read as ASCII ones (到２０２５年, ５Ｇ) and Latin
        letters in either case (5G matches 5g, ５ｇ). Weight 0 marks a phrase
        that contains a shorter keyword but means something else (财政局
        holds 财政): it is matched so that the shorter one is not, and counts
        nothing. A pattern's look-arounds read the text around its match
        without taking it, so a keyword can be kept out of a context where
        it means something else: ``re:挂钩(?<!结对挂钩)(?!联系|学校)`` is pay tied
        to results, not 结对挂钩 or 挂钩学校; a weight-0
        ``re:示范性?(?=幼儿园)`` takes 示范 of a kindergarten's grade and
        leaves 幼儿园 to other keywords.

    Returns
    -------
    pandas.DataFrame
        The columns ``DICTIONARY_COLUMNS``, ``weight`` as float, rows in file
        order (the order breaks ties between equal scores).

    Raises
    ------
    PolicyCompareError
        Naming the file and the line, if the file is unreadable, lacks a
        column, has an unknown column, an empty cell, a weight that is not a
        number of 0 or more, an invalid or empty-matching pattern, a repeated
        keyword, or a subtype filed under two types.

    Examples
    --------
    >>> typology = load_typology()
    >>> list(typology.columns)
    ['scheme', 'type', 'subtype', 'keyword', 'weight', 'note']
    >>> list(typology.drop_duplicates("type").query("scheme == 'rothwell_zegveld'")["type"])
    ['供给型', '环境型', '需求型']
    """
    if path is None:
        return pd.concat([_read_dictionary(_shipped_path(scheme)) for scheme in SCHEMES], ignore_index=True)
    return _read_dictionary(Path(path))


# (path, modification time, size) -> the validated table: a file read again only when it changed.
_READ = {}


def _read_dictionary(path):
    try:
        stat = os.stat(path)
        key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None  # read_text names the problem
    if key in _READ:
        return _READ[key].copy()
    table = _parse_dictionary(path)
    if key is not None:
        if len(_READ) >= 16:
            _READ.clear()
        _READ[key] = table
    return table.copy()


def _parse_dictionary(path):
    text, _ = read_text(path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise PolicyCompareError(f"not a readable CSV ({str(err).splitlines()[0]})", path=path) from None
    return _validated(frame, path=path, first_line=2)


def _validated(frame, *, path, first_line=None):
    """Check a dictionary table; ``first_line`` is the file line of row 0, None for a DataFrame."""

    def where(i):
        return f"line {i + first_line}" if first_line is not None else f"row {i}"

    unknown = [c for c in frame.columns if c not in DICTIONARY_COLUMNS]
    if unknown:
        raise PolicyCompareError(f"unknown column {unknown[0]!r}; allowed: {', '.join(DICTIONARY_COLUMNS)}", path=path)
    missing = [c for c in DICTIONARY_COLUMNS[:-1] if c not in frame.columns]
    if missing:
        raise PolicyCompareError(f"lacks the column {missing[0]!r}; a dictionary has the columns {', '.join(DICTIONARY_COLUMNS)}", path=path)
    table = pd.DataFrame({c: frame[c].astype(str).str.strip() if c in frame.columns else "" for c in DICTIONARY_COLUMNS})
    table = table.reset_index(drop=True)
    # Blank lines (spreadsheet exports have them) hold nothing but keep their line numbers.
    table = table[table.ne("").any(axis=1)]
    if table.empty:
        raise PolicyCompareError("holds no keywords", path=path)
    weights = pd.to_numeric(table["weight"], errors="coerce")
    seen, first_type = set(), {}
    for i, row in zip(table.index, table.itertuples(index=False)):
        for column in ("scheme", "type", "subtype", "keyword"):
            if not getattr(row, column):
                raise PolicyCompareError(f"{where(i)} has no {column}", path=path)
        if not (math.isfinite(weights[i]) and weights[i] >= 0):
            raise PolicyCompareError(f"{where(i)}: weight {row.weight!r} is not a number of 0 or more", path=path)
        if UNCODED in (row.type, row.subtype):
            raise PolicyCompareError(f"{where(i)}: {UNCODED!r} is reserved for measures without a match", path=path)
        if ";" in row.keyword:
            raise PolicyCompareError(f"{where(i)}: keyword {row.keyword!r} holds ';', which separates evidence", path=path)
        if row.keyword.startswith(PATTERN_PREFIX):
            try:
                pattern = re.compile(row.keyword[len(PATTERN_PREFIX):])
            except re.error as err:
                raise PolicyCompareError(f"{where(i)}: keyword {row.keyword!r} is not a valid pattern ({err})", path=path) from None
            if pattern.fullmatch(""):
                raise PolicyCompareError(f"{where(i)}: pattern {row.keyword!r} matches empty text", path=path)
        if (row.scheme, row.subtype, row.keyword) in seen:
            raise PolicyCompareError(f"{where(i)} repeats the keyword {row.keyword!r} of {row.scheme}/{row.subtype}", path=path)
        seen.add((row.scheme, row.subtype, row.keyword))
        known = first_type.setdefault((row.scheme, row.subtype), row.type)
        if known != row.type:
            raise PolicyCompareError(f"{where(i)}: subtype {row.subtype!r} of scheme {row.scheme!r} is filed under both {known!r} and {row.type!r}", path=path)
    return table.assign(weight=weights.astype(float)).reset_index(drop=True)


def _dictionary_of(dictionary):
    """The keyword table from a ``dictionary=`` argument: None, a table or a file."""
    if dictionary is None:
        return load_typology()
    if isinstance(dictionary, pd.DataFrame):
        return _validated(dictionary, path="dictionary")
    return load_typology(dictionary)


@dataclass(frozen=True)
class _Matcher:
    """One scheme's keywords, ready for a leftmost-longest scan."""

    # the literal keywords (folded, see _fold) as one trie-shaped regex: at each position it matches the longest keyword
    literal_pattern: re.Pattern
    # folded keyword -> entries
    literals: dict
    # (compiled pattern, entries) of the re: keywords, for the folded text
    patterns: tuple
    # (type, subtype) in dictionary order; entries are ((category index, weight), ...)
    categories: tuple


# Full-width forms (U+FF01–U+FF5E: ２０２５, ５Ｇ, ９６．５％, typed in a full-width input mode or kept from a GB-encoded
# file) read as the ASCII characters they stand for, and the ideographic space as a space, as annotations and tokens
# read their digits and Latin words, with cleaning.HALF_WIDTH over every span of such forms (tokens fold only Latin
# words, leaving 到２０２５年 as written). One character for one, so a match's offsets are those of the text as
# written, which its evidence quotes.
# Then ASCII capitals in lower case; ASCII only, as str.lower() can lengthen some non-ASCII letters.
_TO_FOLD = re.compile("[A-Z\uff01-\uff5e\u3000]+")
_FULL_WIDTH_IN_PATTERN = re.compile("(\\\\*)([\uff01-\uff5e\u3000])")


def _fold(text):
    """``text`` with full-width forms as ASCII ones and ASCII capitals in lower case, same length.

    (A regex: str.translate looks up every Han character too.)

    Examples
    --------
    >>> _fold("到２０２５年建成５Ｇ校园、STEM实验室")
    '到2025年建成5g校园、stem实验室'
    """
    return _TO_FOLD.sub(lambda match: match.group().translate(HALF_WIDTH).lower(), text)


def _fold_pattern(pattern):
    """A ``re:`` keyword's pattern for :func:`_fold`'s text: each full-width character in it as the ASCII one, escaped.

    A full-width character is never regex syntax, so it stays a literal
    character (（ becomes ``\\(``, not a group), escaped by a backslash or not.

    Examples
    --------
    >>> print(_fold_pattern("（[一二三]）[Ａ-Ｚ]+"), _fold_pattern("\\\\＋Ｘ"))
    \\([一二三]\\)[A-Z]+ \\+X
    """
    def ascii_literal(match):
        backslashes = match.group(1)
        # An odd backslash escapes the full-width character; the pairs before it are backslashes of the text.
        return backslashes[:len(backslashes) // 2 * 2] + re.escape(match.group(2).translate(HALF_WIDTH))

    return _FULL_WIDTH_IN_PATTERN.sub(ascii_literal, pattern)


def _compile(rows):
    categories = tuple(dict.fromkeys(zip(rows["type"], rows["subtype"])))
    index = {category: i for i, category in enumerate(categories)}
    by_keyword = {}
    for kind, subtype, keyword, weight in zip(rows["type"], rows["subtype"], rows["keyword"], rows["weight"]):
        folded = PATTERN_PREFIX + _fold_pattern(keyword[len(PATTERN_PREFIX):]) if keyword.startswith(PATTERN_PREFIX) else _fold(keyword)
        by_keyword.setdefault(folded, []).append((index[(kind, subtype)], float(weight)))
    literals = {k: tuple(v) for k, v in by_keyword.items() if not k.startswith(PATTERN_PREFIX)}
    patterns = tuple(
        (re.compile(k[len(PATTERN_PREFIX):], re.IGNORECASE), tuple(by_keyword[k]))
        for k in by_keyword if k.startswith(PATTERN_PREFIX)
    )
    return _Matcher(re.compile(_trie_pattern(literals)), literals, patterns, categories)


# First characters per group of the keyword regex's top level (see _trie_pattern).
_FIRST_GROUP = 16


def _trie_pattern(keywords):
    """One regex for ``keywords`` shaped as their prefix tree, so that it matches the longest keyword at a position.

    Keywords that share a prefix share its branch, so the engine reads a
    keyword's later characters only where its first ones match, and the scan
    runs in the regex engine rather than in a Python loop over positions. Each
    keyword that is a prefix of longer ones ends a greedy optional group, which
    the engine gives up only when the longer keyword fails to match. More than
    ``_FIRST_GROUP`` first characters are grouped under character classes.

    Examples
    --------
    >>> _trie_pattern(["投入", "投入机制", "经费"])
    '(?:投入(?:机制)?|经费)'
    >>> [m.group() for m in re.finditer(_trie_pattern(["投入", "投入机制", "经费"]), "经费投入机制与投入")]
    ['经费', '投入机制', '投入']
    """
    trie = {}
    for keyword in keywords:
        node = trie
        for char in keyword:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a keyword

    def branches(node):
        return [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]

    def pattern(node):
        alternatives = branches(node)
        if not alternatives:
            return ""
        group = alternatives[0] if len(alternatives) == 1 and "" not in node else "(?:" + "|".join(alternatives) + ")"
        if "" in node:
            return (group if group.startswith("(?:") else "(?:" + group + ")") + "?"
        return group

    firsts = sorted(char for char in trie if char)
    if not firsts:
        return "(?!)"  # a pattern that never matches when there are no literal keywords
    if len(firsts) <= _FIRST_GROUP:
        return "(?:" + "|".join(branches(trie)) + ")"
    # The engine tries the alternatives at a position one by one: with hundreds of first characters that is most of
    # its time. Grouped, it tests one character class per group and only then the group's few first characters,
    # each a lookbehind on the character the class took: a third less time.
    groups = [firsts[k:k + _FIRST_GROUP] for k in range(0, len(firsts), _FIRST_GROUP)]
    return "(?:" + "|".join(
        "[" + "".join(map(re.escape, group)) + "](?:" + "|".join(f"(?<={re.escape(char)}){pattern(trie[char])}" for char in group) + ")"
        for group in groups
    ) + ")"


def _scan(matcher, text, folded=None):
    """Leftmost-longest keyword matches of ``text``: (start, end, entries), in text order.

    ``folded`` is ``_fold(text)`` when the caller has it already. Both kinds
    of keyword are matched in it, so that 到２０２５年 matches
    ``re:到\\s*20\\d{2}\\s*年`` and ５Ｇ matches 5G; offsets are the same in both.

    Where a ``re:`` keyword and a literal one start at the same position, the
    longer wins, and the ``re:`` keyword on a tie.
    """
    folded = _fold(text) if folded is None else folded
    from_patterns = {}
    for pattern, entries in matcher.patterns:
        for match in pattern.finditer(folded):
            # the first pattern listed wins among equally long matches at one position
            if match.end() - match.start() > from_patterns.get(match.start(), (0, None))[0]:
                from_patterns[match.start()] = (match.end() - match.start(), entries)
    literal, entries_of = matcher.literal_pattern, matcher.literals
    if not from_patterns:
        return [(m.start(), m.end(), entries_of[m.group()]) for m in literal.finditer(folded)]
    starts = sorted(from_patterns)
    found, i, next_start = [], 0, 0
    while True:
        while next_start < len(starts) and starts[next_start] < i:
            next_start += 1
        match = literal.search(folded, i)
        at = min(match.start() if match else len(text), starts[next_start] if next_start < len(starts) else len(text))
        if at >= len(text):
            return found
        length, entries = from_patterns.get(at, (0, None))
        if match and match.start() == at and match.end() - at > length:
            length, entries = match.end() - at, entries_of[match.group()]
        found.append((at, at + length, entries))
        i = at + length


def _own_han_chars(text, heading, label):
    own = ANY_TAG.sub("", text)
    for part in (label, heading):
        if part:
            own = own.replace(part, "", 1)
    return len(_HAN.findall(own))


def _codable(measures):
    """Rows to code: leaves, and parents with their own text; never front matter."""
    return measures[_codable_mask(measures)]


def _codable_mask(measures):
    """:func:`_codable` as a boolean array over the rows of ``measures``."""
    keep = np.ones(len(measures), dtype=bool)
    if "kind" in measures.columns:
        keep &= measures["kind"].astype(str).ne("front_matter").to_numpy()
    if "depth" in measures.columns:
        keep &= pd.to_numeric(measures["depth"], errors="coerce").ne(0).to_numpy()
    if "is_leaf" in measures.columns:
        headings = measures["heading"] if "heading" in measures.columns else [""] * len(measures)
        labels = measures["label"] if "label" in measures.columns else [""] * len(measures)
        substantive = np.array([
            _own_han_chars(str(text), str(heading), str(label)) >= _MIN_PARENT_CHARS
            for text, heading, label in zip(measures["text"], headings, labels)
        ], dtype=bool)
        container = measures["kind"].isin(_CONTAINER_KINDS).to_numpy() if "kind" in measures.columns else False
        keep &= measures["is_leaf"].astype(bool).to_numpy() | (substantive & ~container)
    return keep


def _cited_titles(text):
    """(start, end) of the cited titles of ``text``, outermost ones only, in text order.

    Examples
    --------
    >>> text = "按照《关于印发〈督导办法〉的通知》和《教学规范》，依据《条例\\n加强督导》"
    >>> [text[start:end] for start, end in _cited_titles(text)]
    ['《关于印发〈督导办法〉的通知》', '《教学规范》']
    """
    titles, opened = [], []
    for mark in _TITLE_MARKS.finditer(text):
        at = mark.start()
        if mark.group() == "\n":
            opened.clear()
        elif mark.group() == "《":
            opened.append(at)
        elif opened:
            start = opened.pop()
            if at - start - 1 <= _TITLE_MAX:
                while titles and titles[-1][0] > start:
                    titles.pop()  # a title inside this one
                titles.append((start, at + 1))
    return titles


def _masked(text):
    """``text`` with its tags and cited titles blanked (offsets kept), and the same folded: what the schemes scan."""
    blanked = ANY_TAG.sub(lambda m: " " * len(m.group()), text)
    if "《" in blanked:
        parts, at = [], 0
        for start, end in _cited_titles(blanked):
            parts += [blanked[at:start], " " * (end - start)]
            at = end
        blanked = "".join(parts) + blanked[at:]
    return blanked, _fold(blanked)


def _weighed_matches(matcher, text, masked, heading, heading_weight):
    """Keyword matches of one text: (start, end, entries, in heading, factor); ``masked`` as from :func:`_masked`."""
    head_start = text.find(heading) if heading else -1
    head_end = head_start + len(heading) if head_start >= 0 else -1
    for start, end, entries in _scan(matcher, *masked):
        in_heading = head_start <= start and end <= head_end
        yield start, end, entries, in_heading, heading_weight if in_heading else 1.0


def _code_text(matcher, text, masked, offset, heading, heading_weight):
    """Scores of one text: {category index: [score, heading score, matches, evidence]}.

    ``masked`` is ``(text with its tags blanked, the same folded)``, shared by the schemes.
    """
    found = {}
    for start, end, entries, in_heading, factor in _weighed_matches(matcher, text, masked, heading, heading_weight):
        for category, weight in entries:
            if weight == 0:
                continue
            score = found.setdefault(category, [0.0, 0.0, 0, []])
            score[0] += weight * factor
            score[1] += weight * factor if in_heading else 0.0
            score[2] += 1
            score[3].append(f"{text[start:end]}@{offset + start}")
    return found


def _subtype_scores(texts, headings, *, dictionary=None, min_score=MIN_SCORE, heading_weight=HEADING_WEIGHT):
    """The scores :func:`code_instruments` gives each text under both schemes, as a texts × subtypes matrix.

    The same scores as the ``score`` column of ``code_instruments`` with
    ``multi_label=True`` (0 where a subtype scores below ``min_score``), for
    every text, without the evidence and the table: the instrument profile
    the alignment compares measures by.

    Parameters
    ----------
    texts, headings : sequence of str
        One heading per text ("" for none).
    dictionary : pandas.DataFrame or str or os.PathLike, default=None
    min_score : float, default=1.5
    heading_weight : float, default=4.0

    Returns
    -------
    matrix : scipy.sparse.csr_matrix
    labels : numpy.ndarray
        ``scheme/subtype`` of each column, in dictionary order.

    Examples
    --------
    >>> matrix, labels = _subtype_scores(["（一）加大经费投入。设立专项经费。"], ["加大经费投入"])
    >>> {labels[k]: float(v) for k, v in zip(matrix.indices, matrix.data)}
    {'rothwell_zegveld/资金投入': 10.0, 'mcdonnell_elmore/能力建设型': 6.0}
    """
    import scipy.sparse as sp

    dictionary = _dictionary_of(dictionary)
    labels = pd.unique(dictionary["scheme"] + "/" + dictionary["subtype"])
    column_of = {label: n for n, label in enumerate(labels)}
    schemes = []
    for name in pd.unique(dictionary["scheme"]):
        matcher = _compile(dictionary[dictionary["scheme"] == name])
        schemes.append((matcher, [column_of[f"{name}/{subtype}"] for _, subtype in matcher.categories]))
    rows, columns, values = [], [], []
    # Plans repeat measures word for word (a third of the measures of a large corpus): each text is scanned once.
    cells_of = {}
    for row, (text, heading) in enumerate(zip(texts, headings)):
        cells = cells_of.get((text, heading))
        if cells is None:
            cells = cells_of[text, heading] = _subtype_cells(schemes, text, heading, min_score, float(heading_weight))
        for column, score in cells:
            rows.append(row)
            columns.append(column)
            values.append(score)
    matrix = sp.csr_matrix((values, (rows, columns)), shape=(len(texts), len(labels)), dtype=float)
    return matrix, np.asarray(labels, dtype=object)


def _subtype_cells(schemes, text, heading, min_score, heading_weight):
    """The (column, score) cells of one text's row of :func:`_subtype_scores`, scheme by scheme, highest score first."""
    masked = _masked(text)
    cells = []
    for matcher, column in schemes:
        scores = {}
        for _, _, entries, _, factor in _weighed_matches(matcher, text, masked, heading, heading_weight):
            for category, weight in entries:
                scores[category] = scores.get(category, 0.0) + weight * factor
        # Highest first, as code_instruments lists them: a row's cells then sum in the same order.
        cells.extend((column[category], score) for category, score in sorted(scores.items(), key=lambda item: -item[1]) if score >= min_score)
    return cells


def code_instruments(measures, *, scheme="both", dictionary=None, multi_label=True, min_score=MIN_SCORE,
                     heading_weight=HEADING_WEIGHT):
    """Code measures with policy-instrument types from a keyword dictionary.

    Parameters
    ----------
    measures : pandas.DataFrame, Corpus or Document
        Units from :func:`policycompare.extract_measures`: at least
        ``doc_id, measure_id, text, start``; ``heading``, ``kind``, ``depth``,
        ``label``, ``is_leaf`` and ``end`` are used when present; or
        documents to split first. Front matter is skipped; leaves are coded,
        and parents when their own text (beyond numbering and heading) has at
        least 20 Han characters.
    scheme : {"both", "rothwell_zegveld", "mcdonnell_elmore"}, default="both"
    dictionary : pandas.DataFrame or str or os.PathLike, default=None
        Keywords as from :func:`load_typology` (a table or a CSV file);
        ``None`` uses the shipped dictionaries.
    multi_label : bool, default=True
        Keep every subtype scoring ``min_score`` or more; ``False`` keeps only
        the primary one.
    min_score : float, default=1.5
        Lowest score that makes a coding; must be above 0. The default asks
        for one strong keyword (weight 1.5 or 2), two ordinary ones (weight
        1), or an ordinary one in the heading.
    heading_weight : float, default=4.0
        Factor on matches inside the measure's heading (加大财政投入 names the
        instrument); at least 1.

    Returns
    -------
    pandas.DataFrame
        One row per (measure, scheme, subtype) coding, columns
        ``CODING_COLUMNS``: ``doc_id``, ``measure_id``, ``heading``, ``start``
        and ``end`` of the measure, ``scheme``, ``type``, ``subtype``,
        ``score``, ``heading_score`` (the part of ``score`` from heading
        matches), ``n_matches``, ``evidence`` (``keyword@offset;…``, offsets in
        ``Document.text``, in text order) and ``primary`` (the highest score
        of the measure in its scheme; ties go to the larger heading score,
        then to dictionary order). A measure without a coding in a scheme
        gets one primary row of type and subtype ``UNCODED`` (未编码), score 0.
        Rows follow ``measures``, then ``SCHEMES``, then falling score.

    Raises
    ------
    ValueError
        For an unknown scheme, a bad option value, or ``measures`` lacking a
        required column.
    TypeError
        For ``measures`` of another type.
    PolicyCompareError
        For a dictionary that fails the checks of :func:`load_typology`.

    Examples
    --------
    >>> text = "（一）加大经费投入。每年投入20万元用于教师培训。"
    >>> measures = pd.DataFrame({"doc_id": ["demo"], "measure_id": ["demo:1"], "heading": ["加大经费投入"],
    ...                          "text": [text], "start": [100], "end": [100 + len(text)]})
    >>> coding = code_instruments(measures, scheme="rothwell_zegveld")
    >>> coding[["type", "subtype", "score", "evidence", "primary"]]
       type     subtype  score             evidence  primary
    0  供给型        资金投入    8.5  经费投入@105;投入@112     True
    1  供给型  人才培养/师资建设    2.0           教师培训@120    False
    """
    if scheme not in ("both", *SCHEMES):
        raise ValueError(f"scheme={scheme!r} is not allowed; use 'both', {', '.join(map(repr, SCHEMES))}")
    if not isinstance(min_score, (int, float)) or isinstance(min_score, bool) or not min_score > 0:
        raise ValueError(f"min_score={min_score!r} is not allowed; use a number above 0")
    if not isinstance(heading_weight, (int, float)) or isinstance(heading_weight, bool) or not heading_weight >= 1:
        raise ValueError(f"heading_weight={heading_weight!r} is not allowed; use a number of 1 or more")
    if not isinstance(multi_label, bool):
        raise ValueError(f"multi_label={multi_label!r} is not allowed; use True or False")
    from .annotations import _measures_of

    # As the extract_* functions take them: a table, or documents split first.
    measures = _measures_of(measures)
    dictionary = _dictionary_of(dictionary)
    schemes = list(SCHEMES) if scheme == "both" else [scheme]
    matchers = {}
    for name in schemes:
        rows = dictionary[dictionary["scheme"] == name]
        if rows.empty:
            raise ValueError(f"the dictionary has no keywords for scheme {name!r}; it has {', '.join(pd.unique(dictionary['scheme']))}")
        matchers[name] = _compile(rows)

    units = _codable(measures)
    headings = units["heading"] if "heading" in units.columns else pd.Series("", index=units.index)
    ends = units["end"] if "end" in units.columns else units["start"] + units["text"].str.len()
    records = []
    for doc_id, measure_id, heading, text, start, end in zip(
        units["doc_id"], units["measure_id"], headings, units["text"], units["start"], ends
    ):
        text, heading, start = str(text), "" if pd.isna(heading) else str(heading), int(start)
        base = (doc_id, measure_id, heading, start, int(end))
        masked = _masked(text)
        for name in schemes:
            matcher = matchers[name]
            found = _code_text(matcher, text, masked, start, heading, float(heading_weight))
            kept = sorted(
                ((c, s) for c, s in found.items() if s[0] >= min_score),
                key=lambda item: (-item[1][0], -item[1][1], item[0]),
            )
            if not multi_label:
                kept = kept[:1]
            if not kept:
                records.append((*base, name, UNCODED, UNCODED, 0.0, 0.0, 0, "", True))
            for rank, (category, (score, head_score, n, evidence)) in enumerate(kept):
                kind, subtype = matcher.categories[category]
                records.append((*base, name, kind, subtype, score, head_score, n, ";".join(evidence), rank == 0))
    coding = pd.DataFrame.from_records(records, columns=CODING_COLUMNS)
    types = {"start": "int64", "end": "int64", "score": "float64", "heading_score": "float64", "n_matches": "int64", "primary": "bool"}
    return typed(coding, types).astype(types)


def typology_crosstab(coding, *, by="doc_id", level="type", normalize=False, count="primary", dictionary=None):
    """Instrument type × region table: how often each plan uses each type.

    Parameters
    ----------
    coding : pandas.DataFrame
        The result of :func:`code_instruments` (merge in manifest columns such
        as ``region_zh`` to group by them).
    by : str, default="doc_id"
        Column of ``coding`` whose values become the columns.
    level : {"type", "subtype"}, default="type"
    normalize : bool, default=False
        ``True`` gives shares: each column sums to 1 within each scheme.
    count : {"primary", "all"}, default="primary"
        ``"primary"`` counts each measure once per scheme, under its primary
        coding; ``"all"`` counts every coding.
    dictionary : pandas.DataFrame or str or os.PathLike, default=None
        Gives the rows and their order: every category of the schemes in
        ``coding`` appears, with 0 where unused. ``None``: the shipped
        dictionaries. Categories of ``coding`` missing from it follow, and
        ``UNCODED`` closes each scheme.

    Returns
    -------
    pandas.DataFrame
        Index ``(scheme, type)`` or ``(scheme, type, subtype)``; one column
        per value of ``by``, in order of appearance; integer counts, or float
        shares with ``normalize=True``.

    Examples
    --------
    >>> coding = pd.DataFrame({
    ...     "doc_id": ["a", "a", "b"], "measure_id": ["a:1", "a:2", "b:1"],
    ...     "scheme": "mcdonnell_elmore", "type": ["命令型", "激励型", "命令型"],
    ...     "subtype": ["命令型", "激励型", "命令型"], "primary": True})
    >>> typology_crosstab(coding).loc["mcdonnell_elmore"]
    doc_id  a  b
    type
    命令型     1  1
    激励型     1  0
    能力建设型   0  0
    系统变革型   0  0
    劝告型     0  0
    未编码     0  0
    """
    if level not in ("type", "subtype"):
        raise ValueError(f"level={level!r} is not allowed; use 'type' or 'subtype'")
    if count not in ("primary", "all"):
        raise ValueError(f"count={count!r} is not allowed; use 'primary' or 'all'")
    if not isinstance(normalize, bool):
        raise ValueError(f"normalize={normalize!r} is not allowed; use True or False")
    if not isinstance(coding, pd.DataFrame):
        raise TypeError(f"coding must be a DataFrame from code_instruments, not {type(coding).__name__}")
    needed = ["scheme", "type", "subtype", "primary", by]
    missing = [c for c in dict.fromkeys(needed) if c not in coding.columns]
    if missing:
        raise ValueError(f"coding lacks the column(s) {', '.join(missing)}; give the table of code_instruments (by={by!r})")
    dictionary = _dictionary_of(dictionary)

    keys = ["scheme", "type"] if level == "type" else ["scheme", "type", "subtype"]
    rows = coding[coding["primary"].astype(bool)] if count == "primary" else coding
    schemes = [s for s in SCHEMES if s in set(coding["scheme"])]
    schemes += [s for s in pd.unique(coding["scheme"]) if s not in schemes]
    index = []
    for name in schemes:
        known = [tuple(r) for r in dictionary.loc[dictionary["scheme"] == name, keys].itertuples(index=False)]
        used = [tuple(r) for r in coding.loc[coding["scheme"] == name, keys].itertuples(index=False)]
        uncoded = (name, UNCODED) if level == "type" else (name, UNCODED, UNCODED)
        index += [k for k in dict.fromkeys(known + used) if k != uncoded] + [uncoded]
    index = pd.MultiIndex.from_tuples(index, names=keys)
    columns = pd.Index(pd.unique(coding[by]), name=by)
    counts = rows.groupby(keys + [by], sort=False).size()
    table = pd.DataFrame(0, index=index, columns=columns)
    if len(counts):
        table = counts.unstack(by).reindex(index=index, columns=columns).fillna(0).astype(int)
    if not normalize:
        return table
    totals = table.groupby(level="scheme", sort=False).transform("sum")
    return (table / totals.where(totals > 0)).fillna(0.0)
