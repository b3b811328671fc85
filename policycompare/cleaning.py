"""Cleaning scraped and extracted plan text, keeping a record of every change.

Cleaning only removes or replaces spans of the raw text, and each change is an
:class:`Edit` with its raw offsets and reason. The cleaned text keeps a map back
to raw offsets, so every character of the raw text is either in the cleaned text
or in the cleaning record, never lost.
"""

import re
from dataclasses import dataclass, field

import numpy as np

__all__ = ["CleanText", "Edit", "clean_text", "parse_corrections"]


@dataclass(frozen=True)
class Edit:
    """One change to the raw text: ``raw[start:end]`` became ``replacement``."""

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
        Fields of a web page's header block (索引号, 发布机构, …), kept as metadata.
    """

    text: str
    raw_offsets: np.ndarray
    edits: tuple
    header: dict = field(default_factory=dict)


# A line ending in one of these ends a sentence or a responsibility tag like <责任单位:…>.
_TERMINAL = set("。！？；：!?;:…」』”>＞]】）)")
# Lines of web-page furniture, each matched as a whole line.
_CHROME_LINES = (
    (re.compile(r"^[ \t\u3000]*无障碍[ \t\u3000]*[|｜][ \t\u3000]*长者版[ \t\u3000]*$", re.M), "web page chrome: accessibility links"),
    (re.compile(r"^[ \t\u3000]*当前位置[:：].*$", re.M), "web page chrome: breadcrumb"),
    (re.compile(r"^[ \t\u3000]*扫一扫在手机打开当前页[ \t\u3000]*$", re.M), "web page chrome: QR-code prompt"),
    (re.compile(r"^[ \t\u3000]*相关(?:文件|政策)?解读[:：]?[ \t\u3000]*$", re.M), "web page chrome: related-links footer"),
    (re.compile(r"^[ \t\u3000]*(?:推荐访问|相关推荐|热门推荐)[:：].*$", re.M), "web page chrome: recommended links"),
    (re.compile(r"^[ \t\u3000]*(?:分享到|打印本页|关闭窗口|【打印】|【关闭】).*$", re.M), "web page chrome: page tools"),
)
_HEADER_KEYS = r"索\s*引\s*号|效力状态|发布机构|成文日期|责任部门|发布日期|名\s*称|主题分类|主\s*题\s*词|文\s*号|发文字号|有\s*效\s*性"
_HEADER_LINE = re.compile(rf"^[ \t\u3000]*(?:{_HEADER_KEYS})[ \t\u3000]*[:：].*$", re.M)
_HEADER_FIELD = re.compile(rf"({_HEADER_KEYS})[ \t\u3000]*[:：][ \t\u3000]*(.*?)(?=[ \t\u3000]+(?:{_HEADER_KEYS})[ \t\u3000]*[:：]|$)")
# A line that starts like an outline item; a line break before it is kept.
_ITEM_START = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十0-9０-９]+[)）]|[0-9０-９]+[.．、](?![0-9０-９])"
    r"|[①-⑳]|第[一二三四五六七八九十百0-9]+[章节条]|——|篇[一二三四五六七八九十]|附件)"
)


def parse_corrections(spec):
    """Parse a manifest ``corrections`` cell: ``"wrong=>right; wrong2=>right2"``.

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


def _line_span(raw, match):
    """Extend a whole-line match over its line break so no empty line is left behind."""
    end = match.end()
    if raw.startswith("\r\n", end):
        end += 2
    elif end < len(raw) and raw[end] in "\r\n":
        end += 1
    return match.start(), end


def _chrome_edits(raw):
    edits = []
    for pattern, reason in _CHROME_LINES:
        for match in pattern.finditer(raw):
            edits.append(Edit(*_line_span(raw, match), reason))
    header = {}
    for match in _HEADER_LINE.finditer(raw):
        for key, value in _HEADER_FIELD.findall(match.group(0)):
            header[re.sub(r"\s+", "", key)] = value.strip()
        edits.append(Edit(*_line_span(raw, match), "web page header block (kept as metadata)"))
    return edits, header


def _correction_edits(raw, corrections):
    edits, taken = [], np.zeros(len(raw), dtype=bool)
    for wrong, right in corrections:
        for match in re.finditer(re.escape(wrong), raw):
            if taken[match.start():match.end()].any():
                continue
            taken[match.start():match.end()] = True
            edits.append(Edit(match.start(), match.end(), f"declared correction: {wrong} → {right}", right))
    return edits


def _line_ending_edits(raw):
    edits = [Edit(m.start(), m.start() + 1, "Windows line ending") for m in re.finditer(r"\r\n", raw)]
    edits += [Edit(m.start(), m.end(), "old Mac line ending", "\n") for m in re.finditer(r"\r(?!\n)", raw)]
    return edits


def detect_broken_lines(raw):
    """True when most long lines end mid-sentence, as in text extracted from PDF.

    Examples
    --------
    >>> detect_broken_lines("为加快推进教育高质量发展，结合本地实际，现将有关\\n事项通知如下。加快推进学校标准化建设，完善办学条件和\\n教学设施。")
    True
    >>> detect_broken_lines("一、指导思想\\n\\n坚持立德树人，落实根本任务，推动教育高质量发展。")
    False
    """
    long_lines = [line.rstrip() for line in raw.splitlines() if len(line.strip()) >= 20]
    if len(long_lines) < 2:
        return False
    open_ends = sum(1 for line in long_lines if line[-1] not in _TERMINAL)
    return open_ends / len(long_lines) > 0.4


def _broken_line_edits(raw, skip):
    """Line breaks inside sentences: a long line that ends without closing punctuation."""
    edits = []
    for match in re.finditer(r"[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+", raw):
        start, end = match.span()
        if start == 0 or end >= len(raw) or skip[start - 1]:
            continue
        line_start = raw.rfind("\n", 0, start) + 1
        line = raw[line_start:start].strip()
        if len(line) < 20 or line[-1] in _TERMINAL or _ITEM_START.match(raw, end):
            continue
        edits.append(Edit(start, end, "line break inside a sentence (PDF extraction)"))
    return edits


def _without_overlaps(edits):
    kept, last_end = [], -1
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if edit.start >= last_end:
            kept.append(edit)
            last_end = edit.end
    return kept


def apply_edits(raw, edits):
    """Apply sorted, non-overlapping edits; return the text and its raw-offset map."""
    pieces, offsets, position = [], [], 0
    for edit in edits:
        pieces.append(raw[position:edit.start])
        offsets.append(np.arange(position, edit.start))
        if edit.replacement:
            pieces.append(edit.replacement)
            # Spread the replacement over the replaced span, first to first and last to last.
            width = max(edit.end - edit.start, 1)
            spread = edit.start + np.rint(np.linspace(0, width - 1, len(edit.replacement))).astype(np.int64)
            offsets.append(spread)
        position = edit.end
    pieces.append(raw[position:])
    offsets.append(np.arange(position, len(raw) + 1))
    return "".join(pieces), np.concatenate(offsets).astype(np.int64)


def clean_text(raw, *, corrections=(), line_breaks="auto", preamble_end=0):
    """Clean one plan's raw text, recording every change.

    Parameters
    ----------
    raw : str
        The text as read.
    corrections : sequence of (str, str), default=()
        Declared replacements, applied in order, e.g. restoring names a spam
        injection overwrote.
    line_breaks : {"auto", "join", "keep"}, default="auto"
        Whether to join line breaks inside sentences (PDF extraction);
        ``"auto"`` joins them when most long lines end mid-sentence.
    preamble_end : int, default=0
        Raw text before this offset is a compilation's preamble and is dropped.

    Returns
    -------
    CleanText

    Examples
    --------
    >>> cleaned = clean_text("无障碍 | 长者版\\n一、总体要求\\n扫一扫在手机打开当前页")
    >>> cleaned.text
    '一、总体要求\\n'
    >>> [edit.reason for edit in cleaned.edits]
    ['web page chrome: accessibility links', 'web page chrome: QR-code prompt']
    >>> int(cleaned.raw_offsets[0])
    10
    """
    if line_breaks not in ("auto", "join", "keep"):
        raise ValueError(f"line_breaks={line_breaks!r}; expected 'auto', 'join' or 'keep'")
    edits = [Edit(0, preamble_end, "compilation preamble")] if preamble_end else []
    chrome, header = _chrome_edits(raw)
    edits += chrome
    edits += _correction_edits(raw, corrections)
    edits = _without_overlaps(edits + _line_ending_edits(raw))
    if line_breaks == "join" or (line_breaks == "auto" and detect_broken_lines(raw)):
        skip = np.zeros(len(raw) + 1, dtype=bool)
        for edit in edits:
            skip[edit.start:edit.end] = True
        edits = _without_overlaps(edits + _broken_line_edits(raw, skip))
    text, offsets = apply_edits(raw, edits)
    return CleanText(text, offsets, tuple(edits), header)
