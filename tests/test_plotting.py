import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import policycompare as pc
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


def test_similarity_heatmap_greys_the_diagonal_and_scales_colours_to_the_other_pairs(similarity):
    ax = plotting.plot_similarity_heatmap(similarity)
    image = ax.images[0]
    assert image.get_array().mask.tolist() == np.eye(3, dtype=bool).tolist()
    assert matplotlib.colors.to_hex(image.get_cmap().get_bad()) == "#e4e4e4"
    # The largest pair, 0.35, rounded up to a tenth tops the scale.
    assert image.get_clim() == (0, pytest.approx(0.4))
    colorbar = ax.figure.axes[1]
    assert colorbar.get_ylabel() == "相似度" and image.colorbar.extend == "neither"
    # Values keep their cells; a dark cell (above 60 % of the scale) has white text, the diagonal grey text.
    assert [matplotlib.colors.to_hex(text.get_color()) for text in ax.texts[:3]] == ["#777777", "#000000", "#ffffff"]


def test_similarity_heatmap_draws_near_duplicates_above_the_scale():
    ids = ["a", "b", "c"]
    values = [[1.0, 0.996, 0.21], [0.996, 1.0, 0.58], [0.21, 0.58, 1.0]]
    ax = plotting.plot_similarity_heatmap(pd.DataFrame(values, index=ids, columns=ids))
    assert ax.images[0].get_clim() == (0, pytest.approx(0.6))
    assert ax.images[0].colorbar.extend == "max"
    # 0.996 is not written as 1.00, the value of a plan with itself.
    assert texts(ax)[:3] == ["1.00", "0.996", "0.21"]
    # Two versions of one plan and nothing else: the scale runs to 1.
    pair = pd.DataFrame([[1.0, 0.97], [0.97, 1.0]], index=["a", "b"], columns=["a", "b"])
    assert plotting.plot_similarity_heatmap(pair).images[0].get_clim() == (0, 1.0)


def test_similarity_heatmap_names_the_measure_its_table_records():
    from policycompare.reuse import compute_shingle_similarity
    from policycompare.vectors import compute_similarity

    corpus = pc.Corpus([pc.load_document_from_text("推进集团化办学，实施托管帮扶。", doc_id="a"),
                        pc.load_document_from_text("推进集团化办学，落实双减政策。", doc_id="b")])
    label = {}
    for name, table in [("tfidf", compute_similarity(corpus)), ("count", compute_similarity(corpus, method="count")),
                        ("jaccard", compute_shingle_similarity(corpus)),
                        ("containment", compute_shingle_similarity(corpus, measure="containment"))]:
        label[name] = plotting.plot_similarity_heatmap(table).figure.axes[1].get_ylabel()
    assert label == {"tfidf": "TF-IDF 余弦相似度", "count": "词频余弦相似度", "jaccard": "字符片段 Jaccard 系数",
                     "containment": "字符片段包含度（行在列中）"}


def test_similarity_heatmap_orders_columns_like_rows(similarity):
    shuffled = similarity[["anning", "huaxi", "yinchuan"]]
    ax = plotting.plot_similarity_heatmap(shuffled, annotate=False)
    assert np.array_equal(ax.images[0].get_array(), similarity.to_numpy())
    assert texts(ax) == []


@pytest.mark.parametrize(
    ("frame", "error", "message"),
    [
        (pd.DataFrame([[1.0, 0.5]], index=["a"], columns=["a", "b"]), ValueError, "square DataFrame"),
        (pd.DataFrame([[1.0, 1.5], [1.5, 1.0]], index=["a", "b"], columns=["a", "b"]), ValueError, "between 0 and 1, got 1 to 1.5"),
        (pd.DataFrame([[1.0, 0.2], [0.2, 1.0]], index=["a", "b"], columns=["a", "c"]), ValueError, "same unique doc ids"),
        ([[1.0]], TypeError, "must be a pandas DataFrame, got list"),
    ],
)
def test_similarity_heatmap_rejects_bad_input(frame, error, message):
    with pytest.raises(error, match=message):
        plotting.plot_similarity_heatmap(frame)


def test_labels_must_be_a_mapping(similarity):
    with pytest.raises(TypeError, match="labels must be a mapping of doc_id to display name or None, got list"):
        plotting.plot_similarity_heatmap(similarity, labels=["花溪区"])


def test_ax_must_be_an_axes(similarity):
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None, got Figure"):
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
    assert ticks(ax) == ["3.1 加大经费投入", "3.2 推进集团化办学改革试点工作", "3.3"]
    assert ticks(ax, "x") == ["1 保障经费", "2 实施托育服务"]
    # Pairs without a link are masked (drawn white), not scored 0.
    assert ax.images[0].get_array().filled(-1).tolist() == [[0.8, -1], [-1, 0.4], [-1, -1]]
    assert ax.images[0].get_cmap().get_bad().tolist() == [1.0, 1.0, 1.0, 1.0]
    assert (ax.get_ylabel(), ax.get_xlabel()) == ("花溪区", "安宁市")


@pytest.mark.parametrize(
    ("heading", "tick"),
    [
        ("推进集团化办学改革试点工作", "推进集团化办学改革试点工作"),
        ("推进集团化办学改革试点工作，扩大优质资源", "推进集团化办学改革试点工作…"),
        # Cut before the bracket, not inside the dates of a phase.
        ("准备启动阶段（2022年6月—2022年8月）", "准备启动阶段…"),
        ("深入推进阶段(2023-2025)：全面实施", "深入推进阶段…"),
        # A bracket after the cut, or at the very start, does not move it.
        ("积极探索清华中学教育集团办学模式（试点）", "积极探索清华中学教育集团办…"),
        ("（一）加强党的领导，落实立德树人根本任务", "（一）加强党的领导，落实立…"),
    ],
)
def test_alignment_heatmap_cuts_headings_before_a_bracket(heading, tick):
    assert plotting._heading_tick(heading) == tick


def test_alignment_heatmap_colours_link_probabilities_from_the_threshold(alignment, measures):
    ax = plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxi", doc_b="anning", threshold=0.26)
    image = ax.images[0]
    assert image.get_clim() == (0.26, 1.0)
    colorbar = ax.figure.axes[1]
    assert colorbar.get_ylabel() == "链接概率"
    assert colorbar.get_yticks().tolist() == pytest.approx([0.26, 0.4, 0.6, 0.8, 1.0])
    # The weakest link is a visible colour (greyscale at most 225 of 255), not the white of no link.
    weakest = np.asarray(image.get_cmap()(0.0)[:3]) * 255
    assert weakest @ [0.299, 0.587, 0.114] < 225
    # Without a threshold the scale starts at the weakest link drawn (0.4), rounded down to 0.05.
    default = plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxi", doc_b="anning")
    assert default.images[0].get_clim() == (pytest.approx(0.4), 1.0)
    # A link below the threshold given is drawn in the lowest colour; an arrow on the colour bar says so.
    above = plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxi", doc_b="anning", threshold=0.5)
    assert above.images[0].colorbar.extend == "min" and ax.images[0].colorbar.extend == "neither"
    # A table that records its threshold (align_measures' does) starts the scale there, and its bottom tick names it.
    recorded = alignment.copy()
    recorded.attrs["threshold"] = 0.26
    own = plotting.plot_alignment_heatmap(recorded, measures, doc_a="huaxi", doc_b="anning")
    assert own.images[0].get_clim() == (0.26, 1.0) and own.figure.axes[1].get_yticks()[0] == 0.26



@pytest.mark.parametrize("threshold", [1.0, -0.1, "0.3", True])
def test_alignment_heatmap_rejects_a_bad_threshold(alignment, measures, threshold):
    with pytest.raises(ValueError, match=f"threshold must be a number from 0 to below 1 or None, got {threshold!r}"):
        plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxi", doc_b="anning", threshold=threshold)


def test_alignment_heatmap_turns_the_pair_round(alignment, measures):
    ax = plotting.plot_alignment_heatmap(alignment, measures, doc_a="anning", doc_b="huaxi")
    assert ax.images[0].get_array().filled(-1).tolist() == [[0.8, -1, -1], [-1, 0.4, -1]]
    assert len(ax.get_yticklabels()) == 2


def test_alignment_heatmap_of_a_pair_without_links_says_so(alignment, measures):
    # The fixture's links join huaxi with anning and qixing; a pair never aligned used to be drawn empty in silence.
    others = measures.assign(doc_id=measures["doc_id"].replace("anning", "jia"), measure_id=measures["measure_id"].str.replace("anning", "jia"))
    with pytest.warns(pc.PolicyCompareWarning, match=r"^the alignment has no links between 'huaxi' and 'jia', so the heatmap is empty; "
                                                       r"'jia' has no link at all: was it aligned\?$"):
        plotting.plot_alignment_heatmap(alignment, others, doc_a="huaxi", doc_b="jia")
    with pytest.warns(pc.PolicyCompareWarning, match=r"no links between 'huaxi' and 'anning', so the heatmap is empty; 'huaxi' and 'anning' have no link at all: were they"):
        plotting.plot_alignment_heatmap(alignment.iloc[:0], measures, doc_a="huaxi", doc_b="anning")


def test_alignment_heatmap_keeps_a_front_matter_the_alignment_uses(alignment, measures):
    extra = pd.DataFrame([("huaxi", "huaxi:0", "anning", "anning:0", 0.6)], columns=alignment.columns)
    ax = plotting.plot_alignment_heatmap(pd.concat([alignment, extra]), measures, doc_a="huaxi", doc_b="anning")
    assert ticks(ax)[0] == "0" and ticks(ax, "x")[0] == "0"
    assert ax.images[0].get_array()[0, 0] == 0.6


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(doc_a="xx"), r"doc_a='xx' has no rows in measures; known ids: anning, huaxi"),
        (dict(doc_b="qixing"), r"doc_b='qixing' has no rows in measures"),
        (dict(alignment=pd.DataFrame(columns=["doc_a", "measure_a", "doc_b", "measure_b"])), r"alignment is missing column 'score'"),
        (dict(measures=pd.DataFrame(columns=["doc_id", "measure_id", "heading", "start"])), r"measures is missing column 'is_leaf'"),
    ],
)
def test_alignment_heatmap_rejects_bad_input(alignment, measures, change, message):
    arguments = dict(alignment=alignment, measures=measures, doc_a="huaxi", doc_b="anning") | change
    with pytest.raises(ValueError, match=message):
        plotting.plot_alignment_heatmap(arguments.pop("alignment"), arguments.pop("measures"), **arguments)


@pytest.mark.parametrize("name", ["doc_a", "doc_b"])
def test_alignment_heatmap_refuses_an_unknown_id_as_the_package_does(alignment, measures, name):
    # As docs/api.md says of every unknown id: an UnknownIdError, which except KeyError catches too.
    arguments = {"doc_a": "huaxi", "doc_b": "anning", name: "nope"}
    with pytest.raises(pc.UnknownIdError, match=rf"^{name}='nope' has no rows in measures; known ids: anning, huaxi$") as raised:
        plotting.plot_alignment_heatmap(alignment, measures, **arguments)
    assert isinstance(raised.value, KeyError)


def test_alignment_heatmap_hints_at_the_id_closest_to_an_unknown_one_or_of_a_region_named(alignment, measures):
    # The hints of docs/api.md, as the corpus gives them for corpus["花溪区"].
    with pytest.raises(pc.UnknownIdError, match=r"^doc_a='huaxii' has no rows in measures \(did you mean 'huaxi'\?\); known ids: anning, huaxi$"):
        plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxii", doc_b="anning")
    for name in ("花溪区", "花溪"):
        hint = rf"\(the plan of {name} is 'huaxi': documents are named by their ids\); known ids: anning, huaxi$"
        with pytest.raises(pc.UnknownIdError, match=rf"^doc_a='{name}' has no rows in measures {hint}"):
            plotting.plot_alignment_heatmap(alignment, measures, doc_a=name, doc_b="anning", labels=REGIONS)
    # A plan the figure does not draw is no hint, though the labels name it.
    with pytest.raises(pc.UnknownIdError, match=r"^doc_b='七星区' has no rows in measures; known ids: anning, huaxi$"):
        plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxi", doc_b="七星区", labels=REGIONS)


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
    assert ticks(ax) == ["i1 经费投入 / 保障", "i2 托管帮扶", "i4 集团化办学", "i3 课后服务"]
    assert ticks(ax, "x") == ["花溪区", "银川市", "七星区"]
    absent, present = [c.get_offsets().tolist() for c in ax.collections if isinstance(c, PathCollection)]
    assert present == [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [1, 2], [2, 2], [2, 3]]
    assert len(absent) == 12 - 8
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["各地共有", "部分地区", "仅一地", "该地未涉及"]


def test_instrument_matrix_legend_names_the_grey_dot_of_a_plan_without_the_instrument(instruments):
    # The light grey dot had no legend entry: a reader could not tell it from a faint status colour.
    ax = plotting.plot_instrument_matrix(instruments, labels=REGIONS)
    absent = next(c for c in ax.collections if isinstance(c, PathCollection))
    entry = ax.get_legend().legend_handles[-1]
    assert entry.get_label() == "该地未涉及"
    assert matplotlib.colors.same_color(entry.get_markerfacecolor(), absent.get_facecolors()[0])
    assert entry.get_markersize() == pytest.approx(np.sqrt(absent.get_sizes()[0]))
    # Where every region has every instrument there is no grey dot, and no entry for it.
    everywhere = instruments.assign(huaxi=True, yinchuan=True, qixing=True, status="shared")
    ax = plotting.plot_instrument_matrix(everywhere)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["各地共有"]


def test_instrument_matrix_reads_evidence_strings_like_instrument_matrix_returns(instruments):
    as_evidence = instruments.copy()
    for doc in ("huaxi", "yinchuan", "qixing"):
        as_evidence[doc] = np.where(instruments[doc], f"{doc}:3.1;{doc}:3.4", "")
    as_evidence = as_evidence.assign(n_measures=3, representative="huaxi:3.1", heading="加大投入", category="资金投入")
    expected = plotting.plot_instrument_matrix(instruments).collections[-1].get_offsets().tolist()
    ax = plotting.plot_instrument_matrix(as_evidence)
    assert ticks(ax, "x") == ["huaxi", "yinchuan", "qixing"]
    assert ax.collections[-1].get_offsets().tolist() == expected


def test_instrument_matrix_draws_the_plans_instrument_matrix_recorded_not_columns_added_to_it(instruments):
    # A column of the user's own (a translation, a flag) is not drawn as a region.
    expected = plotting.plot_instrument_matrix(instruments, labels=REGIONS)
    noted = instruments.assign(note_en="teacher supply", checked=True)
    noted.attrs["docs"] = ["huaxi", "yinchuan", "qixing"]  # as instrument_matrix records its plans
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plotting.plot_instrument_matrix(noted, labels=REGIONS)
    assert ticks(ax, "x") == ["花溪区", "银川市", "七星区"]
    assert ax.collections[-1].get_offsets().tolist() == expected.collections[-1].get_offsets().tolist()
    # Without the record (a matrix read back from CSV) the columns of booleans are plans and the note is left out, named.
    noted.attrs.clear()
    with pytest.warns(pc.PolicyCompareWarning, match=r"^matrix column 'note_en' is left out as not a plan's: it holds 'teacher supply', not booleans, "
                                                     r"counts or measure ids of a plan 'note_en' \(note_en:…\); pass docs= to name the plans' columns$") as shown:
        ax = plotting.plot_instrument_matrix(noted.drop(columns="checked"), labels=REGIONS)
    assert [w.filename for w in shown] == [__file__]
    assert ticks(ax, "x") == ["花溪区", "银川市", "七星区"]
    # docs= names the plans' columns: nothing is left out, or warned of.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ticks(plotting.plot_instrument_matrix(noted, docs=["qixing", "huaxi"]), "x") == ["qixing", "huaxi"]


def test_instrument_matrix_docs_choose_and_order_columns(instruments):
    ax = plotting.plot_instrument_matrix(instruments.drop(columns="n_regions"), docs=["qixing", "huaxi"])
    assert ticks(ax, "x") == ["qixing", "huaxi"]
    # Without n_regions the count of the shown regions is not used: presence in all three columns sorts first.
    assert ticks(ax)[0] == "i1 经费投入 / 保障"


def test_instrument_matrix_reads_regions_as_the_former_name_of_docs_with_a_future_warning(instruments):
    expected = plotting.plot_instrument_matrix(instruments, docs=["qixing", "huaxi"])
    with pytest.warns(FutureWarning, match=r"^plot_instrument_matrix: regions= is now docs=, the name align_measures, ") as shown:
        ax = plotting.plot_instrument_matrix(instruments, regions=["qixing", "huaxi"])
    assert [w.filename for w in shown] == [__file__]
    assert ticks(ax, "x") == ticks(expected, "x") and ticks(ax) == ticks(expected)
    assert ax.collections[-1].get_offsets().tolist() == expected.collections[-1].get_offsets().tolist()
    # Its refusals name the argument given.
    with pytest.warns(FutureWarning), pytest.raises(pc.UnknownIdError, match=r"^regions names 'nope', which is not a region column"):
        plotting.plot_instrument_matrix(instruments, regions=["nope"])
    with pytest.raises(ValueError, match=r"^give docs or regions, not both: regions is the former name of docs$"):
        plotting.plot_instrument_matrix(instruments, docs=["huaxi"], regions=["huaxi"])


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


def test_instrument_matrix_refuses_one_region_given_as_a_string(instruments):
    # It was read as the regions 'h', 'u', 'a', ...: "matrix is missing column 'h', 'u', 'a', 'x', 'i'".
    with pytest.raises(TypeError, match=r"^docs must be a list of document ids such as \['huaxi', 'yinchuan'\], not 'huaxi'$"):
        plotting.plot_instrument_matrix(instruments, docs="huaxi")


@pytest.mark.parametrize("region", ["nope", "status"])
def test_instrument_matrix_refuses_an_unknown_region_as_the_package_does(instruments, region):
    with pytest.raises(pc.UnknownIdError, match=rf"^docs names '{region}', which is not a region column of matrix; "
                                                r"known ids: huaxi, yinchuan, qixing$"):
        plotting.plot_instrument_matrix(instruments, docs=["huaxi", region])


def test_instrument_matrix_hints_at_the_plan_of_a_region_named_for_its_id(instruments):
    with pytest.raises(pc.UnknownIdError, match=r"^docs names '七星区', which is not a region column of matrix "
                                                r"\(the plan of 七星区 is 'qixing': documents are named by their ids\)"):
        plotting.plot_instrument_matrix(instruments, docs=["huaxi", "七星区"], labels=REGIONS)


def test_instrument_matrix_refuses_no_regions_and_a_region_twice(instruments):
    with pytest.raises(ValueError, match="^docs must name at least one region column of matrix, or be None"):
        plotting.plot_instrument_matrix(instruments, docs=[])
    with pytest.raises(pc.PolicyCompareError, match="^docs lists 'huaxi' more than once"):
        plotting.plot_instrument_matrix(instruments, docs=["huaxi", "qixing", "huaxi"])


def test_instrument_matrix_joins_only_neighbouring_dots(instruments):
    # 课后服务 now in 花溪区 and 七星区, not in 银川市 between them: before, its line ran across 银川市's grey dot.
    gappy = instruments.assign(huaxi=[True, True, True, False], n_regions=[2, 3, 2, 2])
    ax = plotting.plot_instrument_matrix(gappy, labels=REGIONS)
    render(ax)
    assert ticks(ax) == ["i1 经费投入 / 保障", "i2 托管帮扶", "i3 课后服务", "i4 集团化办学"]
    segments = sorted((tuple(line.get_xdata()), line.get_ydata()[0]) for line in ax.lines)
    assert segments == [((0, 1), 1), ((0, 2), 0), ((1, 2), 3)]
    absent, _ = [c.get_offsets().tolist() for c in ax.collections if isinstance(c, PathCollection)]
    assert [1, 2] in absent
    for (x0, x1), y in segments:
        assert not any(x0 < x < x1 and row == y for x, row in absent)


def test_instrument_matrix_wraps_long_labels_onto_two_lines_and_gives_them_room(instruments):
    long = instruments.assign(label=["义务教育学校 / 标准化建设 / 财政投入 / 生均公用经费", "经费投入 / 保障",
                                     "习近平新时代中国特色社会主义思想 / 党的教育方针 / 根本任务", "集团化办学"])
    ax = plotting.plot_instrument_matrix(long, labels=REGIONS)
    render(ax)
    # Before, both were cut to one line: 义务教育学校 / 标准化建设 / … and 习近平新时代中国特色社会主义思想 ….
    assert ticks(ax) == ["i1 经费投入 / 保障", "i2 习近平新时代中国特色社会主义思想 /\n党的教育方针 / 根本任务", "i4 集团化办学",
                         "i3 义务教育学校 / 标准化建设 / 财政投入 /\n生均公用经费"]
    assert not any("…" in label for label in ticks(ax))
    # Each row's dots stand level with its label, and no two labels overlap.
    rows = sorted({y for _, y in ax.collections[-1].get_offsets().tolist()})
    assert rows == pytest.approx([tick for tick in ax.get_yticks()])
    ax.figure.canvas.draw()
    boxes = sorted((label.get_window_extent() for label in ax.get_yticklabels()), key=lambda box: -box.y1)
    assert all(upper.y0 > lower.y1 for upper, lower in zip(boxes, boxes[1:]))
    # A row of two lines takes more room than a row of one.
    assert np.diff(ax.get_yticks()).tolist() == pytest.approx([1.3, 1.3, 1.3])


def test_instrument_matrix_names_clusters_of_frame_sections(instruments):
    framed = instruments.assign(frame=["", "goals", "schedule", ""])
    ax = plotting.plot_instrument_matrix(framed, labels=REGIONS)
    assert ticks(ax) == ["i1 经费投入 / 保障 〔目标〕", "i2 托管帮扶 〔实施步骤〕", "i4 集团化办学", "i3 课后服务"]


def test_instrument_matrix_of_many_rows_cuts_labels_to_one_line():
    # 41 rows are too close together for a second line of text.
    many = pd.DataFrame({"instrument_id": [f"i{k:02d}" for k in range(41)], "status": "unique",
                         "label": [f"义务教育学校 / 标准化建设 / 财政投入{k:02d}" for k in range(41)],
                         "huaxi": True})
    ax = plotting.plot_instrument_matrix(many)
    assert ticks(ax)[0] == "i00 义务教育学校 / 标准化建设 / 财政投入…" and np.diff(ax.get_yticks()).tolist() == [1.0] * 40


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
    # 学校 and 集团化 are among the top terms, but their link is not drawn: they are left out.
    assert sorted(texts(ax)) == ["培训", "教师", "经费"]


def test_keyword_graph_keeps_every_term_when_no_link_is_drawn():
    ax = plotting.plot_keyword_graph(keyword_graph({"教师": 3, "培训": 2}, []))
    assert sorted(texts(ax)) == ["培训", "教师"]


def test_keyword_graph_puts_a_group_without_drawn_link_to_the_others_beside_them(graph):
    ax = plotting.plot_keyword_graph(graph)
    position = dict(zip(texts(ax), ax.collections[1].get_offsets().tolist()))
    main = np.array([position[term] for term in ("教师", "培训", "经费")])
    pair = np.array([position[term] for term in ("学校", "集团化")])
    # To the right of the larger group, within its height, at most a third of its width away.
    width = main[:, 0].max() - main[:, 0].min()
    assert np.all(pair[:, 0] > main[:, 0].max()) and pair[:, 0].min() - main[:, 0].max() < width / 3
    assert np.all((pair[:, 1] >= main[:, 1].min()) & (pair[:, 1] <= main[:, 1].max()))


_GROUPS_SCRIPT = """
import json
import matplotlib
matplotlib.use("Agg")
import networkx as nx
import policycompare as pc
from policycompare import plotting
G = nx.Graph()
main = ["教师", "培训", "经费", "学校", "课程", "质量", "评价", "管理", "制度", "队伍"]
group = ["托育", "幼儿园", "保育", "普惠"]
for k, term in enumerate(main + group):
    G.add_node(term, count=40 - k, tfidf=0.1)
G.add_weighted_edges_from([(u, v, 3) for u, v in zip(main, main[1:] + main[:1])])
G.add_weighted_edges_from([(u, v, 2) for u, v in zip(group, group[1:])])
ax = plotting.plot_keyword_graph(G)
print(json.dumps([[t.get_text(), *map(float, xy)] for t, xy in zip(ax.texts, ax.collections[1].get_offsets())]))
"""


def test_keyword_graph_with_groups_is_the_same_in_every_process():
    # The layout of a small group followed the order of a set of str, which changes from one process to the next.
    import json
    import os
    import subprocess
    import sys

    drawn = []
    for hash_seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", _GROUPS_SCRIPT], capture_output=True, text=True,
                                encoding="utf-8", env={**os.environ, "PYTHONHASHSEED": hash_seed})
        assert result.returncode == 0, result.stderr
        drawn.append(json.loads(result.stdout))
    assert drawn[0] == drawn[1] and len(drawn[0]) == 14


def test_keyword_graph_key_says_what_size_colour_and_width_show(graph):
    ax = plotting.plot_keyword_graph(graph)
    render(ax)
    # Each scale runs from the smallest value drawn to the largest (counts 3 to 30, TF-IDF count / 100, links 1 to 9),
    # and the key says so: without the values, the darkest orange meant 0.595 in one plan's figure and 0.294 in another's.
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "点的面积：出现次数 3–30", "颜色深浅：TF-IDF 权重 0.03–0.30", "线宽：共现次数 1–9"]
    # Without TF-IDF weights the terms are one colour, and the key says nothing of colour.
    for node in graph:
        del graph.nodes[node]["tfidf"]
    ax = plotting.plot_keyword_graph(graph)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["点的面积：出现次数 3–30", "线宽：共现次数 1–9"]


def test_keyword_graph_key_gives_the_range_of_the_terms_and_links_drawn(graph):
    # top_n=3 draws 教师 (30), 培训 and 经费 (12) and their links (9, 5, 2); 学校 and 集团化 are not drawn.
    ax = plotting.plot_keyword_graph(graph, top_n=3)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "点的面积：出现次数 12–30", "颜色深浅：TF-IDF 权重 0.12–0.30", "线宽：共现次数 2–9"]
    # One term without links: one value, no range; no link drawn, no width to give.
    ax = plotting.plot_keyword_graph(keyword_graph({"教师": 3}, []))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "点的面积：出现次数 3", "颜色深浅：TF-IDF 权重 0.030", "线宽：共现次数"]


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
    with pytest.raises(TypeError, match="G must be a networkx Graph, got dict"):
        plotting.plot_keyword_graph({"教师": 3})


def test_graph_comparison_colours_shared_and_own_links(graph):
    other = keyword_graph({"教师": 20, "培训": 4, "托育": 9}, [("教师", "培训", 3), ("教师", "托育", 4)])
    ax = plotting.plot_graph_comparison(graph, other, names=("花溪区", "安宁市"))
    render(ax)
    # The legend is filled column by column: the three kinds on its first row, the key on its second.
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "两者共有", "点的面积：出现次数 3–50（两者之和）", "仅在花溪区图中", "线宽：共现次数 1–12（两者之和）", "仅在安宁市图中"]
    assert sorted(texts(ax)) == sorted(["教师", "培训", "经费", "学校", "集团化", "托育"])
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    colours = [matplotlib.colors.to_hex(rgba[:3]) for rgba in edges.get_colors()]
    # Heaviest first: 教师–培训 (9 + 3, both), 培训–经费 (5, A), 教师–托育 (4, B), 教师–经费 (2, A), 学校–集团化 (1, A).
    assert colours == ["#bbbbbb", "#0072b2", "#d55e00", "#0072b2", "#0072b2"]
    # Links of the second plan only are dashed.
    assert [dashes is not None for _, dashes in edges.get_linestyles()] == [False, False, True, False, False]
    (nodes,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    fills = dict(zip(texts(ax), (matplotlib.colors.to_hex(rgba[:3]) for rgba in nodes.get_facecolors())))
    assert fills == {"教师": "#e8e8e8", "培训": "#e8e8e8", "经费": "#56b4e9", "学校": "#56b4e9", "集团化": "#56b4e9",
                     "托育": "#f9b89a"}


def greyscale(colour):
    """The grey level (0-255) a colour becomes when an image is converted to greyscale (PIL's mode L)."""
    from PIL import Image

    rgb = tuple(round(255 * value) for value in matplotlib.colors.to_rgb(colour))
    return Image.new("RGB", (1, 1), rgb).convert("L").getpixel((0, 0))


def test_graph_comparison_tells_the_three_kinds_apart_in_greyscale(graph):
    other = keyword_graph({"教师": 20, "托育": 9}, [("教师", "托育", 4)])
    ax = plotting.plot_graph_comparison(graph, other, names=("花溪区", "安宁市"))
    kinds = ax.get_legend().legend_handles[::2]
    assert [handle.get_label() for handle in kinds] == ["两者共有", "仅在花溪区图中", "仅在安宁市图中"]
    lines = [greyscale(handle.get_color()) for handle in kinds]
    fills = [greyscale(handle.get_markerfacecolor()) for handle in kinds]
    assert (lines, fills) == ([187, 87, 119], [232, 158, 200])
    # Every two kinds differ by 30 grey levels or more, in their links and in their terms
    # (before, shared and second-plan links were both 119).
    for levels in (lines, fills):
        assert min(abs(a - b) for i, a in enumerate(levels) for b in levels[i + 1:]) >= 30
    # And the second plan's links are dashed as well.
    assert [handle.get_linestyle() for handle in kinds] == ["-", "-", "--"]


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


def test_keyword_graph_shows_every_nodes_colour(plan_graphs):
    # The colour is the term's TF-IDF weight; drawn on their nodes, the labels of small nodes hid it. (Another
    # term's label may reach into a node's rim, as 教学's into 课程's in huaxi's graph. In the crowded middle of
    # qixing's, 教学's label found no free place beside its node and stayed on it while 教学's node lay half
    # under 教师's; apart, there is room.)
    for doc_id in ("huaxi", "qixing"):
        ax = plotting.plot_keyword_graph(plan_graphs[doc_id])
        render(ax)
        for dpi in (100, 150):
            assert hidden_nodes(ax, dpi, rim=3.0, others=False) == [], doc_id
        assert overlapping_labels(ax, 100) == [] and labels_on_larger_nodes(ax, 100) == []


@pytest.fixture(scope="module")
def report_graphs(corpus):
    """The keyword graphs of the report's network figures: place names masked, as the report does."""
    from policycompare.graphs import build_keyword_graph

    tokenizer = pc.Tokenizer(mask=pc.region_terms(corpus))
    return {doc: build_keyword_graph(corpus[doc], reference=corpus, tokenizer=tokenizer) for doc in corpus.doc_ids[:8]}


def overlapping_nodes(ax, dpi):
    """Pairs of terms whose nodes (with their white edge) overlap in the figure drawn at ``dpi``."""
    _, centres, radii = label_layout(ax, dpi)
    texts = [text.get_text() for text in ax.texts]
    return [(texts[i], texts[j]) for i, j in zip(*np.triu_indices(len(centres), 1))
            if np.hypot(*(centres[i] - centres[j])) < radii[i] + radii[j]]


@pytest.mark.parametrize("doc", ["qixing", "collection-01", "collection-02", "collection-04"])
def test_keyword_graph_keeps_nodes_apart(report_graphs, doc):
    # The spring layout places points, the figure draws discs: 汇编篇二's 初中 and 学校 had their centres 22 pixels
    # apart against radii of 36 together (40% of 学校 hidden), 汇编篇四's 山镇 and 长安镇 24 against 33, 七星区's
    # 教师 and 教学 26 against 30, 汇编篇一's 学校 and 教学 28 against 34.
    ax = plotting.plot_keyword_graph(report_graphs[doc])
    render(ax)
    for dpi in (100, 150, 200):
        assert overlapping_nodes(ax, dpi) == [], dpi
    assert overlapping_labels(ax, 100) == [] and labels_on_larger_nodes(ax, 100) == []


def labels_wider_than_their_nodes(ax, dpi):
    """Terms whose label lies on its own node (the box over the node's centre) and is wider than the node, with the
    label's white halo."""
    boxes, centres, radii = label_layout(ax, dpi)
    halo = 2.5 * dpi / 72
    return [text.get_text() for text, box, centre, radius in zip(ax.texts, boxes, centres, radii)
            if np.all(box[:2] <= centre) and np.all(centre <= box[2:]) and box[2] - box[0] + halo > 2 * radius]


def test_keyword_graph_keeps_on_its_node_only_a_label_narrower_than_it(plan_graphs, report_graphs):
    # A label wider than its node covered the node's colour left and right: 汇编篇四's 职业技术学院 was 66 pixels
    # on a node of 30, 银川市's 托管帮扶 44 on 25, and in the docs' figure (花溪区, 30 terms) 高质量 30 on 23 and
    # 普通高中 52 on 39.
    figures = [plotting.plot_keyword_graph(plan_graphs["huaxi"], top_n=30),
               plotting.plot_graph_comparison(plan_graphs["huaxi"], plan_graphs["yinchuan"], names=("花溪区", "银川市")),
               *(plotting.plot_keyword_graph(graph) for graph in report_graphs.values())]
    for ax in figures:
        render(ax)
        for dpi in (100, 150, 200):
            assert labels_wider_than_their_nodes(ax, dpi) == [], dpi
        assert overlapping_labels(ax, 100) == [] and labels_on_larger_nodes(ax, 100) == []
    # The labels that stay are those of the large nodes; 普通高中 is wider than its node and stands beside it.
    boxes, centres, _ = label_layout(figures[0], 100)
    on_node = {text.get_text() for text, box, centre in zip(figures[0].texts, boxes, centres)
               if np.all(box[:2] <= centre) and np.all(centre <= box[2:])}
    assert {"发展", "教育", "学校"} <= on_node and not {"普通高中", "高质量"} & on_node


def test_graph_comparison_labels_keep_apart_on_the_bundled_plans(plan_graphs):
    # Drawn before without moving labels, 教师 touched 普通高中.
    ax = plotting.plot_graph_comparison(plan_graphs["huaxi"], plan_graphs["yinchuan"], names=("花溪区", "银川市"))
    render(ax)
    assert overlapping_labels(ax, 100, gap=2.5 - 1e-6) == []
    assert overlapping_labels(ax, 150) == [] and labels_on_larger_nodes(ax, 150) == []


def hidden_nodes(ax, dpi, rim, *, others=True):
    """Terms whose node a label covers: another term's label reaching into it (unless not ``others``), or its
    own label leaving less than ``rim`` points of it showing above and below (the label's white halo counts as
    the label)."""
    boxes, centres, radii = label_layout(ax, dpi)
    boxes = boxes + np.array([-1, -1, 1, 1]) * 1.25 * dpi / 72
    texts = [text.get_text() for text in ax.texts]
    hidden = []
    for k, (centre, radius) in enumerate(zip(centres, radii)):
        nearest = np.clip(centre, boxes[:, :2], boxes[:, 2:])
        under = np.flatnonzero(np.hypot(*(nearest - centre).T) < radius)
        if others and any(i != k for i in under):
            hidden.append(texts[k])
        elif k in under:
            rims = (centre[1] + radius - boxes[k, 3], boxes[k, 1] - (centre[1] - radius))
            if min(rims) < rim * dpi / 72:
                hidden.append(texts[k])
    return hidden


def test_graph_comparison_shows_every_nodes_colour(plan_graphs):
    # The fill says whether a term is in both plans or one; before, the labels of small nodes hid it: 高中 and
    # 振兴 showed a sliver, 帮扶, 组织, 引领 and 考核 nothing at all.
    ax = plotting.plot_graph_comparison(plan_graphs["huaxi"], plan_graphs["yinchuan"], names=("花溪区", "银川市"))
    render(ax)
    for dpi in (100, 150, 200):
        assert hidden_nodes(ax, dpi, rim=3.0) == []
    # A label that stays on its node is the label of a large node it fits in (县中, 发展, ...); the others stand
    # beside theirs, close enough to need no line (普通高中 too: its label is wider than its node).
    boxes, centres, radii = label_layout(ax, 100)
    on_node = {text.get_text() for text, box, centre in zip(ax.texts, boxes, centres)
               if np.all(box[:2] <= centre) and np.all(centre <= box[2:])}
    assert {"县中", "发展"} <= on_node and not {"普通高中", "高中", "振兴", "帮扶", "组织", "引领", "考核"} & on_node
    assert len(ax.lines) == 0


def test_graph_comparison_puts_the_labels_of_small_nodes_just_above_them(graph):
    other = keyword_graph({"教师": 20, "培训": 4, "托育": 9}, [("教师", "培训", 3), ("教师", "托育", 4)])
    ax = plotting.plot_graph_comparison(graph, other, names=("花溪区", "安宁市"))
    render(ax)
    assert hidden_nodes(ax, 100, rim=3.0) == []
    boxes, centres, radii = label_layout(ax, 100)
    halo = 1.25 * 100 / 72
    on_node, above = [], []
    for text, box, centre, radius in zip(ax.texts, boxes, centres, radii):
        gap = np.hypot(*(np.clip(centre, box[:2], box[2:]) - centre)) - radius
        if gap < 0:
            on_node.append(text.get_text())
        else:
            # Off the node by the label's halo and not much more, and above it (there is room above each here).
            assert halo - 0.5 <= gap <= halo + 1.5
            assert box[0] < centre[0] < box[2] and box[1] > centre[1]
            above.append(text.get_text())
    # The nodes of 教师 and 培训 show 7.6 and 4.4 points above and below their labels (3.5 are enough); those of
    # 托育, 学校 and 集团化 would show 2.9, 2.5 and none. (经费's, 3.5 less a hair, is left out: it is on the edge.)
    assert {"教师", "培训"} <= set(on_node) and {"托育", "学校", "集团化"} <= set(above)
    assert len(ax.lines) == 0


def test_keyword_graph_with_moved_labels_is_the_same_file_twice(plan_graphs):
    files = []
    for _ in range(2):
        target = io.BytesIO()
        plotting.save_reproducibly(plotting.plot_keyword_graph(plan_graphs["qixing"]).figure, target, "svg")
        files.append(target.getvalue())
    assert files[0] == files[1]


def test_keyword_graph_joins_labels_moved_far_to_their_nodes(graph):
    # In a small Axes the labels are large for the layout: some find room only away from their node
    # (with the link 教师–学校 all five terms are one group, laid out together).
    graph.add_edge("教师", "学校", weight=1, npmi=0.5)
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


def test_distinctive_terms_draw_only_terms_a_group_uses_more_often_than_the_others():
    # A short plan's best ranks hold words it never uses (negative scores): they were drawn as its distinctive terms.
    table = pd.DataFrame({"group": ["hk"] * 3 + ["huaxi"] * 2, "term": ["屋邨", "公办普通高中", "创建", "县中", "振兴"],
                          "score": [2.5, -1.0, -3.0, -0.5, -2.0], "rank": [1, 2, 3, 1, 2]})
    fig = plotting.plot_distinctive_terms_grid(table)
    assert [ticks(ax) for ax in fig.axes] == [["屋邨"], []]
    assert texts(fig.axes[1]) == ["没有比其他计划更常用的词"]
    assert ticks(plotting.plot_distinctive_terms(table, group="hk")) == ["屋邨"]


def test_distinctive_terms_draws_top_ranked_terms_best_first(distinctive):
    ax = plotting.plot_distinctive_terms(distinctive, group="huaxi", n=2, labels=REGIONS)
    render(ax)
    assert ticks(ax) == ["普通高中", "振兴"]
    assert [bar.get_width() for bar in ax.patches] == [4.6, 3.8]
    assert ax.get_title() == "花溪区"


def test_distinctive_terms_rejects_unknown_group(distinctive):
    with pytest.raises(pc.UnknownIdError, match="^group='qixing' is not in table; known ids: huaxi, anning$"):
        plotting.plot_distinctive_terms(distinctive, group="qixing")
    with pytest.raises(pc.UnknownIdError, match="^groups names 'qixing', which is not in table; known ids: huaxi, anning$"):
        plotting.plot_distinctive_terms_grid(distinctive, groups=["huaxi", "qixing"])


def test_distinctive_terms_hint_at_the_plan_of_a_region_named_for_its_id(distinctive):
    hint = r"\(the plan of 花溪区 is 'huaxi': documents are named by their ids\); known ids: huaxi, anning$"
    with pytest.raises(pc.UnknownIdError, match=rf"^group='花溪区' is not in table {hint}"):
        plotting.plot_distinctive_terms(distinctive, group="花溪区", labels=REGIONS)
    with pytest.raises(pc.UnknownIdError, match=rf"^groups names '花溪区', which is not in table {hint}"):
        plotting.plot_distinctive_terms_grid(distinctive, groups=["花溪区"], labels=REGIONS)
    # A name two plans share is followed by each one's id in corpus.labels.
    shared = {"huaxi": "花溪区 (huaxi)", "anning": "花溪区 (anning)"}
    with pytest.raises(pc.UnknownIdError, match=r"^group='花溪区' is not in table \(the plans of 花溪区 are 'huaxi', 'anning': "):
        plotting.plot_distinctive_terms(distinctive, group="花溪区", labels=shared)


def test_distinctive_terms_grid_refuses_one_group_given_as_a_string(distinctive):
    # It was read as the groups 'h', 'u', 'a', ...: "group='h' is not in table".
    with pytest.raises(TypeError, match=r"^groups must be a list of group ids such as \['huaxi', 'yinchuan'\], not 'huaxi'$"):
        plotting.plot_distinctive_terms_grid(distinctive, groups="huaxi")


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


def test_distinctive_terms_name_their_statistic_on_the_x_axis(distinctive):
    # compute_distinctive_terms records its method; a table of one's own says only 得分 (score).
    tiny_corpus = pc.Corpus([pc.load_document_from_text("托管帮扶，托管帮扶，托管帮扶，双减。", doc_id="a"),
                             pc.load_document_from_text("双减，双减，课后服务。", doc_id="b")])
    for method, label in (("log_odds", "对数几率 z 值"), ("chi2", "χ² 值（带符号）"), ("g2", "G² 值（带符号）")):
        table = pc.compute_distinctive_terms(tiny_corpus, method=method, min_count=1)
        assert table.attrs["method"] == method
        group = table["group"].iloc[0]
        assert plotting.plot_distinctive_terms(table, group=group).get_xlabel() == label
        assert {ax.get_xlabel() for ax in plotting.plot_distinctive_terms_grid(table).axes} == {label}
    assert plotting.plot_distinctive_terms(distinctive, group="huaxi").get_xlabel() == "得分"


def ten_terms(groups):
    """A distinctive-terms table of ten terms (two to six characters) for each of ``groups``."""
    terms = ["普通高中", "振兴", "干部队伍", "清华", "高质量", "职业技术学院", "贵安", "高中", "公办普通高中", "攻坚"]
    rows = [(group, term, 10.0 - rank, rank + 1) for group in groups for rank, term in enumerate(terms)]
    table = pd.DataFrame(rows, columns=["group", "term", "score", "rank"])
    table.attrs["method"] = "log_odds"
    return table


def overlapping_tick_labels(figure, dpi):
    """Pairs of term labels of one panel, or titles and term labels of two panels, that overlap at ``dpi``."""
    figure.set_dpi(dpi)
    figure.canvas.draw()
    pairs = []
    for ax in figure.axes:
        boxes = [label.get_window_extent() for label in ax.get_yticklabels()]
        pairs += [(ax.get_title(), i) for i in range(len(boxes) - 1) if boxes[i].overlaps(boxes[i + 1])]
    titles = [ax.title.get_window_extent() for ax in figure.axes]
    pairs += [(i, j) for i, j in zip(*np.triu_indices(len(titles), 1)) if titles[i].overlaps(titles[j])]
    return pairs


@pytest.mark.parametrize(("n_groups", "columns", "height"), [(4, 2, 5.8), (9, 3, 8.7), (14, 4, 9.5), (18, 4, 9.5)])
def test_distinctive_terms_grid_of_up_to_18_groups_fits_a_page(n_groups, columns, height):
    # In three columns, the report's 14 plans made a figure 7 x 14.5 inches; shrunk to a page, its 7-point labels
    # would have been 5 points. The report draws 18 plans at most.
    groups = [f"plan-{k:02d}" for k in range(n_groups)]
    fig = plotting.plot_distinctive_terms_grid(ten_terms(groups), labels={g: f"规划{g[-2:]}" for g in groups})
    render(fig)
    assert tuple(fig.get_size_inches()) == pytest.approx((7.0, height))
    assert len({round(ax.get_position().x0, 3) for ax in fig.axes}) == columns
    sizes = {size for _, size in text_sizes(fig)}
    assert min(sizes) >= 7 and max(sizes) <= 9
    assert overlapping_tick_labels(fig, 100) == [] and overlapping_tick_labels(fig, 150) == []
    # The x axis is named under each column, once.
    named = [ax for ax in fig.axes if ax.get_xlabel()]
    assert [ax.get_xlabel() for ax in named] == ["对数几率 z 值"] * columns
    assert [fig.axes.index(ax) for ax in named] == list(range(n_groups - columns, n_groups))


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
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["供给型", "环境型", "需求型", "未编码"]
    # Uncoded measures are the last, grey segment: huaxi has one 供给型, one 环境型 and one uncoded measure, and
    # the shares are typology_crosstab's with normalize=True.
    thirds = [round(bar.get_width(), 3) for bar in ax.patches]
    assert thirds == [0.333, 0.5, 0.333, 0.0, 0.0, 0.5, 0.333, 0.0]
    shares = typology_crosstab(coding, normalize=True).xs("rothwell_zegveld", level="scheme")
    assert thirds[::2] == shares["huaxi"].round(3).tolist()
    assert [t for t in texts(ax) if t.startswith("n=")] == ["n=3", "n=2"]
    assert ax.get_xlabel() == "占比"


def test_instrument_types_can_leave_uncoded_measures_out(coding):
    from policycompare.typology import typology_crosstab

    ax = plotting.plot_instrument_types(typology_crosstab(coding), uncoded=False)
    assert [bar.get_width() for bar in ax.patches] == [0.5, 0.5, 0.5, 0.0, 0.0, 0.5]
    assert [t for t in texts(ax) if t.startswith("n=")] == ["n=2", "n=2"]
    assert ax.get_xlabel() == "占比（不计未编码）"


def test_instrument_types_draws_another_scheme(coding):
    from policycompare.typology import typology_crosstab

    ax = plotting.plot_instrument_types(typology_crosstab(coding), scheme="mcdonnell_elmore", share=False)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["命令型", "激励型", "能力建设型", "系统变革型", "劝告型"]
    assert [bar.get_width() for bar in ax.patches[:4]] == [0, 1, 1, 0]
    with pytest.raises(ValueError, match="scheme='rz' is not in crosstab; allowed: rothwell_zegveld, mcdonnell_elmore"):
        plotting.plot_instrument_types(typology_crosstab(coding), scheme="rz")


def segment_labels(ax, dpi=150):
    """Each segment of the bars with its text (None where it has none) and whether the text fits in it at ``dpi``."""
    figure = ax.figure
    figure.set_dpi(dpi)
    figure.canvas.draw()
    texts = {(round(t.get_position()[0], 9), round(t.get_position()[1])): t for t in ax.texts if t.get_text().endswith("%")}
    found = []
    for bar in ax.patches:
        if bar.get_width() == 0:
            continue
        text = texts.get((round(bar.get_x() + bar.get_width() / 2, 9), round(bar.get_y() + bar.get_height() / 2)))
        width = bar.get_window_extent().width
        fits = text is not None and text.get_window_extent().width + 4 * dpi / 72 <= width
        found.append((round(bar.get_width(), 3), None if text is None else text.get_text(), fits))
    return found


def test_instrument_types_writes_the_share_in_every_segment_it_fits_in():
    # 安宁市's 需求型, 6.9% of its 29 measures, was left without its share in a segment three times as wide as the
    # text, by a cut at 7%, while 8% of another plan was written.
    crosstab = pd.DataFrame({"供给型": [11, 98], "环境型": [16, 1], "需求型": [2, 1]}, index=["anning", "other"])
    ax = plotting.plot_instrument_types(crosstab, labels=REGIONS)
    render(ax)
    assert segment_labels(ax) == [(0.379, "38%", True), (0.98, "98%", True), (0.552, "55%", True),
                                  (0.01, None, False), (0.069, "7%", True), (0.01, None, False)]
    for dpi in (100, 200):
        assert all(fits for _, text, fits in segment_labels(ax, dpi) if text is not None)
    # In an Axes of one's own 2 inches wide, the 7% segments are too narrow for their text and have none.
    fig, ax = plt.subplots(figsize=(3, 1.6), layout="constrained")
    plotting.plot_instrument_types(crosstab, ax=ax)
    assert segment_labels(ax) == [(0.379, "38%", True), (0.98, "98%", True), (0.552, "55%", True),
                                  (0.01, None, False), (0.069, None, False), (0.01, None, False)]


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
    rows = pd.concat([dates, pd.DataFrame([("huaxi", "huaxi:5.3", "phase", "2025", "", "2025年以后"),
                                           ("huaxi", "huaxi:4", "period", "2021", "2025", "十四五")],
                                          columns=dates.columns)], ignore_index=True)
    files = []
    for fmt in ("svg", "svg", "pdf", "pdf", "png", "png"):
        target = io.BytesIO()
        ax = plotting.plot_timeline(rows, docs=["huaxi", "qixing", "anning"], periods={"qixing": "2024-2026"},
                                    issued={"huaxi": "2022", "anning": "2023-11-07"})
        plotting.save_reproducibly(ax.figure, target, fmt)
        files.append(target.getvalue())
    assert files[0] == files[1] and files[2] == files[3] and files[4] == files[5]


def spans(ax, height):
    """(start, width, row) of the bars of one height: 0.7 the plan's period, 0.36 a phase."""
    return [(round(bar.get_x(), 3), round(bar.get_width(), 3), round(bar.get_y() + bar.get_height() / 2, 3))
            for bar in ax.patches if round(bar.get_height(), 3) == height]


def lines(ax):
    """(start, end, y) of the thin lines of periods a plan's text refers to."""
    return [tuple(round(float(v), 3) for v in (*line.get_xdata(), line.get_ydata()[0])) for line in ax.lines]


def five_year_plan(doc, measure):
    return (doc, measure, "period", "2021", "2025", "十四五")


def test_timeline_band_is_the_period_given_and_a_five_year_plan_a_thin_line():
    rows = pd.DataFrame([five_year_plan("huaxi", "huaxi:4"),
                         ("huaxi", "huaxi:4.1", "phase", "2022-06", "2022-08", "2022年6月—2022年8月")],
                        columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])
    # Before, the text's only period, 十四五 (2021–2025), was drawn as the plan's.
    ax = plotting.plot_timeline(rows, periods={"huaxi": "2022-2025"})
    render(ax)
    assert spans(ax, 0.7) == [(2022.0, 4.0, 0)]
    assert lines(ax) == [(2021.0, 2026.0, 0.28)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["规划期", "阶段", "文中提及的时期"]
    # Without the period given, the plan has no band: a five-year plan is never taken for its period.
    ax = plotting.plot_timeline(rows)
    assert spans(ax, 0.7) == [] and lines(ax) == [(2021.0, 2026.0, 0.28)]
    # An empty value (the manifest's, for a plan without known period) is the same as none.
    assert spans(plotting.plot_timeline(rows, periods=pd.Series({"huaxi": ""})), 0.7) == []


@pytest.mark.parametrize(("value", "band"), [("2022-2025", (2022.0, 4.0)), ("2022—2025年", (2022.0, 4.0)),
                                              ("2022", (2022.0, 1.0)), (" 2023 至 2025 ", (2023.0, 3.0))])
def test_timeline_reads_periods_given_as_years(value, band):
    rows = pd.DataFrame([("a", "a:1", "deadline", "", "2025", "到2025年")],
                        columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])
    assert spans(plotting.plot_timeline(rows, periods={"a": value}), 0.7) == [(*band, 0)]


def test_timeline_reads_a_period_of_school_years_to_the_month():
    # The manifest gives 112至115學年度 as 2023-08/2027-07: August 2023 to the end of July 2027.
    rows = pd.DataFrame([("a", "a:1", "deadline", "", "2025", "到2025年")],
                        columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])
    assert spans(plotting.plot_timeline(rows, periods={"a": "2023-08/2027-07"}), 0.7) == [(round(2023 + 7 / 12, 3), 4.0, 0)]
    with pytest.raises(ValueError, match=r"^periods has '2027-08/2023-07' for 'a', which ends before it starts$"):
        plotting.plot_timeline(rows, periods={"a": "2027-08/2023-07"})
    with pytest.raises(ValueError, match=r"^periods has '2023-13' for 'a', which is not a calendar date$"):
        plotting.plot_timeline(rows, periods={"a": "2023-13/2024-07"})


def test_timeline_band_is_the_period_of_the_title_else_every_period_but_five_year_plans():
    rows = pd.DataFrame([
        # The title's period comes first in the front matter (measure :0); a later one is a measure's.
        ("yinchuan", "yinchuan:0", "period", "2023", "2025", "2023-2025"),
        five_year_plan("yinchuan", "yinchuan:3.1"),
        ("yinchuan", "yinchuan:3.2", "period", "2024", "2025", "2024—2025年"),
        # No period in the front matter: the periods the text names, less 十四五, as before.
        ("c3", "c3:3.2.11", "period", "2021", "2023", "2021—2023 年"),
        five_year_plan("c3", "c3:3.2.11"),
    ], columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])
    ax = plotting.plot_timeline(rows)
    assert spans(ax, 0.7) == [(2023.0, 3.0, 0), (2021.0, 3.0, 1)]
    # The other periods are thin lines, earliest first, one below another.
    assert lines(ax) == [(2021.0, 2026.0, 0.28), (2024.0, 2026.0, 0.41), (2021.0, 2026.0, 1.28)]


def test_timeline_gives_a_plan_without_dates_a_row_that_says_so(dates):
    ax = plotting.plot_timeline(dates, labels=REGIONS, docs=["qixing", "anning", "huaxi"])
    render(ax)
    assert ticks(ax) == ["七星区", "安宁市", "花溪区"]
    (note,) = [t for t in ax.texts if t.get_text() == "文中未写明日期"]
    assert note.get_position()[1] == 1
    # Rows of plans not in docs are left out.
    assert ticks(plotting.plot_timeline(dates, docs=["qixing"])) == ["qixing"]


def test_timeline_tells_a_plan_without_dates_from_a_mistyped_id():
    # extract_dates records the documents it read, so an id it never saw is a typo, not a plan without dates.
    with_dates = pc.load_document_from_text("一、步骤\n（一）准备阶段（2022年6月—2022年8月）：制定方案。", doc_id="huaxi")
    without = pc.load_document_from_text("一、措施\n（一）加强师资：开展教师培训。", doc_id="anning")
    found = pc.extract_dates(pc.extract_measures([with_dates, without]))
    assert found["doc_id"].unique().tolist() == ["huaxi"]
    ax = plotting.plot_timeline(found, docs=["huaxi", "anning"])
    assert [t.get_text() for t in ax.texts] == ["文中未写明日期"]
    with pytest.raises(pc.UnknownIdError, match=r"^docs names 'aning', which is not a document of dates \(did you mean 'anning'\?\); "
                                                r"known ids: huaxi, anning$"):
        plotting.plot_timeline(found, docs=["huaxi", "aning"])
    with pytest.raises(pc.UnknownIdError, match=r"^docs names '安宁市', which is not a document of dates \(the plan of 安宁市 is 'anning': "
                                                r"documents are named by their ids\); known ids: huaxi, anning$"):
        plotting.plot_timeline(found, docs=["安宁市"], labels=REGIONS)
    # A table of one's own carries no such record: an id without rows is drawn as a plan without dates.
    own = found.copy()
    own.attrs = {}
    assert [t.get_text() for t in plotting.plot_timeline(own, docs=["huaxi", "aning"]).texts] == ["文中未写明日期"]


def test_timeline_marks_issue_dates_and_shows_their_years(dates):
    ax = plotting.plot_timeline(dates, issued={"huaxi": "2020-05", "qixing": "2024-04-03", "anning": "2023"},
                                docs=["huaxi", "qixing", "anning"])
    assert ticks(ax, "x", minor=True)[0] == "2020" and ax.get_xlim()[0] == 2020
    ticks_drawn = [c.get_offsets()[0].tolist() for c in ax.collections if np.ptp(c.get_paths()[0].vertices[:, 0]) == 0]
    # The middle of the month, year or day, in a short tick at the top of the row.
    assert np.allclose(ticks_drawn, [[2020 + 4.5 / 12, -0.26], [2024 + 93.5 / 366, 0.74], [2023.5, 1.74]])
    assert ax.get_legend().get_texts()[-1].get_text() == "印发"
    # The row of a plan without dates says so beside its issue date.
    (note,) = [t for t in ax.texts if t.get_text() == "文中未写明日期"]
    assert note.get_position() == pytest.approx((2023.62, 2))


def test_timeline_phases_are_one_colour_apart_from_the_band_and_the_legend_shows_the_fade(dates):
    rows = pd.concat([dates, pd.DataFrame([("huaxi", "huaxi:5.3", "phase", "2025", "", "2025年以后")],
                                          columns=dates.columns)], ignore_index=True)
    ax = plotting.plot_timeline(rows)
    phases = [bar for bar in ax.patches if round(bar.get_height(), 2) == 0.36]
    # Adjacent phases are parted by a white gap, not by alternating blues (the lighter was near the band's colour).
    assert [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in phases[:2]] == ["#0072b2", "#0072b2"]
    assert all(matplotlib.colors.to_hex(bar.get_edgecolor()) == "#ffffff" and bar.get_linewidth() == 1.2
               for bar in phases)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["规划期", "阶段", "无截止时间（渐隐）", "目标期限", "日期"]
    band, phase = legend.legend_handles[:2]
    assert greyscale(band.get_facecolor()[:3]) - greyscale(phase.get_facecolor()[:3]) > 100
    # The open span's entry: strips of the phase colour, fading out to the right.
    strips = [r for r in legend.findobj(Rectangle) if r.get_facecolor()[3] < 1]
    alpha = [1.0] + [r.get_facecolor()[3] for r in strips]
    assert len(strips) == 11 and np.all(np.diff(alpha) < 0)
    assert {matplotlib.colors.to_hex(r.get_facecolor()[:3]) for r in strips} == {"#0072b2"}


def timeline_layout(ax, dpi):
    """Boxes in pixels of the figure drawn at ``dpi``: markers (with their colour), issue ticks, the lines of
    periods referred to, and count labels (with their colour)."""
    figure = ax.figure
    figure.set_dpi(dpi)
    figure.canvas.draw()
    scale = dpi / 72
    markers, issue_ticks = [], []
    for c in ax.collections:
        if not isinstance(c, PathCollection):
            continue
        vertices = c.get_paths()[0].vertices
        reach = (np.abs(vertices).max(axis=0) * np.sqrt(c.get_sizes()[0]) + c.get_linewidths()[0] / 2) * scale
        for centre in ax.transData.transform(c.get_offsets()):
            box = np.concatenate([centre - reach, centre + reach])
            if np.ptp(vertices[:, 0]) == 0:
                issue_ticks.append(box + np.array([-1, 0, 1, 0]) * c.get_linewidths()[0] / 2 * scale)
            else:
                markers.append((matplotlib.colors.to_hex(c.get_facecolors()[0]), box))
    rules = []
    for line in ax.lines:
        (x0, y), (x1, _) = ax.transData.transform(line.get_xydata()[[0, -1]])
        rules.append(np.array([x0, y - 0.6 * scale, x1, y + 0.6 * scale]))
    counts = [(matplotlib.colors.to_hex(t.get_color()), np.array(t.get_window_extent().extents))
              for t in ax.texts if t.get_text().startswith("×")]
    return markers, issue_ticks, rules, counts


def box_gap(a, b):
    """The distance between two boxes; 0 where they overlap."""
    return float(np.hypot(*np.clip(np.maximum(a[:2] - b[2:], b[:2] - a[2:]), 0, None)))


def overlaps(a, b):
    return bool(np.all(np.minimum(a[2:], b[2:]) > np.maximum(a[:2], b[:2])))


def timeline_clashes(ax, dpi):
    """What hides what: markers over markers of the other kind, issue ticks over markers, count labels over a
    marker, tick or line, or nearer another marker than their own (of their colour, which the label has darker)."""
    markers, issue_ticks, rules, counts = timeline_layout(ax, dpi)
    found = []
    for i, (colour, box) in enumerate(markers):
        found += [("markers", i, j) for j, (other, box_j) in enumerate(markers[i + 1:], i + 1)
                  if other != colour and overlaps(box, box_j)]
        found += [("tick on marker", i) for tick in issue_ticks if overlaps(box, tick)]
    for k, (colour, label) in enumerate(counts):
        gaps = [box_gap(label, box) for _, box in markers]
        own = int(np.argmin(gaps))
        if plotting._darker(markers[own][0]) != colour:
            found.append(("label nearer another marker", k))
        if any(gap <= gaps[own] + 1 for j, gap in enumerate(gaps) if j != own):
            found.append(("label as near another marker", k))
        found += [("label on marker", k) for _, box in markers if overlaps(label, box)]
        found += [("label on tick or line", k) for box in issue_ticks + rules if overlaps(label, box)]
    return found


def test_timeline_puts_count_labels_beside_their_own_markers():
    # 七星区: three dates in 2024, between the date of 2024-04-03 and deadlines of 2024-08 and 2024-09. Before,
    # the ×3 stood above and right of its dot, on the diamonds of 2024-08 and 2024-09, and read as theirs.
    rows = pd.DataFrame([("qixing", "qixing:0", "date", "2024-04-03", "", "2024年4月3日")]
                        + [("qixing", f"qixing:3.{k}", "date", "2024", "", "2024年") for k in range(3)]
                        + [("qixing", "qixing:3.3", "deadline", "", "2024-08", "2024年8月前"),
                           ("qixing", "qixing:3.4", "deadline", "", "2024-09", "到2024年9月"),
                           ("qixing", "qixing:3.5", "date", "2024-09", "", "2024年9月")],
                        columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])
    ax = plotting.plot_timeline(rows, periods={"qixing": "2024-2026"}, issued={"qixing": "2024-04-03"})
    render(ax)
    assert texts(ax) == ["×3"]
    for dpi in (100, 150, 200):
        assert timeline_clashes(ax, dpi) == []


def test_timeline_keeps_a_deadline_off_a_date_beside_it_and_the_issue_tick_off_both():
    # 汇编篇八: nine dates of 2022 and a deadline of 2022年7月, issued in 2022. Before, the diamond lay on the dot,
    # and the tick of the issue date touched it.
    rows = pd.DataFrame([("c8", f"c8:{k}", "date", "2022", "", "2022 年") for k in range(9)]
                        + [("c8", "c8:2.3.6", "deadline", "", "2022-07", "2022 年 7 月前"),
                           ("c8", "c8:2.6.13", "date", "2025", "", "2025 年")],
                        columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])
    # The report's years, 2020 to 2027: 2022-07 is 3 points from the middle of 2022.
    ax = plotting.plot_timeline(rows, issued={"c8": "2022"}, periods={"c8": "2020-2027"})
    render(ax)
    dots = [c for c in ax.collections if np.ptp(c.get_paths()[0].vertices[:, 0]) > 0]
    # The deadline moves up (rows run downwards) and the date beside it down, each by the same small step; the
    # date of 2025, far from both, stays on the row's centre.
    assert [c.get_offsets()[0, 1] for c in dots] == pytest.approx([0.13, 0, -0.13])
    # The smaller marker is drawn over the larger, and white edges part them.
    assert [c.get_zorder() for c in dots] == [3.1, 3.1, 3] and all(
        matplotlib.colors.to_hex(c.get_edgecolors()[0]) == "#ffffff" for c in dots)
    for dpi in (100, 150, 200):
        assert timeline_clashes(ax, dpi) == []


def test_timeline_keeps_count_labels_off_the_lines_of_periods_referred_to():
    # 汇编篇一: four deadlines and three dates of 2023 above the line of 十四五. Before, the ×3 sat on the line.
    rows = pd.DataFrame([("c1", f"c1:2.{k}", "deadline", "", "2023", "到 2023 年") for k in range(4)]
                        + [("c1", f"c1:0.{k}", "date", "2023", "", "2023 年") for k in range(3)]
                        + [five_year_plan("c1", "c1:3.3")],
                        columns=["doc_id", "measure_id", "kind", "start_date", "end_date", "text"])
    ax = plotting.plot_timeline(rows, periods={"c1": "2020-2023"}, issued={"c1": "2020"})
    render(ax)
    assert sorted(texts(ax)) == ["×3", "×4"]
    for dpi in (100, 150, 200):
        assert timeline_clashes(ax, dpi) == []


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (dict(periods={"huaxi": "2025-2022"}), ValueError, r"periods has '2025-2022' for 'huaxi', which ends before it starts"),
        (dict(periods={"huaxi": "十四五"}), ValueError, r"periods has '十四五' for 'huaxi'; allowed: YYYY, YYYY-YYYY \(2022-2025\) or YYYY-MM/YYYY-MM"),
        (dict(periods=["2022-2025"]), TypeError, "periods must be a mapping of doc_id to a date or None, got list"),
        (dict(issued={"qixing": "2024/04"}), ValueError, r"issued\['qixing'\] has '2024/04'; allowed: YYYY, YYYY-MM or YYYY-MM-DD"),
        (dict(issued={"qixing": "2024-02-30"}), ValueError, r"issued\['qixing'\] has '2024-02-30', which is not a calendar date"),
        (dict(docs="huaxi"), TypeError, "docs must be a list of doc ids \\(strings\\) or None, got 'huaxi'"),
        (dict(docs=[]), ValueError, "docs must name at least one document"),
    ],
)
def test_timeline_rejects_bad_options(dates, options, error, message):
    with pytest.raises(error, match=message):
        plotting.plot_timeline(dates, **options)


def test_timeline_rejects_a_table_with_nothing_to_draw(dates):
    empty = dates.iloc[:0]
    with pytest.raises(ValueError, match="dates has no rows with a start or end date"):
        plotting.plot_timeline(empty)
    with pytest.raises(ValueError, match="dates has no rows with a start or end date"):
        plotting.plot_timeline(empty, docs=["huaxi"], periods={"huaxi": ""})
    # A period given is enough to draw.
    assert spans(plotting.plot_timeline(empty, docs=["huaxi"], periods={"huaxi": "2022"}), 0.7) == [(2022.0, 1.0, 0)]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("start_date", "2022年", r"dates column 'start_date' has '2022年' \(row 0\); allowed: YYYY, YYYY-MM or YYYY-MM-DD"),
        ("start_date", "2022-13", r"'2022-13' \(row 0\), which is not a calendar date"),
        ("end_date", "2021", r"dates row 0 \(huaxi:0, '.*'\) ends \(2021\) before it starts \(2022\); leave it out \(see backwards_spans\)"),
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
    # 40 terms less the two with no link among the 100 drawn (机制, 考核).
    assert len(ax.texts) == 38 and "普通高中" in texts(ax) and "机制" not in texts(ax)
    ax = plotting.plot_graph_comparison(graphs["huaxi"], graphs["yinchuan"], names=("花溪区", "银川市"))
    render(ax)
    assert len(ax.collections[0].get_segments()) == 100

    fig = plotting.plot_distinctive_terms_grid(compute_distinctive_terms(corpus), groups=regions, labels=labels)
    render(fig)
    assert [a.get_title() for a in fig.axes] == ["花溪区", "银川市", "安宁市", "七星区"]
    assert all(len(a.patches) == 10 for a in fig.axes)


def text_sizes(figure):
    """The sizes in points of the texts a figure shows, each with its text."""
    from matplotlib.text import Text

    return {(text.get_text(), text.get_fontsize()) for text in figure.findobj(Text)
            if text.get_visible() and text.get_text().strip()}


def test_figure_text_is_7_to_9_points_as_the_docs_say(corpus, plan_graphs):
    # docs/figures.md: text at 7 to 9 points. Before, the 14 plans' similarity heatmap wrote its values at 6 points,
    # the timeline's note on a plan without dates was 6.5 points and a keyword graph's most frequent terms 11.
    from policycompare.vectors import compute_similarity

    documents = corpus.documents
    dates = pc.extract_dates(pc.extract_measures(corpus))
    figures = [plotting.plot_similarity_heatmap(compute_similarity(corpus), labels=corpus.labels).figure,
               plotting.plot_keyword_graph(plan_graphs["huaxi"]).figure,
               plotting.plot_graph_comparison(plan_graphs["huaxi"], plan_graphs["yinchuan"]).figure,
               plotting.plot_timeline(dates, docs=corpus.doc_ids, periods=dict(zip(documents["doc_id"], documents["period"])),
                                      issued=dict(zip(documents["doc_id"], documents["date"]))).figure]
    sizes = set().union(*map(text_sizes, figures))
    assert ("文中未写明日期", 7) in sizes and max(size for _, size in sizes) == 9
    # The timeline's count labels are the one exception the docs name: 6 points, to fit between a row's markers.
    assert {text for text, size in sizes if not 7 <= size <= 9} == {text for text, _ in sizes if text.startswith("×")}
    assert {size for text, size in sizes if text.startswith("×")} == {6}


def test_timeline_of_the_bundled_corpus_draws_each_plans_own_period(corpus):
    from policycompare.annotations import extract_dates
    from policycompare.structure import extract_measures

    documents = corpus.documents
    dates = extract_dates(extract_measures(corpus))
    ax = plotting.plot_timeline(dates, docs=corpus.doc_ids, periods=dict(zip(documents["doc_id"], documents["period"])),
                                issued=dict(zip(documents["doc_id"], documents["date"])))
    render(ax)
    bands = {corpus.doc_ids[int(row)]: (start, width) for start, width, row in spans(ax, 0.7)}
    # Every plan of the manifest with a period, and no other, has a band: its own period, not 十四五 (2021–2025).
    assert bands == {"huaxi": (2022, 4), "yinchuan": (2023, 3), "anning": (2023, 3), "qixing": (2024, 3),
                     "collection-01": (2020, 4), "collection-02": (2020, 6), "collection-03": (2022, 1),
                     "collection-05": (2020, 6), "collection-08": (2022, 1), "collection-09": (2022, 3)}
    # 汇编篇六 names no date; plans issued in 2020 widen the years shown.
    assert [t.get_position()[1] for t in ax.texts if t.get_text() == "文中未写明日期"] == [9]
    assert ax.get_xlim()[0] == 2020
    # Without the manifest's periods, the titles' periods still give the bands of four plans.
    ax = plotting.plot_timeline(dates)
    bands = {ticks(ax)[int(row)]: (start, width) for start, width, row in spans(ax, 0.7)}
    assert {doc: bands[doc] for doc in ("yinchuan", "anning", "qixing", "collection-09")} == {
        "yinchuan": (2023, 3), "anning": (2023, 3), "qixing": (2024, 3), "collection-09": (2022, 3)}
    assert "huaxi" not in bands


@pytest.mark.parametrize("regions_only", [True, False])
def test_timeline_of_the_bundled_corpus_hides_no_marker_and_places_every_count_beside_its_own(corpus, regions_only):
    # The guide's figure of the four regional plans and the report's of all fourteen: before, 七星区's ×3 touched
    # two diamonds, the ×2 of 银川市 and the ×3 of 汇编篇一 sat on a line, 汇编篇八's ×9 dot was under a diamond.
    from policycompare.annotations import extract_dates
    from policycompare.structure import extract_measures

    documents = corpus.documents
    dates = extract_dates(extract_measures(corpus))
    docs = list(REGIONS) if regions_only else corpus.doc_ids
    ax = plotting.plot_timeline(dates[dates["doc_id"].isin(docs)], docs=docs,
                                periods=dict(zip(documents["doc_id"], documents["period"])),
                                issued=dict(zip(documents["doc_id"], documents["date"])))
    render(ax)
    assert len(texts(ax)) >= 5
    for dpi in (100, 150):
        assert timeline_clashes(ax, dpi) == []


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



def test_backwards_spans_finds_the_rows_the_timeline_refuses(dates):
    slipped = dates.copy()
    slipped.loc[slipped.index[0], "end_date"] = "2019"
    mask = plotting.backwards_spans(slipped)
    assert mask.tolist() == [True] + [False] * (len(slipped) - 1)
    with pytest.raises(ValueError, match="ends \\(2019\\) before it starts"):
        plotting.plot_timeline(slipped)
    plotting.plot_timeline(slipped[~mask])


@pytest.mark.parametrize(("n", "n_labels", "annotated"), [(12, 12, True), (30, 30, True), (31, 31, False), (120, 40, False)])
def test_similarity_heatmap_of_many_plans_names_every_kth_and_writes_no_values(n, n_labels, annotated):
    ids = [f"plan-{k:03d}" for k in range(n)]
    values = np.full((n, n), 0.3)
    np.fill_diagonal(values, 1.0)
    ax = plotting.plot_similarity_heatmap(pd.DataFrame(values, index=ids, columns=ids))
    names = [label.get_text() for label in ax.get_yticklabels()]
    assert len(names) == n_labels and names[0] == "plan-000"
    assert (len(ax.texts) == n * n) is annotated
    assert plotting.plot_similarity_heatmap(pd.DataFrame(values, index=ids, columns=ids), annotate=True).texts


def _heatmap_of_its_own(similarity):
    return plotting.plot_similarity_heatmap(similarity)


def _heatmap_on_the_users_axes(similarity):
    _, ax = plt.subplots(figsize=(5, 4), layout="constrained")
    return plotting.plot_similarity_heatmap(similarity, labels=REGIONS, ax=ax)


@pytest.mark.parametrize("draw", [_heatmap_of_its_own, _heatmap_on_the_users_axes])
def test_write_figure_writes_the_same_file_however_often_the_figure_was_drawn_before(similarity, tmp_path, draw):
    # Constrained layout starts from the last layout's positions: a notebook that shows a figure, then saves it,
    # must get the file a script gets that saves it at once. An Axes of the user's own figure starts each layout
    # where the plot function left it, as one it made does.
    def saved(name, before=()):
        ax = draw(similarity)
        for step in before:
            step(ax.figure)
        plotting.write_figure(ax, tmp_path / name)
        return (tmp_path / name).read_bytes()

    fresh = saved("fresh.png")
    assert saved("drawn.png", [lambda figure: figure.canvas.draw()]) == fresh
    assert saved("shown.png", [lambda figure: figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")]) == fresh
    assert saved("twice.png", [lambda figure: plotting.write_figure(figure, tmp_path / "first.png")]) == fresh
    assert saved("svg-first.png", [lambda figure: plotting.write_figure(figure, tmp_path / "first.svg", dpi=300)]) == fresh


def test_write_figure_writes_several_formats_from_one_layout_as_one_call_each_does(similarity, tmp_path):
    ax = plotting.plot_similarity_heatmap(similarity, labels=REGIONS)
    plotting.write_figure(ax, [tmp_path / "both.png", tmp_path / "both.svg"], dpi=150)
    plotting.write_figure(ax, tmp_path / "one.svg", dpi=150)
    plotting.write_figure(ax, tmp_path / "one.png", dpi=150)
    assert (tmp_path / "both.png").read_bytes() == (tmp_path / "one.png").read_bytes()
    assert (tmp_path / "both.svg").read_bytes() == (tmp_path / "one.svg").read_bytes()
    # The layout is made at ``dpi``, for the SVG too: another resolution is another layout.
    plotting.write_figure(ax, tmp_path / "other.svg", dpi=72)
    assert (tmp_path / "other.svg").read_bytes() != (tmp_path / "one.svg").read_bytes()


def test_write_figure_rejects_an_empty_list_and_writes_nothing_for_one_bad_path(similarity, tmp_path):
    ax = plotting.plot_similarity_heatmap(similarity)
    with pytest.raises(ValueError, match=r"path must name at least one file, got an empty list"):
        plotting.write_figure(ax, [])
    with pytest.raises(ValueError, match=r"path '.*相似度\.docx' must end in one of"):
        plotting.write_figure(ax, [tmp_path / "相似度.png", tmp_path / "相似度.docx"])
    assert list(tmp_path.iterdir()) == []
