"""Responsible units, targets, dates, programmes and references read out of each measure."""

import io
import random
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from policycompare.corpus import Document, load_document_from_text
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


TO_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")
# The columns that quote the document keep its digits as written; every other one reads the same in either width.
QUOTING = ("text", "indicator", "object", "title")


def in_ascii(table):
    """``table`` with the digits of the columns that quote the document in ASCII."""
    return table.assign(**{c: table[c].str.translate(TO_ASCII) for c in QUOTING if c in table})


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


def test_a_tag_whose_keys_are_written_in_traditional_characters_gives_the_units_of_its_simplified_form():
    # A plan from Taiwan or Hong Kong read without convert: its tags split the measures but gave no units.
    text = "一、措施\n（一）甲。[牽頭單位：區教育局；配合單位：區財政局、各學校]\n（二）乙。<責任單位:各縣(市)人民政府,市財政局>\n（三）丙。\n參與單位：團區委\n"
    units = extract_responsibilities(doc_of(text))
    assert units[["measure_id", "role", "unit", "start", "end", "source"]].values.tolist() == [
        ["t:1.1", "lead", "區教育局", 16, 20, "tag"], ["t:1.1", "support", "區財政局", 26, 30, "tag"], ["t:1.1", "support", "各學校", 31, 34, "tag"],
        ["t:1.2", "lead", "各縣(市)人民政府", 47, 56, "tag"], ["t:1.2", "support", "市財政局", 57, 61, "tag"],
        ["t:1.3", "support", "團區委", 74, 77, "tag"],
    ]
    assert all(text[s:e] == u for s, e, u in zip(units["start"], units["end"], units["unit"]))
    assert units["text"].iloc[0] == "[牽頭單位：區教育局；配合單位：區財政局、各學校]"


@pytest.mark.parametrize("key", ["牵头单位", "牵头部门", "主责单位", "责任单位", "责任部门", "配合单位", "配合部门", "协办单位", "参与单位"])
@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_every_key_in_traditional_characters_gives_the_role_of_its_simplified_form(key, config):
    opencc = pytest.importorskip("opencc")
    simplified = f"一、措施\n（一）甲。[{key}：区教育局，区财政局]\n"
    traditional = opencc.OpenCC(config).convert(simplified)
    assert traditional != simplified
    found, expected = (extract_responsibilities(doc_of(t)) for t in (traditional, simplified))
    assert found[["role", "start", "end"]].values.tolist() == expected[["role", "start", "end"]].values.tolist()
    assert found["unit"].tolist() == ["區教育局", "區財政局"]
    # 配合單位 names supporting units only, 牽頭單位 lead ones; 責任單位 leads before its first comma.
    lead, support, split = ["lead", "lead"], ["support", "support"], ["lead", "support"]
    roles = {
        "牵头单位": lead, "牵头部门": lead, "主责单位": lead, "责任单位": split, "责任部门": split,
        "配合单位": support, "配合部门": support, "协办单位": support, "参与单位": support,
    }
    assert found["role"].tolist() == roles[key]


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_inline_responsibility_in_traditional_characters_but_not_its_look_alikes(config):
    opencc = pytest.importorskip("opencc")
    from policycompare.structure import _ORG_ENDINGS

    simplified = (
        "一、措施\n由区教育局负责统筹。区教育局牵头负责具体实施。指挥部办公室(市教育局)负责督促。"
        + "".join(f"七星{ending}负责实施。" for ending in _ORG_ENDINGS)
        + "\n二、保障\n落实校长负责制，明确负责人，为学生终身发展负责。"
    )
    traditional = opencc.OpenCC(config).convert(simplified)
    found, expected = (extract_responsibilities(doc_of(t)) for t in (traditional, simplified))
    assert len(expected) == 3 + len(_ORG_ENDINGS)
    columns = ["measure_id", "role", "start", "end", "source"]
    assert found[columns].values.tolist() == expected[columns].values.tolist()
    assert found["unit"].tolist()[:3] == ["區教育局", "區教育局", "指揮部辦公室(市教育局)"]
    assert found["text"].tolist()[:2] == ["由區教育局負責", "區教育局牽頭負責"]
    assert all(traditional[s:e] == u for s, e, u in zip(found["start"], found["end"], found["unit"]))


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_qixing_in_traditional_characters_read_without_convert_has_the_units_of_qixing(config):
    opencc = pytest.importorskip("opencc")
    from policycompare.corpus import bundled_corpus_path

    converter = opencc.OpenCC(config)
    simplified = (bundled_corpus_path() / "qixing.txt").read_text(encoding="utf-8")
    traditional = converter.convert(simplified)
    found, expected = (extract_responsibilities(Document("qixing", text, text)) for text in (traditional, simplified))
    assert len(expected) == 57 and expected["source"].tolist().count("inline") == 1
    columns = ["measure_id", "role", "start", "end", "source"]
    assert found[columns].values.tolist() == expected[columns].values.tolist()
    # The units are quoted as written, in traditional characters.
    assert found["unit"].tolist() == [traditional[s:e] for s, e in zip(found["start"], found["end"])]
    assert found["unit"].tolist() == [converter.convert(u) for u in expected["unit"]]


def test_the_fold_of_responsibilities_adds_only_traditional_characters_to_the_fold_of_structure():
    opencc = pytest.importorskip("opencc")
    from policycompare.annotations import _RESPONSIBILITY_FOLD
    from policycompare.structure import _TRADITIONAL_FOLD

    # It extends structure's table (the tags' keys) with the characters of 負責 and of the names' endings.
    assert {k: v for k, v in _RESPONSIBILITY_FOLD.items() if k in _TRADITIONAL_FOLD} == _TRADITIONAL_FOLD
    added = {chr(traditional): chr(simplified) for traditional, simplified in _RESPONSIBILITY_FOLD.items() if traditional not in _TRADITIONAL_FOLD}
    to_simplified = opencc.OpenCC("t2s")
    assert added and {t: s for t, s in added.items() if to_simplified.convert(t) != s or t == s} == {}
    assert not set(added) & set(_TRADITIONAL_FOLD.values())


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
        ["每年投入", "+", 200000.0, "元", None],
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
    # anning:3.2.5: 成立11支 was "=" where 组建 and 设立 are additions.
    text = "一、目标\n新增3000个学位，新增学位2000个，投入资金20万元，成立11支团队。学前教育毛入园率由85%提高到95%，教师从120名增加到150名。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit"]].values.tolist() == [
        ["新增", "+", 3000.0, "个"],
        ["新增学位", "+", 2000.0, "个"],
        ["投入资金", "+", 200000.0, "元"],
        ["成立", "+", 11.0, "支"],
        # The starting figure is no target: the target is where the indicator is to get to.
        ["学前教育毛入园率", "=", 95.0, "%"],
        ["教师", "=", 150.0, "名"],
    ]
    assert targets["text"].tolist()[4:] == ["学前教育毛入园率由85%提高到95%", "教师从120名增加到150名"]
    assert targets["baseline"].tolist()[4:] == [85.0, 120.0] and targets["baseline"][:4].isna().all()
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_change_reports_its_starting_figure_and_year_apart_from_the_target():
    text = (
        "一、目标\n（一）义务教育巩固率由2022年的96.5%提高到98%。\n"
        "（二）到2025年，课后服务参与率从2021年底的60%提升至百分之九十以上，专任教师从1.5万人增加到2万人。\n"
        "（三）近视率由2022年的52%降低到2025年的45%以下。"
    )
    targets = extract_targets(doc_of(text))
    columns = ["measure_id", "indicator", "comparator", "value", "unit", "year", "baseline", "baseline_year"]
    assert targets[columns].astype(object).where(targets[columns].notna(), None).values.tolist() == [
        # The year of the starting figure is not the target's: 由2022年的 has no year for 98%.
        ["t:1.1", "义务教育巩固率", "=", 98.0, "%", None, 96.5, 2022],
        ["t:1.2", "课后服务参与率", ">=", 90.0, "%", 2025, 60.0, 2021],
        ["t:1.2", "专任教师", "=", 20000.0, "人", 2025, 15000.0, None],
        ["t:1.3", "近视率", "<=", 45.0, "%", 2025, 52.0, 2022],
    ]
    assert targets["text"].tolist() == [
        "义务教育巩固率由2022年的96.5%提高到98%", "课后服务参与率从2021年底的60%提升至百分之九十以上",
        "专任教师从1.5万人增加到2万人", "近视率由2022年的52%降低到2025年的45%以下",
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_magnitude_is_applied_to_the_value_and_the_unit_is_the_counting_word():
    text = (
        "一、目标\n新增学位1.2万个，每年投入20万元，累计投入1.5亿元，培训教师3 万人次，"
        "新建校舍2.4万平方米，覆盖学生1—2万人，学位缺口5000-8000个，资金需求为150万。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit"]].values.tolist() == [
        ["新增学位", "+", 12000.0, "个"],
        ["每年投入", "+", 200000.0, "元"],
        ["累计投入", "+", 150000000.0, "元"],
        ["培训教师", "=", 30000.0, "人次"],
        ["新建校舍", "+", 24000.0, "平方米"],
        ["覆盖学生", "range", 10000.0, "人"],
        ["学位缺口", "range", 5000.0, "个"],
        # A magnitude with no counting word after it has no unit.
        ["资金需求", "=", 1500000.0, ""],
    ]
    assert targets["value_max"].tolist()[5:7] == [20000.0, 8000.0]
    # The text keeps the figure as written.
    assert targets["text"].tolist()[:3] == ["新增学位1.2万个", "每年投入20万元", "累计投入1.5亿元"]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))



def test_traditional_magnitudes_numerals_and_counting_words_read_without_conversion():
    # 億 and 萬 were magnitudes only after convert="t2s": 投入經費3億元 gave no target, 新增學位1.2萬個 none either.
    text = (
        # 50週歲 is an age, as 50周岁 is: no count of weeks.
        "一、目標\n投入經費3億元，新增學位1.2萬個，培訓教師2萬人次，50週歲以下教師輪訓，投入資金1億2,000萬元，覆蓋學生1—2萬人，"
        "新建校舍2.4千萬平方米，招收學生兩萬人，鞏固率提高兩個百分點，新建圖書館3間，增加一萬二千冊。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "value_max", "unit"]].fillna(0).values.tolist() == [
        ["投入經費", "+", 300000000.0, 0, "元"],
        # The unit is the simplified counting word, so that the figure compares with 新增学位1.2万个 of another plan.
        ["新增學位", "+", 12000.0, 0, "个"],
        ["培訓教師", "=", 20000.0, 0, "人次"],
        ["投入資金", "+", 120000000.0, 0, "元"],
        ["覆蓋學生", "range", 10000.0, 20000.0, "人"],
        ["新建校舍", "+", 24000000.0, 0, "平方米"],
        ["招收學生", "=", 20000.0, 0, "人"],
        ["鞏固率提高", "+", 2.0, 0, "个百分点"],
        ["新建圖書館", "+", 3.0, 0, "间"],
        ["增加", "+", 12000.0, 0, "册"],
    ]
    # The text keeps the figure as written.
    assert targets["text"].tolist()[:2] == ["投入經費3億元", "新增學位1.2萬個"]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


@pytest.mark.parametrize("simplified", [
    "一、目标\n新增学位1.2万个，每年投入20万元，累计投入1.5亿元，新建幼儿园3所、图书馆2间，增加两千册图书，"
    "新增课程10门、课时120节，新增学分36个学分，培训时间3个月，学习4个学期，每天2个小时，投入一千万元。",
    "一、目标\n新增项目5项，新增场地4处，新增实验室6间，新增设备20台，新增车辆3辆，新增座位两万个，新增学校一亿二千万元。",
], ids=["counts", "places"])
def test_a_traditional_plan_gives_the_figures_and_units_of_its_simplified_form(simplified):
    opencc = pytest.importorskip("opencc")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    found, expected = extract_targets(doc_of(traditional)), extract_targets(doc_of(simplified))
    assert len(expected) > 5
    columns = ["comparator", "value", "value_max", "unit", "start", "end"]
    pd.testing.assert_frame_equal(found[columns], expected[columns])


def test_traditional_comparators_and_verbs_read_without_conversion():
    # 不少於, 超過, 低於, 約, 餘, 培養, 建設, 減少, 以內, 發揮, 為基礎, 每週 were read only after convert="t2s": 不少於4500個
    # was an addition, 培養骨幹教師3000餘人 no target, and 發揮4個集團 and 以6對結對學校為基礎 were targets.
    text = (
        "一、目標\n到2025年，高中階段毛入學率穩定在95%以上，班額不得超過55人，新增優質學位不少於4500個，公辦園佔比超過50%，"
        "近視率低於10%，每年投入約5000萬元，培養骨幹教師3000餘人，建設示範校10所，專任教師控制在120人以內，"
        "義務教育鞏固率由96.5%提高到98%，輟學人數減少200人，發揮4個集團引領作用，以6對結對學校為基礎開展幫扶，"
        "已經建成學校8所，每週開展活動一次，選派2名管理人員到東莞跟崗。"
    )
    targets = extract_targets(doc_of(text))
    columns = ["indicator", "comparator", "value", "unit", "year", "baseline", "object"]
    assert targets[columns].astype(object).where(targets[columns].notna(), None).values.tolist() == [
        # The indicator and the object quote the plan as written.
        ["高中階段毛入學率", ">=", 95.0, "%", 2025, None, ""],
        ["班額", "<=", 55.0, "人", 2025, None, ""],
        ["新增優質學位", ">=", 4500.0, "个", 2025, None, ""],
        ["公辦園佔比", ">", 50.0, "%", 2025, None, ""],
        ["近視率", "<", 10.0, "%", 2025, None, ""],
        ["每年投入", "~", 50000000.0, "元", 2025, None, ""],
        ["培養骨幹教師", ">", 3000.0, "人", 2025, None, ""],
        ["建設示範校", "+", 10.0, "所", 2025, None, ""],
        ["專任教師", "<=", 120.0, "人", 2025, None, ""],
        ["義務教育鞏固率", "=", 98.0, "%", 2025, 96.5, ""],
        ["輟學人數減少", "-", 200.0, "人", 2025, None, ""],
        ["每週開展活動", "=", 1.0, "次", 2025, None, ""],
        ["選派", "=", 2.0, "名", 2025, None, "管理人員"],
    ]
    assert targets["text"].tolist()[:3] == ["高中階段毛入學率穩定在95%以上", "班額不得超過55人", "新增優質學位不少於4500個"]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_the_counting_words_of_taiwan_and_hong_kong_plans():
    # 4園, 40校, 12棟, 15案, 2,000份, 1,500部 and 50場次 gave no target (50場次 gave 50 场 counting 次).
    text = (
        "一、目標\n增設非營利幼兒園4園，雙語實驗學校增至40校，改善學校宿舍12棟，辦理校舍改建工程15案，"
        "收錄教材不少於2,000份，添置空氣淨化機1,500部，辦理講座50場次，新建校舍3棟教學大樓，結對幫扶10校鄉村學校。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "object"]].values.tolist() == [
        ["增設非營利幼兒園", "+", 4.0, "园", ""],
        ["雙語實驗學校", "=", 40.0, "校", ""],
        ["改善學校宿舍", "=", 12.0, "栋", ""],
        ["辦理校舍改建工程", "=", 15.0, "案", ""],
        ["收錄教材", ">=", 2000.0, "份", ""],
        ["添置空氣淨化機", "=", 1500.0, "部", ""],
        ["辦理講座", "=", 50.0, "场次", ""],
        ["新建校舍", "+", 3.0, "栋", "教學大樓"],
        ["結對幫扶", "=", 10.0, "校", "鄉村學校"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_words_that_start_with_a_counting_word_of_taiwan_are_no_unit():
    # 3部门, 5校区, 100校长, 20案例, 2园区, 3栋梁 and 10%份额 name no count of departments, schools, cases or buildings,
    # and 一校一案 is a slogan.
    text = "一、措施\n联合3部门，建设5校区，培训100校长，收集20案例，建设2园区，培养3栋梁，落实一校一案、一园一品、一校一品。"
    assert extract_targets(doc_of(text)).empty
    # Nor do 2校际合作, 3校联动, 3部曲, or the slogan written in digits, 1校1品, 1园1特.
    assert extract_targets(doc_of("一、措施\n推进2校际合作，推动3校联动，完成3部曲，形成1校1品、1园1特。")).empty


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_every_bundled_plan_in_traditional_characters_gives_the_targets_of_its_simplified_form(measures, config):
    # As a plan from Taiwan or Hong Kong is read: without convert="t2s".
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC(config)
    traditional = measures.assign(text=[converter.convert(t) for t in measures["text"]], label=[converter.convert(t) for t in measures["label"]])
    assert [len(t) for t in traditional["text"]] == [len(t) for t in measures["text"]]
    found, expected = extract_targets(traditional), extract_targets(measures)
    assert len(expected) > 300
    pd.testing.assert_frame_equal(found.drop(columns=["indicator", "object", "text"]), expected.drop(columns=["indicator", "object", "text"]))
    # The columns that quote the plan quote it as written, in traditional characters.
    own = traditional.set_index("measure_id")
    at = [own.at[measure_id, "start"] for measure_id in found["measure_id"]]
    assert found["text"].tolist() == [own.at[m, "text"][s - a:e - a] for m, a, s, e in zip(found["measure_id"], at, found["start"], found["end"])]
    assert found["indicator"].tolist() == [converter.convert(w) for w in expected["indicator"]]
    assert found["object"].tolist() == [converter.convert(w) for w in expected["object"]]


def test_every_character_of_the_words_targets_are_read_by_folds_back_from_its_traditional_forms():
    opencc = pytest.importorskip("opencc")
    import ast
    import inspect

    from policycompare import annotations
    from policycompare.annotations import _TARGET_FOLD

    # The words of the targets' section of the module, wherever they are: a word added to a list with a character the
    # fold lacks would not be read in its traditional form. Docstrings and comments are examples, not words read.
    source = inspect.getsource(annotations)
    section = source[source.index("# ---------------------------------------------------------------- targets"):source.index("# ---------------------------------------------------------------- dates")]
    tree = ast.parse(section)
    skipped = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    skipped |= {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "maketrans" for arg in node.args}
    words = {
        word for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
        for word in re.findall(r"[\u4e00-\u9fff]+", node.value)
    }
    assert {"不少于", "提高", "控制在", "新增", "培养", "建设", "发挥", "已", "余"} <= words
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        # 借助 is 藉助 in traditional characters, and 藉 is a simplified character too (慰藉): a word of its own.
        unread = {word: converter.convert(word) for word in words | set("".join(words)) if converter.convert(word).translate(_TARGET_FOLD) not in (word, "藉助")}
        assert unread == {}, config


def test_the_fold_of_the_targets_maps_only_traditional_characters_and_to_what_t2s_makes_them():
    opencc = pytest.importorskip("opencc")
    from policycompare.annotations import _TARGET_FOLD

    # A character that simplified text writes as well would change what a simplified plan reads.
    to_simplified = opencc.OpenCC("t2s")
    folded = {chr(traditional): chr(simplified) for traditional, simplified in _TARGET_FOLD.items()}
    assert {t: s for t, s in folded.items() if to_simplified.convert(t) != s or t == s} == {}
    assert not set(folded) & set(folded.values())


def test_a_year_of_the_republic_of_china_is_the_year_of_the_targets_after_it():
    # 到民國115年 gave no year, and a leading 民國115年 stayed in the indicator.
    text = (
        "一、目標\n（一）到民國115年，全縣幼兒園達到30所。\n（二）民國一一五年12月前新增學位1200個。\n"
        "（三）鞏固率由民國111年的96.5%提高到民國115年的98%。\n（四）到民国115年，新增学位500个。\n"
        "（五）中華民國116年底前，培訓教師200人。\n（六）民國500年新增學位3個。"
    )
    targets = extract_targets(doc_of(text))
    columns = ["measure_id", "indicator", "comparator", "value", "year", "baseline", "baseline_year", "text"]
    assert targets[columns].astype(object).where(targets[columns].notna(), None).values.tolist() == [
        ["t:1.1", "全縣幼兒園", "=", 30.0, 2026, None, None, "全縣幼兒園達到30所"],
        ["t:1.2", "新增學位", "+", 1200.0, 2026, None, None, "新增學位1200個"],
        ["t:1.3", "鞏固率", "=", 98.0, 2026, 96.5, 2022, "鞏固率由民國111年的96.5%提高到民國115年的98%"],
        ["t:1.4", "新增学位", "+", 500.0, 2026, None, None, "新增学位500个"],
        ["t:1.5", "培訓教師", "=", 200.0, 2027, None, None, "培訓教師200人"],
        # 民國500年 is no year of the Republic (2411).
        ["t:1.6", "新增學位", "+", 3.0, None, None, None, "新增學位3個"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


@pytest.mark.parametrize("written, year", [
    ("115學年度", 2026), ("民國115學年度", 2026), ("一一五學年度", 2026), ("112學年度起", 2023), ("自112學年度起", 2023),
    ("112至115學年度", 2026), ("民國115年前", 2026), ("2023年起", 2023), ("从2023年起", 2023),
])
def test_a_leading_school_year_or_start_is_the_year_of_the_target_and_no_part_of_its_indicator(written, year):
    # 115學年度新增學位1,200個 kept 115學年度 in its indicator, which then no longer started with 新增: "=", and no year.
    # A school year counts as the year it starts in, as extract_dates's start_date does (115學年度 → 2026-08).
    text = f"一、目標\n{written}新增學位1,200個。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "year", "text"]].values.tolist() == [
        ["新增學位", "+", 1200.0, "个", year, "新增學位1,200個"],
    ]


@pytest.mark.parametrize("written", [
    "民國113年至115年", "民國113至115年", "民國113年8月至115年7月", "中華民國一一三年至一一五年", "民國113年至民國115年", "2024年至2026年",
    "2024年—2026年", "２０２４年至２０２６年",
])
def test_a_leading_span_of_years_is_no_part_of_the_indicator_and_its_later_end_is_the_year(written):
    # 民國113年至115年每年培訓教師300人 gave the year 2024, for the 115年 after 至 has no 民國 of its own, and both it and
    # 2024年至2026年 kept 至…年 in the indicator.
    text = f"一、目標\n{written}每年培訓教師300人。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "year", "text"]].values.tolist() == [
        ["每年培訓教師", "=", 300.0, "人", 2026, "每年培訓教師300人"],
    ]


def test_a_number_before_xue_nian_du_that_extract_dates_reads_as_no_school_year_stays_in_the_indicator():
    # Without 民國 a school year is from 100 (2011) on, as in extract_dates: 99學年度 may be a count.
    targets = extract_targets(doc_of("一、目標\n99學年度新增學位100個。"))
    assert targets["indicator"].tolist() == ["99學年度新增學位"] and targets["year"].isna().all()


def test_a_magnitude_written_once_in_a_range_is_not_carried_onto_a_first_figure_it_would_make_the_larger():
    # 1—2万人 is 10000 to 20000, and 三千至五千万元 30 to 50 million; but 5000-1万人 is 5000 to 10000,
    # and 五千万至一亿元 keeps its 万 (with the 亿 as well it read as no number).
    text = "一、目标\n覆盖学生5000-1万人，招收学生五千至一万人，投入资金三千至五千万元，筹措资金五千万至一亿元。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "value_max", "unit"]].values.tolist() == [
        ["覆盖学生", "range", 5000.0, 10000.0, "人"],
        ["招收学生", "range", 5000.0, 10000.0, "人"],
        ["投入资金", "range", 30000000.0, 50000000.0, "元"],
        ["筹措资金", "range", 50000000.0, 100000000.0, "元"],
    ]


def test_a_range_with_its_unit_after_both_figures_is_one_range():
    text = "一、目标\n毛入学率达到85%-95%，巩固率保持在90％至95％，每周开展3次～5次。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "value_max", "unit", "text"]].values.tolist() == [
        ["毛入学率", "range", 85.0, 95.0, "%", "毛入学率达到85%-95%"],
        ["巩固率", "range", 90.0, 95.0, "%", "巩固率保持在90％至95％"],
        ["每周开展", "range", 3.0, 5.0, "次", "每周开展3次～5次"],
    ]


def test_full_width_digits_decimal_points_and_percent_signs_read_as_their_ascii_forms():
    text = "一、目标\n新增学位１．５万个，毛入学率达到９５％，巩固率达到96.5％。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "value", "unit", "text"]].values.tolist() == [
        ["新增学位", 15000.0, "个", "新增学位１．５万个"],
        ["毛入学率", 95.0, "%", "毛入学率达到９５％"],
        ["巩固率", 96.5, "%", "巩固率达到96.5％"],
    ]


def test_a_number_written_in_groups_of_three_digits_is_one_figure_and_its_text_keeps_the_commas():
    # 5,000个 read as 0 个, 1,500名 as 500 名, 1,200万元 as 2,000,000 元 and 1亿2,000万元 as 1亿 and 0 元.
    text = (
        "一、目标\n（一）到2026年,新增公办学位5,000个,培训教师1,500名,招聘教师１,２００名。\n"
        "（二）全县投入资金1,200万元,每年培训教师不少于2,000人次,新台币1亿2,000万元用于建设,覆盖学生1,000-1,500人。\n"
        "（三）在全县1,200平方公里范围内新建学校3所。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["measure_id", "indicator", "comparator", "value", "value_max", "unit", "text"]].fillna(0).values.tolist() == [
        ["t:1.1", "新增公办学位", "+", 5000.0, 0, "个", "新增公办学位5,000个"],
        ["t:1.1", "培训教师", "=", 1500.0, 0, "名", "培训教师1,500名"],
        ["t:1.1", "招聘教师", "+", 1200.0, 0, "名", "招聘教师１,２００名"],
        ["t:1.2", "全县投入资金", "=", 12000000.0, 0, "元", "全县投入资金1,200万元"],
        ["t:1.2", "每年培训教师", ">=", 2000.0, 0, "人次", "每年培训教师不少于2,000人次"],
        # 亿 and then 万 make one figure, as in 一亿二千万元; the currency is the figure's, no indicator.
        ["t:1.2", "", "=", 120000000.0, 0, "元", "新台币1亿2,000万元"],
        ["t:1.2", "覆盖学生", "range", 1000.0, 1500.0, "人", "覆盖学生1,000-1,500人"],
        # The comma of 1,200 ends no clause.
        ["t:1.3", "在全县1,200平方公里范围内新建学校", "=", 3.0, 0, "所", "在全县1,200平方公里范围内新建学校3所"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from(["名", "万元"]))
def test_a_number_in_groups_of_three_digits_reads_as_the_number_without_the_commas(number, unit):
    grouped = f"一、目标\n招聘教师不少于{number:,}{unit}。"
    found, plain = extract_targets(doc_of(grouped)), extract_targets(doc_of(f"一、目标\n招聘教师不少于{number}{unit}。"))
    assert found["text"].tolist() == [grouped[grouped.index("招"):-1]]
    pd.testing.assert_frame_equal(found.drop(columns=["text", "end"]), plain.drop(columns=["text", "end"]))


def test_a_comma_between_digits_that_form_no_groups_of_three_ends_a_clause():
    # 2023年,2024年 and 1,2,3 are lists; 1234,567 has a first group of four digits, and the full-width ，
    # in 1，500名 is a clause break before a new number, as Chinese text writes it.
    text = "一、目标\n2023年,2024年新建学校3所,5所,培训教师1,50名,评选1,2,3等奖各10项,招收学生1234,567人,选拔教师1，500名。"
    targets = extract_targets(doc_of(text))
    pd.testing.assert_frame_equal(targets, extract_targets(doc_of(text.replace(",", "，"))))
    assert targets["value"].tolist() == [3.0, 5.0, 50.0, 10.0, 567.0, 500.0]


@pytest.mark.parametrize(
    "first, second", [("1.", "2."), ("1. ", "2. "), ("１．", "２．"), ("１．\u3000", "２．\u3000"), ("①", "②"), ("一是", "二是"), ("一、", "二、"), ("第一条 ", "第二条 ")],
)
def test_the_label_of_a_measure_is_not_part_of_its_indicator(first, second):
    # 1. 新建幼儿园3所 gave the indicator "1. 新建幼儿园" and the comparator "=".
    text = f"方案\n{first}新建幼儿园3所，全县幼儿园达到5所。\n{second}新增学位2000个。\n"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "text"]].values.tolist() == [
        ["新建幼儿园", "+", 3.0, "新建幼儿园3所"], ["全县幼儿园", "=", 5.0, "全县幼儿园达到5所"], ["新增学位", "+", 2000.0, "新增学位2000个"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_point_that_is_no_decimal_point_ends_a_clause():
    # Also in a table without labels; 1.5万 and １．５ keep their decimal points.
    text = "一、主要任务\n1. 全县幼儿园达到3所.新建学位1.5万个，巩固率达到９６．５％。\n"
    measures = extract_measures(doc_of(text))[["doc_id", "measure_id", "text", "start"]]
    assert extract_targets(measures)[["indicator", "comparator", "value"]].values.tolist() == [
        ["全县幼儿园", "=", 3.0], ["新建学位", "+", 15000.0], ["巩固率", "=", 96.5],
    ]



def test_a_point_inside_a_web_address_or_a_domain_ends_no_clause():
    # 访问www.edu.cn平台人数 was cut at the point to cn平台人数; a point before a space or CJK text still ends a clause.
    text = (
        "一、目标\n访问www.edu.cn平台人数达到2万人，登录 xx.gov.cn 的用户不少于5000人，使用v2.0版平台的学校达到30所。"
        "全县幼儿园达到3所.新建学位1.5万个，建设A.新建学校2所，访问edu.cn. 新建3所，访问ＷＷＷ．ＥＤＵ．ＣＮ平台人数达到3万人。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "text"]].values.tolist() == [
        ["访问www.edu.cn平台人数", "=", 20000.0, "访问www.edu.cn平台人数达到2万人"],
        ["登录 xx.gov.cn 的用户", ">=", 5000.0, "登录 xx.gov.cn 的用户不少于5000人"],
        ["使用v2.0版平台的学校", "=", 30.0, "使用v2.0版平台的学校达到30所"],
        ["全县幼儿园", "=", 3.0, "全县幼儿园达到3所"],
        ["新建学位", "+", 15000.0, "新建学位1.5万个"],
        ["新建学校", "+", 2.0, "新建学校2所"],
        ["新建", "+", 3.0, "新建3所"],
        # Full-width letters are no ASCII ones: as before, their points end a clause.
        ["ＣＮ平台人数", "=", 30000.0, "ＣＮ平台人数达到3万人"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


# Punctuation as Big5 text writes it (small forms; ︰ is Big5's colon) and as vertical layouts do.
SMALL_FORMS = str.maketrans({"，": "﹐", "、": "﹑", "；": "﹔", "：": "﹕", "！": "﹗", "？": "﹖", ".": "﹒"})
BIG5_COLON = str.maketrans({"：": "︰", "，": "﹐", "；": "﹔", "、": "﹑"})
VERTICAL_FORMS = str.maketrans({"，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖"})


@pytest.mark.parametrize("forms", [SMALL_FORMS, BIG5_COLON, VERTICAL_FORMS], ids=["small", "big5-colon", "vertical"])
def test_small_and_vertical_forms_of_punctuation_read_as_the_marks_they_stand_for(forms):
    back = {ord(form): mark for mark, form in forms.items()}
    text = (
        "一、工作目标\n（一）到2025年，全县学前三年毛入园率达到95%以上；义务教育巩固率不低于98%。\n"
        "（二）主要指标：新增学位3000个，培训教师200名、骨干教师50名！新增学位1.5万个？\n"
        "二、主要任务\n（一）改善条件：新建幼儿园2所，由县教育局负责，2024年6月底前完成。\n"
        "（二）加强师资。每年培训教师不少于100人，检查教师备课、作业批改等不少于1次。\n"
    )
    measures = extract_measures(doc_of(text))
    written = measures.assign(text=measures["text"].str.translate(forms))
    quoting = {extract_targets: ["text", "indicator", "object"], extract_dates: ["text"], extract_responsibilities: ["text", "unit"]}
    for extract, columns in quoting.items():
        found = extract(written)
        pd.testing.assert_frame_equal(found.assign(**{c: found[c].str.translate(back) for c in columns}), extract(measures))
    targets = extract_targets(written)
    assert targets["indicator"].tolist()[:2] == ["全县学前三年毛入园率", "义务教育巩固率"]


def test_a_tag_that_lists_its_units_with_small_forms_of_punctuation():
    text = "一、措施\n（一）甲。[牵头单位：区教育局﹔配合单位：区财政局﹑各学校]\n（二）乙。(责任单位:市教育局﹐市委宣传部﹒逗号前为牵头单位)\n"
    units = extract_responsibilities(doc_of(text))
    assert units[["measure_id", "role", "unit"]].values.tolist() == [
        ["t:1.1", "lead", "区教育局"], ["t:1.1", "support", "区财政局"], ["t:1.1", "support", "各学校"],
        ["t:1.2", "lead", "市教育局"], ["t:1.2", "support", "市委宣传部"],
    ]


def test_a_year_in_full_width_or_mixed_digits_is_the_year_of_the_targets_after_it():
    text = "一、目标\n到２０２６年，学位数量新增加约２５００个，巩固率由２０２２年的９６．５％提高到９８％，培训教师2０0余人。"
    targets = extract_targets(doc_of(text))
    columns = ["indicator", "comparator", "value", "unit", "year", "baseline", "baseline_year", "text"]
    assert targets[columns].astype(object).where(targets[columns].notna(), None).values.tolist() == [
        ["学位数量新增加", "~", 2500.0, "个", 2026, None, None, "学位数量新增加约２５００个"],
        ["巩固率", "=", 98.0, "%", 2026, 96.5, 2022, "巩固率由２０２２年的９６．５％提高到９８％"],
        ["培训教师", ">", 200.0, "人", 2026, None, None, "培训教师2０0余人"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_change_from_a_lone_chinese_numeral_or_to_a_figure_after_wei_keeps_its_starting_figure():
    # 一 and 两 alone are often articles, but the starting figure of a change is a figure; 提高为 is 提高到.
    text = "一、目标\n示范校由一所增加到三所，教育集团从两个增加到五个，毛入园率由85%提高为95%，班额由56人降低为45人。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "baseline", "text"]].values.tolist() == [
        ["示范校", "=", 3.0, "所", 1.0, "示范校由一所增加到三所"],
        ["教育集团", "=", 5.0, "个", 2.0, "教育集团从两个增加到五个"],
        ["毛入园率", "=", 95.0, "%", 85.0, "毛入园率由85%提高为95%"],
        ["班额", "=", 45.0, "人", 56.0, "班额由56人降低为45人"],
    ]


def test_more_than_and_about_keep_the_unit_and_are_comparators():
    # 余/多 between a figure and its unit mean more than it; 以上 includes it; 约 and 左右 are about it,
    # and an approximation says more of the figure than the verb of an addition does.
    text = (
        "一、目标\n培训教师3000余人，培训校长3万余人，新增学位2000多个，建成示范校十余所，覆盖学生100人以上，"
        "投入约5000万元左右，新增加约2500个，组建集团3个左右，毛入学率约为90%。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "text"]].values.tolist() == [
        ["培训教师", ">", 3000.0, "人", "培训教师3000余人"],
        ["培训校长", ">", 30000.0, "人", "培训校长3万余人"],
        ["新增学位", ">", 2000.0, "个", "新增学位2000多个"],
        ["建成示范校", ">", 10.0, "所", "建成示范校十余所"],
        ["覆盖学生", ">=", 100.0, "人", "覆盖学生100人以上"],
        ["投入", "~", 50000000.0, "元", "投入约5000万元左右"],
        ["新增加", "~", 2500.0, "个", "新增加约2500个"],
        ["组建集团", "~", 3.0, "个", "组建集团3个左右"],
        ["毛入学率", "~", 90.0, "%", "毛入学率约为90%"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_more_and_about_inside_words_are_no_approximations():
    # 多功能 follows the unit, 一多个 is 一 and 多个, 节约 is no 约.
    text = "一、措施\n建设3个多功能教室，统一多个部门的标准，节约5000元。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit"]].values.tolist() == [
        ["建设", "+", 3.0, "个"],
        ["节约", "=", 5000.0, "元"],
    ]


@pytest.mark.parametrize("written", ["經費約新臺幣3億元", "經費約新台幣3億元", "经费约人民币3亿元", "经费约3亿元", "经费大约3亿元", "經費約港幣3億元", "經費大約新臺幣3億元"])
def test_about_before_a_currency_is_about_the_figure_as_about_before_the_figure_is(written):
    # 經費約新臺幣3億元 gave 經費約新臺幣 "=", and 经费大约3亿元 the indicator 经费大.
    text = f"一、目標\n{written}。"
    targets = extract_targets(doc_of(text))
    indicator = "经费" if "经费" in written else "經費"
    assert targets[["indicator", "comparator", "value", "unit", "text"]].values.tolist() == [[indicator, "~", 300000000.0, "元", written]]


def test_a_currency_before_a_figure_is_no_part_of_its_indicator_and_a_comparator_before_it_holds():
    # The figure is in 元 whatever the currency; text keeps the currency as written.
    text = "一、目標\n經費新臺幣3億元，投入新臺幣5,000萬元，补助经费不少于人民币100万元，總開支約港幣1億2,000萬元，每人每月新臺幣5,000元。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "text"]].values.tolist() == [
        ["經費", "=", 300000000.0, "元", "經費新臺幣3億元"],
        ["投入", "+", 50000000.0, "元", "投入新臺幣5,000萬元"],
        ["补助经费", ">=", 1000000.0, "元", "补助经费不少于人民币100万元"],
        ["總開支", "~", 120000000.0, "元", "總開支約港幣1億2,000萬元"],
        ["每人每月", "=", 5000.0, "元", "每人每月新臺幣5,000元"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_change_by_an_amount_is_plus_or_minus_and_a_change_to_a_figure_is_its_level():
    # 下降5个百分点 takes 5 points away; 减少到50所以下 and 降至零 say where the indicator is to get to.
    text = (
        "一、目标\n近视率每年下降0.5个百分点，薄弱学校减少到50所以下，班额控制在45人以内，大班额降至零，"
        "辍学人数减少两百人，巩固率提高两个百分点，近视率下降 0.3%以上，流失率降为0。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "text"]].values.tolist() == [
        ["近视率每年下降", "-", 0.5, "个百分点", "近视率每年下降0.5个百分点"],
        ["薄弱学校", "<=", 50.0, "所", "薄弱学校减少到50所以下"],
        ["班额", "<=", 45.0, "人", "班额控制在45人以内"],
        ["大班额", "=", 0.0, "", "大班额降至零"],
        ["辍学人数减少", "-", 200.0, "人", "辍学人数减少两百人"],
        ["巩固率提高", "+", 2.0, "个百分点", "巩固率提高两个百分点"],
        # A bound says more of the figure than the direction of the change.
        ["近视率下降", ">=", 0.3, "%", "近视率下降 0.3%以上"],
        ["流失率", "=", 0.0, "", "流失率降为0"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_zero_without_a_unit_or_a_lone_numeral_after_a_change_verb_is_no_target():
    # A lone Chinese digit after 提升 or 减少 stays a word, as after any verb but that of an addition.
    text = "一、措施\n实现零距离服务，大班额降至零星水平，达到0，控制在零，巩固提升三个阶段，减少一个环节。"
    assert extract_targets(doc_of(text)).empty


def test_a_minus_sign_before_a_figure_but_not_a_dash_between_two():
    text = (
        "一、目标\n生源增长率为-2%，经费增幅为 −1.5%，人数变化为－３人，经费年均增长 -3%，毛入学率达到85%-95%，每周开展3-5次，"
        "重点建设 3 - 5 所，选派5人-3名，代码G-3个。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "value_max", "unit", "text"]].fillna(0).values.tolist() == [
        ["生源增长率", "=", -2.0, 0, "%", "生源增长率为-2%"],
        ["经费增幅", "=", -1.5, 0, "%", "经费增幅为 −1.5%"],
        ["人数变化", "=", -3.0, 0, "人", "人数变化为－３人"],
        # The sign is the figure's, the direction the verb's: a growth by -3%.
        ["经费年均增长", "+", -3.0, 0, "%", "经费年均增长 -3%"],
        ["毛入学率", "range", 85.0, 95.0, "%", "毛入学率达到85%-95%"],
        ["每周开展", "range", 3.0, 5.0, "次", "每周开展3-5次"],
        ["重点建设", "range", 3.0, 5.0, "所", "重点建设 3 - 5 所"],
        ["选派", "=", 5.0, 0, "人", "选派5人"],
        # A dash after a unit is no sign: 3, not -3.
        ["-", "=", 3.0, 0, "名", "-3名"],
        ["代码G-", "=", 3.0, 0, "个", "代码G-3个"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_zero_followed_by_a_figure_of_the_place_it_skips_is_no_number():
    # 一千零五十 is 1050: 零 stands for the empty hundreds. In 一百零五十 the tens it stands for are not empty.
    text = "一、目标\n新建一千零五十个班，新建一百零五十个班。"
    assert extract_targets(doc_of(text))[["value", "text"]].values.tolist() == [[1050.0, "新建一千零五十个"]]


def test_figures_in_chinese_numerals():
    text = (
        "一、目标\n到2025年，全区学前教育毛入园率达到百分之九十五以上，巩固率达到百分之九十五点五，"
        "优质学位占比提高到三成，新增两千名教师，培养一千二百名骨干，招聘十二名教师，新建两所学校，"
        "每校至少配备一名心理教师，每学期听课不少于两次，领航校长达到百人以上，提高两个百分点，建设三至五所示范校。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "value_max", "unit"]].fillna(0).values.tolist() == [
        ["全区学前教育毛入园率", ">=", 95.0, 0, "%"],
        ["巩固率", "=", 95.5, 0, "%"],
        ["优质学位占比", "=", 30.0, 0, "%"],
        ["新增", "+", 2000.0, 0, "名"],
        ["培养", "+", 1200.0, 0, "名"],
        ["招聘", "+", 12.0, 0, "名"],
        ["新建", "+", 2.0, 0, "所"],
        ["每校至少配备", ">=", 1.0, 0, "名"],
        ["每学期听课", ">=", 2.0, 0, "次"],
        ["领航校长", ">=", 100.0, 0, "人"],
        # 提高两个百分点 raises the indicator by 2 points; 提高到 would give the level to reach.
        ["提高", "+", 2.0, 0, "个百分点"],
        ["建设", "range", 3.0, 5.0, "所"],
    ]
    assert targets["text"].iloc[0] == "全区学前教育毛入园率达到百分之九十五以上"
    assert (targets["year"] == 2025).all()
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_chinese_numerals_in_words_names_and_articles_are_not_targets():
    text = (
        "一、措施\n每年为教育办一批实事，打造一支高素质队伍，达到一个新水平，落实“三个课堂”和“十项准则”，"
        "“十四五”期间分三个阶段推进，依托两所学校，构建四位一体机制，每百名学生，统一课时安排，"
        "一成不变，第十四次党代会，千家万户，进入全市前八名。"
    )
    assert extract_targets(doc_of(text)).empty


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**8 - 1))
def test_a_number_written_in_chinese_numerals_reads_as_its_value(number):
    written = _in_chinese(number)
    text = f"一、目标\n招聘教师不少于{written}名。"
    targets = extract_targets(doc_of(text))
    assert targets[["comparator", "value", "unit", "text"]].values.tolist() == [[">=", float(number), "名", f"招聘教师不少于{written}名"]]


PIECES = ["零", "〇", "一", "两", "三", "十", "百", "千", "万", "亿", "点", "五", "1", "2.5", " ", "百分之", "成", "个", "名", "元", "%",
          "个百分点", "—", "至", "、", "（", "）", "，", "。", "由", "从", "2022年的", "提高到", "不少于", "达到", "以上", "左右", "新建", "“", "”", "率",
          "余", "多", "约", "-", "－", "下降", "降至", "提高", "以内", "0", ",", "1,500", ".", "﹐", "﹑", "︰",
          "萬", "億", "兩", "點", "個", "個百分點", "www", "cn"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_run_of_numerals_units_and_comparators_gives_rows_that_point_at_their_text(body):
    text = "一、目标\n" + body
    targets = extract_targets(doc_of(text))
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))
    assert np.isfinite(targets["value"]).all() and (targets["value_max"].isna() | (targets["comparator"] == "range")).all()


def _in_chinese(number):
    """``number`` (below 10**8) in Chinese numerals as written in plans: 12 十二, 105 一百零五, 10010 一万零一十."""
    digits = "零一二三四五六七八九"

    def below_10000(n, leading):
        out, zero = "", False
        for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = n // place % 10
            if digit == 0:
                zero = zero or bool(out)
                continue
            if zero:
                out, zero = out + "零", False
            # 十二, not 一十二, at the start of a number.
            out += ("" if digit == 1 and place == 10 and leading and not out else digits[digit]) + name
        return out

    high, low = divmod(number, 10**4)
    written = below_10000(high, True) + "万" if high else ""
    if low:
        written += ("零" if high and low < 1000 else "") + below_10000(low, not high)
    return written


def test_a_figure_listed_or_restated_after_another_takes_its_indicator():
    text = (
        "一、目标\n到2025年，实现新建2所公办幼儿园、2所义务教育学校。"
        "每位校(园)长参加不少于12天(72学时)的面授培训。每年选派5名中小学校领导、20名学校中层管理人员跟岗。"
        "公办园100%达标、30%创建为示范园。培养10%骨干教师，70%教师能上示范课。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "text"]].values.tolist() == [
        ["实现新建", "+", 2.0, "所", "实现新建2所"],
        ["实现新建", "+", 2.0, "所", "2所"],
        # A short aside in brackets belongs to the indicator; the figure in brackets restates the one before it.
        ["每位校(园)长参加", ">=", 12.0, "天", "每位校(园)长参加不少于12天"],
        ["每位校(园)长参加", ">=", 72.0, "学时", "72学时"],
        ["每年选派", "=", 5.0, "名", "每年选派5名"],
        ["每年选派", "=", 20.0, "名", "20名"],
        ["公办园", "=", 100.0, "%", "公办园100%"],
        ["公办园", "=", 30.0, "%", "30%"],
        ["培养", "+", 10.0, "%", "培养10%"],
        # After a comma the figure starts a clause of its own: its words come after it.
        ["", "=", 70.0, "%", "70%"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_the_noun_a_figure_counts_after_its_counting_word_is_its_object():
    # collection-04:4.2.5 and 4.3.7: 选派5名中小学校领导 counts school leaders, not 选派; a figure
    # without a counting word, or whose noun comes before it, has no object.
    text = (
        "一、措施\n我县每年选派 5 名中小学校领导、20 名学校中层管理人员到东莞长安镇和茶山镇结对帮扶镇街所属学校跟岗学习 1 个学期。"
        "我县每年组织 2 名教育行政部门管理人员到东莞长安镇和茶山镇观摩学习 3 天。"
        "培养80名教学名师、名班主任和骨干教师，新增学位9870个，其余 9个为未开工项目，推动每所学校开设 7 种以上运动项目。"
    )
    targets = extract_targets(doc_of(text))
    assert list(targets.columns) == TARGET_COLUMNS and TARGET_COLUMNS[-1] == "object"
    assert targets[["indicator", "value", "unit", "object"]].values.tolist() == [
        ["我县每年选派", 5.0, "名", "中小学校领导"],
        ["我县每年选派", 20.0, "名", "学校中层管理人员"],
        ["学校中层管理人员到东莞长安镇和茶山镇结对帮扶镇街所属学校跟岗学习", 1.0, "个学期", ""],
        ["我县每年组织", 2.0, "名", "教育行政部门管理人员"],
        ["教育行政部门管理人员到东莞长安镇和茶山镇观摩学习", 3.0, "天", ""],
        ["培养", 80.0, "名", "教学名师、名班主任和骨干教师"],
        ["新增学位", 9870.0, "个", ""],
        ["其余", 9.0, "个", ""],
        ["推动每所学校开设", 7.0, "种", "运动项目"],
    ]
    # The object follows the quoted text, after spaces.
    assert all(text[e:].lstrip(" ").startswith(o) for e, o in zip(targets["end"], targets["object"]))


def test_a_figure_right_after_its_verb_and_listed_before_another_counts_the_noun_of_the_other():
    # collection-04:4.4.9: 至少招收 2 名 had no object. A noun before the figure (招聘教师20名) is its own.
    text = (
        "一、措施\n工作室在任期内至少招收 2 名、在线指导 10 名我县教师或校(园)长学员。"
        "每年招聘教师 20 名、培训 300 名骨干教师。新建 3 所、改扩建 5 个幼儿园。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "value", "unit", "object"]].values.tolist() == [
        ["工作室在任期内至少招收", 2.0, "名", "我县教师或校(园)长学员"],
        ["在线指导", 10.0, "名", "我县教师或校(园)长学员"],
        ["每年招聘教师", 20.0, "名", ""],
        ["培训", 300.0, "名", "骨干教师"],
        # Another counting word counts another thing.
        ["新建", 3.0, "所", ""],
        ["改扩建", 5.0, "个", "幼儿园"],
    ]


def test_a_share_counts_the_noun_that_follows_it_but_not_a_verb_or_the_word_for_the_share():
    # qixing:3.4.4, collection-02:2.2 and 3.3.6, qixing:3.3.2: a share had no object; anning:3.1.4,
    # collection-03:3.2.12 and collection-06:8 are followed by a verb or by 比例.
    text = (
        "一、目标\n三年内，培养10%市级骨干教师、区级骨干教师，70%教师随时能提供“融创课堂”的观察课、示范课。"
        "全区 1/3 相对薄弱的初中办学水平显著提高,1/3 内涵发展较好的初中创建成现代化学校。"
        "将区域内 1/3 左右的初中确定为相对薄弱。并择优评选30%的学员颁发证书。三分之一的学校建成智慧校园。"
        "公办中小学幼儿园100%创建为达标校、30%创建为示范学校。公办园100%达标。"
        "规模以上企业原则上按职工总数的 2%设置实习岗位。净收入可按不低于 50%的比例作为绩效工资来源,可按最高70%比例提取。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "value", "unit", "object"]].values.tolist() == [
        ["培养", 10.0, "%", "市级骨干教师、区级骨干教师"],
        ["", 70.0, "%", "教师"],
        # The share counts the schools whose level rises, not the level.
        ["全区", 100 / 3, "%", "相对薄弱的初中"],
        ["", 100 / 3, "%", "内涵发展较好的初中"],
        ["将区域内", 100 / 3, "%", "初中"],
        ["并择优评选", 30.0, "%", "学员"],
        ["", 100 / 3, "%", "学校"],
        ["公办中小学幼儿园", 100.0, "%", ""],
        ["公办中小学幼儿园", 30.0, "%", ""],
        ["公办园", 100.0, "%", ""],
        # A share of a whole named before it, and 比例 after it, count no noun.
        ["规模以上企业原则上按职工总数的", 2.0, "%", ""],
        ["净收入可按", 50.0, "%", ""],
        ["可按", 70.0, "%", ""],
    ]
    assert all(text[e:].lstrip(" 左右的").startswith(o) for e, o in zip(targets["end"], targets["object"]))


def test_a_quoted_figure_spelled_out_after_ji_is_one_target_without_the_label():
    # anning:3.2.5 read “4”即 as the indicator of 4所; a quoted figure with a unit gave a second row.
    text = (
        "一、措施\n组建“1+4+X”的普通高中学校教学联盟(“1”即安宁中学示范引领,“4”即4所公办高中整体发展,“X”即引领民办高中协调发展)。"
        "组建“3所”即3所城区学校组成的联盟,即将新建2所学校。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "text", "object"]].values.tolist() == [
        ["", "=", 4.0, "所", "4所", "公办高中"],
        ["", "=", 3.0, "所", "3所", "城区学校"],
        # 即将 is no 即 of a label.
        ["即将新建", "+", 2.0, "所", "即将新建2所", "学校"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_count_stated_with_zuowei_is_no_addition_and_the_nouns_it_names_are_one_object():
    # collection-04:4.5.12 read 新建学校作为3个 as 3 schools to build (+), and cut the list the 3 所 counts
    # at its first item; collection-07:2.7 cut 适切新技术、新产业…实训基地 at the 、.
    text = (
        "一、措施\n东莞长安镇和茶山镇从我县结对帮扶学校中分别选出 3 所寄宿制学校、中心学校或乡镇学校、薄弱学校、新建学校作为 3 个组团支教的学校。"
        "校企共建 2-3 个适切新技术、新产业高水平产教融合实训基地和 1-3 个职业教育集团或职教联盟。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "object"]].values.tolist() == [
        ["东莞长安镇和茶山镇从我县结对帮扶学校中分别选出", "=", 3.0, "寄宿制学校、中心学校或乡镇学校、薄弱学校、新建学校"],
        ["新建学校作为", "=", 3.0, "组团支教的学校"],
        ["校企共建", "range", 2.0, "适切新技术、新产业高水平产教融合实训基地"],
        ["校企共建", "range", 1.0, "职业教育集团或职教联盟"],
    ]


def test_the_size_of_what_a_verb_of_removal_does_away_with_is_no_target():
    # collection-10:2.4.3 read 消除5000人以上普通高中校点 as at least 5000 人.
    text = (
        "一、目标\n到 2025 年全面消除 5000 人以上普通高中校点,基本消除56人以上的大班额。"
        "化解 3 所薄弱学校,消除大班额不超过 45 人,新增 2 所以上省级特色高中。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "object"]].values.tolist() == [
        # A count of what goes, a bound that is no size of a noun and a bound after another verb stay targets.
        ["化解", "=", 3.0, "所", "薄弱学校"],
        ["消除大班额", "<=", 45.0, "人", ""],
        ["新增", ">=", 2.0, "所", "省级特色高中"],
    ]


def test_a_count_done_already_is_no_target_however_far_yi_is_from_the_figure():
    # 已竣工8个 was left out but 已经建成学校8所, with the noun between, was read.
    text = "一、措施\n全区已经建成学校8所,已新建幼儿园3所,从已有学校中遴选2所,已建成的学校再改造1所以上。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit"]].values.tolist() == [
        # A later verb of its own, or 再, starts what is still to be done.
        ["从已有学校中遴选", "+", 2.0, "所"],
        ["已建成的学校再改造", ">=", 1.0, "所"],
    ]


def test_an_indicator_starts_at_a_clause_boundary_however_long_the_clause():
    # collection-04:4.5.12 lost the 东 of 东莞 when the indicator was cut at 30 characters.
    text = "一、措施\n薄弱学校、新建学校作为 3 个组团支教的学校。东莞长安镇和茶山镇每年按照 “学校领导+中层干部+教师”选派 3 名优秀教师组成 1 个支教团。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "value", "object"]].values.tolist() == [
        # 作为 is a verb: its 为 is no comparator.
        ["新建学校作为", 3.0, "组团支教的学校"],
        ["东莞长安镇和茶山镇每年按照 “学校领导+中层干部+教师”选派", 3.0, "优秀教师"],
        ["优秀教师组成", 1.0, "支教团"],
    ]


def test_a_figure_joined_by_he_or_huo_to_the_one_before_takes_its_indicator():
    # collection-04:4.2.2, 4.2.4 and collection-03:2.1.
    text = (
        "一、措施\n开展为期 1 年高端研修(多次集中,累计不少于 30 天或 180 学时)。"
        "我县组织每位校(园)长参加不少于 12 天(72 学时)的面授培训和不少于 60 学时的网络研修。"
        "建设 15 个特色骨干专业和 10-15 个新兴专业。至少确定 1 个优质教育集团(或 1 所优质学校)。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "text", "object"]].values.tolist() == [
        ["累计", ">=", 30.0, "天", "累计不少于 30 天", ""],
        ["累计", ">=", 180.0, "学时", "180 学时", ""],
        ["我县组织每位校(园)长参加", ">=", 12.0, "天", "我县组织每位校(园)长参加不少于 12 天", ""],
        ["我县组织每位校(园)长参加", ">=", 72.0, "学时", "72 学时", ""],
        ["我县组织每位校(园)长参加", ">=", 60.0, "学时", "不少于 60 学时", ""],
        ["建设", "+", 15.0, "个", "建设 15 个", "特色骨干专业"],
        ["建设", "range", 10.0, "个", "10-15 个", "新兴专业"],
        ["至少确定", ">=", 1.0, "个", "至少确定 1 个", "优质教育集团"],
        ["至少确定", ">=", 1.0, "所", "1 所", "优质学校"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_list_gathered_by_deng_ge_or_liangji_an_aside_and_an_open_quotation_stay_in_the_indicator():
    # collection-01, collection-08, collection-10: 、 joins the items 等, 各 and 两级 gather.
    text = (
        "一、措施\n小学校长每月检查教师备课、作业批改等不少于 1 次。确保学生每天校内、校外体育锻炼各不少于 1 小时。"
        "市、县两级教研机构至少配备 1 名心理教研员。到 2025 年义务教育优质均衡的县(市、区)比例达到 35%。"
        "开足体育课,将“每天 1 小时校园体育活动”列入教学计划。2022 年 7 月前完成莆田八中、砺志学校、江边小学等 7 所中小学创建工作。"
    )
    targets = extract_targets(doc_of(text))
    assert targets["indicator"].tolist() == [
        "小学校长每月检查教师备课、作业批改等", "确保学生每天校内、校外体育锻炼各", "市、县两级教研机构至少配备",
        "义务教育优质均衡的县(市、区)比例", "每天", "完成莆田八中、砺志学校、江边小学等",
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_rank_a_ceiling_and_a_bounded_ratio_have_their_comparators():
    # anning:2.2, collection-06:8, collection-02:2.2.
    text = "一、目标\n初高中教育教学质量综合评估进入昆明市前5名，净收入可按最高70%比例提取，校际差异系数均小于 0.30，信息化2.0。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit"]].values.tolist() == [
        ["初高中教育教学质量综合评估进入昆明市前", "<=", 5.0, "名"],
        ["净收入可按", "<=", 70.0, "%"],
        ["校际差异系数均", "<", 0.3, ""],
    ]


def test_a_list_of_nouns_joined_by_dunhao_with_no_figure_in_it_is_the_indicator():
    # collection-02:3.4.11, collection-04:4.4.9 and qixing:3.3.1 cut the indicator at the last 、.
    text = (
        "一、措施\n到 2025 年,遴选并培育市学科名师骨干 8~10 名、区学科名师骨干 30~40 名,培育市骨干班主任 3~10 名,区名班主任、骨干班主任 5~10 名。"
        "东莞长安镇和茶山镇名教师、名校长、名班主任工作室在任期内至少招收 2 名、在线指导 10 名我县教师或校(园)长学员。"
        "在培养、比赛、展示中择优认定150名教师为七星区“教坛新星”。加强党建、新建学校3所。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "text"]].values.tolist() == [
        ["遴选并培育市学科名师骨干", "range", 8.0, "遴选并培育市学科名师骨干 8~10 名"],
        # A 、 list with figures in it lists targets.
        ["区学科名师骨干", "range", 30.0, "区学科名师骨干 30~40 名"],
        ["培育市骨干班主任", "range", 3.0, "培育市骨干班主任 3~10 名"],
        ["区名班主任、骨干班主任", "range", 5.0, "区名班主任、骨干班主任 5~10 名"],
        ["东莞长安镇和茶山镇名教师、名校长、名班主任工作室在任期内至少招收", ">=", 2.0,
         "东莞长安镇和茶山镇名教师、名校长、名班主任工作室在任期内至少招收 2 名"],
        ["在线指导", "=", 10.0, "在线指导 10 名"],
        ["在培养、比赛、展示中择优认定", "=", 150.0, "在培养、比赛、展示中择优认定150名"],
        # An item that starts with the verb of a change is a clause of its own, and keeps its comparator.
        ["新建学校", "+", 3.0, "新建学校3所"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(targets["start"], targets["end"], targets["text"]))


def test_a_later_item_of_a_list_that_starts_with_an_addition_is_added_too():
    # collection-08:2.3.5 gave 区级示范园 3 所 as "=".
    text = "一、措施\n加快创建各级示范性幼儿园,新增市级示范园 2 所、区级示范园 3 所。新增学位 3000 个、在线指导 10 名、示范园 5 所以上。"
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value"]].values.tolist() == [
        ["新增市级示范园", "+", 2.0],
        ["区级示范园", "+", 3.0],
        ["新增学位", "+", 3000.0],
        # Another kind of thing has words of its own, and a stated comparator wins.
        ["在线指导", "=", 10.0],
        ["示范园", ">=", 5.0],
    ]


def test_a_fraction_is_the_share_it_gives_in_percent():
    # collection-02:2.2 and 3.3.6: 1/3 was no figure.
    text = (
        "一、目标\n全区 1/3 相对薄弱的初中办学水平显著提高,1/3 内涵发展较好的初中创建成现代化学校。"
        "将区域内 1/3 左右的初中确定为相对薄弱。骨干教师占比达到三分之一以上,优秀率达 2／3。"
        "2021/3/1 召开会议,比例为 3/2,“三分之一”工程。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "text"]].values.tolist() == [
        ["全区", "=", 100 / 3, "%", "全区 1/3"],
        ["", "=", 100 / 3, "%", "1/3"],
        ["将区域内", "~", 100 / 3, "%", "将区域内 1/3 左右"],
        ["骨干教师占比", ">=", 100 / 3, "%", "骨干教师占比达到三分之一以上"],
        ["优秀率", "=", 200 / 3, "%", "优秀率达 2／3"],
    ]


def test_a_lone_numeral_before_ci_after_mei_nian_is_a_frequency():
    # yinchuan:A.3.2, anning:4.1, collection-02:3.5.13 and collection-10:2.3.3.
    text = (
        "一、措施\n市、县教育部门每年组织召开一次推进会,市政府每半年听取一次情况汇报,开展每年一次的“生动课堂”教学改革展示月活动,"
        "每三年市、县两级举办一次中小学生艺术节,每学期至少两次。每年一次性奖励优秀教师,进一步统一次序,帮扶期内原则上只替换一次。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "comparator", "value", "unit", "object"]].values.tolist() == [
        ["市、县教育部门每年组织召开", "=", 1.0, "次", "推进会"],
        ["市政府每半年听取", "=", 1.0, "次", "情况汇报"],
        ["开展每年", "=", 1.0, "次", "“生动课堂”教学改革展示月活动"],
        ["每三年市、县两级举办", "=", 1.0, "次", "中小学生艺术节"],
        ["每学期", ">=", 2.0, "次", ""],
    ]


def test_a_count_of_what_is_done_a_condition_grounds_and_what_a_measure_draws_on_are_not_targets():
    # collection-08:2.2.3, collection-08:2.5.12, collection-04:4.1.1 and anning:3.2.8.
    text = (
        "一、措施\n我区“十四五”期间规划教育类项目 39 个,其中 2021 年已竣工 8 个,2022 年将实施项目 22 个。"
        "对部分学科尚未设立名师工作室及成员人数不足 6 人的名师工作室予以补齐补足。"
        "以 6 对结对帮扶学校为基础创建结对帮扶共同体,可以 3 所学校为试点。充分发挥4个幼教集团引领作用,依托 2 所中职学校。"
    )
    targets = extract_targets(doc_of(text))
    assert targets[["indicator", "value", "year"]].values.tolist() == [
        ["我区“十四五”期间规划教育类项目", 39.0, pd.NA], ["将实施项目", 22.0, 2022], ["可以", 3.0, pd.NA],
    ]


def test_the_front_matter_has_no_targets():
    text = "篇一:学校教育高质量发展方案\n\n2 篇学校提质培优三年行动计划\n近年来新建学校12所。\n一、目标\n新建学校3所。\n二、措施\n内容。"
    targets = extract_targets(doc_of(text))
    assert targets[["measure_id", "text"]].values.tolist() == [["t:1", "新建学校3所"]]

def test_dates_document_numbers_ordinals_and_titles_are_not_targets():
    text = "一、依据\n根据《三年行动计划(2021-2023 年)》(教基〔2021〕8号)，2022年6月召开第38个教师节大会，第113次会议，5G网络，1+X证书，信息化2.0。"
    assert extract_targets(doc_of(text)).empty


def test_the_four_figures_of_the_regional_plans(measures):
    targets = extract_targets(measures).set_index("text")
    expected = {
        "高中阶段毛入学率稳定在95%以上": ("huaxi", "huaxi:2", "高中阶段毛入学率", ">=", 95.0, "%"),
        "普通高中新入学年级班额不得超过55人": ("yinchuan", "yinchuan:2.4", "普通高中新入学年级班额", "<=", 55.0, "人"),
        "新增优质学位不少于4500个": ("anning", "anning:3.2.7", "新增优质学位", ">=", 4500.0, "个"),
        "每年投入20万元": ("qixing", "qixing:3.1.2", "每年投入", "+", 200000.0, "元"),
    }
    for text, row in expected.items():
        assert tuple(targets.loc[text, ["doc_id", "measure_id", "indicator", "comparator", "value", "unit"]]) == row
    assert targets.loc["全区学前教育毛入园率达100%", "year"] == 2026


def test_the_targets_of_the_bundled_plans_without_an_indicator(measures):
    targets = extract_targets(measures)
    # All name what they count after the figure (为100名“骨干教师”培养对象配备…, 70%教师随时能提供…,
    # 1/3 内涵发展较好的初中创建成现代化学校, “4”即4所公办高中整体发展).
    assert targets.loc[targets["indicator"] == "", ["measure_id", "text", "object"]].values.tolist() == [
        ["anning:3.2.5", "4所", "公办高中"], ["qixing:3.3.2", "为100名", "“骨干教师”培养对象"], ["qixing:3.4.4", "70%", "教师"],
        ["collection-02:2.2", "1/3", "内涵发展较好的初中"], ["collection-05:2.2", "1/3", "内涵发展较好的初中"],
    ]
    assert not targets["measure_id"].str.endswith(":0").any()
    listed = targets[targets["measure_id"] == "qixing:2"]
    assert listed[["indicator", "comparator", "value", "unit", "text"]].values.tolist()[:2] == [
        ["实现新建", "+", 2.0, "所", "实现新建2所"], ["实现新建", "+", 2.0, "所", "2所"],
    ]


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


def test_dates_in_full_width_or_mixed_digits_read_as_in_ascii_digits():
    text = (
        "一、步骤\n（一）准备阶段（２０２４年６月～８月）：启动。\n"
        "（二）到２０２４年９月完成，２0２6年底前验收，２０２４－２０２６年实施，2024年至２０２６年推进，２０２７年总结。"
    )
    dates = extract_dates(doc_of(text))
    assert dates[["measure_id", "kind", "start_date", "end_date", "text"]].values.tolist() == [
        ["t:1.1", "phase", "2024-06", "2024-08", "２０２４年６月～８月"],
        ["t:1.2", "deadline", "", "2024-09", "到２０２４年９月"],
        ["t:1.2", "deadline", "", "2026", "２0２6年底"],
        ["t:1.2", "period", "2024", "2026", "２０２４－２０２６年"],
        ["t:1.2", "period", "2024", "2026", "2024年至２０２６年"],
        ["t:1.2", "date", "2027", "2027", "２０２７年"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(dates["start"], dates["end"], dates["text"]))



ROC_DATES = (
    "一、目標\n（一）民國112年8月1日公布，到民國一一五年全面完成，中華民國113年底前檢討，民國一百一十四年十二月前驗收，"
    "中華民國一百十二年九月三十日核定。\n"
    "（二）112學年度起試辦，112至115學年度推動，民國112年至115年實施，民國112年8月至113年7月準備，"
    "民國112至114年評估，113學年度至114學年度推廣，到115學年度普及，民國１１６年以後追蹤。\n"
    "（三）第一階段（113學年度）：試行。\n"
)


def test_dates_of_the_republic_of_china_calendar_read_as_gregorian_ones():
    # Taiwan plans count years from 1912 (民國112年 = 2023); a school year (112學年度) runs from August 2023 to July 2024.
    dates = extract_dates(doc_of(ROC_DATES))
    assert dates[["measure_id", "kind", "start_date", "end_date", "text"]].values.tolist() == [
        ["t:1.1", "date", "2023-08-01", "2023-08-01", "民國112年8月1日"],
        ["t:1.1", "deadline", "", "2026", "到民國一一五年"],
        ["t:1.1", "deadline", "", "2024", "中華民國113年底"],
        ["t:1.1", "deadline", "", "2025-12", "民國一百一十四年十二月前"],
        # 一百十二, as Taiwan's official documents write it, is 一百一十二.
        ["t:1.1", "date", "2023-09-30", "2023-09-30", "中華民國一百十二年九月三十日"],
        ["t:1.2", "period", "2023-08", "", "112學年度起"],
        ["t:1.2", "period", "2023-08", "2027-07", "112至115學年度"],
        ["t:1.2", "period", "2023", "2026", "民國112年至115年"],
        ["t:1.2", "period", "2023-08", "2024-07", "民國112年8月至113年7月"],
        ["t:1.2", "period", "2023", "2025", "民國112至114年"],
        ["t:1.2", "period", "2024-08", "2026-07", "113學年度至114學年度"],
        ["t:1.2", "deadline", "", "2027-07", "到115學年度"],
        ["t:1.2", "period", "2027", "", "民國１１６年以後"],
        ["t:1.3", "phase", "2024-08", "2025-07", "113學年度"],
    ]
    assert all(ROC_DATES[s:e] == t for s, e, t in zip(dates["start"], dates["end"], dates["text"]))


def test_dates_of_the_republic_of_china_calendar_read_the_same_in_simplified_characters():
    simplified = ROC_DATES.translate(str.maketrans("國華學準備檢討驗實動辦後蹤標階", "国华学准备检讨验实动办后踪标阶"))
    traditional, converted = extract_dates(doc_of(ROC_DATES)), extract_dates(doc_of(simplified))
    assert converted["text"].tolist()[:3] == ["民国112年8月1日", "到民国一一五年", "中华民国113年底"]
    pd.testing.assert_frame_equal(converted.drop(columns="text"), traditional.drop(columns="text"))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=188), st.sampled_from(["digits", "full-width", "digit by digit", "numerals"]))
def test_any_year_of_the_republic_is_the_year_plus_1911(year, form):
    # To 188, the year 2099. A school year before 100 (2011) needs its 民國: 22-23學年度 is Hong Kong's 2022/23.
    written = {
        "digits": str(year), "full-width": str(year).translate(TO_FULL_WIDTH),
        "digit by digit": "".join("〇一二三四五六七八九"[int(d)] for d in str(year)), "numerals": _in_chinese(year),
    }[form]
    school_year = f"{written}學年度" if year >= 100 else f"民國{written}學年度"
    text = f"一、目標\n民國{written}年公布，{school_year}實施。"
    dates = extract_dates(doc_of(text))
    assert dates[["kind", "start_date", "end_date", "text"]].values.tolist() == [
        ["date", str(year + 1911), str(year + 1911), f"民國{written}年"],
        ["period", f"{year + 1911}-08", f"{year + 1912}-07", school_year],
    ]
    assert all(text[s:e] == t for s, e, t in zip(dates["start"], dates["end"], dates["text"]))


def test_a_number_without_min_guo_or_xue_nian_du_is_no_year_of_the_republic():
    # 112年 alone may be a count, and 2023-24學年度 is a school year of Hong Kong's, not the year 24 of the Republic.
    text = (
        "一、目標\n112年完成，招收112名學生，第112期，2023-24學年度、2023/24學年度、22-23學年度、99學年度推行，"
        "每1學年度、每一學年度檢討，民國時期，民國500年。"
    )
    assert extract_dates(doc_of(text)).empty


@pytest.mark.parametrize("written, span, text", [
    ("自2023年9月1日起至2026年7月31日止", ("2023-09-01", "2026-07-31"), "2023年9月1日起至2026年7月31日止"),
    ("自民國112年9月1日起至民國115年7月31日止", ("2023-09-01", "2026-07-31"), "民國112年9月1日起至民國115年7月31日止"),
    ("自112學年度起至115學年度止", ("2023-08", "2027-07"), "112學年度起至115學年度止"),
    ("自2023年9月起至2024年7月", ("2023-09", "2024-07"), "2023年9月起至2024年7月"),
    ("从2024年起到2026年", ("2024", "2026"), "2024年起到2026年"),
    ("2024年9月起至12月止", ("2024-09", "2024-12"), "2024年9月起至12月止"),
    ("民國113年1月起至115年6月止", ("2024-01", "2026-06"), "民國113年1月起至115年6月止"),
    ("自１１２學年度起至１１５學年度", ("2023-08", "2027-07"), "１１２學年度起至１１５學年度"),
])
def test_a_span_from_one_date_qi_to_another_is_one_period(written, span, text):
    # 自…起至…止 gave an open period and a separate deadline (至2026年7月31日).
    dates = extract_dates(doc_of(f"一、期程\n{written}，分三階段辦理。"))
    assert dates[["kind", "start_date", "end_date", "text"]].values.tolist() == [["period", *span, text]]


def test_a_span_with_qi_after_a_phase_name_is_the_phase_and_a_comma_splits_a_start_from_a_deadline():
    text = "一、步驟\n（一）準備階段（自民國112年8月起至112年12月止）：調查。\n（二）2023年起，至2025年全面完成。"
    dates = extract_dates(doc_of(text))
    assert dates[["measure_id", "kind", "start_date", "end_date", "text"]].values.tolist() == [
        ["t:1.1", "phase", "2023-08", "2023-12", "民國112年8月起至112年12月止"],
        ["t:1.2", "period", "2023", "", "2023年起"],
        ["t:1.2", "deadline", "", "2025", "至2025年"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(dates["start"], dates["end"], dates["text"]))


def test_two_years_joined_by_zhi_are_a_period_and_zhi_before_one_year_a_deadline():
    # 2023至2026年 gave only the deadline 至2026年, where 2023—2026年 is a period.
    text = "一、目標\n2023至2026年實施，2023到2026年推進，２０２３至２０２６年評估，2023—2026年總結，至2026年完成。"
    dates = extract_dates(doc_of(text))
    assert dates[["kind", "start_date", "end_date", "text"]].values.tolist() == [
        ["period", "2023", "2026", "2023至2026年"],
        ["period", "2023", "2026", "2023到2026年"],
        ["period", "2023", "2026", "２０２３至２０２６年"],
        ["period", "2023", "2026", "2023—2026年"],
        ["deadline", "", "2026", "至2026年"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(dates["start"], dates["end"], dates["text"]))


def test_a_gregorian_date_in_chinese_numerals_reads_as_in_digits():
    # The date line of an official document (二〇二三年九月一日, as Hong Kong and mainland offices write it) was not read.
    text = (
        "葵青區學校發展委員會　二〇二三年九月一日\n一、目標\n二〇二三年公布，二零二四年十二月三十一日前完成，到二〇二五年普及，"
        "二〇二三年九月至二〇二四年七月試行，一九九九年十月成立，二〇二三年十月一号实施，2024年九月评估。"
    )
    dates = extract_dates(doc_of(text))
    assert dates[["kind", "start_date", "end_date", "text"]].values.tolist() == [
        ["date", "2023-09-01", "2023-09-01", "二〇二三年九月一日"],
        ["date", "2023", "2023", "二〇二三年"],
        ["deadline", "", "2024-12-31", "二零二四年十二月三十一日前"],
        ["deadline", "", "2025", "到二〇二五年"],
        ["period", "2023-09", "2024-07", "二〇二三年九月至二〇二四年七月"],
        ["date", "1999-10", "1999-10", "一九九九年十月"],
        ["date", "2023-10-01", "2023-10-01", "二〇二三年十月一号"],
        ["date", "2024-09", "2024-09", "2024年九月"],
    ]
    assert all(text[s:e] == t for s, e, t in zip(dates["start"], dates["end"], dates["text"]))


def test_chinese_numerals_that_are_no_year_of_the_gregorian_calendar_are_no_date():
    # 十二〇二三年 and 三〇二三年 are no year; 二〇二三 without 年 is a number.
    text = "一、目標\n十二〇二三年，三〇二三年，编号二〇二三，第一二〇二三年。"
    assert extract_dates(doc_of(text)).empty


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


def test_a_document_number_in_full_width_digits_or_brackets_reads_in_ascii_digits():
    text = "星政发〔２０２４〕４号\n一、依据\n根据《方案》（教基［２０２１］８号），粤府[2０21] 5５号要求。"
    references = extract_references(doc_of(text))
    assert references[["measure_id", "title", "doc_number", "text"]].values.tolist() == [
        ["t:0", "", "星政发〔2024〕4号", "星政发〔２０２４〕４号"],
        ["t:1", "方案", "教基［2021］8号", "《方案》（教基［２０２１］８号）"],
        ["t:1", "", "粤府[2021]55号", "粤府[2０21] 5５号"],
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


def widen(text, lines):
    """``text`` with full-width digits, as a GB-encoded file may have them, on ``"all"`` lines or on every other line
    with a digit (``"odd"``: the first, the third…; ``"even"``), so that the widths alternate from one figure to the next.
    """
    out, numbered = [], 0
    for line in text.splitlines(keepends=True):
        numbered += re.search("[0-9]", line) is not None
        out.append(line.translate(TO_FULL_WIDTH) if lines == "all" or numbered % 2 == (lines == "odd") else line)
    return "".join(out)


@pytest.mark.parametrize("lines", ["all", "odd", "even"])
@pytest.mark.parametrize("extract", [extract_dates, extract_references, extract_targets])
def test_full_width_digits_give_the_rows_of_ascii_ones_in_every_bundled_plan(corpus, extract, lines):
    rows = 0
    for doc in corpus:
        wide = load_document_from_text(widen(doc.text, lines), doc_id=doc.doc_id)
        assert wide.text != doc.text
        expected, found = extract(load_document_from_text(doc.text, doc_id=doc.doc_id)), extract(wide)
        assert all(wide.text[s:e] == t for s, e, t in zip(found["start"], found["end"], found["text"]))
        pd.testing.assert_frame_equal(in_ascii(found), expected)
        rows += len(found)
    assert rows > 40


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_digits_of_either_width_mixed_at_random_give_the_rows_of_ascii_ones(measures, seed):
    # Widths mixed inside a number too (２0２4年), as in a plan typed partly in each.
    draw = random.Random(seed)
    mixed = measures.assign(text=["".join(c.translate(TO_FULL_WIDTH) if draw.random() < 0.5 else c for c in t) for t in measures["text"]])
    for extract in (extract_dates, extract_references, extract_targets):
        pd.testing.assert_frame_equal(in_ascii(extract(mixed)), extract(measures))


def test_digits_of_other_scripts_are_not_read():
    # \d would take them; no plan writes them, and a date of them would not come out in ASCII.
    text = "一、目标\n到٢٠٢٦年，新增学位٣٠٠٠个，依据星政发〔٢٠٢٤〕٤号。"
    assert extract_dates(doc_of(text)).empty and extract_targets(doc_of(text)).empty and extract_references(doc_of(text)).empty


@pytest.mark.parametrize("extract", list(EXTRACTORS))
def test_a_table_with_no_rows_keeps_the_types_of_its_columns(measures, extract):
    full, empty = extract(measures), extract(measures.iloc[:0])
    assert empty.empty and list(empty.columns) == EXTRACTORS[extract]
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert all(empty[c].dtype == np.int64 for c in ("start", "end"))


def test_a_table_of_targets_with_no_rows_has_float_values(measures):
    empty = extract_targets(measures.iloc[:0])
    assert [empty[c].dtype for c in ("value", "value_max", "baseline")] == [np.float64] * 3
    assert [str(empty[c].dtype) for c in ("year", "baseline_year")] == ["Int64", "Int64"]


@pytest.mark.parametrize("extract", list(EXTRACTORS))
def test_arguments_are_checked(extract):
    with pytest.raises(ValueError, match="measures lacks the column 'measure_id'; expected a table from extract_measures"):
        extract(pd.DataFrame({"doc_id": ["t"], "text": ["一、"], "start": [0]}))
    with pytest.raises(TypeError, match="measures must be a measures DataFrame, a Corpus or a Document, not str"):
        extract("一、措施")


@pytest.mark.parametrize("colon", ["︰", "﹕"])
@pytest.mark.parametrize("form", ["加强管理。（责任单位{c}区教育局、区财政局）", "加强管理。\n责任单位{c}区教育局、区财政局\n",
                                  "加强管理。<责任单位{c}区教育局、区财政局>"])
def test_a_tag_with_the_colon_of_big5_text_names_its_units(form, colon):
    text = "方案\n一、措施\n（一）" + form.format(c=colon)
    units = extract_responsibilities(extract_measures(load_document_from_text(text, doc_id="t")))
    assert units[["role", "unit"]].values.tolist() == [["lead", "区教育局"], ["lead", "区财政局"]]
