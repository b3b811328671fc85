import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare.typology import CODING_COLUMNS, SCHEMES, UNCODED, code_instruments, load_typology, typology_crosstab

REGIONS = ["huaxi", "yinchuan", "anning", "qixing"]
RZ_SUBTYPES = {
    "供给型": ["资金投入", "人才培养/师资建设", "基础设施", "信息/技术支持", "公共服务"],
    "环境型": ["目标规划", "法规管制", "策略性措施", "金融支持", "税收优惠", "组织保障", "政策宣传"],
    "需求型": ["政府购买/服务外包", "示范推广", "交流合作/对口帮扶", "社会参与"],
}
ME_TYPES = ["命令型", "激励型", "能力建设型", "系统变革型", "劝告型"]
FUNDING = "（一）加大经费投入。每年投入20万元用于教师培训。"
HEADER = "scheme,type,subtype,keyword,weight,note\n"


def make_measures(*units, doc_id="demo"):
    """Consecutive units of one document: (text, heading) pairs; offsets as in the joined text."""
    rows, start = [], 0
    for i, (text, heading) in enumerate(units, 1):
        rows.append({"doc_id": doc_id, "measure_id": f"{doc_id}:{i}", "heading": heading, "text": text,
                     "start": start, "end": start + len(text), "kind": "measure", "is_leaf": True})
        start += len(text)
    return pd.DataFrame(rows)


def codings(coding, scheme="rothwell_zegveld"):
    rows = coding[coding["scheme"] == scheme]
    return rows[["subtype", "score", "heading_score", "n_matches", "evidence", "primary"]].values.tolist()


@pytest.fixture(scope="module")
def measures(corpus):
    return pc.extract_measures(corpus)


@pytest.fixture(scope="module")
def coding(measures):
    return code_instruments(measures)


# --- coding hand-made measures -------------------------------------------------------------------


def test_heading_match_weighs_four_times_a_body_match():
    coding = code_instruments(make_measures((FUNDING, "加大经费投入")))
    assert coding.columns.tolist() == CODING_COLUMNS
    # 经费投入 (weight 2) in the heading counts 8; 投入 (0.5) in the body 0.5
    assert codings(coding) == [
        ["资金投入", 8.5, 8.0, 2, "经费投入@5;投入@12", True],
        ["人才培养/师资建设", 2.0, 0.0, 1, "教师培训@20", False],
    ]
    assert codings(coding, "mcdonnell_elmore") == [["能力建设型", 8.5, 6.0, 3, "经费投入@5;投入@12;教师培训@20", True]]
    assert coding[["doc_id", "measure_id", "heading", "start", "end"]].drop_duplicates().values.tolist() == [
        ["demo", "demo:1", "加大经费投入", 0, len(FUNDING)]
    ]


def test_heading_weight_one_counts_heading_like_body():
    coding = code_instruments(make_measures((FUNDING, "加大经费投入")), heading_weight=1)
    assert codings(coding)[0] == ["资金投入", 2.5, 2.0, 2, "经费投入@5;投入@12", True]


def test_longest_keyword_wins_so_a_phrase_counts_once():
    coding = code_instruments(make_measures(("落实生均公用经费拨款制度。", "")))
    # not 经费@6 again; 制度 (0.5) alone stays under min_score
    assert codings(coding) == [["资金投入", 3.5, 0.0, 2, "生均公用经费@2;拨款@8", True]]


def test_weight_zero_keyword_blocks_the_shorter_one_inside_it():
    department = code_instruments(make_measures(("由市财政局统筹安排。", "")), min_score=0.5)
    money = code_instruments(make_measures(("由市财政统筹安排。", "")), min_score=0.5)
    assert codings(department) == [["策略性措施", 0.5, 0.0, 1, "统筹@5", True]]
    assert codings(money) == [
        ["资金投入", 0.5, 0.0, 1, "财政@2", True],
        ["策略性措施", 0.5, 0.0, 1, "统筹@4", False],
    ]


@pytest.mark.parametrize(("text", "scheme", "keyword"), [
    ("高中阶段毛入学率达到95%。", "rothwell_zegveld", "阶段"),
    ("2. 小学阶段。落实课程方案。", "rothwell_zegveld", "阶段"),
    ("发挥评价的诊断、改进、激励功能。", "rothwell_zegveld", "激励"),
    ("发挥评价的诊断、改进、激励功能。", "mcdonnell_elmore", "激励"),
    ("培养学生的创新精神和创新能力。", "rothwell_zegveld", "创新"),
    ("切实减轻家长和学生负担。", "rothwell_zegveld", "家长"),
    ("教师不得给家长布置作业。", "rothwell_zegveld", "家长"),
    ("牢牢掌握意识形态工作领导权。", "mcdonnell_elmore", "意识"),
    ("帮助随迁子女融入学校生活。", "rothwell_zegveld", "入学"),
])
def test_shipped_keywords_do_not_count_in_another_sense(text, scheme, keyword):
    coding = code_instruments(make_measures((text, "")), scheme=scheme, min_score=0.5)
    matched = [part.split("@")[0] for evidence in coding["evidence"] for part in evidence.split(";") if part]
    assert keyword not in matched


def test_shipped_keywords_still_count_in_their_own_sense():
    phases = code_instruments(make_measures(("分三个阶段推进。", "")), scheme="rothwell_zegveld", min_score=0.5)
    assert codings(phases) == [["目标规划", 0.5, 0.0, 1, "阶段@3", True]]
    lab = code_instruments(make_measures(("建设创新实验室。", "")), scheme="rothwell_zegveld")
    assert codings(lab) == [["基础设施", 1.5, 0.0, 1, "创新实验室@2", True]]
    mentoring = code_instruments(make_measures(("实施学校管理帮扶。", "实施学校管理帮扶")), scheme="mcdonnell_elmore")
    assert codings(mentoring, "mcdonnell_elmore") == [["能力建设型", 4.0, 4.0, 1, "帮扶@6", True]]


def evidence(text, scheme):
    coding = code_instruments(make_measures((text, "")), scheme=scheme, min_score=0.5)
    return [part for evidence in coding["evidence"] for part in evidence.split(";") if part]


# Each pair: the keyword in a sense that is not the instrument, where the shipped row's look-arounds (or a weight-0
# row) keep it out, and the same keyword in the sense the row is for, where it still counts.
@pytest.mark.parametrize(("scheme", "other_sense", "own_sense", "keyword", "found"), [
    # 挂钩: assigned to or paired with, not pay tied to results
    ("mcdonnell_elmore", "完善领导干部挂钩学校机制。", "坚持绩效分配与教学能力挂钩。", "挂钩", "挂钩@11"),
    ("rothwell_zegveld", "开展结对挂钩帮扶，建立挂钩联系制度。", "坚持绩效分配与教学能力挂钩。", "挂钩", "挂钩@11"),
    # 杜绝: an aim that events do not happen, not a prohibition
    ("mcdonnell_elmore", "杜绝学校霸凌等事件发生。", "杜绝幼儿园“小学化”。", "杜绝", "杜绝@0"),
    ("rothwell_zegveld", "杜绝学校霸凌等事件发生。", "杜绝有偿补课，确保不发生安全事故。", "杜绝", "杜绝@0"),
    ("mcdonnell_elmore", "坚决杜绝安全事故发生。", "坚决杜绝提前招生。", "坚决杜绝", "坚决杜绝@0"),
    ("rothwell_zegveld", "杜绝学校霸凌等事件发生。", "杜绝有偿补课等违规行为发生。", "杜绝", "杜绝@0"),
    # 示范性, 示范: a grade a school is rated at, not a demonstration
    ("rothwell_zegveld", "创建省级示范性幼儿园30所。", "建设示范性职工培训基地。", "示范性", "示范性@2"),
    ("rothwell_zegveld", "新增市级示范园2所、示范幼儿园1所。", "建设农业示范园区。", "示范", "示范@4"),
    ("mcdonnell_elmore", "发挥示范性普通高中作用，新增市级示范园2所。", "开展示范课评选。", "示范", "示范@2"),
    # 培养: pupils taught, not staff trained
    ("rothwell_zegveld", "培养学生创新性问题解决能力，强化综合实践能力培养。", "加强青年教师培养。", "培养", "培养@6"),
    ("mcdonnell_elmore", "着力培养德智体美劳全面发展的社会主义建设者。", "加强青年教师培养。", "培养", "培养@6"),
    ("rothwell_zegveld", "培养幼儿良好习惯，培养劳动精神。", "定向培养幼儿园教师。", "培养", "培养@2"),
    ("mcdonnell_elmore", "培养幼儿良好习惯，培养劳动精神。", "培养劳动教育专任教师。", "培养", "培养@0"),
    # 培训: private tutoring, not training
    ("rothwell_zegveld", "深化校外培训机构治理，查处隐形变异培训。", "开展骨干校长培训。", "培训", "培训@6"),
    ("mcdonnell_elmore", "规范治理学科类培训机构。", "开展骨干校长培训。", "培训", "培训@6"),
    # 合作: cooperative learning, or the 合作 of 结合作为, not partnership
    ("rothwell_zegveld", "促进学生自主、合作、探究学习，开展合作式学习。", "与高校开展合作。", "合作", "合作@5"),
    ("rothwell_zegveld", "把工学结合作为基本模式，培养合作精神。", "与高校开展合作。", "合作", "合作@5"),
    ("rothwell_zegveld", "倡导自主，合作，探究的学习方式。", "加强团结合作。", "合作", "合作@4"),
    # 信息技术, 人工智能: an industry, not ICT in schools
    ("rothwell_zegveld", "发展新一代信息技术、人工智能等产业需要的专业。", "推进信息技术与教学融合。", "信息技术", "信息技术@2"),
    ("rothwell_zegveld", "发展新一代信息技术、人工智能等产业需要的专业。", "推进人工智能教育进校园。", "人工智能", "人工智能@2"),
    # 标准: 标准化 (built or run to standard), not a rule
    ("mcdonnell_elmore", "县中建设基本实现标准化。", "严格落实学校建设标准。", "标准", "标准@8"),
])
def test_a_keyword_counts_in_its_own_sense_and_not_in_another(scheme, other_sense, own_sense, keyword, found):
    assert keyword not in [part.split("@")[0] for part in evidence(other_sense, scheme)]
    assert found in evidence(own_sense, scheme)


def test_support_in_general_is_capacity_building_not_an_inducement():
    heading = "加大对乡村薄弱学校扶持力度"
    coding = code_instruments(make_measures((f"2.{heading}。", heading)), scheme="mcdonnell_elmore")
    assert codings(coding, "mcdonnell_elmore") == [["能力建设型", 2.0, 2.0, 1, "扶持@11", True]]


def test_a_pattern_looks_around_its_match_also_where_another_keyword_takes_the_text_before_it():
    table = pd.DataFrame({
        "scheme": "mcdonnell_elmore", "type": ["激励型", "系统变革型"], "subtype": ["激励型", "系统变革型"],
        "keyword": ["re:(?<!结对)挂钩(?!学校)", "结对"], "weight": ["1", "1"]})
    paired = code_instruments(make_measures(("开展结对挂钩，领导干部挂钩学校。", "")), dictionary=table, scheme="mcdonnell_elmore", min_score=0.5)
    assert codings(paired, "mcdonnell_elmore") == [["系统变革型", 1.0, 0.0, 1, "结对@2", True]]
    tied = code_instruments(make_measures(("与考核结果挂钩。", "")), dictionary=table, scheme="mcdonnell_elmore", min_score=0.5)
    assert codings(tied, "mcdonnell_elmore") == [["激励型", 1.0, 0.0, 1, "挂钩@5", True]]


def test_responsibility_tags_are_not_read():
    text = "（二）加强督导。<责任单位:市财政局、市发展和改革局>[牵头单位：区教育局；配合单位：区财政局]"
    bare = "推进校舍改造。\n责任单位:区财政局、区发展和改革局"
    coding = code_instruments(make_measures((text, "加强督导"), (bare, "推进校舍改造")))
    # 改革 inside 发展和改革局 would be 策略性措施 / 系统变革型
    assert coding[["measure_id", "scheme", "subtype", "evidence"]].values.tolist() == [
        ["demo:1", "rothwell_zegveld", "法规管制", "督导@5"],
        ["demo:1", "mcdonnell_elmore", "命令型", "督导@5"],
        ["demo:2", "rothwell_zegveld", "基础设施", f"校舍@{len(text) + 2};改造@{len(text) + 4}"],
        ["demo:2", "mcdonnell_elmore", "能力建设型", f"校舍@{len(text) + 2}"],
    ]


def test_a_keyword_inside_a_cited_title_is_no_evidence_and_the_same_keyword_outside_is():
    # qixing:3.6.2: the title names another document; 督导 and 评价 in it are not what this measure does.
    cited = "严格按照《广西壮族自治区基础教育质量督导评价实施方案（试行）》开展工作。"
    own = "严格按照实施方案开展督导评价。"
    coding = code_instruments(make_measures((cited, ""), (own, "")), scheme="rothwell_zegveld", min_score=0.5)
    after = len(cited)
    assert coding[["measure_id", "subtype", "score", "evidence"]].values.tolist() == [
        ["demo:1", "法规管制", 1.0, "严格按照@0"],
        ["demo:2", "法规管制", 3.0, f"严格按照@{after};督导@{after + 10};评价@{after + 12}"],
        ["demo:2", "目标规划", 0.5, f"实施方案@{after + 4}"],
    ]
    # A title in the heading does not weigh either.
    heading = code_instruments(make_measures(("（一）落实《教育督导条例》。", "落实《教育督导条例》")), scheme="rothwell_zegveld")
    assert codings(heading) == [[UNCODED, 0.0, 0.0, 0, "", True]]


def test_a_title_inside_a_title_is_inside_it():
    # 〈…〉 as a title within 《…》, and 《 written for it: the outer title holds both.
    text = "贯彻《关于印发〈教育督导评估办法〉的通知》和《加强督导《教学规范》的意见》，加强督导。"
    coding = code_instruments(make_measures((text, "")), scheme="rothwell_zegveld", min_score=0.5)
    assert codings(coding) == [["法规管制", 1.5, 0.0, 1, f"督导@{text.rindex('督导')}", True]]


def test_an_unclosed_title_blanks_nothing_beyond_its_line_or_its_length():
    # The 《 of line 1 is closed on no line (a 》 of line 2 closes line 2's 《); nor by a 》 too far away.
    lines = ["依据《教育督导条例，加强督导。", "落实《督导办法》，开展督导。", "《" + "督导" + "开展工作" * 40 + "》"]
    text = "\n".join(lines)
    coding = code_instruments(make_measures((text, "")), scheme="rothwell_zegveld")
    line_2, line_3 = len(lines[0]) + 1, len(lines[0]) + len(lines[1]) + 2
    assert codings(coding) == [
        ["法规管制", 6.0, 0.0, 4, f"督导@5;督导@12;督导@{line_2 + 11};督导@{line_3 + 1}", True]
    ]


def test_cited_titles_score_nothing_in_the_alignment_profile_either():
    from policycompare.typology import _subtype_scores

    matrix, _ = _subtype_scores(["按照《教育督导条例》《财政专项经费管理办法》执行。", "加强督导，设立专项经费。"], ["", ""])
    assert matrix.getnnz(axis=1).tolist() == [0, 3]


def test_measure_without_match_gets_one_uncoded_row_per_scheme():
    coding = code_instruments(make_measures(("（三）其他事项。", "其他事项")))
    assert coding[["scheme", "type", "subtype", "score", "heading_score", "n_matches", "evidence", "primary"]].values.tolist() == [
        ["rothwell_zegveld", UNCODED, UNCODED, 0.0, 0.0, 0, "", True],
        ["mcdonnell_elmore", UNCODED, UNCODED, 0.0, 0.0, 0, "", True],
    ]


def test_body_match_counts_its_weight_once():
    coding = code_instruments(make_measures(("（四）补课管理。严禁有偿补课。", "补课管理")), scheme="rothwell_zegveld")
    assert codings(coding) == [["法规管制", 2.0, 0.0, 1, "严禁@8", True]]


def test_dated_and_quantified_targets_match_as_patterns():
    coding = code_instruments(make_measures(("到2025年，新增学位4500个，高中毛入学率达到96%以上。", "")), scheme="rothwell_zegveld")
    assert codings(coding) == [
        ["目标规划", 4.5, 0.0, 4, "到2025年@0;毛入学率@19;达到@23;96%以上@25", True],
        ["基础设施", 2.0, 0.0, 1, "新增学位@7", False],
    ]
    spaced = code_instruments(make_measures(("到 2025 年完成。", "")), scheme="rothwell_zegveld")
    assert codings(spaced) == [["目标规划", 1.5, 0.0, 1, "到 2025 年@0", True]]


@pytest.mark.parametrize("year", ["到民國115年", "到民国115年", "到中華民國115年", "到 民國 115 年", "到民國１１５年"])
def test_dated_targets_in_years_of_the_republic_match_as_those_in_years_of_the_common_era(year):
    # Plans from Taiwan date their targets 到民國115年 (2026), in either script; the same weight as 到2026年.
    coding = code_instruments(make_measures((f"{year}完成。", "")), scheme="rothwell_zegveld")
    assert codings(coding) == [["目标规划", 1.5, 0.0, 1, f"{year}@0", True]]
    common_era = code_instruments(make_measures(("到2026年完成。", "")), scheme="rothwell_zegveld")
    assert codings(common_era) == [["目标规划", 1.5, 0.0, 1, "到2026年@0", True]]


@pytest.mark.parametrize("text", ["自民國112年9月1日起至民國115年7月31日止", "民國115年前完成", "2025年前完成"])
def test_a_period_or_a_deadline_in_years_of_the_republic_is_no_dated_target(text):
    # 至 closes a period (自…起至…止), as 至2025年 does in a mainland plan, and neither counts; nor a year without 到
    # (115年前, as 2025年前).
    assert codings(code_instruments(make_measures((text, "")), scheme="rothwell_zegveld")) == [[UNCODED, 0.0, 0.0, 0, "", True]]


def test_full_width_digits_and_letters_code_as_ascii_ones_and_the_evidence_quotes_them_as_written():
    # From a full-width input mode, or a GB-encoded file: the same plan codes the same in either width, and the
    # evidence quotes each text as written, at its own offsets (folding is one character for one).
    half = "到2025年，新增学位3000个以上，高中毛入学率达到96.5%以上，建设5G校园，开展5G教学。"
    full = "到２０２５年，新增学位３０００个以上，高中毛入学率达到９６．５％以上，建设５Ｇ校园，开展５ｇ教学。"
    for text, (year, target, share, network, lower) in ((half, ("2025", "3000", "96.5%", "5G", "5G")),
                                                       (full, ("２０２５", "３０００", "９６．５％", "５Ｇ", "５ｇ"))):
        coding = code_instruments(make_measures((text, "")), scheme="rothwell_zegveld")
        assert codings(coding) == [
            ["目标规划", 5.5, 0.0, 5, f"到{year}年@0;{target}个以上@11;毛入学率@21;达到@25;{share}以上@27", True],
            ["基础设施", 2.0, 0.0, 1, "新增学位@7", False],
            ["信息/技术支持", 2.0, 0.0, 2, f"{network}@37;{lower}@44", False],
        ]


def test_keywords_and_patterns_written_full_width_match_either_width():
    from policycompare.typology import _compile, _scan

    table = pd.DataFrame({"scheme": "rothwell_zegveld", "type": "供给型", "subtype": "信息/技术支持",
                          "keyword": ["ＳＴＥＭ", "re:（[一二三]）\\s*[Ａ-Ｚ]+", "re:\\＋Ｘ"], "weight": 2.0, "note": ""})
    text = "开展STEM教育。(一) AI课程。（二）ＶＲ课程。1+X证书。"
    assert [text[a:b] for a, b, _ in _scan(_compile(table), text)] == ["STEM", "(一) AI", "（二）ＶＲ", "+X"]


def test_default_min_score_wants_a_strong_keyword_or_two_ordinary_ones():
    # 合作 (weight 1) once is not enough; 托管 (1.5) is; 合作 twice is
    coded = code_instruments(make_measures(("加强合作。", ""), ("实施托管。", ""), ("合作共赢，深化合作。", "")), scheme="rothwell_zegveld")
    assert coded[["measure_id", "subtype", "score"]].values.tolist() == [
        ["demo:1", UNCODED, 0.0],
        ["demo:2", "交流合作/对口帮扶", 1.5],
        ["demo:3", "交流合作/对口帮扶", 2.0],
    ]


def test_multi_label_false_and_min_score_keep_fewer_codings():
    measures = make_measures((FUNDING, "加大经费投入"))
    single = code_instruments(measures, scheme="rothwell_zegveld", multi_label=False)
    strict = code_instruments(measures, scheme="rothwell_zegveld", min_score=3)
    assert codings(single) == codings(strict) == [["资金投入", 8.5, 8.0, 2, "经费投入@5;投入@12", True]]
    nothing = code_instruments(measures, scheme="rothwell_zegveld", min_score=9)
    assert nothing[["subtype", "primary"]].values.tolist() == [[UNCODED, True]]


def test_scheme_option_and_row_order():
    measures = make_measures((FUNDING, "加大经费投入"), ("（二）其他。", ""))
    assert code_instruments(measures, scheme="mcdonnell_elmore")["scheme"].unique().tolist() == ["mcdonnell_elmore"]
    both = code_instruments(measures)
    assert both[["measure_id", "scheme", "subtype"]].values.tolist() == [
        ["demo:1", "rothwell_zegveld", "资金投入"],
        ["demo:1", "rothwell_zegveld", "人才培养/师资建设"],
        ["demo:1", "mcdonnell_elmore", "能力建设型"],
        ["demo:2", "rothwell_zegveld", UNCODED],
        ["demo:2", "mcdonnell_elmore", UNCODED],
    ]


def test_front_matter_and_bare_section_titles_are_skipped():
    measures = pd.DataFrame([
        {"measure_id": "d:0", "kind": "front_matter", "is_leaf": True, "label": "", "heading": "",
         "text": "关于印发方案的通知\n各部门：请严格执行，确保落实经费投入。\n"},
        {"measure_id": "d:1", "kind": "section", "is_leaf": False, "label": "一、", "heading": "主要措施",
         "text": "一、主要措施\n"},
        # 23 Han characters of its own beyond numbering and heading: an introduction worth coding
        {"measure_id": "d:1.1", "kind": "measure", "is_leaf": False, "label": "（一）", "heading": "实施教师培训计划",
         "text": "（一）实施教师培训计划。围绕教师专业发展，统筹推进全员培训和骨干教师培养。\n"},
        {"measure_id": "d:1.1.1", "kind": "measure", "is_leaf": True, "label": "1.", "heading": "严禁有偿补课",
         "text": "1.严禁有偿补课。\n"},
        # a parent with too little own text
        {"measure_id": "d:1.2", "kind": "measure", "is_leaf": False, "label": "（二）", "heading": "加大经费投入",
         "text": "（二）加大经费投入。\n"},
    ]).assign(doc_id="d", start=0)
    coded = code_instruments(measures)
    assert coded["measure_id"].unique().tolist() == ["d:1.1", "d:1.1.1"]


def test_custom_dictionary_as_table_or_file_and_ascii_case_is_folded(tmp_path):
    table = pd.DataFrame({"scheme": ["rothwell_zegveld"], "type": ["供给型"], "subtype": ["信息/技术支持"],
                          "keyword": ["5G"], "weight": ["2"], "note": [""]})
    path = tmp_path / "mine.csv"
    table.to_csv(path, index=False)
    measures = make_measures(("建设5g校园。", ""))
    for dictionary in (table, path, str(path)):
        coding = code_instruments(measures, scheme="rothwell_zegveld", dictionary=dictionary)
        assert codings(coding) == [["信息/技术支持", 2.0, 0.0, 1, "5g@2", True]]
    with pytest.raises(ValueError, match=r"no keywords for scheme 'mcdonnell_elmore'; it has rothwell_zegveld"):
        code_instruments(measures, dictionary=table)


def test_an_edited_dictionary_file_is_read_again(tmp_path):
    # A dictionary file is parsed once while it is unchanged; an edit (another size or time) is seen at once.
    path = tmp_path / "mine.csv"
    rows = ["scheme,type,subtype,keyword,weight", "rothwell_zegveld,供给型,信息/技术支持,5G,2"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    first = load_typology(path)
    first.loc[0, "keyword"] = "changed"  # a caller's change to its copy stays in its copy
    assert load_typology(path)["keyword"].tolist() == ["5G"]
    path.write_text("\n".join([*rows, "rothwell_zegveld,供给型,基础设施,校舍,1"]) + "\n", encoding="utf-8")
    assert load_typology(path)["keyword"].tolist() == ["5G", "校舍"]
    path.unlink()
    with pytest.raises(pc.PolicyCompareError, match="mine.csv"):
        load_typology(path)


def test_primary_ties_go_to_heading_then_dictionary_order():
    def dictionary(order):
        rows = {"甲": ["rothwell_zegveld", "T", "A", "甲", 1, ""], "乙": ["rothwell_zegveld", "T", "B", "乙", 1, ""]}
        return pd.DataFrame([rows[k] for k in order], columns=["scheme", "type", "subtype", "keyword", "weight", "note"])

    plain = make_measures(("乙甲。", ""))
    assert codings(code_instruments(plain, scheme="rothwell_zegveld", dictionary=dictionary("甲乙"), min_score=1)) == [
        ["A", 1.0, 0.0, 1, "甲@1", True],
        ["B", 1.0, 0.0, 1, "乙@0", False],
    ]
    headed = make_measures(("甲。乙乙", "甲"))
    assert codings(code_instruments(headed, scheme="rothwell_zegveld", dictionary=dictionary("乙甲"), heading_weight=2)) == [
        ["A", 2.0, 2.0, 1, "甲@0", True],
        ["B", 2.0, 0.0, 2, "乙@2;乙@3", False],
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"scheme": "rz"}, r"scheme='rz' is not allowed; use 'both', 'rothwell_zegveld', 'mcdonnell_elmore'"),
        ({"min_score": 0}, r"min_score=0 is not allowed; use a number above 0"),
        ({"heading_weight": 0.5}, r"heading_weight=0.5 is not allowed; use a number of 1 or more"),
        ({"multi_label": "yes"}, r"multi_label='yes' is not allowed; use True or False"),
    ],
)
def test_code_instruments_rejects_bad_options(options, message):
    with pytest.raises(ValueError, match=message):
        code_instruments(make_measures((FUNDING, "")), **options)


def test_code_instruments_rejects_tables_that_are_not_measures():
    # In the words of the extract_* functions, which take the same measures.
    with pytest.raises(ValueError, match=r"^measures lacks the column 'text'; expected a table from extract_measures "
                                         r"with columns doc_id, measure_id, text, start$"):
        code_instruments(pd.DataFrame({"doc_id": ["d"], "measure_id": ["d:1"]}))
    with pytest.raises(TypeError, match=r"^measures must be a measures DataFrame, a Corpus or a Document, not str$"):
        code_instruments(FUNDING)


def test_code_instruments_takes_a_corpus_or_a_document_as_the_extract_functions_do(tiny_plan, corpus):
    document = pc.load_document_from_text(tiny_plan, doc_id="tiny")
    pd.testing.assert_frame_equal(code_instruments(document), code_instruments(pc.extract_measures(document)))
    two = corpus.subset(["huaxi", "anning"])
    pd.testing.assert_frame_equal(code_instruments(two), code_instruments(pc.extract_measures(two)))
    assert code_instruments(two)["doc_id"].unique().tolist() == ["huaxi", "anning"]


KEYWORDS = load_typology()
LITERALS = KEYWORDS[~KEYWORDS["keyword"].str.startswith("re:") & (KEYWORDS["weight"] > 0)]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(sorted(set(LITERALS["keyword"]))), st.sampled_from(list("，。的和与在"))), max_size=30))
def test_evidence_points_at_keywords_that_sum_to_the_score(parts):
    text = "".join(parts)
    coding = code_instruments(make_measures((text, "")), min_score=0.01)
    weights = {(r.scheme, r.subtype, r.keyword): r.weight for r in KEYWORDS.itertuples()}
    for row in coding[coding["type"] != UNCODED].itertuples():
        found = [item.rsplit("@", 1) for item in row.evidence.split(";")]
        spans = [(int(off), int(off) + len(word)) for word, off in found]
        assert all(text[a:b] == word for (a, b), (word, _) in zip(spans, found))
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
        total = sum(weights.get((row.scheme, row.subtype, word), 0.0) for word, _ in found)
        assert math.isclose(row.score, total) and row.n_matches == len(found)
    # within a scheme a character belongs to one keyword at most, unless one keyword files under two subtypes
    for scheme in SCHEMES:
        spans = {}
        for item in ";".join(coding.loc[(coding["scheme"] == scheme) & (coding["evidence"] != ""), "evidence"]).split(";"):
            if item:
                word, off = item.rsplit("@", 1)
                spans[int(off)] = int(off) + len(word)
        ordered = sorted(spans.items())
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(ordered, ordered[1:]))


def reference_scan(dictionary, text):
    """Leftmost-longest matches found the slow way: every keyword tried at every position."""
    folded = text.lower()  # the test texts are ASCII and CJK only, so lower() keeps the offsets
    literals = [k.lower() for k in dictionary["keyword"] if not k.startswith("re:")]
    patterns = [re.compile(k[3:], re.IGNORECASE) for k in dictionary["keyword"] if k.startswith("re:")]
    found, i = [], 0
    while i < len(text):
        # a re: keyword wins over a literal one of the same length
        longest = max([m.end() - i for p in patterns for m in [p.match(text, i)] if m] + [0])
        longest = max([len(k) for k in literals if folded.startswith(k, i) and len(k) > longest] + [longest])
        if longest:
            found.append((i, i + longest))
        i += longest or 1
    return found


MIXED = pd.DataFrame({
    "scheme": "rothwell_zegveld", "type": "供给型", "subtype": "资金投入",
    "keyword": ["投入", "经费投入", "经费投入机制", "投入机制建设", "经", "AI", "ai教育", "re:到\\s*20\\d{2}\\s*年", "re:20\\d{2}"],
    "weight": 1.0, "note": "",
})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["投入", "经费", "机制", "建设", "经", "AI", "ai", "Ai教育", "到", "2025", "年", " ", "，"]), max_size=25))
def test_scan_finds_the_leftmost_longest_keywords_at_every_position(parts):
    from policycompare.typology import _compile, _scan

    text = "".join(parts)
    for dictionary in (MIXED, MIXED[~MIXED["keyword"].str.startswith("re:")], MIXED[MIXED["keyword"].str.startswith("re:")]):
        found = [(start, end) for start, end, _ in _scan(_compile(dictionary), text)]
        assert found == reference_scan(dictionary, text), text


# --- dictionaries --------------------------------------------------------------------------------


def test_shipped_dictionaries_hold_both_typologies():
    typology = load_typology()
    assert typology.columns.tolist() == ["scheme", "type", "subtype", "keyword", "weight", "note"]
    rz = typology[typology["scheme"] == "rothwell_zegveld"]
    me = typology[typology["scheme"] == "mcdonnell_elmore"]
    assert {t: list(dict.fromkeys(g["subtype"])) for t, g in rz.groupby("type", sort=False)} == RZ_SUBTYPES
    assert list(dict.fromkeys(me["type"])) == ME_TYPES
    assert (me["type"] == me["subtype"]).all()
    assert len(rz) >= 400 and len(me) >= 150
    assert set(typology["weight"]) <= {0.0, 0.5, 1.0, 1.5, 2.0}
    examples = {("资金投入", "生均公用经费"), ("基础设施", "改扩建"), ("人才培养/师资建设", "管校聘"), ("法规管制", "班额"),
                ("组织保障", "领导小组"), ("交流合作/对口帮扶", "托管帮扶"), ("政府购买/服务外包", "招投标"),
                ("命令型", "严禁"), ("激励型", "表彰"), ("系统变革型", "管办评分离"), ("劝告型", "倡导")}
    assert examples <= set(zip(typology["subtype"], typology["keyword"]))


def test_load_typology_reads_gb18030_files_as_saved_by_excel(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER + "rothwell_zegveld,供给型,资金投入,经费,1,\n").encode("gb18030"))
    assert load_typology(path)[["subtype", "keyword", "weight", "note"]].values.tolist() == [["资金投入", "经费", 1.0, ""]]


def test_load_typology_skips_blank_lines_but_counts_them(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text(HEADER + "rothwell_zegveld,供给型,资金投入,经费,1,\n\n,,,,,\nrothwell_zegveld,供给型,资金投入,资金,x,\n", encoding="utf-8")
    with pytest.raises(pc.PolicyCompareError, match=r"gaps\.csv: line 5: weight 'x' is not a number"):
        load_typology(path)
    path.write_text(HEADER + "\nrothwell_zegveld,供给型,资金投入,经费,1,\n\n", encoding="utf-8")
    assert load_typology(path)["keyword"].tolist() == ["经费"]


def test_load_typology_note_column_is_optional(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("scheme,type,subtype,keyword,weight\nmcdonnell_elmore,劝告型,劝告型,倡导,2\n", encoding="utf-8")
    assert load_typology(path)["note"].tolist() == [""]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("scheme,type,subtype,keyword\nrothwell_zegveld,供给型,资金投入,经费\n", r"lacks the column 'weight'"),
        (HEADER.replace("note", "source") + "rothwell_zegveld,供给型,资金投入,经费,1,x\n", r"unknown column 'source'"),
        (HEADER, r"holds no keywords"),
        (HEADER + "rothwell_zegveld,供给型,资金投入,经费,1,\nrothwell_zegveld,供给型,资金投入,,1,\n", r"line 3 has no keyword"),
        (HEADER + "rothwell_zegveld,供给型,资金投入,经费,high,\n", r"line 2: weight 'high' is not a number of 0 or more"),
        (HEADER + "rothwell_zegveld,供给型,资金投入,经费,-1,\n", r"line 2: weight '-1' is not a number of 0 or more"),
        (HEADER + "rothwell_zegveld,环境型,目标规划,re:到(20,1,\n", r"line 2: keyword 're:到\(20' is not a valid pattern"),
        (HEADER + "rothwell_zegveld,环境型,目标规划,re:\\d*,1,\n", r"line 2: pattern 're:\\\\d\*' matches empty text"),
        (HEADER + "mcdonnell_elmore,激励型,激励型,re:(?<!结对|领导干部)挂钩,1,\n",
         r"line 2: keyword 're:\(\?<!结对\|领导干部\)挂钩' is not a valid pattern \(look-behind requires fixed-width pattern\)"),
        (HEADER + "rothwell_zegveld,供给型,资金投入,经费,1,\nrothwell_zegveld,供给型,资金投入,经费,2,\n",
         r"line 3 repeats the keyword '经费' of rothwell_zegveld/资金投入"),
        (HEADER + "rothwell_zegveld,供给型,资金投入,经费,1,\nrothwell_zegveld,环境型,资金投入,拨款,1,\n",
         r"line 3: subtype '资金投入' of scheme 'rothwell_zegveld' is filed under both '供给型' and '环境型'"),
        (HEADER + "rothwell_zegveld,未编码,未编码,经费,1,\n", r"line 2: '未编码' is reserved"),
        (HEADER + "rothwell_zegveld,供给型,资金投入,经费;资金,1,\n", r"line 2: keyword '经费;资金' holds ';'"),
        ("", r"file is empty"),
    ],
)
def test_load_typology_names_the_file_and_line_of_a_bad_dictionary(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(pc.PolicyCompareError, match=r"bad\.csv: " + message):
        load_typology(path)


def test_load_typology_reports_a_missing_file(tmp_path):
    with pytest.raises(pc.PolicyCompareError, match=r"nothere\.csv: no such file"):
        load_typology(tmp_path / "nothere.csv")


def test_bad_dictionary_table_is_named_by_row():
    table = pd.DataFrame({"scheme": ["rothwell_zegveld"], "type": ["供给型"], "subtype": ["资金投入"],
                          "keyword": ["经费"], "weight": [-2]})
    with pytest.raises(pc.PolicyCompareError, match=r"^dictionary: row 0: weight '-2' is not a number of 0 or more$"):
        code_instruments(make_measures((FUNDING, "")), dictionary=table)


# --- crosstab ------------------------------------------------------------------------------------

SMALL_CODING = pd.DataFrame(
    [
        ["a", "a:1", "rothwell_zegveld", "供给型", "资金投入", True],
        ["a", "a:1", "rothwell_zegveld", "环境型", "法规管制", False],
        ["a", "a:2", "rothwell_zegveld", "环境型", "组织保障", True],
        ["b", "b:1", "rothwell_zegveld", "供给型", "基础设施", True],
        ["b", "b:2", "rothwell_zegveld", UNCODED, UNCODED, True],
    ],
    columns=["doc_id", "measure_id", "scheme", "type", "subtype", "primary"],
)


def test_crosstab_counts_primary_codings_by_type():
    table = typology_crosstab(SMALL_CODING)
    assert table.index.names == ["scheme", "type"]
    assert table.columns.tolist() == ["a", "b"]
    assert table.loc["rothwell_zegveld"].to_dict("index") == {
        "供给型": {"a": 1, "b": 1}, "环境型": {"a": 1, "b": 0}, "需求型": {"a": 0, "b": 0}, UNCODED: {"a": 0, "b": 1},
    }


def test_crosstab_can_count_all_codings_and_give_shares():
    assert typology_crosstab(SMALL_CODING, count="all").loc[("rothwell_zegveld", "环境型")].tolist() == [2, 0]
    shares = typology_crosstab(SMALL_CODING, normalize=True)
    assert shares["a"].tolist() == [0.5, 0.5, 0.0, 0.0]
    assert shares["b"].tolist() == [0.5, 0.0, 0.0, 0.5]


def test_crosstab_by_subtype_lists_every_subtype_in_dictionary_order():
    table = typology_crosstab(SMALL_CODING, level="subtype")
    assert table.index.get_level_values("subtype").tolist() == [s for subtypes in RZ_SUBTYPES.values() for s in subtypes] + [UNCODED]
    assert table.loc[("rothwell_zegveld", "供给型", "基础设施")].tolist() == [0, 1]
    assert int(table.to_numpy().sum()) == 4


def test_crosstab_groups_by_any_column():
    table = typology_crosstab(SMALL_CODING.assign(region=["甲", "甲", "甲", "乙", "乙"]), by="region")
    assert table.columns.name == "region" and table.columns.tolist() == ["甲", "乙"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"level": "kind"}, r"level='kind' is not allowed; use 'type' or 'subtype'"),
        ({"count": "some"}, r"count='some' is not allowed; use 'primary' or 'all'"),
        ({"normalize": "index"}, r"normalize='index' is not allowed; use True or False"),
        ({"by": "region_zh"}, r"coding lacks the column\(s\) region_zh"),
    ],
)
def test_crosstab_rejects_bad_options(options, message):
    with pytest.raises(ValueError, match=message):
        typology_crosstab(SMALL_CODING, **options)


# --- the bundled corpus --------------------------------------------------------------------------


def test_every_codable_measure_of_the_corpus_gets_a_row_in_each_scheme(measures, coding):
    body = measures[measures["kind"] != "front_matter"]
    leaves = set(body.loc[body["is_leaf"].astype(bool), "measure_id"])
    for scheme in SCHEMES:
        rows = coding[coding["scheme"] == scheme]
        assert leaves <= set(rows["measure_id"])
        assert rows.groupby("measure_id")["primary"].sum().eq(1).all()
    assert not set(coding["measure_id"]) & set(measures.loc[measures["kind"] == "front_matter", "measure_id"])


def test_every_evidence_offset_points_at_its_keyword_in_the_document_text(corpus, coding):
    checked = 0
    for doc_id, evidence in zip(coding["doc_id"], coding["evidence"]):
        text = corpus[doc_id].text
        for item in filter(None, evidence.split(";")):
            keyword, offset = item.rsplit("@", 1)
            assert text[int(offset):int(offset) + len(keyword)] == keyword
            checked += 1
    assert checked > 3000


def _measure(measures, doc_id, heading):
    found = measures[(measures["doc_id"] == doc_id) & measures["heading"].str.contains(heading)]
    assert len(found) == 1, (doc_id, heading, found["measure_id"].tolist())
    return found["measure_id"].iloc[0]


def _codes(coding, measure_id):
    rows = coding[coding["measure_id"] == measure_id]
    return {(s, t, st): p for s, t, st, p in zip(rows["scheme"], rows["type"], rows["subtype"], rows["primary"])}


def test_regional_plans_are_coded_as_a_reader_would(measures, coding):
    huaxi = _codes(coding, _measure(measures, "huaxi", "加大财政投入"))
    assert huaxi[("rothwell_zegveld", "供给型", "资金投入")] is True
    yinchuan = _codes(coding, _measure(measures, "yinchuan", "严格控制校额班额"))
    assert yinchuan[("rothwell_zegveld", "环境型", "法规管制")] is True
    assert yinchuan[("mcdonnell_elmore", "命令型", "命令型")] is True
    qixing = _codes(coding, _measure(measures, "qixing", "课后服务"))
    assert qixing[("rothwell_zegveld", "供给型", "公共服务")] is True
    tutoring = _codes(coding, _measure(measures, "yinchuan", "实施县中托管帮扶全覆盖工程"))
    assert tutoring[("rothwell_zegveld", "需求型", "交流合作/对口帮扶")] is True
    assert tutoring[("mcdonnell_elmore", "系统变革型", "系统变革型")] is True
    publicity = _codes(coding, _measure(measures, "huaxi", "营造良好环境"))
    assert publicity[("rothwell_zegveld", "环境型", "政策宣传")] is True
    assert publicity[("mcdonnell_elmore", "劝告型", "劝告型")] is True


def test_crosstab_of_the_regional_plans_counts_each_coded_measure_once_per_scheme(coding):
    regional = coding[coding["doc_id"].isin(REGIONS)]
    table = typology_crosstab(regional)
    assert table.columns.tolist() == REGIONS
    per_doc = regional.groupby("doc_id")["measure_id"].nunique()
    for scheme in SCHEMES:
        assert table.loc[scheme].sum().to_dict() == per_doc.reindex(REGIONS).to_dict()
    shares = typology_crosstab(regional, normalize=True)
    assert shares.groupby(level="scheme").sum().round(9).eq(1.0).all().all()


def test_subtype_scores_are_the_scores_of_code_instruments(measures, coding):
    from policycompare.typology import _subtype_scores

    codable = measures[measures["measure_id"].isin(coding["measure_id"])].reset_index(drop=True)
    matrix, labels = _subtype_scores(codable["text"].tolist(), codable["heading"].fillna("").tolist())
    assert matrix.shape == (len(codable), len(labels)) and matrix.nnz > len(codable)
    row_of = {m: n for n, m in enumerate(codable["measure_id"])}
    column_of = {label: n for n, label in enumerate(labels)}
    coded = coding[coding["subtype"] != UNCODED]
    expected = {(row_of[m], column_of[f"{s}/{t}"]): v for m, s, t, v in zip(coded["measure_id"], coded["scheme"], coded["subtype"], coded["score"])}
    found = matrix.todok()
    assert dict(found.items()) == expected


def test_subtype_scores_keep_only_subtypes_reaching_min_score():
    from policycompare.typology import _subtype_scores

    texts, headings = ["设立专项经费。", "组建教育集团。"], ["", ""]
    matrix, labels = _subtype_scores(texts, headings)
    assert [{labels[k]: float(v) for k, v in zip(row.indices, row.data)} for row in matrix] == [
        {"rothwell_zegveld/资金投入": 2.0},
        {"rothwell_zegveld/交流合作/对口帮扶": 1.5, "mcdonnell_elmore/系统变革型": 1.5},
    ]
    matrix, _ = _subtype_scores(texts, headings, min_score=2.0)
    assert matrix.nnz == 1 and matrix[0, labels.tolist().index("rothwell_zegveld/资金投入")] == 2.0


def test_subtype_scores_of_a_repeated_text_repeat_its_row():
    """A text scanned once for all its repeats gives each of them the row it gets alone; its heading counts too."""
    from policycompare.typology import _subtype_scores

    texts = ["加大经费投入。设立专项经费。", "组建教育集团。", "加大经费投入。设立专项经费。", "加大经费投入。设立专项经费。"]
    headings = ["加大经费投入", "", "加大经费投入", ""]
    matrix, _ = _subtype_scores(texts, headings)
    alone = [_subtype_scores([text], [heading])[0] for text, heading in zip(texts, headings)]
    for row, single in enumerate(alone):
        assert matrix[row].indices.tolist() == single.indices.tolist() and matrix[row].data.tolist() == single.data.tolist()
    # The heading weighs its keywords more: the same text without it scores lower.
    assert matrix[0].sum() > matrix[3].sum() > 0


def _longest_matches(keywords, text):
    """Leftmost-longest keyword matches, position by position: the reference for the keyword regex."""
    found, at = [], 0
    while at < len(text):
        longest = max((len(k) for k in keywords if k and text.startswith(k, at)), default=0)
        if longest:
            found.append((at, at + longest))
        at += longest or 1
    return found


@settings(max_examples=200, deadline=None)
@given(keywords=st.lists(st.text(alphabet="投入机制经费设立专项资金教师培训学校集团-]^\\.", min_size=1, max_size=4), min_size=1, max_size=60),
       text=st.text(alphabet="投入机制经费设立专项资金教师培训学校集团-]^\\. ", max_size=60))
def test_keyword_regex_finds_the_leftmost_longest_keywords(keywords, text):
    from policycompare import typology

    default = typology._FIRST_GROUP
    try:
        # Grouped by twos, most sets of keywords have several groups; by the default, some have one.
        for size in (2, default):
            typology._FIRST_GROUP = size
            found = [m.span() for m in re.finditer(typology._trie_pattern(keywords), text)]
            assert found == _longest_matches(keywords, text)
    finally:
        typology._FIRST_GROUP = default


def test_keyword_regex_groups_many_first_characters():
    from policycompare import typology
    from policycompare.typology import _trie_pattern

    keywords = [chr(0x4E00 + n) + "业" for n in range(40)] + ["一", "丁业发展"]
    pattern = _trie_pattern(keywords)
    assert pattern.count("(?<=") == 40 and len(keywords) > typology._FIRST_GROUP
    text = "一业丁业发展丁业一丂业与丁"
    assert [m.span() for m in re.finditer(pattern, text)] == _longest_matches(keywords, text)
