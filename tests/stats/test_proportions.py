"""Tests for hedui.stats.proportions: Wilson and Clopper–Pearson intervals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import EstimationInputError
from hedui.stats.proportions import clopper_pearson_interval, proportion, wilson_interval

# Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Stat Med 17:857–872, Table II: methods 3 (Wilson score) and 5 (exact).
NEWCOMBE = [
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0000, 0.1611), (0.0000, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
]


@pytest.mark.parametrize(("x", "n", "wilson", "exact"), NEWCOMBE)
def test_intervals_match_newcombe_1998(
    x: int, n: int, wilson: tuple[float, float], exact: tuple[float, float]
) -> None:
    w = wilson_interval(x, n)
    assert (round(w.lower, 4), round(w.upper, 4)) == wilson
    cp = clopper_pearson_interval(x, n)
    assert (round(cp.lower, 4), round(cp.upper, 4)) == exact


def test_wilson_interval_by_hand() -> None:
    # 81/263: p̂ = 0.307985, z²/2n = 0.0073032, centre 0.315288;
    # half = 1.959964·sqrt(0.00081038 + 0.00001388) = 0.0562706; scale 1 + z²/n = 1.0146063
    # → (0.315288 − 0.0562706)/1.0146063 = 0.255289, (0.315288 + 0.0562706)/1.0146063 = 0.366210
    interval = wilson_interval(81, 263)
    assert interval.lower == pytest.approx(0.255289, abs=1e-6)
    assert interval.upper == pytest.approx(0.366210, abs=1e-6)
    assert interval.method == "wilson"


def test_wilson_interval_zero_successes_closed_form() -> None:
    # x = 0: lower 0, upper z²/(n + z²) = 3.841459/23.841459 = 0.161125
    interval = wilson_interval(0, 20)
    assert interval.lower == 0.0
    assert interval.upper == pytest.approx(3.841459 / 23.841459, abs=1e-6)


def test_clopper_pearson_closed_forms_at_the_edges() -> None:
    # x = 0: upper = 1 − (α/2)^(1/n) = 1 − 0.025^(1/20) = 0.168433
    # x = 1 of 29: lower = 1 − (1 − α/2)^(1/n) = 1 − 0.975^(1/29) = 0.000873
    assert clopper_pearson_interval(0, 20).upper == pytest.approx(1 - 0.025 ** (1 / 20))
    assert clopper_pearson_interval(1, 29).lower == pytest.approx(1 - 0.975 ** (1 / 29))
    assert clopper_pearson_interval(29, 29).upper == 1.0


def test_proportion_carries_estimate_and_method() -> None:
    result = proportion(3, 41, method="clopper-pearson")
    assert result.estimate == pytest.approx(3 / 41)
    assert result.interval.method == "clopper-pearson"
    assert result.to_dict()["successes"] == 3
    with pytest.raises(EstimationInputError, match="unknown method"):
        proportion(3, 41, method="wald")  # type: ignore[arg-type]


@pytest.mark.parametrize(("x", "n"), [(-1, 10), (11, 10), (0, 0)])
def test_intervals_reject_impossible_counts(x: int, n: int) -> None:
    with pytest.raises(EstimationInputError):
        wilson_interval(x, n)
    with pytest.raises(EstimationInputError):
        clopper_pearson_interval(x, n)


@given(st.integers(min_value=1, max_value=100_000), st.data())
def test_intervals_lie_in_unit_range_and_contain_the_estimate(n: int, data: st.DataObject) -> None:
    x = data.draw(st.integers(min_value=0, max_value=n))
    p = x / n
    for interval in (wilson_interval(x, n), clopper_pearson_interval(x, n)):
        assert 0.0 <= interval.lower <= p <= interval.upper <= 1.0
    assert wilson_interval(x, n).width > 0
