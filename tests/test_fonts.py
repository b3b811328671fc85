import io
import json
import re
import subprocess
import sys
import warnings
import zlib
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure

from policycompare import PolicyCompareError, fonts

# Place names, policy terms and the full-width punctuation of plans.
SAMPLE = "花溪区银川市安宁市七星区立德树人县管校聘（）、—“”《》…"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def fresh_search():
    """Forget the cached font before and after a test that changes what the search sees."""
    fonts.find_cjk_font.cache_clear()
    yield
    fonts.find_cjk_font.cache_clear()


def bundled(name):
    return str(fonts._bundled_font_dirs()[0] / name)


def render(fmt):
    """Draw SAMPLE as title, axis label and tick label; fail on any warning (a missing glyph warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with fonts.use_cjk_font():
            fig = Figure(figsize=(7, 2))
            ax = fig.subplots()
            ax.set_title(SAMPLE)
            ax.set_xlabel("到2025年，毛入学率达到96%以上")
            ax.set_xticks([0, 1], labels=["集团化办学", "托管帮扶"])
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt)
    return buffer.getvalue()


def embedded_fonts(pdf):
    """(BaseFont, font program) of every font embedded in a PDF written by matplotlib."""
    found = []
    for match in re.finditer(rb"/FontFile2 (\d+) 0 R", pdf):
        header = re.search(rb"\n" + match.group(1) + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", pdf, re.S)
        end = pdf.index(b"endstream", header.end())
        program = pdf[header.end():end]
        if b"/FlateDecode" in header.group(1):
            program = zlib.decompress(program)
        found.append(TTFont(io.BytesIO(program)))
    return found


def test_import_changes_nothing_and_search_never_imports_mplfonts():
    code = (
        "import json, sys, matplotlib\n"
        "from matplotlib import font_manager\n"
        "def settings():\n"
        "    return {k: repr(v) for k, v in matplotlib.rcParams.items() if k != 'backend'}\n"
        "before, n_fonts = settings(), len(font_manager.fontManager.ttflist)\n"
        "import policycompare.fonts\n"
        "unchanged = [settings() == before, len(font_manager.fontManager.ttflist) == n_fonts]\n"
        "policycompare.fonts.find_cjk_font()\n"
        "print(json.dumps(unchanged + [settings() == before, 'mplfonts' in sys.modules]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [True, True, True, False]


def test_find_cjk_font_covers_sample_and_is_registered():
    font = fonts.find_cjk_font()
    assert font.truetype
    with TTFont(font.path, lazy=True) as ttf:
        cmap = ttf.getBestCmap()
        assert "glyf" in ttf
    assert [char for char in SAMPLE if ord(char) not in cmap] == []
    found = font_manager.findfont(font_manager.FontProperties(family=font.name), fallback_to_default=False)
    assert Path(found).resolve() == Path(font.path).resolve()


def test_use_cjk_font_restores_settings():
    before = dict(matplotlib.rcParams)
    with fonts.use_cjk_font():
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        assert fonts.find_cjk_font().name in matplotlib.rcParams["font.family"]
    assert dict(matplotlib.rcParams) == before


def test_png_renders_sample_without_missing_glyph():
    assert render("png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_draws_every_sample_glyph_from_the_cjk_font():
    svg = render("svg").decode("utf-8")
    font = font_manager.get_font(fonts.find_cjk_font().path)
    # Glyphs are written as outline paths named after the font and glyph index, never as <text>.
    ids = set(re.findall(r'<path id="([^"]+)"', svg))
    cjk_chars = [char for char in dict.fromkeys(SAMPLE) if ord(char) > 0x2FFF]
    missing = [char for char in cjk_chars if f"{font.postscript_name}-{font.get_char_index(ord(char)):x}" not in ids]
    assert missing == []
    assert "<text" not in svg


def test_pdf_embeds_the_cjk_font_as_truetype():
    pdf = render("pdf")
    postscript_name = font_manager.get_font(fonts.find_cjk_font().path).postscript_name.encode()
    base_fonts = re.findall(rb"/BaseFont /(\w{6}\+[\w-]+)", pdf)
    assert any(name.endswith(b"+" + postscript_name) for name in base_fonts)
    assert b"/Type3" not in pdf
    programs = embedded_fonts(pdf)
    # One embedded program per font used (the Latin font and the CJK font), all TrueType outlines.
    assert len(programs) == len(set(base_fonts)) >= 2
    assert all("glyf" in program for program in programs)
    cjk = [p for p in programs if p["name"].getDebugName(6) == postscript_name.decode()]
    cmap = {code for program in cjk for code in program.getBestCmap()}
    assert {ord(char) for char in SAMPLE if ord(char) > 0x2FFF} <= cmap


def test_falls_back_to_bundled_truetype_font_without_system_fonts(monkeypatch, fresh_search):
    monkeypatch.setattr(fonts, "_find_system_font", lambda names=fonts.CJK_FONT_NAMES: None)
    font = fonts.find_cjk_font()
    assert (font.name, Path(font.path).name, font.source, font.truetype) == ("SimHei", "SimHei.ttf", "mplfonts", True)
    assert embedded_fonts(render("pdf"))
    assert render("png")


def test_system_truetype_font_wins_over_cff_one(monkeypatch):
    entries = [
        font_manager.FontEntry(fname=bundled("NotoSansCJKsc-Regular.otf"), name="Noto Sans CJK SC"),
        font_manager.FontEntry(fname=bundled("SimHei.ttf"), name="SimHei"),
    ]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", entries)
    assert fonts._find_system_font() == fonts.FontInfo("SimHei", bundled("SimHei.ttf"), "system", True)


def test_system_cff_font_is_used_only_when_no_truetype_font_exists(monkeypatch, fresh_search):
    cff = font_manager.FontEntry(fname=bundled("NotoSansCJKsc-Regular.otf"), name="Noto Sans CJK SC")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [cff])
    assert fonts._find_system_font() == fonts.FontInfo("Noto Sans CJK SC", cff.fname, "system", False)
    assert fonts.find_cjk_font().path == bundled("SimHei.ttf")
    # Without the bundled fonts (and with SimHei, registered just now, gone again).
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [cff])
    monkeypatch.setattr(fonts, "_bundled_font_dirs", lambda: [])
    fonts.find_cjk_font.cache_clear()
    assert fonts.find_cjk_font().path == cff.fname


def test_font_named_like_a_cjk_font_without_hanzi_is_skipped(monkeypatch):
    dejavu = font_manager.findfont("DejaVu Sans")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [font_manager.FontEntry(fname=dejavu, name="SimHei")])
    assert fonts._find_system_font() is None


def test_no_font_at_all_is_a_clear_error(monkeypatch, fresh_search):
    monkeypatch.setattr(fonts, "_find_system_font", lambda names=fonts.CJK_FONT_NAMES: None)
    monkeypatch.setattr(fonts, "_bundled_font_dirs", lambda: [])
    with pytest.raises(PolicyCompareError, match=r"no font with Chinese characters found.*pip install mplfonts"):
        fonts.find_cjk_font()
