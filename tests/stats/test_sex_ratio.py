"""Tests for hedui.stats.sex_ratio: boys per 100 girls, its interval, and when to flag it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import EstimationInputError
from hedui.stats.sex_ratio import SexRatioEstimate, sex_ratio_at_birth, too_few_to_tell
from hedui.stats.small_numbers import MIN_BIRTHS_SEX_RATIO, NotEstimable


def _srb(boys: int, girls: int, **kwargs: object) -> SexRatioEstimate:
    result = sex_ratio_at_birth(boys, girls, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, SexRatioEstimate)
    return result


def test_sex_ratio_interval_from_wilson_by_hand() -> None:
    # 1120 boys, 1000 girls: p̂ = 1120/2120 = 0.528302, Wilson 0.507020–0.549481;
    # SRB = 100·p/(1 − p): 112.0, interval 100·0.507020/0.492980 = 102.85 to
    # 100·0.549481/0.450519 = 121.97. It overlaps 102–109: no flag.
    result = _srb(1120, 1000)
    assert result.ratio == pytest.approx(112.0)
    assert result.interval.lower == pytest.approx(102.85, abs=0.01)
    assert result.interval.upper == pytest.approx(121.97, abs=0.01)
    assert result.flag is None
    assert result.note is None


def test_sex_ratio_flags_high_only_when_the_whole_interval_is_above() -> None:
    # 1250 boys, 1050 girls: SRB 119.05, Wilson p 0.523066–0.563746 → 109.67–129.22 > 109.
    result = _srb(1250, 1050)
    assert result.interval.lower == pytest.approx(109.67, abs=0.01)
    assert result.flag == "high"
    assert result.note is not None and "女婴" in result.note and "births of girls" in result.note


def test_sex_ratio_flags_low_when_the_whole_interval_is_below() -> None:
    # 900 boys, 1000 girls: SRB 90.0, Wilson p upper 0.496166 → 100·0.496166/0.503834 = 98.48.
    result = _srb(900, 1000)
    assert result.interval.upper == pytest.approx(98.48, abs=0.01)
    assert result.flag == "low"


def test_sex_ratio_small_numbers_alone_never_flag() -> None:
    # 7 boys and 3 girls: SRB 233, but the interval (about 66 to 828) covers the normal range.
    result = _srb(7, 3)
    assert result.ratio == pytest.approx(700 / 3)
    assert result.interval.lower < 102 and result.interval.upper > 109
    assert result.flag is None


def test_sex_ratio_no_girls_has_an_open_upper_bound() -> None:
    # 2 boys, no girls: Wilson for p = 2/2 is z²-shrunk to a lower bound 2/(2 + 3.8415) = 0.3424,
    # SRB from 100·0.3424/0.6576 = 52.1 to infinity: no flag.
    result = _srb(2, 0)
    assert math.isinf(result.ratio) and math.isinf(result.interval.upper)
    assert result.interval.lower == pytest.approx(100 * 0.34237 / 0.65763, abs=0.01)
    assert result.to_dict()["ratio"] is None
    assert result.to_dict()["interval"]["upper"] is None
    assert result.flag is None


def test_sex_ratio_five_boys_and_no_girls_is_already_unusual() -> None:
    # 5 of 5 boys: Wilson lower bound 5/(5 + 3.8415) = 0.5655, SRB above 130 — the chance of
    # five boys in a row is 0.512⁵ = 3.5%, so the interval lies above 109 and is flagged.
    result = _srb(5, 0)
    assert result.interval.lower == pytest.approx(100 * 0.56551 / 0.43449, abs=0.01)
    assert result.flag == "high"


def test_sex_ratio_normal_range_is_a_parameter() -> None:
    # 1120/1000 has lower bound 102.85: above a conventional 98–102 range, not above 102–109.
    assert _srb(1120, 1000, normal_range=(98.0, 102.0)).flag == "high"


def test_sex_ratio_no_births_is_not_estimable() -> None:
    result = sex_ratio_at_birth(0, 0)
    assert isinstance(result, NotEstimable)
    assert "no births" in result.reason


@pytest.mark.parametrize(
    ("boys", "girls", "normal_range"), [(-1, 3, (102, 109)), (3, 3, (109, 102))]
)
def test_sex_ratio_rejects_impossible_input(
    boys: int, girls: int, normal_range: tuple[float, float]
) -> None:
    with pytest.raises(EstimationInputError):
        sex_ratio_at_birth(boys, girls, normal_range=normal_range)


@given(st.integers(min_value=0, max_value=50_000), st.integers(min_value=1, max_value=50_000))
def test_sex_ratio_interval_contains_the_ratio_and_flags_only_outside(
    boys: int, girls: int
) -> None:
    result = _srb(boys, girls, method="clopper-pearson")
    assert result.interval.contains(result.ratio)
    if result.flag == "high":
        assert result.interval.lower > 109
    elif result.flag == "low":
        assert result.interval.upper < 102
    else:
        assert result.interval.lower <= 109 and result.interval.upper >= 102


def test_too_few_to_tell_below_two_hundred_births() -> None:
    # 104 boys and 95 girls (199 births): a ratio of 109, interval about 83–144 — says nothing.
    assert too_few_to_tell(104, 95)
    assert _srb(104, 95).to_dict()["too_few_to_tell"] is True
    # 103 boys and 97 girls (200 births): the rule's edge, told.
    assert not too_few_to_tell(103, 97)
    assert _srb(103, 97).too_few_to_tell is False


def test_too_few_to_tell_without_girls_at_any_size() -> None:
    # 5,000 boys and no girls: the interval runs to infinity, nothing to draw.
    assert too_few_to_tell(5000, 0)
    assert math.isinf(_srb(5000, 0).interval.upper)


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_too_few_to_tell_exactly_when_interval_is_open_or_births_are_few(
    boys: int, girls: int
) -> None:
    """Every ratio that is told has a finite interval around a finite ratio, from at least
    200 births; every interval running to infinity is "too few to tell"."""
    result = sex_ratio_at_birth(boys, girls)
    if boys + girls == 0:
        assert isinstance(result, NotEstimable)
        return
    assert isinstance(result, SexRatioEstimate)
    if not result.too_few_to_tell:
        assert boys + girls >= MIN_BIRTHS_SEX_RATIO
        assert math.isfinite(result.ratio)
        assert math.isfinite(result.interval.lower) and math.isfinite(result.interval.upper)
        assert result.interval.lower <= result.ratio <= result.interval.upper
    if not math.isfinite(result.interval.upper):
        assert result.too_few_to_tell
