"""Vector representations: TF-IDF of documents or measures, their top terms, and document similarity.

TF-IDF is scikit-learn's ``TfidfVectorizer`` fed with our tokens
(``tokenizer=Tokenizer(...)``, ``token_pattern=None``, ``lowercase=False``);
nothing here re-implements it. Tokens are computed once through
:func:`policycompare.tokens.tokenize_many` (disk cache, optional processes) and
handed to the vectorizer, whose ``tokenizer`` stays the real
:class:`~policycompare.tokens.Tokenizer`, so ``result.vectorizer.transform``
works on new raw texts.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import PolicyCompareError, UnknownIdError, listed, warn
from .tokens import Tokenizer, _terms_many, region_terms
from .tables import check_table

__all__ = ["TfidfResult", "build_tfidf", "compute_similarity", "top_terms"]

LEVELS = ("document", "measure")
SIMILARITY_METHODS = ("tfidf", "count")


@dataclass
class TfidfResult:
    """A TF-IDF matrix with what its rows and columns are.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        One row per document or measure, one column per term; rows are L2-normalised.
    vocabulary : list of str
        The term of each column.
    index : pandas.DataFrame
        One row per matrix row: ``doc_id`` (document level) or ``doc_id,
        measure_id, start, end`` (measure level; offsets in ``Document.text``).
    vectorizer : sklearn.feature_extraction.text.TfidfVectorizer
        The fitted vectorizer; ``vectorizer.transform([text])`` places a new text
        in the same space.
    """

    matrix: object
    vocabulary: list
    index: pd.DataFrame
    vectorizer: object

    def __repr__(self):
        n_rows, n_terms = self.matrix.shape
        return f"<TfidfResult: {n_rows} rows x {n_terms} terms>"


class _KnownTokens:
    """The vectorizer's tokenizer: tokens already computed for the fitted texts, else the Tokenizer.

    Fitting with it avoids tokenizing twice when the disk cache is off; the
    memo is emptied after fitting so the pickled vectorizer stays small.
    """

    def __init__(self, tokenizer, known):
        self.tokenizer = tokenizer
        self.known = known

    def __call__(self, text):
        found = self.known.get(text)
        return list(found) if found is not None else self.tokenizer(text)


def _table_mask(table, corpus, *, function, stacklevel):
    """The place names to mask in a measures table: those of every plan of ``corpus``, the corpus it came from.

    A table holds no plan metadata (``region_zh``, ``place``, ``province``,
    ``title``), so its plans' place names can only come from their corpus. A
    wrong corpus would mask the wrong names without a sign, so the plans the
    table names (``doc_id``) must be in it. Without a corpus nothing is
    masked, and a warning says so and how to mask.

    Parameters
    ----------
    table : pandas.DataFrame
    corpus : Corpus, Document, list of Document or None
    function : str
        The public function, named in the warning.
    stacklevel : int
        Frames from this function's caller up to the user's call (1: the caller itself).
    """
    from .corpus import documents_of

    if corpus is None:
        warn(f"{function}: a measures table holds no plan metadata, so its plans' own place names (花溪区, 银川市…) are not masked as "
             f"they are for a corpus; pass corpus=, the corpus the table came from, to mask them", stacklevel=stacklevel + 2)
        return []
    documents = documents_of(corpus, name="corpus")
    if "doc_id" in table.columns:
        ids = [doc.doc_id for doc in documents]
        known = set(ids)
        strange = [doc_id for doc_id in dict.fromkeys(map(str, table["doc_id"])) if doc_id not in known]
        if strange:
            raise UnknownIdError(f"corpus holds no plan {strange[0]!r} of the measures table; pass the corpus the table came from "
                                 f"(this one holds {listed(ids) or 'none'})")
    return region_terms(documents)


def _check_corpus(data, corpus, tokenizer):
    """Refuse ``corpus`` beside plans (they bring their metadata) or beside a tokenizer (it brings its own mask)."""
    if corpus is None:
        return
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"corpus goes with a measures table, to supply its plans' place names; data is a {type(data).__name__}")
    if tokenizer is not None:
        raise ValueError("give corpus or tokenizer, not both: a tokenizer masks what it was given, "
                         "e.g. Tokenizer(mask=region_terms(corpus), extra_stopwords=[...])")


def _default_tokenizer_for(data, corpus=None):
    """The tokenizer used when none is given: the plans' own place names masked, those of a table's from its ``corpus``."""
    from .corpus import Corpus, Document

    if isinstance(data, (Corpus, Document)):
        return Tokenizer(mask=region_terms(data))
    # The warning points at the line that called build_tfidf: this function, _build_tfidf, build_tfidf, its caller.
    return Tokenizer(mask=_table_mask(data, corpus, function="build_tfidf", stacklevel=4))


def _documents_table(data):
    from .corpus import Document

    docs = [data] if isinstance(data, Document) else list(data)
    return pd.DataFrame({"doc_id": [d.doc_id for d in docs]}), [d.text for d in docs]


def _measures_table(data):
    """Leaf measures (no front matter) of a measures DataFrame, whose columns _build_tfidf has checked, or of a corpus."""
    from .corpus import Corpus, Document

    if isinstance(data, (Corpus, Document)):
        try:
            from .structure import extract_measures
        except ImportError:
            raise PolicyCompareError("measure-level TF-IDF needs policycompare.structure.extract_measures, which this installation lacks; pass a measures DataFrame") from None
        data = extract_measures(data)
    keep = pd.Series(True, index=data.index)
    if "is_leaf" in data.columns:
        keep &= data["is_leaf"].astype(bool)
    if "kind" in data.columns:
        keep &= data["kind"] != "front_matter"
    measures = data[keep]
    columns = ["doc_id", "measure_id"] + [c for c in ("start", "end") if c in measures.columns]
    return measures[columns].reset_index(drop=True), [str(t) for t in measures["text"]]


def build_tfidf(data, *, level="document", corpus=None, tokenizer=None, min_df=1, max_df=1.0, sublinear_tf=False, ngram_range=(1, 1), n_jobs=1):
    """TF-IDF of a corpus's documents or of its measures, with scikit-learn's TfidfVectorizer.

    Parameters
    ----------
    data : Corpus, Document or pandas.DataFrame
        Documents, or a measures table as returned by ``extract_measures``
        (columns ``doc_id, measure_id, text``, and ``kind, is_leaf`` when
        present: only leaf rows that are not front matter are used). A Corpus
        with ``level="measure"`` is split with ``extract_measures``.
    level : {"document", "measure"}, default="document"
    corpus : Corpus or Document, default=None
        For a measures table only: the corpus it came from, whose plans' place
        names the default tokenizer masks, so that the table gives what the
        corpus gives. A table holds no plan metadata; without its corpus its
        place names are terms like any other, and a ``PolicyCompareWarning``
        says so. Every plan of the table must be in it.
    tokenizer : Tokenizer, default=None
        ``None``: ``Tokenizer(mask=region_terms(data))`` for a Corpus or
        Document, ``Tokenizer(mask=region_terms(corpus))`` for a measures
        table, so that plans' own place names are not terms. Give either
        ``corpus`` or ``tokenizer``: a tokenizer brings its own mask.
    min_df, max_df : int or float, default=1, 1.0
        Passed to ``TfidfVectorizer``: drop terms in fewer / more rows than this.
    sublinear_tf : bool, default=False
        Use ``1 + log(tf)`` instead of raw counts.
    ngram_range : tuple (int, int), default=(1, 1)
        Token n-grams (stopwords are removed before n-grams are formed).
    n_jobs : int, default=1
        Processes for tokenizing texts not in the cache.

    Returns
    -------
    TfidfResult

    Raises
    ------
    PolicyCompareError
        If no term is left (empty texts, or only stopwords, or ``min_df`` too high).
    UnknownIdError
        If ``corpus`` lacks a plan of the measures table.
    ValueError
        If ``corpus`` is given with a Corpus or Document, or with ``tokenizer``.

    Examples
    --------
    >>> from policycompare.corpus import Corpus, load_document_from_text
    >>> corpus = Corpus([load_document_from_text("推进集团化办学，实施托管帮扶。", doc_id="a"),
    ...                  load_document_from_text("推进集团化办学，落实双减。", doc_id="b")])
    >>> result = build_tfidf(corpus)
    >>> result.vocabulary
    ['双减', '托管帮扶', '集团化办学']
    >>> result.matrix.toarray().round(3)
    array([[0.   , 0.815, 0.58 ],
           [0.815, 0.   , 0.58 ]])
    """
    return _build_tfidf(data, level=level, corpus=corpus, tokenizer=tokenizer, min_df=min_df, max_df=max_df,
                        sublinear_tf=sublinear_tf, ngram_range=ngram_range, n_jobs=n_jobs)[0]


def _build_tfidf(data, *, level="document", corpus=None, tokenizer=None, min_df=1, max_df=1.0, sublinear_tf=False, ngram_range=(1, 1), n_jobs=1,
                 terms=None):
    """:func:`build_tfidf`, and the list of terms of each row that it was fitted on.

    For callers that need the rows' terms as well (their counts), so that
    the texts are not read into tokens a second time. ``terms``, when given,
    are the rows' terms as :func:`~policycompare.tokens._terms_many` read
    them with ``tokenizer``: a caller that fits several representations of
    one corpus reads its texts once.
    """
    from .corpus import Corpus, Document

    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    if not (isinstance(ngram_range, tuple) and len(ngram_range) == 2 and all(isinstance(n, int) and n >= 1 for n in ngram_range) and ngram_range[0] <= ngram_range[1]):
        raise ValueError(f"ngram_range must be a tuple (min_n, max_n) of integers with 1 <= min_n <= max_n; got {ngram_range!r}")
    if tokenizer is not None and not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"tokenizer must be a policycompare Tokenizer or None; got {type(tokenizer).__name__}")
    if isinstance(data, pd.DataFrame):
        check_table(data, ("doc_id", "measure_id", "text"), name="data", source="extract_measures")
        if level != "measure":
            raise ValueError("data is a measures DataFrame, which gives measure-level TF-IDF: pass level='measure', or pass a Corpus for documents")
    elif not isinstance(data, (Corpus, Document)):
        raise TypeError(f"data must be a Corpus, a Document or a measures DataFrame; got {type(data).__name__}")
    _check_corpus(data, corpus, tokenizer)
    index, texts = _measures_table(data) if level == "measure" else _documents_table(data)
    if not texts:
        raise PolicyCompareError(f"no {level}s to build TF-IDF from")
    tokenizer = tokenizer or _default_tokenizer_for(data, corpus)

    from sklearn.feature_extraction.text import TfidfVectorizer

    if terms is None:
        terms = _terms_many(texts, tokenizer=tokenizer, n_jobs=n_jobs)
    if level == "document":
        _check_terms_left(data, index["doc_id"], terms)
    analyzer = _KnownTokens(tokenizer, dict(zip(texts, terms)))
    vectorizer = TfidfVectorizer(tokenizer=analyzer, token_pattern=None, lowercase=False, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, ngram_range=ngram_range)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError as err:
        if "empty vocabulary" in str(err) or "no terms remain" in str(err):
            raise PolicyCompareError(f"no terms left for TF-IDF ({err})") from None
        raise
    analyzer.known = {}
    return TfidfResult(matrix.tocsr(), [str(t) for t in vectorizer.get_feature_names_out()], index, vectorizer), terms


def _check_terms_left(data, doc_ids, terms):
    """Refuse documents of which none has a term to count, and warn of those without one, naming their files.

    A plan without a term (no Chinese word, or only stopwords and figures)
    gets no keywords and a row of zeros: without a word it would only be
    missing from the tables. Measures without a term are common (a heading
    alone) and are not named.
    """
    from .corpus import Document

    docs = {doc.doc_id: doc for doc in ([data] if isinstance(data, Document) else data)}
    empty = [doc_id for doc_id, row in zip(doc_ids, terms) if not row]
    if not empty:
        return
    sources = [str(docs[doc_id].source_path) for doc_id in empty]
    named = listed(doc_id if not source or source.startswith("<") else f"{doc_id} ({source})" for doc_id, source in zip(empty, sources))
    has = "has" if len(empty) == 1 else "have"
    why = "no term to count (no Chinese text, or only stopwords and figures)"
    if len(empty) == len(docs):
        raise PolicyCompareError(f"no terms left for TF-IDF: {named} {has} {why}")
    warn(f"{named} {has} {why}; {'it gets' if len(empty) == 1 else 'they get'} no keywords or terms", stacklevel=4)


def top_terms(tfidf_result, *, n=10):
    """The ``n`` highest-scoring terms of every row of a TF-IDF result.

    Parameters
    ----------
    tfidf_result : TfidfResult
    n : int, default=10

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id`` [, ``measure_id``], ``rank`` (1 = highest), ``term``,
        ``score``; ties broken by term, zero scores left out.

    Examples
    --------
    >>> from policycompare.corpus import Corpus, load_document_from_text
    >>> corpus = Corpus([load_document_from_text("推进集团化办学，实施托管帮扶。", doc_id="a"),
    ...                  load_document_from_text("推进集团化办学，落实双减。", doc_id="b")])
    >>> top_terms(build_tfidf(corpus), n=1).round(3)
      doc_id  rank  term  score
    0      a     1  托管帮扶  0.815
    1      b     1    双减  0.815
    """
    if not isinstance(tfidf_result, TfidfResult):
        raise TypeError(f"tfidf_result must be a TfidfResult (from build_tfidf); got {type(tfidf_result).__name__}")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be an integer >= 1; got {n!r}")
    keys = [c for c in ("doc_id", "measure_id") if c in tfidf_result.index.columns]
    vocabulary = np.asarray(tfidf_result.vocabulary, dtype=object)
    matrix = tfidf_result.matrix.tocsr()
    rows = []
    for i, key in enumerate(tfidf_result.index[keys].itertuples(index=False)):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        columns, scores = matrix.indices[start:end], matrix.data[start:end]
        order = sorted(range(len(columns)), key=lambda k: (-scores[k], vocabulary[columns[k]]))
        for rank, k in enumerate((k for k in order if scores[k] > 0), start=1):
            if rank > n:
                break
            rows.append((*key, rank, vocabulary[columns[k]], float(scores[k])))
    return pd.DataFrame(rows, columns=[*keys, "rank", "term", "score"]).astype({"rank": "int64", "score": "float64"})


def compute_similarity(corpus, *, method="tfidf", tokenizer=None):
    """Cosine similarity between every pair of documents.

    Parameters
    ----------
    corpus : Corpus or list of Document
    method : {"tfidf", "count"}, default="tfidf"
        ``"tfidf"``: cosine of the TF-IDF vectors of :func:`build_tfidf`;
        ``"count"``: cosine of raw term counts (no down-weighting of terms
        every plan uses).
    tokenizer : Tokenizer, default=None
        As in :func:`build_tfidf`.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, 1.0 on the diagonal; doc ids as index (named
        ``doc_a``) and columns (named ``doc_b``), as in the alignment's
        table, so that ``.stack()`` gives one row per pair with the columns
        ``doc_a, doc_b``. ``attrs["method"]`` names the method, for the
        heatmap's colour bar.
        The IDF weights come from the plans of ``corpus``, so a pair's
        similarity depends on the plans it was computed among: quote it with
        them.

    Examples
    --------
    >>> from policycompare.corpus import Corpus, load_document_from_text
    >>> corpus = Corpus([load_document_from_text("推进集团化办学，实施托管帮扶。", doc_id="a"),
    ...                  load_document_from_text("推进集团化办学，落实双减。", doc_id="b")])
    >>> similarity = compute_similarity(corpus)
    >>> similarity.round(3)
    doc_b      a      b
    doc_a
    a      1.000  0.336
    b      0.336  1.000
    >>> similarity.stack().rename("similarity").reset_index().round(3)
      doc_a doc_b  similarity
    0     a     a       1.000
    1     a     b       0.336
    2     b     a       0.336
    3     b     b       1.000
    """
    return _compute_similarity(corpus, method=method, tokenizer=tokenizer)


def _compute_similarity(corpus, *, method="tfidf", tokenizer=None, terms=None):
    """:func:`compute_similarity`, from the documents' ``terms`` when they were read before with ``tokenizer`` (see :func:`_build_tfidf`)."""
    from .corpus import Corpus, documents_of

    documents = documents_of(corpus, name="corpus")
    if not isinstance(corpus, Corpus):
        # As a Corpus, a list that gives a doc id twice is refused: the table has one row and column per id.
        corpus = Corpus(documents)
    if method not in SIMILARITY_METHODS:
        raise ValueError(f"method must be one of {', '.join(SIMILARITY_METHODS)}; got {method!r}")
    result, _ = _build_tfidf(corpus, tokenizer=tokenizer, terms=terms)
    matrix = result.matrix
    if method == "count":
        from sklearn.feature_extraction.text import CountVectorizer

        counter = CountVectorizer(tokenizer=result.vectorizer.tokenizer.tokenizer, token_pattern=None, lowercase=False, vocabulary=result.vocabulary)
        matrix = counter.transform([doc.text for doc in corpus]).astype(float)
    from sklearn.metrics.pairwise import cosine_similarity

    similarity = np.clip(cosine_similarity(matrix), 0.0, 1.0)
    np.fill_diagonal(similarity, 1.0)
    # Two names, not doc_id twice: stack() and melt() would give two columns of one name.
    table = pd.DataFrame(similarity, index=pd.Index(corpus.doc_ids, name="doc_a"), columns=pd.Index(corpus.doc_ids, name="doc_b"))
    table.attrs["method"] = method
    return table
