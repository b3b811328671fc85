"""Keywords of each plan and the terms that set groups of plans apart.

``extract_keywords`` ranks each document's terms by TF-IDF against the rest of
the corpus. ``compute_distinctive_terms`` compares term counts of groups of
plans (each plan, each province, or any grouping) with one of three
statistics, each group against all the others:

- ``"log_odds"``: log-odds ratio with an informative Dirichlet prior, as a
  z-score (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16 and 18–22);
- ``"chi2"``: Pearson's chi-square of the 2x2 table (term / other tokens ×
  group / rest), without continuity correction;
- ``"g2"``: the log-likelihood ratio G² of the same table (Dunning 1993).

Chi-square and G² are signed: negative when the term is rarer in the group
than expected, so that one sort order ranks every method.
"""

from collections import Counter

import numpy as np
import pandas as pd

from .corpus import _unknown_id, documents_of
from .errors import PolicyCompareError, warn
from .tokens import Tokenizer, _terms_many, region_terms

__all__ = ["DISTINCTIVE_METHODS", "compute_distinctive_terms", "count_terms", "extract_keywords"]

DISTINCTIVE_METHODS = ("log_odds", "chi2", "g2")


def _check_tokenizer(tokenizer, corpus):
    if tokenizer is None:
        return Tokenizer(mask=region_terms(corpus))
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"tokenizer must be a policycompare Tokenizer or None; got {type(tokenizer).__name__}")
    return tokenizer


def count_terms(corpus, *, tokenizer=None, n_jobs=1):
    """Term counts per document, as a sparse document-term matrix.

    Parameters
    ----------
    corpus : Corpus or Document
    tokenizer : Tokenizer, default=None
        ``None``: ``Tokenizer(mask=region_terms(corpus))``, the plans' own place
        names masked.
    n_jobs : int, default=1
        Processes for tokenizing texts not in the cache.

    Returns
    -------
    counts : scipy.sparse.csr_matrix
        One row per document (corpus order), one column per term.
    vocabulary : list of str
        The term of each column, sorted.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> counts, vocabulary = count_terms(load_document_from_text("落实双减，做好双减和课后服务。"))
    >>> vocabulary, counts.toarray().tolist()
    (['双减', '课后服务'], [[2, 1]])
    """
    docs = documents_of(corpus, name="corpus")
    tokenizer = _check_tokenizer(tokenizer, corpus)
    return _count_token_lists(_terms_many([doc.text for doc in docs], tokenizer=tokenizer, n_jobs=n_jobs))


def _count_token_lists(token_lists):
    """:func:`count_terms` of documents already read into terms: one list of terms per document."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=_identity)
    counts = vectorizer.fit_transform(token_lists) if any(token_lists) else None
    if counts is None:
        from scipy import sparse

        return sparse.csr_matrix((len(token_lists), 0), dtype=np.int64), []
    return counts.tocsr(), [str(t) for t in vectorizer.get_feature_names_out()]


def _identity(tokens):
    return tokens


def extract_keywords(corpus, *, n=20, sublinear_tf=True, tokenizer=None, n_jobs=1):
    """The top ``n`` keywords of every document, ranked by TF-IDF against the corpus.

    Stopwords (boilerplate such as 加强, 推进, 工作) and the plans' own place
    names never appear; terms every plan uses are down-weighted by IDF.

    Parameters
    ----------
    corpus : Corpus or Document
        With a single document every term has the same IDF, so keywords are
        its most frequent terms.
    n : int, default=20
    sublinear_tf : bool, default=True
        Score with ``1 + log(count)`` so a term repeated in one section does
        not crowd out the rest of the plan.
    tokenizer : Tokenizer, default=None
        ``None``: ``Tokenizer(mask=region_terms(corpus))``.
    n_jobs : int, default=1

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, rank, term, score, count`` (``count``: occurrences of
        the term in the document); ``n`` rows per document (fewer if it has
        fewer terms), documents in corpus order.

    Examples
    --------
    >>> from policycompare.corpus import Corpus, load_document_from_text
    >>> corpus = Corpus([load_document_from_text("推进集团化办学，实施托管帮扶，深化托管帮扶。", doc_id="a"),
    ...                  load_document_from_text("推进集团化办学，落实双减。", doc_id="b")])
    >>> extract_keywords(corpus, n=2).round(3)
      doc_id  rank   term  score  count
    0      a     1   托管帮扶  0.922      2
    1      a     2  集团化办学  0.387      1
    2      b     1     双减  0.815      1
    3      b     2  集团化办学  0.580      1
    """
    return _extract_keywords(corpus, n=n, sublinear_tf=sublinear_tf, tokenizer=tokenizer, n_jobs=n_jobs)


def _extract_keywords(corpus, *, n=20, sublinear_tf=True, tokenizer=None, n_jobs=1, terms=None):
    """:func:`extract_keywords`, from the documents' ``terms`` when they were read before with ``tokenizer``.

    ``terms`` is one list of terms per document, in corpus order, as
    :func:`~policycompare.tokens._terms_many` gives them.
    """
    from .vectors import _build_tfidf, top_terms

    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be an integer >= 1; got {n!r}")
    documents_of(corpus, name="corpus")
    tokenizer = _check_tokenizer(tokenizer, corpus)
    # The terms the scores were computed from give the counts too: count_terms would read every text into tokens again.
    result, terms = _build_tfidf(corpus, tokenizer=tokenizer, sublinear_tf=sublinear_tf, n_jobs=n_jobs, terms=terms)
    table = top_terms(result, n=n)
    row = {doc_id: i for i, doc_id in enumerate(result.index["doc_id"])}
    counted, current, counter = [], None, None
    # A document's rows are together: its terms are counted once, for all of them.
    for doc_id, term in zip(table["doc_id"], table["term"]):
        if doc_id != current:
            current, counter = doc_id, Counter(terms[row[doc_id]])
        counted.append(counter[term])
    table["count"] = np.asarray(counted, dtype=np.int64)
    return table.astype({"count": "int64"})


def _by_document(groups):
    """``groups`` as doc_id -> group, given that way or as group -> list of doc_ids."""
    lists = [isinstance(value, (list, tuple, set, frozenset)) for value in groups.values()]
    if not any(lists):
        return groups
    if not all(lists):
        raise ValueError("groups must map each doc_id to its group, or each group to a list of doc_ids, not both")
    by_document = {}
    for group, doc_ids in groups.items():
        for doc_id in doc_ids:
            if doc_id in by_document:
                raise PolicyCompareError(f"groups puts {doc_id!r} in both {by_document[doc_id]!r} and {group!r}; give each document one group")
            by_document[doc_id] = group
    return by_document


def _group_labels(corpus, docs, groups, *, warn_left_out=True):
    """Group label of each document (None = left out); plans a column leaves out are warned of unless ``warn_left_out`` is false."""
    if groups is None:
        return [doc.doc_id for doc in docs]
    if isinstance(groups, str):
        documents = corpus.documents if hasattr(corpus, "documents") else None
        if documents is None or groups not in documents.columns:
            allowed = ", ".join(documents.columns) if documents is not None else "none"
            raise PolicyCompareError(f"groups {groups!r} is not a column of corpus.documents; allowed: {allowed}")
        values = dict(zip(documents["doc_id"], documents[groups]))
        labels = [values.get(doc.doc_id) for doc in docs]
    elif isinstance(groups, dict):
        groups = _by_document(groups)
        known = [doc.doc_id for doc in docs]
        known_ids = set(known)
        unknown = [doc_id for doc_id in groups if doc_id not in known_ids]
        if unknown:
            # A misspelt id would otherwise leave its plan out of its group without a word.
            raise _unknown_id(unknown[0], known)
        labels = [groups.get(doc.doc_id) for doc in docs]
    else:
        raise TypeError(f"groups must be None, a column name of corpus.documents or a dict doc_id -> group; got {type(groups).__name__}")
    labels = [None if label is None or (isinstance(label, float) and np.isnan(label)) or str(label).strip() == "" else str(label) for label in labels]
    left_out = [doc.doc_id for doc, label in zip(docs, labels) if label is None]
    if isinstance(groups, str) and left_out and warn_left_out:
        # A dict names the plans it groups; a column left empty for some plans leaves them out unasked.
        warn(f"groups {groups!r}: {len(left_out)} of {len(docs)} plans have no value there and are left out "
             f"({', '.join(left_out[:5])}{', …' if len(left_out) > 5 else ''}); fill the column, or give groups as a dict",
             stacklevel=5)
    return labels


def _log_odds(in_group, in_rest, n_group, n_rest, prior_counts, alpha0):
    """z-scores of the log-odds ratio, group vs rest, with Dirichlet prior counts (Monroe et al. 2008).

    ``n_group``/``n_rest`` and ``alpha0`` count all tokens and all prior mass,
    including terms left out by ``min_count``.
    """
    group_odds = np.log(in_group + prior_counts) - np.log(n_group + alpha0 - in_group - prior_counts)
    rest_odds = np.log(in_rest + prior_counts) - np.log(n_rest + alpha0 - in_rest - prior_counts)
    variance = 1.0 / (in_group + prior_counts) + 1.0 / (in_rest + prior_counts)
    return (group_odds - rest_odds) / np.sqrt(variance)


def _two_by_two(in_group, in_rest, n_group, n_rest):
    """Observed and expected cells of each term's 2x2 table (term/other tokens × group/rest)."""
    observed = [in_group, in_rest, n_group - in_group, n_rest - in_rest]
    total = n_group + n_rest
    term_total = in_group + in_rest
    expected = [term_total * n_group / total, term_total * n_rest / total, (total - term_total) * n_group / total, (total - term_total) * n_rest / total]
    return observed, expected


def _chi2(in_group, in_rest, n_group, n_rest):
    observed, expected = _two_by_two(in_group, in_rest, n_group, n_rest)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = sum(np.where(e > 0, (o - e) ** 2 / e, 0.0) for o, e in zip(observed, expected))
    return np.sign(observed[0] - expected[0]) * statistic


def _g2(in_group, in_rest, n_group, n_rest):
    observed, expected = _two_by_two(in_group, in_rest, n_group, n_rest)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = 2.0 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(observed, expected))
    return np.sign(observed[0] - expected[0]) * statistic


def compute_distinctive_terms(corpus, *, groups=None, method="log_odds", prior=None, min_count=3, n=None, tokenizer=None, n_jobs=1):
    """Terms over- and under-used by each group of plans compared with all the others.

    Parameters
    ----------
    corpus : Corpus or list of Document
    groups : None, str or dict, default=None
        ``None``: each document is a group; a column of ``corpus.documents``
        (``"province"``, ``"level"``); or a dict, ``doc_id -> group`` or
        ``group -> list of doc_ids``. Documents with no group (missing or
        empty value) are left out; at least two groups are needed.
    method : {"log_odds", "chi2", "g2"}, default="log_odds"
        See the module notes. ``score`` is a z-score for ``"log_odds"`` and a
        signed statistic with one degree of freedom for the others.
    prior : float, default=None
        For ``"log_odds"``: total pseudo-count ``alpha0`` of the Dirichlet prior,
        spread over terms in proportion to their frequency in all groups
        together. ``None`` uses the corpus counts themselves (``alpha0`` = all
        tokens), a strong prior that keeps rare terms from topping the list.
    min_count : int, default=3
        Leave out terms with fewer occurrences in all groups together.
    n : int, default=None
        Keep the ``n`` highest-ranked terms of each group; ``None`` keeps all.
    tokenizer : Tokenizer, default=None
        ``None``: ``Tokenizer(mask=region_terms(corpus))``, so a plan's own
        place names cannot be its distinctive terms.
    n_jobs : int, default=1

    Returns
    -------
    pandas.DataFrame
        Columns ``group, rank, term, score, count_in_group, count_in_rest``;
        ranked within each group by score (highest first, ties by term),
        groups in order of first appearance. ``attrs["method"]`` names the
        statistic, for a figure's axis.

    Raises
    ------
    PolicyCompareError
        If fewer than two groups remain, or ``groups`` names a column the
        documents table lacks.
    ValueError
        If an option is invalid.
    UnknownIdError
        If ``groups`` names a document the corpus does not hold.

    Examples
    --------
    >>> from policycompare.corpus import Corpus, load_document_from_text
    >>> corpus = Corpus([load_document_from_text("托管帮扶，托管帮扶，托管帮扶，双减。", doc_id="a"),
    ...                  load_document_from_text("双减，双减，双减，托管帮扶。", doc_id="b")])
    >>> compute_distinctive_terms(corpus, method="chi2", min_count=1)
      group  rank  term  score  count_in_group  count_in_rest
    0     a     1  托管帮扶    2.0               3              1
    1     a     2    双减   -2.0               1              3
    2     b     1    双减    2.0               3              1
    3     b     2  托管帮扶   -2.0               1              3
    """
    return _compute_distinctive_terms(corpus, groups=groups, method=method, prior=prior, min_count=min_count, n=n, tokenizer=tokenizer,
                                      n_jobs=n_jobs)


def _compute_distinctive_terms(corpus, *, groups=None, method="log_odds", prior=None, min_count=3, n=None, tokenizer=None, n_jobs=1, terms=None):
    """:func:`compute_distinctive_terms`, from the documents' ``terms`` when they were read before with ``tokenizer``.

    ``terms`` is one list of terms per document, in corpus order, as
    :func:`~policycompare.tokens._terms_many` gives them.
    """
    if method not in DISTINCTIVE_METHODS:
        raise ValueError(f"method must be one of {', '.join(DISTINCTIVE_METHODS)}; got {method!r}")
    if prior is not None and (isinstance(prior, bool) or not isinstance(prior, (int, float)) or not prior > 0):
        raise ValueError(f"prior must be a positive number or None; got {prior!r}")
    if not isinstance(min_count, int) or isinstance(min_count, bool) or min_count < 1:
        raise ValueError(f"min_count must be an integer >= 1; got {min_count!r}")
    if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 1):
        raise ValueError(f"n must be None or an integer >= 1; got {n!r}")
    from .corpus import Corpus

    docs = documents_of(corpus, name="corpus")
    if not isinstance(corpus, Corpus):
        # As a Corpus, a list that gives a doc id twice is refused, and groups may name a column of its documents table.
        corpus = Corpus(docs)
    labels = _group_labels(corpus, docs, groups)
    names = list(dict.fromkeys(label for label in labels if label is not None))
    if len(names) < 2:
        raise PolicyCompareError(f"groups must give at least two groups of documents; got {len(names)} ({', '.join(names) or 'none'})")
    tokenizer = _check_tokenizer(tokenizer, corpus)
    counts, vocabulary = count_terms(corpus, tokenizer=tokenizer, n_jobs=n_jobs) if terms is None else _count_token_lists(terms)
    position = {name: g for g, name in enumerate(names)}
    membership = np.zeros((len(names), len(docs)))
    for j, label in enumerate(labels):
        if label is not None:
            membership[position[label], j] = 1.0
    in_group = np.asarray(counts.T.dot(membership.T).T, dtype=float)  # groups x terms
    totals = in_group.sum(axis=0)
    n_group = in_group.sum(axis=1, keepdims=True)
    n_rest = totals.sum() - n_group
    prior_all = totals if prior is None else prior * totals / totals.sum()
    keep = totals >= min_count
    in_group, totals, prior_counts = in_group[:, keep], totals[keep], prior_all[keep]
    terms = np.asarray(vocabulary, dtype=object)[keep]
    in_rest = totals[None, :] - in_group
    columns = ["group", "rank", "term", "score", "count_in_group", "count_in_rest"]
    if not len(terms):
        empty = pd.DataFrame(columns=columns).astype({"group": str, "rank": "int64", "term": str, "score": "float64", "count_in_group": "int64", "count_in_rest": "int64"})
        empty.attrs["method"] = method
        return empty
    if method == "log_odds":
        scores = _log_odds(in_group, in_rest, n_group, n_rest, prior_counts[None, :], prior_all.sum())
    elif method == "chi2":
        scores = _chi2(in_group, in_rest, n_group, n_rest)
    else:
        scores = _g2(in_group, in_rest, n_group, n_rest)
    # Every group's terms ranked at once, highest score first; the stable sort breaks ties by term, as the
    # vocabulary is sorted. Sorting each of a thousand plans' 3,000 terms in Python took two seconds.
    order = np.argsort(-scores, axis=1, kind="stable")
    if n is not None:
        order = order[:, :n]
    rows = np.arange(len(names))[:, None]
    table = pd.DataFrame({
        "group": np.repeat(np.asarray(names, dtype=object), order.shape[1]),
        "rank": np.tile(np.arange(1, order.shape[1] + 1), len(names)),
        "term": terms[order].ravel(),
        "score": scores[rows, order].ravel(),
        "count_in_group": in_group[rows, order].astype(np.int64).ravel(),
        "count_in_rest": in_rest[rows, order].astype(np.int64).ravel(),
    })
    table = table[columns].astype({"rank": "int64", "score": "float64"})
    table.attrs["method"] = method
    return table
