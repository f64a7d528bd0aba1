"""Tests for hedui.stats.averaged_interval: the model-averaged profile-likelihood interval."""

from __future__ import annotations

import pytest

from hedui.stats.averaged_interval import WeightedModel, averaged_profile_interval
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.loglinear_fit import counts_vector, fit_model
from hedui.stats.loglinear_models import LoglinearModel, design_matrix
from hedui.stats.profile_likelihood import profile_interval


def _weighted(table: CaptureHistories, pairs: tuple[tuple[int, int], ...], weight: float):  # type: ignore[no-untyped-def]
    model = LoglinearModel(table.k, pairs)
    fit = fit_model(table, model)
    assert fit.poisson is not None and fit.n_hat is not None
    return WeightedModel(design_matrix(model), fit.poisson.coefficients, fit.n_hat, weight)


@pytest.mark.parametrize("pairs", [(), ((1, 2),), ((0, 2), (1, 2))])
def test_averaged_profile_interval_of_one_model_is_its_profile_interval(
    cormack_3b: CaptureHistories, pairs: tuple[tuple[int, int], ...]
) -> None:
    # With all the weight on one model, Φ(r(N)) = α/2 is r = −1.96, ℓ = ℓmax − 1.96²/2 =
    # ℓmax − χ²₁(0.95)/2: Cormack's profile interval (203–217, 210–237, 204–312 in Table 3b).
    one = _weighted(cormack_3b, pairs, 1.0)
    counts = counts_vector(cormack_3b)
    ours = averaged_profile_interval([one], counts, one.n_hat, 0.95)
    theirs = profile_interval(one.design, counts, one.n_hat, 0.95, one.start)
    assert (ours.lower, ours.upper) == (theirs.lower, theirs.upper)
    assert ours.method == "profile"


def test_averaged_profile_interval_spans_the_models_between_their_bounds(
    cormack_3b: CaptureHistories,
) -> None:
    # Half the weight on 2×3 (210–237), half on 1×3 + 2×3 (204–312): the averaged tail puts
    # the lower bound between 204 and 210 and the upper between 237 and 312.
    first = _weighted(cormack_3b, ((1, 2),), 0.5)
    second = _weighted(cormack_3b, ((0, 2), (1, 2)), 0.5)
    n_hat = 0.5 * first.n_hat + 0.5 * second.n_hat
    interval = averaged_profile_interval([first, second], counts_vector(cormack_3b), n_hat, 0.95)
    assert 204 <= interval.lower <= 210
    assert 237 <= interval.upper <= 312
    assert interval.contains(n_hat)


def test_averaged_profile_interval_a_light_model_moves_the_bounds_little(
    cormack_3b: CaptureHistories,
) -> None:
    # 1% of the weight on the wide 1×3 + 2×3 (204–312) is less than the 2.5% in each tail:
    # the bounds stay near those of 2×3 (210–237) instead of jumping to the wide model's.
    heavy = _weighted(cormack_3b, ((1, 2),), 0.99)
    light = _weighted(cormack_3b, ((0, 2), (1, 2)), 0.01)
    n_hat = 0.99 * heavy.n_hat + 0.01 * light.n_hat
    interval = averaged_profile_interval([heavy, light], counts_vector(cormack_3b), n_hat, 0.95)
    assert 209 <= interval.lower <= 210
    assert 237 <= interval.upper <= 240
