"""Text reuse: character shingles, near-duplicate documents and shared passages.

Plans copy each other: a county rewrites its province's plan, a web
compilation holds two versions of one plan, a drafter borrows a peer's
wording. Reuse is measured on characters, not words, so that it does not
depend on word segmentation, and on a *normalized* text in which whitespace is
dropped and full- and half-width forms and Chinese/Western punctuation are
folded together (``（一）加强领导。`` and ``(一) 加强领导.`` are the same
text). Every offset in a result still refers to the document's cleaned text
(:attr:`Document.text`). Words come in only at a passage's two edges, which
are moved off the middle of a word (:func:`_trim_edges`).

Shingles are hashed with a 64-bit polynomial hash of their code points, which,
unlike Python's ``hash``, is the same in every process.
"""

import difflib
import functools
import re
import unicodedata

import numpy as np
import pandas as pd

from .cache import hash_parts, load_table, store_table
from .corpus import Corpus, Document, documents_of
from .errors import kept_warnings, reissue
from .structure import _MARKER, ANY_TAG
from .tables import check_table, typed
from .tokens import Tokenizer

__all__ = ["REUSE_COLUMNS", "compute_shingle_similarity", "find_reuse", "normalize_for_reuse", "summarize_reuse"]

REUSE_COLUMNS = ["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "length", "similarity", "text_a", "text_b"]

# Chinese punctuation that NFKC leaves alone, folded onto the Western mark
# scraped and PDF-extracted copies of the same text use instead.
_PUNCT_FOLD = str.maketrans({
    "。": ".", "｡": ".", "、": ",", "，": ",",
    "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
    "《": "<", "》": ">", "〈": "<", "〉": ">", "「": '"', "」": '"', "『": '"', "』": '"',
    "【": "[", "】": "]", "〔": "[", "〕": "]", "〖": "[", "〗": "]",
    "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "−": "-", "─": "-",
    "・": "·", "•": "·", "‧": "·",
})
# 2**64 wrap-around arithmetic on uint64 arrays; an odd multiplier well above
# the largest code point keeps distinct shingles apart.
_HASH_BASE = np.uint64(1_000_003)
# A shingle that occurs more often than this in one document is filler
# (rows of dots, "xx" placeholders, a stock phrase); pairing all its
# occurrences would cost occurrences_a * occurrences_b seeds for nothing.
_MAX_SEED_REPEATS = 50
# A passage's ends are cut back to whole wording (:func:`_trim_edges`): a piece of fewer than this many folded
# characters up to its first stop (方案。, the tail of ……制定本实施方案。) or after its last stop or comma
# (全面贯彻党的, the next item's 7.) is a fragment. The stock formula 以习近平新时代中国特色社会主义思想为指导 has 21.
_FRAGMENT = 10
# An outline heading on a line of its own (一、指导思想, （一）总体要求) has at most this many characters after its number.
_HEADING_MAX = 20
# Folded characters aligned at each end of a passage to find the cuts: room for a fragment, two headings and an edit.
_EDGE_WINDOW = 80
_STOPS = "。！？；!?;"
_COMMAS = "，,：:"
_CLOSING = "”’）)》〉」』】〕]"
# What a passage never starts with: it belongs to the text before.
_NO_START = _STOPS + _COMMAS + _CLOSING + "、"
# What a passage never ends with: it belongs to the text after.
_NO_END = "“‘（(《〈「『【〔["
# A passage that ends inside a clause in either text (between two letters or digits) ends where two wordings part: an
# unfinished clause of fewer than this many folded characters after its last stop or comma is cut with it
# (贯彻党的十九大和十九届 of ……十九届二中、三中、四中全会精神 and ……十九届历次全会精神); a longer one is shared wording,
# cut back to a whole word only. Three clauses in four of the bundled plans have fewer than 20 characters (median 14).
_UNFINISHED = 20
# Folded characters cut into words on each side of a passage's edge, so that the words at the edge are cut in context.
_WORD_CONTEXT = 20
# Outline numbers are read with the pattern of :mod:`.structure`, in the styles that head a unit of an outline: not a
# bare 1 (as often a figure: 10 个), 一是 or —— (items inside a sentence), nor a compilation's 篇二: (the title after it
# is the plan's own, which is wording).
_HEADING_STYLES = frozenset({"chapter", "section", "article", "cn", "pcn", "dotted", "arabic", "parab", "rparen", "circ"})
# A heading's title: no stop, and a line break or space after it.
_HEADING_TITLE = re.compile(r"[^\s。！？；!?;]*(?=\s)")
# Where a passage's edge falls between two letters, jieba's words tell whether it is inside one: every word counts
# (stopwords, single characters, numbers); dictionary words only, no HMM, since a new word guessed across the edge,
# where the two texts part, says nothing; no disk cache, the pieces are short and each is seen once. The dictionary
# loads on first use.
_WORDS = Tokenizer(stopwords=None, min_length=1, keep_numbers=True, hmm=False, cache=False)


def normalize_for_reuse(text):
    """Fold a text for reuse detection and map each folded character back.

    Whitespace is dropped, full-width forms become half-width (NFKC), Chinese
    punctuation becomes its Western counterpart and Latin letters are
    lowercased.

    Parameters
    ----------
    text : str

    Returns
    -------
    folded : str
    offsets : numpy.ndarray of int64
        ``offsets[i]`` is the offset in ``text`` of the character that gave
        ``folded[i]``.

    Examples
    --------
    >>> folded, offsets = normalize_for_reuse("（一） 加强领导。")
    >>> folded
    '(一)加强领导.'
    >>> offsets.tolist()
    [0, 1, 2, 4, 5, 6, 7, 8]
    """
    # Each character is folded on its own, so each distinct one is folded once and the text is mapped in one pass; a
    # loop over the characters took most of the time of compute_shingle_similarity.
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    distinct, inverse = np.unique(codes, return_inverse=True)
    pieces = [_fold_character(chr(code)) for code in distinct.tolist()]
    widths = np.array([len(piece) for piece in pieces], dtype=np.int64)
    folded = text.translate(dict(zip(distinct.tolist(), pieces)))
    return folded, np.repeat(np.arange(len(text), dtype=np.int64), widths[inverse.ravel()])


@functools.cache
def _fold_character(char):
    """What one character becomes in the folded text: '' for whitespace, several characters for some (NFKC: ㈠ → (一))."""
    if char.isspace():
        return ""
    folded = unicodedata.normalize("NFKC", char).translate(_PUNCT_FOLD).lower()
    return "".join(piece for piece in folded if not piece.isspace())


def _hash_shingles(folded, k):
    """64-bit hashes of every k-character shingle of ``folded``, in text order."""
    n = len(folded) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    hashes = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        hashes = hashes * _HASH_BASE + codes[j:j + n]
    return hashes


def _check_k(k):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k={k!r}; expected a positive whole number of characters, e.g. 5")


def compute_shingle_similarity(corpus, *, k=5, measure="jaccard"):
    """Square matrix of character-shingle overlap between documents.

    Each document is folded with :func:`normalize_for_reuse` and reduced to
    the *set* of its character ``k``-shingles.

    Parameters
    ----------
    corpus : Corpus or list of Document
    k : int, default=5
        Shingle length in characters. Five characters is about two Chinese
        words: short enough to survive small edits, long enough that shared
        shingles are rarely chance.
    measure : {"jaccard", "containment"}, default="jaccard"
        ``"jaccard"``: shared shingles over the union, symmetric; two versions
        of one plan score near 1, unrelated plans of the same genre about
        0.02–0.10. ``"containment"``: the share of the *row* document's
        shingles also found in the column document, asymmetric; use it to ask
        "how much of this draft is in that plan?" when the two differ in
        length.

    Returns
    -------
    pandas.DataFrame
        Index (``doc_a``) and columns (``doc_b``) are the doc ids in corpus
        order, so that ``stack()`` gives a long table; values in [0, 1];
        the diagonal is 1 (0 for a document shorter than ``k``).
        ``attrs["method"]`` names the measure, for the heatmap's colour bar.

    Examples
    --------
    >>> from policycompare import load_document_from_text
    >>> a = load_document_from_text("加强教师队伍建设。", doc_id="a")
    >>> b = load_document_from_text("加强教师队伍建设，提高质量。", doc_id="b")
    >>> matrix = compute_shingle_similarity([a, b], k=4)
    >>> matrix.columns.tolist(), matrix.round(4).values.tolist()
    (['a', 'b'], [[1.0, 0.4167], [0.4167, 1.0]])
    >>> float(compute_shingle_similarity([a, b], k=4, measure="containment").loc["a", "b"])
    0.8333333333333334
    """
    _check_k(k)
    if measure not in ("jaccard", "containment"):
        raise ValueError(f"measure={measure!r}; expected 'jaccard' or 'containment'")
    documents = documents_of(corpus, name="corpus")
    ids = [doc.doc_id for doc in documents]
    sets = [np.unique(_hash_shingles(normalize_for_reuse(doc.text)[0], k)) for doc in documents]
    sizes = np.array([len(s) for s in sets], dtype=float)
    shared = _shared_counts(sets)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "jaccard":
            union = sizes[:, None] + sizes[None, :] - shared
            matrix = np.where(union > 0, shared / union, 0.0)
        else:
            matrix = np.where(sizes[:, None] > 0, shared / sizes[:, None], 0.0)
    np.fill_diagonal(matrix, (sizes > 0).astype(float))
    # Two names, not doc_id twice: stack() and melt() would give two columns of one name.
    frame = pd.DataFrame(matrix, index=pd.Index(ids, name="doc_a"), columns=pd.Index(ids, name="doc_b"))
    frame.attrs["method"] = f"shingle_{measure}"
    return frame


def _shared_counts(sets):
    """Number of shingles each pair of documents shares: the product of a document × shingle 0/1 matrix with its transpose.

    One sparse product instead of an intersection per pair, which at a
    thousand plans was half a million intersections of sorted arrays.
    """
    from scipy import sparse

    lengths = np.array([len(s) for s in sets], dtype=np.int64)
    hashes = np.concatenate(sets) if sets else np.zeros(0, dtype=np.uint64)
    # A shingle's column is its number in a hash table (the product does not depend on the order of the columns),
    # which is several times faster than sorting all the shingles of a corpus. Each document's shingles are distinct,
    # so its row is built directly.
    columns, distinct = pd.factorize(hashes)
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    incidence = sparse.csr_matrix((np.ones(len(hashes), dtype=np.int64), columns, indptr), shape=(len(sets), len(distinct)))
    return (incidence @ incidence.T).toarray().astype(float)


class _Folded:
    """A document's folded text, its offset map and its shingle hashes.

    ``words`` holds the word cuts of pieces of folded text (:func:`_words_in`), shared by the documents of one call.
    """

    def __init__(self, doc, k, words=None):
        self.doc = doc
        self.folded, self.offsets = normalize_for_reuse(doc.text)
        self.hashes = _hash_shingles(self.folded, k)
        _, inverse, counts = np.unique(self.hashes, return_inverse=True, return_counts=True)
        self.repeats = counts[inverse]
        # A shingle repeated too often seeds nothing (_MAX_SEED_REPEATS), so a passage may grow over it unseeded.
        self.ragged = bool((self.repeats > _MAX_SEED_REPEATS).any())
        codes = np.frombuffer(doc.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        # The cleaned text's character behind each folded one, and whether a line break lies between folded positions
        # i - 1 and i (folding drops it): asked of every aligned pair at a passage's edges.
        self.chars = codes[self.offsets].tobytes().decode("utf-32-le", "surrogatepass")
        newlines = np.concatenate(([0], np.cumsum(codes == ord("\n"))))
        self.line_breaks = np.zeros(len(self.folded), dtype=bool)
        self.line_breaks[1:] = newlines[self.offsets[1:]] > newlines[self.offsets[:-1] + 1]
        self.words = {} if words is None else words


class _ShingleIndex:
    """Where each shingle two or more documents share occurs: one index of all the documents compared in a call.

    Documents are numbered by their place in the call (a document compared
    with itself takes two places). The index holds (shingle, place, position)
    sorted by shingle, then place, then position, for the shingles found in
    at least two places; :meth:`seeds` reads one document's seeds with a range
    of places off it. Built once, it replaces sorting each pair's shingles
    anew: the cost grows with the texts' lengths and the seeds, not with the
    number of pairs, and a pair that shares no shingle costs nothing.

    A shingle repeated more than ``_MAX_SEED_REPEATS`` times in a document is
    left out of that document's entries, so it seeds no pair with it. One
    that most documents hold once (a stock phrase) is kept and seeds every
    pair of them: it may be part of a longer passage, which only chaining
    tells; :func:`_worth_chaining` spares the pairs it cannot give a passage.
    """

    def __init__(self, folded):
        self.size = size = len(folded)
        kept = [np.flatnonzero(f.repeats <= _MAX_SEED_REPEATS) for f in folded]
        hashes = np.concatenate([f.hashes[p] for f, p in zip(folded, kept)] + [np.zeros(0, dtype=np.uint64)])
        places = np.repeat(np.arange(size, dtype=np.int64), [len(p) for p in kept])
        positions = np.concatenate(kept + [np.zeros(0, dtype=np.int64)]).astype(np.int64)
        # Dense numbers of the shingles (a hash table, several times faster than sorting 64-bit hashes), kept where
        # they are found in two places or more.
        codes, distinct = pd.factorize(hashes)
        codes = codes.astype(np.int64)
        places_per_code = np.bincount(pd.unique(codes * size + places) // max(size, 1), minlength=len(distinct))
        shared = places_per_code[codes] >= 2
        codes, places, positions = codes[shared], places[shared], positions[shared]
        keys = codes * size + places
        order = np.argsort(keys, kind="stable")  # positions stay in text order within a shingle and place
        self.keys, self.places, self.positions = keys[order], places[order], positions[order]
        # Each place's own shared shingles, in text order: what it looks up.
        bounds = np.searchsorted(places, np.arange(size + 1))
        self.own = [(codes[lo:hi], positions[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:])]

    def seeds(self, place, first, last):
        """The seeds of the document at ``place`` with those at ``first`` to ``last - 1``.

        Returns ``(i, j, others)``: all (i, j) with equal shingles at folded
        offsets i in the document and j in the document at ``others``.
        """
        codes, positions = self.own[place]
        lo = np.searchsorted(self.keys, codes * self.size + first)
        hi = np.searchsorted(self.keys, codes * self.size + last)
        counts = hi - lo
        total = int(counts.sum())
        i = np.repeat(positions, counts)
        # each seed's entry: its block's first entry plus its rank within the block
        entries = np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)
        return i, self.positions[entries], self.places[entries]


def _exact_runs(i, j, others, k):
    """Merge seeds on one diagonal with consecutive offsets into exact runs, those with each other document apart.

    ``others[n]`` is the document whose folded offset ``j[n]`` is. Returns
    ``(runs, documents)``: rows of (a_start, a_end, b_start, b_end) in folded
    offsets, sorted by document, then a_start, then b_start, and the
    document of each.
    """
    if not len(i):
        return np.zeros((0, 4), dtype=np.int64), np.zeros(0, dtype=np.int64)
    diagonal = j - i
    order = np.lexsort((i, diagonal, others))
    i, diagonal, others = i[order], diagonal[order], others[order]
    breaks = np.flatnonzero((np.diff(others) != 0) | (np.diff(diagonal) != 0) | (np.diff(i) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(i)])) - 1
    a_start, a_end = i[starts], i[ends] + k
    b_start = a_start + diagonal[starts]
    runs = np.column_stack((a_start, a_end, b_start, b_start + (a_end - a_start)))
    order = np.lexsort((runs[:, 2], runs[:, 0], others[starts]))
    return runs[order], others[starts][order]


def _worth_chaining(runs, documents, fa, folded, *, min_length, max_gap):
    """Which of ``documents`` (sorted, as :func:`_exact_runs` gives them) have runs with ``fa`` that may make a passage of ``min_length``.

    A passage is a chain of runs each starting at most ``max_gap`` after the
    end of those before it in a (:func:`_chain_runs`), merged with those it
    overlaps (:func:`_merge_overlaps`): it lies within one stretch of a where
    runs follow each other so. Extension adds nothing to a passage that
    starts and ends on runs (:func:`_extend`): equal characters before its
    first run or after its last would make an equal shingle there, a seed of
    that run. Only a shingle repeated too often to seed may let it grow, so a
    document that has one (``ragged``) is always compared. Where no stretch
    spans ``min_length`` characters of a's cleaned text, the pair has no
    passage of ``min_length``, and is not chained at all: what most pairs
    share at scale is a stock phrase or two, 以习近平新时代中国特色社会主义思想为指导，
    (21 characters) or 落实立德树人根本任务 (10).
    """
    if not len(runs):
        return set()
    if fa.ragged:
        return set(documents.tolist())
    # The running furthest reach of the runs before each one, within its document: each document's values are
    # shifted above the previous one's, so that one running maximum serves them all.
    shift = documents * (len(fa.folded) + max_gap + 1)
    reach = np.maximum.accumulate(runs[:, 1] + max_gap + shift) - shift
    begins = np.ones(len(runs), dtype=bool)
    begins[1:] = (documents[1:] != documents[:-1]) | (runs[1:, 0] > reach[:-1])
    firsts = np.flatnonzero(begins)
    start, end = runs[firsts, 0], np.maximum.reduceat(runs[:, 1], firsts)
    spans = fa.offsets[end - 1] + 1 - fa.offsets[start]
    worth = set(documents[firsts][spans >= min_length].tolist())
    return worth | {other for other in set(documents.tolist()) if folded[other].ragged}


def _chain_runs(runs, max_gap, fa, fb):
    """Join exact runs separated by small edits into passages.

    Runs are visited in order of their start in a. A run continues an open
    passage when it moves forward in both texts, starts at most ``max_gap``
    characters after the passage's end in each, and stays within ``max_gap``
    of its diagonal (an insertion of m characters shifts the diagonal by m).
    A run lying inside a passage in both texts is absorbed. Passages whose end
    in a is more than ``max_gap`` behind the current run are closed, so only a
    few passages are open at any time.

    Each passage is ``[a_start, a_end, b_start, b_end, matched]``, where
    ``matched`` counts the characters aligned along the chain: the new part of
    each run plus the matches inside the (short) gaps between runs.
    """
    closed, open_ = [], []
    for a0, a1, b0, b1 in runs.tolist():
        still_open = []
        for passage in open_:
            (closed if passage[1] + max_gap < a0 else still_open).append(passage)
        open_ = still_open
        best = None
        for passage in open_:
            pa0, pa1, pb0, pb1, _ = passage
            if pa0 <= a0 and a1 <= pa1 and pb0 <= b0 and b1 <= pb1:
                best = (-1, passage)
                break
            shift = abs((b0 - a0) - (pb1 - pa1))
            if (a0 >= pa0 and b0 >= pb0 and a1 > pa1 and b1 > pb1
                    and a0 <= pa1 + max_gap and b0 <= pb1 + max_gap and shift <= max_gap):
                if best is None or shift < best[0]:
                    best = (shift, passage)
        if best is None:
            open_.append([a0, a1, b0, b1, a1 - a0])
        elif best[0] >= 0:
            passage = best[1]
            pa1, pb1 = passage[1], passage[3]
            gap_matches = 0
            if a0 > pa1 and b0 > pb1:
                matcher = difflib.SequenceMatcher(None, fa.folded[pa1:a0], fb.folded[pb1:b0], autojunk=False)
                gap_matches = sum(block.size for block in matcher.get_matching_blocks())
            passage[4] += gap_matches + min(a1 - max(a0, pa1), b1 - max(b0, pb1))
            passage[1], passage[3] = a1, b1
    return closed + open_


def _extend(passage, fa, fb):
    """Grow a passage over equal folded characters on both sides (exact maximality)."""
    a0, a1, b0, b1, matched = passage
    while a0 > 0 and b0 > 0 and fa.folded[a0 - 1] == fb.folded[b0 - 1]:
        a0, b0, matched = a0 - 1, b0 - 1, matched + 1
    while a1 < len(fa.folded) and b1 < len(fb.folded) and fa.folded[a1] == fb.folded[b1]:
        a1, b1, matched = a1 + 1, b1 + 1, matched + 1
    return [a0, a1, b0, b1, matched]


def _merge_overlaps(passages, max_gap):
    """Merge passages that overlap in both texts on one alignment (extension can make them meet).

    A passage continues another when its diagonal at its start is within
    ``max_gap`` of the other's at its end, as in :func:`_chain_runs`; the
    overlap is then aligned in both, so it is counted once in ``matched``.
    One that overlaps on a diagonal further off aligns a repeated phrase
    elsewhere in one text (导，全面贯彻党的 of ……为指导，全面贯彻党的二十大精神 against
    ……全面领导，全面贯彻党的教育方针): merged, it stretched that text's side over
    wording the other lacks and its aligned characters were counted twice,
    so ``similarity`` could exceed 1. It stays a passage of its own.
    Passages are swept in order of their start in a; only those still
    reaching past that start can overlap a later one.
    """
    done, active = [], []
    for passage in sorted(passages):
        a0, a1, b0, b1, matched = passage
        still_active = []
        for other in active:
            (still_active if other[1] > a0 else done).append(other)
        active = still_active
        for other in active:
            overlap_a, overlap_b = min(a1, other[1]) - max(a0, other[0]), min(b1, other[3]) - max(b0, other[2])
            shift = abs((b0 - a0) - (other[3] - other[1]))
            if overlap_a > 0 and overlap_b > 0 and shift <= max_gap:
                other[:4] = [min(a0, other[0]), max(a1, other[1]), min(b0, other[2]), max(b1, other[3])]
                other[4] = min(other[4] + matched - min(overlap_a, overlap_b), other[1] - other[0], other[3] - other[2])
                break
        else:
            active.append(list(passage))
    return done + active


def _compare_pair(fa, fb, runs, *, min_length, max_gap):
    """The rows of the passages two documents share, from their exact runs (:func:`_exact_runs`)."""
    passages = _chain_runs(runs, max_gap, fa, fb)
    passages = _merge_overlaps([_extend(p, fa, fb) for p in passages], max_gap)
    rows = []
    for passage in passages:
        # Trimming only shortens a passage: those already too short are not aligned at all.
        if _span_length(passage, fa, fb) < min_length:
            continue
        a0, a1, b0, b1, matched = passage = _trim_edges(passage, fa, fb)
        if a1 <= a0 or _span_length(passage, fa, fb) < min_length:
            continue
        start_a, end_a = int(fa.offsets[a0]), int(fa.offsets[a1 - 1]) + 1
        start_b, end_b = int(fb.offsets[b0]), int(fb.offsets[b1 - 1]) + 1
        if min(_worded(fa.doc.text[start_a:end_a]), _worded(fb.doc.text[start_b:end_b])) < min_length:
            continue  # a responsibility tag that many measures repeat, and the heading after it: no wording reused
        rows.append({
            "doc_a": fa.doc.doc_id, "start_a": start_a, "end_a": end_a,
            "doc_b": fb.doc.doc_id, "start_b": start_b, "end_b": end_b,
            "length": min(end_a - start_a, end_b - start_b), "similarity": round(2 * matched / ((a1 - a0) + (b1 - b0)), 6),
            "text_a": fa.doc.text[start_a:end_a], "text_b": fb.doc.text[start_b:end_b],
        })
    return rows


def _worded(text):
    """Characters of ``text`` outside responsibility tags (<责任单位:…>, [牵头单位：…]), counted as a passage's length is.

    Examples
    --------
    >>> _worded("<责任单位:各县(市)人民政府,市教育局>\\n\\n3.实施县中托管帮扶")
    12
    """
    return len(ANY_TAG.sub("", text))


def _span_length(passage, fa, fb):
    """Characters of the cleaned text a passage spans, of the shorter side."""
    a0, a1, b0, b1, _ = passage
    return min(fa.offsets[a1 - 1] + 1 - fa.offsets[a0], fb.offsets[b1 - 1] + 1 - fb.offsets[b0])


def _trim_edges(passage, fa, fb):
    """Cut a passage back to whole wording at both ends, by the same cut in both texts.

    A passage runs on while the two texts agree, so it carries what lies
    around the shared wording: the tail of the sentence before (方案。 of
    ……制定本实施方案。), the heading between (一、指导思想 against 一、总体要求, where
    only the number agrees), the first words of the next sentence (全面贯彻党的)
    or the next item's number (7.), and where the two texts part inside a
    word or a clause, part of it (校 of 职业院校 / 职业学校). At the start, in
    this order:

    1. punctuation (，。、）: it belongs to what comes before);
    2. the piece up to and including the passage's first stop (。！？；): when
       the passage starts inside a sentence in either text, if shorter than
       ``_FRAGMENT`` characters; and wherever it starts, if the piece is on
       one line, an outline number follows the stop in either text and more
       of the passage follows the number and its heading than the piece
       (……结合我县实际，制定本方案。 before 一、指导思想 坚持以……: the passage
       is the wording under the heading, the piece is the unit before's);
    3. an outline number the passage starts in or at, with its title when the
       title is a heading on a line of its own (up to a line break or a
       space, ``_HEADING_MAX`` characters, no stop), then punctuation again,
       as often as they come (一、总体要求 （一）指导思想);
    4. when the passage then starts inside a word in either text, the rest of
       the word (校通过… of 职业院校通过…, where only 校 agrees, starts at 通过).

    At the end, the piece after the last stop or comma (，：, which is kept) if
    shorter than ``_FRAGMENT`` characters; when the passage ends inside a
    clause in either text (between two letters or digits), that piece if
    shorter than ``_UNFINISHED`` characters (……为指导，贯彻党的十九大和十九届
    ends at 为指导，), else the part of a word it ends in (……发展提升行动 of
    行动计划 / 行动实施方案 ends at 提升); an opening quote or bracket (“《（:
    it belongs to what comes after); and then, when an outline number follows
    the last stop in either text, the number and its heading if fewer than
    ``_FRAGMENT`` characters of wording follow them (……倾斜。7., ……方案。
    一、指导思想 坚持以): the next item's start. More of its wording is shared
    wording, and the passage keeps it, heading and all. Words are jieba's,
    with the package's dictionary, and only asked where an edge falls between
    two letters or digits. Lengths are in folded characters. A cut found in
    either text is moved to the first pair of characters the two texts align
    beyond it, so ``text_a`` and ``text_b`` still correspond and start and end on the same
    wording; ``matched`` loses the aligned pairs cut off. The result is
    empty (``a1 == a0``) when nothing is left.
    """
    a0, a1, b0, b1, matched = passage
    pairs = _aligned_pairs(fa.folded, fb.folded, a0, min(a1, a0 + _EDGE_WINDOW), b0, min(b1, b0 + _EDGE_WINDOW))
    start = _trimmed_start(pairs, fa, fb, a1, b1)
    if start is None:
        return [a0, a0, b0, b0, 0]
    matched -= sum(1 for i, _ in pairs if i < start[0])
    a0, b0 = start
    pairs = _aligned_pairs(fa.folded, fb.folded, max(a0, a1 - _EDGE_WINDOW), a1, max(b0, b1 - _EDGE_WINDOW), b1)
    a1, b1 = _trimmed_end(pairs, fa, fb, a1, b1)
    matched -= sum(1 for i, _ in pairs if i >= a1)
    return [a0, a1, b0, b1, matched]


def _aligned_pairs(folded_a, folded_b, a0, a1, b0, b1):
    """The (i, j) of the characters difflib aligns between ``folded_a[a0:a1]`` and ``folded_b[b0:b1]``, in order."""
    if folded_a[a0:a1] == folded_b[b0:b1]:
        # What difflib gives for two equal pieces (one block, the whole piece). Most edges are equal: two in three over
        # 60 synthetic plans, where difflib took a third of the time of find_reuse.
        return [(a0 + n, b0 + n) for n in range(a1 - a0)]
    matcher = difflib.SequenceMatcher(None, folded_a[a0:a1], folded_b[b0:b1], autojunk=False)
    return [(a0 + i + n, b0 + j + n) for i, j, size in matcher.get_matching_blocks() for n in range(size)]


def _first_pair_from(pairs, i, j):
    """The first aligned pair at or after ``i`` in a and ``j`` in b; None when there is none."""
    return next(((x, y) for x, y in pairs if x >= i and y >= j), None)


def _trimmed_start(pairs, fa, fb, a1, b1):
    """The aligned pair a passage starts at once cut of punctuation, a sentence's tail (or the sentence before a heading), headings and part of a word; None if nothing is left.

    ``(a1, b1)`` is where the passage ends, in folded offsets: the sentence
    before a heading goes only if more of the passage follows the heading.
    """
    start = _after_punctuation(pairs, pairs[0] if pairs else None, fa, fb)
    chars_a, chars_b = fa.chars, fb.chars
    stop = None if start is None else next(
        ((i, j) for i, j in pairs if i >= start[0] and chars_a[i] in _STOPS and chars_b[j] in _STOPS), None)
    if stop is not None:
        fragment = stop[0] - start[0] + 1 < _FRAGMENT and stop[1] - start[1] + 1 < _FRAGMENT
        inside = not (_starts_sentence(fa, start[0]) and _starts_sentence(fb, start[1]))
        if (inside and fragment) or _ends_before_heading(fa, fb, start, stop, a1, b1):
            start = _after_punctuation(pairs, _first_pair_from(pairs, stop[0] + 1, stop[1] + 1), fa, fb)
    # A heading of each level is cut (一、总体要求 then （一）指导思想), not a list of short items of one level (1. 2. 3.).
    levels_a, levels_b = set(), set()
    while start is not None:
        after = _first_pair_from(pairs, _heading_end(fa, start[0], levels_a), _heading_end(fb, start[1], levels_b))
        after = _after_punctuation(pairs, after, fa, fb)
        if after == start:
            break
        start = after
    # Last, as each cut above may leave the passage where the two texts part inside a word (成立 / 建立 after 。).
    return _after_punctuation(pairs, _word_start(pairs, start, fa, fb), fa, fb)


def _ends_before_heading(fa, fb, start, stop, a1, b1):
    """Whether the piece from ``start`` to the aligned ``stop`` is followed by an outline heading in either text and the passage runs on longer after it.

    That piece is the last sentence of the unit before, or its tail
    (……结合我县实际，制定本方案。 before 一、指导思想): the passage is the
    wording after the heading. Where less follows the heading, it is the
    passage's end that goes (:func:`_trimmed_end`). A piece over more than
    one line is not one sentence but, say, a plan's title and preamble, which
    a copy of the whole plan shares as well.
    """
    if stop[0] + 1 >= a1 or stop[1] + 1 >= b1:
        return False
    if any("\n" in f.doc.text[f.offsets[i]:f.offsets[j]] for f, i, j in ((fa, start[0], stop[0]), (fb, start[1], stop[1]))):
        return False
    heading_a, heading_b = _heading_end(fa, stop[0] + 1, set()), _heading_end(fb, stop[1] + 1, set())
    if heading_a == stop[0] + 1 and heading_b == stop[1] + 1:
        return False
    return a1 - heading_a > stop[0] + 1 - start[0] and b1 - heading_b > stop[1] + 1 - start[1]


def _after_punctuation(pairs, start, fa, fb):
    """``start``, or the first aligned pair after the punctuation it stands on in either text."""
    while start is not None and (_char(fa, start[0]) in _NO_START or _char(fb, start[1]) in _NO_START):
        start = _first_pair_from(pairs, start[0] + 1, start[1] + 1)
    return start


def _trimmed_end(pairs, fa, fb, a1, b1):
    """Where a passage ends, ``(a1, b1)`` in folded offsets, once cut of a fragment or part of a word, and of the next item's start."""
    end_a, end_b = _wording_end(pairs, fa, fb, a1, b1)
    # The next item after the last stop, its number or heading with less than a fragment of its wording, belongs to
    # what comes after; more of its wording is shared wording and stays (a heading inside a passage is no edge).
    chars_a, chars_b = fa.chars, fb.chars
    stops = [(i, j) for i, j in pairs if i + 1 < end_a and j + 1 < end_b and chars_a[i] in _STOPS and chars_b[j] in _STOPS]
    if stops:
        i, j = stops[-1]
        heading_a, heading_b = _heading_end(fa, i + 1, set()), _heading_end(fb, j + 1, set())
        if (heading_a > i + 1 or heading_b > j + 1) and end_a - heading_a < _FRAGMENT and end_b - heading_b < _FRAGMENT:
            return _with_closing(pairs, fa, i, j)
    return end_a, end_b


def _wording_end(pairs, fa, fb, a1, b1):
    """``(a1, b1)`` cut of a fragment or an unfinished clause after the last stop or comma, or else of part of a word."""
    chars_a, chars_b, marks = fa.chars, fb.chars, _STOPS + _COMMAS
    ends = [(i, j) for i, j in pairs if chars_a[i] in marks and chars_b[j] in marks]
    if ends:
        end_a, end_b = _with_closing(pairs, fa, *ends[-1])
        unfinished = _between_letters(fa, a1) or _between_letters(fb, b1)
        limit = _UNFINISHED if unfinished else _FRAGMENT
        if a1 - end_a < limit and b1 - end_b < limit:
            return end_a, end_b
    return _word_end(pairs, fa, fb, a1, b1)


def _with_closing(pairs, fa, i, j):
    """The end just after aligned punctuation (i, j) and the closing quotes or brackets aligned after it (……“双减”。 ……。）)."""
    aligned = set(pairs)
    while (i + 1, j + 1) in aligned and _char(fa, i + 1) in _CLOSING:
        i, j = i + 1, j + 1
    return i + 1, j + 1


def _word_start(pairs, start, fa, fb):
    """``start``, or the first aligned pair from it on where a word begins in both texts; None if there is none."""
    if start is None or not (_between_letters(fa, start[0]) or _between_letters(fb, start[1])):
        return start
    breaks_a, breaks_b = _word_breaks(fa, start[0], pairs[-1][0]), _word_breaks(fb, start[1], pairs[-1][1])
    return next(((i, j) for i, j in pairs if i >= start[0] and j >= start[1] and i in breaks_a and j in breaks_b), None)


def _word_end(pairs, fa, fb, a1, b1):
    """``(a1, b1)``, or the end of the last aligned pair before them after which a word ends in both texts and no quote or bracket opens.

    A passage whose window holds no such end (a run of Latin letters longer
    than it) is left as it is.
    """
    def opens(i, j):
        return _char(fa, i) in _NO_END or _char(fb, j) in _NO_END

    if not pairs or not (_between_letters(fa, a1) or _between_letters(fb, b1) or opens(a1 - 1, b1 - 1)):
        return a1, b1
    breaks_a, breaks_b = _word_breaks(fa, pairs[0][0] + 1, a1), _word_breaks(fb, pairs[0][1] + 1, b1)
    for i, j in reversed(pairs):
        if i + 1 <= a1 and j + 1 <= b1 and i + 1 in breaks_a and j + 1 in breaks_b and not opens(i, j):
            return i + 1, j + 1
    return a1, b1


def _between_letters(f, i):
    """Whether folded position ``i`` lies between two letters or digits of one line, where a word may go on."""
    return 0 < i < len(f.folded) and f.folded[i - 1].isalnum() and f.folded[i].isalnum() and not _line_break_before(f, i)


def _line_break_before(f, i):
    """Whether the cleaned text breaks its line between folded positions ``i - 1`` and ``i`` (folding drops the break)."""
    return bool(f.line_breaks[i])


def _word_breaks(f, lo, hi):
    """The folded positions from ``lo`` to ``hi`` that lie inside no word, as jieba cuts the text around them."""
    begin, end = max(0, lo - _WORD_CONTEXT), min(len(f.folded), hi + _WORD_CONTEXT)
    # Each line is cut on its own: folding drops the line break that ends a word.
    lines = (np.flatnonzero(f.line_breaks[begin + 1:end]) + begin + 1).tolist()
    inside = set()
    for first, last in zip([begin] + lines, lines + [end]):
        for start, stop in _words_in(f.folded[first:last], f.words):
            inside.update(range(first + start + 1, first + stop))
    return set(range(lo, hi + 1)) - inside


def _words_in(piece, words):
    """The (start, end) of the words of two characters or more jieba cuts ``piece`` into, remembered in ``words``.

    The cut of a piece depends on the piece alone, and the same pieces come
    back: a document's passage is trimmed once with each document that
    shares it, and copies of a plan hold the same pieces. Over 60 synthetic
    plans, one piece in seven was new.
    """
    spans = words.get(piece)
    if spans is None:
        spans = words[piece] = [(t.start, t.end) for t in _WORDS.tokenize(piece, keep_stopwords=True) if t.end - t.start > 1]
    return spans


def _char(f, i):
    """The character of the cleaned text behind folded position ``i``."""
    return f.chars[i]


def _starts_sentence(f, i):
    """Whether folded position ``i`` starts a sentence: what comes before is nothing, a stop or a line break."""
    text, position = f.doc.text, int(f.offsets[i]) - 1
    while position >= 0 and text[position] in " \t\u3000":
        position -= 1
    return position < 0 or text[position] in _STOPS + "\n"


def _outline_number(text, position):
    """The outline number at ``position`` of ``text``, a match of :mod:`.structure`'s pattern in a heading style; else None."""
    number = _MARKER.match(text, position)
    return number if number is not None and number.lastgroup in _HEADING_STYLES else None


def _heading_end(f, i, levels):
    """The folded position after the outline number, and heading, that folded position ``i`` is in or at; else ``i``.

    A number counts at the start of a line or after a stop (……方案。一、总体要求),
    and its title when the title ends at a line break or a space within
    ``_HEADING_MAX`` characters and holds no stop: 一、指导思想 on its own line
    or 一、总体要求 坚持……, not the run-in title of a measure,
    6.深化“县管校聘”改革。…, which is wording. A number of a level in
    ``levels`` (its form: 一、, （一）, 1.) is not cut again; the level of one
    that is cut is added to them.
    """
    text, position = f.doc.text, int(f.offsets[i])
    floor = max(0, position - 2 * _HEADING_MAX)
    unit = max(text.rfind(mark, floor, position) for mark in "\n" + _STOPS) + 1
    while unit < position and text[unit].isspace():
        unit += 1
    number = _outline_number(text, unit) if unit > floor or floor == 0 else None
    if number is None:
        return i
    level = re.sub(r"[一二三四五六七八九十百\d]+", "N", unicodedata.normalize("NFKC", number.group()))
    end = number.end()
    title = _HEADING_TITLE.match(text, end, end + _HEADING_MAX + 1)
    if title is not None:
        end = title.end()
    if end <= position or level in levels:
        return i
    levels.add(level)
    return i + int(np.searchsorted(f.offsets[i:], end))


def find_reuse(a, b=None, *, min_length=30, k=8, max_gap=10, measures=None):
    """Find near-verbatim passages shared between documents.

    The ``k``-character shingles of the folded texts (see
    :func:`normalize_for_reuse`) of all the documents compared go into one
    index, which gives each pair the shingles it shares, its seeds; seeds on
    one diagonal become exact runs,
    and runs separated by edits of at most ``max_gap`` characters are joined
    into one passage, which is then grown character by character while both
    texts agree. Its ends are then cut back to whole wording, by the same cut
    in both texts: punctuation, part of a word, the tail of the sentence
    before, the sentence before a heading when more of the passage follows
    the heading, and outline headings at the start; a fragment of fewer than
    10 characters after the last stop or comma, a clause the texts do not
    finish alike if it has fewer than 20 characters, or else part of a word,
    and the next item's number or heading with fewer than 10 characters of
    its wording, at the end (:func:`_trim_edges`). Words are jieba's,
    asked only where an edge falls between two letters or digits; the
    search itself is on characters. Characters are compared one by one only inside
    the short gaps between runs and at the two ends of a passage, so the
    cost grows with the texts' lengths plus the number of matching shingles,
    not their product, and the passages found, not the number of pairs: a
    pair that shares no shingle, or only stretches too short to make a
    passage of ``min_length`` (a stock phrase), is not compared further.

    Parameters
    ----------
    a : Document or Corpus
    b : Document, Corpus or None, default=None
        With ``a`` and ``b`` documents, compare the pair; with ``a`` a corpus
        and ``b`` None, compare every pair of its documents (``doc_a`` comes
        first in corpus order); with ``a`` a document and ``b`` a corpus,
        compare ``a`` with each of ``b``'s documents (other than ``a``
        itself), e.g. a draft against its peers.
    min_length : int, default=30
        Shortest passage kept, in characters of the cleaned text (of the
        shorter of the two sides).
    k : int, default=8
        Seed length in characters. Eight characters rarely match by chance in
        plans of one genre, while stock phrases of five or six (高质量发展,
        立德树人) would seed thousands of useless matches.
    max_gap : int, default=10
        Largest edit (characters inserted, deleted or replaced) bridged
        inside one passage; 0 keeps exact matches only.
    measures : pandas.DataFrame, optional
        From :func:`~policycompare.structure.extract_measures` of the same
        documents. When given, the columns ``measure_a`` (after ``end_a``)
        and ``measure_b`` (after ``end_b``) name the unit of each plan's
        outline that holds the passage's first character (a long passage may
        run on into the units after it: its end offsets tell how far).

    Returns
    -------
    pandas.DataFrame
        One row per passage with columns ``doc_a, start_a, end_a, doc_b,
        start_b, end_b`` (offsets in each document's cleaned text), ``length``
        (characters of the shorter side), ``similarity`` (``2 * M / (La +
        Lb)`` over the folded passages, where ``M`` counts the characters
        aligned along the passage; the same as difflib's ``ratio`` for
        passages with scattered edits; 1 is verbatim up to whitespace, width
        and punctuation style), ``text_a`` and ``text_b``
        (``text_a == corpus[doc_a].text[start_a:end_a]``). Sorted by length
        (longest first), then doc ids and offsets.

    Notes
    -----
    The passages of a corpus (``a`` a Corpus, ``b`` None) are stored in the
    on-disk cache (:mod:`policycompare.cache`), keyed by the documents' ids
    and texts, ``min_length``, ``k`` and ``max_gap``, so the same call again
    reads them back (``measures`` only names units, after);
    ``POLICYCOMPARE_CACHE=off`` turns this off. A pair, or a document against
    a corpus, is computed each time.

    Examples
    --------
    >>> from policycompare import load_document_from_text
    >>> a = load_document_from_text("一、总体要求。坚持立德树人，全面提高教育质量和教育品质。", doc_id="a")
    >>> b = load_document_from_text("（一）坚持立德树人,全面提高教育质量与教育品质。其他内容。", doc_id="b")
    >>> found = find_reuse(a, b, min_length=10, k=4, max_gap=2)
    >>> found[["start_a", "end_a", "start_b", "end_b", "length"]].values.tolist()
    [[7, 28, 3, 24, 21]]
    >>> float(found.loc[0, "similarity"])
    0.952381
    >>> found.loc[0, "text_b"]
    '坚持立德树人,全面提高教育质量与教育品质。'
    >>> from policycompare.structure import extract_measures
    >>> with_ids = find_reuse(a, b, min_length=10, k=4, max_gap=2, measures=extract_measures([a, b]))
    >>> with_ids.loc[0, ["measure_a", "measure_b"]].tolist()
    ['a:2', 'b:1']
    """
    _check_k(k)
    for name, value in (("min_length", min_length), ("max_gap", max_gap)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name}={value!r}; expected a whole number >= 0")
    documents, comparisons = _comparisons(a, b)
    options = {"min_length": int(min_length), "k": int(k), "max_gap": int(max_gap)}
    if isinstance(a, Corpus):
        # A corpus's passages are stored, keyed by its ids and texts and the options, so the same run again reads them.
        key = hash_parts("reuse", [[doc.doc_id, doc.text] for doc in documents], options)
        frame = _stored_passages(key)
        if frame is None:
            with kept_warnings() as kept:
                frame = _find_passages(documents, comparisons, **options)
            store_table("reuse", key, {"table": frame, "warnings": list(kept)})
    else:
        frame = _find_passages(documents, comparisons, **options)
    if measures is not None:
        places = {place for p, first, last in comparisons for place in (p, *range(first, last))}
        frame = _with_measure_ids(frame, measures, {documents[place].doc_id for place in places})
    return frame


def _stored_passages(key):
    """The passages stored under ``key``, or None; the warnings computing them gave are given again, as then."""
    stored = load_table("reuse", key)
    if not (isinstance(stored, dict) and {"table", "warnings"} <= stored.keys()):
        return None
    reissue(stored["warnings"], stacklevel=3)  # attributed to the line that called find_reuse
    return stored["table"]


def _find_passages(documents, comparisons, *, min_length, k, max_gap):
    """The table of :func:`find_reuse` of ``documents``, each compared with those ``comparisons`` say (:func:`_comparisons`)."""
    words, by_id = {}, {}
    for doc in documents:
        # A document compared with itself takes two places, folded once.
        if id(doc) not in by_id:
            by_id[id(doc)] = _Folded(doc, k, words)
    folded = [by_id[id(doc)] for doc in documents]
    index = _ShingleIndex(folded)
    rows = []
    for place, first, last in comparisons:
        runs, others = _exact_runs(*index.seeds(place, first, last), k)
        worth = _worth_chaining(runs, others, folded[place], folded, min_length=min_length, max_gap=max_gap)
        for other, pair_runs in _split_by_document(runs, others):
            if other in worth:
                rows += _compare_pair(folded[place], folded[other], pair_runs, min_length=min_length, max_gap=max_gap)
    frame = pd.DataFrame(rows, columns=REUSE_COLUMNS)
    frame = frame.sort_values(["length", "doc_a", "doc_b", "start_a", "start_b"], ascending=[False, True, True, True, True], kind="stable")
    return typed(frame.reset_index(drop=True), {**dict.fromkeys(["start_a", "end_a", "start_b", "end_b", "length"], "int64"), "similarity": "float64"})


def _split_by_document(runs, documents):
    """``(document, its runs)`` for each document in ``documents``, sorted as :func:`_exact_runs` gives them.

    A document that shares no shingle has no runs, and is not listed.
    """
    starts = np.flatnonzero(np.diff(documents, prepend=-1))
    return [(int(documents[lo]), runs[lo:hi]) for lo, hi in zip(starts.tolist(), [*starts[1:].tolist(), len(runs)])]


def _with_measure_ids(frame, measures, doc_ids):
    """``frame`` with ``measure_a`` after ``end_a`` and ``measure_b`` after ``end_b``: the unit holding each passage's start."""
    from .structure import measure_at

    check_table(measures, ("doc_id", "measure_id", "start", "end"), name="measures", source="extract_measures")
    # A document without units would give every passage in it an empty id.
    absent = sorted(doc_ids - set(measures["doc_id"]))
    if absent:
        raise ValueError(f"measures has no units of {', '.join(map(repr, absent))}; pass extract_measures of the same documents")
    frame = frame.copy()
    for side in ("a", "b"):
        ids = np.empty(len(frame), dtype=object)
        for doc_id, rows in frame.groupby(f"doc_{side}", sort=False).groups.items():
            ids[frame.index.get_indexer(rows)] = measure_at(measures, doc_id, frame.loc[rows, f"start_{side}"])
        frame.insert(frame.columns.get_loc(f"end_{side}") + 1, f"measure_{side}", pd.Series(ids, index=frame.index, dtype=frame[f"doc_{side}"].dtype))
    return frame


def _comparisons(a, b):
    """The documents of a call to :func:`find_reuse` and what each is compared with.

    Returns ``(documents, comparisons)``: each comparison ``(p, first, last)``
    compares the document at place ``p`` with those at ``first`` to
    ``last - 1``, in that order; every pair of documents compared comes once.
    """
    if isinstance(a, Document) and isinstance(b, Document):
        return [a, b], [(0, 1, 2)]
    if isinstance(a, Corpus) and b is None:
        documents = list(a)
        return documents, [(p, p + 1, len(documents)) for p in range(len(documents) - 1)]
    if isinstance(a, Document) and isinstance(b, Corpus):
        others = [other for other in b if other is not a and other.doc_id != a.doc_id]
        return [a, *others], [(0, 1, 1 + len(others))] if others else []
    kinds = f"a is a {type(a).__name__}, b is {'None' if b is None else 'a ' + type(b).__name__}"
    raise TypeError(f"{kinds}; expected two Documents, a Corpus and no b, or a Document and a Corpus")


def summarize_reuse(passages, corpus):
    """Share of each document's text covered by passages shared with another.

    Parameters
    ----------
    passages : pandas.DataFrame
        The result of :func:`find_reuse`.
    corpus : Corpus or list of Document
        Holds every document named in ``passages``.

    Returns
    -------
    pandas.DataFrame
        One row per pair of documents with at least one passage: ``doc_a,
        doc_b, n_passages, covered_a, covered_b`` (characters other than
        whitespace of each text inside some passage, overlaps counted once,
        so the line breaks inside a passage do not count), ``share_a,
        share_b`` (the same over the number of characters other than
        whitespace of each text, so layout does not count), sorted by
        ``share_a`` descending.

    Examples
    --------
    >>> from policycompare import load_document_from_text
    >>> a = load_document_from_text("坚持立德树人，全面提高教育质量。", doc_id="a")
    >>> b = load_document_from_text("前言。坚持立德树人，全面提高教育质量。", doc_id="b")
    >>> summary = summarize_reuse(find_reuse(a, b, min_length=10, k=4), [a, b])
    >>> summary[["covered_a", "covered_b"]].values.tolist(), summary[["share_a", "share_b"]].values.tolist()
    ([[16, 16]], [[1.0, 0.842105]])

    A passage over a paragraph break covers the characters on either side of it, not the break:

    >>> a = load_document_from_text("坚持立德树人。\\n\\n全面提高教育质量。", doc_id="a")
    >>> b = load_document_from_text("前言。坚持立德树人。\\n\\n全面提高教育质量。", doc_id="b")
    >>> passages = find_reuse(a, b, min_length=10, k=4)
    >>> int(passages.loc[0, "length"]), int(summarize_reuse(passages, [a, b]).loc[0, "covered_a"])
    (18, 16)
    """
    check_table(passages, ("doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b"), name="passages", source="find_reuse")
    documents = {doc.doc_id: doc for doc in documents_of(corpus, name="corpus")}
    missing = sorted((set(passages["doc_a"]) | set(passages["doc_b"])) - set(documents))
    if missing:
        raise ValueError(f"passages name the document {missing[0]!r}, which is not in corpus")
    rows = []
    for (doc_a, doc_b), group in passages.groupby(["doc_a", "doc_b"], sort=True):
        row = {"doc_a": doc_a, "doc_b": doc_b, "n_passages": len(group)}
        for side, doc_id in (("a", doc_a), ("b", doc_b)):
            text = documents[doc_id].text
            mask = np.zeros(len(text), dtype=bool)
            for start, end in zip(group[f"start_{side}"], group[f"end_{side}"]):
                mask[start:end] = True
            solid = ~np.array([c.isspace() for c in text], dtype=bool)
            row[f"covered_{side}"] = int((mask & solid).sum())
            row[f"share_{side}"] = round(row[f"covered_{side}"] / max(int(solid.sum()), 1), 6)
        rows.append(row)
    columns = ["doc_a", "doc_b", "n_passages", "covered_a", "covered_b", "share_a", "share_b"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["share_a", "doc_a", "doc_b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
    return typed(frame, {**dict.fromkeys(["n_passages", "covered_a", "covered_b"], "int64"), "share_a": "float64", "share_b": "float64"})
