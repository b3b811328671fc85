"""Policy instruments: clusters of aligned measures, and which regions share them.

Aligned measures (:func:`policycompare.align_measures`) form a graph: measures
are nodes, and mutual best links (each measure the other's best match in its
plan, at the alignment threshold) are edges weighted by their score. Its
communities (Louvain, fixed seed) are the instruments. All links would chain
broad measures into a few giant clusters; mutual best links keep an
instrument to what each plan says most directly about it. An instrument found in every compared plan is
*shared*, in two or more *partial*, in one *unique*.
"""

import networkx as nx
import numpy as np
import pandas as pd

from .alignment import _measures_of, align_with_vectors, build_measure_vectors
from .corpus import Corpus

__all__ = ["INSTRUMENT_COLUMNS", "build_instruments", "instrument_matrix", "instrument_status", "mutual_links"]

INSTRUMENT_COLUMNS = ["instrument_id", "label", "status", "n_regions", "n_measures", "representative", "heading", "category"]


def instrument_status(n_regions, n_docs):
    """'shared' (all plans), 'partial' (two or more) or 'unique' (one).

    Parameters
    ----------
    n_regions : int
        Plans that have the instrument.
    n_docs : int
        Plans compared; an instrument is ``'shared'`` only when there are two or more.

    Examples
    --------
    >>> [instrument_status(n, 4) for n in (4, 2, 1)]
    ['shared', 'partial', 'unique']
    """
    if n_regions >= n_docs and n_docs > 1:
        return "shared"
    return "partial" if n_regions >= 2 else "unique"


def mutual_links(alignment):
    """The links where each measure is the other's best match in its plan.

    Parameters
    ----------
    alignment : pandas.DataFrame
        Links from :func:`align_measures`, with their ``rank_a`` and ``rank_b`` columns.

    Returns
    -------
    pandas.DataFrame
        The rows of ``alignment`` ranked first on both sides.
    """
    return alignment[(alignment["rank_a"] == 1) & (alignment["rank_b"] == 1)]


def build_instruments(alignment, measures, *, vectors=None, resolution=1.0, seed=0):
    """Assign every leaf measure to an instrument cluster.

    Parameters
    ----------
    alignment : pandas.DataFrame
        Links from :func:`align_measures`; only mutual best links are used.
    measures : pandas.DataFrame
        The leaf measures that were aligned (doc_id, measure_id, heading, text).
    vectors : alignment.MeasureVectors, default=None
        Used to label clusters by their heaviest words.
    resolution : float, default=1.0
        Louvain resolution: higher gives smaller instruments.
    seed : int, default=0

    Returns
    -------
    pandas.DataFrame
        One row per measure: doc_id, measure_id, heading, instrument_id,
        weighted_degree (its links' total score inside the instrument).
    """
    graph = nx.Graph()
    graph.add_nodes_from(measures["measure_id"])
    for a, b, score in mutual_links(alignment)[["measure_a", "measure_b", "score"]].itertuples(index=False):
        graph.add_edge(a, b, weight=float(score))
    communities = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    position = {m: n for n, m in enumerate(measures["measure_id"])}
    # Number instruments by the outline position of their first measure, so ids are stable.
    communities = sorted((sorted(c, key=position.get) for c in communities), key=lambda c: position[c[0]])
    rows = []
    for number, members in enumerate(communities, start=1):
        sub = graph.subgraph(members)
        for measure in members:
            rows.append({"measure_id": measure, "instrument_id": f"I{number:03d}", "weighted_degree": round(sub.degree(measure, weight="weight"), 4)})
    assigned = pd.DataFrame(rows)
    return measures[["doc_id", "measure_id", "heading"]].merge(assigned, on="measure_id", how="left")


def _labels(assigned, vectors, n_terms=3):
    """Each instrument's heaviest words (summed TF-IDF of its measures)."""
    if vectors is None:
        return {}
    row_of = {m: n for n, m in enumerate(vectors.measures["measure_id"])}
    labels = {}
    for instrument, group in assigned.groupby("instrument_id", sort=False):
        rows = [row_of[m] for m in group["measure_id"] if m in row_of]
        weights = np.asarray(vectors.words[rows].sum(axis=0)).ravel() + 0.5 * np.asarray(vectors.headings[rows].sum(axis=0)).ravel()
        top = np.argsort(-weights, kind="stable")[:n_terms]
        labels[instrument] = " / ".join(vectors.vocabulary[t] for t in top if weights[t] > 0)
    return labels


def instrument_matrix(data, *, docs=None, alignment=None, vectors=None, threshold=None, resolution=1.0, seed=0, n_jobs=1, coding=None):
    """Instrument × region matrix with status and evidence.

    Parameters
    ----------
    data : Corpus
    docs : list of str, default=None
        Plans to compare (default: all).
    alignment : pandas.DataFrame, default=None
        Precomputed links; computed with :func:`align_measures` otherwise.
    vectors : alignment.MeasureVectors, default=None
        The vectors the precomputed links were scored with (the second value
        of ``align_with_vectors``), so they are not built again; used only
        with ``alignment`` and only if they hold the measures of ``docs``.
    threshold : float, default=None
        Alignment threshold (default: the alignment model's).
    resolution : float, default=1.0
        Louvain resolution, as in :func:`build_instruments`: higher gives smaller instruments.
    seed : int, default=0
        Seed of the Louvain method.
    n_jobs : int, default=1
    coding : pandas.DataFrame, default=None
        Typology coding from :func:`code_instruments`; computed otherwise. Each
        instrument's ``category`` is its measures' most frequent primary
        Rothwell–Zegveld subtype.

    Returns
    -------
    pandas.DataFrame
        One row per instrument: ``INSTRUMENT_COLUMNS``, then one column per
        plan holding the evidence measure ids (``;``-separated, empty where
        the plan lacks the instrument). Sorted by number of plans, then id.

    Examples
    --------
    >>> import policycompare as pc
    >>> matrix = pc.instrument_matrix(pc.load_corpus(), docs=["huaxi", "yinchuan", "anning", "qixing"])
    >>> sorted(matrix["status"].unique())
    ['partial', 'shared', 'unique']
    """
    if not isinstance(data, Corpus):
        raise TypeError(f"data must be a Corpus, not {type(data).__name__}")
    docs = list(data.doc_ids if docs is None else docs)
    if alignment is None:
        links, vectors = align_with_vectors(data, docs=docs, threshold=threshold, n_jobs=n_jobs)
    else:
        # The links are given; only the vectors (for labels) are needed.
        if vectors is None or set(vectors.measures["doc_id"]) != set(docs):
            vectors = build_measure_vectors(_measures_of(data, docs), corpus=data, n_jobs=n_jobs)
        links = alignment[alignment["doc_a"].isin(docs) & alignment["doc_b"].isin(docs)]
    measures = vectors.measures
    assigned = build_instruments(links, measures, vectors=vectors, resolution=resolution, seed=seed)
    labels = _labels(assigned, vectors)
    categories = _categories(assigned, measures, coding)
    rows = []
    for instrument, group in assigned.groupby("instrument_id", sort=True):
        representative = group.sort_values(["weighted_degree"], ascending=False, kind="stable").iloc[0]
        present = group.groupby("doc_id", sort=False)["measure_id"].agg(";".join)
        row = {
            "instrument_id": instrument,
            "label": labels.get(instrument, representative["heading"]),
            "status": instrument_status(len(present), len(docs)),
            "n_regions": len(present),
            "n_measures": len(group),
            "representative": representative["measure_id"],
            "heading": representative["heading"],
            "category": categories.get(instrument, ""),
        }
        row.update({doc: present.get(doc, "") for doc in docs})
        rows.append(row)
    matrix = pd.DataFrame(rows, columns=[*INSTRUMENT_COLUMNS, *docs])
    matrix = matrix.sort_values(["n_regions", "instrument_id"], ascending=[False, True], kind="stable")
    return matrix.reset_index(drop=True)


def _categories(assigned, measures, coding):
    from .typology import UNCODED, code_instruments

    if coding is None:
        coding = code_instruments(measures, scheme="rothwell_zegveld")
    primary = coding[coding["primary"].astype(bool) & (coding["scheme"] == "rothwell_zegveld") & (coding["type"] != UNCODED)]
    category = dict(zip(primary["measure_id"], primary["type"] + "/" + primary["subtype"]))
    result = {}
    for instrument, group in assigned.groupby("instrument_id"):
        values = pd.Series([category[m] for m in group["measure_id"] if m in category])
        if not values.empty:
            result[instrument] = values.value_counts().sort_index().idxmax()
    return result
