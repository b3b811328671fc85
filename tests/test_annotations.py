"""Responsible units, targets, dates, programmes and references read out of each measure."""

import io
import re

import pandas as pd
import pytest

from policycompare.annotations import (
    DATE_COLUMNS,
    PROGRAMME_COLUMNS,
    REFERENCE_COLUMNS,
    RESPONSIBILITY_COLUMNS,
    TARGET_COLUMNS,
    extract_dates,
    extract_programmes,
    extract_references,
    extract_responsibilities,
    extract_targets,
)
from policycompare.corpus import Document
from policycompare.structure import RESPONSIBILITY_TAG, extract_measures

EXTRACTORS = {
    extract_responsibilities: RESPONSIBILITY_COLUMNS,
    extract_targets: TARGET_COLUMNS,
    extract_dates: DATE_COLUMNS,
    extract_programmes: PROGRAMME_COLUMNS,
    extract_references: REFERENCE_COLUMNS,
}


def doc_of(text):
    return Document("t", text, text)


@pytest.fixture(scope="module")
def measures(corpus):
    return extract_measures(corpus)


# ---------------------------------------------------------------- responsible units

def test_lead_and_supporting_units_from_each_kind_of_tag():
    text = (
        "一、措施\n（一）甲。<责任单位:各县(市)人民政府,市财政局、市教育局>\n"
        "（二）乙。[牵头单位：区教育局；配合单位：区委组织部、区委宣传部，团区委]\n"
        "（三）丙。(责任单位:市教育局,市委宣传部。逗号前为牵头单位,下同)\n"
        "（四）丁。\n责任单位:区教育局、区财政局,9 各镇街\n"
    )
    units = extract_responsibilities(doc_of(text))
    assert list(units.columns) == RESPONSIBILITY_COLUMNS
    assert units[["measure_id", "role", "unit", "source"]].values.tolist() == [
        ["t:1.1", "lead", "各县(市)人民政府", "tag"], ["t:1.1", "support", "市财政局", "tag"], ["t:1.1", "support", "市教育局", "tag"],
        ["t:1.2", "lead", "区教育局", "tag"], ["t:1.2", "support", "区委组织部", "tag"], ["t:1.2", "support", "区委宣传部", "tag"],
        ["t:1.2", "support", "团区委", "tag"],
        ["t:1.3", "lead", "市教育局", "tag"], ["t:1.3", "support", "市委宣传部", "tag"],
        ["t:1.4", "lead", "区教育局", "tag"], ["t:1.4", "lead", "区财政局", "tag"], ["t:1.4", "support", "各镇街", "tag"],
    ]
    assert all(text[s:e] == u for s, e, u in zip(units["start"], units["end"], units["unit"]))
    assert units["text"].iloc[0] == "<责任单位:各县(市)人民政府,市财政局、市教育局>"


def test_inline_responsibility_but_not_its_look_alikes():
    text = "一、措施\n由区教育局负责统筹。区教育局牵头负责具体实施。指挥部办公室(市教育局)负责督促。\n二、保障\n落实校长负责制，明确负责人，为学生终身发展负责。"
    units = extract_responsibilities(doc_of(text))
    assert units[["measure_id", "role", "unit", "source", "text"]].values.tolist() == [
        ["t:1", "lead", "区教育局", "inline", "由区教育局负责"],
        ["t:1", "lead", "区教育局", "inline", "区教育局牵头负责"],
        ["t:1", "lead", "指挥部办公室(市教育局)", "inline", "指挥部办公室(市教育局)负责"],
    ]


def test_every_tagged_measure_of_yinchuan_and_qixing_has_its_units(measures):
    units = extract_responsibilities(measures)
    for doc_id, expected in (("yinchuan", 10), ("qixing", 13)):
        tagged = measures[(measures["doc_id"] == doc_id) & measures["text"].str.contains(RESPONSIBILITY_TAG)]
        assert len(tagged) == expected
        for measure_id, own in zip(tagged["measure_id"], tagged["text"]):
            rows = units[(units["measure_id"] == measure_id) & (units["source"] == "tag")]
            body = re.split(r"单位[:：]", RESPONSIBILITY_TAG.search(own).group().strip("<>[]"), maxsplit=1)[1]
            # Every unit named in the tag is a row, in order, and nothing else.
            assert rows["unit"].tolist() == re.split(r"[、，,]|；配合单位：", body)
    yinchuan = units[units["doc_id"] == "yinchuan"]
    assert yinchuan.loc[yinchuan["role"] == "lead", "unit"].tolist() == ["各县(市)人民政府"] * 10
    assert yinchuan[yinchuan["measure_id"] == "yinchuan:2.9"]["unit"].tolist() == ["各县(市)人民政府", "市教育局", "市政府教育督导室"]
    qixing = units[(units["doc_id"] == "qixing") & (units["source"] == "tag")]
    assert qixing.loc[qixing["role"] == "lead", "unit"].tolist() == ["区教育局"] * 13
    assert qixing[qixing["measure_id"] == "qixing:3.4"][["role", "unit"]].values.tolist() == [["lead", "区教育局"], ["support", "卓然教育集团及成员学校"]]


# ---------------------------------------------------------------- targets

def test_targets_with_their_comparators_units_and_years():
    text = (
        "一、目标\n到2025年，高中阶段毛入学率稳定在95%以上，班额不得超过55人，新增优质学位不少于4500个。"
        "每年投入20万元用于培训。掌握1—3项运动技能，培育名师 8~10 名。公办园占比超过 50%，近视率低于10%。"
        "新建学校作为示范，组建教育集团3个左右，民办园至少配备1名教师，覆盖率达100%。"
    )
    targets = extract_targets(doc_of(text))
    assert list(targets.columns) == TARGET_COLUMNS
    rows = targets[["indicator", "comparator", "value", "unit", "year"]].astype(object).where(targets[["indicator", "comparator", "value", "unit", "year"]].notna(), None)
    assert rows.values.tolist() == [
        ["高中阶段毛入学率", ">=", 95.0, "%", 2025],
        ["班额", "<=", 55.0, "人", 2025],
        ["新增优质学位", ">=", 4500.0, "个", 2025],
        ["每年投入", "+", 20.0, "万元", None],
        ["掌握", "range", 1.0, "项", None],
        ["培育名师", "range", 8.0, "名", None],
        ["公办园占比", ">", 50.0, "%", None],
        ["近视率", "<", 10.0, "%", None],
        ["组建教育集团", "~", 3.0, "个", None],
        ["民办园至少配备", ">=", 1.0, "名", None],
        ["覆盖率", "=", 100.0, "%", None],
    ]
    assert targets["value_max"].tolist()[4:6] == [3.0, 10.0]
    assert targets["value_max"].isna().sum() == 9
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))
    assert targets["text"].iloc[0] == "高中阶段毛入学率稳定在95%以上"



def test_an_addition_is_one_in_either_word_order_and_a_change_targets_its_end_point():
    text = "一、目标\n新增3000个学位，新增学位2000个，投入资金20万元。学前教育毛入园率由85%提高到95%，教师从120名增加到150名。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit"]].values.tolist() == [
        ["新增", "+", 3000.0, "个"],
        ["新增学位", "+", 2000.0, "个"],
        ["投入资金", "+", 20.0, "万元"],
        # The starting figure is no target: the target is where the indicator is to get to.
        ["学前教育毛入园率", "=", 95.0, "%"],
        ["教师", "=", 150.0, "名"],
    ]
    assert targets["text"].tolist()[3:] == ["学前教育毛入园率由85%提高到95%", "教师从120名增加到150名"]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))

def test_dates_document_numbers_ordinals_and_titles_are_not_targets():
    text = "一、依据\n根据《三年行动计划(2021-2023 年)》(教基〔2021〕8号)，2022年6月召开第38个教师节大会，第113次会议，5G网络，1+X证书，信息化2.0。"
    assert extract_targets(doc_of(text)).empty


def test_the_four_figures_of_the_regional_plans(measures):
    targets = extract_targets(measures).set_index("text")
    expected = {
        "高中阶段毛入学率稳定在95%以上": ("huaxi", "huaxi:2", "高中阶段毛入学率", ">=", 95.0, "%"),
        "普通高中新入学年级班额不得超过55人": ("yinchuan", "yinchuan:2.4", "普通高中新入学年级班额", "<=", 55.0, "人"),
        "新增优质学位不少于4500个": ("anning", "anning:3.2.7", "新增优质学位", ">=", 4500.0, "个"),
        "每年投入20万元": ("qixing", "qixing:3.1.2", "每年投入", "+", 20.0, "万元"),
    }
    for text, row in expected.items():
        assert tuple(targets.loc[text, ["doc_id", "measure_id", "indicator", "comparator", "value", "unit"]]) == row
    assert targets.loc["全区学前教育毛入园率达100%", "year"] == 2026


# ---------------------------------------------------------------- dates

def test_deadlines_phases_periods_and_dates():
    text = (
        "一、步骤\n（一）准备启动阶段（2022年6月—2022年8月）：组建机构。\n（二）巩固提升阶段（2025年以后）：总结。\n"
        "（三）到2025年全面完成，2024年8月前完成聘任，2023年4月25前报备。\n"
        "（四）2024年至2026年实施，“十四五”期间推进，2022-2023 学年度交流，2023年11月7日印发《规划（2021-2030年）》。"
    )
    dates = extract_dates(doc_of(text))
    assert list(dates.columns) == DATE_COLUMNS
    assert dates[["measure_id", "kind", "start_date", "end_date", "text"]].values.tolist() == [
        ["t:1.1", "phase", "2022-06", "2022-08", "2022年6月—2022年8月"],
        ["t:1.2", "phase", "2025", "", "2025年以后"],
        ["t:1.3", "deadline", "", "2025", "到2025年"],
        ["t:1.3", "deadline", "", "2024-08", "2024年8月前"],
        ["t:1.3", "deadline", "", "2023-04-25", "2023年4月25前"],
        ["t:1.4", "period", "2024", "2026", "2024年至2026年"],
        ["t:1.4", "period", "2021", "2025", "十四五"],
        ["t:1.4", "period", "2022", "2023", "2022-2023"],
        ["t:1.4", "date", "2023-11-07", "2023-11-07", "2023年11月7日"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(dates["start"], dates["end"], dates["text"]))


def test_the_phases_of_huaxi_and_of_yinchuans_annex(measures):
    dates = extract_dates(measures)
    phases = dates[dates["kind"] == "phase"]
    assert phases[["measure_id", "start_date", "end_date"]].values.tolist() == [
        ["huaxi:4.1", "2022-06", "2022-08"], ["huaxi:4.2", "2022-09", "2025-12"], ["huaxi:4.3", "2025", ""],
        ["yinchuan:A.3.1", "2023-01", "2023-01"], ["yinchuan:A.3.2", "2023-02", "2025-10"], ["yinchuan:A.3.3", "2025-11", "2025-11"],
    ]


# ---------------------------------------------------------------- programmes and references

def test_quoted_programmes_but_not_inside_titles_or_single_characters():
    text = "一、措施\n深化“县管校聘”改革，落实“三新”要求，组建“1+4+X”联盟(“1”即龙头)，依据《“十四五”行动计划》。"
    programmes = extract_programmes(doc_of(text))
    assert list(programmes.columns) == PROGRAMME_COLUMNS
    assert programmes[["name", "text"]].values.tolist() == [["县管校聘", "“县管校聘”"], ["三新", "“三新”"], ["1+4+X", "“1+4+X”"]]
    assert all(text[s:e] == t for s, e, t in zip(programmes["start"], programmes["end"], programmes["text"]))


def test_programmes_of_the_regional_plans(measures):
    programmes = extract_programmes(measures)
    assert programmes[(programmes["doc_id"] == "anning") & (programmes["name"] == "县管校聘")]["measure_id"].tolist() == ["anning:3.3.12"]
    assert programmes[(programmes["doc_id"] == "huaxi") & (programmes["name"] == "三新")]["measure_id"].tolist() == ["huaxi:3.2.2", "huaxi:3.5"]


def test_references_with_their_document_numbers():
    text = "星政发〔2024〕4号\n一、依据\n根据《“十四五”县域普通高中发展提升行动计划》（教基〔2021〕8号）和《贵州省方案》，按照印发的粤府〔2021〕55 号要求。\n二、要求\n内容。"
    references = extract_references(doc_of(text))
    assert list(references.columns) == REFERENCE_COLUMNS
    assert references[["measure_id", "title", "doc_number", "text"]].values.tolist() == [
        ["t:0", "", "星政发〔2024〕4号", "星政发〔2024〕4号"],
        ["t:1", "“十四五”县域普通高中发展提升行动计划", "教基〔2021〕8号", "《“十四五”县域普通高中发展提升行动计划》（教基〔2021〕8号）"],
        ["t:1", "贵州省方案", "", "《贵州省方案》"],
        ["t:1", "", "粤府〔2021〕55号", "粤府〔2021〕55 号"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(references["start"], references["end"], references["text"]))


def test_references_of_yinchuan(measures):
    references = extract_references(measures)
    yinchuan = references[(references["doc_id"] == "yinchuan") & (references["doc_number"] != "")]
    assert yinchuan[["measure_id", "doc_number"]].values.tolist() == [
        ["yinchuan:0", "教基〔2021〕8号"], ["yinchuan:0", "宁教规发〔2022〕2号"],
        ["yinchuan:A", "教基〔2021〕8号"], ["yinchuan:A", "宁教规发〔2022〕8号"], ["yinchuan:A", "宁教基办〔2022〕20号"],
    ]


# ---------------------------------------------------------------- all extractors

@pytest.mark.parametrize("extract", list(EXTRACTORS))
def test_every_row_points_at_its_text_in_the_document(corpus, measures, extract):
    table = extract(measures)
    assert list(table.columns) == EXTRACTORS[extract]
    assert len(table) > 0
    key = "unit" if extract is extract_responsibilities else "text"
    texts = {doc.doc_id: doc.text for doc in corpus}
    assert all(texts[d][s:e] == t for d, s, e, t in zip(table["doc_id"], table["start"], table["end"], table[key]))
    spans = measures.set_index("measure_id")[["start", "end"]]
    inside = spans.loc[table["measure_id"]]
    assert ((table["start"].to_numpy() >= inside["start"].to_numpy()) & (table["end"].to_numpy() <= inside["end"].to_numpy())).all()


@pytest.mark.parametrize("extract", list(EXTRACTORS))
def test_a_corpus_a_document_or_a_table_read_back_from_csv_give_the_same_rows(corpus, measures, extract):
    from_table = extract(measures[measures["doc_id"] == "qixing"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(extract(corpus["qixing"]), from_table)
    pd.testing.assert_frame_equal(extract(corpus.subset(["qixing"])), from_table)
    buffer = io.StringIO()
    measures.to_csv(buffer, index=False)
    buffer.seek(0)
    read_back = extract(pd.read_csv(buffer))
    pd.testing.assert_frame_equal(read_back, extract(measures), check_dtype=False)


@pytest.mark.parametrize("extract", list(EXTRACTORS))
def test_arguments_are_checked(extract):
    with pytest.raises(ValueError, match="measures lacks the column 'measure_id'; expected a table from extract_measures"):
        extract(pd.DataFrame({"doc_id": ["t"], "text": ["一、"], "start": [0]}))
    with pytest.raises(TypeError, match="measures must be a measures DataFrame, a Corpus or a Document, not str"):
        extract("一、措施")
