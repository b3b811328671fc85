import io

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from policycompare import plotting
from policycompare.fonts import find_cjk_font

# Any warning fails a test: a missing glyph is only ever reported as a warning.
pytestmark = pytest.mark.filterwarnings("error")

REGIONS = {"huaxi": "花溪区", "yinchuan": "银川市", "anning": "安宁市", "qixing": "七星区"}


@pytest.fixture(autouse=True)
def settings_untouched():
    """Every plot leaves matplotlib's global settings as they were and its figures are closed after."""
    before = {key: value for key, value in matplotlib.rcParams.items() if key != "backend"}
    yield
    plt.close("all")
    assert {key: value for key, value in matplotlib.rcParams.items() if key != "backend"} == before


def render(artist):
    """Save as PNG and SVG (outside any font context, as a user would) and return the SVG text."""
    figure = artist if isinstance(artist, Figure) else artist.figure
    figure.savefig(io.BytesIO(), format="png", dpi=60)
    svg = io.BytesIO()
    figure.savefig(svg, format="svg")
    return svg.getvalue().decode("utf-8")


def texts(ax):
    return [text.get_text() for text in ax.texts]


def ticks(ax, axis="y", minor=False):
    labels = ax.get_yticklabels(minor=minor) if axis == "y" else ax.get_xticklabels(minor=minor)
    return [label.get_text() for label in labels]


# --- similarity --------------------------------------------------------------------------------

@pytest.fixture()
def similarity():
    ids = ["huaxi", "yinchuan", "anning"]
    values = [[1.0, 0.21, 0.35], [0.21, 1.0, 0.15], [0.35, 0.15, 1.0]]
    return pd.DataFrame(values, index=ids, columns=ids)


def test_similarity_heatmap_labels_cells_and_colorbar(similarity):
    ax = plotting.plot_similarity_heatmap(similarity, labels=REGIONS)
    render(ax)
    assert ticks(ax) == ticks(ax, "x") == ["花溪区", "银川市", "安宁市"]
    assert texts(ax) == ["1.00", "0.21", "0.35", "0.21", "1.00", "0.15", "0.35", "0.15", "1.00"]
    colorbar = [other for other in ax.figure.axes if other is not ax]
    assert [c.get_ylabel() for c in colorbar] == ["相似度"]
    assert find_cjk_font().name in ax.get_yticklabels()[0].get_fontfamily()


def test_similarity_heatmap_orders_columns_like_rows(similarity):
    shuffled = similarity[["anning", "huaxi", "yinchuan"]]
    ax = plotting.plot_similarity_heatmap(shuffled, annotate=False)
    assert np.array_equal(ax.images[0].get_array(), similarity.to_numpy())
    assert texts(ax) == []


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame([[1.0, 0.5]], index=["a"], columns=["a", "b"]), "square DataFrame"),
        (pd.DataFrame([[1.0, 1.5], [1.5, 1.0]], index=["a", "b"], columns=["a", "b"]), "between 0 and 1, got 1 to 1.5"),
        (pd.DataFrame([[1.0, 0.2], [0.2, 1.0]], index=["a", "b"], columns=["a", "c"]), "same unique doc ids"),
        ([[1.0]], "must be a pandas DataFrame, got list"),
    ],
)
def test_similarity_heatmap_rejects_bad_input(frame, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_similarity_heatmap(frame)


def test_labels_must_be_a_mapping(similarity):
    with pytest.raises(ValueError, match="labels must be a mapping of doc_id to display name or None, got list"):
        plotting.plot_similarity_heatmap(similarity, labels=["花溪区"])


def test_ax_must_be_an_axes(similarity):
    with pytest.raises(ValueError, match="ax must be a matplotlib Axes or None, got Figure"):
        plotting.plot_similarity_heatmap(similarity, ax=Figure())


def test_plots_on_an_axes_made_before_with_the_default_font(similarity):
    # The caller's tick labels were created with DejaVu Sans, which has no hanzi; render() fails on a missing glyph.
    fig, axes = plt.subplots(1, 2)
    axes[0].get_xticklabels()
    ax = plotting.plot_similarity_heatmap(similarity, labels=REGIONS, ax=axes[0])
    assert ax is axes[0]
    render(fig)
    assert len(fig.axes) == 3


# --- alignment ---------------------------------------------------------------------------------

@pytest.fixture()
def measures():
    rows = [
        # doc, id, heading, start, is_leaf, kind
        ("huaxi", "huaxi:0", "", 0, True, "front_matter"),
        ("huaxi", "huaxi:3", "主要措施", 10, False, "section"),
        ("huaxi", "huaxi:3.2", "推进集团化办学改革试点工作", 60, True, "measure"),
        ("huaxi", "huaxi:3.1", "加大经费投入", 20, True, "measure"),
        ("huaxi", "huaxi:3.3", None, 90, True, "measure"),
        ("anning", "anning:0", "", 0, True, "front_matter"),
        ("anning", "anning:1", "保障经费", 5, True, "measure"),
        ("anning", "anning:2", "实施托育服务", 40, True, "measure"),
    ]
    return pd.DataFrame(rows, columns=["doc_id", "measure_id", "heading", "start", "is_leaf", "kind"])


@pytest.fixture()
def alignment():
    rows = [
        ("huaxi", "huaxi:3.1", "anning", "anning:1", 0.8),
        ("anning", "anning:2", "huaxi", "huaxi:3.2", 0.4),  # given the other way round
        ("huaxi", "huaxi:3.1", "qixing", "qixing:1", 0.9),  # another pair of plans
    ]
    return pd.DataFrame(rows, columns=["doc_a", "measure_a", "doc_b", "measure_b", "score"])


def test_alignment_heatmap_rows_are_leaf_measures_in_outline_order(alignment, measures):
    ax = plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxi", doc_b="anning", labels=REGIONS)
    render(ax)
    assert ticks(ax) == ["3.1 加大经费投入", "3.2 推进集团化办学改革试点…", "3.3"]
    assert ticks(ax, "x") == ["1 保障经费", "2 实施托育服务"]
    # Pairs without a link are masked (drawn white), not scored 0.
    assert ax.images[0].get_array().filled(-1).tolist() == [[0.8, -1], [-1, 0.4], [-1, -1]]
    assert ax.images[0].get_cmap().get_bad().tolist() == [1.0, 1.0, 1.0, 1.0]
    assert (ax.get_ylabel(), ax.get_xlabel()) == ("花溪区", "安宁市")


def test_alignment_heatmap_turns_the_pair_round(alignment, measures):
    ax = plotting.plot_alignment_heatmap(alignment, measures, doc_a="anning", doc_b="huaxi")
    assert ax.images[0].get_array().filled(-1).tolist() == [[0.8, -1, -1], [-1, 0.4, -1]]
    assert len(ax.get_yticklabels()) == 2


def test_alignment_heatmap_keeps_a_front_matter_the_alignment_uses(alignment, measures):
    extra = pd.DataFrame([("huaxi", "huaxi:0", "anning", "anning:0", 0.6)], columns=alignment.columns)
    ax = plotting.plot_alignment_heatmap(pd.concat([alignment, extra]), measures, doc_a="huaxi", doc_b="anning")
    assert ticks(ax)[0] == "0" and ticks(ax, "x")[0] == "0"
    assert ax.images[0].get_array()[0, 0] == 0.6


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(doc_a="xx"), r"doc_a='xx' has no rows in measures; allowed: anning, huaxi"),
        (dict(doc_b="qixing"), r"doc_b='qixing' has no rows in measures"),
        (dict(alignment=pd.DataFrame(columns=["doc_a", "measure_a", "doc_b", "measure_b"])), r"alignment is missing column 'score'"),
        (dict(measures=pd.DataFrame(columns=["doc_id", "measure_id", "heading", "start"])), r"measures is missing column 'is_leaf'"),
    ],
)
def test_alignment_heatmap_rejects_bad_input(alignment, measures, change, message):
    arguments = dict(alignment=alignment, measures=measures, doc_a="huaxi", doc_b="anning") | change
    with pytest.raises(ValueError, match=message):
        plotting.plot_alignment_heatmap(arguments.pop("alignment"), arguments.pop("measures"), **arguments)


def test_alignment_heatmap_names_measures_missing_from_measures(alignment, measures):
    broken = alignment.assign(measure_b=["anning:9", "huaxi:3.2", "qixing:1"])
    with pytest.raises(ValueError, match="alignment names measures of 'anning' that are not in measures: anning:9"):
        plotting.plot_alignment_heatmap(broken, measures, doc_a="huaxi", doc_b="anning")


# --- instrument matrix -----------------------------------------------------------------------------

@pytest.fixture()
def instruments():
    return pd.DataFrame({
        "instrument_id": ["i3", "i1", "i2", "i4"],
        "label": ["课后服务", "经费投入 / 保障", "托管帮扶", "集团化办学"],
        "status": ["unique", "shared", "partial", "partial"],
        "n_regions": [1, 3, 2, 2],
        "huaxi": [False, True, True, False],
        "yinchuan": [False, True, True, True],
        "qixing": [True, True, False, True],
    })


def test_instrument_matrix_sorts_rows_and_draws_one_dot_per_presence(instruments):
    ax = plotting.plot_instrument_matrix(instruments, labels=REGIONS)
    render(ax)
    assert ticks(ax) == ["经费投入 / 保障", "托管帮扶", "集团化办学", "课后服务"]
    assert ticks(ax, "x") == ["花溪区", "银川市", "七星区"]
    absent, present = [c.get_offsets().tolist() for c in ax.collections if isinstance(c, PathCollection)]
    assert present == [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [1, 2], [2, 2], [2, 3]]
    assert len(absent) == 12 - 8
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["各地共有", "部分地区", "仅一地"]


def test_instrument_matrix_reads_evidence_strings_like_instrument_matrix_returns(instruments):
    as_evidence = instruments.copy()
    for doc in ("huaxi", "yinchuan", "qixing"):
        as_evidence[doc] = np.where(instruments[doc], f"{doc}:3.1;{doc}:3.4", "")
    as_evidence = as_evidence.assign(n_measures=3, representative="huaxi:3.1", heading="加大投入", category="资金投入")
    expected = plotting.plot_instrument_matrix(instruments).collections[-1].get_offsets().tolist()
    ax = plotting.plot_instrument_matrix(as_evidence)
    assert ticks(ax, "x") == ["huaxi", "yinchuan", "qixing"]
    assert ax.collections[-1].get_offsets().tolist() == expected


def test_instrument_matrix_regions_choose_and_order_columns(instruments):
    ax = plotting.plot_instrument_matrix(instruments.drop(columns="n_regions"), regions=["qixing", "huaxi"])
    assert ticks(ax, "x") == ["qixing", "huaxi"]
    # Without n_regions the count of the shown regions is not used: presence in all three columns sorts first.
    assert ticks(ax)[0] == "经费投入 / 保障"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.assign(status="common"), "matrix column 'status' has 'common'; allowed: shared, partial, unique"),
        (lambda m: m.drop(columns="status"), "matrix is missing column 'status'"),
        (lambda m: m[["instrument_id", "label", "status"]], "matrix has no region columns"),
        (lambda m: m.assign(huaxi=[[1], [2], [3], [4]]), "region column 'huaxi' must hold booleans, counts or evidence"),
        (lambda m: m.iloc[:0], "matrix has no instruments"),
    ],
)
def test_instrument_matrix_rejects_bad_input(instruments, change, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_instrument_matrix(change(instruments))


# --- keyword graphs -----------------------------------------------------------------------------

def keyword_graph(counts, edges):
    G = nx.Graph()
    for term, count in counts.items():
        G.add_node(term, count=count, tfidf=count / 100)
    for u, v, weight in edges:
        G.add_edge(u, v, weight=weight, npmi=0.5)
    return G


@pytest.fixture()
def graph():
    return keyword_graph(
        {"教师": 30, "培训": 12, "经费": 12, "学校": 8, "集团化": 3},
        [("教师", "培训", 9), ("教师", "经费", 2), ("学校", "集团化", 1), ("培训", "经费", 5)],
    )


def test_keyword_graph_draws_the_most_frequent_terms(graph):
    ax = plotting.plot_keyword_graph(graph, top_n=3)
    render(ax)
    assert sorted(texts(ax)) == ["培训", "教师", "经费"]
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(edges.get_segments()) == 3
    # Heaviest first (教师–培训 9, 培训–经费 5, 教师–经费 2), widths scaled onto 0.6–3.5 points.
    assert list(edges.get_linewidths()) == pytest.approx([3.5, 0.6 + 2.9 * 3 / 7, 0.6])


def test_keyword_graph_keeps_only_the_heaviest_links(graph):
    ax = plotting.plot_keyword_graph(graph, max_edges=2)
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(edges.get_segments()) == 2
    assert len(texts(ax)) == 5


def test_keyword_graph_layout_is_seeded(graph):
    def positions(**options):
        ax = plotting.plot_keyword_graph(graph, **options)
        return {text.get_text(): text.get_position() for text in ax.texts}

    reordered = keyword_graph({t: graph.nodes[t]["count"] for t in reversed(list(graph))},
                              [(u, v, d["weight"]) for u, v, d in reversed(list(graph.edges(data=True)))])
    assert positions(seed=1) == positions(seed=1)
    assert positions(seed=1) != positions(seed=2)
    assert plotting.plot_keyword_graph(reordered, seed=1).texts[0].get_position() == positions(seed=1)["教师"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda G: G.add_node("新词"), "G node '新词' has no 'count' attribute"),
        (lambda G: G.add_edge("教师", "学校"), r"G edge \('教师', '学校'\) has no 'weight' attribute"),
        (lambda G: G.clear(), "G has no nodes"),
    ],
)
def test_keyword_graph_rejects_bad_graph(graph, change, message):
    change(graph)
    with pytest.raises(ValueError, match=message):
        plotting.plot_keyword_graph(graph)


@pytest.mark.parametrize(("option", "value"), [("top_n", 0), ("top_n", 2.5), ("max_edges", -1), ("top_n", True)])
def test_keyword_graph_rejects_bad_numbers(graph, option, value):
    with pytest.raises(ValueError, match=f"{option} must be a positive integer, got {value!r}"):
        plotting.plot_keyword_graph(graph, **{option: value})


def test_keyword_graph_rejects_a_non_graph():
    with pytest.raises(ValueError, match="G must be a networkx Graph, got dict"):
        plotting.plot_keyword_graph({"教师": 3})


def test_graph_comparison_colours_shared_and_own_links(graph):
    other = keyword_graph({"教师": 20, "培训": 4, "托育": 9}, [("教师", "培训", 3), ("教师", "托育", 4)])
    ax = plotting.plot_graph_comparison(graph, other, names=("花溪区", "安宁市"))
    render(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["两者共有", "仅花溪区", "仅安宁市"]
    assert sorted(texts(ax)) == sorted(["教师", "培训", "经费", "学校", "集团化", "托育"])
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    colours = [matplotlib.colors.to_hex(rgba[:3]) for rgba in edges.get_colors()]
    # Heaviest first: 教师–培训 (9 + 3, both), 培训–经费 (5, A), 教师–托育 (4, B), 教师–经费 (2, A), 学校–集团化 (1, A).
    assert colours == ["#777777", "#0072b2", "#d55e00", "#0072b2", "#0072b2"]


def test_graph_comparison_rejects_bad_names(graph):
    with pytest.raises(ValueError, match=r"names must be two strings, got \('花溪区',\)"):
        plotting.plot_graph_comparison(graph, graph, names=("花溪区",))


def label_layout(ax, dpi):
    """Label boxes, node centres and node radii in pixels of the figure drawn at ``dpi``."""
    figure = ax.figure
    figure.set_dpi(dpi)
    figure.canvas.draw()
    boxes = np.array([text.get_window_extent().extents for text in ax.texts])
    (nodes,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    centres = ax.transData.transform(nodes.get_offsets())
    # A marker of area s is sqrt(s) points across; half of its (white) edge lies outside.
    radii = (np.sqrt(nodes.get_sizes()) + nodes.get_linewidths()) / 2 * dpi / 72
    return boxes, centres, radii


def overlapping_labels(ax, dpi, *, gap=0.0):
    """Pairs of labels less than ``gap`` points apart (0: whose boxes overlap)."""
    boxes, _, _ = label_layout(ax, dpi)
    boxes = boxes + np.array([-1, -1, 1, 1]) * gap / 2 * dpi / 72
    texts = [text.get_text() for text in ax.texts]
    pairs = []
    for i, j in zip(*np.triu_indices(len(boxes), 1)):
        width = min(boxes[i, 2], boxes[j, 2]) - max(boxes[i, 0], boxes[j, 0])
        height = min(boxes[i, 3], boxes[j, 3]) - max(boxes[i, 1], boxes[j, 1])
        if width > 0 and height > 0:
            pairs.append((texts[i], texts[j]))
    return pairs


def labels_on_larger_nodes(ax, dpi):
    """Labels reaching into the node of another term drawn at least as large."""
    boxes, centres, radii = label_layout(ax, dpi)
    texts = [text.get_text() for text in ax.texts]
    found = []
    for i, box in enumerate(boxes):
        nearest = np.clip(centres, box[:2], box[2:])
        depth = radii - np.hypot(*(nearest - centres).T)
        found += [(texts[i], texts[k]) for k in np.flatnonzero(depth > 0) if k != i and radii[k] >= radii[i]]
    return found


@pytest.fixture(scope="module")
def plan_graphs(corpus):
    from policycompare.graphs import build_keyword_graph

    return {doc: build_keyword_graph(corpus[doc], reference=corpus) for doc in REGIONS}


@pytest.mark.parametrize("doc", list(REGIONS))
def test_keyword_graph_labels_keep_apart_on_the_bundled_plans(plan_graphs, doc):
    # Drawn before without moving labels, 七星区's 教学 sat on the node of 教师 and touched its label,
    # and 银川市's 建设 sat on the node of 县中.
    ax = plotting.plot_keyword_graph(plan_graphs[doc])
    render(ax)
    # Placed at the figure's 100 dpi, labels keep clear of each other's white halo (2.5 points wide); at
    # other resolutions hinting changes their widths, but not enough to make them overlap.
    assert overlapping_labels(ax, 100, gap=2.5 - 1e-6) == []
    for dpi in (100, 150, 200, 300):
        assert overlapping_labels(ax, dpi) == []
        assert labels_on_larger_nodes(ax, dpi) == []


def test_keyword_graph_moves_only_labels_in_the_way(plan_graphs):
    ax = plotting.plot_keyword_graph(plan_graphs["qixing"])
    boxes, centres, radii = label_layout(ax, 100)
    (nodes,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    moved = [i for i, (text, node) in enumerate(zip(ax.texts, nodes.get_offsets()))
             if not np.array_equal(text.get_position(), node)]
    assert "教学" in [ax.texts[i].get_text() for i in moved] and len(moved) < 5
    # Space kept free on each side: the halo's width (1.25 points), a quarter point per character if more.
    pads = np.array([[max(1.25, 0.25 * len(text.get_text())), 1.25] for text in ax.texts]) * 100 / 72
    padded = boxes + np.hstack([-pads, pads])
    for i in moved:
        # On its node the label's space would have reached into the space of a label placed before it
        # (labels are placed in the order of their terms' counts) or into a node as large as its own.
        shift = centres[i] - ax.transData.transform(ax.texts[i].get_position())
        box = padded[i] + np.concatenate([shift, shift])
        before = padded[:i]
        touches = np.any((np.minimum(box[2], before[:, 2]) > np.maximum(box[0], before[:, 0]))
                         & (np.minimum(box[3], before[:, 3]) > np.maximum(box[1], before[:, 1])))
        nearest = np.clip(centres, box[:2], box[2:])
        larger = (radii >= radii[i]) & (np.arange(len(radii)) != i)
        assert touches or np.any(larger & (np.hypot(*(nearest - centres).T) < radii))
    assert len(ax.lines) == 0  # all stay beside their nodes: no line needed


def test_graph_comparison_labels_keep_apart_on_the_bundled_plans(plan_graphs):
    # Drawn before without moving labels, 教师 touched 普通高中.
    ax = plotting.plot_graph_comparison(plan_graphs["huaxi"], plan_graphs["yinchuan"], names=("花溪区", "银川市"))
    render(ax)
    assert overlapping_labels(ax, 100, gap=2.5 - 1e-6) == []
    assert overlapping_labels(ax, 150) == [] and labels_on_larger_nodes(ax, 150) == []


def test_keyword_graph_with_moved_labels_is_the_same_file_twice(plan_graphs):
    files = []
    for _ in range(2):
        target = io.BytesIO()
        plotting.save_reproducibly(plotting.plot_keyword_graph(plan_graphs["qixing"]).figure, target, "svg")
        files.append(target.getvalue())
    assert files[0] == files[1]


def test_keyword_graph_joins_labels_moved_far_to_their_nodes(graph):
    # In a small Axes the labels are large for the layout: some find room only away from their node.
    fig, ax = plt.subplots(figsize=(1.6, 1.2))
    plotting.plot_keyword_graph(graph, ax=ax)
    render(ax)
    assert overlapping_labels(ax, 100) == []
    boxes, centres, radii = label_layout(ax, 100)
    halo = 2.5 * 100 / 72
    gaps = np.hypot(*np.clip(np.abs(centres - (boxes[:, :2] + boxes[:, 2:]) / 2) - (boxes[:, 2:] - boxes[:, :2]) / 2,
                             0, None).T)
    far = [text.get_text() for text, gap, radius in zip(ax.texts, gaps, radii) if gap > radius + halo]
    joined = []
    for line in ax.lines:
        # Each line runs from the centre of a node to the edge of that term's label.
        start, end = ax.transData.transform(line.get_xydata())
        (i,) = np.flatnonzero(np.all(np.isclose(centres, start), axis=1))
        box = boxes[i]
        assert np.all((box[:2] - 1e-6 <= end) & (end <= box[2:] + 1e-6))
        assert (np.isclose(end, box[:2]) | np.isclose(end, box[2:])).any()
        joined.append(ax.texts[i].get_text())
    assert far and sorted(joined) == sorted(far)


@pytest.mark.parametrize(
    ("centres", "half_sizes", "discs", "expected"),
    [
        # Two boxes on one spot, their discs far away: the second goes to the nearest free place, 2 up (16
        # directions, counter-clockwise from east; at 67.5° it would still overlap by 0.15).
        ([[0, 0], [0, 0]], [[2, 1], [2, 1]], [[9, 9, 0.5], [9, 9, 0.5]], [[0, 0], [0, 2]]),
        # A box keeps off another disc as large as its own (radius 1 at x=2.5 reaches to 1.5): it moves 1 at 135°,
        # the first direction that clears the disc ...
        ([[0, 0], [2.5, 0]], [[2, 1], [0.5, 0.5]], [[0, 0, 1], [2.5, 0, 1]], [[-0.707, 0.707], [2.5, 0]]),
        # ... but lies on a smaller one.
        ([[0, 0], [2.5, 0]], [[2, 1], [0.5, 0.5]], [[0, 0, 1], [2.5, 0, 0.9]], [[0, 0], [2.5, 0]]),
        # Boxes stay inside the bounds (-10 to 10): the second cannot go up 2, so it goes down.
        ([[0, 8], [0, 8]], [[2, 1], [2, 1]], [[0, 8, 0.2], [0, 8, 0.1]], [[0, 8], [0, 6]]),
    ],
)
def test_place_boxes_takes_the_nearest_free_place(centres, half_sizes, discs, expected):
    placed = plotting._place_boxes(centres, half_sizes, discs, (-10, -10, 10, 10), steps=[1, 2, 3])
    assert placed.round(3).tolist() == expected


# --- distinctive terms --------------------------------------------------------------------------

@pytest.fixture()
def distinctive():
    rows = [
        ("huaxi", "振兴", 3.8, 2), ("huaxi", "普通高中", 4.6, 1), ("huaxi", "清华", 2.1, 3),
        ("anning", "托育", 2.4, 1), ("anning", "银龄讲学", 2.0, 2),
    ]
    return pd.DataFrame(rows, columns=["group", "term", "score", "rank"])


def test_distinctive_terms_draws_top_ranked_terms_best_first(distinctive):
    ax = plotting.plot_distinctive_terms(distinctive, group="huaxi", n=2, labels=REGIONS)
    render(ax)
    assert ticks(ax) == ["普通高中", "振兴"]
    assert [bar.get_width() for bar in ax.patches] == [4.6, 3.8]
    assert ax.get_title() == "花溪区"


def test_distinctive_terms_rejects_unknown_group(distinctive):
    with pytest.raises(ValueError, match="group='qixing' is not in table; allowed: huaxi, anning"):
        plotting.plot_distinctive_terms(distinctive, group="qixing")


def test_distinctive_terms_grid_has_one_panel_per_group(distinctive):
    fig = plotting.plot_distinctive_terms_grid(distinctive, labels=REGIONS)
    render(fig)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["花溪区", "安宁市"]
    assert [len(ax.patches) for ax in fig.axes] == [3, 2]
    three = plotting.plot_distinctive_terms_grid(distinctive.assign(group="qixing").pipe(
        lambda other: pd.concat([distinctive, other])), groups=["anning", "qixing", "huaxi"], n=1)
    assert [ax.get_title() for ax in three.axes] == ["anning", "qixing", "huaxi"]
    # qixing has two terms of rank 1: ties go by term.
    assert [ticks(ax) for ax in three.axes] == [["托育"], ["托育"], ["普通高中"]]


def test_distinctive_terms_rejects_missing_column(distinctive):
    with pytest.raises(ValueError, match="table is missing column 'rank'"):
        plotting.plot_distinctive_terms_grid(distinctive.drop(columns="rank"))


# --- instrument types --------------------------------------------------------------------------

@pytest.fixture()
def crosstab():
    return pd.DataFrame({"需求型": [1, 0, 2], "供给型": [6, 2, 0], "环境型": [3, 2, 0]}, index=["huaxi", "anning", "qixing"])


def test_instrument_types_draws_shares_in_type_order(crosstab):
    ax = plotting.plot_instrument_types(crosstab, labels=REGIONS)
    render(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["供给型", "环境型", "需求型"]
    assert len(ax.patches) == 9
    assert [round(bar.get_width(), 2) for bar in ax.patches] == [0.6, 0.5, 0.0, 0.3, 0.5, 0.0, 0.1, 0.0, 1.0]
    assert ticks(ax) == ["花溪区", "安宁市", "七星区"]
    assert [t for t in texts(ax) if t.startswith("n=")] == ["n=10", "n=4", "n=2"]


def test_instrument_types_counts_and_subtypes(crosstab):
    columns = pd.MultiIndex.from_tuples([("供给型", "资金投入"), ("供给型", "人才培养"), ("环境型", "目标规划")])
    detailed = pd.DataFrame([[4, 2, 3], [1, 1, 2]], index=["huaxi", "anning"], columns=columns)
    ax = plotting.plot_instrument_types(detailed, share=False)
    assert [bar.get_width() for bar in ax.patches] == [6, 2, 3, 2]
    assert texts(ax) == ["6", "2", "3", "2"]
    assert ax.get_xlabel() == "数量"


@pytest.fixture()
def coding():
    rows = [
        ("huaxi", "huaxi:3.1", "rothwell_zegveld", "供给型", "资金投入"),
        ("huaxi", "huaxi:3.2", "rothwell_zegveld", "环境型", "目标规划"),
        ("huaxi", "huaxi:3.3", "rothwell_zegveld", "未编码", "未编码"),
        ("anning", "anning:1", "rothwell_zegveld", "供给型", "人才培养/师资建设"),
        ("anning", "anning:2", "rothwell_zegveld", "需求型", "示范推广"),
        ("huaxi", "huaxi:3.1", "mcdonnell_elmore", "激励型", "激励型"),
        ("anning", "anning:1", "mcdonnell_elmore", "命令型", "命令型"),
    ]
    return pd.DataFrame(rows, columns=["doc_id", "measure_id", "scheme", "type", "subtype"]).assign(primary=True)


@pytest.mark.parametrize("level", ["type", "subtype"])
def test_instrument_types_reads_typology_crosstab(coding, level):
    from policycompare.typology import typology_crosstab

    ax = plotting.plot_instrument_types(typology_crosstab(coding, level=level), labels=REGIONS)
    render(ax)
    assert ticks(ax) == ["花溪区", "安宁市"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["供给型", "环境型", "需求型"]
    # Uncoded measures are left out: huaxi has one 供给型 and one 环境型 measure.
    assert [bar.get_width() for bar in ax.patches] == [0.5, 0.5, 0.5, 0.0, 0.0, 0.5]
    assert [t for t in texts(ax) if t.startswith("n=")] == ["n=2", "n=2"]


def test_instrument_types_draws_another_scheme(coding):
    from policycompare.typology import typology_crosstab

    ax = plotting.plot_instrument_types(typology_crosstab(coding), scheme="mcdonnell_elmore", share=False)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["命令型", "激励型", "能力建设型", "系统变革型", "劝告型"]
    assert [bar.get_width() for bar in ax.patches[:4]] == [0, 1, 1, 0]
    with pytest.raises(ValueError, match="scheme='rz' is not in crosstab; allowed: rothwell_zegveld, mcdonnell_elmore"):
        plotting.plot_instrument_types(typology_crosstab(coding), scheme="rz")


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"未编码": [3]}), "no instrument types besides uncoded measures"),
        (pd.DataFrame({"供给型": [-1]}), "counts of zero or more"),
        (pd.DataFrame({"供给型": ["多"]}), "must hold counts"),
        (pd.DataFrame(), "crosstab is empty"),
    ],
)
def test_instrument_types_rejects_bad_counts(frame, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_instrument_types(frame)


# --- timeline ----------------------------------------------------------------------------------

@pytest.fixture()
def dates():
    rows = [
        ("huaxi", "huaxi:0", "period", "2022", "2025", "2022—2025年"),
        ("huaxi", "huaxi:5.1", "phase", "2022-06", "2022-08", "动员部署阶段"),
        ("huaxi", "huaxi:5.2", "phase", "2022-09", "2024-12", "全面实施阶段"),
        ("huaxi", "huaxi:2.1", "deadline", "2025", "", "到2025年"),
        ("qixing", "qixing:2.1", "deadline", "2026", None, "到2026年"),
        ("qixing", "qixing:2.2", "deadline", "2026", "", "到2026年"),
        ("qixing", "qixing:0", "date", "2024-04-03", "", "2024年4月3日"),
    ]
    return pd.DataFrame(rows, columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])


def test_timeline_draws_bars_markers_and_years(dates):
    ax = plotting.plot_timeline(dates, labels=REGIONS)
    render(ax)
    assert ticks(ax) == ["花溪区", "七星区"]
    assert ticks(ax, "x", minor=True) == ["2022", "2023", "2024", "2025", "2026"]
    bars = [(round(bar.get_x(), 3), round(bar.get_width(), 3)) for bar in ax.patches]
    assert bars == [(2022.0, 4.0), (2022.417, 0.25), (2022.667, 2.333)]
    # The middle of the day, month or year a marker names: 3 April 2024 is day 94 of 366.
    markers = [c.get_offsets().tolist()[0] for c in ax.collections]
    assert np.allclose(markers, [[2024 + 93.5 / 366, 1.0], [2025.5, 0.0], [2026.5, 1.0]])
    assert texts(ax) == ["×2"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["规划期", "阶段", "目标期限", "日期"]


@pytest.mark.parametrize(("text", "open_start"), [("2025年以后", 2026.0), ("2025年之后", 2026.0), ("2025年起", 2025.0)])
def test_timeline_draws_a_phase_without_end_to_the_right_edge(dates, text, open_start):
    # 巩固提升阶段（2025年以后） follows a phase that ends in 2025年12月: after 2025 is from 2026 on.
    open_ended = pd.DataFrame([("huaxi", "huaxi:5.3", "phase", "2025", "", text),
                               ("qixing", "qixing:0", "period", "2024", None, "2024年起")], columns=dates.columns)
    rows = pd.concat([dates.assign(end_date=dates["end_date"].replace("2024-12", "2025-12")), open_ended],
                     ignore_index=True)
    ax = plotting.plot_timeline(rows)
    render(ax)
    # The last year shown is 2026 (到2026年, and a year of each open span after its start).
    assert ax.get_xlim() == (2022, 2027)
    bars = [(round(bar.get_x(), 3), round(bar.get_width(), 3), round(bar.get_y() + bar.get_height() / 2, 3))
            for bar in ax.patches]
    assert bars == [(2022.0, 4.0, 0), (2022.417, 0.25, 0), (2022.667, 3.333, 0), (open_start, 2027 - open_start, 0),
                    (2024.0, 3.0, 1)]
    # Open spans fade out: an image of their colour, opaque to transparent, fills each (the bar has no fill).
    phase, period = ax.images
    assert phase.get_extent() == pytest.approx((open_start, 2027, 0.18, -0.18))
    assert period.get_extent() == pytest.approx((2024, 2027, 1.35, 0.65))
    alpha = phase.get_array()[0, :, 3]
    assert alpha[0] == alpha[len(alpha) // 4 - 1] == 1 and alpha[-1] == 0 and np.all(np.diff(alpha) <= 0)
    assert matplotlib.colors.to_hex(phase.get_array()[0, 0, :3]) == "#0072b2"
    assert [bar.get_facecolor()[3] for bar in ax.patches[3:]] == [0, 0]


def test_timeline_with_an_open_phase_is_the_same_file_twice(dates):
    rows = pd.concat([dates, pd.DataFrame([("huaxi", "huaxi:5.3", "phase", "2025", "", "2025年以后")],
                                          columns=dates.columns)], ignore_index=True)
    files = []
    for fmt in ("svg", "svg", "pdf", "pdf"):
        target = io.BytesIO()
        plotting.save_reproducibly(plotting.plot_timeline(rows).figure, target, fmt)
        files.append(target.getvalue())
    assert files[0] == files[1] and files[2] == files[3]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("start_date", "2022年", r"dates column 'start_date' has '2022年' \(row 0\); allowed: YYYY, YYYY-MM or YYYY-MM-DD"),
        ("start_date", "2022-13", r"'2022-13' \(row 0\), which is not a calendar date"),
        ("end_date", "2021", r"dates row 0 ends \(2021\) before it starts \(2022\)"),
        ("kind", "milestone", r"dates column 'kind' has 'milestone' \(row 0\); allowed: period, phase, deadline, date"),
    ],
)
def test_timeline_rejects_bad_rows(dates, column, value, message):
    dates.loc[0, column] = value
    with pytest.raises(ValueError, match=message):
        plotting.plot_timeline(dates)


def test_timeline_rejects_missing_column(dates):
    with pytest.raises(ValueError, match="dates is missing column 'end_date'"):
        plotting.plot_timeline(dates.drop(columns="end_date"))


# --- writing -----------------------------------------------------------------------------------

def test_write_figure_embeds_truetype_fonts_in_pdf(similarity, tmp_path):
    ax = plotting.plot_similarity_heatmap(similarity, labels=REGIONS)
    plotting.write_figure(ax, tmp_path / "相似度.pdf")
    plotting.write_figure(ax.figure, tmp_path / "相似度.svg")
    pdf = (tmp_path / "相似度.pdf").read_bytes()
    assert pdf.count(b"/FontFile2") == 2 and b"/Type3" not in pdf
    assert b"<text" not in (tmp_path / "相似度.svg").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["相似度.pdf", "相似度.svg"]


def test_write_figure_rejects_unknown_format(similarity, tmp_path):
    ax = plotting.plot_similarity_heatmap(similarity)
    with pytest.raises(ValueError, match=r"must end in one of: .*\.pdf.*\.png.*\.svg"):
        plotting.write_figure(ax, tmp_path / "相似度.docx")
    assert list(tmp_path.iterdir()) == []


# --- real data ---------------------------------------------------------------------------------

def test_figures_of_the_bundled_corpus(corpus):
    from policycompare.graphs import build_keyword_graph
    from policycompare.keywords import compute_distinctive_terms
    from policycompare.vectors import compute_similarity

    labels = dict(zip(corpus.documents["doc_id"], corpus.documents["region_zh"]))
    regions = ["huaxi", "yinchuan", "anning", "qixing"]
    similarity = compute_similarity(corpus)
    ax = plotting.plot_similarity_heatmap(similarity, labels=labels)
    render(ax)
    assert len(ax.get_yticklabels()) == len(corpus.doc_ids) == 14

    graphs = {doc: build_keyword_graph(corpus[doc], reference=corpus) for doc in regions[:2]}
    ax = plotting.plot_keyword_graph(graphs["huaxi"])
    render(ax)
    assert len(ax.texts) == 40 and "普通高中" in texts(ax)
    ax = plotting.plot_graph_comparison(graphs["huaxi"], graphs["yinchuan"], names=("花溪区", "银川市"))
    render(ax)
    assert len(ax.collections[0].get_segments()) == 100

    fig = plotting.plot_distinctive_terms_grid(compute_distinctive_terms(corpus), groups=regions, labels=labels)
    render(fig)
    assert [a.get_title() for a in fig.axes] == ["花溪区", "银川市", "安宁市", "七星区"]
    assert all(len(a.patches) == 10 for a in fig.axes)


def test_interactive_mode_the_backend_turns_on_while_plotting_stays_on():
    # Jupyter's inline backend loads with the first figure, inside the plot's settings, and turns
    # interactive mode on; turning it off again on leaving would show no later figure in a notebook.
    was = matplotlib.is_interactive()
    matplotlib.interactive(False)
    try:
        with plotting._print_style():
            matplotlib.interactive(True)
        assert matplotlib.is_interactive()
    finally:
        matplotlib.interactive(was)

