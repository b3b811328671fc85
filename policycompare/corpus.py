"""Corpora of plans: the manifest, documents with their cleaning record, and loading.

A corpus folder holds plan files and, optionally, ``manifest.csv`` with one row
per document (see ``MANIFEST_COLUMNS``). Without a manifest, every ``.txt``,
``.md``, ``.docx``, ``.pdf`` and ``.html`` file is a document whose id is the file name without that suffix.

Every loader takes ``convert="t2s"`` to convert traditional characters to
simplified ones while cleaning (the ``traditional`` extra), or ``"hk2s"`` /
``"tw2s"`` for a plan from Hong Kong / Taiwan (see
:data:`~policycompare.cleaning.CONVERSIONS`); the conversion is part of each
document's cleaning record.
"""

import bisect
import csv
import html
import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .cleaning import (_ASCII_DIGITS, _INVISIBLE, _INVISIBLE_CHARACTERS, CAPITAL_NUMERALS, LINE_SEPARATORS, TRADITIONAL_SHARE, CleanText, Edit, apply_edits, check_conversion,
                       clean_text, parse_corrections, traditional_share)
from .errors import PolicyCompareError, UnknownIdError, kept_warnings, listed, warn
from .tables import typed
from .reading import _CJK, _KANA, READABLE_SUFFIXES, WEBPAGE_SUFFIXES, _check_exists, _refuse_mojibake, read_text
from .writing import GENERATOR_TAG

__all__ = ["MANIFEST_COLUMNS", "Corpus", "Document", "documents_of", "load_corpus", "load_document"]

MANIFEST_COLUMNS = {
    "doc_id": "unique id, used in every table (e.g. huaxi)",
    "region_zh": "region name in Chinese (花溪区)",
    "region_en": "region name in English (Huaxi)",
    "place": "place, with its parent prefecture where there is one",
    "province": "province-level region (贵州省)",
    "level": "administrative level (district, county-level city, prefecture city, …)",
    "title": "the plan's title",
    "issuer": "issuing body",
    "date": "issue date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "doc_number": "document number or index number (星政发〔2024〕4号)",
    "period": "the period the plan covers (2023-2025; to the month for school years and for a period given by month, 2023-08/2027-07)",
    "source_file": "file name in the corpus folder",
    "part": "for a compilation file, the marker of this document's part (篇一)",
    "corrections": "declared repairs of known corruptions: wrong=>right; wrong2=>right2",
    "line_breaks": "join, keep or auto: whether line breaks inside sentences are joined",
}
REQUIRED_COLUMNS = ("doc_id", "source_file")
# The columns the documents table adds after the manifest's. source_start is where the document's raw text starts
# in its file (a compilation part's marker line; 0 for a whole file): a raw offset (a measure's raw_start, a cleaning
# edit's raw_start) plus it is the offset in the file, in characters of the file as read.
COMPUTED_COLUMNS = ("n_chars", "n_raw_chars", "n_removed", "n_edits", "encoding", "source_start")
DEFAULT_MANIFEST = "manifest.csv"
# The metadata that names a plan's places: tokens mask them (tokens.region_terms reads region_zh, place and province,
# and the places a title opens with) and alignment keeps the plans of two places apart (alignment._places_of reads
# place). A conversion converts them as it does the text, so that they are still the names the text holds.
_PLACE_FIELDS = ("region_zh", "place", "province", "title")
# Plan formats that are not read: a folder's files of these kinds are named in a warning.
UNREAD_SUFFIXES = (".doc", ".wps")
# Ids name output files (graphs/<doc_id>.gexf), so they may not hold path separators.
_DOC_ID = re.compile(r"^[\w\-.]+$")
# Characters that join or part ids in measure ids (huaxi:1.2), instrument cells (a:1;b:2) and options (--docs a,b).
_ID_SEPARATOR = re.compile(r"[:;,\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(eq=False)
class Document:
    """One plan: its raw and cleaned text, metadata and cleaning record.

    Attributes
    ----------
    doc_id : str
    text : str
        The cleaned text every analysis reads; offsets in all tables refer to it.
    raw : str
        The text as read (for a compilation part, its slice of the source file).
    metadata : dict
        The manifest row, plus ``header`` fields of a web page's header block
        (with the declared corrections applied, see :attr:`header_edits`).
    raw_offsets : numpy.ndarray
        ``raw_offsets[i]`` is the offset in ``raw`` of ``text[i]``.
    edits : tuple of cleaning.Edit
        Every change made in cleaning, with its reason.
    source_path : str
        The file the document was read from.
    source_start : int
        Offset of ``raw`` within the source file (non-zero for compilation parts).
    encoding : str
        The detected encoding of the source file.
    header_edits : tuple of cleaning.Edit
        The corrections made to ``metadata["header"]`` values, with raw offsets
        inside the header lines that ``edits`` drops whole.
    """

    doc_id: str
    text: str
    raw: str
    metadata: dict = field(default_factory=dict)
    raw_offsets: np.ndarray = None
    edits: tuple = ()
    source_path: str = ""
    source_start: int = 0
    encoding: str = "utf-8"
    header_edits: tuple = ()

    def __post_init__(self):
        if self.raw_offsets is None:
            self.raw_offsets = np.arange(len(self.text) + 1)

    def line_of(self, offsets):
        """The line of the file where text offsets stand, counted from 1.

        Lines are those of :attr:`raw`, the text as read: the file's lines
        even where cleaning dropped some; of a ``.docx`` file, its paragraphs
        and table rows, and one more for each line break inside a paragraph
        (Shift+Enter) and each further paragraph of a table cell; the lines
        of its part for a part of a compilation.

        Parameters
        ----------
        offsets : int or array-like of int
            Offsets in :attr:`text`.

        Returns
        -------
        int or numpy.ndarray of int

        Examples
        --------
        >>> doc = load_document_from_text("无障碍 | 长者版\\n一、总体要求\\n（一）指导思想", doc_id="demo")
        >>> doc.text.splitlines()[1], doc.line_of(doc.text.index("（一）"))
        ('（一）指导思想', 3)
        >>> mac = load_document_from_text("计划\\r一、总体要求\\r\\n（一）指导思想", doc_id="mac")
        >>> mac.line_of(mac.text.index("（一）"))
        3
        """
        lines = np.searchsorted(_line_ends(self.raw), self.raw_offsets[np.asarray(offsets, dtype=np.int64)], side="left") + 1
        return int(lines) if np.ndim(lines) == 0 else lines.astype(np.int64)

    def to_raw(self, start, end=None):
        """Map cleaned-text offsets to offsets in :attr:`raw`.

        Parameters
        ----------
        start : int
            Offset in :attr:`text`.
        end : int, default=None
            End offset in :attr:`text`; with it, the raw span of ``text[start:end]``
            is returned.

        Returns
        -------
        int or (int, int)
            The raw offset of ``start``, or the raw ``(start, end)`` span.

        Examples
        --------
        >>> doc = load_document_from_text("无障碍 | 长者版\\n一、总体要求", doc_id="demo")
        >>> doc.text
        '一、总体要求'
        >>> doc.to_raw(0, 2), doc.raw[10:12]
        ((10, 12), '一、')
        """
        if end is None:
            return int(self.raw_offsets[start])
        if end <= start:
            return int(self.raw_offsets[start]), int(self.raw_offsets[start])
        return int(self.raw_offsets[start]), int(self.raw_offsets[end - 1]) + 1

    @property
    def cleaning(self):
        """The cleaning record as a DataFrame: one row per removed or replaced raw span.

        The rows of :attr:`edits` come first, in text order; then one row per
        correction of a header value (:attr:`header_edits`), whose reason ends
        with ``(header metadata)``.
        """
        rows = [
            {
                "doc_id": self.doc_id,
                "raw_start": edit.start,
                "raw_end": edit.end,
                "source_start": self.source_start + edit.start,
                "source_end": self.source_start + edit.end,
                "removed": self.raw[edit.start:edit.end],
                "replacement": edit.replacement,
                "reason": edit.reason,
            }
            for edit in (*self.edits, *self.header_edits)
        ]
        columns = ["doc_id", "raw_start", "raw_end", "source_start", "source_end", "removed", "replacement", "reason"]
        return typed(pd.DataFrame(rows, columns=columns), dict.fromkeys(["raw_start", "raw_end", "source_start", "source_end"], "int64"))

    def __repr__(self):
        return f"<Document {self.doc_id!r}: {len(self.text)} characters, {len(self.edits)} cleaning edits>"

    def _repr_html_(self):
        title = html.escape(str(self.metadata.get("title") or self.doc_id))
        preview = html.escape(self.text[:400])
        return f"<p><b>{html.escape(self.doc_id)}</b> — {title} ({len(self.text)} characters)</p><pre style='white-space:pre-wrap'>{preview}…</pre>"


# Where a plan's region is named: an id mistaken for one is answered with the plan's id.
_REGION_FIELDS = ("region_zh", "region_en")
# The endings of a region's Chinese name that a user may leave out (花溪 for 花溪区).
_REGION_ENDINGS = "省市区县旗州盟"


def _region_key(name):
    name = unicodedata.normalize("NFKC", str(name)).strip().casefold()
    return name[:-1] if len(name) > 2 and name[-1] in _REGION_ENDINGS else name


def _named(doc_id, documents):
    """The ids of ``documents`` whose region (``region_zh`` or ``region_en``) is ``doc_id``: '花溪区', '花溪' or 'Huaxi'."""
    key = _region_key(doc_id)
    if not key:
        return []
    return [doc.doc_id for doc in documents
            if any(_region_key(doc.metadata.get(field) or "") == key for field in _REGION_FIELDS)]


def _shown_id(doc_id):
    """An id as a list of ids shows it: as it is, or quoted where it would not read as one id (empty, spaces at an end, a comma).

    Examples
    --------
    >>> _shown_id("huaxi"), _shown_id("花溪 区"), _shown_id(" x"), _shown_id("")
    ('huaxi', '花溪 区', "' x'", "''")
    """
    doc_id = str(doc_id)
    return repr(doc_id) if not doc_id or doc_id != doc_id.strip() or _ID_SEPARATOR.search(doc_id) else doc_id


def _unknown_id(doc_id, known, shown=20, documents=(), lead=None):
    """The error for an id not among ``known``: the closest ids first, at most ``shown`` listed.

    Given the ``documents``, a region's name given for an id (花溪区) is
    answered with the id of that region's plans. ``lead`` gives the words
    before the hint in place of "no document … in the corpus" (an option or
    argument that names the id).
    """
    import difflib

    known = list(known)
    named = _named(doc_id, documents)
    close = difflib.get_close_matches(str(doc_id), known, n=3, cutoff=0.8)
    if named:
        plans = f"plan of {doc_id} is {named[0]!r}" if len(named) == 1 else f"plans of {doc_id} are {', '.join(repr(n) for n in named)}"
        hint = f" (the {plans}: documents are named by their ids)"
    else:
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    known_ids = ", ".join(map(_shown_id, known[:shown])) + (f", … ({len(known)} in all)" if len(known) > shown else "") if known else "none"
    lead = f"no document {doc_id!r} in the corpus" if lead is None else lead
    return UnknownIdError(f"{lead}{hint}; known ids: {known_ids}")


def _line_breaks_of(line_breaks, encoding):
    """``line_breaks`` for cleaning: a PDF's text by its paragraphs, a web page's never joined.

    Every line of a PDF ends where the page did, and the reader marks where
    its paragraphs end (an empty line): the test of ``"auto"`` (most long
    lines end mid-sentence) can miss a plan of many one-line paragraphs, and
    ``"join"`` glues a heading without a full stop to the paragraph below.
    A web page's lines, and a Word document's, are its paragraphs, headings
    and table rows: a heading without a full stop is no broken sentence, and
    a table row that ends in its responsible unit (县教育局) is no line cut
    short by a page.
    """
    if line_breaks in ("auto", "join") and encoding == "pdf":
        return "paragraphs"
    if line_breaks == "auto" and (encoding.startswith("html/") or encoding == "docx"):
        return "keep"
    return line_breaks


def load_document_from_text(raw, *, doc_id="draft", metadata=None, corrections=(), line_breaks="auto", source_path="<text>", encoding="str", convert=None, markdown=None):
    """Build a :class:`Document` from a string, cleaning it as a file would be.

    Parameters
    ----------
    raw : str
        The plan's text.
    doc_id : str, default="draft"
    metadata : dict, default=None
        Extra metadata (manifest columns such as ``title``); ``doc_id`` and
        the ``header`` of a web page are added. With ``convert``, its place
        names (``region_zh``, ``place``, ``province``, ``title``) are converted
        as the text is, so that they are masked in it.
    corrections : sequence of (str, str), default=()
        Declared replacements, as in a manifest's ``corrections`` column
        (:func:`policycompare.cleaning.parse_corrections`).
    line_breaks : {"auto", "join", "keep"}, default="auto"
        Whether to join line breaks inside sentences (PDF extraction);
        ``"auto"`` joins them when most long lines end mid-sentence; in a
        PDF's text (``encoding="pdf"``) ``"auto"`` and ``"join"`` join every
        line break inside a paragraph (``"paragraphs"``); with ``"auto"``, a
        web page's text (``"html/…"``) and a Word document's (``"docx"``),
        whose lines are their paragraphs, are never joined.
    source_path : str or os.PathLike, default="<text>"
        Recorded as :attr:`Document.source_path`.
    encoding : str, default="str"
        Recorded as :attr:`Document.encoding`.
    convert : {None, "t2s", "hk2s", "tw2s"}, default=None
        ``"t2s"`` converts traditional characters to simplified ones;
        ``"hk2s"`` and ``"tw2s"`` read the forms of Hong Kong and Taiwan too
        (see :func:`policycompare.cleaning.clean_text`).
    markdown : bool, default=None
        Remove Markdown markup (``##``, ``**``; a list bullet ``-`` before
        text becomes ``•``, read as an item), each edit recorded; by default
        when ``source_path`` ends in ``.md``.

    Returns
    -------
    Document

    Raises
    ------
    ValueError
        If ``line_breaks`` or ``convert`` is not an allowed value.
    PolicyCompareError
        If ``raw`` is empty or holds only whitespace, or nothing is left of
        it after cleaning (web page chrome only), as such a file is refused;
        if its Chinese is UTF-8 that was read as Latin-1 or
        Windows-1252 and saved again (mojibake); if ``convert`` is given but
        the ``opencc`` package is not installed.

    Warns
    -----
    PolicyCompareWarning
        If the cleaned text does not look like a Chinese plan (no Chinese
        characters, few among many letters, or much Japanese kana), or,
        without ``convert``, is written in traditional characters.

    Examples
    --------
    >>> load_document_from_text("一、总体要求\\n（一）加强领导。", doc_id="demo").text
    '一、总体要求\\n（一）加强领导。'
    >>> load_document_from_text("（一）加強領導。", doc_id="demo", convert="t2s").text
    '（一）加强领导。'
    """
    where = _message_path(source_path, doc_id)
    # As an empty file is refused: a document of nothing would be left out of every table without a word.
    if not raw:
        raise PolicyCompareError("text is empty", path=where)
    if not raw.strip():
        raise PolicyCompareError("text holds only whitespace", path=where)
    if encoding == "str":
        # A file's text was checked as it was read (read_text).
        _refuse_mojibake(raw, path=where)
    if markdown is None:
        markdown = str(source_path).lower().endswith(".md")
    cleaned = clean_text(raw, corrections=corrections, line_breaks=_line_breaks_of(line_breaks, encoding), convert=convert, markdown=markdown)
    if not cleaned.text.strip():
        # As a file or a manifest's part: a text of only page chrome is refused, not loaded as an empty plan.
        raise PolicyCompareError(f"document {doc_id!r} has no text left after cleaning",
                                 path=None if where == f"document {doc_id!r}" else where)
    _warn_about_script(cleaned.text, convert, where)
    meta = {"doc_id": doc_id, **_with_converted_places(metadata or {}, check_conversion(convert))}
    if cleaned.header:
        meta["header"] = cleaned.header
    return Document(doc_id, cleaned.text, raw, meta, cleaned.raw_offsets, cleaned.edits, str(source_path), 0, encoding, cleaned.header_edits)


def _check_once(ids, name, noun):
    """``ids`` (the option ``name``), refused unless strings, each once, in one line; a generator comes back as a list.

    A single id given as a string would otherwise be taken for a list of its
    characters, and refused as the unknown document 'h'. A generator would be
    used up by the checks: it is read into a list, which the caller keeps.
    """
    if not isinstance(ids, (str, Collection)):
        ids = list(ids)
    if isinstance(ids, str) or not all(isinstance(i, str) for i in ids):
        raise TypeError(f"{name} must be a list of {noun} ids such as ['huaxi', 'yinchuan'], not {ids!r}")
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)  # linear: a corpus may have thousands of plans
    if repeated:
        raise PolicyCompareError(f"{name} lists {', '.join(map(repr, repeated))} more than once; give each {noun} once")
    return ids


def _message_path(source_path, doc_id, *, part=False):
    """How a message names a document: its file, with its id when the file holds several parts, or its id alone when it has no file.

    Examples
    --------
    >>> _message_path("plans/huaxi.txt", "huaxi"), _message_path("<text>", "draft"), _message_path("c.txt", "c-02", part=True)
    ('plans/huaxi.txt', "document 'draft'", "c.txt (document 'c-02')")
    """
    if not source_path or str(source_path) == "<text>":
        return f"document {doc_id!r}"
    return f"{source_path} (document {doc_id!r})" if part else str(source_path)


# Hanzi per letter below which a text is not taken for a Chinese plan: a plan's English names and
# abbreviations (STEM, AI, Python) are a few of its letters (the bundled plans: 99 hanzi in 100 letters or more).
_FEWEST_HANZI = 0.1
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_CJK_RUNS = re.compile(_CJK.pattern + "+")
_KANA_RUNS = re.compile(_KANA.pattern + "+")


def _not_chinese(text):
    """Why a cleaned text does not look like a Chinese plan, or None.

    Examples
    --------
    >>> _not_chinese("1. Guiding principles"), _not_chinese("一、基本的な方針。全ての子供たちの可能性を引き出す。")
    ('it has no Chinese text', '9 of its 23 Chinese and Japanese characters are kana (a Japanese text?)')
    >>> _not_chinese("一、总体要求。推进STEM教育。") is None
    True
    """
    # Counted by runs, not by character: a plan of megabytes would be a list of millions of one-character strings.
    n_hanzi = sum(map(len, _CJK_RUNS.findall(text)))
    if not n_hanzi:
        return "it has no Chinese text"
    # GB2312 holds kana, but no Chinese plan is written in them: kana for a fifth of the characters is Japanese prose.
    n_kana = sum(map(len, _KANA_RUNS.findall(text))) if _KANA.search(text) else 0
    if n_kana >= 3 and 5 * n_kana >= n_hanzi + n_kana:
        return f"{n_kana} of its {n_hanzi + n_kana} Chinese and Japanese characters are kana (a Japanese text?)"
    # A text of which a tenth is hanzi has a tenth of its letters hanzi or more: no need to count them.
    if n_hanzi >= _FEWEST_HANZI * len(text):
        return None
    n_letters = sum(map(len, _LETTER_RUNS.findall(text)))
    if n_hanzi < _FEWEST_HANZI * n_letters:
        return f"only {n_hanzi} of its {n_letters} letters are Chinese characters"
    return None


def _warn_about_script(text, convert, where):
    """Warn when a cleaned text does not look like a Chinese plan, or else when, unconverted, it is in traditional characters.

    The advice on traditional characters would mislead for a text that is
    no Chinese plan: the kanji of Japanese include traditional forms (時, 個).
    Its callers refuse a blank text before.
    """
    why = _not_chinese(text)
    if why is not None:
        warn(f"does not look like a Chinese plan: {why}; policycompare reads plans in Chinese, so its measures, keywords "
             "and comparisons will be meaningless", path=where, stacklevel=4)
        return
    _warn_if_traditional(text, convert, where)


# Forms a plan from Hong Kong writes and one in standard traditional characters does not: its variants (衞 for 衛,
# 綫 for 線, 説 for 說; t2s leaves 衞, 衹, 敍, 枱, 粧 and 糭 unconverted, hk2s reads them) and HKSCS characters of its
# place names (邨, 屋邨 the housing estates; 埗, 深水埗; 鰂, 鰂魚涌). None of them is a simplified character.
_HONG_KONG_FORMS = re.compile("[衞綫邨埗鰂衹敍枱粧糭説閲鋭]")
# 著 for 着, as Taiwan writes it (著重, 隨著): t2s leaves it, tw2s reads it as 着 except in the words where 著 is zhù
# (OpenCC's TWVariantsRevPhrases: 顯著, 著作, 著名 …). A text that writes 着 writes 著 for zhù only.
_TAIWAN_ZHE = re.compile("(?<![合名巨昭鉅顯显])著(?![作名式志於于書书白稱称者述錄录])")


def _conversion_advice(text):
    """The conversion to advise for a text in traditional characters, after what it shows of where it was written.

    Examples
    --------
    >>> _conversion_advice("加強學校衞生教育，推廣綫上學習")
    "it writes as Hong Kong does (衞, 綫): load it with convert='hk2s' (--convert hk2s)"
    >>> _conversion_advice("著重學生適性發展"), _conversion_advice("推動顯著進步")
    ("it writes as Taiwan does (著 for 着): load it with convert='tw2s' (--convert tw2s)", "load it with convert='t2s' (--convert t2s)")
    """
    hong_kong = list(dict.fromkeys(_HONG_KONG_FORMS.findall(text)))
    if hong_kong:
        return f"it writes as Hong Kong does ({', '.join(hong_kong[:3])}): load it with convert='hk2s' (--convert hk2s)"
    if "着" not in text and _TAIWAN_ZHE.search(text):
        return "it writes as Taiwan does (著 for 着): load it with convert='tw2s' (--convert tw2s)"
    return "load it with convert='t2s' (--convert t2s)"


def _warn_if_traditional(text, convert, where):
    """Warn when an unconverted text is written in traditional characters, naming the conversion it asks for."""
    if convert is None:
        share = traditional_share(text)
        if share >= TRADITIONAL_SHARE:
            warn(f"{share:.0%} of its Chinese characters are traditional forms, so its words will not match simplified plans; "
                 f"{_conversion_advice(text)}", path=where, stacklevel=5)


def load_document(path, *, doc_id=None, line_breaks="auto", convert=None):
    """Read and clean one plan file (``.txt``, ``.md``, ``.docx``, ``.pdf`` or ``.html``).

    Parameters
    ----------
    path : str or os.PathLike
    doc_id : str, default=None
        Defaults to the file name without a plan's suffix (``.txt``, ``.md``,
        ``.docx``, ``.pdf``, ``.html``, ``.htm``): ``方案v1.2`` is the id of
        both ``方案v1.2.txt`` and a file ``方案v1.2`` without a suffix.
    line_breaks : {"auto", "join", "keep"}, default="auto"
    convert : {None, "t2s", "hk2s", "tw2s"}, default=None
        ``"t2s"`` converts traditional characters to simplified ones;
        ``"hk2s"`` and ``"tw2s"`` read the forms of Hong Kong and Taiwan too.
        Each change is in the cleaning record and the offset map.

    Returns
    -------
    Document

    Raises
    ------
    PolicyCompareError
        If the file is missing, empty, binary or undecodable, damaged by an
        earlier conversion (see :func:`~policycompare.reading.read_text`), holds
        nothing but web page chrome, or if ``convert`` is given and the
        ``opencc`` package is not installed.

    Warns
    -----
    PolicyCompareWarning
        If the plan does not look like a Chinese plan (no Chinese characters,
        few among many letters, or much Japanese kana), or, without
        ``convert``, is written in traditional characters; and for what
        :func:`~policycompare.reading.read_text` warns of.
    """
    check_conversion(convert)
    path = Path(path)
    raw, encoding = read_text(path)
    if not doc_id:
        doc_id = _checked_doc_id_of(path)
    return load_document_from_text(raw, doc_id=doc_id, line_breaks=line_breaks, source_path=path, encoding=encoding, metadata={"source_file": path.name}, convert=convert)


def _doc_id_of(path):
    """The doc id a file's name gives: the name without a plan's suffix, or the whole name when it has none, without spaces at its ends.

    Only a suffix the readers take is dropped: in a draft saved without one,
    a version (方案v1.2) or a date (2024.03.15征求意见稿) is no suffix, and
    方案v1.1 and 方案v1.2 must stay two ids. Spaces at the ends (``x .txt``,
    ``　方案.txt``) are no part of the id, as the ids given to ``--docs`` have
    none: a file ``x .txt`` is the document ``x``.

    Examples
    --------
    >>> _doc_id_of(Path("方案v1.2.txt")), _doc_id_of(Path("方案v1.2")), _doc_id_of(Path("huaxi.HTM")), _doc_id_of(Path("\\u3000花溪 .txt"))
    ('方案v1.2', '方案v1.2', 'huaxi', '花溪')
    """
    return (path.stem if path.suffix.lower() in READABLE_SUFFIXES else path.name).strip()


def _checked_doc_id_of(path):
    """The doc id of :func:`_doc_id_of`, refused, naming the file, where it could not name a document in every table and option."""
    doc_id = _doc_id_of(path)
    if not doc_id:
        raise PolicyCompareError("the file name gives an empty doc_id (it has only spaces before its suffix); rename the file, "
                                 "or give it a doc_id in a manifest", path=path)
    try:
        doc_id.encode("utf-8")
    except UnicodeEncodeError:
        # A name in a Windows code page unpacked from a zip: the id would fail every table written.
        raise PolicyCompareError("the file name is not valid UTF-8 (from a zip made on Windows?): rename the file, "
                                 "or give it a doc_id in a manifest", path=path) from None
    separator = _ID_SEPARATOR.search(doc_id)
    if separator:
        # huaxi:1.2 names a measure, instrument cells join measure ids with ";" and --docs takes ids joined by ",".
        raise PolicyCompareError(f"the file name gives the doc_id {doc_id!r}, which holds {separator.group()!r}: ids may not hold "
                                 "':', ';', ',' or control characters; rename the file, or give it a doc_id in a manifest", path=path)
    return doc_id


class Corpus:
    """An ordered collection of :class:`Document` with a documents table.

    Index it by doc id (``corpus["huaxi"]``), iterate over documents, and use
    :attr:`documents` for the metadata table.

    Parameters
    ----------
    documents : iterable of Document
        In corpus order; doc ids must be unique.
    path : str or os.PathLike, default=None
        The folder the corpus was read from, named in errors.
    read_warnings : sequence, default=()
        What reading the plans warned of, each message once, as ``str`` or
        ``(message, path)`` with the file or folder it is about
        (:func:`load_corpus` records these); the attribute
        ``read_warnings`` holds the messages, and a report lists them on its
        page. :meth:`subset` keeps those of its documents and of the folder.

    Raises
    ------
    PolicyCompareError
        If two documents have the same doc id.

    Warns
    -----
    PolicyCompareWarning
        If two doc ids differ only in case (``Anning``, ``anning``): files
        named after them, such as a report's figures, would overwrite each
        other on Windows and macOS.

    Examples
    --------
    >>> corpus = Corpus([load_document_from_text("一、总体要求", doc_id="甲"), load_document_from_text("一、主要措施", doc_id="乙")])
    >>> corpus.doc_ids, corpus["乙"].text
    (['甲', '乙'], '一、主要措施')
    """

    def __init__(self, documents, *, path=None, read_warnings=()):
        self._docs, folded = {}, {}
        for doc in documents:
            if doc.doc_id in self._docs:
                raise _duplicate_id(doc.doc_id, path)
            other = folded.setdefault(doc.doc_id.casefold(), doc.doc_id)
            if other != doc.doc_id:
                warn(f"doc ids {other!r} and {doc.doc_id!r} differ only in case: files named after them (a report's figures "
                     "and graphs) overwrite each other on Windows and macOS; rename one", path=path)
            self._docs[doc.doc_id] = doc
        self.path = None if path is None else str(path)
        # What reading the plans warned of (load_corpus records it), for a report to show, with the file or folder
        # each is about, so that a subset keeps its own.
        self._read_warnings = tuple((item, None) if isinstance(item, str) else tuple(item) for item in read_warnings)

    @property
    def read_warnings(self):
        """What reading the plans warned of, each message once, in order (see :func:`load_corpus`)."""
        return tuple(message for message, _ in self._read_warnings)

    def _warnings_of(self, documents):
        """The read warnings about ``documents`` (their files, or the parts of a file they are) or about the folder."""
        places = {None, self.path}
        for doc in documents:
            places |= {str(doc.source_path), f"{doc.source_path} (document {doc.doc_id!r})"}
        return tuple(item for item in self._read_warnings if item[1] in places)

    def __getitem__(self, doc_id):
        try:
            return self._docs[doc_id]
        except KeyError:
            raise _unknown_id(doc_id, self._docs, documents=self) from None

    def __contains__(self, doc_id):
        return doc_id in self._docs

    def __iter__(self):
        return iter(self._docs.values())

    def __len__(self):
        return len(self._docs)

    @property
    def doc_ids(self):
        """Document ids in corpus order."""
        return list(self._docs)

    @property
    def labels(self):
        """Each plan's name for figures and captions, by doc id: its ``region_zh``, or its id where it has none.

        A name that two plans share (two versions of one region's plan) is
        followed by each plan's id, ``安宁市 (anning-2024)``, so that their
        rows, panels and columns can be told apart. Pass it as the
        ``labels`` of the plot functions.

        Examples
        --------
        >>> corpus = Corpus([load_document_from_text("一、总体要求", doc_id="a", metadata={"region_zh": "安宁市"}),
        ...                  load_document_from_text("一、总体要求", doc_id="b", metadata={"region_zh": "安宁市"}),
        ...                  load_document_from_text("一、主要措施", doc_id="c")])
        >>> corpus.labels
        {'a': '安宁市 (a)', 'b': '安宁市 (b)', 'c': 'c'}
        """
        names = {doc.doc_id: str(doc.metadata.get("region_zh") or "").strip() or doc.doc_id for doc in self}
        shared = Counter(names.values())
        return {doc_id: f"{name} ({doc_id})" if shared[name] > 1 else name for doc_id, name in names.items()}

    def subset(self, doc_ids):
        """A new corpus with only the given documents, in the given order.

        Parameters
        ----------
        doc_ids : list of str

        Raises
        ------
        KeyError
            If an id is not in the corpus.
        PolicyCompareError
            If an id is given twice.
        """
        doc_ids = doc_ids if isinstance(doc_ids, str) else list(doc_ids)
        # Not the corpus's fault: without this, the new corpus would refuse them as its own duplicates, naming its folder.
        doc_ids = _check_once(doc_ids, "doc_ids", "document")
        missing = [d for d in doc_ids if d not in self._docs]
        if missing:
            raise _unknown_id(missing[0], self._docs, documents=self)
        documents = [self._docs[d] for d in doc_ids]
        return Corpus(documents, path=self.path, read_warnings=self._warnings_of(documents))

    def add(self, document):
        """A new corpus with ``document`` appended (used to set a draft beside its peers).

        Parameters
        ----------
        document : Document
            A document whose id is not in the corpus yet.

        Raises
        ------
        PolicyCompareError
            If the corpus already holds its doc id.
        """
        return Corpus([*self._docs.values(), document], path=self.path, read_warnings=self._read_warnings)

    @property
    def documents(self):
        """One row per document: manifest columns, the manifest's columns of the user's own, then sizes, encoding and edit counts.

        The last column, ``source_start``, is where the document's raw text
        starts in its source file: 0 for a whole file, the offset of its part
        in a compilation's file. Add it to a raw offset of the document (the
        ``raw_start`` and ``raw_end`` of its measures, of its cleaning
        record's edits) for the offset in the file, as read (in characters).

        Examples
        --------
        >>> corpus = load_corpus()
        >>> row = corpus.documents.set_index("doc_id").loc["collection-03"]
        >>> start = int(row["source_start"])
        >>> source = (bundled_corpus_path() / "collection.txt").read_text(encoding="utf-8")
        >>> source[start:start + 5] == corpus["collection-03"].raw[:5] == "篇三:学校"
        True
        """
        # Columns of the user's own (a region group, a plan type), in the order they first come.
        own = [key for key in dict.fromkeys(k for doc in self for k in doc.metadata)
               if key not in MANIFEST_COLUMNS and key not in COMPUTED_COLUMNS and key != "header"]
        rows = []
        for doc in self:
            row = {column: doc.metadata.get(column, "") for column in [*MANIFEST_COLUMNS, *own]}
            row.update(doc_id=doc.doc_id, n_chars=len(doc.text), n_raw_chars=len(doc.raw), n_removed=int(sum(e.end - e.start for e in doc.edits if not e.replacement)),
                       n_edits=len(doc.edits), encoding=doc.encoding, source_start=doc.source_start)
            rows.append(row)
        frame = pd.DataFrame(rows, columns=[*MANIFEST_COLUMNS, *own, *COMPUTED_COLUMNS])
        return typed(frame.fillna(""), dict.fromkeys(["n_chars", "n_raw_chars", "n_removed", "n_edits", "source_start"], "int64"))

    @property
    def cleaning(self):
        """The cleaning record of every document in one table."""
        frames = [doc.cleaning for doc in self]
        return pd.concat(frames, ignore_index=True) if frames else Document("", "", "").cleaning

    def __repr__(self):
        return f"<Corpus of {len(self)} documents: {', '.join(self.doc_ids)}>"

    def _repr_html_(self):
        table = self.documents[["doc_id", "region_zh", "region_en", "title", "date", "n_chars", "n_edits"]]
        return f"<p>Corpus of {len(self)} documents</p>" + table.to_html(index=False, escape=True)


def _duplicate_id(doc_id, path=None):
    """The error for a second document with ``doc_id``: every table keys its rows by doc id, and measure ids start with it."""
    return PolicyCompareError(f"duplicate doc_id {doc_id!r}", path=path)


def _refuse_duplicate_ids(documents):
    """Refuse a list of documents that gives a doc id twice, as :class:`Corpus` refuses it.

    Examples
    --------
    >>> _refuse_duplicate_ids([load_document_from_text("一、总体要求", doc_id="a"), load_document_from_text("一、主要措施", doc_id="a")])
    Traceback (most recent call last):
    policycompare.errors.PolicyCompareError: duplicate doc_id 'a'
    """
    seen = set()
    for doc in documents:
        if doc.doc_id in seen:
            raise _duplicate_id(doc.doc_id)
        seen.add(doc.doc_id)


def documents_of(data, *, name="data"):
    """The documents of a Corpus, a Document or a list of Documents, as a list.

    Parameters
    ----------
    data : Corpus, Document or list of Document
    name : str, default="data"
        The caller's parameter name, for the error message.

    Raises
    ------
    TypeError
        For anything else, naming ``name`` and the type given.

    Examples
    --------
    >>> [d.doc_id for d in documents_of(load_corpus().subset(["huaxi", "anning"]))]
    ['huaxi', 'anning']
    >>> documents_of("花溪", name="corpus")
    Traceback (most recent call last):
    TypeError: corpus is a str; expected a Corpus, a Document or a list of Documents
    """
    if isinstance(data, Document):
        return [data]
    if isinstance(data, Corpus):
        return list(data)
    if isinstance(data, (list, tuple)) and all(isinstance(d, Document) for d in data):
        return list(data)
    raise TypeError(f"{name} is a {type(data).__name__}; expected a Corpus, a Document or a list of Documents")


def bundled_corpus_path():
    """The folder of the corpus that ships with the package."""
    return Path(str(resources.files("policycompare") / "data" / "corpus"))


def _read_manifest(path, folder):
    """The manifest as a table of str, checked; the line of the file each of its rows starts; and the key of each row's file.

    ``folder`` is the folder its ``source_file`` names are in. A row's key is
    that of :func:`_file_key`, None for a row without a file.
    """
    # Read like a plan: Excel on Chinese Windows saves CSV in GBK, not UTF-8.
    text, _ = read_text(path)
    _check_manifest_widths(text, path)
    try:
        manifest = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise PolicyCompareError(f"manifest is not a readable CSV ({str(err).splitlines()[0]})", path=path) from None
    lines = _record_lines(text)
    _check_own_columns(manifest.columns, path)
    missing = [c for c in REQUIRED_COLUMNS if c not in manifest.columns]
    if missing:
        raise PolicyCompareError(f"manifest lacks the required column {missing[0]!r}", path=path)
    # A space around a value is no part of it, in a file name as in an id (Excel keeps what was typed).
    for column in REQUIRED_COLUMNS:
        manifest[column] = manifest[column].str.strip()
    empty = manifest.index[manifest["doc_id"] == ""]
    if len(empty):
        raise PolicyCompareError(f"manifest line {lines[empty[0]]} has no doc_id", path=path)
    bad = manifest.index[~manifest["doc_id"].str.match(_DOC_ID)]
    if len(bad):
        raise PolicyCompareError(f"manifest line {lines[bad[0]]}: doc_id {manifest.loc[bad[0], 'doc_id']!r} may hold only letters, digits, '_', '-' and '.'", path=path)
    duplicated = manifest["doc_id"][manifest["doc_id"].duplicated()]
    if len(duplicated):
        raise PolicyCompareError(f"manifest holds the doc_id {duplicated.iloc[0]!r} twice", path=path)
    for column in MANIFEST_COLUMNS:
        if column not in manifest.columns:
            manifest[column] = ""
    _read_dates(manifest, path, lines=lines)
    keys = _check_one_document_a_text(manifest, lines, folder, path)
    return manifest, lines, keys


def _file_key(folder, source_file):
    """What names one file, however a manifest spells it (``h.txt``, ``./h.txt``, ``sub/../h.txt``, a link to it)."""
    path = Path(folder) / source_file
    real = _real_path(path)
    return os.path.normcase(real) if real is not None else str(path)


def _check_one_document_a_text(manifest, lines, folder, path):
    """Refuse a manifest that gives one text to two documents: one file (or one part of it) twice, or a file whole and a part of it.

    Two rows of one file name the same file however they spell it
    (``h.txt`` and ``./h.txt``). A file read whole holds the text of its
    parts: listed beside one of them, it would be read twice, and the
    warning of the parts the manifest leaves out would say they were not
    read. Returns the key (:func:`_file_key`) of each row's file, None for a
    row without one.
    """
    seen, whole, parted = {}, {}, {}
    keys = [_file_key(folder, name) if name else None for name in manifest["source_file"]]
    rows = manifest[["doc_id", "source_file", "part"]].itertuples(index=False)
    for i, ((doc_id, source_file, part), key) in enumerate(zip(rows, keys)):
        if key is None:
            continue  # refused when read, naming the row
        if (key, part) in seen:
            first = seen[(key, part)]
            what = f"part {part!r} of {manifest['source_file'].iloc[first]}" if part else f"{manifest['source_file'].iloc[first]} (without a part)"
            spelled = "" if source_file == manifest["source_file"].iloc[first] else f", as {source_file}"
            raise PolicyCompareError(f"manifest lists {what} for both {manifest['doc_id'].iloc[first]!r} (line {lines[first]}) and "
                                     f"{doc_id!r} (line {lines[i]}{spelled}); each document needs a file or part of its own", path=path)
        other = whole.get(key) if part else parted.get(key)
        if other is not None:
            file_row, part_row = (other, i) if part else (i, other)
            raise PolicyCompareError(
                f"manifest lists {manifest['source_file'].iloc[file_row]} whole for {manifest['doc_id'].iloc[file_row]!r} (line {lines[file_row]}) "
                f"and its part {manifest['part'].iloc[part_row]!r} for {manifest['doc_id'].iloc[part_row]!r} (line {lines[part_row]}): read whole, "
                "the file holds the text of its parts; list the file without parts, or each of its parts", path=path)
        seen[(key, part)] = i
        (parted if part else whole).setdefault(key, i)
    return keys


def _record_lines(text):
    """The line of a CSV text on which each record after the header starts, counted from 1 as the file's lines are.

    Blank lines are no records (pandas skips them), and a quoted value may
    run over several lines: messages name the line, as an editor shows it,
    not the record's place in the table.

    Examples
    --------
    >>> _record_lines('doc_id,source_file\\n\\na,a.txt\\nb,"b\\nc.txt"\\nd,d.txt\\n')
    [3, 4, 6]
    """
    reader = csv.reader(io.StringIO(text))
    starts, end = [], 0
    for row in reader:
        # A line of spaces is blank to pandas too (with one column; with more, _check_manifest_widths refuses it).
        if row and not (len(row) == 1 and not row[0].strip()):
            starts.append(end + 1)
        end = reader.line_num
    return starts[1:]


# A manifest's issue date as people write it: 2023-04-27, 2023/4/27 (Excel's), 2023.04.27, 2023年4月27日, 2023-04, 2023.
_MANIFEST_DATE = re.compile(r"([0-9]{4})[ 　]*(?:[-/.年][ 　]*([0-9]{1,2})[ 　]*(?:[-/.月][ 　]*([0-9]{1,2})[ 　]*日?|月)?)?[ 　]*年?")
# And the period a plan covers: 2023-2025, 2023—2025, 2023~2025, 2023年至2025年, 2023.
_MANIFEST_PERIOD = re.compile(r"([0-9]{4})[ 　]*年?(?:[ 　]*(?:[-—–－~～至到]+|——)[ 　]*([0-9]{4})[ 　]*年?)?")
# Or to the month: 2023年8月至2026年7月, 2023年8月至12月 (the end in the first's year), 2023年8月至2026年, and the
# tables' own form, 2023-08/2026-07.
_MANIFEST_MONTHS = re.compile(r"([0-9]{4})[ 　]*年(?:[ 　]*([0-9]{1,2})[ 　]*月)?[ 　]*(?:[-—–－~～至到]+|——)[ 　]*"
                              r"(?:([0-9]{4})[ 　]*年)?(?:[ 　]*([0-9]{1,2})[ 　]*月)?")
_MONTH_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})/([0-9]{4})-([0-9]{2})")
# Full-width digits (２０２３年) are read as ASCII ones (cleaning's _ASCII_DIGITS); other scripts' digits are no date.


def _in_gregorian_years(value):
    """A date or a span of years of the Republic of China calendar, written with its 民國, in Gregorian years, for the
    patterns above: 民國112年8月1日 → 2023年8月1日, 中華民國一一二年 → 2023年, 民國112至115年 → 2023年至2026年,
    民國112年8月至115年7月 → 2023年8月至2026年7月.

    Any other value is returned as it is: 112-08-01, without 民國, may be a year of the Republic or a slip, and
    民國500年 names no year of it (see annotations._roc_year).
    """
    # Imported here: annotations imports this module. Its patterns, so that a manifest reads a date as a plan's text does.
    from .annotations import _RANGE_TO, _ROC_DATE, _ROC_ERA, _ROC_MONTH, _ROC_PARTS, _ROC_YEAR, _S, _roc_year, _small_number

    if re.fullmatch(_ROC_DATE, value):
        year, month, day = _ROC_PARTS.match(value).groups()
        years, rest = [_roc_year(year)], "".join(f"{_small_number(n)}{mark}" for n, mark in ((month, "月"), (day, "日")) if n)
        return value if None in years else f"{years[0]}年{rest}"
    # A span, to the year or to the month: 民國112至115年, 民國112年8月至115年7月, 民國112年8月至12月 (the end in the
    # first's year), as extract_dates reads them.
    month = rf"(?:[{_S}]*({_ROC_MONTH})[{_S}]*月)"
    span = re.fullmatch(rf"{_ROC_ERA}[{_S}]*({_ROC_YEAR})[{_S}]*(?:年{month}?)?{_RANGE_TO}"
                        rf"(?:(?:{_ROC_ERA}[{_S}]*)?({_ROC_YEAR})[{_S}]*年)?{month}?", value)
    if span is None:
        return value
    first_year, first_month, last_year, last_month = span.groups()
    years = [_roc_year(year) for year in (first_year, last_year or first_year)]
    months = [month and _small_number(month) for month in (first_month, last_month)]
    if (last_year is None and not (first_month and last_month)) or None in years or any(
            month is not None and month not in range(1, 13) for month in months):
        return value
    first, last = (f"{year}年" + (f"{month}月" if month else "") for year, month in zip(years, months))
    return f"{first}至{last}"


def _school_years_of(value):
    """'2023-08/2027-07' for school years of the Republic of China, from August to July (112至115學年度), else None."""
    from .annotations import _SCHOOL_YEARS, _school_years

    years = _school_years(value) if re.fullmatch(_SCHOOL_YEARS, value) else None
    return "/".join(years) if years else None


def _period_of(value):
    """The period a manifest's value names: (its form in the tables, its first year or month, its last), or None.

    The first and last are both years (``2023``) or both months (``2023-08``), so that they compare as strings.

    Examples
    --------
    >>> _period_of("2023年至2025年"), _period_of("民國112年8月至115年7月")
    (('2023-2025', '2023', '2025'), ('2023-08/2026-07', '2023-08', '2026-07'))
    >>> _period_of("115至112學年度"), _period_of("2023年13月至2026年7月")
    (('2026-08/2024-07', '2026-08', '2024-07'), None)
    """
    school_years = _school_years_of(value)
    if school_years:
        return (school_years, *school_years.split("/"))
    value = _in_gregorian_years(value)
    years = _MANIFEST_PERIOD.fullmatch(value)
    if years:
        first, last = years.group(1), years.group(2) or years.group(1)
        return "-".join(part for part in years.groups() if part), first, last
    months = _MANIFEST_MONTHS.fullmatch(value) or _MONTH_PERIOD.fullmatch(value)
    if months is None:
        return None
    first_year, first_month, last_year, last_month = months.groups()
    # 2023年8月至2026年 ends with 2026's last month; 2023年至12月 and 2023年8月至 name no end.
    if (last_year is None and not (first_month and last_month)) or not (first_month or last_month):
        return None
    first_month, last_month = int(first_month or 1), int(last_month or 12)
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12):
        return None
    first, last = f"{first_year}-{first_month:02d}", f"{last_year or first_year}-{last_month:02d}"
    return f"{first}/{last}", first, last


def _read_dates(manifest, path, *, lines=None):
    """Write the manifest's ``date`` and ``period`` in the forms the tables and the timeline read (2023-04-27, 2023-2025).

    The common forms are read (``2023/4/27``, ``2023年4月27日``, ``2023年至2025年``),
    and so are the dates and years of the Republic of China calendar that
    Taiwan's documents write, with their 民國 (``民國112年8月1日`` →
    ``2023-08-01``, ``民國112年至115年`` → ``2023-2026``), and its school
    years, from August to July (``112至115學年度`` → ``2023-08/2027-07``). A
    period given to the month is written to the month (``2023年8月至2026年7月``
    and ``民國112年8月至115年7月`` → ``2023-08/2026-07``). A value of no such
    form (``112-08-01``, which may be a year of the Republic or a slip), and a
    period that ends before it starts (``115至112學年度``), are left as
    written, and a warning names each, with the line of the file (``lines``,
    by row; by default the line of a file without blank lines): the timeline
    then leaves it out.

    >>> manifest = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2023/4/27", "民國112年5月"], "period": ["2023年至2025年", "112學年度"]})
    >>> _read_dates(manifest, "manifest.csv")
    >>> manifest[["date", "period"]].values.tolist()
    [['2023-04-27', '2023-2025'], ['2023-05', '2023-08/2024-07']]
    """
    import datetime

    lines = range(2, len(manifest) + 2) if lines is None else lines
    for row, line in zip(manifest.itertuples(), lines):
        date, period = (str(value).strip().translate(_ASCII_DIGITS) for value in (row.date, row.period))
        match = _MANIFEST_DATE.fullmatch(_in_gregorian_years(date))
        if match:
            year, month, day = match.groups()
            try:
                datetime.date(int(year), int(month or 1), int(day or 1))
            except ValueError:
                match = None
            else:
                manifest.at[row.Index, "date"] = "-".join([year] + [f"{int(part):02d}" for part in (month, day) if part])
        if date and not match:
            warn(f"manifest line {line} ({row.doc_id!r}): date {date!r} is no date of the forms YYYY, YYYY-MM or "
                 "YYYY-MM-DD (2023/4/27 and 2023年4月27日 are read too, and a date of the Republic of China with its 民國: "
                 "民國112年4月27日); it is kept as written, and the timeline leaves it out", path=path)
        found = _period_of(period) if period else None
        if found is not None and found[2] >= found[1]:
            manifest.at[row.Index, "period"] = found[0]
        elif found is not None:
            # Written as read (2026-08/2024-07), the timeline would refuse it, and a report leave it out unsaid.
            warn(f"manifest line {line} ({row.doc_id!r}): period {period!r} ends before it starts ({found[1]} to "
                 f"{found[2]}); it is kept as written, and the timeline leaves it out", path=path)
        elif period:
            warn(f"manifest line {line} ({row.doc_id!r}): period {period!r} is no span of years of the form YYYY-YYYY "
                 "(2023年至2025年 and 2023年8月至2025年7月 are read too, and years of the Republic of China with their 民國 or "
                 "學年度: 民國112年至114年, 民國112年8月至114年7月, 112至114學年度); it is kept as written, and the timeline leaves it out",
                 path=path)


def _check_own_columns(columns, path):
    """Refuse a manifest column of the user's own that would be taken for another: a misspelt manifest column, or one
    the documents table computes. Others (a region group, a plan type) are kept as metadata and in the documents table.
    """
    import difflib

    for column in columns:
        if column in MANIFEST_COLUMNS:
            continue
        if column in COMPUTED_COLUMNS:
            raise PolicyCompareError(f"manifest column {column!r} is computed from the plans (documents table: "
                                     f"{', '.join(COMPUTED_COLUMNS)}); rename the column", path=path)
        close = difflib.get_close_matches(column, MANIFEST_COLUMNS, n=1, cutoff=0.8)
        if close:
            raise PolicyCompareError(f"manifest column {column!r} is not {close[0]!r}; correct its name, or rename a column "
                                     f"of your own so that it is not taken for one of: {', '.join(MANIFEST_COLUMNS)}", path=path)


def _check_manifest_widths(text, path):
    """Refuse header cells without a name or named twice, rows with more cells than the header, and rows of one cell.

    pandas would read a row with more cells than the header by taking its
    first cells as the index, so every value would land one column over.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = next((row for row in reader if row), [])  # blank lines are skipped, as pandas does
        separator = re.search("[;\t]", header[0]) if len(header) == 1 else None
        if separator:
            # Excel saves "CSV" with semicolons where the decimal mark is a comma; a tab is a copy out of a sheet.
            raise PolicyCompareError(f"manifest must be comma-separated, but its header line is separated by "
                                     f"{'semicolons' if separator.group() == ';' else 'tabs'}; save it as CSV with commas", path=path)
        empty = [k for k, name in enumerate(header, start=1) if not name.strip()]
        if empty:
            raise PolicyCompareError(f"manifest column {empty[0]} has no name in the header line; name it or delete the column", path=path)
        names = [name.strip() for name in header]
        twice = [name for k, name in enumerate(names) if name in names[:k]]
        if twice:
            raise PolicyCompareError(f"manifest has the column {twice[0]!r} twice; keep one", path=path)
        end = reader.line_num
        for row in reader:
            # Named by the line it starts on, as every message about a manifest's row is (_record_lines).
            line, end = end + 1, reader.line_num
            if len(row) > len(header):
                raise PolicyCompareError(f"manifest line {line} has {len(row)} cells but the header has {len(header)}; put a value that holds a comma in double quotes", path=path)
            if row and len(row) < min(2, len(header)):
                # A row of one cell names no file: a line broken inside a value, or a value without its commas.
                raise PolicyCompareError(f"manifest line {line} has {len(row)} cell but the header has {len(header)}; give each row doc_id and source_file", path=path)
    except csv.Error as err:
        raise PolicyCompareError(f"manifest is not a readable CSV ({err})", path=path) from None


def _clean_leaving_out(raw, left_out, **options):
    """:func:`~policycompare.cleaning.clean_text` of ``raw`` without the spans ``left_out``, each dropped with its reason.

    ``left_out`` holds ``(start, end, reason)`` spans at the start and the
    end of ``raw`` (a compilation's parts that the manifest leaves out, and
    the preamble before them): the text between them is cleaned as if it
    were all of ``raw``, so that a part reads the same whatever other parts
    the manifest lists, and each span is an edit of the record.

    Examples
    --------
    >>> cleaned = _clean_leaving_out("篇一:甲\\n一、总体要求\\n篇二:乙\\n", [(12, 17, "compilation part not in the manifest: 篇二")])
    >>> cleaned.text, [(e.start, e.end, e.reason) for e in cleaned.edits]
    ('篇一:甲\\n一、总体要求\\n', [(12, 17, 'compilation part not in the manifest: 篇二')])
    """
    if not left_out:
        return clean_text(raw, **options)
    kept = np.ones(len(raw), dtype=bool)
    for start, end, _ in left_out:
        kept[start:end] = False
    first = int(np.argmax(kept))
    last = len(raw) - int(np.argmax(kept[::-1]))
    options["preamble_end"] = max(0, options.get("preamble_end", 0) - first)
    cleaned = clean_text(raw[first:last], **options)

    def moved(edit):
        return Edit(edit.start + first, edit.end + first, edit.reason, edit.replacement)

    # Sorted by (start, end), as cleaning sorts: an insertion at the kept text's end goes before a span left out after it.
    edits = sorted([Edit(start, end, reason) for start, end, reason in left_out] + [moved(edit) for edit in cleaned.edits],
                   key=lambda e: (e.start, e.end))
    text, offsets = apply_edits(raw, edits)
    return CleanText(text, offsets, tuple(edits), cleaned.header, tuple(moved(edit) for edit in cleaned.header_edits))


# The numerals of a part's marker (篇一, 附件2, 第三部分, 篇貳): another number in their place marks another part.
_PART_NUMERALS = ("一二三四五六七八九十百零〇两兩", "0-9０-９", CAPITAL_NUMERALS)
_UNLISTED_REASON = "compilation part not in the manifest: {}"
# A line break as cleaning reads one: "\n", "\r\n", a lone "\r", Unicode's line and paragraph separators, NEL and
# Word's vertical tab. A part's marker starts a line after any of them, and after spaces and the invisible
# characters cleaning drops (a zero-width space copied before 篇三), as cleaning's text shows it.
_LINE_BREAK = re.compile("\r\n|[\n\r" + "".join(LINE_SEPARATORS) + "]")
_MARKER_BLANK = re.compile(f"[ \\t\u3000\f{_INVISIBLE_CHARACTERS}]")


def _marker_lines(raw, marker):
    """``(offset, marker)`` of each line of ``raw`` that starts with ``marker`` (a pattern) and a colon after it (篇一:, 篇一：).

    The offset is the line's start, before any spaces and invisible characters there.
    """
    # Found by the marker, whose first characters the regex engine looks for, then checked for a line start before it:
    # a pattern that starts with the line start tries every offset of the text.
    found = []
    for match in re.finditer(f"({marker}){_MARKER_BLANK.pattern}*[:：]", raw):
        start = match.start()
        while start > 0 and _MARKER_BLANK.match(raw[start - 1]):
            start -= 1
        if start == 0 or _LINE_BREAK.match(raw[start - 1]):
            found.append((start, match.group(1)))
    return found


def _marker_pattern(part):
    """The pattern of a manifest's part marker, with any invisible characters between its characters.

    Examples
    --------
    >>> _marker_lines("目录\\r\\u200b篇\\ufeff一：甲\\u2028篇一:乙\\n又见篇一:", _marker_pattern("篇一"))
    [(3, '篇\\ufeff一'), (10, '篇一')]
    """
    return f"[{_INVISIBLE_CHARACTERS}]*".join(map(re.escape, part))


def _line_ends(raw):
    """The offsets in ``raw`` where its lines end: "\\n", a lone "\\r" (an old Mac file) or a separator cleaning makes "\\n" of."""
    codes = np.frombuffer(raw.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    lone_cr = (codes == 13) & np.append(codes[1:] != 10, True)
    return np.flatnonzero((codes == 10) | lone_cr | np.isin(codes, [ord(char) for char in LINE_SEPARATORS]))


def _line_counter(raw):
    """A function from an offset in ``raw`` to its line, counted from 1, the lines as cleaning reads them (see :func:`_line_ends`).

    Examples
    --------
    >>> line = _line_counter("甲\\r\\n乙\\r丙\\u2028丁")
    >>> [line(offset) for offset in (0, 3, 5, 7)]
    [1, 2, 3, 4]
    """
    ends = _line_ends(raw)
    return lambda offset: int(np.searchsorted(ends, offset, side="left")) + 1


def _part_family(marker):
    """A pattern of the markers of other parts of a compilation, after one of its markers: its number made any number.

    None for a marker without a number, or that is only one (a compilation
    numbered 1, 2, 3 has lines that start so in its parts' text too).

    Examples
    --------
    >>> _part_family("篇二"), _part_family("附件2"), _part_family("甲方案"), _part_family("2")
    ('篇[一二三四五六七八九十百零〇两兩]+', '附件[0-9０-９]+', None, None)
    """
    numbered = _numbered_part(marker)
    return numbered and numbered[0]


def _numbered_part(marker):
    """``(family, number)`` of a part's marker: the pattern of its family (see :func:`_part_family`) and its number's value.

    Examples
    --------
    >>> _numbered_part("附件３"), _numbered_part("篇十二"), _numbered_part("甲方案")
    (('附件[0-9０-９]+', 3), ('篇[一二三四五六七八九十百零〇两兩]+', 12), None)
    """
    from .structure import _cn_value  # structure imports this module; its numerals are the outline's

    for numerals in _PART_NUMERALS:
        number = re.search(f"[{numerals}]+", marker)
        if number and (number.start() > 0 or number.end() < len(marker)):
            family = re.escape(marker[:number.start()]) + f"[{numerals}]+" + re.escape(marker[number.end():])
            return family, _cn_value(number.group())
    return None


def _unlisted_parts(raw, found):
    """The lines that start a part the manifest does not list, ``{marker: [offsets]}``: markers like the listed ones
    (``found``, by marker), with another number (篇二 among 篇一 and 篇三), at a line's start before a colon."""
    families = list(dict.fromkeys(family for family in map(_part_family, (part.strip() for part in found)) if family))
    if not families:
        return {}
    markers = {part.strip() for part in found}
    taken = {offset for offsets in found.values() for offset in offsets}
    others = {}
    for start, marker in _marker_lines(raw, "|".join(families)):
        if marker not in markers and start not in taken:
            others.setdefault(marker, []).append(start)
    return others


def _part_spans(raw, parts, path, manifest="manifest.csv"):
    """Each compilation part's ``(start, end, preamble_end, left_out)`` in ``raw``: from its marker line (篇一:…) to the next part's.

    The first part also holds the preamble before its marker, which
    cleaning drops with a record (``preamble_end``), so that the parts hold
    every character of the file. A part the manifest leaves out (a line
    that starts with a marker like the listed ones, 篇二 among 篇一 and 篇三,
    outside a contents list) is named in a warning and is no listed part's
    text: it is in the span of the part before it (or, before the first, of
    the first), which ``left_out`` drops with a record, ``(start, end,
    reason)`` each; the preamble before a part left out is one of those
    spans too. A marker whose number comes after every listed one of its
    kind (附件3 after 附件1 and 附件2) on a line before the last listed one's
    is read as an annex of the listed part it is in, as such a part's own
    附件3：重点任务分工表 is: it stays in that part's text, and a warning names
    it (see :func:`_annexes_of_parts`). After the last listed one's line
    (篇三 and 篇四 after 篇二) it is a part left out, as the others are.
    """
    found = {}
    for part in parts:
        found[part] = [start for start, _ in _marker_lines(raw, _marker_pattern(part))]
        if not found[part]:
            raise PolicyCompareError(f"part marker {part!r} (from the manifest) not found at the start of a line", path=path)
    line = _line_counter(raw)
    first = {}
    for part, offsets in found.items():
        for offset in offsets:
            other = first.setdefault(offset, part)
            if other != part:
                # 篇一 and "篇一 " both start "篇一 :": one of the two parts would be empty.
                raise PolicyCompareError(f"part markers {other!r} and {part!r} (from the manifest) both start line {line(offset)}; "
                                         "give each part a marker of its own", path=path)
    others = _unlisted_parts(raw, found)
    # A contents list may list the parts the manifest leaves out too.
    listing = _contents_lines(raw, {**found, **others})
    starts = _part_starts(raw, found, path, listing, line=line)
    unlisted = sorted((offset, part) for part, offsets in others.items() for offset in offsets if offset not in listing)
    unlisted, annexes = _annexes_of_parts(unlisted, starts)
    for offset, part, holder, last in annexes:
        warn(f"{part} (line {line(offset)}) is read as part of {holder.strip()}, the part before it: its number "
             f"comes after that of the last part of its kind in {manifest} ({last.strip()}); list it in {manifest} if it is a plan of its own",
             path=path)
    if unlisted:
        one = len(unlisted) == 1
        names = [f"{part} (line {line(offset)})" for offset, part in unlisted]
        warn(f"{'part' if one else 'parts'} {listed(names)} {'is' if one else 'are'} not in {manifest} and {'was' if one else 'were'} not read "
             f"({'its' if one else 'their'} text is in the cleaning record as a compilation part not in the manifest); "
             f"add {'it' if one else 'them'} to the manifest", path=path)
    order = sorted(starts, key=starts.get)
    # Each part left out runs to the next part's marker, listed or not.
    boundaries = sorted([starts[part] for part in order] + [offset for offset, _ in unlisted]) + [len(raw)]
    left_out = [(offset, boundaries[bisect.bisect_right(boundaries, offset)], _UNLISTED_REASON.format(part)) for offset, part in unlisted]
    spans = {}
    for i, part in enumerate(order):
        start, end = (0 if i == 0 else starts[part]), (starts[order[i + 1]] if i + 1 < len(order) else len(raw))
        dropped = left_out[bisect.bisect_left(left_out, (start,)):bisect.bisect_left(left_out, (end,))]
        preamble_end = starts[part] if i == 0 else 0
        if dropped and dropped[0][0] < starts[part]:
            # Parts left out before the first listed one: the preamble is a span of its own before them.
            if dropped[0][0] > 0:
                dropped.insert(0, (0, dropped[0][0], "compilation preamble"))
            preamble_end = 0
        spans[part] = (start, end, preamble_end, tuple(dropped))
    return spans


def _annexes_of_parts(unlisted, starts):
    """Split the ``(offset, marker)`` of the parts a manifest leaves out into those left out and the annexes of listed parts.

    A marker whose number comes after that of every listed part of its
    family (附件3 after 附件1 and 附件2), on a line before that of the last
    listed part (the one of the highest number), is out of sequence: no part
    the manifest left out but, as a plan's own annex often is
    (附件3：重点任务分工表 in 附件1's text, before 附件2), part of the listed
    part it is in. Returned as ``(offset, marker, that part, the last listed
    part of its family)``. Such a marker after the last listed part's line
    is in sequence, the next plan of the file (篇三 and 篇四 after 篇二): it is
    left out, as is one before the first listed part's line or in the text
    of a part left out (``starts`` holds where each listed part starts).

    Examples
    --------
    >>> _annexes_of_parts([(40, "附件3"), (90, "附件4")], {"附件1": 10, "附件2": 60})
    ([(90, '附件4')], [(40, '附件3', '附件1', '附件2')])
    >>> _annexes_of_parts([(5, "附件4"), (40, "附件2")], {"附件1": 10, "附件3": 60})
    ([(5, '附件4'), (40, '附件2')], [])
    """
    last = {}
    for part in starts:
        numbered = _numbered_part(part.strip())
        if numbered and numbered[1] >= last.get(numbered[0], ("", -1))[1]:
            last[numbered[0]] = (part, numbered[1])
    order = sorted(starts, key=starts.get)
    annexes, left_out = {}, []
    for offset, part in unlisted:
        numbered = _numbered_part(part)
        before = [p for p in order if starts[p] <= offset]
        # Only out of sequence, before the last listed part's line: after it, the parts a file prints after those listed
        # (篇三 and 篇四 after 篇一 and 篇二) would all be read into the last one.
        if (numbered and numbered[0] in last and numbered[1] > last[numbered[0]][1] and before
                and offset < starts[last[numbered[0]][0]]):
            annexes[offset] = (offset, part, before[-1], last[numbered[0]][0])
        else:
            left_out.append((offset, part))
    # A part left out runs to the next part's marker, listed or left out: an annex in its text is left out with it.
    boundaries = sorted([*starts.values(), *(offset for offset, _ in left_out)])
    for offset in list(annexes):
        previous = boundaries[bisect.bisect_right(boundaries, offset) - 1]
        if previous not in starts.values():
            left_out.append(annexes.pop(offset)[:2])
    return sorted(left_out), list(annexes.values())


def _leaves_folder(source_file):
    """Whether a manifest's ``source_file`` leads out of the manifest's folder (``/etc/hostname``, ``../other.txt``).

    Judged by the name alone, whatever path the folder was given by (``.``,
    ``plans/../plans``, a link to it), and without following links: a
    subfolder that is a link to an archive elsewhere is the folder's own, and
    a manifest may name its files.

    Examples
    --------
    >>> _leaves_folder("2023/huaxi.txt"), _leaves_folder("2023/../huaxi.txt"), _leaves_folder("../huaxi.txt"), _leaves_folder("/etc/hostname")
    (False, False, True, True)
    """
    name = Path(source_file)
    return name.is_absolute() or bool(name.drive or name.root) or os.path.normpath(name).split(os.sep)[0] == os.pardir


def _part_starts(raw, found, path, listing, *, line):
    """Where each part starts, given the offsets of the lines its marker starts (``found``, by part).

    A compilation's preamble often lists its parts (目录 / 篇一:… / 篇二:…), so
    a marker can start more than one line. Lines of a contents list (two or
    more marker lines of different parts with only blank lines between) are
    passed over; of the rest, each part takes the last line that keeps the
    parts in the order their first lines come in, and the lines it passes
    over are named in a warning, as is a part whose marker starts only a
    line of a contents list. No two parts' markers start the same line, and
    parts whose markers start only the lines of a contents list are refused:
    each would be its contents line, the last one every plan's text.
    """
    if listing and all(offset in listing for offsets in found.values() for offset in offsets):
        first, last = min(listing), max(listing)
        raise PolicyCompareError(f"part markers {', '.join(map(repr, found))} (from the manifest) start only the lines of a contents list "
                                 f"(lines {line(first)}–{line(last)}), not their parts' text; put each marker, with its colon "
                                 f"({next(iter(found))}:), at the start of its part's first line", path=path)
    if all(len(offsets) == 1 for offsets in found.values()) and not listing:
        return {part: offsets[0] for part, offsets in found.items()}
    candidates = {part: [s for s in offsets if s not in listing] or offsets for part, offsets in found.items()}
    starts, limit = {}, len(raw) + 1
    # From the last part back: a part's first line comes before the next part's first line, so it has a line before
    # wherever that part is taken to start.
    for part in sorted(candidates, key=lambda p: candidates[p][0], reverse=True):
        starts[part] = limit = max(s for s in candidates[part] if s < limit)
    for part in found:
        if len(candidates[part]) > 1:
            numbers = [str(line(s)) for s in candidates[part]]
            warn(f"part marker {part!r} starts lines {', '.join(numbers[:-1])} and {numbers[-1]}, outside a contents list; the part is taken to start at line "
                 f"{line(starts[part])}, the last that keeps the parts in order: check that the other lines start no part", path=path)
        elif starts[part] in listing and any(starts[p] not in listing for p in found):
            warn(f"part marker {part!r} starts only line {line(starts[part])}, a line of a contents list, not the text of its part; "
                 "put the marker at the start of the part's first line", path=path)
    return starts


def _contents_lines(raw, found):
    """Offsets of the marker lines that make a contents list: two or more, of different parts, with only blank lines between."""
    lines = sorted((offset, part) for part, offsets in found.items() for offset in offsets)
    runs, run = [], []
    for offset, part in lines:
        if run:
            end = _LINE_BREAK.search(raw, run[-1][0])
            if end is None or _INVISIBLE.sub("", raw[end.start():offset]).strip() or part in {p for _, p in run}:
                runs.append(run)
                run = []
        run.append((offset, part))
    runs.append(run)
    return {offset for run in runs if len(run) > 1 for offset, _ in run}


def _with_converted_places(metadata, converter):
    """A copy of ``metadata`` with the place names of :data:`_PLACE_FIELDS` converted by ``converter`` (None: as given).

    Examples
    --------
    >>> _with_converted_places({"region_zh": "花蓮縣", "issuer": "花蓮縣政府"}, check_conversion("t2s"))
    {'region_zh': '花莲县', 'issuer': '花蓮縣政府'}
    """
    if converter is None:
        return dict(metadata)
    return {key: converter(value) if key in _PLACE_FIELDS and isinstance(value, str) else value for key, value in metadata.items()}


def _load_with_manifest(folder, manifest_path, convert, *, only=None):
    """The documents a manifest lists, in its order; with ``only`` (a file), those of that file alone (its parts)."""
    manifest, lines, keys = _read_manifest(manifest_path, folder)
    converter = check_conversion(convert)
    documents, sources, spans = [], {}, {}
    manifest_key = _file_key(manifest_path.parent, manifest_path.name)
    only_key = None if only is None else _file_key(Path(only).parent, Path(only).name)
    for row, line, key in zip(manifest.to_dict("records"), lines, keys):
        source = folder / row["source_file"]
        if only is not None and (key is None or key != only_key):
            continue
        if row["source_file"] and _leaves_folder(row["source_file"]):
            # The manifest describes its folder: a path out of it (/etc/…, ../other) reads files nobody put there.
            raise PolicyCompareError(f"manifest names {row['source_file']!r} for {row['doc_id']!r}, outside the manifest's "
                                     "folder; put the file in the folder (or a subfolder) and name it from there", path=manifest_path)
        if key is not None and key == manifest_key:
            raise PolicyCompareError(f"manifest line {line} names {row['source_file']!r}, the manifest itself, for {row['doc_id']!r}: "
                                     "a manifest is no plan; name the plan's file", path=manifest_path)
        if not row["source_file"] or not source.is_file():
            if source.is_symlink():
                _check_exists(source)  # a link that leads nowhere or back to itself says so, naming the link
            where = ("there is no such file" + _other_case_of(row["source_file"], source) if not row["source_file"] or not source.exists()
                     else f"it is {_what_is(source)}, not a file")
            raise PolicyCompareError(f"manifest names {row['source_file']!r} for {row['doc_id']!r}, but {where}", path=manifest_path)
        if source not in sources:
            sources[source] = read_text(source)
        raw_file, encoding = sources[source]
        start, end, preamble_end = 0, len(raw_file), 0
        if row["part"]:
            if key not in spans:
                # Once for the file, not for each of its parts: it warns of what it finds in the file.
                parts = [part for part, other in zip(manifest["part"], keys) if other == key and part]
                spans[key] = _part_spans(raw_file, parts, source, manifest_path.name)
            start, end, preamble_end, left_out = spans[key][row["part"]]
        else:
            left_out = ()
        try:
            corrections = parse_corrections(row["corrections"])
        except ValueError as err:
            raise PolicyCompareError(f"{row['doc_id']}: {err}", path=manifest_path) from None
        line_breaks = row["line_breaks"] or "auto"
        if line_breaks not in ("auto", "join", "keep"):
            raise PolicyCompareError(f"{row['doc_id']}: line_breaks is {line_breaks!r}; allowed: auto, join, keep", path=manifest_path)
        raw = raw_file[start:end]
        cleaned = _clean_leaving_out(raw, [(a - start, b - start, reason) for a, b, reason in left_out], corrections=corrections,
                                     line_breaks=_line_breaks_of(line_breaks, encoding), preamble_end=preamble_end, convert=convert,
                                     markdown=source.suffix.lower() == ".md")
        metadata = _with_converted_places(dict(row), converter)
        if cleaned.header:
            metadata["header"] = cleaned.header
        if not cleaned.text.strip():
            raise PolicyCompareError(f"document {row['doc_id']!r} has no text left after cleaning", path=source)
        _warn_about_script(cleaned.text, convert, _message_path(source, row["doc_id"], part=bool(row["part"])))
        _warn_of_idle_corrections(corrections, cleaned, row["doc_id"], line, manifest_path)
        documents.append(Document(row["doc_id"], cleaned.text, raw, metadata, cleaned.raw_offsets, cleaned.edits, str(source), start, encoding, cleaned.header_edits))
    return documents


def _warn_of_idle_corrections(corrections, cleaned, doc_id, line, manifest_path):
    """Warn of each declared correction that changed nothing in a document's text or header: a typo, or a wrong file."""
    reasons = [edit.reason for edit in (*cleaned.edits, *cleaned.header_edits)]
    for wrong, right in corrections:
        # The reason, as cleaning writes it, and what may follow it (a conversion, "(header metadata)").
        reason = f"declared correction: {wrong} → {right}"
        if not any(found == reason or found.startswith(f"{reason} (") for found in reasons):
            warn(f"manifest line {line} ({doc_id!r}): correction {wrong}=>{right} changed nothing: {wrong!r} is not in the "
                 "plan's text or header; correct it or delete it", path=manifest_path, stacklevel=4)


def _other_case_of(name, source):
    """`` (did you mean '…'?)`` when the folder of ``source`` holds a file whose name differs from its name only in case.

    Examples
    --------
    >>> _other_case_of("HUAXI.TXT", bundled_corpus_path() / "HUAXI.TXT"), _other_case_of("none.txt", bundled_corpus_path() / "none.txt")
    (" (did you mean 'huaxi.txt'?)", '')
    """
    if not name:
        return ""
    try:
        names = sorted(os.listdir(source.parent))
    except (OSError, ValueError):
        return ""
    same = [other for other in names if other != source.name and other.casefold() == source.name.casefold()]
    if not same:
        return ""
    return f" (did you mean {Path(name).with_name(same[0]).as_posix()!r}?)"


def _what_is(path):
    """What a path that exists but is no regular file is, for a message."""
    return "a folder" if path.is_dir() else "a named pipe, socket or device"


def _is_document(path, manifest_path=None):
    """Not the manifest, a readme, a hidden file, the lock file of an office program (~$plan.docx, ._plan.txt) or a page of our reports."""
    return (path != manifest_path and not path.name.startswith((".", "~$")) and path.name.lower() != "readme.md"
            and not _is_our_page(path))


# The titles of the pages this package wrote before they carried the generator tag.
_OUR_OLD_TITLES = re.compile(rb"<title>(?:policycompare report|Draft check: [^<]*)</title>")


def _is_our_page(path):
    """A report or draft check this package wrote: its page carries a generator tag, or an earlier version's title."""
    if path.suffix.lower() not in WEBPAGE_SUFFIXES or not path.is_file():
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False  # read (and refused with the reason) as a plan
    return GENERATOR_TAG.encode("ascii") in head or bool(_OUR_OLD_TITLES.search(head))


def _is_plan_file(path, manifest_path=None):
    """A file (or a link that leads nowhere, refused when read) with a plan's suffix, not a readme, hidden or lock file."""
    return ((path.is_file() or path.is_symlink() and not path.exists()) and path.suffix.lower() in READABLE_SUFFIXES
            and _is_document(path, manifest_path))


def _plans_in_subfolders(folder, entries):
    """Plan files below the subfolders among a folder's ``entries``, which only a manifest can name.

    A subfolder that is a link is looked into (a manifest can name its files)
    unless it leads back to the folder or above it; links further down are
    not followed.
    """
    found = []
    here = folder.resolve()
    for top in (p for p in entries if p.is_dir() and not p.name.startswith(".")):
        if top.is_symlink() and here.is_relative_to(top.resolve()):
            continue
        for root, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [Path(root, name) for name in sorted(names) if _is_plan_file(Path(root, name))]
    return found


def load_corpus(path=None, *, manifest=DEFAULT_MANIFEST, convert=None, drafts=()):
    """Load a corpus of plans.

    Parameters
    ----------
    path : str or os.PathLike, default=None
        A folder of plan files; ``None`` loads the bundled corpus of 14 plans.
        One plan file is read as its folder's manifest reads it: its
        documents (each part of a compilation) with their metadata and
        corrections; a file the manifest does not list is read alone, with a
        warning, and so is a file of a folder without a manifest. A ``.csv``
        file (a manifest) is refused: give its folder.
    manifest : str, default="manifest.csv"
        Name of the manifest inside the folder, a CSV in any encoding a plan
        may have. Without one, each ``.txt``, ``.md``, ``.docx``, ``.pdf`` or ``.html`` file is a
        document with its name without that suffix as id.
    convert : {None, "t2s", "hk2s", "tw2s"}, default=None
        ``"t2s"`` converts traditional characters to simplified ones with
        OpenCC (``pip install policycompare[traditional]``); ``"hk2s"`` and
        ``"tw2s"`` read the forms of Hong Kong (衞生) and Taiwan (著重) too.
        Each converted stretch is in the cleaning record, and offsets still
        map to the raw text. The manifest's place names (``region_zh``,
        ``place``, ``province``, ``title``) are converted too, so that they are
        the names the converted text holds, and are masked in it; its other
        columns are kept as written.
    drafts : list of str or os.PathLike, default=()
        Files of drafts saved in the folder, which are no plans of it: a
        manifest that does not list one draws no warning for it (a file the
        manifest lists is read as listed, and a folder without a manifest
        reads every plan file; :func:`~policycompare.drafting.compare_draft`
        leaves the draft's own file out of its peers). ``policycompare draft``
        passes its draft.

    Returns
    -------
    Corpus
        Its ``read_warnings`` hold what reading the plans warned of, for a
        report to show.

    Raises
    ------
    PolicyCompareError
        If the folder is missing or holds no plan (or a plan file is a
        symbolic link that leads nowhere), or a ``manifest`` other
        than ``manifest.csv`` is named but missing, or the manifest is invalid
        (not comma-separated, unknown or unnamed columns, rows longer than
        the header, duplicate ids, missing files: a file named in another
        case is named), naming its line where the fault is a row's, or a
        file is unreadable, or ``path`` is a ``.csv`` file, or ``convert`` is
        given and the ``opencc`` package is not installed.
    TypeError
        If ``drafts`` is not a list of paths (one path as a str).

    Warns
    -----
    PolicyCompareWarning
        If the folder holds ``.doc`` or ``.wps`` files (not read),
        if a manifest leaves out ``.txt``, ``.md``, ``.docx``, ``.pdf`` or ``.html`` files of the
        folder or its subfolders, or there is no manifest to name the plan
        files in subfolders (not read), or if a plan does not look like a
        Chinese plan (no Chinese characters, few among many letters, or much
        Japanese kana), or is written in traditional characters
        and ``convert`` is not given; if a manifest's date or period is of
        no form it reads, or a manifest's correction changes nothing in its
        plan (naming the line); if ``path`` is a file its folder's manifest
        does not list. Hidden files and office lock files
        (``~$plan.docx``) are not plans and are passed over.
    ValueError
        If ``convert`` is not ``None`` or one of ``"t2s"``, ``"hk2s"``, ``"tw2s"``.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> len(corpus), corpus.doc_ids[:4]
    (14, ['huaxi', 'yinchuan', 'anning', 'qixing'])
    >>> corpus["yinchuan"].text.count("必威体育")
    0
    """
    # One path as a str would be taken for a list of its characters.
    if isinstance(drafts, (str, bytes, os.PathLike)) or not hasattr(drafts, "__iter__"):
        raise TypeError(f"drafts must be a list of file paths such as ['草案.txt'], not {drafts!r}")
    drafts = list(drafts)
    if not all(isinstance(p, (str, os.PathLike)) for p in drafts):
        raise TypeError(f"drafts must be a list of file paths such as ['草案.txt'], not {drafts!r}")
    with kept_warnings() as kept:
        corpus = _read_corpus(path, manifest=manifest, convert=convert, drafts=drafts)
    # Set here, not by making the corpus again, which would warn again of ids that differ only in case.
    corpus._read_warnings = tuple(kept.placed())
    return corpus


def _read_corpus(path, *, manifest, convert, drafts=()):
    """:func:`load_corpus` without the record of its warnings."""
    check_conversion(convert)
    folder = bundled_corpus_path() if path is None else Path(path)
    # A path named like a plan file (plan.txt) is a missing file; anything else a missing folder.
    _check_exists(folder, missing="no such file" if folder.suffix.lower() in (*READABLE_SUFFIXES, *UNREAD_SUFFIXES) else "no such folder")
    one_file = None
    if folder.is_file():
        one_file, folder = folder, folder.parent
        if one_file.name == manifest:
            raise PolicyCompareError(f"this is a manifest, not a plan: give its folder ({folder}) to read the plans it lists", path=one_file)
        if one_file.suffix.lower() == ".csv":
            raise PolicyCompareError(f"a .csv file is a table, not a plan: give the folder of plans (its {manifest} is read as "
                                     "the manifest)", path=one_file)
    manifest_path = folder / manifest
    if (manifest_path.is_symlink() or manifest_path.exists()) and not manifest_path.is_file():
        # Else it would be taken for a missing manifest, or for a look-alike of its own name.
        _check_exists(manifest_path)
        raise PolicyCompareError(f"the manifest is {_what_is(manifest_path)}, not a file", path=manifest_path)
    if manifest != DEFAULT_MANIFEST and not manifest_path.is_file():
        raise PolicyCompareError(f"no manifest {manifest!r} in the folder", path=folder)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        if one_file is None:
            raise
        entries = []  # a folder one may read files of but not list: no look-alike of a manifest can be seen
    if manifest == DEFAULT_MANIFEST and not manifest_path.is_file():
        # Manifest.csv is read as the manifest on Windows and macOS but not here; manifest.csv.txt (Windows hiding
        # the suffix) would be read as a plan.
        lookalike = [p for p in entries if p.name.casefold() in (DEFAULT_MANIFEST, f"{DEFAULT_MANIFEST}.txt")]
        if lookalike:
            raise PolicyCompareError(f"{lookalike[0].name} is not read as the manifest; rename it {DEFAULT_MANIFEST}", path=folder)
    if one_file is not None:
        return _read_one_file(one_file, folder, manifest_path, convert)
    # A link that leads nowhere is listed too, so that reading it says so rather than passing it over.
    files = [p for p in entries if _is_plan_file(p, manifest_path)]
    unread = [p.name for p in entries if p.is_file() and p.suffix.lower() in UNREAD_SUFFIXES and _is_document(p, manifest_path)]
    nested = _plans_in_subfolders(folder, entries)
    if manifest_path.is_file():
        documents = _load_with_manifest(folder, manifest_path, convert)
        if not documents:
            raise PolicyCompareError("manifest lists no documents", path=manifest_path)
        read_paths = {os.path.normpath(doc.source_path) for doc in documents}
        # A draft saved among its peers is no plan the manifest lacks: adding it would make it its own peer.
        not_plans = {_real_path(p) for p in drafts} - {None}
        unlisted = [p.relative_to(folder).as_posix() for p in files + nested
                    if os.path.normpath(p) not in read_paths and not (not_plans and _real_path(p) in not_plans)]
        if unlisted:
            warn(f"{listed(unlisted)} {'is' if len(unlisted) == 1 else 'are'} not in {manifest} and {'was' if len(unlisted) == 1 else 'were'} not read; add {'it' if len(unlisted) == 1 else 'them'} to the manifest", path=folder)
    else:
        nested = [p.relative_to(folder).as_posix() for p in nested]
        one = len(nested) == 1
        if not files:
            below = f"; {listed(nested)} in its subfolders {'is' if one else 'are'} read only when {manifest} names {'it' if one else 'them'}" if nested else ""
            word = f"; {listed(unread)} {'is' if len(unread) == 1 else 'are'} not read: save {'it' if len(unread) == 1 else 'them'} as .docx, .pdf or .txt" if unread else ""
            raise PolicyCompareError(f"holds no .txt, .md, .docx, .pdf or .html plan files{word}{below}", path=folder)
        if nested:
            warn(f"{listed(nested)} {'is' if one else 'are'} in a subfolder and {'was' if one else 'were'} not read; "
                 f"move {'it' if one else 'them'} into the folder or name {'it' if one else 'them'} in {manifest}", path=folder)
        # Without a manifest every document of the folder is a plan or says why not (.doc, .wps below).
        plans = set(files)
        other = [p for p in entries if p not in plans and _is_document(p, manifest_path) and not p.is_dir()
                 and p.suffix.lower() not in UNREAD_SUFFIXES]
        # A named pipe or device with a plan's name: reading it could wait for ever.
        special = [p.name for p in other if p.suffix.lower() in READABLE_SUFFIXES]
        other = [p.name for p in other if p.suffix.lower() not in READABLE_SUFFIXES]
        if special:
            warn(f"skipped {listed(special)}: not a regular file (a named pipe, socket or device)", path=folder)
        if other:
            warn(f"skipped {listed(other)}: only .txt, .md, .docx, .pdf and .html files are read as plans", path=folder)
        ids = {}
        for p in files:
            doc_id = _doc_id_of(p)
            if doc_id and doc_id in ids:  # an empty one is refused when its file is read
                raise PolicyCompareError(f"{ids[doc_id].name} and {p.name} both give the doc_id {doc_id!r}; rename one or add a manifest", path=folder)
            ids[doc_id] = p
        documents = [load_document(p, convert=convert) for p in files]
    if unread:
        warn(f"skipped {listed(unread)}: .doc and .wps files are not read; save the plans as .docx, .pdf or .txt", path=folder)
    return Corpus(documents, path=folder)


def _read_one_file(path, folder, manifest_path, convert):
    """A corpus of one plan file: the documents its folder's manifest reads from it (a compilation's parts, with their
    metadata and corrections), or, where the manifest does not list it or there is none, the file alone."""
    if manifest_path.is_file():
        documents = _load_with_manifest(folder, manifest_path, convert, only=path)
        if documents:
            return Corpus(documents, path=folder)
        warn(f"not in {manifest_path.name}, the manifest of its folder, so it is read alone, without metadata or declared "
             "corrections", path=path)
    return Corpus([load_document(path, convert=convert)], path=folder)


def _real_path(path):
    """The path with every link resolved, to compare two names of one file; None for a name no file can have (a NUL)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return None
