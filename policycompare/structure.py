"""Splitting plans into their measures: the numbered outline of every document.

Chinese policy plans are outlines (一、 → （一） → 1. → 1.1 → （1） → 1） → ①, under
壹、 in plans from Taiwan) with inline enumerations (一是…二是…), dash goal lines
(——2023年…), articles (第一章, 第一条), parts of a compilation (篇一:) and annexes
(附件). In text extracted from PDF, numbers often start in the middle of a line.
:func:`extract_measures` turns each document into one row per unit of its
outline. A unit's *own* text runs from its numbering to the first numbering of
a child or of the next unit, so the own spans of a document's rows partition
its cleaned text: every character is in exactly one row.

How the outline is read (docs/method-structure.md has the full rules):

- Every numbering style has a rank (壹、 above 一、 above （一） above 1. above 1.1
  above （1） above 1） above ①; 一是 and —— items sit below whatever is open). A
  new number closes the open units of its rank or lower and becomes a child of
  the unit that stays open, so skipped levels and styles shared across plans
  both work. ㈠, ⒈ and ⑴ rank right below （一）, 1. and （1）, 一） below （一）;
  ① runs on to ㉑ … ㊿. Lines numbered Ⅰ． ⅱ. A. b） are not read, and a run of
  them is named in a warning.
- A number counts only where numbering can be: at the start of a line, or
  mid-line after the end of a sentence or a space, and there only when it is
  the next number of its list (or of the same list running on through
  sections). Dates (2023.5), decimals (0.30, 2.0), formulas (1+X) and ranges
  (1—3项) are never numbers, nor is a class (高一(1)班); 一是 counts only with its 二是.
  1）, a bare 1 (1 总则) and a sub-number without its last dot (1.1 加强) count
  only at a line start; 1.1 is under its 1., or its 第一章 or 一、.
- A list inside a sentence (重点实施三大行动：（一）…；（二）…) is text, but one right
  after a heading's colon is its items ((一)加强建设：1.…；2.…), and a number at
  a line start wins over the same number mid-line before it. A table of
  contents (目录, then headings with their pages; or, without 目录, such
  headings before the body that the body repeats) is front matter.
- A wrong number where the next number of its list goes on from the right
  one (9. between 5. and 7.) is a slip: the item is kept in its place, as 6,
  and a warning names its line. Mid-line only the first item right after the
  heading on its line may be a slip ((二)拓展行动 7.优化… then 5.), with its next
  number before a heading above that one; a figure (92. 5%) or a citation
  (根据《教育法》 第十条) in running text stays text. A warning names a
  written number met again under one parent too (（二） twice, 3. then （三）),
  kept with the id suffix _2.
  A table's rows numbered in their first cell (10<tab>开展…) are units of the rank of 1.
- An annex opens a branch of its own (A, B): its marker on a line of its own
  (附件1), or with its title (附件1：任务清单) when its content follows; a line
  附件：<title> followed by no content is the list of annexes, and so is
  附件：1.…名单 / 2.…统计表, whose numbers are no measures.
- Before the first number, —— and 一是 lines are front matter, as bullets are.
- A bullet at a line start (• ● ▪ ■ ◆; · and - only before a space and a
  Chinese character, bracket, quote or number) is an item of the open unit, as
  a —— line is; before the first number it stays front matter, and before a
  number (• （一）…) it only decorates it. After a measure with a body of its own
  (more than a title or a lead-in) bullets are its details and stay in its text.
  Markdown's - and Word's bullets reach here as •.
- A document without numbering (一是…二是…, —— lines and bullets are items, not
  numbering) is split into paragraphs, or into sentences when it is a single
  paragraph, and the ``segmentation`` column says which; —— lines under a
  lead-in or a heading line are that paragraph's items.
  A short line without a sentence (工作目标) heads the paragraph after it; a
  responsibility line (责任单位：…) ends the paragraph before it.
"""

import bisect
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cleaning import BULLET_GLYPHS, CAPITAL_NUMERALS, COUNTING_WORDS, QUANTITY_MARKS, SPACES, UNIT_WORDS, _in_spans
from .corpus import _message_path, _refuse_duplicate_ids, documents_of
from .tables import check_table, typed

__all__ = ["ANY_TAG", "FRAME_ROLES", "LINE_TAG", "MEASURE_COLUMNS", "RESPONSIBILITY_TAG", "SEGMENTATIONS", "TAG_KEYS", "classify_frame_sections", "extract_measures", "measure_at"]

MEASURE_COLUMNS = {
    "doc_id": "document id",
    "measure_id": "stable, readable id: doc_id, a colon and the numbering path (huaxi:3.7); front matter is doc_id:0",
    "parent_id": "measure_id of the enclosing unit, '' at the top",
    "depth": "depth in the outline: 0 front matter, 1 top-level units (一、, 附件, paragraphs), 2 their children, …",
    "kind": "front_matter, section, measure, item, annex, part, paragraph or sentence",
    "label": "the numbering as written (（七）, 1., 一是, ——, •, 附件); '' for unnumbered units",
    "code": "numbering path joined with '-' (3-7; A-2-1 in the first annex)",
    "heading": "the title phrase after the numbering (强化特色示范创建); '' when there is none",
    "text": "the unit's own text: numbering included, children excluded; Document.text[start:end]",
    "start": "offset of the own text in Document.text",
    "end": "end offset of the own text in Document.text",
    "raw_start": "start mapped to Document.raw",
    "raw_end": "end mapped to Document.raw",
    "is_leaf": "True when the unit has no children",
    "segmentation": "how the document was split: numbered, paragraphs or sentences",
}
SEGMENTATIONS = ("auto", "numbered", "paragraphs", "sentences")

# What indents a line or spaces a number: cleaning's spaces, the tab and every Unicode space separator (category Zs),
# among them the no-break space of a draft pasted from WeChat or a web page, Word's en, em and thin spaces, the
# ideographic space. All are read alike and stay in the text, so that the units remain its exact slices. (Zero-width
# spaces and the byte-order mark never reach the outline: cleaning drops them.)
_SPACE = SPACES
_CN = "一二三四五六七八九十百"
# The capital numerals of cheques and contracts (大写数字): plans from Taiwan number their top level with them
# (壹、依據, 貳、目標, 拾壹、…), and reports their chapters and sections too (第壹章, 第貳節).
_DAXIE = CAPITAL_NUMERALS
# What ends the number of 一、 or 壹、: the ideographic comma, full-width (、) or half-width (､), or a full stop.
_LIST_COMMA = "、､．."
_DIGIT = "0-9０-９"
# The numerals of 第…章, 第…节 and 第…条: Chinese, capital (第壹章) or Arabic.
_ORDINAL = f"{_CN}零〇两兩{_DAXIE}{_DIGIT}"
# Traditional characters and the simplified ones they are read as, where a name is matched in a plan read without
# convert: the names of frame sections (指導思想, 基本原則, 工作目標, 實施步驟; see classify_frame_sections) and the
# keys of responsibility tags (牽頭單位, 責任部門, 參與單位). Only these characters are folded: no dictionary, and the
# text is not changed. 計畫 and 規畫 are Taiwan's spellings of 計劃 and 規劃, and OpenCC's t2s writes 規畫 as 规画:
# 畫, 劃 and 画 are all 划 here.
_TRADITIONAL_FOLD = str.maketrans("導針總體則發動預標務實進驟時間計畫劃画執辦規牽頭單責門協參與",
                                  "导针总体则发动预标务实进骤时间计划划划执办规牵头单责门协参与")


def _traditional_forms(word):
    """``word`` written in the traditional characters that :data:`_TRADITIONAL_FOLD` reads as its simplified ones.

    Examples
    --------
    >>> _traditional_forms("牵头单位"), _traditional_forms("配合单位")
    (['牽頭單位'], ['配合單位'])
    """
    import itertools

    sources = {}
    for traditional, simplified in _TRADITIONAL_FOLD.items():
        if traditional != simplified:
            sources.setdefault(chr(simplified), []).append(chr(traditional))
    forms = ["".join(chars) for chars in itertools.product(*(sources.get(char, [char]) for char in word))]
    return [form for form in forms if form != word]


TAG_KEYS = ("牵头单位", "牵头部门", "主责单位", "责任单位", "责任部门", "配合单位", "配合部门", "协办单位", "参与单位")
"""Keys that open a responsibility tag (<责任单位:…>, [牵头单位：…；配合单位：…]), as written in simplified characters.

The tag patterns (:data:`RESPONSIBILITY_TAG`, :data:`LINE_TAG`, :data:`ANY_TAG`) read each of them in traditional
characters too (牽頭單位, 責任部門, 參與單位), so that a plan read without ``convert`` has its tags.
"""
# Every way a key is written: simplified, and traditional (a plan from Taiwan or Hong Kong read without convert).
_TAG_KEY_FORMS = TAG_KEYS + tuple(form for key in TAG_KEYS for form in _traditional_forms(key))
_KEYS = "|".join(_TAG_KEY_FORMS)
# A tag's colon: half-width, full-width, and the small and vertical forms of Big5 text (﹕, ︰).
_COLON = ":：﹕︰"
# How the names of organisations end (区教育局, 县人民政府, 市委办公室, 我校): what a tag lists, and what an
# inline 区教育局牵头负责 names (annotations reads responsibilities with them).
_ORG_ENDINGS = ("局", "委员会", "委", "办公室", "办", "部", "厅", "政府", "中心", "小组", "学校", "学院", "集团", "我县", "我市", "我区", "我校")
RESPONSIBILITY_TAG = re.compile(
    rf"<[{_SPACE}]*(?:{_KEYS})[{_SPACE}]*[{_COLON}][^<>\n]*>"
    rf"|＜[{_SPACE}]*(?:{_KEYS})[{_SPACE}]*[{_COLON}][^＜＞\n]*＞"
    rf"|[\[［【][{_SPACE}]*(?:{_KEYS})[{_SPACE}]*[{_COLON}][^\[\]［］【】\n]*[\]］】]"
    # One level of brackets inside: (责任单位:各县(市)人民政府,…). Each character is taken by
    # exactly one branch, so the pattern cannot backtrack catastrophically.
    rf"|[（(][{_SPACE}]*(?:{_KEYS})[{_SPACE}]*[{_COLON}](?:[^()（）\n]|[（(][^()（）\n]*[)）])*[)）]"
)
"""A bracketed responsibility tag: <责任单位:…>, [牵头单位：…；配合单位：…], (责任单位:…)."""
LINE_TAG = re.compile(rf"(?<![^\s。；;])(?:{_KEYS})[{_SPACE}]*[{_COLON}][^\n。]*")
"""A tag without brackets, on its own line or after a sentence: 责任单位:区教育局、区财政局."""
ANY_TAG = re.compile(RESPONSIBILITY_TAG.pattern + "|" + LINE_TAG.pattern)
"""Either form; the departments it names say nothing about a measure's content."""

_MARKER_ALTERNATIVES = (
    rf"(?P<pian>篇[{_CN}]+)(?=[{_SPACE}]*[:：])"
    # Traditional forms too (第一編, 第一節, 第一條, 第兩章): a plan from Taiwan or Hong Kong is numbered so, and a
    # report from Taiwan numbers its chapters and sections with capital numerals as well (第壹章, 第貳節, 第拾壹章).
    rf"|(?P<chapter>第[{_ORDINAL}]+(?:章|编|編|部分))"
    rf"|(?P<section>第[{_ORDINAL}]+[节節])"
    rf"|(?P<article>第[{_ORDINAL}]+[条條])"
    # Not 壹仟元 (no comma), 分為壹、貳兩類 (a numeral after it) or 陸、海、空軍 (one character, then a comma again).
    rf"|(?<![{_CN}{_DAXIE}])(?P<daxie>[{_DAXIE}]+[{_SPACE}]*[{_LIST_COMMA}])(?![{_CN}{_DAXIE}{_DIGIT}]|[{_SPACE}]*[\u3400-\u9fff][、､])"
    # Before a digit only at a line start (see _scan): 一、112學年度：… is a school year's phase of a schedule.
    rf"|(?<![{_CN}])(?P<cn>[{_CN}]+[{_SPACE}]*[{_LIST_COMMA}])(?![{_CN}])"
    rf"|(?P<pcn>[（(][{_SPACE}]*[{_CN}]+[{_SPACE}]*[)）])"
    # The single characters of Unicode's enclosed numbers, as Word's numbering and PDF text write them: ㈠ for （一）,
    # ⒈ for 1., ⑴ for （1）. Each is a style of its own, ranked right below the style it stands for, so that a plan
    # numbering 1. / ⒈ puts one under the other, as it does 1. / （1）.
    rf"|(?P<glyph_pcn>[㈠-㈩])|(?P<glyph_arabic>[⒈-⒛])|(?P<glyph_parab>[⑴-⒇])"
    # 1.1. or 1.1 (without its last dot, then followed by no digit, quantity, range, formula or
    # closing bracket: 1.5万, 1.1—1.3, (见1.2) are figures).
    rf"|(?<![{_DIGIT}A-Za-z])(?<![{_DIGIT}][.．])(?P<dotted>[{_DIGIT}]{{1,2}}(?:[.．][{_DIGIT}]{{1,2}})+"
    rf"(?:[.．](?![{_DIGIT}])|(?=[{_SPACE}]*[^{_SPACE}{_DIGIT}.．{QUANTITY_MARKS})）\-—–~～+/])))"
    rf"|(?<![{_DIGIT}A-Za-z])(?<![{_DIGIT}][.．])(?P<arabic>[{_DIGIT}]{{1,3}}[{_SPACE}]*[.．、])(?![{_DIGIT}])"
    # A bare number before a space and a Chinese title (1 总则), as in plans numbered 1 / 1.1 / 1.1.1;
    # up to 100 and more before a tab, as the first cell of a table's row is read (120<tab>建设…).
    rf"|(?<![{_DIGIT}A-Za-z])(?<![{_DIGIT}][.．])(?P<bare>[{_DIGIT}]{{1,2}}(?=[{_SPACE}]+(?![{QUANTITY_MARKS}])[\u3400-\u9fff“《（(])"
    rf"|[{_DIGIT}]{{3}}(?=\t[{_SPACE}]*(?![{QUANTITY_MARKS}])[\u3400-\u9fff“《（(]))"
    rf"|(?P<parab>[（(][{_SPACE}]*[{_DIGIT}]{{1,2}}[{_SPACE}]*[)）])"
    rf"|(?<![{_DIGIT}A-Za-z（(])(?<![{_DIGIT}][.．])(?P<rparen>[{_DIGIT}]{{1,2}}[{_SPACE}]*[)）])"
    # 一） is to （一） what 1） is to （1）: a line start only (mid-line, 二） closes a bracket).
    rf"|(?<![{_CN}])(?P<rcn>[{_CN}]{{1,3}}[{_SPACE}]*[)）])"
    # ① … ⑳, then ㉑ … ㉟ and ㊱ … ㊿ (they are in other blocks of Unicode).
    rf"|(?P<circ>[①-⑳㉑-㉟㊱-㊿])"
    rf"|(?<![{_CN}])(?P<shi>[一二三四五六七八九十]{{1,2}}是)"
    r"|(?P<dash>——)(?!—)"
)
# Every number starts with one of these characters. Without the lookahead Python's regex engine
# tries all the alternatives, lookbehinds first, at every position; with it the scan is ten times faster.
_MARKER = re.compile(rf"(?=[篇第（(①-⑳㉑-㉟㊱-㊿㈠-㈩⑴-⒛—{_CN}{_DAXIE}{_DIGIT}])(?:{_MARKER_ALTERNATIVES})")
# 附件 / 附件1： on a line of its own, or 附件1：<title> on one line: the list of annexes at a plan's end (附件：某某方案,
# 附件1：… 附件2：… a line each), or an annex whose title stands on the line of its marker, when its content follows
# (see _opens_annex). A title is no sentence and does not start with a number (附件：1.某某方案 / 2.某某清单 is the
# list). The line start is checked after a match (see _scan): a pattern that opens with 附件 is found ten times faster.
_ANNEX = re.compile(
    rf"(附件[{_SPACE}]*[{_DIGIT}一二三四五六七八九十]*)[{_SPACE}]*"
    rf"(?:[:：]?[{_SPACE}]*|[:：][{_SPACE}]*(?P<title>(?=[^\s{_DIGIT}（(])[^\n。！？!?]{{1,60}}))$",
    re.M,
)
# A list of annexes: a line 附件： and the annexes' titles numbered 1, 2, … after its colon or on the lines after it
# (附件：1.某某学校名单 / 2.某某统计表), as a plan's back matter lists them (see _annex_lists). Found after a newline:
# a list at the text's start lists no annexes of a plan before it.
_ANNEX_LIST = re.compile(rf"\n[{_SPACE}]*附件[{_SPACE}]*[:：]")
_ANNEX_ENTRY = re.compile(rf"(?:[（(][{_SPACE}]*([{_DIGIT}]{{1,2}})[{_SPACE}]*[)）]|([{_DIGIT}]{{1,2}})[{_SPACE}]*[.．、)）])[{_SPACE}]*")
_ANNEX_SEPARATOR = re.compile(rf"[；;][{_SPACE}]*")
# What a title of an annex has none of: a clause, or a count at its end (新建小学3所, 补充教师100名, 培训5 学时), which a
# task has; a year or a date a title may end in (…发展规划2021—2025年) and an ordinal (第3批) are no counts.
_CLAUSE_MARK = re.compile("[，,]")
_COUNTS = COUNTING_WORDS.translate(str.maketrans("", "", "年月日")) + QUANTITY_MARKS
_ENDS_IN_COUNT = re.compile(rf"(?<![第{_DIGIT}.．])[{_DIGIT}]+(?:[.．][{_DIGIT}]+)?[{_SPACE}]*(?:[{_COUNTS}]|{'|'.join(UNIT_WORDS)})$")
# A bullet at a line start with text after it on its line (• is also what a .docx bullet and a
# Markdown "- " become). A hyphen or middle dot counts only before a space and a Chinese character,
# an opening bracket or quote, or a number (- （一）, - 1.): "- 5%" is a minus, "·韦伯" a name's dot.
# "■■■" and "- - -" are rules, not items.
_BULLET = re.compile(
    rf"^[{_SPACE}]*(?:([{BULLET_GLYPHS}])(?=[{_SPACE}]*[^\s{BULLET_GLYPHS}·\-—*+_=~#])"
    rf"|([·\-])(?=[{_SPACE}]+(?:[\u3400-\u9fff“‘《（(【〔「『]|[{_DIGIT}]{{1,3}}[.．、)）](?![{_DIGIT}]))))",
    re.M,
)

# Rank of each style: a number closes the open units of its rank or lower. A bare 1 is the
# level of 1.; 1） sits below （1） (一、 （一） 1. （1） 1） ①), so a plan may use both.
# 壹、 sits above 一、 and below 第一节, as Taiwan's reports number (第一章 第一節 壹、 一、 （一） 1. （1）).
# A bullet sits below ① and above 一是 and ——, so that a bullet's own 一是…二是… are its items.
# The enclosed characters (㈠, ⒈, ⑴) sit right below the style they stand for, and 一） below （一）, as 1） below （1）.
_RANK = {"pian": 0, "chapter": 1, "section": 2, "article": 3, "daxie": 3.5, "cn": 4, "pcn": 5, "glyph_pcn": 5.2, "rcn": 5.5, "arabic": 6, "bare": 6,
         "glyph_arabic": 6.5, "dotted": 7, "parab": 8, "glyph_parab": 8.2, "rparen": 8.5, "circ": 9, "bullet": 9.5, "shi": 10, "dash": 10}
# What may stand right before a number that starts mid-line (besides a space): the end of
# a sentence for outline numbers, also of a clause for 一是 and ①.
_SENTENCE_END = set("。；;！？!?：:）)」』>＞]］】…")
_CLAUSE_END = _SENTENCE_END | set("，,、”")
_INLINE_STYLES = ("shi", "dash")
# Units that are items of the unit above them, not numbered units: they leave it a measure.
_ITEM_STYLES = _INLINE_STYLES + ("bullet", "tagged")
# The styles of the number a sub-number 1.1 is under (1., 1 总则, 第一章, 一、), as its first part says.
_DOTTED_PARENTS = ("arabic", "glyph_arabic", "bare", "chapter", "cn")
# Styles of the outline a list inside a sentence may be numbered in (：1.…；2.…): see _inline_lists.
_LIST_STYLES = ("daxie", "cn", "pcn", "glyph_pcn", "arabic", "glyph_arabic", "parab", "glyph_parab", "circ")
_LIST_BREAK = re.compile(r"[\n。！？!?]")
# Styles that count only at the start of a line: mid-line, 2) closes a bracket and 2 or 1.5 is a figure.
_LINE_START_STYLES = ("bare", "rparen", "rcn")
# 一） at a line start (see _closed_brackets); found after a newline, which is ten times faster than with ^.
_LINE_START_RCN = re.compile(rf"\n[{_SPACE}]*([{_CN}]{{1,3}})[{_SPACE}]*[)）]")
# A heading run together with the bracketed number after it: a few characters, no punctuation.
_GLUED_HEADING = re.compile(r"[^\n。；;！？!?：:，,、<>＜＞\[\]［］【】]{1,20}")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")

_HEAD_OPEN, _HEAD_CLOSE = "（(“《〔「『‘", "）)”》〕」』’"
_HEAD_STOP = set("，,。；;：:！？!?<＜[［【\n")
_HEADING_MAX = 40
# In a plan without numbering, a line that heads the paragraph after it (工作目标): at most as long as a
# heading, no sentence or clause end in it (a line with a comma is a sentence that lost its 。), and no
# punctuation at its end but a closing bracket or quote.
_HEADING_LINE = re.compile(rf"[^\n。！？!?；;，,]{{1,{_HEADING_MAX}}}(?<![、：:.．…—\-])")
# The title after a sub-number that heads a section (2.1 指导思想, 3.1 错位编号。): short, no clause in it, up to the end
# of its line or a full stop or colon; not a unit or a quantity after a figure (2.1 小时，…, 2.1 万名) nor a version (2.1 版).
_SUB_HEADING = re.compile(
    rf"[{_SPACE}]*(?![{_SPACE}]|{'|'.join(UNIT_WORDS)}|[{QUANTITY_MARKS}版])[^\n。！？!?；;，,、：:]{{1,{_HEADING_MAX}}}(?:[。：:]|$)", re.M
)
# A table of contents: a line 目录 (目  录, 目錄, 目次), then its entries, each a heading and its page after dot
# leaders (一、总体要求……………1), a tab (第一章　发展基础<tab>1) or a run of spaces.
_CONTENTS_LINE = re.compile(rf"^[{_SPACE}]*目[{_SPACE}]*[录錄次][{_SPACE}]*[:：]?[{_SPACE}\r]*$", re.M)
# An entry's page ends its line, after leaders that open with two leader characters, an ellipsis, a tab or two spaces;
# the group "leaders" holds them and the page (see _page_at_end). A match is tried only where a run of leaders and
# spaces starts; the characters of the run before the first place its leaders may open are taken one by one, and the
# leaders and the fill after them whole (a lookahead's group matched again gives nothing back), so a line is read in
# one pass and a long run of fill-in blanks (名称______…) with no page after it fails at once.
_LEADER_CHARS = ".．·・…‥_\\-—"
# A leader or a space that opens no leaders by itself: all but the ellipsis and the tab.
_LONE_LEADERS, _LONE_SPACES = _LEADER_CHARS.replace("…", ""), _SPACE.replace("\t", "")
_PAGE_NUMBER = re.compile(
    rf"(?<![{_SPACE}{_LEADER_CHARS}])(?:[{_LONE_LEADERS}](?![{_LEADER_CHARS}])|[{_LONE_SPACES}](?![{_SPACE}]))*"
    rf"(?P<leaders>(?=(?P<opening>[{_LEADER_CHARS}]{{2,}}|…|\t|[{_SPACE}]{{2,}}))(?P=opening)"
    rf"(?=(?P<fill>[{_SPACE}{_LEADER_CHARS}]*))(?P=fill)(?:[{_DIGIT}]{{1,3}}|[IVXivx]{{1,4}})[{_SPACE}\r]*$)"
)
# What a page ends in: a line that ends in anything else is not searched for one.
_PAGE_END = frozenset("0123456789０１２３４５６７８９IVXivx")
_LINE = re.compile(r"[^\n]+")
# A dash line (——学前教育毛入园率达到95%以上，…): the dash, then text on its line.
_DASH_LINE = re.compile(rf"——(?!—)[{_SPACE}]*[^\s—]")
# A line that opens with 一是, 二是, …: an enumeration's item, when the next ones follow.
_LINE_SHI = re.compile(r"([一二三四五六七八九十]{1,2})是")
# A paragraph that opens with a title sentence of its own (加强党的全面领导。成立…).
_TITLE_SENTENCE = re.compile(rf"[^\n。！？!?；;，,：:]{{1,{_HEADING_MAX}}}[。！？!?]")
_SENTENCE_MARK = re.compile("[。！？!?；;]")
_TEXT_LINE = re.compile(r"(?m)^[^\S\n]*(\S)[^\n]*")
# A heading that PDF text runs together with the first item of its list ((二)优质资源拓展行动 7.优化…):
# a title without a sentence or a clause in it, ended at most by a full stop or a colon; its number may
# stand on a line of its own above it ((二)<newline><newline>培养优秀中小学校(含幼儿园)校长 2. 开展…).
_RUN_IN_HEADING = re.compile(rf"(?:[{_SPACE}\r]*\n){{0,2}}[^\n。；;！？!?：:，,、]{{0,{_HEADING_MAX}}}[。：:]?[{_SPACE}]*")
# What cites a law or another document before its 第十条 or 第三部分 (根据《教育法》 第十条, 教育法第十条).
_CITING = re.compile(rf"[《》]|根据|依据|依照|按照|参照|遵照|对照|(?:法|条例)[{_SPACE}]*$")
# A class of a school is named by its number in brackets and 班, after its grade (高一(1)班, 七年级（3）班, 大(2)班) or
# as a word of its own ((3)班、(5)班和(7)班); (3)班主任 is an item on head teachers.
_CLASS = re.compile(rf"[{_SPACE}]*班[{_SPACE}]*")
_GRADE = re.compile(rf"(?:[高初][一二三]|年级|[大中小])[{_SPACE}]*$")
# A line broken inside a list of classes (…高二（2）班、 / （3）班）), and a line of running text: a clause or a sentence in it.
_CLASS_LIST_END = re.compile("班[、､和与及或]$")
_RUNNING_TEXT = re.compile("[。；;，,：:！？!?]")
# An item opens with its title, a figure with its digits (92. 5%: PDF text put a space in 92.5%).
_A_DIGIT = re.compile(rf"[{_DIGIT}]")
_A_NUMBER = re.compile(rf"[{_DIGIT}]+")
# A responsibility tag that starts a line or a sentence, in brackets or not, up to the end of its line or sentence.
_LEADING_TAG = re.compile(rf"(?:[<＜\[［【（(][{_SPACE}]*)?(?:{_KEYS})[{_SPACE}]*[{_COLON}][^\n。]*")
# A unit's name in a tag's list (区教育局, 团区委, 县人民政府, 区妇联, 各镇街): the endings of organisations
# and of the federations tags name (妇联, 残联, 科协), or 各 before a kind of unit.
_UNIT_NAME = re.compile(rf"各.+|.*(?:{'|'.join((*_ORG_ENDINGS, '联', '协'))})")
# Numbering the outline does not read, at a line start: Roman numerals (Ⅰ．, ⅱ.) and Latin letters (A. , b）). Where
# they rank is no convention (Ⅰ may head a plan or number the lines under a （二）), so no rank is guessed for them:
# a run of them from the first (A. then B.) is named in a warning instead of being merged into the unit above unsaid.
_UNREAD_NUMBER = (
    rf"[{_SPACE}]*(?:(?P<roman>[Ⅰ-Ⅻ])|(?P<small_roman>[ⅰ-ⅻ])|(?P<latin>[A-Z])|(?P<small_latin>[a-z]))"
    rf"[{_SPACE}]*[.．、)）](?![{_DIGIT}A-Za-z])"
)
# Found after a newline (and at the text's start): a pattern that opens with "\n" is found ten times faster than with ^.
_UNREAD = re.compile("\n" + _UNREAD_NUMBER)
_UNREAD_AT_START = re.compile(_UNREAD_NUMBER)
_UNREAD_NAMES = {"roman": "Roman numerals", "small_roman": "small Roman numerals", "latin": "Latin letters", "small_latin": "small Latin letters"}
_UNREAD_FIRST = {"roman": "Ⅰ", "small_roman": "ⅰ", "latin": "A", "small_latin": "a"}


@dataclass(eq=False)
class _Unit:
    start: int
    marker_end: int
    style: str
    number: int = 0
    parts: tuple = ()
    label: str = ""
    parent: "_Unit" = None
    rank: float = 0.0
    end: int = 0
    children: list = field(default_factory=list)
    previous: "_Unit" = None  # the item before it in its list, under the same parent


_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "貳": 2, "贰": 2, "參": 3, "叁": 3, "参": 3, "肆": 4, "伍": 5, "陸": 6, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}


def _cn_value(numeral):
    total, current = 0, 0
    for char in numeral:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in "十拾":
            total += (current or 1) * 10
            current = 0
        elif char in "百佰":
            total += (current or 1) * 100
            current = 0
        elif char.isdigit():
            current = current * 10 + int(char)
    return total + current


_NOT_DIGITS = str.maketrans("", "", _SPACE + "（()）、､．.是:：篇第章编編部分节節条條")
# Whatever may stand right before a number: a candidate after anything else is no number.
_MAY_PRECEDE = set(_SPACE + "\n\r.．") | set("。；;！？!?：:）)」』>＞]］】…，,、”") | set(BULLET_GLYPHS)


# The value of each enclosed number: ① … ⑳, ㉑ … ㉟, ㊱ … ㊿; ⑴ … ⒇; ⒈ … ⒛; ㈠ … ㈩.
_ENCLOSED = {
    chr(first + k): start + k
    for first, start, count in ((0x2460, 1, 20), (0x3251, 21, 15), (0x32B1, 36, 15), (0x2474, 1, 20), (0x2488, 1, 20), (0x3220, 1, 10))
    for k in range(count)
}


def _number_of(style, label):
    if label in _ENCLOSED:
        return (_ENCLOSED[label],)
    if style == "dash":
        return (0,)
    if style == "dotted":
        return tuple(int(p) for p in re.split(r"[.．]", label.strip(".．" + _SPACE)))
    inner = label.translate(_NOT_DIGITS)
    if inner.isdigit():
        return (int(inner),)
    return (_cn_value(inner),)


def _scan(text):
    """All candidate numbers and annex lines, in text order."""
    marks = []
    for match in _MARKER.finditer(text):
        start = match.start()
        style = match.lastgroup
        if start and text[start - 1] not in _MAY_PRECEDE and style not in ("pcn", "parab"):
            continue
        if style == "parab" and _is_class_name(text, start, match.end()):
            continue
        if style == "cn" and _A_DIGIT.match(text, match.end()) and not _context(text, start)[0]:
            # In running text 二、 before a figure stays text, as it always did (改造校舍。二、3号楼…); at a line start it
            # numbers a line that opens with a figure, as Taiwan's schedules do (一、112學年度：…; 二、113學年度：…).
            continue
        if style == "rcn" and (not _context(text, start)[0] or _ends_open(text, start)):
            # Mid-line 二） closes a bracket: read only at a line start, and then no boundary of another list; nor when
            # the line before ends in the bracket it closes (落实“五个一”（ / 一）工程, a line broken inside it).
            continue
        label = match.group(style)
        parts = _number_of(style, label)
        marks.append(_Unit(start, start + len(label), style, parts[-1], parts, label, rank=_rank(style, parts)))
    annex_lines = [match for match in _ANNEX.finditer(text) if _visible_before(text, match.start()) == "\n"]
    # Before the first number a line 附件1：<title> is the title of the text: an annex published on its own, or a
    # compilation part whose marker it is.
    body_start = min((mark.start for mark in marks), default=len(text))
    for k, match in enumerate(annex_lines):
        # An annex line opens an annex only when the annex follows (not a bare "附件:" at the end); a line with its title,
        # only when what follows up to the next annex line is an annex's content, not the signature after a list of annexes.
        titled = match.group("title") is not None
        if titled and match.start() < body_start:
            continue
        stop = annex_lines[k + 1].start() if titled and k + 1 < len(annex_lines) else len(text)
        if len(re.sub(r"\s", "", text[match.end():min(match.end() + 200, stop)])) >= 20 and (not titled or _opens_annex(text, match.end(), stop)):
            marks.append(_Unit(match.start(1), match.end(1), "annex", label=match.group(1)))
    for match in _BULLET.finditer(text):
        glyph = match.lastindex
        marks.append(_Unit(match.start(glyph), match.end(glyph), "bullet", label=match.group(glyph), rank=_RANK["bullet"]))
    marks.sort(key=lambda m: m.start)
    for k in range(len(marks) - 1):
        # A bullet before a number (• （一）…) goes after it, so that the number is read first: when
        # it counts, the bullet only decorates it.
        if marks[k].style == "bullet" and marks[k + 1].start == _first_visible(text, marks[k].marker_end):
            marks[k], marks[k + 1] = marks[k + 1], marks[k]
    return marks


def _unread_runs(text, contents=()):
    """The first and the last mark of each run of lines numbered in a style the outline does not read (see :data:`_UNREAD`).

    A run counts from its first number (Ⅰ, ⅰ, A, a) and needs the second: a
    single line that opens with A. is as often a grade or a plan's variant.
    Lines in a table of contents (``contents``) are left out.

    Examples
    --------
    >>> text = "1.提升质量。\\nA. 深化改革。\\nB. 完善监测。\\nC. 加强教研。\\nA级景区。\\n"
    >>> [(first.label, last.label, last.number) for first, last in _unread_runs(text)]
    [('A.', 'C.', 3)]
    """
    import itertools

    runs, open_runs = [], {}
    at_start = _UNREAD_AT_START.match(text)
    for match in itertools.chain([at_start] if at_start else [], _UNREAD.finditer(text)):
        if _in_spans(match.start(), contents):
            continue
        style = match.lastgroup
        number = ord(match.group(style)) - ord(_UNREAD_FIRST[style]) + 1
        mark = _Unit(match.start(style), match.end(), style, number, (number,), match.group().strip(_SPACE + "\n"))
        run = open_runs.get(style)
        if number == 1:
            open_runs[style] = [mark]
        elif run is not None and number == len(run) + 1:
            run.append(mark)
        else:
            continue
        if len(open_runs[style]) == 2:
            runs.append(open_runs[style])
    return sorted(((run[0], run[-1]) for run in runs), key=lambda pair: pair[0].start)


# The lines of a document's closing block that hold a sentence mark without being an annex's content.
_SIGNATURE_LINE = re.compile(rf"[{_SPACE}]*[（(]?[{_SPACE}]*(?:抄送|抄报|主送|联系人|联系电话|联系方式|印发|发布日期)")


def _opens_annex(text, start, stop):
    """True when ``text[start:stop]``, after a line 附件1：<title>, is the content of that annex: it holds a sentence or a
    line that opens with a number. After a list of annexes come the signature and the date, or the next annex line.

    Examples
    --------
    >>> text = "附件1：任务清单\\n1.新建学校。\\n"
    >>> _opens_annex(text, 8, len(text)), _opens_annex("附件：任务清单\\n\\n某县教育局\\n2023年5月6日\\n", 7, 26)
    (True, False)
    """
    for line in _TEXT_LINE.finditer(text, start, stop):
        if _SIGNATURE_LINE.match(text, line.start(1)):
            continue  # 抄送：县委办，县人大办。 and （联系人：王某；电话：…） close a list of annexes too
        if _MARKER.match(text, line.start(1)) or _SENTENCE_MARK.search(text, line.start(1), line.end()):
            return True
    return False


def _annex_lists(text):
    """The spans of the lists of annexes in ``text``: each from its line 附件： to the end of its last title.

    A list of annexes names them, numbered, after the colon (附件：1.某某学校名单) or on the
    lines after it (附件： / 1.某某学校名单 / 2.某某统计表), or on one line
    (附件：1.…；2.…). Its numbers are no measures: the list is back matter, text
    of the unit before it, as a list 附件1：… / 附件2：… is. Each entry is a title
    (no sentence or clause in it, at most 60 characters, ended at most by ；,
    and no count at its end), the first numbered 1 and each next one more: an
    annex whose text starts with numbered sentences (附件： / 1.加强组织领导。成立…,
    or 1.加强组织领导。 alone on its line: a title does not end in 。), clauses
    (1.成立工作专班，统筹推进…) or tasks with their counts (1.新建小学3所 /
    2.补充教师100名) is no list.

    Examples
    --------
    >>> text = "二、保障\\n加强领导。\\n附件：1.新建学校名单\\n      2.教师补充情况统计表\\n\\n某县教育局\\n"
    >>> [text[start:end] for start, end in _annex_lists(text)]
    ['附件：1.新建学校名单\\n      2.教师补充情况统计表']
    """
    spans = []
    for match in _ANNEX_LIST.finditer(text):
        position, number, end = match.end(), 1, None
        while True:
            entry = _ANNEX_ENTRY.match(text, _first_visible(text, position))
            if entry is None or int(entry.group(1) or entry.group(2)) != number:
                break
            line_end = text.find("\n", entry.end())
            line_end = len(text) if line_end < 0 else line_end
            title_end, position = line_end, line_end
            for separator in _ANNEX_SEPARATOR.finditer(text, entry.end(), line_end):
                following = _ANNEX_ENTRY.match(text, separator.end())
                if following is not None and int(following.group(1) or following.group(2)) == number + 1:
                    title_end, position = separator.start(), separator.start() + 1
                    break
            title = text[entry.end():title_end].strip(_SPACE + "\r").rstrip("；;")
            if not title or len(title) > 60 or _SENTENCE_MARK.search(title) or _CLAUSE_MARK.search(title) or _ENDS_IN_COUNT.search(title):
                break
            end, number = line_end, number + 1
        if end is not None:
            spans.append((match.start() + 1, end))
    return spans


def _page_at_end(line):
    """The match of the page that ends ``line`` of a table of contents, its group "leaders" from the leaders on, or None.

    Examples
    --------
    >>> line = "一、总体要求 ……………… 12"
    >>> page = _page_at_end(line)
    >>> line[:page.start("leaders")], page.group("leaders")
    ('一、总体要求 ', '……………… 12')
    >>> _page_at_end("学校名称" + "_" * 5000), _page_at_end("联系电话" + "_" * 5000 + "13800001111")
    (None, None)
    """
    tail = line.rstrip(_SPACE + "\r")
    if not tail or tail[-1] not in _PAGE_END:
        return None
    return _PAGE_NUMBER.search(line)


def _contents_spans(text):
    """The spans of the tables of contents in ``text``: each from its 目录 line to the end of its last entry.

    An entry is a line that ends in its page (……1, a tab and 1); a table whose
    entries have no pages counts when the body then repeats its first entry
    (目录 / 一、总体要求 / 二、重点任务 / 一、总体要求 …), and ends before that line.
    A table needs two entries: a line 目录 alone stays text. Without a 目录 line,
    a table's entries with their pages are found before the body (see
    :func:`_unheaded_contents`).

    Examples
    --------
    >>> text = "方案\\n目  录\\n一、总体要求……1\\n二、重点任务……3\\n\\n一、总体要求\\n内容。"
    >>> [text[start:end] for start, end in _contents_spans(text)]
    ['目  录\\n一、总体要求……1\\n二、重点任务……3']
    """
    spans = []
    for match in _CONTENTS_LINE.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue
        titles, paged, end, last_paged, repeated = [], 0, match.end(), match.end(), False
        for line in _LINE.finditer(text, match.end()):
            content = line.group()
            if not content.strip(_SPACE + "\r"):
                continue
            if len(content) > 200 or _CONTENTS_LINE.fullmatch(content):
                break  # an entry is a heading and its leaders, not a paragraph or another table
            page = _page_at_end(content)
            title = re.sub(rf"[{_SPACE}\r]", "", content[:page.start("leaders")] if page else content)
            if page is None and titles and title == titles[0]:
                repeated = True  # the body starts: its first heading again
                break
            if not title or len(title) > _HEADING_MAX or (page is None and not _HEADING_LINE.fullmatch(title)):
                break
            titles.append(title)
            end = line.end()
            if page is not None:
                paged, last_paged = paged + 1, end
        if repeated and len(titles) >= 2:
            spans.append((match.start(), end))
        elif paged >= 2:
            spans.append((match.start(), last_paged))
    if not spans:
        unheaded = _unheaded_contents(text)
        spans += [unheaded] if unheaded is not None else []
    return spans


def _unheaded_contents(text):
    """The span of a table of contents without a 目录 line, or None.

    Before a plan's first sentence, a run of two or more lines that each end
    in a page (一、总体要求……1, 二、重点任务 …… 3, 第二章　主要任务<tab>5, or spaces
    and the page) is a table of contents when its pages do not go back, no
    line above it is numbered (only the title stands before it), and the body
    opens with its first entry as a heading, on the first numbered line after
    it or before that line: the entry, then the end of the line or of the
    heading (一、总体要求, 总体要求。坚持…). Only the first such run is
    read: a table of contents comes before the body, and a table of figures
    with its last column of counts (一、项目清单 / 1.第一小学    12, later
    1.第一小学由县教育局负责实施。) is no run of headings that the body repeats.

    Examples
    --------
    >>> text = "方案\\n一、总体要求……1\\n二、重点任务…… 3\\n\\n一、总体要求\\n内容。"
    >>> start, end = _unheaded_contents(text)
    >>> text[start:end]
    '一、总体要求……1\\n二、重点任务…… 3'
    """
    sentence = _SENTENCE_MARK.search(text)
    limit = text.rfind("\n", 0, sentence.start()) + 1 if sentence else len(text)
    run = []
    for line in _LINE.finditer(text, 0, limit):
        content = line.group()
        if not content.strip(_SPACE + "\r"):
            continue
        page = _page_at_end(content) if len(content) <= 200 else None
        title = re.sub(rf"[{_SPACE}\r]", "", content[:page.start("leaders")]) if page else ""
        if title and len(title) <= _HEADING_MAX:
            run.append((line, title, page))
        elif len(run) >= 2:
            break
        else:
            run = []
    if len(run) < 2:
        return None
    pages = [int(digits.group()) for _, _, page in run for digits in [_A_NUMBER.search(page.group("leaders"))] if digits]
    if any(later < earlier for earlier, later in zip(pages, pages[1:])):
        return None
    end = run[-1][0].end()
    first = f"[{_SPACE}]*".join(map(re.escape, run[0][1]))
    repeated = re.compile(rf"\n[{_SPACE}]*{first}[{_SPACE}]*(?:[。．.：:]|\r?$)", re.M).search(text, end)
    if repeated is None or _numbered_line(text, 0, run[0][0].start()) or _numbered_line(text, end, repeated.start()):
        return None  # the run stands in the body, or the body opens with another heading
    return run[0][0].start(), end


def _numbered_line(text, start, end):
    """True when a line between ``start`` and ``end`` starts with a number of the outline (一、, （一）, 1., 第一章…)."""
    for line in _LINE.finditer(text, start, end):
        first = _first_visible(text, line.start())
        if first >= line.end():
            continue  # a line of spaces: the next line is looked at in its turn
        mark = _MARKER.match(text, first)
        if mark is not None and mark.lastgroup not in _INLINE_STYLES:
            return True
    return False


def _is_class_name(text, start, end):
    """True when the number in brackets at ``start:end`` names a class (高一(1)班开展试点, （3）班、（5）班), not an item.

    A number in brackets before 班 names a class

    - after its grade on its line (高一(1)班, 七年级（3）班, 大(2)班);
    - before another class: 、, 和, 与, 及, 或 or 等 after 班, past a space
      ((3)班、(5)班和(7)班, （3）班 和（5）班);
    - at a line start, after a grade that ends the line before, when that line
      is running text with a clause or a sentence in it (…选取七年级 / （3）班。作为试点…,
      …在高一 / （3）班，（5）班…), or after a class and 、 or 和 that end it
      (…高二（2）班、 / （3）班）。): a line broken inside the class's name;
    - in the middle of a line, when no word goes on after 班, past a space
      (…（7）班，实行分层教学, （7）班）.

    Otherwise a number at a line start before 班 numbers an item that begins
    with it: （3）班主任津贴, （3）班 级管理 (PDF text put a space inside 班级),
    and （4）班。 after a line that names no grade at its end (（3）年级。 /
    （4）班。 in a list of levels). A heading above that ends in 初中 or 小
    (二、初中 / （1）班级管理) names no class: it has no clause in it.

    Examples
    --------
    >>> _is_class_name("高一(1)班开展试点", 2, 5), _is_class_name("（3）班、（5）班", 0, 3), _is_class_name("（3）班主任津贴", 0, 3)
    (True, True, False)
    >>> _is_class_name("（3）班 级管理", 0, 3), _is_class_name("（4）班。", 0, 3), _is_class_name("试点为（7）班，", 3, 6)
    (False, False, True)
    >>> _is_class_name("试点为（3）班 和（5）班", 3, 6), _is_class_name("在七年级的班级中，选取七年级\\n（3）班。作为试点", 15, 18)
    (True, True)
    >>> _is_class_name("二、初中\\n（1）班级管理。", 5, 8), _is_class_name("（2）年级。\\n（3）班。", 7, 10)
    (False, False)
    """
    ban = _CLASS.match(text, end)
    if ban is None:
        return False
    after = text[ban.end():ban.end() + 1]
    line_start = text.rfind("\n", 0, start) + 1
    if (after and after in "、､和与及或等") or _GRADE.search(text, max(start - 4, line_start), start):
        return True
    if _context(text, start)[0]:
        if line_start == 0:
            return False
        before_start = text.rfind("\n", 0, line_start - 1) + 1
        before = text[before_start:line_start - 1].rstrip(_SPACE + "\r")
        return bool(_CLASS_LIST_END.search(before) or (_GRADE.search(before, max(len(before) - 4, 0)) and _RUNNING_TEXT.search(before)))
    return not _CJK_CHAR.match(after)


def _rank(style, parts=()):
    if style == "dotted":
        return _RANK["dotted"] + 0.01 * len(parts)
    return _RANK.get(style, -1)


def _enumerations(marks):
    """Indices of 一是/二是 marks that form a chain of at least two items."""
    valid, chain = set(), []
    for index, mark in enumerate(marks):
        if mark.style != "shi":
            continue
        if mark.number == 1:
            if len(chain) >= 2:
                valid.update(chain)
            chain = [index]
        elif chain and mark.number == len(chain) + 1 and mark.start - marks[chain[-1]].start < 3000:
            chain.append(index)
    if len(chain) >= 2:
        valid.update(chain)
    return valid


def _inline_lists(text, marks, contexts):
    """Indices of the numbers of a list written inside a sentence: 重点实施三大行动：（一）…；（二）…；（三）…。

    Such a list runs on one line, in a style the plan numbers its lines with:
    its first number, 1, stands after a colon in the middle of the line, and
    each next one, one more, after the end of a clause (；，、) with no sentence
    ended since the number before it. Its numbers are text: read as the
    outline's, they would take the numbers of the items at the line starts
    after them (…三项工作：1.…；2.…；3.… then the line 3.提升…). A list that runs
    on from the title of a heading is that heading's items, not a sentence's
    (see :func:`_runs_in_from_heading`).

    Examples
    --------
    >>> text = "一、任务\\n1.加强建设。重点做好两项工作：1.完善机制；2.健全体系。\\n2.提升质量。"
    >>> marks = _scan(text)
    >>> [marks[k].label for k in sorted(_inline_lists(text, marks, [_context(text, m.start) for m in marks]))]
    ['1.', '2.']
    >>> text = "一、任务\\n（一）加强学校建设：1.新建小学3所；2.改扩建初中2所。\\n（二）加强队伍建设。\\n1.补充教师。"
    >>> marks = _scan(text)
    >>> _inline_lists(text, marks, [_context(text, m.start) for m in marks])
    set()
    """
    line_styles = {mark.style for mark, context in zip(marks, contexts) if context[0]}
    found = set()
    for k, mark in enumerate(marks):
        if contexts[k][0] or mark.number != 1 or mark.style not in line_styles or mark.style not in _LIST_STYLES:
            continue
        if _visible_before(text, mark.start) not in "：:":
            continue
        run = [k]
        for j in range(k + 1, len(marks)):
            last, following = marks[run[-1]], marks[j]
            # Items of a list in a sentence are clauses: a sentence's end, a new line or a long stretch ends it.
            if following.start - last.marker_end > 300 or _LIST_BREAK.search(text, last.marker_end, following.start):
                break
            if following.style == mark.style and following.number == last.number + 1 and _visible_before(text, following.start) in "；;，,、":
                run.append(j)
        if len(run) >= 2 and not _runs_in_from_heading(text, marks, contexts, run):
            found.update(run)
    return found


def _runs_in_from_heading(text, marks, contexts, run):
    """True when the list ``run`` (indices of ``marks``) is the items of the heading it runs on from.

    A heading's title and a colon may lead straight into its items on its
    line: （一）加强学校建设：1.新建小学3所；2.改扩建初中2所。 The list is then
    the heading's, not a sentence's: the number before it opens the line (or
    stands alone on the line above), only the title stands between them, and
    the list ranks below it. Each next item follows the end of a clause that
    a number mid-line may follow (；), and no line under the heading is
    numbered but to go on with the list (3.新建幼儿园5所。 after …；2.改扩建初中2所；,
    and the lines under such an item): a line numbered under the heading in
    any style numbers the items again (1.新建小学3所。 on a line of its own,
    or 二、主要任务：1.加强学校建设；2.加强队伍建设。 then （一）加强学校建设。
    and （二）…), and the list stays text, as a list in a sentence does.

    Examples
    --------
    >>> def runs_in(text):
    ...     marks = _scan(text)
    ...     contexts = [_context(text, m.start) for m in marks]
    ...     return _runs_in_from_heading(text, marks, contexts, [k for k, m in enumerate(marks) if not contexts[k][0]])
    >>> runs_in("一、任务\\n（一）加强学校建设：1.新建小学3所；2.改扩建初中2所；\\n3.新建幼儿园5所。\\n（二）加强队伍建设。")
    True
    >>> runs_in("二、主要任务：1.加强学校建设；2.加强队伍建设。\\n（一）加强学校建设。\\n（二）加强队伍建设。\\n三、保障")
    False
    """
    first, k = marks[run[0]], run[0] - 1
    if k < 0 or not contexts[k][0] or marks[k].rank >= first.rank:
        return False
    if not _RUN_IN_HEADING.fullmatch(text, marks[k].marker_end, first.start) or _visible_before(text, first.start) not in "：:":
        return False
    if any(_visible_before(text, marks[j].start) not in "；;" for j in run[1:]):
        return False
    heading, following = marks[k], marks[run[-1]].number + 1
    for mark, context in zip(marks[run[-1] + 1:], contexts[run[-1] + 1:]):
        if mark.rank <= heading.rank:
            break  # the heading's next sibling, a heading above it or an annex
        if not context[0] or mark.style in _ITEM_STYLES:
            continue  # a number in the middle of a line, or an item (一是, ——, •) of the unit above it
        if mark.style == first.style and mark.number == following:
            following += 1  # the list goes on at the start of a line
        elif mark.rank <= first.rank or following == marks[run[-1]].number + 1:
            return False
    return True


def _ends_open(text, start):
    """True when the line before the one ``start`` is on ends in an opening bracket (（ or (), which a line start may close."""
    newline = text.rfind("\n", 0, start)
    return newline > 0 and _visible_before(text, newline) in "（("


def _closed_brackets(text):
    """The 一） at a line start that close the bracket the line before them ends in (…“五个一”（ / 一）工程), in text order.

    Each is ``(start, number, bracket)``, ``bracket`` the unit of the number as written.

    Examples
    --------
    >>> [(start, number, bracket.label) for start, number, bracket in _closed_brackets("（一）落实“五个一”（\\n一）工程。\\n二）、加强队伍。")]
    [(12, 1, '一）')]
    """
    closed = []
    for match in _LINE_START_RCN.finditer(text):
        if _ends_open(text, match.start(1)):
            number = _cn_value(match.group(1))
            closed.append((match.start(1), number, _Unit(match.start(1), match.end(), "rcn", number, (number,), match.group().lstrip("\n" + _SPACE))))
    return closed


def _after_closed_bracket(closed, mark, parent):
    """The 一） of a bracket broken across lines that the closing-bracket number ``mark`` would go on from under ``parent``, or None.

    A line broken inside a bracket (落实“五个一”（ / 一）工程) puts 一） at a line
    start, where it closes the bracket and is text. A 二） on a later line
    under the same unit would start a list at 2 below that unit, going on
    from that bracket's end: it is read as text too, and so are the 三） … after
    it. ``closed`` holds the 一） of :func:`_closed_brackets` and the numbers
    read as text after them, in text order, each with the 一） its list opens with.
    """
    k = bisect.bisect_left(closed, (mark.start,)) - 1
    if k < 0 or closed[k][1] != mark.number - 1 or (parent is not None and closed[k][0] < parent.start):
        return None
    return closed[k][2]


def _visible_before(text, position):
    """The last character before ``position`` that is not a horizontal space ("\\n" at the start of the text)."""
    while position > 0 and text[position - 1] in _SPACE:
        position -= 1
    return text[position - 1] if position else "\n"


def _headed_bare_numbers(text, marks):
    """Indices of bare numbers (1 总则) whose next number at a line start is their first sub-number (1.1).

    A number at a line start followed by a space is as often a figure of a broken
    line (3 个基地) as a title's number, so bare numbers count only in a plan
    where one of them is followed by its 1.1.
    """
    headed, waiting = set(), None
    for index, mark in enumerate(marks):
        if mark.style == "bullet" or not _context(text, mark.start)[0]:
            continue
        if waiting is not None and mark.style == "dotted" and mark.parts == (marks[waiting].number, 1):
            headed.add(waiting)
        waiting = index if mark.style == "bare" else None
    return headed


def _table_rows(text, marks, contexts):
    """Indices of bare numbers that are the serial numbers of a table's rows.

    A table row is read as one line, its cells joined by tabs: 10<tab>开展…<tab>县教育局.
    A bare number before a tab at a line start counts when it is one of at least
    two such numbers in a row, each the last one plus one; a number at a line
    start of the rank of 1. or above (二、, 5.) or an annex between two of them
    ends the run, so that they are the rows of one table.
    """
    rows, run = set(), []
    for index, mark in enumerate(marks):
        at_line_start = contexts[index][0]
        if mark.style == "bare" and at_line_start and text.startswith("\t", mark.marker_end):
            if run and mark.number != marks[run[-1]].number + 1:
                rows.update(run if len(run) >= 2 else ())
                run = []
            run.append(index)
        elif mark.style == "annex" or (at_line_start and mark.style != "bullet" and mark.rank <= _RANK["bare"]):
            rows.update(run if len(run) >= 2 else ())
            run = []
    rows.update(run if len(run) >= 2 else ())
    return rows


def _next_in_lists(marks, contexts):
    """For each mark, the index of the next mark of its list that stands where a number may, or None.

    The next mark of a list is the next of the same style (a sub-number: under
    the same number) at a line start, or mid-line after a space or the end of a
    sentence; an annex ends every list. It tells a slip of numbering (9. between
    5. and 7.) from a figure or a stray line (9. between 3. and 4.).
    """
    following, seen = [None] * len(marks), {}
    for index in range(len(marks) - 1, -1, -1):
        mark = marks[index]
        if mark.style == "annex":
            seen = {}
            continue
        key = (mark.style, mark.parts[:-1]) if mark.style == "dotted" else mark.style
        following[index] = seen.get(key)
        at_line_start, before, _ = contexts[index]
        if at_line_start or before.isspace() or before in _SENTENCE_END:
            seen[key] = index
    return following


def _next_above(marks):
    """For each mark, the index of the next mark of a higher level (a lower rank: （三） or 四、 after 7.), or None.

    One pass from the end with a stack of ranks that rise towards its top, so that a long text costs linear time.
    """
    above, stack = [None] * len(marks), []
    for index in range(len(marks) - 1, -1, -1):
        while stack and marks[stack[-1]].rank >= marks[index].rank:
            stack.pop()
        above[index] = stack[-1] if stack else None
        stack.append(index)
    return above


def _next_above_rank(marks, above, index, rank):
    """The index of the first mark after ``index`` of a rank below ``rank`` (a heading above that level), or None.

    ``above`` is :func:`_next_above`; ``rank`` is at most the mark's own. Every mark between a
    mark and the next one above it ranks at least as high as that mark, so following ``above``
    skips nothing: a step per level of the outline.
    """
    position = above[index]
    while position is not None and marks[position].rank >= rank:
        position = above[position]
    return position


def _context(text, pos):
    """(at line start, the character right before pos, the one before that)."""
    i = pos - 1
    while i >= 0 and text[i] in _SPACE:
        i -= 1
    if i >= 0 and text[i] in BULLET_GLYPHS + "·-" and (text[i] in BULLET_GLYPHS or i < pos - 1):
        # A number after a bullet at a line start (• （一）…, ●1.…, - 1.…) is at the start of its line.
        j = i - 1
        while j >= 0 and text[j] in _SPACE:
            j -= 1
        if j < 0 or text[j] == "\n":
            i = j
    at_line_start = i < 0 or text[i] == "\n"
    before = text[pos - 1] if pos else "\n"
    before2 = text[pos - 2] if pos >= 2 else ""
    return at_line_start, before, before2


def _is_glued(text, heading_start, pos):
    """True when the bracketed number at ``pos`` follows a short heading glued to it.

    PDF extraction runs a title and the first item under it together:
    一、总体要求(一)指导思想。 The heading between the open number and ``pos`` must be
    short, free of punctuation, and end in a Chinese character or a closing quote, so
    that a bracket inside a sentence (见附表(1), alert(1), f(1)) is no number.
    """
    heading = text[heading_start:pos]
    if not heading:
        return True
    return bool(_GLUED_HEADING.fullmatch(heading)) and (_CJK_CHAR.match(heading[-1]) is not None or heading[-1] in "”’」』》")


def _title_start(text, pos, floor):
    """Where the title block of a second plan glued after the first one starts, or None.

    Walks back from the line of ``pos`` over at most two preamble paragraphs,
    then over short lines without a full stop (the title); never before ``floor``.
    """
    end = text.rfind("\n", 0, pos) + 1
    preamble, title_start = 0, None
    while end - 1 > floor:
        begin = text.rfind("\n", 0, end - 1) + 1
        line = text[begin:end - 1]
        stripped = line.strip(_SPACE + "\r")
        end = begin
        if not stripped:
            continue
        first = begin + (len(line) - len(line.lstrip(_SPACE + "\r")))
        if first < floor:
            break
        is_title = len(stripped) <= 60 and not stripped.endswith("。")
        if is_title:
            title_start = first
        elif title_start is None and preamble < 2:
            preamble += 1
        else:
            break
    return title_start


@dataclass
class _Branch:
    root: _Unit = None
    stack: list = field(default_factory=list)
    running: dict = field(default_factory=dict)
    last: dict = field(default_factory=dict)  # style -> the last unit of that style


def _parse_numbered(text, slips=None):
    """Units of the numbered outline, in text order (parents before children).

    ``slips``, a list, receives ``(mark, previous, kind, following)`` for each
    number at a line start that does not continue its list (9. after 3.), read
    as text (``kind`` "text"); for each kept in spite of a gap before it (5.
    after 2., "skip") or repeating the item before it (（二） twice, "repeat");
    and for each wrong number kept as the item it stands for (9. between 5. and
    7., "slip", with ``following`` the 7.; None for the other kinds). A run of
    lines numbered in a style that is not read (A. B.) adds its first mark, kind
    "unread", with ``following`` its last (see :func:`_unread_runs`).
    """
    marks = _scan(text)
    contents = _contents_spans(text)
    if slips is not None:
        slips.extend((first, None, "unread", last) for first, last in _unread_runs(text, contents))
    if contents:
        # A table of contents is front matter: its headings are the body's, listed with their pages.
        marks = [m for m in marks if not _in_spans(m.start, contents)]
    annex_lists = _annex_lists(text)
    if annex_lists:
        # A list of annexes is back matter: its numbers name the annexes, and its line 附件： opens none.
        marks = [m for m in marks if not _in_spans(m.start, annex_lists)]
    if sum(m.style == "pian" for m in marks) < 2:
        # A single 篇X: line is the header of one part of a compilation, not a level.
        marks = [m for m in marks if m.style != "pian"]
    contexts = [_context(text, mark.start) for mark in marks]
    inline = _inline_lists(text, marks, contexts)
    if inline:
        marks = [mark for k, mark in enumerate(marks) if k not in inline]
        contexts = [context for k, context in enumerate(contexts) if k not in inline]
    chained = _enumerations(marks)
    headed, table_rows = set(), set()
    if any(m.style == "bare" for m in marks):
        headed = _headed_bare_numbers(text, marks)
        table_rows = _table_rows(text, marks, contexts)
    following = _next_in_lists(marks, contexts)
    above = _next_above(marks)
    closed = _closed_brackets(text) if any(mark.style == "rcn" for mark in marks) else []
    units, branch = [], _Branch()
    numbered = any(mark.style not in _ITEM_STYLES and mark.style != "annex" for mark in marks)
    for index, mark in enumerate(marks):
        if mark.style == "annex":
            mark.style, mark.rank = "annex", -1
            units.append(mark)
            branch = _Branch(root=mark)
            continue
        if not units and mark.style in _INLINE_STYLES and numbered:
            # Before the first number an item's mark is the preamble's (a subtitle ——建设教育强县的实施路径 under the title,
            # 一是…二是… in a lead-in), as a bullet is: front matter, not items at the top that the numbers then run into.
            # In a text with no number but these (read as numbered when asked to be), they are its items.
            continue
        stack = branch.stack
        i = len(stack)
        while i and stack[i - 1].rank >= mark.rank:
            i -= 1
        same = stack[i] if i < len(stack) and stack[i].style == mark.style else None
        parent = stack[i - 1] if i else branch.root
        if mark.style == "dotted":
            if same is not None and same.parts[:-1] != mark.parts[:-1]:
                same = None
            wanted = mark.parts[:-1]
            # 1.1 is a child of its 1., 1 or 1.1 before it; and of its 第一章 or 一、 (第一章 / 1.1 / 1.2 / 第二章 / 2.1, as
            # five-year plans number), as read where no 1. is open.
            if parent is None or not ((parent.style in _DOTTED_PARENTS and (parent.number,) == wanted) or (parent.style == "dotted" and parent.parts == wanted)):
                if (slips is not None and parent is not None and parent.style in ("chapter", "cn") and contexts[index][0]
                        and mark.parts[1:] == (1,) and _SUB_HEADING.match(text, mark.marker_end)):
                    # 2.1 opening a list at a line start under 一、 or 第一章, before a title: it names another section
                    # than the one it stands under, so it is no child of it; text, as a figure would be (2.1 小时，…),
                    # but named in a warning.
                    slips.append((mark, parent, "under", None))
                continue
        expected = same.number + 1 if same is not None else 1
        running = branch.running.get(mark.style, 0) + 1
        at_line_start, before, before2 = contexts[index]
        spaced = before.isspace() or before == "\n"
        if mark.style == "dash":
            if not (at_line_start or spaced or before in _SENTENCE_END) or not text[mark.marker_end:mark.marker_end + 40].split("\n", 1)[0].strip():
                continue
            mark.number, mark.parts = expected, (expected,)
        elif mark.style == "bullet":
            lead = _first_visible(text, mark.marker_end)
            decorated = [unit for unit in units[-2:] if unit.start == lead]
            if decorated:
                # The number after the bullet counts (it was read first): its unit starts at the bullet.
                for unit in decorated:
                    unit.start = mark.start
                    if unit.style == "part":
                        unit.marker_end = mark.start
                continue
            if not units:
                continue  # before any number: a bullet of the preamble stays front matter
            mark.number, mark.parts = expected, (expected,)
        elif mark.style == "shi":
            if index not in chained or mark.number != expected or not (at_line_start or spaced or before in _CLAUSE_END):
                continue
        elif not at_line_start and (mark.style == "pian" or mark.style in _LINE_START_STYLES):
            continue
        elif mark.style == "pian":
            pass
        elif mark.style == "bare":
            # Only in a plan numbered 1 / 1.1, and then as the next number of its list or followed by its 1.1;
            # or as the serial number of a table's row.
            if index not in table_rows and (not headed or (index not in headed and mark.number != expected)):
                continue
        elif at_line_start and mark.style == "dotted" and not mark.label.endswith((".", "．")):
            # Without its last dot a sub-number looks like a figure (1.5 小时): only the next number
            # of its list counts; one out of its open list is named in a warning, as a slip would be.
            if mark.number != expected:
                if same is not None and slips is not None:
                    slips.append((mark, same, "text", None))
                continue
        elif at_line_start:
            bracket = _after_closed_bracket(closed, mark, parent) if mark.style == "rcn" and same is None else None
            if bracket is not None:
                # 二） after the 一） of a bracket broken across lines: text, as that 一） is, and named in a warning.
                if slips is not None:
                    slips.append((mark, bracket, "bracket", None))
                bisect.insort(closed, (mark.start, mark.number, bracket))
                continue
            if same is not None and mark.number == same.number and units[-1] is same and not _context(text, same.start)[0]:
                # A number at a line start wins over the same number in the middle of the line before it
                # (…工作。3.落实… then the line 3.提升…): that one is text of the item before it, as a figure would be.
                units.pop()
                if slips is not None:
                    slips[:] = [slip for slip in slips if slip[0] is not same]
                branch.running[mark.style], running = same.number - 1, same.number
                same = same.previous
                expected = same.number + 1 if same is not None else 1
                if same is not None:
                    branch.last[mark.style] = same
                else:
                    branch.last.pop(mark.style, None)
            previous = same if same is not None else branch.last.get(mark.style)
            following_mark, after = _following_two(marks, following, index)
            slipped = _slipped_number(mark, (expected, running), following_mark, after)
            if slipped is not None:
                # A wrong number between two that agree (9. between 5. and 7.): the item stands in its
                # place and the list goes on from it, so that one slip costs one warning, not the list.
                if slips is not None:
                    slips.append((mark, previous, "slip", following_mark))
                mark.number, mark.parts = slipped, mark.parts[:-1] + (slipped,)
            else:
                # A number met again at a line start is a slip of numbering (（二） twice), not text: the item is kept, as _2.
                repeated = same is not None and mark.number == same.number
                # A number ahead of its list is a missing item, unless the list then goes on from where it
                # was (9. between 3. and 4. is a stray line).
                ahead = expected < mark.number <= expected + 3 and (following_mark is None or following_mark.number != expected)
                if not (mark.number in (expected, running, 1) or ahead or repeated):
                    # A number of a style this plan numbers with, out of its place: likely a slip, named in a warning.
                    if previous is not None and slips is not None:
                        slips.append((mark, previous, "text", None))
                    continue
                if slips is not None and same is not None and (repeated or mark.number not in (expected, running, 1)):
                    slips.append((mark, same, "repeat" if repeated else "skip", None))
        else:
            if mark.style == "dotted" and not mark.label.endswith((".", "．")):
                continue
            after_sentence = spaced or before in _SENTENCE_END or (before in ".．" and not before2.isdigit())
            if mark.style == "circ":
                after_sentence = after_sentence or before in _CLAUSE_END
            glued = mark.style in ("pcn", "parab") and stack and _is_glued(text, stack[-1].marker_end, mark.start)
            if not (after_sentence or glued):
                continue
            # Mid-line only the next number counts, so that a figure stays text; but a wrong number right after
            # the heading on its line ((二)优质资源拓展行动 7.优化… before 5., where 4. was meant) is a slip, read
            # as at a line start: as text it would swallow the items after it without a word.
            slipped = None
            if _opens_list_after_heading(text, stack, i, mark):
                slipped = _slipped_mid_line(marks, following, above, index, parent, (expected, running))
            if slipped is not None:
                if slips is not None:
                    slips.append((mark, same if same is not None else branch.last.get(mark.style), "slip", marks[following[index]]))
                mark.number, mark.parts = slipped, mark.parts[:-1] + (slipped,)
            elif mark.number not in (expected, running):
                continue
        if i == 0 and same is not None and mark.number == 1 and same.number >= 2:
            # The outline starts again from 一、: a second plan (or an unmarked annex) follows.
            if not at_line_start:
                continue
            floor = units[-1].marker_end if units else 0
            start = _title_start(text, mark.start, floor)
            part = _Unit(mark.start if start is None else start, mark.start if start is None else start, "part", rank=-1)
            units.append(part)
            branch = _Branch(root=part)
            stack, i, parent, same = branch.stack, 0, part, None
        del stack[i:]
        mark.parent, mark.previous = parent, same
        stack.append(mark)
        units.append(mark)
        branch.running[mark.style] = mark.number
        branch.last[mark.style] = mark
    return units


def _following_two(marks, following, index):
    """The next two marks of the list of ``marks[index]`` (see :func:`_next_in_lists`), each None where there is none."""
    nxt = following[index]
    if nxt is None:
        return None, None
    return marks[nxt], marks[following[nxt]] if following[nxt] is not None else None


def _opens_list_after_heading(text, stack, i, mark):
    """True when ``mark``, in the middle of a line, is the first item under the heading before it on its line.

    PDF text runs a heading and the first item of its list together ((二)优质资源拓展行动
    7.优化…), and only there may a wrong number mid-line be a slip. The heading
    stays open as the mark's parent (``i``, where the mark enters ``stack``, is
    past its end: the mark closes no unit), only its title stands between them,
    and no digit follows the mark: a number in running text is as often a
    figure, split where PDF text put a space (毛入园率达到 92. 5%), or a citation,
    which would close the outline it stands in (根据《教育法》 第十条 under （一）).
    A 第十条 or 第三部分 after a title that cites a law or a document (总则
    依据《教育法》 第十条) is no item either.
    """
    if not i or i < len(stack):
        return False
    heading = _RUN_IN_HEADING.fullmatch(text, stack[-1].marker_end, mark.start)
    if heading is None or _A_DIGIT.match(text, _first_visible(text, mark.marker_end)):
        return False
    return mark.style not in ("chapter", "section", "article") or not _CITING.search(heading.group())


def _slipped_mid_line(marks, following, above, index, parent, candidates):
    """The number a wrong number in the middle of a line stands for, or None (see :func:`_slipped_number`).

    The mark follows its heading, ``parent``, on its line (see
    :func:`_opens_list_after_heading`). The next number of its list must come
    before the next heading above that one: it may run on under the next （三）,
    but past a 四、 or a 篇二 it may be another plan's, in text run together (a
    compilation on one line), and a figure would be read as a slip of it.
    """
    following_mark, after = _following_two(marks, following, index)
    # Under a 篇 (rank 0), up to the next 篇 or annex.
    level = parent.rank if parent.rank > 0 else 0.5
    end = _next_above_rank(marks, above, index, level)
    if following_mark is None or (end is not None and following[index] > end):
        return None
    return _slipped_number(marks[index], candidates, following_mark, after)


def _slipped_number(mark, candidates, following, after):
    """The number a slipped number stands for, or None.

    ``candidates`` are the numbers the mark may have: the next number of its
    list, or of the list running on through sections. A number at a line
    start is a slip of one item when the next number of its list,
    ``following``, continues from one of them and neither from it nor repeats
    it: 5. 9. 7. is 5. 6. 7. with 6 mistyped. A figure or a stray line does not
    have this shape (3. 9. 4.: the list goes on from 4, which 9. stood before).
    A number that is itself one of the candidates (1. opening the list of a
    new section) is read as written unless the number after ``following``,
    ``after``, goes on too (1. 7. 8. where 6. was meant): else a slip in the
    item after it (1. 5. 3.) would be blamed on it.
    """
    if following is None:
        return None
    for candidate in candidates:
        if candidate == mark.number or following.number != candidate + 1 or following.number in (mark.number, mark.number + 1):
            continue
        if mark.number in candidates and (after is None or after.number != candidate + 2):
            continue
        return candidate
    return None


def _split_tagged(text, unit, slips=frozenset()):
    """Start offsets of unnumbered items after a unit's first responsibility tag.

    Text that follows a tag inside a unit's own span is further items of that
    unit (Qixing's 配强学校领导班子。… after 3.'s tag; 提升智育水平。… after each
    (责任单位:…) of a compilation plan): each runs to the next tag or paragraph.
    A line that starts with a number read as text (``slips``, offsets in
    ``text``: 9. after 2.) stays in the unit's text, as it does without a tag.
    """
    own = text[unit.start:unit.end]
    tags = list(RESPONSIBILITY_TAG.finditer(own))
    if not tags:
        return []
    cuts = {tag.end() for tag in tags if tag.end() > tags[0].start()}
    cuts.update(m.start() for m in re.finditer(r"(?<=\n)[^\S\n]*\S", own) if m.start() > tags[0].end())
    starts = []
    for cut in sorted(cuts):
        cut = _first_visible(own, cut)
        if cut < len(own) and (not starts or cut > starts[-1]) and unit.start + cut not in slips:
            starts.append(cut)
    return [unit.start + s for s in starts]


def _first_visible(text, position):
    """The first offset from ``position`` that is not white space (``len(text)`` if none)."""
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _add_tagged_items(text, units, slips=()):
    slips = {_first_visible(text, mark.start) for mark, _, kind, _ in slips if kind == "text"}
    result = []
    for k, unit in enumerate(units):
        unit.end = units[k + 1].start if k + 1 < len(units) else len(text)
        result.append(unit)
        if unit.style in ("annex", "part"):
            continue
        for position in _split_tagged(text, unit, slips):
            result.append(_Unit(position, position, "tagged", parent=unit))
    for k, unit in enumerate(result):
        unit.end = result[k + 1].start if k + 1 < len(result) else len(text)
    return result


def _without_detail_bullets(text, units):
    """``units`` without the bullets that detail a measure with a body of its own: they stay in its text.

    Under a title or a lead-in (3. 开展特色教育活动, （一）加强管理。, 主要包括：) each
    bullet is an action of its own, an item. After a measure that says more
    (2. 落实课后服务。每所学校开设五门特色课程…) the bullets are its details:
    as items they would make its body a parent's own text, which comparisons of
    leaf measures leave out (a draft check reads it as an introduction only).
    Bullets stay items when the unit has children of another kind or one of
    them has its own (一是…), and when a responsibility tag is in the unit's
    text or theirs: text after a tag is further items.

    Examples
    --------
    >>> text = "一、措施\\n1.落实课后服务。每校开设五门课程。\\n• 建立台账。\\n2.加强管理\\n• 规范办学。\\n"
    >>> [(u.label, u.parent.label if u.parent else "") for u in _without_detail_bullets(text, _parse_numbered(text))]
    [('一、', ''), ('1.', '一、'), ('2.', '一、'), ('•', '2.')]
    """
    children = {}
    for unit in units:
        children.setdefault(unit.parent, []).append(unit)
    following = {unit: units[k + 1].start if k + 1 < len(units) else len(text) for k, unit in enumerate(units)}
    details = set()
    for unit in units:
        bullets = children.get(unit)
        if unit.style in ("annex", "part") or not bullets:
            continue
        if any(b.style != "bullet" or b in children for b in bullets) or ANY_TAG.search(text, unit.marker_end, following[bullets[-1]]):
            continue
        if _says_more_than_its_title(text[unit.marker_end:bullets[0].start]):
            details.update(bullets)
    return [unit for unit in units if unit not in details]


def _says_more_than_its_title(own):
    """True when ``own``, a unit's text after its number, holds more than a title and a lead-in to a list.

    A title is a heading line (开展特色教育活动) or a title sentence without a
    comma (加强管理。); a lead-in is a clause ending in a colon, with no
    sentence before it (主要包括：). Anything else is a body (每所学校开设…。);
    so is a title with a comma in it (加大投入，改善条件。), which cannot be
    told from a first sentence.
    """
    own = own.lstrip(_SPACE + "\r\n、､.．。:：,，").rstrip()
    title = _TITLE_SENTENCE.match(own)
    if title:
        rest = own[title.end():]
    else:
        first, _, rest = own.partition("\n")
        if not _HEADING_LINE.fullmatch(first.strip(_SPACE + "\r")):
            rest = own
    rest = rest.strip()
    return bool(rest) and not (rest.endswith(("：", ":")) and not re.search("[。！？!?；;]", rest))


# A half-width comma that groups a number's digits (5,000): no clause break, as annotations reads it.
_THOUSANDS = re.compile(r"(?<=[0-9]),[0-9]{3}(?![0-9])")


def _heading(text, start, end):
    """The title phrase from ``start``: up to the first clause break outside brackets."""
    i = start
    while i < end and (text[i].isspace() or text[i] in "、､.．。:：,，"):
        i += 1
    if text.startswith("【", i) and not RESPONSIBILITY_TAG.match(text, i):
        # A title in black brackets (【工作目标】, （一）【优化学校布局】新建…) is what they hold.
        close = text.find("】", i, min(end, i + _HEADING_MAX + 2))
        title = "".join(text[i + 1:close].split()) if close > i else ""
        if title and "\n" not in text[i:close]:
            return title
    chars, depth = [], 0
    while i < end:
        char = text[i]
        if char in _HEAD_OPEN:
            depth += 1
        elif char in _HEAD_CLOSE:
            depth = max(depth - 1, 0)
        elif char in "\n\t" or (depth == 0 and char in _HEAD_STOP and not _THOUSANDS.match(text, i)):
            # A tab ends the title too: it is the end of a table's cell.
            break
        if char.isspace():
            # A space ends the title when a sentence follows it (PDF text lost its 。), not
            # when it only splits the title (推进 职业 教育协调发展).
            if len(chars) >= 4 and depth == 0 and _phrase_length(text, i, end) > 6:
                break
            i += 1
            continue
        chars.append(char)
        if len(chars) > _HEADING_MAX:
            return ""
        i += 1
    return "".join(chars)


def _phrase_length(text, i, end):
    """Characters from ``i`` to the next clause break, capped; a number counts as a sentence."""
    count = 0
    while i < end and count <= 6:
        char = text[i]
        if char == "\n" or char in _HEAD_STOP:
            break
        if char.isdigit():
            return 7
        if not char.isspace():
            count += 1
        i += 1
    return count


def _first_line(text, start, end):
    """The first non-blank line from ``start`` (without a colon that ends a marker: 附件： / 托管帮扶工作方案), or "" if long."""
    for line in text[start:end].splitlines():
        line = line.strip(_SPACE + "\r").lstrip(":：").strip(_SPACE)
        if line:
            return line if len(line) <= 60 else ""
    return ""


def _letters(n):
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _kind(unit):
    if unit.style in ("annex", "part", "paragraph", "sentence"):
        return unit.style
    if unit.style in _ITEM_STYLES:
        return "item"
    top = unit.parent is None or unit.parent.style in ("annex", "part")
    numbered_children = any(c.style not in _ITEM_STYLES for c in unit.children)
    return "section" if top or numbered_children else "measure"


def _is_heading_line(line):
    """True for a line that heads the paragraph after it: short, no sentence in it, neither an item (a bullet's, a dash
    line) nor a tag."""
    stripped = line.strip(_SPACE + "\r\n")
    return (bool(_HEADING_LINE.fullmatch(stripped)) and not _BULLET.match(line) and not _DASH_LINE.match(stripped)
            and not _LEADING_TAG.match(stripped))


def _after_tag(text, position):
    """Where the text after a responsibility tag at ``position`` starts on its line; None without a tag there.

    A tag closes the unit before it, but the next unit may follow it on its
    line where PDF text lost a number between them: after the bracket of a
    bracketed tag (【牵头单位：区教育局】加强管理。…), after the full stop that ends
    a tag (责任单位：区教育局。加强管理。…), or, where the tag runs into a title
    sentence (责任单位:区教育局、区财政局 提升培训科研水平。组织…), after the last space
    before it (see :func:`_title_after_units`). A tag that runs to the end of
    its line (责任单位:区教育局 实施教育经费保障工程) has nothing after it: the
    offset returned is then the line's end (its newline, or ``len(text)``).
    """
    bracketed = RESPONSIBILITY_TAG.match(text, position)
    match = bracketed or _LEADING_TAG.match(text, position)
    if match is None:
        return None
    stop = match.end()
    if not bracketed:
        if not text.startswith("。", stop):
            return stop  # at the end of the line: a tag without brackets runs to a full stop or the line's end
        stop += 1
    rest = stop
    while rest < len(text) and text[rest] in _SPACE + "\r":
        rest += 1
    if not bracketed and _starts_text(text, rest):
        title = _title_after_units(text, position, match.end(), stop)
        if title is not None:
            return title
    return rest


def _title_after_units(text, position, end, stop):
    """Where a title sentence run into the tag at ``position`` starts, or None.

    ``end`` is the end of the tag's text, ``stop`` that of the full stop after
    it. Units are listed with 、 and ，, so the words after the last space of the
    list may be the title of the next unit (责任单位:区教育局、区财政局 提升培训科研水平。):
    when they are a title sentence but name no unit (责任单位：区教育局 区财政局。
    names two), and the words before them, back to the space before, name none
    either (区教育局 区财政局 推进学校建设。: a tag that lists its units with
    spaces). A section's title between them (…,各镇街 实施教师队伍优化提升工程
    强化师风师德建设。) stays in the tag, as at a line's end.
    """
    listed = re.match(rf"[^{_COLON}]*[{_COLON}][{_SPACE}]*", text[position:end])
    start = position + listed.end()
    spaces = list(re.finditer(rf"[{_SPACE}]+", text[start:end]))
    if not spaces:
        return None
    title = start + spaces[-1].end()
    if not _TITLE_SENTENCE.fullmatch(text, title, stop) or _names_a_unit(text[title:stop].rstrip("。！？!?")):
        return None
    if len(spaces) >= 2 and _names_a_unit(text[start + spaces[-2].end():start + spaces[-1].start()]):
        return None
    return title


def _names_a_unit(words):
    """True when one of ``words``, a piece of a tag's list, is a unit's name (区财政局; 区住建局、各镇街)."""
    return any(_UNIT_NAME.fullmatch(word) for word in re.split(r"[、，,]", words))


def _starts_text(text, position):
    """True when ``position`` is not the end of its line."""
    return position < len(text) and text[position] != "\n"


def _fallback(text, segmentation):
    """Paragraph or sentence units of a document without numbering.

    A short line without a sentence in it (工作目标, 加强党的全面领导) is the
    heading of the paragraph after it, not a unit of its own: it starts that
    paragraph's unit (or the unit of its first sentence), as do several such
    lines in a row. Such lines after the last paragraph (a signature, a date)
    end its unit. In a document of such lines only, each line is a unit. A
    responsibility line (责任单位：…) ends the unit before it, as a sentence
    that is a tag ends the sentence before it; text of the next unit after
    the tag on its line starts that unit (see :func:`_after_tag`).
    """
    lines = [(m.start(), m.start(1), m.end()) for m in _TEXT_LINE.finditer(text)]
    contents, annex_lists = _contents_spans(text), _annex_lists(text)
    # The lines of a table of contents start no unit: they stay with the title, or with the paragraph before them;
    # so do those of a list of annexes, with the paragraph before it.
    lines = [line for line in lines if not _in_spans(line[1], contents) and not _in_spans(line[1], annex_lists)]
    body = lines
    if len(lines) >= 2:
        first = text[lines[0][1]:lines[1][1]].strip()
        if len(first) <= 60 and not first.endswith("。"):
            body = lines[1:]
    marked = _item_lines(text, [first for _, first, _ in body])
    heads = [_is_heading_line(text[begin:end]) and first not in marked for begin, first, end in body]
    if all(heads):
        heads = [False] * len(heads)
    # Lines of items (——…, 一是…) under a lead-in (实现以下目标：) or a heading line (工作目标) are its items, as under a number.
    items = set()
    for k in range(1, len(body)):
        previous = text[body[k - 1][1]:body[k - 1][2]].rstrip(_SPACE + "\r")
        if body[k][1] in marked and (body[k - 1][1] in items or heads[k - 1] or previous.endswith(("：", ":"))):
            items.add(body[k][1])
    after_tags = {k: _after_tag(text, first) for k, (_, first, _) in enumerate(body)}
    after_tags = {k: after for k, after in after_tags.items() if after is not None}
    # The text after a tag on its line, where there is some, starts a unit.
    resumed = {after for after in after_tags.values() if _starts_text(text, after)}
    last = max((k for k, head in enumerate(heads) if not head and (k not in after_tags or _starts_text(text, after_tags[k]))), default=-1)
    # The first visible characters of lines that start no unit: after a heading line, after the last
    # paragraph, or a tag's (it belongs to the unit before it).
    joined = {first for k, (_, first, _) in enumerate(body) if k and (heads[k - 1] or k > last or k in after_tags)}
    if segmentation == "auto":
        segmentation = "paragraphs" if len(body) - len(joined - items) + len(resumed) >= 2 else "sentences"
    if segmentation == "paragraphs":
        joined -= items
    else:
        items = set()
    if segmentation == "paragraphs":
        starts = sorted({first for _, first, _ in body if first not in joined} | resumed)
    else:
        body_start = body[0][1] if body else len(text)
        starts = {body_start} if body_start < len(text) else set()
        for match in re.finditer(r"[。！？!?]+[”’」』）)]*|\n", text[body_start:]):
            cut = _first_visible(text, body_start + match.end())
            if cut >= len(text) or cut in joined:
                continue
            after = _after_tag(text, cut)
            if after is None:
                starts.add(cut)
            elif _starts_text(text, after):
                starts.add(after)
        starts = sorted(starts | resumed)
    style = "paragraph" if segmentation == "paragraphs" else "sentence"
    units, paragraphs, number = [], [], 0
    for start in starts:
        label = marked.get(start, "") if style == "paragraph" else ""
        if start in items:
            number += 1
            item_style = "dash" if label == "——" else "shi"
            units.append(_Unit(start, start + len(label), item_style, number, (number,), label, parent=paragraphs[-1], rank=_RANK[item_style]))
        else:
            # A paragraph that opens with an item's mark (一是…, ——…) is labelled by it, as the item would be.
            count = len(paragraphs) + 1
            paragraphs.append(_Unit(start, start + len(label), style, number=count, parts=(count,), label=label))
            units.append(paragraphs[-1])
            number = 0
    for k, unit in enumerate(units):
        unit.end = units[k + 1].start if k + 1 < len(units) else len(text)
    return units, segmentation


def _item_lines(text, firsts):
    """The marks of the lines that open with an item's mark, by their first visible offset (``firsts``): ——
    before text, or 一是, 二是, … in a run of at least two lines that counts on from 一是.

    Examples
    --------
    >>> text = "方案\\n一是新建学校；\\n二是扩充学位。\\n——到2025年，全面覆盖。\\n一是配齐教师。"
    >>> marks = _item_lines(text, [m.start(1) for m in _TEXT_LINE.finditer(text)])
    >>> [marks[first] for first in sorted(marks)]  # the last 一是 has no 二是
    ['一是', '二是', '——']
    """
    marks, chain = {}, []
    for first in firsts:
        if _DASH_LINE.match(text, first):
            marks[first] = "——"
            continue
        shi = _LINE_SHI.match(text, first)
        if shi is None:
            continue
        number = _cn_value(shi.group(1))
        if number == 1 or (chain and number == len(chain) + 1):
            if number == 1 and len(chain) >= 2:
                marks.update(chain)
            chain = (chain if number > 1 else []) + [(first, shi.group())]
    if len(chain) >= 2:
        marks.update(chain)
    return marks


def _paragraph_heading(text, start, end):
    """The title of a paragraph unit.

    Its paragraph's first phrase; but under heading lines (工作目标 / 到2027年，…)
    the last heading line, unless the paragraph opens with a title sentence of
    its own (加强党的全面领导 / 全面落实教育系统党建责任。…), as the units of a
    numbered plan are headed.
    """
    position, heading_line = start, None
    for line in text[start:end].splitlines(keepends=True):
        if line.strip() and not _is_heading_line(line):
            break
        if line.strip():
            heading_line = position
        position += len(line)
    if heading_line is None or position >= end:
        return _heading(text, start, end)
    body = _first_visible(text, position)
    return _heading(text, body if _TITLE_SENTENCE.match(text, body) else heading_line, end)


def _warn_of_slips(doc, slips, rows):
    """Warn of numbers at a line start that were read as text (9. after 3.), naming the measure that holds them,
    of items kept after a gap in their list (5. after 2.) or repeating a number (（一） twice, or 3. then
    （三） under one parent), of a wrong number kept in its place (9. between 5. and 7.), and of lines numbered
    in a style that is not read (A. B., Ⅰ． Ⅱ．), left in the unit above them.

    The line is counted in the text as read (``Document.raw``), so that it is
    the file's line even where cleaning dropped lines before it; in a
    compilation's part it is the line of the part, and in a ``.docx`` the
    paragraph.
    """
    from .errors import warn

    if not slips:
        return
    # A number taken twice is found when ids are given, after the outline is read: the warnings go in text order.
    slips = sorted(slips, key=lambda slip: slip[0].start)
    part = bool(doc.metadata.get("part"))
    where = _message_path(doc.source_path, doc.doc_id, part=part)
    starts = [row["start"] for row in rows]  # rows are in text order
    numbers = doc.line_of([slip[0].start for slip in slips])
    earlier = doc.line_of([slip[1].start if slip[1] is not None else 0 for slip in slips])
    for (mark, previous, kind, following), number, previous_number in zip(slips, numbers, earlier):
        # The last unit starting at or before the mark whose own text holds it.
        k = bisect.bisect_right(starts, mark.start) - 1
        while k >= 0 and not rows[k]["start"] <= mark.start < rows[k]["end"]:
            k -= 1
        holder = rows[k]["measure_id"] if k >= 0 else f"{doc.doc_id}:0"
        line, previous_line = (
            f"paragraph {n}" if doc.encoding == "docx" else f"line {n} of the part" if part else f"line {n}" for n in (number, previous_number)
        )
        label = mark.label.strip()
        before = previous.label.strip() if previous is not None else ""
        if kind == "unread":
            count = following.number
            problem = (f"the lines {label!r} … {following.label!r} ({count}) are numbered in {_UNREAD_NAMES[mark.style]}, which the "
                       f"outline does not read: their text stays in {holder}, the unit above them; check the numbering")
        elif kind == "slip":
            place = f"between {before!r} and {following.label.strip()!r}" if before else f"before {following.label.strip()!r}"
            problem = f"{label!r} stands {place} and is read as item {mark.number} ({holder}); check the numbering"
        elif kind == "under":
            problem = (f"{label!r} is numbered under {'.'.join(map(str, mark.parts[:-1]))!r} but stands under {before!r} and is read as text "
                       f"of {holder}; check the numbering")
        elif kind == "bracket":
            problem = (f"{label!r} would go on from {before!r} ({previous_line}), which closes the bracket that the line before it ends in, "
                       f"and is read as text of {holder}; check the numbering")
        elif kind == "skip":
            problem = f"the list skips from {before!r} to {label!r} ({holder}); check for a missing item"
        elif kind == "repeat":
            problem = f"{label!r} repeats the number of the item before it and is read as {holder}; check the numbering"
        elif kind == "taken":
            parent = rows[k]["parent_id"]
            under = f"under {parent}" if parent else "at the top of the outline"
            problem = f"{label!r} has the number of {before!r} ({previous_line}) {under} and is read as {holder}; check the numbering"
        else:
            problem = f"{label!r} does not continue the list of {before!r} and is read as text of {holder}; check the numbering"
        if kind in ("repeat", "taken") and previous is not None and _context(doc.text, mark.start)[0] and not _context(doc.text, previous.start)[0]:
            # The number it repeats stands in the middle of a line, in a sentence (重点做好三项工作：…；3.落实…) or
            # in text run together: that one is to be checked, and the warning names its line.
            problem = f"{before!r} in the middle of the line takes the number of {label!r} at the start of {line}, which is read as {holder}; check the numbering"
            line = previous_line
        warn(f"{line}: {problem}", path=where, stacklevel=5)


def _measures_of_document(doc, segmentation):
    text = doc.text
    units, used = [], segmentation
    slips = []
    if segmentation in ("auto", "numbered"):
        units = _parse_numbered(text, slips)
        used = "numbered"
        # 一是…二是… and —— lines are items of a unit, not its numbers: a plan with only these has no outline, and read
        # as one it would leave its sections in the front matter and run the last item on to the end of the text.
        outline = [u for u in units if u.style not in ("annex", "part")]
        if segmentation == "auto" and (len(outline) < 2 or all(u.style in _ITEM_STYLES for u in outline)):
            units, slips = [], []
    if not units and segmentation != "numbered":
        units, used = _fallback(text, "auto" if segmentation == "auto" else segmentation)
    elif units:
        units = _add_tagged_items(text, _without_detail_bullets(text, units), slips)

    for unit in units:
        if unit.parent is not None:
            unit.parent.children.append(unit)
    first = units[0].start if units else len(text)
    rows = [_row(doc, f"{doc.doc_id}:0", "", "0", "front_matter", "", _first_line(text, 0, first), 0, first, used, True)]
    components = _components(units)
    owners = _id_owners(units, components)
    named = {mark for mark, _, kind, _ in slips if kind != "text"}
    ids, codes, taken, next_copy = {}, {}, set(), {}
    for unit in units:
        component = components[unit]
        parent_id = ids[unit.parent] if unit.parent is not None else ""
        path = f"{parent_id}.{component}" if parent_id else f"{doc.doc_id}:{component}"
        owner = owners[unit.parent, component]
        # An item numbered by its position (a bullet before 1.) leaves the id to the written number after it.
        yields = owner is not unit and owner not in ids
        # The next free copy number of a path is remembered, so n repeats of one number cost n steps, not n².
        measure_id, copy = path, next_copy.get(path, 2)
        while measure_id in taken or (yields and measure_id == path):
            measure_id = f"{path}_{copy}"
            copy += 1
        next_copy[path] = copy
        taken.add(measure_id)
        ids[unit] = measure_id
        if owner is not unit and unit.style not in _ITEM_STYLES and unit not in named:
            # Two written numbers alike under one parent, whatever their styles (3. then （三）, a table's row 1
            # after 1., a list started again): named in a warning, as （二） twice is.
            slips.append((unit, owner, "taken", None))
        codes[unit] = f"{codes[unit.parent]}-{component}" if unit.parent is not None else component
        if unit.style == "annex":
            heading = _first_line(text, unit.marker_end, unit.end)
        elif unit.style == "part":
            heading = _first_line(text, unit.start, unit.end)
        elif unit.style == "sentence":
            heading = ""
        elif unit.style == "paragraph":
            heading = _paragraph_heading(text, unit.marker_end, unit.end)
        else:
            heading = _heading(text, unit.marker_end, unit.end)
        rows.append(_row(doc, measure_id, parent_id, codes[unit], _kind(unit), unit.label, heading, unit.start, unit.end, used, not unit.children))
    _warn_of_slips(doc, slips, rows)
    return rows


def _components(units):
    """The last component of each unit's id: its number, its position among the tagged items of its parent, or a branch letter."""
    components, ordinals, branches = {}, {}, 0
    for unit in units:
        if unit.style in ("annex", "part"):
            components[unit] = _letters(branches)
            branches += 1
        elif unit.style == "tagged":
            ordinals[unit.parent] = ordinals.get(unit.parent, 0) + 1
            components[unit] = str(ordinals[unit.parent])
        else:
            components[unit] = str(unit.number)
    return components


def _id_owners(units, components):
    """The unit that keeps the plain id of each (parent, component); the others get ``_2``, ``_3``, ….

    A written number of the outline comes first, then an enumeration's (一是),
    then an item numbered by its position (a bullet, a dash line, text after
    a tag), each in text order: the id of a number as written does not
    depend on the items before it.
    """
    owners = {}
    for unit in sorted(units, key=lambda u: 0 if u.style not in _ITEM_STYLES else 1 if u.style == "shi" else 2):
        owners.setdefault((unit.parent, components[unit]), unit)
    return owners


def _row(doc, measure_id, parent_id, code, kind, label, heading, start, end, segmentation, is_leaf):
    return {
        "doc_id": doc.doc_id,
        "measure_id": measure_id,
        "parent_id": parent_id,
        "depth": 0 if kind == "front_matter" else code.count("-") + 1,
        "kind": kind,
        "label": label,
        "code": code,
        "heading": heading,
        "text": doc.text[start:end],
        "start": start,
        "end": end,
        "segmentation": segmentation,
        "is_leaf": is_leaf,
    }


def extract_measures(corpus_or_document, *, segmentation="auto"):
    """Split plans into their measures: one row per unit of each plan's outline.

    Parameters
    ----------
    corpus_or_document : Corpus, Document or list of Document
    segmentation : {"auto", "numbered", "paragraphs", "sentences"}, default="auto"
        ``"auto"`` follows the numbering; a document with fewer than two
        numbers is split into paragraphs, or into sentences when its body is a
        single paragraph. The other values force one way for every document.

    Returns
    -------
    pandas.DataFrame
        Columns ``MEASURE_COLUMNS``: doc_id, measure_id, parent_id, depth,
        kind, label, code, heading, text, start, end, raw_start, raw_end,
        is_leaf, segmentation. Rows in corpus order, then text order; the
        first row of each document is its front matter (``doc_id:0``). The
        own spans ``start:end`` of a document's rows partition its cleaned
        text. Ids are unique in the corpus; a number met twice under one
        parent gets ``_2``, named in a warning when both are written numbers
        (an item numbered by its position gives way to a written number).

    Raises
    ------
    TypeError
        If ``corpus_or_document`` is not a Corpus, Document or list of Documents.
    ValueError
        If ``segmentation`` is not one of the allowed values.
    PolicyCompareError
        If a list gives two documents of one doc id, as :class:`~policycompare.corpus.Corpus` refuses them.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("方案\\n一、总体要求\\n二、主要措施\\n（一）加大投入，改善条件。一是新建学校；二是扩充学位。", doc_id="demo")
    >>> measures = extract_measures(doc)
    >>> measures[["measure_id", "label", "heading", "kind"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['demo:0', '', '方案', 'front_matter'], ['demo:1', '一、', '总体要求', 'section'],
     ['demo:2', '二、', '主要措施', 'section'], ['demo:2.1', '（一）', '加大投入', 'measure'],
     ['demo:2.1.1', '一是', '新建学校', 'item'], ['demo:2.1.2', '二是', '扩充学位', 'item']]
    >>> measures.loc[3, "text"]
    '（一）加大投入，改善条件。'
    """
    if segmentation not in SEGMENTATIONS:
        raise ValueError(f"segmentation={segmentation!r}; expected one of {', '.join(map(repr, SEGMENTATIONS))}")
    documents = documents_of(corpus_or_document, name="corpus_or_document")
    # Measure ids start with the doc id: two documents of one id would give the same ids to different measures.
    _refuse_duplicate_ids(documents)
    rows, raw_start, raw_end = [], [], []
    for doc in documents:
        found = _measures_of_document(doc, segmentation)
        offsets = np.asarray(doc.raw_offsets, dtype=np.int64)
        starts = np.array([row["start"] for row in found], dtype=np.int64)
        ends = np.array([row["end"] for row in found], dtype=np.int64)
        raw_start.append(offsets[starts])
        raw_end.append(np.where(ends > starts, offsets[np.maximum(ends - 1, 0)] + 1, offsets[starts]))
        rows += found
    columns = list(MEASURE_COLUMNS)
    types = {"depth": "int64", "start": "int64", "end": "int64", "raw_start": "int64", "raw_end": "int64", "is_leaf": "bool"}
    if not rows:
        return typed(pd.DataFrame({c: [] for c in columns}), types)
    # One table for all documents: a frame per document and a concat cost more than the parsing on large corpora.
    measures = pd.DataFrame(rows)
    measures["raw_start"] = np.concatenate(raw_start)
    measures["raw_end"] = np.concatenate(raw_end)
    return measures[columns].astype(types)


# -- frame sections ---------------------------------------------------------------------------------

# Whole headings only: 工作目标 is the plan's goals, 实现教育现代化目标 is a measure.
# Plans from Taiwan and Hong Kong name their frame sections in their own words: 基本理念 is the guiding ideology,
# 指導原則 the principles, 計畫目標 the goals, and 實施期程, 時程規劃, 推行時間表 or 工作進度 the schedule. 依據 (the
# laws the plan rests on), 目的 (why it is made, beside its 目標), 緣起, 經費 and 預期效益 (the benefits it expects, beside
# its 目標) have no counterpart among these roles, and 推行策略 or 實施策略 are the measures.
_FRAME_HEADINGS = {
    "ideology": re.compile(r"指导思想|指导方针|总体思路|总体要求|(?:基本|核心|计划)?理念"),
    "principles": re.compile(r"(?:基本|工作|主要|指导)?原则"),
    "goals": re.compile(r"(?:工作|主要|总体|发展|行动|具体|预期|计划|总)?目标(?:任务)?|目标任务"),
    "schedule": re.compile(
        r"(?:实施|推进|工作)?步骤|(?:实施|推进|工作|进度|时间)安排|(?:推行|实施|工作)?时间表|进度安排|工作进度"
        r"|(?:实施|执行|办理|推动|推行|计划)?(?:期程|时程)(?:规划)?"
    ),
}
FRAME_ROLES = tuple(_FRAME_HEADINGS)
"""The roles of a plan's frame sections: guiding ideology, principles, goals and schedule."""
# Headings of a section that holds the frame sections (一、总体要求 → （一）指导思想, （二）工作目标):
# the ideology in its own text, but its items have roles of their own or none.
_FRAME_CONTAINERS = re.compile(r"总体要求|总体思路")
_HEADING_TRIM = re.compile(r"^[\s\u3000]+|[\s\u3000。．.:：；;，,]+$")
# A phase of a schedule, by the start of its paragraph, after a number if it has one ((一), 1.): a stage by its number
# (第二阶段) or by a short name (全面实施阶段, 总结验收阶段（2024年9月）), but not a school's stage (学前阶段, 基础教育阶段) nor
# a longer phrase that ends in 阶段 (推动教育事业迈上新阶段), a word that points at one (现阶段，, 这一阶段，) or a word that
# follows it (各阶段工作, 阶段性); or a span of
# dates (2024年3月—4月, 2024年5月至8月：), or a date with a colon after it (2024年9月：, 民国113年：, 113学年度：),
# not a year that opens a sentence (2025年全县将新建学校3所).
_SCHOOL_STAGES = (
    "学前|學前|学龄前|學齡前|幼儿园|幼兒園|小学|小學|国小|國小|初中|国中|國中|高中|中学|中學|义务教育|義務教育"
    "|基础教育|基礎教育|中职|中職|高职|高職|职业教育|職業教育|高等教育|大学|大學|学段|學段"
)
# Words that point at a stage without naming one (现阶段，…, 在这个阶段，…, 新阶段).
_NO_PHASE_NAME = r"(?:在?(?:现|新|当前|目前|这一?个?|那一?个?|该|此|各|本|每一?个?|上一?个?|下一?个?))"
_PHASE_DATE = (
    rf"(?:民[国國])?[{_DIGIT}]{{2,4}}[{_SPACE}]*(?:[学學]年度|年(?:[{_SPACE}]*[{_DIGIT}]{{1,2}}[{_SPACE}]*月|[上下]半年|[初中底])?)"
    rf"|[{_DIGIT}]{{1,2}}[{_SPACE}]*月"
)
_PHASE_HEADING = re.compile(
    rf"\s*(?:[（(][{_SPACE}]*[{_CN}{_DIGIT}]{{1,3}}[{_SPACE}]*[)）]|[{_CN}{_DIGIT}]{{1,3}}[{_SPACE}]*[、.．)）])?[{_SPACE}]*"
    rf"(?:第[{_CN}{_DIGIT}]+[阶階]段(?!性)"
    rf"|(?![\u3400-\u9fff]{{0,5}}(?:{_SCHOOL_STAGES})[阶階]段)(?!{_NO_PHASE_NAME}[阶階]段)[\u3400-\u9fff]{{1,6}}[阶階]段(?=[（(：:，,。；;！!？?\s]|$)"
    rf"|[（(]?(?:{_PHASE_DATE})[{_SPACE}]*(?:[—–\-~～至到]+|－)[{_SPACE}]*(?:{_PHASE_DATE})"
    rf"|[（(]?(?:{_PHASE_DATE})[)）]?[{_SPACE}]*[：:])"
)


def classify_frame_sections(measures):
    """The frame role of each unit: guiding ideology, principles, goals, schedule, or none.

    Besides their measures, plans have frame sections: a guiding ideology
    (指导思想), principles (基本原则), goals (工作目标) and a schedule of
    phases (实施步骤). They are named by a few stock headings, and what they
    say is stock wording or figures rather than a policy instrument, so two
    plans' frame sections of one role correspond even when their words do
    not. A unit has a role when its whole heading is one of those names; a
    unit without a role of its own takes its nearest ancestor's, so the
    phases under 实施步骤 are the schedule and the yearly targets under
    行动目标 are goals. 总体要求 and 总体思路 are the guiding ideology in their
    own text but pass no role to their items, which have their own names
    (指导思想, 工作目标) or are measures. In a plan without numbers, the
    paragraphs of the phases after the schedule's (第二阶段…, 2024年5月—8月：…)
    are the schedule too. The names are read in traditional
    characters too (指導思想, 實施步驟): a plan loaded without ``convert``.
    Plans from Taiwan and Hong Kong have names of their own among them:
    基本理念, 指導原則, 計畫目標, and 實施期程, 時程規劃 or 推行時間表 for the
    schedule; 依據, 目的 and 預期效益 have no role.

    Parameters
    ----------
    measures : pandas.DataFrame
        The table of :func:`extract_measures` (columns measure_id, parent_id
        and heading; with kind and text, the phases beside the schedule of a
        plan without numbers are found too).

    Returns
    -------
    pandas.Series
        One of ``FRAME_ROLES``, or ``""``, for each row, with the table's index.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("方案\\n一、指导思想\\n坚持立德树人。\\n二、主要措施\\n（一）加大投入。\\n三、实施步骤\\n（一）启动阶段（2023年1月）。部署工作。", doc_id="demo")
    >>> measures = extract_measures(doc)
    >>> dict(zip(measures["measure_id"], classify_frame_sections(measures)))  # doctest: +NORMALIZE_WHITESPACE
    {'demo:0': '', 'demo:1': 'ideology', 'demo:2': '', 'demo:2.1': '', 'demo:3': 'schedule', 'demo:3.1': 'schedule'}
    """
    check_table(measures, ("measure_id", "parent_id", "heading"), name="measures", source="extract_measures")
    own, containers = {}, set()
    for measure_id, heading in zip(measures["measure_id"], measures["heading"]):
        # Read in traditional characters too (指導思想, 實施步驟): a plan loaded without convert.
        heading = _HEADING_TRIM.sub("", heading).translate(_TRADITIONAL_FOLD) if isinstance(heading, str) else ""
        own[measure_id] = next((role for role, pattern in _FRAME_HEADINGS.items() if pattern.fullmatch(heading)), "")
        if _FRAME_CONTAINERS.fullmatch(heading):
            containers.add(measure_id)
    parent_of = dict(zip(measures["measure_id"], measures["parent_id"]))
    _add_phases(measures, own)
    roles = {}

    def role_of(measure_id):
        # Iterative, so that a deep outline cannot reach the recursion limit.
        chain = []
        while measure_id in parent_of and measure_id not in roles and not own[measure_id]:
            chain.append(measure_id)
            measure_id = parent_of[measure_id]
        role = "" if measure_id in containers else roles.get(measure_id, own.get(measure_id, ""))
        for unit in chain:
            roles[unit] = role
        return role

    return pd.Series([own[m] or role_of(m) for m in measures["measure_id"]], index=measures.index, name="frame", dtype=object)


def _add_phases(measures, own):
    """Give the schedule role, in ``own``, to the phases that follow a schedule's unit as its siblings.

    A plan without numbers heads its schedule with a line (实施步骤) that
    starts the paragraph of its first phase; the next phases (第二阶段…,
    全面实施阶段（2024年4月—8月）…, 2024年5月—8月：…) are paragraphs of their
    own, beside it, not under it. Each paragraph (or sentence) right after a
    schedule's unit or one of its phases, under the same parent, without a
    role of its own and that opens with a phase, is a phase of that schedule:
    a stage by its number or a short name, not a school's stage (幼儿园阶段：…)
    nor a phrase that ends in 阶段 (推动教育事业迈上新阶段); or a span of dates,
    or a date and a colon, not a year that opens a sentence (2025年全县将新建
    学校3所，…). In a numbered outline the phases are the schedule's children;
    a section after it (五、2024年重点工作) is no phase of it.
    """
    if "kind" not in measures.columns or "text" not in measures.columns or "schedule" not in own.values():
        return
    loose = measures["kind"].isin(("paragraph", "sentence")).to_numpy()
    if not loose.any():
        return
    # Whether the last unit under each parent (of each document: the top level's parent is "" in all) is a schedule or
    # one of its phases; an item under it may come between.
    in_schedule = {}
    for measure_id, parent_id, text, is_loose in zip(measures["measure_id"], measures["parent_id"], measures["text"], loose):
        siblings = (measure_id.rpartition(":")[0], parent_id)
        if own[measure_id]:
            in_schedule[siblings] = own[measure_id] == "schedule"
        elif is_loose and in_schedule.get(siblings) and isinstance(text, str) and _PHASE_HEADING.match(text):
            own[measure_id] = "schedule"
        else:
            in_schedule[siblings] = False


def measure_at(measures, doc_id, offsets):
    """The unit of ``doc_id`` whose own text holds each offset: the measure a passage or a hit belongs to.

    The units of a plan cover its text end to end without overlapping (a
    section's own span is its heading, up to its first item), so every
    offset inside the text has one.

    Parameters
    ----------
    measures : pandas.DataFrame
        From :func:`extract_measures`.
    doc_id : str
    offsets : int or array-like of int
        Offsets in the document's cleaned text.

    Returns
    -------
    str or numpy.ndarray of str
        The measure id of one offset, or a measure id per offset; ``""``
        for an offset outside every unit (before 0 or past the end of the
        text).

    Raises
    ------
    UnknownIdError
        If ``measures`` has no unit of ``doc_id``.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("方案\\n一、措施\\n（一）加大投入。\\n（二）办好学校。\\n", doc_id="demo")
    >>> measures = extract_measures(doc)
    >>> measure_at(measures, "demo", [0, doc.text.index("措施"), doc.text.index("办好")]).tolist()
    ['demo:0', 'demo:1', 'demo:1.2']
    >>> measure_at(measures, "demo", doc.text.index("加大"))
    'demo:1.1'
    """
    from .corpus import _unknown_id

    check_table(measures, ("doc_id", "measure_id", "start", "end"), name="measures", source="extract_measures")
    units = measures[measures["doc_id"] == doc_id].sort_values("start", kind="stable")
    if units.empty:
        raise _unknown_id(doc_id, pd.unique(measures["doc_id"]))
    starts, ends = units["start"].to_numpy(dtype=np.int64), units["end"].to_numpy(dtype=np.int64)
    one = np.ndim(offsets) == 0
    offsets = np.atleast_1d(np.asarray(offsets, dtype=np.int64))
    index = np.searchsorted(starts, offsets, side="right") - 1
    inside = (index >= 0) & (offsets < ends[np.clip(index, 0, None)])
    ids = units["measure_id"].to_numpy(dtype=object)
    found = np.array([ids[i] if ok else "" for i, ok in zip(index, inside)], dtype=object)
    return found[0] if one else found

