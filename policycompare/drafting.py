"""Checking a draft plan against its peers: gaps, unique measures, matches and reuse.

The draft is aligned with the peer plans (:func:`align_measures`), the
measures of all of them are grouped into instruments
(:func:`instrument_matrix`), and the draft's place in that matrix answers the
writer's questions. A link counts only when its two measures share two
specific words (words not in most measures: 学校 and 建设 are in a third to
a half of them), or one that weighs heavily in both (课后服务 in a short
measure on after-school care), except between frame sections of one role; and a draft
measure copied from a peer's measure is that measure, not its neighbours.

- *gaps*: instruments that ``min_peers`` or more peers have and the draft does
  not. Instruments are grouped by average linkage, as in
  :func:`instrument_matrix`. A peer measure is covered when some draft
  measure with a likely peer counterpart (not one listed as unique) links
  to it with at least ``cover_threshold``; an instrument is a gap when
  measures the draft does not cover remain in it from ``min_peers`` peers,
  whether or not a draft measure joined it (a draft's measure on campus
  safety covers the peers' safety measure, not the preschool measures
  average linkage put with it). One measure that also touches an
  instrument (a measure on 尊师重教 that mentions funding) thus neither hides
  it nor stands as evidence for it. The draft's introductory paragraphs (a
  section's own text before its numbered items) are aligned too, and count
  as covering. Frame sections correspond by role
  (:func:`classify_frame_sections`): a draft with a guiding ideology, goals,
  principles or a schedule covers the peers' sections of that role, whatever
  their words. Versions of one plan among the peers (collection-02 and
  collection-05 of the bundled corpus) count as one peer;
- *unique*: draft measures without a likely peer counterpart: no peer link
  of 0.5 or more (or ``cover_threshold`` if higher), and not a frame
  section of a role some peer has;
- *matches*: each draft measure's best peer counterparts;
- *reuse*: passages the draft shares nearly verbatim with a peer.
"""

import contextlib
import dataclasses
import html
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .alignment import _CJK_RUN, _NEAR_VERBATIM, _check_count, _check_fraction, _places_of, _plan_tokenizer, _plans_of, align_with_vectors, frame_roles, load_alignment_model
from .cleaning import TRADITIONAL_SHARE, traditional_share
from .corpus import Corpus, Document, _check_once, _conversion_advice, load_corpus, load_document
from .errors import PolicyCompareError, PolicyCompareWarning, UnknownIdError, kept_warnings, listed, warn
from .instruments import _categories, _common_role, _labels, build_instruments
from .reading import READABLE_SUFFIXES
from .reuse import REUSE_COLUMNS, find_reuse
from .structure import _MARKER, classify_frame_sections, extract_measures
from .typology import _codable_mask

__all__ = ["DraftComparison", "compare_draft", "write_draft_comparison"]

GAP_COLUMNS = ["rank", "instrument_id", "label", "category", "frame", "n_peers", "peers", "peer_doc", "peer_measure", "peer_heading", "peer_text",
               "peer_start", "peer_end", "evidence", "closest_draft_measure", "closest_score", "closest_start", "closest_end", "closest_line"]
UNIQUE_COLUMNS = ["measure_id", "heading", "text", "start", "end", "line", "best_peer_measure", "best_score"]
DRAFT_REUSE_COLUMNS = [*REUSE_COLUMNS[:3], "line", *REUSE_COLUMNS[3:], "n_peers", "stock"]
# A link scores the probability that a reader would link the two measures: above this it is more likely right than wrong.
# A lone link into an instrument of three or more peers covers from here, and only a link this strong makes a draft
# measure no longer new.
_LIKELY = 0.5
# A word in more than this share of the compared measures (and in more measures than there are plans) is general: in
# plans on schools 学校, 教育, 建设, 发展, 教师 are in a third to a half of all measures, and say what the plans are
# about, not which measure is which.
_GENERAL_SHARE = 0.3
# A link counts only when its two measures share at least this many specific (not general) words: one word in common
# (文化, 乡村, 督导, 阶段) is as often a coincidence as a counterpart. Chosen, with _GENERAL_SHARE, on the development pairs
# of the hand alignment (benchmarks/evaluate_drafting.py): the most gaps found there with no more false ones.
_MIN_SPECIFIC_WORDS = 2
# Least word cosine of a link the check counts, taken over its specific words. Over all words, no link the alignment
# keeps between two labelled plans is below it unless wrong (3 links, none in the hand alignment; 6 of its 126
# candidate links are below it, none of them kept).
_MIN_WORD_COSINE = 0.04
# A link with one specific word in common counts when that word alone gives the two measures this word cosine: a
# short draft measure that names its instrument with one compound (落实课后服务, 加大经费投入) shares just that word with
# its counterpart, and weighs it heavily (0.15-0.30 in the drafts checked); coincidences weigh less (考核: 0.118).
# No figure of benchmarks/evaluate_drafting.py moves between 0.10 and 0.25: its drafts are whole plans.
_ONE_WORD_COSINE = 0.12
MATCH_COLUMNS = ["measure_id", "heading", "text", "rank", "peer_doc", "peer_measure", "peer_heading", "peer_text", "score", "shared_terms", "start", "end", "line",
                 "peer_start", "peer_end"]


@dataclass
class DraftComparison:
    """What :func:`compare_draft` found; each table is also written as CSV.

    Attributes
    ----------
    draft : Document
        The draft as compared (its id gets ``draft:`` in front when a peer has the same id).
    peers : list of str
        The peer plans' ids.
    gaps : pandas.DataFrame
        Instruments at least ``min_peers`` peers have and the draft lacks (``GAP_COLUMNS``).
    unique : pandas.DataFrame
        Draft measures without a likely peer counterpart (``UNIQUE_COLUMNS``).
    matches : pandas.DataFrame
        The best peer counterparts of each draft measure (``MATCH_COLUMNS``).
    reuse : pandas.DataFrame
        Passages the draft shares nearly verbatim with a peer (:func:`find_reuse`,
        cut back to whole wording at both ends), with ``line``: the
        line of the draft as read where the passage starts
        (:meth:`Document.line_of`; of a ``.docx``, a line break inside a
        paragraph starts a line too); ``n_peers``: how
        many peers share most of the passage (the count of peers sharing a
        character that at least half of its characters reach; a peer shares
        the characters of its wording in common with the draft, in pieces of
        10 characters or more, shorter than a passage too), versions of
        one plan counted once (many for the stock formulas of the period,
        one for a peer's own wording, also when it begins with a formula);
        and ``stock``: true when most peers, and at least two, share it
        (``DRAFT_REUSE_COLUMNS``).
    n_measures : int
        Leaf measures of the draft.
    links : pandas.DataFrame
        Every scored link between the draft and a peer, however weak, with
        specific words in common, draft side first (``measure_a``;
        introductory paragraphs included), in draft order and strongest
        first: the evidence behind the other tables. ``n_specific`` counts
        the words the two measures share that are not general (general: in
        more than 30% of the measures compared and in more measures than
        there are plans), ``cos_specific`` is the word cosine over those
        words; the check counts a link only with two such words, or one
        giving a ``cos_specific`` of 0.12 or more, and a ``cos_specific`` of
        0.04 or more, except between frame sections of
        one role, such as two plans' goals. Of a draft measure copied from a
        peer's measure (near-verbatim), only the link to that measure counts
        in that peer.
    versions : list of tuple of str
        Peers that are versions of one plan and count as one peer, each group
        in peer order (empty when no two peers are).
    warnings : list of str
        What reading the peer plans warned of (``Corpus.read_warnings`` of
        the peers and their folder: a file skipped, a plan the manifest
        leaves out), then the :class:`~policycompare.PolicyCompareWarning`
        messages issued while checking (a slip of numbering in the draft, a
        peer with the draft's text), each once and in order; the
        latter are issued to the caller too (the former were, when the
        peers were read), and the summary lists them all.
    corpus_path : str or None
        The absolute path of the folder (or file) the peers were read from
        (``Corpus.path``), ``None`` for a corpus made in memory:
        :func:`write_draft_comparison` does not write into that folder.
    """

    draft: Document
    peers: list
    gaps: pd.DataFrame
    unique: pd.DataFrame
    matches: pd.DataFrame
    reuse: pd.DataFrame
    n_measures: int
    links: pd.DataFrame
    versions: list = dataclasses.field(default_factory=list)
    warnings: list = dataclasses.field(default_factory=list)
    corpus_path: str = None

    def summary(self):
        """A few lines for the terminal."""
        lines = [
            f"draft {self.draft.doc_id!r}: {_counted(self.n_measures, 'measure')}, compared with {_counted(len(self.peers), 'peer')} ({listed(self.peers, _PEERS_NAMED)})",
            f"  {_counted(len(self.gaps), 'instrument')} that peers share and the draft lacks",
        ]
        for row in self.gaps.head(_GAPS_LISTED).itertuples():
            # A frame gap is a section the draft lacks (a schedule, principles), not an instrument.
            kind = f" ({row.frame} section)" if row.frame else ""
            lines.append(f"    {row.rank}. {row.label}{kind} — {row.n_peers} peers, e.g. {row.peer_measure} {row.peer_heading}")
        if len(self.gaps) > _GAPS_LISTED:
            # Else the first five read as all of them. The table, not its file: from Python no file is written.
            lines.append(f"    … and {len(self.gaps) - _GAPS_LISTED} more in the gaps table")
        for group in self.versions:
            lines.append(f"  {', '.join(group)}: versions of one plan, counted as one peer")
        # A new measure may still have a weak match (the best of a bad lot): the writer reads it before calling it new.
        lines.append(f"  {_counted(len(self.unique), 'draft measure')} without a likely peer counterpart "
                     "(no peer link of 0.5 or more: read the best_peer_measure of each)")
        lines.append(f"  {_counted(self.matches['measure_id'].nunique(), 'draft measure')} matched to peers")
        lines.append(_reuse_line(self.reuse))
        if self.warnings:
            lines.append(f"  {_counted(len(self.warnings), 'warning')}:")
            lines.extend(f"    {message}" for message in self.warnings)
        return "\n".join(lines)


def _reuse_line(reuse):
    """The summary's line on reuse: the passages a writer should cite or rewrite, and the stock ones apart.

    Stock wording inside a reused passage (the formula a passage copied from
    one peer begins with) is counted with that passage's characters, and the
    line says how much of the stock wording is inside, so that the two counts
    are not read as adding up.

    Examples
    --------
    >>> reuse = pd.DataFrame({"start_a": [0, 0, 0], "end_a": [390, 33, 33], "stock": [False, True, True]})
    >>> _reuse_line(reuse)
    '  1 passage reused nearly verbatim (390 characters of the draft), not counting 2 passages of stock wording most peers share (33 characters, all of them inside the reused wording; stock in the reuse table)'
    """
    # A passage reused from several peers is one stretch of the draft: its characters count once.
    own, stock = reuse[~reuse["stock"]], reuse[reuse["stock"]]
    stretches = _stretches(zip(own["start_a"], own["end_a"]))
    characters = _counted(_covered(stretches), "character")
    if len(stretches) < len(own):
        # Rows are passages with one peer each: one stretch shared with three peers is three rows.
        counted = f"{len(stretches)} stretch{'es' if len(stretches) > 1 else ''}"
        line = f"  {counted} of the draft ({characters}) reused nearly verbatim, {len(own)} passages with their peers in the reuse table"
    else:
        line = f"  {_counted(len(own), 'passage')} reused nearly verbatim ({characters} of the draft)"
    if len(stock):
        # Wording most peers share is the period's formula (以习近平新时代中国特色社会主义思想为指导), no peer's own.
        stock_spans = list(zip(stock["start_a"], stock["end_a"]))
        n_stock = _covered(stock_spans)
        inside = n_stock + _covered(stretches) - _covered([*stock_spans, *stretches])
        where = "" if not inside else ", all of them inside the reused wording" if inside == n_stock else f", {inside} of them inside the reused wording"
        line += (f", not counting {_counted(len(stock), 'passage')} of stock wording most peers share "
                 f"({_counted(n_stock, 'character')}{where}; stock in the reuse table)")
    return line


def _counted(n, noun):
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# Peers a summary names before it says how many more: a province's plans would fill the terminal.
_PEERS_NAMED = 10
# Gaps a summary lists before it says how many more gaps.csv holds: against many peers a draft gets dozens.
_GAPS_LISTED = 5


def _stretches(spans):
    """Half-open ``(start, end)`` spans merged where they overlap or touch, in order: the stretches of text they cover.

    Examples
    --------
    >>> _stretches([(0, 10), (0, 10), (5, 20), (30, 40)])
    [(0, 20), (30, 40)]
    """
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _covered(spans):
    """Characters covered by half-open ``(start, end)`` spans, overlaps counted once."""
    return sum(end - start for start, end in _stretches(spans))


# Bytes in a file name on the common file systems (NAME_MAX of ext4, XFS, APFS): a longer name is no file's.
_NAME_MAX = 255


def _looks_like_text(draft):
    """Whether a str given for the draft's path is the draft's text: a line break, or a name too long for a file, and no such file.

    Examples
    --------
    >>> _looks_like_text("草案.txt"), _looks_like_text("一、主要任务\\n（一）保障教育经费。"), _looks_like_text("加大投入。" * 30)
    (False, True, True)
    """
    if os.path.lexists(draft):
        # Linux allows a line break in a file name: a file of that name is read.
        return False
    return "\n" in draft or "\r" in draft or any(len(os.fsencode(part)) > _NAME_MAX for part in Path(draft).parts)


def _read_draft(draft, *, convert=None):
    """The draft as a Document, read from its file when a path is given; a draft empty or without Chinese is refused.

    A file is read with ``convert`` (see :func:`~policycompare.corpus.load_document`); one whose suffix is not
    a plan's (a table, ``draft.csv``) is refused, as a folder of plans skips it. A file without a suffix of
    letters (``草案``, ``方案v1.2``) is read as text.
    """
    if isinstance(draft, Document):
        document = draft
    elif isinstance(draft, str) and _looks_like_text(draft):
        # Opening it would raise "File name too long" with the whole draft in the message.
        raise PolicyCompareError(f"draft looks like the text of a draft ({draft[:12]!r}…, {len(draft)} characters), not the path of its file; "
                                 "give the file's path, or pc.load_document_from_text(text) to check a text")
    elif isinstance(draft, (str, os.PathLike)):
        path = Path(draft)
        # os.path, not Path: a name the system refuses (too long) is for load_document to report in one line.
        if os.path.isdir(path):
            raise PolicyCompareError("the draft must be one file, not a folder", path=path)
        # A suffix of letters names a kind of file (.csv, .xlsx, .doc); 方案v1.2 or 2024.03.15征求意见稿 have none.
        if re.fullmatch(r"\.[A-Za-z]+", path.suffix) and path.suffix.lower() not in READABLE_SUFFIXES:
            raise PolicyCompareError(f"a draft is a plan's file ({', '.join(READABLE_SUFFIXES)}), not {path.suffix}; "
                                     "save the draft as one of these", path=path)
        # The warnings of reading it are issued once it passes the checks (kept_warnings issues them when its block
        # ends, not when it raises): a draft refused for having no Chinese is refused in one line, not after a
        # warning that it does not look like a Chinese plan.
        with kept_warnings():
            with warnings.catch_warnings():
                # Whether traditional characters matter depends on the peers: compare_draft refuses a draft whose
                # script is not theirs, naming the conversion, and a draft among traditional peers is right as it is.
                warnings.filterwarnings("ignore", message=_TRADITIONAL_WARNING, category=PolicyCompareWarning)
                document = load_document(path, convert=convert)
            _check_draft_text(document)
        return document
    else:
        raise TypeError(f"draft must be a Document or a file path, not {type(draft).__name__}")
    _check_draft_text(document)
    return document


# The warning load_document gives a text in traditional characters (corpus._warn_if_traditional), after the file's name.
_TRADITIONAL_WARNING = r".*\d+% of its Chinese characters are traditional forms"


def _check_draft_text(document):
    """Refuse a draft whose text is blank, holds no Chinese, or holds nothing but outline numbers.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> _check_draft_text(load_document_from_text("一、\\n二、\\n（一）\\n1.", doc_id="numbers"))
    Traceback (most recent call last):
    ...
    policycompare.errors.PolicyCompareError: the draft 'numbers' holds only outline numbers (一、, （一）, 1.), no text to compare
    """
    path = None if _source_of(document) is None else document.source_path
    if not document.text.strip():
        # As the command line refuses an empty file: a check of nothing would report every peer instrument as a gap.
        raise PolicyCompareError(f"the draft {document.doc_id!r} has no text", path=path)
    if not _CJK_RUN.search(document.text):
        # A draft in English shares no word with its peers, and every peer instrument would be a gap. (A peer without
        # Chinese is kept, as the alignment keeps such a plan: it only links to nothing.)
        raise PolicyCompareError(f"the draft {document.doc_id!r} has no Chinese text to compare (the check reads plans in Chinese)", path=path)
    if not _CJK_RUN.search(_MARKER.sub("", document.text)):
        # Its numerals (一、, （二）) are Chinese, but an outline without text has no measure: every peer instrument
        # would be a gap, as for an empty draft.
        raise PolicyCompareError(f"the draft {document.doc_id!r} holds only outline numbers (一、, （一）, 1.), no text to compare", path=path)


def _source_of(document):
    """Where a document was read from: its resolved file and, for a part of a compilation, its offset there; None for a text."""
    path = str(document.source_path or "")
    # "<text>": made from a string; "": a Document made by hand.
    if not path or path.startswith("<"):
        return None
    # The parts of a compilation (the manifest's part column) share its file, and are plans of their own.
    return os.path.realpath(path), document.source_start if document.metadata.get("part") else None


def _draft_files(draft):
    """The draft's file, as a list for ``load_corpus(drafts=...)``: a path given, or the file a Document was read from.

    Examples
    --------
    >>> _draft_files("草案.txt"), _draft_files("一、主要任务\\n（一）保障教育经费。"), _draft_files(None)
    (['草案.txt'], [], [])
    """
    if isinstance(draft, Document):
        return [] if _source_of(draft) is None else [draft.source_path]
    if isinstance(draft, os.PathLike) or isinstance(draft, str) and not _looks_like_text(draft):
        return [draft]
    return []


def _is_own_file(peer, source):
    """Whether ``peer`` was read from the draft's file (``source``, from :func:`_source_of`): the file, or the part the draft is."""
    found = _source_of(peer)
    # A draft read from a whole compilation holds every part of it; a draft that is one part is only that part.
    return source is not None and found is not None and found[0] == source[0] and source[1] in (None, found[1])


def _other_peers(document, peers):
    """The corpus ``peers`` without the draft's own file, left out with a warning; a peer with the draft's text is warned of.

    A draft checked against the folder it was saved in meets itself there:
    every measure would be matched and every passage reused. A peer read
    from another file is a peer whatever its text: a draft that copies it
    whole is told so, not that it reuses nothing.
    """
    source = _source_of(document)
    own = [peer.doc_id for peer in peers if _is_own_file(peer, source)]
    where = None if source is None else document.source_path
    if len(own) == 1:
        warn(f"peer {own[0]!r} is the draft's own file and is left out of the peers: a draft is not its own peer", path=where)
    elif own:
        # A draft read from a whole compilation holds each of its parts.
        warn(f"peers {listed(map(repr, own))} are parts of the draft's own file and are left out of the peers: a draft is not its own peer", path=where)
    others = [peer for peer in peers.doc_ids if peer not in own]
    if not others:
        raise PolicyCompareError(f"every peer ({', '.join(own)}) is the draft's own file; give other peers", path=where)
    for peer in others:
        if peers[peer].text == document.text:
            warn(f"the draft has the same text as peer {peer!r}: every measure matches it, and the whole text is reused from it", path=where)
    return peers.subset(others) if own else peers


def _peers_of(corpus, peer_ids):
    """The peers of ``corpus``; an id not in it is refused naming the corpus's folder, as every error names its file."""
    try:
        return corpus.subset(peer_ids)
    except UnknownIdError as error:
        if corpus.path is None:
            raise
        raise UnknownIdError(str(error), path=corpus.path) from None


def _check_script(document, peers):
    """Refuse a draft in traditional characters among simplified peers, or the other way round, naming the conversion to give.

    Their words would not match (学校 against 學校): every peer instrument
    would be a gap and the draft's own measures unique. A text is in
    traditional characters as :func:`~policycompare.corpus.load_document`
    decides when it warns of one (:func:`~policycompare.cleaning.traditional_share`).
    Only a draft whose script no peer shares is refused: among peers of both
    scripts (whose reading warned of those in traditional characters) the
    draft has peers of its own script, and is warned of those of the other
    (their instruments may show as gaps). A draft and peers all in
    traditional characters are warned of too: the dictionaries are
    simplified. A conversion given when reading makes the text simplified,
    so no error follows.
    """
    draft_share = traditional_share(document.text)
    draft_traditional = draft_share >= TRADITIONAL_SHARE
    traditional = [peer.doc_id for peer in peers if traditional_share(peer.text) >= TRADITIONAL_SHARE]
    if len(traditional) not in (0, len(peers)):
        other = traditional if not draft_traditional else [peer for peer in peers.doc_ids if peer not in traditional]
        script = "traditional" if draft_traditional else "simplified"
        warn(f"the draft is in {script} characters and {len(other)} of its {len(peers)} peers are not ({listed(other)}): their "
             f"words will not match the draft's, and their instruments may show as gaps; give the plans one script with convert "
             f"(--convert for the draft, --convert-peers for the peers)",
             path=None if _source_of(document) is None else document.source_path)
        return
    if draft_traditional and traditional:
        # One script, but not the one of the typology's and keywords' dictionaries: their instruments would go uncoded.
        warn(f"the draft and its {len(peers)} peers are in traditional characters, which the typology dictionaries and the keyword "
             f"lists do not hold: the instruments of some measures may not be coded; convert them all (--convert t2s for the draft, "
             f"--convert-peers t2s for the peers)", path=None if _source_of(document) is None else document.source_path)
        return
    if draft_traditional == bool(traditional):
        return
    peers_traditional = bool(traditional)
    where = None if _source_of(document) is None else document.source_path
    if peers_traditional:
        advice = _conversion_advice("".join(peers[peer].text for peer in traditional)).replace("load it ", "load them ", 1)
        # The command converts the draft with --convert and the peers with --convert-peers.
        advice = advice.replace("(--convert ", "(--convert-peers ", 1)
        raise PolicyCompareError(f"the draft {document.doc_id!r} is in simplified characters and its peers in traditional ones "
                                 f"({listed(traditional)}), so their words would not match; {advice}", path=where)
    raise PolicyCompareError(f"the draft {document.doc_id!r} is in traditional characters ({draft_share:.0%} of its Chinese characters are "
                             f"traditional forms) and its peers in simplified ones, so their words would not match; "
                             f"{_conversion_advice(document.text)}", path=where)


def _as_draft(document, peer_ids):
    """The draft with ``draft:`` before its id when a peer has the same id."""
    if document.doc_id in peer_ids:
        # replace() keeps every other field (edits, header edits, offsets) as it is.
        document = dataclasses.replace(document, doc_id=f"draft:{document.doc_id}", metadata={**document.metadata, "doc_id": f"draft:{document.doc_id}"})
    return document


def compare_draft(draft, corpus=None, *, peers=None, min_peers=2, threshold=None, cover_threshold=None, version_overlap=0.5, reuse_min_length=30, n_jobs=1):
    """Check a draft against peer plans.

    Parameters
    ----------
    draft : Document or path
        The draft (``.txt``, ``.md``, ``.docx``, ``.pdf`` or ``.html``), short, unnumbered or in any
        supported encoding. A str is a path: to check a text, pass
        ``load_document_from_text(text)``; a str with line breaks, or too
        long for a file name, is refused as text.
    corpus : Corpus, default=None
        The peers' corpus (default: the bundled one); ``load_corpus(path)``
        reads a folder of plans.
    peers : list of str, default=None
        Peer ids (default: every document of ``corpus``). A peer read from
        the draft's own file (the draft saved among its peers) is left out,
        with a warning; a peer with the draft's text from another file, or
        when the draft has no file, stays a peer, with a warning that the
        draft is that plan.
    min_peers : int, default=2
        A gap is an instrument at least this many peers have (versions of
        one plan count once).
    threshold : float, default=None
        Link score for matches (default: the alignment model's threshold).
    cover_threshold : float, default=None
        A draft measure linked this strongly to a peer measure covers it: the
        peer measure is no evidence of a gap. A draft measure listed as
        unique covers nothing. In an instrument of three or
        more peers the draft measure must also reach two of them, or its
        link score 0.5 or more. A draft measure is unique when no peer link
        reaches this or 0.5, whichever is higher. By default ``threshold``: any
        link the alignment would keep covers. On the leave-one-out check of
        the four regional plans no gap is one the hand alignment
        contradicts, and the three it implies are found.
    version_overlap : float or None, default=0.5
        Two peers are versions of one plan, and count as one peer, when at
        least this share of one's measures have a near-verbatim counterpart in
        the other (a character-bigram cosine of 0.8 or more): 0.96 of the
        measures of the two versions of one plan in the bundled compilation
        do, and none of any other two bundled plans. Peers whose metadata
        name different places (``place``, as in a manifest) are never
        versions of one plan. ``None`` counts every document as a peer of its
        own.
    reuse_min_length : int, default=30
        Shortest reused passage reported, in characters.
    n_jobs : int, default=1

    Returns
    -------
    DraftComparison

    Raises
    ------
    PolicyCompareError
        If the draft is missing, empty, binary, without Chinese text, only
        outline numbers or a folder (naming the file), a draft's text rather
        than its path, or an option is out of range (naming the option); if
        the draft is in traditional characters and most peers in simplified
        ones, or the other way round (naming the file and the ``convert``
        to give); if the draft's own file is the only peer; or if a peer
        id is not in ``corpus`` (an :class:`UnknownIdError` naming the
        corpus's folder).
    TypeError
        If ``corpus`` is not a Corpus (a path to one, say), or ``peers`` is
        not a list of ids (one id as a str).

    Examples
    --------
    >>> import policycompare as pc
    >>> corpus = pc.load_corpus()
    >>> check = pc.compare_draft(corpus["qixing"], corpus, peers=["huaxi", "yinchuan", "anning"])
    >>> check.gaps.columns[:3].tolist()
    ['rank', 'instrument_id', 'label']
    """
    corpus = load_corpus(drafts=_draft_files(draft)) if corpus is None else corpus
    if isinstance(corpus, (str, os.PathLike)):
        raise TypeError(f"corpus must be a Corpus, not {type(corpus).__name__}; read the folder of plans with pc.load_corpus({str(corpus)!r})")
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a Corpus, not {type(corpus).__name__}; read a folder of plans with pc.load_corpus(path)")
    # One id as a str is refused, as docs= is elsewhere, before list() makes it its characters ('n' given twice).
    peer_ids = peers if isinstance(peers, str) else list(corpus.doc_ids if peers is None else peers)
    if not peer_ids:
        raise PolicyCompareError("peers is empty; expected at least one peer document id")
    peer_ids = _check_once(peer_ids, "peers", "peer")
    _check_count("min_peers", min_peers)
    _check_fraction("threshold", threshold)
    _check_fraction("cover_threshold", cover_threshold)
    _check_fraction("version_overlap", version_overlap)
    if threshold is None:
        threshold = load_alignment_model()["threshold"]
    if cover_threshold is None:
        cover_threshold = threshold
    # Warnings about the draft (a slip of numbering, a peer with its text) go with the result as well as
    # to the caller, so that the summary and report.html show them too.
    with kept_warnings() as kept:
        comparison = _compare(draft, corpus, peer_ids, min_peers, threshold, cover_threshold, version_overlap, reuse_min_length, n_jobs)
    # What reading the peers warned of (comparison.warnings so far) was shown when they were read: it is listed with
    # the check's own, not issued again.
    comparison.warnings = list(dict.fromkeys([*comparison.warnings, *kept]))
    # Kept absolute, so that a later change of the working folder does not hide it from write_draft_comparison.
    comparison.corpus_path = None if corpus.path is None else os.path.abspath(corpus.path)
    return comparison


def _compare(draft, corpus, peer_ids, min_peers, threshold, cover_threshold, version_overlap, reuse_min_length, n_jobs):
    document = _read_draft(draft)
    # Peers are checked (an unknown id refused) before any advice on min_peers is given about them.
    peers = _other_peers(document, _peers_of(corpus, peer_ids))
    _check_script(document, peers)
    peer_ids = peers.doc_ids
    document = _as_draft(document, set(peer_ids))
    combined = peers.add(document)
    if min_peers > len(peer_ids):
        warn(f"min_peers={min_peers} is more than the {len(peer_ids)} peer{'s' if len(peer_ids) > 1 else ''}, so no instrument can be a gap; give min_peers={len(peer_ids)} (--min-peers {len(peer_ids)})")
    docs = [*peer_ids, document.doc_id]
    # Every candidate link, however weak: gaps and unique measures then name the closest counterpart and its score.
    links, vectors = align_with_vectors(_draft_units(combined, document.doc_id), docs=docs, threshold=0.0, n_jobs=n_jobs,
                                        tokenizer=_plan_tokenizer(combined, None))
    measures = vectors.measures
    # A link needs specific words in common: without them the instrument profile and the ranks alone can score a
    # pair high, and in a short draft every rank is the best (a swimming measure "matched" a teaching measure);
    # with one word, or general ones (学校, 建设), a new measure is hidden and a peer measure covered by chance.
    # Frame sections of one role (goals, a schedule's phase) correspond whatever their words, as in the alignment.
    cosines, counts = _specific_overlap(links, vectors)
    links = links.assign(cos_specific=cosines.round(4), n_specific=counts)
    role = dict(zip(measures["measure_id"], frame_roles(measures)))
    role_a, role_b = links["measure_a"].map(role), links["measure_b"].map(role)
    shared = (links["cos_specific"] >= _MIN_WORD_COSINE) & ((links["n_specific"] >= _MIN_SPECIFIC_WORDS)
                                                          | ((links["n_specific"] >= 1) & (links["cos_specific"] >= _ONE_WORD_COSINE)))
    links = _without_neighbours_of_copies(links[shared | ((role_a != "") & (role_a == role_b))], document.doc_id)
    strong = links[links["score"] >= cover_threshold]
    # Average linkage, not Louvain communities: with many peers, chains of mutual best links put
    # unrelated measures into one community, and the draft then seems to have nearly everything.
    assigned = build_instruments(strong, measures, vectors=vectors, method="average", cut=cover_threshold)
    draft_links = all_draft_links = _draft_view(links, document.doc_id).reset_index(drop=True)
    plan_of, versions = _plans_of(links, measures, peer_ids, version_overlap, _places_of(corpus, peer_ids))
    gaps = _gaps(assigned, draft_links, measures, vectors, document, plan_of, min_peers, cover_threshold)
    # Introductory paragraphs only cover gaps; matches, unique measures and the count are of the draft's measures.
    draft_measures = measures[(measures["doc_id"] == document.doc_id) & ~measures["intro"]]
    draft_links = draft_links[draft_links["measure_a"].isin(draft_measures["measure_id"])]
    matches = _matches(draft_links[draft_links["score"] >= threshold], draft_measures, document)
    unique = _unique(draft_measures, draft_links, assigned, cover_threshold, document)
    reuse = _reuse_table(document, peers, reuse_min_length, plan_of)
    # Of the plans read, the peers' reading warnings and their folder's (a file skipped), not those of plans left out.
    return DraftComparison(document, peer_ids, gaps, unique, matches, reuse, len(draft_measures), all_draft_links, versions,
                           warnings=list(peers.read_warnings))


def _specific_overlap(links, vectors):
    """The word cosine of each link over its specific words, and how many specific words its two measures share.

    A word is general when more than ``_GENERAL_SHARE`` (0.3) of the
    measures compared hold it, and more measures than there are plans: the
    words of an instrument that every plan has (经费 in a funding measure
    each) are in about one measure per plan, and among a few short plans
    that can be a third of all measures. What the
    two measures share beyond general words is what makes them counterparts.

    Parameters
    ----------
    links : pandas.DataFrame
        Links with ``measure_a`` and ``measure_b``, measures of ``vectors``.
    vectors : MeasureVectors

    Returns
    -------
    cosines : numpy.ndarray of float
    counts : numpy.ndarray of int

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import scipy.sparse as sp
    >>> words = sp.csr_matrix(np.array([[0.6, 0.8, 0.0], [0.6, 0.0, 0.8], [0.6, 0.8, 0.0], [1.0, 0.0, 0.0]]))
    >>> measures = pd.DataFrame({"measure_id": ["a:1", "a:2", "b:1", "b:2"], "doc_id": ["a", "a", "b", "b"]})
    >>> links = pd.DataFrame({"measure_a": ["a:1", "a:2"], "measure_b": ["b:1", "b:1"]})
    >>> cosines, counts = _specific_overlap(links, SimpleNamespace(words=words, measures=measures))
    >>> cosines.round(2).tolist(), counts.tolist()
    ([0.64, 0.0], [1, 0])

    The first word is in all four measures, more than 30% of them and more
    than the two plans, so it is general: a:1 and b:1 share one specific
    word, a:2 and b:1 none.
    """
    words = vectors.words.tocsr()
    position = pd.Series(np.arange(words.shape[0]), index=vectors.measures["measure_id"].to_numpy())
    i, j = position[links["measure_a"]].to_numpy(), position[links["measure_b"]].to_numpy()
    held = np.bincount(words.indices[words.data > 0], minlength=words.shape[1])
    specific = (held <= max(_GENERAL_SHARE * words.shape[0], vectors.measures["doc_id"].nunique())).astype(float)
    product = words[i].multiply(words[j]).tocsr()
    cosines = np.asarray(product @ specific).ravel()
    counts = np.asarray((product > 0).astype(float) @ specific).ravel().astype(int)
    return cosines, counts


def _without_neighbours_of_copies(links, draft_id):
    """``links`` without those from a draft measure copied from a peer's measure to the other measures of that peer.

    A draft measure with a near-verbatim counterpart (a character-bigram
    cosine of ``_NEAR_VERBATIM`` or more) is that measure, and the peer's own
    writers set it apart from their other measures: the draft's copy of
    Anning's 做优义务教育学校 shares 学位, 普惠 and 扩大 with Anning's next
    measure, on preschool places, but does not make the draft have it.

    Examples
    --------
    >>> links = pd.DataFrame({"doc_a": ["p", "p", "q"], "measure_a": ["p:1", "p:2", "q:1"], "doc_b": "d", "measure_b": "d:1",
    ...                       "cos_char": [0.95, 0.3, 0.3]})
    >>> _without_neighbours_of_copies(links, "d")["measure_a"].tolist()
    ['p:1', 'q:1']
    """
    forward = (links["doc_a"] == draft_id).to_numpy()
    involved = forward | (links["doc_b"] == draft_id).to_numpy()
    near = (links["cos_char"] >= _NEAR_VERBATIM).to_numpy()
    # The (draft measure, peer) of each link; that of a link between two peers means nothing, and it is kept.
    draft_side = np.where(forward, links["measure_a"], links["measure_b"])
    peer_doc = np.where(forward, links["doc_b"], links["doc_a"])
    pair = pd.Series(list(zip(draft_side, peer_doc)), index=links.index)
    copied = set(pair[involved & near])
    return links[~(involved & ~near & pair.isin(copied).to_numpy())]


# Shortest wording in common with a peer that counts towards the peers sharing a passage (n_peers, stock). Peers'
# copies of the period's formula end where their wording parts from the draft's, often below a passage's length
# (以习近平新时代中国特色社会主义思想为指导， 21 characters; 全面贯彻党的教育方针， 11): counted only in the one copy that
# reaches it, the formula would be that peer's wording. A clause this long is what find_reuse keeps at a passage's
# end (reuse._FRAGMENT); 落实立德树人根本任务 has 10 characters.
_SHARED_MIN_LENGTH = 10


def _reuse_table(document, peers, min_length, plan_of):
    """The draft's passages shared with peers (:func:`find_reuse`), with line, ``n_peers`` and ``stock``.

    Wording that at least two peer plans share, and most of the peer plans,
    is stock: the period's formulas (以习近平新时代中国特色社会主义思想为指导),
    no peer's own. A passage is stock when fewer than ``min_length`` of its
    characters lie outside such wording: what is left would be no passage of
    its own. A passage copied from one peer that begins or ends with a
    formula is that peer's wording. Versions of one plan (``plan_of``: peer
    → plan) count once, as for gaps: what they share with the draft is that
    plan's wording. A peer shares the draft's wording in pieces of
    ``_SHARED_MIN_LENGTH`` (10) characters or more, shorter than a passage
    too: a formula that the other peers' copies share clause by clause is
    theirs as much as that of the peer whose copy is a passage.
    """
    reuse = find_reuse(document, peers, min_length=min_length)
    shared = reuse if min_length <= _SHARED_MIN_LENGTH else find_reuse(document, peers, min_length=_SHARED_MIN_LENGTH)
    reuse = _with_sharing(reuse, shared, plan_of, min_length)
    return reuse.assign(line=document.line_of(reuse["start_a"].to_numpy(dtype=np.int64)))[DRAFT_REUSE_COLUMNS]


def _with_sharing(reuse, shared, plan_of, min_length):
    """``reuse`` with ``n_peers`` (how many peer plans share most of the row's draft passage) and ``stock``.

    Each character of the draft is covered by the pieces of wording that
    some peer plans share with it (``shared``, which holds the rows of
    ``reuse`` and may hold shorter pieces; ``plan_of``: peer → plan),
    versions of one plan counted once; a row's ``n_peers`` is the count that
    at least half of its characters reach (that of its median character). A
    character is stock wording when at least two plans cover it and they are
    most of the plans; a row is ``stock`` when fewer than ``min_length`` of
    its characters are not, and its ``n_peers`` is then that of its stock
    wording's median character: a stock row is never one peer's.

    Examples
    --------
    >>> reuse = pd.DataFrame({"start_a": [0, 0, 0, 400, 500, 500, 500], "end_a": [390, 33, 40, 440, 580, 543, 543],
    ...                       "doc_b": ["p", "q", "r", "q", "p", "q", "r"]})
    >>> shared = _with_sharing(reuse, reuse, {"p": "p", "q": "q", "r": "r"}, min_length=30)
    >>> shared["n_peers"].tolist(), shared["stock"].tolist()
    ([1, 3, 3, 1, 3, 3, 3], [False, True, True, False, False, True, True])

    The 390 characters copied from p are p's wording, though all three
    peers share their first 33 (the formula); r's 40 characters are the
    formula and 7 more. From 500, p's 80 characters are a formula of 43 that
    all three share and 37 of p's own: most of them are stock, but p's 37 are
    a passage in their own right. q's 40 characters from 400 are q's alone;
    when p and r share them too, each in two pieces shorter than a passage
    (21 and 19 characters), they are stock:

    >>> pieces = pd.DataFrame({"start_a": [400, 421, 400, 421], "end_a": [421, 440, 421, 440], "doc_b": ["p", "p", "r", "r"]})
    >>> shared = _with_sharing(reuse, pd.concat([reuse, pieces]), {"p": "p", "q": "q", "r": "r"}, min_length=30)
    >>> shared["n_peers"].tolist(), shared["stock"].tolist()
    ([1, 3, 3, 3, 3, 3, 3], [False, True, True, True, False, True, True])
    """
    starts, ends = reuse["start_a"].to_numpy(dtype=np.int64), reuse["end_a"].to_numpy(dtype=np.int64)
    if not len(reuse):
        return reuse.assign(n_peers=np.zeros(0, dtype=int), stock=np.zeros(0, dtype=bool))
    # How many plans cover each character: +1 where a plan's stretch starts, -1 where it ends, summed up.
    steps = np.zeros(max(int(ends.max()), int(shared["end_a"].max())) + 1, dtype=np.int64)
    for _, rows in shared.groupby(shared["doc_b"].map(plan_of), sort=False):
        for start, end in _stretches(zip(rows["start_a"], rows["end_a"])):
            steps[start] += 1
            steps[end] -= 1
    coverage = np.cumsum(steps)
    n_plans = len(set(plan_of.values()))
    formula = (coverage >= 2) & (coverage > n_plans / 2)
    own = np.array([int((~formula[start:end]).sum()) for start, end in zip(starts, ends)], dtype=int)
    stock = own < min_length

    def median(values):
        # The ceil(n/2)-th highest of n values: at least half of them reach it.
        return int(np.sort(values)[len(values) // 2]) if len(values) else 0

    # A stock row's peers are those of its stock wording, which most of its characters need not be.
    counts = [median(coverage[start:end][formula[start:end]] if is_stock else coverage[start:end])
              for start, end, is_stock in zip(starts, ends, stock)]
    return reuse.assign(n_peers=np.array(counts, dtype=int), stock=stock)


def _draft_units(corpus, draft_id):
    """Leaf measures of every plan, and the draft's introductory paragraphs too.

    A section's own paragraph before its numbered items (（一）实施新时代立德树人计划。
    实施“党建领航”行动…) is not aligned in a corpus, but it is part of what the
    draft says: a peer instrument it states there is no gap. So are the
    units of an unnumbered draft that are no measure (:func:`_unnumbered_intro`).
    """
    measures = extract_measures(corpus)
    measures["frame"] = classify_frame_sections(measures)
    draft = (measures["doc_id"] == draft_id).to_numpy()
    # The parents the typology codes as having text of their own: not front matter, not an annex's or part's preamble.
    intro = draft & ~measures["is_leaf"].to_numpy() & _codable_mask(measures)
    intro[draft] |= _unnumbered_intro(measures[draft])
    measures["intro"] = intro
    measures.loc[intro, "is_leaf"] = True
    return measures


# A sentence ends in one of these: a unit without one is headings only (重点任务 / 强化立德树人，促进学生全面发展).
_SENTENCE_END = re.compile(r"[。！？!?；;]")
# A plan's preamble (为深入贯彻…，结合我县实际，制定本方案。): it opens with what the plan follows or aims at, and closes
# with the formula that it makes this plan (not 要结合实际，制定本地区学前教育发展规划, a measure asking others to make one).
_PREAMBLE_START = re.compile(r"^(?:为|根据|按照|依据|遵照|贯彻|深入|围绕|结合|以)")
# 制定本方案, 特制定本实施方案, 制定本三年行动计划: a few words between 本 and the kind of plan, no clause mark.
_PREAMBLE_END = re.compile(r"(?:特|现)?制定(?:本|如下)[^，,。；;、\s]{0,6}?(?:方案|计划|意见|办法|细则|规划)[。.]?$")


def _unnumbered_intro(units):
    """Which units of an unnumbered draft are no measure: its preamble, and units of headings only.

    A numbered draft keeps its preamble in its front matter and its headings
    in the parents of its measures. An unnumbered one is cut into paragraphs
    or sentences, and the paragraph before the first section (为深入贯彻…，
    制定本方案。) and headings set apart from their paragraph (重点任务 /
    强化立德树人，促进学生全面发展) become units of their own. They are
    introductory text: aligned, so that what they state covers a gap, and
    neither counted, matched nor listed as unique. The preamble is the first
    unit when it opens as a preamble does (为, 根据, 按照, 以, …) and ends with
    the formula that makes the plan (制定本方案, 特制定本实施方案, 制定本三年行动计划). A paragraph without a
    sentence end (。；！？) is headings when a paragraph with one follows
    it: headings head something, and the last paragraph typed without its
    full stop, or a draft of lines without any, keeps its measures. In a
    draft cut into sentences, such a unit is a sentence without its stop.

    Examples
    --------
    >>> units = pd.DataFrame({"measure_id": ["d:0", "d:1", "d:2", "d:3", "d:4"], "is_leaf": True, "segmentation": "paragraphs",
    ...                       "kind": ["front_matter", *["paragraph"] * 4], "start": [0, 5, 30, 40, 60],
    ...                       "text": ["某县方案", "为推进教育发展，制定本方案。", "重点任务\\n强化立德树人", "创建平安校园。健全应急预案。", "强化督导考核"]})
    >>> _unnumbered_intro(units).tolist()
    [False, True, True, False, False]
    """
    ordered = units.sort_values("start", kind="stable")
    kept = (ordered["is_leaf"].to_numpy() & ordered["segmentation"].isin(["paragraphs", "sentences"]).to_numpy()
            & ordered["kind"].ne("front_matter").to_numpy())
    intro = np.zeros(len(ordered), dtype=bool)
    if kept.any():
        first = np.flatnonzero(kept)[0]
        opening = ordered["text"].iloc[first].strip()
        intro[first] = bool(_PREAMBLE_START.match(opening) and _PREAMBLE_END.search(opening))
        has_sentence = kept & ordered["text"].map(lambda text: bool(_SENTENCE_END.search(text))).to_numpy()
        # Whether a unit with a sentence end comes after each unit.
        sentence_after = np.append(np.logical_or.accumulate(has_sentence[::-1])[::-1][1:], False)
        intro |= kept & ~has_sentence & sentence_after & ordered["segmentation"].eq("paragraphs").to_numpy()
    return pd.Series(intro, index=ordered.index).reindex(units.index).to_numpy()
def _draft_view(links, draft_id):
    """Links involving the draft, oriented so the draft's measure comes first."""
    forward = links[links["doc_a"] == draft_id]
    backward = links[links["doc_b"] == draft_id]
    rename = {c: c.replace("_a", "_tmp").replace("_b", "_a").replace("_tmp", "_b") for c in links.columns if c.endswith(("_a", "_b"))}
    backward = backward.rename(columns=rename)
    backward = backward.assign(rank_a=backward["rank_b"], rank_b=backward["rank_a"])
    return pd.concat([forward, backward], ignore_index=True).sort_values(["measure_a", "score"], ascending=[True, False], kind="stable")


def _gaps(assigned, draft_links, measures, vectors, document, plan_of, min_peers, cover_threshold):
    """Instruments whose measures the draft does not cover, from ``min_peers`` peer plans (``plan_of``: peer → plan).

    Each row carries the offsets of its representative peer measure in that
    peer's text, and of the closest draft measure in the draft's, with its line.
    """
    draft_id = document.doc_id
    peer_ids = list(plan_of)
    by_id = measures.set_index("measure_id")
    text_of = by_id["text"]
    roles = dict(zip(measures["measure_id"], measures["frame"]))
    # A draft measure the check lists as new covers nothing: its weak links are the best of a bad lot, and a football
    # measure's 0.38 to a measure on 家校社 协同育人 would hide that gap.
    draft_units = measures[measures["doc_id"] == draft_id]
    counterparts = _with_counterparts(draft_units, draft_links, assigned, cover_threshold)
    covering = _coherent_covers(draft_links[draft_links["measure_a"].isin(counterparts)], assigned, plan_of, cover_threshold)
    best_cover = covering.groupby("measure_b")["score"].max() if len(covering) else pd.Series(dtype=float)
    # Each peer measure's strongest draft link, whether or not it covers: its score and its draft measure
    # (the first in outline order among equal scores).
    strongest = draft_links.sort_values(["score", "measure_a"], ascending=[False, True], kind="stable").drop_duplicates("measure_b").set_index("measure_b")
    nearest, closest = strongest["score"], strongest["measure_a"]
    # Each gap's evidence: its peer measures the draft does not cover.
    evidence_of = {}
    # Measure by measure, also in an instrument a draft measure joined: average linkage can put Anning's campus safety
    # with both plans' preschool measures, and a draft's safety measure then covers the safety measure, not preschool.
    for instrument, group in assigned.groupby("instrument_id", sort=True):
        present = group[group["doc_id"].isin(peer_ids)]
        evidence = present[best_cover.reindex(present["measure_id"]).fillna(0.0).to_numpy() < cover_threshold]
        if evidence["doc_id"].map(plan_of).nunique() >= min_peers:
            evidence_of[instrument] = evidence
    # Named and typed by what the draft lacks, not by the measures it covers; all gaps at once.
    lacking = pd.concat(evidence_of.values()) if evidence_of else assigned.iloc[:0]
    labels = _labels(lacking, vectors)
    categories = _categories(lacking, measures, None)
    rows = []
    for instrument, evidence in evidence_of.items():
        evidence_covers = nearest.reindex(evidence["measure_id"]).dropna()
        representative = evidence.sort_values("weighted_degree", ascending=False, kind="stable").iloc[0]
        nearest_draft = closest.get(evidence_covers.idxmax(), "") if len(evidence_covers) else ""
        docs = set(evidence["doc_id"])
        rows.append({
            "instrument_id": instrument,
            "label": labels.get(instrument) or representative["heading"],
            "category": categories.get(instrument, ""),
            "frame": _common_role(evidence["measure_id"], roles),
            "n_peers": evidence["doc_id"].map(plan_of).nunique(),
            "peers": ";".join(d for d in peer_ids if d in docs),
            "peer_doc": representative["doc_id"],
            "peer_measure": representative["measure_id"],
            "peer_heading": representative["heading"],
            "peer_text": text_of[representative["measure_id"]],
            "peer_start": int(by_id.at[representative["measure_id"], "start"]),
            "peer_end": int(by_id.at[representative["measure_id"], "end"]),
            "evidence": ";".join(evidence["measure_id"]),
            "closest_draft_measure": nearest_draft,
            "closest_score": round(float(evidence_covers.max()), 4) if len(evidence_covers) else float("nan"),
            "closest_start": int(by_id.at[nearest_draft, "start"]) if nearest_draft else None,
            "closest_end": int(by_id.at[nearest_draft, "end"]) if nearest_draft else None,
            "closest_line": int(document.line_of(int(by_id.at[nearest_draft, "start"]))) if nearest_draft else None,
        })
    gaps = pd.DataFrame(rows, columns=GAP_COLUMNS[1:])
    # No closest draft measure, no offsets: empty, not 0 (nor a float column of offsets).
    gaps = gaps.astype({column: "Int64" for column in ("peer_start", "peer_end", "closest_start", "closest_end", "closest_line")})
    gaps = gaps.sort_values(["n_peers", "instrument_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    gaps.insert(0, "rank", range(1, len(gaps) + 1))
    return gaps


def _with_counterparts(draft_units, draft_links, assigned, cover_threshold):
    """The ids of the draft units with a likely peer counterpart; the others are the draft's new measures (:func:`_unique`).

    A unit has one when a peer link scores ``_LIKELY`` (0.5) or more (or
    ``cover_threshold`` if higher), or when it is a frame section of a role
    some peer has: the frame sections of one role are one instrument
    whatever their words (:func:`build_instruments`).

    Examples
    --------
    >>> units = pd.DataFrame({"measure_id": ["d:1", "d:2", "d:3"], "frame": ["", "", "goals"]})
    >>> links = pd.DataFrame({"measure_a": ["d:1", "d:2", "d:2"], "score": [0.37, 0.62, 0.3]})
    >>> assigned = pd.DataFrame({"measure_id": ["d:3", "p:2"], "doc_id": ["d", "p"], "instrument_id": "I1"})
    >>> sorted(_with_counterparts(units, links, assigned, 0.26))
    ['d:2', 'd:3']
    """
    best = draft_links.groupby("measure_a")["score"].max().reindex(draft_units["measure_id"]).fillna(0.0).to_numpy()
    instrument_of = dict(zip(assigned["measure_id"], assigned["instrument_id"]))
    docs_in = assigned.groupby("instrument_id")["doc_id"].nunique()
    framed = (draft_units["frame"] != "").to_numpy() & (draft_units["measure_id"].map(instrument_of).map(docs_in).fillna(1) > 1).to_numpy()
    return set(draft_units.loc[(best >= max(_LIKELY, cover_threshold)) | framed, "measure_id"])


def _coherent_covers(draft_links, assigned, plan_of, cover_threshold):
    """The draft links that cover their peer measure: ``cover_threshold`` or more, and coherent with the instrument.

    In an instrument that three or more peer plans share, a draft measure
    covers only if it links this strongly to measures of at least two of
    those plans, or its one link scores ``_LIKELY`` (0.5) or more. A weaker
    link to one plan's measure, often through a word of a heading or a
    second topic of that measure, does not show that the draft has what
    three plans share. In an instrument of one or two plans, one link covers.

    Examples
    --------
    >>> links = pd.DataFrame({"measure_a": ["d:1", "d:2", "d:2", "d:3"], "measure_b": ["p:1", "q:1", "r:1", "q:1"],
    ...                       "score": [0.4, 0.45, 0.3, 0.6]})
    >>> assigned = pd.DataFrame({"measure_id": ["p:1", "q:1", "r:1"], "doc_id": ["p", "q", "r"], "instrument_id": "I1"})
    >>> _coherent_covers(links, assigned, {"p": "p", "q": "q", "r": "r"}, 0.25)[["measure_a", "measure_b"]].values.tolist()
    [['d:2', 'q:1'], ['d:2', 'r:1'], ['d:3', 'q:1']]

    d:1's one link to p:1 does not cover it; d:3's does, as a link above 0.5
    is more likely right than wrong.
    """
    strong = draft_links[draft_links["score"] >= cover_threshold]
    if strong.empty:
        return strong
    instrument_of = dict(zip(assigned["measure_id"], assigned["instrument_id"]))
    plan_of_measure = {m: plan_of.get(d) for m, d in zip(assigned["measure_id"], assigned["doc_id"])}
    peers = assigned[assigned["doc_id"].isin(plan_of)]
    plans_in = peers["doc_id"].map(plan_of).groupby(peers["instrument_id"]).nunique()
    instrument = strong["measure_b"].map(instrument_of)
    plans_reached = strong["measure_b"].map(plan_of_measure).groupby([strong["measure_a"], instrument]).transform("nunique")
    needed = np.where(instrument.map(plans_in).fillna(0).to_numpy() >= 3, 2, 1)
    lone_but_likely = strong["score"].to_numpy() >= _LIKELY
    return strong[(plans_reached.fillna(1).to_numpy() >= needed) | lone_but_likely]


def _matches(links, draft_measures, document, per_measure=3):
    top = links.groupby("measure_a", sort=False).head(per_measure).copy()
    top["rank"] = top.groupby("measure_a").cumcount() + 1
    order = {m: n for n, m in enumerate(draft_measures["measure_id"])}
    top = top.assign(_order=top["measure_a"].map(order)).sort_values(["_order", "rank"], kind="stable")
    table = pd.DataFrame({
        "measure_id": top["measure_a"], "heading": top["heading_a"], "text": top["text_a"], "rank": top["rank"], "peer_doc": top["doc_b"],
        "peer_measure": top["measure_b"], "peer_heading": top["heading_b"], "peer_text": top["text_b"], "score": top["score"],
        "shared_terms": top["shared_terms"],
        "start": top["start_a"], "end": top["end_a"], "line": document.line_of(top["start_a"].to_numpy(dtype=np.int64)),
        "peer_start": top["start_b"], "peer_end": top["end_b"],
    })
    return table.reset_index(drop=True)[MATCH_COLUMNS]


def _unique(draft_measures, draft_links, assigned, cover_threshold, document):
    """Draft measures without a peer link of ``_LIKELY`` (0.5), or ``cover_threshold`` if higher, and not a frame section of a role some peer has.

    A weaker link, or an instrument it shares with peers through such links,
    is more likely wrong than right: a new measure (swimming lessons, 非遗
    classes) is the best of a bad lot for the measures of its instrument type,
    and a short draft's measures are every peer measure's best. The frame
    sections of one role are one instrument whatever their links
    (:func:`build_instruments`), so a draft's goals are never new.
    """
    best = draft_links.drop_duplicates("measure_a").set_index("measure_a")
    counterparts = _with_counterparts(draft_measures, draft_links, assigned, cover_threshold)
    rows = []
    for m in draft_measures.itertuples():
        if m.measure_id in counterparts:
            continue
        linked = m.measure_id in best.index
        score = float(best.at[m.measure_id, "score"]) if linked else float("nan")
        # No peer link at all: no best peer measure, and no score rather than 0.
        rows.append({"measure_id": m.measure_id, "heading": m.heading, "text": m.text, "start": m.start, "end": m.end,
                     "line": document.line_of(int(m.start)), "best_peer_measure": best.at[m.measure_id, "measure_b"] if linked else "", "best_score": round(score, 4)})
    return pd.DataFrame(rows, columns=UNIQUE_COLUMNS)


# What each section of the draft check's page shows and how to read it (the columns are explained in docs/drafting.md).
_SUMMARY_INTRO = (
    "The draft was split into its numbered measures, and each was aligned with the measures of the peer plans. "
    "A link's score is the probability that a careful reader would link the two measures; links count when their "
    "measures share at least two specific words, or one that weighs heavily in both. Versions of one plan count as one "
    "peer. Every finding below is a "
    "suggestion: read the peer's text (peer_text, or the plan at the measure id) before acting on it."
)
_GAPS_INTRO = (
    "Groups of aligned peer measures (instruments) that several peer plans have (two or more, unless min_peers was set "
    "otherwise) and that no draft measure covers, "
    "most widely shared first. label: the group's three heaviest words; category: its Rothwell & Zegveld type; "
    "n_peers and peers: the peer plans that have it; peer_measure, peer_heading and peer_text: the peer measure that "
    "stands for it best, read this first; evidence: all its peer measures; closest_draft_measure and closest_score: "
    "the draft measure nearest to it, too weak a link to cover it."
)
_UNIQUE_INTRO = (
    "Draft measures with no likely counterpart among the peers (no link scores 0.5 or more): what the draft adds. "
    "best_peer_measure and best_score name the nearest peer measure all the same: read the two side by side before "
    "calling a measure new. Both are empty when no link counts (the measure shares fewer than two specific words with "
    "every peer measure, and no single one of weight), as for a short measure too. line is the line of the draft where the measure starts, as read: "
    "of a .docx, its paragraph, counting a table row as one and a line break inside a paragraph (Shift+Enter) or a "
    "further paragraph of a table cell as one more."
)
_MATCHES_INTRO = (
    "For each draft measure, its three best peer measures (rank 1 to 3) with a link score of at least the model's "
    "threshold; text and peer_text are the two measures' texts (a long one cut short here, whole in matches.csv): read them "
    "side by side before taking a match. shared_terms are the words that drive each match, and line is the line of "
    "the draft, as in the table above."
)
_REUSE_INTRO = (
    "Passages of the draft that a peer plan has nearly word for word (similarity 1.0: the same up to spaces, width "
    "and punctuation). n_peers counts the peer plans that share most of the passage, also in pieces shorter than a "
    "passage; stock is true for the period's stock wording that most peers share, such as the opening "
    "formula; a passage one peer has (n_peers 1) is that peer's wording: cite it or rewrite it. line is the line of "
    "the draft where the passage starts, as for the measures above."
)

# The tables of a draft check, in the order of their files.
_TABLES = ("gaps", "unique", "matches", "reuse")
# The files a draft check writes besides its list, in the order written.
_FILES = (*(f"{name}.csv" for name in _TABLES), "report.html")
# The list of the files a draft check wrote, in the format of a report's (report.MANIFEST_NAME) but a name of its own:
# a report and a draft check written into one folder would each delete the other's files as no longer written.
DRAFT_MANIFEST_NAME = "policycompare-draft-files.sha256"
_DRAFT_MANIFEST_HEADER = ("# The files policycompare draft wrote into this folder, with their SHA-256. A draft check written here\n"
                          "# again replaces them; it never replaces a file of the same name that this list does not name.\n")


def check_replaced_draft_files(out_dir):
    """Refuse a folder holding a file that a draft check would write and no earlier draft check wrote; nothing is written.

    The files an earlier check listed (:data:`DRAFT_MANIFEST_NAME`) may be
    replaced; a folder written by a version that kept no list may be written
    again when its ``report.html`` is a page of this package's. A file of the
    user's of one of the names (a ``report.html``, a ``gaps.csv``) is not,
    and the folder is refused naming it
    (:func:`~policycompare.writing.check_replaced_files`); other files of
    the folder are left as they are.

    Parameters
    ----------
    out_dir : str or os.PathLike

    Raises
    ------
    PolicyCompareError
        Naming the folder and the first such file.

    Examples
    --------
    >>> check_replaced_draft_files("新的草案检查")
    """
    from .corpus import _is_our_page
    from .report import _read_manifest
    from .writing import check_replaced_files

    out = Path(out_dir)
    earlier = _read_manifest(out, name=DRAFT_MANIFEST_NAME)
    written = earlier or (_FILES if _is_our_page(out / "report.html") else ())
    check_replaced_files(out, _FILES, written=written, writer="the draft check")


def write_draft_comparison(comparison, out_dir):
    """Write gaps.csv, unique.csv, matches.csv, reuse.csv and report.html into ``out_dir``, all of them or none, and their list.

    Every file is written under a temporary name beside it, and the five
    replace the files of an earlier check only when all are written: a file
    that cannot be written (a read-only ``gaps.csv``, a folder named
    ``matches.csv``, a full disk) leaves the earlier results as they were,
    not half of them replaced. Then :data:`DRAFT_MANIFEST_NAME`
    (``policycompare-draft-files.sha256``) lists them with their SHA-256,
    in the format of a report's list.

    Parameters
    ----------
    comparison : DraftComparison
        The result of :func:`compare_draft`.
    out_dir : str or os.PathLike
        The folder to write into; it is created (with its parents) when
        missing. The folder the peers were read from is refused, and so is
        a folder holding a file of a name the check writes that an earlier
        check did not write (:func:`check_replaced_draft_files`).

    Returns
    -------
    list of pathlib.Path
        The files written, report.html last; before it their list.

    Raises
    ------
    PolicyCompareError
        If ``out_dir`` is the folder of the peer plans, holds a file of the
        user's that the check would replace, or it or one of the five files
        cannot be written (naming it); nothing is then replaced.
    """
    from .report import _read_manifest, _replace_manifest
    from .writing import atomic_path, check_output_dir, prepare_output_dir, write_table, write_text

    # Both checks before the folder is made, the folder of the plans first: a folder refused is left as it was.
    out = Path(out_dir)
    check_output_dir(out, plans=comparison.corpus_path)
    check_replaced_draft_files(out)
    prepare_output_dir(out, plans=comparison.corpus_path)
    earlier = _read_manifest(out, name=DRAFT_MANIFEST_NAME)
    page = _page(comparison)
    # atomic_path checks each file as it is entered, so a file that cannot be written is refused before any is written,
    # and moves its temporary file into place only when the whole block has run (as write_figure writes several
    # formats); write_table and write_text write the CSV and page bytes into those temporary files.
    with contextlib.ExitStack() as files:
        temporary = [files.enter_context(atomic_path(out / name)) for name in _FILES]
        for name, path in zip(_TABLES, temporary):
            write_table(getattr(comparison, name), path)
        write_text(page, temporary[-1])
    return _replace_manifest(out, earlier, [out / name for name in _FILES], name=DRAFT_MANIFEST_NAME, header=_DRAFT_MANIFEST_HEADER)


def _page(comparison):
    """report.html of a draft check: the summary and the four tables, each with how to read it."""
    from .report import render_page, table_section

    tables = [
        ("Instruments peers have and the draft lacks", "gaps", _GAPS_INTRO),
        ("Draft measures without a peer counterpart", "unique", _UNIQUE_INTRO),
        ("Best peer counterparts of each draft measure", "matches", _MATCHES_INTRO),
        ("Passages reused nearly verbatim", "reuse", _REUSE_INTRO),
    ]
    sections = [("Summary", "<p>" + html.escape(_SUMMARY_INTRO) + "</p><pre>" + html.escape(comparison.summary()) + "</pre>")]
    for heading, name, intro in tables:
        table, intro = getattr(comparison, name), f"<p>{html.escape(intro)}</p>"
        if len(table):
            sections.append(table_section(heading, table, csv_name=f"{name}.csv", intro=intro))
        else:
            # An empty table would show its headers alone, which reads like a table that failed to load; its file is
            # written all the same, with the columns, and linked as any other.
            sections.append((heading, f'{intro}<p>None found.</p><p><a href="{name}.csv">{name}.csv</a> (its columns, no rows)</p>'))
    return render_page(f"Draft check: {comparison.draft.doc_id}", sections)

