"""The documentation: it builds without warnings, the API page covers the public names, and the
examples in the pages run and print what the pages show.

That every CLI subcommand is in docs/cli.md is tested in test_cli.py.
"""

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import policycompare as pc
from policycompare import fonts, plotting

DOCS = Path(__file__).resolve().parents[1] / "docs"
PYCON = re.compile(r"^```pycon\n(.*?)^```", flags=re.S | re.M)
FIGURE = re.compile(r"\]\((_static/figures/[^)\s]+)\)")


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """Build the real docs/ folder once, with warnings as errors."""
    out = tmp_path_factory.mktemp("docs-html")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-d", str(out / ".doctrees"), str(DOCS), str(out)],
        capture_output=True, text=True, encoding="utf-8",
    )
    return out, result


def test_docs_build_without_warnings(build):
    _, result = build
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr


def test_api_page_documents_every_public_name(build):
    out, result = build
    assert (out / "api.html").is_file(), result.stderr
    page = (out / "api.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'<dt class="sig sig-object py" id="([\w.]+)">', page))
    expected = {f"policycompare.{module}.{name}" for name, module in pc._EXPORTS.items()}
    # The plot functions and font helpers are public in their modules rather than at the top level.
    expected |= {f"policycompare.plotting.{name}" for name in plotting.__all__ if callable(getattr(plotting, name))}
    expected |= {f"policycompare.fonts.{name}" for name in fonts.__all__ if callable(getattr(fonts, name))}
    assert sorted(expected - documented) == []
    assert set(pc.__all__) - {"__version__"} == set(pc._EXPORTS)


def _run_examples(page):
    """Run the ```pycon blocks of one page in order, in one namespace, as doctests.

    Returns the number of failures; the doctest report goes to standard output.
    """
    text = Path(page).read_text(encoding="utf-8")
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    parser = doctest.DocTestParser()
    globs = {"__name__": "__docs__"}
    for match in PYCON.finditer(text):
        lineno = text.count("\n", 0, match.start(1))
        test = parser.get_doctest(match.group(1), globs, Path(page).name, str(page), lineno)
        runner.run(test, clear_globs=False)
        globs = test.globs  # each DocTest works on a copy; the next block continues from this one
    return runner.failures


PAGES_WITH_EXAMPLES = sorted(path.name for path in DOCS.glob("*.md") if PYCON.search(path.read_text(encoding="utf-8")))


def test_every_example_with_prompts_is_a_pycon_block_that_runs():
    # Only ```pycon blocks are run; >>> in another block would be an example no test checks.
    unchecked = []
    for path in [*DOCS.glob("*.md"), DOCS.parent / "README.md"]:
        fence = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                fence = line[3:].strip() if fence is None else None
            elif fence is not None and fence != "pycon" and line.startswith(">>> "):
                unchecked.append(f"{path.name}:{number}")
    assert unchecked == []


def test_guide_has_examples():
    assert "guide.md" in PAGES_WITH_EXAMPLES
    assert len(PYCON.findall((DOCS / "guide.md").read_text(encoding="utf-8"))) >= 20


README = DOCS.parent / "README.md"


def test_readme_has_an_example():
    assert PYCON.search(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", [*PAGES_WITH_EXAMPLES, "../README.md"])
def test_examples_in_the_docs_print_what_the_page_shows(page, tmp_path):
    # A fresh interpreter, as a reader's notebook would be; it also keeps the pages' pandas
    # display options and figures out of the rest of the test session.
    result = subprocess.run(
        [sys.executable, __file__, str(DOCS / page)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_every_figure_shown_is_drawn_by_make_figures(tmp_path):
    shown = set()
    for page in DOCS.glob("*.md"):
        shown |= {Path(name).name for name in FIGURE.findall(page.read_text(encoding="utf-8"))}
    committed = {path.name for path in (DOCS / "_static" / "figures").glob("*.png")}
    assert shown == committed  # no figure missing, none left over
    result = subprocess.run([sys.executable, str(DOCS / "make_figures.py"), str(tmp_path)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert {path.name for path in tmp_path.glob("*.png")} == committed
    assert all(path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for path in tmp_path.glob("*.png"))


if __name__ == "__main__":
    sys.exit(1 if _run_examples(sys.argv[1]) else 0)
