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
_ABOVE_TWO_BYTES = re.compile(r"[^\x00-\u07ff\s]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
# Bytes of valid UTF-8 before a decoding error from which the file is taken to be damaged UTF-8.
_DAMAGED_AFTER = 64


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
    # Real Chinese UTF-8 text has characters above U+07FF and is ruled out at the first one.
    if _ABOVE_TWO_BYTES.search(text) or not _NON_ASCII.search(text):
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
        UTF-8 that turns invalid after its first 64 bytes (a damaged file) is
        refused with the offset of the first bad byte, never decoded with losses.

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
    utf8_error = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
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
    if utf8_error is not None and utf8_error.start >= _DAMAGED_AFTER:
        # Long valid UTF-8 then a bad byte: a damaged or cut file, not another encoding. Say where,
        # rather than guess or drop the bytes.
        bad = data[utf8_error.start:utf8_error.end]
        raise PolicyCompareError(f"cannot decode: valid UTF-8 up to byte {utf8_error.start}, then {bad!r} (damaged file?), and not GB18030/GBK or Big5 text", path=path)
    raise PolicyCompareError("cannot decode: not UTF-8, UTF-16/32 with BOM, GB18030/GBK or Big5 text (binary file?)", path=path)


def _checked(text, codec, path):
    if not _looks_like_text(text):
        raise PolicyCompareError(f"binary file (control characters after decoding as {codec})", path=path)
    if not text.strip():
        raise PolicyCompareError("file holds only whitespace", path=path)
    return text, codec


def _read_docx(path):
    """Text of a .docx: paragraphs and table rows in document order.

    A table row is one line with its cells joined by tabs; a merged cell is
    read once, not once per grid column or row it spans.
    """
    # python-docx is imported here so that reading plain text never pays for it.
    import docx
    import docx.opc.exceptions
    from docx.table import Table

    try:
        document = docx.Document(os.fspath(path))
    except (zipfile.BadZipFile, docx.opc.exceptions.PackageNotFoundError):
        # python-docx's own message repeats the path; the error names it already.
        raise PolicyCompareError("not a readable .docx file (not a zip package; a .doc or another file renamed?)", path=path) from None
    except (KeyError, ValueError) as err:
        raise PolicyCompareError(f"not a readable .docx file ({err})", path=path) from None
    lines = []
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(block.text)
            continue
        seen = set()
        for row in block.rows:
            cells = []
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    cells.append(cell.text)
            lines.append("\t".join(cells))
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
