"""Splitting plans into measures: every numbering system, its look-alikes, and the real plans."""

import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policycompare.corpus import Document, load_corpus, load_document, load_document_from_text
from policycompare.errors import PolicyCompareWarning, UnknownIdError
from policycompare.structure import MEASURE_COLUMNS, classify_frame_sections, extract_measures, measure_at

REGIONAL = ["huaxi", "yinchuan", "anning", "qixing"]


def measures_of(text, **options):
    return extract_measures(Document("t", text, text), **options)


def ids(measures):
    return measures["measure_id"].tolist()


def assert_partition(measures, text):
    """Own spans are contiguous, cover the text, and hold exactly its characters."""
    position = 0
    for start, end, own in zip(measures["start"], measures["end"], measures["text"]):
        assert start == position and end >= start
        assert own == text[start:end]
        position = end
    assert position == len(text)
    assert measures["measure_id"].is_unique
    known = set(measures["measure_id"])
    assert all(parent == "" or parent in known for parent in measures["parent_id"])


@pytest.fixture(scope="module")
def measures(corpus):
    return extract_measures(corpus)


# ---------------------------------------------------------------- hand-made plans

PLAN = "示范区教育行动方案\n为推进教育发展，制定本方案。\n一、总体目标\n到2025年，毛入学率达到95%以上。\n二、主要措施\n（一）加大投入，改善条件。一是新建学校；二是扩充学位。\n（二）推进集团化办学。\n三、保障措施\n"


def test_an_outline_becomes_one_row_per_unit_with_its_own_text():
    m = measures_of(PLAN)
    assert list(m.columns) == list(MEASURE_COLUMNS)
    assert m[["measure_id", "parent_id", "depth", "kind", "label", "code", "heading", "text", "is_leaf"]].values.tolist() == [
        ["t:0", "", 0, "front_matter", "", "0", "示范区教育行动方案", "示范区教育行动方案\n为推进教育发展，制定本方案。\n", True],
        ["t:1", "", 1, "section", "一、", "1", "总体目标", "一、总体目标\n到2025年，毛入学率达到95%以上。\n", True],
        ["t:2", "", 1, "section", "二、", "2", "主要措施", "二、主要措施\n", False],
        ["t:2.1", "t:2", 2, "measure", "（一）", "2-1", "加大投入", "（一）加大投入，改善条件。", False],
        ["t:2.1.1", "t:2.1", 3, "item", "一是", "2-1-1", "新建学校", "一是新建学校；", True],
        ["t:2.1.2", "t:2.1", 3, "item", "二是", "2-1-2", "扩充学位", "二是扩充学位。\n", True],
        ["t:2.2", "t:2", 2, "measure", "（二）", "2-2", "推进集团化办学", "（二）推进集团化办学。\n", True],
        ["t:3", "", 1, "section", "三、", "3", "保障措施", "三、保障措施\n", True],
    ]
    assert set(m["segmentation"]) == {"numbered"}
    assert_partition(m, PLAN)


def test_arabic_bracketed_and_circled_numbers_in_full_and_half_width():
    text = "一、措施\n１．加强领导。\n2、完善机制。\n3．落实责任。\n(1)细化分工。\n（2）压实责任。\n①按月调度；②按季通报。\n4. 强化督导。"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist() == [
        ["t:0", "", ""],
        ["t:1", "一、", "措施"],
        ["t:1.1", "１．", "加强领导"],
        ["t:1.2", "2、", "完善机制"],
        ["t:1.3", "3．", "落实责任"],
        ["t:1.3.1", "(1)", "细化分工"],
        ["t:1.3.2", "（2）", "压实责任"],
        ["t:1.3.2.1", "①", "按月调度"],
        ["t:1.3.2.2", "②", "按季通报"],
        ["t:1.4", "4.", "强化督导"],
    ]


def test_dotted_sub_numbers_count_only_under_their_own_number():
    text = "三、重点工作\n1. 落实教学常规\n1.1. 学前阶段。增长1.5倍。\n1.2. 小学阶段。常规管理.1.3. 初中阶段。\n2. 加强督查\n2.1. 学前阶段。\n3.1. 错位编号。"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:3", "三、", "重点工作"],
        ["t:3.1", "1.", "落实教学常规"],
        ["t:3.1.1", "1.1.", "学前阶段"],
        ["t:3.1.2", "1.2.", "小学阶段"],
        ["t:3.1.3", "1.3.", "初中阶段"],
        ["t:3.2", "2.", "加强督查"],
        ["t:3.2.1", "2.1.", "学前阶段"],
    ]
    assert m["text"].iloc[-1] == "2.1. 学前阶段。\n3.1. 错位编号。"


ENGINEERING = "方案\n1 总体要求\n1.1 指导思想。坚持立德树人。\n1.2　基本原则\n1.2.1 坚持公平。\n1.2.2. 坚持质量。\n2 主要任务\n2.1加强队伍建设。\n2.1.1 补充教师。\n2.2 改善办学条件。\n3 保障措施\n加强组织领导。\n"


def test_a_plan_numbered_1_1_1_1_1_is_a_tree():
    m = measures_of(ENGINEERING)
    assert m[["measure_id", "parent_id", "depth", "kind", "label", "heading"]].values.tolist() == [
        ["t:0", "", 0, "front_matter", "", "方案"],
        ["t:1", "", 1, "section", "1", "总体要求"],
        ["t:1.1", "t:1", 2, "measure", "1.1", "指导思想"],
        ["t:1.2", "t:1", 2, "section", "1.2", "基本原则"],
        ["t:1.2.1", "t:1.2", 3, "measure", "1.2.1", "坚持公平"],
        ["t:1.2.2", "t:1.2", 3, "measure", "1.2.2.", "坚持质量"],
        ["t:2", "", 1, "section", "2", "主要任务"],
        ["t:2.1", "t:2", 2, "section", "2.1", "加强队伍建设"],
        ["t:2.1.1", "t:2.1", 3, "measure", "2.1.1", "补充教师"],
        ["t:2.2", "t:2", 2, "measure", "2.2", "改善办学条件"],
        ["t:3", "", 1, "section", "3", "保障措施"],
    ]
    assert m["text"].tolist()[1:3] == ["1 总体要求\n", "1.1 指导思想。坚持立德树人。\n"]
    assert m["text"].iloc[-1] == "3 保障措施\n加强组织领导。\n"
    assert_partition(m, ENGINEERING)


def test_sub_numbers_without_their_last_dot_under_arabic_and_chinese_numbers():
    text = "一、重点工作\n1. 落实教学常规\n1.1 学前阶段。内容。\n1.2　小学阶段。\n1.2.1 课程。\n1.3加强督查。\n2、加强督查\n2.1 学前阶段。\n二、完善机制\n3.1 错位编号。\n"
    with pytest.warns(PolicyCompareWarning, match="'3.1' is numbered under '3' but stands under '二、'"):
        m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "一、", "重点工作"],
        ["t:1.1", "1.", "落实教学常规"],
        ["t:1.1.1", "1.1", "学前阶段"],
        ["t:1.1.2", "1.2", "小学阶段"],
        ["t:1.1.2.1", "1.2.1", "课程"],
        ["t:1.1.3", "1.3", "加强督查"],
        ["t:1.2", "2、", "加强督查"],
        ["t:1.2.1", "2.1", "学前阶段"],
        ["t:2", "二、", "完善机制"],
    ]
    # 3.1 with no 3 open is text, as 3.1. is.
    assert m["text"].iloc[-1] == "二、完善机制\n3.1 错位编号。\n"


def test_sub_numbers_under_a_chapter_or_a_chinese_number_are_its_children():
    # Five-year plans number 第一章 / 1.1 / 1.2 / 第二章 / 2.1 (and 一、 / 1.1): the sub-numbers were text of the chapter.
    text = "规划\n第一章　发展基础\n1.1　发展成就\n成效显著。\n1.2　面临形势\n任务艰巨。\n第二章　主要任务\n2.1　优化布局\n新建学校。\n"
    m = measures_of(text)
    assert m[["measure_id", "parent_id", "kind", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "", "section", "第一章", "发展基础"], ["t:1.1", "t:1", "measure", "1.1", "发展成就"], ["t:1.2", "t:1", "measure", "1.2", "面临形势"],
        ["t:2", "", "section", "第二章", "主要任务"], ["t:2.1", "t:2", "measure", "2.1", "优化布局"],
    ]  # fmt: skip
    assert_partition(m, text)
    m = measures_of("方案\n一、总体要求\n1.1 指导思想\n坚持立德树人。\n1.2 工作目标\n建成强县。\n二、重点任务\n2.1 优化布局\n新建学校。\n")
    assert ids(m)[1:] == ["t:1", "t:1.1", "t:1.2", "t:2", "t:2.1"]
    assert classify_frame_sections(m).tolist() == ["", "ideology", "ideology", "goals", "", ""]
    # Under another number they stay text, as under no number (2.1 under 一、 is no child of it), named in a warning.
    with pytest.warns(PolicyCompareWarning, match="'2.1' is numbered under '2' but stands under '一、'"):
        assert ids(measures_of("方案\n一、总体要求\n2.1 指导思想\n坚持立德树人。\n二、重点任务\n"))[1:] == ["t:1", "t:2"]


def test_a_sub_number_under_a_section_of_another_number_is_text_named_in_a_warning():
    # 2.1 opening a list under 一、 (or 3.1 under 第二章) stayed text without a word: it names a section it does not stand under.
    text = "方案\n一、总体要求\n2.1 指导思想\n坚持立德树人。\n2.2 工作目标\n建成强县。\n二、重点任务\n2.1 优化布局\n新建学校。\n"
    doc = load_document_from_text(text, doc_id="t")
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(doc)
    assert [str(w.message) for w in caught] == [
        "document 't': line 3: '2.1' is numbered under '2' but stands under '一、' and is read as text of t:1; check the numbering",
    ]
    assert ids(m)[1:] == ["t:1", "t:2", "t:2.1"]
    assert m["text"].iloc[1] == "一、总体要求\n2.1 指导思想\n坚持立德树人。\n2.2 工作目标\n建成强县。\n"
    chapters = load_document_from_text("规划\n第一章　发展基础\n1.1　发展成就\n成效显著。\n第二章　主要任务\n3.1　优化布局\n新建学校。\n", doc_id="t")
    with pytest.warns(PolicyCompareWarning, match="line 6: '3.1' is numbered under '3' but stands under '第二章' and is read as text of t:2;"):
        assert ids(extract_measures(chapters))[1:] == ["t:1", "t:1.1", "t:2"]
    # A figure at a line start (2.5 小时, 1.5 万名) is no list's first number, and stays text without a word.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ids(measures_of("一、目标\n到2025年，每天\n2.5 小时课后服务，\n1.5 万名学生。\n二、措施\n内容。"))[1:] == ["t:1", "t:2"]


@pytest.mark.parametrize("lines", [
    "学生日均体育活动时间为\n2.1 小时，低于要求。",
    "推进教育信息化\n2.1 版平台建设，提升应用水平。",
    "推进教育信息化\n2.1 版平台建设。",
], ids=["hours", "version-in-a-sentence", "version"])  # fmt: skip
def test_a_figure_at_a_line_start_under_a_section_of_another_number_is_named_in_no_warning(lines, recwarn):
    # 2.1 before a unit, a version or a clause is a figure, not a section's number: each was named in a warning as one.
    text = f"方案\n一、基本情况\n{lines}\n二、主要任务\n（一）加强学校建设。\n"
    m = measures_of(text)
    assert ids(m)[1:] == ["t:1", "t:2", "t:2.1"]
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, text)


def test_a_decimal_at_a_line_start_is_not_a_sub_number():
    text = "1 总体要求\n1.1 现状。全市共有\n1.5万名教师，\n1.5 万名学生，\n1.2 亿元投入，\n1.2—1.4 节课时，\n2.5 小时课后服务。\n1.2 目标。\n"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "1", "总体要求"], ["t:1.1", "1.1", "现状"], ["t:1.2", "1.2", "目标"],
    ]
    assert m["text"].iloc[2] == "1.1 现状。全市共有\n1.5万名教师，\n1.5 万名学生，\n1.2 亿元投入，\n1.2—1.4 节课时，\n2.5 小时课后服务。\n"
    # A figure that is no quantity is ruled out by its list: 1.5 is not the next number after 1.1
    # (a sub-number without its last dot must be exactly the next one), and it is named in a warning.
    doc = load_document_from_text("1 总体要求\n1.1 现状。每天\n1.5 小时课后服务。\n1.2 目标。\n", doc_id="t")
    with pytest.warns(PolicyCompareWarning) as caught:
        listed = extract_measures(doc)
    assert ids(listed) == ["t:0", "t:1", "t:1.1", "t:1.2"]
    assert [str(w.message) for w in caught] == [
        "document 't': line 3: '1.5' does not continue the list of '1.1' and is read as text of t:1.1; check the numbering",
    ]


def test_bare_numbers_count_only_in_a_plan_numbered_1_1_1():
    # Without a 1.1 after any of them, a number before a space is a figure of a broken line.
    plain = "一、目标\n到2025年，每校建设\n3 个实践基地，每月开展\n1 次活动。\n二、措施\n内容。"
    m = measures_of(plain)
    assert ids(m) == ["t:0", "t:1", "t:2"]
    assert m["text"].iloc[1] == "一、目标\n到2025年，每校建设\n3 个实践基地，每月开展\n1 次活动。\n"
    # In a plan numbered 1 / 1.1, a bare number counts as the next number of its list or before its 1.1.
    text = "方案\n1 总则\n内容，每月不少于\n3 次。\n2 范围\n2.1 学校。内容，共\n1 所。\n3 附则\n内容。"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "1", "总则"], ["t:2", "2", "范围"], ["t:2.1", "2.1", "学校"], ["t:3", "3", "附则"],
    ]
    assert m["text"].iloc[1] == "1 总则\n内容，每月不少于\n3 次。\n"


def test_the_rows_of_a_table_numbered_in_its_first_column_are_measures():
    # A .docx table is read one row a line, its cells joined by tabs; its serial numbers count as 1. would.
    text = "一、重点任务\n序号\t任务\t责任单位\n1\t开展人工智能教育。开设通识课程。\t县教育局\n2\t推进游泳进校园\t县教育局\n3\t建设研学基地。\t县教育局\n二、保障措施\n（一）加强组织领导。"
    m = measures_of(text)
    assert m[["measure_id", "kind", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "section", "一、", "重点任务"],
        ["t:1.1", "measure", "1", "开展人工智能教育"], ["t:1.2", "measure", "2", "推进游泳进校园"], ["t:1.3", "measure", "3", "建设研学基地"],
        ["t:2", "section", "二、", "保障措施"], ["t:2.1", "measure", "（一）", "加强组织领导"],
    ]  # fmt: skip
    assert m["text"].iloc[1] == "一、重点任务\n序号\t任务\t责任单位\n"
    assert_partition(m, text)
    # Rows that go on with the numbers of the plan (1. and 2. above the table), and past 99.
    running = "（一）队伍\n1.强化师德。\n2.提升素养。\n（二）新动能\n3\t开展人工智能教育。\n4\t推进游泳进校园。\n"
    assert ids(measures_of(running))[1:] == ["t:1", "t:1.1", "t:1.2", "t:2", "t:2.3", "t:2.4"]
    long = "一、任务\n" + "".join(f"{n}\t第{n}项任务。\n" for n in range(1, 121))
    assert ids(measures_of(long))[-2:] == ["t:1.119", "t:1.120"]


@pytest.mark.parametrize(("text", "expected"), [
    ("一、目标\n到2025年，每校建设\n3\t个实践基地。\n二、措施\n内容。", ["t:0", "t:1", "t:2"]),  # one line: a figure
    ("一、目标\n全县共有\n3\t所高中，\n8\t所初中。\n二、措施\n内容。", ["t:0", "t:1", "t:2"]),  # not counting by one
    ("一、目标\n1\t所高中，\n二、措施\n2\t所初中。\n三、保障\n内容。", ["t:0", "t:1", "t:2", "t:3"]),  # a section between: not one table
])  # fmt: skip
def test_a_number_before_a_tab_outside_a_numbered_table_is_text(text, expected):
    assert ids(measures_of(text)) == expected


def test_a_plan_numbered_1_1_1_with_tabs_is_still_a_tree():
    text = "方案\n1\t总则\n1.1\t指导思想。\n1.2\t工作目标。\n2\t任务\n2.1\t加强领导。\n"
    assert measures_of(text)[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "1", "总则"], ["t:1.1", "1.1", "指导思想"], ["t:1.2", "1.2", "工作目标"], ["t:2", "2", "任务"], ["t:2.1", "2.1", "加强领导"],
    ]  # fmt: skip


def write_table_plan(path, rows):
    """A .docx plan with a task table under its second measure: a header row, then ``rows``."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ["青山县教育行动方案", "一、主要任务", "（一）加强教师队伍建设。实施名师培养工程，每年培训教师不少于500人次。", "（二）推进新动能建设，分工如下。"]:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(rows), cols=len(rows[0]))
    for row, cells in zip(table.rows, [("序号", "任务", "责任单位")[:len(rows[0])], *rows]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    document.add_paragraph("二、保障措施")
    document.add_paragraph("（一）强化组织领导。成立以分管副县长为组长的工作领导小组，定期研究解决重大问题。")
    document.save(path)
    return path


TABLE_ROWS = [("1", "开展中小学人工智能教育。每所初中建成1间人工智能实验室。"), ("2", "推进游泳进校园。新建学校同步配建游泳池，确保达标率达到90%。"),
              ("3", "建设县域研学实践基地。每学年组织每名学生参加不少于2次研学活动。")]  # fmt: skip


def test_a_word_table_of_measures_numbered_1_2_3_is_read_as_its_rows(tmp_path):
    m = extract_measures(load_document(write_table_plan(tmp_path / "plan.docx", TABLE_ROWS)))
    assert m[["measure_id", "heading"]].values.tolist()[3:8] == [
        ["plan:1.2", "推进新动能建设"], ["plan:1.2.1", "开展中小学人工智能教育"], ["plan:1.2.2", "推进游泳进校园"],
        ["plan:1.2.3", "建设县域研学实践基地"], ["plan:2", "保障措施"],
    ]  # fmt: skip


def test_a_word_table_with_a_column_of_units_keeps_its_rows_apart(tmp_path):
    # Most long lines end without a full stop (县教育局): a text file's lines would be taken for lines a page broke.
    rows = [(number, task, "县教育局") for number, task in TABLE_ROWS]
    m = extract_measures(load_document(write_table_plan(tmp_path / "plan.docx", rows)))
    assert ids(m)[3:7] == ["plan:1.2", "plan:1.2.1", "plan:1.2.2", "plan:1.2.3"]


def test_arabic_numbers_with_a_closing_bracket_sit_below_bracketed_ones():
    text = "一、措施\n（一）加强领导\n1）建立机制。\n2)明确分工。\n二、保障\n1.加强督导。\n（1）按月调度。\n１）建立台账。\n2） 定期通报。\n①按季总结。\n（2）压实责任。\n1）落实经费。\n2.加强宣传。\n"
    m = measures_of(text)
    assert m[["measure_id", "parent_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "", "一、", "措施"],
        ["t:1.1", "t:1", "（一）", "加强领导"],
        ["t:1.1.1", "t:1.1", "1）", "建立机制"],
        ["t:1.1.2", "t:1.1", "2)", "明确分工"],
        ["t:2", "", "二、", "保障"],
        ["t:2.1", "t:2", "1.", "加强督导"],
        ["t:2.1.1", "t:2.1", "（1）", "按月调度"],
        ["t:2.1.1.1", "t:2.1.1", "１）", "建立台账"],
        ["t:2.1.1.2", "t:2.1.1", "2）", "定期通报"],
        ["t:2.1.1.2.1", "t:2.1.1.2", "①", "按季总结"],
        ["t:2.1.2", "t:2.1", "（2）", "压实责任"],
        ["t:2.1.2.1", "t:2.1.2", "1）", "落实经费"],
        ["t:2.2", "t:2", "2.", "加强宣传"],
    ]
    assert_partition(m, text)


def test_new_styles_count_only_at_a_line_start():
    text = "一、措施\n1）建立机制。见附件2）。又如 2）明确分工。\n2）细化 1.2 加强管理。\n二、保障 1 总则\n1.1 内容。"
    # The 1 总则 in the middle of the line is no number: the 1.1 under 二、 is text, named in a warning.
    with pytest.warns(PolicyCompareWarning, match="'1.1' is numbered under '1' but stands under '二、'"):
        m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "一、", "措施"], ["t:1.1", "1）", "建立机制"], ["t:1.2", "2）", "细化1.2加强管理"], ["t:2", "二、", "保障1总则"],
    ]
    assert m["text"].iloc[-1] == "二、保障 1 总则\n1.1 内容。"


def test_a_closing_bracket_number_out_of_its_list_is_named_in_a_warning():
    doc = load_document_from_text("一、措施\n1）建立机制。\n2）明确分工。\n9）细化。\n3）落实。\n", doc_id="t")
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(doc)
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.2", "t:1.3"]
    assert [str(w.message) for w in caught] == [
        "document 't': line 4: '9）' does not continue the list of '2）' and is read as text of t:1.2; check the numbering",
    ]


def test_chapters_and_articles_number_on_through_chapters():
    text = "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市学校。\n第二章 职责\n第三条 教育局负责组织实施。"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading", "kind"]].values.tolist()[1:] == [
        ["t:1", "第一章", "总则", "section"],
        ["t:1.1", "第一条", "为了规范管理", "measure"],
        ["t:1.2", "第二条", "本办法适用于全市学校", "measure"],
        ["t:2", "第二章", "职责", "section"],
        ["t:2.3", "第三条", "教育局负责组织实施", "measure"],
    ]


def test_chapters_sections_and_articles_in_traditional_characters_are_numbers_too():
    # 編 ranks with 章, as 编 does.
    text = "第一章 總則\n第一節 目的\n第一條 為了規範管理，制定本辦法。\n第二條 本辦法適用於全市學校。\n第兩節 職責\n第三條 教育局負責組織實施。\n第二編 附則\n"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "第一章", "總則"],
        ["t:1.1", "第一節", "目的"],
        ["t:1.1.1", "第一條", "為了規範管理"],
        ["t:1.1.2", "第二條", "本辦法適用於全市學校"],
        ["t:1.2", "第兩節", "職責"],
        ["t:1.2.3", "第三條", "教育局負責組織實施"],
        ["t:2", "第二編", "附則"],
    ]
    assert_partition(m, text)


# Taiwan's plans number their top level with the capital numerals of contracts and cheques (壹、貳、參…).
TAIPEI = (
    "臺北市數位學習精進計畫\n中華民國112年8月1日核定\n"
    "壹、依據\n一、教育部「數位學習精進方案」。\n二、臺北市政府施政計畫。\n"
    "貳、目標\n一、提升學生數位學習能力。\n"
    "參、實施策略\n一、充實數位學習資源\n(一)建置數位學習平臺\n1. 整合數位教材。\n(1) 遴選種子教師30名。\n(二)推動教師專業發展。\n二、推動學生自主學習。\n"
    "肆、經費\n總經費約新臺幣1億2,000萬元。\n"
    "伍、本計畫經核定後實施，修正時亦同。\n"
)


def test_capital_numerals_of_a_taiwan_plan_are_its_top_level():
    m = measures_of(TAIPEI)
    assert m[["measure_id", "parent_id", "kind", "label", "heading"]].values.tolist() == [
        ["t:0", "", "front_matter", "", "臺北市數位學習精進計畫"],
        ["t:1", "", "section", "壹、", "依據"],
        ["t:1.1", "t:1", "measure", "一、", "教育部「數位學習精進方案」"],
        ["t:1.2", "t:1", "measure", "二、", "臺北市政府施政計畫"],
        ["t:2", "", "section", "貳、", "目標"],
        ["t:2.1", "t:2", "measure", "一、", "提升學生數位學習能力"],
        ["t:3", "", "section", "參、", "實施策略"],
        ["t:3.1", "t:3", "section", "一、", "充實數位學習資源"],
        ["t:3.1.1", "t:3.1", "section", "(一)", "建置數位學習平臺"],
        ["t:3.1.1.1", "t:3.1.1", "section", "1.", "整合數位教材"],
        ["t:3.1.1.1.1", "t:3.1.1.1", "measure", "(1)", "遴選種子教師30名"],
        ["t:3.1.2", "t:3.1", "measure", "(二)", "推動教師專業發展"],
        ["t:3.2", "t:3", "measure", "二、", "推動學生自主學習"],
        ["t:4", "", "section", "肆、", "經費"],
        ["t:5", "", "section", "伍、", "本計畫經核定後實施"],
    ]
    assert m.loc[m["measure_id"] == "t:4", "text"].item() == "肆、經費\n總經費約新臺幣1億2,000萬元。\n"
    assert_partition(m, TAIPEI)


CAPITALS = ["壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖", "拾"]


@pytest.mark.parametrize(("labels", "numbers"), [
    ([f"{n}、" for n in [*CAPITALS, *(f"拾{d}" for d in CAPITALS[:9]), "貳拾", "貳拾壹"]], list(range(1, 22))),
    (["壹、", "贰、", "叁、", "肆、", "伍、", "陆、"], list(range(1, 7))),
    (["壹、", "贰、", "参、"], [1, 2, 3]),  # 參 as OpenCC's t2s writes it
    (["壹､", "貳､", "參 、", "肆．", "伍.", "陸 ."], list(range(1, 7))),  # half-width 、, spaces, full- and half-width dots
])
def test_capital_numerals_in_traditional_and_simplified_forms_and_their_separators(labels, numbers):
    text = "計畫\n" + "".join(f"{label}事項\n辦理內容。\n" for label in labels)
    m = measures_of(text)
    assert m["label"].tolist()[1:] == labels
    assert m["measure_id"].tolist()[1:] == [f"t:{n}" for n in numbers]
    assert set(m["heading"].iloc[1:]) == {"事項"}


def test_a_half_width_ideographic_comma_ends_chinese_numerals_too():
    m = measures_of("計畫\n壹､依據\n一､教育部方案。\n二､施政計畫。\n貳､目標\n")
    assert m[["measure_id", "label"]].values.tolist()[1:] == [["t:1", "壹､"], ["t:1.1", "一､"], ["t:1.2", "二､"], ["t:2", "貳､"]]


def test_capital_numerals_over_paragraphs_only_are_still_an_outline():
    text = "新北市幼兒教育發展計畫\n壹、計畫緣起\n為提升幼兒教育品質，特訂定本計畫。\n貳、計畫目標\n公共化幼兒園招收率達到50%以上。\n參、經費來源\n由教育局預算支應。\n"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading", "is_leaf"]].values.tolist()[1:] == [
        ["t:1", "壹、", "計畫緣起", True], ["t:2", "貳、", "計畫目標", True], ["t:3", "參、", "經費來源", True],
    ]
    assert set(m["segmentation"]) == {"numbered"}


def test_capital_numerals_sit_below_chapters_and_sections_as_in_taiwan_reports():
    text = "第一章 緒論\n第一節 研究背景\n壹、問題\n一、現況。\n貳、目的\n一、目標。\n第二節 方法\n壹、設計\n"
    m = measures_of(text)
    assert m["measure_id"].tolist()[1:] == ["t:1", "t:1.1", "t:1.1.1", "t:1.1.1.1", "t:1.1.2", "t:1.1.2.1", "t:1.2", "t:1.2.1"]


def test_chapters_and_sections_numbered_with_capital_numerals_as_in_taiwan_reports():
    text = ("第壹章 緒論\n第壹節 研究背景\n壹、問題\n一、現況。\n第貳節 研究方法\n一、設計。\n"
            "第貳章 現況分析\n一、學校。\n第參章 策略\n第壹節 目標\n一、提升。\n第貳節 作法\n一、推動。\n")
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "第壹章", "緒論"],
        ["t:1.1", "第壹節", "研究背景"],
        ["t:1.1.1", "壹、", "問題"],
        ["t:1.1.1.1", "一、", "現況"],
        ["t:1.2", "第貳節", "研究方法"],
        ["t:1.2.1", "一、", "設計"],
        ["t:2", "第貳章", "現況分析"],
        ["t:2.1", "一、", "學校"],
        ["t:3", "第參章", "策略"],
        ["t:3.1", "第壹節", "目標"],
        ["t:3.1.1", "一、", "提升"],
        ["t:3.2", "第貳節", "作法"],
        ["t:3.2.1", "一、", "推動"],
    ]
    assert_partition(m, text)


@pytest.mark.parametrize(("labels", "numbers"), [
    ([f"第{n}章" for n in [*CAPITALS, "拾壹", "拾貳"]], list(range(1, 13))),
    (["第壹章", "第贰章", "第叁章", "第肆章"], [1, 2, 3, 4]),  # simplified capitals, as OpenCC's t2s writes them
    (["第壹章", "第贰章", "第参章"], [1, 2, 3]),
    (["第壹節", "第貳節", "第參節"], [1, 2, 3]),
    (["第壹节", "第贰节", "第叁节"], [1, 2, 3]),
    (["第壹編", "第貳編"], [1, 2]),
    (["第壹部分", "第貳部分"], [1, 2]),
])
def test_chapters_and_sections_with_capital_numerals_count_on_from_one(labels, numbers):
    import warnings

    text = "計畫\n" + "".join(f"{label} 事項\n辦理內容。\n" for label in labels)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 第壹章 … 第參章 is 1, 2, 3: no skip, no restart
        m = measures_of(text)
    assert m["label"].tolist()[1:] == labels
    assert m["measure_id"].tolist()[1:] == [f"t:{n}" for n in numbers]
    assert set(m["heading"].iloc[1:]) == {"事項"}


def test_a_chapter_numbered_with_capital_numerals_skipped_is_named_in_a_warning():
    text = "計畫\n第壹章 依據\n內容。\n第參章 策略\n內容。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert [str(w.message) for w in caught] == [
        "document 't': line 4: the list skips from '第壹章' to '第參章' (t:3); check for a missing item",
    ]
    assert ids(m) == ["t:0", "t:1", "t:3"]


@pytest.mark.parametrize("sentence", ["依第貳章規定辦理。", "本計畫第壹章所列事項另定之。", "詳見 第參章。"])
def test_a_chapter_with_capital_numerals_cited_in_running_text_is_no_number(sentence):
    text = f"計畫\n第壹章 依據\n{sentence}\n第貳章 目標\n內容。\n"
    m = measures_of(text)
    assert m[["measure_id", "label"]].values.tolist() == [["t:0", ""], ["t:1", "第壹章"], ["t:2", "第貳章"]]


def test_a_capital_numeral_skipped_is_named_in_a_warning():
    text = "計畫\n壹、依據\n內容。\n貳、目標\n內容。\n肆、策略\n內容。\n伍、經費\n內容。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert [str(w.message) for w in caught] == [
        "document 't': line 6: the list skips from '貳、' to '肆、' (t:4); check for a missing item",
    ]
    assert ids(m) == ["t:0", "t:1", "t:2", "t:4", "t:5"]


@pytest.mark.parametrize("sentence", [
    "補助每校新臺幣壹仟元。",
    "壹仟元由本府支應。",  # a sentence that starts with a capital numeral
    "壹年內完成評估。",
    "分為壹、貳兩類辦理。",
    "陸、海、空軍共同參與。",
    "參加人數達壹佰人。參、肆兩項另定之。",
])
def test_capital_numerals_in_running_text_are_no_numbers(sentence):
    import warnings

    text = f"計畫\n壹、依據\n{sentence}\n貳、目標\n內容。\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = measures_of(text)
    assert m[["measure_id", "label"]].values.tolist() == [["t:0", ""], ["t:1", "壹、"], ["t:2", "貳、"]]
    assert m["text"].iloc[1] == f"壹、依據\n{sentence}\n"
    # Without an outline, the sentence is a paragraph like any other.
    assert measures_of(f"計畫\n{sentence}\n另行辦理。\n")["segmentation"].iloc[0] == "paragraphs"


def test_parts_of_a_compilation_are_a_level_only_when_there_are_several():
    text = "篇一:甲方案\n一、目标\n内容。\n二、措施\n内容。\n篇二:乙方案\n一、目标\n内容。\n二、措施\n内容。"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "篇一", "甲方案"], ["t:1.1", "一、", "目标"], ["t:1.2", "二、", "措施"],
        ["t:2", "篇二", "乙方案"], ["t:2.1", "一、", "目标"], ["t:2.2", "二、", "措施"],
    ]
    single = measures_of("篇二:乙方案\n一、目标\n内容。\n二、措施\n内容。")
    assert ids(single) == ["t:0", "t:1", "t:2"]
    assert single["text"].iloc[0] == "篇二:乙方案\n"


def test_numbers_that_start_mid_line_after_pdf_extraction():
    text = "三、行动举措 (一)建设行动 1.强化队伍建设。内容。 2.加强思想教育。内容。 (二)资源拓展行动 3.优化布局。内容。\n (三)城乡均衡发展行动 4.实施补短提升。内容。"
    m = measures_of(text)
    assert m[["code", "label", "heading"]].values.tolist()[1:] == [
        ["3", "三、", "行动举措"],
        ["3-1", "(一)", "建设行动"], ["3-1-1", "1.", "强化队伍建设"], ["3-1-2", "2.", "加强思想教育"],
        ["3-2", "(二)", "资源拓展行动"], ["3-2-3", "3.", "优化布局"],
        ["3-3", "(三)", "城乡均衡发展行动"], ["3-3-4", "4.", "实施补短提升"],
    ]
    glued = measures_of("据此制定本方案。一、总体要求(一)指导思想。内容。(二)发展目标。内容。二、重点任务(三)坚持五育并举。内容。")
    assert glued[["measure_id", "heading"]].values.tolist()[1:] == [
        ["t:1", "总体要求"], ["t:1.1", "指导思想"], ["t:1.2", "发展目标"], ["t:2", "重点任务"], ["t:2.3", "坚持五育并举"],
    ]


@pytest.mark.parametrize("sentence", [
    "（一）加强领导<script>alert(1)</script>，推进工作。",
    "（一）加强领导alert(1)推进工作。",
    "（一）加强领导，见附表(1)。",
    "（一）加强领导，落实（1）号文件。",
])
def test_a_bracketed_number_inside_a_sentence_is_text(sentence):
    text = f"一、措施\n{sentence}\n（二）完善机制。"
    m = measures_of(text)
    assert m[["measure_id", "label"]].values.tolist() == [["t:0", ""], ["t:1", "一、"], ["t:1.1", "（一）"], ["t:1.2", "（二）"]]
    assert m["text"].iloc[2] == f"{sentence}\n"
    glued = measures_of("一、措施alert(1)推进工作。\n二、保障")
    assert ids(glued) == ["t:0", "t:1", "t:2"]


def test_spaced_brackets_and_stray_full_stops_of_pdf_text():
    text = "一、措施\n( 一 )\n\n 推进 职业 教育协调发展\n\n 1.。\n\n 全面提升德育实效。内容。\n( 二 )\n\n 完善 体系\n 2. 推动改革。"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[2:] == [
        ["t:1.1", "( 一 )", "推进职业教育协调发展"], ["t:1.1.1", "1.", "全面提升德育实效"],
        ["t:1.2", "( 二 )", "完善体系"], ["t:1.2.2", "2.", "推动改革"],
    ]


def test_look_alikes_are_not_numbers():
    body = "到2023.5完成改造，差异系数小于0.30，推行1+X证书制度，掌握1—3项运动技能，建设信息化2.0平台，统一、规范管理，唯一是标准。1、2、3类学校。"
    m = measures_of(f"一、目标\n{body}\n二、措施\n内容。")
    assert ids(m) == ["t:0", "t:1", "t:2"]
    assert m["text"].iloc[1] == f"一、目标\n{body}\n"


@pytest.mark.parametrize(("line", "heading"), [
    ("1.高一(1)班开展试点。深化改革。", "高一(1)班开展试点"),
    ("1.七年级（1）班开展试点。深化改革。", "七年级（1）班开展试点"),
    ("1.开展试点。首批为：\n（3）班、（5）班和（7）班，实行分层教学。", "开展试点"),
], ids=["after-its-grade", "full-width", "listed-at-a-line-start"])
def test_a_class_named_by_its_number_in_brackets_is_no_number(line, heading):
    text = f"一、重点任务\n{line}\n2.总结推广。\n"
    m = measures_of(text)
    assert m[["measure_id", "heading"]].values.tolist()[1:] == [["t:1", "重点任务"], ["t:1.1", heading], ["t:1.2", "总结推广"]]
    assert_partition(m, text)


def test_a_number_in_brackets_before_a_word_that_starts_with_ban_is_still_a_number():
    # (3)班主任津贴 is an item on head teachers' allowances, not class 3.
    m = measures_of("一、任务\n（1）补充教师。\n（2）加强培训。\n（3）班主任津贴标准。提高待遇。\n")
    assert m[["measure_id", "heading"]].values.tolist()[-1] == ["t:1.3", "班主任津贴标准"]


@pytest.mark.parametrize(("line", "heading"), [
    ("（3）班 级管理制度化。建立班主任例会制度。", "班级管理制度化"),  # PDF text put a space inside 班级
    ("（3）班。", "班"),
], ids=["space-inside-a-word", "ban-alone"])  # fmt: skip
def test_a_number_in_brackets_before_ban_without_a_grade_at_a_line_start_is_an_item(line, heading, recwarn):
    # Both were read as a class's name, and the list skipped from （2） to （4）.
    text = f"一、重点任务\n（1）加强教师队伍建设。\n（2）完善课程体系。\n{line}\n（4）强化家校协同。\n"
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[4:] == [["t:1.3", "（3）", heading], ["t:1.4", "（4）", "强化家校协同"]]
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, text)
    # After its grade, or in the middle of a line with no word after 班, (3)班 is still a class.
    graded = measures_of("一、重点任务\n（1）补充教师。\n（2）高一（3）班 开展试点。\n（3）试点为（7）班。推广经验。\n")
    assert graded["heading"].tolist()[2:] == ["补充教师", "高一（3）班开展试点", "试点为（7）班"]


@pytest.mark.parametrize(("lines", "own"), [
    ("（2）选取试点班级。（3）班 和（5）班先行试点。\n", "（2）选取试点班级。（3）班 和（5）班先行试点。\n"),
    ("（2）选取试点班级，在高一\n（3）班，（5）班实行分层教学。\n", "（2）选取试点班级，在高一\n（3）班，（5）班实行分层教学。\n"),
    ("（2）推进分层教学。选取高一\n（3）班 和（5）班开展试点。\n", "（2）推进分层教学。选取高一\n（3）班 和（5）班开展试点。\n"),
    ("（2）推进分层教学。在七年级的两个班级中，选取七年级\n（3）班。作为试点班级，逐步推开。\n",
     "（2）推进分层教学。在七年级的两个班级中，选取七年级\n（3）班。作为试点班级，逐步推开。\n"),
    ("（2）推进分层教学，试点班级为高二（2）班、\n（3）班）。\n", "（2）推进分层教学，试点班级为高二（2）班、\n（3）班）。\n"),
], ids=["space-then-he", "grade-ends-the-line-before", "grade-then-space-and-he", "grade-then-full-stop", "class-list-goes-on"])  # fmt: skip
def test_a_class_after_its_grade_on_the_line_before_or_before_another_class_is_no_item(lines, own, recwarn):
    # Each (3)班 was read as an item t:1.1.3, which took the rest of the line, or of the unit (2) it cut short.
    text = f"一、主要任务\n（一）推进分层教学\n（1）制定方案。\n{lines}（二）加强队伍建设。\n"
    m = measures_of(text)
    assert ids(m)[1:] == ["t:1", "t:1.1", "t:1.1.1", "t:1.1.2", "t:1.2"]
    assert m.loc[m["measure_id"] == "t:1.1.2", "text"].item() == own
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, text)
    # A line of a list of levels that ends in 年级。, or a heading that ends in a grade, names no class: （3）班。 is an item.
    levels = measures_of("一、建立三级管理网络：\n（1）校。\n（2）年级。\n（3）班。\n（4）家庭。\n")
    assert levels["heading"].tolist()[2:] == ["校", "年级", "班", "家庭"]
    heading = measures_of("一、高中\n（1）班级管理。\n（2）课程建设。\n")
    assert heading["heading"].tolist()[1:] == ["高中", "班级管理", "课程建设"]


def test_a_chinese_number_before_a_digit_counts_only_at_a_line_start():
    # In running text 二、3 lists figures; a line that opens with one is numbered, as Taiwan's schedules are (一、112學年度：…).
    m = measures_of("一、措施\n（一）改造校舍。二、3号楼完成加固。\n二、112学年度：完成调查。\n三、2024年：全面推进。\n")
    assert m[["measure_id", "label", "heading"]].values.tolist() == [
        ["t:0", "", ""], ["t:1", "一、", "措施"], ["t:1.1", "（一）", "改造校舍"], ["t:2", "二、", "112学年度"], ["t:3", "三、", "2024年"],
    ]
    assert m["text"].iloc[2] == "（一）改造校舍。二、3号楼完成加固。\n"


def test_enclosed_numbers_are_read_as_the_styles_they_stand_for():
    # ⑴ ⒈ ㈠ were merged into the unit above them; each ranks right below its counterpart (⒈ under 2., as （1） would be).
    text = (
        "方案\n一、重点任务\n1.优化学校布局。\n⑴新建学校。内容。\n⑵改扩建学校。内容。\n2.加强队伍建设。\n⒈完善补充机制。内容。\n⒉健全培训体系。内容。\n"
        "二、保障措施\n㈠加强组织领导。内容。\n㈡强化经费保障。内容。\n"
    )
    m = measures_of(text)
    assert m[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "一、", "重点任务"], ["t:1.1", "1.", "优化学校布局"], ["t:1.1.1", "⑴", "新建学校"], ["t:1.1.2", "⑵", "改扩建学校"],
        ["t:1.2", "2.", "加强队伍建设"], ["t:1.2.1", "⒈", "完善补充机制"], ["t:1.2.2", "⒉", "健全培训体系"],
        ["t:2", "二、", "保障措施"], ["t:2.1", "㈠", "加强组织领导"], ["t:2.2", "㈡", "强化经费保障"],
    ]  # fmt: skip
    assert_partition(m, text)
    # Alone, each numbers a plan as its counterpart does; ⒛ and ⒇ are 20.
    assert ids(measures_of("方案\n㈠目标\n⒈甲。\n⑴子项。\n⒉乙。\n㈡措施\n"))[1:] == ["t:1", "t:1.1", "t:1.1.1", "t:1.2", "t:2"]


def test_circled_numbers_run_on_after_twenty_and_a_closing_bracket_after_a_chinese_number_is_a_style():
    circled = "".join(chr(0x2460 + k) for k in range(20)) + "㉑㉒㉓"
    text = "方案\n一、任务\n" + "".join(f"{glyph}任务。\n" for glyph in circled) + "二.重点任务\n一）优化布局。\n二）加强队伍。\n三.保障\n"
    m = measures_of(text)
    assert ids(m)[1:] == ["t:1", *(f"t:1.{k}" for k in range(1, 24)), "t:2", "t:2.1", "t:2.2", "t:3"]
    assert m["label"].tolist()[21:25] == ["⑳", "㉑", "㉒", "㉓"]
    assert_partition(m, text)
    # 一） counts only at a line start: mid-line 二） closes a bracket.
    assert ids(measures_of("方案\n一.任务\n一）甲。见附件（之一）。 二）乙。\n二）丙。\n"))[1:] == ["t:1", "t:1.1", "t:1.2"]


def test_lines_numbered_in_a_style_not_read_are_named_in_a_warning():
    # A. B. and Ⅰ． Ⅱ． were merged into the unit above them without a word.
    text = "方案\n一、重点任务\n3.提升教学质量。\nA. 深化课堂改革。内容。\nB. 完善质量监测。内容。\nA级景区开放。\n二、保障\nⅠ．组织。\nⅡ．经费。\nⅢ．督导。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert [str(w.message) for w in caught] == [
        "document 't': line 4: the lines 'A.' … 'B.' (2) are numbered in Latin letters, which the outline does not read: "
        "their text stays in t:1.3, the unit above them; check the numbering",
        "document 't': line 8: the lines 'Ⅰ．' … 'Ⅲ．' (3) are numbered in Roman numerals, which the outline does not read: "
        "their text stays in t:2, the unit above them; check the numbering",
    ]
    assert ids(m)[1:] == ["t:1", "t:1.3", "t:2"]


def test_a_number_that_does_not_continue_its_list_mid_line_is_text():
    m = measures_of("一、措施\n1.甲。增加7.项目。\n2.乙。")
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.2"]


def test_dash_goal_lines_are_items_but_dashes_in_prose_are_not():
    m = measures_of("二、行动目标 ——到2022年，完成改造。\n——到2025年，全面提升。\n三、措施\n卓然学校——坚持理念。")
    assert m[["measure_id", "label", "heading", "kind"]].values.tolist()[1:] == [
        ["t:2", "二、", "行动目标", "section"],
        ["t:2.1", "——", "到2022年", "item"],
        ["t:2.2", "——", "到2025年", "item"],
        ["t:3", "三、", "措施", "section"],
    ]


@pytest.mark.parametrize("preamble", [
    "——建设教育强县的实施路径\n为推进全县教育高质量发展，制定本方案。\n",  # a subtitle under the title
    "为推进工作，一是强化领导；二是加强保障。\n",  # an enumeration in the lead-in
    "到2025年实现以下目标：\n——学前教育毛入园率达到95%；\n——义务教育巩固率达到99%。\n",  # goals before the outline
], ids=["dash-subtitle", "enumeration", "dash-goals"])  # fmt: skip
def test_items_before_the_first_number_are_front_matter(preamble, recwarn):
    # They were items 1_2, 2_2 at the top, before the 一、 and 二、 whose ids they took.
    text = "某县教育提质三年行动方案\n" + preamble + "一、总体要求\n坚持立德树人。\n二、重点任务\n（一）优化布局。\n"
    m = measures_of(text)
    assert ids(m) == ["t:0", "t:1", "t:2", "t:2.1"]
    assert m["text"].iloc[0] == "某县教育提质三年行动方案\n" + preamble
    assert m["heading"].iloc[0] == "某县教育提质三年行动方案"
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]


def test_an_enumeration_counts_only_with_its_second_item():
    m = measures_of("一、措施\n（一）加强管理。一是规范办学。\n（二）完善机制。一是健全制度；二是强化考核。")
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.2", "t:1.2.1", "t:1.2.2"]


BULLETED = (
    "方案\n一、主要措施\n3. 开展特色教育活动\n"
    "• 建设青山航天科普基地，组织研学。\n●开展游泳安全技能普及，提升技能。\n  ▪ 强化经费保障，纳入预算。\n"
    "■ 加强督导。\n◆ 完善考核。\n· 总结经验。\n- 宣传推广，营造氛围。\n4. 深化课后服务\n"
)


def test_bullets_under_a_numbered_unit_are_its_items():
    m = measures_of(BULLETED)
    assert m[["measure_id", "parent_id", "kind", "label", "heading", "text", "is_leaf"]].values.tolist()[2:] == [
        ["t:1.3", "t:1", "measure", "3.", "开展特色教育活动", "3. 开展特色教育活动\n", False],
        ["t:1.3.1", "t:1.3", "item", "•", "建设青山航天科普基地", "• 建设青山航天科普基地，组织研学。\n", True],
        ["t:1.3.2", "t:1.3", "item", "●", "开展游泳安全技能普及", "●开展游泳安全技能普及，提升技能。\n  ", True],
        ["t:1.3.3", "t:1.3", "item", "▪", "强化经费保障", "▪ 强化经费保障，纳入预算。\n", True],
        ["t:1.3.4", "t:1.3", "item", "■", "加强督导", "■ 加强督导。\n", True],
        ["t:1.3.5", "t:1.3", "item", "◆", "完善考核", "◆ 完善考核。\n", True],
        ["t:1.3.6", "t:1.3", "item", "·", "总结经验", "· 总结经验。\n", True],
        ["t:1.3.7", "t:1.3", "item", "-", "宣传推广", "- 宣传推广，营造氛围。\n", True],
        ["t:1.4", "t:1", "measure", "4.", "深化课后服务", "4. 深化课后服务\n", True],
    ]
    assert_partition(m, BULLETED)
    # A single bullet is an item too, as a single dash line is; the unit keeps its lead-in.
    m = measures_of("一、措施\n（一）加强管理。\n• 规范办学行为。\n（二）完善机制。")
    assert m[["measure_id", "kind", "text"]].values.tolist()[2:] == [
        ["t:1.1", "measure", "（一）加强管理。\n"], ["t:1.1.1", "item", "• 规范办学行为。\n"], ["t:1.2", "measure", "（二）完善机制。"]]


DETAILED = "一、重点任务\n1. 推进集团化办学。以县一中为龙头组建三个教育集团。\n2. 落实课后服务。每所学校开设五门特色课程，参与率达到90%。\n• 建立农村留守儿童关爱台账。\n• 加强校园安全管理。\n二、保障措施\n"


def test_bullets_after_a_measure_with_a_body_of_its_own_stay_in_its_text():
    # As items they would make 2. a parent, whose own text comparisons of leaf measures leave out.
    m = measures_of(DETAILED)
    assert m[["measure_id", "kind", "heading", "is_leaf"]].values.tolist()[1:] == [
        ["t:1", "section", "重点任务", False], ["t:1.1", "measure", "推进集团化办学", True], ["t:1.2", "measure", "落实课后服务", True],
        ["t:2", "section", "保障措施", True],
    ]  # fmt: skip
    assert m.loc[3, "text"] == "2. 落实课后服务。每所学校开设五门特色课程，参与率达到90%。\n• 建立农村留守儿童关爱台账。\n• 加强校园安全管理。\n"
    assert_partition(m, DETAILED)


@pytest.mark.parametrize(("own", "items"), [
    ("开展特色教育活动", True),  # a heading line
    ("加强管理。", True),  # a title sentence
    ("开展特色教育活动，主要包括：", True),  # a lead-in
    ("加强管理。具体措施如下：", True),  # a title and a lead-in
    ("加强管理。每所学校建立台账。", False),  # a title and a body
    ("落实课后服务，每所学校开设五门特色课程。", False),  # a sentence
    ("加大投入，改善条件。", False),  # a title with a comma is told from a sentence by nothing
    ("加强管理。每所学校建立台账。具体如下：", False),  # a body before the lead-in
    ("加强管理。每所学校建立台账。（责任单位：县教育局）", True),  # text after a tag is further items
])  # fmt: skip
def test_bullets_are_items_under_a_title_or_a_lead_in_only(own, items):
    text = f"一、措施\n1.{own}\n• 建立台账，按月调度。\n• 完善考核，按季通报。\n2.完善机制。\n"
    m = measures_of(text)
    assert ids(m)[2:] == (["t:1.1", "t:1.1.1", "t:1.1.2", "t:1.2"] if items else ["t:1.1", "t:1.2"])
    assert_partition(m, text)


def test_bullets_with_items_or_tags_of_their_own_stay_items_after_a_body():
    own = "1.加强管理。每所学校建立台账。\n"
    enumerated = measures_of(f"一、措施\n{own}• 强化经费保障，一是纳入预算；二是专款专用。\n• 加强督导。\n")
    assert ids(enumerated)[2:] == ["t:1.1", "t:1.1.1", "t:1.1.1.1", "t:1.1.1.2", "t:1.1.2"]
    tagged = measures_of(f"一、措施\n{own}• 建立台账。（责任单位：县教育局）\n• 加强督导。（责任单位：县督导室）\n")
    assert tagged[["measure_id", "label"]].values.tolist()[2:] == [["t:1.1", "1."], ["t:1.1.1", "•"], ["t:1.1.2", "•"]]


def test_detail_bullets_read_alike_in_markdown_word_and_text(tmp_path):
    docx = pytest.importorskip("docx")
    markdown = DETAILED.replace("• ", "- ").replace("一、", "## 一、").replace("二、", "## 二、").replace("2. 落实课后服务。", "2. **落实课后服务。**")
    (tmp_path / "md.md").write_text(markdown, encoding="utf-8")
    document = docx.Document()
    for line in DETAILED.rstrip("\n").split("\n"):
        if line.startswith("• "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    document.save(tmp_path / "word.docx")
    (tmp_path / "text.txt").write_text(DETAILED, encoding="utf-8")
    tables = [extract_measures(load_document(tmp_path / name)) for name in ("md.md", "word.docx", "text.txt")]
    for m in tables:
        assert m[["kind", "label", "heading", "is_leaf"]].values.tolist() == measures_of(DETAILED)[["kind", "label", "heading", "is_leaf"]].values.tolist()
        assert m["text"].iloc[3].replace("\n\n", "\n").startswith("2. 落实课后服务。")
        assert m["text"].iloc[3].count("•") == 2


def test_a_bullet_before_a_number_only_decorates_it():
    text = "方案\n• 一、主要措施\n● （一）加强管理。\n•1.规范办学。\n- 2.健全制度。\n- （二）完善机制，一是健全制度；二是强化考核。\n"
    m = measures_of(text)
    assert m[["measure_id", "kind", "label", "heading", "text"]].values.tolist() == [
        ["t:0", "front_matter", "", "方案", "方案\n"],
        ["t:1", "section", "一、", "主要措施", "• 一、主要措施\n"],
        ["t:1.1", "section", "（一）", "加强管理", "● （一）加强管理。\n"],
        ["t:1.1.1", "measure", "1.", "规范办学", "•1.规范办学。\n"],
        ["t:1.1.2", "measure", "2.", "健全制度", "- 2.健全制度。\n"],
        ["t:1.2", "measure", "（二）", "完善机制", "- （二）完善机制，"],
        ["t:1.2.1", "item", "一是", "健全制度", "一是健全制度；"],
        ["t:1.2.2", "item", "二是", "强化考核", "二是强化考核。\n"],
    ]
    assert_partition(m, text)
    # Line-start styles after a bullet: 1） and a sub-number without its last dot.
    m = measures_of("1.措施\n• 1）甲。\n2.乙\n• 2.1 丙。")
    assert m[["measure_id", "label"]].values.tolist()[1:] == [["t:1", "1."], ["t:1.1", "1）"], ["t:2", "2."], ["t:2.1", "2.1"]]


def test_a_bullets_own_enumeration_and_dash_lines_are_its_items():
    text = "一、措施\n（一）保障投入。\n• 强化经费保障，一是纳入预算；二是专款专用。\n• 明确目标：\n——2024年，全面覆盖。\n——2025年，提质增效。\n• 加强督导。"
    m = measures_of(text)
    assert m[["measure_id", "kind", "label", "heading", "is_leaf"]].values.tolist()[2:] == [
        ["t:1.1", "measure", "（一）", "保障投入", False],
        ["t:1.1.1", "item", "•", "强化经费保障", False],
        ["t:1.1.1.1", "item", "一是", "纳入预算", True],
        ["t:1.1.1.2", "item", "二是", "专款专用", True],
        ["t:1.1.2", "item", "•", "明确目标", False],
        ["t:1.1.2.1", "item", "——", "2024年", True],
        ["t:1.1.2.2", "item", "——", "2025年", True],
        ["t:1.1.3", "item", "•", "加强督导", True],
    ]


def test_bullets_of_the_preamble_stay_front_matter_and_of_an_annex_are_its_items():
    text = "方案\n为推进工作：\n• 坚持问题导向；\n• 坚持系统观念。\n一、措施\n内容。\n二、保障\n内容。\n附件\n\n乙方案\n\n• 建设科普基地，开展研学活动。\n• 组建兴趣小组，开展科技活动。\n"
    m = measures_of(text)
    assert m[["measure_id", "parent_id", "kind", "label"]].values.tolist() == [
        ["t:0", "", "front_matter", ""], ["t:1", "", "section", "一、"], ["t:2", "", "section", "二、"],
        ["t:A", "", "annex", "附件"], ["t:A.1", "t:A", "item", "•"], ["t:A.2", "t:A", "item", "•"],
    ]
    assert m.loc[0, "text"] == "方案\n为推进工作：\n• 坚持问题导向；\n• 坚持系统观念。\n"
    # Bullets without any number: a plan of paragraphs, each bullet line one of them.
    m = measures_of("方案\n• 坚持问题导向，加强管理。\n• 坚持系统观念，完善机制。")
    assert m[["kind", "text"]].values.tolist() == [["front_matter", "方案\n"], ["paragraph", "• 坚持问题导向，加强管理。\n"], ["paragraph", "• 坚持系统观念，完善机制。"]]


@pytest.mark.parametrize("line", [
    "- 5%的学校达标。", "-5 ℃以下停课。", "- - - -", "-建设基地。", "·韦伯的理论。", "·  2024年完成。", "■■■■■■", "●", "• ", "◆ ——",
    "建设 • 基地。", "*  注：数据来自统计。", "+ 加分项。", "—— ", "– 建设基地。",
])
def test_bullet_look_alikes_are_text(line):
    text = f"一、措施\n（一）加强管理。\n{line}\n（二）完善机制。"
    m = measures_of(text)
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.2"]
    assert m.loc[2, "text"] == f"（一）加强管理。\n{line}\n"


def test_an_annex_is_its_own_lettered_branch():
    text = "一、目标\n内容。\n二、措施\n（一）甲。\n附件:乙方案\n\n附件\n\n乙方案\n\n为推进工作，结合实际，特制定本方案。\n一、工作目标\n内容。\n二、主要任务\n（一）实施帮扶。\n附件:\n"
    m = measures_of(text)
    assert m[["measure_id", "parent_id", "depth", "kind", "label", "code", "heading"]].values.tolist()[1:] == [
        ["t:1", "", 1, "section", "一、", "1", "目标"],
        ["t:2", "", 1, "section", "二、", "2", "措施"],
        ["t:2.1", "t:2", 2, "measure", "（一）", "2-1", "甲"],
        ["t:A", "", 1, "annex", "附件", "A", "乙方案"],
        ["t:A.1", "t:A", 2, "section", "一、", "A-1", "工作目标"],
        ["t:A.2", "t:A", 2, "section", "二、", "A-2", "主要任务"],
        ["t:A.2.1", "t:A.2", 3, "measure", "（一）", "A-2-1", "实施帮扶"],
    ]
    assert m["text"].iloc[4] == "附件\n\n乙方案\n\n为推进工作，结合实际，特制定本方案。\n"
    assert_partition(m, text)


@pytest.mark.parametrize("marker", ["附件：", "附件:", "附件1：", "附件 2 ："])
def test_an_annex_title_is_the_line_after_its_marker_not_its_colon(marker):
    text = f"一、措施\n（一）甲。\n（二）乙。\n{marker}\n托管帮扶工作方案\n一、工作目标\n（一）实现托管帮扶全覆盖，推动优质资源共享，提升薄弱学校办学水平。\n"
    m = measures_of(text)
    annex = m[m["kind"] == "annex"]
    assert annex[["measure_id", "heading"]].values.tolist() == [["t:A", "托管帮扶工作方案"]]
    assert_partition(m, text)


ANNEXES_ON_THEIR_MARKER_LINES = (
    "一、措施\n（一）加强领导。\n（二）强化保障。完善经费投入机制。\n\n"
    "附件1：重点任务清单\n1.新建城区第三小学。新建、改扩建中小学校。\n2.改扩建第二中学。扩大优质教育资源供给。\n"
    "附件2：项目资金安排表\n1.教师培训经费。完善教师补充机制，健全培训体系。\n"
)


def test_an_annex_with_its_title_on_its_marker_line_is_its_own_branch(recwarn):
    # Its tasks were 2.2.1 and 2.2.2 under the plan's last measure, and the second annex's 1. was 2.2.1_2 with a warning.
    m = measures_of(ANNEXES_ON_THEIR_MARKER_LINES)
    assert m[["measure_id", "parent_id", "kind", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "", "section", "一、", "措施"], ["t:1.1", "t:1", "measure", "（一）", "加强领导"], ["t:1.2", "t:1", "measure", "（二）", "强化保障"],
        ["t:A", "", "annex", "附件1", "重点任务清单"], ["t:A.1", "t:A", "section", "1.", "新建城区第三小学"], ["t:A.2", "t:A", "section", "2.", "改扩建第二中学"],
        ["t:B", "", "annex", "附件2", "项目资金安排表"], ["t:B.1", "t:B", "section", "1.", "教师培训经费"],
    ]  # fmt: skip
    assert m.loc[m["measure_id"] == "t:A", "text"].item() == "附件1：重点任务清单\n"
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, ANNEXES_ON_THEIR_MARKER_LINES)


def test_a_text_that_opens_with_its_annex_title_is_that_annex_not_a_branch():
    # An annex published on its own, or a compilation part whose marker line it is: its title line is front matter.
    text = "附件1：某县教师培训实施方案\n一、总体要求\n（一）加强教师培训，每年培训教师五百人次。\n（二）完善机制，建立培训档案。\n"
    m = measures_of(text)
    assert m[["measure_id", "kind", "label"]].values.tolist() == [
        ["t:0", "front_matter", ""], ["t:1", "section", "一、"], ["t:1.1", "measure", "（一）"], ["t:1.2", "measure", "（二）"]]
    assert m["text"].iloc[0] == "附件1：某县教师培训实施方案\n"
    assert_partition(m, text)


@pytest.mark.parametrize("annexes", [
    "附件1：重点任务清单\n附件2：项目资金安排表\n\n某县人民政府教育督导委员会办公室\n2023年5月6日\n",  # a line each, then the signature
    "附件：重点任务清单\n",  # a single annex, at the end
], ids=["a-line-each", "single"])  # fmt: skip
def test_a_list_of_annexes_at_the_end_of_a_plan_is_no_annex(annexes):
    text = "一、措施\n（一）加强领导。\n（二）强化保障。完善经费投入机制。\n\n" + annexes
    m = measures_of(text)
    assert ids(m)[1:] == ["t:1", "t:1.1", "t:1.2"]
    assert m["text"].iloc[-1].endswith(annexes)
    # With the annexes after it, each with its marker on a line of its own, the list stays in the plan's text.
    annex = "\n附件1\n\n重点任务清单\n1.新建城区第三小学。新建、改扩建中小学校。\n"
    assert ids(measures_of(text + annex))[1:] == ["t:1", "t:1.1", "t:1.2", "t:A", "t:A.1"]


@pytest.mark.parametrize("annexes", [
    "附件：\n1.2024年新建学校名单\n2.教师补充情况统计表\n",
    "附件：1.2024年新建学校名单\n      2.教师补充情况统计表\n\n某县教育局\n2024年3月1日\n",
    "附件：1.新建学校名单；2.教师补充情况统计表\n",
    "附件：1.新建学校名单\n",
    "附件:\n（1）新建学校名单\n（2）教师补充情况统计表\n\n某县教育局办公室\n2024年3月1日印发\n",
], ids=["lines-after-the-marker", "on-the-marker-line-then-the-signature", "on-one-line", "single", "bracketed"])  # fmt: skip
def test_a_numbered_list_of_annexes_at_the_end_of_a_plan_is_back_matter_not_measures(annexes, recwarn):
    # The list's numbers were children of the last measure (t:1.2.1, t:1.2.2), or an annex t:A of them.
    text = "一、主要任务\n（一）加强学校建设。新建小学3所。\n（二）加强队伍建设。补充教师。\n\n" + annexes
    m = measures_of(text)
    assert m[["measure_id", "kind", "is_leaf"]].values.tolist()[1:] == [
        ["t:1", "section", False], ["t:1.1", "measure", True], ["t:1.2", "measure", True]]
    assert m["text"].iloc[-1].endswith("\n\n" + annexes)
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, text)
    # In a plan numbered 1., 2., its 1. and 2. took the numbers of the plan's measures (t:1.1_2, t:1.2_2, with warnings).
    numbered = "一、主要任务\n1.加强学校建设。新建小学3所。\n2.加强队伍建设。补充教师。\n\n" + annexes
    assert ids(measures_of(numbered))[1:] == ["t:1", "t:1.1", "t:1.2"]
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    # The annexes after the list are branches of their own; an annex whose text is numbered sentences is no list.
    after = text + "\n附件1\n\n新建学校名单\n1.县第一小学，新建，2024年开工。\n2.县第二小学，新建，2025年开工。\n"
    assert ids(measures_of(after))[1:] == ["t:1", "t:1.1", "t:1.2", "t:A", "t:A.1", "t:A.2"]
    sentences = "一、主要任务\n（一）加强学校建设。\n\n附件：\n1.加强组织领导。成立工作领导小组，统筹推进。\n2.强化经费保障。落实经费。\n"
    assert ids(measures_of(sentences))[1:] == ["t:1", "t:1.1", "t:A", "t:A.1", "t:A.2"]


@pytest.mark.parametrize("lines", [
    "1.加强组织领导。\n2.落实经费保障。\n3.强化督导考核。\n",
    "1.成立工作专班，统筹推进托管帮扶\n2.每所托管学校派驻管理干部2名\n3.每学期开展联合教研不少于4次\n",
    "1.新建小学3所\n2.改扩建初中2所\n3.补充教师100名\n",
], ids=["sentences", "clauses", "tasks-with-counts"])  # fmt: skip
def test_an_annex_whose_numbered_lines_are_sentences_clauses_or_counts_is_an_annex_not_a_list_of_annexes(lines, recwarn):
    # Each line was read as an annex's title (1.加强组织领导。 without its full stop): the annex's items went into the last measure.
    text = "一、主要任务\n（一）加强学校建设。新建小学3所。\n（二）加强队伍建设。补充教师100名。\n附件：\n" + lines
    m = measures_of(text)
    assert m[["measure_id", "kind", "label"]].values.tolist()[3:] == [
        ["t:1.2", "measure", "（二）"], ["t:A", "annex", "附件"], ["t:A.1", "section", "1."], ["t:A.2", "section", "2."], ["t:A.3", "section", "3."]]
    assert m.loc[m["measure_id"] == "t:1.2", "text"].item() == "（二）加强队伍建设。补充教师100名。\n"
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, text)


def test_a_numbered_list_of_annexes_of_a_plan_without_numbers_stays_in_its_last_paragraph():
    text = "某县课后服务实施方案\n为落实“双减”要求，制定本方案。\n工作目标\n到2024年底，课后服务实现全覆盖。\n附件：\n1.课后服务学校名单\n2.课后服务经费统计表\n"
    m = measures_of(text)
    assert m[["measure_id", "segmentation"]].values.tolist() == [["t:0", "paragraphs"], ["t:1", "paragraphs"], ["t:2", "paragraphs"]]
    assert m["text"].iloc[-1] == "工作目标\n到2024年底，课后服务实现全覆盖。\n附件：\n1.课后服务学校名单\n2.课后服务经费统计表\n"


def test_a_number_repeated_at_a_line_start_is_a_measure_of_its_own():
    # A slip of numbering: （二） twice. The second is kept as its own measure, not swallowed by the first.
    text = "一、任务\n（一）补充教师。\n（二）加强培训。\n（二）改善条件。新建学校。\n（三）加强领导。"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert [str(w.message) for w in caught] == [
        "document 't': line 4: '（二）' repeats the number of the item before it and is read as t:1.2_2; check the numbering",
    ]
    assert m[["measure_id", "heading"]].values.tolist()[1:] == [
        ["t:1", "任务"], ["t:1.1", "补充教师"], ["t:1.2", "加强培训"], ["t:1.2_2", "改善条件"], ["t:1.3", "加强领导"],
    ]  # fmt: skip
    assert_partition(m, text)
    # Inside a sentence a repeated number is a reference, not an item.
    inline = measures_of("一、任务\n（一）补充教师。\n（二）加强培训，按（二）的要求办。\n（三）加强领导。")
    assert inline["measure_id"].tolist()[1:] == ["t:1", "t:1.1", "t:1.2", "t:1.3"]


@pytest.mark.parametrize(("line", "expected", "holder"), [
    # The list in a sentence names the actions the lines after it number: （一）…；（二）… took their numbers (…_2).
    ("二、重点任务\n重点实施两大行动：（一）学校建设行动；（二）教师提升行动。\n（一）学校建设行动。新建学校。\n（二）教师提升行动。培训教师。\n",
     ["t:2", "t:2.1", "t:2.2"], "t:2"),
    # 3. in the sentence of 2. was read as item 3, and the line 3. as 3_2.
    ("二、任务\n1.扩大供给。\n2.加强队伍。重点做好三项工作：1.完善机制；2.健全体系；3.落实保障。\n3.提升质量。\n",
     ["t:2", "t:2.1", "t:2.2", "t:2.3"], "t:2.2"),
    # 三、 in the sentence of （一） closed 二、 and took （二）; the line 三、 became 3_2.
    ("二、重点任务\n（一）完善制度。推进以下工作：一、完善管理制度；二、健全考核办法；三、落实评价改革。\n（二）加强队伍。\n三、保障措施\n（一）加强领导。\n",
     ["t:2", "t:2.1", "t:2.2", "t:3", "t:3.1"], "t:2.1"),
], ids=["bracketed", "arabic", "chinese"])  # fmt: skip
def test_a_list_inside_a_sentence_takes_no_numbers_from_the_outline(line, expected, holder, recwarn):
    text = "方案\n一、总体要求\n坚持立德树人。\n" + line
    m = measures_of(text)
    assert ids(m)[2:] == expected
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    # The list stays in the text of the unit whose sentence it is.
    assert "；" in m.loc[m["measure_id"] == holder, "text"].item()
    assert_partition(m, text)


def test_a_list_that_runs_on_from_a_headings_colon_is_the_headings_items(recwarn):
    # 1. numbers lines elsewhere in the plan, and the list after the heading's colon was read as a list in a sentence.
    text = "方案\n一、主要任务\n（一）加强学校建设：1.新建小学3所；2.改扩建初中2所。\n（二）加强队伍建设。\n1.补充教师。\n2.加强培训。\n二、保障措施\n"
    m = measures_of(text)
    assert m[["measure_id", "parent_id", "kind", "label", "heading"]].values.tolist()[2:6] == [
        ["t:1.1", "t:1", "section", "（一）", "加强学校建设"], ["t:1.1.1", "t:1.1", "measure", "1.", "新建小学3所"],
        ["t:1.1.2", "t:1.1", "measure", "2.", "改扩建初中2所"], ["t:1.2", "t:1", "section", "（二）", "加强队伍建设"],
    ]  # fmt: skip
    assert m.loc[m["measure_id"] == "t:1.1", "text"].item() == "（一）加强学校建设："
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, text)
    # Numbered again on the lines under the heading, in a sentence after its title, or in the heading's own style,
    # the list is text of the unit whose line it is.
    restated = "方案\n一、主要任务\n（一）加强学校建设：1.新建小学；2.改扩建初中。\n1.新建小学。建设标准化学校。\n2.改扩建初中。扩大学位。\n"
    assert ids(measures_of(restated))[1:] == ["t:1", "t:1.1", "t:1.1.1", "t:1.1.2"]
    in_a_sentence = "方案\n一、主要任务\n（一）加强学校建设。重点做好两项工作：1.新建小学；2.改扩建初中。\n（二）加强队伍建设。\n1.补充教师。\n"
    assert ids(measures_of(in_a_sentence))[1:] == ["t:1", "t:1.1", "t:1.2", "t:1.2.1"]
    same_style = "方案\n一、任务\n1.扩大供给。\n2.重点做好三项工作：1.完善机制；2.健全体系；3.落实保障。\n3.提升质量。\n"
    assert ids(measures_of(same_style))[1:] == ["t:1", "t:1.1", "t:1.2", "t:1.3"]


def test_a_list_after_a_headings_colon_that_the_lines_under_it_number_again_in_another_style_is_text(recwarn):
    # 二、主要任务：1.…；2.… sums up the （一） and （二） under it: read as its items, they took those numbers (t:2.1_2, t:2.2_2).
    text = ("方案\n一、总体要求\n坚持立德树人。\n二、主要任务：1.加强学校建设；2.加强队伍建设。\n（一）加强学校建设。新建小学3所。\n"
            "（二）加强队伍建设。补充教师100名。\n三、保障措施\n1.加强组织领导。\n2.落实经费保障。\n")
    m = measures_of(text)
    assert ids(m)[1:] == ["t:1", "t:2", "t:2.1", "t:2.2", "t:3", "t:3.1", "t:3.2"]
    assert m.loc[m["measure_id"] == "t:2", "text"].item() == "二、主要任务：1.加强学校建设；2.加强队伍建设。\n"
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]
    assert_partition(m, text)
    # A list that goes on at the start of the next line is the heading's items still, with the lines under its items.
    continued = "方案\n一、主要任务\n（一）加强学校建设：1.新建小学3所；2.改扩建初中2所；\n3.新建幼儿园5所。\n（1）完成选址。\n（二）加强队伍建设。\n1.补充教师。\n"
    assert ids(measures_of(continued))[1:] == ["t:1", "t:1.1", "t:1.1.1", "t:1.1.2", "t:1.1.3", "t:1.1.3.1", "t:1.2", "t:1.2.1"]


def test_a_number_at_a_line_start_wins_over_the_same_number_mid_line(recwarn):
    # Mid-line after a full stop 3. counts as the next item; the line 3. after it then restates it and takes its place.
    text = "一、任务\n1.扩大供给。\n2.加强队伍。完善机制。3.落实待遇。\n3.提升质量。\n二、保障\n"
    m = measures_of(text)
    assert m[["measure_id", "heading"]].values.tolist()[1:] == [
        ["t:1", "任务"], ["t:1.1", "扩大供给"], ["t:1.2", "加强队伍"], ["t:1.3", "提升质量"], ["t:2", "保障"],
    ]  # fmt: skip
    assert m.loc[m["measure_id"] == "t:1.2", "text"].item() == "2.加强队伍。完善机制。3.落实待遇。\n"
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]


def test_a_warning_for_a_number_taken_mid_line_names_the_line_of_that_number():
    # The mid-line 三、 has an item under it, so it stays; the warning blames it, on its own line, not the line 三、.
    text = "一、总体要求\n二、重点任务\n（一）完善制度。推进以下工作。三、落实评价改革。\n（二）加强队伍。\n三、保障措施\n（一）加强领导。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert [str(w.message) for w in caught] == [
        "document 't': line 3: '三、' in the middle of the line takes the number of '三、' at the start of line 5, which is read as t:3_2; check the numbering",
    ]
    assert "t:3_2" in ids(m)


def test_an_item_after_a_gap_in_its_list_is_kept_and_named_in_a_warning():
    text = "一、任务\n1.补充教师。\n2.加强培训。\n5.改善条件。\n6.加强领导。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert [str(w.message) for w in caught] == [
        "document 't': line 4: the list skips from '2.' to '5.' (t:1.5); check for a missing item",
    ]
    assert m["measure_id"].tolist()[1:] == ["t:1", "t:1.1", "t:1.2", "t:1.5", "t:1.6"]


def test_a_number_out_of_its_list_is_read_as_text_and_named_in_a_warning():
    import warnings

    text = "一、任务\n1.补充教师。\n2.加强培训。\n3.改善条件。\n9.新建学校。\n4.加强领导。\n二、保障\n（一）加强组织。\n（二）落实经费。\n"
    doc = load_document_from_text(text, doc_id="t")
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(doc)
    assert [str(w.message) for w in caught] == [
        "document 't': line 5: '9.' does not continue the list of '3.' and is read as text of t:1.3; check the numbering",
    ]
    assert m.loc[m["measure_id"] == "t:1.3", "text"].item() == "3.改善条件。\n9.新建学校。\n"
    assert_partition(m, text)
    # The bundled plans number without a slip.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extract_measures(load_corpus())



def test_a_slip_right_after_a_responsibility_tag_stays_text_of_the_measure_before_it():
    # After a tag, text is an item of the measure; a slipped number there must not make the measure a section.
    text = "一、任务\n1.补充教师。（责任单位：县教育局）\n2.加强培训。（责任单位：县教育局）\n9.推进交流轮岗。（责任单位：县人社局）\n"
    doc = load_document_from_text(text, doc_id="t")
    with pytest.warns(PolicyCompareWarning, match="'9.' does not continue the list of '2.' and is read as text of t:1.2;"):
        m = extract_measures(doc)
    assert m[["measure_id", "kind", "is_leaf"]].values.tolist()[1:] == [["t:1", "section", False], ["t:1.1", "measure", True], ["t:1.2", "measure", True]]
    assert m.loc[m["measure_id"] == "t:1.2", "text"].item() == "2.加强培训。（责任单位：县教育局）\n9.推进交流轮岗。（责任单位：县人社局）\n"
    assert_partition(m, text)

def test_a_slip_is_named_by_its_line_in_the_file_even_after_cleaning_dropped_lines(tmp_path):
    # The first line is web page chrome, dropped by cleaning: the file's line 6 is the text's line 5.
    path = tmp_path / "plan.txt"
    path.write_text("无障碍 | 长者版\n一、任务\n1.补充教师。\n2.加强培训。\n3.改善条件。\n9.新建学校。\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.text.splitlines()[4] == "9.新建学校。"
    with pytest.warns(PolicyCompareWarning) as caught:
        extract_measures(doc)
    assert [str(w.message) for w in caught] == [
        f"{path}: line 6: '9.' does not continue the list of '3.' and is read as text of plan:1.3; check the numbering",
    ]


def test_one_wrong_number_is_read_in_its_place_and_the_list_goes_on_from_it():
    # Items 1.–6. run on through three sections; 3. is typed as 9. One warning names the slipped
    # line, and the items after it stay measures (they used to be read as text of (二), each warned of).
    text = "一、任务\n（一）甲组\n1.补充教师。\n2.加强培训。\n（二）乙组\n9.改善条件。\n4.加强领导。\n（三）丙组\n5.落实经费。\n6.督导考核。\n"
    doc = load_document_from_text(text, doc_id="t")
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(doc)
    assert [str(w.message) for w in caught] == [
        "document 't': line 6: '9.' stands between '2.' and '4.' and is read as item 3 (t:1.2.3); check the numbering",
    ]
    assert m[["measure_id", "kind", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "section", "一、", "任务"],
        ["t:1.1", "section", "（一）", "甲组"], ["t:1.1.1", "measure", "1.", "补充教师"], ["t:1.1.2", "measure", "2.", "加强培训"],
        ["t:1.2", "section", "（二）", "乙组"], ["t:1.2.3", "measure", "9.", "改善条件"], ["t:1.2.4", "measure", "4.", "加强领导"],
        ["t:1.3", "section", "（三）", "丙组"], ["t:1.3.5", "measure", "5.", "落实经费"], ["t:1.3.6", "measure", "6.", "督导考核"],
    ]  # fmt: skip
    assert_partition(m, text)


@pytest.mark.parametrize(("text", "expected", "message"), [
    # A number that would start a list again (1.) in the middle of one.
    ("一、任务\n1.补充教师。\n2.加强培训。\n1.改善条件。\n4.加强领导。\n", ["t:1", "t:1.1", "t:1.2", "t:1.3", "t:1.4"],
     "line 4: '1.' stands between '2.' and '4.' and is read as item 3 (t:1.3)"),
    # A section number met twice: the second is the missing (三), not a _2 followed by a gap.
    ("一、任务\n（一）补充教师。\n（二）加强培训。\n（二）改善条件。\n（四）加强领导。\n", ["t:1", "t:1.1", "t:1.2", "t:1.3", "t:1.4"],
     "line 4: '（二）' stands between '（二）' and '（四）' and is read as item 3 (t:1.3)"),
    # The first item of a list, and a list numbered 一、 二、.
    ("一、目标\n内容。\n五、任务\n内容。\n三、保障\n内容。\n", ["t:1", "t:2", "t:3"],
     "line 3: '五、' stands between '一、' and '三、' and is read as item 2 (t:2)"),
    ("一、任务\n7.补充教师。\n2.加强培训。\n3.改善条件。\n", ["t:1", "t:1.1", "t:1.2", "t:1.3"],
     "line 2: '7.' stands before '2.' and is read as item 1 (t:1.1)"),
    # 1. opening a new section's list, where the items after it go on with the running count.
    ("一、任务\n（一）甲组\n1.补充教师。\n2.加强培训。\n（二）乙组\n1.改善条件。\n4.加强领导。\n5.落实经费。\n",
     ["t:1", "t:1.1", "t:1.1.1", "t:1.1.2", "t:1.2", "t:1.2.3", "t:1.2.4", "t:1.2.5"],
     "line 6: '1.' stands between '2.' and '4.' and is read as item 3 (t:1.2.3)"),
])  # fmt: skip
def test_a_slip_of_numbering_costs_one_warning_not_the_list(text, expected, message):
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(load_document_from_text(text, doc_id="t"))
    assert [str(w.message) for w in caught] == [f"document 't': {message}; check the numbering"]
    assert ids(m)[1:] == expected
    assert_partition(m, text)


def test_a_wrong_number_after_a_heading_on_its_line_is_a_slip_as_on_a_line_of_its_own():
    # PDF text runs a section's heading and its first item together. 4. typed as 7. there used to be text,
    # and so were the items after it (5. under (二), the 6. after (三)), each warned of but the 7.
    text = ("三、行动举措 (一)建设行动 1.强化队伍建设。内容。\n2.加强思想教育。内容。\n3.推进五育并举。内容。\n"
            " (二)资源拓展行动 7.优化学校布局。内容。\n5.深化环境建设。内容。\n (三)均衡发展行动 6.实施补短提升。内容。\n7.推进提档升级。内容。\n")
    expected = [
        ["t:3", "三、"], ["t:3.1", "(一)"], ["t:3.1.1", "1."], ["t:3.1.2", "2."], ["t:3.1.3", "3."],
        ["t:3.2", "(二)"], ["t:3.2.4", "7."], ["t:3.2.5", "5."], ["t:3.3", "(三)"], ["t:3.3.6", "6."], ["t:3.3.7", "7."],
    ]  # fmt: skip
    for written, line in ((text, 4), (text.replace("行动 7.", "行动\n7."), 5)):
        with pytest.warns(PolicyCompareWarning) as caught:
            m = extract_measures(load_document_from_text(written, doc_id="t"))
        assert [str(w.message) for w in caught] == [
            f"document 't': line {line}: '7.' stands between '3.' and '5.' and is read as item 4 (t:3.2.4); check the numbering",
        ]
        assert m[["measure_id", "label"]].values.tolist()[1:] == expected
        assert m.loc[m["measure_id"] == "t:3.2", "text"].item() == ("(二)资源拓展行动 " if line == 4 else "(二)资源拓展行动\n")
        assert_partition(m, written)
    # A 1. that would open the section's list is read as written unless the two numbers after it go on from
    # the running count, mid-line as at a line start.
    restart = "一、任务 (一)甲组 1.补充教师。\n2.加强培训。\n (二)乙组 1.改善条件。\n4.加强领导。\n5.落实经费。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(load_document_from_text(restart, doc_id="t"))
    assert [str(w.message) for w in caught] == [
        "document 't': line 3: '1.' stands between '2.' and '4.' and is read as item 3 (t:1.2.3); check the numbering",
    ]
    assert ids(m)[-4:] == ["t:1.2", "t:1.2.3", "t:1.2.4", "t:1.2.5"]
    assert ids(measures_of(restart.replace("4.", "2.").replace("5.", "3.")))[-4:] == ["t:1.2", "t:1.2.1", "t:1.2.2", "t:1.2.3"]


def test_a_wrong_number_mid_line_needs_the_next_number_under_the_same_heading():
    # Past a heading above its own (二、 after (二)) the next 4. may be another plan's, in a compilation run
    # together on one line: the 9. stays text, as the figures of a sentence do.
    text = "一、任务 (一)甲组 1.补充教师。 2.加强培训。 (二)乙组 9.改善条件。 二、保障 (一)加强领导。 4.落实经费。"
    m = measures_of(text)
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.1.1", "t:1.1.2", "t:1.2", "t:2", "t:2.1"]
    assert m.loc[m["measure_id"] == "t:1.2", "text"].item() == "(二)乙组 9.改善条件。 "


@pytest.mark.parametrize(
    "sentence",
    [
        "根据《中华人民共和国教育法》 第十条 和《义务教育法》 第二条 规定，制定本方案。",  # spaced as PDF text is
        "按照《规划》 第三部分 的要求推进，落实《纲要》 第二部分 提出的任务。",
        "按照《义务教育法》执行。第5条明确了入学年龄。第2条规定了受教育权利。",
    ],
    ids=["articles", "parts", "sentences"],
)
def test_a_citation_in_running_text_is_no_slip_of_numbering(sentence):
    # A 第十条 before a 第二条 has the shape of a slip, but no heading opens its list on its line: read as one,
    # it closed （一） and 一、 and put 二、 under it, with two warnings.
    import warnings

    text = f"一、总体要求\n（一）依据。{sentence}\n（二）目标。到2025年全面完成。\n二、主要措施\n（一）加强师资。招聘教师。\n（二）改善条件。新建学校。\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = extract_measures(load_document_from_text(text, doc_id="t"))
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.2", "t:2", "t:2.1", "t:2.2"]
    assert m.loc[m["measure_id"] == "t:1.1", "text"].item() == f"（一）依据。{sentence}\n"


def test_a_wrong_number_mid_line_is_a_slip_only_as_the_first_item_under_the_heading_on_its_line():
    # An article that cites a law after a heading on its line (总则 依据《教育法》 第十条) is text.
    law = "第一章 总则 依据《教育法》 第十条 制定本办法。\n第二条 学校应当依法办学。\n第三条 教师应当依法执教。\n"
    m = measures_of(law)
    assert m[["measure_id", "text"]].values.tolist()[1:] == [
        ["t:1", "第一章 总则 依据《教育法》 第十条 制定本办法。\n"], ["t:1.2", "第二条 学校应当依法办学。\n"], ["t:1.3", "第三条 教师应当依法执教。\n"],
    ]  # fmt: skip
    # So is a number that would close the unit before it on its line: that unit is no heading opening its list.
    text = "一、任务\n（一）甲组\n1.补充教师 （五）加强培训。\n（三）乙组\n2.改善条件。\n"
    with pytest.warns(PolicyCompareWarning, match="the list skips from '（一）' to '（三）'"):
        m = extract_measures(load_document_from_text(text, doc_id="t"))
    assert m[["measure_id", "text"]].values.tolist()[3:] == [
        ["t:1.1.1", "1.补充教师 （五）加强培训。\n"], ["t:1.3", "（三）乙组\n"], ["t:1.3.2", "2.改善条件。\n"],
    ]  # fmt: skip


def test_a_figure_split_by_a_space_mid_line_is_no_slip_of_numbering():
    # PDF text splits 92.5% as 92. 5%: in a list that skips an item the 92. was cut out as item 2.
    text = "一、目标任务\n1.提高普及水平。毛入园率达到 92. 5%以上。\n3.提升质量。到2025年完成。\n4.加强保障。落实经费。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(load_document_from_text(text, doc_id="t"))
    assert [str(w.message) for w in caught] == ["document 't': line 3: the list skips from '1.' to '3.' (t:1.3); check for a missing item"]
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.3", "t:1.4"]
    assert m.loc[m["measure_id"] == "t:1.1", "text"].item() == "1.提高普及水平。毛入园率达到 92. 5%以上。\n"
    # Nor right after a heading on its line: an item opens with its title, not with a digit.
    text = "一、目标 全县毛入园率达到 92. 5%以上。\n2.提升质量。到2025年完成。\n3.加强保障。落实经费。\n"
    m = measures_of(text)
    assert m[["measure_id", "text"]].values.tolist()[1:] == [
        ["t:1", "一、目标 全县毛入园率达到 92. 5%以上。\n"], ["t:1.2", "2.提升质量。到2025年完成。\n"], ["t:1.3", "3.加强保障。落实经费。\n"],
    ]  # fmt: skip


def test_a_number_is_read_as_written_when_the_list_goes_on_from_it():
    # Each section numbers from 1.; the slip is the 5. after a 1., and the 1. is not blamed for it.
    text = "一、任务\n（一）甲组\n1.补充教师。\n2.加强培训。\n3.改善条件。\n（二）乙组\n1.加强领导。\n5.落实经费。\n3.督导考核。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(load_document_from_text(text, doc_id="t"))
    assert [str(w.message) for w in caught] == [
        "document 't': line 8: '5.' stands between '1.' and '3.' and is read as item 2 (t:1.2.2); check the numbering",
    ]
    assert ids(m)[-4:] == ["t:1.2", "t:1.2.1", "t:1.2.2", "t:1.2.3"]


def test_figures_and_stray_lines_out_of_a_list_are_still_text():
    # Years and figures at a line start are no items: 2025. and 1.5万 are never numbers; 120. does not continue
    # its list and the list goes on after it from 3., so it is text (and named); 5. ahead of its list, after which
    # the list goes back to 3., is a stray line too, not an item after a gap.
    text = "一、任务\n1.补充教师。\n2.加强培训，到\n2025. 年底前全部完成；共\n120. 所学校，\n1.5万名教师。\n3.改善条件。\n5. 项目见附表。\n4.加强领导。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(load_document_from_text(text, doc_id="t"))
    assert [str(w.message) for w in caught] == [
        "document 't': line 5: '120.' does not continue the list of '2.' and is read as text of t:1.2; check the numbering",
        "document 't': line 8: '5.' does not continue the list of '3.' and is read as text of t:1.3; check the numbering",
    ]
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.2", "t:1.3", "t:1.4"]
    assert m.loc[m["measure_id"] == "t:1.2", "text"].item() == "2.加强培训，到\n2025. 年底前全部完成；共\n120. 所学校，\n1.5万名教师。\n"
    assert_partition(m, text)


def test_an_outline_that_starts_again_is_a_second_part_from_its_title():
    text = "甲方案\n一、目标\n内容。\n二、措施\n内容。\n乙方案\n为提升质量，制定本计划。\n一、目标\n内容。\n二、任务\n内容。"
    m = measures_of(text)
    assert m[["measure_id", "kind", "heading", "text"]].values.tolist()[3:] == [
        ["t:A", "part", "乙方案", "乙方案\n为提升质量，制定本计划。\n"],
        ["t:A.1", "section", "目标", "一、目标\n内容。\n"],
        ["t:A.2", "section", "任务", "二、任务\n内容。"],
    ]
    assert m["text"].iloc[2] == "二、措施\n内容。\n"


@pytest.mark.parametrize("contents", [
    "目  录\n一、总体要求……………1\n二、重点任务……………3\n",  # dot leaders and pages
    "目录\n一、总体要求\t1\n二、重点任务\t3\n",  # a tab and the page, as Word writes them
    "目录\n一、总体要求\n二、重点任务\n",  # no pages: the body repeats its headings
], ids=["dot-leaders", "tabs", "repeated-headings"])
def test_a_table_of_contents_is_front_matter(contents):
    # Its headings were read as the outline, and the body, starting again from 一、, as a second part A.
    text = f"方案\n\n{contents}\n一、总体要求\n（一）指导思想。坚持立德树人。\n二、重点任务\n（一）优化布局。新建学校。\n"
    m = measures_of(text)
    assert m[["measure_id", "kind", "heading"]].values.tolist() == [
        ["t:0", "front_matter", "方案"], ["t:1", "section", "总体要求"], ["t:1.1", "measure", "指导思想"],
        ["t:2", "section", "重点任务"], ["t:2.1", "measure", "优化布局"],
    ]  # fmt: skip
    assert m.loc[0, "text"] == f"方案\n\n{contents}\n"
    assert classify_frame_sections(m).tolist() == ["", "ideology", "ideology", "", ""]
    assert_partition(m, text)


@pytest.mark.parametrize("contents", [
    "一、总体要求……………………1\n二、重点任务……………………3\n三、保障措施…………………… 8\n",  # dot leaders, a space before a page
    "一、总体要求 ........ 1\n二、重点任务 ........ 3\n三、保障措施 ........ 12\n",
    "一、总体要求        1\n二、重点任务        3\n三、保障措施        8\n",  # spaces, then the page
    "一、总体要求\t1\n二、重点任务\t3\n三、保障措施\t8\n",
    "　　\n一、总体要求……1\n二、重点任务……3\n三、保障措施……8\n　　",  # lines of spaces around it
], ids=["dot-leaders", "dots-and-spaces", "spaces", "tabs", "lines-of-spaces"])  # fmt: skip
def test_a_table_of_contents_without_a_contents_line_is_front_matter(contents):
    # Without 目录 above it its entries were read as the outline, and the body as a second part t:A.
    text = f"某县教育高质量发展三年行动方案\n{contents}\n一、总体要求\n坚持立德树人。\n二、重点任务\n（一）优化布局。新建学校。\n三、保障措施\n加强领导。\n"
    m = measures_of(text)
    assert ids(m) == ["t:0", "t:1", "t:2", "t:2.1", "t:3"]
    assert m.loc[0, "text"] == f"某县教育高质量发展三年行动方案\n{contents}\n"
    assert_partition(m, text)


def test_lines_ending_in_figures_that_the_body_does_not_repeat_are_no_table_of_contents():
    # Counts in a table's last column before the body, pages that go back, or entries no heading of the body repeats.
    for lines in ("一、新建学校        3\n二、改扩建学校        2\n", "一、总体要求……3\n二、重点任务……1\n", "一、指导方针……1\n二、推进措施……3\n"):
        text = f"方案\n{lines}\n一、总体要求\n坚持立德树人。\n二、重点任务\n新建学校。\n"
        assert ids(measures_of(text))[1:] == ["t:1", "t:2", "t:A", "t:A.1", "t:A.2"]


@pytest.mark.parametrize("text", [
    "某县新建学校项目计划\n一、项目清单\n1.第一小学    12\n2.第二中学    24\n二、实施要求\n1.第一小学由县教育局负责实施。\n2.第二中学由县住建局负责实施。\n",
    "某县教育提升方案\n一、主要指标\n（一）新建幼儿园（所）    12\n（二）新增学位（百个）    30\n二、主要任务\n（一）新建幼儿园（所）的建设由县教育局负责。\n（二）新增学位由各乡镇落实。\n",
], ids=["rows", "targets"])  # fmt: skip
def test_rows_ending_in_figures_under_a_heading_of_the_body_are_no_table_of_contents(text):
    # The rows' first words open later lines (1.第一小学由…), and the rows were front matter of no unit: text of t:1.
    m = measures_of(text)
    assert ids(m) == ["t:0", "t:1", "t:1.1", "t:1.2", "t:2", "t:2.1", "t:2.2"]
    assert_partition(m, text)


def test_rows_ending_in_figures_that_the_body_repeats_with_more_or_after_another_heading_are_no_table_of_contents():
    from policycompare.structure import _contents_spans

    # A row again with other text after it, and lines that the body repeats only after its own first heading.
    assert _contents_spans("某县教育项目表\n1.第一小学    12\n2.第二中学    24\n3.第三中学    36\n备注\n1.第一小学    新建\n") == []
    signed = "某县人民政府文件\n签发人：张三    12\n联系人：李四    13\n\n某县教育提升方案\n一、总体要求\n坚持立德树人。\n签发人：张三\n"
    assert _contents_spans(signed) == []
    # The body's first heading, alone on its line or ended by a full stop, still repeats the first entry.
    assert _contents_spans("方案\n总体要求……1\n主要任务……3\n\n总体要求。坚持立德树人。主要任务。新建学校。") == [(3, 18)]


def test_lines_of_fill_in_blanks_before_the_first_sentence_are_read_in_one_pass():
    from policycompare.structure import _page_at_end

    # Each line was searched for a page at its end in a time cubic in its length: 3,000 such lines took minutes.
    rows = ["学校名称" + "_" * 190, "联系电话" + "_" * 180 + "13800001111", "通讯地址" + "." * 190, "备注" + " " * 190 + "无"]
    text = "某县学校信息登记表\n" + "\n".join(rows * 750) + "\n"
    m = measures_of(text)
    assert m["kind"].tolist() == ["front_matter"] + ["paragraph"] * 3000
    assert_partition(m, text)
    assert _page_at_end("联系电话" + "_" * 20000 + "13800001111") is None
    assert _page_at_end("一、总体要求" + "…" * 20000 + "12").group("leaders") == "…" * 20000 + "12"


def test_a_table_of_contents_of_chapters_and_of_a_plan_without_numbers_is_front_matter():
    text = "规划\n目录\n第一章\u3000发展基础\t1\n第二章\u3000主要任务\t3\n\n第一章\u3000发展基础\n一、取得的成效\n成效显著。\n第二章\u3000主要任务\n一、优化布局\n"
    assert ids(measures_of(text)) == ["t:0", "t:1", "t:1.1", "t:2", "t:2.1"]
    text = "方案\n目录\n工作目标……1\n重点任务……2\n工作目标\n到2025年，建成学校3所。\n重点任务\n加强管理，完善机制。\n"
    m = measures_of(text)
    assert m[["kind", "heading", "text"]].values.tolist() == [
        ["front_matter", "方案", "方案\n目录\n工作目标……1\n重点任务……2\n"],
        ["paragraph", "工作目标", "工作目标\n到2025年，建成学校3所。\n"], ["paragraph", "重点任务", "重点任务\n加强管理，完善机制。\n"],
    ]  # fmt: skip
    # A line 目录 without a table after it is text, and the numbers after it are the outline.
    assert ids(measures_of("方案\n目录\n一、总体要求\n坚持立德树人。\n二、重点任务\n新建学校。\n")) == ["t:0", "t:1", "t:2"]


def test_a_number_met_twice_under_one_parent_gets_a_unique_id():
    # A list that starts again under one parent: the second 1. is kept, as _2, and named.
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of("一、措施\n1.甲。\n2.乙。\n1.丙。")
    assert m[["measure_id", "code"]].values.tolist()[2:] == [["t:1.1", "1-1"], ["t:1.2", "1-2"], ["t:1.1_2", "1-1"]]
    assert [str(w.message) for w in caught] == [
        "document 't': line 4: '1.' has the number of '1.' (line 2) under t:1 and is read as t:1.1_2; check the numbering",
    ]


def test_a_number_of_another_style_taken_under_one_parent_is_named_in_a_warning():
    # 3. then （三） under one 一、: the rank of （三） closes 3., and both are children of 一、 with the number 3.
    text = "一、总体\n1.加强教师队伍建设。\n2.推进集团化办学。\n3.落实课后服务。\n（三）保障\n1、经费保障到位。\n2、督导考核落实。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert [str(w.message) for w in caught] == [
        "document 't': line 5: '（三）' has the number of '3.' (line 4) under t:1 and is read as t:1.3_2; check the numbering",
    ]
    assert ids(m)[2:] == ["t:1.1", "t:1.2", "t:1.3", "t:1.3_2", "t:1.3_2.1", "t:1.3_2.2"]
    assert_partition(m, text)
    # The rows of a table after 1. are units of its rank: the row 1, and then the 2. after the table, are _2.
    text = "一、重点任务\n1.推进集团化办学。\n序号\t任务\n1\t新建幼儿园。\n2\t建立关爱台账。\n2.落实课后服务。\n"
    with pytest.warns(PolicyCompareWarning) as caught:
        m = measures_of(text)
    assert m[["measure_id", "label"]].values.tolist()[2:] == [["t:1.1", "1."], ["t:1.1_2", "1"], ["t:1.2", "2"], ["t:1.2_2", "2."]]
    assert [str(w.message) for w in caught] == [
        "document 't': line 4: '1' has the number of '1.' (line 2) under t:1 and is read as t:1.1_2; check the numbering",
        "document 't': line 6: '2.' has the number of '2' (line 5) under t:1 and is read as t:1.2_2; check the numbering",
    ]
    # At the top of an outline without sections.
    with pytest.warns(PolicyCompareWarning, match=r"^document 't': line 3: '（一）' has the number of '1.' \(line 1\) at the top of the outline and is read as t:1_2;"):
        assert ids(measures_of("1.甲措施。\n2.乙措施。\n（一）丙措施。\n"))[1:] == ["t:1", "t:2", "t:1_2"]


def test_a_number_taken_in_a_word_table_is_named_by_its_paragraph(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ("松林县教育提质方案", "一、重点任务", "1.推进集团化办学，以县一中为龙头组建三个教育集团。"):
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("序号", "任务", "责任单位"), ("1", "新建公办幼儿园3所", "县教育局"), ("2", "建立农村留守儿童关爱台账", "县民政局")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    document.add_paragraph("2.落实课后服务，每所学校开设五门特色课程。")
    document.save(tmp_path / "plan.docx")
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(load_document(tmp_path / "plan.docx"))
    assert ids(m)[2:] == ["plan:1.1", "plan:1.1_2", "plan:1.2", "plan:1.2_2"]
    assert [str(w.message) for w in caught] == [
        f"{tmp_path / 'plan.docx'}: paragraph 5: '1' has the number of '1.' (paragraph 3) under plan:1 and is read as plan:1.1_2; check the numbering",
        f"{tmp_path / 'plan.docx'}: paragraph 7: '2.' has the number of '2' (paragraph 6) under plan:1 and is read as plan:1.2_2; check the numbering",
    ]


def test_items_numbered_by_their_position_give_way_to_written_numbers_without_a_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # A bullet before 1. under one section: 1. keeps the id its number gives.
        m = measures_of("一、措施\n• 坚持问题导向。\n1.加强管理。\n2.完善机制。")
        assert m[["measure_id", "label"]].values.tolist()[2:] == [["t:1.1_2", "•"], ["t:1.1", "1."], ["t:1.2", "2."]]
        # Bullets after 一是…二是… of one unit: a run of positions of their own, nothing in the plan to correct.
        m = measures_of("一、措施\n（一）保障投入，一是纳入预算；二是专款专用。\n• 加强督导。\n• 完善考核。")
        assert m[["measure_id", "label"]].values.tolist()[3:] == [["t:1.1.1", "一是"], ["t:1.1.2", "二是"], ["t:1.1.1_2", "•"], ["t:1.1.2_2", "•"]]


def test_text_after_a_responsibility_tag_is_further_items():
    text = "一、措施\n1.甲措施。内容。[牵头单位：区教育局；配合单位：各学校]\n配强班子。内容。\n完善机制。内容。\n2.乙措施。内容。[牵头单位：区教育局]\n"
    m = measures_of(text)
    assert m[["measure_id", "kind", "label", "heading", "text"]].values.tolist()[2:] == [
        ["t:1.1", "measure", "1.", "甲措施", "1.甲措施。内容。[牵头单位：区教育局；配合单位：各学校]\n"],
        ["t:1.1.1", "item", "", "配强班子", "配强班子。内容。\n"],
        ["t:1.1.2", "item", "", "完善机制", "完善机制。内容。\n"],
        ["t:1.2", "measure", "2.", "乙措施", "2.乙措施。内容。[牵头单位：区教育局]\n"],
    ]
    one_line = measures_of("一、任务(一)坚持五育。甲。(责任单位:市教育局)提升智育。乙。(责任单位:市教育局,市财政局)重视健康。丙。")
    assert one_line[["measure_id", "heading"]].values.tolist()[2:] == [
        ["t:1.1", "坚持五育"], ["t:1.1.1", "提升智育"], ["t:1.1.2", "重视健康"],
    ]


def test_headings_stop_at_the_first_clause_and_drop_pdf_spaces():
    m = measures_of("一、措施\n（一）准备启动阶段（2022年6月—2022年8月）：组建机构。\n（二）基础教育供给 扩容 行动 。\n（三）构建“三全育人”新格局 加强校党委对学校思想政治工作的全面领导,落实。\n（四）" + "很" * 45 + "。")
    assert m["heading"].tolist()[2:] == ["准备启动阶段（2022年6月—2022年8月）", "基础教育供给扩容行动", "构建“三全育人”新格局", ""]


def test_a_heading_in_black_brackets_is_what_they_hold():
    text = "方案\n一、重点任务\n（一）【优化学校布局】新建、改扩建学校。\n（二）【加强队伍建设】完善补充机制。\n"
    assert measures_of(text)["heading"].tolist()[2:] == ["优化学校布局", "加强队伍建设"]
    # In a plan without numbers they head their paragraphs, and name its frame sections.
    text = "方案\n【指导思想】\n坚持立德树人，办好教育。\n【工作目标】\n新建、改扩建学校，扩大供给。\n【保障措施】\n成立领导小组，统筹推进。\n"
    m = measures_of(text)
    assert m[["kind", "heading"]].values.tolist()[1:] == [["paragraph", "指导思想"], ["paragraph", "工作目标"], ["paragraph", "保障措施"]]
    assert classify_frame_sections(m).tolist() == ["", "ideology", "goals", ""]
    # A tag in black brackets stays no heading.
    assert measures_of("方案\n一、任务\n（一）【牵头单位：县教育局】新建学校。\n（二）加强培训。\n")["heading"].tolist()[2] == ""


def test_a_plan_without_numbers_is_split_into_paragraphs_or_sentences():
    paragraphs = measures_of("通知\n第一段内容。\n第二段内容。\n")
    assert paragraphs[["measure_id", "kind", "text", "segmentation"]].values.tolist() == [
        ["t:0", "front_matter", "通知\n", "paragraphs"],
        ["t:1", "paragraph", "第一段内容。\n", "paragraphs"],
        ["t:2", "paragraph", "第二段内容。\n", "paragraphs"],
    ]
    sentences = measures_of("只有一段。第二句！第三句？")
    assert sentences[["measure_id", "kind", "text", "segmentation"]].values.tolist() == [
        ["t:0", "front_matter", "", "sentences"],
        ["t:1", "sentence", "只有一段。", "sentences"],
        ["t:2", "sentence", "第二句！", "sentences"],
        ["t:3", "sentence", "第三句？", "sentences"],
    ]


def test_a_plan_numbered_only_by_enumerations_or_dash_lines_is_a_plan_without_numbers():
    # 一是…二是… and —— lines are items, not numbers (as bullets are): read as an outline, such a plan kept its
    # goals in the front matter (which has no targets) and ran its last item on to the end.
    from policycompare.annotations import extract_targets

    text = ("方案\n为推进教育发展，制定本方案。\n工作目标\n到2025年，毛入园率达到95%以上。\n"
            "重点任务\n加快推进均衡发展。一是优化学校布局；二是加强队伍建设。\n保障措施\n每年安排专项资金不少于3000万元。\n")
    m = measures_of(text)
    assert m[["measure_id", "kind", "heading"]].values.tolist() == [
        ["t:0", "front_matter", "方案"], ["t:1", "paragraph", "为推进教育发展"], ["t:2", "paragraph", "工作目标"],
        ["t:3", "paragraph", "加快推进均衡发展"], ["t:4", "paragraph", "每年安排专项资金不少于3000万元"],
    ]  # fmt: skip
    assert set(m["segmentation"]) == {"paragraphs"}
    assert classify_frame_sections(m).tolist() == ["", "", "goals", "", ""]
    assert extract_targets(m)[["measure_id", "indicator"]].values.tolist() == [["t:2", "毛入园率"], ["t:4", "每年安排专项资金"]]
    assert_partition(m, text)
    # Dash lines under a lead-in or a heading line are its items, and have its frame role.
    text = "方案\n工作目标\n到2025年，实现以下目标：\n——学前教育毛入园率达到95%以上。\n——义务教育巩固率达到98%以上。\n重点任务\n加快推进均衡发展，新增公办学位5000个。\n"
    m = measures_of(text)
    assert m[["measure_id", "parent_id", "kind", "label", "heading", "is_leaf"]].values.tolist() == [
        ["t:0", "", "front_matter", "", "方案", True], ["t:1", "", "paragraph", "", "工作目标", False],
        ["t:1.1", "t:1", "item", "——", "学前教育毛入园率达到95%以上", True], ["t:1.2", "t:1", "item", "——", "义务教育巩固率达到98%以上", True],
        ["t:2", "", "paragraph", "", "重点任务", True],
    ]  # fmt: skip
    assert classify_frame_sections(m).tolist() == ["", "goals", "goals", "goals", ""]
    assert extract_targets(m)[["measure_id", "indicator"]].values.tolist() == [["t:1.1", "学前教育毛入园率"], ["t:1.2", "义务教育巩固率"], ["t:2", "新增公办学位"]]
    assert_partition(m, text)
    m = measures_of("方案\n主要目标\n——毛入园率达到95%以上。\n——巩固率达到98%以上。\n")
    assert m[["measure_id", "heading"]].values.tolist()[1:] == [["t:1", "主要目标"], ["t:1.1", "毛入园率达到95%以上"], ["t:1.2", "巩固率达到98%以上"]]
    m = measures_of("方案\n工作目标\n到2025年：\n一是毛入园率达到95%；\n二是巩固率达到98%。\n重点任务\n加强管理，完善机制。\n")
    assert m[["measure_id", "kind", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "paragraph", "", "工作目标"], ["t:1.1", "item", "一是", "毛入园率达到95%"], ["t:1.2", "item", "二是", "巩固率达到98%"],
        ["t:2", "paragraph", "", "重点任务"],
    ]  # fmt: skip
    # Elsewhere a line that opens with one is a paragraph labelled by it, so the mark is no part of an indicator.
    m = measures_of("方案\n一是新建幼儿园3所。\n二是新增学位2000个。\n")
    assert m[["measure_id", "kind", "label", "heading"]].values.tolist()[1:] == [
        ["t:1", "paragraph", "一是", "新建幼儿园3所"], ["t:2", "paragraph", "二是", "新增学位2000个"],
    ]  # fmt: skip
    assert extract_targets(m)["indicator"].tolist() == ["新建幼儿园", "新增学位"]
    # Under a number they are its items, as they always were.
    assert ids(measures_of("方案\n一、措施\n——到2025年，全面提升。\n——到2027年，全面达标。\n")) == ["t:0", "t:1", "t:1.1", "t:1.2"]


def test_heading_lines_of_a_plan_without_numbers_head_the_paragraph_after_them():
    # Short lines without a sentence are headings, not units: each starts the unit of the paragraph after
    # it, which is headed by its own title sentence if it opens with one, else by the heading line.
    text = ("青山县教育行动方案\n为加快建设教育强县，制定本方案。\n指导思想\n坚持立德树人，办好人民满意的教育。\n"
            "重点任务\n加强党的领导\n落实党建责任。实施校长负责制。\n健全协同育人机制。完善家校协同。\n"
            "保障措施\n强化组织领导。成立领导小组。\n青山县人民政府\n2025年3月1日\n")
    m = measures_of(text)
    assert m[["measure_id", "kind", "heading", "text"]].values.tolist() == [
        ["t:0", "front_matter", "青山县教育行动方案", "青山县教育行动方案\n"],
        ["t:1", "paragraph", "为加快建设教育强县", "为加快建设教育强县，制定本方案。\n"],
        ["t:2", "paragraph", "指导思想", "指导思想\n坚持立德树人，办好人民满意的教育。\n"],
        ["t:3", "paragraph", "落实党建责任", "重点任务\n加强党的领导\n落实党建责任。实施校长负责制。\n"],
        ["t:4", "paragraph", "健全协同育人机制", "健全协同育人机制。完善家校协同。\n"],
        # Lines after the last paragraph (a signature, a date) end its unit.
        ["t:5", "paragraph", "强化组织领导", "保障措施\n强化组织领导。成立领导小组。\n青山县人民政府\n2025年3月1日\n"],
    ]
    assert classify_frame_sections(m).tolist() == ["", "", "ideology", "", "", ""]
    assert_partition(m, text)
    # Forced into sentences, a heading line starts the unit of the sentence after it.
    sentences = measures_of(text, segmentation="sentences")
    assert sentences["text"].tolist()[2:5] == ["指导思想\n坚持立德树人，办好人民满意的教育。\n", "重点任务\n加强党的领导\n落实党建责任。", "实施校长负责制。\n"]
    assert_partition(sentences, text)


def test_short_lines_without_a_paragraph_after_them_and_bullets_are_not_headings():
    # A document of short lines only (a list) keeps a unit per line; a bullet's line is an item, not a heading.
    lines = measures_of("通知\n建设学校\n培训教师\n改善条件\n")
    assert lines["text"].tolist() == ["通知\n", "建设学校\n", "培训教师\n", "改善条件\n"]
    bullets = measures_of("方案\n主要措施\n• 建设学校\n• 培训教师\n")
    assert bullets["text"].tolist() == ["方案\n", "主要措施\n• 建设学校\n", "• 培训教师\n"]
    # Lines that end a clause (各学校：, a line broken after a comma) or hold one (a sentence without its 。)
    # are no headings either.
    lead = measures_of("通知\n各学校：\n现就课后服务通知如下。\n各校要开展课后服务，\n结束时间不早于五点半。\n服务坚持自愿，不得强制\n家长可申请。\n")
    assert lead["text"].tolist()[1:] == ["各学校：\n", "现就课后服务通知如下。\n", "各校要开展课后服务，\n", "结束时间不早于五点半。\n", "服务坚持自愿，不得强制\n", "家长可申请。\n"]
    # A heading and a single paragraph: the paragraph is split into sentences, the first holding the heading.
    single = measures_of("方案\n工作目标\n到2027年，建成教育强县。群众满意度明显提升。\n")
    assert single[["kind", "heading", "text"]].values.tolist()[1:] == [
        ["sentence", "", "工作目标\n到2027年，建成教育强县。"], ["sentence", "", "群众满意度明显提升。\n"],
    ]


def test_a_responsibility_line_of_a_plan_without_numbers_ends_the_unit_before_it():
    # Tag lines used to start the next paragraph's unit (a short one as its heading line), so that each
    # measure's responsible units went to the measure after it.
    text = ("方案\n为加快建设教育强县，制定本方案。\n全面提升德育实效。加强思政课教师队伍建设。\n责任单位：县教育局、县委宣传部\n"
            "全面提升综合素养。举办艺术展演。\n责任单位：县教育局，县文旅局\n推进项目建设。新建学校3所。\n"
            "责任单位:县教育局 加强信息化建设。建设智慧校园。\n【牵头单位：县教育局】\n")
    m = measures_of(text)
    assert m[["measure_id", "heading", "text"]].values.tolist()[2:] == [
        ["t:2", "全面提升德育实效", "全面提升德育实效。加强思政课教师队伍建设。\n责任单位：县教育局、县委宣传部\n"],
        ["t:3", "全面提升综合素养", "全面提升综合素养。举办艺术展演。\n责任单位：县教育局，县文旅局\n"],
        # PDF text that lost a number runs the next measure on after the tag: it starts there.
        ["t:4", "推进项目建设", "推进项目建设。新建学校3所。\n责任单位:县教育局 "],
        ["t:5", "加强信息化建设", "加强信息化建设。建设智慧校园。\n【牵头单位：县教育局】\n"],
    ]
    assert_partition(m, text)
    # In sentences, a tag ends the sentence before it, on a line of its own or after a full stop.
    sentences = measures_of(text, segmentation="sentences")
    assert sentences["text"].tolist()[3:] == [
        "加强思政课教师队伍建设。\n责任单位：县教育局、县委宣传部\n", "全面提升综合素养。", "举办艺术展演。\n责任单位：县教育局，县文旅局\n",
        "推进项目建设。", "新建学校3所。\n责任单位:县教育局 ", "加强信息化建设。", "建设智慧校园。\n【牵头单位：县教育局】\n",
    ]  # fmt: skip
    assert_partition(sentences, text)
    assert measures_of("只有一段。责任单位：区教育局。第二句。")["text"].tolist() == ["", "只有一段。责任单位：区教育局。", "第二句。"]


def test_units_listed_with_spaces_stay_in_their_responsibility_tag():
    # The words after the last space of a tag were read as the title of the next unit even when they named
    # a unit: 区财政局 became a sentence, or a paragraph's heading, of its own and was lost to its measure.
    from policycompare.annotations import extract_responsibilities

    sentences = load_document_from_text("加强教师队伍建设。责任单位：区教育局 区财政局。推进学校建设。责任单位：区发改局 区住建局。", doc_id="t")
    m = extract_measures(sentences)
    assert m["text"].tolist() == ["", "加强教师队伍建设。责任单位：区教育局 区财政局。", "推进学校建设。责任单位：区发改局 区住建局。"]
    assert extract_responsibilities(m)[["measure_id", "unit"]].values.tolist() == [
        ["t:1", "区教育局"], ["t:1", "区财政局"], ["t:2", "区发改局"], ["t:2", "区住建局"],
    ]  # fmt: skip
    text = "方案\n加强教师队伍建设，补充教师。\n责任单位：区教育局 区财政局。推进学校建设，新建学校。\n责任单位：区发改局 区住建局\n"
    m = extract_measures(load_document_from_text(text, doc_id="t"))
    assert m[["measure_id", "heading", "text"]].values.tolist()[1:] == [
        ["t:1", "加强教师队伍建设", "加强教师队伍建设，补充教师。\n责任单位：区教育局 区财政局。"],
        ["t:2", "推进学校建设", "推进学校建设，新建学校。\n责任单位：区发改局 区住建局\n"],
    ]
    assert extract_responsibilities(m)[["measure_id", "unit"]].values.tolist() == [
        ["t:1", "区教育局"], ["t:1", "区财政局"], ["t:2", "区发改局"], ["t:2", "区住建局"],
    ]  # fmt: skip
    assert_partition(m, text)
    # 区妇联 names a unit too; a unit without a known ending (区人民法院) stays in a tag that lists its units
    # with spaces; a title after a section's title (实施…工程) still starts the next unit.
    assert measures_of("加强建设。责任单位：区教育局 区妇联。推进改革。")["text"].tolist()[1:] == ["加强建设。责任单位：区教育局 区妇联。", "推进改革。"]
    assert measures_of("加强建设。责任单位：区教育局 区财政局 区人民法院。推进改革。")["text"].tolist()[1:] == [
        "加强建设。责任单位：区教育局 区财政局 区人民法院。", "推进改革。",
    ]  # fmt: skip
    assert measures_of("加强建设。责任单位:区教育局,各镇街 实施教师队伍优化提升工程 强化师风师德建设。加强监督。")["text"].tolist()[1:] == [
        "加强建设。责任单位:区教育局,各镇街 实施教师队伍优化提升工程 ", "强化师风师德建设。", "加强监督。",
    ]  # fmt: skip


def test_segmentation_can_be_forced():
    # The lines of the outline without a sentence (一、总体目标) head the paragraph after them.
    assert measures_of(PLAN, segmentation="paragraphs")[["kind", "heading"]].values.tolist() == [
        ["front_matter", "示范区教育行动方案"], ["paragraph", "为推进教育发展"], ["paragraph", "一、总体目标"],
        ["paragraph", "二、主要措施"], ["paragraph", "（二）推进集团化办学"],
    ]  # fmt: skip
    assert measures_of("一句。又一句。", segmentation="numbered")[["measure_id", "text", "segmentation"]].values.tolist() == [
        ["t:0", "一句。又一句。", "numbered"],
    ]


def test_empty_and_blank_documents_have_only_front_matter():
    assert measures_of("")[["measure_id", "start", "end"]].values.tolist() == [["t:0", 0, 0]]
    assert measures_of(" \n\n ")[["measure_id", "text"]].values.tolist() == [["t:0", " \n\n "]]


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="segmentation='lines'; expected one of 'auto', 'numbered', 'paragraphs', 'sentences'"):
        measures_of(PLAN, segmentation="lines")
    with pytest.raises(TypeError, match="corpus_or_document is a str; expected a Corpus, a Document or a list of Documents"):
        extract_measures(PLAN)
    assert extract_measures([]).columns.tolist() == list(MEASURE_COLUMNS)


PIECES = ["一、", "二、", "三、", "（一）", "（二）", "(三)", "1.", "2.", "3、", "1.1.", "1.2.", "一是", "二是", "三是", "——",
          "\n", "\n\n", "。", "，", "；", " ", "附件", "附件\n", "<责任单位:区教育局,区财政局>", "[牵头单位：区教育局；配合单位：各学校]",
          "(责任单位:市教育局)", "教育", "学校建设", "2023.5", "0.30", "1+X", "1—3项", "①", "②", "(1)", "第一条", "第二章",
          "篇一:", "篇二:", "统一、", "唯一是", "1）", "2)", "１）", "1 ", "2　", "1.1 ", "1.2", "2.1.1", "1.5万", "2.5 ", "总则",
          "\n• ", "\n●", "\n- ", "\n· ", "\n  ▪ ", "■■", "-", "\n◆ ", "壹、", "貳、", "参、", "肆､", "拾壹、", "壹仟", "陸、海、", "112學年度：",
          "\n目录\n", "……3", "\t2", "【工作目标】", "班", "：", "高一", "第一章",
          "㈠", "㈡", "⒈", "⒉", "⑴", "⑵", "㉑", "一）", "二)", "\nA. ", "\nB. ", "\nⅠ．", "\nⅡ．", "附件1：任务清单\n"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_own_spans_partition_any_outline_like_text(text):
    for segmentation in ("auto", "paragraphs", "sentences"):
        assert_partition(measures_of(text, segmentation=segmentation), text)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_every_written_number_read_as_a_copy_is_named_in_a_warning(text):
    import re
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = measures_of(text)
    messages = [str(w.message) for w in caught]
    copies = m.loc[m["kind"].isin(["section", "measure"]) & m["measure_id"].str.contains(r"_\d+$"), "measure_id"]
    for copy in copies:
        # A number read as text names the copy that holds it (…read as text of t:1_2;): that is no warning of the copy's own.
        assert sum(bool(re.search("(?<!text of )" + re.escape(copy) + "[;)]", message)) for message in messages) == 1, (copy, messages)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_own_spans_partition_any_text(text):
    assert_partition(measures_of(text), text)


# Every way a line can be indented or a number spaced: the Unicode space separators (no-break space from WeChat,
# en and em spaces, narrow and mathematical spaces, the ideographic space) and the tab; {s} stands for one of them.
HORIZONTAL_SPACES = ["\t", *(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Zs" and chr(c) != " ")]
SPACED_PLANS = [
    "{s}{s}教育行动方案\n{s}{s}为推进教育发展，制定本方案。\n{s}{s}一、指导思想\n{s}{s}坚持立德树人。\n{s}{s}二{s}、重点任务\n"
    "{s}{s}（一）扩大学前教育资源。新建幼儿园6所。\n{s}{s}1.推进集团化办学。组建教育集团5个。\n{s}{s}2.落实课后服务。\n"
    "{s}{s}３．关爱留守儿童。一是建立台账；{s}二是结对帮扶。\n{s}{s}•{s}开展心理健康教育。\n{s}{s}-{s}配齐专职教师。\n"
    "{s}{s}（二）{s}创建平安校园。{s}1.健全安全制度。{s}2.开展应急演练。\n{s}{s}——{s}2025年事故率下降。\n"
    "{s}{s}三、保障措施\n{s}{s}(1){s}加强组织领导。\n{s}{s}1){s}成立领导小组。\n{s}{s}①{s}每季度召开会议。\n"
    "{s}{s}附件{s}1\n{s}{s}任务清单\n{s}序号\t任务\t责任单位\n{s}1\t新建幼儿园6所。\t县教育局\n{s}2\t建立关爱台账。\t县教育局\n",
    "标准\n{s}1{s}总则\n{s}1.1{s}指导思想。\n{s}1.2{s}工作目标。\n{s}2{s}任务\n{s}2.1{s}加强领导。\n",
]
SPACED_IDS = [
    ["t:0", "t:1", "t:2", "t:2.1", "t:2.1.1", "t:2.1.2", "t:2.1.3", "t:2.1.3.1", "t:2.1.3.2", "t:2.1.3.1_2", "t:2.1.3.2_2", "t:2.2",
     "t:2.2.1", "t:2.2.2", "t:2.2.2.1", "t:3", "t:3.1", "t:3.1.1", "t:3.1.1.1", "t:A", "t:A.1", "t:A.2"],
    ["t:0", "t:1", "t:1.1", "t:1.2", "t:2", "t:2.1"],
]


@pytest.mark.parametrize("space", HORIZONTAL_SPACES, ids=lambda space: f"U+{ord(space):04X}")
@pytest.mark.parametrize(("plan", "plan_ids"), list(zip(SPACED_PLANS, SPACED_IDS)), ids=["official", "standard"])
def test_a_plan_reads_alike_whatever_space_indents_its_lines(plan, plan_ids, space):
    # A draft pasted from WeChat indents its lines with no-break spaces: its numbers are read as with ordinary
    # spaces, and the units are still exact slices of the text (no space is replaced).
    expected = measures_of(plan.replace("{s}", " "))
    assert ids(expected) == plan_ids
    text = plan.replace("{s}", space)
    m = measures_of(text)
    assert_partition(m, text)
    columns = ["measure_id", "parent_id", "kind", "heading"]
    assert m[columns].values.tolist() == expected[columns].values.tolist()
    assert [label.replace(space, " ") for label in m["label"]] == expected["label"].tolist()


def test_zero_width_characters_before_a_number_are_dropped_before_the_outline_is_read():
    # Cleaning removes them (and records it), so that they hide no number: \u200b一、 is 一、.
    plain = load_document_from_text("方案\n一、措施\n（一）加大投入。\n1.新建学校。\n", doc_id="t")
    hidden = load_document_from_text("方案\n\u200b一、措施\n\ufeff（一）加大投入。\n\u200b\u2060 1.新建学校。\n", doc_id="t")
    columns = ["measure_id", "label", "heading"]
    assert extract_measures(hidden)[columns].values.tolist() == extract_measures(plain)[columns].values.tolist()


def test_a_line_indented_otherwise_than_its_neighbours_keeps_its_number(recwarn):
    # A paragraph retyped in WeChat: ２． was text of １． and the list seemed to skip from １． to ３．.
    m = measures_of("一、重点任务\n\u3000\u3000１．扩大学位。\n\xa0\xa0２．推进集团化办学。\n  ３．落实课后服务。\n")
    assert m[["measure_id", "label", "heading"]].values.tolist()[2:] == [
        ["t:1.1", "１．", "扩大学位"], ["t:1.2", "２．", "推进集团化办学"], ["t:1.3", "３．", "落实课后服务"]]
    assert not [w for w in recwarn if issubclass(w.category, PolicyCompareWarning)]


# ---------------------------------------------------------------- the bundled corpus

def test_every_document_is_partitioned_and_ids_are_unique(corpus, measures):
    assert list(measures["doc_id"].unique()) == corpus.doc_ids
    for doc in corpus:
        assert_partition(measures[measures["doc_id"] == doc.doc_id], doc.text)
    assert measures["measure_id"].is_unique
    assert (measures.groupby("doc_id")["depth"].first() == 0).all()


def test_ids_are_stable_from_run_to_run(corpus, measures):
    assert extract_measures(corpus)["measure_id"].tolist() == measures["measure_id"].tolist()
    assert extract_measures(corpus["anning"])["measure_id"].tolist() == measures.loc[measures["doc_id"] == "anning", "measure_id"].tolist()


def test_raw_offsets_map_back_to_the_source(corpus, measures):
    for doc in corpus:
        rows = measures[measures["doc_id"] == doc.doc_id]
        mapped = [doc.to_raw(s, e) for s, e in zip(rows["start"], rows["end"])]
        assert mapped == list(zip(rows["raw_start"], rows["raw_end"]))
    huaxi = measures[measures["doc_id"] == "huaxi"]
    assert all(corpus["huaxi"].raw[a:b] == t for a, b, t in zip(huaxi["raw_start"], huaxi["raw_end"], huaxi["text"]))
    row = measures.set_index("measure_id").loc["yinchuan:2.1"]
    assert corpus["yinchuan"].raw[row["raw_start"]:row["raw_end"]].startswith("(一)推进县中标准化建设。")


def children(measures, parent):
    return measures[measures["parent_id"] == parent]


def test_huaxi_has_seven_work_measures_and_the_items_of_its_fourth(measures):
    work = children(measures, "huaxi:3")
    assert work[["measure_id", "label", "heading"]].values.tolist() == [
        ["huaxi:3.1", "（一）", "加大财政投入"], ["huaxi:3.2", "（二）", "健全体制机制"],
        ["huaxi:3.3", "（三）", "落实立德树人"], ["huaxi:3.4", "（四）", "强化队伍建设"],
        ["huaxi:3.5", "（五）", "落实“三新”改革"], ["huaxi:3.6", "（六）", "强化学校管理"],
        ["huaxi:3.7", "（七）", "强化特色示范创建"],
    ]
    items = children(measures, "huaxi:3.4")
    assert items[["measure_id", "label", "kind", "heading"]].values.tolist() == [
        ["huaxi:3.4.1", "一是", "item", "健全教师补充激励机制"], ["huaxi:3.4.2", "二是", "item", "完善教师管理制度"],
        ["huaxi:3.4.3", "三是", "item", "加大干部队伍建设"], ["huaxi:3.4.4", "四是", "item", "强化专业示范引领"],
        ["huaxi:3.4.5", "五是", "item", "积极探索清华中学教育集团办学机制"],
    ]
    parent = measures.set_index("measure_id").loc["huaxi:3.4"]
    assert parent["text"] == "（四）强化队伍建设，构建高素质干部队伍。" and not parent["is_leaf"]
    assert measures.loc[measures["doc_id"] == "huaxi", "measure_id"].str.count(r"\.").max() == 2


def test_yinchuan_has_ten_measures_and_its_annex_as_a_branch(measures):
    main = children(measures, "yinchuan:2")
    assert main["measure_id"].tolist() == [f"yinchuan:2.{k}" for k in range(1, 11)]
    assert main["heading"].tolist() == [
        "推进县中标准化建设", "实施县中托管帮扶全覆盖工程", "提升县中数字教育应用能力", "严格控制校额班额", "规范普通高中招生管理",
        "健全县中教师补充机制", "提高县中教师能力素质", "推动县中多样化有特色发展", "开展普通高中办学质量评价", "完善县中经费保障机制",
    ]
    annex = measures[measures["measure_id"].str.startswith("yinchuan:A")]
    assert annex["measure_id"].tolist() == [
        "yinchuan:A", "yinchuan:A.1", "yinchuan:A.2", "yinchuan:A.2.1", "yinchuan:A.2.2", "yinchuan:A.2.3",
        "yinchuan:A.3", "yinchuan:A.3.1", "yinchuan:A.3.2", "yinchuan:A.3.3", "yinchuan:A.4", "yinchuan:A.4.1", "yinchuan:A.4.2", "yinchuan:A.4.3",
    ]
    root = annex.iloc[0]
    assert (root["kind"], root["label"], root["heading"], root["depth"]) == ("annex", "附件", "银川市县域普通高中托管帮扶工作方案", 1)
    assert annex.set_index("measure_id").loc["yinchuan:A.2.1", "heading"] == "实施学校管理帮扶"


def test_anning_has_eighteen_numbered_measures_in_four_groups(measures):
    numbered = measures[(measures["doc_id"] == "anning") & measures["label"].str.fullmatch(r"\d+\.")]
    groups = [1] * 4 + [2] * 4 + [3] * 5 + [4] * 5
    assert numbered["code"].tolist() == [f"3-{g}-{n}" for n, g in enumerate(groups, start=1)]
    assert numbered["measure_id"].tolist()[4] == "anning:3.2.5"
    assert numbered["kind"].unique().tolist() == ["measure"]
    assert children(measures, "anning:3")["heading"].tolist() == ["抓党建", "强龙头", "深改革", "提素质"]
    assert children(measures, "anning:2")[["label", "heading"]].values.tolist() == [["——", "2023年建机制"], ["——", "2024年提质量"], ["——", "2025年上台阶"]]


def test_qixing_has_seven_plans_with_their_items(measures):
    plans = children(measures, "qixing:3")
    assert plans["measure_id"].tolist() == [f"qixing:3.{k}" for k in range(1, 8)]
    assert plans["heading"].str.endswith("计划").all()
    assert [len(children(measures, p)) for p in plans["measure_id"]] == [3, 3, 4, 4, 3, 2, 3]
    assert children(measures, "qixing:3.2.3")["heading"].tolist() == ["配强学校领导班子", "完善教师交流机制", "突出学校发展特色"]


@pytest.mark.parametrize("doc_id", REGIONAL)
def test_leaf_measures_of_the_regional_plans_are_a_few_hundred_characters(measures, doc_id):
    leaves = measures[(measures["doc_id"] == doc_id) & measures["is_leaf"] & (measures["kind"] != "front_matter")]
    assert len(leaves) >= 20
    assert (leaves["end"] - leaves["start"]).median() < 300


def test_the_two_versions_in_the_compilation_line_up(measures):
    def numbered(doc_id):
        rows = measures[(measures["doc_id"] == doc_id) & measures["label"].str.fullmatch(r"\d+\.")]
        return dict(zip(rows["label"].str[:-1].astype(int), rows["heading"]))

    two, five = numbered("collection-02"), numbered("collection-05")
    assert sorted(two) == list(range(1, 23)) and sorted(five) == list(range(1, 22))
    assert sum(two[k] == five[k] for k in range(1, 22)) == 21
    row = measures.set_index("measure_id").loc["collection-02:3.3.6"]
    assert (row["label"], row["heading"]) == ("6.", "实施农村边远初中补短提升")
    assert row["text"].startswith("6.实施农村边远初中补短提升。调整教育经费的支出结构")


def test_the_compilation_keeps_its_second_plan_and_sub_numbers(measures):
    rows = measures.set_index("measure_id")
    assert rows.loc["collection-01:A", "kind"] == "part"
    assert rows.loc["collection-01:A.3.2.4.2", ["label", "heading"]].tolist() == ["4.2.", "小学阶段"]
    assert rows.loc["collection-01:A.3.1.1.4", ["label", "heading"]].tolist() == ["1.4.", "高中阶段"]
    assert rows.loc["collection-01:0", "text"].startswith("篇一:学校教育高质量发展方案")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("篇第章节条编部分一二三四五六七八九十百零两是壹貳参拾（()）、､．.:：①⑳㉑㈠⒈⑴ⅠB——123４5 \t\u3000\xa0\u2003\n。，；附件A教育万%“")), max_size=60))
def test_the_marker_lookahead_finds_what_the_alternatives_alone_find(text):
    import re

    from policycompare.structure import _MARKER, _MARKER_ALTERNATIVES

    def found(pattern):
        return [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(text)]

    assert found(_MARKER) == found(re.compile(_MARKER_ALTERNATIVES))


# ------------------------------------------------------------------ frame sections


def test_frame_roles_come_from_whole_headings_and_pass_to_children():
    text = (
        "方案\n一、总体要求\n（一）指导思想。坚持立德树人。\n（二）目标原则\n1.具体目标。到2025年，入学率达到95%。\n2.工作原则。坚持公平。\n"
        "二、行动目标\n（一）2024年建机制。完善制度。\n（二）2025年上台阶。全面提升。\n"
        "三、主要措施\n（一）实现教育现代化目标。加大投入。\n（二）学前阶段。扩大普惠资源。\n"
        "四、实施步骤\n（一）准备启动阶段（2024年1月）。部署工作。\n（二）总结验收阶段（2025年12月）。全面总结。\n"
    )
    measures = extract_measures(load_document_from_text(text, doc_id="d"))
    roles = dict(zip(measures["measure_id"], classify_frame_sections(measures)))
    assert roles == {
        "d:0": "", "d:1": "ideology", "d:1.1": "ideology", "d:1.2": "", "d:1.2.1": "goals", "d:1.2.2": "principles",
        "d:2": "goals", "d:2.1": "goals", "d:2.2": "goals",
        "d:3": "", "d:3.1": "", "d:3.2": "",
        "d:4": "schedule", "d:4.1": "schedule", "d:4.2": "schedule",
    }  # fmt: skip


@pytest.mark.parametrize(("schedule", "phases", "headings"), [
    ("实施步骤", ["宣传发动阶段（2024年3月）：召开动员会，制定学校方案。", "全面实施阶段（2024年4月—8月）：各校全面开展课后服务。",
              "总结提升阶段（2024年9月）：总结经验，表彰先进。"], ["全面实施阶段（2024年4月—8月）", "总结提升阶段（2024年9月）"]),
    ("实施步骤", ["第一阶段：宣传发动（2024年3月）。召开动员会。", "第二阶段：全面实施（2024年4月—8月）。全面开展课后服务。",
              "第三阶段：总结提升（2024年9月）。总结经验。"], ["第二阶段", "第三阶段"]),
    ("进度安排", ["2024年3月—4月：召开动员会，制定学校方案。", "2024年5月—8月：各校全面开展课后服务。", "2024年9月：总结经验，表彰先进。"],
     ["2024年5月—8月", "2024年9月"]),
], ids=["stages", "numbered-stages", "dated-lines"])  # fmt: skip
def test_the_phase_paragraphs_after_the_schedule_of_a_plan_without_numbers_are_the_schedule(schedule, phases, headings):
    from policycompare.alignment import frame_roles

    # The heading line starts the first phase's paragraph; the later phases had no role, and a draft check listed them as unique.
    text = ("某县课后服务实施方案\n为落实“双减”要求，结合我县实际，制定本方案。\n工作目标\n到2024年底，课后服务实现全覆盖。\n"
            f"{schedule}\n" + "\n".join(phases) + "\n保障措施\n加强经费保障，落实教师补助。\n学前阶段\n扩大普惠性学前教育资源。\n")
    measures = extract_measures(load_document_from_text(text, doc_id="d"))
    assert measures["heading"].tolist()[3:7] == [schedule, *headings, "保障措施"]
    measures["frame"] = classify_frame_sections(measures)
    assert measures["frame"].tolist() == ["", "", "goals", "schedule", "schedule", "schedule", "", ""]
    assert frame_roles(measures).tolist()[3:6] == ["schedule:first", "schedule:middle", "schedule:last"]
    # A paragraph that names no phase ends the schedule, and so does one with a heading of its own; a plan's next
    # document starts with its own units, and a numbered section after a schedule is no phase of it.
    other = load_document_from_text("另一方案\n第二阶段：全面实施。\n各校开展课后服务。\n", doc_id="e")
    both = extract_measures([load_document_from_text(text, doc_id="d"), other])
    assert classify_frame_sections(both).tolist()[-3:] == ["", "", ""]
    numbered = extract_measures(load_document_from_text("方案\n一、实施步骤\n（一）启动阶段。部署。\n二、2024年重点工作\n新建学校。\n", doc_id="n"))
    assert classify_frame_sections(numbered).tolist() == ["", "schedule", "schedule", ""]


@pytest.mark.parametrize("paragraph", [
    "幼儿园阶段：重点做好幼小衔接，开展入学准备教育。", "基础教育阶段：全面推进课程改革。", "推动教育事业迈上新阶段\n加强组织领导，落实经费保障。",
    "各阶段工作完成情况纳入年度考核，考核结果与评优挂钩。", "2025年全县将新建学校3所，所需经费由县财政保障。", "阶段性成果纳入考核。",
    "现阶段，要把课后服务作为重点。", "在这个阶段，各校要总结经验。",
], ids=["kindergarten", "basic-education", "new-stage", "each-stage", "a-year-in-a-sentence", "interim", "now", "this-stage"])  # fmt: skip
def test_a_paragraph_after_a_schedule_that_names_no_phase_at_its_start_is_no_phase(paragraph):
    # Any 阶段 in a heading, or a year at its start, made the paragraph a phase of the schedule before it.
    text = f"某县教育提升方案\n\n为推进教育发展，制定本方案。\n\n实施步骤\n准备阶段（2024年1月—3月）：制定方案。\n\n{paragraph}\n\n保障措施\n加强组织领导。"
    measures = extract_measures(load_document_from_text(text, doc_id="d"))
    assert measures["kind"].tolist()[1:] == ["paragraph"] * 4
    assert classify_frame_sections(measures).tolist() == ["", "", "schedule", "", ""]
    # A stage's short name, a span of dates, or a date and its colon, each at the paragraph's start, is a phase.
    for phase in ("（二）全面实施阶段（2024年4月—8月）：各校全面开展。", "2024年4月至8月，各校全面开展。", "2024年9月：总结经验。", "第二阶段：全面实施。"):
        measures = extract_measures(load_document_from_text(text.replace(paragraph, phase), doc_id="d"))
        assert classify_frame_sections(measures).tolist() == ["", "", "schedule", "schedule", ""], phase


def test_phases_are_looked_for_only_in_a_table_with_paragraphs_or_sentences():
    from policycompare import structure

    # Each row of every table was read in a loop of Python to find phases that only a plan without numbers has.
    measures = extract_measures(load_document_from_text("方案\n一、实施步骤\n（一）启动阶段。部署。\n二、2024年重点工作\n新建学校。\n", doc_id="n"))
    read = []

    class Rows(pd.DataFrame):
        def __getitem__(self, key):
            read.append(key)
            return super().__getitem__(key)

    own = {"n:0": "", "n:1": "schedule", "n:1.1": "", "n:2": "", "n:2.1": ""}
    structure._add_phases(Rows(measures), own)
    assert read == ["kind"] and own["n:1.1"] == own["n:2"] == ""


def test_a_general_requirements_section_passes_no_role_to_its_items():
    # 总体要求 holds the frame sections; an item without a frame heading of its own is a measure.
    text = "方案\n一、总体要求\n坚持立德树人。\n（一）加大经费投入。每年安排专项资金。\n（二）发展目标。到2025年全面达标。\n二、实施步骤\n（一）启动。部署工作。\n"
    measures = extract_measures(load_document_from_text(text, doc_id="d"))
    assert classify_frame_sections(measures).tolist() == ["", "ideology", "", "goals", "schedule", "schedule"]


def test_frame_roles_of_the_regional_plans():
    measures = extract_measures(load_corpus().subset(REGIONAL))
    roles = classify_frame_sections(measures)
    assert roles.index.equals(measures.index) and roles.name == "frame"
    assert {m: r for m, r in zip(measures["measure_id"], roles) if r} == {
        "huaxi:1": "ideology", "huaxi:2": "goals", "huaxi:4": "schedule", "huaxi:4.1": "schedule", "huaxi:4.2": "schedule", "huaxi:4.3": "schedule",
        "yinchuan:1": "ideology", "yinchuan:1.1": "ideology", "yinchuan:1.2": "goals", "yinchuan:A.1": "goals",
        "yinchuan:A.3": "schedule", "yinchuan:A.3.1": "schedule", "yinchuan:A.3.2": "schedule", "yinchuan:A.3.3": "schedule",
        "anning:1": "ideology", "anning:2": "goals", "anning:2.1": "goals", "anning:2.2": "goals", "anning:2.3": "goals",
        "qixing:1": "ideology", "qixing:2": "goals",
    }  # fmt: skip


def test_frame_roles_need_the_outline_columns():
    with pytest.raises(ValueError, match="measures lacks the column 'parent_id'; expected a table from extract_measures"):
        classify_frame_sections(pd.DataFrame({"measure_id": ["a:1"], "heading": ["指导思想"]}))
    headings = pd.DataFrame({"measure_id": ["a:1", "a:1.1"], "parent_id": ["", "a:1"], "heading": ["指导思想。", None]})
    assert classify_frame_sections(headings).tolist() == ["ideology", "ideology"]


@pytest.mark.parametrize(("traditional", "simplified", "role"), [
    # The stock headings of plans from Taiwan and Hong Kong; the simplified forms are OpenCC's t2s of them (時程規畫 → 时程规画).
    ("計畫目標", "计划目标", "goals"), ("計劃目標", "计划目标", "goals"), ("預期目標", "预期目标", "goals"), ("目標", "目标", "goals"),
    ("實施期程", "实施期程", "schedule"), ("執行期程", "执行期程", "schedule"), ("辦理期程", "办理期程", "schedule"),
    ("推動期程", "推动期程", "schedule"), ("計畫期程", "计划期程", "schedule"), ("實施時程", "实施时程", "schedule"),
    ("時程規劃", "时程规划", "schedule"), ("時程規畫", "时程规画", "schedule"), ("推行時間表", "推行时间表", "schedule"),
    ("工作進度", "工作进度", "schedule"),
    ("指導原則", "指导原则", "principles"), ("基本理念", "基本理念", "ideology"), ("理念", "理念", "ideology"),
    # The plan's basis, purpose, background, means and expected benefits are no frame section; strategies are measures.
    ("依據", "依据", ""), ("計畫目的", "计划目的", ""), ("目的", "目的", ""), ("計畫緣起", "计划缘起", ""), ("預期效益", "预期效益", ""),
    ("經費", "经费", ""), ("推行策略", "推行策略", ""), ("實施策略", "实施策略", ""), ("期程與經費", "期程与经费", ""),
    ("學習進度", "学习进度", ""),
])  # fmt: skip
def test_frame_headings_of_plans_from_taiwan_and_hong_kong_have_their_roles(traditional, simplified, role):
    for heading in (traditional, simplified):
        measures = measures_of(f"計畫\n壹、{heading}\n一、內容。\n貳、推動策略\n一、加大投入。\n")
        assert dict(zip(measures["measure_id"], classify_frame_sections(measures))) == {
            "t:0": "", "t:1": role, "t:1.1": role, "t:2": "", "t:2.1": "",
        }, heading  # fmt: skip


TAIWAN_PLAN = (
    "新竹縣國民教育發展中程計畫\n壹、依據\n一、教育基本法。\n貳、計畫目標\n一、提升學生學習成效。\n"
    "參、實施期程\n自112學年度起至115學年度止，分三階段辦理：\n一、準備階段（民國112年8月至112年12月）：完成現況調查。\n"
    "二、推動階段（民國113年1月至115年6月）：全面推動各項策略。\n三、檢討階段（115學年度）：辦理成效評估。\n"
    "肆、實施策略\n一、精進課程與教學\n（一）推動素養導向教學。\n伍、預期效益\n一、學生基本學力明顯提升。\n"
)


@pytest.mark.parametrize("convert", [None, "t2s"])
def test_the_phases_under_a_taiwan_schedule_are_its_phases(convert):
    from policycompare.alignment import frame_roles

    if convert is None:
        document = Document("hsinchu", TAIWAN_PLAN, TAIWAN_PLAN)
    else:
        pytest.importorskip("opencc")
        document = load_document_from_text(TAIWAN_PLAN, doc_id="hsinchu", convert=convert)
    measures = extract_measures(document)
    measures["frame"] = classify_frame_sections(measures)
    assert dict(zip(measures["measure_id"], frame_roles(measures))) == {
        "hsinchu:0": "", "hsinchu:1": "", "hsinchu:1.1": "", "hsinchu:2": "goals", "hsinchu:2.1": "goals",
        "hsinchu:3": "schedule", "hsinchu:3.1": "schedule:first", "hsinchu:3.2": "schedule:middle", "hsinchu:3.3": "schedule:last",
        "hsinchu:4": "", "hsinchu:4.1": "", "hsinchu:4.1.1": "", "hsinchu:5": "", "hsinchu:5.1": "",
    }  # fmt: skip


@pytest.mark.parametrize(("top", "schedule", "phases", "headings"), [
    # Hong Kong: stages numbered and dated by school year.
    ("四五六", "推行時間表", ["（一）第一階段（2023/24學年度）：成立工作小組。", "（二）第二階段（2024/25學年度）：全面推行。", "（三）第三階段（2025/26學年度）：檢討成效。"],
     ["第一階段（2023/24學年度）", "第二階段（2024/25學年度）", "第三階段（2025/26學年度）"]),
    # Taiwan: one numbered line per school year or year of the Republic (一、 before a digit numbers a line it starts).
    ("肆伍陸", "辦理期程", ["一、112學年度：完成現況調查。", "二、113學年度：全面推動各項策略。", "三、114學年度：辦理成效評估。"],
     ["112學年度", "113學年度", "114學年度"]),
    ("肆伍陸", "執行期程", ["（一）民國113年：規劃。", "（二）民國114年：執行。", "（三）民國115年：檢討。"], ["民國113年", "民國114年", "民國115年"]),
])  # fmt: skip
def test_stages_and_dated_lines_of_a_schedule_are_its_phases(top, schedule, phases, headings):
    from policycompare.alignment import frame_roles

    measures_label, schedule_label, resources_label = (f"{numeral}、" for numeral in top)
    text = f"計劃\n{measures_label}主要措施\n（一）加強校園衞生。\n{schedule_label}{schedule}\n" + "\n".join(phases) + f"\n{resources_label}資源\n本計劃總開支約港幣1億元。\n"
    measures = measures_of(text)
    measures["frame"] = classify_frame_sections(measures)
    assert dict(zip(measures["measure_id"], frame_roles(measures))) == {
        "t:0": "", "t:4": "", "t:4.1": "", "t:5": "schedule", "t:5.1": "schedule:first", "t:5.2": "schedule:middle", "t:5.3": "schedule:last", "t:6": "",
    }  # fmt: skip
    assert measures["heading"].tolist()[4:7] == headings


def test_many_repeats_of_one_number_get_consecutive_copies():
    # Ids _2 … _n are handed out from the next free copy number (linear, not quadratic, in the repeats).
    text = "一、任务\n" + "".join(f"3.加强第{i}项工作。\n" for i in range(1, 301))
    with pytest.warns(PolicyCompareWarning):
        m = measures_of(text)
    assert m["measure_id"].tolist()[2:] == ["t:1.3", *(f"t:1.3_{k}" for k in range(2, 301))]


def test_every_offset_of_a_plan_lies_in_the_unit_measure_at_names(corpus):
    for doc_id in ("yinchuan", "collection-04"):
        measures = extract_measures(corpus[doc_id])
        offsets = np.arange(len(corpus[doc_id].text))
        found = measure_at(measures, doc_id, offsets)
        spans = measures.set_index("measure_id")[["start", "end"]]
        assert (found != "").all()
        assert (spans.loc[found, "start"].to_numpy() <= offsets).all() and (offsets < spans.loc[found, "end"].to_numpy()).all()
    assert measure_at(measures, doc_id, [len(corpus[doc_id].text)]).tolist() == [""]


def test_measure_at_takes_one_offset_and_names_an_unknown_document(corpus):
    measures = extract_measures(corpus["huaxi"])
    offset = corpus["huaxi"].text.index("健全教师补充激励机制")
    assert measure_at(measures, "huaxi", offset) == "huaxi:3.4.1"
    assert measure_at(measures, "huaxi", [-1, offset]).tolist() == ["", "huaxi:3.4.1"]
    with pytest.raises(UnknownIdError, match=r"^no document 'huaxii' in the corpus \(did you mean 'huaxi'\?\); known ids: huaxi$"):
        measure_at(measures, "huaxii", [5])
    with pytest.raises(TypeError, match="^measures must be a DataFrame from extract_measures, not Corpus$"):
        measure_at(corpus, "huaxi", [5])


def test_a_heading_keeps_a_number_whose_digits_a_comma_groups():
    m = measures_of("方案\n一、措施\n（一）全县投入资金1,200万元，新建学校3所。\n（二）培训教师1，500人次。\n")
    # 1,200 is one number; the full-width ， is a clause break, as targets read them.
    assert m["heading"].tolist()[2:] == ["全县投入资金1,200万元", "培训教师1"]


def test_a_list_of_documents_with_one_id_twice_is_refused_as_a_corpus_refuses_it():
    from policycompare import Corpus, PolicyCompareError

    a = load_document_from_text("一、总体要求\n（一）加强领导。", doc_id="a")
    b = load_document_from_text("一、总体要求\n（一）加大投入。", doc_id="a")
    # Their measure ids (a:1, a:1.1) would name two measures each.
    for make in (extract_measures, Corpus):
        with pytest.raises(PolicyCompareError, match=r"^duplicate doc_id 'a'$"):
            make([a, b])


# A measure with a tag in traditional characters, then items of its own without numbers.
TAGGED = ("一、主要任务\n（一）推进集团化办学。扩大优质资源。{open}{lead}：区教育局；{support}：各学校{close}\n"
          "配强学校领导班子。健全校长轮换机制。\n完善教师交流机制。推进教师轮岗。\n")


@pytest.mark.parametrize(("lead", "support"), [("牵头单位", "配合单位"), ("牽頭單位", "配合單位"), ("責任部門", "參與單位"), ("主責單位", "協辦單位")])
@pytest.mark.parametrize(("open", "close"), [("[", "]"), ("【", "】"), ("<", ">")])
def test_items_after_a_tag_in_either_script_are_units_of_their_own(lead, support, open, close):
    text = TAGGED.format(lead=lead, support=support, open=open, close=close)
    measures = measures_of(text)
    assert ids(measures) == ["t:0", "t:1", "t:1.1", "t:1.1.1", "t:1.1.2"]
    assert measures["text"].tolist()[3:] == ["配强学校领导班子。健全校长轮换机制。\n", "完善教师交流机制。推进教师轮岗。\n"]


def test_qixing_in_traditional_characters_read_without_convert_has_the_measures_of_qixing():
    opencc = pytest.importorskip("opencc")
    from policycompare.corpus import bundled_corpus_path

    simplified = (bundled_corpus_path() / "qixing.txt").read_text(encoding="utf-8")
    for config in ("s2t", "s2tw", "s2hk"):
        traditional = opencc.OpenCC(config).convert(simplified)
        expected, found = (extract_measures(Document("qixing", text, text)) for text in (simplified, traditional))
        assert found[["measure_id", "start", "end"]].values.tolist() == expected[["measure_id", "start", "end"]].values.tolist(), config


@pytest.mark.parametrize("closing", [
    "\n某县人民政府\n2023年5月6日\n抄送：县委办，县人大办。\n",
    "\n某县人民政府\n2023年5月6日\n（联系人：王某；电话：1234567）\n",
], ids=["copied-to", "contact"])  # fmt: skip
def test_a_list_of_annexes_before_a_closing_block_with_a_sentence_mark_is_no_annex(closing):
    text = ("一、重点任务\n（一）加强学校建设。新建学校5所。\n附件1：重点任务分工表\n附件2：项目清单\n" + closing
            + "附件1\n重点任务分工表\n1.新建学校，县教育局负责。\n2.扩建学校。\n附件2\n项目清单\n1.第一小学改扩建工程，县教育局负责。\n2.第二小学新建教学楼。\n")
    m = measures_of(text)
    # The annexes keep their letters: the list and the closing block are the last measure's text, not an annex A.
    assert m.loc[m["kind"] == "annex", ["measure_id", "heading"]].values.tolist() == [["t:A", "重点任务分工表"], ["t:B", "项目清单"]]
    assert_partition(m, text)


def test_a_heading_above_that_ends_in_a_school_level_makes_no_class_name():
    text = "一、重点任务\n（一）办好每一所初中\n（1）班额控制。严控大班额。\n（2）师资配备。配齐教师。\n"
    assert ids(measures_of(text))[1:] == ["t:1", "t:1.1", "t:1.1.1", "t:1.1.2"]


def test_a_text_numbered_only_by_yishi_read_as_numbered_keeps_them_as_items():
    text = "某县教育发展方案\n一是优化学校布局，新建学校5所。\n二是补充教师队伍，招聘教师200名。\n"
    m = measures_of(text, segmentation="numbered")
    assert m[["measure_id", "label"]].values.tolist() == [["t:0", ""], ["t:1", "一是"], ["t:2", "二是"]]


def test_a_closing_bracket_at_a_line_start_after_a_line_ending_in_its_bracket_is_text():
    text = "一、重点任务\n（一）加强学校建设，落实“五个一”（\n一）工程。\n（二）加强教师队伍。\n"
    assert ids(measures_of(text))[1:] == ["t:1", "t:1.1", "t:1.2"]


def test_a_closing_bracket_number_after_a_bracket_broken_across_lines_starts_no_list():
    # 一） closes the bracket of the line before; 二）、 and 三）、 after it started a list at t:1.2.2, a level below （二）.
    text = "一、重点任务\n（一）优化学校布局。\n（二）加强学校建设，落实“五个一”（\n一）工程。\n二）、加强教师队伍。\n三）、完善经费保障。\n（三）深化教育改革。\n"
    doc = load_document_from_text(text, doc_id="t")
    with pytest.warns(PolicyCompareWarning) as caught:
        m = extract_measures(doc)
    assert ids(m)[1:] == ["t:1", "t:1.1", "t:1.2", "t:1.3"]
    assert m.loc[m["measure_id"] == "t:1.2", "text"].item() == "（二）加强学校建设，落实“五个一”（\n一）工程。\n二）、加强教师队伍。\n三）、完善经费保障。\n"
    assert [str(w.message) for w in caught] == [
        f"document 't': line {line}: '{label}' would go on from '一）' (line 4), which closes the bracket that the line before it ends in, "
        "and is read as text of t:1.2; check the numbering" for line, label in ((5, "二）"), (6, "三）"))
    ]
    assert_partition(m, text)
    # A list of its own under the next unit, and one that opens with 一）, are read as before.
    with pytest.warns(PolicyCompareWarning) as caught:
        own = measures_of(text.replace("（三）深化教育改革。\n", "（三）深化教育改革。\n一）推进课程改革。\n二）、完善评价制度。\n"))
    assert ids(own)[-3:] == ["t:1.3", "t:1.3.1", "t:1.3.2"] and len(caught) == 2
    assert ids(measures_of("一、重点任务\n一）加强学校建设，落实“五个一”（\n一）工程。\n二）、加强教师队伍。\n"))[1:] == ["t:1", "t:1.1", "t:1.2"]
