"""Report charts: trend lines, estimates with their intervals, bars — as SVG text and PNG bytes.

One chart serves three readers: the HTML report and the web dashboard inline the SVG (glyphs
are drawn as paths, so the page needs no font and no external file), the PDF embeds the PNG.
Charts are drawn with matplotlib's object interface on the Agg canvas, never ``pyplot``: no
global figure state, so the web server can draw in several threads at once.

An interval chart is how hedui shows any estimate next to others: a point with its error bar
per area, and, when there is a normal range (the sex ratio at birth, 102–109), that range as
a shaded band — so a reader sees at once which intervals lie wholly outside it.

Without a CJK font (:func:`~hedui.reports.fonts.find_cjk_font` finds none) the charts are still
drawn, in DejaVu Sans, so the HTML report and the dashboard work on any machine; their Chinese
labels then show as boxes, and matplotlib's warning about each missing glyph is not repeated.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from hedui.reports.fonts import find_cjk_font

__all__ = ["Chart", "bar_chart", "interval_chart", "trend_chart"]

NO_DATA = "无数据 / no data"
_WIDTH = 7.5  # inches: fits an A4 page with margins
_PNG_DPI = 120
_ROW_HEIGHT = 0.32  # inches per row of a horizontal chart
_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d4851f", "#555555", "#17a2b8")


@dataclass(frozen=True)
class Chart:
    """A chart, drawn when first asked for in a format.

    Drawing is most of a report's rendering time, and each reader needs one format only (the
    web and HTML the SVG, the PDF the PNG), so each is drawn on first use and kept.

    Attributes:
        title: the title drawn on it (Chinese, then English).
        draw: builds the matplotlib figure.
    """

    title: str
    draw: Callable[[], Figure] = field(repr=False, compare=False)

    @cached_property
    def svg(self) -> str:
        """An ``<svg>`` element, ready to inline in HTML (no XML declaration)."""
        out = io.BytesIO()
        with _without_glyph_warnings():
            self.draw().savefig(out, format="svg", metadata={"Date": None})
        markup = out.getvalue().decode("utf-8")
        return markup[markup.index("<svg") :]

    @cached_property
    def png(self) -> bytes:
        """The same chart as a PNG image, for PDF and spreadsheets."""
        out = io.BytesIO()
        with _without_glyph_warnings():
            self.draw().savefig(out, format="png", dpi=_PNG_DPI, metadata={"Software": None})
        return out.getvalue()


def trend_chart(series: Mapping[str, Sequence[tuple[str, float]]], title: str) -> Chart:
    """Lines over time, one per series (for example births and deaths by month).

    Args:
        series: series name → ``(period label, value)`` points; labels such as ``2025-03``
            sort in time order. A label missing from one series leaves a gap in its line.
        title: the chart's title.
    """
    frozen = {name: tuple(points) for name, points in series.items()}
    return Chart(title, partial(_trend_figure, frozen, title))


def interval_chart(
    rows: Sequence[tuple[str, float, float, float]],
    title: str,
    reference: tuple[float, float] | None = None,
) -> Chart:
    """Estimates with error bars, one row per area, and an optional normal range as a band.

    Args:
        rows: ``(label, estimate, lower, upper)`` per area. An infinite upper bound (a sex
            ratio with no girls) is drawn to the edge of the chart with an arrow head.
        title: the chart's title.
        reference: ``(low, high)`` of the normal range, drawn as a shaded band.
    """
    return Chart(title, partial(_interval_figure, tuple(rows), title, reference))


def bar_chart(rows: Sequence[tuple[str, float]], title: str) -> Chart:
    """Horizontal bars, one per row (for example open cases by kind).

    Args:
        rows: ``(label, value)`` pairs, drawn top to bottom in the order given.
        title: the chart's title.
    """
    return Chart(title, partial(_bar_figure, tuple(rows), title))


def _trend_figure(series: Mapping[str, Sequence[tuple[str, float]]], title: str) -> Figure:
    labels = sorted({label for points in series.values() for label, _ in points})
    figure, axes = _figure(4.0)
    if not labels:
        return _render(figure, axes, title, empty=True)
    position = {label: i for i, label in enumerate(labels)}
    for i, (name, points) in enumerate(series.items()):
        values = dict(points)
        ys = [values.get(label, math.nan) for label in labels]
        colour = _COLOURS[i % len(_COLOURS)]
        axes.plot(range(len(labels)), ys, marker="o", markersize=3, label=name, color=colour)
    step = max(1, len(labels) // 12)
    ticks = [position[label] for label in labels[::step]]
    axes.set_xticks(ticks, labels[::step], rotation=45, ha="right")
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    if series:
        axes.legend(fontsize=8, frameon=False, ncols=min(4, len(series)))
    return _render(figure, axes, title)


def _interval_figure(
    rows: Sequence[tuple[str, float, float, float]],
    title: str,
    reference: tuple[float, float] | None,
) -> Figure:
    figure, axes = _figure(max(2.2, 0.9 + _ROW_HEIGHT * len(rows)))
    if not rows:
        return _render(figure, axes, title, empty=True)
    finite = [v for _, est, lo, hi in rows for v in (est, lo, hi) if math.isfinite(v)]
    if reference:
        finite.extend(reference)
    edge = max(finite) * 1.05 if finite else 1.0
    ys = list(range(len(rows)))[::-1]
    for y, (_, estimate, lower, upper) in zip(ys, rows, strict=True):
        top = upper if math.isfinite(upper) else edge
        if math.isfinite(estimate):
            axes.errorbar(
                [estimate],
                [y],
                xerr=[[max(estimate - lower, 0.0)], [max(top - estimate, 0.0)]],
                fmt="o",
                color=_COLOURS[0],
                ecolor=_COLOURS[0],
                capsize=3,
                markersize=4,
            )
        if not math.isfinite(upper):
            axes.annotate("", (edge, y), (edge * 0.97, y), arrowprops={"arrowstyle": "->"})
    if reference:
        axes.axvspan(reference[0], reference[1], color="#2e8b57", alpha=0.15, lw=0)
    axes.set_yticks(ys, [label for label, *_ in rows], fontsize=8)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.grid(axis="x", alpha=0.3)
    return _render(figure, axes, title)


def _bar_figure(rows: Sequence[tuple[str, float]], title: str) -> Figure:
    figure, axes = _figure(max(2.2, 0.9 + _ROW_HEIGHT * len(rows)))
    if not rows:
        return _render(figure, axes, title, empty=True)
    ys = list(range(len(rows)))[::-1]
    values = [value for _, value in rows]
    axes.barh(ys, values, color=_COLOURS[0], height=0.6)
    for y, value in zip(ys, values, strict=True):
        axes.text(value, y, f" {value:,.0f}", va="center", fontsize=8)
    axes.set_yticks(ys, [label for label, _ in rows], fontsize=8)
    axes.set_xlim(0, max(max(values), 1.0) * 1.15)
    axes.grid(axis="x", alpha=0.3)
    return _render(figure, axes, title)


def _figure(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(_WIDTH, height), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _render(figure: Figure, axes: Axes, title: str, *, empty: bool = False) -> Figure:
    if empty:
        axes.set_axis_off()
        axes.text(0.5, 0.5, NO_DATA, ha="center", va="center", transform=axes.transAxes)
    axes.set_title(title, fontsize=11, loc="left")
    # Every text drawn so far (title, tick labels, legend) in the CJK face; DejaVu Sans
    # second, for the few symbols the CJK face lacks (and alone when there is no CJK font).
    font = find_cjk_font()
    family = [font.family, "DejaVu Sans"] if font is not None else ["DejaVu Sans"]
    for label in figure.findobj(Text):
        label.set_fontfamily(family)
    return figure


@contextmanager
def _without_glyph_warnings() -> Iterator[None]:
    """Without a CJK font, matplotlib warns once per Chinese character; the fallback is deliberate.

    Only then are warnings filtered: the filter list is global, and the web server draws in
    several threads.
    """
    if find_cjk_font() is not None:
        yield
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"Glyph \d+ .*missing from", UserWarning)
        yield
