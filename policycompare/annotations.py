"""What each measure commits to: responsible units, targets, dates, programmes and references.

Every extractor reads the own text of each measure (a row of
:func:`policycompare.structure.extract_measures`) and returns one row per
finding, with ``doc_id``, ``measure_id``, the matched ``text`` and its
``start``/``end`` offsets in the document's cleaned text. Own texts partition a
document, so each finding is reported exactly once. The tables are flat and
ready to be written as CSV.

Digits may be ASCII or full-width (到２０２５年, common in GB-encoded files), or
both mixed: what is read from them (dates, values, years, document numbers)
is the same as from ASCII digits, while ``text`` and the words quoted from
the document (indicator, object, title) keep them as written. In the same way
the small forms of punctuation that Big5 text writes (﹐ ﹑ ﹔ ﹕ ﹒ ﹖ ﹗, and ︰
for the colon) and the vertical forms (︐ ︑ ︒ ︓ ︔ ︕ ︖) read as the marks they
stand for, and are quoted as written.

- :func:`extract_responsibilities`: ``<责任单位:…>``, ``[牵头单位：…；配合单位：…]``,
  ``(责任单位:…)``, a bare ``责任单位:…`` line, and inline ``由…负责`` /
  ``区教育局牵头负责``; one row per unit, with its role (lead or support). Tags and phrases written in traditional
  characters (``[牽頭單位：區教育局；配合單位：區財政局]``, ``區教育局牽頭負責``) give the same rows, the units quoted as written.
- :func:`extract_targets`: a figure (in digits or Chinese numerals, its magnitude
  applied, its sign read) with its unit, comparator and year, and the starting figure of a change
  (毛入学率稳定在95%以上 → >= 95 %; 新增学位1.2万个 → + 12000 个; 培训教师3000余人 → > 3000 人;
  近视率下降5个百分点 → - 5 个百分点), and the noun it counts when that follows the figure
  (选派5名骨干教师 → 骨干教师, 70%教师 → 教师).
- :func:`extract_dates`: deadlines (到2025年), phases (准备启动阶段（2022年6月—2022年8月）),
  periods (2023-2025, 2023至2025年, 自2023年9月起至2026年7月止, “十四五”) and plain dates
  (二〇二三年九月一日 too), as ISO-like strings; the years of the Republic of China that
  Taiwan plans write (民國112年 → 2023, 112學年度 → 2023-08 to 2024-07) too.
- :func:`extract_programmes`: quoted names and slogans (“县管校聘”, “三新”).
- :func:`extract_references`: 《…》 titles with their document numbers (教基〔2021〕8号).
"""

import re
from decimal import Decimal

import numpy as np
import pandas as pd

from .cleaning import _ASCII_DIGITS
from .corpus import Corpus, Document
from .structure import _DIGIT, _ORG_ENDINGS, _TAG_KEY_FORMS, _TRADITIONAL_FOLD, LINE_TAG, RESPONSIBILITY_TAG, extract_measures

__all__ = [
    "DATE_COLUMNS",
    "PROGRAMME_COLUMNS",
    "REFERENCE_COLUMNS",
    "RESPONSIBILITY_COLUMNS",
    "TARGET_COLUMNS",
    "extract_dates",
    "extract_programmes",
    "extract_references",
    "extract_responsibilities",
    "extract_targets",
]

RESPONSIBILITY_COLUMNS = ["doc_id", "measure_id", "role", "unit", "start", "end", "text", "source"]
TARGET_COLUMNS = [
    "doc_id", "measure_id", "indicator", "comparator", "value", "value_max", "unit", "year", "baseline", "baseline_year", "text", "start", "end",
    "object",
]
DATE_COLUMNS = ["doc_id", "measure_id", "kind", "start_date", "end_date", "text", "start", "end"]
PROGRAMME_COLUMNS = ["doc_id", "measure_id", "name", "text", "start", "end"]
REFERENCE_COLUMNS = ["doc_id", "measure_id", "title", "doc_number", "text", "start", "end"]

_S = " \t\u3000"
# Punctuation, each mark with its small form (﹐, as Big5 text writes it; ︰ is Big5's colon) and its vertical
# form (︐), which read as the mark itself. Not the full-width ， in a number: 1，500 is a clause break in Chinese text.
_COMMAS = "，,﹐︐"
_ENUMERATION = "、﹑︑"
_STOPS = "。︒"
_SEMICOLONS = "；;﹔︔"
_COLONS = "：:﹕︰︓"
_EXCLAMATIONS = "！!﹗︕"
_QUESTIONS = "？?﹖︖"
# A point between two digits is a decimal point (1.5万, １．５万), and one between ASCII letters or digits is part of a
# web address, a domain or a version (www.edu.cn, v2.0); any other ends a clause (the 1. of a label, 3所.新建).
_POINTS = ".．﹒"
_CLAUSE_ENDS = _COMMAS + _STOPS + _SEMICOLONS + _COLONS + _EXCLAMATIONS + _QUESTIONS + "\n"
_SENTENCE_ENDS = _STOPS + _SEMICOLONS + _EXCLAMATIONS + _QUESTIONS + "\n"
# Digits are ASCII or full-width (２０２４, common in GB-encoded files), in any mix: structure's _DIGIT, the digits of
# outline numbers. Not \d, which also takes the digits of other scripts (٢٠٢٤): no plan writes them, and a date
# read from them would not come out in ASCII. Values read from either width are the same (cleaning's _ASCII_DIGITS).
_YEAR_DIGITS = rf"(?:[1１][9９]|[2２][0０])[{_DIGIT}]{{2}}"
# Years of the Republic of China, as Taiwan plans count them: 民國112年 (中華民國, and 民国 after convert="t2s") is
# 112 + 1911 = 2023, in digits or Chinese numerals (民國一一二年, 民國一百一十二年, 民國一百十二年八月); a school year,
# 112學年度, runs from August 2023 to July 2024. A number without 民國 or 學年度 (112年) is no year: it may be a count.
_ROC_ERA = "(?:中[華华])?民[國国]"
_ROC_NUMERALS = "零〇一二三四五六七八九十百"
_ROC_YEAR = rf"(?:[{_DIGIT}]{{1,3}}(?![{_DIGIT}])|[{_ROC_NUMERALS}]{{1,6}})"
_ROC_MONTH = rf"(?:[{_DIGIT}]{{1,2}}|十[一二]?|[一二三四五六七八九])"
# The dashes and tildes between the two ends of a range (2023-2025, 2024－2026, 3～5次).
_DASHES = "-－~～—–"
# Between the two ends of a span of dates (2023-2025, 2024年至2026年, 112至115學年度).
_RANGE_TO = rf"[{_S}]*(?:[{_DASHES}]+|至|到)[{_S}]*"
# 自2023年9月1日起至2026年7月31日止, 从2024年起到2026年: a span whose first end says 起 is one span all the same, and
# 止 closes it. Only between two dates: 2023年起，至2025年 starts a period and gives a deadline.
_SINCE_TO = rf"(?:[{_S}]*起)?{_RANGE_TO}"
_UNTIL = rf"(?:[{_S}]*止)?"
_SCHOOL_YEAR = "[學学]年度"
# Without 民國, three digits after no digit, dash or slash, from 100 (2011) on (see _school_years): in 2023-24學年度
# and 22-23學年度, school years as Hong Kong writes them, 24 and 22 are no years of the Republic. The second year of
# a range (112至115學年度, 112學年度起至115學年度止) may follow its dash.
_SCHOOL_YEARS = (
    rf"(?:{_ROC_ERA}[{_S}]*{_ROC_YEAR}|(?<![{_DASHES}{_DIGIT}{_POINTS}/／A-Za-z])[{_DIGIT}]{{3}}(?![{_DIGIT}])"
    rf"|(?<![{_ROC_NUMERALS}])[{_ROC_NUMERALS}]{{2,6}})"
    rf"(?:(?:[{_S}]*{_SCHOOL_YEAR})?{_SINCE_TO}(?:{_ROC_ERA}[{_S}]*)?{_ROC_YEAR}[{_S}]*{_SCHOOL_YEAR}{_UNTIL}|[{_S}]*{_SCHOOL_YEAR})"
)
_REQUIRED = ("doc_id", "measure_id", "text", "start")
_TITLE_SPAN = re.compile(r"《[^《》\n]*》")
_QUOTED = re.compile(r"[“「]([^“”「」\n]{1,30})[”」]")


def _measures_of(measures):
    """The measures table, from a table, a corpus or a document."""
    if isinstance(measures, pd.DataFrame):
        missing = [c for c in _REQUIRED if c not in measures.columns]
        if missing:
            raise ValueError(f"measures lacks the column {missing[0]!r}; expected a table from extract_measures with columns {', '.join(_REQUIRED)}")
        return measures
    if isinstance(measures, (Corpus, Document)) or (isinstance(measures, (list, tuple)) and all(isinstance(d, Document) for d in measures)):
        return extract_measures(measures)
    raise TypeError(f"measures must be a measures DataFrame, a Corpus or a Document, not {type(measures).__name__}")


def _own_texts(measures):
    """(doc_id, measure_id, own text, start offset) of every measure."""
    frame = _measures_of(measures)
    texts = [t if isinstance(t, str) else "" for t in frame["text"]]
    return zip(frame["doc_id"], frame["measure_id"], texts, frame["start"].astype(int))


def _label_ends(frame):
    """Where the label of each measure (1., ①, 一是, 第一条) ends in its own text; 0 for none.

    A label is no word of the text, nor of an indicator: 1. 新建幼儿园3所 adds 3 所 to 新建幼儿园.
    """
    ends = []
    labels = frame["label"] if "label" in frame.columns else [""] * len(frame)
    for text, label in zip(frame["text"], labels):
        text = (text if isinstance(text, str) else "").translate(_ASCII_DIGITS)
        label = (label if isinstance(label, str) else "").translate(_ASCII_DIGITS)
        at = len(text) - len(text.lstrip())
        ends.append(at + len(label) if label and text.startswith(label, at) else 0)
    return ends


def _covered(text, *patterns):
    """A mask of the characters inside any match of ``patterns`` (titles, tags)."""
    mask = bytearray(len(text) + 1)
    for pattern in patterns:
        for match in pattern.finditer(text):
            mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    return mask


# Numbers keep their types in a table with no rows; every other column is text.
_DTYPES = {"start": "int64", "end": "int64", "value": "float64", "value_max": "float64", "baseline": "float64", "year": "Int64", "baseline_year": "Int64"}


def _frame(rows, columns):
    return pd.DataFrame(rows, columns=columns).astype({c: _DTYPES.get(c, str) for c in columns})


# ---------------------------------------------------------------- responsibilities

_LEAD_KEYS = {"牵头单位", "牵头部门", "主责单位"}
_SUPPORT_KEYS = {"配合单位", "配合部门", "协办单位", "参与单位"}
# Keys as the tag patterns read them, in either script; a key found is folded to its simplified form for its role
# (牽頭單位 leads, 配合單位 supports).
_KEY = re.compile(rf"({'|'.join(_TAG_KEY_FORMS)})[{_S}]*[{_COLONS}]")
# The inline phrases are matched against the text folded one character for one, so the offsets stay and the unit is
# quoted as written: structure's fold of the tags' keys (牽頭, 辦), with the characters of 負責 and of the names'
# endings it lacks (委員會, 廳, 小組, 學校, 集團, 我縣, 我區), each as OpenCC's s2t, s2tw and s2hk write them.
_RESPONSIBILITY_FOLD = _TRADITIONAL_FOLD | str.maketrans("負員會廳組學團縣區", "负员会厅组学团县区")
_ORG = f"(?:{'|'.join(_ORG_ENDINGS)})"
_INLINE = re.compile(
    rf"由(?P<by>[^{_COMMAS}{_STOPS}{_SEMICOLONS}{_COLONS}{_ENUMERATION}\s由]{{2,20}}?)(?:牵头)?负责(?![人制])"
    rf"|(?P<org>[\u4e00-\u9fff]{{0,12}}?{_ORG}(?:[（(][\u4e00-\u9fff]{{1,12}}[)）])?)(?:牵头)?负责(?![人制])"
)
_UNIT_TOKEN = re.compile(rf"[^{_ENUMERATION}{_COMMAS}{_SEMICOLONS}\s]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _unit_rows(list_text, offset, role, comma_splits_roles):
    """(role, unit, start, end) for each unit named in a tag's list."""
    cut = re.search(f"[{_STOPS}{_POINTS}]", list_text)
    if cut:
        # (责任单位:市教育局,市委宣传部。逗号前为牵头单位,下同): the note is no unit.
        list_text = list_text[:cut.start()]
    comma = re.search(f"[{_COMMAS}]", list_text)
    comma = comma.start() if comma else -1
    rows = []
    for token in _UNIT_TOKEN.finditer(list_text):
        unit = token.group().strip(_STOPS + _POINTS + _COLONS)
        if not _CJK.search(unit):
            continue
        lead_at = token.start() + token.group().index(unit)
        unit_role = role
        if comma_splits_roles:
            # Plans write the lead unit(s) before the first comma, the supporting ones after it.
            unit_role = "lead" if comma < 0 or token.start() < comma else "support"
        rows.append((unit_role, unit, offset + lead_at, offset + lead_at + len(unit)))
    return rows


def _tag_units(tag_text, offset):
    keys = list(_KEY.finditer(tag_text))
    inner_end = len(tag_text) - 1 if tag_text[-1:] in ">＞]］】)）" else len(tag_text)
    rows = []
    for k, key in enumerate(keys):
        stop = keys[k + 1].start() if k + 1 < len(keys) else inner_end
        name = key.group(1).translate(_TRADITIONAL_FOLD)
        role = "lead" if name in _LEAD_KEYS else "support" if name in _SUPPORT_KEYS else "lead"
        rows += _unit_rows(tag_text[key.end():stop], offset + key.end(), role, name not in _LEAD_KEYS | _SUPPORT_KEYS)
    return rows


def extract_responsibilities(measures):
    """The units responsible for each measure, one row per unit and role.

    Parameters
    ----------
    measures : pandas.DataFrame, Corpus or Document
        A table from :func:`~policycompare.structure.extract_measures`, or
        documents to split first.

    Returns
    -------
    pandas.DataFrame
        Columns ``RESPONSIBILITY_COLUMNS``: doc_id, measure_id, role
        (``"lead"`` or ``"support"``), unit, start, end (the unit's offsets),
        text (the whole tag or phrase it was read from) and source (``"tag"``
        or ``"inline"``). In 牵头单位/配合单位 tags the key gives the role; in a
        责任单位 list the units before the first comma lead and the rest
        support, as plans state (逗号前为牵头单位); inline 由…负责 and
        …牵头负责 name a lead unit. Keys and phrases in traditional characters
        (牽頭單位, 配合單位, 責任單位, 由…負責, 區教育局牽頭負責), as a plan from
        Taiwan or Hong Kong read without ``convert`` writes them, give the same
        roles and offsets, and the unit is quoted as written (區教育局).

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、措施\\n（一）加大投入。[牵头单位：区教育局；配合单位：区财政局、各学校]", doc_id="demo")
    >>> extract_responsibilities(doc)[["measure_id", "role", "unit", "start", "end"]].values.tolist()
    [['demo:1.1', 'lead', '区教育局', 19, 23], ['demo:1.1', 'support', '区财政局', 29, 33], ['demo:1.1', 'support', '各学校', 34, 37]]
    >>> doc = load_document_from_text("一、措施\\n（一）加大投入。[牽頭單位：區教育局；配合單位：區財政局]", doc_id="demo")
    >>> extract_responsibilities(doc)[["role", "unit", "start", "end"]].values.tolist()
    [['lead', '區教育局', 19, 23], ['support', '區財政局', 29, 33]]
    """
    rows = []
    for doc_id, measure_id, text, start in _own_texts(measures):
        bracketed = _covered(text, RESPONSIBILITY_TAG)
        tags = [m.span() for m in RESPONSIBILITY_TAG.finditer(text)]
        tags += [m.span() for m in LINE_TAG.finditer(text) if not bracketed[m.start()]]
        in_tag = _covered(text, RESPONSIBILITY_TAG, LINE_TAG)
        found = []
        for a, b in sorted(tags):
            found += [(a, role, unit, s, e, text[a:b], "tag") for role, unit, s, e in _tag_units(text[a:b], a)]
        for match in _INLINE.finditer(text.translate(_RESPONSIBILITY_FOLD)):
            if in_tag[match.start()]:
                continue
            a, b = match.span("by" if match.group("by") else "org")
            found.append((match.start(), "lead", text[a:b], a, b, text[match.start():match.end()], "inline"))
        for _, role, unit, s, e, source_text, source in sorted(found, key=lambda f: (f[3], f[0])):
            rows.append((doc_id, measure_id, role, unit, start + s, start + e, source_text, source))
    return _frame(rows, RESPONSIBILITY_COLUMNS)


# ---------------------------------------------------------------- targets

# A plan from Taiwan or Hong Kong is read without convert="t2s": the words below, the counting words, the magnitudes
# and the numerals are matched against its text with these characters folded to their simplified forms, one for one,
# so that the offsets stay and the indicator, the object and the text quote the plan as written (不少於 reads as 不少于,
# 3億元 as 300000000 元, 個 as the unit 个). They are the characters of those words in OpenCC's s2t, s2tw and s2hk forms
# (週, 臺 and 並 too, 綫 as Hong Kong writes 线, 幣 of the currencies, and 箇, which s2t writes for the 个 of 25个中小学), each folded to
# what t2s makes it. Simplified text does not write them, so a simplified plan reads as it did; 藉 it does (慰藉), and
# 藉助 is a word of _DRAWING_ON.
_TARGET_FOLD = str.maketrans(
    "萬億兩點個箇與爲為舉爭於畝從優體餘養內冊準減劃創別辦區佔壓參發臺號員場處備學實對導將歲崗幫併並應開張錄戶託擴擔掛揮時顯條標"
    "現蓋礎確種稱穩籤簡約級納線綫組經絕績編縮職節獲補視計認訓設評課輛達過進違選銷長門間隨難項頒預齊週園棟幣際聯",
    "万亿两点个个与为为举争于亩从优体余养内册准减划创别办区占压参发台号员场处备学实对导将岁岗帮并并应开张录户托扩担挂挥时显条标"
    "现盖础确种称稳签简约级纳线线组经绝绩编缩职节获补视计认训设评课辆达过进违选销长门间随难项颁预齐周园栋币际联",
)

# 由85%提高到95%, 由56人降低为45人: the words that take a figure to a new one.
_CHANGES = (
    *(f"{verb}{to}" for verb in ("提高", "提升", "增加", "增长", "上升", "扩大", "降低", "下降", "减少") for to in "到至为"),
    "增至", "降至", "降到", "降为", "减至",
)
_BOUNDS = {
    "不得超过": "<=", "不超过": "<=", "不高于": "<=", "最多": "<=",
    "不得少于": ">=", "不得低于": ">=", "不少于": ">=", "不低于": ">=", "至少": ">=", "最少": ">=",
}
_COMPARATORS = {
    **_BOUNDS, "控制在": "<=", "不大于": "<=", "不小于": ">=", "最高": "<=", "最低": ">=",
    "超过": ">", "高于": ">", "大于": ">", "低于": "<", "小于": "<",
    "达到": "=", "达": "=", "稳定在": "=", "保持在": "=", "为": "=", "占": "=", **dict.fromkeys(_CHANGES, "="),
}
# Magnitudes are not units: 1.2万个 is 12000 个 and 20万元 is 200000 元, so figures compare across plans.
# 园, 校, 栋, 案, 份 and 部 are the counting words of Taiwan and Hong Kong plans (增設非營利幼兒園4園, 雙語實驗學校增至40校,
# 改善學校宿舍12棟, 校舍改建工程15案, 教材2,000份, 空氣淨化機1,500部).
_UNITS = (
    "个百分点", "平方米", "人次", "场次", "元", "个月", "个学期", "个小时", "学时", "课时", "小时", "学分", "%", "％", "‰",
    "人", "名", "个", "所", "项", "门", "节", "次", "天", "周", "台", "套", "册", "间", "家", "支", "对", "条", "处",
    "张", "班", "亩", "倍", "种", "位", "批", "期", "场", "篇", "户", "座", "辆", "本", "件", "米",
    "园", "校", "栋", "案", "份", "部",
)
# 3部门, 5校区, 培训100校长, 20案例, 3栋梁, 2校际合作, 3部曲: words that start with one of these counting words count
# nothing; nor does a slogan of a number of schools to a number of things (1校1品, 一园一特).
_WORDS_AFTER = {"园": "长区林地际0-9０-９一二三四五六七八九十", "校": "长园区本内外级训服友史企地舍际联0-9０-９一二三四五六七八九十",
                "栋": "梁", "案": "例件卷", "部": "门分署长委位件曲"}
_UNIT = "|".join(re.escape(u) + (f"(?![{_WORDS_AFTER[u]}])" if u in _WORDS_AFTER else "") for u in _UNITS)
# Longest first: a regular expression takes the first alternative that matches, and 1.5千万 is not 1.5千.
_MAGNITUDES = {"千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWERS = {"十": 10, "百": 100, "千": 1000}
_PER = {"百分之": "%", "千分之": "‰"}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# 5,000 and 1,200,000: digits in groups of three, split by a half-width comma. A comma that is followed by anything
# but three digits and then no digit lists numbers (2023年,2024年, 1,2,3), and splits them as a Chinese comma does.
_GROUPED = rf"[{_DIGIT}]{{1,3}}(?:,[{_DIGIT}]{{3}})+(?![{_DIGIT}])"
# Decimal reads full-width digits (１．５万), and ． is their decimal point.
_DIGITS = rf"(?:{_GROUPED}|[{_DIGIT}]+)(?:[{_POINTS}][{_DIGIT}]+)?"
# 1亿2000万元: 亿 and then fewer than 10000 万, one figure as 一亿二千万 is.
_TEN_THOUSANDS = rf"(?:[{_DIGIT}],[{_DIGIT}]{{3}}|[{_DIGIT}]{{1,4}})(?![{_DIGIT},])"
_NUMBER = (
    rf"(?:{_DIGITS}(?:[{_S}]*(?:亿[{_S}]*{_TEN_THOUSANDS}[{_S}]*万|{'|'.join(_MAGNITUDES)}))?"
    rf"|[{_CN_NUMERAL}]+(?:点[零〇一二三四五六七八九]+)?)"
)
_TO = rf"[{_S}]*[{_DASHES}至到][{_S}]*"
# 为-2%: a minus sign, but for the dash of a range or a code after a figure, a unit or a letter (85%-95%, 5人-3名, G-3).
_MINUS = "-−－"
_NO_SIGN = rf"{_DIGIT}{_POINTS}A-Za-z%％‰/)）\]］〕】{_CN_NUMERAL}{''.join(sorted({u[-1] for u in _UNITS}))}年月日号"
_SIGN = rf"(?:(?<![{_NO_SIGN}])(?<![{_NO_SIGN}][{_S}])(?P<sign>[{_MINUS}])(?=[{_DIGIT}]))"
# 三成 is 30%; 一成不变, 三成为 and 八成员 are words.
_TENTHS = "成(?![不为立效果绩长熟本员才就都功型人交品])"
# 作为3个 and 成为: the 为 of a verb is no comparator.
_COMPARATOR_WORDS = {"为": "(?<![作成认视称])为"}
# Longest first, so that 不少于 is not read as 于.
_COMPARATOR_WORD = "|".join(_COMPARATOR_WORDS.get(w, w) for w in sorted(_COMPARATORS, key=len, reverse=True))
# The year a target is for, in Gregorian years or in those of the Republic of China (民國115年 is 2026; see _year_of).
_TARGET_YEAR = rf"(?:{_YEAR_DIGITS}|{_ROC_ERA}[{_S}]*{_ROC_YEAR})"
# 經費約新臺幣3億元, 不少于人民币100万元: the currency of a figure, which is in 元 whatever it is; no part of the indicator.
_CURRENCY = "(?:人民币|新台币|台币|港币|澳门币)"
_PRICED = re.compile(rf"{_CURRENCY}[{_S}]*$")
_TARGET = re.compile(
    rf"(?:(?P<cmp>{_COMPARATOR_WORD})[{_S}]*"
    rf"(?:(?P<when>{_TARGET_YEAR})[{_S}]*年(?:底|末)?[{_S}]*的?[{_S}]*)?(?:{_CURRENCY}[{_S}]*)?)?"
    rf"(?<![{_DIGIT}{_POINTS}A-Za-z/第])(?<!第[{_S}])"
    rf"(?:(?P<per>{'|'.join(_PER)})(?P<pnum>{_NUMBER})(?:{_TO}(?:{'|'.join(_PER)})?(?P<pnum2>{_NUMBER}))?"
    # 1/3 and 三分之一: a share of a whole, not a date (2021/3/1) or a path.
    rf"|(?P<frac>(?P<fnum>[{_DIGIT}]+)[{_S}]*[/／][{_S}]*(?P<fden>[{_DIGIT}]+)(?![{_DIGIT}/／{_POINTS}])|(?P<cden>[{_CN_NUMERAL}]+)分之(?P<cnum>[{_CN_NUMERAL}]+))"
    # 85%-95% and 3次～5次: a range may give its unit after both figures.
    rf"|{_SIGN}?(?P<num>{_NUMBER})(?:(?:[{_S}]*(?P<unit1>{_UNIT})(?={_TO}{_NUMBER}[{_S}]*(?P=unit1)))?{_TO}(?P<num2>{_NUMBER}))?"
    # 3000余人, 2000多个: more than the figure, which keeps its unit.
    rf"(?P<more>[{_S}]*[余多])?(?:[{_S}]*(?P<unit>{_UNIT}|{_TENTHS})(?!岁))?)"
    rf"(?P<qual>[{_S}]*(?:及以上|以上|以下|以内|左右|多|余))?"
)
_BOUND = re.compile("|".join(_BOUNDS))
# “1+4+X”…(“4”即4所公办高中): a quoted label, spelled out after 即.
_NAMELY = "即(?![将时可便使刻])"
_LABEL = re.compile(rf"^.*[”」][{_S}]*{_NAMELY}[{_S}]*")
_LABELLED = re.compile(rf"[^“”「」\n]*[”」][{_S}]*{_NAMELY}")
_COMPARATOR = re.compile(_COMPARATOR_WORD)
_CLAUSE_BREAK = set(_CLAUSE_ENDS + _ENUMERATION + _POINTS + ">]】）)（(")
_SENTENCE_BREAK = set(_SENTENCE_ENDS)
_ASIDE = re.compile(rf"[(（][^()（）{_DIGIT}{_COMMAS}{_STOPS}{_SEMICOLONS}\n]{{1,6}}[)）]")
# 检查教师备课、作业批改等不少于1次, 校内、校外各1小时, 市、县两级: words that gather a list joined by 、 into one indicator.
_GATHERED = re.compile(r"等|各$|[两三四五]级")
# 累计不少于30天或180学时, 建设15个特色骨干专业和10-15个新兴专业: words that join a figure to the one before it.
_JOINED = re.compile(rf"[^{_CLAUSE_ENDS}]*?(?:和|及|或|或者|以及)[{_S}]*")
_TARGET_MONTH = rf"(?:[{_S}]*{_ROC_MONTH}[{_S}]*月)?"
# The later end of a span of years (2024年至2026年, 民國113年至115年, 民國113至115年): after 民國 it needs no 民國 of its own.
_LATER_YEAR = rf"(?:{_ROC_ERA}[{_S}]*)?(?:{_YEAR_DIGITS}|{_ROC_YEAR})"
# 由2022年的96.5%: the year of a starting figure, which no later figure is for. A span is for its later end, a school
# year (see _SCHOOL_YEARS) for the year it starts in.
_YEAR = re.compile(
    rf"(?P<since>[由从][{_S}]*)?(?:(?P<school>{_SCHOOL_YEARS})|(?P<year>{_TARGET_YEAR})"
    rf"(?:(?:[{_S}]*年{_TARGET_MONTH})?{_SINCE_TO}(?P<until>{_LATER_YEAR})(?=[{_S}]*年))?[{_S}]*年)(?P<of>(?:底|末|初)?[{_S}]*的)?"
)
# 到2025年, 2025年12月底前, 民國一一五年十二月前, 2024年至2026年, 115學年度, 自112學年度起, 从2023年起: a date or span that
# starts a clause is no part of its indicator; but 从2022年的120名 starts a change (see _FROM).
_LEADING_YEAR = re.compile(
    rf"^(?:力争|确保)?(?:(?P<since>从)|到|至|在|于|自)?[{_S}]*"
    rf"(?:{_TARGET_YEAR}(?:[{_S}]*年{_TARGET_MONTH})?{_SINCE_TO}{_LATER_YEAR}[{_S}]*年{_TARGET_MONTH}|{_TARGET_YEAR}[{_S}]*年{_TARGET_MONTH}"
    rf"|{_SCHOOL_YEARS})(?:底|末)?(?:前|内|起|止)?(?(since)(?![{_S}]*的))[{_S}]*"
)
# 巩固率由2022年的96.5%提高到98%: the end of the clause before a starting figure.
_FROM = re.compile(rf"(?:由|从)[{_S}]*(?:(?P<year>{_TARGET_YEAR})[{_S}]*年(?:底|末|初)?[{_S}]*的?)?[{_S}]*(?:不足|约|近)?[{_S}]*$")
_CHANGE_AFTER = re.compile(rf"[{_S}]*(?:{'|'.join(_CHANGES)})")
_INCREASE = ("新增加", "新增", "增加", "新建", "增设", "投入", "培养", "培育", "建设", "建成", "创建", "组建", "成立", "打造", "引进", "补充", "招聘", "开发", "遴选", "设立", "扩大")
# 提高2个百分点 and 下降5个百分点 change an indicator by the figure; 提高到 and 下降到 are in _CHANGES.
_RAISE = ("提高", "提升", "增长", "上升")
_REDUCE = ("下降", "降低", "减少", "压减", "缩减", "削减", "缩小", "压缩")
# 投入约5000万元, 大约5000万元, 约为90%: 约 before a figure, but not the 约 of 节约 or 制约.
_ABOUT = re.compile(rf"(?<![节制签预集契公条履违特简])大?约[{_S}]*$")
# 每年组织召开一次推进会, 每半年听取一次, 每三年举办一次: a clause that says how often, so that 一次 is a frequency.
_FREQUENCY = re.compile(rf"每[{_S}]*(?:[{_CN_NUMERAL}{_DIGIT}]+[{_S}]*个?)?(?:年度|学年|学期|半年|季度|年|月|周|天|日)")
# 新建学校作为3个…: a clause that ends in the verb 作为 (成为, 视为…) names what it counts before it.
_AS = re.compile(rf"[作成认视称]为[{_S}]*$")
# A clause that starts with the verb of an addition (每年新增学位, 累计投入资金), not 建设标准 or 建成区.
_ADDING = re.compile(rf"^(?:每年|年均|累计|共|再|约)?(?:{'|'.join(sorted(_INCREASE, key=len, reverse=True))})(?!区|标准|成效)")


def _chinese_section(numeral, leading):
    """The value of a Chinese numeral below 10000 (两千五 → 2500, 一百零五 → 105), or None."""
    value, digit, place, after_zero = 0, None, 10**4, False
    for i, char in enumerate(numeral):
        if char in _CN_DIGITS:
            if digit is not None:
                return None  # 十四五, 一二: two digits in a row are no number
            if _CN_DIGITS[char] == 0:
                after_zero = True
            else:
                digit = char
            continue
        step = _CN_POWERS.get(char)
        if step is None or step >= place or (digit == "两" and step == 10):
            return None  # 一万二万 (a second 万 is no power below 万), 一百二百, 两十
        if digit is None and (i > 0 or not leading):
            return None  # 十二 and 百人 start with a bare power; 一百十 is no number
        if after_zero and step * 10 >= place:
            return None  # 零 stands for an empty place: 一千零五十 is 1050, 一百零五十 is no number
        value += (_CN_DIGITS[digit] if digit else 1) * step
        place, digit, after_zero = step, None, False
    if digit is not None:
        # 两千五 = 2500, 一百五 = 150: a last digit right after 百 or 千 counts in the next place down.
        value += _CN_DIGITS[digit] * (place // 10 if place in (100, 1000) and not after_zero else 1)
    return value


def _chinese_number(numeral):
    """The value of a Chinese numeral (九十五点五, 两千, 一万二千, 三亿), or None for 十四五."""
    whole, _, fraction = numeral.partition("点")
    total, rest = 0, whole
    for mark, power in (("亿", 10**8), ("万", 10**4)):
        head, found, rest_after = rest.partition(mark)
        if not found:
            continue
        value = _chinese_section(head, leading=total == 0) if head else (1 if rest == whole else None)
        if value is None:
            return None
        total, rest = total + value * power, rest_after
        if head and len(rest) == 1 and _CN_DIGITS.get(rest):
            # 一万二 = 12000: a lone digit after 万 or 亿 counts in the next place down.
            total, rest = total + _CN_DIGITS[rest] * power // 10, ""
    if rest:
        value = _chinese_section(rest, leading=total == 0)
        if value is None:
            return None
        total += value
    if fraction:
        return float(Decimal(f"{total}.{''.join(str(_CN_DIGITS[c]) for c in fraction)}"))
    return float(total)


_IN_DIGITS = re.compile(rf"({_DIGITS})(?:亿({_TEN_THOUSANDS})万|({'|'.join(_MAGNITUDES)}))?")
_AS_DECIMAL = str.maketrans({",": None, "．": ".", "﹒": "."})


def _number(numeral):
    """The value of a figure as written: 95, 1.2万 (12000), 5,000, 1亿2000万, 九十五点五, 两千; None for no number."""
    numeral = re.sub(rf"[{_S}]", "", numeral)
    digits = _IN_DIGITS.fullmatch(numeral)
    if digits:
        # Decimal, so that 1.2万 is 12000 and not 12000.000000000002.
        whole, ten_thousands, magnitude = digits.groups()
        value = Decimal(whole.translate(_AS_DECIMAL))
        if ten_thousands:
            return float(value * 10**8 + Decimal(ten_thousands.translate(_AS_DECIMAL)) * 10**4)
        return float(value * _MAGNITUDES.get(magnitude, 1))
    return _chinese_number(numeral)


def _range_values(low, high):
    """The values of a range's two figures: a magnitude written once, after the second (1—2万人), applies to both.

    Only where the first figure stays the smaller: 5000—1万人 is 5000 to 10000,
    not 50 million to 10000, and the 亿 of 五千万至一亿 makes 五千万亿 no number.
    """
    value_max = _number(high)
    for mark in _MAGNITUDES:
        if value_max is not None and high.endswith(mark):
            carried = _number(low + mark)
            if carried is not None and carried <= value_max:
                return carried, value_max
    return _number(low), value_max


def _is_zero_level(match):
    """True for a zero a change goes to (大班额降至零, 降为0): zero needs no unit, and after 降至 it is no code or year."""
    after = match.string[match.end():match.end() + 1]
    return (
        match.group("num") in ("零", "〇", "0", "０") and match.group("cmp") in _CHANGES
        and not match.group("num2") and not match.group("more") and not _CJK.match(after)
    )


def _is_ratio(match):
    """True for a bare decimal bounded by a comparator (差异系数小于0.30): a ratio needs no unit, and no year or code has a decimal point."""
    return (
        _COMPARATORS.get(match.group("cmp")) not in (None, "=") and not match.group("num2")
        and re.search(f"[{_POINTS}]", match.group("num")) is not None and not _CJK.match(match.string[match.end():match.end() + 1])
    )


def _share(match):
    """(value, value_max, unit) of a fraction as a percentage (1/3 → 33.33… %), or None for no share of a whole."""
    if match.group("fnum"):
        part, whole = _number(match.group("fnum")), _number(match.group("fden"))
    else:
        part, whole = _number(match.group("cnum")), _number(match.group("cden"))
    if part is None or whole is None or not 0 < part < whole:
        return None  # 3/2 and 2021/3 are no share of a whole
    # In %, so that 三分之一以上的教师 compares with 30%以上的教师 of another plan; ``text`` keeps 1/3.
    return 100 * part / whole, np.nan, "%"


def _figure(match):
    """(value, value_max, unit) of a matched figure, or None when the match is no figure."""
    if match.group("frac"):
        return _share(match)
    if match.group("per"):
        low, high, unit = match.group("pnum"), match.group("pnum2"), _PER[match.group("per")]
    else:
        low, high, unit = match.group("num"), match.group("num2"), match.group("unit") or ""
        if not unit and not low.endswith(("万", "亿")) and not (high or "").endswith(("万", "亿")) and not _is_zero_level(match) and not _is_ratio(match):
            return None  # a bare number (a year, a code) is no figure; 学位1.2万 is
    value, value_max = _range_values(low, high) if high else (_number(low), np.nan)
    if value is None or value_max is None:
        return None
    if match.group("sign"):
        value = -value
    if unit == "成":
        return value * 10, value_max * 10, "%"
    # One sign for one unit, so that the figures of two plans compare.
    return value, value_max, "%" if unit == "％" else unit


def _is_loose(match):
    """True for 一个, 两所, 百家: a lone Chinese digit or bare power, often an article or part of a word."""
    numeral = match.group("num")
    if not numeral or numeral[0] not in _CN_NUMERAL or match.group("num2"):
        return False
    return (len(numeral) == 1 or numeral[0] in "百千万亿") and match.group("unit") not in ("个百分点", "成")


def _qualifier(match):
    """The words after a figure that qualify it (以上, 左右), or ``''``."""
    return (match.group("qual") or "").strip(_S)


def _ends_in_addition(words):
    """True for words that end in the verb of an addition, but for a 约 or 共 (新建, 累计投入, 投入约)."""
    return words.rstrip("约共累计").endswith(_INCREASE)


def _ends_in_change(words):
    """``"+"`` for words that end in raising an indicator by a figure (提高), ``"-"`` for lowering it (下降), else None."""
    words = words.rstrip(_S)
    if words.endswith(_RAISE):
        return "+"
    if words.endswith(_REDUCE):
        return "-"
    return None


def _is_about(match, indicator):
    """True for a figure given as an approximation: 3个左右, 约5000万元, 约为90%."""
    return _qualifier(match) == "左右" or _ABOUT.search(indicator) is not None


def _holds(match, clause):
    """True for a loose numeral that is a figure all the same: 至少一名, 三所以上, 达到三所, 新建两所, 十余所."""
    if _qualifier(match) in ("以上", "及以上", "以下", "以内", "左右"):
        return True
    if match.group("more"):
        # 十余所 and 百多人 are figures; in 统一多个 the 一 is part of a word and 多个 no figure.
        return match.group("num") not in _CN_DIGITS
    cmp = match.group("cmp")
    if cmp in _BOUNDS or (cmp is None and _BOUND.search(clause)):
        return True
    # 每年组织召开一次推进会: 一次 after 每年 is a frequency; 每年一次性奖励 is a one-off.
    if match.group("unit") == "次" and _FREQUENCY.search(clause) and not match.string.startswith("性", match.end()):
        return True
    # 打造一个平台, 达到一个新水平, 为一批学校: 一 is an article, 为 and 占 mostly prepositions;
    # 新建两所学校 and 达到三所 are counts.
    if match.group("num") == "一":
        return False
    if cmp is None:
        return _ends_in_addition(clause)
    return cmp not in ("为", "占")


def _stated_comparator(match, indicator=""):
    """The comparator a figure states itself (a range, 以上/以下, 余/多, 约/左右, a word before it), or None."""
    qual = _qualifier(match)
    if match.group("num2") or match.group("pnum2"):
        return "range"
    if qual in ("以上", "及以上"):
        return ">="
    if qual in ("以下", "以内"):
        return "<="
    if match.group("more"):
        return ">"
    stated = _COMPARATORS.get(match.group("cmp"))
    # 达到3个左右, 约为90%: about the figure, not exactly it; a bound (控制在45人左右) stays a bound.
    if stated in (None, "=") and _is_about(match, indicator):
        return "~"
    return stated


def _comparator(match, indicator):
    stated = _stated_comparator(match, indicator)
    if stated:
        return stated
    if indicator.endswith("前") and match.group("unit") in ("名", "位"):
        return "<="  # 进入昆明市前5名: a rank of 5 or better
    # 至少配备1名: the comparator sits before the verb.
    bound = _BOUND.findall(indicator)
    if bound:
        return _COMPARATORS[bound[-1]]
    if _ends_in_addition(indicator):
        return "+"
    change = _ends_in_change(indicator)
    if change:
        return change
    # 新建学校作为3个组团支教的学校: the verb is 作为, and 新建学校 is what it names, not an addition.
    if _AS.search(indicator):
        return "="
    # 新增学位3000个 as 新增3000个学位: the clause starts with the verb of an addition.
    if _ADDING.match(indicator):
        return "+"
    return "="


# 区名班主任、骨干班主任 5~10 名 and 在培养、比赛、展示中择优认定: a 、 list with no figure in it is what
# the figure counts; one with a figure (新增4名、8名) lists targets, and an item that starts with the
# verb of a change (加强党建、新建学校3所) is a clause of its own.
_FIGURE_IN_LIST = re.compile(rf"[{_DIGIT}]|[{_CN_NUMERAL}][{_S}]*(?:{_UNIT})")
_ITEM_VERBS = (*_INCREASE, *_RAISE, *_REDUCE)
_LIST_BREAK = set(_CLAUSE_ENDS)


def _lists_nouns(text, after, position):
    """True for the 、 before ``after`` that lists, with the words up to ``position``, what one figure counts."""
    if text[after:position].lstrip(_S).startswith(_ITEM_VERBS):
        return False
    i = after - 1
    while i > 0 and text[i - 1] not in _LIST_BREAK:
        i -= 1
    return _FIGURE_IN_LIST.search(text, i, after - 1) is None


_A_DIGIT = re.compile(rf"[{_DIGIT}]")
# What a point joins rather than ends (www.edu.cn, v2.0, 1.5): ASCII letters, and digits of either width.
_JOINED_BY_POINT = re.compile(rf"[A-Za-z{_DIGIT}]")
# Where _TARGET reads a number from, so that a comma groups digits here exactly where it does in a figure.
_GROUPED_NUMBER = re.compile(rf"(?<![{_DIGIT}{_POINTS}A-Za-z/第]){_GROUPED}")


def _groups_digits(text, i):
    """True for the comma at ``i`` inside a number written in groups of three digits (5,000)."""
    run = i
    while run > 0 and (text[run - 1] == "," or _A_DIGIT.match(text, run - 1)):
        run -= 1
    for number in _GROUPED_NUMBER.finditer(text, run):
        if number.start() > i:
            break
        if i < number.end():
            return True
    return False


def _breaks_clause(text, i):
    """True for a mark at ``i`` that ends a clause, but for the comma of 5,000 and a point inside a word.

    A point ends no clause between two ASCII letters or digits: the decimal point of
    1.5, the points of www.edu.cn and xx.gov.cn. Before a space or CJK text it does
    (edu.cn. 新建, 3所.新建).
    """
    char = text[i]
    if char not in _CLAUSE_BREAK:
        return False
    if char in _POINTS:
        return not (0 < i < len(text) - 1 and _JOINED_BY_POINT.match(text, i - 1) and _JOINED_BY_POINT.match(text, i + 1))
    return char != "," or not _groups_digits(text, i)


def _indicator_start(text, position, floor):
    """Start of the clause before a number, not reaching back into the previous target.

    The clause starts after a punctuation mark, however long it is, so that the
    indicator never starts inside a word (东莞长安镇…选派3名, not 莞长安镇…).
    """
    i = position
    while i > floor:
        if text[i - 1] in _ENUMERATION and (_GATHERED.search(text[i:position].rstrip(_S)) or _lists_nouns(text, i, position)):
            # 小学校长每月检查教师备课、作业批改等不少于1次: the 、 lists what 等 gathers.
            i -= 1
        elif text[i - 1] in ")）":
            # 每位校(园)长参加: a short aside inside a clause is part of it; a label such as （二） is not.
            aside = _ASIDE.search(text, max(floor, i - 8), i)
            if aside is None or aside.end() != i or aside.start() <= floor:
                break
            if _breaks_clause(text, aside.start() - 1) or text[aside.start() - 1] in _S:
                break
            i = aside.start()
        elif _breaks_clause(text, i - 1):
            break
        else:
            i -= 1
    # 将“每天1小时校园体育活动”列入: a figure inside quotation marks has the quoted words before it.
    opened = text.rfind("“", i, position)
    if opened >= 0 and text.find("”", opened, position) < 0:
        i = opened + 1
    return i


# 其中2021年已竣工8个, 已经建成学校8所, 目前已达95%: a count or level reached already; 人数不足6人的工作室: a
# condition on the noun after 的; 消除5000人以上普通高中校点: the size of what is to go; 以6对结对帮扶学校为基础: the
# pairs the measure builds on. None is a target.
_PAST = re.compile(rf"已(?:经)?[{_S}]*(?P<done>[\u4e00-\u9fff“”]{{0,12}})$")
# 从已有学校中遴选3所, 已建成的学校再改造2所: a later verb, or 将/再, starts what is still to be done.
_STILL_TO_DO = re.compile(rf"{'|'.join((*_ITEM_VERBS, '将', '再', '计划', '力争'))}")
_CONDITION = re.compile("不足$")
# 消除56人以上大班额, 化解2000人以上超大规模学校: a bound after a verb of removal qualifies the noun that follows.
_REMOVAL = re.compile("(?:消除|化解|取消|杜绝|撤并|撤销)$")
# 发挥4个幼教集团引领作用, 依托两所国家级重点中职学校: what a measure draws on is there already.
# 藉助 is 借助 in traditional characters (see _TARGET_FOLD).
_DRAWING_ON = re.compile("(?:发挥|依托|借助|藉助|利用|依靠)$")
_GROUNDS = re.compile("(?:^|[^可所予加得难足])以$")
_GROUNDS_AFTER = re.compile(rf"[^{_COMMAS}{_SENTENCE_ENDS}]*?为(?:基础|依托)")


def _is_past(indicator):
    """True for an indicator that says the figure is reached already: 已竣工, 已经建成学校, 已达.

    已 governs the verb right after it and the noun that follows; a later verb of
    its own (从已有学校中遴选3所) makes the figure a target again.
    """
    past = _PAST.search(indicator)
    if past is None:
        return False
    done = past.group("done")
    # The verb 已 governs: a verb of addition or change, else the next two characters (竣工, 有学…).
    verb = next((v for v in sorted(_ITEM_VERBS, key=len, reverse=True) if done.startswith(v)), done[:2])
    return _STILL_TO_DO.search(done, len(verb)) is None


def _qualifies_next(match):
    """True for a figure followed by the noun it describes (5000人以上普通高中校点, 56人以上的大班额), not by a verb."""
    text, end = match.string, match.end()
    after = text[end:].lstrip(_S)
    return bool(after) and (after[0] == "的" or (_CJK.match(after) is not None and not _OBJECT_END.match(after)))


def _is_no_target(match, indicator):
    """True for a figure that states what is (已竣工8个), a condition (不足6人的), a size (消除…以上), grounds
    (以6对…为基础) or what a measure draws on (发挥4个幼教集团引领作用).
    """
    text, end = match.string, match.end()
    if _is_past(indicator) or _DRAWING_ON.search(indicator):
        return True
    if _CONDITION.search(indicator) and text[end:].lstrip(_S).startswith("的"):
        return True
    bounded = _qualifier(match) in ("以上", "及以上", "以下") or _COMPARATORS.get(match.group("cmp")) in (">", "<", ">=", "<=")
    if _REMOVAL.search(indicator) and bounded and _qualifies_next(match):
        return True
    return _GROUNDS.search(indicator) is not None and _GROUNDS_AFTER.match(text, end) is not None


def _year_of(written):
    """The Gregorian year of a year written before 年 (2025, ２０２５; 民國115, 中華民國一一五 → 2026), or None (民國500)."""
    era = re.match(rf"{_ROC_ERA}[{_S}]*", written)
    return _roc_year(written[era.end():]) if era else int(written.translate(_ASCII_DIGITS))


def _year_named(match):
    """The year a match of _YEAR is for: 2025; the later end of a span (民國113年至115年 → 2026); the year the last
    school year starts in (115學年度 → 2026, 112至115學年度 → 2026); None for none (民國500年, 99學年度).
    """
    if match.group("school"):
        span = _school_years(match.group("school"))
        return None if span is None else int(span[1][:4]) - 1
    year, until = _year_of(match.group("year")), match.group("until")
    if until is None or year is None:
        return year
    if re.match(_ROC_ERA, until) or re.fullmatch(_YEAR_DIGITS, until):
        later = _year_of(until)
    else:
        # 115 after 民國113年至: a year of the Republic too; after 2024年至 no year.
        later = _roc_year(until) if re.match(_ROC_ERA, match.group("year")) else None
    return year if later is None else later


def _year_before(text, position):
    i = position
    while i > 0 and text[i - 1] not in _SENTENCE_BREAK:
        i -= 1
    years = [_year_named(m) for m in _YEAR.finditer(text, i, position) if not (m.group("since") and m.group("of"))]
    years = [year for year in years if year is not None]
    return years[-1] if years else None


def _same_kind(indicator, previous):
    """True for an item of a list that names the same kind of thing as the one before (区级示范园 after 新增市级示范园)."""
    return bool(indicator) and indicator[-1] == previous[-1:] and not indicator.startswith(_ITEM_VERBS)


def _continues(text, previous_end, position, end):
    """True for a figure that goes on from the previous one without words of its own.

    新建2所幼儿园、2所学校 lists a second figure of the same indicator; 不少于12天(72学时)
    gives the same figure in another unit.
    """
    gap = text[previous_end:position]
    if text[:position].rstrip(_S).endswith(tuple(_ENUMERATION)):
        return not any(c in _SENTENCE_BREAK for c in gap)
    return gap.strip(_S) in ("(", "（") and text[end:].lstrip(_S)[:1] in (")", "）")


# Counting words whose noun may follow the figure (选派5名骨干教师, 新建3所幼儿园); 5%, 20万元 and 12天 count none.
_COUNTERS = {
    "人", "名", "位", "个", "所", "项", "门", "节", "次", "人次", "台", "套", "册", "间", "家", "支", "对", "条", "处",
    "张", "班", "种", "批", "期", "场", "篇", "户", "座", "辆", "本", "件", "场次", "园", "校", "栋", "案", "份", "部",
}
# 选派2名管理人员到东莞观摩, 评选10所新优质学校优先扶持, 认定150名教师为教坛新星: a verb or preposition ends the noun.
# After a share the noun is mostly the subject of its clause, and an adverb or a verb starts the predicate: 70%教师随时能
# 提供, 1/3 内涵发展较好的初中创建成…, 1/3 左右的初中确定为…, 4所公办高中整体发展; in 1/3 相对薄弱的初中办学水平显著提高
# the share counts the schools, not their level (民办学校 and 公办学校 are nouns).
_OBJECT_END = re.compile(
    r"到|赴|在(?![线编职校岗])|于|为|作为|参加|参与|进行|开展|组成|分别|优先|用于|从事|担任|纳入|跟岗|挂职|配备|举办|予以|每"
    r"|随时|整体|显著|创建|确定|颁发|(?<![民公])办学"
)
# 3-5所在区内具有较强影响力的…院校, 3名挂职干部, 3所办学特色鲜明的学校: words that start a noun as well.
_NOUN_START = ("在", "跟岗", "挂职", "整体", "办学")
# 建设15个特色骨干专业和10-15个新兴专业: the 和 joins the next figure, not the noun.
_TRAILING_AND = re.compile(r"(?:和|及|以及|或者|或)$")
_JOINED_FIGURE = re.compile(rf"(?:和|及|以及|或者|或)[{_S}]*{_NUMBER}(?:{_TO}{_NUMBER})?")
_LISTED_FIGURE = re.compile(rf"[{_DIGIT}]|[{_CN_NUMERAL}](?:{_UNIT})")
_OBJECT_CHAR = re.compile(r"[\u4e00-\u9fff“”「」]")
# Shares count a noun too (70%教师, 1/3 相对薄弱的初中, 30%的学员), but not the words after 100%达标, 全覆盖 or
# 新建…: a share stands before its verb as often as before its noun. 不低于50%的比例 and 最高70%比例 name the share again.
_SHARES = ("%", "‰")
# 三分之一的学校建成智慧校园: verbs a share's noun is the subject of. Not 具有 or 达到, which start a noun as often
# (具有高级职称的教师); nor 覆盖率, 达标校, 建成区.
_SHARE_END = re.compile("(?:达标|覆盖|完成|通过|实现|建成|开设|开齐|配齐|获得|接受|享受)(?![率校区])")
_NOT_COUNTED = re.compile(
    rf"比例|比重|达|覆盖|完成|通过|实现|合格|建成|开设|开齐|配齐|落实|获得|接受|享受|能|可|应|要|将|已|均|都|全"
    rf"|{'|'.join(_ITEM_VERBS)}"
)


def _ends_object(text, i, start):
    """True for a verb or preposition at ``i`` that ends the noun a figure counts."""
    word = _OBJECT_END.match(text, i)
    return word is not None and (i > start or word.group() not in _NOUN_START)


def _lists_figures(text, at, start):
    """True for the 、 at ``at`` when the list goes on with figures (5名中小学校领导、20名…), not with nouns.

    Only the items before the verb that ends the noun count (选出3所寄宿制学校、…、新建学校作为3个组团支教的学校
    lists schools), and a figure joined by 和/或 (…实训基地和1-3个联盟) ends the noun without listing figures.
    """
    end = at + 1
    while end < len(text) and (text[end] in _ENUMERATION or not _breaks_clause(text, end)):
        bound = _COMPARATOR.match(text, end)
        if bound:
            # 、昆明市教学名师不少于8名: the 于 of a comparator is no preposition that ends the noun.
            end = bound.end()
        elif _ends_object(text, end, start):
            break
        else:
            end += 1
    return _LISTED_FIGURE.search(_JOINED_FIGURE.sub("", text[at:end])) is not None


def _counted(text, at, end, unit):
    """Where the noun a figure counts is when it follows the counting word (5 名中小学校领导 → 中小学校领导): its
    (start, end) in ``text``, an empty span for none.

    ``at`` and ``end`` are the offsets of the figure. The noun runs to the end of its
    clause, past a short aside (后备校(园)长) and past a 、 that lists nouns
    (教学名师、名班主任和骨干教师) but not one that lists figures (5名中小学校领导、20名…),
    and stops before a verb or preposition that follows it (选派2名管理人员到东莞,
    其余9个为未开工项目); a 的 right after the figure is skipped (7种以上的运动项目). A
    share counts the noun after it in the same way (70%教师随时能提供 → 教师, 1/3 左右的初中确定为
    → 初中), unless it is a share of a whole named before it (按职工总数的2%设置) or the
    words after it name the share again (不低于50%的比例).
    """
    share = unit in _SHARES
    if (unit not in _COUNTERS and not share) or (share and text[:at].rstrip(_S).endswith("的")):
        return end, end
    i = end
    while i < len(text) and text[i] in _S:
        i += 1
    if text.startswith("的", i):
        i += 1
    start = i
    while i < len(text):
        if text[i] in "(（":
            aside = _ASIDE.match(text, i)
            if aside is None or i == start:
                break
            i = aside.end()
        elif text[i] in _ENUMERATION:
            if i == start or _lists_figures(text, i, start):
                break
            i += 1
        elif not _OBJECT_CHAR.match(text[i]) or _ends_object(text, i, start) or (share and _SHARE_END.match(text, i)):
            break
        else:
            i += 1
    counted = _TRAILING_AND.sub("", text[start:i].rstrip(_ENUMERATION))
    return (end, end) if share and _NOT_COUNTED.match(counted) else (start, start + len(counted))


# 至少招收 2 名、在线指导 10 名我县教师: a verb that counts people or places, whose noun may come after a later figure.
_COUNTING_VERB = re.compile(rf"(?:{'|'.join(_ITEM_VERBS)}|招收|接收|录取|选派|选拔|选出|评选|认定|指导|培训|帮扶|安排)$")


def _shared_objects(rows, text, offset):
    """Give a figure without a noun the noun of the figure after it, where one verb's figure is listed before another's.

    至少招收 2 名、在线指导 10 名我县教师或校(园)长学员: both count the 学员. Only a figure
    right after its verb, with the next figure's words right after its 、, in the same unit;
    招聘教师20名、培训… counts the 教师 before it, and keeps no noun.
    """
    at = {column: i for i, column in enumerate(TARGET_COLUMNS)}
    noun, unit, indicator, start, end = at["object"], at["unit"], at["indicator"], at["start"], at["end"]
    # From the last row back, so that a noun passes along a list of several such figures.
    for i in range(len(rows) - 2, -1, -1):
        row, after = rows[i], rows[i + 1]
        if (not row[noun] and after[noun] and row[unit] == after[unit] and _COUNTING_VERB.search(row[indicator].translate(_TARGET_FOLD))
                and text[row[end] - offset:after[start] - offset].strip(_S) in tuple(_ENUMERATION)):
            rows[i] = row[:noun] + (after[noun],) + row[noun + 1:]


def extract_targets(measures):
    """Quantitative targets: a number with its unit, comparator, indicator and year.

    Parameters
    ----------
    measures : pandas.DataFrame, Corpus or Document

    Returns
    -------
    pandas.DataFrame
        Columns ``TARGET_COLUMNS``:

        - doc_id, measure_id;
        - indicator: the words of the clause before the figure, however long,
          from a punctuation mark on (never from inside a word), without a
          leading year, date or span (到2025年, 民國115年12月前, 2025年12月底前,
          2024年至2026年, 民國113年至115年, 2023年起, 115學年度, 自112學年度起),
          the currency right before the figure (經費約新臺幣3億元 → 經費; ``text``
          keeps it) or the measure's label (1. 新建幼儿园3所, ①…,
          一是… → 新建幼儿园); a point ends a clause but for a decimal point
          (1.5万) and a point between ASCII letters or digits (访问www.edu.cn平台人数,
          登录 xx.gov.cn 的用户), and the comma of 5,000 ends none; a 、 list that 等, 各 or
          两级 gathers is part of it (检查教师备课、作业批改等不少于1次,
          校内、校外各1小时), and so is one
          with no figure in it whose later items do not start with the verb of
          a change (区名班主任、骨干班主任 5~10 名, 在培养、比赛、展示中择优认定), as is a short
          aside (县(市、区)比例), and a figure inside an open quotation mark
          starts after it (将“每天1小时…”: 每天). A figure listed after
          another one with no words of its own (新建2所幼儿园、2所学校),
          restating it in brackets (不少于12天(72学时)) or joined to it by
          和/及/或 (累计不少于30天或180学时, 建设15个特色专业和10-15个新兴专业)
          takes that figure's indicator, and its comparator unless it states one;
        - comparator: ``">="`` for 不少于/以上/最低, ``"<="`` for
          不超过/以下/以内/控制在/最高 and for a rank (进入前5名), ``">"`` for 超过 and for 余/多 between the
          figure and its unit (3000余人, 2000多个), ``"<"`` for 低于, ``"~"``
          for 约/大约/左右 (约5000万元, 大约5000万元, 约人民币5000万元, 3个左右), ``"="`` for 达到/为/提高到/降至
          or a bare figure, ``"+"`` for an amount added (新增3000个学位 or
          新增学位3000个, 投入, 新建…) or an indicator raised by the figure
          (提高2个百分点), ``"-"`` for an indicator lowered by it
          (下降5个百分点, 减少200人), and either for a later item of a 、 list
          that names the same kind of thing and states no comparator of its own
          (新增市级示范园2所、区级示范园3所: both ``"+"``),
          ``"range"`` for 1—3项 or 85%—95%. A range,
          bound or approximation the figure states wins over the verb before
          it (新增学位2000多个 is ``">"``, 投入约5000万元 ``"~"``), whose
          words stay in the indicator;
        - value and value_max (floats; value_max only for ranges), with the
          magnitude applied: 1.2万个 is 12000 个, 20万元 is 200000 元, 两千名
          is 2000 名; digits in groups of three split by a half-width comma
          are one number (5,000个 is 5000 个; not 2023年,2024年 or 1,2,3, nor
          1，500 with a full-width comma, a clause break in Chinese text), and
          so are 亿 and then 万 (1亿2,000万元 is 120000000 元); 百分之九十五 is
          95 %, 三成 is 30 %; a fraction is the share it gives in % (1/3 is 33.33… %, 三分之一以上 ``">="`` 33.33… %,
          2/3左右 ``"~"`` 66.66… %), so that it compares with the percentages
          of other plans, and ``text`` keeps it as written; a minus sign (-, −,
          －) makes it negative (为-2% is -2), but not a dash after a figure,
          unit or letter, which joins a range or a code (85%-95%, G-3); 降至零
          is 0 with the unit ``''``, and so is a bare decimal after a comparator
          (差异系数小于0.30 is ``"<"`` 0.3);
        - unit: the counting word (个, 元, %, …; ``%`` for ％ too, and the
          simplified word for a traditional one: 個 → 个, 學時 → 学时; those of
          Taiwan and Hong Kong plans too: 4園 → 园, 40校, 12棟 → 栋, 15案, 2,000份,
          1,500部, 50場次 → 场次, but not the words they start: 3部门, 5校区, 20案例),
          ``''`` for 学位1.2万;
        - year: the year the target is for: the one after 提高到
          (提高到2025年的98%), else the last year named earlier in the
          sentence (before 由 in a change), of a span its later end (2024年至2026年
          → 2026); missing when there is none. A
          year of the Republic of China is read as the Gregorian one (到民國115年
          and 到中華民國一一五年 are 2026, and so is the 115年 of 民國113年至115年;
          not 民國500年), and a school year of the Republic as the year it starts in
          (115學年度 → 2026, 112至115學年度 → 2026), but not a number without 民國
          (115年), nor a school year that :func:`extract_dates` does not read as one
          (99學年度, 2025学年度, 2023/24學年度);
        - baseline and baseline_year: for a change (由2022年的96.5%提高到98%,
          从120名增加到150名, 由民國111年的96.5%) the starting figure, in the target's unit, and
          its year; missing for other targets;
        - text: the quoted words, from the indicator to the qualifier (the
          figure alone when it takes the indicator of the previous one);
          start, end: its offsets in the document's cleaned text;
        - object: the noun the figure counts when it follows the counting
          word (我县每年选派5名中小学校领导 → 中小学校领导, 新建3所幼儿园 →
          幼儿园), from ``end`` on after spaces and a 的, to the end of its
          clause or the verb after it (选派2名管理人员到东莞 → 管理人员); a
          、 list of nouns before that verb is one object (选出3所寄宿制学校、
          薄弱学校作为…). A share counts the noun after it in the same way
          (70%教师随时能提供… → 教师, 1/3 相对薄弱的初中办学水平显著提高 →
          相对薄弱的初中, 30%的学员), but not a verb (100%达标, 30%创建为…),
          the word 比例 (不低于50%的比例) or anything after a share of a whole
          named before it (按职工总数的2%设置…). ``''`` when the noun comes
          before the figure (新增学位3000个), for units that count no noun (元,
          天, 学时) and when nothing follows. Indicator and object together say
          what is counted.

        Numbers inside 《》 titles and dates are not targets, nor those of the
        front matter (``doc_id:0``: title, notice and preamble), nor a count
        of what is done already (其中2021年已竣工8个, 已经建成学校8所; but
        从已有学校中遴选3所, with a verb of its own, is a target), a condition
        (人数不足6人的名师工作室), the size of what a verb of removal does away
        with (消除5000人以上普通高中校点, 化解56人以上的大班额) or the grounds a
        measure builds on (以6对结对帮扶学校为基础). A figure in quotation marks
        spelled out after 即 is a label: (“4”即4所公办高中) gives one target, 4
        所 公办高中, with no indicator.
        A lone Chinese digit (一个, 两所) or a bare 百/千/万 counts only with a
        comparator (至少一名, 三所以上, 达到三所), as a frequency after 每年,
        每学期, 每半年… (每年组织召开一次推进会; not 一次性) or, but for 一, after the
        verb of an addition (新建两所); Chinese numerals inside quotation
        marks (“三个课堂”) are names.

        A plan in traditional characters (Taiwan, Hong Kong) is read without
        convert="t2s": its comparators, verbs, counting words, magnitudes and
        numerals are read as their simplified forms (班額不得超過55人 is ``"<="``
        55 人, 新增優質學位不少於4500個 ``">="`` 4500 个, 培養骨幹教師3000餘人 ``">"``
        3000 人, 投入經費3億元 ``"+"`` 300000000 元, 已經建成學校8所 no target),
        so that its targets compare with those of other plans; indicator,
        object and text quote it as written (班額, 新增優質學位).

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、目标\\n到2025年，高中阶段毛入学率稳定在95%以上，每年投入20万元。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "comparator", "value", "unit", "year"]].values.tolist()
    [['高中阶段毛入学率', '>=', 95.0, '%', 2025], ['每年投入', '+', 200000.0, '元', 2025]]
    >>> doc = load_document_from_text("一、目标\\n到民国115年，班额不超过45人。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "comparator", "value", "unit", "year"]].values.tolist()
    [['班额', '<=', 45.0, '人', 2026]]
    >>> doc = load_document_from_text("一、目标\\n115学年度新增非营利幼儿园4园，经费约新台币3亿元。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "comparator", "value", "unit", "year"]].values.tolist()
    [['新增非营利幼儿园', '+', 4.0, '园', 2026], ['经费', '~', 300000000.0, '元', 2026]]
    >>> doc = load_document_from_text("一、目标\\n义务教育巩固率由2022年的96.5%提高到百分之九十八，新增学位1.2万个。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "value", "unit", "baseline", "baseline_year", "text"]].values.tolist()
    [['义务教育巩固率', 98.0, '%', 96.5, 2022, '义务教育巩固率由2022年的96.5%提高到百分之九十八'], ['新增学位', 12000.0, '个', nan, <NA>, '新增学位1.2万个']]
    >>> doc = load_document_from_text("一、目标\\n培训教师3000余人，近视率下降0.5个百分点，大班额降至零，增长率为-2%。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "comparator", "value", "unit"]].values.tolist()
    [['培训教师', '>', 3000.0, '人'], ['近视率下降', '-', 0.5, '个百分点'], ['大班额', '=', 0.0, ''], ['增长率', '=', -2.0, '%']]
    >>> doc = load_document_from_text("一、措施\\n我县每年选派5名中小学校领导、20名学校中层管理人员到东莞跟岗学习，培养10%骨干教师。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "value", "unit", "object"]].values.tolist()
    [['我县每年选派', 5.0, '名', '中小学校领导'], ['我县每年选派', 20.0, '名', '学校中层管理人员'], ['培养', 10.0, '%', '骨干教师']]
    >>> doc = load_document_from_text("一、目标\\n1. 新增公办学位5,000个，投入资金1亿2,000万元。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "comparator", "value", "unit", "text"]].values.tolist()
    [['新增公办学位', '+', 5000.0, '个', '新增公办学位5,000个'], ['投入资金', '+', 120000000.0, '元', '投入资金1亿2,000万元']]
    >>> doc = load_document_from_text("一、目标\\n骨干教师占比达到三分之一以上，市政府每半年听取一次汇报。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "comparator", "value", "unit", "text"]].values.tolist()
    [['骨干教师占比', '>=', 33.333333333333336, '%', '骨干教师占比达到三分之一以上'], ['市政府每半年听取', '=', 1.0, '次', '市政府每半年听取一次']]
    """
    rows = []
    frame = _measures_of(measures)
    for (doc_id, measure_id, text, start), label_end in zip(_own_texts(frame), _label_ends(frame)):
        if measure_id == f"{doc_id}:0":
            # The front matter states where a plan starts from, and page numbers glued to its
            # title read as counts (2 篇学校…); a plan's targets are in its measures.
            continue
        # Read in simplified characters, quoted as written at the same offsets (see _TARGET_FOLD).
        words = text.translate(_TARGET_FOLD)
        skip = _covered(text, _TITLE_SPAN, RESPONSIBILITY_TAG)
        quoted = _covered(text, _QUOTED)
        # previous: the indicator, comparator and indicator's offset of the last figure read.
        previous_end, previous, baseline, found = label_end, None, None, []
        for match in _TARGET.finditer(words):
            figure = _figure(match)
            number_at = match.start(next(g for g in ("per", "frac", "sign", "num") if match.group(g)))
            first = match.start("cmp") if match.group("cmp") else number_at
            if figure is None or skip[first] or (quoted[number_at] and (words[number_at] in _CN_NUMERAL or _LABELLED.match(words, match.end()))):
                # “三个课堂” is a name; in “4所”即4所 the figure is said again after 即, and counts there.
                continue
            ind_start = _indicator_start(words, first, previous_end)
            clause = words[ind_start:first].strip(_S)
            leading = _LEADING_YEAR.match(clause)
            indicator = clause[leading.end() if leading else 0:].strip(_S)
            # (“4”即4所公办高中…): the quoted label the figure spells out is no indicator.
            indicator = _LABEL.sub("", indicator)
            # 經費新臺幣3億元: the currency is the figure's (see _CURRENCY); text keeps it.
            priced = _PRICED.search(indicator)
            if priced:
                indicator = indicator[:priced.start()].rstrip(_S)
            # 巩固率由2022年的96.5%提高到98%: the first figure is where the indicator starts from; the target is the second.
            start_from = None if match.group("cmp") else _FROM.search(indicator)
            starts_change = start_from is not None and _CHANGE_AFTER.match(words, match.end()) is not None
            # 由一所增加到三所: a lone numeral that starts a change is a figure.
            if _is_loose(match) and not starts_change and not _holds(match, clause):
                continue
            text_start = indicator_at = words.rindex(indicator, ind_start, first) if indicator else first
            if priced and not indicator:
                text_start = words.rindex(priced.group().rstrip(_S), ind_start, first)
            value, value_max, unit = figure
            if starts_change:
                since = _year_of(start_from.group("year")) if start_from.group("year") else None
                baseline = (indicator[:start_from.start()].rstrip(_S), text_start, text_start + start_from.start(), value, since)
                previous_end = match.end()
                continue
            year = _year_before(words, first)
            comparator = from_value = from_year = None
            if baseline is not None and not indicator and match.group("cmp") in _CHANGES:
                indicator, text_start, from_at, from_value, from_year = baseline
                indicator_at = text_start
                # Years inside 由2022年的… belong to the starting figure.
                year = _year_before(words, from_at)
            elif previous is not None and _JOINED.fullmatch(words, previous_end, first):
                # 累计不少于30天或180学时: an alternative or a further figure of the same indicator, quoted alone.
                indicator, comparator, indicator_at, text_start = previous[0], _stated_comparator(match) or previous[1], previous[2], first
            elif not indicator and previous is not None and _continues(words, previous_end, first, match.end()):
                indicator, comparator, indicator_at = previous[0], _stated_comparator(match) or previous[1], previous[2]
            if match.group("when"):
                year = _year_of(match.group("when"))
            if _is_no_target(match, indicator):
                # A figure listed after it (已竣工8个、3个) takes its indicator and is none either.
                baseline, previous, previous_end = None, (indicator, "=", indicator_at), match.end()
                continue
            # 新增市级示范园2所、区级示范园3所: the later item is added too, by the verb of the list.
            changed = previous is not None and previous[1] in ("+", "-") and words[previous_end:ind_start].strip(_S) in tuple(_ENUMERATION)
            comparator = comparator or _comparator(match, indicator)
            if comparator == "=" and changed and _same_kind(indicator, previous[0]) and _stated_comparator(match, indicator) is None:
                comparator = previous[1]
            if comparator == "~":
                # 毛入学率约为90%: the 约 is in the comparator, and the indicator is 毛入学率 as in 毛入学率达到95%.
                indicator = _ABOUT.sub("", indicator).rstrip(_S)
            baseline, previous, previous_end = None, (indicator, comparator, indicator_at), match.end()
            noun_start, noun_end = _counted(words, number_at, match.end(), unit)
            found.append((
                doc_id, measure_id, text[indicator_at:indicator_at + len(indicator)], comparator, value, value_max, unit, year, from_value, from_year,
                text[text_start:match.end()].strip(_S), start + text_start, start + match.end(), text[noun_start:noun_end],
            ))
        _shared_objects(found, words, start)
        rows += found
    return _frame(rows, TARGET_COLUMNS)


# ---------------------------------------------------------------- dates

# Months and days in digits or Chinese numerals (9月1日, 九月一日, 十二月三十一日), as in years of the Republic.
_ROC_DAY = rf"(?:[{_DIGIT}]{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_DAY = rf"(?:[{_S}]*{_ROC_DAY}[{_S}]*(?:日|号|號|(?=前)))"
_ROC_MONTH_DAY = rf"[{_S}]*{_ROC_MONTH}[{_S}]*月{_DAY}?"
# 二〇二三年九月一日: the date line of an official document, Gregorian year digit by digit in Chinese numerals, 19xx
# or 20xx as _YEAR_DIGITS; not inside a longer run of numerals (十二〇二三年).
_YEAR_NUMERALS = "(?<![〇零一二三四五六七八九十百千])(?:一九|二[〇零])[〇零一二三四五六七八九]{2}"
_GREGORIAN_YEAR = rf"(?:{_YEAR_DIGITS}|{_YEAR_NUMERALS})"
_DATE = rf"{_GREGORIAN_YEAR}[{_S}]*年(?:{_ROC_MONTH_DAY})?"
# Years of the Republic of China (_ROC_ERA, _ROC_YEAR, _ROC_MONTH, above).
_ROC_DATE = rf"{_ROC_ERA}[{_S}]*{_ROC_YEAR}[{_S}]*年(?:{_ROC_MONTH_DAY})?"
_DATES = re.compile(
    rf"(?P<range>{_DATE}{_SINCE_TO}(?:{_DATE}|{_ROC_MONTH_DAY}){_UNTIL})"
    # 2023-2025, 2023—2025年; 2023至2025年 and 2023到2025年 with their 年, for 至 alone says a deadline (至2025年).
    rf"|(?P<years>(?<![{_DIGIT}{_POINTS}]){_GREGORIAN_YEAR}(?:[{_S}]*[{_DASHES}][{_S}]*{_GREGORIAN_YEAR}(?![{_DIGIT}])(?:[{_S}]*年)?"
    rf"|[{_S}]*[至到][{_S}]*{_GREGORIAN_YEAR}[{_S}]*年))"
    rf"|(?P<plan>十[一二三四五六七八九]五)"
    # 民國112年至115年, 民國112年8月至113年7月, 民國112至114年: the later end needs no 民國.
    rf"|(?P<roc_range>(?P<roc_from>{_ROC_ERA}[{_S}]*{_ROC_YEAR}(?:[{_S}]*年(?:{_ROC_MONTH_DAY})?)?){_SINCE_TO}"
    rf"(?P<roc_to>(?:{_ROC_ERA}[{_S}]*)?{_ROC_YEAR}[{_S}]*年(?:{_ROC_MONTH_DAY})?|{_ROC_MONTH_DAY}){_UNTIL})"
    rf"|(?:(?P<prefix>力争到|力爭到|力争在|力爭在|截至|截止到|截止|到|至)[{_S}]*)?"
    rf"(?:(?P<school>{_SCHOOL_YEARS})|(?P<date>{_DATE})|(?P<roc_date>{_ROC_DATE}))"
    rf"(?P<suffix>[{_S}]*(?:以后|以後|之后|之後|以来|以來|起|以前|之前|前|底|末))?"
)
# Read in ASCII (see _iso), so that a date comes out the same in either width.
_DATE_PARTS = re.compile(r"((?:19|20)[0-9]{2})\s*年(?:\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2}))?)?")
_MONTH_PARTS = re.compile(r"([0-9]{1,2})\s*月(?:\s*([0-9]{1,2}))?")


_DATE_NUMERALS = re.compile("[〇零一二三四五六七八九十]+")


def _in_digits(text):
    """``text`` with the numbers of a date in ASCII digits: '二〇二三年九月三十日' → '2023年9月30日', '２０２３' → '2023'."""
    def digits(numeral):
        number = _small_number(numeral.group())
        return numeral.group() if number is None else str(number)
    return _DATE_NUMERALS.sub(digits, text.translate(_ASCII_DIGITS))


def _iso(text, year=None):
    """'2022年6月' → '2022-06', '二〇二三年九月' → '2023-09'; a bare '8月' takes ``year``."""
    text = _in_digits(text)
    match = _DATE_PARTS.search(text)
    if match:
        year, month, day = match.groups()
    else:
        found = _MONTH_PARTS.search(text)
        if not found or year is None:
            return ""
        month, day = found.groups()
    value = str(year)
    if month and 1 <= int(month) <= 12:
        value += f"-{int(month):02d}"
        if day and 1 <= int(day) <= 31:
            value += f"-{int(day):02d}"
    return value


_ROC_PARTS = re.compile(
    rf"(?:(?:{_ROC_ERA})?[{_S}]*({_ROC_YEAR})[{_S}]*年)?[{_S}]*(?:({_ROC_MONTH})[{_S}]*月(?:[{_S}]*({_ROC_DAY}))?)?"
)


def _small_number(numeral):
    """The value of a number of a date in digits of either width or Chinese numerals (8, ８, 十二), or None."""
    numeral = numeral.translate(_ASCII_DIGITS)
    if numeral.isascii():
        return int(numeral)
    if all(c in _CN_DIGITS for c in numeral):
        # 一一二 and 一〇〇 give the year digit by digit, as 二〇二三年 does.
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    # 一百十二年, as Taiwan's official documents write a year, is 一百一十二年.
    value = _chinese_number(numeral.replace("百十", "百一十"))
    return None if value is None else int(value)


def _roc_year(numeral):
    """The Gregorian year of a year of the Republic (112, 一一二, 一百一十二 → 2023), or None.

    Up to 民國188年 (2099): like a Gregorian one, the year is 19xx or 20xx (_YEAR_DIGITS).
    """
    number = _small_number(numeral)
    return number + 1911 if number is not None and 1 <= number <= 188 else None


def _roc_iso(text, year=None):
    """'民國112年8月' → '2023-08', '113年7月' → '2024-07'; a bare '12月' takes the Gregorian ``year``; '' for no year."""
    roc_year, month, day = _ROC_PARTS.match(text).groups()
    if roc_year:
        year = _roc_year(roc_year)
    if year is None:
        return ""
    gregorian = f"{year}年"
    if month:
        gregorian += f"{_small_number(month) or 0}月" + (f"{_small_number(day) or 0}日" if day else "")
    return _iso(gregorian)


def _school_years(text):
    """(start, end) of school years of the Republic, from August to July: 112學年度 → ('2023-08', '2024-07'), or None.

    Without 民國 the first year is 100 (2011) or later, in numerals as in digits.
    """
    years = [_roc_year(n) for n in re.findall(rf"[{_DIGIT}]+|[{_ROC_NUMERALS}]+", text)]
    if None in years or (re.search(_ROC_ERA, text) is None and years[0] < 2011):
        return None
    return f"{years[0]}-08", f"{years[-1] + 1}-07"


def _in_phase(text, position):
    """True for a date that follows a phase name: 准备启动阶段（2022年6月…, 第一階段（113學年度）, 準備階段（自民國112年…."""
    return re.search(rf"[阶階]段[{_S}]*[（(]?[{_S}]*(?:[自从][{_S}]*)?$", text[max(position - 12, 0):position]) is not None


def _date_row(match, text):
    phase = _in_phase(text, match.start())
    if match.group("plan"):
        first = 2001 + 5 * ("一二三四五六七八九".index(match.group("plan")[1]) + 1)
        return "period", str(first), str(first + 4)
    if match.group("range"):
        # In ASCII digits, so that the year before the separator has four of them (二〇二三 → 2023).
        body = _in_digits(match.group("range"))
        sep = re.search(rf"[{_S}]*(?:[{_DASHES}]+|至|到)[{_S}]*(?=(?:19|20)[0-9]{{2}}|[0-9]{{1,2}}[{_S}]*月)", body[4:])
        left, right = body[:4 + sep.start()], body[4 + sep.end():]
        begin = _iso(left)
        return "phase" if phase else "period", begin, _iso(right, year=begin[:4])
    if match.group("years"):
        first, last = re.findall(r"(?:19|20)[0-9]{2}", _in_digits(match.group("years")))
        return "phase" if phase else "period", first, last
    if match.group("roc_range"):
        left = match.group("roc_from")
        # 民國112至114年: the 年 after the last year is the first's too.
        begin = _roc_iso(left if "年" in left else left + "年")
        end = _roc_iso(match.group("roc_to"), year=begin[:4] or None)
        return ("phase" if phase else "period", begin, end) if begin and end else None
    if match.group("school"):
        span, kind = _school_years(match.group("school")), "period"
    else:
        date = _iso(match.group("date")) if match.group("date") else _roc_iso(match.group("roc_date"))
        span, kind = (date, date) if date else None, "date"
    if span is None:
        return None  # 民國500年: no year of the Republic
    suffix = (match.group("suffix") or "").strip(_S)
    if suffix in ("以后", "以後", "之后", "之後", "以来", "以來", "起"):
        return "phase" if phase else "period", span[0], ""
    if match.group("prefix") in ("力争到", "力爭到", "截至", "截止到", "截止", "到", "至") or suffix in ("以前", "之前", "前", "底", "末"):
        return "deadline", "", span[1]
    return "phase" if phase else kind, *span


def extract_dates(measures):
    """Dates, deadlines, phases and periods named in each measure.

    Parameters
    ----------
    measures : pandas.DataFrame, Corpus or Document

    Returns
    -------
    pandas.DataFrame
        Columns ``DATE_COLUMNS``: doc_id, measure_id, kind, start_date,
        end_date, text, start, end. Kinds: ``"deadline"`` (到2025年,
        2024年8月前: only end_date), ``"phase"`` (a span named after a phase,
        准备启动阶段（2022年6月—2022年8月）), ``"period"`` (2023-2025,
        2024年至2026年, 2024至2026年, “十四五” = 2021–2025; 2025年以后 has no end_date;
        a span whose first end says 起, with or without 自/从 before it and 止
        after it, is one period: 自2023年9月1日起至2026年7月31日止, 从2024年起到2026年,
        while 2023年起，至2025年 is a period from 2023 and the deadline 至2025年) and
        ``"date"`` (2023年11月7日). Dates are ISO-like strings in ASCII
        digits, whatever digits the plan writes: ``"2025"``,
        ``"2022-06"``, ``"2023-11-07"``; a Gregorian year written digit by
        digit in Chinese numerals, with its month and day in numerals, as the
        date line of an official document writes it, reads the same
        (二〇二三年九月一日 → ``"2023-09-01"``). Dates inside 《》 titles are skipped.
        Years of the Republic of China (Taiwan) are read as Gregorian ones,
        year + 1911, in the same kinds: 民國112年, 中華民國112年, 民國一一二年 and
        民國一百十二年 are 2023, 民國112年至115年 is 2023 to 2026, and a
        school year runs from August to July (112學年度 is ``"2023-08"`` to
        ``"2024-07"``, 112至115學年度 and 自112學年度起至115學年度止 ``"2023-08"`` to ``"2027-07"``; before
        100, that is 2011, only with 民國: 22-23學年度 is Hong Kong's 2022/23); a
        number without 民國 or 學年度 (112年) is no year. Their simplified
        forms (民国, 学年度, as convert="t2s" writes them) are read too, and
        ``text`` keeps the date as written.
        ``attrs["doc_ids"]`` lists the documents read, in order, those that
        name no date too, so that :func:`~policycompare.plotting.plot_timeline`
        can tell a plan without dates from a mistyped id.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、步骤\\n（一）准备启动阶段（2022年6月—2022年8月）：制定方案，到2025年全面完成。", doc_id="demo")
    >>> extract_dates(doc)[["kind", "start_date", "end_date", "text"]].values.tolist()
    [['phase', '2022-06', '2022-08', '2022年6月—2022年8月'], ['deadline', '', '2025', '到2025年']]
    >>> extract_dates(load_document_from_text("一、目标\\n到２０２６年９月，全面完成。", doc_id="demo"))[["kind", "end_date", "text"]].values.tolist()
    [['deadline', '2026-09', '到２０２６年９月']]
    >>> doc = load_document_from_text("一、目标\\n112学年度起试办，到民国115年全面实施。", doc_id="demo")
    >>> extract_dates(doc)[["kind", "start_date", "end_date", "text"]].values.tolist()
    [['period', '2023-08', '', '112学年度起'], ['deadline', '', '2026', '到民国115年']]
    >>> doc = load_document_from_text("一、期程\\n自民国112年9月1日起至民国115年7月31日止，二〇二三年九月一日核定。", doc_id="demo")
    >>> extract_dates(doc)[["kind", "start_date", "end_date"]].values.tolist()
    [['period', '2023-09-01', '2026-07-31'], ['date', '2023-09-01', '2023-09-01']]
    """
    rows, doc_ids = [], {}
    for doc_id, measure_id, text, start in _own_texts(measures):
        doc_ids[doc_id] = None
        skip = _covered(text, _TITLE_SPAN)
        for match in _DATES.finditer(text):
            if skip[match.start()]:
                continue
            row = _date_row(match, text)
            if row is None:
                continue
            kind, begin, end = row
            matched = match.group().rstrip(_S)
            rows.append((doc_id, measure_id, kind, begin, end, matched, start + match.start(), start + match.start() + len(matched)))
    frame = _frame(rows, DATE_COLUMNS)
    frame.attrs["doc_ids"] = list(doc_ids)
    return frame


# ---------------------------------------------------------------- programmes and references

_DOC_NUMBER = rf"[\u4e00-\u9fff]{{1,6}}[〔\[［][{_S}]*{_YEAR_DIGITS}[{_S}]*[〕\]］][{_S}]*[{_DIGIT}]{{1,4}}[{_S}]*号"
_REFERENCE = re.compile(
    rf"《(?P<title>[^《》\n]{{1,150}})》(?:[{_S}]*[（(][{_S}]*(?P<number>{_DOC_NUMBER})[{_S}]*[)）])?"
    rf"|(?P<bare>{_DOC_NUMBER})"
)


def extract_programmes(measures):
    """Quoted programme names and slogans (“县管校聘”, “三新”, “一校一案”).

    Parameters
    ----------
    measures : pandas.DataFrame, Corpus or Document

    Returns
    -------
    pandas.DataFrame
        Columns ``PROGRAMME_COLUMNS``: doc_id, measure_id, name (the quoted
        words, spaces removed), text (with its quotation marks), start, end.
        Quotations of up to 30 characters count; those inside 《》 titles are
        part of the title.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、措施\\n深化“县管校聘”改革，落实“三新”要求。", doc_id="demo")
    >>> extract_programmes(doc)["name"].tolist()
    ['县管校聘', '三新']
    """
    rows = []
    for doc_id, measure_id, text, start in _own_texts(measures):
        skip = _covered(text, _TITLE_SPAN)
        for match in _QUOTED.finditer(text):
            name = re.sub(r"\s+", "", match.group(1))
            if len(name) >= 2 and not skip[match.start()]:
                rows.append((doc_id, measure_id, name, match.group(), start + match.start(), start + match.end()))
    return _frame(rows, PROGRAMME_COLUMNS)


def _clean_number(number):
    # In ASCII digits, so that 星政发〔２０２４〕４号 is the 星政发〔2024〕4号 of the manifest and of other plans.
    number = re.sub(r"\s+", "", number or "").translate(_ASCII_DIGITS)
    # 印发的教基〔2021〕8号: the issuer's abbreviation follows the last 的.
    return number[number.rfind("的") + 1:]


def extract_references(measures):
    """Documents a measure refers to: 《…》 titles with their numbers, and bare numbers.

    Parameters
    ----------
    measures : pandas.DataFrame, Corpus or Document

    Returns
    -------
    pandas.DataFrame
        Columns ``REFERENCE_COLUMNS``: doc_id, measure_id, title (inside the
        《》, '' for a bare number), doc_number (教基〔2021〕8号 when it
        follows the title in brackets or stands alone, spaces removed and
        digits in ASCII (星政发〔２０２４〕４号 → 星政发〔2024〕4号), else
        ''), text, start, end.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、依据\\n根据《“十四五”县域普通高中发展提升行动计划》（教基〔2021〕8号），制定本方案。", doc_id="demo")
    >>> extract_references(doc)[["title", "doc_number"]].values.tolist()
    [['“十四五”县域普通高中发展提升行动计划', '教基〔2021〕8号']]
    """
    rows = []
    for doc_id, measure_id, text, start in _own_texts(measures):
        for match in _REFERENCE.finditer(text):
            title = (match.group("title") or "").strip(_S)
            number = _clean_number(match.group("number") or match.group("bare"))
            begin = match.start()
            if match.group("bare"):
                begin += match.group("bare").rfind("的") + 1
            rows.append((doc_id, measure_id, title, number, text[begin:match.end()], start + begin, start + match.end()))
    return _frame(rows, REFERENCE_COLUMNS)
