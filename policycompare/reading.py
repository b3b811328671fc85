"""Reading plan files: decode bytes in whatever encoding Chinese files come in.

Supported: UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, GB18030
(and so GBK and GB2312), Big5, and ``.docx`` documents. Anything else, binary
files and empty files are refused with a :class:`PolicyCompareError` that names
the file.
"""

import codecs
import os
import re
import zipfile
from pathlib import Path

from .errors import PolicyCompareError

__all__ = ["TEXT_SUFFIXES", "decode_bytes", "read_text"]

TEXT_SUFFIXES = (".txt", ".md")
READABLE_SUFFIXES = TEXT_SUFFIXES + (".docx",)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters never found in a plan; their presence means a wrong guess or binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _looks_like_text(text):
    """True when a decoded string is plausible prose: almost no control characters."""
    if not text.strip():
        return True
    return len(_CONTROL.findall(text)) <= max(2, len(text) // 1000)


def _is_cjk_mojibake(text):
    """True for valid UTF-8 that reads as Latin, Greek or Cyrillic soup but as Chinese in GB18030.

    Short GB18030 byte strings are often valid UTF-8 too (一一 is d2bb d2bb, "һһ").
    """
    # GBK byte pairs that are also valid UTF-8 decode to two-byte sequences, U+0080–U+07FF.
    non_ascii = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not non_ascii or not all(ord(c) <= 0x7FF for c in non_ascii):
        return False
    try:
        legacy = text.encode("utf-8").decode("gb18030")
    except UnicodeDecodeError:
        return False
    return bool(_CJK.search(legacy)) and _common_share(legacy) >= 0.9


def _common_share(text):
    """Share of CJK characters that are common (in GB2312 or Big5), to rank legacy guesses.

    Decoding with the wrong legacy codec yields rare characters; the right one yields
    the everyday characters both national standards hold.
    """
    cjk = _CJK.findall(text)
    if not cjk:
        return 1.0
    common = 0
    for char in cjk:
        for codec in ("gb2312", "big5"):
            try:
                char.encode(codec)
            except UnicodeEncodeError:
                continue
            common += 1
            break
    return common / len(cjk)


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

    Examples
    --------
    >>> decode_bytes("一、指导思想".encode("gb18030"))
    ('一、指导思想', 'gb18030')
    >>> decode_bytes("(一)加强领导".encode("utf-8-sig"))
    ('(一)加强领导', 'utf-8-sig')
    """
    if not data:
        raise PolicyCompareError("file is empty", path=path)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise PolicyCompareError(f"not valid {codec} despite its byte-order mark ({err.reason} at byte {err.start})", path=path) from None
            return _checked(text, codec, path)
    if b"\x00" in data:
        raise PolicyCompareError("binary file (NUL bytes and no UTF-16/32 byte-order mark); give a text, .md or .docx file", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _is_cjk_mojibake(text):
            return _checked(text, "utf-8", path)
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            candidates.append((_common_share(text), codec, text))
    if candidates:
        share, codec, text = max(candidates, key=lambda c: c[0])
        if share >= 0.9:
            return _checked(text, codec, path)
    raise PolicyCompareError("cannot decode: not UTF-8, UTF-16/32 with BOM, GB18030/GBK or Big5 text (binary file?)", path=path)


def _checked(text, codec, path):
    if not _looks_like_text(text):
        raise PolicyCompareError(f"binary file (control characters after decoding as {codec})", path=path)
    if not text.strip():
        raise PolicyCompareError("file holds only whitespace", path=path)
    return text, codec


def _read_docx(path):
    # python-docx is imported here so that reading plain text never pays for it.
    import docx
    import docx.opc.exceptions

    try:
        document = docx.Document(os.fspath(path))
    except (zipfile.BadZipFile, KeyError, ValueError, docx.opc.exceptions.PackageNotFoundError) as err:
        raise PolicyCompareError(f"not a readable .docx file ({err})", path=path) from None
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    return _checked(text, "docx", path)


def read_text(path):
    """Read a plan file (``.txt``, ``.md`` or ``.docx``) and return ``(text, encoding)``.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    text : str
    encoding : str
        The detected codec, or ``"docx"``.

    Raises
    ------
    PolicyCompareError
        If the file is missing, a folder, unreadable, empty, binary or undecodable.
    """
    path = Path(path)
    if not path.exists():
        raise PolicyCompareError("no such file", path=path)
    if path.is_dir():
        raise PolicyCompareError("is a folder, not a file", path=path)
    if path.suffix.lower() == ".docx":
        return _read_docx(path)
    if path.suffix.lower() in (".doc", ".pdf", ".wps"):
        raise PolicyCompareError(f"{path.suffix} files are not read; save the plan as .docx or .txt", path=path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise PolicyCompareError(f"cannot read ({err.strerror})", path=path) from None
    return decode_bytes(data, path=str(path))
