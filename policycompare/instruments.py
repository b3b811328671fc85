"""Policy instruments: groups of aligned measures, and which regions share them.

Aligned measures (:func:`policycompare.align_measures`) are grouped by
average linkage: every measure starts alone, and the two groups whose
cross-plan measure pairs have the highest mean link score (a pair without a
link counts 0) merge, as long as that mean reaches the cut (by default the
alignment threshold). A group is thus an instrument only if its measures are,
on average, linked as strongly as a link the alignment keeps; one broad
measure linked to two unrelated ones cannot chain them together. The former
method, Louvain communities of mutual best links, is kept as
``method="louvain"``. Frame sections (guiding ideology, principles, goals,
schedule; :func:`policycompare.structure.classify_frame_sections`) are
grouped by their role, not by their links. An instrument found in every
compared plan is *shared*, in two or more *partial*, in one *unique*.

The instruments do not depend on the order of the plans: the measures are
taken with the plans in the sorted order of their ids, each in its outline
order, and the links in that order, so that ties, sums and the Louvain
method's seeded shuffle meet them in one order, and the instruments are
numbered in it.
"""

import heapq
import re
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from .alignment import _check_fraction, _check_plans, _measures_of, _places_of, _plans_of, align_with_vectors, build_measure_vectors, load_alignment_model
from .corpus import Corpus
from .errors import PolicyCompareError, listed, warn
from .structure import classify_frame_sections, extract_measures
from .tables import check_table, typed
from .workers import resolve_jobs

__all__ = ["FRAMES", "INSTRUMENT_COLUMNS", "METHODS", "build_instruments", "instrument_matrix", "instrument_measures", "instrument_status", "mutual_links"]

METHODS = ("average", "louvain")
FRAMES = ("role", "links")
INSTRUMENT_COLUMNS = ["instrument_id", "label", "status", "n_regions", "n_measures", "representative", "heading", "category", "frame"]
# A measure id as extract_measures writes it: a doc id (which may hold spaces: 方案 2024), a colon and a numbering path (huaxi:3.2).
_MEASURE_ID = re.compile(r"([^:;]+):[^\s:;]+")
# The columns of code_instruments that the category is taken from.
_CODING_COLUMNS = ("measure_id", "scheme", "type", "subtype", "primary")


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
    """The links where each measure is the other's best match in its plan by the sum of the text cosines.

    Best by ``rank_a`` and ``rank_b`` (both 1), the ranks by the sum of the
    word, character and heading cosines, not by ``score``: these are the
    links of the Louvain method, not those of ``one_to_one=True``, which
    are best by score.

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


def build_instruments(alignment, measures, *, vectors=None, method="average", cut=None, resolution=1.0, seed=0):
    """Assign every leaf measure to an instrument.

    Parameters
    ----------
    alignment : pandas.DataFrame
        Links from :func:`align_measures` (``measure_a``, ``measure_b``,
        ``score``; ``rank_a`` and ``rank_b`` for Louvain).
    measures : pandas.DataFrame
        The leaf measures that were aligned (doc_id, measure_id, heading,
        text). With a ``frame`` column (the roles of
        :func:`~policycompare.structure.classify_frame_sections`), the frame
        sections of each role form one instrument, and their links do not
        group the other measures: two plans' guiding ideologies correspond
        whatever their words, and a goals section that names a plan's
        teacher-training targets does not join the training instrument.
    vectors : alignment.MeasureVectors, default=None
        Used to label instruments by their heaviest words.
    method : {"average", "louvain"}, default="average"
        ``"average"``: average linkage over all given links, merging groups
        while the mean score of their cross-plan measure pairs (0 for a pair
        without a link) reaches ``cut``. ``"louvain"``: Louvain communities
        of the mutual best links (each measure the other's best match in its
        plan by the sum of the text cosines, :func:`mutual_links`).
    cut : float, default=None
        Lowest mean link score of two groups that merge (``"average"`` only);
        default: the alignment model's threshold.
    resolution : float, default=1.0
        Louvain resolution (``"louvain"`` only): higher gives smaller instruments.
    seed : int, default=0
        Seed of the Louvain method.

    Returns
    -------
    pandas.DataFrame
        One row per measure, in the order of ``measures``: doc_id,
        measure_id, heading, instrument_id (``I001``, ``I002``, … in the
        order of each instrument's first measure, the plans taken in the
        sorted order of their ids and each in its outline order),
        weighted_degree (its links' total score inside the instrument). The
        plans in another order give the same instruments with the same ids.

    Raises
    ------
    PolicyCompareError
        If ``method`` is unknown, ``cut`` is not between 0 and 1, or ``cut``
        is given with ``method="louvain"``.

    Examples
    --------
    >>> measures = pd.DataFrame({"doc_id": ["a", "b", "c"], "measure_id": ["a:1", "b:1", "c:1"], "heading": ["", "", ""]})
    >>> links = pd.DataFrame({"measure_a": ["a:1", "b:1"], "measure_b": ["b:1", "c:1"], "score": [0.9, 0.3]})
    >>> build_instruments(links, measures)["instrument_id"].tolist()
    ['I001', 'I001', 'I002']
    >>> build_instruments(links, measures, cut=0.1)["instrument_id"].tolist()
    ['I001', 'I001', 'I001']
    >>> build_instruments(links, measures.assign(frame=["goals", "", "goals"]))["instrument_id"].tolist()
    ['I001', 'I002', 'I001']
    """
    check_table(alignment, ("measure_a", "measure_b", "score"), name="alignment", source="align_measures")
    check_table(measures, ("doc_id", "measure_id", "heading"), name="measures", source="extract_measures")
    if method not in METHODS:
        raise PolicyCompareError(f"method={method!r}; expected one of {', '.join(METHODS)}")
    _check_fraction("cut", cut)
    if cut is not None and method != "average":
        raise PolicyCompareError(f"cut={cut!r} applies to method='average' only; method={method!r}")
    # The plans in the sorted order of their ids, each in its outline order: the order of the measures, the links, the
    # ties and the ids whatever the order the plans come in.
    canonical = _canonical_order(measures["doc_id"])
    ids = measures["measure_id"].to_numpy(dtype=object)[canonical].tolist()
    doc_ids = measures["doc_id"].to_numpy(dtype=object)[canonical].tolist()
    position = {m: n for n, m in enumerate(ids)}
    roles = measures["frame"].fillna("").astype(str).to_numpy()[canonical] if "frame" in measures.columns else np.full(len(ids), "")
    framed = {m for m, role in zip(ids, roles) if role}
    # Frame sections: one instrument per role; the rest grouped by their links to each other.
    groups = [[m for m, r in zip(ids, roles) if r == role] for role in dict.fromkeys(r for r in roles if r)]
    grouped = [m for m in ids if m not in framed]
    if method == "average":
        cut = load_alignment_model()["threshold"] if cut is None else float(cut)
        links = _in_order(alignment[["measure_a", "measure_b", "score"]], position)
        between = links[~links["measure_a"].isin(framed) & ~links["measure_b"].isin(framed)] if framed else links
        groups += _average_linkage(between, grouped, [d for m, d in zip(ids, doc_ids) if m not in framed], cut)
    else:
        links = _in_order(mutual_links(alignment)[["measure_a", "measure_b", "score"]], position)
        graph = nx.Graph()
        graph.add_nodes_from(grouped)
        graph.add_weighted_edges_from((a, b, float(score)) for a, b, score in links.itertuples(index=False) if a not in framed and b not in framed)
        groups += nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    # Number instruments by the position of their first measure in that order, so ids are stable.
    groups = sorted((sorted(g, key=position.get) for g in groups), key=lambda g: position[g[0]])
    instrument_of = {m: f"I{number:03d}" for number, members in enumerate(groups, start=1) for m in members}
    degree = dict.fromkeys(ids, 0.0)
    for a, b, score in links.itertuples(index=False):
        if instrument_of.get(a) is not None and instrument_of.get(a) == instrument_of.get(b):
            degree[a] += float(score)
            degree[b] += float(score)
    ids = measures["measure_id"].tolist()
    assigned = pd.DataFrame({"measure_id": ids, "instrument_id": [instrument_of[m] for m in ids], "weighted_degree": [round(degree[m], 4) for m in ids]})
    return measures[["doc_id", "measure_id", "heading"]].merge(assigned, on="measure_id", how="left")


def _canonical_order(doc_ids):
    """Positions of the rows with the plans in the sorted order of their ids, each plan's rows in the order given.

    A plan's rows come in its outline order wherever the plan stands, so
    this order does not depend on the order of the plans.

    Examples
    --------
    >>> _canonical_order(pd.Series(["yi", "jia", "yi", "jia"])).tolist()
    [1, 3, 0, 2]
    """
    return np.argsort(pd.factorize(doc_ids, sort=True)[0], kind="stable")


def _in_order(links, position):
    """``links`` between measures of ``position``, each with its earlier measure first, sorted by the two positions.

    Scores are then summed, and edges added to a graph, in one order
    whatever the order of the plans and of the rows. Links naming a measure
    not in ``position`` are left out: they cannot join an instrument.
    """
    a, b = links["measure_a"].map(position), links["measure_b"].map(position)
    known = (a.notna() & b.notna()).to_numpy()
    a, b = a.to_numpy()[known].astype(np.int64), b.to_numpy()[known].astype(np.int64)
    low, high, scores = np.minimum(a, b), np.maximum(a, b), links["score"].to_numpy(dtype=float)[known]
    order = np.lexsort((scores, high, low))
    measures = np.array(list(position), dtype=object)
    return pd.DataFrame({"measure_a": measures[low[order]], "measure_b": measures[high[order]], "score": scores[order]},
                        columns=["measure_a", "measure_b", "score"])


def _check_alignment_of(links, measures, docs):
    """Refuse links that name measures the plans do not have; warn of plans the links never name.

    An alignment of other plans, or of another version of these, would
    otherwise be grouped as it is: its unknown measures dropped without a
    word, and plans it never aligned reported as having only instruments of
    their own. Two plans may well share no link (a large corpus, a few links
    a measure), but a plan with none at all was not aligned.
    """
    known = set(measures["measure_id"])
    named = pd.unique(links[["measure_a", "measure_b"]].to_numpy().ravel())
    unknown = [m for m in named if m not in known]
    if unknown:
        raise PolicyCompareError(f"alignment names measures the plans do not have: {', '.join(map(str, unknown[:5]))}"
                                 f"{' …' if len(unknown) > 5 else ''}; align these plans as they are now (align_measures)")
    linked = set(links["doc_a"]) | set(links["doc_b"])
    never = [doc for doc in docs if doc not in linked]
    if never and len(docs) > 1:
        warn(f"alignment has no link of {never[0]!r} ({len(never)} of {len(docs)} plans without one): their measures are "
             "instruments of their own; if the alignment is of other plans, align these (align_measures)", stacklevel=4)


def _average_linkage(links, ids, doc_ids, cut):
    """Groups of ``ids`` by average linkage over sparse link scores (see :func:`build_instruments`).

    Only linked groups are ever compared, so the work grows with the number
    of links, not with the square of the number of measures. Pairs of
    measures in one plan are never scored and do not count in a mean.
    Ties go to the groups of the earlier measures in ``ids``, and scores are
    summed in the order of ``links``: given both in the order of
    :func:`_canonical_order` and :func:`_in_order`, the groups do not depend
    on the order of the plans.
    """
    index = {m: n for n, m in enumerate(ids)}
    members = {n: [n] for n in range(len(ids))}
    plans = {n: Counter([d]) for n, d in enumerate(doc_ids)}
    sums = {n: {} for n in range(len(ids))}
    for a, b, score in links.itertuples(index=False):
        x, y = index.get(a), index.get(b)
        if x is None or y is None or x == y:
            continue
        sums[x][y] = sums[y][x] = sums[x].get(y, 0.0) + float(score)

    def mean(x, y):
        pairs = len(members[x]) * len(members[y]) - sum(n * plans[y][d] for d, n in plans[x].items() if d in plans[y])
        return sums[x][y] / pairs if pairs else 0.0

    # Best first; ties by position in ids.
    heap = [(-mean(x, y), x, y) for x in sums for y in sums[x] if x < y]
    heapq.heapify(heap)
    while heap:
        negative, x, y = heapq.heappop(heap)
        if -negative < cut:
            break
        if x not in members or y not in members or y not in sums[x] or mean(x, y) != -negative:
            continue  # an entry from before one of the two groups grew
        members[x] += members.pop(y)
        plans[x] += plans.pop(y)
        for z, score in sums.pop(y).items():
            del sums[z][y]
            if z != x:
                sums[x][z] = sums[z][x] = sums[x].get(z, 0.0) + score
        for z in sums[x]:
            heapq.heappush(heap, (-mean(x, z), min(x, z), max(x, z)))
    return [[ids[n] for n in group] for group in members.values()]


def _labels(assigned, vectors, n_terms=3):
    """Each instrument's heaviest words (summed TF-IDF of its measures)."""
    if vectors is None:
        return {}
    # The vectors' rows in the sorted order of the measure ids: each sum below adds its measures' weights in that order,
    # so a near tie of two words falls the same way whatever the order of the plans.
    order = np.argsort(vectors.measures["measure_id"].to_numpy(dtype=str), kind="stable")
    row_of = {m: n for n, m in enumerate(vectors.measures["measure_id"].to_numpy()[order])}
    codes, instruments = pd.factorize(assigned["instrument_id"], sort=False)
    rows = assigned["measure_id"].map(row_of)
    found = rows.notna().to_numpy()
    # All instruments' sums in two sparse products, where a row slice and a sum per instrument took a thousand
    # plans 5 s. Each sum adds its measures' weights one by one in the order of the member matrix's columns.
    members = sparse.csr_matrix((np.ones(found.sum()), (codes[found], rows[found].to_numpy(dtype=np.int64))), shape=(len(instruments), len(row_of)))
    members.sort_indices()
    weights = (members @ vectors.words[order] + 0.5 * (members @ vectors.headings[order])).tocsr()
    labels = {}
    for i, instrument in enumerate(instruments):
        start, end = weights.indptr[i], weights.indptr[i + 1]
        columns, values = weights.indices[start:end], weights.data[start:end]
        # Highest first, ties by column, as a stable sort of the dense row would give.
        top = np.lexsort((columns, -values))[:n_terms]
        labels[instrument] = " / ".join(vectors.vocabulary[columns[t]] for t in top if values[t] > 0)
    return labels


def instrument_matrix(data, *, docs=None, alignment=None, vectors=None, threshold=None, method="average", cut=None, frames="role", resolution=1.0,
                      seed=0, n_jobs=1, coding=None, version_overlap=None):
    """Instrument × region matrix with status and evidence.

    Parameters
    ----------
    data : Corpus
    docs : list or set of str, default=None
        Plans to compare (default: all), their evidence columns in the order
        of the list, or of the corpus for a set.
    alignment : pandas.DataFrame, default=None
        Precomputed links; computed with :func:`align_measures` otherwise.
        Links that name a measure the plans do not have (an alignment of
        other plans, or of an earlier version of these) are refused, and a
        plan of ``docs`` that no link names is warned of.
    vectors : alignment.MeasureVectors, default=None
        The vectors the precomputed links were scored with (the second value
        of ``align_with_vectors``), so they are not built again; used only
        with ``alignment`` and only if they hold the measures of ``docs``.
    threshold : float, default=None
        Alignment threshold (default: the alignment model's).
    method : {"average", "louvain"}, default="average"
        How linked measures are grouped, see :func:`build_instruments`.
    cut : float, default=None
        Lowest mean link score inside an instrument (``"average"``; default:
        the alignment model's threshold).
    frames : {"role", "links"}, default="role"
        ``"role"``: the frame sections of each role (guiding ideology,
        principles, goals, schedule; see
        :func:`~policycompare.structure.classify_frame_sections`) are one
        instrument; ``"links"``: they are grouped by their links like
        measures.
    resolution : float, default=1.0
        Louvain resolution (``"louvain"``): higher gives smaller instruments.
    seed : int, default=0
        Seed of the Louvain method.
    n_jobs : int, default=1
        As in :func:`align_measures`: processes for tokenization and, above
        2,000 measures, threads for scoring; ``-1`` uses every CPU.
    coding : pandas.DataFrame, default=None
        Typology coding from :func:`code_instruments`; computed otherwise. Each
        instrument's ``category`` is its measures' most frequent primary
        Rothwell–Zegveld subtype, so a coding without rows of the scheme
        ``"rothwell_zegveld"`` (``scheme="mcdonnell_elmore"``) is refused,
        and one that lacks measures of the plans is warned of.
    version_overlap : float, default=None
        Count versions of one plan once in ``n_regions`` and ``status``: two
        documents are versions when at least this share of one's measures
        have a near-verbatim counterpart in the other (a link whose
        character-bigram cosine is 0.8 or more), as in
        :func:`~policycompare.compare_draft`; with 0.5 an instrument that only
        the two versions of one plan in the bundled compilation have is
        ``'unique'``. Documents whose metadata name different places
        (``place``, as in a manifest) are never versions of one plan.
        ``None`` counts every document: where no place is given, the plans
        of two regions written from one template are still two regions'
        plans. The evidence columns stay one per document.

    Returns
    -------
    pandas.DataFrame
        One row per instrument: ``INSTRUMENT_COLUMNS``, then one column per
        plan holding the evidence measure ids (``;``-separated, empty where
        the plan lacks the instrument). ``frame`` is the role all its
        measures share when they are frame sections (``"ideology"``,
        ``"principles"``, ``"goals"``, ``"schedule"``), ``""`` for the
        instruments proper. Sorted by number of plans, then id.
        ``attrs["docs"]`` lists the plan columns, for
        :func:`instrument_measures` and
        :func:`~policycompare.plotting.plot_instrument_matrix` to tell them
        from columns added to the table.

    Examples
    --------
    >>> import policycompare as pc
    >>> matrix = pc.instrument_matrix(pc.load_corpus(), docs=["huaxi", "yinchuan", "anning", "qixing"])
    >>> sorted(matrix["status"].unique())
    ['partial', 'shared', 'unique']
    """
    if not isinstance(data, Corpus):
        raise TypeError(f"data must be a Corpus, not {type(data).__name__}")
    if frames not in FRAMES:
        raise PolicyCompareError(f"frames={frames!r}; expected one of {', '.join(map(repr, FRAMES))}")
    _check_fraction("version_overlap", version_overlap)
    resolve_jobs(n_jobs)
    if coding is not None:
        check_table(coding, _CODING_COLUMNS, name="coding", source="code_instruments")
        if not (coding["scheme"] == "rothwell_zegveld").any():
            schemes = sorted(map(str, pd.unique(coding["scheme"])))
            raise PolicyCompareError(f"coding has no row of the scheme 'rothwell_zegveld' (its schemes: {', '.join(schemes) or 'none'}), "
                                     "whose subtypes are the instruments' category; code with scheme='rothwell_zegveld' or 'both' (code_instruments)")
    # A set of plans takes the corpus's order: the evidence columns come in it, the same in every process.
    docs = _check_plans(data, data.doc_ids if docs is None else docs)
    clashing = [doc for doc in docs if doc in INSTRUMENT_COLUMNS]
    if clashing:
        # Each plan is a column of evidence beside these; a plan called "status" would hide the status.
        raise PolicyCompareError(f"document id {clashing[0]!r} is also a column of the instrument matrix "
                                 f"({', '.join(INSTRUMENT_COLUMNS)}); give the plan another id (its file name, or the manifest's doc_id)")
    if alignment is None:
        links, vectors = align_with_vectors(data, docs=docs, threshold=threshold, n_jobs=n_jobs)
    else:
        # The links are given; only the vectors (for labels) are needed.
        check_table(alignment, ("doc_a", "measure_a", "doc_b", "measure_b", "score"), name="alignment", source="align_measures")
        if vectors is None or set(vectors.measures["doc_id"]) != set(docs):
            vectors = build_measure_vectors(_measures_of(data, docs), corpus=data, n_jobs=n_jobs)
        links = alignment[alignment["doc_a"].isin(docs) & alignment["doc_b"].isin(docs)]
        _check_alignment_of(links, vectors.measures, docs)
        if version_overlap is not None and "cos_char" not in links.columns:
            raise PolicyCompareError("alignment has no cos_char column to find versions of one plan by; give the table of align_measures, or version_overlap=None")
    if "frame" in vectors.measures.columns:
        # The vectors' measures carry their roles, taken from the whole outline when they were built.
        roles = dict(zip(vectors.measures["measure_id"], vectors.measures["frame"].fillna("")))
    else:
        # Roles pass from a section to its items, so they come from the whole outline, not the leaves alone.
        outline = extract_measures(data.subset(docs))
        roles = dict(zip(outline["measure_id"], classify_frame_sections(outline)))
    measures = vectors.measures.drop(columns="frame", errors="ignore")
    if frames == "role":
        measures = measures.assign(frame=measures["measure_id"].map(roles).fillna(""))
    assigned = build_instruments(links, measures, vectors=vectors, method=method, cut=cut, resolution=resolution, seed=seed)
    plan_of, _ = _plans_of(links, vectors.measures, docs, version_overlap, _places_of(data, docs))
    n_plans = len(set(plan_of.values()))
    labels = _labels(assigned, vectors)
    categories = _categories(assigned, measures, coding)
    # Whole-table steps, not a few pandas calls per instrument: those took a thousand plans' 15,000 instruments 20 s.
    summary = _summarise(assigned, plan_of, roles)
    summary.insert(1, "label", [labels.get(i, heading) for i, heading in zip(summary["instrument_id"], summary["heading"])])
    summary.insert(2, "status", [instrument_status(n, n_plans) for n in summary["n_regions"]])
    summary["category"] = [categories.get(i, "") for i in summary["instrument_id"]]
    summary = summary[INSTRUMENT_COLUMNS].sort_values(["n_regions", "instrument_id"], ascending=[False, True], kind="stable", ignore_index=True)
    evidence = _evidence(assigned, summary["instrument_id"], docs)
    matrix = pd.concat([summary, pd.DataFrame(evidence, columns=docs)], axis=1)
    matrix.attrs["docs"] = list(docs)
    return matrix


def _summarise(assigned, plan_of, roles):
    """One row per instrument (sorted by id): instrument_id, n_regions, n_measures, representative, heading, frame.

    The representative is the first of the measures with the highest weighted degree, the plans taken in the sorted
    order of their ids, each in its outline order (the order of its rows in ``assigned``).
    """
    assigned = assigned.iloc[_canonical_order(assigned["doc_id"])]
    by_instrument = assigned.groupby("instrument_id", sort=True)
    best = assigned.loc[by_instrument["weighted_degree"].idxmax()]
    plans = assigned["doc_id"].map(plan_of).groupby(assigned["instrument_id"], sort=True).nunique()
    measure_roles = assigned["measure_id"].map(lambda m: roles.get(m, "")).groupby(assigned["instrument_id"], sort=True)
    # The role all its measures share, or "".
    frame = [role if n == 1 else "" for role, n in zip(measure_roles.first(), measure_roles.nunique())]
    return pd.DataFrame({
        "instrument_id": best["instrument_id"].to_numpy(),
        "n_regions": plans.to_numpy(),
        "n_measures": by_instrument.size().to_numpy(),
        "representative": best["measure_id"].to_numpy(),
        "heading": best["heading"].to_numpy(),
        "frame": frame,
    })


def _evidence(assigned, instruments, docs):
    """The ``;``-joined measure ids of each instrument (rows, in the order of ``instruments``) in each plan of ``docs`` (columns)."""
    row_of = {instrument: i for i, instrument in enumerate(instruments)}
    column_of = {doc: j for j, doc in enumerate(docs)}
    cells = {}
    for instrument, doc, measure in zip(assigned["instrument_id"], assigned["doc_id"], assigned["measure_id"]):
        if doc in column_of:
            cells.setdefault((row_of[instrument], column_of[doc]), []).append(measure)
    evidence = np.full((len(row_of), len(column_of)), "", dtype=object)
    for (i, j), measure_ids in cells.items():
        evidence[i, j] = ";".join(measure_ids)
    return evidence


def instrument_measures(matrix):
    """The instrument matrix's evidence as a long table: one row per instrument and measure.

    The matrix holds each plan's evidence as ``;``-joined measure ids in a
    column of that plan; this table has the same ids, one per row, to join
    with the measures table or the typology coding on ``measure_id``.

    The plan columns are those :func:`instrument_matrix` lists in the
    matrix's ``attrs["docs"]``, which filtering, sorting and adding columns
    keep; a column added to the table (a translation, a code, a note) is
    passed over. A matrix without that list (read back from a CSV file, or
    merged) takes for plans the columns that hold measure ids of their own
    name (``huaxi:3.2;huaxi:3.4`` in ``huaxi``) or nothing, and leaves out
    any other, naming it in a warning.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`instrument_matrix`.

    Returns
    -------
    pandas.DataFrame
        Columns ``instrument_id, status, doc_id, measure_id``, in the
        matrix's row order, then its plan columns' order, then the order of
        the ids in a cell.

    Raises
    ------
    TypeError
        If ``matrix`` is not a DataFrame.
    ValueError
        If the matrix lacks ``instrument_id`` or ``status``, or a plan column
        of its ``attrs["docs"]`` holds something other than measure ids of
        that plan (a :class:`~policycompare.PolicyCompareError`).

    Examples
    --------
    >>> matrix = pd.DataFrame({"instrument_id": ["I001", "I002"], "status": ["shared", "unique"],
    ...                        "jia": ["jia:1.1", "jia:1.2;jia:1.3"], "yi": ["yi:1.1", ""]})
    >>> instrument_measures(matrix)
      instrument_id  status doc_id measure_id
    0          I001  shared    jia    jia:1.1
    1          I001  shared     yi     yi:1.1
    2          I002  unique    jia    jia:1.2
    3          I002  unique    jia    jia:1.3
    """
    check_table(matrix, ("instrument_id", "status"), name="matrix", source="instrument_matrix")
    plans = _plan_columns(matrix)
    # The filled cells, found a column at a time: a thousand plans' matrix has 15 million cells, 33,000 of them filled.
    filled = []
    for j, plan in enumerate(plans):
        cells = matrix[plan].to_numpy(dtype=object)
        filled += [(i, j, cells[i]) for i in _filled(cells)]
    filled.sort(key=lambda cell: cell[:2])
    instruments, statuses = matrix["instrument_id"].to_numpy(dtype=object), matrix["status"].to_numpy(dtype=object)
    rows = [(instruments[i], statuses[i], plans[j], measure) for i, j, cell in filled for measure in cell.split(";")]
    return typed(pd.DataFrame(rows, columns=["instrument_id", "status", "doc_id", "measure_id"]), {})


def _plan_columns(matrix, *, presence=False, stacklevel=4):
    """The columns of an instrument matrix that are plans, in the matrix's order.

    A column of ``INSTRUMENT_COLUMNS`` is never a plan. The plans are the
    columns that :func:`instrument_matrix` lists in ``matrix.attrs["docs"]``
    (a list that filtering, sorting and adding columns keep), and any column
    that holds measure ids of its own name (``huaxi:3.2;huaxi:3.4`` in
    ``huaxi``) in every filled cell. With that list, another column is the
    user's own (a translation, a code, a note) and is passed over, with a
    warning only if it holds measure ids: a plan's column given another
    name. Without it (a matrix read back from a CSV file, merged, or made by
    hand), a column with no filled cell is a plan too, and so, with
    ``presence``, is one of booleans or counts; any other is left out and
    named in a :class:`~policycompare.PolicyCompareWarning`.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`instrument_matrix`, or made by hand.
    presence : bool, default=False
        Take columns of booleans or counts for plans (as a figure of who has
        which instrument reads them), not measure ids only.
    stacklevel : int, default=4
        Of the warning, as for :func:`warnings.warn`, counted from this function's ``warn`` call.

    Returns
    -------
    list

    Raises
    ------
    PolicyCompareError
        Without ``presence``, if a column of ``attrs["docs"]`` holds
        something other than measure ids of that plan.

    Examples
    --------
    >>> matrix = pd.DataFrame({"instrument_id": ["I001"], "status": ["shared"], "jia": ["jia:1.1"], "yi": ["yi:1.1"],
    ...                        "note_en": ["funding"]})
    >>> matrix.attrs["docs"] = ["jia", "yi"]
    >>> _plan_columns(matrix)
    ['jia', 'yi']
    """
    recorded = matrix.attrs.get("docs")
    recorded = None if recorded is None else set(recorded)
    plans, left_out = [], []
    for column in matrix.columns:
        if column in INSTRUMENT_COLUMNS:
            continue
        kind, cell = _held(matrix[column], column)
        if recorded is not None and column in recorded:
            if kind not in ("empty", "evidence") and not presence:
                raise PolicyCompareError(f"matrix column {column!r} is a plan's (attrs['docs']) but holds {_shown(cell)}, not its measure ids "
                                         f"({column}:…); give the evidence columns as instrument_matrix returns them")
            plans.append(column)
        elif kind == "evidence" or (recorded is None and (kind == "empty" or (presence and kind == "values"))):
            plans.append(column)
        elif recorded is None or kind == "ids":
            left_out.append((column, cell))
    if left_out:
        (column, cell), others = left_out[0], [repr(other) for other, _ in left_out[1:]]
        held = "booleans, counts or measure ids" if presence else "measure ids"
        warn(f"matrix column {column!r} is left out as not a plan's: it holds {_shown(cell)}, not {held} of a plan {column!r} ({column}:…)"
             + (f", nor do {listed(others)}" if others else "")
             + ("; pass docs= to name the plans' columns" if presence else "; a plan's column is named by its doc id"), stacklevel=stacklevel)
    return plans


def _filled(cells):
    """Positions of the cells of an object array that hold something other than blanks."""
    return [i for i in np.flatnonzero(pd.notna(cells) & (cells != "")) if not isinstance(cells[i], str) or cells[i].strip()]


def _held(column, doc):
    """What the matrix's column of plan ``doc`` holds, and a filled cell that shows it.

    ``"empty"`` (no filled cell), ``"evidence"`` (``;``-joined measure ids of
    ``doc`` in every filled cell), ``"ids"`` (measure ids, not all of
    ``doc``), ``"text"`` (other strings) or ``"values"`` (booleans, numbers
    or other objects).

    Examples
    --------
    >>> _held(pd.Series(["huaxi:3.1;huaxi:3.4", "", None]), "huaxi")
    ('evidence', 'huaxi:3.1;huaxi:3.4')
    >>> _held(pd.Series(["huaxi:3.1", "huaxi:3.4"]), "花溪区")
    ('ids', 'huaxi:3.1')
    >>> _held(pd.Series(["teacher supply", " "]), "note_en")
    ('text', 'teacher supply')
    >>> _held(pd.Series([False, True]), "huaxi"), _held(pd.Series([float("nan")]), "huaxi")
    (('values', False), ('empty', None))
    """
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
        present = column.dropna().tolist()
        return ("values", present[0]) if present else ("empty", None)
    cells = column.to_numpy(dtype=object)
    filled = [cells[i] for i in _filled(cells)]
    if not filled:
        return "empty", None
    other = next((cell for cell in filled if not isinstance(cell, str)), None)
    if other is not None:
        return "values", other
    docs = [[match[1] if match else None for match in map(_MEASURE_ID.fullmatch, cell.split(";"))] for cell in filled]
    text = next((cell for cell, of in zip(filled, docs) if None in of), None)
    if text is not None:
        return "text", text
    return next((("ids", cell) for cell, of in zip(filled, docs) if any(d != str(doc) for d in of)), ("evidence", filled[0]))


def _shown(cell):
    """A cell for a message: its repr (``True``, not ``np.True_``), cut after 40 characters."""
    shown = repr(cell.item() if isinstance(cell, np.generic) else cell)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _common_role(measure_ids, roles):
    """The frame role all these measures share, or ''."""
    found = {roles.get(m, "") for m in measure_ids}
    return found.pop() if len(found) == 1 else ""


def _categories(assigned, measures, coding):
    from .typology import UNCODED, code_instruments

    if coding is None:
        # Only the measures of the instruments asked about (a draft's gaps are a few of the peers' instruments).
        coding = code_instruments(measures[measures["measure_id"].isin(assigned["measure_id"])], scheme="rothwell_zegveld")
    else:
        # A measure without a coding would leave its instrument's category to the others', or blank.
        uncoded = pd.unique(assigned.loc[~assigned["measure_id"].isin(coding.loc[coding["scheme"] == "rothwell_zegveld", "measure_id"]), "measure_id"])
        if len(uncoded):
            warn(f"coding has no Rothwell–Zegveld row of {len(uncoded)} of the {assigned['measure_id'].nunique()} measures of the plans "
                 f"(e.g. {uncoded[0]!r}): their instruments' category comes from the coded ones, or is ''; "
                 "code the measures of these plans (code_instruments)", stacklevel=4)
    primary = coding[coding["primary"].astype(bool) & (coding["scheme"] == "rothwell_zegveld") & (coding["type"] != UNCODED)]
    category = dict(zip(primary["measure_id"], primary["type"] + "/" + primary["subtype"]))
    coded = pd.DataFrame({"instrument_id": assigned["instrument_id"].to_numpy(), "category": assigned["measure_id"].map(category).to_numpy()}).dropna()
    counts = coded.groupby(["instrument_id", "category"], sort=True).size().reset_index(name="n")
    # The most frequent category of each instrument; of equally frequent ones, the first in sorted order.
    counts = counts.sort_values(["instrument_id", "n"], ascending=[True, False], kind="stable").drop_duplicates("instrument_id")
    return dict(zip(counts["instrument_id"], counts["category"]))
