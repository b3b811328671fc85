"""Instrument clusters and the instrument × region matrix: exact on tiny plans, consistent on the regional plans."""

import itertools
import math
import re
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare.instruments import INSTRUMENT_COLUMNS, build_instruments, instrument_matrix, instrument_status, mutual_links

REGIONS = ["huaxi", "yinchuan", "anning", "qixing"]

# Funding and group schooling recur in all three plans; teacher training,
# smart campuses and a second funding measure (bing:1.2) appear once.
JIA = "甲区教育提升方案\n\n一、主要措施\n\n（一）加大经费投入。区财政每年安排专项经费，保障生均公用经费足额拨付。\n\n（二）推进集团化办学。组建教育集团，由优质学校托管帮扶薄弱学校。\n\n（三）加强教师培训。实施骨干教师培养计划，组织教师参加专业培训。\n"
YI = "乙县教育发展方案\n\n一、重点任务\n\n（一）完善经费保障机制。县财政足额拨付生均公用经费，设立专项经费。\n\n（二）实施托管帮扶。优质学校托管帮扶薄弱学校，组建教育集团。\n\n（三）建设智慧校园。建设智慧教室，推进信息技术与教学融合。\n"
BING = "丙市教育行动方案\n\n一、工作措施\n\n（一）保障生均公用经费。足额拨付生均公用经费。\n\n（二）设立专项经费。财政每年安排专项经费。\n\n（三）组建教育集团。组建教育集团，优质学校托管帮扶薄弱学校。\n\n（四）组建教育集团。组建教育集团，优质学校托管帮扶薄弱学校。\n"


@pytest.fixture(scope="module")
def tiny():
    return pc.Corpus([pc.load_document_from_text(t, doc_id=d) for t, d in ((JIA, "jia"), (YI, "yi"), (BING, "bing"))])


@pytest.mark.parametrize(
    ("n_regions", "n_docs", "status"),
    [(4, 4, "shared"), (3, 4, "partial"), (2, 4, "partial"), (1, 4, "unique"), (2, 2, "shared"), (1, 2, "unique"), (1, 1, "unique"), (3, 3, "shared")],
)
def test_instrument_status(n_regions, n_docs, status):
    assert instrument_status(n_regions, n_docs) == status


def test_mutual_links_keep_pairs_that_are_each_others_best():
    links = pd.DataFrame({"measure_a": ["a:1", "a:1", "a:2"], "measure_b": ["b:1", "b:2", "b:2"], "score": [0.9, 0.5, 0.4], "rank_a": [1.0, 0.5, 1.0], "rank_b": [1.0, 1.0, 0.5]})
    assert mutual_links(links)[["measure_a", "measure_b"]].values.tolist() == [["a:1", "b:1"]]


def test_build_instruments_with_louvain_clusters_mutual_links_and_numbers_by_outline_position():
    measures = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c"], "measure_id": ["a:1", "a:2", "b:1", "b:2", "c:1"], "heading": ["经费", "集团", "经费", "集团", "营养"]})
    links = pd.DataFrame({
        "measure_a": ["a:1", "a:2", "a:1"], "measure_b": ["b:1", "b:2", "b:2"], "score": [0.9, 0.8, 0.3],
        "rank_a": [1.0, 1.0, 0.5], "rank_b": [1.0, 1.0, 0.5],
    })  # fmt: skip
    assigned = build_instruments(links, measures, method="louvain")
    assert assigned[["measure_id", "instrument_id", "weighted_degree"]].values.tolist() == [
        ["a:1", "I001", 0.9], ["a:2", "I002", 0.8], ["b:1", "I001", 0.9], ["b:2", "I002", 0.8], ["c:1", "I003", 0.0],
    ]  # fmt: skip


MEASURES = pd.DataFrame({
    "doc_id": ["a", "a", "b", "b", "c", "c"], "measure_id": ["a:1", "a:2", "b:1", "b:2", "c:1", "c:2"], "heading": [""] * 6,
})  # fmt: skip


def links_of(*rows):
    return pd.DataFrame(rows, columns=["measure_a", "measure_b", "score"])


def test_average_linkage_merges_while_the_mean_link_score_reaches_the_cut():
    # a:1, b:1 and c:1 are linked pairwise (0.8, 0.6, 0.4): mean 0.6 over the three cross-plan pairs.
    links = links_of(("a:1", "b:1", 0.8), ("a:1", "c:1", 0.6), ("b:1", "c:1", 0.4), ("a:2", "b:2", 0.5))
    assigned = build_instruments(links, MEASURES, cut=0.5)
    assert assigned[["measure_id", "instrument_id", "weighted_degree"]].values.tolist() == [
        ["a:1", "I001", 1.4], ["a:2", "I002", 0.5], ["b:1", "I001", 1.2], ["b:2", "I002", 0.5], ["c:1", "I001", 1.0], ["c:2", "I003", 0.0],
    ]  # fmt: skip
    # Above the pair's score, a:2 and b:2 stay apart; c:1 joins a:1–b:1 at mean (0.6 + 0.4) / 2 = 0.5 < 0.55.
    assigned = build_instruments(links, MEASURES, cut=0.55)
    assert assigned["instrument_id"].tolist() == ["I001", "I002", "I001", "I003", "I004", "I005"]


def test_average_linkage_does_not_chain_through_one_broad_measure():
    # b:1 is linked to both a:1 and c:1, which share nothing: a pair without a link counts 0.
    links = links_of(("a:1", "b:1", 0.5), ("b:1", "c:1", 0.45))
    assigned = build_instruments(links, MEASURES, cut=0.25)
    assert assigned["instrument_id"].tolist() == ["I001", "I002", "I001", "I003", "I004", "I005"]
    # Louvain on the same links (both mutual best) puts all three together.
    ranked = links.assign(rank_a=1.0, rank_b=1.0)
    assert build_instruments(ranked, MEASURES, method="louvain")["instrument_id"].tolist()[:5:2] == ["I001", "I001", "I001"]


def test_average_linkage_does_not_count_pairs_inside_one_plan():
    # c:1 is linked to both of a's measures; a:1 and a:2 are never compared with each other.
    links = links_of(("a:1", "c:1", 0.4), ("a:2", "c:1", 0.3))
    assigned = build_instruments(links, MEASURES, cut=0.3)
    assert assigned["instrument_id"].tolist() == ["I001", "I001", "I002", "I003", "I001", "I004"]


def test_average_linkage_does_not_depend_on_the_order_of_the_links():
    links = links_of(("a:1", "b:1", 0.5), ("b:1", "c:1", 0.5), ("a:1", "c:1", 0.5), ("a:2", "b:2", 0.3), ("b:2", "c:2", 0.3))
    first = build_instruments(links, MEASURES)
    assert build_instruments(links.iloc[::-1], MEASURES).equals(first)
    # a:2–b:2 merge at 0.3; c:2 would join them at (0 + 0.3) / 2 = 0.15, below the cut.
    assert first["instrument_id"].tolist() == ["I001", "I002", "I001", "I002", "I001", "I003"]


# Random link tables over 4 plans × 4 measures: scores from 0 to 1 in steps of 0.05.
LINK_TABLES = st.lists(
    st.tuples(st.integers(0, 15), st.integers(0, 15), st.integers(1, 20)).filter(lambda t: t[0] // 4 != t[1] // 4),
    max_size=40, unique_by=lambda t: (min(t[:2]), max(t[:2])),
)  # fmt: skip
GRID = pd.DataFrame({"doc_id": [f"d{n // 4}" for n in range(16)], "measure_id": [f"d{n // 4}:{n % 4}" for n in range(16)], "heading": ""})


@settings(max_examples=100, deadline=None)
@given(LINK_TABLES, st.sampled_from([0.1, 0.25, 0.5]))
def test_average_linkage_groups_reach_the_cut_and_no_two_linked_groups_do(rows, cut):
    links = links_of(*[(f"d{a // 4}:{a % 4}", f"d{b // 4}:{b % 4}", k / 20) for a, b, k in rows])
    assigned = build_instruments(links, GRID, cut=cut)
    assert sorted(assigned["measure_id"]) == sorted(GRID["measure_id"])
    score = {frozenset((a, b)): s for a, b, s in links.itertuples(index=False)}

    def mean(left, right):
        pairs = [(a, b) for a in left for b in right if a.split(":")[0] != b.split(":")[0]]
        return sum(score.get(frozenset(p), 0.0) for p in pairs) / len(pairs) if pairs else None

    members = assigned.groupby("instrument_id")["measure_id"].apply(list).to_dict()
    for ids in members.values():
        inside = mean(ids, ids)  # each cross-plan pair counted twice: the same mean
        assert inside is None or inside >= cut - 1e-9, ids
    for first, second in itertools.combinations(members.values(), 2):
        between = mean(first, second)
        linked = any(frozenset((a, b)) in score for a in first for b in second)
        # A mean equal to the cut up to rounding may fall either side of it, as inside groups above.
        assert not linked or between < cut + 1e-9, (first, second)


def test_build_instruments_refuses_unknown_options():
    links = links_of(("a:1", "b:1", 0.5))
    with pytest.raises(pc.PolicyCompareError, match="method='ward'; expected one of average, louvain"):
        build_instruments(links, MEASURES, method="ward")
    with pytest.raises(pc.PolicyCompareError, match=r"cut=1.5; expected a number between 0 and 1"):
        build_instruments(links, MEASURES, cut=1.5)
    with pytest.raises(pc.PolicyCompareError, match=r"cut=0.3 applies to method='average' only; method='louvain'"):
        build_instruments(links.assign(rank_a=1.0, rank_b=1.0), MEASURES, method="louvain", cut=0.3)


def test_instrument_matrix_of_three_tiny_plans(tiny):
    matrix = instrument_matrix(tiny)
    assert matrix.columns.tolist() == [*INSTRUMENT_COLUMNS, "jia", "yi", "bing"]
    # bing's second funding measure (专项经费) joins the funding instrument: jia:1.1 sets up 专项经费 too.
    assert matrix.drop(columns="label").values.tolist() == [
        ["I001", "shared", 3, 4, "jia:1.1", "加大经费投入", "供给型/资金投入", "", "jia:1.1", "yi:1.1", "bing:1.1;bing:1.2"],
        ["I002", "shared", 3, 4, "jia:1.2", "推进集团化办学", "需求型/交流合作/对口帮扶", "", "jia:1.2", "yi:1.2", "bing:1.3;bing:1.4"],
        ["I003", "unique", 1, 1, "jia:1.3", "加强教师培训", "供给型/人才培养/师资建设", "", "jia:1.3", "", ""],
        ["I004", "unique", 1, 1, "yi:1.3", "建设智慧校园", "供给型/信息/技术支持", "", "", "yi:1.3", ""],
    ]  # fmt: skip
    assert matrix.loc[0, "label"] == "生均公用经费 / 专项经费 / 设立"


def test_instrument_matrix_with_louvain_on_mutual_best_links(tiny):
    # Mutual best links only: bing:1.2 is nobody's best match, so it stays alone. Ids follow the plans sorted by id
    # (bing, jia, yi), each in its outline order, whatever the order of the corpus.
    matrix = instrument_matrix(tiny, method="louvain")
    assert matrix.drop(columns="label").values.tolist() == [
        ["I001", "shared", 3, 3, "bing:1.1", "保障生均公用经费", "供给型/资金投入", "", "jia:1.1", "yi:1.1", "bing:1.1"],
        ["I003", "shared", 3, 4, "jia:1.2", "推进集团化办学", "需求型/交流合作/对口帮扶", "", "jia:1.2", "yi:1.2", "bing:1.3;bing:1.4"],
        ["I002", "unique", 1, 1, "bing:1.2", "设立专项经费", "供给型/资金投入", "", "", "", "bing:1.2"],
        ["I004", "unique", 1, 1, "jia:1.3", "加强教师培训", "供给型/人才培养/师资建设", "", "jia:1.3", "", ""],
        ["I005", "unique", 1, 1, "yi:1.3", "建设智慧校园", "供给型/信息/技术支持", "", "", "yi:1.3", ""],
    ]  # fmt: skip


def _in_id_order(matrix):
    """The matrix with its plan columns in the sorted order of their ids: the columns follow ``docs``, the rest must not."""
    plans = [column for column in matrix.columns if column not in INSTRUMENT_COLUMNS]
    return matrix[[*INSTRUMENT_COLUMNS, *sorted(plans)]]


# Ding is Yi under another name: every link of Yi's measures has a copy of the same score, so ties are everywhere.
DING = YI.replace("乙县", "丁县")


@pytest.mark.parametrize("method", ["average", "louvain"])
@pytest.mark.parametrize("names", [("jia", "yi", "bing"), ("jia", "yi", "bing", "ding")])
def test_any_order_of_the_plans_gives_the_same_instruments(names, method):
    texts = {"jia": JIA, "yi": YI, "bing": BING, "ding": DING}
    matrices = [_in_id_order(instrument_matrix(pc.Corpus([pc.load_document_from_text(texts[n], doc_id=n) for n in order]), method=method))
                for order in itertools.permutations(names)]
    assert len(matrices) == math.factorial(len(names))
    for matrix in matrices[1:]:
        pd.testing.assert_frame_equal(matrix, matrices[0])


@pytest.mark.parametrize("method", ["average", "louvain"])
def test_the_bundled_plans_in_reverse_order_give_the_same_instruments(corpus, method):
    reverse = pc.Corpus([corpus[doc] for doc in corpus.doc_ids[::-1]])
    forward = _in_id_order(instrument_matrix(corpus, method=method))
    pd.testing.assert_frame_equal(_in_id_order(instrument_matrix(reverse, method=method)), forward)
    # Numbered with the plans in the sorted order of their ids: anning's guiding ideology, its goals, its first measure.
    assert forward.set_index("instrument_id").loc[["I001", "I002", "I003"], "anning"].str.split(";").str[0].tolist() == [
        "anning:1", "anning:2.1", "anning:3.1.1"]


@pytest.mark.parametrize("method", ["average", "louvain"])
def test_build_instruments_breaks_ties_by_the_plans_ids_whatever_their_order(method):
    # a:1 is linked as strongly to b:1 as to c:1, which share nothing: average linkage takes one pair, and c:1 then meets
    # it at (0.5 + 0) / 2, below the cut. The pair taken is the one of the plan first by id, in every order of the plans.
    links = pd.DataFrame({"measure_a": ["a:1", "a:1", "a:2"], "measure_b": ["b:1", "c:1", "b:2"], "score": [0.5, 0.5, 0.7],
                          "rank_a": 1.0, "rank_b": 1.0})
    results = []
    for order in itertools.permutations("abc"):
        measures = pd.concat([MEASURES[MEASURES["doc_id"] == doc] for doc in order], ignore_index=True)
        # The links in the plans' order too, each with the measure of the earlier plan first.
        swap = [order.index(a[0]) > order.index(b[0]) for a, b in zip(links["measure_a"], links["measure_b"])]
        flipped = links.assign(measure_a=links["measure_a"].where(~pd.Series(swap), links["measure_b"]),
                               measure_b=links["measure_b"].where(~pd.Series(swap), links["measure_a"]))
        assigned = build_instruments(flipped.iloc[::-1] if order[0] != "a" else flipped, measures, method=method)
        # Rows in the order of the measures given.
        assert assigned["measure_id"].tolist() == measures["measure_id"].tolist()
        results.append(assigned.sort_values("measure_id", ignore_index=True))
    for result in results[1:]:
        pd.testing.assert_frame_equal(result, results[0])
    if method == "average":
        assert dict(zip(results[0]["measure_id"], results[0]["instrument_id"])) == {
            "a:1": "I001", "a:2": "I002", "b:1": "I001", "b:2": "I002", "c:1": "I003", "c:2": "I004"}


def test_instrument_matrix_docs_limits_the_plans_and_the_status(tiny):
    matrix = instrument_matrix(tiny, docs=["jia", "yi"])
    assert matrix.columns.tolist()[-2:] == ["jia", "yi"]
    assert matrix[["status", "jia", "yi"]].values.tolist() == [
        ["shared", "jia:1.1", "yi:1.1"], ["shared", "jia:1.2", "yi:1.2"], ["unique", "jia:1.3", ""], ["unique", "", "yi:1.3"],
    ]  # fmt: skip


class Backwards(set):
    """A set that iterates in reverse sorted order: an order a set of ids may have in some process (PYTHONHASHSEED)."""

    def __iter__(self):
        return iter(sorted(super().__iter__(), reverse=True))


def test_a_set_of_plans_gives_the_columns_in_corpus_order_a_list_in_its_own(tiny):
    matrix = instrument_matrix(tiny, docs=Backwards({"jia", "yi", "bing"}))
    pd.testing.assert_frame_equal(matrix, instrument_matrix(tiny))
    assert instrument_matrix(tiny, docs=["bing", "jia"]).columns.tolist()[-2:] == ["bing", "jia"]


def test_the_audits_set_of_regional_plans_gives_the_columns_in_corpus_order(corpus):
    matrix = instrument_matrix(corpus, docs={"huaxi", "anning", "qixing"})
    assert matrix.columns.tolist()[len(INSTRUMENT_COLUMNS):] == ["huaxi", "anning", "qixing"]


@pytest.mark.parametrize("n_jobs", [0, "2", -2, True])
def test_a_bad_n_jobs_is_refused_even_when_nothing_is_computed(tiny, n_jobs):
    from policycompare.alignment import align_with_vectors

    links, vectors = align_with_vectors(tiny)
    for given in ({}, {"alignment": links, "vectors": vectors}):
        with pytest.raises(pc.PolicyCompareError, match=rf"^n_jobs must be a positive integer or -1; got {re.escape(repr(n_jobs))}$"):
            instrument_matrix(tiny, n_jobs=n_jobs, **given)


def test_instrument_matrix_refuses_no_plans_one_id_as_a_string_and_ids_that_are_its_columns(tiny):
    with pytest.raises(pc.PolicyCompareError, match="^there are no plans to align$"):
        instrument_matrix(tiny, docs=[])
    with pytest.raises(pc.PolicyCompareError, match="^there are no plans to align$"):
        instrument_matrix(tiny.subset([]))
    with pytest.raises(TypeError, match=r"^docs must be a list of document ids such as \['huaxi', 'yinchuan'\], not 'jia'$"):
        instrument_matrix(tiny, docs="jia")
    named = pc.Corpus([pc.load_document_from_text(JIA, doc_id="label"), pc.load_document_from_text(YI, doc_id="yi")])
    with pytest.raises(pc.PolicyCompareError, match=r"^document id 'label' is also a column of the instrument matrix \(instrument_id, label, "):
        instrument_matrix(named)


def test_instrument_measures_lists_the_evidence_of_the_matrix_one_measure_a_row(tiny):
    matrix = instrument_matrix(tiny)
    members = pc.instrument_measures(matrix)
    assert members.columns.tolist() == ["instrument_id", "status", "doc_id", "measure_id"]
    assert len(members) == matrix["n_measures"].sum()
    assert members[members["instrument_id"] == matrix.loc[0, "instrument_id"]]["measure_id"].tolist() == [
        cell for doc in ("jia", "yi", "bing") for cell in matrix.loc[0, doc].split(";") if cell]
    # Each measure's plan is the column it came from.
    assert (members["measure_id"].str.split(":").str[0] == members["doc_id"]).all()


def test_instrument_measures_names_the_column_the_matrix_lacks(tiny):
    # The message names the missing column, as the package's other tables do.
    matrix = instrument_matrix(tiny)
    with pytest.raises(ValueError, match=r"^matrix lacks the column 'status'; expected a table from instrument_matrix with columns instrument_id, status$"):
        pc.instrument_measures(matrix.drop(columns="status"))
    with pytest.raises(ValueError, match=r"^matrix lacks the column 'instrument_id'; expected a table from instrument_matrix"):
        pc.instrument_measures(pd.DataFrame({"a": [1]}))
    with pytest.raises(TypeError, match=r"^matrix must be a DataFrame from instrument_matrix, not str$"):
        pc.instrument_measures("instruments.csv")


def test_instrument_measures_of_no_rows_has_the_types_of_some(tiny):
    matrix = instrument_matrix(tiny)
    members = pc.instrument_measures(matrix)
    none = pc.instrument_measures(matrix[matrix["n_regions"] > 3])
    assert none.columns.tolist() == members.columns.tolist() and len(none) == 0
    assert none.dtypes.tolist() == members.dtypes.tolist()


def test_instrument_matrix_records_its_plan_columns_and_instrument_measures_passes_over_columns_added(tiny):
    # A column of the user's own (a translation, a flag) is no plan: it gives no rows and no warning.
    matrix = instrument_matrix(tiny, docs=["yi", "jia", "bing"])
    assert matrix.attrs["docs"] == ["yi", "jia", "bing"]
    members = pc.instrument_measures(matrix)
    noted = matrix.assign(note_en="teacher supply", checked=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pd.testing.assert_frame_equal(pc.instrument_measures(noted), members)
        # Filtering and sorting keep the record.
        shared = noted[noted["status"] == "shared"].sort_values("instrument_id", ascending=False)
        assert pc.instrument_measures(shared).values.tolist() == [
            ["I002", "shared", "yi", "yi:1.2"], ["I002", "shared", "jia", "jia:1.2"], ["I002", "shared", "bing", "bing:1.3"], ["I002", "shared", "bing", "bing:1.4"],
            ["I001", "shared", "yi", "yi:1.1"], ["I001", "shared", "jia", "jia:1.1"], ["I001", "shared", "bing", "bing:1.1"], ["I001", "shared", "bing", "bing:1.2"],
        ]  # fmt: skip


def test_instrument_measures_of_a_matrix_without_its_record_takes_the_columns_of_measure_ids_for_plans(tiny, tmp_path):
    matrix = instrument_matrix(tiny)
    members = pc.instrument_measures(matrix)
    matrix.assign(note_en="teacher supply", note="").to_csv(tmp_path / "instruments.csv", index=False)
    read = pd.read_csv(tmp_path / "instruments.csv")
    assert read.attrs == {}
    with pytest.warns(pc.PolicyCompareWarning, match=r"^matrix column 'note_en' is left out as not a plan's: it holds 'teacher supply', not measure ids "
                                                     r"of a plan 'note_en' \(note_en:…\); a plan's column is named by its doc id$") as shown:
        pd.testing.assert_frame_equal(pc.instrument_measures(read), members)
    assert [w.filename for w in shown] == [__file__]
    # Renamed, a plan's column is not its plan's: named in a warning, with the record or without it.
    for renamed in (matrix.rename(columns={"bing": "丙市"}), read.drop(columns="note_en").rename(columns={"bing": "丙市"})):
        with pytest.warns(pc.PolicyCompareWarning, match=r"^matrix column '丙市' is left out as not a plan's: it holds 'bing:1.1;bing:1.2', not measure ids "):
            assert pc.instrument_measures(renamed)["doc_id"].unique().tolist() == ["jia", "yi"]


def test_instrument_measures_refuses_a_plan_column_of_the_record_that_holds_no_measure_ids(tiny):
    matrix = instrument_matrix(tiny)
    with pytest.raises(pc.PolicyCompareError, match=r"^matrix column 'yi' is a plan's \(attrs\['docs'\]\) but holds True, not its measure ids \(yi:…\); "):
        pc.instrument_measures(matrix.assign(yi=matrix["yi"] != ""))
    with pytest.raises(pc.PolicyCompareError, match=r"^matrix column 'jia' is a plan's \(attrs\['docs'\]\) but holds 'yi:1.1', not its measure ids"):
        pc.instrument_measures(matrix.assign(jia=matrix["yi"]))


def test_instrument_measures_of_a_matrix_read_back_or_cut_follow_its_rows(tiny, tmp_path):
    matrix = instrument_matrix(tiny)
    members = pc.instrument_measures(matrix)
    # Read back from its CSV, the empty cells are missing values.
    matrix.to_csv(tmp_path / "instruments.csv", index=False)
    read = pd.read_csv(tmp_path / "instruments.csv")
    assert read["bing"].isna().sum() == 2
    pd.testing.assert_frame_equal(pc.instrument_measures(read), members)
    # Rows in the matrix's order, whatever its index.
    backwards = pc.instrument_measures(matrix.iloc[::-1])
    assert backwards["instrument_id"].unique().tolist() == ["I004", "I003", "I002", "I001"]
    assert backwards[backwards["instrument_id"] == "I001"]["measure_id"].tolist() == ["jia:1.1", "yi:1.1", "bing:1.1", "bing:1.2"]


def test_instrument_matrix_refuses_a_coding_without_rothwell_zegveld_and_warns_of_one_that_lacks_measures(tiny):
    # A McDonnell–Elmore coding has no category to give, and one plan's coding none for the other plans' measures.
    measures = pc.extract_measures(tiny)
    with pytest.raises(pc.PolicyCompareError, match=r"^coding has no row of the scheme 'rothwell_zegveld' \(its schemes: mcdonnell_elmore\), whose subtypes "
                                                    r"are the instruments' category; code with scheme='rothwell_zegveld' or 'both' \(code_instruments\)$"):
        instrument_matrix(tiny, coding=pc.code_instruments(measures, scheme="mcdonnell_elmore"))
    with pytest.raises(ValueError, match=r"^coding lacks the column 'primary'; expected a table from code_instruments"):
        instrument_matrix(tiny, coding=pc.code_instruments(measures).drop(columns="primary"))
    with pytest.warns(pc.PolicyCompareWarning, match=r"^coding has no Rothwell–Zegveld row of 7 of the 10 measures of the plans \(e\.g\. 'yi:1\.1'\): their "
                                                     r"instruments' category comes from the coded ones, or is ''; code the measures of these plans") as shown:
        matrix = instrument_matrix(tiny, coding=pc.code_instruments(measures[measures["doc_id"] == "jia"]))
    assert [w.filename for w in shown] == [__file__]
    assert matrix["category"].tolist() == ["供给型/资金投入", "需求型/交流合作/对口帮扶", "供给型/人才培养/师资建设", ""]
    # A coding of every measure, and of more plans than these, is taken as it is.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        both = pc.code_instruments(pc.extract_measures(pc.Corpus([*tiny, pc.load_document_from_text(JIA, doc_id="ding")])))
        pd.testing.assert_frame_equal(instrument_matrix(tiny, coding=both), instrument_matrix(tiny))


def test_versions_of_one_plan_count_once_in_the_status(tiny):
    # jia2 is jia again with one word changed: two versions of one plan. The tiny plans share
    # near-verbatim measures among themselves too (bing:1.3 and yi:1.2), so the share asked is high.
    corpus = pc.Corpus([*tiny, pc.load_document_from_text(JIA.replace("每年", "每学年"), doc_id="jia2")])
    matrix = instrument_matrix(corpus, version_overlap=0.9)
    assert matrix[["status", "n_regions", "jia", "yi", "bing", "jia2"]].values.tolist() == [
        ["shared", 3, "jia:1.1", "yi:1.1", "bing:1.1;bing:1.2", "jia2:1.1"],
        ["shared", 3, "jia:1.2", "yi:1.2", "bing:1.3;bing:1.4", "jia2:1.2"],
        ["unique", 1, "jia:1.3", "", "", "jia2:1.3"],
        ["unique", 1, "", "yi:1.3", "", ""],
    ]  # fmt: skip
    # Counted as documents (the default), teacher training is in two of four.
    raw = instrument_matrix(corpus)
    assert raw[["status", "n_regions"]].values.tolist() == [["shared", 4], ["shared", 4], ["partial", 2], ["unique", 1]]


def test_plans_of_two_named_places_count_twice_however_alike(tiny):
    # jia2 as before, but the manifest names another place than jia's: two regions' plans from one template.
    jia = pc.load_document_from_text(JIA, doc_id="jia", metadata={"place": "甲县，乙市"})
    jia2 = pc.load_document_from_text(JIA.replace("每年", "每学年"), doc_id="jia2", metadata={"place": "丙县"})
    matrix = instrument_matrix(pc.Corpus([jia, tiny["yi"], tiny["bing"], jia2]), version_overlap=0.9)
    assert matrix[["status", "n_regions"]].values.tolist() == [["shared", 4], ["shared", 4], ["partial", 2], ["unique", 1]]


def test_a_compilation_of_two_plans_does_not_make_them_versions_of_one_plan():
    from policycompare.alignment import _plans_of

    # c holds a's two measures and b's two, near-verbatim: a version of a and a version of b, while a and b share nothing.
    measures = pd.DataFrame({"doc_id": list("aabbcccc"), "measure_id": ["a:1", "a:2", "b:1", "b:2", "c:1", "c:2", "c:3", "c:4"]})
    links = pd.DataFrame({"doc_a": list("aabb"), "measure_a": ["a:1", "a:2", "b:1", "b:2"], "doc_b": list("cccc"),
                          "measure_b": ["c:1", "c:2", "c:3", "c:4"], "cos_char": 0.97})
    plan_of, groups = _plans_of(links, measures, ["a", "b", "c"], 0.5)
    assert plan_of == {"a": "a", "b": "b", "c": "a"} and groups == [("a", "c")]
    # A third version of a joins a and c, since it is a version of both.
    measures = pd.concat([measures, pd.DataFrame({"doc_id": ["d", "d"], "measure_id": ["d:1", "d:2"]})], ignore_index=True)
    links = pd.concat([links, pd.DataFrame({"doc_a": ["a", "a", "c", "c"], "measure_a": ["a:1", "a:2", "c:1", "c:2"], "doc_b": list("dddd"),
                                            "measure_b": ["d:1", "d:2", "d:1", "d:2"], "cos_char": 0.97})], ignore_index=True)
    plan_of, groups = _plans_of(links, measures, ["a", "b", "c", "d"], 0.5)
    assert groups == [("a", "c", "d")] and plan_of["b"] == "b"


@pytest.mark.parametrize("order", [["A", "B", "C"], ["C", "B", "A"], ["B", "C", "A"]])
def test_versions_of_equal_share_are_joined_in_the_order_of_the_ids_whatever_the_order_of_the_plans(order):
    from policycompare.alignment import _plans_of

    # B is a version of A and of C at one share (1 of 2 measures), A and C are not: A~B is joined, B~C refused,
    # and the plan is named A, in any order of the plans (it went with whichever pair came first in the corpus).
    measures = pd.DataFrame({"doc_id": list("AABBCC"), "measure_id": ["A:1", "A:2", "B:1", "B:2", "C:1", "C:2"]})
    links = pd.DataFrame({"doc_a": ["A", "B"], "measure_a": ["A:1", "B:2"], "doc_b": ["B", "C"], "measure_b": ["B:1", "C:1"], "cos_char": 0.99})
    plan_of, groups = _plans_of(links, measures, order, 0.5)
    assert plan_of == {"A": "A", "B": "A", "C": "C"}
    assert [tuple(sorted(group)) for group in groups] == [("A", "B")]


def test_versions_need_the_character_cosines_of_the_alignment(tiny):
    links = pc.align_measures(tiny)
    with pytest.raises(pc.PolicyCompareError, match="alignment has no cos_char column to find versions of one plan by; give the table of align_measures, or version_overlap=None"):
        instrument_matrix(tiny, alignment=links.drop(columns="cos_char"), version_overlap=0.5)
    assert len(instrument_matrix(tiny, alignment=links.drop(columns="cos_char"))) == 4
    with pytest.raises(pc.PolicyCompareError, match=r"version_overlap=1.5; expected a number between 0 and 1"):
        instrument_matrix(tiny, version_overlap=1.5)


def test_instrument_matrix_refuses_what_is_not_a_corpus(tiny):
    with pytest.raises(TypeError, match="data must be a Corpus, not Document"):
        instrument_matrix(tiny["jia"])


# ------------------------------------------------------------------ the four regional plans


@pytest.fixture(scope="module")
def matrix(corpus):
    return instrument_matrix(corpus, docs=REGIONS)


@pytest.fixture(scope="module")
def leaves(corpus):
    m = pc.extract_measures(corpus.subset(REGIONS))
    return m[m["is_leaf"] & (m["kind"] != "front_matter")].set_index("measure_id")


def evidence(row, doc):
    return [m for m in row[doc].split(";") if m]


def test_columns_are_the_documented_ones(matrix):
    assert matrix.columns.tolist() == INSTRUMENT_COLUMNS + REGIONS
    assert matrix["instrument_id"].is_unique
    assert matrix["instrument_id"].str.fullmatch(r"I\d{3}").all()


def test_every_evidence_id_is_a_leaf_measure_of_its_column(matrix, leaves):
    for _, row in matrix.iterrows():
        for doc in REGIONS:
            for measure in evidence(row, doc):
                assert measure in leaves.index, measure
                assert leaves.at[measure, "doc_id"] == doc


def test_every_leaf_measure_is_in_exactly_one_instrument(matrix, leaves):
    ids = [m for _, row in matrix.iterrows() for doc in REGIONS for m in evidence(row, doc)]
    assert len(ids) == len(set(ids)) == len(leaves) == 103


def test_status_follows_the_number_of_regions_with_evidence(matrix):
    for _, row in matrix.iterrows():
        present = sum(bool(evidence(row, doc)) for doc in REGIONS)
        assert row["n_regions"] == present
        assert row["status"] == {4: "shared", 3: "partial", 2: "partial", 1: "unique"}[present]
        assert row["n_measures"] == sum(len(evidence(row, doc)) for doc in REGIONS)
    assert set(matrix["status"]) == {"shared", "partial", "unique"}


def test_representative_is_one_of_the_instruments_measures(matrix, leaves):
    for _, row in matrix.iterrows():
        members = [m for doc in REGIONS for m in evidence(row, doc)]
        assert row["representative"] in members
        assert row["heading"] == leaves.at[row["representative"], "heading"]
        assert row["label"]


def test_category_is_a_rothwell_zegveld_subtype(corpus, matrix):
    typology = pc.load_typology()
    allowed = set(typology.loc[typology["scheme"] == "rothwell_zegveld", ["type", "subtype"]].agg("/".join, axis=1))
    assert set(matrix["category"]) - {""} <= allowed
    # Empty only where no measure of the instrument has a primary Rothwell–Zegveld subtype.
    coding = pc.code_instruments(pc.extract_measures(corpus), scheme="rothwell_zegveld")
    coded = set(coding.loc[coding["primary"].astype(bool) & (coding["type"] != "未编码"), "measure_id"])
    for _, row in matrix.iterrows():
        members = {m for doc in REGIONS for m in evidence(row, doc)}
        assert (row["category"] != "") == bool(members & coded), row["instrument_id"]


def test_rows_are_sorted_by_number_of_regions_then_id(matrix):
    expected = matrix.sort_values(["n_regions", "instrument_id"], ascending=[False, True])
    assert matrix["instrument_id"].tolist() == expected["instrument_id"].tolist()


def test_goals_funding_and_supervision_are_shared_by_all_four(matrix):
    by_measure = {m: row["instrument_id"] for _, row in matrix.iterrows() for doc in REGIONS for m in evidence(row, doc)}
    rows = matrix.set_index("instrument_id")
    for members in (["huaxi:2", "yinchuan:1.2", "qixing:2"], ["huaxi:5.3", "yinchuan:2.10", "anning:4.2", "qixing:4.2"], ["huaxi:5.4", "anning:4.3", "qixing:4.3"]):
        assert len({by_measure[m] for m in members}) == 1, members
        assert rows.at[by_measure[members[0]], "status"] == "shared"



def test_frame_sections_are_one_instrument_per_role(corpus, matrix):
    rows = matrix.set_index("instrument_id")

    def row_of(measure):
        return next(r for _, r in matrix.iterrows() if measure in evidence(r, measure.split(":")[0]))

    members = lambda row: [m for doc in REGIONS for m in evidence(row, doc)]  # noqa: E731
    assert members(row_of("huaxi:1")) == ["huaxi:1", "yinchuan:1.1", "anning:1", "qixing:1"]
    assert members(row_of("huaxi:2")) == ["huaxi:2", "yinchuan:1.2", "yinchuan:A.1", "anning:2.1", "anning:2.2", "anning:2.3", "qixing:2"]
    schedule = row_of("huaxi:4.1")
    assert members(schedule) == ["huaxi:4.1", "huaxi:4.2", "huaxi:4.3", "yinchuan:A.3.1", "yinchuan:A.3.2", "yinchuan:A.3.3"]
    assert rows.at[row_of("huaxi:1")["instrument_id"], "status"] == "shared" and schedule["status"] == "partial"
    assert matrix.set_index("frame").loc[["ideology", "goals", "schedule"], "instrument_id"].tolist() == [
        row_of("huaxi:1")["instrument_id"], row_of("huaxi:2")["instrument_id"], schedule["instrument_id"]]
    assert (matrix["frame"] != "").sum() == 3
    # Grouped by their links instead, the phases of the two schedules fall apart: Huaxi's launch phase joins
    # Anning's first yearly goal, and Yinchuan's stands alone.
    by_links = instrument_matrix(corpus, docs=REGIONS, frames="links")
    by_measure = {m: row["instrument_id"] for _, row in by_links.iterrows() for doc in REGIONS for m in evidence(row, doc)}
    assert by_measure["huaxi:4.1"] == by_measure["anning:2.1"] != by_measure["huaxi:4.2"] != by_measure["yinchuan:A.3.1"]
    assert by_links.set_index("instrument_id").at[by_measure["yinchuan:A.3.1"], "status"] == "unique"
    assert len(by_links) == 32 and len(matrix) == 29


def test_frames_must_be_role_or_links(corpus):
    with pytest.raises(pc.PolicyCompareError, match="frames='sections'; expected one of 'role', 'links'"):
        instrument_matrix(corpus, docs=REGIONS, frames="sections")


def _first_sentence(text, heading):
    """The first sentence after the one, or the line, that holds the heading (the text's first if the heading is not in it)."""
    found = re.search(r"\s*".join(map(re.escape, heading)), text) if heading else None
    rest = re.split(r"[。！？!?\n]", text[found.end():], maxsplit=1)[-1] if found else text
    return next((s for s in re.split(r"(?<=[。！？!?])|\n", rest) if s.strip()), "")


def test_the_preschool_instrument_of_all_fourteen_plans_is_preschool_only(corpus):
    # Louvain on mutual best links chained preschool supply with the senior-high plans' measures on planning and coordination
    # (huaxi:3.2.2, yinchuan:3.2) and with the support and supply measures of others (collection-04:5.3, collection-06:2).
    # A measure on all school levels may join when it opens on kindergartens: anning:3.3.13, 深化课程教学改革, starts with
    # their 保教质量, and the hand alignment links it to Qixing's kindergarten quality (qixing:3.6.2).
    measures = pc.extract_measures(corpus).set_index("measure_id")

    def on_preschool(measure):
        heading = measures.at[measure, "heading"]
        return any(re.search("学前|幼儿园", part) for part in (heading, _first_sentence(measures.at[measure, "text"], heading)))

    assert not any(on_preschool(m) for m in ("huaxi:3.2.2", "yinchuan:3.2", "collection-04:5.3", "collection-06:2"))
    matrix = instrument_matrix(corpus)
    row = next(r for _, r in matrix.iterrows() if "qixing:3.6.1" in evidence(r, "qixing"))
    members = [m for doc in corpus.doc_ids for m in evidence(row, doc)]
    assert len(members) >= 5
    assert all(on_preschool(m) for m in members), members


def test_instrument_matrix_is_deterministic(corpus, matrix):
    pd.testing.assert_frame_equal(instrument_matrix(corpus, docs=REGIONS), matrix)


def test_a_precomputed_alignment_gives_the_same_matrix(corpus, matrix):
    links = pc.align_measures(corpus, docs=REGIONS)
    pd.testing.assert_frame_equal(instrument_matrix(corpus, docs=REGIONS, alignment=links), matrix)


def test_an_alignment_of_other_plans_is_warned_of_and_one_naming_unknown_measures_refused(corpus):
    others = pc.align_measures(corpus, docs=["huaxi", "collection-01"])
    with pytest.warns(pc.PolicyCompareWarning, match=r"^alignment has no link of 'huaxi' \(4 of 4 plans without one\): their measures are instruments of "
                                                     r"their own; if the alignment is of other plans, align these \(align_measures\)$"):
        instrument_matrix(corpus, docs=REGIONS, alignment=others)
    links = pc.align_measures(corpus, docs=REGIONS)
    links.loc[links.index[0], "measure_a"] = "huaxi:9.9"
    with pytest.raises(pc.PolicyCompareError, match=r"^alignment names measures the plans do not have: huaxi:9\.9; "):
        instrument_matrix(corpus, docs=REGIONS, alignment=links)
    with pytest.raises(ValueError, match=r"^alignment lacks the column 'doc_a'; expected a table from align_measures"):
        instrument_matrix(corpus, docs=REGIONS, alignment=links.drop(columns="doc_a"))


def test_the_alignments_own_vectors_give_the_same_matrix_without_building_them_again(corpus, matrix, monkeypatch):
    from policycompare import alignment, instruments

    links, vectors = alignment.align_with_vectors(corpus, docs=REGIONS)
    built = []
    monkeypatch.setattr(instruments, "build_measure_vectors", lambda *a, **k: built.append(1))
    pd.testing.assert_frame_equal(instrument_matrix(corpus, docs=REGIONS, alignment=links, vectors=vectors), matrix)
    assert built == []


@pytest.mark.parametrize("method", ["average", "louvain"])
def test_frame_sections_are_grouped_by_role_and_their_links_group_nothing(method):
    measures = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "c"], "measure_id": ["a:1", "a:2", "b:1", "b:2", "c:1"], "heading": [""] * 5,
        "frame": ["goals", "", "goals", "", "schedule"],
    })  # fmt: skip
    # a:1 (goals) is linked most strongly to b:2, a measure; c:1 is a schedule no other plan has.
    links = pd.DataFrame({"measure_a": ["a:1", "a:2", "b:2"], "measure_b": ["b:2", "b:2", "c:1"], "score": [0.9, 0.5, 0.8], "rank_a": 1, "rank_b": 1})
    assigned = build_instruments(links, measures, method=method)
    assert assigned["instrument_id"].tolist() == ["I001", "I002", "I001", "I002", "I003"]
    # a goals link inside the role counts towards the representative's weighted degree; the frame's other links do not
    assert assigned["weighted_degree"].tolist() == [0.0, 0.5, 0.0, 0.5, 0.0]
    without = build_instruments(links, measures.drop(columns="frame"), method="average", cut=0.25)
    # without roles the goals link chains a:1, b:2, c:1 and a:2 into one group (means 0.9, 0.4, 0.25)
    assert without["instrument_id"].tolist() == ["I001", "I001", "I002", "I001", "I001"]


def test_vectors_without_frame_roles_give_the_same_matrix(corpus, matrix):
    # Vectors built from a measures table without the outline carry no roles; the matrix takes them from the corpus.
    import dataclasses

    from policycompare import alignment

    links, vectors = alignment.align_with_vectors(corpus, docs=REGIONS)
    assert "frame" in vectors.measures.columns
    bare = dataclasses.replace(vectors, measures=vectors.measures.drop(columns="frame"))
    pd.testing.assert_frame_equal(instrument_matrix(corpus, docs=REGIONS, alignment=links, vectors=bare), matrix)


# ------------------------------------------------------------------ labels, categories, representatives


def test_labels_are_the_three_heaviest_words_with_headings_at_half_weight_ties_by_vocabulary():
    from types import SimpleNamespace

    import numpy as np
    from scipy import sparse

    from policycompare.instruments import _labels

    vectors = SimpleNamespace(
        measures=pd.DataFrame({"measure_id": ["a:1", "a:2", "b:1", "b:2", "b:3"]}),
        vocabulary=np.array(["经费", "集团", "教师", "培训"], dtype=object),
        words=sparse.csr_matrix([[0.5, 0, 0, 0], [0, 0.4, 0, 0.1], [0.25, 0, 0, 0], [0, 0, 0.3, 0.3], [0.1, 0.2, 0.3, 0.4]]),
        headings=sparse.csr_matrix([[0, 0, 0, 0], [0, 0, 0, 0.4], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]),
    )
    assigned = pd.DataFrame({"measure_id": ["a:1", "a:2", "b:1", "b:2", "b:3", "c:1"], "instrument_id": ["I001", "I002", "I001", "I003", "I004", "I005"]})
    assert _labels(assigned, vectors) == {
        "I001": "经费",  # one word with any weight: one word
        "I002": "集团 / 培训",  # 培训: 0.1 in the text, 0.4 in the heading
        "I003": "教师 / 培训",  # equal weights: vocabulary order
        "I004": "培训 / 教师 / 集团",
        "I005": "",  # c:1 has no vectors
    }
    assert _labels(assigned, None) == {}
    assert _labels(assigned.iloc[:0], vectors) == {}  # a draft that lacks no instrument


def test_category_is_the_commonest_primary_subtype_of_the_measures_ties_by_name():
    from policycompare.instruments import _categories
    from policycompare.typology import UNCODED

    assigned = pd.DataFrame({"measure_id": ["m1", "m2", "m3", "m4", "m5", "m6"], "instrument_id": ["I001", "I001", "I001", "I002", "I002", "I003"]})
    coding = pd.DataFrame([
        ("m1", "rothwell_zegveld", True, "供给型", "资金投入"),
        ("m2", "rothwell_zegveld", True, "环境型", "法规管制"),
        ("m3", "rothwell_zegveld", True, "环境型", "法规管制"),
        ("m4", "rothwell_zegveld", True, "环境型", "法规管制"),
        ("m4", "rothwell_zegveld", False, "需求型", "政府采购"),
        ("m5", "rothwell_zegveld", True, "供给型", "资金投入"),
        ("m5", "mcdonnell_elmore", True, "激励", "奖励"),
        ("m6", "rothwell_zegveld", True, UNCODED, ""),
    ], columns=["measure_id", "scheme", "primary", "type", "subtype"])  # fmt: skip
    # I002 has one measure of each: 供 sorts before 环. I003's only measure is not coded.
    assert _categories(assigned, None, coding) == {"I001": "环境型/法规管制", "I002": "供给型/资金投入"}
    assert _categories(assigned.iloc[:0], None, coding) == {}


def test_instrument_summary_takes_the_first_of_the_best_linked_measures_and_counts_plans():
    from policycompare.instruments import _summarise

    assigned = pd.DataFrame({
        "doc_id": ["a", "b", "c", "a", "b"], "measure_id": ["a:1", "b:1", "c:1", "a:2", "b:2"], "heading": ["甲", "乙", "丙", "丁", "戊"],
        "instrument_id": ["I002", "I002", "I002", "I001", "I001"], "weighted_degree": [0.5, 0.9, 0.9, 0.0, 0.0],
    })  # fmt: skip
    summary = _summarise(assigned, {"a": "a", "b": "a", "c": "c"}, {"a:1": "goals", "b:1": "goals", "c:1": "goals", "a:2": "goals"})
    assert summary.values.tolist() == [
        ["I001", 1, 2, "a:2", "丁", ""],  # b and a are versions of one plan; b:2 has no role
        ["I002", 2, 3, "b:1", "乙", "goals"],
    ]


def test_build_instruments_names_what_its_tables_must_be():
    measures = pd.DataFrame({"doc_id": ["a"], "measure_id": ["a:1"], "heading": [""]})
    with pytest.raises(TypeError, match="^alignment must be a DataFrame from align_measures, not str$"):
        pc.build_instruments("links", measures)
    with pytest.raises(ValueError, match="^measures lacks the column 'heading'; expected a table from extract_measures"):
        pc.build_instruments(pd.DataFrame(columns=["measure_a", "measure_b", "score"]), measures.drop(columns="heading"))
