"""What each measure commits to: responsible units, targets, dates, programmes and references.

Every extractor reads the own text of each measure (a row of
:func:`policycompare.structure.extract_measures`) and returns one row per
finding, with ``doc_id``, ``measure_id``, the matched ``text`` and its
``start``/``end`` offsets in the document's cleaned text. Own texts partition a
document, so each finding is reported exactly once. The tables are flat and
ready to be written as CSV.

- :func:`extract_responsibilities`: ``<责任单位:…>``, ``[牵头单位：…；配合单位：…]``,
  ``(责任单位:…)``, a bare ``责任单位:…`` line, and inline ``由…负责`` /
  ``区教育局牵头负责``; one row per unit, with its role (lead or support).
- :func:`extract_targets`: a number with its unit, comparator and year
  (毛入学率稳定在95%以上 → >= 95 %).
- :func:`extract_dates`: deadlines (到2025年), phases (准备启动阶段（2022年6月—2022年8月）),
  periods (2023-2025, “十四五”) and plain dates, as ISO-like strings.
- :func:`extract_programmes`: quoted names and slogans (“县管校聘”, “三新”).
- :func:`extract_references`: 《…》 titles with their document numbers (教基〔2021〕8号).
"""

import re

import numpy as np
import pandas as pd

from .corpus import Corpus, Document
from .structure import LINE_TAG, RESPONSIBILITY_TAG, TAG_KEYS, extract_measures

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
TARGET_COLUMNS = ["doc_id", "measure_id", "indicator", "comparator", "value", "value_max", "unit", "year", "text", "start", "end"]
DATE_COLUMNS = ["doc_id", "measure_id", "kind", "start_date", "end_date", "text", "start", "end"]
PROGRAMME_COLUMNS = ["doc_id", "measure_id", "name", "text", "start", "end"]
REFERENCE_COLUMNS = ["doc_id", "measure_id", "title", "doc_number", "text", "start", "end"]

_S = " \t\u3000"
_REQUIRED = ("doc_id", "measure_id", "text", "start")
_TITLE_SPAN = re.compile(r"《[^《》\n]*》")


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


def _covered(text, *patterns):
    """A mask of the characters inside any match of ``patterns`` (titles, tags)."""
    mask = bytearray(len(text) + 1)
    for pattern in patterns:
        for match in pattern.finditer(text):
            mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    return mask


def _frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- responsibilities

_LEAD_KEYS = {"牵头单位", "牵头部门", "主责单位"}
_SUPPORT_KEYS = {"配合单位", "配合部门", "协办单位", "参与单位"}
_KEY = re.compile(rf"({'|'.join(TAG_KEYS)})[{_S}]*[:：]")
_ORG = r"(?:局|委员会|委|办公室|办|部|厅|政府|中心|小组|学校|学院|集团|我县|我市|我区|我校)"
_INLINE = re.compile(
    rf"由(?P<by>[^，。；,;：:、\s由]{{2,20}}?)(?:牵头)?负责(?![人制])"
    rf"|(?P<org>[\u4e00-\u9fff]{{0,12}}?{_ORG}(?:[（(][\u4e00-\u9fff]{{1,12}}[)）])?)(?:牵头)?负责(?![人制])"
)
_UNIT_TOKEN = re.compile(r"[^、，,；;\s]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _unit_rows(list_text, offset, role, comma_splits_roles):
    """(role, unit, start, end) for each unit named in a tag's list."""
    cut = list_text.find("。")
    if cut >= 0:
        # (责任单位:市教育局,市委宣传部。逗号前为牵头单位,下同): the note is no unit.
        list_text = list_text[:cut]
    comma = min((i for i in (list_text.find("，"), list_text.find(",")) if i >= 0), default=-1)
    rows = []
    for token in _UNIT_TOKEN.finditer(list_text):
        unit = token.group().strip("。.：:")
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
        name = key.group(1)
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
        …牵头负责 name a lead unit.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、措施\\n（一）加大投入。[牵头单位：区教育局；配合单位：区财政局、各学校]", doc_id="demo")
    >>> extract_responsibilities(doc)[["measure_id", "role", "unit", "start", "end"]].values.tolist()
    [['demo:1.1', 'lead', '区教育局', 19, 23], ['demo:1.1', 'support', '区财政局', 29, 33], ['demo:1.1', 'support', '各学校', 34, 37]]
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
        for match in _INLINE.finditer(text):
            if in_tag[match.start()]:
                continue
            group = "by" if match.group("by") else "org"
            found.append((match.start(), "lead", match.group(group), match.start(group), match.end(group), match.group(), "inline"))
        for _, role, unit, s, e, source_text, source in sorted(found, key=lambda f: (f[3], f[0])):
            rows.append((doc_id, measure_id, role, unit, start + s, start + e, source_text, source))
    return _frame(rows, RESPONSIBILITY_COLUMNS)


# ---------------------------------------------------------------- targets

_COMPARATORS = {
    "不得超过": "<=", "不超过": "<=", "不高于": "<=", "不大于": "<=", "最多": "<=", "控制在": "<=",
    "不得少于": ">=", "不得低于": ">=", "不少于": ">=", "不低于": ">=", "不小于": ">=", "至少": ">=", "最少": ">=",
    "超过": ">", "高于": ">", "大于": ">", "低于": "<", "小于": "<",
    "达到": "=", "达": "=", "稳定在": "=", "保持在": "=", "提高到": "=", "提高至": "=", "提升到": "=",
    "提升至": "=", "增加到": "=", "增至": "=", "降至": "=", "降低到": "=", "为": "=", "占": "=",
}
_UNITS = (
    "个百分点", "万平方米", "平方米", "万人次", "人次", "万人", "亿元", "万元", "千元", "元", "个月", "个学期",
    "个小时", "学时", "课时", "小时", "学分", "%", "％", "‰", "人", "名", "个", "所", "项", "门", "节", "次", "天",
    "周", "台", "套", "册", "间", "家", "支", "对", "条", "处", "张", "班", "亩", "倍", "种", "位", "批",
    "期", "场", "篇", "户", "座", "辆", "本", "件", "米", "万",
)
_NUMBER = r"\d+(?:\.\d+)?"
_TARGET = re.compile(
    rf"(?:(?P<cmp>{'|'.join(sorted(_COMPARATORS, key=len, reverse=True))})[{_S}]*)?"
    rf"(?<![\d.．A-Za-z/第])(?<!第[{_S}])(?P<num>{_NUMBER})"
    rf"(?:[{_S}]*[-－~～—–至到][{_S}]*(?P<num2>{_NUMBER}))?"
    rf"[{_S}]*(?P<unit>{'|'.join(map(re.escape, _UNITS))})(?!岁)"
    rf"(?P<qual>[{_S}]*(?:及以上|以上|以下|以内|左右|多|余))?"
)
_BOUND = re.compile("不得超过|不超过|不高于|最多|不得少于|不得低于|不少于|不低于|至少|最少")
_CLAUSE_BREAK = set("，,。；;：:！？!?、\n>]】）)（(")
_SENTENCE_BREAK = set("。；;！？!?\n")
_YEAR = re.compile(rf"((?:19|20)\d{{2}})[{_S}]*年")
_LEADING_YEAR = re.compile(rf"^(?:力争|确保)?(?:到|至|在|于)?[{_S}]*(?:19|20)\d{{2}}[{_S}]*年(?:底|末|前|内)?[{_S}]*")
_CHANGES = ("提高到", "提高至", "提升到", "提升至", "增加到", "增至", "降至", "降低到")
_CHANGE_AFTER = re.compile(rf"[{_S}]*(?:{'|'.join(_CHANGES)})")
_INCREASE = ("新增加", "新增", "增加", "新建", "增设", "投入", "培养", "培育", "建设", "建成", "创建", "组建", "打造", "引进", "补充", "招聘", "开发", "遴选", "设立", "扩大")
# A clause that starts with the verb of an addition (每年新增学位, 累计投入资金), not 建设标准 or 建成区.
_ADDING = re.compile(rf"^(?:每年|年均|累计|共|再|约)?(?:{'|'.join(sorted(_INCREASE, key=len, reverse=True))})(?!区|标准|成效)")


def _indicator_start(text, position, floor):
    """Start of the clause before a number, not reaching back into the previous target."""
    i = position
    while i > floor and text[i - 1] not in _CLAUSE_BREAK and position - i < 30:
        i -= 1
    return i


def _comparator(match, indicator):
    qual = (match.group("qual") or "").strip(_S)
    if match.group("num2"):
        return "range"
    if qual in ("以上", "及以上"):
        return ">="
    if qual in ("以下", "以内"):
        return "<="
    if match.group("cmp"):
        return _COMPARATORS[match.group("cmp")]
    # 至少配备1名: the comparator sits before the verb.
    bound = _BOUND.findall(indicator)
    if bound:
        return _COMPARATORS[bound[-1]]
    if indicator.rstrip("约共累计").endswith(_INCREASE):
        return "+"
    if qual == "左右":
        return "~"
    # 新增学位3000个 as 新增3000个学位: the clause starts with the verb of an addition.
    if _ADDING.match(indicator):
        return "+"
    return "="


def _year_before(text, position):
    i = position
    while i > 0 and text[i - 1] not in _SENTENCE_BREAK:
        i -= 1
    years = [int(y) for y in _YEAR.findall(text[i:position])]
    return years[-1] if years else None


def extract_targets(measures):
    """Quantitative targets: a number with its unit, comparator, indicator and year.

    Parameters
    ----------
    measures : pandas.DataFrame, Corpus or Document

    Returns
    -------
    pandas.DataFrame
        Columns ``TARGET_COLUMNS``: doc_id, measure_id, indicator (the words
        of the clause before the number, without a leading year), comparator
        (``">="`` for 不少于/以上, ``"<="`` for 不超过/以下, ``">"``, ``"<"``,
        ``"="`` for 达到/为 or a bare figure, ``"+"`` for an amount added
        (新增3000个学位 or 新增学位3000个, 投入, 新建…), ``"range"`` for
        1—3项, ``"~"`` for 左右; in 由85%提高到95% the target is 95 and
        the starting figure is no target), value
        and value_max (floats; value_max only for ranges), unit, year (the
        last year named earlier in the sentence, or missing), text (indicator
        to qualifier), start, end. Numbers inside 《》 titles and dates are
        not targets.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、目标\\n到2025年，高中阶段毛入学率稳定在95%以上，每年投入20万元。", doc_id="demo")
    >>> extract_targets(doc)[["indicator", "comparator", "value", "unit", "year"]].values.tolist()
    [['高中阶段毛入学率', '>=', 95.0, '%', 2025], ['每年投入', '+', 20.0, '万元', 2025]]
    """
    rows = []
    for doc_id, measure_id, text, start in _own_texts(measures):
        skip = _covered(text, _TITLE_SPAN, RESPONSIBILITY_TAG)
        previous_end, baseline = 0, None
        for match in _TARGET.finditer(text):
            first = match.start("cmp") if match.group("cmp") else match.start("num")
            if skip[first]:
                continue
            ind_start = _indicator_start(text, first, previous_end)
            previous_end = match.end()
            clause = text[ind_start:first].strip(_S)
            leading = _LEADING_YEAR.match(clause)
            indicator = clause[leading.end() if leading else 0:].strip(_S)
            text_start = text.rindex(indicator, ind_start, first) if indicator else first
            if not match.group("cmp") and indicator.endswith(("由", "从")) and _CHANGE_AFTER.match(text, match.end()):
                # 毛入园率由85%提高到95%: the first figure is where the indicator starts from; the target is the second.
                baseline = (indicator[:-1].rstrip(_S), text_start)
                continue
            if baseline is not None and not indicator and match.group("cmp") in _CHANGES:
                indicator, text_start = baseline
            baseline = None
            value_max = float(match.group("num2")) if match.group("num2") else np.nan
            rows.append((
                doc_id, measure_id, indicator, _comparator(match, indicator), float(match.group("num")), value_max,
                match.group("unit"), _year_before(text, first), text[text_start:match.end()].strip(_S),
                start + text_start, start + match.end(),
            ))
    frame = _frame(rows, TARGET_COLUMNS)
    return frame.astype({"value": float, "value_max": float, "year": "Int64"})


# ---------------------------------------------------------------- dates

_DAY = rf"(?:[{_S}]*\d{{1,2}}[{_S}]*(?:日|号|(?=前)))"
_DATE = rf"(?:19|20)\d{{2}}[{_S}]*年(?:[{_S}]*\d{{1,2}}[{_S}]*月{_DAY}?)?"
_DATES = re.compile(
    rf"(?P<range>{_DATE}[{_S}]*(?:[-－~～—–]+|至|到)[{_S}]*(?:{_DATE}|\d{{1,2}}[{_S}]*月{_DAY}?))"
    rf"|(?P<years>(?<![\d.])(?:19|20)\d{{2}}[{_S}]*[-－~～—–][{_S}]*(?:19|20)\d{{2}}(?!\d)(?:[{_S}]*年)?)"
    rf"|(?P<plan>十[一二三四五六七八九]五)"
    rf"|(?:(?P<prefix>力争到|力争在|截至|截止到|截止|到|至)[{_S}]*)?(?P<date>{_DATE})(?P<suffix>[{_S}]*(?:以后|之后|以来|起|以前|之前|前|底|末))?"
)
_DATE_PARTS = re.compile(r"((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2}))?)?")


def _iso(text, year=None):
    """'2022年6月' → '2022-06'; a bare '8月' takes ``year``."""
    match = _DATE_PARTS.search(text)
    if match:
        year, month, day = match.groups()
    else:
        found = re.search(r"(\d{1,2})\s*月(?:\s*(\d{1,2}))?", text)
        if not found or year is None:
            return ""
        month, day = found.groups()
    value = str(year)
    if month and 1 <= int(month) <= 12:
        value += f"-{int(month):02d}"
        if day and 1 <= int(day) <= 31:
            value += f"-{int(day):02d}"
    return value


def _in_phase(text, position):
    """True for a date that follows a phase name: 准备启动阶段（2022年6月…."""
    return re.search(rf"阶段[{_S}]*[（(]?[{_S}]*$", text[max(position - 12, 0):position]) is not None


def _date_row(match, text):
    phase = _in_phase(text, match.start())
    if match.group("plan"):
        first = 2001 + 5 * ("一二三四五六七八九".index(match.group("plan")[1]) + 1)
        return "period", str(first), str(first + 4)
    if match.group("range"):
        body = match.group("range")
        sep = re.search(rf"[{_S}]*(?:[-－~～—–]+|至|到)[{_S}]*(?=(?:19|20)\d{{2}}|\d{{1,2}}[{_S}]*月)", body[4:])
        left, right = body[:4 + sep.start()], body[4 + sep.end():]
        begin = _iso(left)
        return "phase" if phase else "period", begin, _iso(right, year=begin[:4])
    if match.group("years"):
        first, last = re.findall(r"(?:19|20)\d{2}", match.group("years"))
        return "phase" if phase else "period", first, last
    date = _iso(match.group("date"))
    suffix = (match.group("suffix") or "").strip(_S)
    if suffix in ("以后", "之后", "以来", "起"):
        return "phase" if phase else "period", date, ""
    if match.group("prefix") in ("力争到", "截至", "截止到", "截止", "到", "至") or suffix in ("以前", "之前", "前", "底", "末"):
        return "deadline", "", date
    return "phase" if phase else "date", date, date


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
        2024年至2026年, “十四五” = 2021–2025; 2025年以后 has no end_date) and
        ``"date"`` (2023年11月7日). Dates are ISO-like strings: ``"2025"``,
        ``"2022-06"``, ``"2023-11-07"``. Dates inside 《》 titles are skipped.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("一、步骤\\n（一）准备启动阶段（2022年6月—2022年8月）：制定方案，到2025年全面完成。", doc_id="demo")
    >>> extract_dates(doc)[["kind", "start_date", "end_date", "text"]].values.tolist()
    [['phase', '2022-06', '2022-08', '2022年6月—2022年8月'], ['deadline', '', '2025', '到2025年']]
    """
    rows = []
    for doc_id, measure_id, text, start in _own_texts(measures):
        skip = _covered(text, _TITLE_SPAN)
        for match in _DATES.finditer(text):
            if skip[match.start()]:
                continue
            kind, begin, end = _date_row(match, text)
            matched = match.group().rstrip(_S)
            rows.append((doc_id, measure_id, kind, begin, end, matched, start + match.start(), start + match.start() + len(matched)))
    return _frame(rows, DATE_COLUMNS)


# ---------------------------------------------------------------- programmes and references

_QUOTED = re.compile(r"[“「]([^“”「」\n]{1,30})[”」]")
_DOC_NUMBER = rf"[\u4e00-\u9fff]{{1,6}}[〔\[［][{_S}]*(?:19|20)\d{{2}}[{_S}]*[〕\]］][{_S}]*\d{{1,4}}[{_S}]*号"
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
    number = re.sub(r"\s+", "", number or "")
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
        follows the title in brackets or stands alone, spaces removed, else
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
