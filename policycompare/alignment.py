"""Aligning measures across plans: which measures address the same policy instrument.

Method (see docs/method-alignment.md):

1. Each leaf measure becomes three TF-IDF vectors: words of its body, words of
   its heading, and character bigrams of its body. Words come from
   :func:`policycompare.tokens.tokenize`, so policy boilerplate is dropped,
   domain terms stay whole and the regions' own place names are masked;
   responsibility tags (<责任单位:…>) are removed first, since shared units
   say nothing about shared instruments.
2. Candidate pairs come from a pruned inverted index: a measure is compared
   only with measures sharing one of its most heavily weighted words, and
   words found in very many measures do not generate candidates. Memory and
   time grow with the number of candidates, not with the square of the
   number of measures.
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

    from .tokens import Tokenizer, tokenize_many

    if tokenizer is None:
        tokenizer = Tokenizer(mask=_region_mask(measures, corpus))
    bodies = [alignable_text(t) for t in measures["text"]]
    headings = [h or "" for h in measures["heading"]]
    body_tokens = tokenize_many(bodies, tokenizer=tokenizer, n_jobs=n_jobs)
    heading_tokens = tokenize_many(headings, tokenizer=tokenizer, n_jobs=1)
    body_terms = [[t.text for t in tokens] for tokens in body_tokens]
    heading_terms = [[t.text for t in tokens] for tokens in heading_tokens]

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
    """Binary matrix of each row's ``keep`` heaviest columns, without columns in more than ``max_df`` rows.

    With ``keep=None`` every column of a row is kept (only the frequent ones drop).
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
    matrix.data[:] = 1.0
    return matrix


def _candidate_pairs(vectors, doc_codes, *, keep=20, max_df=None, chunk=2000):
    """Pairs (i, j), i < j, from different plans where one of i's heaviest words occurs in j, or the reverse."""
    n = vectors.words.shape[0]
    if max_df is None:
        # Words in more than this many measures are too common to propose candidates;
        # the bound grows slower than n, so candidates per measure stay bounded.
        max_df = max(100, int(2 * math.sqrt(n)))
    heavy = sp.hstack([_prune(vectors.words, keep=keep, max_df=max_df), _prune(vectors.headings, keep=keep, max_df=max_df)]).tocsr()
    postings = sp.hstack([_prune(vectors.words, keep=None, max_df=max_df), _prune(vectors.headings, keep=None, max_df=max_df)]).T.tocsr()
    rows, cols = [], []
    for lo in range(0, n, chunk):
        block = (heavy[lo:lo + chunk] @ postings).tocoo()
        i = block.row + lo
        mask = doc_codes[i] != doc_codes[block.col]
        a, b = i[mask], block.col[mask]
        rows.append(np.minimum(a, b))
        cols.append(np.maximum(a, b))
    if not rows:
        return np.empty(0, int), np.empty(0, int)
    pairs = np.unique(np.stack([np.concatenate(rows), np.concatenate(cols)], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def _rowwise_dot(matrix, i, j, chunk=200_000):
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
    frame = pd.DataFrame({"i": i, "j": j, "doc_i": doc_codes[i], "doc_j": doc_codes[j]})
    frame["cos_word"] = _rowwise_dot(vectors.words, i, j)
    frame["cos_char"] = _rowwise_dot(vectors.chars, i, j)
    frame["cos_heading"] = _rowwise_dot(vectors.headings, i, j)
    frame["combined"] = frame["cos_word"] + frame["cos_char"] + frame["cos_heading"]
    frame["rank_a"] = _reciprocal_rank(frame, "i", "doc_j", "combined")
    frame["rank_b"] = _reciprocal_rank(frame, "j", "doc_i", "combined")
    logit = model["intercept"] + sum(model[f] * frame[f] for f in FEATURES)
    frame["score"] = 1.0 / (1.0 + np.exp(-logit))
    return frame.drop(columns="combined")


def _shared_terms(vectors, i, j, n=5):
    words, vocab = vectors.words, vectors.vocabulary
    terms = []
    for a, b in zip(i, j):
        product = words[a].multiply(words[b]).tocoo()
        order = np.argsort(-product.data, kind="stable")[:n]
        terms.append(" ".join(vocab[product.col[order]]))
    return terms


def _select(frame, *, threshold, top_k, one_to_one):
    links = frame[frame["score"] >= threshold]
    if one_to_one:
        links = links[(links["rank_a"] == 1) & (links["rank_b"] == 1)]
    # At most top_k links per measure and peer plan, on both sides.
    for key, peer in (("i", "doc_j"), ("j", "doc_i")):
        links = links.sort_values(["score", "i", "j"], ascending=[False, True, True], kind="stable")
        links = links[links.groupby([key, peer]).cumcount() < top_k]
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

    Examples
    --------
    >>> import policycompare as pc
    >>> links = pc.align_measures(pc.load_corpus(), docs=["collection-02", "collection-05"], one_to_one=True)
    >>> bool((links["measure_a"].str.split(":").str[1] == links["measure_b"].str.split(":").str[1]).mean() > 0.9)
    True
    """
    if not isinstance(top_k, (int, np.integer)) or top_k < 1:
        raise ValueError(f"top_k={top_k!r}; expected a positive integer")
    if threshold is not None and not 0 <= threshold <= 1:
        raise ValueError(f"threshold={threshold!r}; expected a number between 0 and 1")
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
    frame = score_candidates(vectors, model=model)
    links = _select(frame, threshold=threshold, top_k=top_k, one_to_one=one_to_one)
    return _link_table(links, vectors), vectors


def _link_table(links, vectors):
    measures = vectors.measures
    doc_order = {d: n for n, d in enumerate(pd.unique(measures["doc_id"]))}
    i, j = links["i"].to_numpy(), links["j"].to_numpy()
    # doc_a is the document earlier in corpus order.
    swap = np.array([doc_order[a] > doc_order[b] for a, b in zip(measures["doc_id"].to_numpy()[i], measures["doc_id"].to_numpy()[j])], dtype=bool)
    a = np.where(swap, j, i)
    b = np.where(swap, i, j)
    rank_a = np.where(swap, links["rank_b"], links["rank_a"])
    rank_b = np.where(swap, links["rank_a"], links["rank_b"])
    ma, mb = measures.iloc[a].reset_index(drop=True), measures.iloc[b].reset_index(drop=True)
    table = pd.DataFrame({
        "doc_a": ma["doc_id"], "measure_a": ma["measure_id"], "doc_b": mb["doc_id"], "measure_b": mb["measure_id"],
        "score": links["score"].to_numpy().round(4),
        "cos_word": links["cos_word"].to_numpy().round(4), "cos_char": links["cos_char"].to_numpy().round(4),
        "cos_heading": links["cos_heading"].to_numpy().round(4), "rank_a": rank_a.round(4), "rank_b": rank_b.round(4),
        "shared_terms": _shared_terms(vectors, a, b),
        "heading_a": ma["heading"], "heading_b": mb["heading"],
        "start_a": ma["start"], "end_a": ma["end"], "start_b": mb["start"], "end_b": mb["end"],
        "text_a": ma["text"], "text_b": mb["text"],
    })
    table["_order_a"] = table["doc_a"].map(doc_order)
    table["_order_b"] = table["doc_b"].map(doc_order)
    table["_pos_a"] = a
    table = table.sort_values(["_order_a", "_order_b", "_pos_a", "score"], ascending=[True, True, True, False], kind="stable")
    return table.drop(columns=["_order_a", "_order_b", "_pos_a"]).reset_index(drop=True)[ALIGNMENT_COLUMNS]


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
