"""Tests for hedui.stats.loglinear_average: Akaike weights, candidates, sensitivity."""

from __future__ import annotations

import math

import pytest

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.interval import Interval
from hedui.stats.loglinear_average import (
    DISAGREEMENT_FACTOR,
    average_models,
    candidate_models,
    information_weights,
)
from hedui.stats.loglinear_fit import ModelFit, fit_all_models
from hedui.stats.loglinear_models import LoglinearModel


def _fit(
    interactions: tuple[tuple[int, int], ...], *, df: int, aic: float, n_hat: float
) -> ModelFit:
    model = LoglinearModel(3, interactions)
    return ModelFit(
        model=model,
        name=str(interactions),
        interactions=(),
        n_parameters=model.n_parameters,
        df=df,
        estimable=True,
        deviance=0.0,
        aic=aic,
        bic=aic,
        n_hat=n_hat,
        standard_error=1.0,
    )


def test_average_models_cormack_3b_weights_by_hand(cormack_3b: CaptureHistories) -> None:
    # Cormack et al. (2000) Table 3b (docs/capture-recapture.md §3): AIC 44.35 for 2×3,
    # 45.70 for 1×2 + 2×3, 45.98 for 1×3 + 2×3; the others lie 67 or more units behind, and
    # all pairs (0 df) is not a candidate. Weights ∝ exp(−Δ/2): 1, exp(−0.675) = 0.509,
    # exp(−0.815) = 0.443; divided by their sum 1.952: 0.512, 0.261, 0.227.
    # N̂ = 0.512·221.9 + 0.261·227.1 + 0.227·233.4 = 225.9.
    models = fit_all_models(cormack_3b)
    average = average_models(models)
    assert average is not None
    named = {models[i].name: w for i, w in average.weights.items() if w > 1e-6}
    assert named == pytest.approx(
        {
            "伤亡通报×工伤赔偿": 0.512,
            "死亡证×伤亡通报 + 伤亡通报×工伤赔偿": 0.261,
            "死亡证×工伤赔偿 + 伤亡通报×工伤赔偿": 0.227,
        },
        abs=0.002,
    )
    assert average.n_hat == pytest.approx(225.9, abs=0.1)
    assert models[average.best].name == "伤亡通报×工伤赔偿"
    # Δ 1.35 and 1.63 are both within 2: the plausible range is 221.9–233.4, a factor 1.05.
    assert average.sensitivity == pytest.approx((221.89, 233.4), abs=0.01)
    assert average.caution(Interval(207, 266, 0.95, "profile")) is None
    # The unconditional SE adds the models' spread to their own variances, so it exceeds
    # the best model's own SE.
    best_se = models[average.best].standard_error
    assert best_se is not None and average.standard_error > best_se


def test_candidate_models_leave_out_models_without_residual_df() -> None:
    fits = [
        _fit((), df=3, aic=60.0, n_hat=300.0),
        _fit(((0, 1), (0, 2), (1, 2)), df=0, aic=40.0, n_hat=1300.0),
    ]
    # The saturated model has the smaller AIC but the data cannot judge it.
    assert candidate_models(fits) == [0]
    only_saturated = average_models(fits[1:])
    assert only_saturated is not None and only_saturated.saturated_only
    caution = only_saturated.caution(Interval(1000, 1500, 0.95, "profile"))
    assert caution is not None and "residual degrees of freedom" in caution


def test_information_weights_sum_to_one_and_follow_delta() -> None:
    # AIC 10, 12, 14: weights ∝ 1, e⁻¹, e⁻² = 1, 0.368, 0.135 → 0.665, 0.245, 0.090.
    fits = [_fit((), df=3, aic=a, n_hat=100.0) for a in (10.0, 12.0, 14.0)]
    weights = information_weights(fits, [0, 1, 2], "aic")
    assert sum(weights.values()) == pytest.approx(1.0)
    assert [weights[i] for i in range(3)] == pytest.approx([0.665, 0.245, 0.090], abs=0.001)


def test_average_models_flags_plausible_models_that_disagree() -> None:
    # Two models 1.5 AIC apart, estimates 300 and 400: both plausible, 400/300 = 1.33 > 1.25.
    fits = [
        _fit((), df=3, aic=20.0, n_hat=300.0),
        _fit(((0, 1),), df=2, aic=21.5, n_hat=400.0),
    ]
    average = average_models(fits)
    assert average is not None
    assert DISAGREEMENT_FACTOR < 400 / 300
    caution = average.caution(Interval(280, 450, 0.95, "profile"))
    assert caution is not None and "300 to 400" in caution
    # Far behind (ΔAIC 10) the second model is no longer plausible: the data tell.
    fits[1] = _fit(((0, 1),), df=2, aic=30.0, n_hat=400.0)
    average = average_models(fits)
    assert average is not None and average.sensitivity == (300.0, 300.0)
    assert average.caution(Interval(280, 330, 0.95, "profile")) is None


def test_average_models_leaves_out_negligible_models() -> None:
    # A model 20 AIC units behind weighs exp(−10) = 4.5e-5 of the best: below the 1/1000
    # cut, so its absurd estimate does not move the average at all.
    fits = [
        _fit((), df=3, aic=20.0, n_hat=300.0),
        _fit(((0, 1),), df=2, aic=40.0, n_hat=1e7),
    ]
    average = average_models(fits)
    assert average is not None
    assert average.n_hat == 300.0
    assert math.isfinite(average.standard_error)


def test_average_models_none_when_no_model_is_estimable() -> None:
    assert average_models([]) is None
