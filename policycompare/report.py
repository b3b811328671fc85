"""The HTML report: every table as CSV, every figure as PNG and SVG, graphs as GEXF, one index.html.

The page is static and self-contained (figures embedded as PNG data), opens
from disk, and escapes all document text. Every file is written atomically, so
a failed run leaves earlier outputs intact.
"""

import base64
import hashlib
import html
import math
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

from .cache import cache_root, digest_content, hash_parts, load_table, store_table
from .errors import PolicyCompareError, listed, warn
from .workers import resolve_jobs
from .writing import GENERATOR_TAG, check_output_dir, prepare_output_dir, write_bytes, write_table, write_text

__all__ = ["render_page", "table_section", "write_report"]

_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.9em;color:#555}
.scroll{max-height:28em;overflow:auto}nav a{margin-right:1em}table.terms{font-size:.9em}table.terms th{white-space:nowrap}
"""


# The cache's folders of drawn figures (PNG bytes and compressed SVG of each) and of written graph files (compressed).
_FIGURES = "figures"
_GRAPHS = "graph-files"
# The cache's folder of whole reports (every file compressed, and the plans' warnings).
_REPORTS = "reports"

# What a reader of the page must know before citing a link or an instrument cluster.
_ALIGNMENT_CAVEAT = (
    "Links and instrument clusters are the suggestions of a statistical model: on plan pairs labelled by hand and kept out "
    "of its making it finds about half of the links a careful reader makes, and about one link in three it proposes "
    "is wrong (policycompare's docs, method-alignment.md, give the figures). Read the two texts of a link "
    "(alignment.csv) before citing it."
)


def render_page(title, sections):
    """A complete HTML page from ``(heading, html_body)`` sections; the title is escaped.

    Parameters
    ----------
    title : str
        The page title, also its first heading.
    sections : list of (str, str)
        ``(heading, html_body)`` pairs in page order; each heading is escaped
        and linked from the page's navigation, each body is inserted as it is.
    """
    nav = " ".join(f'<a href="#s{n}">{html.escape(h)}</a>' for n, (h, _) in enumerate(sections))
    body = "\n".join(f'<h2 id="s{n}">{html.escape(h)}</h2>\n{content}' for n, (h, content) in enumerate(sections))
    return (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">{GENERATOR_TAG}"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body><h1>{html.escape(title)}</h1><nav>{nav}</nav>\n{body}\n</body></html>\n"
    )


def table_section(heading, frame, *, max_rows=200, csv_name=None, intro="", max_chars=160, cut_note="First {shown} of {total} rows"):
    """A section showing a table (escaped), cut to ``max_rows`` with a link to the full CSV.

    Cells with Chinese text are marked ``lang="zh"``.

    Parameters
    ----------
    heading : str
    frame : pandas.DataFrame
        The table; text cells longer than ``max_chars`` characters are shortened.
    max_rows : int, default=200
        Rows shown at most.
    csv_name : str, default=None
        File name of the full table, linked from the section (default: no link).
    intro : str, default=""
        HTML shown before the table: what it shows and how to read it.
    max_chars : int or None, default=160
        Characters shown of a text cell; None shows every cell whole.
    cut_note : str, default="First {shown} of {total} rows"
        What the rows shown are, when the table is cut (``{shown}`` and
        ``{total}`` are filled in): say so when ``frame`` was sorted for it.

    Returns
    -------
    tuple of (str, str)
        ``(heading, html_body)``, a section for :func:`render_page`.
    """
    note = ""
    if len(frame) > max_rows:
        note = f"<p>{cut_note.format(shown=max_rows, total=len(frame))}" + (f"; all in <a href=\"{html.escape(csv_name)}\">{html.escape(csv_name)}</a>" if csv_name else "") + ".</p>"
    elif csv_name:
        note = f'<p><a href="{html.escape(csv_name)}">{html.escape(csv_name)}</a></p>'
    from pandas.api.types import is_string_dtype

    shown = frame.head(max_rows).copy()
    for column in shown.columns:
        # Text columns are object columns, or str columns under pandas 3.
        if shown[column].dtype == object or is_string_dtype(shown[column].dtype):
            # pandas shows a line break in a cell as a literal \n; the page shows a space (the CSV keeps the text).
            shown[column] = shown[column].map(lambda v: v if not isinstance(v, str) else _shortened(" ".join(v.split("\n")), max_chars))
    return heading, intro + note + '<div class="scroll">' + _marked_cells(shown.to_html(index=False, escape=True, border=0, na_rep="")) + "</div>"


def _shortened(text, limit=160):
    return text if limit is None or len(text) <= limit else text[:limit] + "…"


# Han characters, and the punctuation and full-width forms of Chinese text.
_HAN = "\u3400-\u9fff\uf900-\ufaff"
_CHINESE = f"\u3000-\u303f{_HAN}\uff00-\uffef"
# A run of Chinese text: starts and ends with a Chinese character, and may hold digits between (2023年9月至2025年12月).
_CHINESE_RUN = re.compile(f"[{_CHINESE}]+(?:[0-9.]+[{_CHINESE}]+)*")
# A table cell as pandas writes it (its text escaped, so without markup), that holds a Han character.
_CHINESE_CELL = re.compile(f"<(td|th)>([^<]*[{_HAN}][^<]*)</\\1>")


def _text_html(text):
    """``text`` escaped, its runs of Chinese marked ``lang="zh"``: the page is in English.

    Examples
    --------
    >>> _text_html("Keyword network: <b>花溪区</b>, 2023年9月")
    'Keyword network: &lt;b&gt;<span lang="zh">花溪区</span>&lt;/b&gt;, 2023<span lang="zh">年9月</span>'
    """
    return _CHINESE_RUN.sub(lambda match: f'<span lang="zh">{match.group()}</span>', html.escape(text))


def _marked_cells(table_html):
    """A table as pandas writes it, with each cell that holds Chinese text marked ``lang="zh"``.

    Examples
    --------
    >>> _marked_cells("<tr><th>doc_id</th><th>花溪区</th></tr><tr><td>huaxi:3.1 加大财政投入</td><td>0.98</td></tr>")
    '<tr><th>doc_id</th><th lang="zh">花溪区</th></tr><tr><td lang="zh">huaxi:3.1 加大财政投入</td><td>0.98</td></tr>'
    """
    return _CHINESE_CELL.sub(lambda match: f'<{match.group(1)} lang="zh">{match.group(2)}</{match.group(1)}>', table_html)


# File names may be 255 bytes long; a stem this long leaves room for the suffix (.gexf, .svg).
_LONGEST_STEM = 200


def _file_stem(*parts):
    """``parts`` joined by ``_`` as a file's stem, shortened with a hash of the whole when too long for a file name.

    Plan ids come from file names, and two long Chinese names (three bytes a
    character) joined make a name no file system takes.

    Examples
    --------
    >>> _file_stem("alignment", "huaxi", "yinchuan")
    'alignment_huaxi_yinchuan'
    >>> stem = _file_stem("alignment", "关于印发某县教育高质量发展三年行动实施方案的通知" * 3, "乙" * 80)
    >>> len(stem.encode("utf-8")) <= 200, stem[:13], stem[-9:-8]
    (True, 'alignment_关于印', '-')
    """
    import hashlib

    stem = "_".join(parts)
    if len(stem.encode("utf-8")) <= _LONGEST_STEM:
        return stem
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    kept = stem.encode("utf-8")[:_LONGEST_STEM - 9].decode("utf-8", "ignore")
    return f"{kept}-{digest}"


def _short_label(name, longest=20):
    """A plan's name as a figure label: a long one (a file name used as its id) keeps its start and end.

    Examples
    --------
    >>> _short_label("花溪区")
    '花溪区'
    >>> _short_label("关于印发某县教育高质量发展三年行动实施方案的通知（2023）")
    '关于印发某县教育高质量…通知（2023）'
    """
    return name if len(name) <= longest else f"{name[:longest - 9]}…{name[-8:]}"


def _figure_labels(labels):
    """Each plan's figure label: :func:`_short_label` of its name, or the name in full where shortening made two alike.

    Examples
    --------
    >>> _figure_labels({"a": "安宁市 (anning_2023_plan_final)", "b": "安宁市 (anning_2024_plan_final)", "c": "花溪区"})
    {'a': '安宁市 (anning_2023_plan_final)', 'b': '安宁市 (anning_2024_plan_final)', 'c': '花溪区'}
    """
    short = {doc_id: _short_label(name) for doc_id, name in labels.items()}
    shared = Counter(short.values())
    return {doc_id: labels[doc_id] if shared[label] > 1 else label for doc_id, label in short.items()}


def _href(relative):
    """A relative file path as an attribute value: URL-quoted (a ``#`` or ``%`` in a plan's id is no anchor) and escaped.

    Examples
    --------
    >>> _href('figures/network_计划#1<b>".svg')
    'figures/network_%E8%AE%A1%E5%88%92%231%3Cb%3E%22.svg'
    """
    from urllib.parse import quote

    return html.escape(quote(relative, safe="/"))


def _figure_html(png_bytes, caption, stem):
    data = base64.b64encode(png_bytes).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
        f'<figcaption>{_text_html(caption)} (<a href="{_href(f"figures/{stem}.svg")}">SVG</a>, '
        f'<a href="{_href(f"figures/{stem}.png")}">PNG</a>)</figcaption></figure>'
    )


# PNG resolution of the report's figures; the layout is made at it too.
_PNG_DPI = 150


def _save_figure(figure, folder, stem):
    """Write PNG and SVG atomically, the same bytes for the same figure; return the PNG bytes for embedding.

    :func:`~policycompare.plotting.write_figure` writes both files from one
    layout, so a reader who draws a figure with its ``plot_*`` function and
    writes it at the report's resolution gets the report's two files.
    """
    import matplotlib.pyplot as plt

    from .plotting import write_figure

    png = folder / f"{stem}.png"
    write_figure(figure, [png, folder / f"{stem}.svg"], dpi=_PNG_DPI)
    plt.close(figure)
    return png.read_bytes()


def _draw_and_save(folder, stem, draw, args, kwargs, key=None):
    """Draw a figure with ``draw(*args, **kwargs)`` (a ``plot_*`` function) and write it; returns the PNG bytes.

    Runs in this process or in a worker: a worker gets the function and its
    data, not a drawn figure, so no figure crosses processes (an unpickled
    figure keeps the other process's object ids in its transforms, and
    unpickling costs about as much as drawing). With a ``key``
    (:func:`_figure_key`) the two files are stored in the cache under it.
    """
    from matplotlib.axes import Axes

    drawn = draw(*args, **kwargs)
    png = _save_figure(drawn.figure if isinstance(drawn, Axes) else drawn, folder, stem)
    if key is not None:
        store_table(_FIGURES, key, {"png": png, "svgz": zlib.compress((folder / f"{stem}.svg").read_bytes(), 1)})
    return png


# Settings that say how matplotlib shows figures on screen, not how it draws them into a file.
_SCREEN_SETTINGS = ("backend", "interactive", "keymap.", "toolbar", "webagg.", "savefig.directory")


def _figure_key(draw, args, kwargs):
    """The cache key of the figure ``draw(*args, **kwargs)`` writes, or None when its data cannot be pickled or caching is off.

    A figure is a function of its data, the drawing function, the package's
    code, matplotlib's and networkx's versions (networkx lays out the
    keyword networks), the Chinese font file and matplotlib's settings
    (a notebook's ``plt.style.use`` changes the figure, so it changes the key).
    """
    if cache_root() is None:
        return None
    try:
        data = digest_content(args, kwargs)
    except Exception:  # data that cannot be pickled (a lambda in kwargs) is drawn each time
        return None
    return hash_parts("figure", draw.__module__, draw.__qualname__, data, _drawing_context())


def _drawing_context():
    """What a figure depends on besides its data and the package's code: library versions, font file, settings."""
    from importlib.metadata import version

    import matplotlib

    from .fonts import find_cjk_font

    font = Path(find_cjk_font().path)
    stat = font.stat()
    # dict.items: rcParams' own items() resolves the backend, which imports pyplot (0.2 s) in a process that may draw nothing.
    settings = {name: repr(value) for name, value in dict.items(matplotlib.rcParams) if not name.startswith(_SCREEN_SETTINGS)}
    return [matplotlib.__version__, version("networkx"), str(font), stat.st_size, stat.st_mtime_ns, settings]


def _write_graph_file(graph, path):
    """:func:`~policycompare.graphs.write_graph`, or the bytes it wrote for an equal graph before (from the cache).

    Writing a plan's graph takes about a hundredth of a second; reading it back from the cache, less.
    """
    from importlib.metadata import version

    from .graphs import write_graph

    key = None if cache_root() is None else hash_parts(_GRAPHS, path.suffix, digest_content(graph), version("networkx"))
    stored = None if key is None else load_table(_GRAPHS, key)
    if isinstance(stored, bytes):
        write_bytes(zlib.decompress(stored), path)
        return
    write_graph(graph, path)
    if key is not None:
        store_table(_GRAPHS, key, zlib.compress(path.read_bytes(), 1))


def _write_stored(folder, stem, stored):
    write_bytes(zlib.decompress(stored["svgz"]), folder / f"{stem}.svg")
    write_bytes(stored["png"], folder / f"{stem}.png")
    return stored["png"]


def _start_worker():
    import matplotlib

    matplotlib.use("Agg")  # a worker never opens a window, whatever the parent's backend


class _FigureWriter:
    """Draws and writes figures as they come, in this process or, with ``n_jobs`` > 1, in worker processes.

    Rasterising a figure as PNG and SVG with text as glyph outlines is about
    half of a report's time, and figures do not depend on each other. A
    figure drawn before from the same data, code and settings is copied from
    the cache instead (:func:`_figure_key`). Results come back in submission
    order.
    """

    def __init__(self, folder, n_jobs):
        self.folder = folder
        self.n_jobs = resolve_jobs(n_jobs)
        self.pool, self.pending = None, []

    def submit(self, stem, draw, *args, **kwargs):
        key = _figure_key(draw, args, kwargs)
        stored = None if key is None else load_table(_FIGURES, key)
        if isinstance(stored, dict) and {"png", "svgz"} <= stored.keys():
            self.pending.append(_write_stored(self.folder, stem, stored))
            return
        if self.n_jobs <= 1:
            self.pending.append(_draw_and_save(self.folder, stem, draw, args, kwargs, key))
            return
        from concurrent.futures import ProcessPoolExecutor

        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.n_jobs, initializer=_start_worker)
        self.pending.append(self.pool.submit(_draw_and_save, self.folder, stem, draw, args, kwargs, key))

    def results(self):
        """The PNG bytes of every figure, in submission order, once all are written."""
        try:
            return [item if isinstance(item, bytes) else item.result() for item in self.pending]
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)


class _Steps:
    """Progress over the report's steps, on standard error."""

    def __init__(self, names, enabled):
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=len(names), desc="report", unit="step", file=sys.stderr, leave=False)

    def __call__(self, name):
        if self.bar is not None:
            self.bar.set_postfix_str(name)
            self.bar.update(1)

    def close(self):
        if self.bar is not None:
            self.bar.close()


# Plans, in the order given, that get a figure of their keyword network.
_NETWORKS_DRAWN = 8
# Panels of the distinctive-terms figure: five rows of four fill a page; every plan's terms are in the table.
_TERM_PANELS_DRAWN = 18
# Plans in a figure with a row or bar per plan (the timeline, the instrument types): at 150 dpi a row takes
# about 60 pixels, so 400 plans made images 27,000 pixels tall, embedded in the page, that no reader scrolls.
_ROWS_DRAWN = 100
# Plans named in a "not drawn" line before it says how many more.
_NAMED_AT_MOST = 20


def _named(labels, doc_ids):
    """The display names of ``doc_ids`` joined with 、, the first 20 and the number of the others."""
    return listed([labels[doc_id] for doc_id in doc_ids], _NAMED_AT_MOST, "、")


# Two plans whose TF-IDF cosine reaches this are versions of one plan (the similarity heatmap draws them darkest):
# on the bundled corpus collection-02 and collection-05 score 0.996, the next pair 0.58.
_VERSIONS_AT = 0.9


def _find_versions(similarity, at=_VERSIONS_AT):
    """The pairs of plans whose similarity reaches ``at``, as ``(doc_a, doc_b, similarity)``, in the table's order.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame([[1.0, 0.2, 0.95], [0.2, 1.0, 0.1], [0.95, 0.1, 1.0]], index=list("abc"), columns=list("abc"))
    >>> _find_versions(table)
    [('a', 'c', 0.95)]
    """
    ids = list(similarity.index)
    values = similarity.to_numpy()
    return [(ids[i], ids[j], float(values[i, j])) for i in range(len(ids)) for j in range(i + 1, len(ids)) if values[i, j] >= at]


def _plan_name(labels, doc_id):
    """A plan as the page names it in a sentence: its region name with its id, or its id alone.

    A label that holds the id already (a region two plans share, see :attr:`~policycompare.corpus.Corpus.labels`) is named as it is.
    """
    label = labels[doc_id]
    return label if label == doc_id or label.endswith(f" ({doc_id})") else f"{label} ({doc_id})"


def _versions_html(versions, labels):
    """The page's sentence on plans that are versions of one plan, or "" when there are none."""
    if not versions:
        return ""
    pairs = listed([f"{_plan_name(labels, a)} and {_plan_name(labels, b)}, at {value:.3f}" for a, b, value in versions],
                   _NAMED_AT_MOST, "; ")
    one = len(versions) == 1
    return (f"<p>{'These two plans are' if one else 'These pairs of plans are'} versions of one plan (text similarity, "
            f"TF-IDF cosine, of {_VERSIONS_AT} or more): {_text_html(pairs)}. Their links to each other are copies rather "
            "than agreement, and instrument clusters count them as two plans (a cluster only they have is partial, "
            "not unique).</p>")


# The legend of the instrument clusters figure (plotting.plot_instrument_matrix), read in English.
_STATUS_LEGEND = {
    "shared": ("各地共有", "blue", "shared by every plan"),
    "partial": ("部分地区", "green", "partial: in two or more plans, not all"),
    "unique": ("仅一地", "orange", "unique: in one plan"),
}


def _instruments_caption(caption, shown):
    """The instrument clusters figure's caption: what rows, columns, dots and the legend's statuses mean."""
    legend = "; ".join(f"{colour} ({label}), {meaning}" for status, (label, colour, meaning) in _STATUS_LEGEND.items()
                       if status in set(shown["status"]))
    found = " (two or more)" if shown["n_regions"].min() >= 2 else ""
    return (f"{caption}: the {len(shown)} clusters found in most plans{found}, a row per cluster, named by its id in "
            "tables/instruments.csv and its three heaviest words (a cluster of frame sections, such as the plans' goals or "
            "schedules, with its role in brackets: 〔目标〕), and a column per plan; a dot where the plan has a measure in the cluster (light grey, 该地未涉及: none). "
            f"Colour, as in the legend: {legend}. Every cluster is in tables/instruments.csv")


def _types_caption(crosstab):
    """The instrument types figure's caption, with the number of uncoded units it draws in grey."""
    from .typology import UNCODED

    scheme = crosstab.xs("rothwell_zegveld", level="scheme")
    uncoded = scheme.loc[UNCODED] if UNCODED in scheme.index else scheme.iloc[:0].sum()
    grey = (f"The light grey segment (未编码, uncoded) holds the {int(uncoded.sum())} units no type fits, in "
            f"{int((uncoded > 0).sum())} of the {len(uncoded)} plans" if uncoded.sum() else "Every unit is coded")
    return ("Instrument types per plan (Rothwell & Zegveld: 供给型 supply, 环境型 environment, 需求型 demand): each bar "
            "shows all of a plan's units (leaf measures, and sections with text of their own) by their primary type, as "
            f"shares (占比) equal to those of tables/typology_crosstab.csv; n at the right counts them. {grey}. The "
            "McDonnell & Elmore types are in tables/typology_crosstab.csv too")


# The timeline's legend (plotting.plot_timeline), read in English.
_TIMELINE_KEY = ("Key: 规划期, the plan's period; 阶段, a phase; 无截止时间（渐隐）, a phase or period without an end, fading out; "
                 "文中提及的时期 (grey line), another period the text names; 目标期限, a deadline; 日期, another date; 印发, "
                 "the issue date; ×n, n markers on one date")


# How to read a keyword network figure (plotting.plot_keyword_graph with its defaults, graphs.build_keyword_graph's window).
def _network_reading(n_plans):
    """How to read a keyword network figure of a report of ``n_plans`` plans, whose IDF sets the colours.

    >>> re.search(r"which is 1 [^,]*", _network_reading(14)).group()
    'which is 1 for a term every plan uses and 3.0 for a term no other plan uses'
    """
    largest = math.log((1 + n_plans) / 2) + 1
    return ("Drawn are the plan's 40 most frequent terms (stopwords and the plans' own place names left out: the regions "
            "of the document list or titles; other places a plan names, a partner city say, stay) and the 100 links "
            "among them that occur most often: two terms are linked when they stand fewer than five words apart in one sentence. "
            "点的面积 (dot area): how often the term occurs; 颜色深浅 (colour, pale to dark): its TF-IDF weight against the "
            f"{n_plans} plans of this report, the term's count in the plan times a smooth IDF, ln((1 + n) / (1 + df)) + 1, "
            f"which is 1 for a term every plan uses and {largest:.1f} for a term no other plan uses, so a frequent general word "
            "(学校, 教育) can be darker than a rare word of the plan's own (tables/distinctive_terms.csv names those); 线宽 "
            "(line width): how often the two co-occur. The key gives each scale's range in this figure: every network is "
            "scaled to its own terms and links, so a colour or size means another value in another plan's network. Terms "
            "none of whose links is drawn are left out; the whole graph is in graphs/ (GEXF)")


# Above this many plans a report caps each measure's links (top_k) unless told otherwise: with every
# measure's five best in each of hundreds of peer plans, 400 plans gave 2.4 million links, a 530 MB table
# and four minutes of grouping.
_MANY_PLANS = 20
_TOP_K_OF_MANY = 10


def report_top_k(n_plans, top_k="auto"):
    """The ``top_k`` a report of ``n_plans`` aligns with: ``top_k`` itself, or for "auto" none up to 20 plans and 10 above.

    Examples
    --------
    >>> report_top_k(14), report_top_k(400), report_top_k(400, None), report_top_k(14, 3)
    (None, 10, None, 3)
    """
    if isinstance(top_k, str) and top_k == "auto":
        return None if n_plans <= _MANY_PLANS else _TOP_K_OF_MANY
    return top_k


def write_report(corpus, out_dir, *, docs=None, progress=True, n_jobs=1, top_k="auto"):
    """Write the full report for a corpus into ``out_dir``.

    Parameters
    ----------
    corpus : Corpus
    out_dir : str or os.PathLike
        Created if missing; files of the same names that a report wrote
        are replaced only once each is completely written. The files an earlier report
        wrote there and this one does not write again are then deleted
        (see Notes).
    docs : list of str, default=None
        Plans to compare (default: all).
    progress : bool, default=True
        Show progress on standard error; nothing else is printed (the
        command line lists the files written).
    n_jobs : int, default=1
        Processes for tokenization and for writing the figures.
    top_k : int or None or "auto", default="auto"
        The alignment's cap on each measure's links over all peer plans (see
        :func:`policycompare.align_measures`): None keeps each measure's five
        best in every peer plan; "auto" is None for up to 20 plans and 10
        for more, where the links of five per peer plan grow with the square
        of the number of plans (400 plans: 2.4 million). The instruments are
        grouped from these links, so with a cap an instrument holds at most
        about ``top_k / 0.27`` measures. The page says which was used.

    Returns
    -------
    list of pathlib.Path
        Every file written, index.html last; before it the folder's list of
        them, ``policycompare-files.sha256``.

    Notes
    -----
    ``policycompare-files.sha256`` lists the files a report wrote, with their
    SHA-256. A report written into the same folder later deletes the files
    of that list it does not write again (another corpus's graphs and
    figures), once its own are written; a listed file changed since, and any
    file not listed, is kept. The files a report is about to write are
    listed before the first is written, so a report cut short may be
    written again into its folder. A folder holding a file of a name the
    report writes (``index.html``, ``tables/measures.csv``, a plan's
    ``graphs/<doc_id>.gexf``) that no list names is refused before any work,
    naming the file (:func:`check_replaced_report_files`); a folder an
    earlier version wrote, without a list, is written again.

    The report is stored in the cache (:func:`policycompare.get_cache_dir`),
    compressed, under a hash of the plans as read, the plans chosen, the
    package's code and the figures' settings (matplotlib's settings, the
    font, library versions). The same report again is written from there,
    with the same warnings about the plans; after a change, the figures and
    graph files of unchanged data are still copied rather than drawn.
    ``POLICYCOMPARE_CACHE=off`` computes everything afresh.
    """
    from .corpus import Corpus, _check_once
    from .errors import kept_warnings, reissue

    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a Corpus (pc.load_corpus(folder) reads one); got {type(corpus).__name__}")
    if docs is not None:
        docs = _check_once(docs, "docs", "document")  # before list(): one id as a str would become its characters
    docs = list(corpus.doc_ids if docs is None else docs)
    top_k = report_top_k(len(docs), top_k)
    if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1):
        raise PolicyCompareError(f"top_k={top_k!r}; expected a positive integer, None or 'auto'")
    plans = corpus.path
    corpus = corpus.subset(docs)
    check_replaced_report_files(out_dir, docs)
    _check_report_folders(out_dir, plans=plans)
    out = prepare_output_dir(out_dir, plans=plans)
    earlier = _read_manifest(out)
    _list_pending(out, earlier, docs)
    key = _report_key(corpus, docs, top_k)
    stored = None if key is None else load_table(_REPORTS, key)
    if isinstance(stored, dict) and {"files", "warnings"} <= stored.keys():
        reissue(stored["warnings"], stacklevel=2)
        return _replace_manifest(out, earlier, _write_stored_report(out, stored["files"]))
    # The plans' warnings are kept with a stored report, so that writing it again warns as this run does: each once, as
    # the page lists them.
    with kept_warnings(once=True) as kept:
        written = _write_report(corpus, out, docs, progress, n_jobs, top_k, kept.so_far)
    if key is not None:
        files = [(str(path.relative_to(out)), zlib.compress(path.read_bytes(), 1)) for path in written]
        store_table(_REPORTS, key, {"files": files, "warnings": list(kept)})
    return _replace_manifest(out, earlier, written)


# The list of the files a report wrote into its folder, each with its SHA-256: what the next report may delete.
# It is in sha256sum's format (comment lines aside), so `sha256sum -c` checks the folder; a name that is no plan
# file's (.txt) keeps a report folder among the plans from being taken for a plan in a subfolder.
MANIFEST_NAME = "policycompare-files.sha256"
_MANIFEST_HEADER = ("# The files policycompare report wrote into this folder, with their SHA-256. A report written here again\n"
                    "# deletes those it does not write again, unless they were changed since; it never deletes other files.\n")


# The tables and the figures of fixed names a report writes (see _write_report; a test checks these lists).
_TABLE_NAMES = ("documents", "cleaning", "measures", "targets", "responsibilities", "dates", "keywords", "distinctive_terms",
                "similarity", "shingle_similarity", "alignment", "typology_coding", "typology_crosstab", "instruments",
                "instrument_measures")
_FIGURE_STEMS = ("distinctive_terms", "timeline", "similarity", "instruments", "instrument_types")


def _report_files(docs):
    """The files, relative to its folder, that a report of the plans ``docs`` may write (a figure with nothing to draw is not)."""
    stems = [*_FIGURE_STEMS, *(_file_stem("network", doc_id) for doc_id in docs[:_NETWORKS_DRAWN])]
    if len(docs) >= 2:
        stems += [_file_stem("alignment", docs[0], docs[1]), _file_stem("network_comparison", docs[0], docs[1])]
    return {"index.html", MANIFEST_NAME, *(f"tables/{name}.csv" for name in _TABLE_NAMES),
            *(f"figures/{stem}.{suffix}" for stem in stems for suffix in ("png", "svg")),
            *(f"graphs/{_file_stem(doc_id)}.gexf" for doc_id in docs)}


# The subfolders of a report's folder, made by _write_report (and _write_stored_report) as their files are written.
_SUBFOLDERS = ("tables", "figures", "graphs")


def _check_report_folders(out_dir, *, plans=None):
    """Refuse a report's folder, or one of its subfolders, that cannot be made or written; nothing is created.

    All are checked before any is made, so that a ``figures`` that is a
    file, or a folder the user may not write in, leaves no empty ``tables``
    behind.

    Examples
    --------
    >>> _check_report_folders("新报告")
    """
    check_output_dir(Path(out_dir), plans=plans)
    for name in _SUBFOLDERS:
        check_output_dir(Path(out_dir) / name)


def check_replaced_report_files(out_dir, docs):
    """Refuse, before any work, a folder holding a file that a report of ``docs`` would write and no report listed.

    The files a report's :data:`MANIFEST_NAME` list names may be replaced,
    those of a run cut short too (:func:`_list_pending`); a folder an earlier
    version wrote, without a list but with its ``index.html``, is the
    report's to write again. Any other file of a name the report writes (an
    ``index.html``, a ``tables/documents.csv``, a ``graphs/anning.gexf`` of
    the user's) is not replaced: the folder is refused naming it
    (:func:`~policycompare.writing.check_replaced_files`). Files of other
    names (``figures/my-chart.png``, ``notes.txt``) are left as they are.
    """
    from .corpus import _is_our_page
    from .writing import check_replaced_files

    out = Path(out_dir)
    if not (out / MANIFEST_NAME).is_file() and _is_our_page(out / "index.html"):
        return
    check_replaced_files(out, sorted(_report_files(list(docs)) - {MANIFEST_NAME}), written=_read_manifest(out), writer="the report")


# The digest a file is listed with before it is written (:func:`_list_pending`): no file has it.
_PENDING = "0" * 64


def _list_pending(out, earlier, docs):
    """List, before the first file is written, the files this report of ``docs`` may write, beside those ``earlier`` listed.

    Their digests are not known yet: each is listed with 64 zeros, which no
    file has, until the list is written again at the end
    (:func:`_replace_manifest`). A run cut short thus leaves a folder whose
    files its next run may replace, and that no file of the user's is taken
    for one of the report's; a pending file is never deleted as stale (it
    counts as changed since).
    """
    pending = {name: _PENDING for name in sorted(_report_files(list(docs)) - {MANIFEST_NAME}) if name not in earlier}
    lines = "".join(f"{digest}  {name}\n" for name, digest in {**earlier, **pending}.items())
    write_text(_MANIFEST_HEADER + lines, out / MANIFEST_NAME)


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _read_manifest(out, *, name=MANIFEST_NAME):
    """``{relative path: SHA-256}`` of the files an earlier report listed in ``out``; empty without a list.

    A line that is no ``<hex digest>  <relative path>`` inside the folder (an
    absolute path, a ``..``) is passed over: the list is only ever trusted to
    name files of this folder. ``name`` is the list's file name: a draft
    check keeps a list of its own (:func:`~policycompare.drafting.write_draft_comparison`).
    """
    from pathlib import PurePosixPath

    try:
        text = (out / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    listed_files = {}
    for line in text.splitlines():
        digest, _, file_name = line.partition("  ")
        relative = PurePosixPath(file_name)
        if (re.fullmatch(r"[0-9a-f]{64}", digest) and file_name and not relative.is_absolute()
                and ".." not in relative.parts and file_name != name):
            listed_files[relative.as_posix()] = digest
    return listed_files


def _remove_stale(out, earlier, written):
    """Delete the files of ``earlier`` (:func:`_read_manifest`) not in ``written``, if unchanged since; return them.

    A file changed since it was written, a symbolic link (never written by a
    report) and anything that resolves outside ``out`` are kept. A changed
    file kept is named in a warning: it is no longer listed, so the folder
    now holds a file of the user's (which the next report to write it refuses
    to replace), beside files of this run that do not refer to it.
    """
    kept = {path.relative_to(out).as_posix() for path in written}
    root = out.resolve()
    removed, changed = [], []
    for name, digest in sorted(earlier.items()):
        path = out / name
        if name in kept or path.is_symlink() or not path.is_file() or root not in path.resolve().parents:
            continue
        try:
            if _sha256(path) == digest:
                path.unlink()
                removed.append(path)
            elif digest != _PENDING:  # a pending file (a run cut short) was never complete: no one changed it
                changed.append(name)
        except OSError:
            pass  # a stale file that cannot be read or deleted is left as it is; the new files are all written
    if changed:
        one = len(changed) == 1
        warn(f"kept {listed(changed)}, written by an earlier run and changed since, though this run did not write "
             f"{'it' if one else 'them'}; {'it is' if one else 'they are'} no longer listed as written here", path=out)
    return removed


def _replace_manifest(out, earlier, written, *, name=MANIFEST_NAME, header=_MANIFEST_HEADER):
    """Delete the earlier report's stale files, write the list of ``written``; return ``written`` with the list before index.html.

    ``name`` and ``header`` are the list's file name and its opening comment
    (a draft check's list, before its report.html, has its own).
    """
    _remove_stale(out, earlier, written)
    manifest = out / name
    lines = "".join(f"{_sha256(path)}  {path.relative_to(out).as_posix()}\n" for path in written)
    write_text(header + lines, manifest)
    return [*written[:-1], manifest, written[-1]]


def _report_key(corpus, docs, top_k):
    """The cache key of a corpus's report: every document as read, the plans chosen and options, the code and the drawing context."""
    if cache_root() is None:
        return None
    plans = [digest_content([doc.doc_id, doc.text, doc.raw, doc.metadata, doc.raw_offsets, list(doc.edits), doc.source_path,
                             doc.source_start, doc.encoding, list(doc.header_edits)]) for doc in corpus]
    # The warnings of reading the plans are shown on the page.
    return hash_parts("report", plans, docs, top_k, list(corpus.read_warnings), _drawing_context())


def _write_stored_report(out, files):
    written = []
    for name, data in files:
        path = out / name
        prepare_output_dir(path.parent)
        write_bytes(zlib.decompress(data), path)
        written.append(path)
    return written


# --- what the page says about its sections ------------------------------------------------------
# The wording follows docs/method-alignment.md and docs/method-typology.md.

def _glossary(threshold):
    """The page's list of terms: measure, alignment link and score, instrument cluster and status, instrument type."""
    entries = [
        ("Plan", "One document of the corpus, named by its id (doc_id) and, in figures, by its region (region_zh)."),
        ("Measure", "One unit of a plan's outline: a numbered section or item such as （一）加大财政投入, or a sentence-sized "
                    "unit of a plan without numbering. Its id is the plan's id and its outline number (huaxi:3.1). The "
                    "alignment compares leaf measures: units without numbered children, front matter left out."),
        ("Alignment link", "A pair of measures of two different plans that a statistical model suggests address the same "
                           "policy instrument."),
        ("Score of a link", "From 0 to 1: the model's estimate of the probability that a careful reader would link the "
                            "two measures. It is higher the more informative words and character pairs their texts share "
                            "(cos_word, cos_char), the more their headings share (cos_heading), the more alike their "
                            "instrument-type profiles (cos_typology), and when each is the other's best match in its plan "
                            f"(rank_a, rank_b). A link needs {threshold} or more (the model's threshold); two frame sections of one "
                            "role, such as both plans' goals, are raised to it. A score depends on which plans were aligned "
                            "together; quote it with them."),
        ("shared_terms", "The five words that weigh most in both measures of a link: the words that drive the match."),
        ("Instrument cluster", "A group of aligned measures, of one plan or several, that address one policy instrument "
                               "(rows I001, I002, …). Clusters are formed by average linkage over the link scores: the "
                               "measures of different plans in a cluster are on average linked as strongly as a kept link "
                               f"({threshold}). Every leaf measure is in exactly one cluster; a plan's guiding ideology, "
                               "principles, goals and schedule form one cluster per role. A cluster's label is its three "
                               "heaviest words."),
        ("Status of a cluster", "shared: every plan of this report has a measure in it; partial: two or more plans, not "
                                "all; unique: one plan only. Unique means that no cluster with other plans' measures took "
                                "the measure in, not that no other plan says anything like it."),
        ("Instrument type", "The kind of tool a measure uses, coded by keyword dictionaries in two typologies: Rothwell & "
                            "Zegveld's supply (供给型), environment (环境型) and demand (需求型) types, with subtypes such as "
                            "资金投入 (funding); and McDonnell & Elmore's mandates (命令型), inducements (激励型), "
                            "capacity-building (能力建设型), system-changing (系统变革型) and hortatory (劝告型) instruments. A "
                            "unit no keyword codes is 未编码 (uncoded). The coding counts keywords, it does not read: "
                            "tables/typology_coding.csv names the keywords behind each coding. An instrument cluster says "
                            "which plans have a measure on the same thing; an instrument type says what kind of tool one "
                            "measure is (a cluster's category is the most frequent type and subtype of its measures)."),
    ]
    rows = "".join(f"<tr><th>{html.escape(term)}</th><td>{_text_html(text)}</td></tr>" for term, text in entries)
    return f'<table class="terms"><tbody>{rows}</tbody></table>'


_FIGURES_INTRO = ("Each figure is shown with its SVG file (for print) and PNG file. Figures name each plan by its region, "
                  "else its id; their labels are in Chinese, and each caption says how to read its figure.")
_INSTRUMENTS_INTRO = (
    "One row per instrument cluster (see Terms). n_regions: plans with a measure in the cluster; n_measures: its "
    "measures; representative and heading: its measure with the largest total link score inside it; category: the most "
    "frequent Rothwell & Zegveld instrument type and subtype of its measures, empty when none is coded; frame: "
    "ideology, principles, goals or schedule for a cluster of frame sections, empty for measures proper. Each plan's "
    "column lists its measures in the cluster, empty where it has none; tables/instrument_measures.csv has one row per "
    "measure."
)
_ALIGNMENT_INTRO = (
    "One row per alignment link (see Terms), plan pair by plan pair, in outline order. measure_a and measure_b are the "
    "two measures (of plans doc_a and doc_b), heading_a and heading_b their headings, score the link's score; cos_word, "
    "cos_char, cos_heading and cos_typology are the cosines of their body words, character pairs, heading words and "
    "instrument-type profiles; rank_a is 1 divided by measure_b's rank among measure_a's candidates in plan doc_b "
    "(1: measure_a's best match there), rank_b the same from the other side; start and end are character offsets in each "
    "plan's cleaned text. The CSV adds both texts: read them before citing a link."
)
_KEYWORDS_INTRO = (
    "Each plan's {n} keywords, best first: the terms with the highest TF-IDF weight in the plan against all plans of "
    "this report (a term's count taken as 1 + log count, so that one repeated passage does not crowd out the rest). "
    "Stopwords (加强, 推进, 工作, …) and the plans' own place names (their regions) are left out; other places a plan "
    "names, a partner city say, stay. In brackets: how often the term occurs in "
    "the plan. The CSV has one row per keyword, with its score."
)
_SIMILARITY_INTRO = (
    "Cosine similarity of the plans' TF-IDF word vectors: 1 when two plans use the same words in the same proportions, "
    "0 when they share none; words every plan uses weigh little, and stopwords and the plans' own place names are left out. "
    "tables/shingle_similarity.csv measures shared wording instead: the share of five-character sequences two plans "
    "have in common (Jaccard)."
)
_MEASURES_INTRO = (
    "The units of each plan's outline (see Terms), in outline order: plan, measure id, heading and the start of the "
    "text. The CSV adds each unit's whole text, its parent, depth, kind (front matter, section, measure, item, …), "
    "outline label, whether it is a leaf, and its character offsets in the cleaned and the raw text."
)
# Warnings listed on the page; a corpus of hundreds of scraped plans may give thousands.
_WARNINGS_SHOWN = 200
_WARNINGS_INTRO = (
    "What reading the plans and computing this report warned of, as it was printed where the report was written: "
    "text not read, numbering read another way than written, plans without terms. Check the plans named here before "
    "quoting their rows."
)
_FILES_INTRO = (
    f"Every file this report wrote. {MANIFEST_NAME} lists them with their SHA-256: a report written into this folder "
    "again deletes those it does not write again, unless they were changed since; it never deletes files it did not "
    "write."
)
# Measures shown on the page: every measure of a few dozen plans; the CSV holds the rest.
_MEASURES_SHOWN = 1000


def _reads(parse, value, doc):
    """Whether ``parse`` (one of the timeline's readers of a period or a date) reads ``value`` of ``doc``; an empty one does."""
    from .plotting import _is_blank

    if _is_blank(value):
        return True
    try:
        parse(value, doc)
    except ValueError:
        return False
    return True


def _paragraph(text):
    return f"<p>{_text_html(text)}</p>"


def _keywords_by_plan(keywords, documents):
    """One row per plan: its id, region and keywords best first, each with its count in brackets.

    Examples
    --------
    >>> import pandas as pd
    >>> keywords = pd.DataFrame({"doc_id": ["a", "a", "b"], "rank": [1, 2, 1], "term": ["托管帮扶", "集团化办学", "双减"],
    ...                          "score": [0.9, 0.4, 0.8], "count": [2, 1, 1]})
    >>> documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "region_zh": ["甲区", "乙区", "丙区"]})
    >>> _keywords_by_plan(keywords, documents).to_dict("records")[0]
    {'doc_id': 'a', 'region_zh': '甲区', 'keywords': '托管帮扶（2）、集团化办学（1）'}
    """
    ranked = keywords.sort_values(["doc_id", "rank"], kind="stable")
    listed_terms = {doc_id: "、".join(f"{row.term}（{row.count}）" for row in rows.itertuples())
                    for doc_id, rows in ranked.groupby("doc_id", sort=False)}
    frame = documents[["doc_id", "region_zh"]].copy()
    frame["keywords"] = frame["doc_id"].map(listed_terms).fillna("")
    return frame.reset_index(drop=True)


def _write_report(corpus, out, docs, progress, n_jobs, top_k, warned):
    """Compute and write the report's files, index.html last; ``warned()`` gives the warnings issued so far, for the page."""
    import matplotlib.pyplot as plt

    from . import annotations, plotting
    from .alignment import align_with_vectors, load_alignment_model
    from .graphs import build_keyword_graph
    from .instruments import instrument_matrix, instrument_measures
    from .keywords import _compute_distinctive_terms, _extract_keywords
    from .reuse import compute_shingle_similarity
    from .structure import extract_measures
    from .tokens import Tokenizer, _terms_many, region_terms
    from .typology import code_instruments, typology_crosstab
    from .vectors import _compute_similarity

    tables_dir = prepare_output_dir(out / "tables")
    figures_dir = prepare_output_dir(out / "figures")
    graphs_dir = prepare_output_dir(out / "graphs")
    written, sections, figures, not_drawn = [], [], [], []
    steps = _Steps(["measures", "keywords", "similarity", "alignment", "instruments", "graphs", "figures"], progress)
    labels = corpus.labels
    # Captions name a plan in full; figures label it with a long name's start and end, unless that makes two alike.
    figure_labels = _figure_labels(labels)

    def table(name, frame, *, index=False):
        path = tables_dir / f"{name}.csv"
        write_table(frame, path, index=index)
        written.append(path)
        return f"tables/{name}.csv"

    writer = _FigureWriter(figures_dir, n_jobs)
    # Each figure goes to the writer as soon as its data is ready, so worker processes write
    # the first ones while this one computes the rest; the page shows them in this order.
    page_order = ["similarity", "alignment", "instruments", "instrument_types", "distinctive_terms", "timeline", "network"]
    captions = []

    def figure(stem, caption, draw, *args, **kwargs):
        writer.submit(stem, draw, *args, **kwargs)
        captions.append((caption, stem))

    documents = corpus.documents
    table("documents", documents)
    table("cleaning", corpus.cleaning)
    measures = extract_measures(corpus)
    measures_csv = table("measures", measures)
    targets = annotations.extract_targets(measures)
    dates = annotations.extract_dates(measures)
    table("targets", targets)
    table("responsibilities", annotations.extract_responsibilities(measures))
    table("dates", dates)
    steps("measures")

    # One tokenizer masking every plan's place names, as each function masks them by default. The plans are
    # read into its terms once, for keywords, distinctive terms and similarity alike: each read them again
    # from the token cache (0.4 s for a thousand plans), or cut them again with the cache off.
    tokenizer = Tokenizer(mask=region_terms(corpus))
    terms = _terms_many([doc.text for doc in corpus], tokenizer=tokenizer, n_jobs=n_jobs)
    keywords = _extract_keywords(corpus, n=20, tokenizer=tokenizer, n_jobs=n_jobs, terms=terms)
    keywords_csv = table("keywords", keywords)
    # Distinctive terms compare each plan with the others: a report of one plan has none.
    distinctive = _compute_distinctive_terms(corpus, tokenizer=tokenizer, terms=terms) if len(docs) >= 2 else None
    if distinctive is not None:
        table("distinctive_terms", distinctive)
    # Labels are passed to the plot functions rather than renaming the tables: two plans of one
    # region share a display name but must stay two rows. A figure with nothing to draw (short
    # plans: no repeated terms, no dates) is listed as not drawn instead of failing the report.
    caption = "Distinctive terms per region (log-odds, informative Dirichlet prior)"
    if distinctive is None:
        not_drawn.append(f"{caption}: they compare each plan with the others, and there is one plan")
    elif distinctive.empty:
        not_drawn.append(f"{caption}: no term occurs often enough")
    else:
        groups = list(dict.fromkeys(distinctive["group"]))
        # The figure gets the panels it draws: every term of a thousand plans is millions of rows to hash and send.
        drawn = distinctive[distinctive["group"].isin(groups[:_TERM_PANELS_DRAWN])]
        figure("distinctive_terms", f"{caption}: for each plan, the 10 terms it uses most markedly more often than the other plans "
               "together, best first; the x axis, 对数几率 z 值, is the z-score of the log-odds ratio. The panels share one scale, so bars "
               "compare across plans", plotting.plot_distinctive_terms_grid, drawn, labels=figure_labels,
               groups=groups[:_TERM_PANELS_DRAWN])
        rest = groups[_TERM_PANELS_DRAWN:]
        if rest:
            not_drawn.append(f"Distinctive terms of {_named(labels, rest)}: only the first {_TERM_PANELS_DRAWN} plans get a "
                             f"panel; every plan's terms are in tables/distinctive_terms.csv")
    del distinctive  # written; the page does not show it
    dated = dates[(dates["start_date"].fillna("") != "") | (dates["end_date"].fillna("") != "")]
    backwards = plotting.backwards_spans(dated)
    if backwards.any():
        # A typing slip in one plan (2025年6月—2024年8月) must not cost the report its timeline; it stays in dates.csv.
        slips = dated[backwards]
        named = "; ".join(f"{row.measure_id} {row.text}" for row in slips.head(3).itertuples())
        warn(f"{len(slips)} date span{'s in the plans end before they start' if len(slips) > 1 else ' in the plans ends before it starts'} ({named}"
             f"{', …' if len(slips) > 3 else ''}): left out of the timeline; check the plans' text", path=corpus.path)
        dated = dated[~backwards]
    # The band of a plan's period is the period of the document list (the manifest), not every period
    # the text names (十四五); the issue dates widen the years shown.
    # A manifest's date or period of no form the timeline reads (112-08-01) was named in a warning when it was read.
    periods = {doc: value for doc, value in zip(documents["doc_id"], documents["period"]) if _reads(plotting._plan_period, value, doc)}
    issued = {doc: value for doc, value in zip(documents["doc_id"], documents["date"]) if _reads(plotting._date_span, value, doc)}
    caption = ("Timeline: each plan's period (pale band: from the document list, else the plan's title, else the "
               "periods its text names, never a five-year plan such as 十四五), phases, deadlines and dates its text "
               "names, and its issue date; a plan whose text names no date says 文中未写明日期 (no date in the text) in "
               "its row")
    if dated.empty and not any(isinstance(value, str) and value.strip() for value in periods.values()):
        not_drawn.append(f"{caption}: the plans name no dates")
    else:
        figure("timeline", f"{caption}. {_TIMELINE_KEY}", plotting.plot_timeline, dated, labels=figure_labels, docs=docs[:_ROWS_DRAWN], periods=periods,
               issued=issued)
        if len(docs) > _ROWS_DRAWN:
            not_drawn.append(f"Timeline of {_named(labels, docs[_ROWS_DRAWN:])}: only the first {_ROWS_DRAWN} plans get a "
                             f"row; every plan's dates are in tables/dates.csv")
    steps("keywords")

    similarity = _compute_similarity(corpus, tokenizer=tokenizer, terms=terms)
    del terms  # no other step reads the plans' terms
    similarity_csv = table("similarity", similarity.round(6), index=True)
    versions = _find_versions(similarity)
    figure("similarity", f"Document similarity (cosine of the plans' TF-IDF vectors, the IDF taken from the {len(corpus)} plans of this "
           "report, so a pair's value changes with the plans beside it); the diagonal is grey, the colours span the other pairs "
           f"(near-duplicates, {_VERSIONS_AT} and more, in the darkest colour)", plotting.plot_similarity_heatmap, similarity,
           labels=figure_labels)
    table("shingle_similarity", compute_shingle_similarity(corpus).round(6), index=True)
    steps("similarity")

    alignment, vectors = align_with_vectors(corpus, docs=docs, top_k=top_k, n_jobs=n_jobs)
    alignment_csv = table("alignment", alignment)
    steps("alignment")

    # The crosstab counts what the typology codes (leaves, and sections with text of their own), as the
    # docs and notebooks do; the instrument matrix takes the codings of the aligned leaves among them.
    coding = code_instruments(measures, scheme="both")
    table("typology_coding", coding)
    crosstab = typology_crosstab(coding, level="type")
    table("typology_crosstab", crosstab, index=True)
    leaf_coding = coding[coding["measure_id"].isin(vectors.measures["measure_id"])]
    matrix = instrument_matrix(corpus, docs=docs, alignment=alignment, vectors=vectors, coding=leaf_coding, n_jobs=n_jobs)
    instruments_csv = table("instruments", matrix)
    table("instrument_measures", instrument_measures(matrix))
    if len(docs) >= 2:
        doc_a, doc_b = docs[0], docs[1]
        caption = f"Measure alignment, {labels[doc_a]} × {labels[doc_b]}"
        pair = {doc_a, doc_b}
        if not (alignment["doc_a"].isin(pair) & alignment["doc_b"].isin(pair)).any():
            # The plot function's warning asks whether the plans were aligned; these were, and share no link.
            not_drawn.append(f"{caption}: the two plans share no link")
        else:
            figure(_file_stem("alignment", doc_a, doc_b),
                   f"{caption}, in outline order; colour: the model's probability that a reader would link the two "
                   "measures, from the alignment threshold up; white: no link",
                   plotting.plot_alignment_heatmap, alignment, measures, doc_a=doc_a, doc_b=doc_b, labels=figure_labels,
                   threshold=load_alignment_model()["threshold"])
    shown = matrix[matrix["n_regions"] >= min(2, len(docs))].head(40)
    caption = "Instrument clusters by plan"
    if shown.empty:
        not_drawn.append(f"{caption}: no instrument cluster found in two plans")
    else:
        figure("instruments", _instruments_caption(caption, shown), plotting.plot_instrument_matrix, shown, docs=docs,
               labels=figure_labels)
    drawn_types = crosstab if len(docs) <= _ROWS_DRAWN else crosstab[[doc for doc in crosstab.columns if doc in docs[:_ROWS_DRAWN]]]
    figure("instrument_types", _types_caption(drawn_types), plotting.plot_instrument_types, drawn_types, labels=figure_labels)
    if len(docs) > _ROWS_DRAWN:
        not_drawn.append(f"Instrument types of {_named(labels, docs[_ROWS_DRAWN:])}: only the first {_ROWS_DRAWN} plans get a "
                         f"bar; every plan's counts are in tables/typology_crosstab.csv")
    steps("instruments")

    # The one tokenizer for every graph too: the reference corpus is then cut once (and cached) for all
    # graphs, and the graphs are comparable.
    def graph_of(doc_id):
        return build_keyword_graph(corpus[doc_id], reference=corpus, tokenizer=tokenizer)

    # Only the graphs drawn are kept; with a thousand plans, keeping every graph took half a gigabyte.
    graphs = {doc_id: graph_of(doc_id) for doc_id in docs[:max(_NETWORKS_DRAWN, 2)]}
    # Network figures are the dearest to draw and write (about 0.4 s each): the first plans stand for the rest.
    first_network = None
    for doc_id in docs[:_NETWORKS_DRAWN]:
        caption = f"Keyword co-occurrence network: {labels[doc_id]}"
        if graphs[doc_id].number_of_nodes() == 0:
            not_drawn.append(f"{caption}: no term occurs twice")
            continue
        # How to read a network is said once, under the first; the others point to it.
        reading = _network_reading(len(corpus)) if first_network is None else f"Drawn and read as the network of {first_network} above"
        first_network = first_network or labels[doc_id]
        figure(_file_stem("network", doc_id), f"{caption}. {reading}", plotting.plot_keyword_graph, graphs[doc_id])
    if len(docs) > _NETWORKS_DRAWN:
        not_drawn.append(f"Keyword co-occurrence networks of {_named(labels, docs[_NETWORKS_DRAWN:])}: only the first {_NETWORKS_DRAWN} plans get a "
                         f"network figure; every plan's graph is in graphs/ (GEXF)")
    if len(docs) >= 2:
        caption = f"Shared and unique keyword links: {labels[docs[0]]} vs {labels[docs[1]]}"
        if graphs[docs[0]].number_of_nodes() + graphs[docs[1]].number_of_nodes() == 0:
            not_drawn.append(f"{caption}: no term occurs twice")
        else:
            figure(_file_stem("network_comparison", docs[0], docs[1]),
                   f"{caption}. The two plans' networks on one layout: grey (两者共有), terms and links in both; blue "
                   f"(仅在{figure_labels[docs[0]]}图中), only in {labels[docs[0]]}'s network; orange-red, dashed "
                   f"(仅在{figure_labels[docs[1]]}图中), only in {labels[docs[1]]}'s. A network holds the terms its plan uses "
                   "twice or more, so a term only in one network may occur once in the other plan, or inside a longer word "
                   "there (组织 in 党组织). Sizes and widths add up both plans' counts",
                   plotting.plot_graph_comparison, graphs[docs[0]], graphs[docs[1]], names=(figure_labels[docs[0]], figure_labels[docs[1]]))
    # The graph files are written while the worker processes, if any, write the figures.
    for doc_id in docs:
        path = graphs_dir / f"{_file_stem(doc_id)}.gexf"
        _write_graph_file(graphs.pop(doc_id) if doc_id in graphs else graph_of(doc_id), path)
        written.append(path)
    steps("graphs")

    plt.close("all")

    def place(stem):
        return next(k for k, prefix in enumerate(page_order) if stem == prefix or stem.startswith(prefix + "_"))

    done = sorted(zip(writer.results(), captions), key=lambda item: place(item[1][1]))
    figures.extend(_figure_html(png, caption, stem) for png, (caption, stem) in done)
    written.extend(figures_dir / f"{stem}.{suffix}" for _, (_, stem) in done for suffix in ("png", "svg"))
    steps("figures")
    steps.close()

    counts = matrix["status"].value_counts()
    links_kept = ("up to five per measure and peer plan" if top_k is None
                  else f"up to five per measure and peer plan, and {top_k} per measure in all: top_k={top_k}")
    threshold = load_alignment_model()["threshold"]
    summary = (
        f"<p>{len(docs)} plans, {int((measures['kind'] != 'front_matter').sum())} outline units, "
        f"{int(vectors.measures.shape[0])} leaf measures aligned, {len(alignment)} links ({links_kept}), "
        f"{len(matrix)} instrument clusters: {counts.get('shared', 0)} shared by all, {counts.get('partial', 0)} partial, "
        f"{counts.get('unique', 0)} unique. The terms are explained under <a href=\"#s1\">Terms</a>.</p>"
        f"{_versions_html(versions, labels)}<p>{_ALIGNMENT_CAVEAT}</p>"
        "<p>The plans: id, region, title, date of issue, length of the cleaned text in characters, and the number of "
        "edits cleaning made to it (tables/cleaning.csv lists them).</p>"
    )
    plans = documents[["doc_id", "region_zh", "title", "date", "n_chars", "n_edits"]].to_html(index=False, escape=True, border=0)
    sections.append(("Summary", summary + _marked_cells(plans)))
    sections.append(("Terms", _glossary(threshold)))
    # After Terms, whose place the summary links to (#s1).
    warned_of = list(dict.fromkeys([*corpus.read_warnings, *warned()]))
    if warned_of:
        items = "".join(f"<li>{_text_html(message)}</li>" for message in warned_of[:_WARNINGS_SHOWN])
        more = len(warned_of) - _WARNINGS_SHOWN
        rest = f"<p>… and {more} more, printed where the report was written.</p>" if more > 0 else ""
        sections.append(("Warnings", _paragraph(_WARNINGS_INTRO) + f"<ul>{items}</ul>{rest}"))
    if not_drawn:
        figures.append("<p>Not drawn:</p><ul>" + "".join(f"<li>{_text_html(item)}</li>" for item in not_drawn) + "</ul>")
    sections.append(("Figures", _paragraph(_FIGURES_INTRO) + "\n".join(figures)))
    sections.append(table_section("Instrument clusters", matrix, csv_name=instruments_csv, intro=_paragraph(_INSTRUMENTS_INTRO)))
    # The strongest links first: a reader checks the page's links against alignment.csv, which keeps the plans' order.
    strongest = alignment.drop(columns=["text_a", "text_b"]).sort_values("score", ascending=False, kind="stable")
    sections.append(table_section("Measure alignment", strongest, csv_name=alignment_csv, intro=_paragraph(_ALIGNMENT_INTRO),
                                  cut_note="The {shown} strongest of {total} links (highest score first)"))
    sections.append(table_section("Keywords", _keywords_by_plan(keywords, documents), csv_name=keywords_csv, max_chars=None,
                                  intro=_paragraph(_KEYWORDS_INTRO.format(n=20))))
    sections.append(table_section("Similarity", similarity.round(3).rename_axis(columns=None).reset_index(names="doc_id"), csv_name=similarity_csv,
                                  intro=_paragraph(_SIMILARITY_INTRO) + _versions_html(versions, labels)))
    sections.append(table_section("Measures", measures[["doc_id", "measure_id", "heading", "text"]], csv_name=measures_csv,
                                  max_rows=_MEASURES_SHOWN, intro=_paragraph(_MEASURES_INTRO)))
    files = "".join(f'<li><a href="{_href(p.relative_to(out).as_posix())}">{html.escape(str(p.relative_to(out)))}</a></li>' for p in written)
    sections.append(("Files", _paragraph(_FILES_INTRO) + f"<ul>{files}</ul>"))
    index = out / "index.html"
    write_text(render_page("policycompare report", sections), index)
    written.append(index)
    return written
