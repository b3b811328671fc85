"""A Chinese font for figures, found by the library so that users never set one.

The search prefers a CJK font already installed on the system and falls back to
the fonts shipped by the ``mplfonts`` package (a dependency), so figures render
Chinese after a plain ``pip install`` on a machine without Chinese fonts.

Only fonts with TrueType outlines (a ``glyf`` table) are used: matplotlib's PDF
and PostScript backends cannot embed OpenType fonts with CFF outlines (Noto Sans
CJK, Source Han Sans as usually installed); they write a font program that PDF
readers reject. Such fonts are used only when no TrueType CJK font exists.

Importing this module changes nothing; :func:`find_cjk_font` registers a
bundled font with matplotlib's font manager the first time it is needed, and
:func:`use_cjk_font` applies the font inside a ``matplotlib.rc_context``.
"""

import contextlib
import functools
import importlib.util
from pathlib import Path
from typing import NamedTuple

import matplotlib
from matplotlib import font_manager

from .errors import PolicyCompareError

__all__ = ["CJK_FONT_NAMES", "FontInfo", "find_cjk_font", "get_cjk_rc_params", "use_cjk_font"]

# Font family names in order of preference, as matplotlib's font manager reports them.
CJK_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Sarasa Gothic SC",
    "AR PL UMing CN",
)

# Files of the mplfonts package, TrueType first for the reason in the module docstring.
_BUNDLED_FILES = ("SimHei.ttf", "NotoSansCJKsc-Regular.otf")

# A font must have all of these to count as a Chinese font: common hanzi and the
# full-width punctuation plans are full of.
_PROBE = "中国教育区市县校聘（）、，。：；“”《》—"

# Latin letters and digits come from matplotlib's own font, which every install has: the
# half-width digits of CJK fonts are monospaced and leave gaps such as "0. 31" in numbers.
# Characters it lacks (hanzi, full-width punctuation) fall through to the CJK font.
_LATIN_FONT = "DejaVu Sans"

_REGULAR_WEIGHTS = {400, "normal", "regular", "book", "medium", 500}


class FontInfo(NamedTuple):
    """A font that can draw Chinese.

    Attributes
    ----------
    name : str
        The family name matplotlib knows the font by (``font.family`` value).
    path : str
        The font file.
    source : {"system", "mplfonts"}
        Whether the font is installed on the system or shipped by ``mplfonts``.
    truetype : bool
        Whether the font has TrueType outlines, which PDF output can embed.
    """

    name: str
    path: str
    source: str
    truetype: bool


def _font_facts(path, index=0):
    """Return ``(has TrueType outlines, covers the probe characters)`` for one font face."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            cmap = font.getBestCmap() or {}
            return "glyf" in font, all(ord(char) in cmap for char in _PROBE)
    except (OSError, TTLibError, KeyError, AssertionError):
        return False, False


def _find_system_font(names=CJK_FONT_NAMES):
    """Return the best installed CJK font known to matplotlib, or None.

    TrueType fonts win over CFF ones whatever their place in ``names``.
    """
    by_name = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name.casefold(), []).append(entry)
    cff = None
    for name in names:
        entries = by_name.get(name.casefold(), [])
        # Regular upright faces first; the list order breaks ties deterministically.
        entries = sorted(entries, key=lambda e: (e.style != "normal", e.weight not in _REGULAR_WEIGHTS, e.fname))
        for entry in entries:
            truetype, covers = _font_facts(entry.fname, entry.index)
            if not covers:
                continue
            info = FontInfo(entry.name, entry.fname, "system", truetype)
            if truetype:
                return info
            cff = cff or info
    return cff


def _bundled_font_dirs():
    """Folders holding the fonts of ``mplfonts``, found without importing it.

    Importing ``mplfonts`` pulls in its font-management helpers; only its files are needed.
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(location) / "fonts" for location in spec.submodule_search_locations]


def _find_bundled_font():
    """Register and return the font shipped by ``mplfonts``, or None if it is missing."""
    for folder in _bundled_font_dirs():
        for file_name in _BUNDLED_FILES:
            path = folder / file_name
            if not path.is_file():
                continue
            truetype, covers = _font_facts(str(path))
            if not covers:
                continue
            registered = {entry.fname for entry in font_manager.fontManager.ttflist}
            if str(path) not in registered:
                font_manager.fontManager.addfont(str(path))
            name = font_manager.FontProperties(fname=str(path)).get_name()
            return FontInfo(name, str(path), "mplfonts", truetype)
    return None


@functools.lru_cache(maxsize=None)
def find_cjk_font():
    """Find a font that draws Chinese, registering a bundled one if needed.

    The first call searches; later calls return the same answer. A system font
    with TrueType outlines is preferred (in the order of ``CJK_FONT_NAMES``),
    then ``SimHei.ttf`` shipped by ``mplfonts``, then a system font with CFF
    outlines (fine for PNG and SVG; its PDF embedding is unreliable).

    Returns
    -------
    FontInfo
        The font's family name, file, source and whether it has TrueType outlines.

    Raises
    ------
    PolicyCompareError
        If no font with Chinese glyphs is installed and ``mplfonts`` is missing.

    Examples
    --------
    >>> font = find_cjk_font()
    >>> font.source in ("system", "mplfonts"), font.truetype
    (True, True)
    """
    system = _find_system_font()
    if system is not None and system.truetype:
        return system
    bundled = _find_bundled_font()
    if bundled is not None and (bundled.truetype or system is None):
        return bundled
    if system is not None:
        return system
    raise PolicyCompareError(
        "no font with Chinese characters found: install a CJK font "
        f"({', '.join(CJK_FONT_NAMES[:3])}) or the mplfonts package (pip install mplfonts)"
    )


def get_cjk_rc_params():
    """Return the matplotlib settings that draw Chinese with :func:`find_cjk_font`.

    The font families are named outright rather than through the generic
    ``sans-serif`` family, so text created with these settings keeps its fonts
    when the figure is saved outside them. Latin letters and digits are drawn
    with DejaVu Sans, everything else with the CJK font. Vector output embeds the glyphs:
    SVG as outlines, PDF and PostScript as TrueType (Type 42) fonts.

    Returns
    -------
    dict
        rcParams to pass to ``matplotlib.rc_context`` or ``rcParams.update``.

    Examples
    --------
    >>> params = get_cjk_rc_params()
    >>> params["font.family"] == ["DejaVu Sans", find_cjk_font().name], params["pdf.fonttype"]
    (True, 42)
    """
    name = find_cjk_font().name
    return {
        "font.family": [_LATIN_FONT, name],
        "font.sans-serif": [_LATIN_FONT, name, *matplotlib.rcParamsDefault["font.sans-serif"]],
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
    }


@contextlib.contextmanager
def use_cjk_font():
    """Draw with a Chinese font inside a ``with`` block; settings are restored after it.

    Examples
    --------
    >>> import matplotlib
    >>> from matplotlib.figure import Figure
    >>> before = matplotlib.rcParams["font.family"]
    >>> with use_cjk_font():
    ...     fig = Figure()
    ...     title = fig.suptitle("花溪区教育提升行动")
    >>> find_cjk_font().name in title.get_fontfamily()
    True
    >>> matplotlib.rcParams["font.family"] == before
    True
    """
    with matplotlib.rc_context(get_cjk_rc_params()):
        yield
