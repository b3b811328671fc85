"""The notebooks as a student runs them: in a Jupyter kernel, every figure shown and written.

The suite also executes every notebook with nbmake (errors fail it); this
checks what nbmake does not: that the figures notebook shows each figure,
writes the docs' figures as ``docs/make_figures.py`` writes them and the
report's figures as ``policycompare report`` writes them, byte for byte.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def figures_notebook(tmp_path_factory):
    """The figures notebook executed in a folder of its own: the executed notebook and the folder of its PNG files."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOKS / "02-report-figures.ipynb", as_version=4)
    # Not in notebooks/, so that only this run's files are there.
    folder = tmp_path_factory.mktemp("figures-notebook")
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return notebook, folder / "build" / "figures"


def _png_names(folder):
    return sorted(path.name for path in folder.glob("*.png"))


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda path: path.name)
def test_notebooks_are_kept_without_outputs(path):
    # Outputs would make every run a diff of embedded images; the student's run makes them.
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    kept = [index for index, cell in enumerate(cells) if cell["cell_type"] == "code" and (cell["outputs"] or cell["execution_count"])]
    assert kept == []


def test_every_figure_cell_of_the_figures_notebook_shows_its_figures(figures_notebook):
    notebook, figures = figures_notebook
    plotting = [cell for cell in notebook.cells if cell.cell_type == "code" and "plotting.plot_" in cell.source]
    # The first figure of a session loads the inline backend; every later one must be shown too.
    blank = [cell.source.splitlines()[0] for cell in plotting if not any("image/png" in out.get("data", {}) for out in cell.outputs)]
    assert blank == []
    shown = sum("image/png" in out.get("data", {}) for cell in plotting for out in cell.outputs)
    written = len(_png_names(figures / "docs")) + len(_png_names(figures / "report"))
    assert (shown, written) == (23, 23)


def test_figures_notebook_writes_the_docs_figures_as_make_figures_does(figures_notebook, tmp_path):
    _, figures = figures_notebook
    # A fresh interpreter, as for the docs' own build: the same figures from another process.
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "make_figures.py"), str(tmp_path)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert _png_names(figures / "docs") == _png_names(tmp_path)
    different = [name for name in _png_names(tmp_path) if (figures / "docs" / name).read_bytes() != (tmp_path / name).read_bytes()]
    assert different == []


def test_figures_notebook_writes_the_report_figures_as_the_report_does(figures_notebook, tmp_path):
    _, figures = figures_notebook
    # The command in a fresh interpreter, as a student runs it: the notebook's report is checked in its own kernel.
    result = subprocess.run([sys.executable, "-m", "policycompare", "report", "--out", str(tmp_path / "report"), "--quiet"],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    reported = tmp_path / "report" / "figures"
    assert sorted(path.name for path in (figures / "report").iterdir()) == sorted(path.name for path in reported.iterdir())
    assert len(_png_names(reported)) == 15
    different = [path.name for path in reported.iterdir() if (figures / "report" / path.name).read_bytes() != path.read_bytes()]
    assert different == []
