"""Aligning measures across plans: which measures address the same policy instrument.

Method (see docs/method-alignment.md):

1. Each leaf measure becomes three TF-IDF vectors: words of its body, words of
   its heading, and character bigrams of its body. Words come from
   :func:`policycompare.tokens.tokenize`, so policy boilerplate is dropped,
   domain terms stay whole and the regions' own place names are masked;
   responsibility tags (<责任单位:…>) are removed first, since shared units
   say nothing about shared instruments. A fourth vector holds the measure's
   instrument-subtype scores from :func:`policycompare.typology.code_instruments`
   (Rothwell–Zegveld subtypes and McDonnell–Elmore types; the measures are
   coded once per alignment).
2. Candidate pairs come from a pruned inverted index: each measure's
   heaviest words are matched against the words of all measures, leaving out
   words found in very many measures, and each measure proposes its best 64
   peers in other plans. Candidates, memory and time grow linearly with the
   number of measures, not with its square. Frame sections (guiding
   ideology, principles, goals, schedule;
   :func:`policycompare.structure.classify_frame_sections`) are compared with
   frame sections only, measures with measures, and the phases of two
   schedules phase by phase (:func:`frame_roles`). Two frame sections of
   one role in different plans are a candidate pair whatever their words
   (a plan in traditional characters read without convert shares none with
   one in simplified characters), each section with at most 64 of its
   role's, those that share the most words first.
3. Each candidate pair gets four cosines (body words, heading words,
   characters, instrument subtypes) and two rank features, ``rank_a`` and
   ``rank_b``: the reciprocal rank (1 = best, 0.5 = second, …) of the peer
   among this measure's candidates in that plan by the sum of the three text
   cosines, and the other way round. They are features of the score, not
   the order links are selected in. A logistic model turns them into
   a score between 0 and 1, the estimated probability that a careful reader
   would link the two measures; its coefficients ship as a data file and were
   fitted on the hand-labelled alignments in ``tests/data``. The model weighs
   the two ranks alike, so a score does not depend on which of the two plans
   comes first in the corpus. Two frame
   sections of one role are counterparts: their score is at least the
   model's threshold (:func:`score_pairs`).
4. A link is kept when its score reaches the model's threshold (the one
   that gave the best F1 on the labelled pairs) and it is among the
   ``per_plan`` best by score of both its measures towards the other's plan
   and, if ``top_k`` is given, among the ``top_k`` best by score of both its
   measures over all peer plans. Every condition is judged among the same
   links, all those that reach the threshold, so the conditions intersect
   and an option added never adds a link. ``one_to_one=True`` is
   ``per_plan=1``: a matching of each measure's best link by score towards
   each peer plan, kept where it is the other measure's best too.

The links and their scores do not depend on the order of the plans: a
permutation of the corpus swaps doc_a and doc_b of some links and changes
nothing else. Where two candidates tie exactly (copies of one measure), the
plan whose id sorts first, then the earlier measure in its outline, goes
first.
"""

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .cache import hash_parts, load_table, store_table
from .corpus import Corpus, Document, _check_once, _unknown_id
from .errors import PolicyCompareError, kept_warnings, reissue, warn
from .structure import ANY_TAG
from .tables import check_table, typed
from .workers import map_threads, resolve_jobs

__all__ = [
    "ALIGNMENT_COLUMNS",
    "FEATURES",
    "TERMS",
    "align_measures",
    "align_measures_baseline",
    "build_measure_vectors",
    "frame_roles",
    "load_alignment_model",
    "model_terms",
    "score_candidates",
    "score_pairs",
    "score_terms",
]

FEATURES = ["cos_word", "cos_char", "cos_heading", "cos_typology", "rank_a", "rank_b"]
# What the logistic model weighs, computed from FEATURES by model_terms().
TERMS = ["sqrt_cos_word", "sqrt_cos_char", "cos_heading", "cos_typology", "rank_sum_x_content"]
# The numbers of a link; its ids, headings, texts and shared terms are strings.
_ALIGNMENT_TYPES = {**dict.fromkeys(["score", *FEATURES], "float64"), **dict.fromkeys(["start_a", "end_a", "start_b", "end_b"], "int64")}
ALIGNMENT_COLUMNS = [
    "doc_a", "measure_a", "doc_b", "measure_b", "score", *FEATURES, "shared_terms",
    "heading_a", "heading_b", "start_a", "end_a", "start_b", "end_b", "text_a", "text_b",
]
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+(?:\.[0-9]+)*[.．、]?|[①-⑳]|[一二三四五六七八九十]+是)\s*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")

# A character-bigram cosine this high is the same passage up to edits: 0.96 of the measures of the bundled
# plan's two versions have a counterpart this close; no two measures of other bundled plans come above 0.42.
_NEAR_VERBATIM = 0.8
# Measures above which n_jobs > 1 spreads the candidate search and cosines over threads.
_PARALLEL_MIN = 2000


@dataclass(frozen=True)
class MeasureVectors:
    """TF-IDF representations of a set of measures, rows in ``measures`` order.

    ``typology`` holds each measure's instrument-subtype scores from
    :func:`policycompare.typology.code_instruments` (rows L2-normalised, zero
    for a measure with no coding); ``typology_labels`` names its columns
    ``scheme/subtype``.
    """

    measures: pd.DataFrame
    words: sp.csr_matrix
    chars: sp.csr_matrix
    headings: sp.csr_matrix
    vocabulary: np.ndarray
    typology: sp.csr_matrix
    typology_labels: np.ndarray


def load_alignment_model(path=None):
    """The logistic model's intercept and coefficients, by feature name.

    Parameters
    ----------
    path : str, os.PathLike or None, default=None
        A CSV with ``feature`` and ``coefficient`` columns (``#`` starts a
        comment); ``None`` reads the model shipped with the package.

    Returns
    -------
    dict
        ``{feature: coefficient}``, with ``intercept`` and ``threshold``.

    Examples
    --------
    >>> model = load_alignment_model()
    >>> sorted(model) == sorted(["intercept", "threshold", *TERMS])
    True
    """
    if path is None:
        path = resources.files("policycompare") / "data" / "alignment_model.csv"
    table = pd.read_csv(path, comment="#")
    model = dict(zip(table["feature"], table["coefficient"].astype(float)))
    missing = [name for name in ("intercept", "threshold", *TERMS) if name not in model]
    if missing:
        # A model of the former terms weighed the rank of the measure of the plan that came first apart from the other's.
        former = (" (rank_a_x_content and rank_b_x_content are the former terms, whose scores depended on the order of the plans: "
                  "refit the model)") if {"rank_a_x_content", "rank_b_x_content"} & set(model) else ""
        raise PolicyCompareError(f"{path}: the alignment model lacks {', '.join(missing)}; expected intercept, threshold and {', '.join(TERMS)}{former}")
    return model


# The columns of a measures table that alignment reads; a link gives the offsets of its two measures.
_MEASURE_TABLE = ("doc_id", "measure_id", "kind", "is_leaf", "heading", "text", "start", "end")


def _measures_of(data, docs):
    """The leaf measures of ``docs`` (all by default), with their frame role (column ``frame``) where the outline allows."""
    from .structure import classify_frame_sections, extract_measures

    if isinstance(data, (Corpus, Document)):
        measures = extract_measures(data)
    elif isinstance(data, pd.DataFrame):
        check_table(data, _MEASURE_TABLE, name="data", source="extract_measures")
        measures = data
    else:
        raise TypeError(f"data must be a Corpus, Document or measures DataFrame, not {type(data).__name__}")
    if docs is not None:
        docs = _check_once(docs, "docs", "document")
        unknown = sorted(set(docs) - set(measures["doc_id"]))
        if unknown:
            raise _unknown_id(unknown[0], pd.unique(measures["doc_id"]))
        measures = measures[measures["doc_id"].isin(docs)]
    if "frame" not in measures.columns and {"measure_id", "parent_id", "heading"} <= set(measures.columns):
        # Roles pass from a section to its items: they come from the whole outline, before the leaves are taken.
        measures = measures.assign(frame=classify_frame_sections(measures))
    units = measures[(measures["kind"] != "front_matter") & measures["is_leaf"].astype(bool)]
    return units.reset_index(drop=True)


def alignable_text(text, heading=""):
    """A measure's text for comparison: numbering and responsibility tags removed.

    Examples
    --------
    >>> alignable_text("（一）加大经费投入。每年投入20万元。<责任单位:区教育局>")
    '加大经费投入。每年投入20万元。'
    """
    return _NUMBERING.sub("", ANY_TAG.sub("", text), count=1).strip()


def _plan_tokenizer(data, tokenizer, corpus=None, *, function="align_measures", stacklevel=2):
    """``tokenizer``, or by default one that masks the place names of every plan of ``data``, or of ``corpus`` for a measures table.

    ``function`` and ``stacklevel`` (frames from the caller up to the user's
    call) place the warning given for a table without its corpus.
    """
    from .tokens import Tokenizer, region_terms
    from .vectors import _check_corpus, _table_mask

    _check_corpus(data, corpus, tokenizer)
    if tokenizer is not None:
        return tokenizer
    if isinstance(data, pd.DataFrame):
        return Tokenizer(mask=_table_mask(data, corpus, function=function, stacklevel=stacklevel + 1))
    return Tokenizer(mask=region_terms(data) if isinstance(data, (Corpus, Document)) else [])


def build_measure_vectors(measures, *, corpus=None, tokenizer=None, n_jobs=1):
    """TF-IDF vectors of measures (body words, heading words, character bigrams) and their instrument-subtype scores.

    Parameters
    ----------
    measures : pandas.DataFrame
        Leaf measures (columns doc_id, measure_id, heading, text), and their
        frame role (column ``frame``, see
        :func:`policycompare.structure.classify_frame_sections`), which
        :func:`score_candidates` reads: frame sections are compared with
        frame sections of one role only. Without ``frame`` the roles are taken
        from the table's own outline when it holds its sections (the whole
        table of ``extract_measures``), else from the outline of ``corpus``;
        without either, every unit is compared as a measure and a
        ``PolicyCompareWarning`` says so.
    corpus : Corpus, default=None
        The corpus the measures came from, named in errors: the default
        tokenizer masks the place names of every plan of it, which must hold
        every plan of ``measures``. Without it (and without ``tokenizer``)
        none are masked, and a ``PolicyCompareWarning`` says so.
    tokenizer : tokens.Tokenizer, default=None
        A tokenizer given brings its own mask instead of the corpus's.
    n_jobs : int, default=1
        Processes for tokenization.

    Returns
    -------
    MeasureVectors
    """
    from .tokens import _start_terms_many

    # The corpus also names its folder in an error; a tokenizer given brings its own mask.
    tokenizer = _plan_tokenizer(measures, tokenizer, corpus if tokenizer is None else None, function="build_measure_vectors")
    measures = _with_frame_roles(measures, corpus)
    bodies = [alignable_text(t) for t in measures["text"]]
    headings = [h or "" for h in measures["heading"]]
    coding = _start_typology_vectors(measures, n_jobs=resolve_jobs(n_jobs))
    # One call for bodies and headings: one pool of workers, and no dictionary load in this process.
    waiting = _start_terms_many(bodies + headings, tokenizer=tokenizer, n_jobs=n_jobs)
    # While worker processes cut the texts (and, on a large set, one codes the instrument profiles), this one imports scikit-learn.
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

    typology, typology_labels = coding()
    terms = waiting()
    body_terms, heading_terms = terms[:len(bodies)], terms[len(bodies):]
    char_docs = ["|".join(_CJK_RUN.findall("".join(terms))) for terms in body_terms]
    if len(bodies) and not any(char_docs):
        # scikit-learn's own words ("empty vocabulary") name neither the plans nor the cause.
        plans = list(dict.fromkeys(measures["doc_id"])) if "doc_id" in measures.columns else []
        raise PolicyCompareError(f"none of the {len(bodies)} measures{' of ' + ', '.join(plans) if plans else ''} has a Chinese "
                                 "word to compare (the alignment reads plans in Chinese)", path=getattr(corpus, "path", None))

    # Weighted by scikit-learn, normalised by _normalized: summed in the order scikit-learn keeps a row's cells in, the
    # order of the words' first appearance, a row's norm would change with the order of the plans.
    word_vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False, norm=None)
    words = _normalized(word_vectorizer.fit_transform(body_terms))
    vocabulary = word_vectorizer.get_feature_names_out()
    # Headings share the body's vocabulary so shared_terms can draw on both.
    heading_vectorizer = TfidfVectorizer(analyzer=_identity, vocabulary=word_vectorizer.vocabulary_, sublinear_tf=True, lowercase=False, norm=None)
    headings_matrix = _normalized(heading_vectorizer.fit_transform(heading_terms))
    counts = _char_bigram_counts(char_docs)
    if counts.shape[1]:
        # The weighting is scikit-learn's; only the counting, a Python loop over every character there, is done here.
        weighting = TfidfTransformer(sublinear_tf=True, norm=None)
        chars = _normalized(weighting.fit(counts).transform(counts, copy=False))
    else:
        chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, lowercase=False).fit_transform(char_docs)
    return MeasureVectors(measures, words, chars.tocsr(), headings_matrix, vocabulary, typology, typology_labels)


def _normalized(matrix):
    """``matrix`` (CSR) with each row's cells in column order and the row L2-normalised.

    scikit-learn keeps a row's cells in the order its words first occur in
    the corpus, and a norm summed in that order moves in the 16th decimal
    when the plans come in another order: enough to break a tie of two
    candidates the other way. In column order the cells, so the norms, the
    cosines and the scores are the same bit for bit whatever the order.

    Examples
    --------
    >>> _normalized(sp.csr_matrix(([4.0, 3.0], [1, 0], [0, 2]), shape=(1, 2))).toarray().tolist()
    [[0.6, 0.8]]
    """
    from sklearn.preprocessing import normalize

    matrix = matrix.tocsr()
    matrix.sort_indices()
    return normalize(matrix, copy=False)


def _with_frame_roles(measures, corpus):
    """``measures`` with its frame role (column ``frame``): as given, from its own outline, or from its corpus's.

    Roles pass from a section to its items (the phases under 实施步骤 are a
    schedule), so a table of leaves alone cannot tell them; the outline of
    the plans it came from can, read as the table was (its ``segmentation``).
    """
    from .structure import classify_frame_sections, extract_measures

    columns = set(measures.columns)
    if "frame" in columns or "measure_id" not in columns:
        return measures
    if {"parent_id", "heading", "is_leaf"} <= columns and not measures["is_leaf"].astype(bool).all():
        return measures.assign(frame=classify_frame_sections(measures))
    if corpus is None:
        warn("the measures table has neither a frame column nor its sections, so guiding ideology, goals and schedules are "
             "compared as measures, with every measure; pass corpus=, the corpus the table came from, or add "
             "frame=classify_frame_sections(...) of the whole extract_measures table", stacklevel=4)
        return measures
    from .corpus import documents_of

    wanted = set(measures["doc_id"])
    read_as = dict(zip(measures["doc_id"], measures["segmentation"])) if "segmentation" in columns else {}
    outlines = [extract_measures(doc, segmentation=read_as.get(doc.doc_id, "auto"))
                for doc in documents_of(corpus, name="corpus") if doc.doc_id in wanted]
    outline = pd.concat(outlines, ignore_index=True) if outlines else measures.iloc[:0]
    roles = dict(zip(outline["measure_id"], classify_frame_sections(outline)))
    return measures.assign(frame=measures["measure_id"].map(roles).fillna(""))


def _char_bigram_counts(docs):
    """Counts of the character bigrams of ``docs``, as ``CountVectorizer(analyzer="char", ngram_range=(2, 2))`` gives them.

    The same matrix, float64, bit for bit: columns in the sorted order of the
    bigrams, and each row's cells in the order of the bigrams' first
    appearance in the corpus (:func:`_normalized` sorts them before the rows
    are normalised). Counted with NumPy on the
    code points of all documents at once (a bigram never spans two): about
    three times quicker than the analyzer's Python loop on a large corpus.
    Documents must hold no whitespace (the analyzer would fold it).

    Examples
    --------
    >>> counts = _char_bigram_counts(["教师教育", "", "教育"])
    >>> counts.toarray().tolist()
    [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    codes = np.frombuffer("".join(docs).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    starts = np.flatnonzero(rows[:-1] == rows[1:])
    # Bigram ids in order of first appearance, as the analyzer's vocabulary grows.
    appearance, bigrams = pd.factorize((codes[starts] << 21) | codes[starts + 1])
    n_features = len(bigrams)
    cells, cell_keys = pd.factorize(rows[starts] * max(n_features, 1) + appearance)
    cell_counts = np.bincount(cells, minlength=len(cell_keys)).astype(np.float64)
    order = np.argsort(cell_keys, kind="stable")  # by row, then by appearance id
    cell_keys, cell_counts = cell_keys[order], cell_counts[order]
    cell_rows, cell_appearance = np.divmod(cell_keys, max(n_features, 1))
    sorted_position = np.empty(n_features, dtype=np.int64)
    sorted_position[np.argsort(bigrams, kind="stable")] = np.arange(n_features)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(cell_rows, minlength=len(docs)))])
    return sp.csr_matrix((cell_counts, sorted_position[cell_appearance], indptr), shape=(len(docs), n_features))


def _typology_vectors(measures):
    """Instrument-subtype scores of each measure, both typology schemes, rows L2-normalised.

    The measures are coded once, with the defaults of
    :func:`policycompare.typology.code_instruments`; a row is zero when the
    measure gets no coding. Columns are ``scheme/subtype`` labels in
    dictionary order.

    Examples
    --------
    >>> measures = pd.DataFrame({"heading": ["加大经费投入", "组建教育集团", ""],
    ...                          "text": ["（一）加大经费投入。设立专项经费。", "（二）组建教育集团。", "（三）其他。"]})
    >>> matrix, labels = _typology_vectors(measures)
    >>> {labels[k]: round(float(v), 3) for k, v in zip(matrix[0].indices, matrix[0].data)}
    {'rothwell_zegveld/资金投入': 0.857, 'mcdonnell_elmore/能力建设型': 0.514}
    >>> round(float(matrix[0].multiply(matrix[1]).sum()), 3), matrix[2].nnz
    (0.0, 0)
    """
    return _start_typology_vectors(measures, n_jobs=1)()


def _start_typology_vectors(measures, *, n_jobs):
    """Start :func:`_typology_vectors`; returns a function that waits for them.

    With ``n_jobs`` > 1 and more than ``_PARALLEL_MIN`` measures the coding
    runs in a process forked from this one, beside the processes that cut the
    texts, while this one imports scikit-learn: otherwise this process has the
    most work of them and the others wait for it. The scores are the same.
    """
    from .typology import _subtype_scores
    from .workers import start_forked

    # Nothing but text and heading: every row is coded, whatever other columns the table has.
    texts = measures["text"].astype(str).tolist()
    headings = ["" if pd.isna(h) else str(h) for h in measures["heading"]]
    if n_jobs > 1 and len(texts) > _PARALLEL_MIN:
        scoring = start_forked(_subtype_scores, texts, headings)
    else:
        scoring = functools.partial(_subtype_scores, texts, headings)

    def finish():
        from sklearn.preprocessing import normalize

        matrix, labels = scoring()
        return normalize(matrix).tocsr(), labels

    return finish


def _identity(tokens):
    return tokens


def _prune(matrix, *, keep, max_df):
    """Each row's ``keep`` heaviest columns, without columns found in more than ``max_df`` rows.

    Weights are kept; with ``keep=None`` every column of a row is kept (only the
    frequent ones drop).
    """
    matrix = matrix.tocsr().copy()
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    matrix.data[df[matrix.indices] > max_df] = 0
    if keep is not None:
        for row in range(matrix.shape[0]):
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            if hi - lo > keep:
                values = matrix.data[lo:hi]
                cut = np.partition(values, hi - lo - keep)[hi - lo - keep]
                values[values < cut] = 0
    matrix.eliminate_zeros()
    return matrix


def _check_fraction(name, value):
    """Refuse an option that is neither None nor a number between 0 and 1, naming it."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not 0 <= value <= 1):
        raise PolicyCompareError(f"{name}={value!r}; expected a number between 0 and 1")


def _default_max_df(n):
    """Measures a word may occur in and still propose candidates: 100, growing with log₂ n past 100."""
    return max(100, int(15 * math.log2(max(n, 2))))


def _candidate_pairs(vectors, doc_codes, *, kinds=None, roles=None, keep=20, max_df=None, per_measure=64, chunk=2000, n_jobs=1):
    """Candidate pairs (i, j), i < j, from different plans (``doc_codes``, one per measure).

    A measure's query is its ``keep`` heaviest words (body and heading); it is
    matched, by the product of TF-IDF weights, against every measure's words
    that occur in at most ``max_df`` measures. Each measure proposes its
    ``per_measure`` best-matching measures of other plans (and, when
    ``kinds`` is given, of its own kind: frame sections propose frame
    sections, so that measures never crowd them out, and query with all
    their words), and a pair is a candidate when either side proposes it. Candidates thus grow linearly with
    the number of measures, and each block of ``chunk`` query rows is one
    sparse product: no n × n matrix is ever formed. With ``n_jobs`` > 1 the
    blocks are spread over that many threads (the products release the
    interpreter lock). Peers tied at a measure's ``per_measure``-th place go
    to the lower plan code, then to the lower row (:func:`_proposals`); with
    codes in the sorted order of the plans' ids, as :func:`score_candidates`
    gives them, the candidates do not depend on the order of the plans.
    With ``roles`` (:func:`frame_roles`), frame sections of one role are
    also paired whatever their words (:func:`_counterpart_keys`).
    """
    n = vectors.words.shape[0]
    if max_df is None:
        max_df = _default_max_df(n)
    query = sp.hstack([_prune(vectors.words, keep=keep, max_df=max_df), _prune(vectors.headings, keep=keep, max_df=max_df)]).tocsr()
    full = sp.hstack([_prune(vectors.words, keep=None, max_df=max_df), _prune(vectors.headings, keep=None, max_df=max_df)]).tocsr()
    index = full.T.tocsr()
    kinds = np.zeros(n, dtype=np.int8) if kinds is None else np.asarray(kinds, dtype=np.int8)
    if kinds.any():
        # A frame section's words are the period's stock formulas, common and light, so its heaviest words miss the
        # frame sections of other plans: it queries with all its words (frame sections are a few per plan).
        framed = sp.diags((kinds != 0).astype(float))
        query = (sp.diags((kinds == 0).astype(float)) @ query + framed @ full).tocsr()
    shared = (index, doc_codes, kinds)
    blocks = [(shared, query[lo:lo + chunk], lo, per_measure) for lo in range(0, n, chunk)]
    keys = map_threads(_proposals, blocks, n_jobs)
    if roles is not None:
        keys.append(_counterpart_keys(full, doc_codes, roles, per_measure=per_measure))
    if not keys:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    keys = np.sort(np.concatenate(keys))
    # Sorting and dropping repeats: np.unique's hash table is many times slower on a million keys.
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    keys = keys[first]
    return keys // n, keys % n


def _proposals(shared, queries, lo, per_measure):
    """Pair keys ``min(i, j) * n + max(i, j)`` of the best peers of query rows ``lo``, ``lo + 1``, …

    Peers tied at the cut go to the lower plan code, then to the lower column.
    """
    index, doc_codes, kinds = shared
    n = len(doc_codes)
    block = (queries @ index).tocsr()
    counts = np.diff(block.indptr)
    rows = slice(lo, lo + block.shape[0])
    own = np.repeat(np.arange(lo, lo + block.shape[0]), counts)
    cols, weights = block.indices, block.data
    other = (doc_codes[cols] != np.repeat(doc_codes[rows], counts)) & (kinds[cols] == np.repeat(kinds[rows], counts))
    own, cols, weights = own[other], cols[other], weights[other]
    ends = np.cumsum(np.bincount(own - lo, minlength=block.shape[0]))
    keep = np.ones(len(cols), dtype=bool)
    # Only a row with more peers than per_measure needs a cut: below its per_measure-th weight, found by a partition.
    for row in np.flatnonzero(np.diff(ends, prepend=0) > per_measure):
        start, end = ends[row - 1] if row else 0, ends[row]
        peers = weights[start:end]
        cut = np.partition(peers, len(peers) - per_measure)[len(peers) - per_measure]
        below = peers < cut
        keep[start:end] = ~below
        surplus = len(peers) - per_measure - np.count_nonzero(below)
        if surplus:
            # Ties at the cut (copies of one measure) go to the lower plan code, then the lower column, so the result depends
            # neither on the chunk size nor on the product's order, nor, with codes in the order of the plans' ids, on the
            # plans' order: a plan's rows keep their outline order wherever it stands.
            tied = start + np.flatnonzero(peers == cut)
            keep[tied[np.lexsort((cols[tied], doc_codes[cols[tied]]))[-surplus:]]] = False
    cols, own = cols[keep].astype(np.int64), own[keep]
    return np.minimum(cols, own) * n + np.maximum(cols, own)


def _counterpart_keys(full, doc_codes, roles, *, per_measure=64, chunk=2000):
    """Pair keys ``min(i, j) * n + max(i, j)`` of frame sections of one role in different plans, whatever their words.

    Two frame sections of one role are counterparts (:func:`score_pairs`),
    but the word index pairs only sections that share a word, and two plans
    may share none: one in traditional characters read without convert
    (指導思想) and one in simplified characters (指导思想). So each frame
    section is paired with the sections of its role in the other plans, at
    most ``per_measure`` of them: those with the largest product of their
    words (``full``, the rows of the candidate search), then, of the sections
    that tie (those that share no word), those of the plan first by its code,
    then first in its outline. Up to ``per_measure`` sections of a role in
    other plans every pair is a candidate (the 14 bundled plans have 22 goals
    sections); beyond, each section adds at most ``per_measure`` pairs, not
    one for every other plan's section. The products are taken ``chunk``
    sections at a time, as sparse matrices. A pair both its sections choose
    comes twice (:func:`_candidate_pairs` drops the repeats).

    Examples
    --------
    >>> full = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]))
    >>> codes, roles = np.array([0, 1, 2, 2, 0]), np.array(["goals", "goals", "goals", "ideology", ""], dtype=object)
    >>> keys = _counterpart_keys(full, codes, roles, per_measure=1)
    >>> sorted({(int(k) // 5, int(k) % 5) for k in keys})
    [(0, 1), (1, 2)]
    """
    n = len(doc_codes)
    roles = np.asarray(roles, dtype=object)
    keys = [np.empty(0, np.int64)]
    for role in sorted(set(roles.tolist()) - {""}):
        members = np.flatnonzero(roles == role)
        # Sections in the order ties go in: by plan code, then in outline (row) order.
        members = members[np.lexsort((members, doc_codes[members]))]
        codes = doc_codes[members]
        size = len(members)
        if len(np.unique(codes)) < 2:
            continue
        index = full[members].T.tocsr()
        for lo in range(0, size, chunk):
            block = (full[members[lo:lo + chunk]] @ index).tocsr()
            own = np.repeat(np.arange(lo, lo + block.shape[0]), np.diff(block.indptr))
            peers, weights = block.indices, block.data
            other = codes[peers] != codes[own]
            own, peers, weights = own[other], peers[other], weights[other]
            # Each section's peers heaviest first, ties in section order; its first per_measure are kept.
            order = np.lexsort((peers, -weights, own))
            own, peers = own[order], peers[order]
            place = np.arange(len(own)) - np.searchsorted(own, own)
            own, peers = own[place < per_measure], peers[place < per_measure]
            found = np.bincount(own - lo, minlength=block.shape[0])
            # A section with fewer peers that share a word takes the first of those that share none.
            extra = []
            for row in lo + np.flatnonzero(found < per_measure):
                # Its own plan's sections and the peers it has are passed over: the first few sections are enough.
                start, end = np.searchsorted(own, [row, row + 1])
                head = np.arange(min(size, per_measure + (end - start) + np.count_nonzero(codes == codes[row])))
                head = head[(codes[head] != codes[row]) & ~np.isin(head, peers[start:end])][:per_measure - (end - start)]
                extra.append(np.column_stack([np.full(len(head), row), head]))
            if extra:
                filled = np.concatenate(extra)
                own, peers = np.concatenate([own, filled[:, 0]]), np.concatenate([peers, filled[:, 1]])
            own, peers = members[own].astype(np.int64), members[peers].astype(np.int64)
            keys.append(np.minimum(own, peers) * n + np.maximum(own, peers))
    return np.concatenate(keys)


def _rowwise_dot(matrix, i, j, chunk=50_000):
    out = np.empty(len(i))
    for lo in range(0, len(i), chunk):
        a, b = matrix[i[lo:lo + chunk]], matrix[j[lo:lo + chunk]]
        out[lo:lo + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def _rowwise_dots(matrices, i, j, n_jobs=1, chunk=20_000):
    """``_rowwise_dot`` of each matrix, in ``n_jobs`` threads that take ``chunk`` pairs of one matrix at a time.

    Each pair's cosine is the same whatever the chunk, so the result does not
    depend on ``n_jobs``. Small chunks keep the temporaries small (under
    32 MB for the character vectors, glibc's largest threshold for handing
    memory back to the system at once): on 500,000 pairs, chunks of 50,000
    spent twice the system time on page faults.
    """
    starts = range(0, len(i), chunk)
    tasks = [(matrix, i[lo:lo + chunk], j[lo:lo + chunk]) for matrix in matrices for lo in starts]
    results = map_threads(_rowwise_dot, tasks, n_jobs)
    parts = len(starts)
    return [np.concatenate(results[k * parts:(k + 1) * parts]) if parts else np.empty(0) for k in range(len(matrices))]


def _reciprocal_rank(frame, key, peer, score):
    """1/rank of each pair among the candidates of its ``key`` measure in the ``peer`` plan (1.0 = best).

    Tied pairs share the best rank of their tie, as ``rank(method="min")``
    gives it, and a missing score has no rank. Computed with two sorts of the
    whole table rather than a pandas groupby: half the time on a large run.

    Examples
    --------
    >>> pairs = pd.DataFrame({"i": [0, 0, 0, 0, 1], "doc_j": [1, 1, 1, 2, 1], "s": [0.2, 0.5, 0.2, 0.1, 0.3]})
    >>> _reciprocal_rank(pairs, "i", "doc_j", "s").round(3).tolist()
    [0.5, 1.0, 0.5, 1.0, 1.0]
    """
    values = frame[score].to_numpy(dtype=float)
    if np.isnan(values).any():
        return 1.0 / frame.groupby([key, peer])[score].rank(ascending=False, method="min")
    size = len(values)
    # Each value as its place among the distinct values, so that one integer sort orders by group and value.
    by_value = np.argsort(values)
    distinct = np.empty(size, dtype=np.int64)
    distinct[by_value] = np.cumsum(_new_runs(values[by_value])) - 1
    keys, peers = frame[key].to_numpy(), frame[peer].to_numpy()
    # Each group together, best first within it.
    order = _ordering(keys, peers, (distinct.max() if size else 0) - distinct)
    keys, peers, distinct = keys[order], peers[order], distinct[order]
    position = np.arange(size)
    group_start = np.maximum.accumulate(np.where(_new_runs(keys, peers), position, 0))
    tie_start = np.maximum.accumulate(np.where(_new_runs(keys, peers, distinct), position, 0))
    ranks = np.empty(size)
    ranks[order] = tie_start - group_start + 1
    return pd.Series(1.0 / ranks, index=frame.index, name=score)


def score_candidates(vectors, *, model=None, n_jobs=1):
    """Features and calibrated scores of all candidate pairs (no threshold applied).

    Parameters
    ----------
    vectors : MeasureVectors
        The leaf measures and their vectors, from :func:`build_measure_vectors`.
    model : dict, default=None
        Logistic coefficients (default: the shipped model, :func:`load_alignment_model`).
    n_jobs : int, default=1
        Threads for the candidate search and the cosines when there are more
        than 2,000 measures (fewer are quicker in one); ``-1`` uses every CPU.
        The result does not depend on ``n_jobs``.

    Returns
    -------
    pandas.DataFrame
        Columns i, j (row positions in ``vectors.measures``, i < j), doc_i
        and doc_j (their plans' codes, in the sorted order of the plans'
        ids), counterpart, the features and ``score``. A permutation of the
        plans gives the same pairs, features and scores (rank_a and rank_b
        swapped where i and j are).
    """
    model = load_alignment_model() if model is None else model
    measures = vectors.measures
    # Plans coded in the sorted order of their ids: ties, in the candidates and in the links, are broken by the codes,
    # so that the candidates and links do not depend on the order of the plans.
    doc_codes = pd.factorize(measures["doc_id"], sort=True)[0]
    jobs = resolve_jobs(n_jobs)
    jobs = jobs if len(measures) > _PARALLEL_MIN else 1  # a pool costs more than it saves on a small alignment
    roles = frame_roles(measures)
    # A frame section (guiding ideology, goals, schedule…) is compared with frame sections only, a measure with
    # measures (the candidate search proposes within each kind), and a phase of a schedule with the phase in the
    # same place of the other schedule.
    framed = roles != ""
    i, j = _candidate_pairs(vectors, doc_codes, kinds=framed, roles=roles, n_jobs=jobs)
    phased = np.char.find(roles.astype(str), ":") >= 0
    comparable = ~(phased[i] & phased[j] & (roles[i] != roles[j]))
    i, j = i[comparable], j[comparable]
    # 32-bit positions and plan codes: the candidate table is the largest object of a big run.
    i, j = i.astype(np.int32), j.astype(np.int32)
    codes = doc_codes.astype(np.int32)
    frame = pd.DataFrame({"i": i, "j": j, "doc_i": codes[i], "doc_j": codes[j], "counterpart": framed[i] & (roles[i] == roles[j])})
    cosines = _rowwise_dots((vectors.words, vectors.chars, vectors.headings, vectors.typology), i, j, n_jobs=jobs)
    for name, values in zip(["cos_word", "cos_char", "cos_heading", "cos_typology"], cosines):
        frame[name] = values
    frame["combined"] = frame["cos_word"] + frame["cos_char"] + frame["cos_heading"]
    frame["rank_a"] = _reciprocal_rank(frame, "i", "doc_j", "combined")
    frame["rank_b"] = _reciprocal_rank(frame, "j", "doc_i", "combined")
    frame["score"] = score_pairs(frame, model)
    del frame["combined"]  # in place: a copy of the largest table of a big run would double its memory
    return frame


def frame_roles(measures):
    """Each unit's frame role for alignment: ``""`` for a measure, the phase's place for a schedule phase.

    Frame sections of one role correspond whatever their words (the guiding
    ideology of one plan is the counterpart of the other's). The phases of
    a schedule are told apart by their place among the schedule's phases
    (``schedule:first``, ``schedule:middle``, ``schedule:last``; a single
    phase, or a schedule not split into phases, is ``schedule``), so that the
    launch is compared with the launch and the summing-up with the summing-up.

    Parameters
    ----------
    measures : pandas.DataFrame
        Leaf units with ``frame`` (from
        :func:`policycompare.structure.classify_frame_sections`) and
        ``parent_id``; without ``frame`` every unit is a measure.

    Returns
    -------
    numpy.ndarray
        One string per row.

    Examples
    --------
    >>> units = pd.DataFrame({"parent_id": ["p:0", "p:0", "p:3", "p:3", "p:3", "p:2"],
    ...                       "frame": ["ideology", "goals", "schedule", "schedule", "schedule", ""]})
    >>> frame_roles(units).tolist()
    ['ideology', 'goals', 'schedule:first', 'schedule:middle', 'schedule:last', '']
    """
    if "frame" not in measures.columns:
        return np.full(len(measures), "", dtype=object)
    roles = measures["frame"].fillna("").astype(str).to_numpy(dtype=object).copy()
    if "parent_id" in measures.columns:
        phases = pd.Series(np.arange(len(roles)))[roles == "schedule"]
        parents = measures["parent_id"].astype(str).to_numpy()[phases.to_numpy()]
        if "doc_id" in measures.columns:
            # Top-level units of every plan have the parent "": two plans' schedules are never one schedule's phases.
            parents = measures["doc_id"].astype(str).to_numpy()[phases.to_numpy()] + "\x00" + parents
        place = phases.groupby(parents, sort=False).cumcount().to_numpy()
        size = phases.groupby(parents, sort=False).transform("size").to_numpy()
        named = np.where(place == 0, "schedule:first", np.where(place == size - 1, "schedule:last", "schedule:middle"))
        roles[phases.to_numpy()] = np.where(size > 1, named, "schedule")
    return roles


def score_pairs(frame, model):
    """The score of each candidate pair: the logistic model's, raised to the model's threshold for frame counterparts.

    Frame sections of one role (``counterpart``, see :func:`frame_roles`)
    correspond by what they are, so their link does not hang on the words
    they share: the hand alignment links every such pair, while stock wording
    gives some of them a low text score (Anning's yearly goals against
    Qixing's goals: 0.08). Their score is the model's when higher, else the
    model's threshold, so they are kept by the default selection.

    Parameters
    ----------
    frame : pandas.DataFrame
        Candidate pairs with ``FEATURES`` and, optionally, ``counterpart``.
    model : dict
        Logistic coefficients (and ``threshold``), as from :func:`load_alignment_model`.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> model = {"intercept": -3.0, **{term: 0.0 for term in TERMS}, "threshold": 0.26}
    >>> pairs = pd.DataFrame({feature: [0.0, 0.0] for feature in FEATURES}).assign(counterpart=[False, True])
    >>> score_pairs(pairs, model).round(4).tolist()
    [0.0474, 0.26]
    """
    scores = score_terms(model_terms(frame), model)
    if "counterpart" in frame.columns and "threshold" in model:
        scores = np.where(frame["counterpart"].to_numpy(dtype=bool), np.maximum(scores, model["threshold"]), scores)
    return scores


def model_terms(features):
    """The terms the logistic model weighs, from a table of FEATURES.

    Square roots of the word and character cosines (a few shared words
    already say much; more say less and less), the heading and typology
    cosines, and the sum of the two rank features times the square root of
    the mean of the word, character and typology cosines: being each other's
    best match counts only as far as the two measures share content, so two
    measures that are each other's best of a bad lot are not linked. The two
    ranks are summed, one weight for both: which of them is ``rank_a`` only
    says which plan comes first in the corpus, and a score must not depend
    on that.

    Examples
    --------
    >>> features = pd.DataFrame({"cos_word": [0.25], "cos_char": [0.16], "cos_heading": [0.0],
    ...                          "cos_typology": [0.44], "rank_a": [1.0], "rank_b": [0.5]})
    >>> model_terms(features).round(3).iloc[0].tolist()
    [0.5, 0.4, 0.0, 0.44, 0.798]
    """
    # Cosines of non-negative vectors; the clip keeps a rounding error from becoming a NaN.
    root = lambda x: np.sqrt(np.clip(x, 0.0, None))  # noqa: E731
    content = root((features["cos_word"] + features["cos_char"] + features["cos_typology"]) / 3)
    return pd.DataFrame({
        "sqrt_cos_word": root(features["cos_word"]),
        "sqrt_cos_char": root(features["cos_char"]),
        "cos_heading": features["cos_heading"],
        "cos_typology": features["cos_typology"],
        "rank_sum_x_content": (features["rank_a"] + features["rank_b"]) * content,
    }, index=features.index)[TERMS]


def score_terms(terms, model):
    """The logistic score in 0–1 of each row of ``terms`` (from :func:`model_terms`).

    Parameters
    ----------
    terms : pandas.DataFrame
        Columns ``TERMS``.
    model : dict
        Intercept and one coefficient per term (:func:`load_alignment_model`).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> model = {"intercept": -1.0, **{term: 0.0 for term in TERMS}, "cos_typology": 2.0}
    >>> terms = pd.DataFrame({term: [0.0, 0.0] for term in TERMS}).assign(cos_typology=[0.0, 0.5])
    >>> score_terms(terms, model).round(4).tolist()
    [0.2689, 0.5]
    """
    logit = model["intercept"] + sum(model[t] * terms[t].to_numpy() for t in TERMS)
    return 1.0 / (1.0 + np.exp(-logit))


def _shared_terms(vectors, i, j, n=5, chunk=50_000):
    """The ``n`` words with the largest product of weights in each pair, heaviest first (ties by vocabulary order)."""
    words, vocab = vectors.words, vectors.vocabulary
    terms = []
    for lo in range(0, len(i), chunk):
        # One sparse product for a whole block of pairs, then one sort of all its entries.
        product = words[i[lo:lo + chunk]].multiply(words[j[lo:lo + chunk]]).tocsr()
        product.sort_indices()
        rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
        # Stable, so equal weights keep the (sorted) column order within a row.
        order = np.lexsort((-product.data, rows))
        rows, cols = rows[order], product.indices[order]
        place = np.arange(len(rows)) - product.indptr[rows]
        keep = place < n
        rows, cols = rows[keep], cols[keep]
        # Column p holds each pair's p-th term; joining columns is one object-array operation each.
        place = place[keep]
        joined = np.full(product.shape[0], "", dtype=object)
        for p in range(n):
            at = place == p
            if not at.any():
                break
            words_p = vocab[cols[at]].astype(object)
            joined[rows[at]] = words_p if p == 0 else joined[rows[at]] + " " + words_p
        terms.extend(joined.tolist())
    return terms


def _select(frame, *, threshold, per_plan=5, top_k=None, one_to_one=False):
    """Links at or above ``threshold`` among the best by score of both their measures: ``per_plan`` per peer plan, ``top_k`` in all.

    Every condition is judged among the same links, all those at or above
    ``threshold``, and a link is kept when it meets them all, so an option
    added never adds a link: ranked among the links another condition left,
    a link would move up into the place of one that condition dropped. Both
    caps hold on both sides of a link: it stays only if it is among the best
    of each of its two measures. ``one_to_one`` is ``per_plan=1``. Of links
    with equal scores the first is the one whose measure in the plan of the
    lower code (``doc_i``, ``doc_j``) comes first, then the one whose other
    measure does (:func:`_best_first`).
    """
    if one_to_one:
        per_plan = 1
    scores = frame["score"].to_numpy()
    rows = np.flatnonzero(scores >= threshold)
    # Positions in the table, not its columns, are ranked; the table is taken once, at the end.
    rows = rows[_best_first(scores[rows], *(frame[name].to_numpy()[rows] for name in ("i", "j", "doc_i", "doc_j")))]
    i, j = frame["i"].to_numpy()[rows], frame["j"].to_numpy()[rows]
    # Both sides' places among the same links: capped one side after the other, the side capped first (the measure
    # of the plan that came first) would narrow the links the other is ranked among.
    keep = (_places(i, frame["doc_j"].to_numpy()[rows]) < per_plan) & (_places(j, frame["doc_i"].to_numpy()[rows]) < per_plan)
    if top_k is not None and len(rows):
        # A measure is i in some links and j in others: its places among all its links, on both sides together, best first.
        place = _places(np.column_stack([i, j]).ravel())
        keep &= (place[0::2] < top_k) & (place[1::2] < top_k)
    return frame.iloc[rows[keep]]


def _best_first(scores, i, j, doc_i, doc_j):
    """The order of pairs by descending score; ties by the measure in the plan of the lower code, then by the other.

    A measure's place in this order is its plan's code (``doc_i``,
    ``doc_j``), then its row (``i``, ``j``): with codes in the sorted order
    of the plans' ids, this is the order the measures would have with the
    plans sorted by id, each in its outline order, whatever order they come
    in.
    Candidate pairs of plans in that order come in (i, j) order, where a
    stable sort of the scores alone gives the order at a third of the cost
    of sorting by all the keys.

    Examples
    --------
    >>> scores, i, j = np.array([0.5, 0.9, 0.5]), np.array([2, 0, 1]), np.array([3, 1, 4])
    >>> _best_first(scores, i, j, np.array([0, 0, 0]), np.array([1, 1, 1])).tolist()
    [1, 2, 0]
    >>> _best_first(scores, i, j, np.array([1, 1, 1]), np.array([0, 0, 0])).tolist()
    [1, 0, 2]
    """
    doc_i, doc_j = doc_i.astype(np.int64), doc_j.astype(np.int64)
    first = doc_i <= doc_j
    keys = (np.where(first, doc_i, doc_j), np.where(first, i, j).astype(np.int64),
            np.where(first, doc_j, doc_i), np.where(first, j, i).astype(np.int64))
    # Whether the pairs already come in the order of their keys: each key greater, or equal and the next decides.
    later, same = np.zeros(max(len(scores) - 1, 0), dtype=bool), np.ones(max(len(scores) - 1, 0), dtype=bool)
    for key in keys:
        later |= same & (key[1:] > key[:-1])
        same &= key[1:] == key[:-1]
    if later.all():
        return np.argsort(-scores, kind="stable")
    return np.lexsort((*keys[::-1], -scores))


def _places(*keys):
    """Each element's place among the elements with its key (one value of each of ``keys``), in array order (0 for the first).

    What ``groupby(keys).cumcount()`` gives.

    Examples
    --------
    >>> _places(np.array([3, 1, 3, 3, 1]), np.array([0, 0, 0, 1, 0])).tolist()
    [0, 0, 1, 0, 1]
    """
    order = _ordering(*keys)
    size = len(order)
    starts = np.flatnonzero(_new_runs(*(key[order] for key in keys)))
    places = np.empty(size, dtype=np.int64)
    places[order] = np.arange(size) - np.repeat(starts, np.diff(np.r_[starts, size]))
    return places


def _ordering(*keys):
    """The order of elements by ``keys`` (non-negative integers, the first the most significant), ties in array order.

    ``np.lexsort(keys[::-1])``, but where the keys and the position fit one
    64-bit integer per element, from one sort of those distinct integers:
    an unstable sort of one key, a third of the time of a lexsort.

    Examples
    --------
    >>> _ordering(np.array([1, 0, 1, 0]), np.array([0, 5, 0, 2])).tolist()
    [3, 1, 0, 2]
    """
    size = len(keys[0])
    combined = np.zeros(size, dtype=np.int64)
    span = 1
    for key in keys:
        width = int(key.max()) + 1 if size else 1
        span *= width
        if span * max(size, 1) >= 2 ** 62:
            return np.lexsort(keys[::-1])
        combined = combined * width + key.astype(np.int64)
    return np.argsort(combined * size + np.arange(size))


def _new_runs(*keys):
    """True where an element's keys differ from the previous element's (and at the first)."""
    new = np.zeros(len(keys[0]), dtype=bool)
    new[:1] = True
    for key in keys:
        new[1:] |= key[1:] != key[:-1]
    return new


def align_measures(data, *, docs=None, per_plan=5, top_k=None, threshold=None, one_to_one=False, model=None, corpus=None, tokenizer=None, n_jobs=1):
    """Align leaf measures across plans.

    Parameters
    ----------
    data : Corpus, Document or pandas.DataFrame
        A corpus, or a measures table from :func:`extract_measures`. Given a
        corpus, the default tokenizer masks every plan's place names (from
        the manifest and the text, see
        :func:`~policycompare.region_terms`), so that 花溪区 and 银川市 link
        nothing. A measures table holds no metadata: pass ``corpus`` with it.
    docs : list or set of str, default=None
        Only these documents (default: all); the links come in the data's
        order of the plans whatever the order of ``docs``. Word weights and candidate
        pairs are computed over them, so a link's score depends on which
        plans are aligned together (by 0.02 in the median between the four
        regional plans aligned alone and among all 14 bundled plans; one
        plan more moves a few of the four's scores by up to 0.22).
    per_plan : int, default=5
        At most this many links per measure and peer plan: a link is kept
        only if it is among the ``per_plan`` best links by score of each of
        its two measures towards the other's plan. A broad measure may cover
        several narrower measures of one peer.
    top_k : int, default=None
        At most this many links per measure in all: a link is kept only if
        it is among the ``top_k`` best links by score of each of its two
        measures over all peer plans. On a large corpus this bounds the
        output at ``top_k`` links per measure; by default only ``per_plan``
        applies.
    threshold : float, default=None
        Minimum score; by default the model's own threshold, the one that
        gave the best F1 on the labelled pairs it was fitted on.
    one_to_one : bool, default=False
        Keep a matching: each measure keeps at most one link to each peer
        plan, its best by score, and only where it is also the other
        measure's best. This is ``per_plan=1`` under its own name.
    model : dict, default=None
        Logistic coefficients (default: the shipped model).
    corpus : Corpus, default=None
        With a measures table only: the corpus it came from, whose plans'
        place names the default tokenizer masks, so that the table gives the
        links the corpus gives. Without it the table's place names are words
        like any other (the four regional plans get 230 links instead of
        232, 229 of them in both), and a ``PolicyCompareWarning`` says so.
        Every plan of the table must be in it.
    tokenizer : tokens.Tokenizer, default=None
        ``None``: the shipped dictionary and stopwords, and the place names
        masked as above. A tokenizer given brings its own mask (e.g.
        ``Tokenizer(mask=region_terms(corpus))``); give either ``corpus`` or
        ``tokenizer``.
    n_jobs : int, default=1
        Processes for tokenization and, above 2,000 measures, threads for the
        candidate search and the cosines; ``-1`` uses every CPU. The links do
        not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per link, columns ``ALIGNMENT_COLUMNS``: the two measures
        (doc_a comes first in corpus order), ``score`` in 0–1, the features
        behind it, ``shared_terms`` (the heaviest words both share), headings,
        offsets in each document's text and the texts. ``rank_a`` is the
        reciprocal rank (1 = best, 0.5 = second, …) of measure b among
        measure a's candidates in b's plan by the sum of the three text
        cosines (``cos_word + cos_char + cos_heading``), ``rank_b`` the same
        from b's side: features the score weighs, not the order the links
        are selected in (that is by ``score``), so a kept link may have a
        rank below 1, even with ``one_to_one``. Sorted by doc pair,
        measure_a and descending score. ``attrs["threshold"]`` records the
        threshold the links were kept at (the alignment heatmap's colour
        scale starts there). The plans in another order give the same links
        with the same scores and features: only which measure is a and
        which is b (and so ``rank_a`` and ``rank_b``) and the order of the
        rows follow the order of the plans.

    Raises
    ------
    PolicyCompareError
        If ``per_plan`` or ``top_k`` is not a positive integer, ``threshold``
        not a number between 0 and 1, ``one_to_one`` not True or False, or
        ``n_jobs`` neither a positive integer nor -1.
    UnknownIdError
        If ``docs`` names a document the data does not hold, or ``corpus``
        lacks a plan of the measures table; it is both a PolicyCompareError
        and a KeyError.
    ValueError
        If ``corpus`` is given with a Corpus or Document, or with ``tokenizer``.

    Notes
    -----
    Every condition of the selection (``threshold``, ``per_plan``,
    ``top_k``, ``one_to_one``) is judged among the same links, all those
    whose score reaches the threshold, and a link is kept when it meets them
    all: the conditions intersect, and an option added never adds a link.
    Of links with equal scores (copies of one measure) the one whose measure
    in the plan first by id comes first in its outline goes first, then the
    one whose other measure does, so the order of the plans does not decide.

    The result is stored in the on-disk cache (:mod:`policycompare.cache`),
    keyed by the texts or measures, every option and the tokenizer, so the
    same call again reads it back; ``tokenizer=Tokenizer(cache=False)`` or
    ``POLICYCOMPARE_CACHE=off`` turns this off.

    Examples
    --------
    >>> import policycompare as pc
    >>> links = pc.align_measures(pc.load_corpus(), docs=["collection-02", "collection-05"], one_to_one=True)
    >>> bool((links["measure_a"].str.split(":").str[1] == links["measure_b"].str.split(":").str[1]).mean() > 0.9)
    True
    """
    _check_selection(per_plan=per_plan, top_k=top_k, threshold=threshold, one_to_one=one_to_one, n_jobs=n_jobs)
    docs = _check_plans(data, docs)
    # A NumPy True is keyed as True.
    options = {"per_plan": per_plan, "top_k": top_k, "threshold": threshold, "one_to_one": bool(one_to_one), "model": model}
    # One tokenizer for the key and for the vectors: its settings are read once.
    tokenizer = _plan_tokenizer(data, tokenizer, corpus)
    setting = tokenizer.cache
    vectors_key = _vectors_key(data, docs, tokenizer)
    # The links are the vectors' links under these options: one hash of the texts serves both keys.
    key = None if vectors_key is None else hash_parts(vectors_key, options)
    links = _load_with_warnings("alignment", key, setting)
    if links is None:
        # The warnings of reading the plans (a slip of numbering) are kept with the links, to be given again from the cache.
        with kept_warnings() as kept:
            links = _align(data, docs, vectors_key, per_plan=per_plan, top_k=top_k, threshold=threshold, one_to_one=one_to_one,
                           model=model, tokenizer=tokenizer, n_jobs=n_jobs, corpus=corpus)[0]
        if key is not None:
            store_table("alignment", key, {"table": links, "warnings": list(kept)}, cache=setting)
    # The threshold the links were kept at is in their attrs, stored with them.
    return links


def _load_with_warnings(kind, key, setting):
    """What is stored under ``kind`` and ``key``, or None; the warnings computing it gave are given again, as then.

    A run from the cache skips reading the plans, so without them a plan's
    slip of numbering would be said the first time only.
    """
    stored = None if key is None else load_table(kind, key, cache=setting)
    if not (isinstance(stored, dict) and {"table", "warnings"} <= stored.keys()):
        return None
    # Attributed to the caller of the library function that reads the cache (align_measures: the user's line).
    reissue(stored["warnings"], stacklevel=3)
    return stored["table"]


def _check_plans(data, docs):
    """``docs`` as a list, refused unless known ids, each once, and no plans at all; warn of one plan only.

    Links join plans, so one plan has none. ``docs`` is checked first, so
    that a mistyped id is refused without a warning about the one plan left.
    A list keeps the order given; a set, which has none of its own (its
    order changes from one process to the next with ``PYTHONHASHSEED``),
    takes the order of the plans in ``data``. ``None`` stays ``None``.
    """
    if isinstance(data, Corpus):
        known = data.doc_ids
    elif isinstance(data, Document):
        known = [data.doc_id]
    elif isinstance(data, pd.DataFrame):
        check_table(data, _MEASURE_TABLE, name="data", source="extract_measures")
        known = list(pd.unique(data["doc_id"]))
    else:
        raise TypeError(f"data must be a Corpus, Document or measures DataFrame, not {type(data).__name__}")
    if docs is not None:
        docs = _check_once(docs, "docs", "document")  # also refuses one id given as a str
        known_ids = set(known)
        unknown = [d for d in docs if d not in known_ids]
        if unknown:
            raise _unknown_id(min(unknown) if isinstance(docs, (set, frozenset)) else unknown[0], known,
                              documents=data if isinstance(data, Corpus) else ())
        docs = [d for d in known if d in docs] if isinstance(docs, (set, frozenset)) else list(docs)
    plans = list(dict.fromkeys(known if docs is None else docs))
    if not plans:
        raise PolicyCompareError("there are no plans to align")
    if len(plans) == 1:
        warn(f"only one plan to align ({plans[0]!r}); links join measures of different plans, so there are none", stacklevel=4)
    return docs


def _vectors_key(data, docs, tokenizer):
    """The cache key of the measure vectors: the plans' texts or the measures table, the documents chosen and the tokenizer.

    None when the data cannot be hashed (a measures table with unhashable cells).
    """
    if isinstance(data, Corpus):
        chosen = [doc for doc in data if docs is None or doc.doc_id in docs]
        content = [[doc.doc_id, doc.text, doc.metadata] for doc in chosen]
    elif isinstance(data, Document):
        content = [[data.doc_id, data.text, data.metadata]]
    elif isinstance(data, pd.DataFrame):
        try:
            content = pd.util.hash_pandas_object(data, index=False).to_numpy().tobytes().hex()
        except TypeError:
            return None
        content = [list(map(str, data.columns)), list(map(str, data.dtypes)), content]
    else:
        return None  # refused with a clear message by _measures_of
    # The fingerprint holds the place-name mask along with every other setting; a set's order changes from one process
    # to the next.
    chosen = None if docs is None else sorted(docs) if isinstance(docs, (set, frozenset)) else list(docs)
    return hash_parts(content, tokenizer.fingerprint, chosen)


def _check_count(name, value):
    """Refuse an option that is not a positive integer, naming it."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise PolicyCompareError(f"{name}={value!r}; expected a positive integer")


def _check_flag(name, value):
    """Refuse an option that is not True or False, naming it: the string "False" would act as True."""
    if not isinstance(value, (bool, np.bool_)):
        raise PolicyCompareError(f"{name}={value!r}; expected True or False")


def _check_selection(*, per_plan, top_k, threshold, one_to_one, n_jobs):
    """Refuse the options of :func:`align_measures` that are not allowed, naming the first."""
    _check_count("per_plan", per_plan)
    if top_k is not None:
        _check_count("top_k", top_k)
    _check_fraction("threshold", threshold)
    _check_flag("one_to_one", one_to_one)
    # Before the cache is read: a stored result would otherwise be returned whatever the value.
    resolve_jobs(n_jobs)


def align_with_vectors(data, *, docs=None, per_plan=5, top_k=None, threshold=None, one_to_one=False, model=None, corpus=None, tokenizer=None, n_jobs=1):
    """:func:`align_measures`, also returning the :class:`MeasureVectors` it built."""
    tokenizer = _plan_tokenizer(data, tokenizer, corpus, function="align_with_vectors")
    return _align(data, docs, _vectors_key(data, docs, tokenizer), per_plan=per_plan, top_k=top_k, threshold=threshold,
                  one_to_one=one_to_one, model=model, tokenizer=tokenizer, n_jobs=n_jobs, corpus=corpus)


def _align(data, docs, vectors_key, *, per_plan, top_k, threshold, one_to_one, model, tokenizer, n_jobs, corpus=None):
    """The links and vectors of :func:`align_with_vectors`, the vectors cached under ``vectors_key``.

    ``corpus`` is the corpus a measures table came from, whose outline gives its units' frame roles.
    """
    model = load_alignment_model() if model is None else model
    threshold = model["threshold"] if threshold is None else threshold
    vectors = _vectors_of(data, docs, vectors_key, tokenizer=tokenizer, n_jobs=n_jobs, corpus=corpus)
    if vectors.measures.empty:
        links = typed(pd.DataFrame(columns=ALIGNMENT_COLUMNS), _ALIGNMENT_TYPES)
    else:
        # The candidate table is dropped as soon as the links are selected from it.
        links = _link_table(_select(score_candidates(vectors, model=model, n_jobs=n_jobs), threshold=threshold, per_plan=per_plan,
                                    top_k=top_k, one_to_one=one_to_one), vectors)
    # The heatmap's colour scale starts at the threshold the table records.
    links.attrs["threshold"] = float(threshold)
    return links, vectors


def _vectors_of(data, docs, key, *, tokenizer, n_jobs, corpus=None):
    """:func:`build_measure_vectors` of the data's leaf measures, read from the cache when built before.

    The vectors depend on the texts, the documents chosen and the tokenizer, not
    on the options of link selection, so an alignment with another threshold or
    ``top_k`` skips parsing, tokenization and TF-IDF.
    """
    setting = tokenizer.cache
    vectors = _load_with_warnings("vectors", key, setting)
    if vectors is None:
        from .tokens import _cutting_ahead

        corpus = data if isinstance(data, Corpus) else corpus
        # The workers' dictionary loads while the plans are parsed.
        with kept_warnings() as kept, _cutting_ahead(tokenizer, n_jobs):
            vectors = build_measure_vectors(_measures_of(data, docs), corpus=corpus, tokenizer=tokenizer, n_jobs=n_jobs)
        if key is not None:
            store_table("vectors", key, {"table": vectors, "warnings": list(kept)}, cache=setting)
    return vectors


def _plans_of(links, measures, doc_ids, version_overlap, places=None):
    """Each document's plan (the first of its versions by id) and the groups of versions.

    Two documents are versions of one plan when at least ``version_overlap`` of
    the measures of one have a near-verbatim counterpart in the other (a link
    whose character-bigram cosine reaches ``_NEAR_VERBATIM``). A plan's
    documents are versions of one another, every two of them: a compilation
    that holds two plans is a version of each, but does not make them one
    (the pairs most alike are joined first). The links are those the comparison scored anyway,
    so the check costs no pass over every pair of plans. Documents of two
    different known places (``places``, see :func:`_places_of`) are never one
    plan, however alike: two counties may write their plans from one template,
    and a document of no known place joins a plan of at most one place.
    Pairs of equal share are joined, and a plan is named, in the order of the
    documents' ids, so the plans do not depend on the order of ``doc_ids``.
    """
    plan_of = {doc_id: doc_id for doc_id in doc_ids}
    rank = {doc_id: n for n, doc_id in enumerate(sorted(doc_ids))}
    if version_overlap is None or len(doc_ids) < 2:
        return plan_of, []
    places = places or {}
    near = links[(links["cos_char"] >= _NEAR_VERBATIM) & links["doc_a"].isin(plan_of) & links["doc_b"].isin(plan_of)]
    sides = pd.concat([
        pd.DataFrame({"doc": near["doc_a"], "measure": near["measure_a"], "other": near["doc_b"]}),
        pd.DataFrame({"doc": near["doc_b"], "measure": near["measure_b"], "other": near["doc_a"]}),
    ])
    matched = sides.drop_duplicates().groupby(["doc", "other"]).size()
    own = measures[~measures["intro"]] if "intro" in measures.columns else measures
    sizes = own.groupby("doc_id").size()
    plan_places = {doc_id: {places[doc_id]} if places.get(doc_id) else set() for doc_id in doc_ids}
    # Each pair of documents once, with the larger of its two shares.
    shares = {}
    for (doc, other), count in matched.items():
        pair = tuple(sorted((doc, other), key=rank.get))
        shares[pair] = max(shares.get(pair, 0.0), count / sizes[doc])
    versions = {pair for pair, share in shares.items() if share >= version_overlap}
    members = {doc_id: [doc_id] for doc_id in doc_ids}
    for pair in sorted(versions, key=lambda pair: (-shares[pair], [rank[d] for d in pair])):
        new, old = sorted((plan_of[pair[0]], plan_of[pair[1]]), key=rank.get)
        if old == new or len(plan_places[old] | plan_places[new]) > 1:
            continue
        # Versions of versions are one plan only when every two of them are versions of one another.
        if any(tuple(sorted((a, b), key=rank.get)) not in versions for a in members[new] for b in members[old]):
            continue
        # The document first by id names the plan.
        for doc_id in members[old]:
            plan_of[doc_id] = new
        members[new] += members.pop(old)
        plan_places[new] |= plan_places.pop(old)
    groups = {}
    for doc_id in doc_ids:
        groups.setdefault(plan_of[doc_id], []).append(doc_id)
    return plan_of, [tuple(group) for group in groups.values() if len(group) > 1]


def _places_of(corpus, doc_ids):
    """Each document's place, as its manifest names it (``""`` where none is given).

    The manifest's ``place`` column gives the place with its parent prefecture
    (花溪区，贵阳市); the first name is the place. Half-width and full-width
    commas and 、 separate the names.
    """
    places = {}
    for doc_id in doc_ids:
        value = corpus[doc_id].metadata.get("place") if doc_id in corpus else None
        value = "" if value is None or (isinstance(value, float) and value != value) else str(value)
        places[doc_id] = re.split(r"[,，、]", value.strip(), maxsplit=1)[0].strip()
    return places


def _link_table(links, vectors):
    measures = vectors.measures
    doc_ids = measures["doc_id"].to_numpy()
    doc_order = {d: n for n, d in enumerate(pd.unique(doc_ids))}
    position = np.array([doc_order[d] for d in doc_ids])
    i, j = links["i"].to_numpy(), links["j"].to_numpy()
    # doc_a is the document earlier in corpus order.
    swap = position[i] > position[j]
    a = np.where(swap, j, i)
    b = np.where(swap, i, j)
    rank_a = np.where(swap, links["rank_b"], links["rank_a"])
    rank_b = np.where(swap, links["rank_a"], links["rank_b"])
    # Sorted by plan pair, then measure a in outline order, then best score first.
    order = np.lexsort((-links["score"].to_numpy(), a, position[b], position[a]))
    a, b, rank_a, rank_b = a[order], b[order], rank_a[order], rank_b[order]
    column = {name: measures[name].to_numpy() for name in ("doc_id", "measure_id", "heading", "start", "end", "text")}
    features = {name: links[name].to_numpy()[order].round(4) for name in ("score", "cos_word", "cos_char", "cos_heading", "cos_typology")}
    table = pd.DataFrame({
        "doc_a": column["doc_id"][a], "measure_a": column["measure_id"][a],
        "doc_b": column["doc_id"][b], "measure_b": column["measure_id"][b],
        **features, "rank_a": rank_a.round(4), "rank_b": rank_b.round(4),
        "shared_terms": _shared_terms(vectors, a, b),
        "heading_a": column["heading"][a], "heading_b": column["heading"][b],
        "start_a": column["start"][a], "end_a": column["end"][a], "start_b": column["start"][b], "end_b": column["end"][b],
        "text_a": column["text"][a], "text_b": column["text"][b],
    })
    return typed(table[ALIGNMENT_COLUMNS], _ALIGNMENT_TYPES)


def align_measures_baseline(data, *, docs=None):
    """The naive baseline: plain TF-IDF over jieba tokens, best match per measure.

    Every leaf measure is linked to its single most similar measure in each
    other plan (cosine of TF-IDF over ``jieba.lcut`` tokens, no stopwords, no
    threshold), in both directions. Kept for evaluation.

    Parameters
    ----------
    data : Corpus, Document or pandas.DataFrame
        A corpus, or a measures table from :func:`extract_measures`.
    docs : list of str, default=None
        Only these documents (default: all).

    Returns
    -------
    pandas.DataFrame
        Columns doc_a, measure_a, doc_b, measure_b, score.
    """
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer

    measures = _measures_of(data, docs)
    tokenizer = jieba.Tokenizer()
    texts = [[w for w in tokenizer.lcut(t) if w.strip()] for t in measures["text"]]
    matrix = TfidfVectorizer(analyzer=_identity, lowercase=False).fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    doc_ids = measures["doc_id"].to_numpy()
    order = {d: n for n, d in enumerate(pd.unique(doc_ids))}
    pairs = set()
    for row in range(len(measures)):
        for peer in order:
            if peer == doc_ids[row]:
                continue
            cols = np.flatnonzero(doc_ids == peer)
            best = cols[np.argmax(similarity[row, cols])]
            a, b = (row, best) if order[doc_ids[row]] < order[peer] else (best, row)
            pairs.add((a, b, similarity[row, best]))
    rows = [
        {"doc_a": doc_ids[a], "measure_a": measures.at[a, "measure_id"], "doc_b": doc_ids[b], "measure_b": measures.at[b, "measure_id"], "score": round(float(s), 4)}
        for a, b, s in sorted(pairs)
    ]
    return pd.DataFrame(rows, columns=["doc_a", "measure_a", "doc_b", "measure_b", "score"])
