"""The notebooks as a student runs them: in a Jupyter kernel, every figure shown.

The suite also executes every notebook with nbmake (errors fail it); this
checks what nbmake does not, that each figure is displayed.
"""

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_every_figure_cell_of_the_figures_notebook_shows_its_figure():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    path = NOTEBOOKS / "02-report-figures.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    plotting = [cell for cell in notebook.cells if cell.cell_type == "code" and "plotting.plot_" in cell.source]
    assert len(plotting) == 8
    # The first figure of a session loads the inline backend; every later one must be shown too.
    blank = [cell.source.splitlines()[-1] for cell in plotting if not any("image/png" in out.get("data", {}) for out in cell.outputs)]
    assert blank == []
