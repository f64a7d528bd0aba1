"""Tests for hedui.stats.interval: the interval value and Chao's log-transformed interval."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import EstimationInputError
from hedui.stats.interval import Interval, json_number, log_transformed_interval, z_value


def test_interval_contains_width_and_json() -> None:
    interval = Interval(2.0, math.inf, 0.9, "profile")
    assert interval.contains(2.0) and interval.contains(1e12) and not interval.contains(1.9)
    assert math.isinf(interval.width)
    text = json.dumps(interval.to_dict(), allow_nan=False)
    assert '"upper": null' in text


def test_json_number_drops_non_finite_values() -> None:
    assert json_number(1.5) == 1.5
    assert json_number(None) is None
    assert json_number(math.nan) is None
    assert json_number(-math.inf) is None


def test_z_value_for_common_levels() -> None:
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(0.90) == pytest.approx(1.644854, abs=1e-6)
    with pytest.raises(EstimationInputError):
        z_value(1.0)


def test_log_transformed_interval_by_hand() -> None:
    # n = 100, N̂ = 150, Var = 400: f0 = 50, Var/f0² = 0.16, log 1.16 = 0.148420,
    # sqrt → 0.385253, × 1.959964 → 0.755082, C = e^0.755082 = 2.127810;
    # interval 100 + 50/2.127810 = 123.498 to 100 + 50·2.127810 = 206.390, rounded outwards
    # to the whole numbers 123 and 207.
    interval = log_transformed_interval(100, 150.0, 400.0, 0.95)
    assert (interval.lower, interval.upper) == (123, 207)


@given(
    st.integers(min_value=0, max_value=10**6),
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e9),
)
def test_log_transformed_interval_contains_estimate_and_respects_observed(
    n: int, extra: float, variance: float
) -> None:
    interval = log_transformed_interval(n, n + extra, variance, 0.95)
    assert interval.lower >= n
    assert interval.lower <= n + extra * (1 + 1e-12) + 1e-9
    assert interval.upper >= (n + extra) * (1 - 1e-12) - 1e-9


@given(
    st.floats(min_value=0, max_value=1e7, allow_nan=False),
    st.floats(min_value=0, max_value=1e7, allow_nan=False),
)
def test_whole_numbers_is_the_smallest_integer_interval_containing_it(a: float, b: float) -> None:
    lower, upper = min(a, b), max(a, b)
    rounded = Interval(lower, upper, 0.95, "log").whole_numbers()
    assert rounded.lower.is_integer() and rounded.upper.is_integer()
    assert rounded.lower <= lower + 1e-9 and rounded.upper >= upper - 1e-9
    assert rounded.lower > lower - 1 and rounded.upper < upper + 1
