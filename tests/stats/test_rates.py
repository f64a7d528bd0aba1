"""Tests for hedui.stats.rates: crude rates with Garwood's exact Poisson interval."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import EstimationInputError
from hedui.stats.rates import crude_rate, garwood_interval

# Exact 95% Poisson limits as tabulated from Garwood (1936), for example in Ulm (1990),
# Am J Epidemiol 131:373–375: x, lower, upper.
GARWOOD = [
    (1, 0.0253, 5.5716),
    (2, 0.2422, 7.2247),
    (5, 1.6235, 11.6683),
    (10, 4.7954, 18.3904),
]


@pytest.mark.parametrize(("events", "lower", "upper"), GARWOOD)
def test_garwood_interval_matches_tables(events: int, lower: float, upper: float) -> None:
    interval = garwood_interval(events)
    assert interval.lower == pytest.approx(lower, abs=5e-5)
    assert interval.upper == pytest.approx(upper, abs=5e-5)


def test_garwood_interval_closed_forms_for_zero_and_one() -> None:
    # χ² with 2 df has quantile −2·log(1 − q), so for x = 0 the upper limit is −log(0.025)
    # = 3.6889 (the "rule of 3.7") and for x = 1 the lower limit is −log(0.975) = 0.025318.
    assert garwood_interval(0).lower == 0.0
    assert garwood_interval(0).upper == pytest.approx(-math.log(0.025))
    assert garwood_interval(1).lower == pytest.approx(-math.log(0.975))


def test_crude_rate_per_thousand_by_hand() -> None:
    # 5 births in a village of 2000: 2.5‰, interval 1.6235/2 = 0.812‰ to 11.6683/2 = 5.834‰.
    result = crude_rate(5, 2000)
    assert result.rate == pytest.approx(2.5)
    assert result.interval.lower == pytest.approx(0.8117, abs=1e-4)
    assert result.interval.upper == pytest.approx(5.8342, abs=1e-4)
    assert result.note is not None and "unstable" in result.note
    assert result.to_dict()["per"] == 1000


def test_crude_rate_with_enough_events_has_no_note() -> None:
    result = crude_rate(250, 20_000, per=1000)
    assert result.rate == pytest.approx(12.5)
    assert result.note is None


@pytest.mark.parametrize(("events", "population"), [(-1, 100.0), (3, 0.0), (3, -5.0)])
def test_crude_rate_rejects_impossible_input(events: int, population: float) -> None:
    with pytest.raises(EstimationInputError):
        crude_rate(events, population)


@given(st.integers(min_value=0, max_value=100_000))
def test_garwood_interval_contains_the_count(events: int) -> None:
    interval = garwood_interval(events)
    assert 0.0 <= interval.lower <= events <= interval.upper
