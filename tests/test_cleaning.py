import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare.cleaning import Edit, apply_edits, clean_text, detect_broken_lines, parse_corrections

CHROME = ["无障碍 | 长者版", "当前位置: 首页>政府信息公开>部门文件", "扫一扫在手机打开当前页", "相关文件解读:", "推荐访问:学校 方案"]


def assert_accounts_for_every_character(raw, cleaned):
    """Each raw character is kept in the text or lies in exactly one recorded edit."""
    covered = np.zeros(len(raw), dtype=int)
    for edit in cleaned.edits:
        covered[edit.start:edit.end] += 1
    kept = np.ones(len(raw), dtype=bool)
    kept[covered > 0] = False
    assert covered.max(initial=0) <= 1
    replaced = sum(len(e.replacement) for e in cleaned.edits)
    assert len(cleaned.text) == int(kept.sum()) + replaced
    unchanged = [i for i in range(len(cleaned.text)) if kept[cleaned.raw_offsets[i]]]
    assert all(cleaned.text[i] == raw[cleaned.raw_offsets[i]] for i in unchanged)
    assert "".join(raw[i] for i in np.flatnonzero(kept)) == "".join(cleaned.text[i] for i in unchanged)


def test_web_chrome_is_removed_and_recorded():
    raw = "无障碍 | 长者版\n\n当前位置: 首页>部门文件\n\n一、总体要求\n正文。\n扫一扫在手机打开当前页"
    cleaned = clean_text(raw)
    assert cleaned.text == "\n\n一、总体要求\n正文。\n"
    assert [e.reason for e in cleaned.edits] == [
        "web page chrome: accessibility links",
        "web page chrome: breadcrumb",
        "web page chrome: QR-code prompt",
    ]
    assert_accounts_for_every_character(raw, cleaned)


def test_header_block_becomes_metadata():
    raw = "索 引 号:116401000100860987/2023-00181 效力状态:有效\n发布机构:银川市教育局 成文日期:2023-04-27\n正文。"
    cleaned = clean_text(raw)
    assert cleaned.text == "正文。"
    assert cleaned.header == {"索引号": "116401000100860987/2023-00181", "效力状态": "有效", "发布机构": "银川市教育局", "成文日期": "2023-04-27"}


def test_chrome_words_inside_sentences_are_kept():
    raw = "建设无障碍设施，扫一扫在手机打开当前页的提示不是正文开头。\n"
    assert clean_text(raw).text == raw


def test_declared_corrections_apply_in_order_and_are_recorded():
    raw = "必威体育回族自治区和必威体育教育局"
    cleaned = clean_text(raw, corrections=parse_corrections("必威体育回族自治区=>宁夏回族自治区; 必威体育=>银川市"))
    assert cleaned.text == "宁夏回族自治区和银川市教育局"
    assert [(e.start, e.end, e.replacement) for e in cleaned.edits] == [(0, 9, "宁夏回族自治区"), (10, 14, "银川市")]
    assert cleaned.text[8:11] == "银川市" and cleaned.raw_offsets[8] == 10


SPLIT = "为推进教育高质量发展，全面提高教育质量，结合必威\n体育实际，特制定本实施方案，全面推动必威体育\n教育局各项工作。"


def test_a_correction_cut_by_a_joined_line_break_is_applied_and_recorded():
    cleaned = clean_text(SPLIT, corrections=[("必威体育", "银川市")], line_breaks="join")
    assert cleaned.text == "为推进教育高质量发展，全面提高教育质量，结合银川市实际，特制定本实施方案，全面推动银川市教育局各项工作。"
    assert [(e.start, e.end, e.reason, e.replacement) for e in cleaned.edits] == [
        (22, 27, "declared correction: 必威体育 → 银川市", "银川市"),
        (43, 47, "declared correction: 必威体育 → 银川市", "银川市"),
        (47, 48, "line break inside a sentence (PDF extraction)", ""),
    ]
    assert SPLIT[22:27] == "必威\n体育"
    # The replacement maps onto the characters it replaced, not onto the line break.
    assert cleaned.raw_offsets[22:25].tolist() == [22, 25, 26]
    assert_accounts_for_every_character(SPLIT, cleaned)


def test_a_correction_is_not_made_across_a_line_break_that_is_kept():
    cleaned = clean_text(SPLIT, corrections=[("必威体育", "银川市")], line_breaks="keep")
    assert cleaned.text == SPLIT.replace("推动必威体育", "推动银川市")
    assert [(e.start, e.end) for e in cleaned.edits] == [(43, 47)]


def test_header_values_are_corrected_and_recorded():
    raw = "发布机构:必威体育教育局 成文日期:2023-04-27\n名 称:关于印发《必威体育回族自治区方案》的通知\n正文。"
    cleaned = clean_text(raw, corrections=parse_corrections("必威体育回族自治区=>宁夏回族自治区; 必威体育=>银川市"))
    assert cleaned.text == "正文。"
    assert cleaned.header == {"发布机构": "银川市教育局", "成文日期": "2023-04-27", "名称": "关于印发《宁夏回族自治区方案》的通知"}
    assert [(e.start, e.end, e.reason, e.replacement) for e in cleaned.header_edits] == [
        (5, 9, "declared correction: 必威体育 → 银川市 (header metadata)", "银川市"),
        (38, 47, "declared correction: 必威体育回族自治区 → 宁夏回族自治区 (header metadata)", "宁夏回族自治区"),
    ]
    assert raw[5:9] == "必威体育" and raw[38:47] == "必威体育回族自治区"
    # The header lines are still dropped whole from the text, each by one edit.
    assert [e.reason for e in cleaned.edits] == ["web page header block (kept as metadata)"] * 2
    assert_accounts_for_every_character(raw, cleaned)


def test_a_header_word_after_the_outline_begins_is_the_plans_own_text():
    # 责任部门： names the units of a measure here, not a field of a web page's header.
    raw = ("发布机构:县教育局\n某县方案\n一、重点任务\n（一）扩大学前教育资源。新建幼儿园5所。\n责任部门：县教育局、县发改局\n"
           "（二）加强教师队伍建设。\n责任部门：县教育局、县人社局\n")
    cleaned = clean_text(raw)
    assert cleaned.header == {"发布机构": "县教育局"}
    assert [(e.start, e.end, e.reason) for e in cleaned.edits] == [(0, 10, "web page header block (kept as metadata)")]
    assert cleaned.text.count("责任部门：县教育局") == 2
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("item", ["1.新建学校3所。", "1、新建学校3所。", "１．新建学校3所。", "（1）新建学校3所。", "1.1 新建学校3所。",
                                  "第一条 新建学校3所。", "第一章 总则", "第1节 总则", "篇一：学校方案", "1）新建学校。", "①新建学校。"])
def test_the_outline_begins_at_the_first_number_of_any_style_the_structure_reads(item):
    # A plan numbered 1. or 第一条 has no 一、 or （一） at a line start: its 责任部门： lines are its own text all the same.
    raw = f"发布机构:县教育局\n某县教育提质行动方案\n{item}\n责任部门：县教育局、县财政局\n"
    cleaned = clean_text(raw)
    assert cleaned.header == {"发布机构": "县教育局"}
    assert [(e.start, e.end, e.reason) for e in cleaned.edits] == [(0, 10, "web page header block (kept as metadata)")]
    assert cleaned.text == raw[10:]


@pytest.mark.parametrize("raw", [
    "某县教育提质行动方案\n1.新建学校。新建学校3所，新增学位4500个。\n责任部门：县教育局、县财政局\n2.加强师资。补充教师200名。\n责任部门：县教育局\n",
    "第一章 总则\n第一条 为推进教育高质量发展，制定本办法。\n责任部门：县教育局\n第二条 名称：县域普通高中振兴计划。\n",
])
def test_responsibility_lines_of_a_plan_without_a_header_block_are_kept(raw):
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.edits, cleaned.header) == (raw, (), {})


def test_a_repeated_header_key_keeps_each_of_its_values_in_order():
    # Each header line dropped is kept as metadata: a key's second value is joined to the first, not put in its place.
    raw = "发布机构:必威体育教育局\n责任部门:县教育局、县财政局\n责任部门:县教育局\n发布机构:必威体育财政局\n名称:方案\n名称:方案\n一、总体要求\n"
    cleaned = clean_text(raw, corrections=[("必威体育", "银川市")])
    assert cleaned.header == {"发布机构": "银川市教育局；银川市财政局", "责任部门": "县教育局、县财政局；县教育局", "名称": "方案"}
    assert [(e.start, e.end, e.replacement) for e in cleaned.header_edits] == [(5, 9, "银川市"), (43, 47, "银川市")]
    assert cleaned.text == "一、总体要求\n"
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize(("raw", "header", "dropped"), [
    # The plan's text after the last value, on the same line: a sentence, then an outline number after a space.
    ("索引号：123 发布机构：县教育局\u3000为推进教育高质量发展，现制定本方案。（一）加强领导，建立联席会议制度。\n二、主要任务\n（一）新建学校3所。\n",
     {"索引号": "123", "发布机构": "县教育局"}, "索引号：123 发布机构：县教育局\u3000"),
    ("发布机构：县教育局  一、总体要求\n（一）加强领导。\n", {"发布机构": "县教育局"}, "发布机构：县教育局  "),
    ("发布机构：县教育局 （一）加强领导，建立联席会议制度\n", {"发布机构": "县教育局"}, "发布机构：县教育局 "),
    # A sentence glued to a value (no space between) cannot be told from it: that field and the rest stay text.
    ("索引号：123 发布机构：县教育局为推进教育高质量发展，现制定本方案。\n", {"索引号": "123"}, "索引号：123 "),
    ("发布机构：县教育局为推进教育高质量发展，现制定本方案。\n一、总体要求\n", {}, ""),
    ("\u3000发布机构：县教育局为推进教育高质量发展，现制定本方案。\n", {}, ""),
    # Values with spaces and no sentence are whole values.
    ("主 题 词：教育 方案 通知\n一、总体要求\n", {"主题词": "教育 方案 通知"}, "主 题 词：教育 方案 通知\n"),
])
def test_a_header_value_stops_where_the_plans_text_starts_on_its_line(raw, header, dropped):
    cleaned = clean_text(raw)
    assert cleaned.header == header
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == ([(dropped, "web page header block (kept as metadata)")] if dropped else [])
    assert cleaned.text == raw[len(dropped):]
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize(("raw", "header", "dropped"), [
    # A date spaced after its dots: 05. and 12 are no outline numbers, as no Chinese text follows them.
    ("发布日期：2023. 05. 12\n某县方案\n一、总体要求\n", {"发布日期": "2023. 05. 12"}, "发布日期：2023. 05. 12\n"),
    ("索引号：123 成文日期：2023. 5. 12 发布机构：县教育局\n一、总体要求\n", {"索引号": "123", "成文日期": "2023. 5. 12", "发布机构": "县教育局"},
     "索引号：123 成文日期：2023. 5. 12 发布机构：县教育局\n"),
    # An outline number before Chinese text or an opening quote, after spaces too, starts the plan's text.
    ("发布机构：县教育局 1. 新建学校3所\n", {"发布机构": "县教育局"}, "发布机构：县教育局 "),
    ("发布机构：县教育局 1.“双减”工作\n", {"发布机构": "县教育局"}, "发布机构：县教育局 "),
    ("发布机构：县教育局 ①新建学校3所\n", {"发布机构": "县教育局"}, "发布机构：县教育局 "),
])
def test_an_outline_number_ends_a_header_value_only_before_the_plans_text(raw, header, dropped):
    cleaned = clean_text(raw)
    assert cleaned.header == header
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [(dropped, "web page header block (kept as metadata)")]
    assert cleaned.text == raw[len(dropped):]
    assert_accounts_for_every_character(raw, cleaned)


def test_cleaning_reads_the_spaces_the_outline_reads():
    import unicodedata

    from policycompare import cleaning, structure

    separators = {chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Zs"}
    assert set(cleaning._SPACE) == set(structure._SPACE) == separators | {"\t"}


def test_responsibility_lines_of_a_plan_without_outline_numbers_are_its_text_not_a_header():
    # No outline number says where the plan begins: its first paragraph of running prose does, and the 责任部门：
    # lines after each paragraph stay in the text (the header block is at the page's top).
    raw = ("某县教育提质行动方案\n加强党的全面领导。全面落实教育系统党建责任，健全领导体制。\n责任部门：县委教育工委、县教育局\n"
           "扩充优质学位。新建、改扩建学校5所，新增学位3000个。\n责任部门：县教育局、县发展改革局\n")
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.edits, cleaned.header) == (raw, (), {})
    measures = pc.extract_measures(pc.load_document_from_text(raw, doc_id="p"))
    assert measures["text"].tolist()[1:] == ["加强党的全面领导。全面落实教育系统党建责任，健全领导体制。\n责任部门：县委教育工委、县教育局\n",
                                             "扩充优质学位。新建、改扩建学校5所，新增学位3000个。\n责任部门：县教育局、县发展改革局\n"]


def test_the_header_block_at_the_top_of_a_page_without_outline_numbers_is_metadata_and_ends_at_its_prose():
    raw = ("某县教育提质行动方案\n来源：县教育局\n发布机构：县教育局  成文日期：2023年5月12日\n责任部门：县教育局\n"
           "加强党的全面领导。全面落实教育系统党建责任。\n责任部门：县委教育工委\n来源：县财政预算安排，每校补助2万元。\n")
    cleaned = clean_text(raw)
    assert cleaned.header == {"发布机构": "县教育局", "成文日期": "2023年5月12日", "责任部门": "县教育局"}
    assert cleaned.text == "某县教育提质行动方案\n加强党的全面领导。全面落实教育系统党建责任。\n责任部门：县委教育工委\n来源：县财政预算安排，每校补助2万元。\n"
    assert [e.reason for e in cleaned.edits] == ["web page chrome: article info line"] + ["web page header block (kept as metadata)"] * 2
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("prose", ["欢迎访问某县人民政府网站！今天是2023年4月28日 登录 注册", "您好，欢迎访问某县教育局网站！",
                                   "为进一步推动全县教育高质量发展，制定本方案。"])
def test_a_line_of_prose_above_the_header_block_of_a_numbered_plan_ends_no_header(prose):
    # A site's banner, or a sentence, above the header block: in a plan with outline numbers the header zone ends at
    # the first of them, and its 责任部门： lines after it are its text.
    raw = (f"{prose}\n某县教育提质行动方案\n索引号：11520000/2023-00012\t发布机构：县教育局\n成文日期：2023年4月20日\n"
           "一、总体要求\n（一）加强领导，建立联席会议制度。\n责任部门：县教育局\n")
    cleaned = clean_text(raw, line_breaks="keep")  # as a web page is cleaned
    assert cleaned.header == {"索引号": "11520000/2023-00012", "发布机构": "县教育局", "成文日期": "2023年4月20日"}
    assert cleaned.text == f"{prose}\n某县教育提质行动方案\n一、总体要求\n（一）加强领导，建立联席会议制度。\n责任部门：县教育局\n"
    assert [e.reason for e in cleaned.edits] == ["web page header block (kept as metadata)"] * 2
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("value", ["a " * 80_000, "a" + " " * 40_000 + "b"])
def test_a_long_header_line_of_spaced_words_is_read_whole(value):
    # Each space of the value was searched to the value's end: 32 s for the first, 20 s for the second; now 0.07 s.
    # (No timing here: the machines that run the tests are shared.)
    raw = f"索引号：{value}\n一、总体要求\n"
    cleaned = clean_text(raw)
    assert (cleaned.header, cleaned.text) == ({"索引号": value.strip()}, "一、总体要求\n")


def test_numbered_lines_indented_with_no_break_spaces_start_the_outline():
    # A draft pasted from WeChat indents its numbers with U+00A0: its 责任部门： lines are the plan's, no header.
    raw = ("某县方案\n\u00a0\u00a01.新建学校。新建学校3所。\n责任部门：县教育局\n"
           "\u00a0\u00a02.加强师资。补充教师200名。\n责任部门：县财政局\n")
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.edits, cleaned.header) == (raw, (), {})


# A web page (its chrome, header block, outline and footer) with {s} where it indents lines or spaces fields or numbers,
# and a plan cut mid-sentence by PDF extraction with an indented line after each cut.
INDENTED_PAGE = ("{s}{s}无障碍{s}|{s}长者版\n{s}{s}当前位置：首页>政府信息公开\n{s}{s}扫一扫在手机打开当前页{s}\n"
                 "{s}{s}发布时间{s}：2023-05-12{s}{s}来源：县教育局\n{s}{s}来源{s}：县教育局\n"
                 "{s}{s}索引号：123{s}{s}发布机构：县教育局\n{s}{s}成文日期：2023年5月12日{s}{s}为推进教育高质量发展，制定本方案。\n"
                 "{s}{s}责任部门：县教育局{s}{s}1.{s}加强组织领导\n某县方案\n"
                 "{s}{s}1.新建学校。新建学校3所。\n责任部门：县教育局\n{s}{s}2.加强师资。补充教师200名。\n责任部门：县财政局\n"
                 "{s}{s}相关文件解读：\n{s}{s}推荐访问：学校{s}方案\n{s}{s}上一篇：关于做好招生工作的通知\n"
                 "{s}{s}【字体：大{s}中{s}小】{s}【打印本页】\n{s}{s}分享到：微信\n{s}{s}主办{s}：县人民政府办公室\n"
                 "{s}{s}网站标识码：1101000001{s}{s}黔ICP备{s}12345678号\n{s}{s}地址{s}：某县某路1号{s}{s}联系电话：0851-1234567\n"
                 "{s}{s}您是第{s}123456{s}位访问者\n")
CUT_PLAN = ("为全面贯彻落实党的教育方针，加快推进教育现代化，结合本区实际\n{s}{s}情况，制定本方案。\n"
            "为全面贯彻落实党的教育方针，加快推进教育现代化，统筹推进各项\n{s}{s}3.加强领导，建立联席会议制度。\n"
            "为全面贯彻落实党的教育方针，加快推进教育现代化，统筹推进各项\n{s}{s}（四）加强领导，建立联席会议制度。\n"
            "为全面贯彻落实党的教育方针，加快推进教育现代化，统筹推进各项\n{s}{s}1.1{s}加强领导，建立联席会议制度。\n"
            "为全面贯彻落实党的教育方针，加快推进教育现代化，统筹推进各项\n{s}{s}·{s}加强领导，建立联席会议制度。\n")


@pytest.mark.parametrize("space", ["\u00a0", "\u2002", "\u2003", "\u202f", "\t"])
@pytest.mark.parametrize(("page", "line_breaks"), [(INDENTED_PAGE, "keep"), (CUT_PLAN, "join")])
def test_a_page_indented_with_other_spaces_cleans_as_with_ascii_spaces(page, line_breaks, space):
    ascii_raw, raw = page.format(s=" "), page.format(s=space)
    expected, cleaned = clean_text(ascii_raw, line_breaks=line_breaks), clean_text(raw, line_breaks=line_breaks)
    assert [(e.start, e.end, e.reason, e.replacement) for e in cleaned.edits] == [
        (e.start, e.end, e.reason, e.replacement) for e in expected.edits]
    assert cleaned.text == expected.text.replace(" ", space)
    assert cleaned.header == expected.header
    assert_accounts_for_every_character(raw, cleaned)


def test_the_indented_page_cleans_as_the_rules_say():
    # The expected decisions of the test above, read from the ASCII-spaced page.
    raw = INDENTED_PAGE.format(s=" ")
    cleaned = clean_text(raw, line_breaks="keep")  # as a web page is cleaned
    assert cleaned.header == {"索引号": "123", "发布机构": "县教育局", "成文日期": "2023年5月12日", "责任部门": "县教育局"}
    assert cleaned.text == ("为推进教育高质量发展，制定本方案。\n1. 加强组织领导\n某县方案\n  1.新建学校。新建学校3所。\n责任部门：县教育局\n"
                            "  2.加强师资。补充教师200名。\n责任部门：县财政局\n")
    assert [e.reason.split(": ")[-1] for e in cleaned.edits] == [
        "accessibility links", "breadcrumb", "QR-code prompt", "article info line", "article info line"] + [
        "web page header block (kept as metadata)"] * 3 + [
        "related-links footer", "recommended links", "previous and next links", "page tools", "page tools"] + ["site footer"] * 4
    cut = clean_text(CUT_PLAN.format(s=" "), line_breaks="join")
    assert cut.text.startswith("为全面贯彻落实党的教育方针，加快推进教育现代化，结合本区实际情况，制定本方案。\n"
                               "为全面贯彻落实党的教育方针，加快推进教育现代化，统筹推进各项\n  3.加强领导")


@pytest.mark.parametrize("spec", ["必威体育", "=>银川市", "a=>b; c"])
def test_malformed_corrections_are_refused(spec):
    with pytest.raises(ValueError, match="correction"):
        parse_corrections(spec)


@pytest.mark.parametrize(("separator", "reason"), [("\r\n", "Windows line ending"), ("\u2028", "Unicode line separator"),
                                                   ("\u2029", "Unicode line separator"), ("\x85", "Unicode line separator"),
                                                   ("\x0b", "manual line break (vertical tab)")])
def test_line_endings_become_newlines(separator, reason):
    raw = f"一、总体要求{separator}（一）加强领导。{separator}"
    cleaned = clean_text(raw)
    assert cleaned.text == "一、总体要求\n（一）加强领导。\n"
    assert {e.reason for e in cleaned.edits} == {reason}
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("separator", ["\n", "\u2028", "\x0b"])
def test_web_page_chrome_is_found_on_lines_however_they_are_separated(separator):
    # The chrome patterns read lines: a page copied out of Word ends them with vertical tabs.
    raw = f"无障碍 | 长者版{separator}一、总体要求{separator}（一）加强领导。{separator}"
    cleaned = clean_text(raw)
    assert cleaned.text == "一、总体要求\n（一）加强领导。\n"
    assert "web page chrome: accessibility links" in {e.reason for e in cleaned.edits}
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060\u200d"])
def test_an_invisible_character_before_a_number_is_dropped_and_recorded(invisible):
    # A zero-width space, or the byte-order mark of a second file pasted on, would hide 二、 from the outline.
    raw = f"一、总体要求\n（一）加强领导。\n{invisible}二、主要任务\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "一、总体要求\n（一）加强领导。\n二、主要任务\n"
    assert [(e.start, e.end, e.reason) for e in cleaned.edits] == [
        (16, 16 + len(invisible), "invisible character (zero-width space or byte-order mark)")]
    assert_accounts_for_every_character(raw, cleaned)


INVISIBLE = "invisible character (zero-width space or byte-order mark)"
# Lines that a line rule drops or changes, each as (raw text, options): the invisible character goes before the
# line marked {i}. A file read with encoding="utf-8" keeps its byte-order mark before the first line.
LINE_RULES = {
    "chrome": ("{i}无障碍 | 长者版\n一、总体要求\n（一）加强领导。\n", {}),
    "header": ("{i}索引号：11640100/2023-00181\n发布机构：银川市教育局\n一、总体要求\n（一）加强领导。\n", {}),
    "second header line": ("索引号：11640100/2023-00181\n{i}发布机构：银川市教育局\n一、总体要求\n（一）加强领导。\n", {}),
    "markdown heading": ("{i}# 标题\n## 一、总体要求\n（一）加强领导。\n", {"markdown": True}),
    "page number": ("一、总体要求\n为推进教育高质量发展，全面提高教育质量和教育品质，形成具有特色的基础教育\n{i}— 1 —\n\f"
                    "发展体系，现制定本方案。\n（一）加强党的领导。\n— 2 —\n\f", {"line_breaks": "join"}),
    # The header block ends at the outline's first number, and a line break before a number is never joined.
    "outline start": ("发布机构：县教育局\n{i}一、总体要求\n责任部门：县教育局\n", {}),
    "number after a cut line": ("为推进教育高质量发展，全面提高教育质量和教育品质，形成具有特色的\n{i}（二）加强领导。\n"
                                "为推进教育高质量发展，全面提高教育质量和教育品质，形成具有特色的\n基础教育发展体系。\n", {"line_breaks": "join"}),
}


@pytest.mark.parametrize("invisible", ["\ufeff", "\u200b", "\u200c", "\u200d", "\u2060"])
@pytest.mark.parametrize("rule", LINE_RULES)
def test_every_line_rule_reads_a_line_as_if_its_invisible_characters_were_not_there(rule, invisible):
    template, options = LINE_RULES[rule]
    visible, raw = template.format(i=""), template.format(i=invisible)
    expected, cleaned = clean_text(visible, **options), clean_text(raw, **options)
    assert (cleaned.text, cleaned.header) == (expected.text, expected.header)
    # The invisible character is dropped by an edit of its own, before the line's; the line's edits are those of the
    # line without it, one character on from where it stands.
    at = template.index("{i}")
    shifted = [Edit(e.start + (e.start >= at), e.end + (e.end > at), e.reason, e.replacement) for e in expected.edits]
    assert list(cleaned.edits) == sorted([*shifted, Edit(at, at + 1, INVISIBLE)], key=lambda e: (e.start, e.end))
    assert_accounts_for_every_character(raw, cleaned)
    assert all(raw[cleaned.raw_offsets[i]] == visible[expected.raw_offsets[i]] for i in range(len(cleaned.text)))


def test_invisible_characters_inside_a_line_are_dropped_and_the_edits_around_them_keep_raw_offsets():
    # A correction and a chrome line with a zero-width space inside them are found, and their edits take it in.
    raw = "\ufeff无障\u200b碍 | 长者版\n发布机构：必威\u200b体育教育局\n一、总体要求\n（一）必威体育\u2060教育局加强领导。\n"
    cleaned = clean_text(raw, corrections=[("必威体育", "银川市")])
    assert cleaned.text == "一、总体要求\n（一）银川市教育局加强领导。\n"
    assert cleaned.header == {"发布机构": "银川市教育局"}
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [
        ("\ufeff", INVISIBLE),
        ("无障\u200b碍 | 长者版\n", "web page chrome: accessibility links"),
        ("发布机构：必威\u200b体育教育局\n", "web page header block (kept as metadata)"),
        ("必威体育", "declared correction: 必威体育 → 银川市"),
        ("\u2060", INVISIBLE),
    ]
    assert [(raw[e.start:e.end], e.replacement) for e in cleaned.header_edits] == [("必威\u200b体育", "银川市")]
    assert_accounts_for_every_character(raw, cleaned)
    # A replacement's characters map onto the visible characters it replaced.
    start = cleaned.text.index("银川市")
    assert [raw[i] for i in cleaned.raw_offsets[start:start + 3]] == ["必", "体", "育"]


@pytest.mark.parametrize("preamble_end", [0, 3, 4, 5])
def test_a_preamble_end_counts_invisible_characters_as_raw_ones(preamble_end):
    raw = "目录\u200b\n\u200b一、总体要求\n"
    cleaned = clean_text(raw, preamble_end=preamble_end)
    assert cleaned.text == raw[preamble_end:].replace("\u200b", "")
    assert_accounts_for_every_character(raw, cleaned)


# Format characters that show nothing, beyond zero-width spaces and the byte-order mark, with the reason of their edit.
HIDDEN_FORMAT_CHARACTERS = {
    "\u00ad": "invisible character (soft hyphen)",
    "\u200e": "invisible character (direction mark)", "\u200f": "invisible character (direction mark)",
    "\u061c": "invisible character (direction mark)",
    **{chr(c): "invisible character (direction control)" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]},
    **{chr(c): "invisible character (invisible operator)" for c in range(0x2061, 0x2065)},
    **{chr(c): "invisible character (other format character)" for c in [*range(0x206A, 0x2070), 0x034F, 0xE0001, 0xE0041]},
    "\u180e": "invisible character (Mongolian vowel separator)",
    **{chr(c): "invisible character (variation selector)" for c in [*range(0xFE00, 0xFE10), 0x180B, 0xE0100, 0xE01EF]},
}
PLAN = "一、总体要求\n（一）办好普通高中。推进普通高中多样化发展，扩大普通高中学位。\n"


@pytest.mark.parametrize("hidden", HIDDEN_FORMAT_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_format_character_that_shows_nothing_is_dropped_from_inside_words_and_recorded(hidden):
    # Kept, it parted 普通高中 in a copy that looks the same: 0.41 similarity to the plan it copies.
    raw = PLAN.replace("普通高中", f"普通{hidden}高中").replace("一、", f"{hidden}一、")
    cleaned = clean_text(raw)
    assert cleaned.text == clean_text(PLAN).text == PLAN
    reason = HIDDEN_FORMAT_CHARACTERS[hidden]
    assert [(e.start, e.end, e.reason) for e in cleaned.edits] == [(i, i + 1, reason) for i, char in enumerate(raw) if char == hidden]
    assert_accounts_for_every_character(raw, cleaned)
    assert [raw[i] for i in cleaned.raw_offsets[:-1]] == list(PLAN)


def test_a_run_of_invisible_characters_of_several_kinds_is_recorded_one_edit_a_kind():
    raw = "推进普通\u200b\u200c\u00ad\u2066\u2069\ufe0f高中发展"
    cleaned = clean_text(raw)
    assert cleaned.text == "推进普通高中发展"
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [
        ("\u200b\u200c", INVISIBLE), ("\u00ad", "invisible character (soft hyphen)"),
        ("\u2066\u2069", "invisible character (direction control)"),
        ("\ufe0f", "invisible character (variation selector)")]
    assert_accounts_for_every_character(raw, cleaned)


def test_every_format_character_is_dropped_but_those_that_show_as_a_sign():
    import unicodedata

    format_characters = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf")
    kept = clean_text(f"普通{format_characters}高中").text.removeprefix("普通").removesuffix("高中")
    # Number signs that span the digits after them, the interlinear annotation characters (which Unicode does not make
    # ignorable) and the format controls of Egyptian hieroglyphs.
    assert kept and all(unicodedata.name(char).startswith(("ARABIC", "SYRIAC", "KAITHI", "INTERLINEAR ANNOTATION", "EGYPTIAN HIEROGLYPH"))
                        for char in kept)
    assert "\u061c" not in kept and "\ufff9" in kept and "\u0600" in kept


@pytest.mark.parametrize(("line", "reason"), [
    ("【字体：大 中 小】【打印本页】", "web page chrome: page tools"),
    ("上一篇：关于做好2023年招生工作的通知", "web page chrome: previous and next links"),
    ("发布时间：2023-04-28 来源：示范区教育局 浏览次数：1024", "web page chrome: article info line"),
    ("版权所有：示范区人民政府办公室 网站标识码：1101000001", "web page chrome: site footer"),
    ("主办单位：示范区人民政府办公室", "web page chrome: site footer"),
    ("京ICP备12345678号 京公网安备 11010502030143号", "web page chrome: site footer"),
    ("分享到：微信 微博 QQ空间", "web page chrome: page tools"),
    ("分享到微信 | 新浪微博 | QQ空间", "web page chrome: page tools"),
    ("分享到", "web page chrome: page tools"),
    ("打印本页 | 关闭窗口", "web page chrome: page tools"),
    ("作者：办公室 浏览次数：1024", "web page chrome: article info line"),
])
def test_lines_of_a_site_around_a_plan_are_dropped_as_chrome(line, reason):
    raw = f"一、总体要求\n（一）加强领导。\n{line}\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "一、总体要求\n（一）加强领导。\n"
    assert [e.reason for e in cleaned.edits] == [reason]


@pytest.mark.parametrize("line", [
    "打印本页 关闭窗口 收藏本页", "【打印本页】 【关闭窗口】 【返回顶部】", "打印本页 | 关闭窗口 | 返回顶部", "【打印】【关闭】【收藏】",
    "加入收藏 丨 返回顶部", "字号 大 中 小 / 打印 / 关闭", "[打印本页] [关闭窗口]", "【打印本页】【关闭窗口】 分享到：微信 微博",
])
def test_a_line_of_page_tools_together_is_chrome_above_and_below_the_plan(line):
    for raw in (f"{line}\n一、总体要求\n（一）加强领导。\n", f"一、总体要求\n（一）加强领导。\n{line}\n"):
        cleaned = clean_text(raw)
        assert cleaned.text == "一、总体要求\n（一）加强领导。\n"
        assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [(f"{line}\n", "web page chrome: page tools")]


@pytest.mark.parametrize("line", ["打印机 复印机 投影仪", "关闭 合并 撤销 薄弱学校", "收藏 展示 研究", "返回顶部后重新排队"])
def test_a_line_that_holds_words_besides_page_tools_is_the_plans_text(line):
    raw = f"一、总体要求\n（一）配齐设备。\n{line}\n"
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.edits) == (raw, ())


@pytest.mark.parametrize("bullet", ["• ", "●", "  ▪\u3000"])
@pytest.mark.parametrize(("line", "reason"), [
    ("发布时间：2023-04-28", "web page chrome: article info line"),
    ("信息来源：县教育局", "web page chrome: article info line"),
    ("浏览次数：1024", "web page chrome: article info line"),
    ("打印本页", "web page chrome: page tools"),
    ("关闭窗口", "web page chrome: page tools"),
    ("【打印】【关闭】", "web page chrome: page tools"),
    ("分享到：微信 微博", "web page chrome: page tools"),
    ("上一篇：关于做好招生工作的通知", "web page chrome: previous and next links"),
    ("版权所有：某县人民政府", "web page chrome: site footer"),
    ("您是第123456位访问者", "web page chrome: site footer"),
])
def test_a_chrome_line_written_as_a_list_item_is_dropped_with_its_bullet(line, reason, bullet):
    # A web page's <ul> items are read with the bullet a browser draws (• 发布时间：…, • 打印本页).
    raw = f"一、总体要求\n（一）加强领导。\n{bullet}{line}\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "一、总体要求\n（一）加强领导。\n"
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [(f"{bullet}{line}\n", reason)]


def test_the_chrome_and_header_lines_of_a_page_written_as_list_items_are_dropped_with_their_bullets():
    raw = ("某县教育提质行动方案\n• 发布时间：2023-04-28\n• 来源：县教育局\n• 索引号：11520000/2023-00012\t发布机构：县教育局\n"
           "一、总体要求\n（一）加强领导，建立联席会议制度。\n• 责任部门：县教育局\n• 来源：县财政预算安排，每校补助2万元。\n• 打印本页\n"
           "• 主办：县人民政府办公室\n• 地址：某县某路1号\n")
    cleaned = clean_text(raw)
    assert cleaned.header == {"索引号": "11520000/2023-00012", "发布机构": "县教育局"}
    # Inside the plan, a bulleted 责任部门： or 来源： line is its text, as one without a bullet is.
    assert cleaned.text == "某县教育提质行动方案\n一、总体要求\n（一）加强领导，建立联席会议制度。\n• 责任部门：县教育局\n• 来源：县财政预算安排，每校补助2万元。\n"
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [
        ("• 发布时间：2023-04-28\n", "web page chrome: article info line"),
        ("• 来源：县教育局\n", "web page chrome: article info line"),
        ("• 索引号：11520000/2023-00012\t发布机构：县教育局\n", "web page header block (kept as metadata)"),
        ("• 打印本页\n", "web page chrome: page tools"),
        ("• 主办：县人民政府办公室\n", "web page chrome: site footer"),
        ("• 地址：某县某路1号\n", "web page chrome: site footer"),
    ]
    assert_accounts_for_every_character(raw, cleaned)


def test_a_web_pages_info_list_and_tools_list_are_chrome(tmp_path):
    # The HTML reader writes a <ul>'s bullets; the lines of its items are chrome as they would be without them.
    page = ("<html><body><div class='article'><h1>某县教育提质行动方案</h1>"
            "<ul><li>发布时间：2023-04-28</li><li>信息来源：县教育局</li><li>浏览次数：1024</li></ul>"
            "<p>索引号：11520000/2023-00012</p><p>发布机构：县教育局</p>"
            "<p>一、总体要求</p><p>（一）加强师资队伍建设，每年培训教师500人次。</p>"
            "<ul><li>打印本页</li><li>关闭窗口</li></ul></div></body></html>")
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    document = pc.load_document(path)
    assert document.text == "某县教育提质行动方案\n一、总体要求\n（一）加强师资队伍建设，每年培训教师500人次。\n"
    assert document.metadata["header"] == {"索引号": "11520000/2023-00012", "发布机构": "县教育局"}


@pytest.mark.parametrize("line", [
    "分享到全区各中小学，形成可复制可推广的模式，发挥示范引领作用，带动",
    "分享到微信朋友圈等平台，扩大活动影响力，营造全社会关心支持教育的",
    "作者：须为本校在职教师，每人限报一件作品，不得抄袭他人成果，违者取消",
    "关闭窗口期内停止招生的校外培训机构，要妥善做好退费工作，维护学生和",
    "打印本页面并签字确认后，报区教育局备案，逾期不报的视为自动放弃申报",
])
def test_a_plans_line_that_a_line_break_starts_with_a_chrome_word_is_its_text(line):
    # PDF extraction cut the sentence before 分享到, 作者：, 关闭窗口: chrome is its words alone (分享到：微信, 作者：办公室),
    # never the start of a sentence with its clauses.
    raw = f"一、总体要求\n（一）推广典型经验。各校要认真总结集团化办学的好做法，将优秀案例和经验\n{line}\n整体提升。\n（二）加强督导。\n"
    cleaned = clean_text(raw, line_breaks="keep")
    assert (cleaned.text, cleaned.edits) == (raw, ())
    assert line in clean_text(raw, line_breaks="join").text


def test_site_footer_words_inside_a_plans_outline_are_its_own_text():
    # 主办：, 承办：, 来源：, 技术支持： name an activity's organisers and funds inside a measure.
    raw = ("一、活动安排\n（一）组织单位\n主办：县教育局\n承办：县第一中学\n协办：县科协\n（二）经费来源\n"
           "来源：县财政预算安排，每校补助2万元。\n技术支持：县电教馆负责平台搭建和技术培训。\n")
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.edits) == (raw, ())


def test_site_footer_words_before_the_outline_or_in_the_pages_closing_lines_are_chrome():
    raw = ("某县教育提质行动方案\n来源：县教育局\n一、总体要求\n（一）加强领导，建立联席会议制度。\n"
           "【打印】【关闭】\n主办：县人民政府办公室\n\n技术支持：县大数据中心\n网站标识码：1101000001\n")
    cleaned = clean_text(raw)
    assert cleaned.text == "某县教育提质行动方案\n一、总体要求\n（一）加强领导，建立联席会议制度。\n\n"
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [
        ("来源：县教育局\n", "web page chrome: article info line"),
        ("【打印】【关闭】\n", "web page chrome: page tools"),
        ("主办：县人民政府办公室\n", "web page chrome: site footer"),
        ("技术支持：县大数据中心\n", "web page chrome: site footer"),
        ("网站标识码：1101000001\n", "web page chrome: site footer"),
    ]
    assert_accounts_for_every_character(raw, cleaned)


# An organiser's line above a plan's outline and in the site's footer after it, in simplified or traditional characters.
ORGANISED_PAGE = ("某县教育提质行动方案\n{key}：县教育局\n一、总体要求\n（一）加强领导，建立联席会议制度。\n"
                  "【打印本页】\n{key}：县人民政府办公室\n网站标识码：1101000001\n")


@pytest.mark.parametrize("convert", [None, "t2s"])
@pytest.mark.parametrize("key", ["主办单位", "主辦單位"])
def test_an_organiser_line_is_header_above_the_outline_and_chrome_in_the_sites_footer_in_either_script(key, convert):
    if convert:
        pytest.importorskip("opencc")
    raw = ORGANISED_PAGE.format(key=key)
    cleaned = clean_text(raw, convert=convert)
    assert cleaned.text == "某县教育提质行动方案\n一、总体要求\n（一）加强领导，建立联席会议制度。\n"
    assert cleaned.header == {"主办单位": "县教育局"}
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [
        (f"{key}：县教育局\n", "web page header block (kept as metadata)"),
        ("【打印本页】\n", "web page chrome: page tools"),
        (f"{key}：县人民政府办公室\n", "web page chrome: site footer"),
        ("网站标识码：1101000001\n", "web page chrome: site footer"),
    ]
    assert_accounts_for_every_character(raw, cleaned)


def test_an_organiser_line_at_the_end_of_a_text_without_an_outline_is_chrome_not_header():
    raw = "为推进教育高质量发展，制定本方案。\n主办单位：县人民政府办公室\n"
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.header) == ("为推进教育高质量发展，制定本方案。\n", {})
    assert [e.reason for e in cleaned.edits] == ["web page chrome: site footer"]


# A site's footer as pages print it after a plan: page tools, organisers, the site's ids, its address and counter.
SITE_FOOTER = ("【打印本页】【关闭窗口】\n主办：某县人民政府办公室\u3000承办：某县大数据中心\n"
               "网站标识码：5201110001\u3000黔ICP备12345678号\n地址：某县某路1号\u3000邮编：550000\u3000联系电话：0851-1234567\n"
               "传真：0851-1234568\n您是第123456位访问者\n")


def test_a_site_footer_after_the_plan_is_dropped_whole_whatever_its_lines_say():
    # Address, post code, fax and the visitor counter are no chrome pattern's lines: the organisers' line before
    # them is among the page's closing lines all the same, and so are they, where the site's ids are.
    plan = "某县教育提质行动方案\n一、总体要求\n（一）加强领导，建立联席会议制度。\n（二）落实经费。\n"
    raw = plan + SITE_FOOTER
    cleaned = clean_text(raw)
    assert cleaned.text == plan
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits] == [
        ("【打印本页】【关闭窗口】\n", "web page chrome: page tools"),
        ("主办：某县人民政府办公室\u3000承办：某县大数据中心\n", "web page chrome: site footer"),
        ("网站标识码：5201110001\u3000黔ICP备12345678号\n", "web page chrome: site footer"),
        ("地址：某县某路1号\u3000邮编：550000\u3000联系电话：0851-1234567\n", "web page chrome: site footer"),
        ("传真：0851-1234568\n", "web page chrome: site footer"),
        ("您是第123456位访问者\n", "web page chrome: site footer"),
    ]
    assert_accounts_for_every_character(raw, cleaned)


def test_a_web_pages_footer_is_not_read_into_the_plans_last_measure(tmp_path):
    from policycompare.structure import extract_measures

    items = "".join(f"<p>（{n}）加强教师队伍建设，落实县管校聘，推进集团化办学，组建教育集团。</p>" for n in "一二")
    page = (f"<html><body><div class='article'><h1>某县教育行动方案</h1><p>一、主要任务</p>{items}</div>"
            "<div class='foot'><p>主办：某县人民政府办公室　承办：某县大数据中心</p>"
            "<p>网站标识码：5201110001　黔ICP备12345678号</p><p>地址：某县某路1号　联系电话：0851-1234567</p></div></body></html>")
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    document = pc.load_document(path)
    assert extract_measures(document)["text"].iloc[-1] == "（二）加强教师队伍建设，落实县管校聘，推进集团化办学，组建教育集团。\n"
    assert [e.reason for e in document.edits].count("web page chrome: site footer") == 3


@pytest.mark.parametrize("footer", ["", SITE_FOOTER])
def test_a_plans_own_contact_lines_and_organisers_before_its_date_of_issue_stay(footer):
    # A plan's closing lines (its contacts, its issuer and date of issue) are its text: a site's footer after them
    # starts after the date.
    plan = ("一、活动安排\n（一）加强领导，建立联席会议制度。\n（二）联系方式\n主办：县教育局\n联系人：王老师\n"
            "联系电话：0851-1234567\n地址：某县某路1号\n某县教育局\n2023年5月12日\n")
    raw = plan + footer
    cleaned = clean_text(raw)
    assert cleaned.text == plan
    assert all(e.start >= len(plan) for e in cleaned.edits)
    assert_accounts_for_every_character(raw, cleaned)


def test_contact_lines_at_a_plans_end_without_a_sites_footer_stay():
    # 地址：, 联系电话： are a site's footer only where the page's closing lines hold its other chrome.
    raw = "一、总体要求\n（一）加强领导，建立联席会议制度。\n（二）联系方式\n联系电话：0851-1234567\n传真：0851-1234568\n"
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.edits) == (raw, ())


def test_pdf_line_breaks_inside_sentences_are_joined():
    raw = "为推进教育高质量发展，全面提高教育质量和教育品质，形成\n\n 具有特色的基础教育发展体系。\n\n 二、总体目标\n"
    cleaned = clean_text(raw, line_breaks="join")
    assert cleaned.text == "为推进教育高质量发展，全面提高教育质量和教育品质，形成具有特色的基础教育发展体系。\n\n 二、总体目标\n"
    assert [e.reason for e in cleaned.edits] == ["line break inside a sentence (PDF extraction)"]


def test_by_paragraphs_an_empty_line_ends_a_paragraph_and_every_other_break_is_joined():
    # A heading without a full stop stays a line of its own; a wrapped line ending in ” is joined.
    raw = "坚持立德树人根本任务全面推进县域普通高中教育改革发展\n\n为深入贯彻落实党的教育方针，推进“三新”\n背景下的教学改革。\n\n（一）加强领导。\n"
    cleaned = clean_text(raw, line_breaks="paragraphs")
    assert cleaned.text == "坚持立德树人根本任务全面推进县域普通高中教育改革发展\n\n为深入贯彻落实党的教育方针，推进“三新”背景下的教学改革。\n\n（一）加强领导。\n"
    assert clean_text(raw, line_breaks="join").text.startswith("坚持立德树人根本任务全面推进县域普通高中教育改革发展为深入贯彻")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\x0b"])
def test_line_breaks_inside_sentences_are_joined_whatever_ends_the_lines(newline):
    # A file with old Mac line ends (a lone \r) or Word's line breaks cleans to the text of its \n version.
    raw = ("为全面贯彻落实党的教育方针，加快推进教育现代化，结合本区实际\n情况，制定本方案。\n一、总体要求\n"
           "（一）加强领导，建立联席会议制度，统筹推进各项工作落\n实到位。\n").replace("\n", newline)
    cleaned = clean_text(raw, line_breaks="join")
    assert cleaned.text == ("为全面贯彻落实党的教育方针，加快推进教育现代化，结合本区实际情况，制定本方案。\n一、总体要求\n"
                            "（一）加强领导，建立联席会议制度，统筹推进各项工作落实到位。\n")
    assert [e.reason for e in cleaned.edits].count("line break inside a sentence (PDF extraction)") == 2
    assert_accounts_for_every_character(raw, cleaned)


def test_a_line_break_joined_between_two_latin_words_becomes_a_space():
    raw = "为推进教育高质量发展，全面提高教育质量和教育品质，实施 Smart\nCampus 工程，建设智慧校园平台和数字资源库。\n"
    cleaned = clean_text(raw, line_breaks="join")
    assert "实施 Smart Campus 工程" in cleaned.text
    assert [(e.reason, e.replacement) for e in cleaned.edits] == [("line break inside a sentence (PDF extraction)", " ")]


# A sentence cut inside a figure, as PDF extraction cuts it at the right margin: (glued) the figure as one number.
NUMBER_CUT = "一、加大投入\n（一）各年度经费：2023年投入资金人民币{}，用于学校建设和设备更新等项目支出。\n（二）其他。\n"


@pytest.mark.parametrize(("cut", "glued"), [
    # A thousands group the line ends short of: 3 digits in all after its comma.
    ("1亿2,00\n0万元", "1亿2,000万元"),
    ("3億2,00\n0萬元", "3億2,000萬元"),
    ("2,00\n0个", "2,000个"),
    ("1,2\n34,567元", "1,234,567元"),
    ("1,234,5\n67元", "1,234,567元"),
    # Digits after a word that run on into the figure's unit on the next line.
    ("12\n00万元", "1200万元"),
    ("3.\n5亿元", "3.5亿元"),
    ("1\n2,000万元", "12,000万元"),
    ("95\n%", "95%"),
])
def test_a_line_break_joined_inside_a_number_becomes_nothing(cut, glued):
    # 3億2,00 / 0萬元 was joined as 3億2,00 0萬元: a target of 3億 and another of 0萬元.
    cleaned = clean_text(NUMBER_CUT.format(cut), line_breaks="join")
    assert cleaned.text == NUMBER_CUT.format(glued)
    assert [(e.reason, e.replacement) for e in cleaned.edits] == [("line break inside a sentence (PDF extraction)", "")]
    assert_accounts_for_every_character(NUMBER_CUT.format(cut), cleaned)


@pytest.mark.parametrize(("cut", "apart"), [
    # Two years, as a table's row reads across its cells.
    ("2023\n2024年", "2023 2024年"),
    # A whole year on the next line starts a sentence of its own (学校共计12 / 2024年启动…).
    ("共计12\n2024年", "共计12 2024年"),
    # A thousands group already whole, or overfull: no number of one group goes on like that.
    ("4,500\n300个", "4,500 300个"),
    ("2,00\n00万元", "2,00 00万元"),
    # A list with ASCII commas, and digits after a space or a mark: not a figure the word before starts.
    ("1,2,3\n45个", "1,2,3 45个"),
    ("共 12\n00万元", "共 12 00万元"),
    ("（12\n00万元", "（12 00万元"),
    # Digits on the next line without a unit of a figure after them (a document number may be two).
    ("12\n3号文件", "12 3号文件"),
    # A number and a Latin word.
    ("2,00\nMB", "2,00 MB"),
])
def test_a_line_break_between_two_numbers_stays_a_space(cut, apart):
    cleaned = clean_text(NUMBER_CUT.format(cut), line_breaks="join")
    assert cleaned.text == NUMBER_CUT.format(apart)
    assert [(e.reason, e.replacement) for e in cleaned.edits] == [("line break inside a sentence (PDF extraction)", " ")]


def test_a_number_cut_across_a_page_break_and_its_number_is_glued():
    # The same rule where a page number and a page break lie between the two halves of the figure.
    raw = "一、加大投入\n（一）各年度经费：2023年投入资金人民币1亿2,00\n— 5 —\n\f0万元，用于学校建设和设备更新等项目支出。\n— 6 —\n\f"
    cleaned = clean_text(raw, line_breaks="join")
    assert cleaned.text == "一、加大投入\n（一）各年度经费：2023年投入资金人民币1亿2,000万元，用于学校建设和设备更新等项目支出。\n"
    assert [e.replacement for e in cleaned.edits if e.reason == "line break inside a sentence (PDF extraction)"] == [""]


@pytest.mark.parametrize("item", ["11.改进教师培养培训方式。", "1）改进教师培养培训方式。", "1.4. 高中阶段。", "2.1 改进教师培养培训方式。", "2.1.3加强培训。"])
def test_line_break_before_numbering_is_kept_when_joining(item):
    raw = "完善初中教师流动机制和名优教师使用机制，引导优秀教师流动\n\n " + item
    assert clean_text(raw, line_breaks="join").text == raw


@pytest.mark.parametrize("item", ["⑴改进教师培养培训方式。", "⒇改进教师培养培训方式。", "⒈改进教师培养培训方式。", "⒛改进教师培养培训方式。",
                                  "㈠加强组织领导。", "㈩加强组织领导。", "㉑改进教师培养培训方式。", "㊿改进教师培养培训方式。"])
def test_line_break_before_an_enclosed_number_is_kept_when_joining(item):
    # The outline reads these styles (⑴ as （1）, ⒈ as 1., ㈠ as （一）, circled numbers past ⑳): joining ran
    # the item into the line before it, where it was no number.
    raw = "完善初中教师流动机制和名优教师使用机制，引导优秀教师流动\n" + item
    assert clean_text(raw, line_breaks="join").text == raw
    assert clean_text(raw, line_breaks="paragraphs").text == raw


@pytest.mark.parametrize("before", ["完善初中教师流动机制和名优教师使用机制，引导优秀教师流动。", "完善初中教师流动机制和名优教师使用机制，重点做好以下工作：",
                                    "（一）加强队伍建设"], ids=["sentence", "colon", "heading"])  # fmt: skip
@pytest.mark.parametrize("item", ["一）改进教师培养培训方式。", "十二) 改进教师培养培训方式。"])
def test_line_break_before_a_chinese_number_with_a_closing_bracket_is_kept_after_a_whole_line(before, item):
    # The outline reads 一） at a line start as 1）: after a sentence, a clause or a heading it starts an item.
    raw = f"{before}\n{item}"
    assert clean_text(raw, line_breaks="join").text == raw
    assert clean_text(raw, line_breaks="paragraphs").text == raw


@pytest.mark.parametrize("raw", [
    "（一）加强学校建设，完善初中教师流动机制和名优教师使用机制，落实“五个一”（\n一）工程。\n",
    "（一）加强学校建设。全县学校建设推进会定于每月第一周的周\n一）召开，推动学校建设提质增效，提升办学条件。\n",
    "（一）加强学校建设。本方案为系列配套文件（之\n一）的组成部分，推动学校建设提质增效，提升办学条件。\n",
], ids=["its-bracket", "weekday", "one-of"])  # fmt: skip
def test_a_line_cut_before_a_chinese_number_with_a_closing_bracket_is_joined(raw):
    # 一 ends words (周一, 之一), and 一） after a line cut mid-sentence, or one that ends in （, closes a bracket: the
    # outline reads it as text, and the break before it was kept, which made it an item (t:1.1.1).
    joined = clean_text(raw, line_breaks="join")
    assert joined.text == raw.replace("\n一）", "一）", 1)
    plan = pc.load_document_from_text("方案\n一、主要任务\n" + raw, doc_id="t", line_breaks="join")
    assert pc.extract_measures(plan)["measure_id"].tolist() == ["t:0", "t:1", "t:1.1"]
    # 1） stays an item after such a line, as it always was.
    assert clean_text(raw.replace("\n一）", "\n1）", 1), line_breaks="join").text == raw.replace("\n一）", "\n1）", 1)


@pytest.mark.parametrize("item", ["１．２ 改进教师培养培训方式。", "２．１．３加强培训。", "１．４．高中阶段。", "第３条 本办法适用于全县学校。", "第１２章 保障措施"])
def test_line_break_before_numbering_in_full_width_digits_is_kept_when_joining(item):
    # The outline reads full-width digits as ASCII ones, so joining must not run the line into the one before.
    raw = "完善初中教师流动机制和名优教师使用机制，引导优秀教师流动\n\n " + item
    assert clean_text(raw, line_breaks="join").text == raw


@pytest.mark.parametrize("item", ["第二条 本办法适用于全县学校。", "第二條 本辦法適用於全縣學校。", "第二节 职责", "第二節 職責"])
def test_line_break_before_an_article_or_section_is_kept_when_joining_in_either_script(item):
    raw = "第一條 為推進教育發展，加快推進學校標準化建設，完善辦學條件\n" + item
    assert clean_text(raw, line_breaks="join").text == raw


@pytest.mark.parametrize("item", ["第貳章 現況分析", "第拾壹章 附則", "第貳節 研究方法", "第贰节 研究方法", "貳、計畫目標", "拾壹、經費", "贰､目标"])
def test_line_break_before_a_capital_numeral_is_kept_when_joining(item):
    # Taiwan's reports number chapters, sections and their top level with capital numerals (第貳章, 貳、), which
    # the outline reads: joining must not run them into the line before.
    raw = "第壹章 為推進教育發展，加快推進學校標準化建設，完善辦學條件\n" + item
    assert clean_text(raw, line_breaks="join").text == raw


@pytest.mark.parametrize("word", ["队伍", "大陆", "入伍", "收拾", "人参"])
def test_a_line_cut_inside_a_word_ending_in_a_capital_numeral_is_joined_in_a_text_not_numbered_with_them(word):
    # 伍、 (陆、, 拾、, 参、) starts a line when a cut falls inside 队伍、: an item only where the text numbers with 壹、.
    raw = f"一、总体要求\n（一）加强建设。全面提升教师专业素养，完善培训体系，加强教师{word[0]}\n{word[1]}、管理队伍建设。\n"
    joined = raw.replace(f"{word[0]}\n{word[1]}", word)
    assert clean_text(raw, line_breaks="join").text == joined
    assert clean_text(raw, line_breaks="paragraphs").text == joined
    numbered = "壹、依據\n" + raw
    assert clean_text(numbered, line_breaks="join").text == numbered


def test_the_fields_after_an_organiser_on_its_line_are_fields_of_the_header():
    raw = "关于举办教学开放周的方案\n主办单位：县教育局  承办单位：县第一中学\u3000協辦單位：县第二中学\n一、活动目的\n提高教学质量。\n"
    cleaned = clean_text(raw)
    assert cleaned.header == {"主办单位": "县教育局", "承办单位": "县第一中学", "协办单位": "县第二中学"}
    assert cleaned.text == "关于举办教学开放周的方案\n一、活动目的\n提高教学质量。\n"
    # On a line of its own above the outline, 承办单位 is a site's chrome, as before.
    alone = clean_text("方案\n承办单位：县第一中学\n一、活动目的\n提高教学质量。\n")
    assert (alone.header, [e.reason for e in alone.edits]) == ({}, ["web page chrome: site footer"])


@pytest.mark.parametrize("item", ["• 建设科普基地。", "●建设科普基地。", "■ 建设科普基地。", "· 建设科普基地。", "- 建设科普基地。", "* 建设科普基地。", "+ 建设科普基地。"])
def test_line_break_before_a_bullet_is_kept_when_joining(item):
    raw = "完善初中教师流动机制和名优教师使用机制，引导优秀教师流动\n" + item
    assert clean_text(raw, line_breaks="join").text == raw
    assert clean_text(raw.replace("\n", "\n组织"), line_breaks="join").text == raw.replace("\n", "组织")


def test_markdown_list_bullets_become_bullet_glyphs_one_for_one():
    raw = "## 一、主要措施\n\n- 建设科普基地，开展研学。\n* **开展游泳安全技能普及**，提升技能。\n  + 强化经费保障。\n"
    cleaned = clean_text(raw, markdown=True)
    assert cleaned.text == "一、主要措施\n\n• 建设科普基地，开展研学。\n• 开展游泳安全技能普及，提升技能。\n  • 强化经费保障。\n"
    assert [(e.start, e.end, raw[e.start:e.end], e.replacement, e.reason) for e in cleaned.edits] == [
        (0, 3, "## ", "", "markdown markup: heading mark"),
        (11, 12, "-", "•", "markdown markup: list bullet"),
        (26, 27, "*", "•", "markdown markup: list bullet"),
        (28, 30, "**", "", "markdown markup: bold"),
        (40, 42, "**", "", "markdown markup: bold"),
        (51, 52, "+", "•", "markdown markup: list bullet"),
    ]
    # Each bullet maps onto the marker it replaced.
    assert [raw[cleaned.raw_offsets[i]] for i, char in enumerate(cleaned.text) if char == "•"] == ["-", "*", "+"]
    assert_accounts_for_every_character(raw, cleaned)
    # Outside Markdown, the characters stay as they are.
    assert clean_text(raw).text == raw


@pytest.mark.parametrize(("raw", "text"), [
    ("- （一）加强领导。", "（一）加强领导。"),
    ("- **1.加强领导。**", "1.加强领导。"),
    ("* ——2025年，全面达标。", "——2025年，全面达标。"),
    ("- 1.1 指导思想", "1.1 指导思想"),
    ("- ", ""),
    ("- **", ""),
    ("- - -", "- -"),
])
def test_a_markdown_bullet_before_a_number_or_no_text_is_removed(raw, text):
    cleaned = clean_text(raw, markdown=True)
    assert cleaned.text == text
    assert [e.replacement for e in cleaned.edits if e.reason == "markdown markup: list bullet"] == [""]
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("figure", ["1.5万名教师。", "1.5 万名教师。", "2.5倍。", "1.2%。", "１．５万名教师。"])
def test_line_break_before_a_figure_is_joined(figure):
    raw = "到2025年全区新增专任教师和名优教师人数不少于\n" + figure
    assert clean_text(raw, line_breaks="join").text == "到2025年全区新增专任教师和名优教师人数不少于" + figure


def test_keep_leaves_line_breaks():
    raw = "为推进教育高质量发展，全面提高教育质量和教育品质，形成\n具有特色的体系。"
    assert clean_text(raw, line_breaks="keep").text == raw


def test_detect_broken_lines_on_real_files(corpus):
    assert not detect_broken_lines(corpus["huaxi"].raw)
    assert not detect_broken_lines(corpus["yinchuan"].raw)


def test_bad_line_breaks_option():
    with pytest.raises(ValueError, match=r"line_breaks='merge'; expected 'auto', 'join', 'keep' or 'paragraphs'"):
        clean_text("x", line_breaks="merge")


def test_apply_edits_maps_end():
    text, offsets = apply_edits("abcdef", [])
    assert text == "abcdef" and list(offsets) == [0, 1, 2, 3, 4, 5, 6]


line = st.one_of(
    st.sampled_from(CHROME + ["索 引 号:1164/2023 效力状态:有效", "发布机构:教育局", "一、总体要求", "（一）加强领导。", ""]),
    st.text(alphabet=st.sampled_from("教育发展学校，。、；：（）()1２ \t\u3000必威体育"), max_size=60),
)


@settings(max_examples=80, deadline=None)
@given(
    lines=st.lists(line, max_size=25),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    line_breaks=st.sampled_from(["auto", "join", "keep"]),
    preamble=st.integers(min_value=0, max_value=40),
)
def test_cleaning_accounts_for_every_character(lines, newline, line_breaks, preamble):
    raw = newline.join(lines)
    cleaned = clean_text(raw, corrections=[("必威体育", "银川市")], line_breaks=line_breaks, preamble_end=min(preamble, len(raw)))
    assert_accounts_for_every_character(raw, cleaned)
    assert len(cleaned.raw_offsets) == len(cleaned.text) + 1
    assert np.all(np.diff(cleaned.raw_offsets) >= 0)
    assert "必威体育" not in cleaned.text


@settings(max_examples=80, deadline=None)
@given(
    lines=st.lists(line, max_size=20),
    invisibles=st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(["\ufeff", "\u200b", "\u200c\u200d", "\u2060", "\u00ad", "\u200e\u2067", "\ufe0f"])), max_size=6),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    line_breaks=st.sampled_from(["auto", "join", "keep"]),
    markdown=st.booleans(),
)
def test_invisible_characters_anywhere_change_nothing_but_their_own_record(lines, invisibles, newline, line_breaks, markdown):
    visible = newline.join(lines)
    raw = visible
    for at, invisible in invisibles:
        at %= len(raw) + 1
        raw = raw[:at] + invisible + raw[at:]
    options = {"corrections": [("必威体育", "银川市")], "line_breaks": line_breaks, "markdown": markdown}
    expected, cleaned = clean_text(visible, **options), clean_text(raw, **options)
    assert (cleaned.text, cleaned.header) == (expected.text, expected.header)
    assert [(e.reason, e.replacement) for e in cleaned.edits if not e.reason.startswith("invisible character")] == [(e.reason, e.replacement) for e in expected.edits]
    assert_accounts_for_every_character(raw, cleaned)
    assert np.all(np.diff(cleaned.raw_offsets) >= 0)


markdown_line = st.one_of(
    st.sampled_from(["## 一、总体要求", "- 建设基地。", "* **加强领导**：", "+ （一）加强领导。", "  - 1.落实", "> 注：", "- ", "- - -", "***", "__x__", ""]),
    st.text(alphabet=st.sampled_from("-*+#>_ \t教育，。（一）1."), max_size=30),
)


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(markdown_line, max_size=20), newline=st.sampled_from(["\n", "\r\n"]), line_breaks=st.sampled_from(["auto", "join", "keep"]))
def test_markdown_cleaning_accounts_for_every_character(lines, newline, line_breaks):
    raw = newline.join(lines)
    cleaned = clean_text(raw, line_breaks=line_breaks, markdown=True)
    assert_accounts_for_every_character(raw, cleaned)
    # A replaced bullet is one character for one, mapped to the marker it replaced.
    for i, char in enumerate(cleaned.text):
        if char == "•":
            assert raw[cleaned.raw_offsets[i]] in "-*+"


def test_real_documents_account_for_every_character(corpus):
    for doc in corpus:
        cleaned_again = clean_text(doc.raw, corrections=parse_corrections(doc.metadata.get("corrections", "")), line_breaks=doc.metadata.get("line_breaks") or "auto", preamble_end=next((e.end for e in doc.edits if e.reason == "compilation preamble"), 0))
        assert cleaned_again.text == doc.text
        assert_accounts_for_every_character(doc.raw, cleaned_again)


PAGE_ONE = "一、总体要求\n为推进教育高质量发展，全面提高教育质量和教育品质，形成具有特色的基础教育\n"
PAGE_TWO = "发展体系，现制定本方案。\n（一）加强党的领导。\n"


@pytest.mark.parametrize("number", ["— {} —", "- {} -", "－{}－", "第{}页", "第 {} 页 共 3 页", "第{}页/共3页", "{}/3", "Page {} of 3", "{}"])
def test_a_page_number_at_a_page_edge_is_dropped_and_the_sentence_it_cut_is_joined(number):
    raw = f"{PAGE_ONE}{number.format(1)}\n\f{PAGE_TWO}{number.format(2)}\n\f"
    cleaned = clean_text(raw, line_breaks="join")
    assert cleaned.text == "一、总体要求\n为推进教育高质量发展，全面提高教育质量和教育品质，形成具有特色的基础教育发展体系，现制定本方案。\n（一）加强党的领导。\n"
    assert [e.reason for e in cleaned.edits] == [
        "line break inside a sentence (PDF extraction)", "page number (PDF)", "page break (form feed)", "page number (PDF)", "page break (form feed)"]
    assert [raw[e.start:e.end] for e in cleaned.edits if e.reason == "page number (PDF)"] == [f"{number.format(1)}\n", f"{number.format(2)}\n"]
    assert_accounts_for_every_character(raw, cleaned)


def test_a_bare_number_at_a_page_edge_is_a_page_number_only_where_such_numbers_count_with_the_pages():
    # 150 and 250 end two pages of a table of figures; 3 and 4 end the next two, as their page numbers.
    pages = ["学校\t学位\n一中\t150", "二中\t180\n三中\t250", "四中\t300\n3", "五中\t320\n4"]
    cleaned = clean_text("\n\f".join(pages) + "\n\f")
    assert [e for e in cleaned.edits if e.reason == "page number (PDF)"] and "150" in cleaned.text and "250" in cleaned.text
    assert "\n3\n" not in cleaned.text and not cleaned.text.endswith("4\n")


def test_table_rows_alike_but_for_their_figures_are_no_running_header():
    pages = [f"{n} 新建第{n}所学校，增加学位{n}00个\n（{n}）加强教师队伍建设，落实县管校聘改革。\n" for n in range(31, 36)]
    raw = "\f".join(pages) + "\f"
    assert clean_text(raw).text == raw.replace("\f", "")


def test_a_page_number_inside_a_page_or_without_page_breaks_is_text():
    # Only the first and last line of a page can be furniture; a text without form feeds has no pages.
    inside = f"一、总体要求\n3\n{PAGE_ONE}（一）加强党的领导。\n\f"
    assert "\n3\n" in clean_text(inside).text
    assert clean_text("一、总体要求\n（一）加强党的领导。\n— 1 —\n").text == "一、总体要求\n（一）加强党的领导。\n— 1 —\n"


def test_the_page_number_of_a_blank_page_is_dropped_but_a_page_of_one_line_of_text_is_kept():
    raw = f"{PAGE_ONE}— 1 —\n\f— 2 —\n\f第3项：加强教师培训。\n\f{PAGE_TWO}— 4 —\n\f"
    cleaned = clean_text(raw, line_breaks="join")
    assert [raw[e.start:e.end] for e in cleaned.edits if e.reason == "page number (PDF)"] == ["— 1 —\n", "— 2 —\n", "— 4 —\n"]
    assert "第3项：加强教师培训。" in cleaned.text and "—" not in cleaned.text
    assert_accounts_for_every_character(raw, cleaned)


def test_running_headers_and_footers_repeated_on_most_pages_are_dropped():
    pages = [f"安宁市人民政府办公室文件\n（{n}）第{n}项工作任务，由区教育局负责落实。\n安宁市教育高质量发展三年行动方案 · 第{n}页\n" for n in range(1, 5)]
    raw = "\f".join(pages) + "\f"
    cleaned = clean_text(raw)
    assert cleaned.text == "".join(f"（{n}）第{n}项工作任务，由区教育局负责落实。\n" for n in range(1, 5))
    reasons = [e.reason for e in cleaned.edits if "running" in e.reason]
    assert reasons.count("running page header (PDF)") == 4 and reasons.count("running page footer (PDF)") == 4
    assert_accounts_for_every_character(raw, cleaned)


def test_a_running_header_and_footer_on_both_pages_of_a_text_of_two_pages_are_dropped():
    # A plan printed in two columns fits on two pages: its letterhead and footer show twice only.
    pages = [f"示范区教育局\n（{n}）第{n}项工作任务，由区教育局负责落实。\n示范区教育提升行动方案 · 第{n}页\n" for n in (1, 2)]
    raw = "\f".join(pages) + "\f"
    cleaned = clean_text(raw)
    assert cleaned.text == "（1）第1项工作任务，由区教育局负责落实。\n（2）第2项工作任务，由区教育局负责落实。\n"
    assert [(e.reason, raw[e.start:e.end]) for e in cleaned.edits if "running" in e.reason] == [
        ("running page header (PDF)", "示范区教育局\n"), ("running page footer (PDF)", "示范区教育提升行动方案 · 第1页\n"),
        ("running page header (PDF)", "示范区教育局\n"), ("running page footer (PDF)", "示范区教育提升行动方案 · 第2页\n"),
    ]
    assert_accounts_for_every_character(raw, cleaned)


TWO_PAGE_BODY = "为推进教育高质量发展，全面提高教育质量。\n（一）加强教师队伍建设，落实县管校聘管理改革。\n"


def test_a_running_header_from_page_2_on_of_a_text_of_three_pages_is_dropped():
    # Page 1 carries the letterhead; the header with the page's number starts on page 2.
    pages = ["安宁市教育体育局文件\n" + TWO_PAGE_BODY, "安宁市教育体育局 第2页\n" + TWO_PAGE_BODY, "安宁市教育体育局 第3页\n" + TWO_PAGE_BODY]
    raw = "\f".join(pages) + "\f"
    cleaned = clean_text(raw)
    assert cleaned.text == "安宁市教育体育局文件\n" + TWO_PAGE_BODY * 3
    assert [raw[e.start:e.end] for e in cleaned.edits if "running" in e.reason] == ["安宁市教育体育局 第2页\n", "安宁市教育体育局 第3页\n"]
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("pages", [
    # The title above page 1 and the heading above page 2 are alike but for a number that is no page's.
    ["2023年工作安排\n" + TWO_PAGE_BODY, "2024年工作安排\n" + TWO_PAGE_BODY],
    # Headings of three years count on by one as the pages do, but a year is no page's number.
    [f"{year}年工作安排\n" + TWO_PAGE_BODY for year in (2023, 2024, 2025)],
    # Pages 2 and 3 of three start with headings of two chapters, numbered as the pages are.
    [TWO_PAGE_BODY, "第2章 保障措施\n" + TWO_PAGE_BODY, "第3章 组织实施\n" + TWO_PAGE_BODY],
    # Two attachments of one page each: numbered as the pages are, but they start like outline items.
    ["附件1\n" + TWO_PAGE_BODY, "附件2\n" + TWO_PAGE_BODY],
    # A notice and the plan it issues, each ending with its issuer and the same date of issue.
    [TWO_PAGE_BODY + "示范区教育局\n2023年4月27日\n"] * 2,
    # The same sentence ending both pages.
    [TWO_PAGE_BODY + "特此通知。\n"] * 2,
    # A line longer than a letterhead.
    ["关于进一步加强全区中小学校教师队伍建设和深化县管校聘管理改革推进教育均衡发展的实施意见\n" + TWO_PAGE_BODY] * 2,
])  # fmt: skip
def test_lines_at_the_same_edge_of_two_pages_that_are_the_texts_own_are_kept(pages):
    raw = "\f".join(pages) + "\f"
    assert clean_text(raw).text == raw.replace("\f", "")


@pytest.mark.parametrize("pages", [
    # Fewer than three pages share the line, on a text of three.
    ["安宁市人民政府办公室文件\n（1）第一项任务。\n", "安宁市人民政府办公室文件\n（2）第二项任务。\n", "（3）第三项任务。\n（4）第四项任务。\n"],
    # Items that start every page look alike once their numbers are masked, but are the plan's text.
    [f"（{n}）加强教师培训。\n为推进教育高质量发展，全面提高教育质量。\n" for n in range(1, 5)],
    # A page of one line is all text.
    [f"第{n}项：加强教师培训。\n" for n in range(1, 5)],
])
def test_lines_that_only_look_like_running_headers_are_kept(pages):
    raw = "\f".join(pages) + "\f"
    assert clean_text(raw).text == raw.replace("\f", "")


def test_form_feeds_of_pdf_text_are_page_breaks_dropped_at_a_line_edge():
    # pdftotext ends every page with a form feed; most stand at a line start.
    raw = "一、总体要求\n（一）指导思想。\n\f（二）基本原则。\f（三）工作目标。\n\f"
    cleaned = clean_text(raw)
    assert cleaned.text == "一、总体要求\n（一）指导思想。\n（二）基本原则。\n（三）工作目标。\n"
    assert [(e.start, e.end, e.reason, e.replacement) for e in cleaned.edits] == [
        (16, 17, "page break (form feed)", ""), (25, 26, "page break (form feed)", "\n"), (35, 36, "page break (form feed)", ""),
    ]
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("tag", ["责任单位：区教育局、区财政局、区人力资源和社会保障局", "責任單位：區教育局、區財政局、區人力資源和社會保障局"])
def test_a_whole_responsibility_line_in_either_script_is_not_joined_to_the_measure_after_it(tag):
    # It ends without punctuation, but it is whole: after a blank line the next measure starts.
    raw = f"为全面贯彻落实党的教育方针，加快推进教育现代化，统筹推进各项\n改革任务。\n{tag}\n\n为加快推进学校标准化建设，全面完善办学条件和\n教学设施。\n"
    assert clean_text(raw, line_breaks="join").text == (
        f"为全面贯彻落实党的教育方针，加快推进教育现代化，统筹推进各项改革任务。\n{tag}\n\n为加快推进学校标准化建设，全面完善办学条件和教学设施。\n")


# ---------------------------------------------------------------- page numbers inside broken lines (PDF text without form feeds)

IN_BROKEN_LINE = "page number inside a broken line (PDF extraction)"
IN_GAP = "page number in a gap of the text's page numbers (PDF extraction)"
CUT_LINE = "为推进教育高质量发展，加快推进学校标准化建设，完善办学条件和"
PAGE = "\n\n ".join([CUT_LINE] * 8)


def pdf_pages(*starts, page=PAGE):
    """Text as PDF extraction gives it without form feeds: pages of lines, each page followed by a line from ``starts``."""
    return " " + page + "".join(f"\n\n  {start}\n\n " + page for start in starts)


def test_page_numbers_that_start_the_rest_of_a_cut_sentence_are_dropped_and_the_sentence_is_joined():
    raw = pdf_pages("2 教学设施。", "3 设备，力争全面达标。", "4 13. 加强师资队伍建设。")
    cleaned = clean_text(raw, line_breaks="join")
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits if "page" in e.reason] == [
        ("2 ", IN_BROKEN_LINE), ("3 ", IN_BROKEN_LINE), ("4 ", IN_BROKEN_LINE)]
    assert "完善办学条件和教学设施。" in cleaned.text and "完善办学条件和设备，力争全面达标。" in cleaned.text
    # Before numbering, the line break stays, as it does without a page number.
    assert "完善办学条件和\n\n  13. 加强师资队伍建设。" in cleaned.text
    assert_accounts_for_every_character(raw, cleaned)
    # Kept line breaks say the lines are whole: nothing is dropped.
    assert clean_text(raw, line_breaks="keep").text == raw


def test_the_page_numbers_of_two_pdfs_in_one_text_are_two_series():
    raw = pdf_pages("2 教学设施。", "3 设备。", "4 师资。") + "\n\n" + pdf_pages("2 教学设施。", "3 设备。", "4 师资。")
    cleaned = clean_text(raw, line_breaks="join")
    assert [raw[e.start:e.end] for e in cleaned.edits if e.reason == IN_BROKEN_LINE] == ["2 ", "3 ", "4 "] * 2
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("space", ["\u00a0", "\u2003"])
def test_page_numbers_spaced_with_other_spaces_are_dropped_as_with_ascii_spaces(space):
    raw = pdf_pages("2 教学设施。", "3 设备，力争全面达标。", "4 13. 加强师资队伍建设。")
    edge = f"{PAGE_ONE}第 1 页 共 3 页\n\f{PAGE_TWO}第 2 页 共 3 页\n\f"
    for text in (raw, edge):
        expected, cleaned = clean_text(text, line_breaks="join"), clean_text(text.replace(" ", space), line_breaks="join")
        assert [(e.start, e.end, e.reason) for e in cleaned.edits] == [(e.start, e.end, e.reason) for e in expected.edits]
        assert cleaned.text == expected.text.replace(" ", space)
        assert "page" in " ".join(e.reason for e in cleaned.edits)


def test_a_correction_cut_by_a_page_number_inside_a_broken_line_is_applied():
    raw = pdf_pages("2 体育教学设施。", "3 设备。", "4 师资。").replace("和\n\n  2 ", "和必威\n\n  2 ", 1)
    cleaned = clean_text(raw, corrections=[("必威体育", "银川市")], line_breaks="join")
    assert "完善办学条件和银川市教学设施。" in cleaned.text
    assert [raw[e.start:e.end] for e in cleaned.edits if e.reason.startswith("declared")] == ["必威\n\n  2 体育"]
    assert_accounts_for_every_character(raw, cleaned)


FINISHED = PAGE.replace("和", "。")
KEPT = {
    # Numbered lines of a list or rows of a table are lines apart, not pages.
    "list": CUT_LINE + "\n1 坚持立德树人根本任务，全面推进县域普通高中教育改革发展\n2 坚持问题导向和目标导向，统筹推进城乡义务教育一体化发展\n"
            "3 坚持改革创新和依法治教，加快构建高质量教育体系\n4 组织实施\n",
    "short list": CUT_LINE + "\n\n 1 总则\n\n 2 适用范围\n\n 3 职责分工\n\n 4 组织实施\n",
    "table": CUT_LINE + "\n指标 2022年 2025年\n1 学前三年毛入园率和普惠性幼儿园覆盖率 90 95\n2 九年义务教育巩固率和残疾儿童入学率 96 98\n"
             "3 高中阶段毛入学率和普通高中选课走班比例 92 95\n4 中等职业学校双师型教师占专业课教师比例 55 60\n",
    # A figure with its unit or counted thing after it, at the start of the rest of a cut sentence.
    "figures": pdf_pages("3 所学校完成改造。", "4 个项目开工。", "5 名教师到岗。"),
    "counted places": pdf_pages("3 校联动。", "4 大行动。", "5 区协同。"),
    # Units of time and measure words: 2 天的培训 is no page 2.
    "counting words": pdf_pages("2 天的集中培训。", "3 批教师轮岗交流。", "4 届毕业生。"),
    "more counting words": pdf_pages("2 套实验设备。", "3 册校本教材。", "4 层教学楼。"),
    "words of two": pdf_pages("2 学期的课后服务。", "3 星期的研学活动。", "4 公斤的营养包。"),
    # A figure that starts a sentence after a finished one.
    "after a sentence": pdf_pages("2 中心校挂牌运行。", "3 中心校挂牌运行。", "4 中心校挂牌运行。", page=FINISHED),
    # After a heading: no sentence was cut.
    "after a heading": pdf_pages(*(f"{n} 中心校挂牌运行。" for n in (2, 3, 4)), page=PAGE + "\n\n （二）加强教师队伍建设和深化县管校聘管理改革"),
    # Two lone numbers, or three that do not rise, are no evidence.
    "two": pdf_pages("2 教学设施。", "3 设备。"),
    "not rising": pdf_pages("5 教学设施。", "3 设备。", "4 师资。"),
    # Numbers rising by far more, or far less, than the pages between them: figures, or numbers of sections.
    "too fast": pdf_pages("20 教学设施。", "150 设备。", "400 师资。"),
    "too slow": pdf_pages("2 教学设施。", "3 设备。", "4 师资。", page="\n\n ".join([PAGE] * 12)),
}


@pytest.mark.parametrize("case", KEPT)
def test_numbers_that_are_the_plans_own_text_are_kept(case):
    cleaned = clean_text(KEPT[case], line_breaks="join")
    assert [e for e in cleaned.edits if e.reason in (IN_BROKEN_LINE, IN_GAP)] == []
    assert sorted(re.findall("[0-9]+", cleaned.text)) == sorted(re.findall("[0-9]+", KEPT[case]))


def test_a_page_number_before_the_second_half_of_a_word_the_page_cut_is_dropped():
    # 升, 度, 员, 对, 件, 组 count things too, but the plans write them far more often inside words (提升, 制度, 人员, 针对,
    # 条件, 小组) than after a figure: a page's number before them, where the text's page numbers say so, is no figure.
    cuts = [("提", "升教师专业素养。"), ("制", "度。"), ("人", "员到岗。"), ("针", "对薄弱学校。"), ("条", "件。"), ("小", "组合作。")]
    raw = " " + "".join(f"{PAGE}{head}\n\n  {n} {rest}\n\n " for n, (head, rest) in enumerate(cuts, start=2)) + PAGE
    cleaned = clean_text(raw, line_breaks="join")
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits if "page" in e.reason] == [
        (f"{n} ", IN_BROKEN_LINE) for n in range(2, 8)]
    for head, rest in cuts:
        assert f"完善办学条件和{head}{rest}" in cleaned.text
    assert_accounts_for_every_character(raw, cleaned)


@pytest.mark.parametrize("line_breaks", ["paragraphs", "auto", "join"])
def test_section_numbers_after_responsibility_lines_are_no_page_numbers(line_breaks):
    # 1 总体要求 / 1.1 …: each section ends with a responsibility line, which ends without punctuation but is
    # whole; after it (and a blank line, which in a PDF's paragraphs no join crosses) 2 主要目标 starts a section.
    body = "坚持以人民为中心的发展思想，全面贯彻党的教育方针，落实立德树人根本任务，深化教育领域综合改革，推动教育高质量发展，办好人民满意的教育。" * 2
    lines = "\n".join(body[i:i + 30] for i in range(0, len(body), 30))
    tag = "责任单位：区教育局、区财政局、区人力资源和社会保障局"
    text = "花溪区教育高质量发展实施方案\n\n" + "".join(
        f"{n} {title}\n\n{n}.1 加强组织领导\n{lines}\n{tag}\n\n{n}.2 完善工作机制\n{lines}\n{tag}\n\n"
        for n, title in [(1, "总体要求"), (2, "主要目标"), (3, "重点任务"), (4, "保障措施")])
    doc = pc.load_document_from_text(text, doc_id="t", line_breaks=line_breaks)
    assert not doc.cleaning["reason"].str.contains("page number").any()
    measures = pc.extract_measures(doc)
    assert measures["label"].tolist()[1:] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2"]


def test_the_page_numbers_inside_broken_lines_of_the_bundled_collection_are_dropped_and_no_other_number(corpus):
    dropped = {doc.doc_id: [(doc.raw[e.start:e.end], e.reason) for e in doc.edits if e.reason in (IN_BROKEN_LINE, IN_GAP)] for doc in corpus}
    assert {doc_id: numbers for doc_id, numbers in dropped.items() if numbers} == {"collection-08": [
        ("2 ", IN_BROKEN_LINE), ("3 ", IN_GAP), ("4 ", IN_GAP), ("5 ", IN_BROKEN_LINE), ("6 ", IN_BROKEN_LINE), ("7 ", IN_BROKEN_LINE),
        ("8 ", IN_BROKEN_LINE), ("9 ", IN_BROKEN_LINE)]}
    text = corpus["collection-08"].text
    for joined in ("莆田十六中创建省三级达标高中,力争在 2023 年 10 月通过达标评估", "幼儿园编外合同教师 60 名", "学科紧缺的教师。计划通过考核招聘",
                   "提高办学内涵,加大公办学校对民办学校", "区财政局,各镇街 三、工作要求", "(六)实施职业教育提质培优工程\n\n  13. 推进职业教育融合发展"):
        assert joined in text
    # Pages 3 and 4 end with a responsibility line, not inside a sentence: their numbers go, the outline's 3. stays.
    assert "区卫健局\n\n  (二)实施教育项目攻坚工程\n\n 3. 全速推进教育类项目建设" in text
    assert "区财政局\n\n  (三)实施教学质量提档升级工程\n\n 5. 学前教育抓普惠提质量" in text
    # A lone number before a part's title (2 篇学校…, 3 乳源…) may be a page's, but alone it is no evidence: kept.
    assert corpus["collection-01"].text.startswith("篇一:学校教育高质量发展方案\n\n2 篇学校提质培优")
    assert "\n\n3 乳源瑶族自治县基础教育高质量发展" in corpus["collection-04"].text


# ---------------------------------------------------------------- page numbers in the gaps of that series

RESPONSIBILITY = FINISHED + "\n\n 责任单位:区教育局"


def pdf_text(*pages):
    """Text as PDF extraction gives it without form feeds, from ``(lines of a page, first line of the next)`` pairs."""
    return "".join(f" {lines}\n\n  {first}\n\n" for lines, first in pages) + " " + PAGE


def pages_around(third, fourth, *after):
    """Pages whose numbers 2, 5 and 6 start the rest of a cut sentence, between 2 and 5 two pages that end with a
    short line and a finished sentence, followed by ``third`` and ``fourth``, and the pages ``after``."""
    return pdf_text((PAGE, "2 教学设施。"), (RESPONSIBILITY, third), (FINISHED, fourth), (PAGE, "5 设备。"), (PAGE, "6 师资。"), *after)


def test_page_numbers_in_a_gap_of_the_series_are_dropped_after_any_line():
    # The pages that end inside a sentence number themselves 2, 5, 6: a 3 and a 4 in between, where pages 3 and 4
    # end, are their numbers, after a short line or a finished sentence as well.
    raw = pages_around("3 （二）加强教师队伍建设\n\n 3. 落实县管校聘管理改革。", "4 中心校挂牌运行。")
    cleaned = clean_text(raw, line_breaks="join")
    assert [(raw[e.start:e.end], e.reason) for e in cleaned.edits if "page" in e.reason] == [
        ("2 ", IN_BROKEN_LINE), ("3 ", IN_GAP), ("4 ", IN_GAP), ("5 ", IN_BROKEN_LINE), ("6 ", IN_BROKEN_LINE)]
    assert "责任单位:区教育局\n\n  （二）加强教师队伍建设\n\n 3. 落实县管校聘管理改革。" in cleaned.text
    assert "。\n\n  中心校挂牌运行。" in cleaned.text
    assert_accounts_for_every_character(raw, cleaned)
    # Without the series there is no evidence: the same lines after two cut pages keep their numbers.
    assert clean_text(raw.replace("  5 设备。", "  设备。"), line_breaks="join").text.count("  3 （二）") == 1


GAP_KEPT = {
    # Outline numbers are no page numbers, whatever their value.
    "outline numbers": pages_around("3. 加强师资队伍建设。", "（四）深化县管校聘管理改革"),
    # A figure with its unit or counted thing after it.
    "figures": pages_around("3 所学校完成改造。", "4 个项目开工。"),
    # The numbers of a list or a table are lines apart, whatever the series predicts.
    "list": pages_around("1 总则\n\n 2 适用范围\n\n 3 职责分工\n\n 4 组织实施", "为推进教育高质量发展。"),
    "table": pages_around("指标 2022年 2025年\n 3 高中阶段毛入学率 92 95\n 4 普通高中选课走班比例 55 60", "为推进教育高质量发展。"),
    # Where the series does not predict them: too close to page 2, out of its gap's range, or after its last number.
    "too close": pdf_text((PAGE, "2 教学设施。\n\n 3 中心校挂牌运行。"), (FINISHED, "4 中心校挂牌运行。"), (PAGE, "5 设备。"),
                          (PAGE, "6 师资。"), (PAGE, "7 课程。")).replace("  4 中心校", "  推进中心校"),
    "out of range": pages_around("7 中心校挂牌运行。", "1 中心校挂牌运行。"),
    "after the last": pages_around("为推进教育高质量发展。", "为推进教育高质量发展。", (FINISHED, "7 中心校挂牌运行。")),
}


@pytest.mark.parametrize("case", GAP_KEPT)
def test_numbers_in_a_gap_of_the_series_that_are_the_plans_own_text_are_kept(case):
    cleaned = clean_text(GAP_KEPT[case], line_breaks="join")
    assert [e for e in cleaned.edits if e.reason == IN_GAP] == []
    # The series itself is found, so only the guard kept the numbers.
    assert len([e for e in cleaned.edits if e.reason == IN_BROKEN_LINE]) >= 3
    assert_accounts_for_every_character(GAP_KEPT[case], cleaned)


# ---------------------------------------------------------------- conversions of traditional characters

# Hong Kong and Taiwan forms of the same words: 衞 is Hong Kong's 衛, 綫 its 線, 裏 and 峯 variants of 裡 and 峰;
# 著重 is written 着重 in simplified characters, which Taiwan's 著 stands for.
VARIANTS = "衞生 教育局 綫上 著重 裏面 峯"


@pytest.mark.parametrize(("convert", "expected"), [
    ("t2s", "衞生 教育局 线上 著重 里面 峰"),
    ("hk2s", "卫生 教育局 线上 著重 里面 峰"),
    ("tw2s", "衞生 教育局 线上 着重 里面 峰"),
])
def test_hong_kong_and_taiwan_forms_are_converted_by_their_own_conversion(convert, expected):
    pytest.importorskip("opencc")
    cleaned = clean_text(VARIANTS, convert=convert)
    assert cleaned.text == expected
    assert {e.reason for e in cleaned.edits} == {f"traditional → simplified characters ({convert})"}
    # Character for character: every converted character keeps its raw offset.
    assert cleaned.raw_offsets.tolist() == list(range(len(VARIANTS) + 1))
    assert_accounts_for_every_character(VARIANTS, cleaned)


def test_the_conversions_are_opencc_configurations():
    opencc = pytest.importorskip("opencc")
    from policycompare.cleaning import CONVERSIONS

    assert CONVERSIONS == ("t2s", "hk2s", "tw2s")
    for convert in CONVERSIONS:
        assert opencc.OpenCC(convert).convert("推進縣管校聘改革") == "推进县管校聘改革"


@pytest.mark.parametrize("convert", ["hk2s", "tw2s"])
def test_a_hong_kong_or_taiwan_page_is_cleaned_and_loaded_as_with_t2s(convert):
    pytest.importorskip("opencc")
    raw = "無障礙 | 長者版\n發布機構：教育局\n一、總體要求\n（一）加強衞生教育，推進綫上課程。\n"
    with_t2s = pc.load_document_from_text(raw, doc_id="hk", convert="t2s")
    doc = pc.load_document_from_text(raw, doc_id="hk", convert=convert)
    assert doc.metadata["header"] == with_t2s.metadata["header"] == {"发布机构": "教育局"}
    assert doc.text == "一、总体要求\n（一）加强" + ("卫" if convert == "hk2s" else "衞") + "生教育，推进线上课程。\n"
    assert {e.reason for e in doc.edits} == {"web page chrome: accessibility links", "web page header block (kept as metadata)",
                                             f"traditional → simplified characters ({convert})"}


@pytest.mark.parametrize("convert", ["t2s", "hk2s", "tw2s"])
def test_a_correction_written_in_traditional_characters_is_converted_as_the_text_around_it(convert):
    pytest.importorskip("opencc")
    # The wrong text is found as written in the file; the right one is written as the converted text is.
    raw = "發布機構：必威體育教育局\n一、總體要求\n（一）必威體育教育局加強領導。\n"
    cleaned = clean_text(raw, convert=convert, corrections=[("必威體育", "銀川市")])
    assert cleaned.text == "一、总体要求\n（一）银川市教育局加强领导。\n"
    assert cleaned.header == {"发布机构": "银川市教育局"}
    reason = f"declared correction: 必威體育 → 銀川市 (converted, {convert}: 银川市)"
    assert [(raw[e.start:e.end], e.replacement, e.reason) for e in cleaned.edits if e.reason.startswith("declared")] == [
        ("必威體育", "银川市", reason)]
    assert [(raw[e.start:e.end], e.replacement, e.reason) for e in cleaned.header_edits] == [
        ("必威體育", "银川市", f"{reason} (header metadata)")]
    assert_accounts_for_every_character(raw, cleaned)
    # A correction the conversion leaves as it is says nothing of it.
    same = clean_text(raw, convert=convert, corrections=[("必威體育", "银川市")])
    assert same.text == cleaned.text
    assert {e.reason for e in same.edits if e.reason.startswith("declared")} == {"declared correction: 必威體育 → 银川市"}


@pytest.mark.parametrize("convert", ["s2t", "hk2t", "T2S", ""])
def test_a_conversion_not_offered_is_refused_naming_those_that_are(convert):
    with pytest.raises(ValueError, match=rf"^convert={convert!r}; expected None or one of 't2s', 'hk2s', 'tw2s'$"):
        clean_text("一、總體要求", convert=convert)
