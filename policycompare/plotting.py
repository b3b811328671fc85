"""Figures of a comparison: similarity, aligned measures, instruments, keyword graphs, timelines.

Every ``plot_*`` function takes the table or graph an analysis step returns,
draws on ``ax`` (a new figure sized for a 7-inch-wide page when ``ax`` is
None) and returns the Axes. The Chinese font is found by :mod:`.fonts` and
applied inside the function; global matplotlib settings are left as they were
and ``show()`` is never called. Layouts are seeded, so a figure drawn twice
from the same data is the same figure.
"""

import collections
import contextlib
import datetime
import itertools
import re
import weakref
from collections.abc import Mapping

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import NullFormatter, PercentFormatter

from .corpus import _check_once
from .errors import UnknownIdError
from .fonts import use_cjk_font
from .typology import UNCODED
from .writing import atomic_path

__all__ = [
    "INSTRUMENT_TYPES",
    "backwards_spans",
    "plot_alignment_heatmap",
    "plot_distinctive_terms",
    "plot_distinctive_terms_grid",
    "plot_graph_comparison",
    "plot_instrument_matrix",
    "plot_instrument_types",
    "plot_keyword_graph",
    "plot_similarity_heatmap",
    "plot_timeline",
    "save_reproducibly",
    "write_figure",
]

# The three policy-instrument types of Rothwell & Zegveld, in the order they are usually discussed.
INSTRUMENT_TYPES = ("供给型", "环境型", "需求型")

# Sizes in points that stay legible when a figure is printed 7 inches wide.
_PRINT_RC = {
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_PAGE_WIDTH = 7.0
# The smallest and largest text a figure draws, in points, as docs/figures.md promises: smaller is hard to read in
# print, and text larger than the titles' stands out of the figure. Three kinds of text are smaller, to fit where
# they stand, and docs/figures.md names them: the tick labels of an alignment heatmap of long plans, the values in
# the cells of a similarity heatmap of more than 16 plans, and the timeline's count labels (_COUNT_SIZE).
_SMALLEST_TEXT, _LARGEST_TEXT = 7, 9

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, but not all of them in
# greyscale (vermillion is the grey of #777777, sky blue and orange are close): a figure whose colours
# must read when printed in black and white gives them different lightness or a second cue (dashes, shape).
_BLUE, _SKY, _GREEN, _ORANGE, _VERMILLION, _PURPLE, _YELLOW = (
    "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#F0E442",
)
_GREY, _LIGHT_GREY = "#777777", "#DDDDDD"
_TYPE_COLOURS = {"供给型": _BLUE, "环境型": _GREEN, "需求型": _ORANGE}
_OTHER_COLOURS = (_PURPLE, _SKY, _VERMILLION, _YELLOW, _GREY)
_STATUS = {  # status -> (colour, legend label)
    "shared": (_BLUE, "各地共有"),
    "partial": (_GREEN, "部分地区"),
    "unique": (_ORANGE, "仅一地"),
}
# The instrument matrix's legend entry for its light grey dot: the region's plan lacks the instrument.
_ABSENT = "该地未涉及"
# Graph comparison: links and terms in both plans, only in the first, only in the second. Three
# lightness levels (as greyscale: lines 187, 87, 119; fills 232, 158, 200) and a dashed line for the
# second plan's own links, so that the figure reads in greyscale too. Node fills are light, for black labels.
_COMPARISON_LINE = {"both": "#BBBBBB", "a": _BLUE, "b": _VERMILLION}
_COMPARISON_STYLE = {"both": "solid", "a": "solid", "b": (0, (3, 1.5))}
_COMPARISON_FILL = {"both": "#E8E8E8", "a": _SKY, "b": "#F9B89A"}
_HALO_WIDTH = 2.5
_HALO = [patheffects.withStroke(linewidth=_HALO_WIDTH, foreground="white")]

_TIMELINE_KINDS = ("period", "phase", "deadline", "date")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# 2025年以后, 2025年之后: a phase that begins once the date it names is over (2025年起, 2025年以来 begin with it).
_AFTER = re.compile(r"(?:以后|之后)[\s)）]*$")
# Years over which the bar of a phase without end fades out at the right edge of a timeline.
_OPEN_FADE = 0.75
# A plan's own period given as 2022-2025 (or 2022—2025年, 2022至2025, a single year 2022).
_PLAN_PERIOD = re.compile(r"^(\d{4})(?:\s*(?:[-－~～—–]+|至|到)\s*(\d{4}))?\s*年?$")
# A period to the month, as the manifest gives school years: 2023-08/2027-07.
_MONTH_PERIOD = re.compile(r"^(\d{4}-\d{2})/(\d{4}-\d{2})$")
# 十四五 names the national five-year plan a plan refers to, not the plan's own period.
_FIVE_YEAR_PLAN = re.compile(r"十[一二三四五六七八九]五")
_PERIOD_BAND, _REFERENCE_GREY, _ISSUE = "#D6E6F4", "#8C8C8C", "#222222"
# Where the lines of periods a plan refers to go, below the row's centre (outside its markers), then above.
_REFERENCE_OFFSETS = (0.28, 0.41, -0.41)
_ISSUE_OFFSET = -0.26
# How far a deadline moves up and a date down (in rows) where the two would touch, and the room in points kept
# between a marker and whatever is beside it (another marker, the issue tick, a count label).
_LANE_SHIFT = 0.13
_MARK_GAP = 1.0
# The white edge of deadline and date markers; the issue tick's area (points²) and stroke width.
_MARK_EDGE = 0.5
_TICK_AREA, _TICK_WIDTH = 36, 1.6
# The width of the line of a period referred to, and the length of its end ticks, in points.
_RULE_WIDTH, _RULE_END = 1.2, 5
# Room in points a count label (×3) keeps from markers and ticks other than its own, thrice the gap from its own, so
# that it reads as its own marker's (七星区's ×3 touched two diamonds of other dates); and its halo, narrower than a
# term's: the label keeps off markers and lines and lies, if anywhere, on bars and grid lines only.
_COUNT_ROOM = 3.0
# The size of a count label, in points: below the 7 of the figures' other text, as docs/figures.md says. Where a
# deadline and several dates share a date (银川市's 2025, 汇编篇一's 2023), the dates' label stands beside them
# between the deadline above and the line of a period referred to below, in 5.5 points of height that no label
# fits: at 6 points it stands 1 point from its dates and 1.9 from the deadline, at 7 points 1.4 from the deadline,
# and read as either's.
_COUNT_SIZE = 6
_COUNT_HALO = [patheffects.withStroke(linewidth=2, foreground="white")]


def _darker(colour, share=0.45):
    """``colour`` mixed with ``share`` of black, as a hex string.

    >>> _darker("#777777")
    '#414141'
    """
    red, green, blue = matplotlib.colors.to_rgb(colour)
    return matplotlib.colors.to_hex((red * (1 - share), green * (1 - share), blue * (1 - share)))
_TIMELINE_LEGEND = ("period", "phase", "open", "referenced", "deadline", "date", "issued")


# --- shared helpers -----------------------------------------------------------------------------

def _require_frame(data, name, columns):
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(data).__name__}")
    missing = [column for column in columns if column not in data.columns]
    if missing:
        raise ValueError(
            f"{name} is missing column {', '.join(map(repr, missing))}; "
            f"it needs the columns {', '.join(columns)}"
        )
    return data


def _require_known(value, name, known, *, missing, listed=False, labels=None):
    """Refuse an id ``value`` (the argument ``name``, or one of its list if ``listed``) that is not among ``known``.

    ``missing`` says what is wrong with it (``"is not in table"``). The rest
    of the message is the corpus's for an unknown id: the closest ids, or,
    for a region's name given for an id (花溪区, 花溪, Huaxi) that ``labels``
    (doc id -> display name, as ``corpus.labels``) gives a plan of
    ``known``, that plan's id; then the ids allowed. Raises
    :class:`~policycompare.errors.UnknownIdError`, both a ``ValueError`` and
    a ``KeyError``, as the rest of the package does for an unknown id.

    >>> _require_known("huaxii", "group", ["huaxi", "anning"], missing="is not in table")
    Traceback (most recent call last):
    ...
    policycompare.errors.UnknownIdError: group='huaxii' is not in table (did you mean 'huaxi'?); known ids: huaxi, anning
    >>> _require_known("花溪区", "groups", ["huaxi", "anning"], missing="is not in table", listed=True,
    ...                labels={"huaxi": "花溪区", "anning": "安宁市"})
    Traceback (most recent call last):
    ...
    policycompare.errors.UnknownIdError: groups names '花溪区', which is not in table (the plan of 花溪区 is 'huaxi': ...); known ids: huaxi, anning
    """
    if value in known:
        return
    from .corpus import _unknown_id

    known = [str(k) for k in known]
    given = f"{name} names {value!r}, which" if listed else f"{name}={value!r}"
    raise _unknown_id(value, known, documents=_labelled(known, labels), lead=f"{given} {missing}")


def _labelled(doc_ids, labels):
    """Documents ``doc_ids`` without text, of the regions ``labels`` names them by, for the corpus's hint at an unknown id.

    A label that :attr:`~policycompare.Corpus.labels` follows with its id
    (``安宁市 (anning-2024)``, a name two plans share) is the region's name.
    """
    from .corpus import Document

    labels = {} if labels is None else dict(labels.items())
    return [Document(doc_id, "", "", metadata={"region_zh": labels[doc_id].removesuffix(f" ({doc_id})")})
            for doc_id in doc_ids if isinstance(labels.get(doc_id), str)]


def _require_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _require_labels(labels):
    if labels is not None and not isinstance(labels, (Mapping, pd.Series)):
        raise TypeError(f"labels must be a mapping of doc_id to display name or None, got {type(labels).__name__}")
    return labels


def _display(doc_id, labels):
    if labels is None:
        return str(doc_id)
    name = labels.get(doc_id)
    return str(doc_id) if name is None or (not isinstance(name, str) and pd.isna(name)) else str(name)


def _shorten(text, width):
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _scale(values, low, high):
    """Map ``values`` linearly onto ``[low, high]``; equal values get the middle."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    span = values.max() - values.min()
    if span == 0:
        return np.full_like(values, (low + high) / 2)
    return low + (high - low) * (values - values.min()) / span


@contextlib.contextmanager
def _print_style():
    """The Chinese font and print sizes within the block; matplotlib's interactive mode as the block leaves it.

    The first figure of a session loads matplotlib's backend, and Jupyter's
    inline backend turns interactive mode on as it loads. Restoring the
    settings on leaving the block would turn it off again, and a notebook
    would show no figure after the first.
    """
    with use_cjk_font(), matplotlib.rc_context(_PRINT_RC):
        try:
            yield
        finally:
            interactive = matplotlib.is_interactive()
    if matplotlib.is_interactive() != interactive:
        matplotlib.interactive(interactive)


@contextlib.contextmanager
def _drawing(ax, figsize):
    """Draw with the Chinese font and print sizes; make a figure when ``ax`` is None.

    Text drawn inside keeps its font after the block. Tick labels of an Axes the
    caller made earlier were created with the caller's font, so every text of
    the Axes (and of any colorbar added) gets the Chinese font at the end.
    Where the block leaves the figure's Axes is where every save lays it out
    from (:func:`_keep_start`).
    """
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    with _print_style():
        family = matplotlib.rcParams["font.family"]
        created = ax is None
        if created:
            _, ax = plt.subplots(figsize=figsize, layout="constrained")
        before = set(ax.figure.axes)
        try:
            yield ax
        except BaseException:
            if created:
                plt.close(ax.figure)
            raise
        for axes in [ax, *(a for a in ax.figure.axes if a not in before)]:
            for text in axes.findobj(Text):
                text.set_fontfamily(family)
        _keep_start(ax.figure)


def _graph_attributes(G, name):
    """Check a keyword graph and return its node counts and edge weights."""
    if not isinstance(G, nx.Graph):
        raise TypeError(f"{name} must be a networkx Graph, got {type(G).__name__}")
    counts = {}
    for node, data in G.nodes(data=True):
        if "count" not in data:
            raise ValueError(f"{name} node {node!r} has no 'count' attribute; every node needs one")
        counts[node] = float(data["count"])
    weights = {}
    for u, v, data in G.edges(data=True):
        if "weight" not in data:
            raise ValueError(f"{name} edge ({u!r}, {v!r}) has no 'weight' attribute; every edge needs one")
        weights[frozenset((u, v))] = float(data["weight"])
    return counts, weights


def _top_nodes(counts, top_n):
    return sorted(counts, key=lambda node: (-counts[node], str(node)))[:top_n]


def _strongest_edges(weights, nodes, max_edges):
    """Edges among ``nodes`` (as sorted pairs), heaviest first, at most ``max_edges`` (None: all).

    Keyword graphs of plans are dense: drawing every link among 40 terms gives
    a hairball in which no structure can be seen.
    """
    chosen = set(nodes)
    edges = [tuple(sorted(edge, key=str)) for edge in weights if len(edge) == 2 and edge <= chosen]
    edges.sort(key=lambda edge: (-weights[frozenset(edge)], tuple(map(str, edge))))
    return edges if max_edges is None else edges[:max_edges]


def _linked_terms(nodes, edges):
    """The terms of ``nodes`` (in order) that have a drawn link; all of them when no link is drawn.

    A term without a drawn link says nothing about the plan's structure, and
    the layout would push it to a border of the figure.
    """
    linked = {node for edge in edges for node in edge}
    kept = [node for node in nodes if node in linked]
    return kept or list(nodes)


def _layout(nodes, edges, weights, seed, *, drawn=None):
    """Seeded spring layout of ``nodes`` and ``edges``, independent of insertion order.

    Given all links among the drawn terms (not only the drawn links), so that
    terms whose links are not drawn stay near their neighbours instead of
    being pushed to the border. Groups of terms that the drawn links
    (``drawn``; default ``edges``) do not join are laid out each on its own: a
    spring layout leaves them far apart, tied only by weak links or none, and
    the space between empty. The largest group takes the middle; the others,
    each at a size for its number of terms, stand in columns at its right,
    largest first.
    """
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes, key=str))
    graph.add_weighted_edges_from(
        sorted(((u, v, weights[frozenset((u, v))]) for u, v in edges), key=lambda e: (str(e[0]), str(e[1])))
    )
    joined = nx.Graph()
    joined.add_nodes_from(graph)
    joined.add_edges_from(edges if drawn is None else drawn)
    parts = sorted(nx.connected_components(joined), key=lambda part: (-len(part), sorted(map(str, part))))

    def spread(part, scale):
        if len(part) == 1:
            return {node: np.zeros(2) for node in part}
        # A new graph in sorted order: a subgraph view of a small part iterates over the part's set, whose
        # order changes with the hashing of str between runs, and the seeded layout with it.
        sub = nx.Graph()
        sub.add_nodes_from(sorted(part, key=str))
        sub.add_weighted_edges_from(sorted(((u, v, w) for u, v, w in graph.edges(sub, data="weight") if v in part),
                                           key=lambda e: (str(e[0]), str(e[1]))))
        return nx.spring_layout(sub, weight="weight", seed=seed, iterations=200, scale=scale)

    positions = spread(parts[0], 1.0)
    if len(parts) == 1:
        return positions
    main = np.array(list(positions.values()))
    (_, bottom), (right, top) = main.min(axis=0), main.max(axis=0)
    # About the space between neighbouring terms of the largest group.
    gap = 1 / np.sqrt(max(len(parts[0]), 4))
    x, y, width = right + gap, top, 0.0
    for part in parts[1:]:
        placed = spread(part, gap * np.sqrt(len(part)) / 2)
        xy = np.array([placed[node] for node in placed])
        low, high = xy.min(axis=0), xy.max(axis=0)
        if y - (high[1] - low[1]) < bottom and y < top:
            x, y, width = x + width + gap, top, 0.0
        shift = np.array([x - low[0], y - high[1]])
        positions.update({node: placed[node] + shift for node in placed})
        y -= high[1] - low[1] + gap
        width = max(width, high[0] - low[0])
    return positions


def _place_boxes(centres, half_sizes, discs, bounds, *, steps, clear=None):
    """Put each box at the nearest of a set of positions where it overlaps no box placed before it and no larger disc.

    Boxes are placed in index order (put the most important first): box ``i``
    tries its centre, then positions ``steps`` away from it in 16 directions,
    nearest first, and takes the first one inside ``bounds`` that is free of
    the boxes placed before it and of every other disc at least as large as its
    own (``discs[i]``); a box of ``clear`` keeps off every disc, its own
    included. Where none is free it takes the one of least overlap.
    The result depends on the input alone.

    Parameters
    ----------
    centres, half_sizes : array of shape (n, 2)
        Where each box would be and half its width and height.
    discs : array of shape (n, 3)
        Centre and radius of the disc each box belongs to.
    bounds : tuple of float
        ``(x0, y0, x1, y1)``; each box stays inside.
    steps : sequence of float
        Distances to try, in ascending order.
    clear : array of n bool, default=None
        Boxes that keep off every disc, their own and smaller ones too
        (None: none does).

    Returns
    -------
    numpy.ndarray of shape (n, 2)
        The new centres.

    Examples
    --------
    Two 4 × 2 boxes on one spot, no discs in the way: the second goes 2 up.

    >>> far = [[99.0, 99.0, 0.0], [99.0, 99.0, 0.0]]
    >>> _place_boxes([[0, 0], [0, 0]], [[2, 1], [2, 1]], far, (-10, -10, 10, 10), steps=[1, 2]).tolist()
    [[0.0, 0.0], [0.0, 2.0]]

    A box that keeps clear of its own disc (radius 1) goes beside it, 2 up:

    >>> _place_boxes([[0, 0]], [[2, 1]], [[0, 0, 1]], (-10, -10, 10, 10), steps=[1, 2], clear=[True]).tolist()
    [[0.0, 2.0]]
    """
    centres = np.asarray(centres, dtype=float)
    half_sizes = np.asarray(half_sizes, dtype=float)
    discs = np.asarray(discs, dtype=float)
    clear = np.zeros(len(centres), dtype=bool) if clear is None else np.asarray(clear, dtype=bool)
    angles = np.arange(16) * np.pi / 8
    offsets = np.vstack([np.zeros((1, 2)),
                         *(step * np.column_stack([np.cos(angles), np.sin(angles)]) for step in steps)])
    offsets[np.abs(offsets) < 1e-9] = 0.0  # cos(pi/2) is 6e-17, not 0
    placed = np.empty_like(centres)
    low_bound, high_bound = np.asarray(bounds[:2], dtype=float), np.asarray(bounds[2:], dtype=float)

    def clashes(i, candidates):
        """Overlap of box ``i`` at each of ``candidates`` with the boxes placed before and the discs it avoids."""
        low, high = candidates - half_sizes[i], candidates + half_sizes[i]
        width = np.minimum(high[:, None, 0], placed[None, :i, 0] + half_sizes[None, :i, 0]) \
            - np.maximum(low[:, None, 0], placed[None, :i, 0] - half_sizes[None, :i, 0])
        height = np.minimum(high[:, None, 1], placed[None, :i, 1] + half_sizes[None, :i, 1]) \
            - np.maximum(low[:, None, 1], placed[None, :i, 1] - half_sizes[None, :i, 1])
        clash = (np.clip(width, 0, None) * np.clip(height, 0, None)).sum(axis=1)
        # Depth to which each other disc at least as large reaches into the box (at the box's point nearest
        # its centre). A smaller disc may lie under the box: the label of a frequent term stays on its node.
        # A box that keeps clear of every disc has been put beside its own, which it must not cover.
        avoided = (np.arange(len(discs)) != i) & (discs[:, 2] >= discs[i, 2]) | clear[i]
        others = discs[avoided]
        nearest = np.clip(others[None, :, :2], low[:, None, :], high[:, None, :])
        depth = others[None, :, 2] - np.hypot(*np.moveaxis(nearest - others[None, :, :2], 2, 0))
        clash += (np.clip(depth, 0, None) ** 2).sum(axis=1)
        clash[np.any(low < low_bound - 1e-9, axis=1) | np.any(high > high_bound + 1e-9, axis=1)] = np.inf
        return clash

    for i, centre in enumerate(centres):
        placed[i] = centre
        if clashes(i, centre[None, :])[0] == 0:
            continue
        clash = clashes(i, centre + offsets)
        if np.isfinite(clash).any():
            placed[i] = centre + offsets[int(np.argmin(clash))]
    return placed


def _separate_discs(centres, radii, bounds, *, gap=0.0, rounds=1000):
    """Move overlapping discs apart until each pair is ``gap`` apart or more, each disc staying inside ``bounds``.

    In each round, every pair that is too close is pushed apart along the
    line between its centres by what it lacks, the smaller disc of the pair
    taking the larger part of the move (in proportion to the other's area),
    so that a large node keeps its place among its neighbours; all pushes of
    a round are added up before any disc moves, so the result does not
    depend on the order of the discs. Two discs on one spot part along a
    direction fixed by their indices. Stops when no pair is too close or
    after ``rounds`` rounds; the result depends on the input alone.

    Parameters
    ----------
    centres : array of shape (n, 2)
    radii : array of n float
    bounds : tuple of float
        ``(x0, y0, x1, y1)``; each disc stays inside (a disc larger than the
        bounds stays on their middle).
    gap : float, default=0.0
        The room to keep between the edges of two discs.
    rounds : int, default=1000

    Returns
    -------
    numpy.ndarray of shape (n, 2)
        The new centres.

    Examples
    --------
    Two discs of radius 1 with centres 1 apart: each moves 0.5 away from the other.

    >>> _separate_discs([[0, 0], [1, 0]], [1, 1], (-10, -10, 10, 10)).tolist()
    [[-0.5, 0.0], [1.5, 0.0]]

    A disc of radius 2 and one of radius 1: the smaller takes four fifths of the move.

    >>> _separate_discs([[0, 0], [2, 0]], [2, 1], (-10, -10, 10, 10)).round(3).tolist()
    [[-0.2, 0.0], [2.8, 0.0]]
    """
    centres = np.array(centres, dtype=float)
    radii = np.asarray(radii, dtype=float)
    if len(centres) < 2:
        return centres
    low = np.asarray(bounds[:2], dtype=float) + radii[:, None]
    high = np.asarray(bounds[2:], dtype=float) - radii[:, None]
    low, high = np.minimum(low, (low + high) / 2), np.maximum(high, (low + high) / 2)
    first, second = np.triu_indices(len(centres), 1)
    needed = radii[first] + radii[second] + gap
    areas = radii ** 2
    total = np.maximum(areas[first] + areas[second], 1e-12)
    # Coincident centres part along a direction of their own, the same in every run.
    fallback = np.column_stack([np.cos(first * 2.4 + second), np.sin(first * 2.4 + second)])
    for _ in range(rounds):
        apart = centres[second] - centres[first]
        distance = np.hypot(apart[:, 0], apart[:, 1])
        lacking = needed - distance
        close = lacking > 1e-6
        if not close.any():
            break
        direction = np.where(distance[:, None] > 1e-9, apart / np.maximum(distance, 1e-9)[:, None], fallback)
        push = direction[close] * lacking[close, None]
        moves = np.zeros_like(centres)
        np.add.at(moves, first[close], -push * (areas[second[close]] / total[close])[:, None])
        np.add.at(moves, second[close], push * (areas[first[close]] / total[close])[:, None])
        centres = np.clip(centres + moves, low, high)
    return centres


# Room in points kept between the white edges of two nodes of a keyword graph, so that they stay apart when
# the figure is saved at another resolution than the one it was laid out at.
_NODE_GAP = 1.0
# Space in points kept free around a label: the width of its white halo, which would otherwise
# cover the strokes of a neighbour drawn before it.
_LABEL_PAD = _HALO_WIDTH / 2
# Points per character by which a label may grow on each side when saved at another resolution than
# the one it was placed at: hinting fits each glyph to whole pixels (measured at 100 to 600 dpi: below 0.25).
# Long labels keep that much space instead of the halo's width, so that they never overlap at any resolution.
_LABEL_HINTING = 0.25
# Distances in points a label may move from its term to find a free place, nearest first.
_LABEL_STEPS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 17, 20, 24, 28, 33, 38, 44, 50, 60, 72)
# How far in points a node must show above and below its label (and the label's halo) for the label to stay on
# it: where the node's colour says something, a rim thinner than this hid it (a sliver of 振兴, none of 帮扶).
_NODE_RIM = 3.5


def _fix_display(ax):
    """Fix the limits of ``ax`` and let the figure's layout engine place it, so that display units are final.

    Nodes and labels of a keyword graph are then moved in points, whatever
    the scale of the layout.
    """
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    figure = ax.figure
    # The layout engine (constrained layout for a figure made here) gives the Axes its final place. It measures the
    # texts of the Axes, in the font they get at the end of _drawing: the axis labels of an Axes the caller made are
    # in the caller's font until then, which has no hanzi.
    if figure.get_layout_engine() is not None:
        family = matplotlib.rcParams["font.family"]
        for text in ax.findobj(Text):
            text.set_fontfamily(family)
        figure.get_layout_engine().execute(figure)


def _separate_nodes(ax, xy, radii):
    """``xy`` (data units) moved so that no two nodes of ``radii`` (points) come closer than ``_NODE_GAP`` points.

    A spring layout places nodes as points: drawn as discs of their term's
    size, neighbours overlapped (汇编篇二's 初中 hid 40% of 学校). Call
    :func:`_fix_display` first.
    """
    pixels = ax.figure.dpi / 72
    centres = _separate_discs(ax.transData.transform(xy), np.asarray(radii, dtype=float) * pixels,
                              ax.bbox.extents, gap=_NODE_GAP * pixels)
    return ax.transData.inverted().transform(centres)


def _place_labels(ax, labels, xy, radii, *, beside_small=False):
    """Move labels off each other and off other terms' nodes; join a moved label to its node by a thin line.

    Works in display units: call :func:`_fix_display` first. ``beside_small``:
    the label of a node it does not fit in goes beside the node, clear of
    every node, so that every node's colour shows. A label fits in its node
    where the node shows ``_NODE_RIM`` points above and below it and the
    label with its halo is no wider than the node. Returns the leader lines.
    """
    figure = ax.figure
    pixels = figure.dpi / 72
    boxes = np.array([label.get_window_extent().extents for label in labels])
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    half_sizes = (boxes[:, 2:] - boxes[:, :2]) / 2
    nodes = ax.transData.transform(xy)
    radii = np.asarray(radii, dtype=float) * pixels
    characters = np.array([[len(label.get_text()), 1] for label in labels])
    pads = np.maximum(_LABEL_PAD, _LABEL_HINTING * characters) * pixels
    starts, clear = centres, None
    if beside_small:
        # A label wider than its node covered the node's colour left and right of the rims above and below
        # (职业技术学院, 66 pixels on a node of 30); the halo counts as the label, and so does the width
        # hinting may add at another resolution.
        too_low = radii < half_sizes[:, 1] + (_HALO_WIDTH / 2 + _NODE_RIM) * pixels
        too_wide = radii < half_sizes[:, 0] + (_HALO_WIDTH / 2 + _LABEL_HINTING * characters[:, 0]) * pixels
        clear = too_low | too_wide
        # Beside a node is just above it, unless something is in the way there: searched from the node's centre,
        # the nearest free place was a few points off, at the next of the distances tried.
        starts = centres.copy()
        starts[clear, 1] = nodes[clear, 1] + radii[clear] + half_sizes[clear, 1] + pads[clear, 1] + pixels / 4
    placed = _place_boxes(starts, half_sizes + pads, np.column_stack([nodes, radii]), ax.bbox.extents,
                          steps=np.array(_LABEL_STEPS) * pixels, clear=clear)
    to_data = ax.transData.inverted()
    leaders = []
    for label, node, centre, new, half, radius in zip(labels, nodes, centres, placed, half_sizes, radii):
        if np.array_equal(centre, new):
            continue
        anchor = to_data.transform(node + new - centre)
        label.set_position(anchor)
        away = node - new
        # A label beside its node needs no line; one further than its halo's width from the node does.
        if np.hypot(*np.clip(np.abs(away) - half, 0, None)) <= radius + _HALO_WIDTH * pixels:
            continue
        # The line runs (under the node) from the node's centre to where it meets the label's box.
        edge = new + away * min(half[axis] / abs(away[axis]) for axis in (0, 1) if away[axis])
        leaders.append(ax.add_line(Line2D(*to_data.transform([node, edge]).T, color="#444444", linewidth=0.5,
                                          zorder=1.5)))
    return leaders


class _StripsPatch(Patch):
    """A legend entry drawn as a row of strips of ``colours`` (RGBA), left to right: a colour scale or a fade."""

    def __init__(self, *, colours, **kwargs):
        super().__init__(**kwargs)
        self.colours = np.asarray(colours, dtype=float)


class _StripsHandler(HandlerBase):
    """Draws a :class:`_StripsPatch` in a legend."""

    def create_artists(self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans):
        n = len(orig_handle.colours)
        return [Rectangle((-xdescent + width * k / n, -ydescent), width / n, height, facecolor=colour,
                          edgecolor="none", linewidth=0, antialiased=False, transform=trans)
                for k, colour in enumerate(orig_handle.colours)]


def _fading(colour, label):
    """A legend entry for a span without end: ``colour`` fading out to the right."""
    colours = np.tile(matplotlib.colors.to_rgba(colour), (12, 1))
    colours[:, 3] = 1 - np.arange(12) / 12
    return _StripsPatch(colours=colours, label=label)


def _draw_graph(ax, positions, nodes, counts, node_colours, edges, edge_colours, edge_weights, *,
                edge_styles="solid", key=(), beside_small=False):
    """Edges as one collection, nodes as one scatter, labels with a white halo for legibility.

    Labels that would overlap each other or another term's node are moved
    apart (:func:`_place_labels`); with ``beside_small``, the labels of
    nodes they would hide go beside them. ``key`` holds the legend's
    entries, drawn below the graph before the labels are placed (the legend
    takes room from the Axes).
    """
    links = None
    if edges:
        # Weak links fade as well as thin out, so that the strong ones carry the picture.
        colours = matplotlib.colors.to_rgba_array(edge_colours)
        colours[:, 3] = _scale(edge_weights, 0.3, 0.85)
        links = ax.add_collection(LineCollection([(positions[u], positions[v]) for u, v in edges], colors=colours,
                                                 linewidths=_scale(edge_weights, 0.6, 3.5), linestyles=edge_styles,
                                                 zorder=1))
    # Term counts are skewed (one or two terms dominate), so sizes follow their square root.
    root_counts = np.sqrt([counts[node] for node in nodes])
    xy = np.array([positions[node] for node in nodes])
    areas = _scale(root_counts, 80, 800)
    linewidth = 0.8
    dots = ax.scatter(xy[:, 0], xy[:, 1], s=areas, c=node_colours, edgecolors="white", linewidths=linewidth, zorder=2)
    labels = [ax.text(x, y, str(node), fontsize=size, ha="center", va="center", zorder=3, path_effects=_HALO)
              for node, size, (x, y) in zip(nodes, _scale(root_counts, _SMALLEST_TEXT, _LARGEST_TEXT), xy)]
    ax.set_axis_off()
    ax.margins(0.08)
    ax.autoscale_view()
    if key:
        ax.legend(handles=list(key), handler_map={_StripsPatch: _StripsHandler()}, loc="upper center",
                  bbox_to_anchor=(0.5, 0.0), ncol=min(len(key), 3), frameon=False,
                  handlelength=2.2)
    _fix_display(ax)
    # A marker of area s is sqrt(s) points across; its white edge is half outside.
    radii = np.sqrt(areas) / 2 + linewidth / 2
    xy = _separate_nodes(ax, xy, radii)
    dots.set_offsets(xy)
    for label, (x, y) in zip(labels, xy):
        label.set_position((x, y))
    if links is not None:
        moved = dict(zip(nodes, xy))
        links.set_segments([(moved[u], moved[v]) for u, v in edges])
    _place_labels(ax, labels, xy, radii, beside_small=beside_small)


def _interleave(first, second):
    """Legend entries so that a legend of ``len(first)`` columns, filled column by column, shows ``first`` in its
    first row and ``second`` in its second."""
    return [entry for pair in itertools.zip_longest(first, second) for entry in pair if entry is not None]


def _value_range(values):
    """The smallest and largest of ``values`` as a key writes them: ``2–45``, ``0.05–0.60``, or one value.

    Whole numbers are written as such; others with the decimals that give
    the largest two significant digits, both ends alike. Empty: "".

    >>> _value_range([45, 2, 7]), _value_range([0.0512, 0.5954]), _value_range([0.3, 0.3]), _value_range([])
    ('2–45', '0.05–0.60', '0.30', '')
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return ""
    low, high = values.min(), values.max()
    if np.all(values == np.round(values)):
        ends = [f"{low:.0f}", f"{high:.0f}"]
    else:
        largest = max(abs(low), abs(high))
        decimals = max(0, 1 - int(np.floor(np.log10(largest)))) if largest > 0 else 0
        ends = [f"{low:.{decimals}f}", f"{high:.{decimals}f}"]
    return ends[0] if ends[0] == ends[1] else "–".join(ends)


def _graph_key(counts, weights, *, tfidf=None, colour_map=None, both=False):
    """Legend entries that say what node size, node colour (``colour_map`` given) and link width show, and their ranges.

    ``counts``, ``tfidf`` and ``weights`` are the values of the terms and
    links drawn: each scale runs from the smallest to the largest of its
    figure, so the key writes them (a dark orange is 0.60 in one plan's
    network, 0.29 in another's). ``both``: sizes and widths are sums over two plans.
    """
    total = "（两者之和）" if both else ""

    def ranged(text, values):
        values = _value_range(values)
        return f"{text} {values}{total}" if values else f"{text}{total}"

    key = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=_LIGHT_GREY,
                  markeredgecolor=_GREY, label=ranged("点的面积：出现次数", counts))]
    if colour_map is not None:
        key.append(_StripsPatch(colours=colour_map(np.linspace(0.15, 0.6, 12)),
                                label=f"颜色深浅：TF-IDF 权重 {_value_range(tfidf)}"))
    key.append(Line2D([], [], color=_GREY, linewidth=3, label=ranged("线宽：共现次数", weights)))
    return key


# --- similarity ---------------------------------------------------------------------------------

# Two plans this similar are versions of one text; below this they are different plans.
_NEAR_DUPLICATE = 0.9
_DIAGONAL_GREY = "#E4E4E4"


def _similarity_scale(values):
    """The top of the colour scale of a similarity heatmap, and whether some pair lies above it.

    The top is the largest value off the diagonal, rounded up to a tenth. Near-duplicates
    (``_NEAR_DUPLICATE`` or more) do not count while other pairs are lower: they would push the
    differences among the other plans into the palest colours. They are drawn in the darkest colour.

    >>> _similarity_scale(np.array([[1, 0.21, 0.996], [0.21, 1, 0.58], [0.996, 0.58, 1]]))
    (0.6, True)
    >>> _similarity_scale(np.array([[1.0, 0.97], [0.97, 1.0]]))
    (1.0, False)
    """
    off = values[~np.eye(len(values), dtype=bool)]
    if off.size == 0:
        return 1.0, False
    usual = off[off < _NEAR_DUPLICATE]
    top = usual.max() if usual.size else off.max()
    # Round up to a tenth, not past 1; a matrix of zeros still needs a scale.
    vmax = min(1.0, max(0.1, np.ceil(round(top * 10, 9)) / 10))
    return float(vmax), bool((off > vmax).any())


# A similarity heatmap writes its values in the cells up to this many documents: beyond, the numbers are too
# small to read, and writing them took most of a 100-plan report's figure time.
_ANNOTATED_AT_MOST = 30
# Documents a similarity heatmap names on each axis at most; with more, every k-th is named.
_TICK_LABELS_AT_MOST = 50


def plot_similarity_heatmap(similarity, *, labels=None, ax=None, annotate=None):
    """Draw a document-by-document similarity matrix as a heatmap.

    The diagonal (each document with itself) is grey. Colours run from white
    at 0 to dark blue at the largest value off the diagonal, rounded up to a
    tenth, so that the differences among the plans show; near-duplicates (0.9
    and more, two versions of one plan) do not count while other pairs are
    lower and are drawn dark blue, with an arrow at the top of the colour bar.
    The colour bar names the measure that ``similarity.attrs["method"]``
    records (:func:`policycompare.compute_similarity` and
    :func:`policycompare.compute_shingle_similarity` do), else 相似度. A value
    off the diagonal that two decimals would show as 1.00 is written with
    three (0.996), so that it is not read as an identical plan.

    Parameters
    ----------
    similarity : pandas.DataFrame
        Square, with the same doc ids as index and columns; values between 0 and 1.
    labels : mapping, default=None
        Display name of each doc id (e.g. ``region_zh``); ids without one show as themselves.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.
    annotate : bool, default=None
        Write each value in its cell; None does for up to 30 documents.
        Of more than 50 documents, every k-th is named on the axes, so that
        at most 50 names show.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> sim = pd.DataFrame([[1.0, 0.42], [0.42, 1.0]], index=["huaxi", "anning"], columns=["huaxi", "anning"])
    >>> ax = plot_similarity_heatmap(sim, labels={"huaxi": "花溪区", "anning": "安宁市"})
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.texts[1].get_text()
    (['花溪区', '安宁市'], '0.42')
    """
    _require_frame(similarity, "similarity", ())
    _require_labels(labels)
    if similarity.empty or similarity.shape[0] != similarity.shape[1] \
            or set(similarity.index) != set(similarity.columns) or not similarity.index.is_unique:
        raise ValueError(
            f"similarity must be a square DataFrame with the same unique doc ids as index and columns, "
            f"got index {list(similarity.index)[:5]} and columns {list(similarity.columns)[:5]}"
        )
    frame = similarity.loc[:, list(similarity.index)]
    try:
        values = frame.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("similarity must hold numbers between 0 and 1") from None
    if not np.all((values >= -1e-9) & (values <= 1 + 1e-9)):
        raise ValueError(f"similarity values must be between 0 and 1, got {np.nanmin(values):.3g} to {np.nanmax(values):.3g}")

    n = len(frame)
    names = [_display(doc_id, labels) for doc_id in frame.index]
    vmax, beyond = _similarity_scale(values)
    side = min(_PAGE_WIDTH - 1.2, 1.6 + 0.42 * n)
    with _drawing(ax, (side + 1.2, side)) as ax:
        # The diagonal (each plan with itself) is masked and grey: it says nothing and would set the scale.
        shown = np.ma.masked_array(values, mask=np.eye(n, dtype=bool))
        colours = plt.get_cmap("Blues").with_extremes(bad=_DIAGONAL_GREY)
        image = ax.imshow(shown, cmap=colours, vmin=0, vmax=vmax)
        # Of hundreds of plans every k-th is named: names a cell apart would print over each other.
        step = -(-n // _TICK_LABELS_AT_MOST)
        ticks = range(0, n, step)
        # Turn the column labels when the longest would not fit in its cell (CJK characters are 1 em wide).
        long_names = max(len(name) for name in names) * 7 > side * 0.75 * 72 / len(ticks)
        ax.set_xticks(ticks, labels=[names[k] for k in ticks], rotation=45 if long_names else 0,
                      ha="right" if long_names else "center", rotation_mode="anchor")
        ax.set_yticks(ticks, labels=[names[k] for k in ticks])
        ax.tick_params(length=0 if step == 1 else 2)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if annotate or (annotate is None and n <= _ANNOTATED_AT_MOST):
            # 7 points fit a cell up to 16 plans (0.996 is 22 points wide, a cell of 14 plans 27); beyond, the values
            # are smaller than print allows: the table has them (annotate=False leaves them out).
            size = 8 if n <= 8 else _SMALLEST_TEXT if n <= 16 else 4.5
            for (i, j), value in np.ndenumerate(values):
                dark = i != j and value > 0.6 * vmax
                ax.text(j, i, _similarity_text(value, diagonal=i == j), ha="center", va="center", fontsize=size,
                        color="white" if dark else _GREY if i == j else "black")
        # The arrow at the top of the colour bar says that some pairs (near-duplicates) lie above its scale.
        colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.8, extend="max" if beyond else "neither")
        colorbar.set_label(_SIMILARITY_LABELS.get(similarity.attrs.get("method"), "相似度"))
    return ax


def _similarity_text(value, *, diagonal=False):
    """A similarity as its cell shows it: two decimals, but never 1.00 for two plans that are not the same.

    >>> _similarity_text(0.42), _similarity_text(0.996), _similarity_text(0.9996), _similarity_text(1.0, diagonal=True)
    ('0.42', '0.996', '>0.999', '1.00')
    """
    if diagonal or value >= 1 or round(value, 2) < 1:
        return f"{value:.2f}"
    return f"{value:.3f}" if round(value, 3) < 1 else ">0.999"


# The colour bar of the similarity heatmap names the measure that compute_similarity or compute_shingle_similarity records.
_SIMILARITY_LABELS = {"tfidf": "TF-IDF 余弦相似度", "count": "词频余弦相似度", "shingle_jaccard": "字符片段 Jaccard 系数",
                      "shingle_containment": "字符片段包含度（行在列中）"}


# --- aligned measures -------------------------------------------------------------------------------

_ALIGNMENT_COLOURS = matplotlib.colors.ListedColormap(matplotlib.colormaps["YlGnBu"](np.linspace(0.2, 1.0, 256)),
                                                       name="YlGnBu_from_light")


def _outline(measures, doc_id, extra):
    """Leaf measures of one document in outline order, plus any measures the alignment names."""
    rows = measures[measures["doc_id"] == doc_id]
    keep = rows["is_leaf"].astype(bool)
    if "kind" in rows.columns:
        # Front matter (title, preamble) is not a measure; it stays only if the alignment uses it.
        keep &= rows["kind"] != "front_matter"
    keep |= rows["measure_id"].isin(extra)
    rows = rows[keep].sort_values(["start", "measure_id"], kind="stable")
    missing = sorted(set(extra) - set(rows["measure_id"]))
    if missing:
        raise ValueError(
            f"alignment names measures of {doc_id!r} that are not in measures: {', '.join(missing[:5])}"
        )
    return rows


# Characters of a measure's heading shown in a tick label of the alignment heatmap.
_HEADING_WIDTH = 14
# A heading that would be cut inside brackets, 准备启动阶段（2022年6月—2022年8月）, is cut before them.
_OPENING_BRACKET = re.compile(r"[（(［\[【〔]")


def _heading_tick(heading, width=_HEADING_WIDTH):
    """A heading cut to ``width`` characters, before an opening bracket it would be cut inside.

    >>> _heading_tick("准备启动阶段（2022年6月—2022年8月）")
    '准备启动阶段…'
    >>> _heading_tick("推进集团化办学改革试点工作，扩大优质资源")
    '推进集团化办学改革试点工作…'
    """
    heading = " ".join(str(heading).split())
    if len(heading) <= width:
        return heading
    bracket = _OPENING_BRACKET.search(heading, 0, width)
    if bracket is not None and bracket.start() >= 2:
        return heading[: bracket.start()].rstrip() + "…"
    return _shorten(heading, width)


def _measure_tick(row):
    local = str(row.measure_id).split(":", 1)[-1]
    heading = "" if pd.isna(row.heading) else _heading_tick(row.heading)
    return f"{local} {heading}" if heading else local


def _warn_no_links(alignment, doc_a, doc_b):
    """Say that an alignment heatmap is empty, and why it may be: two plans that share nothing, or a plan never aligned."""
    from .errors import warn

    linked = set(alignment["doc_a"]) | set(alignment["doc_b"])
    unaligned = [doc for doc in (doc_a, doc_b) if doc not in linked]
    verbs = ("has", "was it") if len(unaligned) == 1 else ("have", "were they")
    hint = f"; {' and '.join(map(repr, unaligned))} {verbs[0]} no link at all: {verbs[1]} aligned?" if unaligned else ""
    warn(f"the alignment has no links between {doc_a!r} and {doc_b!r}, so the heatmap is empty{hint}", stacklevel=4)


def plot_alignment_heatmap(alignment, measures, *, doc_a, doc_b, labels=None, threshold=None, ax=None):
    """Draw the link probabilities between the measures of two documents, in outline order.

    Parameters
    ----------
    alignment : pandas.DataFrame
        Columns ``doc_a, measure_a, doc_b, measure_b, score``; pairs given as
        ``doc_b, doc_a`` are turned round. ``score`` is the alignment model's
        probability that a reader would link the two measures
        (:func:`policycompare.align_measures`). Pairs not listed are not
        linked and drawn white.
    measures : pandas.DataFrame
        Columns ``doc_id, measure_id, heading, start, is_leaf`` (and optionally
        ``kind``), as :func:`policycompare.extract_measures` returns.
    doc_a, doc_b : str
        Documents on the rows and on the columns.
    labels : mapping, default=None
        Display name of each doc id, for the axis titles.
    threshold : float, default=None
        Where the colour scale starts: the threshold the links were kept at
        (the alignment model's, 0.27, unless ``align_measures`` was given
        another). By default the threshold ``alignment.attrs["threshold"]``
        records (:func:`policycompare.align_measures` records it); for a
        table without it (one read back from CSV), the smallest score drawn,
        rounded down to a multiple of 0.05. The weakest link gets a pale but
        visible colour, the scale ends at 1, and the tick at its bottom
        names where it starts.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        Rows are the leaf measures of ``doc_a``, columns those of ``doc_b``;
        tick labels are the measure number and its heading cut to 14
        characters, or before a bracket the cut would fall in
        (``4.1 准备启动阶段…``).

    Examples
    --------
    >>> import pandas as pd
    >>> measures = pd.DataFrame({
    ...     "doc_id": ["a", "a", "b"], "measure_id": ["a:1", "a:2", "b:1"],
    ...     "heading": ["加大经费投入", "推进集团化办学", "保障经费"],
    ...     "start": [0, 20, 0], "is_leaf": [True, True, True]})
    >>> alignment = pd.DataFrame({"doc_a": ["a"], "measure_a": ["a:1"],
    ...                           "doc_b": ["b"], "measure_b": ["b:1"], "score": [0.8]})
    >>> ax = plot_alignment_heatmap(alignment, measures, doc_a="a", doc_b="b")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['1 加大经费投入', '2 推进集团化办学']
    >>> ax.images[0].get_array().tolist()  # no link: masked, drawn white
    [[0.8], [None]]
    """
    _require_frame(alignment, "alignment", ("doc_a", "measure_a", "doc_b", "measure_b", "score"))
    _require_frame(measures, "measures", ("doc_id", "measure_id", "heading", "start", "is_leaf"))
    _require_labels(labels)
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number))
                                  or not 0 <= threshold < 1):
        raise ValueError(f"threshold must be a number from 0 to below 1 or None, got {threshold!r}")
    known = sorted(measures["doc_id"].astype(str).unique())
    for name, value in (("doc_a", doc_a), ("doc_b", doc_b)):
        _require_known(value, name, known, missing="has no rows in measures", labels=labels)

    forward = alignment[(alignment["doc_a"] == doc_a) & (alignment["doc_b"] == doc_b)]
    backward = alignment[(alignment["doc_a"] == doc_b) & (alignment["doc_b"] == doc_a)]
    pairs = pd.concat([
        forward[["measure_a", "measure_b", "score"]],
        backward.rename(columns={"measure_a": "measure_b", "measure_b": "measure_a"})[["measure_a", "measure_b", "score"]],
    ])
    pairs["score"] = pd.to_numeric(pairs["score"], errors="raise").astype(float)
    if pairs.empty:
        _warn_no_links(alignment, doc_a, doc_b)
    rows = _outline(measures, doc_a, set(pairs["measure_a"]))
    cols = _outline(measures, doc_b, set(pairs["measure_b"]))
    matrix = (
        pairs.groupby(["measure_a", "measure_b"])["score"].max().unstack()
        .reindex(index=rows["measure_id"], columns=cols["measure_id"])
    )
    # Pairs without a link are masked and drawn white, apart from the palest colour of a weak link.
    values = np.ma.masked_invalid(matrix.to_numpy(dtype=float))
    top = max(1.0, float(values.max()) if values.count() else 1.0)
    if threshold is None and isinstance(alignment.attrs.get("threshold"), (int, float)) \
            and 0 <= alignment.attrs["threshold"] < 1:
        threshold = alignment.attrs["threshold"]
    if threshold is None:
        # Rounded down to 0.05: a round number at or just below the threshold the links were kept at.
        bottom = np.floor(round(float(values.min()) * 20, 9)) / 20 if values.count() else 0.0
    else:
        bottom = float(threshold)
    bottom = min(bottom, top - 0.05)

    n_rows, n_cols = values.shape
    cell = min(0.28, (_PAGE_WIDTH - 2.6) / max(n_cols, 1), 8.0 / max(n_rows, 1))
    tick_size = float(np.clip(cell * 72 * 0.75, 4.5, _SMALLEST_TEXT))
    figsize = (min(_PAGE_WIDTH, 2.6 + n_cols * cell), 1.9 + n_rows * cell)
    with _drawing(ax, figsize) as ax:
        # The light end of YlGnBu is left out: the weakest link shown must not look like no link (white).
        colours = _ALIGNMENT_COLOURS.with_extremes(bad="white")
        image = ax.imshow(values, cmap=colours, vmin=bottom, vmax=top, aspect="auto", interpolation="nearest")
        ax.set_yticks(range(n_rows), labels=[_measure_tick(row) for row in rows.itertuples()], fontsize=tick_size)
        ax.set_xticks(range(n_cols), labels=[_measure_tick(row) for row in cols.itertuples()], fontsize=tick_size,
                      rotation=90)
        ax.tick_params(length=0)
        ax.set_ylabel(_display(doc_a, labels))
        ax.set_xlabel(_display(doc_b, labels))
        below = bool(values.count()) and float(values.min()) < bottom
        colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.6, pad=0.02, extend="min" if below else "neither")
        # A tick at the bottom of the scale names the threshold.
        colorbar.set_ticks([bottom, *(tick for tick in np.arange(0.2, top + 1e-9, 0.2) if tick >= bottom + 0.1)])
        colorbar.set_label("链接概率")
    return ax


# --- instruments ----------------------------------------------------------------------------------


def _presence(matrix, docs, *, name="docs", labels=None):
    """Region columns and a boolean instrument × region array of presence.

    ``docs`` are the region columns chosen (the argument ``name``), or None
    for all. A region column may hold booleans, counts, or evidence strings
    (the measure ids that carry the instrument, empty where the region lacks
    it).
    """
    from .instruments import INSTRUMENT_COLUMNS, _plan_columns

    # The columns that describe the instrument rather than a region.
    region_columns = [column for column in matrix.columns if column not in INSTRUMENT_COLUMNS]
    if docs is None:
        docs = _plan_columns(matrix, presence=True, stacklevel=5)
        if not docs:
            raise ValueError(f"matrix has no region columns: add one column per region doc_id, or pass {name}")
    else:
        docs = list(_check_once(docs, name, "document"))  # also refuses one id given as a str
        if not docs:
            raise ValueError(f"{name} must name at least one region column of matrix, or be None for all of them")
        for doc in docs:
            _require_known(doc, name, region_columns, missing="is not a region column of matrix", listed=True, labels=labels)
    columns = []
    for doc in docs:
        column = matrix[doc]
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            columns.append(column.fillna(0).astype(float).to_numpy() > 0)
        elif column.map(lambda value: value is None or isinstance(value, str) or pd.isna(value)).all():
            columns.append(column.fillna("").str.strip().ne("").to_numpy())
        else:
            raise ValueError(
                f"matrix region column {doc!r} must hold booleans, counts or evidence strings, "
                f"got {column.dtype}; pass {name} to name the region columns"
            )
    return docs, np.column_stack(columns)


# Characters of an instrument's label on one line of the instrument matrix, and the room a second line takes, in rows:
# a line of 7-point text is 8.4 points high, a row 14.4 points (0.2 inch).
_MATRIX_LABEL_WIDTH = 26
_SECOND_LINE = 0.6


# The frame roles of structure.classify_frame_sections, as the instrument matrix names a cluster of frame sections.
_FRAME_NAMES = {"ideology": "指导思想", "principles": "基本原则", "goals": "目标", "schedule": "实施步骤"}


def _wrap_label(label, width, *, lines=2):
    """``label`` on at most ``lines`` lines of ``width`` characters, broken after a `` / ``; the rest cut with "…".

    The `` /`` that ends a line does not count: it says the label goes on.
    A line without a `` / `` to break at is broken at ``width``.

    >>> _wrap_label("义务教育学校 / 标准化建设 / 财政投入", 18)
    '义务教育学校 / 标准化建设 /\\n财政投入'
    >>> _wrap_label("习近平新时代中国特色社会主义思想 / 党的教育方针 / 根本任务", 18)
    '习近平新时代中国特色社会主义思想 /\\n党的教育方针 / 根本任务'
    >>> _wrap_label("义务教育学校 / 标准化建设 / 财政投入", 18, lines=1)
    '义务教育学校 / 标准化建设 / …'
    """
    text = " ".join(str(label).split())
    wrapped, start = [], 0
    while len(text) - start > width and len(wrapped) < lines - 1:
        cut = text.rfind(" / ", start, start + width + 3)
        if cut > start:
            wrapped.append(text[start:cut] + " /")
            start = cut + 3
        else:
            wrapped.append(text[start:start + width])
            start += width
    wrapped.append(_shorten(text[start:], width))
    return "\n".join(wrapped)


def _runs(present):
    """``(first, last)`` of each run of neighbouring True values of ``present``, runs of one left out.

    >>> _runs(np.array([True, True, False, True, False, True, True, True]))
    [(0, 1), (5, 7)]
    """
    padded = np.concatenate([[False], np.asarray(present, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(int)))
    return [(int(start), int(end) - 1) for start, end in zip(edges[::2], edges[1::2]) if end - start > 1]


def plot_instrument_matrix(matrix, *, docs=None, labels=None, ax=None, regions=None):
    """Draw which region uses which policy instrument, as a dot matrix.

    Instruments are rows, sorted by the number of regions that use them and
    then by label, each named by its id (as in the table, to look it up) and
    its label; a cluster of frame sections (column ``frame``: a guiding
    ideology, principles, goals or a schedule, which are parts of every plan
    rather than instruments) says so in brackets after it, e.g. ``I002 目标 /
    质量 / 台阶 〔目标〕``. Regions are columns. A filled dot marks presence, coloured
    by status (shared by all, partial, unique to one region), a light grey dot
    absence (the legend's 该地未涉及); a line joins the dots of neighbouring
    regions that both have the instrument, and never runs across an absent
    one. A row name longer than 26 characters is wrapped onto two lines (after
    one of its slashes), and its row gets the room; only what does not fit in
    two lines is cut with "…".

    Parameters
    ----------
    matrix : pandas.DataFrame
        Columns ``instrument_id, label, status`` (``shared``, ``partial`` or
        ``unique``) and one column per region: booleans, counts, or evidence
        strings (measure ids; empty where the region lacks the instrument), as
        :func:`policycompare.instrument_matrix` returns. ``n_regions`` and the
        other descriptive columns of that table are optional.
    docs : list of str, default=None
        The region columns (the plans' doc ids), in display order, any
        columns but ``instrument_id, label, status, n_regions, n_measures,
        representative, heading, category, frame``. By default the plans that
        :func:`policycompare.instrument_matrix` lists in ``matrix.attrs["docs"]``
        and the columns that hold measure ids of their own name; without that
        list (a matrix read back from a CSV file, or made by hand) also the
        columns of booleans or counts, or with nothing filled in, and another
        column is left out with a warning that names it.
    labels : mapping, default=None
        Display name of each region doc id.
    ax : matplotlib.axes.Axes, default=None
    regions : list of str, default=None
        The former name of ``docs``, still read, with a ``FutureWarning``;
        give one or the other.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If both ``docs`` and ``regions`` are given, or the matrix has no
        instruments.
    UnknownIdError
        If ``docs`` names a column the matrix lacks.

    Examples
    --------
    >>> import pandas as pd
    >>> matrix = pd.DataFrame({"instrument_id": ["i1", "i2"], "label": ["课后服务", "集团化办学"],
    ...                        "status": ["unique", "shared"], "huaxi": [False, True], "qixing": [True, True]})
    >>> ax = plot_instrument_matrix(matrix, labels={"huaxi": "花溪区", "qixing": "七星区"})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['i2 集团化办学', 'i1 课后服务']
    """
    name = "docs"
    if regions is not None:
        if docs is not None:
            raise ValueError("give docs or regions, not both: regions is the former name of docs")
        import warnings

        warnings.warn("plot_instrument_matrix: regions= is now docs=, the name align_measures, instrument_matrix, write_report "
                      "and plot_timeline give the plans; regions= will be removed", FutureWarning, stacklevel=2)
        docs, name = regions, "regions"
    _require_frame(matrix, "matrix", ("instrument_id", "label", "status"))
    _require_labels(labels)
    if matrix.empty:
        raise ValueError("matrix has no instruments")
    bad = sorted(map(str, set(matrix["status"]) - set(_STATUS)))
    if bad:
        raise ValueError(f"matrix column 'status' has {bad[0]!r}; allowed: {', '.join(_STATUS)}")
    regions, presence = _presence(matrix, docs, name=name, labels=labels)
    n_present = matrix["n_regions"].to_numpy() if "n_regions" in matrix.columns else presence.sum(axis=1)
    keys = pd.DataFrame({"n": -np.asarray(n_present, dtype=float), "label": matrix["label"].astype(str).to_numpy(),
                         "id": matrix["instrument_id"].astype(str).to_numpy()})
    order = keys.sort_values(["n", "label", "id"], kind="stable").index.to_numpy()
    table, presence = matrix.iloc[order], presence[order]

    n_rows, n_cols = presence.shape
    row_height = 0.2 if n_rows <= 40 else max(0.1, 8.0 / n_rows)
    # Rows closer than a line of text apart have no room for a second line.
    lines = 2 if n_rows <= 40 else 1
    roles = table["frame"].fillna("").astype(str) if "frame" in table.columns else pd.Series("", index=table.index)
    names = [_wrap_label(f"{instrument} {str(label).strip()}" + (f" 〔{_FRAME_NAMES.get(role, role)}〕" if role else ""),
                         _MATRIX_LABEL_WIDTH, lines=lines)
             for label, instrument, role in zip(table["label"], table["instrument_id"], roles)]
    heights = np.array([1 + _SECOND_LINE * name.count("\n") for name in names])
    ys = np.cumsum(heights) - heights / 2 - 0.5
    figsize = (min(_PAGE_WIDTH, 2.8 + 0.75 * n_cols), 1.3 + row_height * heights.sum())
    with _drawing(ax, figsize) as ax:
        rows, xs = np.nonzero(~presence)
        ax.scatter(xs, ys[rows], s=16, color=_LIGHT_GREY, zorder=1)
        colours = [_STATUS[status][0] for status in table["status"]]
        for y, row, colour in zip(ys, presence, colours):
            # Only neighbours: a line from the first dot to the last ran across the absent regions between, and a
            # row of two regions out of fourteen read as a row of all of them.
            for left, right in _runs(row):
                ax.plot([left, right], [y, y], color=colour, linewidth=1.5, zorder=2)
        rows, xs = np.nonzero(presence)
        ax.scatter(xs, ys[rows], s=42, c=[colours[row] for row in rows], zorder=3)
        ax.set_yticks(ys, labels=names)
        names = [_display(region, labels) for region in regions]
        # Upright labels for a few short names; slanted ones once they would run into each other.
        crowded = n_cols * max(map(len, names), default=0) > 30
        ax.set_xticks(range(n_cols), labels=names, rotation=45 if crowded else 0, ha="left" if crowded else "center", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlim(-0.6, n_cols - 0.4)
        ax.set_ylim(heights.sum() - 0.5, -0.5)
        present_status = [status for status in _STATUS if status in set(table["status"])]
        handles = [Line2D([], [], marker="o", linestyle="", color=_STATUS[s][0], label=_STATUS[s][1])
                   for s in present_status]
        if not presence.all():
            # The grey dot as drawn: a marker of area 16 is 4 points across.
            handles.append(Line2D([], [], marker="o", linestyle="", markersize=4, color=_LIGHT_GREY, label=_ABSENT))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles), frameon=False)
    return ax


def _typology_frame(crosstab, scheme):
    """Regions × types counts from either layout of a typology table.

    :func:`policycompare.typology_crosstab` returns types as rows (index
    ``scheme, type`` and perhaps ``subtype``) and regions as columns; a
    hand-made table may have regions as rows and types as columns (plain, or a
    MultiIndex whose first level is the type). Sub-types are summed into their
    type, the three Rothwell & Zegveld types come first and uncoded measures
    (``未编码``) last.
    """
    frame = crosstab
    if "type" in frame.index.names:
        if "scheme" in frame.index.names:
            schemes = list(pd.unique(frame.index.get_level_values("scheme")))
            if scheme not in schemes:
                raise ValueError(f"scheme={scheme!r} is not in crosstab; allowed: {', '.join(map(str, schemes))}")
            frame = frame.xs(scheme, level="scheme")
        frame = frame.groupby(level="type", sort=False).sum().T if frame.index.nlevels > 1 else frame.T
    elif isinstance(frame.columns, pd.MultiIndex):
        frame = frame.T.groupby(level=0, sort=False).sum().T
    frame = frame.rename(columns=str)
    known = [column for column in INSTRUMENT_TYPES if column in frame.columns]
    others = [column for column in frame.columns if column not in known and column != UNCODED]
    return frame[known + others + [UNCODED] * (UNCODED in frame.columns)]


def plot_instrument_types(crosstab, *, scheme="rothwell_zegveld", labels=None, ax=None, share=True, uncoded=True):
    """Draw the mix of policy-instrument types per region as stacked horizontal bars.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        Counts of measures by type and region, either as
        :func:`policycompare.typology_crosstab` returns them (index
        ``scheme, type`` or ``scheme, type, subtype``; one column per region)
        or with one row per region and one column per type (plain, or a
        MultiIndex whose first level is the type).
    scheme : str, default="rothwell_zegveld"
        Which typology to draw when ``crosstab`` holds several.
    labels : mapping, default=None
        Display name of each region.
    ax : matplotlib.axes.Axes, default=None
    share : bool, default=True
        Draw each region's shares (bars of equal length, with ``n=`` totals
        when the table holds counts) rather than counts.
    uncoded : bool, default=True
        Draw the measures no type fits (``未编码``) as a light grey segment at
        the end of each bar, so that the shares are those of
        ``typology_crosstab(..., normalize=True)``. ``False`` leaves them out:
        the shares are then of the coded measures only, and the axis says so.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per region, in table order; Rothwell & Zegveld's 供给型,
        环境型, 需求型 first, other types in table order, 未编码 last. Each
        segment has its share (or count) written in it where the text, with
        2 points at either end, fits in the segment as the figure is laid
        out; a narrower segment has none.

    Examples
    --------
    >>> import pandas as pd
    >>> crosstab = pd.DataFrame({"供给型": [6, 2], "环境型": [3, 2], "需求型": [1, 0]}, index=["花溪区", "安宁市"])
    >>> ax = plot_instrument_types(crosstab)
    >>> len(ax.patches), [t.get_text() for t in ax.texts if t.get_text().endswith("%")][:3]
    (6, ['60%', '50%', '30%'])
    """
    _require_frame(crosstab, "crosstab", ())
    _require_labels(labels)
    if crosstab.empty:
        raise ValueError("crosstab is empty: it needs one row per region and one column per instrument type")
    frame = _typology_frame(crosstab, scheme)
    if frame.columns.difference([UNCODED]).empty:
        raise ValueError("crosstab has no instrument types besides uncoded measures")
    left_out = not uncoded and UNCODED in frame.columns
    if left_out or (UNCODED in frame.columns and (frame[UNCODED] == 0).all()):
        frame = frame.drop(columns=[UNCODED])
    try:
        counts = frame.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("crosstab must hold counts (numbers)") from None
    if np.isnan(counts).any() or (counts < 0).any():
        raise ValueError("crosstab must hold counts of zero or more, without missing values")

    totals = counts.sum(axis=1)
    widths = np.divide(counts, totals[:, None], out=np.zeros_like(counts), where=totals[:, None] > 0) if share else counts
    n_rows, n_types = widths.shape
    other = iter(_OTHER_COLOURS * (n_types // len(_OTHER_COLOURS) + 1))
    colours = [_LIGHT_GREY if column == UNCODED else _TYPE_COLOURS.get(column) or next(other) for column in frame.columns]
    with _drawing(ax, (_PAGE_WIDTH, 1.1 + 0.38 * n_rows)) as ax:
        left = np.zeros(n_rows)
        segments = []
        for k, (column, colour) in enumerate(zip(frame.columns, colours)):
            ax.barh(range(n_rows), widths[:, k], left=left, height=0.65, color=colour, edgecolor="white",
                    linewidth=0.8, label=column)
            for y, (start, width, count) in enumerate(zip(left, widths[:, k], counts[:, k])):
                if width > 0:
                    text = f"{width:.0%}" if share else f"{count:g}"
                    segments.append((start, width, ax.text(
                        start + width / 2, y, text, ha="center", va="center", fontsize=7,
                        color="white" if colour in (_BLUE, _GREEN, _PURPLE, _VERMILLION, _GREY) else "black")))
            left += widths[:, k]
        if share and np.all(counts == np.round(counts)):
            for y, total in enumerate(totals):
                ax.text(1.01, y, f"n={total:g}", ha="left", va="center", fontsize=7, color=_GREY)
        if share:
            ax.set_xlim(0, 1)
            ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
            ax.set_xlabel("占比（不计未编码）" if left_out else "占比")
        else:
            ax.set_xlabel("数量")
        ax.set_yticks(range(n_rows), labels=[_display(region, labels) for region in frame.index])
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=n_types, frameon=False)
        _keep_fitting(ax, segments)
    return ax


# Room in points a value written in a bar's segment keeps from each end of the segment (its white edge is 0.4
# points of it), so that it reads as the segment's and still does at another resolution, where hinting widens it.
_SEGMENT_PAD = 2.0


def _keep_fitting(ax, segments):
    """Remove the text of each segment ``(start, width, text)`` of a horizontal bar that it does not fit in.

    Measured on the figure as its layout engine places it: a share cut
    (7% and more) left 6.9% unlabelled in a segment three times as wide as
    its text, and would label a 7% segment of a narrow Axes too small for it.
    """
    _fix_display(ax)
    pad = 2 * _SEGMENT_PAD * ax.figure.dpi / 72
    for start, width, text in segments:
        (left, _), (right, _) = ax.transData.transform([(start, 0), (start + width, 0)])
        if text.get_window_extent().width + pad > abs(right - left):
            text.remove()


# --- keyword graphs ---------------------------------------------------------------------------

def plot_keyword_graph(G, *, ax=None, top_n=40, max_edges=100, seed=0):
    """Draw a keyword co-occurrence graph: the ``top_n`` most frequent terms and their links.

    Parameters
    ----------
    G : networkx.Graph
        Nodes are terms with a ``count`` attribute (and optionally ``tfidf``,
        which colours them); edges have a ``weight`` attribute (co-occurrences).
    ax : matplotlib.axes.Axes, default=None
    top_n : int, default=40
        How many terms to consider, the most frequent first (ties by term).
    max_edges : int or None, default=100
        How many links among them to draw, the heaviest first; None draws all.
        Terms none of whose links is drawn are left out (all are drawn when
        no link is).
    seed : int, default=0
        Seed of the spring layout (computed on every link among the drawn terms).

    Returns
    -------
    matplotlib.axes.Axes
        Node area grows with the square root of ``count``, node colour (light
        to dark orange) with ``tfidf``, edge width and opacity with
        ``weight``; a key below the graph says so and gives the range of each
        (each figure is scaled to the terms and links it draws, so a colour
        means another weight in another plan's figure). Nodes that the layout
        put on top of each other are pushed apart, so that every node shows
        whole. Groups of terms that no drawn link joins to the largest group
        stand in a column at its right. A label stays on its node only where
        it fits in it (the node shows above and below the label, and the label
        is narrower than the node); any other label stands just above its
        node, so that it does not hide the node's colour (where the middle of
        a graph is crowded, one may find no free place and stay on it). A label that would overlap
        another or lie on the node of a term at least as frequent is moved
        the shortest way to a free place, the labels of frequent terms
        first; a thin line (in ``ax.lines``) joins one that ends up away
        from its node to the node.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("教师", count=12, tfidf=0.4); G.add_node("培训", count=5, tfidf=0.2)
    >>> G.add_node("经费", count=3, tfidf=0.1); G.add_node("托育", count=4, tfidf=0.3)
    >>> G.add_edge("教师", "培训", weight=4, npmi=0.6)
    >>> ax = plot_keyword_graph(G, top_n=3)   # 教师, 培训, 托育; 托育 has no link and is left out
    >>> sorted(t.get_text() for t in ax.texts)
    ['培训', '教师']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['点的面积：出现次数 5–12', '颜色深浅：TF-IDF 权重 0.20–0.40', '线宽：共现次数 4']
    """
    counts, weights = _graph_attributes(G, "G")
    top_n = _require_positive_int(top_n, "top_n")
    if max_edges is not None:
        max_edges = _require_positive_int(max_edges, "max_edges")
    if not counts:
        raise ValueError("G has no nodes")
    nodes = _top_nodes(counts, top_n)
    edges = _strongest_edges(weights, nodes, max_edges)
    nodes = _linked_terms(nodes, edges)
    positions = _layout(nodes, _strongest_edges(weights, nodes, None), weights, seed, drawn=edges)
    tfidf = [G.nodes[node].get("tfidf") for node in nodes]
    colour_map = None
    if all(value is not None for value in tfidf):
        # The light half of the map keeps dark label text legible on every node.
        colour_map = matplotlib.colormaps["YlOrBr"]
        node_colours = colour_map(_scale(tfidf, 0.15, 0.6))
    else:
        node_colours = [_SKY] * len(nodes)
    edge_weights = [weights[frozenset(edge)] for edge in edges]
    with _drawing(ax, (_PAGE_WIDTH, 5.5)) as ax:
        # The node's colour is its TF-IDF weight: a label drawn over a small node would hide it.
        _draw_graph(ax, positions, nodes, counts, node_colours, edges, [_GREY] * len(edges),
                    edge_weights, key=_graph_key([counts[node] for node in nodes], edge_weights, tfidf=tfidf,
                                                 colour_map=colour_map), beside_small=True)
    return ax


def plot_graph_comparison(G_a, G_b, *, names=("A", "B"), ax=None, top_n=40, max_edges=100, seed=0):
    """Draw two keyword graphs on one layout: shared links and links found in only one.

    Parameters
    ----------
    G_a, G_b : networkx.Graph
        Keyword graphs as for :func:`plot_keyword_graph`.
    names : tuple of two str, default=("A", "B")
        Names of the two graphs in the legend (e.g. region names).
    ax : matplotlib.axes.Axes, default=None
    top_n : int, default=40
        How many terms to consider, by their count in both graphs together.
    max_edges : int or None, default=100
        How many links among them to draw, by their weight in both graphs
        together; None draws all. Terms without a drawn link are left out,
        as in :func:`plot_keyword_graph`.
    seed : int, default=0
        Seed of the spring layout of the union graph.

    Returns
    -------
    matplotlib.axes.Axes
        Terms and links in both graphs are light grey; those only in ``G_a``
        blue, only in ``G_b`` vermillion, their links dashed. "Only in a
        graph" is not "only in a plan": a term the other plan uses fewer than
        its graph's ``min_count`` times, or only inside a longer word (组织 in
        党组织), is not in the other graph. The three
        differ in lightness too (links 187, 87 and 119 of 255 in greyscale,
        term fills 232, 158 and 200), so the figure reads printed in black
        and white. Node area and link width are the sums over both graphs;
        the key gives their ranges. Nodes, groups and labels are placed as
        in :func:`plot_keyword_graph`.

    Examples
    --------
    >>> import networkx as nx
    >>> a, b = nx.Graph(), nx.Graph()
    >>> a.add_node("教师", count=5); a.add_node("培训", count=3); a.add_edge("教师", "培训", weight=2)
    >>> b.add_node("教师", count=4); b.add_node("托育", count=2); b.add_edge("教师", "托育", weight=1)
    >>> ax = plot_graph_comparison(a, b, names=("花溪区", "安宁市"))
    >>> [t.get_text() for t in ax.get_legend().get_texts()][::2]
    ['两者共有', '仅在花溪区图中', '仅在安宁市图中']
    """
    counts_a, weights_a = _graph_attributes(G_a, "G_a")
    counts_b, weights_b = _graph_attributes(G_b, "G_b")
    top_n = _require_positive_int(top_n, "top_n")
    if max_edges is not None:
        max_edges = _require_positive_int(max_edges, "max_edges")
    if not (isinstance(names, (tuple, list)) and len(names) == 2 and all(isinstance(n, str) for n in names)):
        raise ValueError(f"names must be two strings, got {names!r}")
    counts = {node: counts_a.get(node, 0.0) + counts_b.get(node, 0.0) for node in set(counts_a) | set(counts_b)}
    if not counts:
        raise ValueError("G_a and G_b have no nodes")
    nodes = _top_nodes(counts, top_n)
    union = {edge: weights_a.get(edge, 0.0) + weights_b.get(edge, 0.0) for edge in set(weights_a) | set(weights_b)}
    edges = _strongest_edges(union, nodes, max_edges)
    nodes = _linked_terms(nodes, edges)

    def side(in_a, in_b):
        return "both" if in_a and in_b else "a" if in_a else "b"

    node_colours = [_COMPARISON_FILL[side(node in counts_a, node in counts_b)] for node in nodes]
    sides = [side(frozenset(e) in weights_a, frozenset(e) in weights_b) for e in edges]
    positions = _layout(nodes, _strongest_edges(union, nodes, None), union, seed, drawn=edges)
    with _drawing(ax, (_PAGE_WIDTH, 5.5)) as ax:
        categories = [
            Line2D([], [], color=_COMPARISON_LINE[key], linestyle=_COMPARISON_STYLE[key], marker="o", markersize=8,
                   markerfacecolor=_COMPARISON_FILL[key], markeredgecolor=_GREY, markeredgewidth=0.5, linewidth=2,
                   label=text)
            for key, text in (("both", "两者共有"), ("a", f"仅在{names[0]}图中"), ("b", f"仅在{names[1]}图中"))
        ]
        _draw_graph(ax, positions, nodes, counts, node_colours, edges, [_COMPARISON_LINE[s] for s in sides],
                    [union[frozenset(edge)] for edge in edges], edge_styles=[_COMPARISON_STYLE[s] for s in sides],
                    key=_interleave(categories, _graph_key([counts[node] for node in nodes],
                                                           [union[frozenset(edge)] for edge in edges], both=True)),
                    beside_small=True)
    return ax


# --- distinctive terms ----------------------------------------------------------------------

def _terms_of(table, group, n, labels=None):
    rows = table[table["group"] == group]
    if rows.empty:
        _require_known(group, "group", list(pd.unique(table["group"])), missing="is not in table", labels=labels)
    ranked = rows.sort_values(["rank", "term"], kind="stable")
    # A term of score 0 or less is used no more often in the group than elsewhere: a short plan's ten best would
    # otherwise be filled with words of the other plans that it never uses.
    return ranked[pd.to_numeric(ranked["score"], errors="coerce") > 0].head(n)


# The x axis of distinctive terms names the statistic that compute_distinctive_terms records in the table's attrs.
_SCORE_LABELS = {"log_odds": "对数几率 z 值", "chi2": "χ² 值（带符号）", "g2": "G² 值（带符号）"}


def _score_label(table):
    """The x-axis label of a distinctive-terms table: its statistic, or 得分 (score) for a table that does not say."""
    return _SCORE_LABELS.get(table.attrs.get("method"), "得分")


def _draw_terms(ax, rows, title, score_label):
    if rows.empty:
        ax.text(0.5, 0.5, "没有比其他计划更常用的词", transform=ax.transAxes, ha="center", va="center", fontsize=8, color=_GREY)
    y = np.arange(len(rows))
    ax.barh(y, rows["score"].astype(float), height=0.7, color=_BLUE)
    ax.set_yticks(y, labels=[str(term) for term in rows["term"]])
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(score_label)
    ax.set_title(title)


def plot_distinctive_terms(table, *, group, n=10, labels=None, ax=None):
    """Draw the ``n`` most distinctive terms of one group as horizontal bars, best at the top.

    Only terms of a positive score are drawn (used more often in the group
    than elsewhere); a group without one gets a note (没有比其他计划更常用的词)
    instead of bars.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``group, term, score, rank`` (rank 1 = most distinctive). The
        x axis names the statistic that
        :func:`~policycompare.keywords.compute_distinctive_terms` records in
        ``table.attrs["method"]`` (对数几率 z 值 for log-odds), or says 得分.
    group : str
        The group (usually a doc id) to draw.
    n : int, default=10
    labels : mapping, default=None
        Display name of each group, for the title.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": ["anning"] * 3, "term": ["托育", "银龄", "讲学"],
    ...                       "score": [9.1, 7.5, 3.0], "rank": [1, 2, 3]})
    >>> ax = plot_distinctive_terms(table, group="anning", n=2, labels={"anning": "安宁市"})
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('安宁市', ['托育', '银龄'])
    """
    _require_frame(table, "table", ("group", "term", "score", "rank"))
    n = _require_positive_int(n, "n")
    _require_labels(labels)
    rows = _terms_of(table, group, n, labels)
    with _drawing(ax, (3.4, 0.9 + 0.22 * len(rows))) as ax:
        _draw_terms(ax, rows, _display(group, labels), _score_label(table))
    return ax


# The height in inches of the text on a journal page 7 inches wide: a grid of distinctive terms of up to 18 groups
# (the most a report draws) stays within it.
_PAGE_HEIGHT = 9.5
# A row of panels of distinctive terms: the inches its title and x axis take, and each term's row, 0.2 inch where a
# page has room. A grid taller than a page takes the least: a row's title and tick labels (the name of the x axis
# stands under the bottom row only), a term's row of 0.13 inch (a 7-point label and 2.5 points to the next) and the
# name of the x axis once.
_TERMS_PANEL, _TERM_ROW = 0.9, 0.2
_TERMS_PANEL_LEAST, _TERM_ROW_LEAST, _TERMS_AXIS_NAME = 0.5, 0.13, 0.2


def _terms_grid(n_panels, longest):
    """Columns, rows and height in inches of a grid of ``n_panels`` panels of at most ``longest`` terms.

    Two columns up to four panels, three up to nine, four beyond (in three
    columns, 14 plans made a figure 14.5 inches tall). A grid that would be
    taller than a page is a page tall, its terms' rows closer, or as tall as
    the closest rows need.

    >>> _terms_grid(4, 10), _terms_grid(9, 10), _terms_grid(14, 10), _terms_grid(18, 10), _terms_grid(30, 10)
    ((2, 2, 5.8), (3, 3, 8.7), (4, 4, 9.5), (4, 5, 9.5), (4, 8, 14.6))
    """
    ncols = 1 if n_panels == 1 else 2 if n_panels <= 4 else 3 if n_panels <= 9 else 4
    nrows = -(-n_panels // ncols)
    height = nrows * (_TERMS_PANEL + _TERM_ROW * longest)
    if height > _PAGE_HEIGHT:
        height = max(_PAGE_HEIGHT, nrows * (_TERMS_PANEL_LEAST + _TERM_ROW_LEAST * longest) + _TERMS_AXIS_NAME)
    return ncols, nrows, round(height, 2)


def plot_distinctive_terms_grid(table, *, groups=None, n=10, labels=None):
    """Draw the distinctive terms of several groups side by side, one panel per group.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``group, term, score, rank``; the x axis is labelled as in
        :func:`plot_distinctive_terms`.
    groups : list of str, default=None
        Groups to draw, in order; by default every group in the order it first appears.
    n : int, default=10
    labels : mapping, default=None
        Display name of each group.

    Returns
    -------
    matplotlib.figure.Figure
        With one Axes per group, in ``groups`` order: two columns up to four
        groups, three up to nine, four beyond. The panels share one x axis,
        each with its tick labels and the bottom one of each column with its
        name, so bar lengths compare across panels. Up to 18 groups of 10
        terms the figure is at most 9.5 inches tall; text is 7 to 9 points.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": ["huaxi", "huaxi", "anning"], "term": ["章程", "振兴", "托育"],
    ...                       "score": [5.0, 4.0, 6.0], "rank": [1, 2, 1]})
    >>> fig = plot_distinctive_terms_grid(table, labels={"huaxi": "花溪区", "anning": "安宁市"})
    >>> [ax.get_title() for ax in fig.axes]
    ['花溪区', '安宁市']
    >>> fig.axes[0].get_xlim() == fig.axes[1].get_xlim()
    True
    """
    _require_frame(table, "table", ("group", "term", "score", "rank"))
    n = _require_positive_int(n, "n")
    _require_labels(labels)
    known = list(pd.unique(table["group"]))
    if groups is not None:
        groups = _check_once(groups, "groups", "group")  # also refuses one group given as a str
        for group in groups:
            _require_known(group, "groups", known, missing="is not in table", listed=True, labels=labels)
    groups = known if groups is None else list(groups)
    if not groups:
        raise ValueError("table has no groups to draw")
    panels = [_terms_of(table, group, n) for group in groups]
    ncols, nrows, height = _terms_grid(len(groups), max(len(rows) for rows in panels))
    with _print_style():
        # One scale for all panels: with a scale each, a plan's weak terms drew as long as another's strong ones.
        fig, axes = plt.subplots(nrows, ncols, squeeze=False, layout="constrained", sharex=True,
                                 figsize=(_PAGE_WIDTH if ncols > 1 else 3.4, height))
        for k, (ax, group, rows) in enumerate(zip(axes.flat, groups, panels)):
            _draw_terms(ax, rows, _display(group, labels), _score_label(table))
            # A shared axis shows its ticks on the bottom row only; the rows above keep theirs, read without looking down.
            ax.tick_params(axis="x", labelbottom=True)
            # The axis is named once, under each column: named in every row, it took the room of two terms a row.
            if k + ncols < len(groups):
                ax.set_xlabel("")
        for ax in axes.flat[len(groups):]:
            fig.delaxes(ax)
    _keep_start(fig)
    return fig


# --- dates --------------------------------------------------------------------------------------

_TimelineItem = collections.namedtuple("_TimelineItem", "doc kind start end measure text")


def _is_blank(value):
    return value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip()


def _date_span(value, name, place=""):
    """Turn ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into the span it names, in fractional years.

    ``name`` and ``place`` say in an error where the value came from: ``dates column 'start_date'`` and `` (row 3)``.
    """
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError(f"{name} has {value!r}{place}; allowed: YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return float(year), float(year + 1)
        if day is None:
            datetime.date(year, month, 1)
            return year + (month - 1) / 12, year + month / 12
        date = datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"{name} has {value!r}{place}, which is not a calendar date") from None
    days = 366 if datetime.date(year, 12, 31).timetuple().tm_yday == 366 else 365
    start = year + (date.timetuple().tm_yday - 1) / days
    return start, start + 1 / days


def _timeline_items(dates):
    items = []
    for row, record in zip(dates.index, dates.itertuples(index=False)):
        if record.kind not in _TIMELINE_KINDS:
            raise ValueError(f"dates column 'kind' has {record.kind!r} (row {row}); allowed: {', '.join(_TIMELINE_KINDS)}")
        start, end = _date_span(record.start_date, "dates column 'start_date'", f" (row {row})")
        text = "" if _is_blank(record.text) else str(record.text)
        if not _is_blank(record.end_date):
            end_start, end = _date_span(record.end_date, "dates column 'end_date'", f" (row {row})")
            if end_start < start:
                raise ValueError(
                    f"dates row {row} ({record.measure_id}, {text!r}) ends ({record.end_date}) before it starts "
                    f"({record.start_date}); leave it out (see backwards_spans)"
                )
        elif record.kind in ("period", "phase"):
            # A span without end (2025年以后, 2024年起) is open: it has no end, and 以后 starts it after the date.
            start, end = (end if _AFTER.search(text) else start), None
        items.append(_TimelineItem(str(record.doc_id), record.kind, start, end, str(record.measure_id), text))
    return items


def backwards_spans(dates):
    """Which rows of a dates table end before they start: a typing slip in the plan (2025年6月—2024年8月).

    :func:`plot_timeline` refuses such a row; leave them out first
    (``dates[~backwards_spans(dates)]``), and check the plan's text.

    Parameters
    ----------
    dates : pandas.DataFrame
        Columns start_date and end_date, as :func:`policycompare.annotations.extract_dates` gives them.

    Returns
    -------
    pandas.Series of bool
        Aligned with ``dates``; False where either date is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> dates = pd.DataFrame({"start_date": ["2024", "2025-06", "2023", ""], "end_date": ["2023", "2024-08", "2025", "2025"]})
    >>> backwards_spans(dates).tolist()
    [True, True, False, False]
    """
    _require_frame(dates, "dates", ("start_date", "end_date"))

    def backwards(start, end):
        if _is_blank(start) or _is_blank(end):
            return False
        return _date_span(end, "dates column 'end_date'")[0] < _date_span(start, "dates column 'start_date'")[0]

    return pd.Series([backwards(start, end) for start, end in zip(dates["start_date"], dates["end_date"])], index=dates.index, dtype=bool)


def _plan_period(value, doc):
    """The span of a plan's period, in fractional years; None for an empty value.

    A period is given as ``2022-2025`` or ``2022``, or to the month as
    ``2023-08/2027-07`` (school years, as the manifest gives 112至115學年度):
    from the first month's start to the last month's end.

    Examples
    --------
    >>> _plan_period("2022-2025", "a"), _plan_period("2023-08/2024-07", "b")
    ((2022.0, 2026.0), (2023.5833333333333, 2024.5833333333333))
    """
    if _is_blank(value):
        return None
    text = str(value).strip()
    months = _MONTH_PERIOD.match(text)
    if months:
        first, last = (_date_span(month, "periods", f" for {doc!r}") for month in months.groups())
        if last[1] <= first[0]:
            raise ValueError(f"periods has {value!r} for {doc!r}, which ends before it starts")
        return first[0], last[1]
    match = _PLAN_PERIOD.match(text)
    if not match:
        raise ValueError(f"periods has {value!r} for {doc!r}; allowed: YYYY, YYYY-YYYY (2022-2025) or YYYY-MM/YYYY-MM (2023-08/2027-07), "
                         "or an empty value")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if last < first:
        raise ValueError(f"periods has {value!r} for {doc!r}, which ends before it starts")
    return float(first), float(last + 1)


def _plan_spans(doc, items, periods):
    """The spans of ``doc`` drawn as its period (a band) and those drawn as periods its text refers to.

    The plan's own period is ``periods[doc]`` where given, else the first
    period with an end named in the front matter (``doc:0``, the title) that
    is not a five-year plan; without either, every period the text names
    except five-year plans. The other periods (“十四五”, a period of one
    measure) are periods the text refers to.
    """
    named = [item for item in items if item.kind == "period"]
    own = _plan_period(periods.get(doc), doc) if periods is not None else None
    if own is None:
        front = [item for item in named if item.measure == f"{doc}:0" and item.end is not None
                 and not _FIVE_YEAR_PLAN.search(item.text)]
        own = (front[0].start, front[0].end) if front else None
    if own is not None:
        bands = [own]
    else:
        bands = list(dict.fromkeys((item.start, item.end) for item in named if not _FIVE_YEAR_PLAN.search(item.text)))
    referenced = sorted({(item.start, item.end) for item in named} - set(bands),
                        key=lambda span: (span[0], np.inf if span[1] is None else span[1]))
    return bands, referenced


def _draw_open_bar(ax, y, start, end, colour, height, zorder, edge=None):
    """A bar from ``start`` to ``end`` (the right edge) that fades out over its last ``_OPEN_FADE`` years.

    The bar itself is drawn without fill and carries the extent (and the
    white ``edge`` of a phase, if given); an image of its colour, opaque to
    transparent, fills it, so that whatever lies behind (the plan's period)
    shows through the open end.
    """
    edge = {} if edge is None else edge
    (bar,) = ax.barh(y, end - start, left=start, height=height, color="none", zorder=zorder + 0.01,
                     **({"edgecolor": "none"} | edge))
    steps = np.linspace(start, end, 256)
    rgba = np.tile(matplotlib.colors.to_rgba(colour), (1, len(steps), 1))
    rgba[0, :, 3] = np.clip((end - steps) / min(_OPEN_FADE, end - start), 0, 1)
    ax.imshow(rgba, extent=(start, end, y + height / 2, y - height / 2), aspect="auto", interpolation="bilinear",
              zorder=zorder)
    return bar


def _require_docs(docs):
    if isinstance(docs, str) or not isinstance(docs, (list, tuple, pd.Index, pd.Series, np.ndarray)) \
            or not all(isinstance(doc, str) for doc in docs):
        raise TypeError(f"docs must be a list of doc ids (strings) or None, got {docs!r}")
    if len(docs) == 0:
        raise ValueError("docs must name at least one document")
    return list(dict.fromkeys(docs))


def _require_mapping(value, name):
    if value is not None and not isinstance(value, (Mapping, pd.Series)):
        raise TypeError(f"{name} must be a mapping of doc_id to a date or None, got {type(value).__name__}")
    return value


def _marker_reach(marker, area, linewidth=0.0):
    """How far a scatter marker of ``area`` (points²) and an edge ``linewidth`` wide reaches from its centre, in points.

    Returns the reach along x and along y.

    >>> _marker_reach("o", 16).tolist(), _marker_reach("D", 8).round(3).tolist()
    ([2.0, 2.0], [2.0, 2.0])
    """
    style = matplotlib.markers.MarkerStyle(marker)
    vertices = style.get_path().transformed(style.get_transform()).vertices
    return np.abs(vertices).max(axis=0) * np.sqrt(area) + linewidth / 2


def _touching_kinds(xs, kinds, reach):
    """Which markers of one row touch a marker of the other kind, side by side: ``|x_i - x_j| < reach_i + reach_j``.

    >>> kinds = np.array(["deadline", "date", "date"])
    >>> _touching_kinds(np.array([0.0, 5.0, 20.0]), kinds, np.array([3.0, 2.5, 2.5])).tolist()
    [True, True, False]
    """
    xs, kinds, reach = np.asarray(xs, dtype=float), np.asarray(kinds), np.asarray(reach, dtype=float)
    close = np.abs(xs[:, None] - xs[None, :]) < reach[:, None] + reach[None, :]
    return np.any(close & (kinds[:, None] != kinds[None, :]), axis=1)


def _overlap(box, boxes):
    """Area of ``box`` that each of ``boxes`` covers; boxes are ``(x0, y0, x1, y1)``."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    width = np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0])
    height = np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1])
    return np.clip(width, 0, None) * np.clip(height, 0, None)


def _label_spot(centre, reach, half, hard, soft, bounds, *, gap, up=True):
    """The centre of a label of half size ``half`` beside a marker at ``centre`` that reaches ``reach`` from it.

    Tries right of the marker (``gap`` from it), left, above (below where
    ``up`` is False), the other side, then the four corners, in that order,
    and takes the first place inside ``bounds`` that is clear of every box of
    ``hard`` (other markers and lines, each grown by the room to keep from
    it: a label on them hides them or reads as theirs) and of every box of
    ``soft`` (bars: on them a label stays legible on its white halo). Where
    none is, it takes the place of least overlap, an overlap with ``hard``
    counting a thousand times one with ``soft``. Boxes are ``(x0, y0, x1,
    y1)`` in display units, y up.

    >>> other = [[3, -1, 7, 1]]   # another marker just right of this one, which reaches 1 from (0, 0)
    >>> _label_spot([0, 0], [1, 1], [2, 1], other, [], (-20, -5, 20, 5), gap=1).tolist()
    [-4.0, 0.0]
    """
    centre, reach, half = (np.asarray(value, dtype=float) for value in (centre, reach, half))
    dx, dy = reach + gap + half
    vertical = dy if up else -dy
    spots = centre + np.array([(dx, 0), (-dx, 0), (0, vertical), (0, -vertical),
                               (dx, vertical), (-dx, vertical), (dx, -vertical), (-dx, -vertical)])
    costs = []
    for spot in spots:
        box = np.concatenate([spot - half, spot + half])
        if np.any(box[:2] < np.asarray(bounds[:2]) - 1e-9) or np.any(box[2:] > np.asarray(bounds[2:]) + 1e-9):
            costs.append(np.inf)
            continue
        costs.append(1000 * _overlap(box, hard).sum() + _overlap(box, soft).sum())
    return spots[int(np.argmin(costs))]


def _grown(boxes, amount):
    """``(x0, y0, x1, y1)`` boxes grown by ``amount`` on every side."""
    return np.asarray(boxes, dtype=float).reshape(-1, 4) + np.array([-1, -1, 1, 1]) * amount


def _draw_marks(ax, groups, styles, ticks, rules, bars):
    """Draw the deadline and date markers, issue ticks and count labels of a timeline, none over another.

    ``groups`` are ``(kind, x, row, count)``, ``ticks`` the issue dates
    ``(x, row)``, ``rules`` the lines of periods referred to ``(start, end,
    row, y)``, ``bars`` the phases ``(start, end, row, height)``. Works in
    points, on the Axes as its layout engine places it: a deadline and a
    date that would touch move apart, the deadline up and the date down; an
    issue tick rises above a marker that moved up under it; a count label
    goes beside its marker, clear of the other markers, ticks, lines and
    labels of its row (:func:`_label_spot`).
    """
    figure = ax.figure
    if figure.get_layout_engine() is not None:
        figure.get_layout_engine().execute(figure)
    pixels = figure.dpi / 72
    to_display, to_data = ax.transData.transform, ax.transData.inverted().transform
    kinds = np.array([kind for kind, *_ in groups], dtype=object)
    rows = np.array([row for *_, row, _ in groups], dtype=float)
    xs = np.array([x for _, x, *_ in groups], dtype=float)
    reach = pixels * np.array([_marker_reach(styles[kind]["marker"], styles[kind]["s"], _MARK_EDGE)
                               for kind in kinds]).reshape(-1, 2)
    # Markers: a deadline and a date less than a gap apart side by side move up and down, out of each other's way
    # (汇编篇八's dots of 2022 lay under a deadline of 2022年7月).
    across = to_display(np.column_stack([xs, rows]))[:, 0]
    lanes = np.zeros(len(groups))
    for row in np.unique(rows):
        here = rows == row
        touching = _touching_kinds(across[here], kinds[here], reach[here, 0] + _MARK_GAP * pixels / 2)
        lanes[here] = touching * np.where(kinds[here] == "deadline", -_LANE_SHIFT, _LANE_SHIFT)
    for (kind, x, row, _), lane in zip(groups, lanes):
        style = {key: value for key, value in styles[kind].items() if key != "label"}
        ax.scatter([x], [row + lane], edgecolors="white", linewidths=_MARK_EDGE, **style)
    centres = to_display(np.column_stack([xs, rows + lanes]))
    markers = np.hstack([centres - reach, centres + reach])

    # Issue ticks, above the markers of their row.
    tick_reach = pixels * (_marker_reach("|", _TICK_AREA) + [_TICK_WIDTH / 2, 0])
    tick_rows, tick_boxes = [], []
    for x, row in ticks:
        centre = to_display([[x, row + _ISSUE_OFFSET]])[0]
        under = (rows == row) & (np.abs(centres[:, 0] - centre[0]) < reach[:, 0] + tick_reach[0] + _MARK_GAP * pixels)
        if under.any():
            centre[1] = max(centre[1], markers[under, 3].max() + _MARK_GAP * pixels + tick_reach[1])
        ax.scatter(*to_data([centre]).T, marker="|", s=_TICK_AREA, linewidths=_TICK_WIDTH, color=_ISSUE, zorder=3.5)
        tick_rows.append(row)
        tick_boxes.append(np.concatenate([centre - tick_reach, centre + tick_reach]))

    # A line of a period is its stroke and its end ticks; the open end of a span has none, but the edge of the Axes.
    rule_rows, rule_boxes = [], []
    for start, end, row, y in rules:
        (x0, y0), (x1, _) = to_display([[start, y], [end, y]])
        stroke, tick = pixels * _RULE_WIDTH / 2, pixels * _RULE_END / 2
        rule_rows += [row] * 3
        rule_boxes += [(x0, y0 - stroke, x1, y0 + stroke), (x0 - stroke, y0 - tick, x0 + stroke, y0 + tick),
                       (x1 - stroke, y0 - tick, x1 + stroke, y0 + tick)]
    bar_rows, bar_boxes = [], []
    for start, end, row, height in bars:
        corners = to_display([[start, row - height / 2], [end, row + height / 2]])
        bar_rows.append(row)
        bar_boxes.append(np.concatenate([corners.min(axis=0), corners.max(axis=0)]))

    # Count labels, each beside its marker.
    room, gap = _COUNT_ROOM * pixels, _MARK_GAP * pixels
    tick_rows, rule_rows, bar_rows = (np.array(values, dtype=float) for values in (tick_rows, rule_rows, bar_rows))
    label_rows, label_boxes = [], []
    (left, right) = ax.get_xlim()
    for k, (kind, x, row, count) in enumerate(groups):
        if count < 2:
            continue
        # Darker than its marker: a label that lies on a phase bar stays legible there (grey on dark blue was not).
        label = ax.text(x, row, f"×{count}", fontsize=_COUNT_SIZE, color=_darker(styles[kind]["color"]), ha="center",
                        va="center", zorder=4, path_effects=_COUNT_HALO)
        extent = label.get_window_extent()
        half = np.array([extent.width, extent.height]) / 2
        others = (rows == row) & (np.arange(len(groups)) != k)
        # Other labels beside their own markers, one above another, read as theirs: they need the gap only.
        hard = np.vstack([_grown(markers[others], room), _grown(np.array(tick_boxes)[tick_rows == row], room),
                          _grown(np.array(label_boxes)[np.array(label_rows) == row], gap),
                          _grown(np.array(rule_boxes)[rule_rows == row], gap)])
        soft = np.array(bar_boxes).reshape(-1, 4)[bar_rows == row]
        corners = to_display([[left, row - 0.5], [right, row + 0.5]])
        bounds = (*corners.min(axis=0), *corners.max(axis=0))
        spot = _label_spot(centres[k], reach[k], half, hard, soft, bounds, gap=gap, up=lanes[k] <= 0)
        label.set_position(to_data([spot])[0])
        label_rows.append(row)
        label_boxes.append(np.concatenate([spot - half, spot + half]))


def plot_timeline(dates, *, labels=None, docs=None, periods=None, issued=None, ax=None):
    """Draw each document's schedule: its period, phases as bars, deadlines and dates as markers.

    Parameters
    ----------
    dates : pandas.DataFrame
        Columns ``doc_id, measure_id, kind, start_date, end_date, text``;
        ``kind`` is ``period``, ``phase``, ``deadline`` or ``date``; dates are
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and name the whole year, month
        or day; ``end_date`` may be empty. A period or phase without
        ``end_date`` is open (2025年以后, 2024年起): its bar runs to the right
        edge and fades out there. It starts with its ``start_date``, or,
        where ``text`` ends in 以后 or 之后, when that date is over:
        2025年以后 starts with 2026, after a phase that ends in 2025年12月.
    labels : mapping, default=None
        Display name of each doc id.
    docs : list of str, default=None
        The rows, in order; by default every doc id of ``dates`` in order of
        first appearance. A document of ``docs`` without rows in ``dates`` gets a row
        that says 文中未写明日期 (its text names no date); when ``dates`` comes
        from :func:`~policycompare.annotations.extract_dates`, which records
        the documents it read, an id it did not read raises
        :class:`~policycompare.errors.UnknownIdError` instead.
    periods : mapping, default=None
        The period each plan covers, by doc id: ``"2022-2025"`` or
        ``"2022"``, such as the manifest's ``period`` column
        (``corpus.documents["period"]``); empty or missing values are
        allowed. It is drawn as the plan's period (the wide pale band).
        Without it, the band is the first period named in the plan's front
        matter (measure ``doc_id:0``, where the title is), and failing that
        every period the text names; a five-year plan (“十四五”) is never
        taken as the plan's period. Periods named in the text other than the
        band's are drawn as thin grey lines at the foot of the row.
    issued : mapping, default=None
        The issue date of each plan by doc id (``YYYY``, ``YYYY-MM`` or
        ``YYYY-MM-DD``; empty allowed), such as the manifest's ``date``
        column; drawn as a black tick, and the years shown include it.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        One row per document; the x axis is in years, each labelled at its
        middle. Several markers of one kind on the same date are drawn once
        with their number beside them (right of the marker where there is
        room, else left, above or below), clear of the other markers, the
        issue tick and the lines of the row. A deadline and a date that
        would touch are drawn one above the other, the deadline up; an issue
        tick above a deadline that moved up rises above it.

    Examples
    --------
    >>> import pandas as pd
    >>> dates = pd.DataFrame({
    ...     "doc_id": ["anning", "anning", "anning"], "measure_id": ["anning:0", "anning:1", "anning:5"],
    ...     "kind": ["period", "phase", "deadline"], "start_date": ["2023", "2023-06", "2025"],
    ...     "end_date": ["2025", "2023-12", ""], "text": ["2023—2025年", "2023年6月至12月", "到2025年"]})
    >>> ax = plot_timeline(dates, labels={"anning": "安宁市"})
    >>> len(ax.patches), [t.get_text() for t in ax.get_xticklabels(minor=True)]
    (2, ['2023', '2024', '2025'])

    The plan's period from the document list, a plan without dates, issue dates:

    >>> ax = plot_timeline(dates, docs=["anning", "huaxi"], periods={"anning": "2023-2025", "huaxi": "2022-2025"},
    ...                    issued={"anning": "2023-11-07", "huaxi": "2022"})
    >>> bands = [bar for bar in ax.patches if bar.get_height() == 0.7]
    >>> [(int(bar.get_x()), int(bar.get_width())) for bar in bands], [t.get_text() for t in ax.texts]
    ([(2023, 3), (2022, 4)], ['文中未写明日期'])
    """
    _require_frame(dates, "dates", ("doc_id", "measure_id", "kind", "start_date", "end_date", "text"))
    _require_labels(labels)
    periods = _require_mapping(periods, "periods")
    issued = _require_mapping(issued, "issued")
    # A deadline such as 到2025年 has only an end; it is drawn at that end.
    start = dates["start_date"].fillna("").astype(str)
    dates = dates.assign(start_date=start.where(start != "", dates["end_date"].fillna("").astype(str)))
    items = _timeline_items(dates[dates["start_date"] != ""])
    if docs is None:
        docs = list(dict.fromkeys(item.doc for item in items))
    else:
        docs = _require_docs(docs)
        read = dates.attrs.get("doc_ids")
        if read is not None:
            known = set(read)
            for doc in docs:
                if doc not in known:
                    _require_known(doc, "docs", list(read), missing="is not a document of dates", listed=True, labels=labels)
    # One pass over the items: a report draws every plan of the corpus, and each names dozens of dates.
    by_doc = {doc: [] for doc in docs}
    items = [item for item in items if item.doc in by_doc]
    for item in items:
        by_doc[item.doc].append(item)
    spans = {doc: _plan_spans(doc, by_doc[doc], periods) for doc in docs}
    issue = {}
    for doc in docs:
        value = None if issued is None else issued.get(doc)
        if not _is_blank(value):
            issue[doc] = sum(_date_span(value, f"issued[{doc!r}]")) / 2
    if not items and not issue and not any(bands for bands, _ in spans.values()):
        raise ValueError("dates has no rows with a start or end date")

    every_span = [(item.start, item.end) for item in items] + [
        span for bands, referenced in spans.values() for span in bands + referenced]
    first = int(np.floor(min([start for start, _ in every_span] + list(issue.values()))))
    # An open span shows at least a year of itself before the right edge.
    last = max([int(np.ceil(end)) for _, end in every_span if end is not None]
               + [int(np.ceil(start)) + 1 for start, end in every_span if end is None]
               + [int(np.ceil(x)) for x in issue.values()])
    row_of = {doc: y for y, doc in enumerate(docs)}

    # The smaller marker is drawn over the larger, and a white edge parts markers that touch.
    styles = {
        "deadline": dict(marker="D", s=28, color=_VERMILLION, label="目标期限", zorder=3),
        "date": dict(marker="o", s=22, color=_GREY, label="日期", zorder=3.1),
    }
    # Phases are one colour, parted by a white gap; the pale band behind them is far lighter.
    phase_edge = dict(edgecolor="white", linewidth=1.2)
    with _drawing(ax, (_PAGE_WIDTH, 1.15 + 0.45 * len(docs))) as ax:
        handles = {}
        # What a count label must keep off besides the markers: the lines of periods referred to, (start, end, row,
        # y), and the phase bars, (start, end, row, height).
        rules, bars = [], []

        def span_bar(y, start, end, colour, height, zorder, edge=None):
            if end is None:
                _draw_open_bar(ax, y, start, last, colour, height, zorder, edge)
                handles.setdefault("open", _fading(colour, "无截止时间（渐隐）"))
            else:
                ax.barh(y, end - start, left=start, height=height, color=colour, zorder=zorder,
                        **(edge or {"edgecolor": "none"}))

        for doc in docs:
            y = row_of[doc]
            bands, referenced = spans[doc]
            for start, end in bands:
                # The period sits under the year grid so that years stay countable across it.
                span_bar(y, start, end, _PERIOD_BAND, 0.7, 0.3)
                handles.setdefault("period", Patch(color=_PERIOD_BAND, label="规划期"))
            for k, (start, end) in enumerate(referenced):
                offset = _REFERENCE_OFFSETS[k % len(_REFERENCE_OFFSETS)]
                # End ticks tell a span from a rule between rows; an open span has only its start.
                ax.plot([start, last if end is None else end], [y + offset] * 2, color=_REFERENCE_GREY,
                        linewidth=_RULE_WIDTH, solid_capstyle="butt", marker="|", markersize=_RULE_END,
                        markeredgewidth=_RULE_WIDTH, markevery=[0] if end is None else None, zorder=1)
                rules.append((start, last if end is None else end, y, y + offset))
                handles.setdefault("referenced", Line2D([], [], color=_REFERENCE_GREY, linewidth=_RULE_WIDTH,
                                                        label="文中提及的时期"))
            for item in by_doc[doc]:
                if item.kind == "phase":
                    span_bar(y, item.start, item.end, _BLUE, 0.36, 2, phase_edge)
                    bars.append((item.start, last if item.end is None else item.end, y, 0.36))
                    handles.setdefault("phase", Patch(color=_BLUE, label="阶段"))
            if doc in issue:
                handles.setdefault("issued", Line2D([], [], marker="|", markersize=9, markeredgewidth=_TICK_WIDTH,
                                                    linestyle="", color=_ISSUE, label="印发"))
            if not by_doc[doc]:
                x = issue[doc] + 0.12 if doc in issue else first + 0.06
                ax.text(x, y, "文中未写明日期", ha="left", va="center", fontsize=_SMALLEST_TEXT, color=_GREY, zorder=4,
                        path_effects=_HALO)
        markers = pd.DataFrame(
            [(row_of[item.doc], item.kind, round((item.start + item.end) / 2, 6)) for item in items
             if item.kind in ("deadline", "date")],
            columns=["y", "kind", "x"],
        )
        groups = [(kind, x, y, size) for (kind, x, y), size in markers.groupby(["kind", "x", "y"]).size().items()]
        for kind in sorted({kind for kind, *_ in groups}):
            handles[kind] = Line2D([], [], marker=styles[kind]["marker"], linestyle="", color=styles[kind]["color"],
                                   label=styles[kind]["label"])
        ax.set_xlim(first, last)
        ax.set_xticks(range(first, last + 1))
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.set_xticks([year + 0.5 for year in range(first, last)], labels=[str(y) for y in range(first, last)],
                      minor=True)
        ax.tick_params(axis="x", which="minor", length=0)
        ax.grid(axis="x", which="major", color="#B0B0B0", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_yticks(range(len(docs)), labels=[_display(doc, labels) for doc in docs])
        ax.set_ylim(len(docs) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("年份")
        shown = [handles[key] for key in _TIMELINE_LEGEND if key in handles]
        ax.legend(handles=shown, handler_map={_StripsPatch: _StripsHandler()}, loc="lower center",
                  bbox_to_anchor=(0.5, 1.0), ncol=len(shown) if len(shown) <= 5 else -(-len(shown) // 2),
                  frameon=False)
        # Markers, issue ticks and count labels are placed in points, on the Axes as its layout engine places it.
        _draw_marks(ax, groups, styles, [(x, row_of[doc]) for doc, x in issue.items()], rules, bars)
    return ax


# --- output -------------------------------------------------------------------------------------

# Matplotlib stamps SVG and PDF files with the time of writing and draws SVG ids at random.
_NO_DATE = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}
_SVG_SALT = "policycompare"


def save_reproducibly(figure, target, fmt, **options):
    """``figure.savefig(target, format=fmt, **options)``, the same bytes every time for the same figure.

    SVG and PDF files get no creation date and SVG ids a fixed salt, so a
    figure drawn again from the same data is the same file. PostScript keeps
    matplotlib's date unless ``SOURCE_DATE_EPOCH`` is set.

    Examples
    --------
    >>> import io
    >>> def drawn():
    ...     fig = Figure()
    ...     fig.add_subplot().plot([1, 2], [3, 4])
    ...     return fig
    >>> files = [io.BytesIO(), io.BytesIO()]
    >>> for target in files:
    ...     save_reproducibly(drawn(), target, "svg")
    >>> files[0].getvalue() == files[1].getvalue()
    True
    """
    with plt.rc_context({"svg.hashsalt": _SVG_SALT}):
        figure.savefig(target, format=fmt, metadata=_NO_DATE.get(fmt), **options)


def write_figure(figure, path, *, dpi=200):
    """Save a figure atomically, with the Chinese font embedded in PDF and SVG output.

    PDF and PostScript get TrueType (Type 42) fonts, SVG glyph outlines; the
    format follows the file suffix. SVG and PDF files carry no date, so the
    same figure is the same file (:func:`save_reproducibly`).

    The figure is laid out once, at ``dpi``, and cut to its bounding box
    with a margin of 0.05 inch; every file written takes that layout. The
    layout starts from where the ``plot_*`` functions left the figure, so
    the file does not depend on whether the figure was shown or saved
    before, and a report figure drawn with its ``plot_*`` function and
    written as PNG and SVG at 150 dpi is, byte for byte, the two files
    ``policycompare report`` writes.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure, or an Axes of it (as the ``plot_*`` functions return).
    path : str, os.PathLike or list of them
        Where to write; ``.png``, ``.svg``, ``.pdf`` or another suffix matplotlib can write.
        Several paths write the figure in several formats from one layout.
    dpi : int, default=200
        Resolution of raster output (the PNG, and images inside SVG and PDF
        files) and of the layout: text is measured at this resolution.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> sim = pd.DataFrame([[1.0, 0.3], [0.3, 1.0]], index=["a", "b"], columns=["a", "b"])
    >>> path = Path(tempfile.mkdtemp()) / "相似度.pdf"
    >>> write_figure(plot_similarity_heatmap(sim), path)
    >>> path.read_bytes()[:5]
    b'%PDF-'
    >>> ax = plot_similarity_heatmap(sim)
    >>> write_figure(ax, [path.with_suffix(".png"), path.with_suffix(".svg")], dpi=150)
    >>> sorted(file.name for file in path.parent.iterdir())
    ['相似度.pdf', '相似度.png', '相似度.svg']
    """
    if isinstance(figure, Axes):
        figure = figure.figure
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure or Axes, got {type(figure).__name__}")
    paths = list(path) if isinstance(path, (list, tuple)) else [path]
    if not paths:
        raise ValueError("path must name at least one file, got an empty list")
    supported = figure.canvas.get_supported_filetypes()
    formats = []
    for each in paths:
        suffix = str(each).rsplit(".", 1)[-1].lower() if "." in str(each) else ""
        if suffix not in supported:
            raise ValueError(f"path {str(each)!r} must end in one of: {', '.join('.' + s for s in sorted(supported))}")
        formats.append(suffix)
    with contextlib.ExitStack() as files:
        targets = [(files.enter_context(atomic_path(each)), fmt) for each, fmt in zip(paths, formats)]
        _save_laid_out(figure, targets, dpi=dpi)


# Where each Axes of a figure a plot function drew on stood when the function returned: every save lays the
# figure out from there, whatever draws came between.
_STARTS = weakref.WeakKeyDictionary()
# Margin around a figure's bounding box, in inches, and zlib's level for PNG files: 3 writes smaller files
# than PIL's 6 (by 4% for the report's and the docs' figures), and quicker.
_PAD_INCHES = 0.05
_PNG_COMPRESSION = 3


def _keep_start(figure):
    """Note where the Axes of a figure a plot function drew on stand, for :func:`_lay_out` to start each layout there.

    An Axes noted before keeps its first place: two plot functions drawing
    into one figure, with the figure shown between them or not, give one start.
    """
    for ax in figure.axes:
        if ax not in _STARTS:
            _STARTS[ax] = ax.get_position(original=True)


def _lay_out(figure, dpi):
    """Run the figure's layout engine once at ``dpi`` from where the plot functions left it; return the padded tight box.

    Constrained layout starts from the positions the last layout left, and
    does not always settle (an Axes of fixed aspect with a colour bar creeps
    a little at every layout): a figure laid out again after a notebook
    showed it, or after it was saved, would land elsewhere by a pixel or
    two. So every Axes a plot function drew goes back to where the function
    left it, and the file does not depend on earlier draws. An Axes added
    afterwards is laid out from where it stands, as ``savefig`` would.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    shown_dpi, canvas = figure.dpi, figure.canvas
    figure.dpi = dpi
    try:
        renderer = (canvas if isinstance(canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)).get_renderer()
        engine = figure.get_layout_engine()
        if engine is not None and figure.axes:
            for ax in figure.axes:
                start = _STARTS.get(ax)
                # An Axes taken out of the layout (set_position) stays where its user put it. Moved back, an
                # Axes is in the layout again (set_position takes it out); its drawn place follows from this one.
                if start is not None and ax.get_in_layout():
                    ax.set_position(start)
                    ax.set_in_layout(True)
            engine.execute(figure)
        return figure.get_tightbbox(renderer).padded(_PAD_INCHES)
    finally:
        figure.dpi = shown_dpi
        figure.set_canvas(canvas)


def _save_laid_out(figure, targets, *, dpi):
    """Lay ``figure`` out once at ``dpi`` and write it to every ``(target, format)`` of ``targets`` with that layout.

    ``savefig(bbox_inches="tight")`` lays a figure out and draws it twice
    per file; here the layout engine is off while the files are drawn, so
    each file is drawn once and all of them have the same layout. The
    Chinese font, a tight bounding box with a margin of 0.05 inch, PNG with
    zlib level 3, no dates (:func:`save_reproducibly`).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    targets : list of (path or file object, str)
        Each file to write and its format (``"png"``, ``"svg"``, ...).
    dpi : int
        Resolution of the layout and of raster output.
    """
    import warnings

    from .fonts import get_cjk_rc_params

    # Without the last two settings, turning the layout engine off below would put the default one back.
    settings = {**get_cjk_rc_params(), "figure.autolayout": False, "figure.constrained_layout.use": False}
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        # Long rotated labels on a figure of two or three rows: the figure is saved whole all the same, its
        # bounding box taken tight, and the two-line message would only puzzle a reader.
        warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
        bbox = _lay_out(figure, dpi)
        engine = figure.get_layout_engine()
        figure.set_layout_engine(None)
        try:
            for target, fmt in targets:
                options = {"pil_kwargs": {"compress_level": _PNG_COMPRESSION}} if fmt == "png" else {}
                save_reproducibly(figure, target, fmt, dpi=dpi, bbox_inches=bbox, **options)
        finally:
            figure.set_layout_engine(engine)
