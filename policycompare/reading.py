"""Reading plan files: decode bytes in whatever encoding Chinese files come in.

Supported: UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, UTF-16
without one where only one byte order reads as text, GB18030 (with or without
its BOM, and so GBK and GB2312), Big5 (and Windows' code page 950 and Hong
Kong's Big5-HKSCS, which add a few characters to it), ``.docx`` documents, the text layer of ``.pdf`` files and the
plan's part of saved web pages (``.html``, see :mod:`policycompare.webpage`).
Anything else, binary files, empty files and PDFs without text (scans) are
refused with a :class:`PolicyCompareError` that names the file; a document,
archive or image of another format is named by its format, and text an
earlier conversion damaged (UTF-8 read as Latin-1 and saved again; many
replacement characters) by what happened to it.
"""

import codecs
import collections
import errno
import hashlib
import os
import re
import zipfile
import zlib
from pathlib import Path

from .errors import PolicyCompareError, warn

__all__ = ["TEXT_SUFFIXES", "decode_bytes", "read_text"]

TEXT_SUFFIXES = (".txt", ".md")
WEBPAGE_SUFFIXES = (".html", ".htm")
READABLE_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf") + WEBPAGE_SUFFIXES

# GB18030's byte-order mark: U+FEFF in its four-byte form. Its codec, unlike the others here, reads the mark as
# the character, which decode_bytes then drops.
_GB18030_BOM = b"\x84\x31\x95\x33"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (_GB18030_BOM, "gb18030"),
)
# Control characters never found in a plan; their presence means a wrong guess or binary data.
# A form feed is not one of them: pdftotext ends every page with it (cleaning drops it).
# Not \x0b: the vertical tab is the manual line break (Shift+Enter) of text copied out of Word.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_ABOVE_TWO_BYTES = re.compile(r"[^\x00-\u07ff\s]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
# Kana: GB2312 holds them in rows A4/A5, where Big5 keeps its commonest hanzi (Big5's 五 reads き in GB18030).
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
# Bytes of valid UTF-8 before a decoding error from which the file is taken to be damaged UTF-8.
_DAMAGED_AFTER = 64


# A compound file (OLE): an old Office document (.doc, .wps, .xls), or an Office Open XML one encrypted with a password.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files of other formats, by the bytes they start with: what they are, and what to do with them.
_SIGNATURES = (
    (b"%PDF-", "a PDF document; give it a .pdf name"),
    (b"PK\x03\x04", "a zip archive (a .docx document renamed?); give a Word document a .docx name"),
    (_OLE_SIGNATURE, "an old Office document (.doc, .wps, .xls); save it as .docx or .txt"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"\x1f\x8b", "a gzip archive (a page saved compressed?); unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive; unpack it first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; its text needs OCR first"),
    (b"\xff\xd8\xff", "a JPEG image; its text needs OCR first"),
    (b"GIF87a", "a GIF image; its text needs OCR first"),
    (b"GIF89a", "a GIF image; its text needs OCR first"),
)


# Characters outside the scripts and punctuation of a Chinese plan (ASCII, Latin-1, CJK, full-width forms).
_UNUSUAL = re.compile(r"[^\t\n\r\f\x20-\x7e\xa0-\xff\u2000-\u206f\u2160-\u2188\u2460-\u24ff\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _refuse_other_format(data, path):
    """Refuse a file whose first bytes say it is a document, archive or image of another format, naming the format."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise PolicyCompareError(f"not a text file: its bytes start like {what}", path=path)


def _utf16_without_bom(data):
    """The text and codec of UTF-16 bytes without a byte-order mark, or None.

    Chinese or Latin text in UTF-16 has a NUL in every other byte of its ASCII
    characters; read in the other byte order, or when the bytes are binary,
    it turns into control characters or rare characters.
    """
    if len(data) % 2:
        return None
    found = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) and len(_UNUSUAL.findall(text)) <= len(text) // 100 and _common_share(text) >= 0.9:
            found.append((text, codec))
    return found[0] if len(found) == 1 else None


def _looks_like_text(text):
    """True when a decoded string is plausible prose: almost no control characters."""
    if not text.strip():
        return True
    return len(_CONTROL.findall(text)) <= _most_stray(text)


def _most_stray(text):
    """How many control or replacement characters a text may hold and still be read: two, or one in a thousand."""
    return max(2, len(text) // 1000)


def _is_cjk_mojibake(text):
    """True for valid UTF-8 that reads as Latin, Greek or Cyrillic soup but as Chinese in GB18030.

    Short GB18030 byte strings are often valid UTF-8 too (一一 is d2bb d2bb, "һһ").
    """
    # GBK byte pairs that are also valid UTF-8 decode to two-byte sequences, U+0080–U+07FF.
    # Real Chinese UTF-8 text has characters above U+07FF and is ruled out at the first one.
    if _ABOVE_TWO_BYTES.search(text) or not _NON_ASCII.search(text):
        return False
    # So are Latin words with accented letters (é is c3 a9, 茅 in GBK), and UTF-8 Chinese read as Latin-1 and saved
    # again: each is read as it is, and the second refused as such (:func:`_checked`).
    latin = _encoded(text, "cp1252")
    if _latin1_mojibake(text) is not None or latin is not None and _reads_as_latin(latin):
        return False
    try:
        legacy = text.encode("utf-8").decode("gb18030")
    except UnicodeDecodeError:
        return False
    return bool(_CJK.search(legacy)) and _common_share(legacy) >= 0.9


def _common_share(text, *, codec=None):
    """Share of CJK characters that are common (in GB2312 or Big5), to rank legacy guesses.

    Decoding with the wrong legacy codec yields rare characters; the right one yields
    the everyday characters both national standards hold. Characters of the
    private use area, which GB18030 gives for Big5's punctuation and a few of
    its hanzi (一、總體 → \\ue5e6\\ue4c8羆砰), count as rare too, and so do
    kana, which no Chinese plan is written in (GB18030 reads Big5's 五 as き,
    and Japanese in EUC-JP as its kana among wrong hanzi).

    When ``text`` is a reading in ``codec="gb18030"``, its hanzi of four
    bytes (CJK Extension A, which GBK lacks) count as common: rare as they
    are, no misreading makes them, for no other encoding has GB18030's
    four-byte sequences (a byte from 81 to FE, then a digit, twice).

    Examples
    --------
    >>> data = "一、總體要求".encode("big5")
    >>> _common_share(data.decode("gb18030")) < _common_share(data.decode("big5"))
    True
    >>> _common_share("㐀㐁㐂", codec="gb18030"), _common_share("㐀㐁㐂")
    (1.0, 0.0)
    """
    cjk = _CJK.findall(text) + _PRIVATE_USE.findall(text)
    n_kana = len(_KANA.findall(text))
    if not cjk and not n_kana:
        return 1.0
    common = 0
    # Each character is looked up once: a page of a million hanzi holds a few thousand different ones.
    for char, n in collections.Counter(cjk).items():
        if codec == "gb18030" and _CJK.match(char) and len(char.encode(codec)) == 4:
            common += n
            continue
        if any(_encoded(char, standard) is not None for standard in ("gb2312", "big5")):
            common += n
    return common / (len(cjk) + n_kana)


# Letters and symbols of other scripts that GB18030 reads many of Big5's commonest hanzi as (rows A7–A9 of GB2312 and
# GBK's additions there: Cyrillic, bopomofo, box drawing and blocks; 局 is Ы, 育 ▅, 府 ┎), which a plan does not set
# between hanzi. Not the lines of a text table (│加强│), nor the Greek letters and pinyin of rows A6 and A8 (α粒子, 声母ā).
_TABLE_LINES = "─│┌┐└┘├┤┬┴┼━┃┏┓┗┛┣┫┳┻╋═║╔╗╚╝╠╣╦╩╬"
_OTHER_SCRIPT = frozenset(map(chr, [*range(0x0401, 0x0452), *range(0x2500, 0x25A0), *range(0x3105, 0x312A)])) - set(_TABLE_LINES)
# A run of hanzi and characters of those scripts, without spaces or punctuation between them.
_AMONG_HANZI = re.compile(r"[\u3400-\u9fff\u0401-\u0451\u2500-\u259f\u3105-\u3129]+")


def _likeliest_reading(candidates):
    """The likeliest of legacy readings ``(common share, codec, text)``: the highest share, and of readings that tie, the likeliest by :func:`_tie_rank`.

    Big5 bytes GB18030 reads as common hanzi, and GB18030 bytes Big5 reads
    so, give readings of equal share (教育局 in Big5 reads 毙▅Ы). Of readings
    that tie in every rank, the first (GB18030) is taken.

    Examples
    --------
    >>> data = "教育局".encode("big5")
    >>> [(_common_share(text, codec=codec), text) for text, codec in _legacy_readings(data)]
    [(1.0, '毙▅Ы'), (1.0, '教育局')]
    >>> _likeliest_reading([(_common_share(text, codec=codec), codec, text) for text, codec in _legacy_readings(data)])[1:]
    ('big5', '教育局')
    """
    best = max(share for share, _, _ in candidates)
    tied = [candidate for candidate in candidates if candidate[0] == best]
    return tied[0] if len(tied) == 1 else max(tied, key=lambda candidate: _tie_rank(candidate[2], candidate[1]))


def _tie_rank(text, codec):
    """How a legacy reading ranks among readings of equal common share: by its share of everyday hanzi, then by the fewest letters and symbols of other scripts among its hanzi.

    GB18030 reads many of the commonest Big5 hanzi as Cyrillic letters,
    bopomofo, box drawing and blocks (``_OTHER_SCRIPT``), set among the
    hanzi it reads the others as; a plan sets them apart from its hanzi, if
    it has any, but for the lines of a text table (│加强│), which do not
    count. Greek letters and pinyin, which GB18030 reads Big5's hanzi as
    too, do not count either: a plan writes them beside hanzi (α粒子, θ角).
    These characters weigh only where both readings are as everyday, and
    are not counted in the common share itself: the Big5 reading of a GBK
    plan's bytes holds only Big5's hanzi, and would win over its tables.

    Examples
    --------
    >>> _tie_rank("毙▅Ы", "gb18030"), _tie_rank("教育局", "big5")
    ((1.0, -2), (1.0, 0))
    >>> _tie_rank("α粒子和β射线", "gb18030") > _tie_rank("α粒子和β射线".encode("gbk").decode("big5"), "big5")
    True
    """
    mixed = sum(char in _OTHER_SCRIPT for run in _AMONG_HANZI.findall(text) if _CJK.search(run) for char in run)
    return _everyday_in_either(text), -mixed


def _everyday_in_either(text):
    """Share of the hanzi of ``text`` that are everyday in either standard: GB2312's first level or Big5's common hanzi.

    A plan in GB18030 may be written in traditional characters (發展), which
    GB2312 lacks; read as Big5 its bytes are everyday hanzi too (追), and
    only the letters and symbols of :func:`_tie_rank` tell the readings apart.

    >>> _everyday_in_either("發展"), _everyday_in_either("发展"), _everyday_in_either("浗")
    (1.0, 1.0, 0.0)
    """
    hanzi = _CJK.findall(text)
    if not hanzi:
        return 1.0

    def everyday(char):
        simplified, traditional = _encoded(char, "gb2312"), _encoded(char, "big5")
        return (simplified is not None and _is_everyday_bytes(simplified, "gb18030")) or (traditional is not None and _is_everyday_bytes(traditional, "big5"))

    return sum(map(everyday, hanzi)) / len(hanzi)


def _encoded(char, codec):
    """The bytes of ``char`` in ``codec``, or None when the codec's character set lacks it."""
    try:
        return char.encode(codec)
    except UnicodeEncodeError:
        return None


# Characters a Windows-1252 (or Latin-1) text of a Western European language does not hold: all but ASCII, accented
# letters and typographic punctuation. The other symbols (¢¤¥¦¨¬¯±µ¶¸¹¼½¾×÷†‡‰) are what GBK and Big5 bytes read as.
_NOT_LATIN = re.compile(r"[^\x00-\x7f\xa0\xa1\xa3\xa7\xa9\xaa\xab\xae\xb0\xb2\xb3\xb4\xb7\xba\xbb\xbf\xc0-\xd6\xd8-\xf6\xf8-\xff"
                        r"\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013\u2014\u2018-\u201a\u201c-\u201e\u2022\u2026\u2039\u203a\u20ac\u2122]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# A sign of Latin-1's (°, ®, ·, «) beside another character that is not ASCII.
_SIGN_BESIDE = re.compile(r"(?<=[^\x00-\x7f])[\xa0-\xbf]|[\xa0-\xbf](?=[^\x00-\x7f])")
# A character that is not ASCII, with none beside it: as an accented letter's byte and the next letter read as one hanzi.
_ALONE = re.compile(r"(?<![^\x00-\x7f\s])[^\x00-\x7f\s](?![^\x00-\x7f\s])")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
# Korean puts spaces between its words, most of two syllables or more; a Chinese plan puts none between
# its words, though a title may have one between each of its characters (办 法).
_SPACED_HANGUL = re.compile(r"[\uac00-\ud7a3] +(?=[\uac00-\ud7a3])")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")


def _other_language(data, *, chinese=None, codec="gb18030"):
    """The encoding and language of bytes that are not a Chinese plan but another language's text, or None.

    Files of Western European languages in Windows-1252 or Latin-1, and of
    Japanese and Korean in their legacy encodings, have bytes that GB18030
    or Big5 read too, into hanzi that no one wrote: the accented letter of
    ``éducation`` and the ``d`` after it become 閐, and Korean reads as
    common hanzi. ``chinese`` is the legacy reading that would be taken
    (decoded with ``codec``): it loses to the Latin one only where most of
    its characters are such pairs (see :func:`_count_latin_pairs`).

    Examples
    --------
    >>> "Plan d'éducation".encode("latin-1").decode("gb18030")
    "Plan d'閐ucation"
    >>> _other_language("Plan d'éducation".encode("latin-1"), chinese="Plan d'閐ucation")
    'Windows-1252/Latin-1 (Latin letters with accents or curly quotes)'
    >>> _other_language("一、总体要求".encode("gbk"), chinese="一、总体要求") is None
    True
    """
    if _reads_as_latin(data) and (chinese is None or 2 * _count_latin_pairs(chinese, codec) >= len(_NON_ASCII.findall(chinese))):
        return "Windows-1252/Latin-1 (Latin letters with accents or curly quotes)"
    for codec, name in (("cp932", "Shift-JIS (Japanese)"), ("euc_jp", "EUC-JP (Japanese)")):
        if _reads_as_japanese(data, codec):
            return name
    if _reads_as_korean(data):
        return "EUC-KR (Korean)"
    return None


def _count_latin_pairs(chinese, codec):
    """How many characters of a legacy reading may be two bytes of a Latin word read as one hanzi.

    Such a character stands alone among ASCII, and it took the ASCII letter
    after an accented one (``éd`` → 閐), or it has ASCII letters on both
    sides (``ção`` → ``c玢o``), or Windows-1252 reads it as small letters
    (``créé`` → ``cr殚``), or as a capital and a small letter that begin a
    word (``Ääni`` → ``匿ni``). A common hanzi's first byte (GB2312's rows
    B0–D7, Big5's A4–C6) reads as a sign or a capital (``¤``–``¿``,
    ``À``–``Ö``; 中 as ``ÖÐ``): beside an ASCII word (``中STEM``,
    ``右 Ctrl``) it is none of these.

    Examples
    --------
    >>> [_count_latin_pairs(text, "gb18030") for text in ("Plan d'閐ucation", "educa玢o", "cr殚", "匿ni")]
    [1, 1, 1, 1]
    >>> [_count_latin_pairs(text, "gb18030") for text in ("中STEM", "用Python", "右 Ctrl", "Java 类")]
    [0, 0, 0, 0]
    """
    n = 0
    for match in _ALONE.finditer(chinese):
        start, end = match.span()
        before, after = chinese[start - 1:start], chinese[end:end + 1]
        data = match.group().encode(codec, errors="replace")
        if any(byte < 0x80 for byte in data) or (_ASCII_LETTER.fullmatch(before) and _ASCII_LETTER.fullmatch(after)):
            n += 1
            continue
        latin = data.decode("cp1252", errors="replace")
        n += len(latin) == 2 and latin[1].islower() and (latin[0].islower() or after.islower())
    return n


def _reads_as_latin(data):
    """True for bytes that Windows-1252 reads as ASCII letters with a few accented letters or curly quotes among them."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    if _NOT_LATIN.search(text):
        return False
    n_extra = len(_NON_ASCII.findall(text))
    # Accented letters may meet (ção, ße), and so may curly quotes (…”); the two bytes of a hanzi read as two
    # characters side by side, as often as not one of them a sign (爱: °®).
    return len(_ASCII_LETTER.findall(text)) >= 2 * n_extra and 4 * len(_SIGN_BESIDE.findall(text)) <= n_extra


def _reads_as_japanese(data, codec):
    """True for bytes that ``codec`` reads as Japanese prose: a fifth or more of its characters are kana."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return False
    # Half-width katakana are what Chinese bytes read as in Shift-JIS, one per byte; and Big5's commonest
    # hanzi read as kana in EUC-JP, so a line of one or two of them is no Japanese.
    if _HALFWIDTH_KANA.search(text):
        return False
    n_kana = len(_KANA.findall(text))
    return n_kana >= 3 and 5 * n_kana >= len(_NON_ASCII.findall(text))


def _reads_as_korean(data):
    """True for bytes that EUC-KR reads as Hangul words with spaces between them: nine in ten characters Hangul."""
    # Not as Windows' code page 949: Big5 bytes with an ASCII second byte read as the rare Hangul it adds.
    # A Korean file in code page 949 is EUC-KR but for those rare syllables, which read here as U+FFFD and count against it.
    text = data.decode("euc_kr", errors="replace")
    if len(_SPACED_HANGUL.findall(text)) < 2:
        return False
    words = _HANGUL_WORD.findall(text)
    n_hangul = sum(map(len, words))
    return n_hangul >= 2 * len(words) and 10 * n_hangul >= 9 * len(_NON_ASCII.findall(text))


def decode_bytes(data, *, path="<bytes>"):
    """Decode the bytes of a plan file, detecting the encoding.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str, default="<bytes>"
        Named in error messages.

    Returns
    -------
    text : str
        The decoded text, BOM removed, line endings untouched.
    encoding : str
        The codec that decoded it.

    Raises
    ------
    PolicyCompareError
        If the data is empty, whitespace only, binary or in no supported encoding.
        Data whose first 64 KB are more than three quarters NUL bytes, more than
        UTF-16 or UTF-32 text holds, is refused before any decoding.
        UTF-8 that turns invalid after its first 64 bytes (a damaged file) is
        refused with the offset of the first bad byte, never decoded with losses;
        UTF-8 with a line, or a passage in a line, in GB18030/GBK or Big5
        (pasted from another file) is refused naming that line (and quoting
        the passage); the text of another language in its legacy encoding
        (Windows-1252/Latin-1, Shift-JIS, EUC-JP, EUC-KR), naming that
        encoding; a text whose legacy reading is mostly rare hanzi, saying so;
        Chinese that one encoding reads for 64 bytes or more but none reads
        whole (a Hong Kong file with a euro sign), naming the byte where the
        farthest reading stops.
        Text damaged by an earlier conversion is refused for what happened
        to it: UTF-8 Chinese once read as Latin-1 or Windows-1252 and saved
        again (mojibake), naming the line of the first damaged passage; text
        that already holds more replacement characters (U+FFFD) than the
        control characters a text may hold, with how many and the line of
        the first.

    Warns
    -----
    PolicyCompareWarning
        If the text holds a few replacement characters (U+FFFD): how many and
        the line of the first.

    Examples
    --------
    >>> decode_bytes("一、指导思想".encode("gb18030"))
    ('一、指导思想', 'gb18030')
    >>> decode_bytes("(一)加强领导".encode("utf-8-sig"))
    ('(一)加强领导', 'utf-8-sig')

    Big5 is read in the first of Big5, code page 950 and Big5-HKSCS that
    reads it whole, and that codec is returned:

    >>> decode_bytes("一、目標\\n（一）恒常舉辦閱讀活動，培訓教師二十名。\\n".encode("cp950"))[1]
    'cp950'
    """
    if not data:
        raise PolicyCompareError("file is empty", path=path)
    _refuse_other_format(data, path)
    _refuse_nul_filled(data[:_HEAD_BYTES], path)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise PolicyCompareError(f"not valid {codec} despite its byte-order mark ({err.reason} at byte {err.start})", path=path) from None
            return _checked(text.removeprefix("\ufeff") if bom == _GB18030_BOM else text, codec, path)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _checked(*utf16, path)
        if len(data) % 2 and _utf16_without_bom(data[:-1]) is not None:
            # Never read in part: the last character is cut, and maybe more.
            raise PolicyCompareError(f"UTF-16 text cut short: an odd number of bytes ({len(data)}); the file is damaged or incomplete", path=path)
        first = data.index(b"\x00")
        raise PolicyCompareError(f"binary file (NUL bytes, the first at byte {first}, and no UTF-16/32 byte-order mark); "
                                 "give a text, .md, .docx, .pdf or .html file", path=path)
    utf8_error = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    else:
        if not _is_cjk_mojibake(text):
            return _checked(text, "utf-8", path)
    candidates = []
    for text, codec in _legacy_readings(data):
        if _looks_like_text(text):
            candidates.append((_common_share(text, codec=codec), codec, text))
    share, codec, text = _likeliest_reading(candidates) if candidates else (0.0, None, None)
    other = _other_language(data, chinese=text if share >= 0.9 else None, codec=codec)
    if other is not None:
        raise PolicyCompareError(f"not Chinese text in a supported encoding: reads as {other}; "
                                 "save Chinese plans as UTF-8, GB18030/GBK or Big5", path=path)
    if share >= 0.9:
        return _checked(text, codec, path)
    mixed = _mixed_line(data) if utf8_error is not None else None
    if mixed is not None:
        raise PolicyCompareError(_mixed_message(*mixed), path=path)
    partial = _partial_reading(data)
    if partial is not None and (utf8_error is None or partial[1] > utf8_error.start):
        # Chinese in one encoding up to a character none of them holds (€ in a Hong Kong file): not binary. Say where.
        codec, stop, prefix = partial
        tried = ", ".join(["UTF-8", *_LEGACY_NAMES.values()])
        raise PolicyCompareError(f"cannot decode: reads as {_LEGACY_NAMES[codec]} up to byte {stop} (line {_line_number(prefix, len(prefix))}), "
                                 f"then {data[stop:stop + 2]!r}, and no encoding tried reads the whole file ({tried}); "
                                 "correct the character there, or save the file again as UTF-8", path=path)
    if utf8_error is not None and utf8_error.start >= _DAMAGED_AFTER:
        # Long valid UTF-8 then a bad byte: a damaged or cut file, not another encoding. Say where,
        # rather than guess or drop the bytes.
        bad = data[utf8_error.start:utf8_error.end]
        raise PolicyCompareError(f"cannot decode: valid UTF-8 up to byte {utf8_error.start}, then {bad!r} (damaged file?), and not GB18030/GBK or Big5 text", path=path)
    refusal = "cannot decode: not UTF-8, UTF-16/32 with BOM, GB18030/GBK or Big5 text (binary file?)"
    if candidates:
        # A legacy reading without control characters, but of rare hanzi: a few random bytes, or a text of GBK's own
        # rare hanzi, whose bytes are those other encodings read as. Say which, so that the second is understood.
        n = len(_CJK.findall(text) + _PRIVATE_USE.findall(text) + _KANA.findall(text))
        refusal += (f": read as {_LEGACY_NAMES[codec]}, {n - round(share * n)} of its {n} CJK characters are rare ones, "
                    "in neither GB2312 nor Big5; save a plan of rare characters as UTF-8")
    raise PolicyCompareError(refusal, path=path)


# The bytes a text file starts with that are looked at before the rest is read.
_HEAD_BYTES = 64 * 1024


def _refuse_nul_filled(head, path):
    """Refuse a file whose first bytes ``head`` are more than three quarters NUL bytes, more than text in any encoding holds.

    UTF-32 writes an ASCII character with three NUL bytes and a hanzi with
    two, UTF-16 an ASCII character with one: text in them has NUL bytes in a
    regular pattern, with the bytes of its characters between them. A file
    mostly of NUL bytes (a disk image, a file never written to) is refused
    at once, for decoding it would take minutes and gigabytes.
    """
    n = head.count(0)
    if 4 * n > 3 * len(head):
        raise PolicyCompareError(f"binary file ({100 * n // len(head)}% of its first {len(head):,} bytes are NUL bytes, more than "
                                 "any text holds); give a text, .md, .docx, .pdf or .html file", path=path)


def _text_file_bytes(path):
    """The bytes of a text file or saved page, refused before the rest is read where its first 64 KB are mostly NUL bytes.

    The file is opened once and read through that one handle, so that a pipe,
    a FIFO or ``/dev/stdin``, which cannot be read a second time, is read
    whole.
    """
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES)
            if head:
                # A document or image of another format is named as such, though its first bytes be mostly NUL bytes (an old .doc).
                _refuse_other_format(head, path)
                _refuse_nul_filled(head, path)
            return head + file.read()
    except OSError as err:
        raise PolicyCompareError(f"cannot read ({err.strerror})", path=path) from None


_CODEC_NAMES = {"gb18030": "GB18030/GBK", "big5": "Big5"}
# Big5 as files hold it, narrowest first: plain Big5; Windows' code page 950 (Taiwan), which adds seven hanzi
# (碁銹裏墻恒粧嫺, f9d6–f9dc), box drawing and the euro sign; Hong Kong's Big5-HKSCS, which adds thousands of hanzi
# (衞邨綫啲) but not the euro sign. A variant is tried only where the ones before it fail, so that a file plain Big5
# reads is read as ever. Code page 950 comes before Big5-HKSCS: both read those seven hanzi, but only code page 950
# reads a1e3 as the ～ Windows wrote (Big5-HKSCS: ∼, which no range pattern knows), as most such files come from
# Windows; a Hong Kong file with one hanzi of its own is read in Big5-HKSCS all the same, as code page 950 fails on it.
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")
_LEGACY_NAMES = {**_CODEC_NAMES, "cp950": "CP950", "big5hkscs": "Big5-HKSCS"}


def _legacy_readings(data):
    """The ``(text, codec)`` readings of bytes in GB18030 and in the first Big5 variant that reads them whole.

    A reading in code page 950 or Big5-HKSCS is left out unless nearly all
    its hanzi are Big5's everyday ones (:func:`_is_everyday_big5`).

    Examples
    --------
    >>> [codec for _, codec in _legacy_readings("（一）恒常舉辦閱讀活動，培訓教師二十名。".encode("cp950"))]
    ['gb18030', 'cp950']
    >>> [codec for _, codec in _legacy_readings("（一）恒常舉辦。".encode("cp950"))]  # too few hanzi to tell
    ['gb18030']
    """
    readings = []
    try:
        readings.append((data.decode("gb18030"), "gb18030"))
    except UnicodeDecodeError:
        pass
    for codec in _BIG5_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "big5" or _is_everyday_big5(text, codec):
            readings.append((text, codec))
        break
    return readings


# Hanzi of every plane: Big5-HKSCS reads some bytes as hanzi outside the BMP (8e69 is 𧄧).
_ANY_HANZI = re.compile(r"[\u3400-\u9fff\U00020000-\U0003ffff]")
# Box drawing and blocks (╔═╗║▓): code page 950 adds lines and corners (f9f9–f9fe) that a text table has by the hundred.
_BOX_DRAWING = re.compile(r"[\u2500-\u259f]")


def _is_everyday_big5(text, codec):
    """True for a reading in the Big5 variant ``codec`` that is nearly all (nine in ten) Big5's everyday hanzi (A440–C67E).

    A file in code page 950 or Big5-HKSCS is Big5 text with a few
    characters of the variant's own. The variants read bytes Big5 does not,
    GBK's rare hanzi among them (Big5-HKSCS reads lead bytes 81–A0 as Hong
    Kong's hanzi, some outside the BMP, which :func:`_common_share` does not
    count, and c8 as Cyrillic), so their reading must show that it is such a
    text before it competes with GB18030's: each character the variant adds
    to Big5, or holds at other bytes, counts as a hanzi that is not everyday,
    whether a hanzi or not (but for box drawing).

    Examples
    --------
    >>> _is_everyday_big5("（一）恒常舉辦閱讀活動，培訓教師二十名。", "cp950")
    True
    >>> "萔济碾蝉".encode("gbk").decode("big5hkscs")
    'б撳犧莽'
    >>> _is_everyday_big5("б撳犧莽", "big5hkscs")
    False
    """
    everyday = n = 0
    for char, count in collections.Counter(text).items():
        data = _encoded(char, "big5")
        own = data != _encoded(char, codec)
        if _ANY_HANZI.match(char) or own and not _BOX_DRAWING.match(char):
            n += count
            everyday += count * (not own and _is_everyday_bytes(data, "big5"))
    return everyday >= 0.9 * n > 0


# Hanzi a legacy reading must hold before the bytes it cannot read to be taken for Chinese text: a line of a plan.
_FEWEST_HANZI_READ = 8


def _partial_reading(data):
    """``(codec, offset, text)`` of the legacy codec that reads Chinese farthest into bytes it cannot read whole, or None.

    ``text`` is what it reads up to ``offset``, the first byte it cannot read.
    None unless that is ``_DAMAGED_AFTER`` bytes or more of plausible Chinese:
    nearly all everyday hanzi (GB2312's first level, Big5's common hanzi), no
    control characters. GBK's rare hanzi read as Big5's, common and not.
    """
    stops = []
    for codec in ("gb18030", *_BIG5_CODECS):
        try:
            data.decode(codec)
        except UnicodeDecodeError as err:
            stops.append((err.start, codec))
    if not stops:
        return None
    stop, codec = max(stops, key=lambda s: s[0])  # the first codec of those that read farthest
    text = data[:stop].decode(codec)
    if stop < _DAMAGED_AFTER or len(_CJK.findall(text)) < _FEWEST_HANZI_READ or not _looks_like_text(text):
        return None
    if not (_is_everyday_big5(text, codec) if codec in _BIG5_CODECS else _everyday_share(text, codec) >= 0.9):
        return None
    return codec, stop, text


def _mixed_message(number, name, passage):
    """The error message for a file of mixed encodings, from what :func:`_mixed_line` returns."""
    if passage is None:
        where = f"line {number} is in {name}, other lines in UTF-8"
    else:
        shown = " ".join(passage.split())
        shown = shown if len(shown) <= 20 else shown[:20] + "…"
        where = f"line {number} holds a passage in {name} ({shown}), the rest of the file is in UTF-8"
    return f"mixed encodings: {where} (text pasted from another file?); save the whole file in one encoding"


def _mixed_line(data):
    """Where a file whose Chinese is otherwise UTF-8 holds text in GB18030 or Big5, or None.

    Returns ``(line number, codec name, passage)`` for the first such line:
    ``passage`` is None when the whole line is in that encoding, else the
    first passage in it, decoded (a few words pasted into a UTF-8 sentence).
    Lines are split at ``\\r`` and ``\\n``, bytes that no GB18030 or Big5
    character holds. A line that UTF-8 cannot read, and neither can GB18030
    or Big5 whole or in its passages (see :func:`_legacy_passages`), is damage,
    not a pasted line: then None.

    Examples
    --------
    >>> _mixed_line("一、总体要求\\n".encode("utf-8") + "（一）加强领导。\\n".encode("gbk"))
    (2, 'GB18030/GBK', None)
    >>> _mixed_line("（一）推进".encode("utf-8") + "县管校聘".encode("gbk") + "改革。".encode("utf-8"))
    (1, 'GB18030/GBK', '县管校聘')
    """
    first, utf8_chinese = None, False
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            utf8_chinese = utf8_chinese or bool(_CJK.search(text))
            continue
        for codec, name in _CODEC_NAMES.items():
            try:
                text = line.decode(codec)
            except UnicodeDecodeError:
                continue
            if _CJK.search(text) and _looks_like_text(text) and _common_share(text, codec=codec) >= 0.9:
                first = first or (number, name, None)
                break
        else:
            found = _legacy_passages(line)
            if found is None:
                return None  # a line in neither, whole or in part: damage, not pasted text
            name, passage, rest = found
            first = first or (number, name, passage)
            utf8_chinese = utf8_chinese or bool(_CJK.search(rest))
    return first if utf8_chinese else None


# What UTF-8 makes of GBK or Big5 bytes: characters no plan holds (bytes it cannot read, escaped as U+DC80–U+DCFF;
# letters of two bytes; Hangul), with ASCII between them. 县管 is cf d8 b9 dc: a bad byte, ع, a bad byte; 领航 is
# c1 ec ba bd: a bad byte, then 캽.
_NOT_IN_PLAN = r"[^\x00-\x7f\u2000-\u206f\u2160-\u2188\u2460-\u24ff\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_FOREIGN_RUN = re.compile(rf"{_NOT_IN_PLAN}(?:[\x00-\x7f]*{_NOT_IN_PLAN})*")
# The same runs read on over one character a plan may hold: GBK's bytes make a hanzi in UTF-8 now and then
# (规范 is b9 e6 b7 b6: a bad byte, then 淶).
_FOREIGN_RUN_ACROSS = re.compile(rf"{_NOT_IN_PLAN}(?:[\x00-\x7f]*(?:[^\x00-\x7f][\x00-\x7f]*)?{_NOT_IN_PLAN})*")
_UNREADABLE = re.compile(r"[\udc80-\udcff]")


def _legacy_passages(line):
    """``(codec name, first passage, rest)`` when what UTF-8 cannot read of a line is GB18030 or Big5 text, or None.

    A passage is a run of characters no plan holds around bytes UTF-8 cannot
    read, and its next character where it needs an ASCII one (a Big5
    hanzi's second byte may be ASCII: 系 is a8 74). Every passage must
    decode in the one encoding into two hanzi at least, nearly all everyday
    ones (:func:`_everyday_share`): UTF-8 cut short, or a stray byte in it,
    reads as rarer hanzi, or as one (中 cut to e4 b8 reads 涓). Where no such
    runs decode, runs that read on over a hanzi of UTF-8's, or take one after
    them, must hold three hanzi each: a stray byte and the hanzi after it read
    as two. ``rest`` is the line's UTF-8 text outside the passages.

    Examples
    --------
    >>> _legacy_passages("到2025年，".encode("gbk") + "毛入学率达到96%。".encode("utf-8"))
    ('GB18030/GBK', '到2025年，', '毛入学率达到96%。')
    >>> _legacy_passages("中国".encode("utf-8")[:2] + "国".encode("utf-8")) is None
    True
    """
    text = line.decode("utf-8", errors="surrogateescape")
    for pattern, fewest in ((_FOREIGN_RUN, 2), (_FOREIGN_RUN_ACROSS, 3)):
        runs = [match.span() for match in pattern.finditer(text) if _UNREADABLE.search(match.group())]
        readings = []
        for codec, name in _CODEC_NAMES.items():
            passages = [_decoded_run(text, start, end, codec, ascii_only=fewest == 2) for start, end in runs]
            if runs and all(passage is not None and _is_legacy_passage(passage, codec, fewest=fewest) for passage in passages):
                readings.append((_everyday_share("".join(passages), codec), name, passages[0]))
        if readings:
            bounds = [0, *(i for span in runs for i in span), len(text)]
            rest = "".join(text[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2))
            return (*_likelier_reading(readings, rest), rest)
    return None


def _likelier_reading(readings, rest):
    """``(codec names, passage)`` of the likelier of a passage's readings ``(everyday share, codec name, passage)``.

    Big5's bytes read as GB2312's hanzi too, and GBK's as Big5's, mostly
    rarer ones: the more everyday reading wins. A short passage may read as
    everyday hanzi in both (團隊 as 刮钉): then the one in the script of the
    line's UTF-8 text ``rest``, simplified or traditional; or both, joined by
    "or", when it has no hanzi or mixes the two.
    """
    best = max(share for share, _, _ in readings)
    readings = [(name, passage) for share, name, passage in readings if share == best]
    simplified = _simplified_share(rest)
    if len(readings) > 1 and simplified is not None:
        # GBK's reading is the first. Nearly all of a simplified text is in GB2312; a traditional one has many hanzi it lacks.
        readings = readings[:1] if simplified >= 0.98 else readings[1:] if simplified <= 0.9 else readings
    names, passages = zip(*readings)
    return " or ".join(names), " or ".join(passages)


def _simplified_share(text):
    """Share of the hanzi of ``text`` that GB2312 holds (simplified forms only: not 學, 發, 區), or None without hanzi."""
    hanzi = _CJK.findall(text)
    if not hanzi:
        return None
    return sum(_encoded(char, "gb2312") is not None for char in hanzi) / len(hanzi)


def _decoded_run(text, start, end, codec, *, ascii_only=True):
    """``text[start:end]`` (of a line read as UTF-8, bad bytes escaped) decoded in ``codec``, or None.

    The character after the run is taken where the run needs it to decode: an
    ASCII one, or with ``ascii_only=False`` any but a bad byte.
    """
    for stop in (end, end + 1):
        if stop > len(text) or _UNREADABLE.match(text, end, stop) or ascii_only and not text[end:stop].isascii():
            break
        try:
            return text[start:stop].encode("utf-8", errors="surrogateescape").decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _is_legacy_passage(text, codec, *, fewest=2):
    """True for a passage read in ``codec`` that is Chinese: ``fewest`` hanzi or more, nearly all everyday, and no other script."""
    return (len(_CJK.findall(text)) >= fewest and not _UNUSUAL.search(text) and _looks_like_text(text)
            and _common_share(text, codec=codec) >= 0.9 and _everyday_share(text, codec) >= 0.9)


def _everyday_share(text, codec):
    """Share of the hanzi of a GB18030 or Big5 reading that are everyday ones: GB2312's first level, Big5's common hanzi.

    Their first level's 3,755 hanzi (byte rows B0–D7) make up nearly all of a
    plan's text, and so do Big5's 5,401 common hanzi (A440–C67E).

    Examples
    --------
    >>> _everyday_share("加强领导", "gb18030"), _everyday_share("涓浗", "gb18030")
    (1.0, 0.0)
    """
    hanzi = _CJK.findall(text)
    if not hanzi:
        return 1.0
    n = 0
    for char in hanzi:
        data = _encoded(char, "gb2312" if codec == "gb18030" else codec)
        if data is not None:
            n += _is_everyday_bytes(data, codec)
    return n / len(hanzi)


def _is_everyday_bytes(data, codec):
    """Whether a hanzi's bytes in GB2312 (``codec`` "gb18030") or in Big5 are an everyday one's: rows B0–D7, A440–C67E."""
    return 0xB0 <= data[0] <= 0xD7 if codec == "gb18030" else 0xA440 <= int.from_bytes(data, "big") <= 0xC67E


def _checked(text, codec, path):
    """``(text, codec)`` of a decoded plan, or a one-line error naming the file: damaged, binary or blank text.

    Text an earlier conversion damaged is refused for what happened to it,
    not as binary: UTF-8 Chinese once read as Latin-1 or Windows-1252 and
    saved again (:func:`_refuse_mojibake`), and text holding more
    replacement characters (U+FFFD) than the control characters a text may
    hold (:func:`_most_stray`). Fewer are named in a warning: the characters
    they stand for are lost.
    """
    _refuse_mojibake(text, path=path)
    n_replaced = text.count("\ufffd")
    if n_replaced > _most_stray(text):
        raise PolicyCompareError(_replaced_message(text, n_replaced), path=path)
    if not _looks_like_text(text):
        raise PolicyCompareError(f"binary file (control characters after decoding as {codec})", path=path)
    if not text.strip():
        raise PolicyCompareError("file holds only whitespace", path=path)
    if n_replaced:
        warn(_replaced_message(text, n_replaced), path=path, stacklevel=5)
    return text, codec


def _replaced_message(text, n):
    """What to say of a text that holds ``n`` replacement characters (U+FFFD): how many, the line of the first, and why."""
    line = _line_number(text, text.index("\ufffd"))
    where = f"on line {line}" if n == 1 else f"the first on line {line}"
    return (f"the text already holds {n} replacement character{'s' * (n != 1)} (�, U+FFFD), {where}: it was damaged when "
            "converted from another encoding before, and the characters there are lost; convert it again from the original file")


_LINE_BREAK = re.compile(r"\r\n?|\n")


def _line_number(text, offset):
    """The line of ``text`` where ``offset`` stands, counted from 1; lines end in ``\\n``, ``\\r\\n`` or ``\\r``, as a file's bytes split."""
    return len(_LINE_BREAK.findall(text, 0, offset)) + 1


# Windows-1252's characters for the bytes 80–9F (€ for 80, “ for 93); Latin-1 reads them as the control characters
# U+0080–U+009F, and both read a byte A0–FF as the character of that number.
_CP1252_SIGNS = {char: byte for byte in range(0x80, 0xA0) if (char := bytes([byte]).decode("cp1252", errors="replace")) != "\ufffd"}
_TO_LATIN1 = str.maketrans({char: chr(byte) for char, byte in _CP1252_SIGNS.items()})
# A run of the characters that bytes 80–FF read as in either. UTF-8 writes a hanzi in three such bytes, never an ASCII one.
_LATIN_RUN = re.compile("[\x80-\xff" + "".join(_CP1252_SIGNS) + "]+")
# Two hanzi or CJK marks in a row are six bytes: only runs this long can give them back. A Chinese plan has
# hundreds of runs of one (the curly quotes “ ” are Windows-1252 signs), which need no decoding.
_LONG_LATIN_RUN = re.compile("[\x80-\xff" + "".join(_CP1252_SIGNS) + "]{6,}")
_C1_CONTROL = re.compile("[\x80-\x9f]")


def _latin1_mojibake(text):
    """Where ``text`` holds UTF-8 Chinese that was read as Latin-1 or Windows-1252 and saved again, or None.

    Each byte of the UTF-8 became a character of its own (花 is e8 8a b1:
    ``è``, the control character U+008A, ``±``); taken back to its bytes, a
    run of such characters is UTF-8 again, of hanzi. The accented letters
    and signs of a text that holds them (é, °, ±, ×) seldom make a hanzi that
    way, and never two in a row (French ``thé »``, with the no-break space
    French sets before », makes one: 頻): the text is taken to be damaged
    when runs give back two hanzi or CJK punctuation marks in a row, two
    hanzi in all, and those runs are half or more of its Latin-1 characters.

    Returns
    -------
    (offset, passage, chinese) or None
        The offset of the first damaged run, its first characters as the text
        shows them (control characters left out) and the Chinese they were.

    Examples
    --------
    >>> _latin1_mojibake("花溪区教育".encode("utf-8").decode("latin-1"))
    (0, 'è±æºªåºæ', '花溪区教')
    >>> _latin1_mojibake("Café « Müller » : 25 °C ± 2, 3 × 4, 中文") is None
    True
    >>> _latin1_mojibake("« thé\xa0», « café\xa0», « été\xa0»") is None
    True
    """
    long_runs = list(_LONG_LATIN_RUN.finditer(text))
    if not long_runs:
        return None
    n_latin, n_undone, n_hanzi, first = sum(map(len, _LATIN_RUN.findall(text))), 0, 0, None
    for match in long_runs:
        run = match.group()
        data = run.translate(_TO_LATIN1).encode("latin-1")
        undone = data.decode("utf-8", errors="replace")
        if len(_ABOVE_TWO_BYTES.findall(undone.replace("\ufffd", ""))) < 2:
            continue
        n_hanzi += len(_CJK.findall(undone))
        # The run holds no ASCII, so each byte of what came back was one character of the run.
        n_undone += len(undone.replace("\ufffd", "").encode("utf-8"))
        if first is None:
            # Four hanzi are enough to see what the text was: their twelve bytes.
            first = (match.start(), _C1_CONTROL.sub("", run[:12]), data[:12].decode("utf-8", errors="ignore"))
    return first if n_hanzi >= 2 and 2 * n_undone >= n_latin else None


def _refuse_mojibake(text, *, path=None):
    """Refuse text whose Chinese is UTF-8 that was read as Latin-1 or Windows-1252 and saved again (mojibake).

    Such a text decodes as valid UTF-8, but its Chinese reads as Latin
    letters and signs (花溪区 as ``è±æºªåºå``): nothing in it could be
    compared. See :func:`_latin1_mojibake` for the test.

    Parameters
    ----------
    text : str
    path : str, default=None
        The file (or document) named in the error.

    Raises
    ------
    PolicyCompareError
        Naming the line of the first damaged passage, what it reads and what it was.

    Examples
    --------
    >>> _refuse_mojibake("一、总体要求")
    >>> _refuse_mojibake("花溪区教育".encode("utf-8").decode("latin-1"), path="plan.txt")
    Traceback (most recent call last):
    policycompare.errors.PolicyCompareError: plan.txt: mojibake: its Chinese is UTF-8 that was read as Latin-1 or Windows-1252 and saved again (line 1 reads 'è±æºªåºæ' for '花溪区教'); save it again from the original file, as UTF-8
    """
    found = _latin1_mojibake(text)
    if found is not None:
        offset, passage, chinese = found
        raise PolicyCompareError(f"mojibake: its Chinese is UTF-8 that was read as Latin-1 or Windows-1252 and saved again "
                                 f"(line {_line_number(text, offset)} reads {passage!r} for {chinese!r}); "
                                 "save it again from the original file, as UTF-8", path=path)


def _read_docx(path):
    """Text of a .docx: paragraphs and table rows in document order.

    A table row is one line with its cells joined by tabs; a merged cell is
    read once, not once per grid column or row it spans (see
    :func:`_table_rows`). A paragraph that
    Word numbers itself (a numbered list, or a style such as 列表编号 /
    List Number) gets its number written out as Word shows it (``1.``,
    ``（一）``, ``一、``), so the outline reads as it does on the page; a
    bulleted one (a bullet list, or the style List Bullet) gets ``• ``, so
    that structure reads it as an item. Styles based on each other in a
    loop are read as if the chain ended where it comes back
    (:func:`_style_chain`).
    A paragraph's text is read as Word shows it: its runs, and those inside
    links, smart tags, custom XML and text-direction marks, in order; the
    base text of ruby (not the reading shown over it); symbols inserted
    from a font (``w:sym``: ≥ from Symbol, ① from Wingdings; see
    :func:`_symbol`); and the text of equations (Office Math), run by run.
    An embedded web page or text (``w:altChunk``) is read in place, the
    page as :func:`policycompare.webpage.read_webpage` reads one.
    Text of the body that is not read (in text boxes, content controls,
    tracked insertions, fields or tables inside tables; ruby readings; text
    formatted hidden, ``w:vanish``; the site's parts of an embedded page;
    SmartArt diagrams, charts and legacy WordArt, see
    :func:`_count_drawn_text`) is counted in a
    :class:`~policycompare.errors.PolicyCompareWarning`, so none is lost
    unsaid; so is text outside the body (page headers and footers,
    footnotes, endnotes, comments), which is not read either, and an
    embedded part of another format (RTF, a Word document) is named in one.

    A body of pictures and little text, fewer than 50 characters for each
    picture (``_LEAST_TEXT_PER_IMAGE``: a title or a cover note beside
    pictures of the plan's pages), draws a warning that its plan may be in
    the pictures, as a PDF's pages with images and no text do; one of
    pictures and no text is refused, as a PDF without text is. A .docx
    encrypted with a password (a compound file, :func:`_why_no_package`),
    an old Office document renamed and one saved as Strict Open XML are
    refused, each saying so.
    """
    # python-docx is imported here so that reading plain text never pays for it.
    import docx
    import docx.opc.exceptions
    from docx.text.paragraph import Paragraph
    from lxml import etree

    if path.stat().st_size == 0:
        # As for a text file: say it is empty, not that it may be another format renamed.
        raise PolicyCompareError("file is empty", path=path)
    try:
        document = docx.Document(os.fspath(path))
        # Parts such as styles and numbering are parsed when first used, so damage may show only here.
        numbering = _WordNumbering(document)
        body = _DocxBody(document, path)
        lines = []
        for block in body.blocks(document.element.body):
            if block.tag == f"{_W}p":
                lines.append(_numbered(numbering.label(Paragraph(block, document)), body.paragraph_text(block)))
            elif block.tag == f"{_W}altChunk":
                lines.extend(body.chunk_lines(block))
            else:
                lines.extend("\t".join(map(body.cell_text, cells)) for cells in _table_rows(block))
        shown = _shown_text_runs(document.element.body)
        # Text runs, not characters, are compared: a hyphen, tab or break Word draws from a mark that is no text run
        # is in the text read, and counting characters let as many of them hide as many unread characters.
        n_shown = sum(_count_visible(_node_text(node)) for node in shown)
        unread = collections.Counter()
        for node in shown:
            n = _count_visible(_node_text(node)) if node not in body.read else 0
            if n:
                unread[_unread_kind(node)] += n
        outside = _count_outside_body(document)
        drawn = _count_drawn_text(document)
        n_images = _count_images(document.element.body)
    except (zipfile.BadZipFile, docx.opc.exceptions.PackageNotFoundError):
        # python-docx's own message repeats the path; the error names it already.
        raise PolicyCompareError(_why_no_package(path), path=path) from None
    except (KeyError, ValueError) as err:
        if _is_strict_open_xml(path):
            raise PolicyCompareError("not a readable .docx file (saved as Strict Open XML); open it in Word and save it as a "
                                     "Word Document (.docx), not as a Strict Open XML Document", path=path) from None
        raise PolicyCompareError(f"not a readable .docx file ({err})", path=path) from None
    except etree.XMLSyntaxError as err:
        raise PolicyCompareError(f"not a readable .docx file (damaged XML inside: {err.msg})", path=path) from None
    except zlib.error as err:
        raise PolicyCompareError(f"not a readable .docx file (a damaged part inside: {err})", path=path) from None
    except (RuntimeError, NotImplementedError) as err:
        # zipfile's words for a password-protected part, or a compression method it cannot read (AES).
        raise PolicyCompareError(f"not a readable .docx file (encrypted or packed in a way zip cannot read: {err})", path=path) from None
    except OSError as err:
        raise PolicyCompareError(f"cannot read ({err.strerror})", path=path) from None
    text = "\n".join(lines)
    unread.update(body.chunks_unread)
    unread.update(drawn)
    n_total = n_shown + body.n_chunk_characters + sum(drawn.values())
    n_in_places = unread.pop(_IN_PLACES, 0)
    where = ("they are in text boxes, content controls, tracked insertions, fields or tables inside tables; "
             "accept the tracked changes or move that text into ordinary paragraphs and tables")
    if (n_in_places or unread) and not text.strip():
        places = where if n_in_places else _listed_counts([(n, f"in {kind}") for kind, n in unread.items()])
        raise PolicyCompareError(f"none of its {n_total} characters were read: {places}", path=path)
    n_read = _count_visible(text)
    if n_images and not n_read:
        raise PolicyCompareError(f"no text in its body but {_counted_images(n_images)} (scanned pages?); run OCR on them first", path=path)
    # A symbol kept as a private-use character is no sign of binary data, as one in a text file is.
    _checked(text.translate(dict.fromkeys(map(ord, body.kept_symbols))), "docx", path)
    result = text, "docx"
    if n_in_places:
        warn(f"{n_in_places} of its {n_total} characters were not read: {where}", path=path, stacklevel=4)
    if unread:
        counts = _listed_counts([(n, f"in {kind}") for kind, n in sorted(unread.items(), key=lambda item: -item[1])])
        warn(f"{sum(unread.values())} of its {n_total} characters were not read: {counts}; "
             "copy any of it that belongs to the plan into ordinary paragraphs", path=path, stacklevel=4)
    if n_images and n_read < _LEAST_TEXT_PER_IMAGE * n_images:
        warn(_in_images("its body holds", n_images, n_read), path=path, stacklevel=4)
    if body.parts_unread:
        warn(f"embedded parts in other formats were not read: {', '.join(body.parts_unread)}; open the file in Word and "
             "save it again (Word makes them ordinary paragraphs), or copy their text into the body", path=path, stacklevel=4)
    if body.kept_symbols:
        fonts = ", ".join(sorted(body.symbol_fonts))
        n = sum(body.kept_symbols.values())
        warn(f"{n} symbol{'s' * (n != 1)} inserted from the font{'s' * (len(body.symbol_fonts) != 1)} {fonts} have no Unicode "
             "character and are kept as Word stores them (private-use characters, U+F0xx)", path=path, stacklevel=4)
    if outside:
        (first, n_first), *rest = outside.items()
        counts = ", ".join([f"{n_first} character{'s' * (n_first != 1)} in {first}", *(f"{n} in {kind}" for kind, n in rest)])
        warn(f"text outside the body was not read: {counts}; copy any of it that belongs to the plan into the body", path=path, stacklevel=4)
    return result


# The name of the stream that holds the key data of an encrypted Office Open XML file (MS-OFFCRYPTO), as the compound
# file's directory writes it; the encrypted package is in the stream EncryptedPackage beside it.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
# Bytes of a compound file looked through for that name: its directory is near the start in the files Office writes.
_OLE_HEAD_BYTES = 512 * 1024
# The main part's relationship in a Strict Open XML package (ISO/IEC 29500 Strict), where a .docx has schemas.openxmlformats.org's.
_STRICT_DOCUMENT = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def _why_no_package(path):
    """Why a .docx that is no zip package is not read: encrypted with a password, an old Office document, or another file.

    Office saves a .docx protected by a password to open as a compound file
    (OLE) whose stream ``EncryptionInfo`` holds the key data, the package
    encrypted in another. Its name is looked for in the compound file's
    first 512 KB and in the first sector of its directory, without reading
    the rest of the file.
    """
    try:
        with open(path, "rb") as file:
            head = file.read(_OLE_HEAD_BYTES)
            encrypted = _ENCRYPTION_INFO in head
            if head.startswith(_OLE_SIGNATURE) and not encrypted and len(head) >= 0x34:
                # The header gives the sector size (a power of two) and the directory's first sector, counted after the header.
                size, first = 1 << int.from_bytes(head[0x1E:0x20], "little"), int.from_bytes(head[0x30:0x34], "little")
                if size in (512, 4096) and first < 0xFFFFFFFA:
                    file.seek((first + 1) * size)
                    encrypted = _ENCRYPTION_INFO in file.read(size)
    except OSError as err:
        return f"cannot read ({err.strerror})"
    if not head.startswith(_OLE_SIGNATURE):
        return "not a readable .docx file (not a zip package; a .doc or another file renamed?)"
    if encrypted:
        return "the .docx is encrypted with a password; save an unprotected copy"
    return "not a readable .docx file (an old Office document: a .doc, .wps or .xls renamed?); save it as .docx"


def _is_strict_open_xml(path):
    """Whether a .docx is a Strict Open XML package, which python-docx does not read: its main part's relationship says so."""
    try:
        with zipfile.ZipFile(path) as package:
            return _STRICT_DOCUMENT in package.read("_rels/.rels")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error):
        return False


# Parts of a .docx besides the body that hold text, by the end of their content type, in the order they are named.
_OUTSIDE_PARTS = {"wordprocessingml.header+xml": "page headers", "wordprocessingml.footer+xml": "page footers",
                  "wordprocessingml.footnotes+xml": "footnotes", "wordprocessingml.endnotes+xml": "endnotes",
                  "wordprocessingml.comments+xml": "comments"}


# Parts of a .docx drawn in the body whose text is not read, by the end of their content type: SmartArt's data (not its
# drawing, which repeats the text), charts and Office 2016's charts.
_DRAWN_PARTS = {".diagramData+xml": "SmartArt diagrams", ".chart+xml": "charts", ".chartex+xml": "charts"}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_CX = "{http://schemas.microsoft.com/office/drawing/2014/chartex}"
_V = "{urn:schemas-microsoft-com:vml}"
# Where a chart keeps the text it shows besides its text runs: the names of its series and categories, and its titles' text.
_CHART_STRINGS = {f"{_C}strCache", f"{_C}strLit", f"{_C}multiLvlStrCache", f"{_C}tx", f"{_CX}strDim", f"{_CX}txData"}


def _count_drawn_text(document):
    """Non-space characters of text a .docx shows in drawings, which is not read: SmartArt diagrams, charts, WordArt, by kind.

    A SmartArt diagram's text is in its data part (``a:t``); a chart's in its
    part, as text runs (titles) and as the names of its series and categories
    (its numbers are data, not text); legacy WordArt (VML, as a .doc saved as
    .docx keeps a letterhead) in the body, as ``v:textpath``'s ``string``.
    """
    counts = collections.Counter()
    for kind, root in _parts_of(document, _DRAWN_PARTS):
        counts[kind] += sum(_count_visible(node.text or "") for node in root.iter(f"{_A}t", f"{_C}v", f"{_CX}pt", f"{_CX}v")
                            if node.tag == f"{_A}t" or any(a.tag in _CHART_STRINGS for a in node.iterancestors()))
    counts["WordArt"] += _count_wordart(document.element.body)
    return +counts


def _parts_of(document, kinds):
    """``(kind, root element)`` of each part of a .docx whose content type ends in a key of ``kinds`` (suffix -> kind)."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        kind = next((name for suffix, name in kinds.items() if part.content_type.endswith(suffix)), None)
        if kind is not None:
            # python-docx parses headers and footers; footnotes, endnotes, comments and drawings' parts are bytes to it.
            yield kind, part.element if hasattr(part, "element") else etree.fromstring(part.blob)


def _count_wordart(root):
    """Non-space characters of the legacy WordArt (VML ``v:textpath``, its text in ``string``) Word shows in ``root``."""
    return sum(_count_visible(node.get("string") or "") for node in root.iter(f"{_V}textpath")
               if not any(a.tag in _HIDDEN for a in node.iterancestors()))


# Characters of text a .docx's body holds for each picture in it, fewer than which its plan is taken to be in the pictures.
# A PDF page with images and no text is taken for a scan; a picture of a page of a plan holds hundreds of characters, and a
# body of pictures of pages holds a title or a cover note beside them: a line of text or less for each.
_LEAST_TEXT_PER_IMAGE = 50
# Pictures: DrawingML's (a:blip, Word 2007 on) and VML's (v:imagedata, older files and the copies kept for older programs).
_IMAGES = (f"{_A}blip", f"{_V}imagedata")


def _count_images(body):
    """The pictures Word shows in a .docx's body (not the copies kept for programs that cannot draw the first)."""
    return sum(not any(a.tag in _HIDDEN for a in node.iterancestors()) for node in body.iter(*_IMAGES))


def _counted_images(n):
    return f"{n} image{'s' * (n != 1)}"


def _in_images(holds, n_images, n_read):
    """The words of a warning or error that a plan's text may be in its ``n_images`` images, beside ``n_read`` characters of text."""
    return (f"{holds} {_counted_images(n_images)} and only {n_read} characters of text: its plan may be in the images "
            "(scanned pages?), whose text is not read; run OCR on them, or give the plan as text")


def _count_outside_body(document):
    """Non-space characters Word shows in page headers and footers, footnotes, endnotes and comments, by kind."""
    counts = dict.fromkeys(_OUTSIDE_PARTS.values(), 0)
    for kind, root in _parts_of(document, _OUTSIDE_PARTS):
        counts[kind] += _count_shown_characters(root)
    return {kind: n for kind, n in counts.items() if n}


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Text Word does not show: tracked deletions and moves away, and the copy of a drawing's text for programs that cannot draw it.
_HIDDEN = {f"{_W}del", f"{_W}moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
# Elements around runs whose runs Word shows in place, as text of the line: links, smart tags (a date, a place), custom
# XML, and marks of text direction (w:dir, w:bdo).
_AROUND_RUNS = {f"{_W}{tag}" for tag in ("hyperlink", "smartTag", "customXml", "dir", "bdo")}
# Equations (Office Math), in a line or as a paragraph of their own.
_MATH = {f"{_M}oMath", f"{_M}oMathPara"}
# What the marks of a run show (as python-docx reads them): a tab, a line break, a hyphen that does not break.
_MARKS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# The kind of place of text that is not read, by the element it is in, nearest first.
_UNREAD_PLACES = {f"{_W}rt": "ruby readings (the pronunciation shown over the text)"}
# Text not read in the places the first warning names: text boxes, content controls, tracked insertions, fields, tables in tables.
_IN_PLACES = "places"

# The characters of the Symbol font, as Unicode's table for Adobe's Symbol encoding maps them (the Greek letters as
# letters, the pieces of tall brackets and integrals as such pieces), from code 20 (F020 in Word) to 7E and from A0 to FE;
# 60 (the radical extender) and F0 have none.
_SYMBOL_FONT = {**dict(zip(range(0x20, 0x7F), " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"
                                               "\x00αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼")),
                **dict(zip(range(0xA0, 0xFF), "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓"
                                               "◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪\x00〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭"))}
# The characters of Wingdings a plan may use (numbers in circles, bullets, ticks and crosses, arrows), as Unicode maps them.
_WINGDINGS_FONT = {**dict(zip(range(0x80, 0x96), "⓪①②③④⑤⑥⑦⑧⑨⑩⓿❶❷❸❹❺❻❼❽❾❿")),
                   **dict(zip((0x45, 0x46, 0x6C, 0x6D, 0x6E, 0x6F, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77), "☜☞●❍■□❑❒⬧⧫◆❖⬥")),
                   **dict(zip((0x9E, 0x9F, 0xA0, 0xA1, 0xA4, 0xA5, 0xA7, 0xA8, 0xAA, 0xAB), "·•▪○◉◎▪◻✦★")),
                   **dict(zip((0xD8, 0xE8, 0xEF, 0xF0, 0xF1, 0xF2, 0xFB, 0xFC, 0xFD, 0xFE), "➢➔⇦⇨⇧⇩✗✓☒☑"))}
_SYMBOL_FONTS = {"symbol": {code: char for code, char in _SYMBOL_FONT.items() if char != "\x00"}, "wingdings": _WINGDINGS_FONT}
_PRIVATE_SYMBOL = re.compile(r"[\ue000-\uf8ff]")


def _symbol(node):
    """The character Word shows for a symbol (``w:sym``): its font's character, or the code as given; "" for no code.

    Word stores a symbol of a font without Unicode characters of its own
    (Symbol, Wingdings) by its code in that font plus F000, a private-use
    character. For Symbol and Wingdings the character Unicode gives for it
    is read (≥, ①); any other code is kept as given.

    Examples
    --------
    >>> from lxml import etree
    >>> w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    >>> [_symbol(etree.fromstring(f'<w:sym {w} w:font="{font}" w:char="{code}"/>'))
    ...  for font, code in (("Symbol", "F0B3"), ("Symbol", "B1"), ("Wingdings", "F081"), ("宋体", "2460"), ("Wingdings 2", "F050"))]
    ['≥', '±', '①', '①', '\uf050']
    """
    try:
        code = int(node.get(f"{_W}char") or "", 16)
        char = chr(code)
    except (ValueError, OverflowError):
        return ""
    table = _SYMBOL_FONTS.get((node.get(f"{_W}font") or "").strip().lower(), {})
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    return table.get(low, char)


def _node_text(node):
    """The text of a text run (``w:t``, ``m:t``) or a symbol (``w:sym``)."""
    return _symbol(node) if node.tag == f"{_W}sym" else node.text or ""


def _count_visible(text):
    return sum(not char.isspace() for char in text)


def _shown_text_runs(body):
    """The text runs (``w:t``, an equation's ``m:t``) and symbols (``w:sym``) of ``body`` outside :data:`_HIDDEN` (tracked deletions, a drawing's fallback copy), wherever they sit.

    Runs the font effect Hidden hides are among them: :func:`_unread_kind` counts them as hidden text.
    """
    return [node for node in body.iter(f"{_W}t", f"{_M}t", f"{_W}sym") if not any(a.tag in _HIDDEN for a in node.iterancestors())]


def _count_shown_characters(body):
    """Non-space characters of every text run, symbol and legacy WordArt of :func:`_shown_text_runs` in ``body``, wherever it sits."""
    return sum(_count_visible(_node_text(node)) for node in _shown_text_runs(body)) + _count_wordart(body)


def _unread_kind(node):
    """What a warning calls the place of a text run that is not read: hidden text, :data:`_UNREAD_PLACES`, else :data:`_IN_PLACES`."""
    run = node.getparent()
    if run is not None and run.tag == f"{_W}r" and _is_hidden(run):
        return _HIDDEN_TEXT
    return next((_UNREAD_PLACES[a.tag] for a in node.iterancestors() if a.tag in _UNREAD_PLACES), _IN_PLACES)


_HIDDEN_TEXT = "hidden text (the font effect Hidden)"
# The values that turn a property such as w:vanish off; it is on when given without a value.
_OFF = {"0", "false", "off"}


def _is_hidden(run):
    """Whether a run is formatted hidden (``w:vanish``): Word neither shows nor prints it."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and (vanish.get(f"{_W}val") or "true").lower() not in _OFF


# Embedded parts (w:altChunk) by content type: those read, and what a warning calls the others.
_CHUNK_PAGES = {"text/html", "application/xhtml+xml"}
_CHUNK_TEXTS = {"text/plain"}
_CHUNK_NAMES = {"application/rtf": "an RTF document", "text/rtf": "an RTF document", "message/rfc822": "a web archive (MHT)",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "a Word document",
                "application/vnd.ms-word.document.macroEnabled.main+xml": "a Word document"}


def _table_rows(table):
    """The cells of each row of a table (``w:tbl``) to read, in order: its ``w:tc`` elements less those that continue a merge.

    A cell merged across grid columns is one ``w:tc``. A cell that continues
    a vertical merge (``w:vMerge`` without ``restart``) is the cell that starts
    at its grid column in the row above, read there once. Where no cell starts
    at that column, in the table's first row or below a row whose cells start
    at other columns (a cell spanning two, ``w:gridBefore``), it is read as a
    cell of its own, so that its text is kept: Word opens such a table, while
    python-docx's ``row.cells`` raises on it (python-openxml/python-docx#1458).
    """
    above = {}
    for tr in table.iterchildren(f"{_W}tr"):
        cells, starts = [], {}
        column = tr.grid_before
        for tc in tr.iterchildren(f"{_W}tc"):
            first = above.get(column) if tc.vMerge == "continue" else None
            if first is None:
                first = tc
                cells.append(tc)
            starts[column] = first
            column += tc.grid_span
        above = starts
        yield cells


class _DocxBody:
    """Reads the text of a .docx's body as Word shows it, and keeps what it read, as :func:`_read_docx` says."""

    def __init__(self, document, path):
        self.document, self.path = document, path
        # The text runs and symbols read; the symbols kept as private-use characters, and their fonts.
        self.read, self.kept_symbols, self.symbol_fonts = set(), collections.Counter(), set()
        # Of embedded pages and texts: characters shown (read or not) and not read, by kind; parts of other formats.
        self.n_chunk_characters, self.chunks_unread, self.parts_unread = 0, collections.Counter(), []

    @staticmethod
    def blocks(container):
        """The paragraphs, tables and embedded parts of a body or table cell, in order, also those inside custom XML."""
        for child in container:
            if child.tag in (f"{_W}p", f"{_W}tbl", f"{_W}altChunk"):
                yield child
            elif child.tag == f"{_W}customXml":
                yield from _DocxBody.blocks(child)

    def cell_text(self, tc):
        """A table cell's text: its paragraphs (and embedded parts) as lines; a table inside it is not read."""
        lines = []
        for block in self.blocks(tc):
            if block.tag == f"{_W}p":
                lines.append(self.paragraph_text(block))
            elif block.tag == f"{_W}altChunk":
                lines.extend(self.chunk_lines(block))
        return "\n".join(lines)

    def paragraph_text(self, container):
        """The text of a paragraph, or of a link, smart tag or ruby base inside one: its runs and equations in order."""
        pieces = []
        for child in container:
            if child.tag == f"{_W}r":
                pieces.append(self._run_text(child))
            elif child.tag in _AROUND_RUNS:
                pieces.append(self.paragraph_text(child))
            elif child.tag in _MATH:
                for node in child.iter(f"{_M}t", f"{_W}t"):
                    if not any(a.tag in _HIDDEN for a in node.iterancestors()):
                        self.read.add(node)
                        pieces.append(node.text or "")
        return "".join(pieces)

    def _run_text(self, run):
        if _is_hidden(run):
            return ""  # Word neither shows nor prints it; its text is counted as not read
        pieces = []
        for child in run:
            if child.tag == f"{_W}t":
                self.read.add(child)
                pieces.append(child.text or "")
            elif child.tag == f"{_W}sym":
                self.read.add(child)
                char = _symbol(child)
                if _PRIVATE_SYMBOL.fullmatch(char):
                    self.kept_symbols[char] += 1
                    self.symbol_fonts.add(child.get(f"{_W}font") or "(no font)")
                pieces.append(char)
            elif child.tag == f"{_W}br":
                # A page or column break ends no line of the text (python-docx reads it so too).
                pieces.append("\n" if child.get(f"{_W}type", "textWrapping") == "textWrapping" else "")
            elif child.tag in _MARKS:
                pieces.append(_MARKS[child.tag])
            elif child.tag == f"{_W}ruby":
                # The base text, not the reading shown over it (w:rt).
                base = child.find(f"{_W}rubyBase")
                pieces.append(self.paragraph_text(base) if base is not None else "")
        return "".join(pieces)

    def chunk_lines(self, node):
        """The lines of an embedded part (``w:altChunk``): a web page as it shows, a text as it is; [] for another format."""
        from .webpage import _read_page

        part = self.document.part.related_parts.get(node.get(f"{_R}id"))
        if part is None:
            return []  # a reference to no part: Word shows nothing
        content_type = part.content_type.split(";")[0].strip().lower()
        name = str(part.partname).lstrip("/")
        # A warning of its decoding (replacement characters) names the file and the part.
        where = f"{self.path} ({name})"
        try:
            if content_type in _CHUNK_PAGES:
                page, _ = _decoded_page(part.blob, where)
                (text, n_unread, n_hidden, unread_elements), n_numbers = _read_page(page.replace("\x00", ""))
                n_left_out = n_unread + n_hidden + sum(unread_elements.values())
                if n_left_out:
                    self.chunks_unread["embedded web pages' menus, hidden text and drawings"] += n_left_out
            elif content_type in _CHUNK_TEXTS:
                text, n_left_out, n_numbers = decode_bytes(part.blob, path=where)[0], 0, 0
            else:
                what = _CHUNK_NAMES.get(content_type, f"a part of type {content_type}")
                self.parts_unread.append(f"{what} ({name}, {len(part.blob):,} bytes)")
                return []
        except PolicyCompareError as err:
            # An embedded part that cannot be decoded is not read; the file is.
            self.parts_unread.append(f"{name} ({err.reason})")
            return []
        # The part's own characters: not the list numbers and bullets written before a web page's items.
        self.n_chunk_characters += _count_visible(text) - n_numbers + n_left_out
        return text.splitlines()


_CHINESE_DIGITS = "〇一二三四五六七八九"
# Word's number formats that are Japanese or Korean counting, written here as Chinese numerals (一, 十一, 二十).
_CJK_COUNTING_FORMATS = {"japaneseCounting", "koreanCounting"}
# Word's Chinese number formats (ECMA-376 Part 1, 17.18.59 ST_NumberFormat) and how Word writes them: the digits 1 to 9,
# the powers 十 百 千 (拾 佰 仟 in the legal forms of cheques and contracts) and what stands for the zeros inside a
# number; a counting system writes 10 to 99 in units (十一, 二十) and digit by digit from 100 (一○五), a thousand system
# in units to 9999 (一百〇五), a legal system in units with every 1 written (壹拾, 壹佰壹拾). Plans from Taiwan number
# their top level 壹、貳、參、 in Word's ideographLegalTraditional, the simplified form of which is chineseLegalSimplified.
_COUNTING_FORMATS = {
    # name: (digits 1-9, powers of 10, 100 and 1000, zero, how the number is written)
    "chineseCounting": ("一二三四五六七八九", "十百千", "○", "counting"),
    "taiwaneseCounting": ("一二三四五六七八九", "十百千", "○", "counting"),
    "chineseCountingThousand": ("一二三四五六七八九", "十百千", "〇", "thousand"),
    "taiwaneseCountingThousand": ("一二三四五六七八九", "十百千", "零", "thousand"),
    "ideographLegalTraditional": ("壹貳參肆伍陸柒捌玖", "拾佰仟", "零", "legal"),
    "chineseLegalSimplified": ("壹贰叁肆伍陆柒捌玖", "拾佰仟", "零", "legal"),
    "taiwaneseDigital": ("一二三四五六七八九", "", "○", "digital"),
    "ideographDigital": ("一二三四五六七八九", "", "〇", "digital"),
}
# Word's cyclic formats: the ten heavenly stems and the twelve earthly branches, then Arabic digits.
_CYCLES = {"ideographTraditional": "甲乙丙丁戊己庚辛壬癸", "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥"}


def _chinese_numeral(n):
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Arabic digits past 999)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    text = f"{_CHINESE_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _CHINESE_DIGITS[tens]) + "十"
    elif hundreds and units:
        text += "零"
    return text + (_CHINESE_DIGITS[units] if units else "")


def _counted(n, number_format):
    """The number ``n`` as Word writes it in one of ``_COUNTING_FORMATS`` (Arabic digits from 10000, and for 0).

    Examples
    --------
    >>> [_counted(n, "ideographLegalTraditional") for n in (1, 10, 23, 105)]
    ['壹', '壹拾', '貳拾參', '壹佰零伍']
    >>> [_counted(n, "chineseCounting") for n in (10, 11, 20, 105)]
    ['十', '十一', '二十', '一○五']
    """
    digits, powers, zero, system = _COUNTING_FORMATS[number_format]
    if not 0 < n < 10000:
        return str(n)
    written = [zero if d == "0" else digits[int(d) - 1] for d in str(n)]
    if system == "digital" or (system == "counting" and n >= 100):
        return "".join(written)
    text, zeros = "", False
    for power, digit in zip(range(len(written) - 1, -1, -1), str(n)):
        if digit == "0":
            zeros = bool(text)
            continue
        # A run of zeros inside the number is written once (一百零五, 一千零一十); 十 alone stands for 10 to 19.
        text += zero if zeros else ""
        zeros = False
        text += ("" if system != "legal" and n < 20 and power == 1 else written[-1 - power]) + (powers[power - 1] if power else "")
    return text


def _formatted(n, number_format):
    if number_format in _COUNTING_FORMATS:
        return _counted(n, number_format)
    if number_format in _CYCLES:
        cycle = _CYCLES[number_format]
        return cycle[n - 1] if 0 < n <= len(cycle) else str(n)
    if number_format in _CJK_COUNTING_FORMATS:
        return _chinese_numeral(n)
    if number_format == "decimalEnclosedCircle" or number_format == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 0 < n <= 20 else str(n)
    if number_format in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n):
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


_BULLET = "•"
# Word stores its built-in styles under their English names whatever the language it shows them in;
# a file some other program wrote may use the Chinese one.
_BULLET_STYLE = re.compile(r"(?:List Bullet|列表项目符号) ?\d?", re.I)


def _style_chain(paragraph):
    """A paragraph's style, then the style it is based on, and so on; a style met again ends the chain.

    Word opens a file whose styles are based on each other in a loop (a style
    based on itself, or A on B and B on A), and reads it as if the chain ended
    where it comes back.
    """
    style, seen = paragraph.style, set()
    # The elements, not python-docx's proxies: it makes a new proxy for a style each time it is asked for one.
    while style is not None and style.element not in seen:
        seen.add(style.element)
        yield style
        style = style.base_style


def _style_bullet(paragraph):
    """"• " for a paragraph in a bullet list style (List Bullet, List Bullet 2, … or a style based on one), else ""."""
    if any(_BULLET_STYLE.fullmatch(style.name or "") for style in _style_chain(paragraph)):
        return _BULLET + " "
    return ""


class _WordNumbering:
    """The numbers Word draws before numbered paragraphs, counted in document order."""

    def __init__(self, document):
        self.levels, self.counters = {}, {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return  # no numbering part: nothing is numbered
        try:
            self.levels = self._lists_of(root)
        except (ValueError, TypeError):
            # A numbering part Word could not have written (a level that is not a number): the text is read without its numbers.
            self.levels = {}

    @classmethod
    def _lists_of(cls, root):
        """numId → {level: (start, number format, level text)}."""
        lists, abstract = {}, {}
        for node in root.findall(f"{_W}abstractNum"):
            abstract[node.get(f"{_W}abstractNumId")] = cls._levels_of(node)
        for node in root.findall(f"{_W}num"):
            base = node.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(base.get(f"{_W}val"), {})) if base is not None else {}
            for override in node.findall(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                level = override.find(f"{_W}lvl")
                if level is not None:
                    levels.update(cls._levels_of(override))
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start.get(f"{_W}val", "1")), *levels[ilvl][1:])
            lists[node.get(f"{_W}numId")] = levels
        return lists

    @staticmethod
    def _levels_of(node):
        levels = {}
        for level in node.findall(f"{_W}lvl"):
            def value(tag, default):
                child = level.find(f"{_W}{tag}")
                return child.get(f"{_W}val", default) if child is not None else default
            levels[int(level.get(f"{_W}ilvl", "0"))] = (
                int(value("start", "1")), value("numFmt", "decimal"), value("lvlText", ""), value("suff", "tab"))
        return levels

    def _number_of(self, paragraph):
        """(numId, level) of a paragraph, from its own properties or its style's (and their base styles')."""
        numbers = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if numbers is None or numbers.numId is None:
            for style in _style_chain(paragraph):
                properties = style.element.pPr
                numbers = properties.numPr if properties is not None else None
                if numbers is not None and numbers.numId is not None:
                    break
        if numbers is None or numbers.numId is None:
            return None
        level = numbers.ilvl.val if numbers.ilvl is not None else 0
        return str(numbers.numId.val), int(level)

    def label(self, paragraph):
        """The number Word shows before ``paragraph``, counting it: "" for none, "• " for a bullet.

        A bullet is written as ``•`` whatever glyph the list draws (often one of
        the Symbol font that has no character of its own), so that the item
        keeps its boundary. A paragraph in a bullet list style (List Bullet,
        List Bullet 2, …) whose list cannot be found is a bullet too.
        """
        try:
            found = self._number_of(paragraph)
        except ValueError:
            return ""  # a paragraph's list reference that is not a number: no number shown
        if found is None or found[0] not in self.levels or found[1] not in self.levels[found[0]]:
            # numId 0 takes a paragraph out of its style's list.
            return "" if found is not None and found[0] == "0" else _style_bullet(paragraph)
        num_id, ilvl = found
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        start, number_format, text, suffix = levels[ilvl]
        if number_format == "none" or not text:
            return ""
        if number_format == "bullet":
            return _BULLET + (" " if suffix in ("tab", "space") else "")

        def shown(match):
            k = int(match.group(1)) - 1
            if k not in levels:
                return ""
            return _formatted(counters.get(k, levels[k][0]), levels[k][1])

        label = re.sub(r"%([1-9])", shown, text)
        # Word puts a tab (or a space) after the number. A number that ends in
        # punctuation (1. 一、 （一）) is read without it; one that ends in a
        # digit or letter (1, 1.1) needs the gap, or 1总则 reads as a figure.
        if suffix in ("tab", "space") and label[-1:].isascii() and label[-1:].isalnum():
            label += " "
        return label


def _numbered(label, text):
    """A paragraph's text after its number, parted from a figure it starts with (:func:`_figure_gap`)."""
    return label + _figure_gap(label, text) + text


def _figure_gap(label, text):
    """A space where ``text`` starts with a figure after a number that ends in a full stop (1. then 1.5亿), else "".

    Without it, 1.1.5亿 would read as one number of three levels. A browser
    draws a list's number apart from its item too.

    Examples
    --------
    >>> _figure_gap("1.", "1.5亿元"), _figure_gap("1.", "新建学校"), _figure_gap("一、", "2023年")
    (' ', '', '')
    """
    return " " if label.endswith((".", "．")) and text[:1].isdigit() else ""


# --- PDF ----------------------------------------------------------------------------------------

# Characters between which a space that PDF layout analysis infers from a gap is no character of
# the text: Chinese is set without spaces, and justified or letter-spaced lines have gaps between glyphs.
_SET_SOLID = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014-\u2026\u00b7]")
# More glyphs than this share without a Unicode value, and the text layer is not worth reading.
_MOST_UNMAPPED = 0.1


def _line_text(line, counts):
    """A text line of a PDF page, its glyphs in order; spaces inferred inside Chinese text left out.

    A glyph the PDF's font gives no Unicode value for (pdfminer's ``(cid:N)``)
    becomes U+FFFD and is counted in ``counts["unmapped"]``.
    """
    from pdfminer.layout import LTAnno, LTChar

    chars = []
    for item in line:
        if isinstance(item, LTChar):
            text = item.get_text()
            if text.startswith("(cid:"):
                counts["unmapped"] += 1
                text = "\ufffd"
            chars.append((text, False))
        elif isinstance(item, LTAnno) and item.get_text() == " ":
            chars.append((" ", True))
    kept = []
    for i, (text, inferred) in enumerate(chars):
        if inferred:
            before = chars[i - 1][0][-1:] if i else ""
            after = chars[i + 1][0][:1] if i + 1 < len(chars) else ""
            if not before or not after or _SET_SOLID.match(before) or _SET_SOLID.match(after):
                continue
        kept.append(text)
    return "".join(kept).rstrip()


def _page_lines(page, counts, gutter=None):
    """The text lines of one laid-out page in reading order, and the gutter of its two columns (None for one column).

    A plan is mostly set in one column: its lines are read top to bottom and,
    on one height, left to right (table cells). This puts a letterhead first
    and a page number last, where cleaning looks for them (pdfminer's own
    order of text boxes may put a title above the letterhead). A page set in
    two columns, as a gazette sets a plan (:func:`_gutter`), is read column by
    column, each band between lines that run across both (a title, a running
    header) in turn; a page whose own columns are too short to tell takes the
    ``gutter`` of the page before when its text leaves that strip clear. Text
    inside figures is included.
    """
    from pdfminer.layout import LTChar, LTContainer, LTTextLine

    lines = []

    def visit(item):
        if isinstance(item, LTTextLine):
            lines.append(item)
        elif isinstance(item, LTContainer):
            for child in item:
                visit(child)

    visit(page)
    # Text set sideways (a rotated page) is laid out glyph by glyph: its "lines" are no lines of the text.
    glyphs = [item for line in lines for item in line if isinstance(item, LTChar)]
    counts["sideways_pages"] += bool(glyphs) and sum(not glyph.upright for glyph in glyphs) > len(glyphs) / 2
    if not lines:
        return [], gutter
    found = _gutter(lines)
    if found is None and gutter is not None and _leaves_clear(lines, gutter):
        found = gutter
    page_margins = _text_margins(lines, page)
    ordered, margins = [], []
    for block, kind in _blocks(lines, found):
        block_margins = _column_margins(block) if kind == "column" else page_margins
        ordered.extend(block)
        margins.extend([block_margins] * len(block))
    texts = []
    for i, line in enumerate(ordered):
        texts.append(_line_text(line, counts))
        if _ends_paragraph(ordered, i, margins):
            texts.append("")
    return texts, found


def _rows(lines):
    """Lines top to bottom and, in a row (:func:`_row_groups`), left to right."""
    return [line for row in _row_groups(lines) for line in row]


def _row_groups(lines):
    """The rows of lines, top to bottom, each left to right: lines whose tops lie within half a line's height of each other are one row."""
    rows = []
    for line in sorted(lines, key=lambda line: -line.y1):
        if rows and rows[-1][0].y1 - line.y1 < 0.5 * min(line.height, rows[-1][0].height):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda line: line.x0) for row in rows]


# Clear space between two columns, in line heights: more than a justified line's widest gap between glyphs.
_GUTTER_MIN = 1.0
# Rows on each side of a gutter that fill their column before a page counts as set in two columns.
_COLUMN_ROWS = 3


class _LinePart:
    """The glyphs of a text line on one side of a gutter, laid out as a line of its own.

    pdfminer joins the two columns' lines of one height into one line when the
    gutter is narrower than its character margin; each side is read in its column.
    """

    def __init__(self, line, items):
        from pdfminer.layout import LTChar

        glyphs = [item for item in items if isinstance(item, LTChar)]
        self.items = items
        self.x0, self.x1 = min(glyph.x0 for glyph in glyphs), max(glyph.x1 for glyph in glyphs)
        self.y0, self.y1, self.height = line.y0, line.y1, line.height

    def __iter__(self):
        return iter(self.items)


def _glyph_spans(line):
    """The (x0, x1) of a line's visible glyphs."""
    from pdfminer.layout import LTChar

    return [(glyph.x0, glyph.x1) for glyph in line if isinstance(glyph, LTChar) and glyph.get_text().strip()]


def _crosses(spans, gutter):
    return any(x0 < gutter[1] and x1 > gutter[0] for x0, x1 in spans)


def _gutter(lines):
    """The (x0, x1) of the clear strip down the middle that parts a page's text into two columns, or None.

    The strip lies in the middle two fifths of the text's width, is at least
    ``_GUTTER_MIN`` line heights wide, and no more than a few lines (a title,
    a running header, a page number) have glyphs in it. On each side at least
    ``_COLUMN_ROWS`` rows, and at least half of that side's rows, fill most of
    the column: running text, not a table's short cells beside a long one.
    A page of one column is told first, and cheaply: more lines than may run
    across a gutter ink the whole middle strip (:func:`_inks_across`).
    """
    import numpy as np

    spanned = [(line, spans) for line, spans in zip(lines, map(_glyph_spans, lines)) if spans]
    spans = [spans for _, spans in spanned]
    if len(spans) < 2 * _COLUMN_ROWS:
        return None
    left, right = min(s[0] for line in spans for s in line), max(s[1] for line in spans for s in line)
    height = float(np.median([line.height for line in lines]))
    low, high = int(left + 0.3 * (right - left)), int(np.ceil(left + 0.7 * (right - left)))
    if high - low < 2:
        return None
    # Counting the lines over each point of the strip below costs a millisecond or more a page, most of the
    # check's time on a page of one column; there the first few lines of running text that ink the whole
    # strip leave no point of it clear, and the count could only say so. Only a line whose box (its glyphs'
    # and spaces') reaches over the strip can ink all of it.
    inked_across = 0
    for line, line_spans in spanned:
        if line.x0 < low + 1 and line.x1 > high - 1 and _inks_across(line_spans, low, high):
            inked_across += 1
            if inked_across > _few(len(spans)):
                return None
    covered = np.zeros(high - low, dtype=int)
    for line in spans:
        inked = np.zeros(high - low, dtype=bool)
        for x0, x1 in line:
            inked[max(int(x0) - low, 0):max(min(int(np.ceil(x1)) - low, high - low), 0)] = True
        covered += inked
    clear = np.concatenate([[False], covered <= _few(len(spans)), [False]])
    edges = np.flatnonzero(np.diff(clear.astype(int)))
    runs = list(zip(edges[::2], edges[1::2]))
    if not runs:
        return None
    first, last = max(runs, key=lambda run: run[1] - run[0])
    if last - first < _GUTTER_MIN * height:
        return None
    gutter = (low + first, low + last)
    spans_of = {id(line): spans for line, spans in spanned}
    rows = [[glyph for line in row for glyph in spans_of[id(line)]] for row in _row_groups([line for line, _ in spanned])]
    for side, width in (("left", gutter[0] - left), ("right", right - gutter[1])):
        widths = [max(x1 for _, x1 in part) - min(x0 for x0, _ in part)
                  for part in ([g for g in row if (g[1] <= gutter[0] if side == "left" else g[0] >= gutter[1])] for row in rows) if part]
        full = sum(w >= 0.8 * width for w in widths)
        if full < _COLUMN_ROWS or full < len(widths) / 2:
            return None
    return gutter


def _inks_across(spans, low, high):
    """Whether a line's glyph spans leave no point from ``low`` to ``high`` clear, rounded outwards as :func:`_gutter` counts them.

    >>> _inks_across([(100.2, 112.2), (112.2, 124.2), (124.2, 136.2)], 105, 130), _inks_across([(100.2, 112.2), (125.0, 137.0)], 105, 130)
    (True, False)
    """
    import math

    reach = low
    for x0, x1 in sorted(spans):
        if int(x0) > reach:
            return False
        reach = max(reach, math.ceil(x1))
        if reach >= high:
            return True
    return False


def _few(n):
    """How many lines may run across a gutter: a title, a running header and a page number, or a twentieth of the lines."""
    return max(2, n // 20)


def _leaves_clear(lines, gutter):
    """Whether a page's text leaves the gutter of the page before clear, with text on both sides of it."""
    spans = [spans for spans in map(_glyph_spans, lines) if spans]
    glyphs = [glyph for line in spans for glyph in line]
    return (sum(_crosses(line, gutter) for line in spans) <= _few(len(spans))
            and any(x1 <= gutter[0] for _, x1 in glyphs) and any(x0 >= gutter[1] for x0, _ in glyphs))


def _split(line, gutter):
    """Which side of the gutter a line is on ("left", "right", "across"), and the line or its two parts ("both")."""
    from pdfminer.layout import LTChar

    if _crosses(_glyph_spans(line), gutter):
        return "across", [line]
    items = list(line)
    cut = next((k for k, item in enumerate(items) if isinstance(item, LTChar) and item.x0 >= gutter[1]), len(items))
    parts = [part for part in (items[:cut], items[cut:]) if any(isinstance(item, LTChar) for item in part)]
    if len(parts) == 1:
        return ("left" if cut == len(items) else "right"), [line]
    return "both", [_LinePart(line, part) for part in parts]


def _blocks(lines, gutter):
    """A page's lines in reading order, in blocks that share margins: ``(lines, kind)``.

    Without a gutter, one block of the whole page (kind ``"page"``). With one,
    top to bottom: the left then the right column of each band (``"column"``),
    and each line across the gutter on its own (``"across"``).
    """
    if gutter is None:
        return [(_rows(lines), "page")]
    blocks, left, right = [], [], []

    def close_band():
        blocks.extend((_rows(side), "column") for side in (left, right) if side)
        left.clear()
        right.clear()

    for line in sorted(lines, key=lambda line: -line.y1):
        side, parts = _split(line, gutter)
        if side == "across":
            close_band()
            blocks.append((parts, "across"))
        elif side == "both":
            left.append(parts[0])
            right.append(parts[1])
        else:
            (left if side == "left" else right).append(parts[0])
    close_band()
    return blocks


def _text_margins(lines, page):
    """The left and right edges of a page's running text.

    The right edge is where three or more lines end together (text set to
    the margin); on a page where no paragraph runs over a line, the left
    margin mirrored on the page's right side.
    """
    left = min(line.x0 for line in lines)
    ends = [line.x1 for line in lines]
    right = max(ends)
    if sum(end >= right - 2 for end in ends) < 3:
        right = max(right, page.x1 - (left - page.x0))
    return left, right


def _column_margins(lines):
    """The left and right edges of a column's running text: where its lines start, and where the third-longest ends."""
    ends = sorted(line.x1 for line in lines)
    return min(line.x0 for line in lines), ends[-min(3, len(ends))]


def _ends_paragraph(lines, i, margins):
    """Whether the ``i``-th line of a page ends its paragraph: it stops short of its text's right edge, or the next is indented.

    A line of running text is set to the right margin (within a glyph or so);
    a heading, a paragraph's last line and a table cell stop short of it, and
    a Chinese paragraph starts two glyphs in. A line set to the margin that
    is the last of its text on the page (a page number or footnote may follow)
    goes on on the next page, and the last of a column goes on in the next
    column unless that starts indented. ``margins`` holds each line's
    ``(left, right)``: the page's, or its column's.
    """
    line = lines[i]
    left, right = margins[i]
    if line.x1 < right - 1.5 * line.height:
        return True
    if i + 1 < len(lines):
        following = lines[i + 1]
        similar = 0.8 <= following.height / line.height <= 1.25
        if margins[i + 1] is not margins[i]:
            # The next column's first line, higher up the page: its own indent tells.
            return similar and following.x0 > margins[i + 1][0] + 0.8 * following.height
        # Only the next line of the same text tells by its indent: not a page number or footnote further down.
        close = following.y1 >= line.y0 - 1.5 * line.height and similar
        return close and following.x0 > left + 0.8 * following.height
    return False


def _read_pdf(path):
    """Text of a PDF's text layer: each page's lines in reading order, a form feed after each page.

    The lines are as pdfminer.six lays them out, and an empty line follows
    each that ends a paragraph (it stops short of the right margin, or the
    next is indented); line breaks inside paragraphs, page numbers and
    running headers are left to cleaning, which records what it drops. Spaces that layout analysis infers from gaps between glyphs are
    kept only between Latin letters or digits. A PDF without text (a scan),
    one that needs a password and a damaged one are refused; glyphs without
    a Unicode value in the PDF's fonts become U+FFFD, with a warning. Pages
    without text that hold images (pages scanned among pages of text) are
    named in a warning: their text is not read.

    Laying out a page takes pdfminer.six a few hundredths of a second or
    more, so the pages of a PDF read before (the same bytes, the same code
    and pdfminer.six) come from the cache; the checks and the warning are
    made again from them.
    """
    from .cache import hash_parts, load_table, store_table

    data = _file_bytes(path)
    if not data:
        raise PolicyCompareError("file is empty", path=path)
    if data[:1024].find(b"%PDF-") < 0:
        raise PolicyCompareError("not a PDF file (no %PDF- header; another file renamed?)", path=path)
    key = hash_parts(_PDF_PAGES, _PDF_LAYOUT, hashlib.sha256(data).hexdigest(), _pdfminer_version())
    stored = load_table(_PDF_PAGES, key)
    if isinstance(stored, dict) and {"pages", "unmapped", "sideways", "images"} <= stored.keys():
        pages, unmapped, sideways, images = stored["pages"], stored["unmapped"], stored["sideways"], stored["images"]
    else:
        pages, unmapped, sideways, images = _pdf_pages(data, path)
        store_table(_PDF_PAGES, key, {"pages": pages, "unmapped": unmapped, "sideways": sideways, "images": images})
    text = "".join("\n".join(lines) + "\n\f" for lines in pages)
    visible = _count_visible(text)
    if not pages:
        raise PolicyCompareError("the PDF has no pages", path=path)
    if not visible:
        n = len(pages)
        raise PolicyCompareError(f"no text in its {n} page{'s' * (n != 1)} (a scanned image?); run OCR on it first", path=path)
    _refuse_mojibake(text, path=path)
    if unmapped > _MOST_UNMAPPED * visible:
        raise PolicyCompareError(f"{unmapped} of its {visible} characters have no Unicode value in the PDF's fonts; "
                                 "convert it to text with another tool, or run OCR on it", path=path)
    if unmapped:
        warn(f"{unmapped} of its {visible} characters have no Unicode value in the PDF's fonts and read as U+FFFD",
             path=path, stacklevel=4)
    if sideways:
        warn(f"{sideways} of its {len(pages)} pages have their text set sideways (rotated pages): their lines are out of order; "
             "rotate those pages upright and save the PDF again", path=path, stacklevel=4)
    scanned = [k for k, (lines, imaged) in enumerate(zip(pages, images), start=1) if imaged and not _count_visible("".join(lines))]
    if len(scanned) == 1:
        warn(f"page {scanned[0]} of its {len(pages)} pages has no text but images (a scanned page?): its text is not read; "
             "run OCR on the PDF to read it", path=path, stacklevel=4)
    elif scanned:
        warn(f"pages {_page_ranges(scanned)} of its {len(pages)} pages have no text but images (scanned pages?): their text is not read; "
             "run OCR on the PDF to read them", path=path, stacklevel=4)
    return text, "pdf"


def _page_ranges(numbers):
    """Page numbers, sorted, as a list with runs of three or more written as ranges: "3, 5, 7-9".

    >>> _page_ranges([3, 5, 7, 8, 9]), _page_ranges([2, 3])
    ('3, 5, 7-9', '2, 3')
    """
    runs = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) >= 3 else ", ".join(map(str, run)) for run in runs)


_PDF_PAGES = "pdf-pages"
# The reading order of the stored pages: 2 reads a page in two columns column by column.
_PDF_LAYOUT = 2


def _pdfminer_version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pdfminer.six")
    except PackageNotFoundError:
        return "?"


def _pdf_pages(data, path):
    """The text lines of each page of a PDF's bytes, how many glyphs had no Unicode value, how many pages are set sideways, and which hold images."""
    counts = {"unmapped": 0, "sideways_pages": 0}
    pages, images, gutter = [], [], None
    for page in _laid_out_pages(data, path):
        lines, gutter = _page_lines(page, counts, gutter)
        pages.append(lines)
        images.append(_holds_image(page))
    return pages, counts["unmapped"], counts["sideways_pages"], images


def _holds_image(item):
    """Whether a laid-out page (or a figure in it) draws an image: a scan, a photo, a picture of a table."""
    from pdfminer.layout import LTContainer, LTImage

    if isinstance(item, LTImage):
        return True
    return isinstance(item, LTContainer) and any(_holds_image(child) for child in item)


def _laid_out_pages(data, path):
    """pdfminer.six's laid-out pages of a PDF's bytes, one at a time; its errors on an encrypted or damaged file in one line.

    Only pdfminer's reading is inside the net: an error in what is done with
    a page is no sign of a damaged file.
    """
    import io
    import logging
    import warnings

    # pdfminer.six is imported here so that reading other files never pays for it.
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect, PDFTextExtractionNotAllowedWarning

    logger = logging.getLogger("pdfminer")
    level = logger.level
    # pdfminer logs what it works around (a missing CropBox, a damaged xref it rebuilds) as warnings.
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            # A PDF that asks readers not to copy its text is read all the same, as any viewer shows it.
            warnings.simplefilter("ignore", PDFTextExtractionNotAllowedWarning)
            yield from extract_pages(io.BytesIO(data), laparams=LAParams(all_texts=True))
    except PDFPasswordIncorrect:
        raise PolicyCompareError("the PDF is encrypted with a password; save an unprotected copy", path=path) from None
    except PDFEncryptionError as err:
        raise PolicyCompareError(f"the PDF is encrypted in a way that cannot be read ({err})", path=path) from None
    except Exception as err:  # pdfminer.six raises many kinds of errors on a damaged file
        raise PolicyCompareError(f"not a readable PDF file (damaged or cut short: {type(err).__name__}: {err})", path=path) from None
    finally:
        logger.setLevel(level)


# --- saved web pages -----------------------------------------------------------------------------

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
# Charsets pages declare whose bytes GB18030 (their superset) reads the same.
_GB_CHARSETS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"}
# Declared charsets a page is decoded in when its bytes are not UTF-8: those a Chinese page may really be in.
# A single-byte charset (iso-8859-1, windows-1252: a site's wrong default) decodes any bytes, into nonsense.
_TRUSTED_CHARSETS = _GB_CHARSETS | {"big5", "big5-hkscs", "cp950", "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be"}


def _decoded_page(data, path):
    """A page's text: UTF-8 when its bytes are UTF-8, else the charset its <meta> declares, else as a plan file is decoded.

    A page copied into an editor and saved as UTF-8 keeps its old
    ``charset=gb2312``; GB18030 would decode those bytes too, into nonsense,
    while GBK text is almost never valid UTF-8. A byte-order mark decides
    before either. A declared GB or Big5 charset is taken only where its
    reading passes a plan file's tests (:func:`_is_plausible_chinese`).
    """
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return decode_bytes(data, path=str(path))
    _refuse_other_format(data, path)
    utf16 = _utf16_without_bom(data) if b"\x00" in data else None
    if utf16 is not None:
        return _checked(*utf16, str(path))
    # Other NUL bytes (a stray one a site's software left) are decoded below: browsers pass over them.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _is_cjk_mojibake(text):
            return text, "utf-8"
    declared = _DECLARED_CHARSET.search(data[:4096])
    name = declared.group(1).decode("ascii").lower() if declared else ""
    if name in _TRUSTED_CHARSETS:
        codec = "gb18030" if name in _GB_CHARSETS else name
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass  # a page that declares one charset and is saved in another: detect it
        else:
            if codec.startswith("utf") or _is_plausible_chinese(data, text, codec):
                return text, codecs.lookup(codec).name
    return decode_bytes(data, path=str(path))


def _is_plausible_chinese(data, text, codec):
    """True when ``text``, the bytes ``data`` decoded in the legacy Chinese ``codec`` a page declares, may be what was written.

    GB18030 and Big5 decode most bytes of other legacy encodings too: a page
    that declares ``gb2312`` and is saved in Big5, Latin-1 or Shift-JIS would
    read as rare hanzi, or common ones among kana or Latin letters. Its text
    must pass the tests a plan file's legacy reading passes in
    :func:`decode_bytes`; if not, the page is detected as a plan file is.
    """
    return (_looks_like_text(text) and _common_share(text, codec=codec) >= 0.9
            and (codec not in _BIG5_CODECS or _is_everyday_big5(text, codec))
            and _other_language(data, chinese=text, codec=codec) is None)


_FRAMESET = re.compile(r"<frameset[\s>]", re.I)
_SCRIPT = re.compile(r"<script[\s>]", re.I)
# A plan's page shows at least this many Chinese characters; fewer on a page with scripts, and scripts write its text.
_FEWEST_SHOWN = 20


def _read_webpage(path):
    """Text of a saved web page without the site's menus, link lists and footer (see :mod:`policycompare.webpage`)."""
    from .webpage import _UNREAD_NAMES, _read_page_with_images

    data = _text_file_bytes(path)
    if not data.strip():
        raise PolicyCompareError("file is empty", path=path)
    page, codec = _decoded_page(data, path)
    page = page.replace("\x00", "")  # a stray NUL byte: browsers show nothing for it
    if _FRAMESET.search(page):
        raise PolicyCompareError("the page is a frameset: its text is in the pages of its frames; save the frame that shows the plan", path=path)
    (text, n_unread, n_hidden, unread_elements), n_numbers, n_scans = _read_page_with_images(page, stylesheets=_saved_stylesheets(page, path))
    copy = "copy the text the browser shows into a .txt file"
    site = "in the site's menus, link lists and footer or in buttons and drop-down lists"
    in_elements = [(n, f"in {_UNREAD_NAMES[element]}") for element, n in unread_elements.items()]
    shown = len(_CJK.findall(text))
    if n_hidden and shown < _FEWEST_SHOWN:
        # A page that shows its article only once a script reveals it (a tab, a page shown when loaded).
        raise PolicyCompareError(f"the page shows {shown} Chinese characters and hides {n_hidden} (hidden, display: none; "
                                 f"a script may show them); {copy}", path=path)
    if n_scans and (not text.strip() or (shown < _FEWEST_SHOWN and _SCRIPT.search(page))):
        # Scans with a title at most: the page's text is in its images, whether or not it holds a script.
        raise PolicyCompareError(_in_images("the page shows", n_scans, _count_visible(text) - n_numbers), path=path)
    if not text.strip():
        # A page of buttons or links only: say where its characters are, lest "no text" read as a reading error.
        unread = [(n_unread, site)] * bool(n_unread) + in_elements
        but = f" but {_listed_counts(unread)}, which are not read; {copy}" if unread else ""
        raise PolicyCompareError(f"the page shows no text{but}", path=path)
    if shown < _FEWEST_SHOWN and _SCRIPT.search(page):
        raise PolicyCompareError(f"the page shows only {shown} Chinese characters: its text is likely written by a script; {copy}", path=path)
    result = _checked(text, f"html/{codec}", path)
    n_in_elements = sum(unread_elements.values())
    # The page's own characters: not the list numbers and bullets written before its items.
    total = n_unread + n_in_elements + _count_visible(text) - n_numbers
    if n_scans:
        warn(_in_images("the page shows", n_scans, _count_visible(text) - n_numbers), path=path, stacklevel=4)
    if n_unread:
        warn(f"{n_unread} of its {total} characters are {site} and were not read", path=path, stacklevel=4)
    if n_in_elements:
        warn(f"{n_in_elements} of its {total} characters were not read: {_listed_counts(in_elements)}; "
             f"if any of it belongs to the plan, {copy}", path=path, stacklevel=4)
    if n_hidden:
        warn(f"{n_hidden} characters of text the page hides (hidden, display: none) were not read", path=path, stacklevel=4)
    return result


def _listed_counts(counts):
    """``counts``, (number, where) pairs, as a .docx file's text outside the body is: "6 characters in drawings (svg), 3 in formulas (math)"."""
    return ", ".join(f"{n}{' characters' * (k == 0)} {where}" for k, (n, where) in enumerate(counts))


# An address on the web or at the site's root, not a file saved beside the page.
_NOT_BESIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/)", re.I)
# Read no more of a style sheet than this: its rules are all the page needs, and a file this large is no style sheet.
_MOST_STYLESHEET_BYTES = 4_000_000


def _saved_stylesheets(page, path):
    """The text of the style sheets a page links to that are saved beside it (a page saved "complete" keeps them).

    The links are those a screen applies (:func:`policycompare.webpage._stylesheet_links`):
    the text read is the text a screen shows. A sheet that is missing,
    unreadable or no regular file is skipped: the page still reads, with
    only its own rules.
    """
    from urllib.parse import unquote

    from .webpage import _stylesheet_links

    sheets = []
    for link in _stylesheet_links(page):
        href = unquote(re.split(r"[?#]", link, maxsplit=1)[0]).strip()
        if not href or _NOT_BESIDE.match(href):
            continue
        sheet_path = Path(path).parent / href
        try:
            # A pipe or device would be waited on or read without end.
            if not sheet_path.is_file():
                continue
            with open(sheet_path, "rb") as sheet:
                data = sheet.read(_MOST_STYLESHEET_BYTES)
        except (OSError, ValueError):  # ValueError: a NUL in the name (%00), which no file has
            continue
        # Selectors are ASCII: a sheet's comments in another encoding need not decode.
        sheets.append(data.decode("utf-8", errors="replace"))
    return sheets


def _file_bytes(path):
    """The bytes of a plan file, or a one-line error naming it."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise PolicyCompareError(f"cannot read ({err.strerror})", path=path) from None


def _check_exists(path, *, missing="no such file"):
    """Refuse a path that leads to no file or folder, in one line saying why.

    Parameters
    ----------
    path : pathlib.Path
    missing : str, default="no such file"
        The message for a path that does not exist.

    Raises
    ------
    PolicyCompareError
        If nothing is at ``path``: ``missing``, or that it is a symbolic link
        to a missing target or a loop of links, or why the system cannot
        look (a name too long).

    Examples
    --------
    >>> _check_exists(Path("no-such-plan.txt"))
    Traceback (most recent call last):
    policycompare.errors.PolicyCompareError: no-such-plan.txt: no such file
    """
    try:
        path.stat()
    except ValueError:  # a NUL character in the name: no file can have it
        raise PolicyCompareError(missing, path=path) from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise PolicyCompareError("symbolic link loop: the link leads back to itself", path=path) from None
        if err.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise PolicyCompareError(f"cannot open ({err.strerror})", path=path) from None
        if path.is_symlink():
            raise PolicyCompareError(f"broken symbolic link: its target {os.readlink(path)!r} does not exist", path=path) from None
        raise PolicyCompareError(missing, path=path) from None


def read_text(path):
    """Read a plan file (``.txt``, ``.md``, ``.docx``, ``.pdf``, ``.html``) and return ``(text, encoding)``.

    A PDF gives the text of its text layer, page by page, each page ended by
    a form feed; cleaning joins its broken lines and drops page numbers and
    running headers (:func:`~policycompare.cleaning.clean_text`).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    text : str
    encoding : str
        The detected codec, ``"docx"``, ``"pdf"`` or, for a web page,
        ``"html/"`` and its codec (``"html/gb18030"``).

    Raises
    ------
    PolicyCompareError
        If the file is missing (or a symbolic link that leads nowhere), a
        folder, unreadable, empty, binary (a text file whose first 64 KB are
        mostly NUL bytes is refused without reading the rest) or
        undecodable; a PDF without text (a scan), encrypted with a password
        or damaged; a ``.docx`` of pictures without text, encrypted with a
        password or saved as Strict Open XML; text damaged by
        an earlier conversion (UTF-8 Chinese read as Latin-1 or Windows-1252
        and saved again, or holding many replacement characters, U+FFFD).

    Warns
    -----
    PolicyCompareWarning
        If a ``.docx`` holds text that is not read (text boxes, content
        controls, tracked insertions, fields, tables inside tables, ruby
        readings, hidden text, SmartArt diagrams, charts, legacy WordArt;
        page headers and footers, footnotes, endnotes, comments),
        with how many characters, or an embedded part of another format
        (RTF), naming it, or symbols of a font that have no Unicode
        character (kept as Word stores them), or its body is pictures with
        little text (the plan may be in them); if a PDF has glyphs without
        a Unicode value, or pages without text that hold images (naming
        them); if a web
        page shows text outside the plan's part of it (menus, footer), with
        how many characters; if the text holds a few replacement characters
        (U+FFFD) from an earlier conversion, with how many and where.
    """
    path = Path(path)
    _check_exists(path)
    if path.is_dir():
        raise PolicyCompareError("is a folder, not a file", path=path)
    if path.suffix.lower() == ".docx":
        return _read_docx(path)
    if path.suffix.lower() == ".pdf":
        return _read_pdf(path)
    if path.suffix.lower() in WEBPAGE_SUFFIXES:
        return _read_webpage(path)
    if path.suffix.lower() in (".doc", ".wps"):
        raise PolicyCompareError(f"{path.suffix} files are not read; save the plan as .docx, .pdf or .txt", path=path)
    data = _text_file_bytes(path)
    return decode_bytes(data, path=str(path))
