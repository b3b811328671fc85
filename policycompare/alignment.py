"""Aligning measures across plans: which measures address the same policy instrument.

Method (see docs/method-alignment.md):

1. Each leaf measure becomes three TF-IDF vectors: words of its body, words of
   its heading, and character bigrams of its body. Words come from
   :func:`policycompare.tokens.tokenize`, so policy boilerplate is dropped,
   domain terms stay whole and the regions' own place names are masked;
   responsibility tags (<责任单位:…>) are removed first, since shared units
   say nothing about shared instruments.
2. Candidate pairs come from a pruned inverted index: each measure's
   heaviest words are matched against the words of all measures, leaving out
   words found in very many measures, and each measure proposes its best 64
   peers in other plans. Candidates, memory and time grow linearly with the
   number of measures, not with its square.
3. Each candidate pair gets three cosines (body words, heading words,
   characters) and two rank features (1/rank of the peer among this
   measure's candidates in that plan, and the other way round). A logistic model turns them into
   a score between 0 and 1, the estimated probability that a careful reader
   would link the two measures; its coefficients ship as a data file and were
   fitted on the hand-labelled alignments in ``tests/data``.
4. A link is kept when its score reaches the model's threshold (the one
   that gave the best F1 on the labelled pairs), at most
   ``top_k`` per measure and peer plan; ``one_to_one=True`` keeps only mutual
   best matches.
"""

import math
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .corpus import Corpus, Document
from .errors import PolicyCompareError
from .structure import ANY_TAG

__all__ = [
    "ALIGNMENT_COLUMNS",
    "FEATURES",
    "align_measures",
    "align_measures_baseline",
    "build_measure_vectors",
    "load_alignment_model",
    "score_candidates",
]

FEATURES = ["cos_word", "cos_char", "cos_heading", "rank_a", "rank_b"]
ALIGNMENT_COLUMNS = [
    "doc_a", "measure_a", "doc_b", "measure_b", "score", *FEATURES, "shared_terms",
    "heading_a", "heading_b", "start_a", "end_a", "start_b", "end_b", "text_a", "text_b",
]
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+(?:\.[0-9]+)*[.．、]?|[①-⑳]|[一二三四五六七八九十]+是)\s*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


@dataclass(frozen=True)
class MeasureVectors:
    """TF-IDF representations of a set of measures, rows in ``measures`` order."""

    measures: pd.DataFrame
    words: sp.csr_matrix
    chars: sp.csr_matrix
    headings: sp.csr_matrix
    vocabulary: np.ndarray


def load_alignment_model(path=None):
    """The logistic model's intercept and coefficients, by feature name.

    Examples
    --------
    >>> model = load_alignment_model()
    >>> sorted(model) == sorted(["intercept", "threshold", *FEATURES])
    True
    """
    if path is None:
        path = resources.files("policycompare") / "data" / "alignment_model.csv"
    table = pd.read_csv(path, comment="#")
    return dict(zip(table["feature"], table["coefficient"].astype(float)))


def _measures_of(data, docs):
    from .structure import extract_measures

    if isinstance(data, (Corpus, Document)):
        measures = extract_measures(data)
    elif isinstance(data, pd.DataFrame):
        measures = data
    else:
        raise TypeError(f"data must be a Corpus, Document or measures DataFrame, not {type(data).__name__}")
    if docs is not None:
        unknown = sorted(set(docs) - set(measures["doc_id"]))
        if unknown:
            raise KeyError(f"no document {unknown[0]!r} in the corpus; known ids: {', '.join(pd.unique(measures['doc_id']))}")
        measures = measures[measures["doc_id"].isin(docs)]
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


def _region_mask(corpus_measures, corpus):
    from .tokens import region_terms

    terms = set()
    if corpus is not None:
        for doc in corpus:
            terms.update(region_terms(doc))
    return sorted(terms)


def build_measure_vectors(measures, *, corpus=None, tokenizer=None, n_jobs=1):
    """TF-IDF vectors of measures: body words, heading words and character bigrams.

    Parameters
    ----------
    measures : pandas.DataFrame
        Leaf measures (columns doc_id, measure_id, heading, text).
    corpus : Corpus, default=None
        Used to mask every region's own place names.
    tokenizer : tokens.Tokenizer, default=None
    n_jobs : int, default=1
        Processes for tokenization.

    Returns
    -------
    MeasureVectors
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .tokens import Tokenizer, _terms_many

    if tokenizer is None:
        tokenizer = Tokenizer(mask=_region_mask(measures, corpus))
    bodies = [alignable_text(t) for t in measures["text"]]
    headings = [h or "" for h in measures["heading"]]
    # One call for bodies and headings: one pool of workers, and no dictionary load in this process.
    terms = _terms_many(bodies + headings, tokenizer=tokenizer, n_jobs=n_jobs)
    body_terms, heading_terms = terms[:len(bodies)], terms[len(bodies):]

    word_vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False)
    words = word_vectorizer.fit_transform(body_terms)
    vocabulary = word_vectorizer.get_feature_names_out()
    # Headings share the body's vocabulary so shared_terms can draw on both.
    heading_vectorizer = TfidfVectorizer(analyzer=_identity, vocabulary=word_vectorizer.vocabulary_, sublinear_tf=True, lowercase=False)
    headings_matrix = heading_vectorizer.fit_transform(heading_terms)
    char_vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, lowercase=False)
    chars = char_vectorizer.fit_transform(["|".join(_CJK_RUN.findall("".join(terms))) for terms in body_terms])
    return MeasureVectors(measures, words.tocsr(), chars.tocsr(), headings_matrix.tocsr(), vocabulary)


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


def _candidate_pairs(vectors, doc_codes, *, keep=20, max_df=None, per_measure=64, chunk=2000):
    """Candidate pairs (i, j), i < j, from different plans.

    A measure's query is its ``keep`` heaviest words (body and heading); it is
    matched, by the product of TF-IDF weights, against every measure's words
    that occur in at most ``max_df`` measures. Each measure proposes its
    ``per_measure`` best-matching measures of other plans, and a pair is a
    candidate when either side proposes it. Candidates thus grow linearly with
    the number of measures, and each block of ``chunk`` query rows is one
    sparse product: no n × n matrix is ever formed.
    """
    n = vectors.words.shape[0]
    if max_df is None:
        max_df = _default_max_df(n)
    query = sp.hstack([_prune(vectors.words, keep=keep, max_df=max_df), _prune(vectors.headings, keep=keep, max_df=max_df)]).tocsr()
    index = sp.hstack([_prune(vectors.words, keep=None, max_df=max_df), _prune(vectors.headings, keep=None, max_df=max_df)]).T.tocsr()
    keys = []
    for lo in range(0, n, chunk):
        block = (query[lo:lo + chunk] @ index).tocsr()
        block.sort_indices()
        for row in range(block.shape[0]):
            start, end = block.indptr[row], block.indptr[row + 1]
            cols, weights = block.indices[start:end], block.data[start:end]
            own = lo + row
            other = doc_codes[cols] != doc_codes[own]
            cols, weights = cols[other], weights[other]
            if len(cols) > per_measure:
                # Best first; ties by position, so the result does not depend on the chunk size.
                order = np.lexsort((cols, -weights))[:per_measure]
                cols = cols[order]
            a = np.minimum(cols, own).astype(np.int64)
            b = np.maximum(cols, own).astype(np.int64)
            keys.append(a * n + b)
    if not keys:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    keys = np.unique(np.concatenate(keys))
    return keys // n, keys % n


def _rowwise_dot(matrix, i, j, chunk=50_000):
    out = np.empty(len(i))
    for lo in range(0, len(i), chunk):
        a, b = matrix[i[lo:lo + chunk]], matrix[j[lo:lo + chunk]]
        out[lo:lo + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def _reciprocal_rank(frame, key, peer, score):
    """1/rank of each pair among the candidates of its ``key`` measure in the ``peer`` plan (1.0 = best)."""
    return 1.0 / frame.groupby([key, peer])[score].rank(ascending=False, method="min")


def score_candidates(vectors, *, model=None):
    """Features and calibrated scores of all candidate pairs (no threshold applied).

    Returns
    -------
    pandas.DataFrame
        Columns i, j (row positions in ``vectors.measures``), the features and ``score``.
    """
    model = load_alignment_model() if model is None else model
    measures = vectors.measures
    doc_codes = pd.factorize(measures["doc_id"])[0]
    i, j = _candidate_pairs(vectors, doc_codes)
    # 32-bit positions and plan codes: the candidate table is the largest object of a big run.
    i, j = i.astype(np.int32), j.astype(np.int32)
    codes = doc_codes.astype(np.int32)
    frame = pd.DataFrame({"i": i, "j": j, "doc_i": codes[i], "doc_j": codes[j]})
    frame["cos_word"] = _rowwise_dot(vectors.words, i, j)
    frame["cos_char"] = _rowwise_dot(vectors.chars, i, j)
    frame["cos_heading"] = _rowwise_dot(vectors.headings, i, j)
    frame["combined"] = frame["cos_word"] + frame["cos_char"] + frame["cos_heading"]
    frame["rank_a"] = _reciprocal_rank(frame, "i", "doc_j", "combined")
    frame["rank_b"] = _reciprocal_rank(frame, "j", "doc_i", "combined")
    logit = model["intercept"] + sum(model[f] * frame[f] for f in FEATURES)
    frame["score"] = 1.0 / (1.0 + np.exp(-logit))
    del frame["combined"]  # in place: a copy of the largest table of a big run would double its memory
    return frame


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


def _select(frame, *, threshold, top_k, one_to_one):
    """Links at or above ``threshold``, at most ``top_k`` per measure and peer plan, on both sides."""
    links = frame[frame["score"] >= threshold]
    if one_to_one:
        links = links[(links["rank_a"] == 1) & (links["rank_b"] == 1)]
        # Tied candidates share rank 1; keep the first in (score, position) order.
        top_k = 1
    links = links.sort_values(["score", "i", "j"], ascending=[False, True, True], kind="stable")
    for key, peer in (("i", "doc_j"), ("j", "doc_i")):
        links = links[links.groupby([key, peer], sort=False).cumcount() < top_k]
    return links


def align_measures(data, *, docs=None, top_k=5, threshold=None, one_to_one=False, model=None, tokenizer=None, n_jobs=1):
    """Align leaf measures across plans.

    Parameters
    ----------
    data : Corpus, Document or pandas.DataFrame
        A corpus, or a measures table from :func:`extract_measures`.
    docs : list of str, default=None
        Only these documents (default: all).
    top_k : int, default=5
        At most this many links per measure and peer plan.
    threshold : float, default=None
        Minimum score; by default the model's own threshold, the one that
        gave the best F1 on the labelled pairs it was fitted on.
    one_to_one : bool, default=False
        Keep only mutual best matches: at most one link per measure and peer plan.
    model : dict, default=None
        Logistic coefficients (default: the shipped model).
    tokenizer : tokens.Tokenizer, default=None
    n_jobs : int, default=1
        Processes for tokenization.

    Returns
    -------
    pandas.DataFrame
        One row per link, columns ``ALIGNMENT_COLUMNS``: the two measures
        (doc_a comes first in corpus order), ``score`` in 0–1, the features
        behind it, ``shared_terms`` (the heaviest words both share), headings,
        offsets in each document's text and the texts. Sorted by doc pair,
        measure_a and descending score.

    Raises
    ------
    PolicyCompareError
        If ``top_k`` is not a positive integer or ``threshold`` not a number
        between 0 and 1.
    KeyError
        If ``docs`` names a document the data does not hold.

    Examples
    --------
    >>> import policycompare as pc
    >>> links = pc.align_measures(pc.load_corpus(), docs=["collection-02", "collection-05"], one_to_one=True)
    >>> bool((links["measure_a"].str.split(":").str[1] == links["measure_b"].str.split(":").str[1]).mean() > 0.9)
    True
    """
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
        raise PolicyCompareError(f"top_k={top_k!r}; expected a positive integer")
    _check_fraction("threshold", threshold)
    return align_with_vectors(data, docs=docs, top_k=top_k, threshold=threshold, one_to_one=one_to_one, model=model, tokenizer=tokenizer, n_jobs=n_jobs)[0]


def align_with_vectors(data, *, docs=None, top_k=5, threshold=None, one_to_one=False, model=None, tokenizer=None, n_jobs=1):
    """:func:`align_measures`, also returning the :class:`MeasureVectors` it built."""
    model = load_alignment_model() if model is None else model
    threshold = model["threshold"] if threshold is None else threshold
    corpus = data if isinstance(data, Corpus) else None
    measures = _measures_of(data, docs)
    vectors = build_measure_vectors(measures, corpus=corpus, tokenizer=tokenizer, n_jobs=n_jobs)
    if measures.empty:
        return pd.DataFrame(columns=ALIGNMENT_COLUMNS), vectors
    # The candidate table is dropped as soon as the links are selected from it.
    links = _select(score_candidates(vectors, model=model), threshold=threshold, top_k=top_k, one_to_one=one_to_one)
    return _link_table(links, vectors), vectors


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
    features = {name: links[name].to_numpy()[order].round(4) for name in ("score", "cos_word", "cos_char", "cos_heading")}
    table = pd.DataFrame({
        "doc_a": column["doc_id"][a], "measure_a": column["measure_id"][a],
        "doc_b": column["doc_id"][b], "measure_b": column["measure_id"][b],
        **features, "rank_a": rank_a.round(4), "rank_b": rank_b.round(4),
        "shared_terms": _shared_terms(vectors, a, b),
        "heading_a": column["heading"][a], "heading_b": column["heading"][b],
        "start_a": column["start"][a], "end_a": column["end"][a], "start_b": column["start"][b], "end_b": column["end"][b],
        "text_a": column["text"][a], "text_b": column["text"][b],
    })
    return table[ALIGNMENT_COLUMNS]


def align_measures_baseline(data, *, docs=None):
    """The naive baseline: plain TF-IDF over jieba tokens, best match per measure.

    Every leaf measure is linked to its single most similar measure in each
    other plan (cosine of TF-IDF over ``jieba.lcut`` tokens, no stopwords, no
    threshold), in both directions. Kept for evaluation.

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
