"""Keyword co-occurrence graphs: building, comparing, centrality, communities, files.

A keyword graph has one node per term and one edge per pair of terms that
occur close together: within ``window`` tokens of each other *in the same
sentence*. Sentences end at 。！？；!?; and line breaks, so a window never
reaches from the end of one measure into the heading of the next.

Association of an edge is measured on the co-occurrence counts themselves
(the word–context matrix of distributional semantics): with ``n(x, y)`` the
co-occurrence count of a pair, ``n(x)`` the sum of the counts of every pair
``x`` takes part in, and ``N`` the number of co-occurrences, so that
``p(x, y) = n(x, y) / 2N`` and ``p(x) = n(x) / 2N`` (each co-occurrence has
two ends)::

    pmi    = ln( p(x, y) / (p(x) p(y)) ) = ln( 2N n(x, y) / (n(x) n(y)) )
    npmi   = pmi / -ln p(x, y)            in [-1, 1]; 1 when x and y occur only with each other
    ochiai = n(x, y) / sqrt(n(x) n(y))    in (0, 1]

The marginals are taken over every term before ``min_count`` and ``top_n``
prune the graph, so an edge's association does not change with the pruning.

Graphs are plain ``networkx.Graph`` objects whose attribute values are str,
int, float or bool only, so they can be written to GEXF (Gephi) and GraphML
as they are.
"""

import json
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd

from .corpus import Corpus, Document
from .errors import PolicyCompareError, warn
from .tables import typed
from .vectors import _check_corpus, _table_mask
from .writing import atomic_path

__all__ = [
    "SENTENCE_END",
    "build_keyword_graph",
    "compare_graphs",
    "compute_centrality",
    "detect_communities",
    "read_graph",
    "split_sentences",
    "write_graph",
]

# Characters that end a sentence for co-occurrence windows.
SENTENCE_END = "。！？；!?;\n\r"
_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_END)}]")
_ASSOCIATIONS = ("npmi", "pmi", "ochiai")
# The order of the values of _associations.
_ASSOCIATIONS_STORED = ("pmi", "npmi", "ochiai")
_GRAPH_FORMATS = {".gexf": "GEXF", ".graphml": "GraphML"}
# Written into GEXF's <description>, which has no place for graph attributes.
_GEXF_GRAPH_ATTRIBUTES = "policycompare graph attributes: "


def split_sentences(text):
    """Spans of the sentences of ``text``: split at 。！？；!?; and line breaks.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each non-blank sentence, without its end mark.

    Examples
    --------
    >>> text = "推进集团化办学。\\n实施县管校聘；落实"
    >>> [text[start:end] for start, end in split_sentences(text)]
    ['推进集团化办学', '实施县管校聘', '落实']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


_CJK = re.compile(r"[\u3400-\u9fff]")


def _units(data):
    """(texts, documents, name, doc_ids) for every kind of data a graph is built from."""
    if isinstance(data, str):
        if not _CJK.search(data):
            # An id or a path given where a plan was meant would give an empty graph without a word.
            shown = data if len(data) <= 40 else data[:40] + "…"
            raise ValueError(f"data is a str without a Chinese character ({shown!r}); a str is read as a plan's text, "
                             "not as a document id or a path: pass corpus[doc_id] or load_document(path)")
        return [data], [], "text", []
    if isinstance(data, Document):
        return [data.text], [data], data.doc_id, [data.doc_id]
    if isinstance(data, Corpus) or (isinstance(data, (list, tuple)) and data and all(isinstance(d, Document) for d in data)):
        docs = list(data)
        if not docs:
            raise PolicyCompareError("no documents to build a keyword graph from")
        ids = [d.doc_id for d in docs]
        return [d.text for d in docs], docs, "+".join(ids), ids
    if isinstance(data, pd.DataFrame):
        if "text" not in data.columns:
            raise ValueError(f"data is a DataFrame with columns {list(data.columns)}; it needs a 'text' column (e.g. extract_measures output)")
        ids = list(dict.fromkeys(str(d) for d in data["doc_id"])) if "doc_id" in data.columns else []
        return [str(t) for t in data["text"]], [], "+".join(ids) or "measures", ids
    raise TypeError(f"data is a {type(data).__name__}; expected a Document, a Corpus, a list of Documents, a str or a DataFrame with a 'text' column")


def _reference_documents(reference):
    if reference is None:
        return None
    if isinstance(reference, Document):
        return [reference]
    if isinstance(reference, Corpus) or (isinstance(reference, (list, tuple)) and reference and all(isinstance(d, Document) for d in reference)):
        return list(reference)
    raise TypeError(f"reference is a {type(reference).__name__}; expected a Corpus, a list of Documents or None")


def _default_tokenizer(data, documents, corpus):
    """The tokenizer used when none is given: the plans' own place names masked, a table's from its ``corpus``."""
    from .tokens import Tokenizer, region_terms

    if isinstance(data, pd.DataFrame):
        return Tokenizer(mask=_table_mask(data, corpus, function="build_keyword_graph", stacklevel=3))
    return Tokenizer(mask=region_terms(documents) if documents else [])


def _sentence_tokens(texts, tokenizer):
    """Token texts of ``texts``, in order, and the number of each token's sentence (counted over all the texts)."""
    tokens, numbers, first = [], [], 0
    for text in texts:
        ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        found = tokenizer.tokenize(text)
        tokens += [token.text for token in found]
        # number of sentence ends before the token = its sentence
        numbers.append(first + np.searchsorted(ends, [token.start for token in found]).astype(np.int64))
        first += len(ends) + 1
    return tokens, np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)


# Document frequencies of the last few reference corpora, by tokenizer and texts. A report weighs each of
# its plans against the same corpus, which was read again for every plan: of a 400-plan report's seven
# minutes under a profiler, three went there.
_DOCUMENT_FREQUENCIES = {}
_DOCUMENT_FREQUENCIES_KEPT = 4


def _document_frequencies(texts, tokenizer):
    """In how many of ``texts`` each term occurs (their tokens read in one batch); the result is shared, not to be changed."""
    from .tokens import _terms_many

    # The texts themselves are the key: a str keeps its hash, and the same objects compare equal at once, where a
    # digest of every text at each call grew with the square of the plans (25 ms a graph for 1,000 plans).
    key = (tokenizer.fingerprint, tuple(texts))
    found = _DOCUMENT_FREQUENCIES.get(key)
    if found is None:
        found = Counter(term for terms in _terms_many(texts, tokenizer=tokenizer) for term in set(terms))
        while len(_DOCUMENT_FREQUENCIES) >= _DOCUMENT_FREQUENCIES_KEPT:
            del _DOCUMENT_FREQUENCIES[next(iter(_DOCUMENT_FREQUENCIES))]
        _DOCUMENT_FREQUENCIES[key] = found
    return found


def _count_pairs(ids, sentences, window, n_terms):
    """Co-occurrences of the term numbers ``ids`` less than ``window`` tokens apart in one sentence.

    Returns arrays ``lo, hi, n``: each pair of different terms (``lo < hi``) and its count.
    """
    keys = [np.zeros(0, dtype=np.int64)]
    # Sentence numbers only grow along the tokens: two tokens with one number have their whole sentence between them.
    for distance in range(1, min(window, len(ids))):
        left, right = ids[:-distance], ids[distance:]
        near = (sentences[:-distance] == sentences[distance:]) & (left != right)
        left, right = left[near], right[near]
        keys.append(np.minimum(left, right) * n_terms + np.maximum(left, right))
    keys, n = np.unique(np.concatenate(keys), return_counts=True)
    return keys // n_terms, keys % n_terms, n


def _associations(n, ends_u, ends_v, total):
    """pmi, npmi and ochiai of pairs seen ``n`` times whose terms take part in ``ends_u`` and ``ends_v`` co-occurrences (see the module notes).

    The counts are Python ints, so each ratio of whole numbers is rounded once, however large they grow.
    """
    values = []
    for count, u, v in zip(n, ends_u, ends_v):
        pmi = math.log(count * total / (u * v))
        joint = count / total
        # a graph with a single co-occurring pair: p(x, y) = 1, perfect association
        npmi = 1.0 if joint == 1 else pmi / -math.log(joint)
        values.append((pmi, npmi, count / math.sqrt(u * v)))
    return values


def _tfidf(counts, doc_freq, n_documents):
    """scikit-learn's TfidfVectorizer weights (smooth idf, L2 norm) of the pooled counts."""
    weights = {}
    for term, count in counts.items():
        idf = math.log((1 + n_documents) / (1 + doc_freq.get(term, 0))) + 1 if n_documents else 1.0
        weights[term] = count * idf
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def _check_int(name, value, minimum, *, allow_none=False):
    if allow_none and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        allowed = f"None or a whole number >= {minimum}" if allow_none else f"a whole number >= {minimum}"
        raise ValueError(f"{name}={value!r}; expected {allowed}")


def build_keyword_graph(
    data,
    *,
    window=5,
    min_count=2,
    top_n=None,
    association: Literal["npmi", "pmi", "ochiai"] = "npmi",
    corpus=None,
    tokenizer=None,
    reference=None,
):
    """Build the keyword co-occurrence graph of a plan, a group of plans or a set of measures.

    Parameters
    ----------
    data : Document, Corpus, list of Document, str or pandas.DataFrame
        A plan; a corpus or list of plans (pooled into one graph, e.g. a
        region group); a text; or a table with a ``text`` column, such as the
        rows of :func:`~policycompare.structure.extract_measures` for one
        instrument (``doc_id`` is used for the graph's ``doc_ids``).
    window : int, default=5
        Window size in tokens: two tokens co-occur when they are fewer than
        ``window`` tokens apart in the same sentence (``window=2``: adjacent
        tokens only). Every pair of positions counts once.
    min_count : int, default=2
        Terms occurring fewer times are left out of the graph.
    top_n : int, default=None
        Keep only the ``top_n`` most frequent terms (ties broken by the
        term's text), after ``min_count``.
    association : {"npmi", "pmi", "ochiai"}, default="npmi"
        Which measure is copied into each edge's ``assoc`` attribute. All
        three are stored on every edge.
    corpus : Corpus or Document, default=None
        For a table only: the corpus its rows came from, whose plans' place
        names the default tokenizer masks (every plan's; ``corpus["huaxi"]``
        masks Huaxi's alone, as ``build_keyword_graph(corpus["huaxi"])``
        does). A table holds no plan metadata; without its corpus its place
        names are terms like any other, and a ``PolicyCompareWarning`` says
        so. Every plan of the table's ``doc_id`` must be in it.
    tokenizer : Tokenizer, default=None
        ``None`` uses the shipped dictionary and stopwords, and masks the
        plans' own place names (:func:`~policycompare.tokens.region_terms` of
        the plans given, or of ``corpus`` for a table) so that 花溪区 does not
        become the hub of Huaxi's graph; a text has none. Give either
        ``corpus`` or ``tokenizer``: a tokenizer brings its own mask.
    reference : Corpus or list of Document, default=None
        Documents that set the inverse document frequency of ``tfidf`` and
        ``doc_freq``. ``None`` uses the data's own plans for a corpus or list
        of plans; for a single plan, a text or a table it means no reference:
        idf is 1, ``doc_freq`` is 1 and ``tfidf`` is just the normalised
        frequency. Pass ``reference=corpus`` to weigh one plan against its
        peers.

    Returns
    -------
    networkx.Graph
        Nodes are terms (str), ordered by count (descending) then text, with
        attributes ``count`` (occurrences in the data), ``tfidf`` (as
        scikit-learn's ``TfidfVectorizer`` with smooth idf and L2 norm over
        all the data's terms, counts pooled), ``doc_freq`` (reference documents
        that contain the term). Edges have ``weight`` (co-occurrence count),
        ``pmi``, ``npmi``, ``ochiai`` and ``assoc`` (the chosen one). ``G.graph``
        holds ``name``, ``doc_ids`` (comma-separated), ``n_tokens``,
        ``n_sentences``, ``n_reference``, ``window``, ``min_count``, ``top_n``
        (0 = all), ``association`` and ``tokenizer`` (its fingerprint).

    Raises
    ------
    PolicyCompareError
        If ``data`` is a corpus without documents.
    ValueError
        If an option is out of range, ``corpus`` is given with plans or with
        ``tokenizer``, or ``data`` is a str without Chinese text or a table
        without a ``text`` column.
    UnknownIdError
        If ``corpus`` lacks a plan of the table.
    TypeError
        If ``data``, ``reference`` or ``tokenizer`` is of another type.

    Examples
    --------
    >>> from policycompare.tokens import Tokenizer
    >>> tk = Tokenizer(user_dict=None, stopwords=None, cache=False)
    >>> G = build_keyword_graph("教师，学生，课程。教师，学生。课程，质量", window=2, min_count=1, tokenizer=tk)
    >>> list(G.nodes(data="count"))
    [('学生', 2), ('教师', 2), ('课程', 2), ('质量', 1)]
    >>> list(G.edges(data="weight"))
    [('学生', '教师', 2), ('学生', '课程', 1), ('课程', '质量', 1)]
    >>> G.has_edge("课程", "教师")  # adjacent only across 。
    False
    """
    _check_int("window", window, 2)
    _check_int("min_count", min_count, 1)
    _check_int("top_n", top_n, 1, allow_none=True)
    if association not in _ASSOCIATIONS:
        raise ValueError(f"association={association!r}; expected 'npmi', 'pmi' or 'ochiai'")
    texts, documents, name, doc_ids = _units(data)
    _check_corpus(data, corpus, tokenizer)
    references = _reference_documents(reference)
    if references is None and len(documents) > 1:
        references = documents
    if tokenizer is None:
        tokenizer = _default_tokenizer(data, documents, corpus)
    else:
        from .tokens import Tokenizer

        if not isinstance(tokenizer, Tokenizer):
            raise TypeError(f"tokenizer is a {type(tokenizer).__name__}; expected a policycompare Tokenizer or None")

    tokens, sentences = _sentence_tokens(texts, tokenizer)
    counts = Counter(tokens)
    # Terms numbered in the order of their text, so that numpy counts the pairs and lo < hi as for the text.
    vocabulary = sorted(counts)
    number = {term: i for i, term in enumerate(vocabulary)}
    ids = np.fromiter((number[token] for token in tokens), dtype=np.int64, count=len(tokens))
    lo, hi, n = _count_pairs(ids, sentences, window, len(vocabulary))
    # Marginals and total over every pair, before min_count and top_n prune the graph (see the module notes).
    ends = (np.bincount(lo, weights=n, minlength=len(vocabulary)) + np.bincount(hi, weights=n, minlength=len(vocabulary))).astype(np.int64)
    total = 2 * int(n.sum())
    if references is None:
        doc_freq, n_reference = {term: 1 for term in counts}, 0
    else:
        doc_freq = _document_frequencies([doc.text for doc in references], tokenizer)
        n_reference = len(references)
    tfidf = _tfidf(counts, doc_freq, n_reference)

    terms = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    if not terms:
        # An empty graph written to a file, or drawn as a blank figure, says nothing of why.
        commonest = max(counts, key=lambda t: (counts[t], t), default=None)
        why = ("it has no term to count (no Chinese text, or only stopwords and figures)" if commonest is None else
               f"no term occurs min_count={min_count} times (the commonest, {commonest}, occurs {counts[commonest]})")
        warn(f"the keyword graph of {name} is empty: {why}", stacklevel=3)
    if top_n is not None:
        terms = terms[:top_n]
    node_ids = np.array([number[term] for term in terms], dtype=np.int64)
    rank = np.full(len(vocabulary), -1)
    rank[node_ids] = np.arange(len(terms))
    # The edges between nodes, in the nodes' order; a plan's rarer terms, left out, are in most of its pairs.
    inside = (rank[lo] >= 0) & (rank[hi] >= 0)
    first, second = np.minimum(rank[lo], rank[hi])[inside], np.maximum(rank[lo], rank[hi])[inside]
    order = np.lexsort((second, first))
    first, second, n = first[order], second[order], n[inside][order]
    associations = _associations(n.tolist(), ends[node_ids[first]].tolist(), ends[node_ids[second]].tolist(), total)
    chosen = _ASSOCIATIONS_STORED.index(association)

    G = nx.Graph()
    G.graph.update(
        name=name,
        doc_ids=",".join(doc_ids),
        n_tokens=len(tokens),
        n_sentences=len(np.unique(sentences)),
        n_reference=int(n_reference),
        window=int(window),
        min_count=int(min_count),
        top_n=int(top_n or 0),
        association=association,
        tokenizer=tokenizer.fingerprint[:16],
    )
    G.add_nodes_from((term, {"count": counts[term], "tfidf": float(tfidf[term]), "doc_freq": int(doc_freq.get(term, 0))}) for term in terms)
    G.add_edges_from(
        (terms[i], terms[j], {"weight": weight, "pmi": values[0], "npmi": values[1], "ochiai": values[2], "assoc": values[chosen]})
        for i, j, weight, values in zip(first.tolist(), second.tolist(), n.tolist(), associations)
    )
    return G


def _check_graphs(graphs, name="graphs"):
    if not isinstance(graphs, dict):
        raise TypeError(f"{name} must be a non-empty dict of name -> networkx.Graph; got {type(graphs).__name__}")
    if not graphs:
        raise ValueError(f"{name} must be a non-empty dict of name -> networkx.Graph; got an empty dict")
    for key, G in graphs.items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"{name} keys must be non-empty str; got {key!r}")
        if not isinstance(G, nx.Graph):
            raise TypeError(f"{name}[{key!r}] is a {type(G).__name__}; expected a networkx.Graph")


def _status(n, total):
    if n == total:
        return "shared"
    return "unique" if n == 1 else "partial"


def compare_graphs(graphs):
    """Which terms and links several keyword graphs share.

    Parameters
    ----------
    graphs : dict of str -> networkx.Graph
        E.g. ``{"huaxi": G1, "anning": G2}``; the keys name the columns.

    Returns
    -------
    dict with two pandas.DataFrame
        ``"nodes"``: ``term``, one bool column per graph, ``n_graphs``,
        ``status`` (``shared`` by all graphs, ``partial``, or ``unique`` to
        one). ``"edges"``: ``u, v`` (``u < v``), one column per graph with
        the edge's weight (0 where absent), ``n_graphs``, ``status``. Both are
        sorted by ``n_graphs`` (descending) then terms.

    Examples
    --------
    >>> import networkx as nx
    >>> a, b = nx.Graph([("教师", "培训")]), nx.Graph([("教师", "培训"), ("教师", "交流")])
    >>> compare_graphs({"甲": a, "乙": b})["nodes"].values.tolist()
    [['培训', True, True, 2, 'shared'], ['教师', True, True, 2, 'shared'], ['交流', False, True, 1, 'unique']]
    >>> compare_graphs({"甲": a, "乙": b})["edges"].values.tolist()
    [['培训', '教师', 1, 1, 2, 'shared'], ['交流', '教师', 0, 1, 1, 'unique']]
    """
    _check_graphs(graphs)
    clash = [key for key in graphs if key in ("term", "u", "v", "n_graphs", "status")]
    if clash:
        raise ValueError(f"graphs has the key {clash[0]!r}, which is also a column name; rename it")
    names = list(graphs)
    terms = sorted({str(n) for G in graphs.values() for n in G.nodes})
    nodes = pd.DataFrame({"term": terms})
    for key in names:
        present = {str(n) for n in graphs[key].nodes}
        nodes[key] = [t in present for t in terms]
    nodes["n_graphs"] = nodes[names].sum(axis=1).astype("int64")
    nodes["status"] = [_status(n, len(names)) for n in nodes["n_graphs"]]
    nodes = nodes.sort_values(["n_graphs", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    nodes = typed(nodes, {**dict.fromkeys(names, "bool"), "n_graphs": "int64"})

    weights = {key: {tuple(sorted((str(u), str(v)))): w for u, v, w in G.edges(data="weight", default=1)} for key, G in graphs.items()}
    pairs = sorted(set().union(*weights.values()))
    edges = pd.DataFrame(pairs, columns=["u", "v"]) if pairs else pd.DataFrame(columns=["u", "v"])
    for key in names:
        edges[key] = [weights[key].get(pair, 0) for pair in pairs]
    edges["n_graphs"] = (edges[names] != 0).sum(axis=1).astype("int64") if pairs else pd.Series(dtype="int64")
    edges["status"] = [_status(n, len(names)) for n in edges["n_graphs"]]
    edges = edges.sort_values(["n_graphs", "u", "v"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
    # Weights of keyword graphs are co-occurrence counts.
    edges = typed(edges, {**dict.fromkeys(names, "int64"), "n_graphs": "int64"})
    return {"nodes": nodes, "edges": edges}


def _eigenvector(G):
    """Weighted eigenvector centrality; NaN when it cannot be computed."""
    if G.number_of_edges() == 0:
        return {n: float("nan") for n in G}
    try:
        return nx.eigenvector_centrality(G, max_iter=1000, tol=1e-9, weight="weight")
    except nx.PowerIterationFailedConvergence:
        pass
    try:
        return nx.eigenvector_centrality_numpy(G, weight="weight")
    except (nx.NetworkXException, ArithmeticError, ValueError):
        return {n: float("nan") for n in G}


# The types of the columns of compute_centrality's table; weighted degrees of keyword graphs are sums of counts.
_CENTRALITY_TYPES = {"degree": "int64", "weighted_degree": "int64", "betweenness": "float64", "eigenvector": "float64", "rank": "int64"}


def compute_centrality(G):
    """Centrality of every term of one or several keyword graphs.

    Parameters
    ----------
    G : networkx.Graph or dict of str -> networkx.Graph

    Returns
    -------
    pandas.DataFrame
        Columns ``graph`` (the dict key, or ``G.graph["name"]``: a graph's
        name, not a doc id, as a graph may be of several plans or of a text;
        ``G.graph["doc_ids"]`` names its plans), ``term``,
        ``degree`` (neighbours), ``weighted_degree`` (sum of edge weights),
        ``betweenness`` (normalised, on the unweighted graph: heavier
        co-occurrence means closer, so weights are not distances),
        ``eigenvector`` (weighted; power iteration, then the exact numpy
        solver if it does not converge; NaN for a graph without edges) and
        ``rank`` (1 = highest weighted degree, ties broken by term). Sorted by
        graph, then rank.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("教师", "培训", {"weight": 3}), ("教师", "交流", {"weight": 1})], name="demo")
    >>> compute_centrality(G)[["graph", "term", "degree", "weighted_degree", "betweenness", "rank"]].values.tolist()
    [['demo', '教师', 2, 4, 1.0, 1], ['demo', '培训', 1, 3, 0.0, 2], ['demo', '交流', 1, 1, 0.0, 3]]
    """
    if isinstance(G, nx.Graph):
        graphs = {str(G.graph.get("name", "")): G}
    else:
        _check_graphs(G, name="G")
        graphs = G
    frames = []
    columns = ["graph", "term", "degree", "weighted_degree", "betweenness", "eigenvector", "rank"]
    for key, graph in graphs.items():
        betweenness = nx.betweenness_centrality(graph, normalized=True)
        eigenvector = _eigenvector(graph)
        rows = [
            {
                "graph": key,
                "term": str(node),
                "degree": int(graph.degree(node)),
                "weighted_degree": graph.degree(node, weight="weight"),
                "betweenness": round(float(betweenness[node]), 6),
                "eigenvector": round(float(eigenvector[node]), 6),
            }
            for node in graph.nodes
        ]
        frame = pd.DataFrame(rows, columns=columns[:-1])
        frame = frame.sort_values(["weighted_degree", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
        frame["rank"] = np.arange(1, len(frame) + 1, dtype="int64")
        frames.append(frame)
    if not frames or all(f.empty for f in frames):
        return typed(pd.DataFrame(columns=columns), _CENTRALITY_TYPES)
    return pd.concat([f for f in frames if not f.empty], ignore_index=True)


def detect_communities(G, *, seed=0, resolution=1.0):
    """Communities of a keyword graph (Louvain, weighted, with a fixed seed).

    Parameters
    ----------
    G : networkx.Graph
    seed : int, default=0
        Louvain visits nodes in a random order; a fixed seed makes the result
        repeatable.
    resolution : float, default=1.0
        Above 1 favours more, smaller communities; below 1 fewer, larger ones.

    Returns
    -------
    pandas.DataFrame
        Columns ``graph`` (``G.graph["name"]``: the plan's doc id for a
        graph of one plan, as in :func:`compute_centrality`), ``term``,
        ``community``; communities are numbered from 0 by size (largest
        first), ties by their first term; sorted by community, term. The
        tables of several graphs stacked keep which graph each row is of,
        and join :func:`compute_centrality`'s on ``graph, term``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("教师", "培训", {"weight": 5}), ("学生", "课程", {"weight": 5}), ("培训", "课程", {"weight": 1})],
    ...              name="demo")
    >>> detect_communities(G).values.tolist()
    [['demo', '培训', 0], ['demo', '教师', 0], ['demo', '学生', 1], ['demo', '课程', 1]]
    """
    if not isinstance(G, nx.Graph):
        raise TypeError(f"G is a {type(G).__name__}; expected a networkx.Graph")
    _check_int("seed", seed, 0)
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float, np.number)) or not resolution > 0:
        raise ValueError(f"resolution={resolution!r}; expected a number > 0")
    # Named as compute_centrality names it: a graph may be of one plan, of several (huaxi+anning) or of a text.
    name = str(G.graph.get("name", ""))
    if G.number_of_nodes() == 0:
        return pd.DataFrame({"graph": pd.Series(dtype=str), "term": pd.Series(dtype=str), "community": pd.Series(dtype="int64")})
    communities = nx.community.louvain_communities(G, weight="weight", resolution=float(resolution), seed=int(seed))
    communities = sorted((sorted(str(n) for n in c) for c in communities), key=lambda c: (-len(c), c[0]))
    rows = [(name, term, number) for number, members in enumerate(communities) for term in members]
    return pd.DataFrame(rows, columns=["graph", "term", "community"]).astype({"community": "int64"})


def _safe_value(value, where):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (str, bool, int, float)):
        return value
    raise ValueError(f"{where} is a {type(value).__name__} ({value!r}); GEXF and GraphML take str, int, float or bool")


# Attribute value types written as they are; a subclass (numpy.float64 is a float) goes through _safe_value.
_PLAIN_TYPES = frozenset({str, int, float, bool})


def _is_plain(G):
    """Whether every attribute value of ``G`` (graph, nodes, edges) is exactly a str, int, float or bool."""
    types = set(map(type, G.graph.values()))
    for _, data in G.nodes(data=True):
        types.update(map(type, data.values()))
    for *_, data in G.edges(data=True):
        types.update(map(type, data.values()))
    return types <= _PLAIN_TYPES


def _safe_copy(G):
    """A copy of G whose attribute values are plain str, int, float or bool."""
    H = G.__class__()
    for key, value in G.graph.items():
        H.graph[key] = _safe_value(value, f"graph attribute {key!r}")
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _safe_value(v, f"attribute {k!r} of node {node!r}") for k, v in data.items()})
    for u, v, data in G.edges(data=True):
        H.add_edge(u, v, **{k: _safe_value(val, f"attribute {k!r} of edge ({u!r}, {v!r})") for k, val in data.items()})
    return H


def _graph_format(path, name="path"):
    suffix = Path(path).suffix.lower()
    if suffix not in _GRAPH_FORMATS:
        raise ValueError(f"{name}={str(path)!r} ends in {suffix or 'no suffix'!r}; expected .gexf or .graphml")
    return suffix


def _write_gexf(G, path):
    if _plain_for_gexf(G):
        with open(path, "wb") as handle:
            handle.write(_gexf_bytes(G))
        return
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(G)
    meta = writer.xml.find("meta")
    # today's date would make identical graphs differ as files
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "policycompare"
    extra = {k: v for k, v in G.graph.items() if k not in ("name", "mode")}
    if extra:
        ET.SubElement(meta, "description").text = _GEXF_GRAPH_ATTRIBUTES + json.dumps(extra, ensure_ascii=False)
    with open(path, "wb") as handle:
        writer.write(handle)


# Keys networkx's GEXF writer gives a meaning of their own (an element's id or label, a time, a position);
# a graph holding one is written by networkx itself.
_GEXF_NODE_KEYS = frozenset({"id", "label", "pid", "start", "end", "viz", "parents", "spells", "slices"})
_GEXF_EDGE_KEYS = frozenset({"id", "label", "type", "start", "end", "key", "spells", "slices"})


def _plain_for_gexf(G):
    """Whether :func:`_gexf_bytes` writes ``G`` (plain, see :func:`_is_plain`, or a :func:`_safe_copy`) as networkx's GEXF writer would."""
    if G.is_multigraph() or any(key in G.graph for key in ("mode", "node_default", "edge_default")):
        return False
    return (all(_GEXF_NODE_KEYS.isdisjoint(data) for _, data in G.nodes(data=True))
            and all(_GEXF_EDGE_KEYS.isdisjoint(data) for _, _, data in G.edges(data=True)))


def _gexf_bytes(G):
    """The file networkx's GEXF writer (version 1.2draft, pretty-printed) writes for ``G``, without its date, by policycompare.

    networkx builds an element tree and serialises it in Python, 0.04 s for a
    plan's graph; a report of a thousand plans spent most of a minute there.
    This writes the same text directly, for graphs :func:`_plain_for_gexf`
    accepts: the tests compare the two byte for byte.
    """
    from networkx.readwrite.gexf import GEXF

    types = GEXF()
    types.construct_types()
    xml_type = types.xml_type
    ids = {"node": {}, "edge": {}}
    declared = {"node": [], "edge": []}
    # What an attribute dict is written with, by its keys and its values' types: a plan's nodes all have one
    # kind of dict, its edges another, so each key is looked up, and each line's text made, once a graph.
    layouts = {"node": {}, "edge": {}}

    def layout(kind, data):
        """The start of each attvalue line of ``data`` and, when its values are all int or float, a template of the lines."""
        starts, fields = [], []
        for index, (key, value) in enumerate(data.items()):
            if kind == "edge" and key == "weight":
                continue  # an attribute of the edge element
            if key not in ids[kind]:
                ids[kind][key] = str(sum(map(len, ids.values())))
                declared[kind].append(f'<attribute id="{ids[kind][key]}" title={_quoted(str(key))} type="{xml_type[type(value)]}" />')
            starts.append(f'          <attvalue for="{ids[kind][key]}" value=')
            fields.append(f'"{{{index}!r}}" />' if type(value) in (int, float) else None)
        numbers = bool(starts) and None not in fields
        return starts, "\n".join(map(str.__add__, starts, fields)) if numbers else None

    def values(kind, data):
        key = (tuple(data), tuple(map(type, data.values())))
        found = layouts[kind].get(key)
        if found is None:
            found = layouts[kind][key] = layout(kind, data)
        starts, template = found
        if not starts:
            return []
        if template is not None:
            # Numbers need no escaping, and all are formatted in one call. Neither the template nor the repr of a
            # finite number has the letter n: a text with one holds inf or nan, which GEXF spells INF and NaN.
            text = template.format(*data.values())
            if "n" not in text:
                return ["        <attvalues>", text, "        </attvalues>"]
        written = (value for key, value in data.items() if key != "weight") if kind == "edge" else data.values()
        return ["        <attvalues>", *(f"{start}{_quoted(_gexf_value(value))} />" for start, value in zip(starts, written)), "        </attvalues>"]

    body = []
    # Each node's name quoted once, for its node and its edges; only a str is taken from here, as equal names of other
    # types can be written differently (an edge of the node 1 can name it 1.0).
    names = {}
    for node, data in G.nodes(data=True):
        name = names[node] = _quoted(str(node))
        inner = values("node", data)
        opening = f"      <node id={name} label={name}"
        body += [opening + ">", *inner, "      </node>"] if inner else [opening + " />"]
    nodes = ["    <nodes>", *body, "    </nodes>"] if body else ["    <nodes />"]
    body = []
    for number, (u, v, data) in enumerate(G.edges(data=True)):
        weight = f" weight={_gexf_weight(data['weight'])}" if "weight" in data else ""
        inner = values("edge", data)
        source = names[u] if type(u) is str else _quoted(str(u))
        target = names[v] if type(v) is str else _quoted(str(v))
        opening = f"      <edge source={source} target={target} id=\"{number}\"{weight}"
        body += [opening + ">", *inner, "      </edge>"] if inner else [opening + " />"]
    edges = ["    <edges>", *body, "    </edges>"] if body else ["    <edges />"]
    # networkx puts each class's declarations first when it meets its first attribute: edges' before nodes'.
    attributes = []
    for kind in ("edge", "node"):
        if declared[kind]:
            attributes += [f'    <attributes mode="static" class="{kind}">', *(f"      {line}" for line in declared[kind]), "    </attributes>"]
    extra = {k: v for k, v in G.graph.items() if k != "name"}
    description = [f"    <description>{ET._escape_cdata(_GEXF_GRAPH_ATTRIBUTES + json.dumps(extra, ensure_ascii=False))}</description>"] if extra else []
    graph = f'  <graph defaultedgetype="{"directed" if G.is_directed() else "undirected"}" mode="static" name={_quoted(str(G.graph.get("name", "")))}'
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
        "  <meta>", "    <creator>policycompare</creator>", *description, "  </meta>",
        graph + ">", *attributes, *nodes, *edges, "  </graph>", "</gexf>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _quoted(text):
    """An XML attribute value in double quotes, escaped as ElementTree escapes it."""
    return f'"{ET._escape_attrib(text)}"'


def _gexf_value(value):
    """An attribute value as networkx's GEXF writer writes it: booleans in lower case, infinities and NaN as GEXF spells them."""
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text) if isinstance(value, float) else text


def _gexf_weight(value):
    """An edge's weight as networkx's GEXF writer writes it: its ``str``, quoted (a float infinity stays ``inf``); a number needs no escaping."""
    kind = type(value)
    return f'"{value!r}"' if kind is float or kind is int else _quoted(str(value))


def write_graph(G, path):
    """Write a graph to GEXF (Gephi) or GraphML, chosen by the file's suffix.

    The file is UTF-8 with Chinese terms as they are, and is written
    atomically. GEXF has no graph attributes, so ``G.graph`` (other than
    ``name``) is stored as JSON in the file's ``<description>``, where
    :func:`read_graph` finds it.

    Parameters
    ----------
    G : networkx.Graph
        Attribute values must be str, int, float or bool (numpy scalars are
        converted); node names are written as text.
    path : str or os.PathLike
        Ends in ``.gexf`` or ``.graphml``.

    Raises
    ------
    ValueError
        If the suffix is neither, or an attribute value is None, a list or
        another type the formats cannot hold.
    PolicyCompareError
        If the folder does not exist or cannot be written.

    Examples
    --------
    >>> import os, tempfile, networkx as nx
    >>> G = nx.Graph([("教师", "培训", {"weight": 2})], name="demo")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_graph(G, os.path.join(folder, "demo.gexf"))
    ...     H = read_graph(os.path.join(folder, "demo.gexf"))
    >>> list(H.edges(data="weight"))
    [('教师', '培训', 2)]
    """
    if not isinstance(G, nx.Graph):
        raise TypeError(f"G is a {type(G).__name__}; expected a networkx.Graph")
    suffix = _graph_format(path)
    if suffix == ".gexf" and _is_plain(G) and _plain_for_gexf(G):
        # Nothing to convert, and _gexf_bytes only reads the graph, so it needs no copy: copying a plan's graph took
        # two thirds of the time it takes to write it. networkx's writers get a copy (GraphML's takes "id" out of G.graph).
        data = _gexf_bytes(G)
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            handle.write(data)
        return
    H = _safe_copy(G)
    with atomic_path(path) as tmp:
        if suffix == ".gexf":
            _write_gexf(H, tmp)
        else:
            nx.write_graphml(H, tmp, encoding="utf-8", prettyprint=True)


def _restore_gexf(G):
    """Undo what GEXF adds or changes: labels equal to ids, edge ids, float weights, defaults."""
    H = nx.Graph() if not G.is_directed() else nx.DiGraph()
    H.graph.update({k: v for k, v in G.graph.items() if k not in ("mode", "node_default", "edge_default")})
    for node, data in G.nodes(data=True):
        attrs = dict(data)
        if attrs.get("label") == node:
            del attrs["label"]
        H.add_node(node, **attrs)
    weights = [d["weight"] for _, _, d in G.edges(data=True) if "weight" in d]
    integral = all(isinstance(w, float) and w.is_integer() for w in weights)
    for u, v, data in G.edges(data=True):
        attrs = {k: val for k, val in data.items() if k != "id"}
        if integral and "weight" in attrs:
            attrs["weight"] = int(attrs["weight"])
        H.add_edge(u, v, **attrs)
    return H


def read_graph(path):
    """Read a graph written by :func:`write_graph` (or any GEXF / GraphML file).

    GEXF stores edge weights as decimals; when every weight is a whole
    number they are read back as int, as :func:`build_keyword_graph` wrote
    them.

    Parameters
    ----------
    path : str or os.PathLike
        Ends in ``.gexf`` or ``.graphml``.

    Returns
    -------
    networkx.Graph

    Raises
    ------
    ValueError
        If the suffix is neither ``.gexf`` nor ``.graphml``.
    PolicyCompareError
        If the file is missing or not a readable graph.

    Examples
    --------
    >>> import os, tempfile, networkx as nx
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_graph(nx.Graph([("教师", "培训")], window=5), os.path.join(folder, "demo.graphml"))
    ...     G = read_graph(os.path.join(folder, "demo.graphml"))
    >>> list(G.edges), G.graph["window"]
    ([('教师', '培训')], 5)
    """
    suffix = _graph_format(path)
    path = Path(path)
    if not path.is_file():
        raise PolicyCompareError("graph file not found", path=path)
    try:
        if suffix == ".graphml":
            G = nx.read_graphml(path)
            # defaults the reader adds, not part of the graph that was written
            for key in ("node_default", "edge_default"):
                if G.graph.get(key) == {}:
                    del G.graph[key]
            return G
        G = _restore_gexf(nx.read_gexf(path))
        description = ET.parse(path).getroot().find("{*}meta/{*}description")
    except (nx.NetworkXError, ET.ParseError, KeyError, ValueError, TypeError) as err:
        raise PolicyCompareError(f"not a readable {_GRAPH_FORMATS[suffix]} file ({' '.join(str(err).split())})", path=path) from None
    if description is not None and (description.text or "").startswith(_GEXF_GRAPH_ATTRIBUTES):
        G.graph.update(json.loads(description.text[len(_GEXF_GRAPH_ATTRIBUTES):]))
    return G
