"""Tests for hedui.stats.poisson_glm: the Newton–Raphson Poisson fitter."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.loglinear_fit import counts_vector
from hedui.stats.loglinear_models import LoglinearModel, design_matrix
from hedui.stats.poisson_glm import fit_poisson, poisson_deviance


@pytest.mark.parametrize("interactions", [(), ((1, 2),), ((0, 1), (1, 2))])
def test_fit_poisson_agrees_with_statsmodels(
    cormack_3b: CaptureHistories, interactions: tuple[tuple[int, int], ...]
) -> None:
    design = design_matrix(LoglinearModel(3, interactions))
    counts = counts_vector(cormack_3b)
    ours = fit_poisson(design, counts)
    theirs = sm.GLM(counts, design, family=sm.families.Poisson()).fit()
    assert ours.converged
    np.testing.assert_allclose(ours.coefficients, theirs.params, rtol=1e-7, atol=1e-8)
    assert ours.deviance == pytest.approx(theirs.deviance, abs=1e-8)
    assert ours.log_likelihood == pytest.approx(theirs.llf, rel=1e-10)
    np.testing.assert_allclose(ours.covariance, theirs.cov_params(), rtol=1e-6, atol=1e-10)


def test_fit_poisson_two_source_independence_is_lincoln_petersen() -> None:
    # Seber (1982) p.107: cells 01 → 254, 10 → 781, 11 → 167. Independence puts
    # 781·254/167 = 1187.904 in the unobserved cell: N = 1202 + 1187.904 = 2389.9 (Rcapture Mt).
    table = CaptureHistories.from_counts({"01": 254, "10": 781, "11": 167}, ["甲", "乙"])
    fit = fit_poisson(design_matrix(LoglinearModel(2, ())), counts_vector(table))
    assert np.exp(fit.coefficients[0]) == pytest.approx(781 * 254 / 167, rel=1e-9)
    # Three cells, three parameters: the fit is exact.
    assert fit.deviance == pytest.approx(0.0, abs=1e-9)


def test_fit_poisson_does_not_converge_when_an_empty_cell_drives_a_coefficient_away() -> None:
    # Model with 1×2: cells 110 and 111 empty push u12 to −∞; the fitter stops and says so,
    # and the fitted means of the two empty cells go to zero.
    table = CaptureHistories.from_counts(
        {"001": 10, "010": 8, "011": 5, "100": 9, "101": 4}, ["甲", "乙", "丙"]
    )
    fit = fit_poisson(design_matrix(LoglinearModel(3, ((0, 1),))), counts_vector(table))
    assert not fit.converged
    assert fit.fitted[-1] < 1e-6 and fit.fitted[-2] < 1e-6
    assert np.isfinite(fit.deviance)


def test_poisson_deviance_by_hand() -> None:
    # y = (2, 0), μ = (1, 1): 2·[2·log 2 − (2 − 1)] + 2·[0 − (0 − 1)] = 4·log 2 − 2 + 2
    assert poisson_deviance(np.array([2.0, 0.0]), np.array([1.0, 1.0])) == pytest.approx(
        4 * np.log(2)
    )
