"""Tests for hedui.stats.profile_likelihood: Cormack's multinomial profile-likelihood interval."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import gammaln, xlogy

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.loglinear_fit import counts_vector, fit_model
from hedui.stats.loglinear_models import LoglinearModel, design_matrix
from hedui.stats.profile_likelihood import profile_interval, profile_log_likelihood

SEBER = CaptureHistories.from_counts({"01": 254, "10": 781, "11": 167}, ["甲", "乙"])


def _lincoln_petersen_profile(n_total: float) -> float:
    # Two independent sources with capture probabilities profiled out at p_j = n_j/N:
    # ℓ(N) = log N! − log (N − n)! + Σ_j [n_j·log(n_j/N) + (N − n_j)·log(1 − n_j/N)],
    # n = 1202, n1 = 948, n2 = 421 (Seber 1982, p. 107). Derived independently of the
    # log-linear route, which refits a Poisson model to the completed table.
    value = gammaln(n_total + 1) - gammaln(n_total - 1202 + 1)
    for n_j in (948, 421):
        value += xlogy(n_j, n_j / n_total) + xlogy(n_total - n_j, 1 - n_j / n_total)
    return float(value)


@pytest.mark.parametrize(
    ("first", "second"), [(2000.0, 2389.0), (2389.0, 3000.0), (1500.0, 2600.0)]
)
def test_profile_log_likelihood_matches_the_closed_form_for_two_sources(
    first: float, second: float
) -> None:
    design = design_matrix(LoglinearModel(2, ()))
    counts = counts_vector(SEBER)
    ours = profile_log_likelihood(design, counts, first) - profile_log_likelihood(
        design, counts, second
    )
    expected = _lincoln_petersen_profile(first) - _lincoln_petersen_profile(second)
    assert ours == pytest.approx(expected, abs=1e-6)


def _interval(table: CaptureHistories, *interactions: tuple[int, int]) -> tuple[float, float]:
    model = LoglinearModel(table.k, tuple(interactions))
    fit = fit_model(table, model)
    assert fit.n_hat is not None and fit.poisson is not None
    interval = profile_interval(
        design_matrix(model), counts_vector(table), fit.n_hat, 0.95, fit.poisson.coefficients
    )
    assert interval.method == "profile"
    assert interval.contains(fit.n_hat)
    return interval.lower, interval.upper


def test_profile_interval_cormack_table_3b(cormack_3b: CaptureHistories) -> None:
    # Cormack, Chang and Smith (2000) Table 3b, the bounds Rcapture's test suite reproduces:
    # independence 203–217; 2×3 lower bound 210; 1×3 + 2×3 lower bound 204.
    lower, upper = _interval(cormack_3b)
    assert (round(lower), round(upper)) == (203, 217)
    assert round(_interval(cormack_3b, (1, 2))[0]) == 210
    assert round(_interval(cormack_3b, (0, 2), (1, 2))[0]) == 204


def test_profile_interval_is_never_below_the_number_observed(darroch_r3: CaptureHistories) -> None:
    lower, upper = _interval(darroch_r3, (0, 1), (0, 2), (1, 2))
    assert lower >= darroch_r3.n_observed
    # Asymmetric, as the profile of a poorly determined estimate is: N̂ = 1240, so the
    # upper bound is further above it than the lower bound is below.
    assert upper - 1240 > 1240 - lower


def test_profile_interval_is_very_wide_when_the_data_hardly_limit_it() -> None:
    # Three sources with one person on each pair and on all three: the all-pairs model puts
    # 000 = 100·010·001·111/(110·101·011) = 40·35·30·1/(1·1·1) = 42 000, N̂ = 108 + 42 000.
    # One person more or less in a pair cell changes that figure many times over, and the
    # profile interval says so: its upper end is far above the estimate.
    table = CaptureHistories.from_counts(
        {"100": 40, "010": 35, "001": 30, "110": 1, "101": 1, "011": 1, "111": 1},
        ["甲", "乙", "丙"],
    )
    lower, upper = _interval(table, (0, 1), (0, 2), (1, 2))
    assert lower >= table.n_observed
    assert upper > 10 * 42_108


def test_profile_interval_for_two_sources_is_close_to_chao_log_interval() -> None:
    # Seber's data: Chao's log interval around Chapman's estimate is 2155.7–2663.9; the
    # profile interval around Lincoln–Petersen's 2389.9 should be within a few units below
    # and a few above (the two estimators differ by 7).
    design = design_matrix(LoglinearModel(2, ()))
    counts = counts_vector(SEBER)
    interval = profile_interval(design, counts, 1202 + 781 * 254 / 167, 0.95)
    assert interval.lower == pytest.approx(2155.7, abs=5)
    assert interval.upper == pytest.approx(2663.9, abs=10)
    assert np.isfinite(interval.upper)
