"""The dashboard's charts: axes and marks, laid out on the server and drawn as inline SVG.

Each chart answers one question and every mark on it links to the list behind it, so the
charts are drawn as ``<svg>`` in the page (``templates/dashboard/_charts.html``), not as
images: an ``<a>`` around a mark is a link a finger can follow, the labels are page text in
the phone's own Chinese font, and nothing needs an inline style (the page's
Content-Security-Policy forbids them; SVG presentation attributes are not styles). This module
holds what the templates draw from: the axis (:func:`nice_axis`) and the charts' marks, with
positions in the SVG's own units (a ``viewBox`` :data:`WIDTH` wide that scales to the screen).

**Axes.** An axis covers every finite value it is given and no more than that needs: its ends
are multiples of a "nice" step (1, 2, 2.5 or 5 times a power of ten) chosen for about five
ticks, so it never runs from 0 to 700 for ratios between 80 and 140, and an infinite value
never reaches it (a sex ratio with too few births is said in words, not drawn). A share stays
within 0–100%.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "WIDTH",
    "Axis",
    "BarGroup",
    "BarsChart",
    "IntervalChart",
    "IntervalRow",
    "LineChart",
    "LinePoint",
    "LineSeries",
    "nice_axis",
    "nice_step",
]

WIDTH = 360.0
"""The width of every chart's ``viewBox``: about a phone's width in CSS pixels, so text drawn
13 units high reads at 13 px on a phone and scales with the chart elsewhere."""
PLOT_LEFT = 12.0
PLOT_RIGHT = WIDTH - 16.0
ROW_HEIGHT = 48.0
"""An interval chart's row: its label line and its mark, at least 44 px to tap on a phone."""
GROUP_HEIGHT = 88.0
"""A period of the cases chart: its label line and two bars, each bar's link 44 units high."""
LINE_TOP = 24.0
LINE_HEIGHT = 180.0
_NICE = (1.0, 2.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Axis:
    """A linear axis from ``low`` to ``high`` with its ``ticks`` (multiples of ``step``)."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> tuple[float, ...]:
        """Every multiple of the step from ``low`` to ``high``."""
        count = round((self.high - self.low) / self.step)
        return tuple(self.low + i * self.step for i in range(count + 1))

    def fraction(self, value: float) -> float:
        """Where ``value`` lies, 0 at ``low`` and 1 at ``high``, clipped to [0, 1]."""
        return min(1.0, max(0.0, (value - self.low) / (self.high - self.low)))

    def x(self, value: float) -> float:
        """The SVG x of ``value`` on a horizontal axis."""
        return round(PLOT_LEFT + self.fraction(value) * (PLOT_RIGHT - PLOT_LEFT), 1)

    def y(self, value: float) -> float:
        """The SVG y of ``value`` on a vertical axis (high values at the top)."""
        return round(LINE_TOP + (1.0 - self.fraction(value)) * LINE_HEIGHT, 1)


def nice_step(span: float, ticks: int = 5) -> float:
    """The smallest nice step (1, 2, 2.5, 5 × 10^k) giving at most ``ticks`` intervals."""
    raw = span / max(ticks, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    return next(n * power for n in _NICE if n * power >= raw * (1 - 1e-9))


def nice_axis(
    values: Iterable[float],
    *,
    lowest: float | None = None,
    highest: float | None = None,
    ticks: int = 5,
) -> Axis:
    """The axis for ``values``: their finite ones covered, ends on nice steps.

    Args:
        values: what the axis must show; infinite and NaN values are ignored.
        lowest: the axis never starts below this (0 for a share, a count).
        highest: nor ends above this (1 for a share).
        ticks: about how many intervals between ticks.

    Returns:
        An axis whose span is at most twice the values' spread (ends rounded to one step
        beyond the values at most); with one distinct value, one step either side of it.
    """
    finite = [float(v) for v in values if math.isfinite(v)]
    if not finite:
        low = lowest if lowest is not None else 0.0
        high = highest if highest is not None and highest > low else low + 1.0
        return Axis(low, high, nice_step(high - low, ticks))
    smallest, largest = min(finite), max(finite)
    spread = largest - smallest
    if spread <= 1e-12 * max(1.0, abs(largest)):
        spread = max(abs(largest) * 0.1, 1e-6)
        smallest, largest = smallest - spread / 2, largest + spread / 2
    step = nice_step(spread, ticks)
    # The tolerance keeps a value that is a step's multiple from gaining a step; the min/max
    # keep floating point (7 × 0.05 = 0.35000000000000003) from leaving a value off the axis.
    low = min(math.floor(smallest / step + 1e-9) * step, smallest)
    high = max(math.ceil(largest / step - 1e-9) * step, largest)
    if lowest is not None and low < lowest:
        low = lowest
    if highest is not None and high > highest:
        high = highest
    if high <= low:
        high = low + step
    return Axis(low, high, step)


@dataclass(frozen=True)
class IntervalRow:
    """One row of an interval chart: a label line, then a point with its interval.

    ``value`` is ``None`` when there is nothing to draw, and ``note`` says why in words
    ("出生数太少，无法判断"). ``reference`` is a figure to compare with (the rest of the county),
    drawn as a tick. ``href`` is the list behind the row.
    """

    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    reference: float | None = None
    href: str | None = None
    title: str = ""
    note: str | None = None
    text: str = ""
    reference_text: str = ""


@dataclass(frozen=True)
class IntervalChart:
    """Rows of estimates with their intervals on one horizontal axis.

    Attributes:
        key: the chart's id on the page.
        axis: the value axis.
        rows: top to bottom.
        band: a normal range drawn as a shaded band, if any.
        percent: tick labels as percentages (values are shares).
    """

    key: str
    axis: Axis
    rows: tuple[IntervalRow, ...]
    band: tuple[float, float] | None = None
    percent: bool = False

    @property
    def drawn(self) -> bool:
        """Whether any row has a mark (else the rows are words only, with no axis)."""
        return any(row.value is not None for row in self.rows)

    @property
    def height(self) -> float:
        """The SVG height: the rows and, when anything is drawn, the axis labels under them."""
        return ROW_HEIGHT * len(self.rows) + (28.0 if self.drawn else 4.0)


@dataclass(frozen=True)
class LinePoint:
    """One month of a line: its value and interval (``None`` where there is no estimate)."""

    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    href: str | None = None
    title: str = ""


@dataclass(frozen=True)
class LineSeries:
    """One line: its name, colour and points (one per label of the chart)."""

    name: str
    colour: str
    points: tuple[LinePoint, ...]
    dashed: bool = False


@dataclass(frozen=True)
class LineChart:
    """Lines over months, with each estimate's interval as a whisker."""

    key: str
    axis: Axis
    labels: tuple[str, ...]
    series: tuple[LineSeries, ...]
    percent: bool = True

    @property
    def height(self) -> float:
        """The SVG height: the plot and the month labels under it."""
        return LINE_TOP + LINE_HEIGHT + 30.0

    @staticmethod
    def tick(label: str, locale: str) -> str:
        """A month ``2025-03`` as a tick: ``3月``, or ``Mar`` in English."""
        month = int(label[5:7])
        if locale == "en":
            return ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec")[month - 1]  # fmt: skip
        return f"{month}月"

    def x(self, index: int) -> float:
        """The SVG x of the ``index``-th label."""
        if len(self.labels) <= 1:
            return round((PLOT_LEFT + 30 + PLOT_RIGHT) / 2, 1)
        share = index / (len(self.labels) - 1)
        return round(PLOT_LEFT + 30 + share * (PLOT_RIGHT - PLOT_LEFT - 36), 1)

    def segments(self, series: LineSeries) -> list[list[tuple[float, float]]]:
        """The line's runs of consecutive points with a value (a month without breaks it)."""
        runs: list[list[tuple[float, float]]] = [[]]
        for i, point in enumerate(series.points):
            if point.value is None:
                runs.append([])
            else:
                runs[-1].append((self.x(i), self.axis.y(point.value)))
        return [run for run in runs if run]


@dataclass(frozen=True)
class BarGroup:
    """One period of the cases chart: cases opened and closed, each linked to its list."""

    label: str
    opened: int
    closed: int
    opened_href: str = ""
    closed_href: str = ""
    label_en: str = ""

    def label_in(self, locale: str) -> str:
        """The period's label in ``locale`` (Chinese unless English is asked for)."""
        return self.label_en if locale == "en" and self.label_en else self.label


@dataclass(frozen=True)
class BarsChart:
    """Opened and closed side by side per period, periods top to bottom."""

    key: str
    axis: Axis
    groups: tuple[BarGroup, ...]
    period_name: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def height(self) -> float:
        """The SVG height: a label line and two bars per period, and the axis labels."""
        return GROUP_HEIGHT * len(self.groups) + 28.0
