"""Measure alignment: exact links on tiny plans, the twin plans, the hand alignment and chunked candidates."""

import functools
import itertools
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycompare as pc
import policycompare.alignment as alignment
import policycompare.workers as workers
from policycompare.alignment import (
    ALIGNMENT_COLUMNS,
    _candidate_pairs,
    _measures_of,
    _prune,
    _rowwise_dot,
    align_measures,
    align_measures_baseline,
    align_with_vectors,
    build_measure_vectors,
    load_alignment_model,
    score_candidates,
)
from policycompare.workers import map_threads

REGIONS = ["huaxi", "yinchuan", "anning", "qixing"]
GOLD = pd.read_csv(__file__.rsplit("/", 1)[0] + "/data/gold_alignment.csv")

# Three tiny plans. Funding (1.1) and group schooling (1.2) recur across plans;
# teacher training (jia:1.3) and smart campuses (yi:1.3) share no word with
# anything else. Bing splits funding in two and states group schooling twice,
# word for word, so that top_k and one_to_one have something to cut.
JIA = """甲区教育提升方案

一、主要措施

（一）加大经费投入。区财政每年安排专项经费，保障生均公用经费足额拨付。

（二）推进集团化办学。组建教育集团，由优质学校托管帮扶薄弱学校。

（三）加强教师培训。实施骨干教师培养计划，组织教师参加专业培训。
"""
YI = """乙县教育发展方案

一、重点任务

（一）完善经费保障机制。县财政足额拨付生均公用经费，设立专项经费。

（二）实施托管帮扶。优质学校托管帮扶薄弱学校，组建教育集团。

（三）建设智慧校园。建设智慧教室，推进信息技术与教学融合。
"""
BING = """丙市教育行动方案

一、工作措施

（一）保障生均公用经费。足额拨付生均公用经费。

（二）设立专项经费。财政每年安排专项经费。

（三）组建教育集团。组建教育集团，优质学校托管帮扶薄弱学校。

（四）组建教育集团。组建教育集团，优质学校托管帮扶薄弱学校。
"""


def tiny_corpus(*names):
    texts = {"jia": JIA, "yi": YI, "bing": BING}
    return pc.Corpus([pc.load_document_from_text(texts[n], doc_id=n) for n in names])


def pairs(links):
    return list(zip(links["measure_a"], links["measure_b"]))


@pytest.fixture(scope="module")
def two_plans():
    return tiny_corpus("jia", "yi")


@pytest.fixture(scope="module")
def three_plans():
    return tiny_corpus("jia", "yi", "bing")


# ------------------------------------------------------------------ tiny plans


def test_frame_sections_are_compared_with_frame_sections_only():
    # jia's goals name the funding that yi's measure provides; yi's goals share nothing with them.
    jia = "甲区方案\n\n一、工作目标\n\n到2025年，区财政足额拨付生均公用经费，设立专项经费。\n\n二、主要措施\n\n（一）组建教育集团。优质学校托管帮扶薄弱学校。\n"
    yi = "乙县方案\n\n一、发展目标\n\n到2026年，全县高中阶段毛入学率达到95%以上。\n\n二、重点任务\n\n（一）完善经费保障机制。县财政足额拨付生均公用经费，设立专项经费。\n"
    corpus = pc.Corpus([pc.load_document_from_text(jia, doc_id="jia"), pc.load_document_from_text(yi, doc_id="yi")])
    scored = pc.alignment.align_with_vectors(corpus, threshold=0.0)[0]
    assert ("jia:1", "yi:2.1") not in pairs(scored)
    from policycompare.alignment import _measures_of, build_measure_vectors, score_candidates

    # The leaves alone cannot tell their roles (a role passes from a section to its items); their corpus's outline can.
    leaves = _measures_of(corpus, None).drop(columns="frame")
    ids = leaves["measure_id"].to_numpy()
    vectors = build_measure_vectors(leaves, corpus=corpus)
    assert vectors.measures["frame"].tolist() == ["goals", "", "goals", ""]
    # So can a table of the documented columns alone.
    documented = leaves[["doc_id", "measure_id", "heading", "text"]]
    assert build_measure_vectors(documented, corpus=corpus).measures["frame"].tolist() == ["goals", "", "goals", ""]
    from_table = pc.alignment.align_with_vectors(leaves.drop(columns=["parent_id"]), corpus=corpus, threshold=0.0)[0]
    assert from_table[["measure_a", "measure_b", "score"]].equals(scored[["measure_a", "measure_b", "score"]])
    frame = score_candidates(vectors)
    assert ("jia:1", "yi:2.1") not in set(zip(ids[frame["i"]], ids[frame["j"]]))
    # Without the corpus, or the sections, the goals are compared as a measure, and a warning says so.
    with pytest.warns(pc.PolicyCompareWarning, match="^the measures table has neither a frame column nor its sections, so guiding ideology, goals and schedules are compared as measures") as shown:
        frame = score_candidates(build_measure_vectors(leaves, tokenizer=pc.Tokenizer()))
    assert [w.filename for w in shown] == [__file__]
    assert ("jia:1", "yi:2.1") in set(zip(ids[frame["i"]], ids[frame["j"]]))


def test_the_public_steps_score_as_align_measures_does():
    from policycompare.alignment import build_measure_vectors, score_candidates

    jia = ("甲区方案\n\n一、工作目标\n\n到2025年，区财政足额拨付生均公用经费。\n\n二、主要措施\n\n（一）组建教育集团。优质学校托管帮扶薄弱学校。\n\n"
           "三、实施步骤\n\n（一）启动阶段。制定方案，组建教育集团。\n\n（二）总结阶段。总结经验，推广教育集团。\n")
    yi = ("乙县方案\n\n一、发展目标\n\n到2026年，全县高中阶段毛入学率达到95%以上。\n\n二、重点任务\n\n（一）完善经费保障机制。县财政足额拨付生均公用经费。\n\n"
          "三、实施步骤\n\n（一）部署阶段。制定方案，推广教育集团。\n\n（二）验收阶段。总结经验，组建教育集团。\n")
    corpus = pc.Corpus([pc.load_document_from_text(jia, doc_id="jia"), pc.load_document_from_text(yi, doc_id="yi")])
    scored = pc.alignment.align_with_vectors(corpus, threshold=0.0)[0]
    expected = dict(zip(zip(scored["measure_a"], scored["measure_b"]), scored["score"]))
    measures = pc.extract_measures(corpus)
    for table in (measures[measures["is_leaf"] & (measures["kind"] != "front_matter")].reset_index(drop=True),
                  measures.loc[measures["is_leaf"] & (measures["kind"] != "front_matter"), ["doc_id", "measure_id", "parent_id", "kind", "is_leaf", "heading", "text", "segmentation"]].reset_index(drop=True)):
        vectors = build_measure_vectors(table, corpus=corpus)
        assert vectors.measures["frame"].tolist() == ["goals", "", "schedule", "schedule"] * 2
        frame = score_candidates(vectors)
        ids = table["measure_id"].to_numpy()
        found = dict(zip(zip(ids[frame["i"]], ids[frame["j"]]), frame["score"]))
        assert found.keys() >= expected.keys() and ("jia:3.1", "yi:3.2") not in found
        assert {pair: round(found[pair], 4) for pair in expected} == {pair: score for pair, score in expected.items()}


def test_two_tiny_plans_link_only_their_counterpart_measures(two_plans):
    links = align_measures(two_plans)
    assert links.columns.tolist() == ALIGNMENT_COLUMNS
    assert links[["doc_a", "measure_a", "doc_b", "measure_b"]].values.tolist() == [
        ["jia", "jia:1.1", "yi", "yi:1.1"],
        ["jia", "jia:1.2", "yi", "yi:1.2"],
    ]
    # Every shared word occurs once in each measure, so all five weigh the same and their order is not asserted.
    assert [set(t.split()) for t in links["shared_terms"]] == [{"拨付", "足额", "生均公用经费", "专项经费", "财政"}, {"托管帮扶", "薄弱学校", "优质学校", "教育集团", "组建"}]
    assert links[["heading_a", "heading_b"]].values.tolist() == [["加大经费投入", "完善经费保障机制"], ["推进集团化办学", "实施托管帮扶"]]
    assert links.loc[1, "text_a"] == "（二）推进集团化办学。组建教育集团，由优质学校托管帮扶薄弱学校。\n\n"
    assert links.loc[1, "text_b"] == "（二）实施托管帮扶。优质学校托管帮扶薄弱学校，组建教育集团。\n\n"


def test_shared_terms_put_the_heaviest_word_first(three_plans):
    links = align_measures(three_plans).set_index(["measure_a", "measure_b"])
    # bing:1.1 says 生均公用经费 twice, so it outweighs the words said once.
    terms = links.loc[("jia:1.1", "bing:1.1"), "shared_terms"].split()
    assert terms[0] == "生均公用经费" and set(terms) == {"生均公用经费", "拨付", "足额"}


def test_link_offsets_and_texts_point_into_each_document(three_plans):
    links = align_measures(three_plans)
    for side in ("a", "b"):
        for doc, start, end, text in zip(links[f"doc_{side}"], links[f"start_{side}"], links[f"end_{side}"], links[f"text_{side}"]):
            assert three_plans[doc].text[start:end] == text


def test_score_is_the_shipped_logistic_model_of_the_features(three_plans):
    model = load_alignment_model()
    links = align_measures(three_plans)
    content = np.sqrt((links["cos_word"] + links["cos_char"] + links["cos_typology"]) / 3)
    logit = (
        model["intercept"] + model["sqrt_cos_word"] * np.sqrt(links["cos_word"]) + model["sqrt_cos_char"] * np.sqrt(links["cos_char"])
        + model["cos_heading"] * links["cos_heading"] + model["cos_typology"] * links["cos_typology"]
        + model["rank_sum_x_content"] * (links["rank_a"] + links["rank_b"]) * content
    )
    # Features are rounded to 4 decimals in the table, so the recomputed score differs in the 4th.
    np.testing.assert_allclose(links["score"], 1 / (1 + np.exp(-logit)), atol=2e-3)
    assert links["score"].between(0, 1).all()
    assert links[["rank_a", "rank_b"]].isin([1.0, 0.5]).all().all()


def test_measures_sharing_no_word_are_never_linked(three_plans):
    links = align_measures(three_plans, threshold=0.0)
    linked = set(links["measure_a"]) | set(links["measure_b"])
    assert "jia:1.3" not in linked and "yi:1.3" not in linked


def test_typology_vectors_hold_the_subtype_scores_of_code_instruments():
    measures = pd.DataFrame({"heading": ["加大经费投入", "", None], "text": ["（一）加大经费投入。区财政每年安排专项经费。", "今天天气很好。", "组建教育集团。"]})
    matrix, labels = alignment._typology_vectors(measures)
    assert matrix.shape == (3, len(labels)) and len(labels) == 21
    assert labels[0] == "rothwell_zegveld/资金投入" and labels[-1] == "mcdonnell_elmore/劝告型"
    rows = [{labels[k]: round(float(v), 4) for k, v in zip(matrix[r].indices, matrix[r].data)} for r in range(3)]
    # 资金投入 10.5 (经费投入 ×4 in the heading, 财政, 专项经费) and 能力建设型 6.0, over their norm √146.25.
    assert rows[0] == {"rothwell_zegveld/资金投入": round(10.5 / math.sqrt(146.25), 4), "mcdonnell_elmore/能力建设型": round(6.0 / math.sqrt(146.25), 4)}
    assert rows[1] == {}  # no keyword: 未编码, a zero row
    assert rows[2] == {"rothwell_zegveld/交流合作/对口帮扶": 0.7071, "mcdonnell_elmore/系统变革型": 0.7071}


def test_cos_typology_is_the_cosine_of_the_subtype_scores(three_plans):
    links = align_measures(three_plans).set_index(["measure_a", "measure_b"])
    # jia:1.1 scores 资金投入 14 and 能力建设型 7.5; yi:1.1 the same plus 策略性措施 2 (完善…机制).
    expected = (14 * 14 + 7.5 * 7.5) / math.sqrt((14**2 + 7.5**2) * (14**2 + 2**2 + 7.5**2))
    assert links.loc[("jia:1.1", "yi:1.1"), "cos_typology"] == round(expected, 4) == 0.9922
    # Group schooling is coded 交流合作/对口帮扶 and 系统变革型 in both plans.
    assert links.loc[("jia:1.2", "yi:1.2"), "cos_typology"] == 1.0


def test_each_alignment_codes_the_measures_once(three_plans, monkeypatch):
    import policycompare.typology as typology

    calls = []
    original = typology._subtype_scores

    def counting(texts, headings, **options):
        calls.append(len(texts))
        return original(texts, headings, **options)

    monkeypatch.setattr(typology, "_subtype_scores", counting)
    monkeypatch.setenv("POLICYCOMPARE_CACHE", "off")  # the vectors must be built, not read back
    links, _ = alignment.align_with_vectors(three_plans)
    assert calls == [10] and len(links) == 10  # 3 + 3 + 4 measures, coded in one call


def test_another_option_reuses_the_stored_vectors(three_plans, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    first = align_measures(three_plans)
    assert len(list((tmp_path / "tables" / "vectors").glob("*.pickle"))) == 1
    monkeypatch.setattr(alignment, "build_measure_vectors", lambda *a, **k: pytest.fail("vectors built again"))
    monkeypatch.setattr(alignment, "_measures_of", lambda *a, **k: pytest.fail("measures parsed again"))
    # Another selection of links from the same vectors, and the same links again.
    assert len(align_measures(three_plans, per_plan=1)) < len(first)
    pd.testing.assert_frame_equal(alignment.align_with_vectors(three_plans)[0], first)


def test_a_run_from_the_cache_gives_the_warnings_of_reading_the_plans_again(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    # 三、 after 一、: a slip of numbering, said when the plan is read into measures.
    slipped = pc.load_document_from_text("丙县方案\n\n一、措施\n\n（一）加大经费投入。足额拨付生均公用经费。\n\n三、保障\n\n（一）组建教育集团。优质学校托管帮扶薄弱学校。\n", doc_id="bing")
    corpus = pc.Corpus([*tiny_corpus("jia", "yi"), slipped])

    def said(**options):
        with warnings.catch_warnings(record=True) as shown:
            warnings.simplefilter("always")
            links = align_measures(corpus, **options)
        return links, [str(w.message) for w in shown if issubclass(w.category, pc.PolicyCompareWarning)]

    first, messages = said()
    assert any("三、" in message for message in messages)
    # The same links from the cache, and another option from the stored vectors: the same warnings each time.
    again, from_links = said()
    pd.testing.assert_frame_equal(again, first)
    assert from_links == messages
    assert said(per_plan=1)[1] == messages

def test_other_documents_build_other_vectors(three_plans, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    both = align_measures(three_plans, docs=["jia", "yi"])
    everything = align_measures(three_plans)
    assert len(list((tmp_path / "tables" / "vectors").glob("*.pickle"))) == 2
    assert set(both["doc_b"]) == {"yi"} and "bing" in set(everything["doc_b"])


def test_threshold_drops_links_below_it(two_plans):
    # The two links score 0.9990 (funding) and 0.9998 (group schooling).
    assert pairs(align_measures(two_plans, threshold=0.9995)) == [("jia:1.2", "yi:1.2")]
    assert pairs(align_measures(two_plans, threshold=0.99985)) == []
    assert len(align_measures(two_plans, threshold=0.0)) == 2


def test_default_threshold_is_the_models(three_plans):
    threshold = load_alignment_model()["threshold"]
    assert threshold == 0.27
    assert align_measures(three_plans).equals(align_measures(three_plans, threshold=threshold))


def test_all_links_of_three_plans_in_pair_order_then_measure_order(three_plans):
    assert pairs(align_measures(three_plans)) == [
        ("jia:1.1", "yi:1.1"), ("jia:1.2", "yi:1.2"),
        ("jia:1.1", "bing:1.1"), ("jia:1.1", "bing:1.2"), ("jia:1.2", "bing:1.3"), ("jia:1.2", "bing:1.4"),
        ("yi:1.1", "bing:1.1"), ("yi:1.1", "bing:1.2"), ("yi:1.2", "bing:1.3"), ("yi:1.2", "bing:1.4"),
    ]  # fmt: skip


def test_per_plan_limits_links_per_measure_and_peer_plan(three_plans):
    # jia:1.1 has two funding counterparts in bing (0.9936 and 0.9484): per_plan=1 keeps the better.
    links = align_measures(three_plans, per_plan=1)
    assert pairs(links) == [
        ("jia:1.1", "yi:1.1"), ("jia:1.2", "yi:1.2"), ("jia:1.1", "bing:1.1"), ("jia:1.2", "bing:1.3"),
        ("yi:1.1", "bing:1.1"), ("yi:1.2", "bing:1.3"),
    ]  # fmt: skip
    for key, peer in (("measure_a", "doc_b"), ("measure_b", "doc_a")):
        assert links.groupby([key, peer]).size().max() == 1
    assert align_measures(three_plans, per_plan=2).equals(align_measures(three_plans, per_plan=5))


def _links_per_measure(links):
    return pd.concat([links["measure_a"], links["measure_b"]]).value_counts()


def test_top_k_limits_links_per_measure_over_all_peer_plans(three_plans):
    everything = align_measures(three_plans)
    assert _links_per_measure(everything).max() == 3  # jia:1.1 ~ yi:1.1, bing:1.1, bing:1.2
    links = align_measures(three_plans, top_k=1)
    assert _links_per_measure(links).max() == 1
    # Kept links are the best of both their measures, so each is in the uncapped table with its score.
    assert set(pairs(links)) < set(pairs(everything))
    assert align_measures(three_plans, top_k=3).equals(everything)



def test_one_to_one_uses_no_measure_twice_per_peer_plan_even_with_ties(three_plans):
    # bing:1.3 and bing:1.4 are the same text, so both are jia:1.2's best match (the same score).
    links = align_measures(three_plans, one_to_one=True)
    for key, peer in (("measure_a", "doc_b"), ("measure_b", "doc_a")):
        assert links.groupby([key, peer]).size().max() == 1
    assert pairs(links) == [
        ("jia:1.1", "yi:1.1"), ("jia:1.2", "yi:1.2"), ("jia:1.1", "bing:1.1"), ("jia:1.2", "bing:1.3"),
        ("yi:1.1", "bing:1.1"), ("yi:1.2", "bing:1.3"),
    ]  # fmt: skip
    assert links.equals(align_measures(three_plans, per_plan=1))


def _candidates(rows):
    """A candidate table for _select from (i, j, doc_i, doc_j, score, rank_a, rank_b) rows."""
    return pd.DataFrame(rows, columns=["i", "j", "doc_i", "doc_j", "score", "rank_a", "rank_b"])


def test_one_to_one_keeps_each_measures_best_link_by_score_not_by_the_text_cosines():
    # Measure 0 (plan 0) against measures 2 and 3 (plan 1): by the text cosines 3 is 0's best (rank 1), by score 2 is.
    frame = _candidates([(0, 2, 0, 1, 0.64, 0.5, 1.0), (0, 3, 0, 1, 0.43, 1.0, 1.0), (1, 3, 0, 1, 0.30, 0.5, 0.5)])
    kept = alignment._select(frame, threshold=0.26, one_to_one=True)
    # 0–2 is the best of both by score; 0–3 is 0's second; 1–3 is 3's second, its best (0–3) not kept: a matching of
    # best links, not a reassignment.
    assert kept[["i", "j"]].values.tolist() == [[0, 2]]
    pd.testing.assert_frame_equal(kept, alignment._select(frame, threshold=0.26, per_plan=1))


def test_top_k_is_judged_among_all_links_above_the_threshold():
    # 0–2 is 0's best link but not 2's (1–2 is); 0–4 (plan 2) is 0's second. Judged among the links per_plan left,
    # 0–4 would move up to 0's first place and be kept by top_k=1.
    frame = _candidates([(0, 2, 0, 1, 0.90, 1.0, 1.0), (1, 2, 0, 1, 0.95, 1.0, 1.0), (0, 4, 0, 2, 0.80, 1.0, 1.0)])
    kept = alignment._select(frame, threshold=0.26, per_plan=1, top_k=1)
    assert kept[["i", "j"]].values.tolist() == [[1, 2]]
    assert alignment._select(frame, threshold=0.26, one_to_one=True, top_k=1).equals(kept)


def test_the_audits_one_to_one_is_per_plan_one_and_best_by_score(regional_links, corpus):
    matched = align_measures(corpus, docs=REGIONS, one_to_one=True)
    pd.testing.assert_frame_equal(matched, align_measures(corpus, docs=REGIONS, per_plan=1))
    kept = set(pairs(matched))
    # yinchuan:2.2 scores 0.6449 against anning:3.2.6, yinchuan:2.4 0.4311, though 2.4 is 3.2.6's best by the text cosines.
    assert ("yinchuan:2.2", "anning:3.2.6") in kept and ("yinchuan:2.4", "anning:3.2.6") not in kept
    # Each link kept is the best-scoring link of both its measures towards the other's plan.
    sides = pd.concat([regional_links.assign(me=regional_links["measure_a"], peer=regional_links["doc_b"]),
                       regional_links.assign(me=regional_links["measure_b"], peer=regional_links["doc_a"])])
    best = sides.groupby(["me", "peer"])["score"].max()
    assert all(best[(r.measure_a, r.doc_b)] == r.score == best[(r.measure_b, r.doc_a)] for r in matched.itertuples())


@pytest.mark.parametrize(("looser", "stricter"), [
    ({}, {"one_to_one": True}), ({}, {"top_k": 2}), ({"top_k": 1}, {"top_k": 1, "one_to_one": True}),
    ({"one_to_one": True}, {"one_to_one": True, "top_k": 1}), ({"per_plan": 2}, {"per_plan": 2, "top_k": 1}),
    ({"per_plan": 3}, {"per_plan": 2}), ({"top_k": 3}, {"top_k": 2}), ({"threshold": 0.3}, {"threshold": 0.5}),
])  # fmt: skip
@pytest.mark.parametrize("seed", range(4))
def test_a_stricter_option_never_adds_a_link(looser, stricter, seed):
    rng = np.random.default_rng(seed)
    found = sorted({(int(a), int(b)) for a, b in rng.integers(0, 40, (600, 2)) if a < b})
    i, j = np.array(found).T
    docs = np.arange(40) // 8
    frame = pd.DataFrame({"i": i, "j": j, "doc_i": docs[i], "doc_j": docs[j], "score": rng.choice([0.2, 0.4, 0.6, 0.8], len(i)),
                          "rank_a": rng.choice([1.0, 0.5], len(i)), "rank_b": rng.choice([1.0, 0.5], len(i))})
    frame = frame[docs[i] != docs[j]]
    select = lambda options: set(alignment._select(frame, **{"threshold": 0.3, **options}).index)  # noqa: E731
    assert select(stricter) <= select(looser)
    assert select(stricter) < select({})


def test_the_audits_top_k_with_one_to_one_keeps_no_link_top_k_drops(corpus):
    best = align_measures(corpus, docs=REGIONS, top_k=1)
    assert set(pairs(align_measures(corpus, docs=REGIONS, top_k=1, one_to_one=True))) <= set(pairs(best))
    assert set(pairs(best)) <= set(pairs(align_measures(corpus, docs=REGIONS, one_to_one=True)))


def test_docs_keeps_only_the_chosen_plans_in_corpus_order(three_plans):
    links = align_measures(three_plans, docs=["bing", "jia"])
    assert set(links["doc_a"]) == {"jia"} and set(links["doc_b"]) == {"bing"}
    assert pairs(links) == [("jia:1.1", "bing:1.1"), ("jia:1.1", "bing:1.2"), ("jia:1.2", "bing:1.3"), ("jia:1.2", "bing:1.4")]


class Backwards(set):
    """A set that iterates in reverse sorted order: an order a set of ids may have in some process (PYTHONHASHSEED)."""

    def __iter__(self):
        return iter(sorted(super().__iter__(), reverse=True))


def test_a_set_of_docs_is_taken_in_corpus_order_and_read_from_the_cache_of_that_list(three_plans, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    listed = align_measures(three_plans, docs=["jia", "bing"])
    monkeypatch.setattr(alignment, "_align", lambda *a, **k: pytest.fail("computed again: the key followed the set's order"))
    pd.testing.assert_frame_equal(align_measures(three_plans, docs=Backwards({"jia", "bing"})), listed)
    # Of two unknown ids in a set, the first in sorted order is named, whatever the set's order.
    with pytest.raises(KeyError, match="no document 'ding' in the corpus"):
        align_measures(three_plans, docs=Backwards({"jia", "ding", "wu"}))


def test_unknown_docs_are_named(three_plans):
    with pytest.raises(KeyError, match="no document 'ding' in the corpus; known ids: jia, yi, bing"):
        align_measures(three_plans, docs=["jia", "ding"])
    # A plan given twice would be two columns of one plan in the instrument matrix.
    with pytest.raises(pc.PolicyCompareError, match=r"^docs lists 'yi' more than once; give each document once$"):
        align_measures(three_plans, docs=["jia", "yi", "yi"])
    links, vectors = align_with_vectors(three_plans)
    for given in ({}, {"alignment": links, "vectors": vectors}):
        with pytest.raises(pc.PolicyCompareError, match=r"^docs lists 'yi' more than once"):
            pc.instrument_matrix(three_plans, docs=["jia", "yi", "yi"], **given)


def test_a_measures_table_aligns_like_its_corpus(two_plans):
    from_table = align_measures(pc.extract_measures(two_plans), corpus=two_plans)
    assert from_table.equals(align_measures(two_plans))


def test_a_measures_table_without_its_corpus_warns_that_its_place_names_stay(two_plans):
    measures = pc.extract_measures(two_plans)
    message = r"a measures table holds no plan metadata, so its plans' own place names \(花溪区, 银川市…\) are not masked as they are for a corpus; pass corpus=, the corpus the table came from, to mask them$"
    for function in (align_measures, align_with_vectors, build_measure_vectors):
        with pytest.warns(pc.PolicyCompareWarning, match=f"^{function.__name__}: {message}") as shown:
            function(measures)
        assert [w.filename for w in shown] == [__file__]


def test_a_corpus_goes_with_a_measures_table_of_its_plans(two_plans, three_plans):
    measures = pc.extract_measures(three_plans)
    with pytest.raises(pc.UnknownIdError, match=r"^corpus holds no plan 'bing' of the measures table; pass the corpus the table came from \(this one holds jia, yi\)$"):
        align_measures(measures, corpus=two_plans)
    with pytest.raises(pc.UnknownIdError, match=r"^corpus holds no plan 'bing'"):
        build_measure_vectors(_measures_of(measures, None), corpus=two_plans)
    with pytest.raises(ValueError, match=r"^corpus goes with a measures table, to supply its plans' place names; data is a Corpus$"):
        align_measures(three_plans, corpus=three_plans)
    with pytest.raises(ValueError, match=r"^give corpus or tokenizer, not both"):
        align_measures(measures, corpus=three_plans, tokenizer=pc.Tokenizer())


def test_align_measures_records_its_threshold():
    corpus = pc.Corpus([pc.load_document_from_text("甲区方案\n\n一、措施\n\n（一）加大经费投入。足额拨付生均公用经费。\n", doc_id="jia"),
                        pc.load_document_from_text("乙县方案\n\n一、措施\n\n（一）完善经费保障。足额拨付生均公用经费。\n", doc_id="yi")])
    assert pc.align_measures(corpus).attrs["threshold"] == load_alignment_model()["threshold"]
    assert pc.align_measures(corpus, threshold=0.4).attrs["threshold"] == 0.4
    # Read again from the cache, the table still records it.
    assert pc.align_measures(corpus, threshold=0.4).attrs["threshold"] == 0.4


def test_a_single_plan_has_no_links(two_plans):
    with pytest.warns(pc.PolicyCompareWarning, match=r"^only one plan to align \('jia'\); links join measures of different plans, so there are none$"):
        links = align_measures(two_plans["jia"])
    assert links.empty and links.columns.tolist() == ALIGNMENT_COLUMNS


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"top_k": 0}, r"top_k=0; expected a positive integer"),
        ({"top_k": -2}, r"top_k=-2; expected a positive integer"),
        ({"top_k": 1.5}, r"top_k=1\.5; expected a positive integer"),
        ({"top_k": True}, r"top_k=True; expected a positive integer"),
        ({"top_k": "3"}, r"top_k='3'; expected a positive integer"),
        ({"per_plan": 0}, r"per_plan=0; expected a positive integer"),
        ({"per_plan": None}, r"per_plan=None; expected a positive integer"),
        ({"threshold": -0.1}, r"threshold=-0\.1; expected a number between 0 and 1"),
        ({"threshold": 1.5}, r"threshold=1\.5; expected a number between 0 and 1"),
        ({"threshold": float("nan")}, r"threshold=nan; expected a number between 0 and 1"),
        ({"threshold": "0.5"}, r"threshold='0\.5'; expected a number between 0 and 1"),
        ({"one_to_one": "False"}, r"^one_to_one='False'; expected True or False$"),
        ({"one_to_one": 1}, r"^one_to_one=1; expected True or False$"),
        ({"one_to_one": None}, r"^one_to_one=None; expected True or False$"),
        ({"n_jobs": 0}, r"^n_jobs must be a positive integer or -1; got 0$"),
        ({"n_jobs": "2"}, r"^n_jobs must be a positive integer or -1; got '2'$"),
        ({"n_jobs": -2}, r"^n_jobs must be a positive integer or -1; got -2$"),
        ({"n_jobs": True}, r"^n_jobs must be a positive integer or -1; got True$"),
    ],
)
def test_bad_options_are_refused_naming_the_parameter(two_plans, option, message):
    align_measures(two_plans)  # stored: a bad option is refused before the cache is read
    with pytest.raises(pc.PolicyCompareError, match=message):
        align_measures(two_plans, **option)


def test_one_to_one_takes_a_numpy_bool_as_a_bool(two_plans):
    assert align_measures(two_plans, one_to_one=np.True_).equals(align_measures(two_plans, one_to_one=True))


def test_data_of_the_wrong_type_is_refused():
    with pytest.raises(TypeError, match="data must be a Corpus, Document or measures DataFrame, not str"):
        align_measures("甲区教育提升方案")


@pytest.mark.parametrize("column", ["start", "end"])
def test_a_measures_table_without_offsets_is_refused_naming_the_column_before_any_work(two_plans, column, monkeypatch):
    measures = pc.extract_measures(two_plans).drop(columns=column)
    monkeypatch.setattr(alignment, "build_measure_vectors", lambda *args, **kwargs: pytest.fail("vectors built"))
    message = (rf"^data lacks the column '{column}'; expected a table from extract_measures "
               r"with columns doc_id, measure_id, kind, is_leaf, heading, text, start, end$")
    for function in (align_measures, align_with_vectors):
        with pytest.raises(ValueError, match=message):
            function(measures, corpus=two_plans)


def test_baseline_links_every_measure_to_its_best_match_in_each_other_plan(three_plans):
    baseline = align_measures_baseline(three_plans)
    assert baseline.columns.tolist() == ["doc_a", "measure_a", "doc_b", "measure_b", "score"]
    # Unlike align_measures, it links unrelated measures too (jia:1.3 teacher training).
    assert pairs(baseline) == [
        ("jia:1.1", "yi:1.1"), ("jia:1.1", "bing:1.1"), ("jia:1.1", "bing:1.2"), ("jia:1.2", "yi:1.2"),
        ("jia:1.2", "yi:1.3"), ("jia:1.2", "bing:1.3"), ("jia:1.2", "bing:1.4"), ("jia:1.3", "yi:1.2"),
        ("jia:1.3", "bing:1.3"), ("yi:1.1", "bing:1.1"), ("yi:1.1", "bing:1.2"), ("yi:1.2", "bing:1.3"),
        ("yi:1.2", "bing:1.4"), ("yi:1.3", "bing:1.3"),
    ]  # fmt: skip


# ------------------------------------------------------------------ the order of the plans

# Options whose caps and ties the order of the plans could decide.
ORDER_OPTIONS = [{}, {"threshold": 0.0}, {"per_plan": 1}, {"top_k": 1}, {"one_to_one": True}, {"threshold": 0.0, "per_plan": 2, "top_k": 3}]


def unordered(links, rename=None):
    """Each link by its two measures, whichever is a: score, cosines and each measure's rank, shared terms.

    ``rename`` maps plan ids back to those of another alignment.
    """
    back = (lambda m: m) if rename is None else (lambda m: rename[m.split(":")[0]] + ":" + m.split(":", 1)[1])  # noqa: E731
    found = {}
    for row in links.itertuples():
        a, b = back(row.measure_a), back(row.measure_b)
        ranks = {a: row.rank_a, b: row.rank_b}
        found[frozenset((a, b))] = (row.score, row.cos_word, row.cos_char, row.cos_heading, row.cos_typology,
                                    ranks[min(a, b)], ranks[max(a, b)], row.shared_terms)
    return found


@pytest.mark.parametrize("options", ORDER_OPTIONS)
def test_any_order_of_three_plans_gives_the_same_links_and_scores(options):
    # bing states group schooling twice, word for word: its two measures tie for jia's and yi's, and the caps choose.
    aligned = [unordered(align_measures(tiny_corpus(*names), **options)) for names in itertools.permutations(["jia", "yi", "bing"])]
    assert len(aligned[0]) > 0
    assert all(links == aligned[0] for links in aligned[1:])


def test_renamed_plans_get_the_same_scores():
    # bing's two copies of one measure tie as jia's and yi's peers (their ranks, their scores): ids, which break
    # ties in the selection only, must not break these. New ids in the reverse of the old ids' sorted order.
    texts = {"jia": JIA, "yi": YI, "bing": BING}
    renamed = {"jia": "x3", "yi": "x1", "bing": "x2"}
    corpus = pc.Corpus([pc.load_document_from_text(texts[name], doc_id=renamed[name]) for name in texts])
    found = unordered(align_measures(corpus, threshold=0.0), {new: old for old, new in renamed.items()})
    expected = unordered(align_measures(tiny_corpus("jia", "yi", "bing"), threshold=0.0))
    assert len(expected) > 3 and found == expected


def test_the_two_ranks_weigh_alike_whichever_plan_comes_first():
    rng = np.random.default_rng(0)
    features = pd.DataFrame({name: rng.random(50) for name in alignment.FEATURES})
    swapped = features.rename(columns={"rank_a": "rank_b", "rank_b": "rank_a"})
    pd.testing.assert_frame_equal(alignment.model_terms(swapped), alignment.model_terms(features))
    # The shipped model weighs one term of both ranks, and it weighs it: the ranks count.
    model = load_alignment_model()
    assert [term for term in model if term.startswith("rank")] == ["rank_sum_x_content"] and model["rank_sum_x_content"] > 1
    np.testing.assert_array_equal(alignment.score_pairs(swapped, model), alignment.score_pairs(features, model))


def test_a_model_of_the_former_rank_terms_is_refused_saying_why(tmp_path):
    path = tmp_path / "model.csv"
    terms = "\n".join(f"{term},1" for term in ["sqrt_cos_word", "sqrt_cos_char", "cos_heading", "cos_typology", "rank_a_x_content", "rank_b_x_content"])
    path.write_text(f"feature,coefficient\nintercept,-5\nthreshold,0.26\n{terms}\n", encoding="utf-8")
    with pytest.raises(pc.PolicyCompareError, match=r"lacks rank_sum_x_content; .*\(rank_a_x_content and rank_b_x_content are the former terms, "
                                                      r"whose scores depended on the order of the plans: refit the model\)$"):
        load_alignment_model(path)


# ------------------------------------------------------------------ bundled corpus


@pytest.fixture(scope="module")
def regional_links(corpus):
    return align_measures(corpus, docs=REGIONS)


@pytest.fixture(scope="module")
def leaves(corpus):
    m = pc.extract_measures(corpus)
    return m[m["is_leaf"] & (m["kind"] != "front_matter")]


def test_the_regional_measures_with_their_corpus_align_as_the_corpus_does(corpus, regional_links):
    measures = pc.extract_measures(corpus.subset(REGIONS))
    assert align_measures(measures, corpus=corpus).equals(regional_links)
    assert align_measures(pc.extract_measures(corpus), docs=REGIONS, corpus=corpus).equals(regional_links)
    # Unmasked, the plans' place names are words like any other, and the links differ.
    with pytest.warns(pc.PolicyCompareWarning, match="^align_measures: a measures table holds no plan metadata"):
        unmasked = align_measures(measures)
    assert not unmasked.equals(regional_links)
    # The counts the docstring of align_measures gives for the parameter corpus.
    stated = re.search(r"regional plans get (\d+) links instead of\s+(\d+), (\d+) of them in both", align_measures.__doc__)
    both = set(pairs(unmasked)) & set(pairs(regional_links))
    assert tuple(map(int, stated.groups())) == (len(unmasked), len(regional_links), len(both))


def test_any_order_of_the_regional_plans_gives_the_same_links_and_scores(corpus):
    # The audit's case: huaxi before qixing gave 38 links, qixing before huaxi 36, and 136 of the four plans' 236 scores moved.
    pair = [unordered(align_measures(pc.Corpus([corpus[d] for d in docs]), **options))
            for options in ({}, {"per_plan": 1}) for docs in (["huaxi", "qixing"], ["qixing", "huaxi"])]
    assert len(pair[0]) > 30 and pair[1] == pair[0] and pair[3] == pair[2]
    orders = (REGIONS, REGIONS[::-1], ["anning", "huaxi", "qixing", "yinchuan"])
    four = [unordered(align_measures(pc.Corpus([corpus[d] for d in docs]), **options)) for options in ({}, {"per_plan": 1}) for docs in orders]
    assert len(four[0]) > 200 and four[1] == four[2] == four[0] and four[4] == four[5] == four[3]


def test_the_vectors_of_a_measure_do_not_depend_on_the_order_of_the_plans(corpus):
    # Normalised in the order of its words' first appearance, a row's cells summed in another order moved its cosines in the 16th decimal.
    built = [build_measure_vectors(_measures_of(pc.Corpus([corpus[d] for d in docs]), None), corpus=corpus) for docs in (REGIONS, REGIONS[::-1])]
    rows = [dict(zip(vectors.measures["measure_id"], range(len(vectors.measures)))) for vectors in built]
    for name in ("words", "chars", "headings", "typology"):
        first, second = (getattr(vectors, name) for vectors in built)
        for measure in rows[0]:
            one, other = first[rows[0][measure]], second[rows[1][measure]]
            assert one.indices.tobytes() == other.indices.tobytes() and one.data.tobytes() == other.data.tobytes(), (name, measure)


def test_twin_plans_align_measure_for_measure_and_nothing_else(corpus, leaves):
    """collection-02 and collection-05 are two versions of one plan (as benchmarks/evaluate_alignment.py checks)."""
    twins = align_measures(corpus, docs=["collection-02", "collection-05"], one_to_one=True)
    local = {doc: leaves.loc[leaves["doc_id"] == doc, "measure_id"].str.split(":").str[1].tolist() for doc in ("collection-02", "collection-05")}
    assert len(local["collection-02"]) == len(local["collection-05"]) == 25
    # Same outline except the last measure, numbered 22 in one version and 1 in the other.
    expected = [(f"collection-02:{m}", f"collection-05:{'4.1' if m == '4.22' else m}") for m in local["collection-02"]]
    assert pairs(twins) == expected
    numbered = twins[twins["measure_a"].str.contains(r":\d+\.\d+\.\d+$")]
    assert len(numbered) == 21
    assert (numbered["measure_a"].str.split(":").str[1] == numbered["measure_b"].str.split(":").str[1]).all()
    assert (twins["score"] > 0.9).all()


def test_twin_plans_best_links_are_the_twins(corpus):
    """Without one_to_one, other links may appear, but each measure's best link is its twin."""
    links = align_measures(corpus, docs=["collection-02", "collection-05"])
    best = links.sort_values("score", ascending=False, kind="stable").drop_duplicates("measure_a")
    twin = best["measure_b"].str.split(":").str[1].replace("4.1", "4.22")
    assert (best["measure_a"].str.split(":").str[1] == twin).all()
    assert len(best) == 25


def _f1(predicted, gold):
    hits = len(predicted & gold)
    if not hits:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def _pair_f1(links):
    """F1 of links against the hand alignment, per labelled pair (full and partial links count)."""
    scores = {}
    for (doc_a, doc_b), gold in GOLD.groupby(["doc_a", "doc_b"], sort=False):
        truth = {tuple(sorted(p)) for p in zip(gold["measure_a"], gold["measure_b"])}
        rows = links[links[["doc_a", "doc_b"]].apply(frozenset, axis=1) == frozenset((doc_a, doc_b))]
        predicted = {tuple(sorted(p)) for p in zip(rows["measure_a"], rows["measure_b"])}
        scores[f"{doc_a}-{doc_b}"] = _f1(predicted, truth)
    return scores


def test_gold_alignment_ids_are_leaves_of_the_bundled_plans(leaves):
    known = set(leaves["measure_id"])
    assert set(GOLD["measure_a"]) | set(GOLD["measure_b"]) <= known
    assert len(GOLD) == 131
    # The test pairs and the second annotation: leaves too, each link once, in the pair's own documents.
    data = Path(__file__).parent / "data"
    test, second = pd.read_csv(data / "gold_alignment_test.csv"), pd.read_csv(data / "gold_alignment_second.csv")
    assert len(test) == 148 and len(second) == 297
    for labels in (test, second):
        assert set(labels["measure_a"]) | set(labels["measure_b"]) <= known
        assert not labels.duplicated(["measure_a", "measure_b"]).any() and set(labels["strength"]) == {"full", "partial"}
        assert (labels["measure_a"].str.split(":").str[0] == labels["doc_a"]).all() and (labels["measure_b"].str.split(":").str[0] == labels["doc_b"]).all()
    pairs = lambda labels: set(zip(labels["doc_a"], labels["doc_b"]))  # noqa: E731
    assert pairs(second) == pairs(GOLD) | pairs(test) and not pairs(GOLD) & pairs(test)


def test_shipped_method_beats_the_baseline_on_the_hand_alignment(corpus, regional_links):
    ours = _pair_f1(regional_links)
    baseline = _pair_f1(align_measures_baseline(corpus, docs=REGIONS))
    assert list(ours) == ["huaxi-yinchuan", "anning-qixing", "yinchuan-qixing"]
    # Measured: 0.658/0.705/0.759 (mean 0.707) against 0.560/0.429/0.452 (mean 0.480).
    for pair in ours:
        assert ours[pair] > baseline[pair] + 0.05, pair
    mean_ours, mean_baseline = np.mean(list(ours.values())), np.mean(list(baseline.values()))
    assert mean_ours > mean_baseline + 0.1
    assert mean_ours >= 0.70


def test_regional_links_stay_within_the_regional_plans(regional_links):
    assert set(regional_links["doc_a"]) | set(regional_links["doc_b"]) <= set(REGIONS)
    assert (regional_links["doc_a"] != regional_links["doc_b"]).all()
    assert regional_links["score"].between(load_alignment_model()["threshold"], 1).all()
    assert regional_links.groupby(["measure_a", "doc_b"]).size().max() <= 5


# ------------------------------------------------------------------ chunked candidates

PHRASES = [
    "加大经费投入", "足额拨付生均公用经费", "组建教育集团", "托管帮扶薄弱学校", "实施骨干教师培养计划",
    "建设智慧教室", "推进信息技术与教学融合", "扩大普惠性学前教育资源", "新建公办幼儿园", "严格控制班额",
    "规范招生管理", "加强师德师风建设", "完善教师交流机制", "开展课后服务", "实施营养改善计划",
    "强化督导考核", "营造良好氛围", "建立领导小组", "推进县管校聘改革", "加强心理健康教育",
]


@pytest.fixture(scope="module")
def synthetic_vectors():
    """90 measures in three plans, each a random handful of policy phrases (fixed seed)."""
    rng = np.random.default_rng(7)
    rows = []
    for doc in ("p", "q", "r"):
        for n in range(1, 31):
            text = "，".join(rng.choice(PHRASES, size=3, replace=False)) + "。"
            rows.append({"doc_id": doc, "measure_id": f"{doc}:{n}", "heading": "", "text": text, "kind": "measure", "is_leaf": True, "start": 0, "end": len(text)})
    measures = pd.DataFrame(rows)
    return measures, build_measure_vectors(_measures_of(measures, None))


def _expected_pairs(vectors, doc_codes, *, keep=20, max_df=100):
    """The candidate rule computed densely, for comparison on a small set."""
    heavy = np.hstack([_prune(vectors.words, keep=keep, max_df=max_df).toarray(), _prune(vectors.headings, keep=keep, max_df=max_df).toarray()])
    present = np.hstack([_prune(vectors.words, keep=None, max_df=max_df).toarray(), _prune(vectors.headings, keep=None, max_df=max_df).toarray()])
    hit = (heavy @ present.T) > 0
    hit = hit | hit.T
    i, j = np.nonzero(np.triu(hit, k=1) & (doc_codes[:, None] != doc_codes[None, :]))
    return i, j


@pytest.mark.parametrize("chunk", [1, 7, 89, 90, 1000])
def test_candidate_pairs_do_not_depend_on_the_chunk_size(synthetic_vectors, chunk):
    measures, vectors = synthetic_vectors
    codes = pd.factorize(measures["doc_id"])[0]
    i, j = _candidate_pairs(vectors, codes, chunk=chunk)
    expected_i, expected_j = _expected_pairs(vectors, codes)
    assert 1000 < len(i) < 2700  # many pairs, yet not every cross-plan pair
    assert i.tolist() == expected_i.tolist() and j.tolist() == expected_j.tolist()
    assert (i < j).all() and (codes[i] != codes[j]).all()


def test_candidates_tied_at_the_cut_do_not_depend_on_the_order_of_the_plans():
    # q:1 and r:1 are one text: for p:1 they tie, and with one proposal each p:1 proposes one of them.
    texts = {"p": ["组建教育集团，托管帮扶薄弱学校。", "建设智慧教室。"], "q": ["组建教育集团。", "开展课后服务。"], "r": ["组建教育集团。", "新建公办幼儿园。"]}
    rows = [{"doc_id": doc, "measure_id": f"{doc}:{n}", "heading": "", "text": text, "kind": "measure", "is_leaf": True, "frame": ""}
            for doc, items in texts.items() for n, text in enumerate(items, start=1)]

    def candidates(docs, sort):
        table = pd.DataFrame([row for doc in docs for row in rows if row["doc_id"] == doc])
        vectors = build_measure_vectors(table, tokenizer=pc.Tokenizer())
        ids = vectors.measures["measure_id"].to_numpy()
        i, j = _candidate_pairs(vectors, pd.factorize(vectors.measures["doc_id"], sort=sort)[0], per_measure=1)
        return {frozenset(pair) for pair in zip(ids[i], ids[j])}

    # Plans coded in the order they come, the tie goes to the plan that comes first.
    assert {"p:1", "q:1"} in candidates("pqr", sort=False) and {"p:1", "q:1"} not in candidates("rpq", sort=False)
    # Coded in the sorted order of their ids, as score_candidates codes them, to the plan first by id.
    assert candidates("rpq", sort=True) == candidates("pqr", sort=True) == candidates("qrp", sort=True)
    assert {"p:1", "q:1"} in candidates("rpq", sort=True) and {"p:1", "r:1"} not in candidates("rpq", sort=True)


def test_frequent_words_propose_no_candidates(synthetic_vectors):
    measures, vectors = synthetic_vectors
    codes = pd.factorize(measures["doc_id"])[0]
    # With max_df=1 every word is too common, and nothing is proposed.
    i, _ = _candidate_pairs(vectors, codes, max_df=1, chunk=10)
    assert len(i) == 0


def test_rowwise_dot_in_small_chunks_equals_one_chunk(synthetic_vectors):
    _, vectors = synthetic_vectors
    i, j = np.arange(0, 60), np.arange(30, 90)
    expected = np.array([vectors.chars[a].multiply(vectors.chars[b]).sum() for a, b in zip(i, j)])
    np.testing.assert_allclose(_rowwise_dot(vectors.chars, i, j, chunk=7), expected)
    np.testing.assert_allclose(_rowwise_dot(vectors.chars, i, j), expected)


def test_alignment_with_small_chunks_equals_one_chunk(synthetic_vectors, monkeypatch):
    measures, _ = synthetic_vectors
    monkeypatch.setenv("POLICYCOMPARE_CACHE", "off")  # both runs must compute
    whole = align_measures(measures)
    monkeypatch.setattr(alignment, "_candidate_pairs", functools.partial(_candidate_pairs, chunk=4))
    monkeypatch.setattr(alignment, "_rowwise_dot", functools.partial(_rowwise_dot, chunk=5))
    chunked = align_measures(measures)
    assert len(whole) > 0
    pd.testing.assert_frame_equal(chunked, whole)


@pytest.mark.parametrize("chunk", [7, 1000])
def test_candidate_pairs_in_worker_processes_equal_one_process(synthetic_vectors, chunk):
    measures, vectors = synthetic_vectors
    codes = pd.factorize(measures["doc_id"])[0]
    i, j = _candidate_pairs(vectors, codes, chunk=chunk)
    i2, j2 = _candidate_pairs(vectors, codes, chunk=chunk, n_jobs=2)
    assert len(i) > 1000 and i.tolist() == i2.tolist() and j.tolist() == j2.tolist()


def test_typology_vectors_from_a_forked_process_equal_this_process(synthetic_vectors, monkeypatch):
    measures, vectors = synthetic_vectors
    # The coding forks only above this many measures; the 90 here would stay in this process.
    monkeypatch.setattr(alignment, "_PARALLEL_MIN", 0)
    forked = []
    start_forked = workers.start_forked
    monkeypatch.setattr(workers, "start_forked", lambda *args: forked.append(args[0]) or start_forked(*args))
    matrix, labels = alignment._start_typology_vectors(measures, n_jobs=2)()
    assert len(forked) == 1 and matrix.nnz > 0
    assert (matrix != vectors.typology).nnz == 0 and matrix.data.tobytes() == vectors.typology.data.tobytes()
    assert labels.tolist() == vectors.typology_labels.tolist()
    built = build_measure_vectors(measures, n_jobs=2)
    assert built.typology.data.tobytes() == vectors.typology.data.tobytes() and len(forked) == 2


def test_scores_in_threads_equal_one_thread(synthetic_vectors, monkeypatch):
    _, vectors = synthetic_vectors
    one = score_candidates(vectors)
    # Threads start only above this many measures; the 90 here would stay in one.
    monkeypatch.setattr(alignment, "_PARALLEL_MIN", 0)
    started = []
    monkeypatch.setattr(alignment, "map_threads", lambda *args: started.append(args[-1]) or map_threads(*args))
    two = score_candidates(vectors, n_jobs=2)
    assert started == [2, 2]  # the candidate search and the cosines
    pd.testing.assert_frame_equal(two, one)


def test_rowwise_dots_in_threads_are_bit_for_bit_those_of_one_chunk(synthetic_vectors):
    _, vectors = synthetic_vectors
    i, j = np.repeat(np.arange(0, 45), 2), np.arange(0, 90)[::-1].copy()
    matrices = (vectors.words, vectors.chars, vectors.headings, vectors.typology)
    expected = [_rowwise_dot(matrix, i, j) for matrix in matrices]
    for result, reference in zip(alignment._rowwise_dots(matrices, i, j, n_jobs=2, chunk=7), expected):
        assert result.tobytes() == reference.tobytes()
    assert [len(d) for d in alignment._rowwise_dots(matrices, i[:0], j[:0], n_jobs=2)] == [0, 0, 0, 0]


def test_proposals_keep_the_best_peers_with_ties_to_the_lower_plan_code_then_column():
    """Each row's per_measure heaviest peers of other plans, as a full sort by (weight desc, plan code, column) picks them."""
    rng = np.random.default_rng(3)
    n = 60
    # Weights from a handful of values: many ties at the cut.
    queries = sp.csr_matrix(rng.choice([0.0, 0.0, 0.5, 1.0], size=(n, 12)))
    index = sp.csr_matrix(rng.choice([0.0, 1.0, 2.0], size=(12, n)))
    # Plans whose codes (the sorted order of their ids) are not the order they come in.
    doc_codes = np.array([2, 0, 3, 1])[np.repeat(np.arange(4), n // 4)]
    kinds = (np.arange(n) % 7 == 0).astype(np.int8)
    block = (queries @ index).toarray()
    expected = {}
    for row in range(n):
        peers = [c for c in np.flatnonzero(block[row]) if doc_codes[c] != doc_codes[row] and kinds[c] == kinds[row]]
        best = sorted(peers, key=lambda c: (-block[row, c], doc_codes[c], c))[:5]
        expected[row] = {min(c, row) * n + max(c, row) for c in best}
    assert any(len(np.flatnonzero(block[row])) > 5 for row in range(n))
    for lo, hi in ((0, n), (0, 17), (17, n)):
        found = alignment._proposals((index, doc_codes, kinds), queries[lo:hi], lo, 5)
        # A pair proposed by both its rows comes twice: once for each.
        assert sorted(found.tolist()) == sorted(key for row in range(lo, hi) for key in expected[row])


@pytest.mark.parametrize("seed", range(5))
def test_reciprocal_rank_equals_the_pandas_rank_with_ties(seed):
    rng = np.random.default_rng(seed)
    size = 400
    # Scores from few values: many ties within a group.
    frame = pd.DataFrame({"i": rng.integers(0, 20, size), "doc_j": rng.integers(0, 4, size),
                          "combined": rng.choice([0.0, 0.1, 0.25, 0.25000000000000006, 1.0], size)}, index=rng.permutation(size) + 5)
    expected = 1.0 / frame.groupby(["i", "doc_j"])["combined"].rank(ascending=False, method="min")
    pd.testing.assert_series_equal(alignment._reciprocal_rank(frame, "i", "doc_j", "combined"), expected)
    assert alignment._reciprocal_rank(frame.iloc[:0], "i", "doc_j", "combined").empty


def test_score_candidates_rejects_a_bad_n_jobs(synthetic_vectors):
    _, vectors = synthetic_vectors
    with pytest.raises(ValueError, match="n_jobs must be a positive integer or -1; got 0"):
        score_candidates(vectors, n_jobs=0)


def test_candidate_blocks_have_at_most_chunk_rows(synthetic_vectors, monkeypatch):
    """No n × n product: each sparse block multiplies at most ``chunk`` rows."""
    measures, vectors = synthetic_vectors
    codes = pd.factorize(measures["doc_id"])[0]
    shapes = []
    original = alignment.sp.csr_matrix.__matmul__

    def recording(self, other):
        result = original(self, other)
        shapes.append(result.shape)
        return result

    monkeypatch.setattr(alignment.sp.csr_matrix, "__matmul__", recording)
    _candidate_pairs(vectors, codes, chunk=8)
    monkeypatch.undo()
    assert shapes and max(rows for rows, _ in shapes) <= 8
    assert len(shapes) == math.ceil(90 / 8)


def test_each_measure_proposes_at_most_per_measure_candidates(synthetic_vectors):
    measures, vectors = synthetic_vectors
    codes = pd.factorize(measures["doc_id"])[0]
    i, j = _candidate_pairs(vectors, codes, per_measure=3, chunk=13)
    # Each of the 90 measures proposes 3 peers; a pair proposed by both sides counts once.
    assert 3 * 90 / 2 <= len(i) <= 3 * 90
    assert (i < j).all() and (codes[i] != codes[j]).all()
    # Every measure is in at least its own three proposals.
    degree = np.bincount(np.concatenate([i, j]), minlength=90)
    assert degree.min() >= 3
    # The proposals are the best by the product of weights: measure 0's top three peers are candidates.
    query = sp.hstack([_prune(vectors.words, keep=20, max_df=100), _prune(vectors.headings, keep=20, max_df=100)]).tocsr()
    index = sp.hstack([_prune(vectors.words, keep=None, max_df=100), _prune(vectors.headings, keep=None, max_df=100)]).tocsr()
    weights = (query[0] @ index.T).toarray().ravel()
    weights[codes == codes[0]] = -1
    best = set(np.lexsort((np.arange(90), -weights))[:3].tolist())
    assert best <= set(j[i == 0].tolist())


def test_a_second_alignment_is_read_from_the_cache_and_equals_the_first(two_plans, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    first = align_measures(two_plans)
    stored = list((tmp_path / "tables" / "alignment").glob("*.pickle"))
    assert len(stored) == 1
    monkeypatch.setattr(alignment, "_align", lambda *a, **k: pytest.fail("computed again"))
    second = align_measures(two_plans)
    pd.testing.assert_frame_equal(second, first)
    second.loc[0, "score"] = -1.0  # a copy: the cache keeps the original
    pd.testing.assert_frame_equal(align_measures(two_plans), first)


@pytest.mark.parametrize("change", ["option", "text", "measures table", "tokenizer"])
def test_a_changed_input_is_never_read_from_the_cache(two_plans, tmp_path, monkeypatch, change):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    align_measures(two_plans)
    align_measures(pc.extract_measures(two_plans), corpus=two_plans)
    calls = []
    real = alignment._align
    monkeypatch.setattr(alignment, "_align", lambda *a, **k: calls.append(1) or real(*a, **k))
    if change == "option":
        align_measures(two_plans, threshold=0.9)
    elif change == "text":
        align_measures(pc.Corpus([pc.load_document_from_text(JIA.replace("经费", "资金"), doc_id="jia"), two_plans["yi"]]))
    elif change == "measures table":
        measures = pc.extract_measures(two_plans)
        measures.loc[measures.index[-1], "text"] += "。"
        align_measures(measures, corpus=two_plans)
    else:
        align_measures(two_plans, tokenizer=pc.Tokenizer(extra_stopwords=["经费"]))
    assert calls == [1]


def test_alignment_cache_can_be_turned_off(two_plans, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    align_measures(two_plans, tokenizer=pc.Tokenizer(cache=False))
    monkeypatch.setenv("POLICYCOMPARE_CACHE", "off")
    align_measures(two_plans)
    assert not (tmp_path / "tables").exists()


def test_a_corrupt_cached_alignment_is_recomputed(two_plans, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    first = align_measures(two_plans)
    (entry,) = (tmp_path / "tables" / "alignment").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    pd.testing.assert_frame_equal(align_measures(two_plans), first)


def test_model_terms_weigh_ranks_by_shared_content():
    features = pd.DataFrame({"cos_word": [0.36, 0.01], "cos_char": [0.25, 0.0], "cos_heading": [0.5, 0.0],
                             "cos_typology": [0.89, 0.02], "rank_a": [1.0, 1.0], "rank_b": [0.5, 1.0]})
    terms = alignment.model_terms(features)
    assert list(terms.columns) == alignment.TERMS
    assert terms.iloc[0].round(4).tolist() == [0.6, 0.5, 0.5, 0.89, round(1.5 * math.sqrt(0.5), 4)]
    # Mutual best matches that share almost nothing get almost nothing from their ranks.
    assert terms.loc[1, "rank_sum_x_content"] == 0.2


def test_a_model_file_without_every_term_is_refused_naming_it(tmp_path):
    path = tmp_path / "model.csv"
    path.write_text("feature,coefficient\nintercept,-1\nthreshold,0.3\ncos_word,1\n", encoding="utf-8")
    with pytest.raises(pc.PolicyCompareError, match=r"model\.csv: the alignment model lacks sqrt_cos_word, sqrt_cos_char, cos_heading"):
        load_alignment_model(path)


def test_worker_processes_give_the_same_alignment(corpus, monkeypatch):
    # No cache: both runs cut every text, one in this process, one in two workers
    # while this process codes the instrument profiles.
    monkeypatch.setenv("POLICYCOMPARE_CACHE", "off")
    docs = ["huaxi", "yinchuan"]
    serial = align_measures(corpus, docs=docs)
    parallel = align_measures(corpus, docs=docs, n_jobs=2)
    assert len(serial) > 20
    pd.testing.assert_frame_equal(parallel, serial)


def test_a_measures_table_with_unhashable_cells_aligns_without_the_cache(two_plans, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    measures = pc.extract_measures(two_plans)
    measures["notes"] = [["a list"]] * len(measures)  # a user's own column, not hashable
    links = align_measures(measures, corpus=two_plans)
    assert not (tmp_path / "tables").exists()
    assert pairs(links) == pairs(align_measures(two_plans))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="教师育学校|经费投入𠀀", max_size=30), min_size=1, max_size=12))
def test_character_bigram_counts_give_scikit_learns_tfidf_bit_for_bit(docs):
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

    from policycompare.alignment import _char_bigram_counts

    counts = _char_bigram_counts(docs)
    if counts.shape[1] == 0:
        assert all(len(d) < 2 for d in docs)
        return
    ours = TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts, copy=False)
    theirs = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, lowercase=False).fit_transform(docs)
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(ours, part), getattr(theirs, part)), part



def assert_frame_counterparts_linked(corpus):
    """The goals (jia:1, yi:1) and the same phases of two schedules score at least the threshold; other phases are never compared."""
    scored = pc.alignment.align_with_vectors(corpus, threshold=0.0)[0]
    found = dict(zip(zip(scored["measure_a"], scored["measure_b"]), scored["score"]))
    threshold = load_alignment_model()["threshold"]
    for pair in (("jia:1", "yi:1"), ("jia:3.1", "yi:3.1"), ("jia:3.3", "yi:3.3")):
        assert found[pair] >= threshold, pair
    assert ("jia:3.1", "yi:3.3") not in found and ("jia:3.3", "yi:3.1") not in found


def test_frame_sections_of_one_role_are_linked_and_schedules_phase_by_phase():
    # Stock wording: the goals share only 目标 and years, and the phases share their stock words across places.
    jia = ("甲区方案\n\n一、工作目标\n\n到2025年，普及高中阶段教育，形成特色发展格局。\n\n二、主要措施\n\n（一）组建教育集团。优质学校托管帮扶薄弱学校。\n\n"
           "三、实施步骤\n\n（一）启动阶段（2023年1月）。制定方案，部署工作，总结经验。\n\n（二）推进阶段（2023年2月至2024年12月）。全面实施。\n\n"
           "（三）总结阶段（2025年）。总结验收，部署工作，推广经验。\n")
    yi = ("乙县方案\n\n一、发展目标\n\n到2025年，全县高中阶段毛入学率达到95%以上。\n\n二、重点任务\n\n（一）完善经费保障机制。县财政足额拨付生均公用经费。\n\n"
          "三、实施步骤\n\n（一）部署阶段（2023年3月）。成立专班，制定方案。\n\n（二）实施阶段（2023年4月至2025年6月）。全面推进。\n\n"
          "（三）验收阶段（2025年下半年）。总结验收，部署工作，总结经验。\n")
    corpus = pc.Corpus([pc.load_document_from_text(jia, doc_id="jia"), pc.load_document_from_text(yi, doc_id="yi")])
    # The launch of one and the summing-up of the other share 总结, 部署, 经验 but are never compared.
    assert_frame_counterparts_linked(corpus)
    links = align_measures(corpus)
    assert {("jia:1", "yi:1"), ("jia:3.1", "yi:3.1"), ("jia:3.3", "yi:3.3")} <= set(pairs(links))


@pytest.mark.parametrize(("heading", "role"), [
    ("指導思想", "ideology"), ("指導方針", "ideology"), ("總體要求", "ideology"), ("總體思路", "ideology"),
    ("基本原則", "principles"), ("工作原則", "principles"), ("原則", "principles"),
    ("目標", "goals"), ("工作目標", "goals"), ("發展目標", "goals"), ("行動目標", "goals"), ("具體目標", "goals"),
    ("預期目標", "goals"), ("總目標", "goals"), ("目標任務", "goals"), ("主要目標任務", "goals"),
    ("實施步驟", "schedule"), ("推進步驟", "schedule"), ("工作步驟", "schedule"), ("實施安排", "schedule"),
    ("進度安排", "schedule"), ("時間安排", "schedule"), ("時間表", "schedule"),
    # No frame section in either script: a measure's heading, or a heading that only holds a frame word.
    ("保障措施", ""), ("實現教育現代化目標", ""), ("加強組織領導", ""),
])
def test_frame_headings_in_traditional_characters_have_their_roles(heading, role):
    from policycompare.alignment import frame_roles

    # A plan from Taiwan or Hong Kong read without convert: its frame sections are frame sections all the same.
    text = f"方案\n一、{heading}\n內容。\n二、主要措施\n（一）加大投入。\n"
    leaves = _measures_of(pc.Document("t", text, text), None)
    assert dict(zip(leaves["measure_id"], frame_roles(leaves))) == {"t:1": role, "t:2.1": ""}
    simplified = {"指導": "指导", "總體": "总体", "原則": "原则", "目標": "目标", "發展": "发展", "行動": "行动", "具體": "具体",
                  "預期": "预期", "任務": "任务", "實施": "实施", "推進": "推进", "步驟": "步骤", "進度": "进度", "時間": "时间",
                  "實現": "实现", "現代": "现代", "加強": "加强", "組織": "组织", "領導": "领导", "總": "总", "方針": "方针"}
    for old, new in simplified.items():
        text = text.replace(old, new)
    leaves = _measures_of(pc.Document("s", text, text), None)
    assert dict(zip(leaves["measure_id"], frame_roles(leaves))) == {"s:1": role, "s:2.1": ""}


def test_every_character_of_the_frame_headings_is_read_in_its_traditional_forms():
    opencc = pytest.importorskip("opencc")
    from policycompare.structure import _FRAME_CONTAINERS, _FRAME_HEADINGS, _TRADITIONAL_FOLD

    # A name added to the headings with a character the fold lacks would leave its traditional form without a role.
    names = {char for pattern in (*_FRAME_HEADINGS.values(), _FRAME_CONTAINERS) for char in pattern.pattern if "\u4e00" <= char <= "\u9fff"}
    for config in ("s2t", "s2hk", "s2tw"):
        converter = opencc.OpenCC(config)
        assert {char: converter.convert(char) for char in names if converter.convert(char).translate(_TRADITIONAL_FOLD) != char} == {}, config


def test_frame_sections_of_plans_read_without_convert_are_linked_and_schedules_phase_by_phase():
    # Two plans in traditional characters, compared as they are written (without convert), as the plans above in simplified ones.
    jia = ("甲區計畫\n\n一、工作目標\n\n到2025年，普及高中階段教育，形成特色發展格局。\n\n二、主要措施\n\n（一）組建教育集團。優質學校託管幫扶薄弱學校。\n\n"
           "三、實施步驟\n\n（一）啟動階段（2023年1月）。制定方案，部署工作，總結經驗。\n\n（二）推進階段（2023年2月至2024年12月）。全面實施。\n\n"
           "（三）總結階段（2025年）。總結驗收，部署工作，推廣經驗。\n")
    yi = ("乙縣計畫\n\n一、發展目標\n\n到2025年，全縣高中階段毛入學率達到95%以上。\n\n二、重點任務\n\n（一）完善經費保障機制。縣財政足額撥付生均公用經費。\n\n"
          "三、實施步驟\n\n（一）部署階段（2023年3月）。成立專班，制定方案。\n\n（二）實施階段（2023年4月至2025年6月）。全面推進。\n\n"
          "（三）驗收階段（2025年下半年）。總結驗收，部署工作，總結經驗。\n")
    with pytest.warns(pc.PolicyCompareWarning, match="traditional forms"):
        corpus = pc.Corpus([pc.load_document_from_text(jia, doc_id="jia"), pc.load_document_from_text(yi, doc_id="yi")])
    leaves = _measures_of(corpus, None)
    assert dict(zip(leaves["measure_id"], alignment.frame_roles(leaves))) == {
        "jia:1": "goals", "jia:2.1": "", "jia:3.1": "schedule:first", "jia:3.2": "schedule:middle", "jia:3.3": "schedule:last",
        "yi:1": "goals", "yi:2.1": "", "yi:3.1": "schedule:first", "yi:3.2": "schedule:middle", "yi:3.3": "schedule:last",
    }
    assert_frame_counterparts_linked(corpus)


def test_frame_sections_in_two_scripts_are_linked_without_convert_whatever_their_words():
    # One plan in simplified characters, one in traditional characters read as it is written: their frame sections share
    # no word (指导思想 is not 指導思想), so the word index never pairs them; they are counterparts all the same.
    jia = ("甲区教育提升方案\n\n一、指导思想\n\n坚持以人民为中心，办好人民满意的教育。\n\n二、工作目标\n\n到2025年，普及高中阶段教育。\n\n"
           "三、主要措施\n\n（一）组建教育集团。优质学校托管帮扶薄弱学校。\n\n四、实施步骤\n\n（一）启动阶段（2023年1月）。制定方案，部署工作。\n\n"
           "（二）推进阶段（2023年2月至2024年12月）。全面实施。\n\n（三）总结阶段（2025年）。总结验收，推广经验。\n")
    yi = ("乙市教育發展計畫\n\n一、指導思想\n\n落實立德樹人根本任務，促進學生全面發展。\n\n二、發展目標\n\n至民國116年，全市學校均完成智慧教室建置。\n\n"
          "三、重點任務\n\n（一）完善經費保障機制。市府足額撥付公用經費。\n\n四、實施步驟\n\n（一）規劃階段（民國113年1月至113年7月）。成立專案小組。\n\n"
          "（二）執行階段（113學年度至115學年度）。逐校推動。\n\n（三）評估階段（民國116年）。檢討成效。\n")
    with pytest.warns(pc.PolicyCompareWarning, match="traditional forms"):
        documents = [pc.load_document_from_text(jia, doc_id="jia"), pc.load_document_from_text(yi, doc_id="yi")]
    corpus = pc.Corpus(documents)
    scored, vectors = align_with_vectors(corpus, threshold=0.0)
    roles = alignment.frame_roles(vectors.measures)
    assert dict(zip(vectors.measures["measure_id"], roles)) == {
        "jia:1": "ideology", "jia:2": "goals", "jia:3.1": "", "jia:4.1": "schedule:first", "jia:4.2": "schedule:middle", "jia:4.3": "schedule:last",
        "yi:1": "ideology", "yi:2": "goals", "yi:3.1": "", "yi:4.1": "schedule:first", "yi:4.2": "schedule:middle", "yi:4.3": "schedule:last",
    }
    # By their words alone, no pair is a candidate.
    codes = pd.factorize(vectors.measures["doc_id"], sort=True)[0]
    assert len(_candidate_pairs(vectors, codes, kinds=roles != "")[0]) == 0
    counterparts = [("jia:1", "yi:1"), ("jia:2", "yi:2"), ("jia:4.1", "yi:4.1"), ("jia:4.2", "yi:4.2"), ("jia:4.3", "yi:4.3")]
    threshold = load_alignment_model()["threshold"]
    # Every pair of one role is compared, scored at the threshold (no word in common), and nothing else is.
    assert pairs(scored) == counterparts and (scored["cos_word"] == 0).all() and (scored["score"] == threshold).all()
    links = align_measures(corpus)
    assert pairs(links) == counterparts
    # In the other order, the same links.
    backwards = align_measures(pc.Corpus(documents[::-1]))
    assert sorted(zip(backwards["measure_b"], backwards["measure_a"])) == counterparts


def test_counterpart_keys_are_each_sections_best_of_its_role_ties_by_plan_code_then_row():
    """Each frame section's per_measure heaviest sections of its role in other plans, those sharing no word included."""
    rng = np.random.default_rng(5)
    n = 80
    # Few words and weights: many sections share no word, and many tie; every ninth has no word at all.
    dense = rng.choice([0.0, 0.0, 0.0, 0.5, 1.0], size=(n, 6))
    dense[::9] = 0.0
    full = sp.csr_matrix(dense)
    # Plans whose codes (the sorted order of their ids) are not the order they come in.
    doc_codes = np.array([3, 0, 4, 2, 1])[np.repeat(np.arange(5), n // 5)]
    roles = rng.choice(np.array(["", "", "goals", "ideology", "schedule:first"], dtype=object), size=n)
    weights = (full @ full.T).toarray()
    for per_measure in (1, 3, 100):
        expected = set()
        for row in np.flatnonzero(roles != ""):
            peers = [c for c in range(n) if roles[c] == roles[row] and doc_codes[c] != doc_codes[row]]
            best = sorted(peers, key=lambda c: (-weights[row, c], doc_codes[c], c))[:per_measure]
            expected |= {min(c, row) * n + max(c, row) for c in best}
        assert any(weights[row, c] == 0 for key in expected for row, c in [divmod(key, n)])
        for chunk in (1, 7, 1000):
            found = alignment._counterpart_keys(full, doc_codes, roles, per_measure=per_measure, chunk=chunk)
            assert set(found.tolist()) == expected, (per_measure, chunk)
    # Up to per_measure sections of a role in other plans, every pair of one role is a candidate.
    everything = {min(a, b) * n + max(a, b) for a in range(n) for b in range(n)
                  if roles[a] != "" and roles[a] == roles[b] and doc_codes[a] != doc_codes[b]}
    assert set(alignment._counterpart_keys(full, doc_codes, roles, per_measure=n).tolist()) == everything


def test_frame_roles_place_the_phases_of_each_schedule():
    from policycompare.alignment import frame_roles

    units = pd.DataFrame({"parent_id": ["a:3", "a:3", "b:4", "c:2", "c:2", "c:2", "c:2"],
                          "frame": ["schedule", "schedule", "schedule", "schedule", "schedule", "schedule", "goals"]})
    # Two phases: first and last; a lone phase: schedule; four: first, middle, middle, last (the goals are no phase).
    assert frame_roles(units).tolist() == ["schedule:first", "schedule:last", "schedule", "schedule:first", "schedule:middle",
                                           "schedule:last", "goals"]
    # Without the outline, a schedule's units are the schedule; without roles, every unit is a measure.
    assert frame_roles(units.drop(columns="parent_id")).tolist() == ["schedule"] * 6 + ["goals"]
    assert frame_roles(units.drop(columns="frame")).tolist() == [""] * 7


def test_schedules_at_the_top_of_two_plans_are_not_one_schedules_phases():
    from policycompare.alignment import frame_roles

    # Top-level units of every plan have the parent "": a schedule without phases in each of two plans (实施期程 at
    # the top, as plans from Taiwan have it) was taken for the first and last phase of one schedule, never compared.
    units = pd.DataFrame({"doc_id": ["a", "b", "c", "c"], "measure_id": ["a:4", "b:3", "c:5.1", "c:5.2"],
                          "parent_id": ["", "", "c:5", "c:5"], "frame": ["schedule"] * 4})
    assert frame_roles(units).tolist() == ["schedule", "schedule", "schedule:first", "schedule:last"]


def test_score_pairs_raises_frame_counterparts_to_the_threshold_only():
    from policycompare.alignment import FEATURES, score_pairs

    model = {**load_alignment_model(), "threshold": 0.3}
    pairs_ = pd.DataFrame({f: [0.0, 0.0, 0.9, 0.9] for f in FEATURES}).assign(counterpart=[False, True, False, True])
    scores = score_pairs(pairs_, model)
    assert scores[0] < 0.3 and scores[1] == 0.3
    # A counterpart the model already scores higher keeps its score.
    assert scores[3] == scores[2] > 0.3


def test_frame_sections_propose_frame_sections_with_all_their_words():
    from types import SimpleNamespace

    # Units 0 and 3 are frame sections of plans 0 and 1; 1, 2 (plan 0) and 4, 5 (plan 1) are measures.
    # Word 0 is rare and heavy (0 shares it with the measures 4 and 5); word 1 is the light stock word of both frames.
    words = sp.csr_matrix(np.array([
        [0.9, 0.1, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0],
        [0.0, 0.1, 0.9], [0.9, 0.0, 0.0], [0.9, 0.0, 0.0],
    ]))
    vectors = SimpleNamespace(words=words, headings=sp.csr_matrix((6, 1)))
    codes = np.array([0, 0, 0, 1, 1, 1])
    plain = set(zip(*_candidate_pairs(vectors, codes, keep=1, per_measure=1)))
    # Proposing by its heaviest word only, and to the best measure, the frame section 0 never meets frame section 3.
    assert (0, 3) not in plain
    kinds = np.array([1, 0, 0, 1, 0, 0])
    framed = set(zip(*_candidate_pairs(vectors, codes, kinds=kinds, keep=1, per_measure=1)))
    assert (0, 3) in framed and not {(0, 4), (0, 5)} & framed


def test_an_unknown_id_in_docs_is_an_input_error_and_a_key_error(three_plans):
    # Raised as itself, not inside a KeyError: the message reads cleanly and `except PolicyCompareError` catches it.
    message = r"^no document 'ding' in the corpus; known ids: jia, yi, bing$"
    for given in (three_plans, pc.extract_measures(three_plans)):
        with pytest.raises(pc.UnknownIdError, match=message) as refused:
            align_measures(given, docs=["jia", "ding"])
        assert isinstance(refused.value, pc.PolicyCompareError) and isinstance(refused.value, KeyError)
    with pytest.raises(pc.UnknownIdError, match=message):
        _measures_of(three_plans, ["jia", "ding"])


def test_docs_given_as_a_string_or_an_empty_corpus_are_refused_in_one_line(corpus):
    with pytest.raises(TypeError, match=r"^docs must be a list of document ids such as \['huaxi', 'yinchuan'\], not 'huaxi'$"):
        pc.align_measures(corpus, docs="huaxi")
    with pytest.raises(pc.PolicyCompareError, match="^there are no plans to align$"):
        pc.align_measures(pc.Corpus([]))


def test_an_unknown_id_in_docs_is_refused_without_a_warning_about_one_plan(corpus, recwarn):
    with pytest.raises(KeyError, match="no document 'zzz' in the corpus"):
        pc.align_measures(corpus, docs=["zzz"])
    assert not [w for w in recwarn if issubclass(w.category, pc.PolicyCompareWarning)]


def _select_reference(frame, *, threshold, per_plan=5, top_k=None, one_to_one=False):
    """The link selection with pandas, each condition judged among all links above the threshold: the reference for ``_select``."""
    links = frame[frame["score"] >= threshold]
    if one_to_one:
        per_plan = 1
    # Ties: the measure of the plan of the lower code first, then the other.
    first = links["doc_i"] < links["doc_j"]
    links = links.assign(lo_doc=np.where(first, links["doc_i"], links["doc_j"]), lo=np.where(first, links["i"], links["j"]),
                         hi_doc=np.where(first, links["doc_j"], links["doc_i"]), hi=np.where(first, links["j"], links["i"]))
    links = links.sort_values(["score", "lo_doc", "lo", "hi_doc", "hi"], ascending=[False, True, True, True, True], kind="stable")
    links = links.drop(columns=["lo_doc", "lo", "hi_doc", "hi"])
    # Both sides' places, and both measures' places over all peer plans, among the same links.
    within = [links.groupby([key, peer], sort=False).cumcount() < per_plan for key, peer in (("i", "doc_j"), ("j", "doc_i"))]
    kept = within[0] & within[1]
    if top_k is not None:
        places, seen = [], {}
        for i, j in zip(links["i"], links["j"]):
            places.append(seen.get(i, 0) < top_k and seen.get(j, 0) < top_k)
            seen[i], seen[j] = seen.get(i, 0) + 1, seen.get(j, 0) + 1
        kept &= np.array(places, dtype=bool)
    return links[kept]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("options", [{"per_plan": 5}, {"per_plan": 2, "top_k": 3}, {"per_plan": 1, "top_k": 1}, {"per_plan": 3, "one_to_one": True}])
@pytest.mark.parametrize("codes", [[0, 1, 2, 3, 4], [3, 0, 4, 2, 1]], ids=["plans in id order", "plans in another order"])
def test_select_equals_the_pandas_reference_with_ties(seed, options, codes):
    rng = np.random.default_rng(seed)
    pairs = sorted({(int(a), int(b)) for a, b in rng.integers(0, 40, (600, 2)) if a < b})
    i, j = np.array(pairs).T
    docs = np.array(codes)[np.arange(40) // 8]
    frame = pd.DataFrame({"i": i.astype(np.int32), "j": j.astype(np.int32), "doc_i": docs[i], "doc_j": docs[j],
                          # Few distinct scores: many ties, broken by the plans' codes and the rows.
                          "score": rng.choice([0.2, 0.4, 0.6, 0.8], len(i)),
                          "rank_a": rng.choice([1.0, 0.5], len(i)), "rank_b": rng.choice([1.0, 0.5], len(i))})
    frame = frame[docs[i] != docs[j]]
    for table in (frame, frame.sample(frac=1, random_state=seed)):  # in (i, j) order, as scored, and not
        expected = _select_reference(table, threshold=0.3, **options)
        found = alignment._select(table, threshold=0.3, **options)
        assert len(found) > 0
        pd.testing.assert_frame_equal(found, expected)
    assert alignment._select(frame, threshold=0.9, **options).empty


def test_docs_given_as_a_generator_are_read_once_not_used_up_by_the_checks(corpus):
    # The check that each id is a str, given once, read a generator to its end: nothing was left to align.
    regions = ["huaxi", "anning"]
    expected = pc.align_measures(corpus, docs=regions)
    pd.testing.assert_frame_equal(pc.align_measures(corpus, docs=(d for d in regions)), expected)
    assert corpus.subset(d for d in regions).doc_ids == regions
