"""Cleaning scraped and extracted plan text, keeping a record of every change.

Cleaning only removes or replaces spans of the raw text, and each change is an
:class:`Edit` with its raw offsets and reason. The cleaned text keeps a map back
to raw offsets, so every character of the raw text is either in the cleaned text
or in the cleaning record, never lost.

Converting traditional characters to simplified ones (``convert="t2s"``, or
``"hk2s"`` and ``"tw2s"`` for the forms of Hong Kong and Taiwan) is a cleaning
step like the others: each converted run is an :class:`Edit` whose
replacement is the simplified text. The conversion uses the optional
``opencc`` package (``pip install policycompare[traditional]``).
"""

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .errors import PolicyCompareError

__all__ = ["CONVERSIONS", "CleanText", "Edit", "check_conversion", "clean_text", "parse_corrections", "traditional_share"]

# t2s reads OpenCC's standard traditional forms and leaves others as written (衞生 stays 衞生). hk2s and tw2s first
# read the forms of Hong Kong (衞 as 衛) or Taiwan (著 as 着, but not in 著作 or 顯著) as the standard ones, then
# convert as t2s does. The dictionaries of all three keep lengths, so the offset map stays exact.
CONVERSIONS = ("t2s", "hk2s", "tw2s")
"""Character conversions ``clean_text`` can apply (besides ``None``): OpenCC configuration names.

``"t2s"`` converts traditional characters to simplified ones; ``"hk2s"`` and
``"tw2s"`` do too, reading the variant forms of Hong Kong (衞生 → 卫生) and of
Taiwan (著重 → 着重) first. All three change a few characters of a text
already in simplified ones (东昇 → 东升; with ``"tw2s"`` also 显著 → 显着):
give them plans in traditional characters only.
"""


# Frequent characters that exist only in traditional writing (OpenCC's t2s changes each of them).
# In a plan written in traditional characters they are about three in ten Han characters; the
# 14 bundled plans, in simplified characters, have none.
_TRADITIONAL_ONLY = frozenset(
    "這們個來時說為國學會與對發經進開關區縣實現體後還從當過樣點題問應機務際權員論術導師動將愛計標識選擇資質設劃財費優義鎮鄉幹隊領組織責評價係貫徹統籌協調網絡數據規準辦營圍傳專職產兒園課試創驗讓認給並長邊遠"
    "達運連陽電雲東車軍門間頭顯類養館鐵銀錢書畫筆節範築簡紅約級紀線練細終結絕續維綜綠編總績繼補製複觀視覽親覺訂記訓許診話該詳語談請諮講謝證議護讀變負貧購賽躍軟較輔輕載輸農鄰醫釋閱階隨險隱雙離難靈順預頻顏風"
    "飛飲馬黨齊齡億債傷備劇勞勢勵參復態懷戰擁擴條構樂樹橋歡歲歷歸氣決況減測滿濟災無熱爭獎獨環畢療盡監確礎禮種穩稱積窮競簽糧緊審寫寬屬層帶幫廣廳張徑聯聲聽腦興舉舊藝處號衛裝夠鬥團鐘獻貢庫麼嗎裡"
)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_TRADITIONAL_RE = re.compile("[" + "".join(sorted(ch for ch in _TRADITIONAL_ONLY if "\u4e00" <= ch <= "\u9fff")) + "]")
TRADITIONAL_SHARE = 0.05
"""Share of traditional-only characters above which a text is taken to be written in traditional characters."""


def traditional_share(text):
    """The share of a text's Han characters that are frequent traditional-only forms (發, 學, 區, 實…).

    A plan in simplified characters scores 0 or close to it, the same plan in
    traditional characters about 0.3. Comparing such a plan with simplified
    ones without ``convert="t2s"`` splits every word they share (学校 vs 學校).

    Examples
    --------
    >>> traditional_share("加強教師隊伍建設"), traditional_share("加强教师队伍建设"), traditional_share("")
    (0.375, 0.0, 0.0)
    """
    # Counted by the regex engine, not character by character in Python: loading 400 plans spent half a second here.
    n_han = sum(len(run) for run in _HAN_RUN.findall(text))
    return len(_TRADITIONAL_RE.findall(text)) / n_han if n_han else 0.0


@dataclass(frozen=True)
class Edit:
    """One change to the raw text: ``raw[start:end]`` became ``replacement``.

    Attributes
    ----------
    start : int
        Raw offset of the first changed character.
    end : int
        Raw offset just after the last one (``start`` for an insertion).
    reason : str
        Why the span changed (``web page chrome: breadcrumb``, ``declared correction: 必威体育 → 银川市``).
    replacement : str, default=""
        What the span became; ``""`` when it was removed.
    """

    start: int
    end: int
    reason: str
    replacement: str = ""


@dataclass(frozen=True)
class CleanText:
    """Cleaned text with its map to the raw text and the record of what changed.

    Attributes
    ----------
    text : str
        The cleaned text.
    raw_offsets : numpy.ndarray
        ``raw_offsets[i]`` is the raw offset of cleaned character ``i``; one entry
        more than ``text`` maps the end.
    edits : tuple of Edit
        Sorted, non-overlapping changes.
    header : dict
        Fields of a web page's header block (索引号, 发布机构, …), kept as metadata,
        with the declared corrections applied to their values. A key given more
        than once keeps its different values in order, joined by ``；``.
    header_edits : tuple of Edit
        The corrections made to ``header`` values: ``raw[start:end]`` (inside a
        header line, which ``edits`` removes whole) became ``replacement`` in the
        header field.
    """

    text: str
    raw_offsets: np.ndarray
    edits: tuple
    header: dict = field(default_factory=dict)
    header_edits: tuple = ()


# What indents a line or spaces a number or a field: the tab and every Unicode space separator (category Zs), the
# no-break space of a draft pasted from WeChat or a web page among them. The outline reads the same (structure takes
# this set), so a page indented with no-break spaces is cleaned and outlined as one indented with ASCII spaces.
SPACES = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SPACE = SPACES
# Full-width digits (２０２４, common in GB-encoded files) as ASCII ones, where a value is read from either width.
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Every full-width form (U+FF01–U+FF5E: ２０２５, ＡＩ, ９６．５％) as the ASCII character it stands for, and the
# ideographic space as a space, one character for one: for str.translate of the spans that are read in either width
# (tokens' Latin words, typology's keywords). Whole texts are not translated with it: cleaning keeps ，and （.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Glyphs that mark nothing but a list item (structure reads them at a line start as items).
BULLET_GLYPHS = "•●▪■◆"
# Where a whole line of a site's chrome or header block starts: after indentation, and after the bullet a web page
# writes before a <ul>'s item (• 发布时间：…, • 打印本页), as the .docx and .md readers write theirs. The bullet is
# dropped with its line.
_CHROME_LINE_START = rf"^[{_SPACE}]*(?:[{BULLET_GLYPHS}][{_SPACE}]*)?"
# A line ending in one of these ends a sentence or a responsibility tag like <责任单位:…>.
_TERMINAL = set("。！？；：!?;:…」』”>＞]】）)")
# A line this long that ends without one was cut mid-sentence, as PDF extraction cuts lines; a shorter one may be a heading.
_LONG_LINE = 20
# The rest of a line of a site's chrome: its fields (发布时间：2023-04-28 来源：… 浏览次数：1024) hold no clause or
# sentence mark, which a plan's sentence that PDF extraction cut before 作者： or 分享到 has (分享到全区各校，形成…).
_NO_SENTENCE = r"[^\n，,。；;！？!?]*"
# A page's tools: 打印本页, 关闭窗口, 收藏本页, 返回顶部, 字号 大 中 小, bare or in brackets (【打印】, [关闭窗口]). A line made
# of them alone, with separators (打印本页 | 关闭窗口, 【打印】【关闭】【收藏】), is chrome; a sentence that starts with
# their words (关闭窗口期内…, 打印本页面并…) is not made of them alone.
_PAGE_TOOL_WORD = r"(?:打印|关闭)(?:本页|窗口)?|收藏(?:本页)?|加入收藏|返回顶部"
_FONT_SIZES = rf"(?:字体|字号)[:：]?[{_SPACE}]*[大中小](?:[{_SPACE}]*[大中小]){{2}}"
_PAGE_TOOL = rf"(?:[【\[［](?:{_PAGE_TOOL_WORD}|{_FONT_SIZES})[】\]］]|{_PAGE_TOOL_WORD}|{_FONT_SIZES})"
_TOOL_SEPARATORS = rf"{_SPACE}|｜丨/／"
# Share links: 分享到 alone, with a colon (分享到：微信 微博), or before the names of the sites it shares to
# (分享到微信 QQ空间), but not before other words: 分享到全区各中小学 is a plan's sentence that a line break cut.
# A site's name ends at a separator or the line's end, so that a run of names (微信朋友圈) is read one way only.
_SHARE_SITES = r"(?:微信|QQ|ＱＱ)?(?:朋友圈|好友|空间)|(?:新浪|腾讯)?微博|微信|QQ|ＱＱ|豆瓣网?|人人网|开心网|百度|网易|搜狐|Facebook|Twitter|LinkedIn"
_SHARE_LINKS = rf"分享到[{_SPACE}]*(?:[:：]{_NO_SENTENCE}|(?:(?:{_SHARE_SITES})(?:[{_TOOL_SEPARATORS}、·]+|(?=\r?$)))*\r?)"
# Lines of web-page furniture, each matched as a whole line; "$" stops before "\n" only, so
# the patterns take a trailing "\r" of a Windows line ending into the line. A line a pattern drops holds
# one of its words: a text without any is not scanned for it (a scan of every line start costs about as
# much as the rest of cleaning).
_CHROME_LINES = (
    (re.compile(rf"{_CHROME_LINE_START}无障碍[{_SPACE}]*[|｜][{_SPACE}]*长者版[{_SPACE}\r]*$", re.M), "web page chrome: accessibility links", ("无障碍",)),
    (re.compile(rf"{_CHROME_LINE_START}当前位置[:：].*$", re.M), "web page chrome: breadcrumb", ("当前位置",)),
    (re.compile(rf"{_CHROME_LINE_START}扫一扫在手机打开当前页[{_SPACE}\r]*$", re.M), "web page chrome: QR-code prompt", ("扫一扫",)),
    (re.compile(rf"{_CHROME_LINE_START}相关(?:文件|政策)?解读[:：]?[{_SPACE}\r]*$", re.M), "web page chrome: related-links footer", ("解读",)),
    (re.compile(rf"{_CHROME_LINE_START}(?:推荐访问|相关推荐|热门推荐)[:：].*$", re.M), "web page chrome: recommended links", ("推荐",)),
    (re.compile(rf"{_CHROME_LINE_START}(?:{_PAGE_TOOL}[{_TOOL_SEPARATORS}]*)*(?:{_PAGE_TOOL}[{_TOOL_SEPARATORS}\r]*|{_SHARE_LINKS})$", re.M),
     "web page chrome: page tools", ("分享到", "打印", "关闭", "收藏", "返回顶部", "字体", "字号")),
    (re.compile(rf"^[^\n]*(?:字体|字号)[:：][{_SPACE}]*[大中小][{_SPACE}]*[大中小][{_SPACE}]*[大中小][^\n]*$", re.M), "web page chrome: page tools",
     ("字体", "字号")),
    (re.compile(rf"{_CHROME_LINE_START}(?:上一篇|下一篇)[:：].*$", re.M), "web page chrome: previous and next links", ("上一篇", "下一篇")),
    (re.compile(rf"{_CHROME_LINE_START}(?:发布时间|信息来源|作者|浏览次数|阅读次数|点击数|访问次数)[{_SPACE}]*[:：]{_NO_SENTENCE}$", re.M),
     "web page chrome: article info line", ("发布时间", "来源", "作者", "次数", "点击数")),
    (re.compile(rf"{_CHROME_LINE_START}(?:版权所有|Copyright|©|网站标识码|网站地图|联系我们)[{_SPACE}]*[:：©].*$"
                rf"|^[^\n]*(?:ICP备|ICP证|公网安备)[{_SPACE}]*\d[^\n]*$"
                # A visitor counter: 您是第123456位访问者, 您是本站第 123 位访客.
                rf"|{_CHROME_LINE_START}[您你]是(?:本站|本网站)?第[{_SPACE}]*\d+[{_SPACE}]*位访(?:问者|客).*$", re.M),
     "web page chrome: site footer", ("版权所有", "Copyright", "©", "网站标识码", "网站地图", "联系我们", "ICP", "公网安备", "位访")),
)
# Lines of a site's chrome that a plan writes too: 主办：县教育局 names the organiser of an activity, 来源：县财政预算
# the source of its funds. They are chrome only in the page's chrome zone, before the plan's outline begins
# or in the site's footer at the page's end (see _site_footer_start), never inside the outline.
_CHROME_OR_PLAN_LINES = (
    (re.compile(rf"{_CHROME_LINE_START}来源[{_SPACE}]*[:：].*$", re.M), "web page chrome: article info line", ("来源",)),
    (re.compile(rf"{_CHROME_LINE_START}(?:主办|承办单位|承办|协办|技术支持)[{_SPACE}]*[:：©].*$", re.M), "web page chrome: site footer",
     ("主办", "承办", "协办", "技术支持")),
)
# A plan's organiser (主办单位：县教育局, 主辦單位：… in a plan from Taiwan) is a site's chrome only in the site's footer
# at the page's end, as 主办：… is; above the plan's outline it is a field of the plan's header (see _HEADER_KEYS),
# in either script, converted or not.
_ORGANISER_LINE = (re.compile(rf"{_CHROME_LINE_START}(?:主办单位|主辦單位)[{_SPACE}]*[:：©].*$", re.M), "web page chrome: site footer",
                   ("主办单位", "主辦單位"))
# Lines of a site's footer that say nothing of a site on their own, and that a plan writes too (its contacts, an
# activity's venue): an address, a telephone or fax number, a post code, a visit count. They are chrome only in the
# site's footer where it holds a line of the site's chrome too (see _site_footer_start).
_FOOTER_CONTACT_LINE = (
    re.compile(rf"{_CHROME_LINE_START}(?:地址|通讯地址|联系地址|电话|联系电话|办公电话|邮编|邮政编码|传真|访问量|总访问量)[{_SPACE}]*[:：].*$", re.M),
    "web page chrome: site footer", ("地址", "电话", "邮编", "邮政编码", "传真", "访问量"),
)
# Lines at a page's end this long, or longer, are the plan's text (a footer line other than chrome is short).
_FOOTER_LINE_LONGEST = 40
# A clause mark: a line that holds one reads as a sentence of the plan, not as a line of a site's footer.
_CLAUSE_MARK_IN_LINE = re.compile(r"[。！？!?；;，,]")
_HEADER_KEYS = (r"索\s*引\s*号|效力状态|发布机构|成文日期|责任部门|发布日期|名\s*称|主题分类|主\s*题\s*词|文\s*号|发文字号|有\s*效\s*性|主办单位|主辦單位"
    # After the organiser on its line (主办单位：县教育局  承办单位：县一中), not on a line of their own: there they are
    # a site's chrome (_CHROME_OR_PLAN_LINES), which wins.
    r"|承办单位|承辦單位|协办单位|協辦單位")
# A key written in traditional characters is kept under its simplified name, as it is once converted.
_HEADER_KEY_NAMES = {"主辦單位": "主办单位", "承辦單位": "承办单位", "協辦單位": "协办单位"}
_HEADER_LINE = re.compile(rf"{_CHROME_LINE_START}(?:{_HEADER_KEYS})[{_SPACE}]*[:：].*$", re.M)
# A value runs to the space before the next key. The lookahead takes one space, not a run of them: a value's search
# tries it at each character, and a run would be read again from each of its spaces (a line of 160,000 spaces took
# minutes). The value stops at the run's last space instead of its first, and is stripped.
_HEADER_FIELD = re.compile(rf"({_HEADER_KEYS})[{_SPACE}]*[:：][{_SPACE}]*(.*?)(?=[{_SPACE}](?:{_HEADER_KEYS})[{_SPACE}]*[:：]|$)")
# Repeated values of one header key are joined with this, in the order the page gives them.
HEADER_VALUE_SEPARATOR = "；"
_LINE_INDENT = re.compile(rf"^[{_SPACE}]*", re.M)
# Styles of the outline's numbers that say nothing of where the plan's outline begins, at a line start or after a
# header value: an item's marks (一是, ——), and a bare number before a space (12 月 3 日, 2023年 4 月), which a date is too.
_WEAK_MARKS = ("shi", "dash", "bare")
_SPACE_RUN = re.compile(rf"[{_SPACE}]+")
_SENTENCE_END_MARK = re.compile(r"[。！？!?]")
# What follows an outline number that starts the plan's text after a header value: Chinese text or an opening
# bracket or quote (1.新建…, （一）“双减”…), after spaces too; not a digit (发布日期：2023. 05. 12 is a date).
_OUTLINE_TEXT = re.compile(rf"[{_SPACE}]*[\u3400-\u9fff“‘《（(【〔「『［\[]")
# The capital numerals of cheques and contracts (大写数字), traditional and simplified, with 参 as OpenCC's t2s
# writes 參: plans and reports from Taiwan number with them (壹、依據, 第貳章, 第拾壹節). The outline reads them too.
CAPITAL_NUMERALS = "壹貳贰參叁参肆伍陸陆柒捌玖拾佰"
QUANTITY_MARKS = "万亿倍%％‰"
"""What makes the figure before it a quantity (1.5万名教师, 2.5%, 2 倍): no outline number is followed by one."""
# A line that starts like an outline item; a line break before it is kept. Its digits are ASCII or
# full-width (１．２, 第３条), as the outline reads them; so are its styles: 一） as 1） (but see _starts_item),
# the enclosed numbers of Word's numbering and PDF text (⑴ … ⒇, ⒈ … ⒛, ㈠ … ㈩), and the circled ones past ⑳ (㉑ … ㊿).
_ITEM_STARTS = (
    rf"[{_SPACE}]*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十0-9０-９]+[)）]|[0-9０-９]+[.．、](?![0-9０-９])"
    rf"|[0-9０-９]+[)）]|[一二三四五六七八九十百]{{1,3}}[{_SPACE}]*[)）]"
    rf"|[0-9０-９]+(?:[.．][0-9０-９]+)+[.．]?[{_SPACE}]*(?![{QUANTITY_MARKS}])[\u4e00-\u9fff]"
    rf"|[①-⑳㉑-㉟㊱-㊿⑴-⒛㈠-㈩]|第[一二三四五六七八九十百{CAPITAL_NUMERALS}0-9０-９]+[章节条節條]|——|篇[一二三四五六七八九十]|附件"
    # A bulleted item (• 建设…, - 建设… as Markdown writes it) starts a line of its own too.
    rf"|[{BULLET_GLYPHS}]|[·\-*+][{_SPACE}]"
)
_ITEM_START = re.compile(_ITEM_STARTS + ")")
# 伍、 or 参、 at a line start is an item only in a text numbered with capital numerals (its 壹、 or 第壹章 at a line
# start): in other text 伍, 陆, 参 and 拾 end words, and a line cut inside 教师队伍、 starts with 伍、.
_ITEM_START_CAPITALS = re.compile(_ITEM_STARTS + rf"|[{CAPITAL_NUMERALS}]+[{_SPACE}]*[、､．.](?![{CAPITAL_NUMERALS}0-9０-９]))")
# 一） at a line start, which starts an item only after a line that is whole (see _starts_item).
_CLOSING_BRACKET_ITEM = re.compile(rf"[{_SPACE}]*[一二三四五六七八九十百]{{1,3}}[{_SPACE}]*[)）]")
_NUMBERS_WITH_CAPITALS = re.compile(rf"^[{_SPACE}]*(?:壹[{_SPACE}]*[、､．.]|第壹[章节節编編])", re.M)


@functools.lru_cache(maxsize=8)
def _item_start(text):
    """The pattern of a line that starts an item in ``text``: :data:`_ITEM_START`, with capital numerals in a text numbered so.

    Examples
    --------
    >>> bool(_item_start("一、加强教师队\\n伍、管理队伍建设").match("伍、管理队伍建设"))
    False
    >>> bool(_item_start("壹、依據\\n貳、目標").match("貳、目標"))
    True
    """
    return _ITEM_START_CAPITALS if _NUMBERS_WITH_CAPITALS.search(text) else _ITEM_START


def parse_corrections(spec):
    """Parse a manifest ``corrections`` cell: ``"wrong=>right; wrong2=>right2"``.

    Parameters
    ----------
    spec : str or None
        The cell; items are separated by ``;`` or ``；``, and empty items are skipped.

    Returns
    -------
    list of (str, str)
        ``(wrong, right)`` pairs in the order given.

    Raises
    ------
    ValueError
        If an item has no ``=>`` or nothing before it.

    Examples
    --------
    >>> parse_corrections("必威体育回族自治区=>宁夏回族自治区; 必威体育=>银川市")
    [('必威体育回族自治区', '宁夏回族自治区'), ('必威体育', '银川市')]
    >>> parse_corrections("")
    []
    """
    pairs = []
    for item in re.split(r"[;；]", spec or ""):
        if not item.strip():
            continue
        if "=>" not in item:
            raise ValueError(f"correction {item.strip()!r} is not of the form wrong=>right")
        wrong, right = (part.strip() for part in item.split("=>", 1))
        if not wrong:
            raise ValueError(f"correction {item.strip()!r} has nothing to replace")
        pairs.append((wrong, right))
    return pairs


def _in_spans(offset, spans):
    """Whether ``offset`` is inside one of ``spans``, sorted ``(start, end)`` pairs that do not overlap.

    Examples
    --------
    >>> _in_spans(3, [(0, 2), (3, 5)]), _in_spans(2, [(0, 2), (3, 5)]), _in_spans(0, [])
    (True, False, False)
    """
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _line_span(raw, match):
    """Extend a whole-line match over its line break so no empty line is left behind."""
    return _whole_line(raw, *match.span())


def _whole_line(raw, start, end):
    """``(start, end)`` of a line's text, extended over its line break."""
    if raw.startswith("\r\n", end):
        end += 2
    elif end < len(raw) and raw[end] in "\r\n":
        end += 1
    return start, end


def _chrome_edits(raw):
    """Edits that drop chrome and header lines, and the header fields as ``{key: [value span, …]}``."""
    edits = []
    for pattern, reason, words in _CHROME_LINES:
        if not any(word in raw for word in words):
            continue
        for match in pattern.finditer(raw):
            edits.append(Edit(*_line_span(raw, match), reason))
    # A web page's header block is at the page's top, before the plan's text: after the outline's first number
    # (一、, （一）, 1., 第一条…), or in a text without one after its first line of running prose, a line such as
    # 责任部门：县教育局 is the plan's own.
    top = _page_top_end(raw, {edit.start for edit in edits})
    edits += _chrome_or_plan_edits(raw, top, {edit.start for edit in edits})
    # A line dropped as chrome is no header: an organiser's line in a site's footer, in a text without an outline.
    dropped = {edit.start for edit in edits}
    fields = {}
    for match in _HEADER_LINE.finditer(raw, 0, top):
        if match.start() in dropped:
            continue
        items, text_start = _header_items(match.group(0))
        for key, start, end in items:
            key = re.sub(r"\s+", "", key)
            fields.setdefault(_HEADER_KEY_NAMES.get(key, key), []).append((match.start() + start, match.start() + end))
        if text_start is None:
            edits.append(Edit(*_line_span(raw, match), "web page header block (kept as metadata)"))
        elif text_start:
            edits.append(Edit(match.start(), match.start() + text_start, "web page header block (kept as metadata)"))
    return edits, fields


# A line that holds a clause or sentence mark (for the page's top, see _page_top_end).
_CLAUSE_LINE = re.compile(r"^[^\n]*?[。！？!?；;，,]", re.M)


def _page_top_end(raw, chrome):
    """Where the top of a page ends, which holds its chrome and header block: where the plan's text begins.

    That is the first line that starts with a number of the plan's outline
    (see :func:`_outline_start`). Only in a text without any such number,
    it is the first line of running prose: one that holds a clause or
    sentence mark (，；。！？) and is neither a header line (索引号：…, which
    may run on into the plan's text) nor a line of the site's chrome
    (``chrome`` holds the starts of those the chrome patterns drop; 来源：…
    and 主办：… are passed over too). So the responsibility line after each
    paragraph of a plan without outline numbers (责任部门：县教育局) stays in
    its text, as it does after the first number of a numbered plan; and in
    a numbered plan, a site's banner above the header block (欢迎访问某县人民政府网站！)
    or a line of prose before it ends no header.

    Examples
    --------
    >>> raw = "某县方案\\n发布机构：县教育局\\n加强党的领导。全面落实党建责任。\\n责任部门：县教育局\\n"
    >>> raw[_page_top_end(raw, set()):].splitlines()[0]
    '加强党的领导。全面落实党建责任。'
    >>> raw = "欢迎访问某县人民政府网站！\\n发布机构：县教育局\\n为推进教育发展，制定本方案。\\n一、总体要求\\n"
    >>> _page_top_end(raw, set()) == raw.index("一、")
    True
    """
    outline = _outline_start(raw)
    if outline < len(raw):
        return outline
    for line in _CLAUSE_LINE.finditer(raw):
        start = line.start()
        if start in chrome or _HEADER_LINE.match(raw, start) or any(pattern.match(raw, start) for pattern, _, _ in _CHROME_OR_PLAN_LINES):
            continue
        return start
    return len(raw)


def _outline_start(raw):
    """Offset of the first line that starts with a number of the plan's outline, or ``len(raw)`` when none does.

    A number is any the outline reads at a line start (一、, （一）, 1., 1、, （1）,
    1.1, 1）, ①, 第一章, 第一节, 第一条, 篇一：) but an item's mark (一是, ——) and a
    bare number before a space (1 总则, but also 12 月 3 日).

    Examples
    --------
    >>> _outline_start("发布机构：县教育局\\n方案\\n第一条 为推进教育发展，制定本办法。"), _outline_start("发布机构：县教育局")
    (13, 9)
    """
    from .structure import _MARKER  # structure imports this module; its numbers are the outline's

    for line in _LINE_INDENT.finditer(raw):
        number = _MARKER.match(raw, line.end())
        if number and number.lastgroup not in _WEAK_MARKS:
            return line.start()
    return len(raw)


def _header_items(line):
    """The fields of a header line as ``(key, value start, value end)`` in it, and where the plan's text on it starts.

    A page that lost its line breaks runs the plan into its header: the last
    value then stops at a space before text that ends a sentence or before an
    outline number followed by Chinese text or an opening bracket or quote
    (``发布机构：县教育局　为推进…。（一）…``); a header value holds neither (the
    ``05.`` of ``2023. 05. 12`` is followed by a digit). A value that holds the end of a sentence with no space before it
    cannot be told from the plan's text, so that field and the rest of the line
    stay text. The start is ``None`` when the whole line is header, ``0`` when
    none of it is.

    Examples
    --------
    >>> _header_items("索引号：123 发布机构：县教育局　为推进教育发展。")
    ([('索引号', 4, 7), ('发布机构', 13, 17)], 18)
    >>> _header_items("　发布机构：县教育局为推进教育发展。")
    ([], 0)
    """
    from .structure import _MARKER  # structure imports this module; its numbers are the outline's

    items = []
    for item in _HEADER_FIELD.finditer(line):
        start, end = item.span(2)
        text_start = None
        # Whether a sentence ends after a space is whether the value's last sentence end is after it: found once, so
        # that a value of many spaces (a a a …) is not searched to its end from each of them.
        last_mark = max((mark.start() for mark in _SENTENCE_END_MARK.finditer(line, start, end)), default=-1)
        for space in _SPACE_RUN.finditer(line, start, end):
            number = _MARKER.match(line, space.end(), end)
            starts_text = number and number.lastgroup not in _WEAK_MARKS and _OUTLINE_TEXT.match(line, number.end(), end)
            if last_mark >= space.end() or starts_text:
                end, text_start = space.start(), space.end()
                break
        if _SENTENCE_END_MARK.search(line, start, end):
            return items, item.start() if items else 0
        value = line[start:end]
        start += len(value) - len(value.lstrip())
        items.append((item.group(1), start, start + len(value.strip())))
        if text_start is not None:
            return items, text_start
    return items, None


def _chrome_or_plan_edits(raw, top, chrome):
    """Edits that drop the lines of :data:`_CHROME_OR_PLAN_LINES`, :data:`_ORGANISER_LINE` and :data:`_FOOTER_CONTACT_LINE` in the page's chrome zone.

    That is, for the first, at the page's top, before ``top`` (where the plan's text begins, see :func:`_page_top_end`), and for all three,
    in the site's footer at the page's end (see :func:`_site_footer_start`);
    ``chrome`` holds the starts of the lines other chrome patterns drop. An
    organiser's line (主办单位：…) at the page's top is a field of the header.
    """
    found = [(match, reason) for pattern, reason, words in _CHROME_OR_PLAN_LINES if any(word in raw for word in words)
             for match in pattern.finditer(raw)]
    pattern, reason, words = _ORGANISER_LINE
    organisers = [(match, reason) for match in pattern.finditer(raw)] if any(word in raw for word in words) else []
    pattern, reason, words = _FOOTER_CONTACT_LINE
    contacts = [(match, reason) for match in pattern.finditer(raw)] if any(word in raw for word in words) else []
    if not found and not organisers and not contacts:
        return []
    footer = _site_footer_start(raw, chrome, {match.start() for match, _ in found + organisers}, {match.start() for match, _ in contacts})
    return ([Edit(*_line_span(raw, match), reason) for match, reason in found if match.start() < top or match.start() >= footer]
            + [Edit(*_line_span(raw, match), reason) for match, reason in organisers + contacts if match.start() >= footer])


def _site_footer_start(raw, chrome, chrome_or_plan, contacts):
    """Where the site's footer at a page's end starts: the page's closing lines where they hold a line of chrome.

    The closing lines are the lines after the plan's last line, the last
    that holds a clause mark (，。；！？), starts with an outline number,
    holds a date of issue (a plan ends with its issuer and date) or is
    :data:`_FOOTER_LINE_LONGEST` characters long or more, and is neither
    chrome nor such a line as 主办：… or 地址：… without a clause mark.
    ``chrome`` holds the starts of the lines that chrome patterns drop,
    ``chrome_or_plan`` those of lines that may be chrome or the plan's
    (主办：…, 来源：…), and ``contacts`` those of a site's address, telephone
    and such. Where the closing lines hold no chrome, the footer is only the
    lines at the end that are blank or such as 主办：… (主办单位：县人民政府办公室
    alone at a page's end): an address or telephone there is the plan's.

    Examples
    --------
    >>> raw = ("（二）经费来源\\n来源：县财政预算安排，每校补助2万元。\\n主办：县人民政府办公室\\n"
    ...        "网站标识码：1101000001\\n地址：某县某路1号　联系电话：0851-1234567\\n")
    >>> footer = _site_footer_start(raw, {raw.index("网站")}, {raw.index("来源："), raw.index("主办")}, {raw.index("地址")})
    >>> raw[footer:].splitlines()
    ['主办：县人民政府办公室', '网站标识码：1101000001', '地址：某县某路1号\u3000联系电话：0851-1234567']
    >>> raw = "（二）联系方式\\n主办：县教育局\\n联系电话：0851-1234567\\n某县教育局\\n2023年5月12日\\n网站标识码：1101000001\\n"
    >>> raw[_site_footer_start(raw, {raw.index("网站")}, {raw.index("主办")}, {raw.index("联系电话")}):]
    '网站标识码：1101000001\\n'
    """
    from .structure import _MARKER  # structure imports this module; its numbers are the outline's

    line_starts = [0] + [match.end() for match in re.finditer("\n", raw)]
    closing = end = len(raw)
    only_footer_words, holds_chrome, footer_words_start = True, False, len(raw)
    for start in reversed(line_starts):
        line = raw[start:end].strip()
        end = start
        if line and start in chrome:
            holds_chrome = True
        elif line and (start in chrome_or_plan or start in contacts):
            if _CLAUSE_MARK_IN_LINE.search(line):
                break
        elif line and (_CLAUSE_MARK_IN_LINE.search(line) or _MARKER.match(line) or _DATE_LINE.search(line)
                       or len(line) >= _FOOTER_LINE_LONGEST):
            break
        closing = start
        # The lines at the end that are blank or such as 主办：… (a site's footer without chrome).
        only_footer_words = only_footer_words and (not line or start in chrome or start in chrome_or_plan)
        if only_footer_words:
            footer_words_start = start
    return closing if holds_chrome else footer_words_start


def _declared_corrections(corrections, converter, convert):
    """``(wrong, replacement, reason)`` of each declared ``(wrong, right)`` correction.

    With a conversion, the right text is converted as the text around it is,
    and the reason says so: a name declared in traditional characters (銀川市)
    is written as the converted text writes it (银川市), where the place names
    of the metadata, converted too, find it.

    Examples
    --------
    >>> _declared_corrections([("必威体育", "银川市")], None, None)
    [('必威体育', '银川市', 'declared correction: 必威体育 → 银川市')]
    """
    declared = []
    for wrong, right in corrections:
        written = right if converter is None else converter(right)
        converted = f" (converted, {convert}: {written})" if written != right else ""
        declared.append((wrong, written, f"declared correction: {wrong} → {right}{converted}"))
    return declared


def _correction_edits(raw, corrections, breaks=()):
    """Edits for the declared corrections, in order, found in ``raw`` with ``breaks`` joined.

    ``corrections`` are ``(wrong, replacement, reason)`` as from
    :func:`_declared_corrections`. ``breaks`` are the line-break edits of
    joining (and the page numbers dropped between the two lines), so a name
    that PDF extraction cut over two lines (必威 / 体育) is found; its edit
    spans the break.
    """
    if not corrections:
        return []
    joined, offsets = apply_edits(raw, breaks) if breaks else (raw, None)
    edits, taken = [], np.zeros(len(raw), dtype=bool)
    for wrong, replacement, reason in corrections:
        for match in re.finditer(re.escape(wrong), joined):
            start, end = match.span()
            if offsets is not None:
                start, end = int(offsets[start]), int(offsets[end - 1]) + 1
            if taken[start:end].any():
                continue
            taken[start:end] = True
            edits.append(Edit(start, end, reason, replacement))
    return edits


def _corrected_header(fields, views, corrections):
    """Header values with the corrections applied, and an edit for each correction made.

    ``fields`` maps each key to its values' raw spans, in text order; ``corrections``
    are as from :func:`_declared_corrections`; ``views`` are the
    texts in which corrections are looked for (the converted text, then the text as
    read). A key given more than once (two header blocks, or a block printed twice)
    keeps each of its different values, in order, joined by :data:`HEADER_VALUE_SEPARATOR`:
    every header line dropped from the text is kept as metadata.
    """
    header, edits = {}, []
    for key, spans in fields.items():
        values = []
        for start, end in spans:
            found = _without_overlaps([e for view in views for e in _correction_edits(view[start:end], corrections)])
            values.append(apply_edits(views[0][start:end], found)[0])
            edits += [Edit(start + e.start, start + e.end, f"{e.reason} (header metadata)", e.replacement) for e in found]
        header[key] = HEADER_VALUE_SEPARATOR.join(dict.fromkeys(value for value in values if value))
    return header, sorted(edits, key=lambda e: e.start)


# Markdown's markup, in a .md plan: heading marks and list bullets at a line start, quote marks, bold.
_BULLET_REASON = "markdown markup: list bullet"
_MARKDOWN = (
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M), "markdown markup: heading mark"),
    (re.compile(r"^[ \t]*>[ \t]?", re.M), "markdown markup: quote mark"),
    (re.compile(r"^[ \t]*([-*+])[ \t]+", re.M), _BULLET_REASON),
    (re.compile(r"\*\*|__"), "markdown markup: bold"),
)
_BOLD_MARKS = re.compile(r"(?:\*\*|__)*")
# The first character of an item's text: not a space, nor a rule's or a mark's ("- - -", "- #").
_ITEM_TEXT = re.compile(r"[^\s\-*+_=~#]")


def _bullet_edit(view, match):
    """The edit of a Markdown list bullet: ``-``, ``*`` or ``+`` becomes ``•``, or the markup is removed.

    A bullet before text (``- 建设…``) is replaced, one character for one, by the
    bullet it stands for, so that the item keeps its boundary in the text
    (structure reads ``•`` at a line start as an item). A bullet before a number
    (``- （一）…``, ``- **1.…**``) only decorates it, and one before no text is
    no item: their markup is removed with the space after it.
    """
    text_start = _BOLD_MARKS.match(view, match.end()).end()
    if _item_start(view).match(view, text_start) or not _ITEM_TEXT.match(view, text_start):
        return Edit(match.start(), match.end(), _BULLET_REASON)
    return Edit(match.start(1), match.end(1), _BULLET_REASON, "•")


def _markdown_edits(view):
    return [_bullet_edit(view, m) if reason == _BULLET_REASON else Edit(m.start(), m.end(), reason)
            for pattern, reason in _MARKDOWN for m in pattern.finditer(view) if m.end() > m.start()]


# Line breaks besides "\n" and "\r", each with the reason its edit to "\n" gives: Unicode's own (from Word or a web
# page), and the vertical tab that Word's manual line break (Shift+Enter) is in text copied out of it.
LINE_SEPARATORS = {
    "\u2028": "Unicode line separator", "\u2029": "Unicode line separator", "\x85": "Unicode line separator",
    "\x0b": "manual line break (vertical tab)",
}
_LINE_SEPARATOR = f"[{''.join(LINE_SEPARATORS)}]"
# Characters that show nothing, as character-class ranges, each kind with the reason its edit gives. clean_text drops
# them before any rule reads a line: inside 普通高中 each would part the word, in a copy that looks the same. They are
# Unicode's format characters (category Cf) that are default-ignorable, with the variation selectors and the
# combining grapheme joiner: zero-width spaces and joiners, the word joiner and the byte-order mark (of a file read
# with encoding="utf-8", or of a second file pasted on); the soft hyphen; the direction marks and the embeddings,
# overrides and isolates that control writing direction (pasted from a web page or a right-to-left text); the
# invisible operators U+2061-2064 and the deprecated format characters U+206A-206F; the Mongolian vowel separator;
# variation selectors, which choose a glyph of the character before them and never another character (葛 with an
# ideographic variation selector is 葛; an emoji with U+FE0F is the same emoji); tag characters, which can hide
# text; and the format controls of shorthand and music. Chinese text gives none of them a meaning. Kept are the
# format characters that show as a sign or a box: the number signs of Arabic, Syriac and Kaithi (U+0600-0605,
# U+06DD, U+070F, U+0890-0891, U+08E2, U+110BD, U+110CD), the interlinear annotation characters (U+FFF9-FFFB, which
# Unicode does not make ignorable) and the format controls of Egyptian hieroglyphs.
_INVISIBLE_KINDS = (
    ("\u200b-\u200d\u2060\ufeff", "invisible character (zero-width space or byte-order mark)"),
    ("\u00ad", "invisible character (soft hyphen)"),
    ("\u061c\u200e\u200f", "invisible character (direction mark)"),
    ("\u202a-\u202e\u2066-\u2069", "invisible character (direction control)"),
    ("\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef", "invisible character (variation selector)"),
    ("\u180e", "invisible character (Mongolian vowel separator)"),
    ("\u2061-\u2064", "invisible character (invisible operator)"),
    ("\u034f\u206a-\u206f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f", "invisible character (other format character)"),
)
_INVISIBLE_CHARACTERS = "".join(chars for chars, _ in _INVISIBLE_KINDS)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARACTERS}]+")
_INVISIBLE_KIND = tuple((re.compile(f"[{chars}]"), reason) for chars, reason in _INVISIBLE_KINDS)


def _invisible_reason(char):
    return next(reason for kind, reason in _INVISIBLE_KIND if kind.match(char))


def _invisible_edits(raw, start, end):
    """The edits that drop ``raw[start:end]``, a run of invisible characters: one for each run of one kind.

    Examples
    --------
    >>> [(e.start, e.end, e.reason) for e in _invisible_edits("普\\u200b\\ufeff\\u00ad通", 1, 4)]
    [(1, 3, 'invisible character (zero-width space or byte-order mark)'), (3, 4, 'invisible character (soft hyphen)')]
    """
    edits = []
    for offset in range(start, end):
        reason = _invisible_reason(raw[offset])
        if edits and edits[-1].end == offset and edits[-1].reason == reason:
            edits[-1] = Edit(edits[-1].start, offset + 1, reason)
        else:
            edits.append(Edit(offset, offset + 1, reason))
    return edits


def _holds_any(text, characters):
    return any(char in text for char in characters)


def _line_ending_edits(raw):
    edits = [Edit(m.start(), m.start() + 1, "Windows line ending") for m in re.finditer(r"\r\n", raw)]
    edits += [Edit(m.start(), m.end(), "old Mac line ending", "\n") for m in re.finditer(r"\r(?!\n)", raw)]
    # The other line breaks (Unicode's, Word's vertical tab): lines for the outline's "^", as splitlines() sees them.
    # (Searched only when one is there: a substring test is many times quicker than a scan for a character class.)
    if _holds_any(raw, LINE_SEPARATORS):
        edits += [Edit(m.start(), m.end(), LINE_SEPARATORS[m.group()], "\n") for m in re.finditer(_LINE_SEPARATOR, raw)]
    # pdftotext ends each page with a form feed, mostly at a line start: dropped there, a line break elsewhere.
    edits += [Edit(m.start(), m.end(), "page break (form feed)", "" if _at_line_edge(raw, m.start(), m.end()) else "\n")
              for m in re.finditer(r"\f+", raw)]
    return edits


def _at_line_edge(raw, start, end):
    return start == 0 or end == len(raw) or raw[start - 1] in "\r\n" or raw[end] in "\r\n"


def detect_broken_lines(raw):
    """True when most long lines end mid-sentence, as in text extracted from PDF.

    Parameters
    ----------
    raw : str
        The text as read.

    Examples
    --------
    >>> detect_broken_lines("为加快推进教育高质量发展，结合本地实际，现将有关\\n事项通知如下。加快推进学校标准化建设，完善办学条件和\\n教学设施。")
    True
    >>> detect_broken_lines("一、指导思想\\n\\n坚持立德树人，落实根本任务，推动教育高质量发展。")
    False
    """
    long_lines = [line.rstrip() for line in raw.splitlines() if len(line.strip()) >= _LONG_LINE]
    if len(long_lines) < 2:
        return False
    open_ends = sum(1 for line in long_lines if line[-1] not in _TERMINAL)
    return open_ends / len(long_lines) > 0.4


def _broken_line_edits(raw, skip, *, paragraphs=False):
    """Line breaks inside sentences: a long line that ends without closing punctuation.

    A break may span dropped lines (a page number, a running header) and a
    page break: the sentence goes on after them, and each stretch of white
    space in between is joined. With ``paragraphs``, the text says where its
    paragraphs end, by an empty line (as a PDF is read here, from where its
    lines stop on the page): every other line break is inside a paragraph
    and is joined, whatever the line's length or last character.
    """
    edits = []
    gap_end = 0
    for match in _LINE_BREAKS.finditer(raw):
        start, end = match.span()
        if start < gap_end or start == 0 or end >= len(raw) or skip[start - 1]:
            continue
        spaces = [(start, end)]
        while end < len(raw) and skip[end]:
            dropped_end = end
            while dropped_end < len(raw) and skip[dropped_end]:
                dropped_end += 1
            after = _SPACES.match(raw, dropped_end)
            if after.end() > after.start():
                spaces.append(after.span())
            end = after.end()
        gap_end = end
        line_start = raw.rfind("\n", 0, start) + 1
        line = raw[line_start:start].strip()
        if end >= len(raw) or _starts_item(raw, end, line):
            continue
        if paragraphs:
            if raw.count("\n", *spaces[0]) > 1:
                continue
        elif len(line) < _LONG_LINE or line[-1] in _TERMINAL:
            continue
        elif _is_tag_line(line) and raw.count("\n", *spaces[0]) > 1:
            # A responsibility line ends its measure without punctuation; after a blank line the next one starts.
            continue
        # Between two Latin words the break was a space; in Chinese it was nothing, and so it was inside a number.
        joint = " " if raw[start - 1].isascii() and raw[start - 1].isalnum() and raw[end].isascii() and raw[end].isalnum() else ""
        if joint and raw[start - 1].isdigit() and raw[end].isdigit() and _cuts_a_number(raw[line_start:start], raw, end):
            joint = ""
        edits += [Edit(a, b, "line break inside a sentence (PDF extraction)", joint if (a, b) == spaces[0] else "") for a, b in spaces]
    return edits


def _starts_item(raw, start, before):
    """Whether the line at ``raw[start]`` starts an item of the outline, after the line ``before`` (stripped).

    A number at a line start keeps the line break before it (1）, （一）, 1.),
    but 一） does only after a whole line: one that ends a sentence or a clause
    (。；：！？, a closing bracket or quote) or a short one, as a heading is,
    after which joining keeps a line break before any text. 一 ends words (周一, 之一,
    统一): after a line cut in the middle of a sentence (…每月第一周的周 /
    一）召开, …配套文件（之 / 一）的组成部分), or one that ends in the bracket
    it closes (落实“五个一”（ / 一）工程), it is text, as the outline reads it
    there, and the lines are joined.

    Examples
    --------
    >>> cut = "（一）加强学校建设。全县学校建设推进会定于每月第一周的周"
    >>> _starts_item("一）召开", 0, cut), _starts_item("1）召开", 0, cut), _starts_item("一）召开", 0, "具体安排如下：")
    (False, True, True)
    >>> _starts_item("一）工程", 0, "落实“五个一”（")
    False
    """
    if not _item_start(raw).match(raw, start):
        return False
    if not _CLOSING_BRACKET_ITEM.match(raw, start):
        return True
    if not before or before.endswith(("（", "(")):
        return False
    return len(before) < _LONG_LINE or before[-1] in _TERMINAL


_LINE_BREAKS = re.compile(rf"[{_SPACE}]*(?:\r?\n[{_SPACE}]*)+")
_SPACES = re.compile(rf"[{_SPACE}\r\n]*")
# A line that ends inside a number (3億2,00 / 0萬元): a thousands group short of its three digits, after a number
# that is no list (1,2,3) ...
_SHORT_GROUP = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})*,([0-9]{1,2})$")
# ... or digits right after a hanzi (资金12 / 00万元) that the next line's digits carry on to the unit of a figure.
_FIGURE_HEAD = re.compile(r"[\u3400-\u9fff]([0-9]+)$")
_FIGURE_TAIL = re.compile(r"([0-9]+)(?:,[0-9]{3})*(?:\.[0-9]+)?[万萬亿億元个個所名人次项項倍年月日%％‰]")
_GROUP_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def _cuts_a_number(line, raw, after):
    """Whether the line break that ends ``line`` and goes on at ``raw[after]`` cuts one number in two.

    Two numbers on two lines (a table's row, 2023 / 2024年) stay two: only a thousands group the line leaves
    short, made whole by the next line's digits (2,00 / 0个), or digits after a hanzi that run on into a figure's
    unit (资金12 / 00万元), and never two years, are one number.

    Examples
    --------
    >>> _cuts_a_number("资金1亿2,00", "0万元", 0), _cuts_a_number("资金1亿2,00", "00万元", 0)
    (True, False)
    >>> _cuts_a_number("投入资金12", "00万元", 0), _cuts_a_number("年份2023", "2024年", 0), _cuts_a_number("投入资金12", "3号", 0)
    (True, False, False)
    >>> _cuts_a_number("项目学校共计12", "2024年启动", 0), _cuts_a_number("到202", "5年", 0)
    (False, True)
    """
    group = _SHORT_GROUP.search(line)
    if group:
        return len(group.group(1)) + len(_GROUP_DIGITS.match(raw, after).group()) == 3
    head, tail = _FIGURE_HEAD.search(line), _FIGURE_TAIL.match(raw, after)
    if not (head and tail) or _YEAR.fullmatch(head.group(1)) and _YEAR.fullmatch(tail.group(1)):
        return False
    # A whole year on the next line (共计12 / 2024年启动…) starts a sentence of its own: no digits run on into it.
    return not (_YEAR.fullmatch(tail.group(1)) and raw.startswith("年", tail.end(1)))


# A page number that PDF extraction set at the start of the line after the one its page cut
# (…创建省三级达标高中,力 / 5 争在 2023 年…): a number of up to three digits alone before a space.
_LINE_START_NUMBER = re.compile(rf"^[{_SPACE}]*([1-9][0-9]{{0,2}})[{_SPACE}]+(?=\S)", re.M)
# What a figure of a plan is followed by, right after its number (3 所学校, 2 天的培训, 60 名, 1 500 人): a measure word
# (量词) or a unit of time, money or measure, or a place counted (3 校联动, 5 区协同) or a count's word (5 大行动, 3 成).
# Each word here also starts the rest of a cut sentence now and then (…针 / 5 对…), and a page number before it then
# stays in the text: the list holds the words that the bundled plans write after a figure (3 天) at least as
# often as after another hanzi (今天, 每周), and those of its first version. Others count things too but end far more
# words than they follow figures (对 in 针对, 组 in 小组, 件 in 文件, 度 in 制度, 升 in 提升, 员 in 人员, 周 in 周期): a
# number before them is taken for a page's where the text's page numbers say so.
COUNTING_WORDS = ("个条张本支座栋间所家户位名人次场轮届期批套册节篇项门类种级层班台点处部号辆"
                  "年月日天岁"
                  "元十百千万亿倍成亩米吨"
                  "校区县镇乡村园室馆科大方余多")
"""Measure words and units: a number at a line start followed by one of them (``3 所``, ``2 天``, ``60 名``) is a figure, never a page's number."""
# What makes the number a figure of the text instead: a counting word, or a word of two (学时, 公里, 学期) whose first
# character counts nothing alone (学, 公, 平 start words of a cut sentence), a Latin letter, a digit or a mark.
# (Any of them may also start the rest of a cut sentence: such a page number is left, never a figure taken.)
# An outline number after it (7 13. 推进…) is let through first.
UNIT_WORDS = ("学时", "课时", "小时", "公里", "公顷", "平方", "周岁", "学期", "学年", "星期", "公斤")
"""Units of two characters whose first counts nothing alone: a number before one (``1.5小时``, ``3 学期``) is a figure."""
_AFTER_FIGURE = re.compile(rf"[0-9０-９A-Za-z{COUNTING_WORDS}%％‰.．、,，:：;；)）\-—~～/／]|{'|'.join(UNIT_WORDS)}")
# The clause punctuation a heading has none of (（二）实施教育项目攻坚工程); a cut sentence of a measure has.
_CLAUSE_MARK = re.compile(r"[，,。；;：:、]")
# Page numbers count on with the text: consecutive ones are this many characters apart per page or more
# (collection-08's pages hold about 560), so numbered lines of a list or rows of a table are no such series.
_PAGE_FEWEST_CHARS = 200
_PAGE_MOST_CHARS = 3000
# So many page numbers in one text, rising as pages do, are the evidence; one or two lone numbers are not.
_PAGE_SERIES_SHORTEST = 3
# A page number's predecessor is among the few such numbers just before it: looking no further back keeps
# a text with thousands of line-start numbers (a long table) from a quadratic search.
_PAGE_LOOKBACK = 20


def _line_start_page_number_edits(view, skip, *, paragraphs=False):
    """Edits that drop the page numbers PDF extraction left at line starts, without form feeds.

    A page that ends inside a sentence leaves its number between the two
    halves of it (``…力`` / ``5 争在…``), where the page-furniture rule
    (which needs form feeds) never looks. A number is one when it stands
    alone before a space at the start of a line (after indentation), its
    text is no figure (no unit or measure word after it: ``3 所学校``), the
    line before (over blank and dropped lines) is cut mid-sentence as
    :func:`_broken_line_edits` sees it (long, without closing punctuation,
    and no heading), and at least three such numbers of the text rise as
    pages do: strictly, and a page's worth of characters apart per page
    (see :func:`_page_runs`). Each edit takes the number and the spaces
    after it; the broken line is then joined over it like any other.

    Once such a run of page numbers says where the pages end, a number in
    one of its gaps (the 3 and 4 of 2, 5) is a page number too after any
    line, a short one or a heading, where a page ended between two
    sentences: see :func:`_pages_in_gaps`.

    ``skip`` marks the raw characters other edits already drop. With
    ``paragraphs`` (a PDF's text read by paragraphs), a blank line ends a
    paragraph, so a number after one follows no cut line.
    """
    numbers, after_cuts = [], []
    for match in _LINE_START_NUMBER.finditer(view):
        start, after = match.start(1), match.end()
        if skip[start]:
            continue
        number = (int(match.group(1)), start, after)
        numbers.append(number)
        if not _starts_figure(view, after) and _follows_cut_line(view, match.start(), skip, paragraphs=paragraphs):
            after_cuts.append(number)
    runs = _page_runs(after_cuts)
    pages = {number for run in runs for number in run}
    others = [number for number in numbers if number not in pages]
    edits = [Edit(start, end, "page number inside a broken line (PDF extraction)") for _, start, end in pages]
    for run in runs:
        edits += [Edit(start, end, "page number in a gap of the text's page numbers (PDF extraction)")
                  for _, start, end in _pages_in_gaps(view, run, others)]
    return sorted(edits, key=lambda e: e.start)


def _starts_figure(view, after):
    """Whether the text after a line-start number makes it a figure of the plan (3 所学校), not a page's number."""
    return not _item_start(view).match(view, after) and bool(_AFTER_FIGURE.match(view, after))


# A sentence's end, or an item number, inside a line that starts with a responsibility tag: the next measure runs on.
_RUNS_ON_AFTER_TAG = re.compile(rf"[。；;！？!?]|[0-9０-９]+[.．、][{_SPACE}]*\S|[（(][一二三四五六七八九十]+[)）]")


def _is_tag_line(line):
    """Whether a line (stripped) is a whole responsibility tag: 责任单位：区教育局、区财政局, 【牵头单位：…】.

    One that ends in a separator (…区财政局, / 各镇街) goes on on the next line, and one that runs on into
    the next measure (责任单位:区教育局 10. 完善…, as PDF text has it) is no tag line.
    """
    from .structure import _TAG_KEY_FORMS  # simplified and traditional (牽頭單位), as the outline reads them

    return (line.lstrip("<＜[［【（(").startswith(_TAG_KEY_FORMS) and line[-1] not in "，,、;；:："
            and not _RUNS_ON_AFTER_TAG.search(line))


def _follows_cut_line(view, line_start, skip, *, paragraphs=False):
    """Whether the last line with text before ``line_start`` (blank and dropped lines passed over) ends mid-sentence.

    With ``paragraphs`` a blank line ends the paragraph before it, which no
    join crosses: a number after one follows no cut line. A responsibility
    line (责任单位：区教育局、区财政局…) is a whole line, not a cut one, though
    it ends without punctuation.
    """
    end = line_start - 1
    while end > 0:
        start = view.rfind("\n", 0, end) + 1
        line = "".join(char for char, dropped in zip(view[start:end], skip[start:end]) if not dropped).strip()
        if line:
            heading = _item_start(view).match(line) and not _CLAUSE_MARK.search(line)
            return len(line) >= _LONG_LINE and line[-1] not in _TERMINAL and not heading and not _is_tag_line(line)
        if paragraphs and start < line_start - 1:
            return False
        end = start - 1
    return False


def _counts_on(before, after):
    """Whether the ``(number, start, end)`` ``after`` follows ``before`` as a later page's number does.

    It is larger, by as many pages as the characters between them fill: from
    :data:`_PAGE_FEWEST_CHARS` to :data:`_PAGE_MOST_CHARS` per page.
    """
    pages = after[0] - before[0]
    return pages > 0 and _PAGE_FEWEST_CHARS * pages <= after[1] - before[1] <= _PAGE_MOST_CHARS * pages


def _page_runs(candidates):
    """The runs of ``(number, start, end)`` candidates, in text order, that count on as page numbers do.

    In a run each number follows the one before as a later page's does (see
    :func:`_counts_on`). The longest run is taken, then the longest of the
    rest, and so on (a text of two PDFs numbers its pages twice), while a
    run has :data:`_PAGE_SERIES_SHORTEST` numbers: a shorter one is no
    evidence.

    Examples
    --------
    >>> _page_runs([(2, 540, 542), (5, 2310, 2312), (30, 2500, 2503), (6, 2900, 2902)])
    [[(2, 540, 542), (5, 2310, 2312), (6, 2900, 2902)]]
    >>> _page_runs([(1, 0, 2), (2, 30, 32), (3, 60, 62)])
    []
    """
    runs, rest = [], list(candidates)
    while True:
        length, previous = _page_chains(rest)
        if max(length, default=0) < _PAGE_SERIES_SHORTEST:
            return sorted(runs, key=lambda run: run[0][1])
        run, i = set(), length.index(max(length))
        while i is not None:
            run.add(i)
            i = previous[i]
        runs.append([rest[i] for i in sorted(run)])
        rest = [candidate for i, candidate in enumerate(rest) if i not in run]


def _page_chains(items, *, anchored=False):
    """The longest chains of ``items`` that count on as page numbers do (see :func:`_counts_on`).

    ``items`` are ``(number, start, end)`` in text order. Returns, for each
    item, the length of the longest chain that ends at it and the index of
    the item before it there (None where the chain starts). An item's
    predecessor is looked for only among the :data:`_PAGE_LOOKBACK` items
    just before it, so that a text of thousands of line-start numbers (a long
    table) costs no quadratic search. With ``anchored`` every chain starts at
    the first item, which is looked at from every item: the others have
    length 0 until a chain from it reaches them.

    Examples
    --------
    >>> _page_chains([(2, 0, 2), (3, 600, 602), (9, 700, 702), (4, 1200, 1202)])
    ([1, 2, 1, 3], [None, 0, None, 1])
    >>> _page_chains([(2, 0, 2), (9, 700, 702), (4, 1200, 1202)], anchored=True)
    ([1, 0, 2], [None, None, 0])
    """
    length, previous = [], []
    for i, item in enumerate(items):
        best, before = (0 if anchored and i else 1), None
        window = [0, *range(max(1, i - _PAGE_LOOKBACK), i)] if anchored and i else range(max(0, i - _PAGE_LOOKBACK), i)
        for j in window:
            if length[j] and length[j] + 1 > best and _counts_on(items[j], item):
                best, before = length[j] + 1, j
        length.append(best)
        previous.append(before)
    return length, previous


def _pages_in_gaps(view, run, numbers):
    """The line-start ``numbers`` that fill the gaps of a ``run`` of page numbers where their pages end.

    Between two numbers of the run that are more than one page apart (2 and
    5), a number between them in value and in the text that counts on with
    them as pages do (see :func:`_counts_on`) is the number of a page in
    between, whatever the line before it: a page that ends with a sentence,
    a short line or a heading leaves its number at the next line's start as
    well (``责任单位:区教育局`` / ``3 (二)实施…``). Of the numbers in a gap,
    the most that count on from one to the next are taken. A figure (``3
    所学校``) is none, and neither is a number with the one before or after
    it, at a line start too, less than a page away: that is a list's or a
    table's (``3 职责分工`` / ``4 组织实施``), whatever the run predicts.

    ``numbers`` are the ``(number, start, end)`` of the text that stand
    alone before a space at a line start, in text order, but for those of
    the runs.

    Examples
    --------
    >>> page = "为推进教育高质量发展，完善办学条件。\\n" * 30
    >>> view = page + "  2 下页。\\n" + page + "  3 （二）加强教师队伍建设\\n" + page + "  4 下页。\\n"
    >>> numbers = [(int(m.group(1)), m.start(1), m.end()) for m in _LINE_START_NUMBER.finditer(view)]
    >>> numbers
    [(2, 572, 574), (3, 1150, 1152), (4, 1736, 1738)]
    >>> _pages_in_gaps(view, [numbers[0], numbers[2]], numbers)
    [(3, 1150, 1152)]
    """
    starts = {}
    for value, start, _ in numbers:
        starts.setdefault(value, []).append(start)
    # Each gap looks only at the numbers between its two pages in the text, so a long table is read once.
    offsets = [start for _, start, _ in numbers]
    found = []
    for low, high in zip(run, run[1:]):
        between = numbers[bisect.bisect_right(offsets, low[1]):bisect.bisect_left(offsets, high[1])]
        inside = [number for number in between
                  if low[0] < number[0] < high[0] and not _starts_figure(view, number[2]) and not _in_a_list(number, starts)]
        # The longest chain from low through the gap's numbers to high.
        chain = [low] + inside + [high]
        _, previous = _page_chains(chain, anchored=True)
        i = previous[-1]
        while i:
            found.append(chain[i])
            i = previous[i]
    return sorted(found, key=lambda number: number[1])


def _in_a_list(number, starts):
    """Whether the number before or after a line-start ``number`` starts a line less than a page away.

    ``starts`` maps each number to the text offsets, in order, where it starts a line.
    """
    value, start, _ = number
    for neighbour in (value - 1, value + 1):
        offsets = starts.get(neighbour, [])
        i = bisect.bisect_left(offsets, start - _PAGE_FEWEST_CHARS + 1)
        if i < len(offsets) and offsets[i] < start + _PAGE_FEWEST_CHARS:
            return True
    return False


# A page number alone on a line: — 3 —, -3-, 第3页, 第 3 页 共 12 页, 3/12, Page 3, 3.
_PAGE_NUMBER = re.compile(
    rf"[{_SPACE}]*(?:[-—–－‐~～]+[{_SPACE}]*\d{{1,4}}[{_SPACE}]*[-—–－‐~～]+|第[{_SPACE}]*\d{{1,4}}[{_SPACE}]*页"
    rf"(?:[{_SPACE}]*[,，/／]?[{_SPACE}]*共[{_SPACE}]*\d{{1,4}}[{_SPACE}]*页)?|\d{{1,4}}[{_SPACE}]*[/／][{_SPACE}]*\d{{1,4}}"
    rf"|[Pp]age[{_SPACE}]*\d{{1,4}}(?:[{_SPACE}]*of[{_SPACE}]*\d{{1,4}})?|\d{{1,4}})[{_SPACE}\r]*")
_BARE_NUMBER = re.compile(rf"(\d{{1,4}})(?:[{_SPACE}]*[/／][{_SPACE}]*\d{{1,4}})?")
# A running header or footer is the same line (its figures aside) at the same edge of this many pages.
_RUNNING_PAGES = 3
# A date of issue (2023年4月27日, 二〇二三年四月二十七日) ends a document: a file of two one-page documents
# (a notice and the plan it issues) ends both its pages with the same one.
_DATE_LINE = re.compile(rf"[0-9〇○零一二三四五六七八九]{{4}}[{_SPACE}]*年[{_SPACE}]*[0-9一二三四五六七八九十]{{1,2}}[{_SPACE}]*月"
                        rf"[{_SPACE}]*[0-9一二三四五六七八九十]{{1,3}}[{_SPACE}]*日")
# Letterheads and running titles are short; a longer line is the plan's text.
_RUNNING_LONGEST = 40


def _page_edge_lines(view):
    """(page number from 0, first, last) non-blank line spans of each page of a text whose pages end with form feeds.

    A page of one line gives that line as both.
    """
    edges, page_start = [], 0
    for page, page_end in enumerate([m.start() for m in re.finditer("\f", view)] + [len(view)]):
        lines = [m.span() for m in re.finditer(r"[^\n\f]*[^\s][^\n\f]*", view[page_start:page_end])]
        if lines:
            first, last = lines[0], lines[-1]
            edges.append((page, (page_start + first[0], page_start + first[1]), (page_start + last[0], page_start + last[1])))
        page_start = page_end + 1
    return edges


def _numbered_pages(view, edges, side):
    """Spans at one edge that are page numbers: a decorated number (— 3 —, 第3页, Page 3) anywhere, and a
    bare one (3, 3/12) where at least two pages' bare numbers count with the pages (a figure of a table
    row that happens to start a page does not).
    """
    found, bare = [], {}
    for page, *spans in edges:
        span = spans[side]
        line = view[slice(*span)].strip()
        if not _PAGE_NUMBER.fullmatch(line):
            continue
        bare_number = _BARE_NUMBER.fullmatch(line)
        if bare_number:
            bare.setdefault(int(bare_number.group(1)) - page, []).append(span)
        else:
            found.append(span)
    found += [span for spans in bare.values() if len(spans) >= 2 for span in spans]
    return found


def _page_furniture_edits(view):
    """Page numbers and running headers and footers of a text with page breaks (form feeds), as from a PDF.

    Only the first and last line of a page can be either: a page number
    alone on its line (see :func:`_numbered_pages`), or a short line that
    recurs at the same edge of at least three pages and of half of them
    (its figures aside when it has one number, a page's, and as it is when
    it has more; a year, 2023年, is no page's number), and neither starts
    like an outline item nor ends a sentence. A text of two pages (a plan
    printed in two columns fits on two) shows its running header or footer
    only twice, and one of the two is the text's first or last line, where
    its title or date of issue stands: there the line must be the same on
    both pages (its one number, if any, each page's own) and no date (see
    :func:`_on_both_pages`); so must it on pages 2 and 3 of a text of three,
    whose first page carries the letterhead instead of the header. The
    one line of a page of one line is furniture only as a page number (a
    blank page's).
    """
    if "\f" not in view:
        return []
    edges = _page_edge_lines(view)
    fuller = [pages for pages in edges if pages[1] != pages[2]]
    edits, taken = [], set()
    for side, reason in ((1, "running page header (PDF)"), (2, "running page footer (PDF)")):
        for span in _numbered_pages(view, edges, side - 1):
            if span not in taken:
                edits.append(Edit(*_whole_line(view, *span), "page number (PDF)"))
                taken.add(span)
        shapes = Counter(_running_shape(view[slice(*pages[side])]) for pages in fuller)
        # A text of two pages (those with more than one line), or of three whose first carries the letterhead
        # instead, cannot show a line on three: the same line on both of two, under the stricter terms of
        # _on_both_pages, is the evidence there.
        pair = fuller if len(fuller) == 2 else fuller[1:] if len(fuller) == 3 else []
        both = {pages[side] for pages in pair} if _on_both_pages(view, pair, side) else set()
        for pages in fuller:
            span = pages[side]
            line = view[slice(*span)].strip()
            if (span not in taken and (shapes[_running_shape(line)] >= max(_RUNNING_PAGES, (len(fuller) + 1) // 2) or span in both)
                    and len(line) <= _RUNNING_LONGEST and not _item_start(view).match(line) and line[-1] not in "。；！？"):
                edits.append(Edit(*_whole_line(view, *span), reason))
                taken.add(span)
    return sorted(edits, key=lambda e: e.start)


def _on_both_pages(view, pair, side):
    """Whether two pages (``(page, first span, last span)`` each) have the same line at one edge (``side``: 1 first, 2 last).

    Two pages are weaker evidence than three: the text's own first and last
    lines (its title; its issuer and date of issue) stand at the edges of a
    text of two pages, and one of the two lines is always one of them. So the
    two lines must be the same as they are, or differ only in their one
    number, each page's own (· 第1页, · 第2页: headings of two sections, 第1章
    and 第2章, count on by one too, but then the pages' numbers would have to
    match them); and they must not be a date of issue, which a notice and
    the plan it issues, one page each, both end with. Page 2 does not start
    with the plan's title by chance: a title set again over it is a running
    header (and drops with page 1's, as it does on three pages or more).
    """
    if len(pair) != 2:
        return False
    (page_a, *spans_a), (page_b, *spans_b) = pair
    a, b = view[slice(*spans_a[side - 1])].strip(), view[slice(*spans_b[side - 1])].strip()
    if _DATE_LINE.search(a):
        return False
    if a == b:
        return True
    numbers_a, numbers_b = _page_number_candidates(a), _page_number_candidates(b)
    return (len(numbers_a) == len(numbers_b) == 1 and _running_shape(a) == _running_shape(b)
            and (int(numbers_a[0].group()), int(numbers_b[0].group())) == (page_a + 1, page_b + 1))


def _page_number_candidates(line):
    """The numbers of a line that may be its page's: not a year (2023年, 2024 年度), which counts on by one
    over the pages of a text as a page's number does (2023年工作安排, 2024年工作安排, … heading three pages).
    """
    return [m for m in re.finditer(r"\d+", line) if not line[m.end():].lstrip(_SPACE).startswith("年")]


def _running_shape(line):
    """What a running header or footer keeps from page to page: the line, its one number (a page's) masked.

    A line with more numbers that may be a page's (a table row) is kept as it is.

    Examples
    --------
    >>> _running_shape("示范区教育局 · 第3页"), _running_shape("2023年教育工作方案 — 3 —"), _running_shape("2023年工作安排")
    ('示范区教育局 · 第#页', '2023年教育工作方案 — # —', '2023年工作安排')
    """
    line = line.strip()
    numbers = _page_number_candidates(line)
    if len(numbers) != 1:
        return line
    return line[:numbers[0].start()] + "#" + line[numbers[0].end():]


# A run of characters OpenCC may convert: no space, ASCII or punctuation. Its phrase
# dictionaries never span these, so converting run by run gives the same text as
# converting the whole document, and keeps each change local.
_CONVERTIBLE_RUN = re.compile(r"[^\s\x00-\x7f\u2000-\u206f\u3000-\u303f\ufe30-\ufe4f\uff00-\uff0f\uff1a-\uff20]+")


def check_conversion(convert):
    """Validate a ``convert`` option and return its converter (``None`` for no conversion).

    Parameters
    ----------
    convert : {None, "t2s", "hk2s", "tw2s"}
        The conversion asked for (see :data:`CONVERSIONS`).

    Returns
    -------
    callable or None
        A function from str to converted str.

    Raises
    ------
    ValueError
        If ``convert`` is not ``None`` or one of :data:`CONVERSIONS`.
    PolicyCompareError
        If the optional ``opencc`` package is not installed.

    Examples
    --------
    >>> check_conversion(None) is None
    True
    >>> check_conversion("t2s")("推進縣管校聘改革")
    '推进县管校聘改革'
    >>> check_conversion("t2s")("加強衞生教育"), check_conversion("hk2s")("加強衞生教育")
    ('加强衞生教育', '加强卫生教育')
    """
    if convert is None:
        return None
    if convert not in CONVERSIONS:
        raise ValueError(f"convert={convert!r}; expected None or one of {', '.join(map(repr, CONVERSIONS))}")
    try:
        import opencc  # noqa: F401  (optional dependency, imported only when asked for)
    except ImportError:
        raise PolicyCompareError(f"convert={convert!r} needs the opencc package; install policycompare[traditional]") from None
    return _opencc_converter(convert)


@functools.lru_cache(maxsize=None)
def _opencc_converter(convert):
    # Building a converter reads its dictionaries; do it once per conversion.
    import opencc

    return opencc.OpenCC(convert).convert


def _convert_span(raw, start, end, converter, reason):
    """Edits that convert ``raw[start:end]``, one run of convertible characters.

    A run whose conversion keeps its length is changed character for character,
    one edit per stretch of changed characters, so the offset map stays exact.
    A run whose length changes becomes one edit for the span between the common
    prefix and suffix; :func:`apply_edits` spreads its replacement over that span.
    """
    before = raw[start:end]
    after = converter(before)
    if after == before:
        return []
    if len(after) == len(before):
        edits = []
        changed = [i for i, (old, new) in enumerate(zip(before, after)) if old != new]
        first = changed[0]
        for previous, i in zip(changed, changed[1:] + [None]):
            if i != previous + 1:
                edits.append(Edit(start + first, start + previous + 1, reason, after[first:previous + 1]))
                first = i
        return edits
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return [Edit(start + prefix, end - suffix, reason, after[prefix:len(after) - suffix])]


def _conversion_edits(raw, converter, reason):
    """Edits that convert all of ``raw``, as a dict from each run's span to its edits."""
    return {match.span(): _convert_span(raw, *match.span(), converter, reason) for match in _CONVERTIBLE_RUN.finditer(raw)}


def _conversion_outside(raw, runs, edits, converter, reason):
    """The conversion edits of the text that ``edits`` leave untouched.

    A run that no edit touches keeps its edits from ``runs``; a run partly removed
    or replaced is converted again in its untouched pieces, so that no character
    is both converted and removed, and none is left unconverted.
    """
    taken = np.zeros(len(raw), dtype=bool)
    for edit in edits:
        taken[edit.start:edit.end] = True
    result = []
    for (start, end), converted in runs.items():
        inside = taken[start:end]
        if not inside.any():
            result += converted
            continue
        free = np.flatnonzero(np.diff(np.r_[False, ~inside, False].astype(np.int8)))
        for a, b in zip(free[::2], free[1::2]):
            result += _convert_span(raw, start + int(a), start + int(b), converter, reason)
    return result


def _without_overlaps(edits):
    kept, last_end = [], -1
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if edit.start >= last_end:
            kept.append(edit)
            last_end = edit.end
    return kept


def _spreads_over(char):
    """Whether a replacement's characters may be mapped onto ``char`` (see apply_edits): not a line break, nor an invisible character."""
    return char not in "\r\n" and not _INVISIBLE.match(char)


def apply_edits(raw, edits):
    """Apply sorted, non-overlapping edits; return the text and its raw-offset map.

    Parameters
    ----------
    raw : str
    edits : sequence of Edit
        Sorted by ``start``, not overlapping.

    Returns
    -------
    text : str
    offsets : numpy.ndarray
        ``offsets[i]`` is the raw offset of ``text[i]``, plus one entry for the end.
        A replacement's characters are spread over the span it replaced.

    Examples
    --------
    >>> text, offsets = apply_edits("必威\\n体育教育局", [Edit(0, 5, "declared correction: 必威体育 → 银川市", "银川市")])
    >>> text, offsets.tolist()
    ('银川市教育局', [0, 3, 4, 5, 6, 7, 8])
    """
    pieces, offsets, position = [], [], 0
    for edit in edits:
        pieces.append(raw[position:edit.start])
        offsets.append(np.arange(position, edit.start))
        if edit.replacement:
            pieces.append(edit.replacement)
            # Spread the replacement over the replaced span, first to first and last to last,
            # passing over the line breaks a correction across two lines takes in, and invisible characters.
            span = [i for i in range(edit.start, edit.end) if _spreads_over(raw[i])] or [edit.start]
            spread = np.asarray(span)[np.rint(np.linspace(0, len(span) - 1, len(edit.replacement))).astype(np.int64)]
            offsets.append(spread)
        position = edit.end
    pieces.append(raw[position:])
    offsets.append(np.arange(position, len(raw) + 1))
    return "".join(pieces), np.concatenate(offsets).astype(np.int64)


def clean_text(raw, *, corrections=(), line_breaks="auto", preamble_end=0, convert=None, markdown=False):
    """Clean one plan's raw text, recording every change.

    Parameters
    ----------
    raw : str
        The text as read.
    corrections : sequence of (str, str), default=()
        Declared replacements, applied in order, e.g. restoring names a spam
        injection overwrote. A wrong text cut in two by a line break that is
        joined is found too (its edit takes the break in). The values of the
        header block are corrected as well, each change in ``header_edits``.
    line_breaks : {"auto", "join", "keep", "paragraphs"}, default="auto"
        Whether to join line breaks inside sentences (PDF extraction);
        ``"auto"`` joins them when most long lines end mid-sentence.
        ``"paragraphs"`` joins every line break but those of an empty line,
        which ends a paragraph: the text of a ``.pdf`` as
        :func:`~policycompare.reading.read_text` gives it. Where line breaks
        are joined, the page numbers that PDF extraction left at the start
        of a cut sentence's next line (``…力`` / ``5 争在…``), three or more
        rising as pages do, are dropped first, and with them the numbers of
        the pages in between that start a line (``3 (二)…`` between 2 and 5).
    preamble_end : int, default=0
        Raw text before this offset is a compilation's preamble and is dropped.
    convert : {None, "t2s", "hk2s", "tw2s"}, default=None
        ``"t2s"`` converts traditional characters to simplified ones with
        OpenCC (the ``traditional`` extra); ``"hk2s"`` and ``"tw2s"`` read
        the forms of Hong Kong (衞) and Taiwan (著重) too (see
        :data:`CONVERSIONS`). Only text that no other edit
        touches is converted; each converted stretch is recorded. Web page
        chrome and declared corrections written in traditional characters
        are recognised too, and the right text of a correction is converted
        as the text around it is (its reason says so).
    markdown : bool, default=False
        The text is Markdown (a ``.md`` file): heading marks (``##``) at a
        line start with the space after them, quote marks (``>``) and bold
        marks (``**``, ``__``) are removed, each recorded. A list bullet
        (``-``, ``*``, ``+`` at a line start) becomes ``•``, so that its item
        keeps its boundary; before a number (``- （一）``) or no text it is
        removed with the space after it.

    Returns
    -------
    CleanText

    Raises
    ------
    ValueError
        If ``line_breaks`` or ``convert`` is not an allowed value.
    PolicyCompareError
        If ``convert`` is given but the ``opencc`` package is not installed.

    Examples
    --------
    >>> cleaned = clean_text("无障碍 | 长者版\\n一、总体要求\\n扫一扫在手机打开当前页")
    >>> cleaned.text
    '一、总体要求\\n'
    >>> [edit.reason for edit in cleaned.edits]
    ['web page chrome: accessibility links', 'web page chrome: QR-code prompt']
    >>> int(cleaned.raw_offsets[0])
    10
    >>> clean_text("## 一、总体要求\\n- **（一）加强领导。**", markdown=True).text
    '一、总体要求\\n（一）加强领导。'
    >>> bulleted = clean_text("1.开展活动\\n- 建设科普基地\\n* **强化经费保障**", markdown=True)
    >>> bulleted.text, [(e.start, e.end, e.replacement) for e in bulleted.edits]
    ('1.开展活动\\n• 建设科普基地\\n• 强化经费保障', [(7, 8, '•'), (16, 17, '•'), (18, 20, ''), (26, 28, '')])
    >>> converted = clean_text("一、總體要求", convert="t2s")
    >>> converted.text, [(e.start, e.end, e.replacement) for e in converted.edits]
    ('一、总体要求', [(2, 4, '总体')])

    Invisible characters (zero-width spaces and joiners, a byte-order mark,
    a soft hyphen, direction marks and isolates, variation selectors and the
    other format characters that show nothing) are dropped before any rule
    reads a line, so that a line reads as it shows, each run of one kind
    recorded with its reason:

    >>> behind = clean_text("\\ufeff索引号：2023-00181\\n一、总体要求")
    >>> behind.text, behind.header
    ('一、总体要求', {'索引号': '2023-00181'})
    >>> [(e.start, e.end, e.reason) for e in behind.edits]  # doctest: +NORMALIZE_WHITESPACE
    [(0, 1, 'invisible character (zero-width space or byte-order mark)'),
     (1, 16, 'web page header block (kept as metadata)')]
    """
    if line_breaks not in ("auto", "join", "keep", "paragraphs"):
        raise ValueError(f"line_breaks={line_breaks!r}; expected 'auto', 'join', 'keep' or 'paragraphs'")
    converter = check_conversion(convert)
    options = {"corrections": _declared_corrections(corrections, converter, convert), "line_breaks": line_breaks,
               "converter": converter, "convert": convert, "markdown": markdown}
    if not _INVISIBLE.search(raw):
        return _clean_visible(raw, preamble_end=preamble_end, **options)
    # The rules read lines from their start (索引号：…, 无障碍 | 长者版, # 标题, — 1 —, 一、…): an invisible character
    # there would hide the line from them. The visible text is cleaned, and its edits taken back to raw offsets.
    invisible = np.zeros(len(raw), dtype=bool)
    for match in _INVISIBLE.finditer(raw):
        invisible[match.start():match.end()] = True
    visible_at = np.flatnonzero(~invisible)
    cleaned = _clean_visible(_INVISIBLE.sub("", raw), preamble_end=int(np.searchsorted(visible_at, preamble_end)), **options)
    edits = [_raw_edit(edit, visible_at, len(raw)) for edit in cleaned.edits]
    # An invisible character inside an edited span (a dropped line, a correction) is that edit's; the others are
    # dropped by edits of their own.
    taken = np.zeros(len(raw), dtype=bool)
    for edit in edits:
        taken[edit.start:edit.end] = True
    edits += [edit for match in _INVISIBLE.finditer(raw) if not taken[match.start()] for edit in _invisible_edits(raw, *match.span())]
    edits.sort(key=lambda e: (e.start, e.end))
    text, offsets = apply_edits(raw, edits)
    header_edits = tuple(_raw_edit(edit, visible_at, len(raw)) for edit in cleaned.header_edits)
    return CleanText(text, offsets, tuple(edits), cleaned.header, header_edits)


def _raw_edit(edit, visible_at, raw_length):
    """An edit of the visible text (``visible_at[i]`` the raw offset of its character ``i``) as an edit of the raw text.

    Its span runs from the raw offset of its first character to just after
    that of its last, taking in the invisible characters between them; an
    insertion goes just before the raw offset of the character it precedes.
    """
    if edit.end > edit.start:
        start, end = int(visible_at[edit.start]), int(visible_at[edit.end - 1]) + 1
    else:
        start = end = int(visible_at[edit.start]) if edit.start < len(visible_at) else raw_length
    return Edit(start, end, edit.reason, edit.replacement)


def _clean_visible(raw, *, corrections, line_breaks, preamble_end, converter, convert, markdown):
    """:func:`clean_text` of a text without invisible characters; ``corrections`` as from :func:`_declared_corrections`."""
    runs, view = {}, raw
    if converter is not None:
        reason = f"traditional → simplified characters ({convert})"
        runs = _conversion_edits(raw, converter, reason)
        conversion = [edit for run in runs.values() for edit in run]
        if all(len(e.replacement) == e.end - e.start for e in conversion):
            # Offsets in the converted text are raw offsets, so chrome in traditional
            # characters (無障礙 | 長者版) is found by the simplified patterns.
            view = apply_edits(raw, conversion)[0]
    # Old Mac line endings (a lone "\r") become "\n" so that "^" and "$" see their lines.
    if "\r" in view or _holds_any(view, LINE_SEPARATORS):
        view = re.sub(r"\r(?!\n)|" + _LINE_SEPARATOR, "\n", view)
    edits = [Edit(0, preamble_end, "compilation preamble")] if preamble_end else []
    chrome, fields = _chrome_edits(view)
    edits = _without_overlaps(edits + chrome + _line_ending_edits(raw) + _page_furniture_edits(view) + (_markdown_edits(view) if markdown else []))
    breaks, numbers = [], []
    if line_breaks in ("join", "paragraphs") or (line_breaks == "auto" and detect_broken_lines(raw)):
        skip = np.zeros(len(raw) + 1, dtype=bool)
        for edit in edits:
            skip[edit.start:edit.end] = True
        # A page number between the two halves of a sentence goes first, so that the sentence is joined over it.
        numbers = _line_start_page_number_edits(view, skip, paragraphs=line_breaks == "paragraphs")
        for edit in numbers:
            skip[edit.start:edit.end] = True
        edits += numbers
        # Found in the view, whose lines all end in "\n" (a lone "\r" or U+2028 too), so that a file's line ends don't change its text.
        breaks = _broken_line_edits(view, skip, paragraphs=line_breaks == "paragraphs")
    # Corrections are found in the converted text (必威体育 declared, 必威體育 in the file) and,
    # failing that, in the text as read; either way across the line breaks that are joined (and a
    # page number between them). A correction that spans a break takes it over (it starts first, so it is kept).
    views = (view, raw) if view != raw else (raw,)
    joins = sorted(breaks + numbers, key=lambda e: e.start)
    found = [e for v in views for e in _correction_edits(v, corrections, joins)]
    # A joined line break replaces the edit of the line end it spans alone (a lone "\r" or U+2028 that became "\n").
    joined = {(e.start, e.end) for e in breaks}
    edits = _without_overlaps([e for e in edits if (e.start, e.end) not in joined] + found + breaks)
    # A header line is dropped from the text (up to the plan's text run on after its last value); its values,
    # kept as metadata, are corrected too, with edits of their own.
    header, header_edits = _corrected_header(fields, views, corrections)
    if runs:
        # Sorted by (start, end), an inserting edit (start == end) goes before an edit that
        # starts where it inserts.
        edits = sorted(edits + _conversion_outside(raw, runs, edits, converter, reason), key=lambda e: (e.start, e.end))
    text, offsets = apply_edits(raw, edits)
    return CleanText(text, offsets, tuple(edits), header, tuple(header_edits))
