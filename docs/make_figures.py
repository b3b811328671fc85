"""Draw the figures of the user guide from the bundled corpus.

Run from anywhere::

    python docs/make_figures.py            # writes docs/_static/figures/*.png
    python docs/make_figures.py OUT_DIR    # or into another folder

The code is the code of the guide's Figures section. Layouts are seeded, so the
same versions of policycompare, matplotlib and the font give the same files.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window, the same output with or without a display

import matplotlib.pyplot as plt  # noqa: E402

import policycompare as pc  # noqa: E402
from policycompare import plotting  # noqa: E402

FIGURE_DIR = Path(__file__).resolve().parent / "_static" / "figures"
REGIONS = ["huaxi", "yinchuan", "anning", "qixing"]
# The docs show figures about 700 pixels wide; 150 dpi keeps them sharp on high-density screens.
DPI = 150


def draw_figures():
    """Return ``{file stem: Axes or Figure}`` for every figure of the guide."""
    corpus = pc.load_corpus()
    four = corpus.subset(REGIONS)
    labels = corpus.labels
    measures = pc.extract_measures(corpus)
    similarity = pc.compute_similarity(corpus)
    alignment = pc.align_measures(corpus, docs=REGIONS)
    matrix = pc.instrument_matrix(corpus, docs=REGIONS, alignment=alignment)
    crosstab = pc.typology_crosstab(pc.code_instruments(pc.extract_measures(four)))
    graphs = {doc_id: pc.build_keyword_graph(corpus[doc_id], reference=corpus) for doc_id in REGIONS}
    dates = pc.extract_dates(measures)
    return {
        "similarity": plotting.plot_similarity_heatmap(similarity.loc[REGIONS, REGIONS], labels=labels),
        "alignment": plotting.plot_alignment_heatmap(alignment, measures, doc_a="huaxi", doc_b="yinchuan",
                                                     labels=labels),
        "instruments": plotting.plot_instrument_matrix(matrix[matrix["n_regions"] >= 2], labels=labels),
        "instrument_types": plotting.plot_instrument_types(crosstab, labels=labels),
        "keyword_graph": plotting.plot_keyword_graph(graphs["huaxi"], top_n=30),
        "graph_comparison": plotting.plot_graph_comparison(graphs["huaxi"], graphs["yinchuan"],
                                                           names=("花溪区", "银川市")),
        "distinctive_terms": plotting.plot_distinctive_terms_grid(pc.compute_distinctive_terms(four), labels=labels),
        "timeline": plotting.plot_timeline(dates[dates["doc_id"].isin(REGIONS)], labels=labels, docs=REGIONS,
                                           periods=dict(zip(corpus.documents["doc_id"], corpus.documents["period"])),
                                           issued=dict(zip(corpus.documents["doc_id"], corpus.documents["date"]))),
    }


def main(out_dir=FIGURE_DIR):
    """Write every figure of the guide as PNG into ``out_dir``; return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, drawing in draw_figures().items():
        path = out_dir / f"{stem}.png"
        plotting.write_figure(drawing, path, dpi=DPI)
        paths.append(path)
        print(f"wrote {path}")
    plt.close("all")
    return paths


if __name__ == "__main__":
    main(*sys.argv[1:2])
