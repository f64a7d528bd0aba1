"""The dashboard's axes and chart layout: every finite value covered, never an absurd range."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hedui.web.dashboard_charts import (
    PLOT_LEFT,
    PLOT_RIGHT,
    Axis,
    IntervalChart,
    IntervalRow,
    LineChart,
    LinePoint,
    LineSeries,
    nice_axis,
    nice_step,
)


def test_nice_axis_of_sex_ratios_is_not_zero_to_seven_hundred() -> None:
    # Intervals 79.3–137.2 and 93–119 beside the normal range 102–109: a spread of 57.9, a
    # fifth of it 11.6, so steps of 20 from 60 to 140 — not the 0–700 that an interval running
    # to infinity gave; the infinite value is ignored.
    axis = nice_axis([79.3, 137.2, 93.0, 119.0, 102.0, 109.0, math.inf], lowest=0.0)
    assert (axis.low, axis.high, axis.step) == (60.0, 140.0, 20.0)
    assert axis.ticks == (60.0, 80.0, 100.0, 120.0, 140.0)


def test_nice_axis_of_shares_stays_within_zero_and_one() -> None:
    axis = nice_axis([0.86, 0.93, 0.97, 1.0], lowest=0.0, highest=1.0)
    assert axis.low == pytest.approx(0.85) and axis.high == 1.0
    assert nice_axis([0.02, 0.99], lowest=0.0, highest=1.0).ticks[0] == 0.0


def test_nice_axis_without_finite_values_is_the_unit_range() -> None:
    axis = nice_axis([math.inf, math.nan], lowest=0.0)
    assert (axis.low, axis.high) == (0.0, 1.0)


def test_nice_step_is_one_two_two_and_a_half_or_five() -> None:
    assert [nice_step(s) for s in (7.0, 10.0, 12.0, 23.0, 4000.0)] == [2.0, 2.0, 2.5, 5.0, 1000.0]


_values = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=30,
)


@given(_values, st.lists(st.sampled_from([math.inf, -math.inf, math.nan]), max_size=3))
def test_nice_axis_covers_every_finite_value_and_no_more_than_twice_their_spread(
    values: list[float], extra: list[float]
) -> None:
    axis = nice_axis([*values, *extra])
    smallest, largest = min(values), max(values)
    tolerance = 1e-9 * max(1.0, abs(smallest), abs(largest))
    assert axis.low <= smallest + tolerance and axis.high >= largest - tolerance
    assert math.isfinite(axis.low) and math.isfinite(axis.high) and axis.high > axis.low
    spread = largest - smallest
    if spread > 1e-6 * max(1.0, abs(largest)):
        assert axis.high - axis.low <= 2 * spread + tolerance
    assert 2 <= len(axis.ticks) <= 12


@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=30))
@example([0.5, 0.35])  # 7 steps of 0.05 are 0.35000000000000003 in floating point
def test_nice_axis_of_shares_never_leaves_the_unit_interval(values: list[float]) -> None:
    axis = nice_axis(values, lowest=0.0, highest=1.0)
    assert 0.0 <= axis.low <= min(values) and max(values) <= axis.high <= 1.0
    for value in values:
        assert PLOT_LEFT <= axis.x(value) <= PLOT_RIGHT


def test_interval_chart_of_words_only_draws_no_axis() -> None:
    rows = (IntervalRow("射阳县", None, note="Too few births to tell", text="10"),)
    chart = IntervalChart("sex_ratio", nice_axis([102.0, 109.0]), rows, (102.0, 109.0))
    assert not chart.drawn and chart.height == 48 + 4


def test_line_chart_breaks_at_a_month_without_estimate() -> None:
    points = (
        LinePoint("2025-01", 0.9),
        LinePoint("2025-02", None),
        LinePoint("2025-03", 0.8),
        LinePoint("2025-04", 0.85),
    )
    labels = tuple(p.label for p in points)
    axis = Axis(0.8, 1.0, 0.05)
    chart = LineChart("completeness", axis, labels, (LineSeries("Village ledger", "#000", points),))
    runs = chart.segments(chart.series[0])
    assert [len(run) for run in runs] == [1, 2]
    assert runs[1][0] == (chart.x(2), axis.y(0.8))
    assert chart.tick("2025-03", "zh_CN") == "3月" and chart.tick("2025-03", "en") == "Mar"
