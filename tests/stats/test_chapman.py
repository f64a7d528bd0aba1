"""Tests for hedui.stats.chapman: Chapman's two-source estimator, Seber's variance, intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import EstimationInputError
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.chapman import ChapmanEstimate, chapman, chapman_from_histories
from hedui.stats.completeness import COMBINED
from hedui.stats.small_numbers import NotEstimable


def _estimate(*args: int, **kwargs: object) -> ChapmanEstimate:
    result = chapman(*args, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, ChapmanEstimate)
    return result


def test_chapman_seber_1982_example_by_hand() -> None:
    # Seber (1982), The Estimation of Animal Abundance, p. 107: 948 marked in the first
    # sample (781 + 167), 421 in the second (254 + 167), 167 in both. Rcapture's example for
    # closedp.bc reproduces it: Mt 2382.8, stderr 129.1.
    # N̂ = 949·422/168 − 1 = 400478/168 − 1 = 2382.7976
    # Var = 949·422·781·254 / (168²·169) = 79 444 422 772 / 4 769 856 = 16 655.52
    result = _estimate(948, 421, 167)
    assert result.n_hat == pytest.approx(2382.7976, abs=1e-4)
    assert result.variance == pytest.approx(16655.52, abs=0.01)
    assert result.standard_error == pytest.approx(129.06, abs=0.01)
    # n = 948 + 421 − 167 = 1202; N̂ − n = 781·254/168 = 1180.7976
    assert result.n_observed == 1202
    assert result.unobserved == pytest.approx(781 * 254 / 168)


def test_chapman_wald_interval_by_hand() -> None:
    # 2382.7976 ± 1.959964 × 129.0563 = 2382.7976 ± 252.9457
    result = _estimate(948, 421, 167, interval="wald")
    assert result.interval.method == "wald"
    assert result.interval.lower == pytest.approx(2129.852, abs=0.01)
    assert result.interval.upper == pytest.approx(2635.743, abs=0.01)


def test_chapman_log_interval_is_default_and_matches_chao_by_hand() -> None:
    # f0 = 1180.7976; Var/f0² = 16655.52/1 394 282.9 = 0.0119456; log1p → 0.0118748;
    # sqrt → 0.108972; × 1.959964 → 0.213581; C = e^0.213581 = 1.238102
    # lower = 1202 + 1180.7976/1.238102 = 2155.715; upper = 1202 + 1180.7976·1.238102 = 2663.949
    # N is a count: the bounds are rounded outwards to whole numbers, [2155, 2664].
    result = _estimate(948, 421, 167)
    assert result.interval.method == "log"
    assert result.interval.lower == 2155
    assert result.interval.upper == 2664
    assert set(result.intervals) == {"log", "wald"}


def test_chapman_completeness_by_hand() -> None:
    # Source 1: 948/2382.7976 = 0.39785, interval 948/2664 = 0.35586 to 948/2155 = 0.43991
    result = _estimate(948, 421, 167, sources=("乡镇数据库", "医院出生证"))
    first, second, combined = result.completeness
    assert first.source == "乡镇数据库"
    assert first.completeness == pytest.approx(0.39785, abs=1e-5)
    assert first.interval.lower == pytest.approx(0.35586, abs=1e-5)
    assert first.interval.upper == pytest.approx(0.43991, abs=1e-5)
    assert second.registered == 421
    assert combined.source == COMBINED
    assert combined.completeness == pytest.approx(1202 / 2382.7976, abs=1e-6)


def test_chapman_small_overlap_is_not_estimable_with_reason() -> None:
    result = chapman(30, 20, 2)
    assert isinstance(result, NotEstimable)
    assert result.estimable is False
    assert "重叠记录太少" in result.reason
    assert "too few records in both sources" in result.reason
    assert result.to_dict()["counts"] == {"n1": 30, "n2": 20, "m": 2, "min_overlap": 7}


def test_chapman_zero_overlap_is_not_estimable_even_with_minimum_one() -> None:
    result = chapman(300, 200, 0, min_overlap=1)
    assert isinstance(result, NotEstimable)
    assert "no record appears in more than one source" in result.reason


def test_chapman_minimum_overlap_is_a_parameter() -> None:
    assert isinstance(chapman(30, 20, 3, min_overlap=3), ChapmanEstimate)
    assert isinstance(chapman(30, 20, 3, min_overlap=4), NotEstimable)


def test_chapman_one_source_inside_the_other_gives_a_point() -> None:
    # m = n1: every record of source 1 is in source 2, N̂ = 21·101/21 − 1 = 100 = n2, Var = 0.
    result = _estimate(20, 100, 20)
    assert result.n_hat == pytest.approx(100.0)
    assert result.variance == 0.0
    assert result.interval.lower == result.interval.upper == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("n1", "n2", "m"), [(-1, 5, 0), (5, 5, 6), (10, 3, 4)], ids=["negative", "m>both", "m>n2"]
)
def test_chapman_rejects_impossible_counts(n1: int, n2: int, m: int) -> None:
    with pytest.raises(EstimationInputError):
        chapman(n1, n2, m)


def test_chapman_rejects_bad_level_interval_and_minimum() -> None:
    with pytest.raises(EstimationInputError, match="0 and 1"):
        chapman(100, 100, 50, level=1.5)
    with pytest.raises(EstimationInputError, match="unknown interval"):
        chapman(100, 100, 50, interval="normal")  # type: ignore[arg-type]
    with pytest.raises(EstimationInputError, match="min_overlap"):
        chapman(100, 100, 50, min_overlap=0)


def test_chapman_from_histories_uses_totals_and_overlap() -> None:
    # Same Seber example given as cells: 11 → 167, 10 → 781, 01 → 254.
    table = CaptureHistories.from_counts({"11": 167, "10": 781, "01": 254}, ["甲", "乙"])
    result = chapman_from_histories(table)
    assert isinstance(result, ChapmanEstimate)
    assert (result.n1, result.n2, result.m) == (948, 421, 167)
    assert result.sources == ("甲", "乙")


def test_chapman_from_histories_refuses_three_sources() -> None:
    table = CaptureHistories.from_counts({"111": 5}, ["甲", "乙", "丙"])
    with pytest.raises(EstimationInputError, match="exactly two sources"):
        chapman_from_histories(table)


def test_chapman_to_dict_is_json_ready_with_assumptions() -> None:
    data = _estimate(948, 421, 167).to_dict()
    assert data["estimable"] is True
    assert data["n_hat"] == pytest.approx(2382.7976, abs=1e-4)
    assert data["interval"]["method"] == "log"
    assert len(data["completeness"]) == 3
    assert any("closed population" in a for a in data["assumptions"])
    assert any("independent sources" in a for a in data["assumptions"])


counts = st.integers(min_value=0, max_value=5000)


@given(counts, counts, st.data())
def test_chapman_properties_hold_for_all_counts(n1: int, n2: int, data: st.DataObject) -> None:
    m = data.draw(st.integers(min_value=0, max_value=min(n1, n2)))
    result = chapman(n1, n2, m)
    if m < 7:
        assert isinstance(result, NotEstimable)
        return
    assert isinstance(result, ChapmanEstimate)
    assert result.n_hat >= result.n_observed - 1e-9
    for interval in result.intervals.values():
        assert interval.contains(result.n_hat)
    assert result.interval.lower >= result.n_observed - 1e-9
    for entry in result.completeness:
        assert 0.0 < entry.completeness <= 1.0
        assert 0.0 <= entry.interval.lower <= entry.completeness <= entry.interval.upper <= 1.0


def _simulate(
    rng: np.random.Generator, n: int, p1: float, p2_if_1: float, p2_if_not: float
) -> tuple[int, int, int]:
    in_1 = rng.random(n) < p1
    in_2 = rng.random(n) < np.where(in_1, p2_if_1, p2_if_not)
    return int(in_1.sum()), int(in_2.sum()), int((in_1 & in_2).sum())


def test_chapman_log_interval_covers_true_count_about_95_percent() -> None:
    # 200 counties of N = 500 births, a ledger recording each with probability 0.5 and,
    # independently, a hospital list with probability 0.4 (expected overlap 100).
    rng = np.random.default_rng(20240601)
    true_n, covered = 500, 0
    for _ in range(200):
        result = chapman(*_simulate(rng, true_n, 0.5, 0.4, 0.4))
        assert isinstance(result, ChapmanEstimate)
        covered += result.interval.contains(true_n)
    assert 0.90 <= covered / 200 <= 0.99


def test_chapman_is_biased_low_when_sources_are_positively_dependent() -> None:
    # Being in source 1 raises the chance of source 2 from 0.2 to 0.8 (a hospital birth is
    # both certified and reported). Expected: n1 = 250, m = 200, n2 = 200 + 50 = 250, so
    # N̂ ≈ 250·250/200 = 312.5 against a true 500: about 37% too low.
    rng = np.random.default_rng(7)
    true_n = 500
    estimates, covered = [], 0
    for _ in range(200):
        result = chapman(*_simulate(rng, true_n, 0.5, 0.8, 0.2))
        assert isinstance(result, ChapmanEstimate)
        estimates.append(result.n_hat)
        covered += result.interval.contains(true_n)
    assert float(np.mean(estimates)) == pytest.approx(312.5, rel=0.03)
    assert float(np.mean(estimates)) < 0.7 * true_n
    assert covered / 200 < 0.05


def test_chapman_standard_error_is_sqrt_of_variance() -> None:
    result = _estimate(120, 80, 40)
    assert result.standard_error == pytest.approx(math.sqrt(result.variance))
