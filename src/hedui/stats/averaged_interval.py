"""Intervals for a model-averaged population size.

Two intervals go with the average of :mod:`hedui.stats.loglinear_average`:

- ``"profile"`` (default): the model-averaged tail-area interval on profile likelihoods
  (Turek and Fletcher 2012, *Comput. Stat. Data Anal.* 56:2809–2815; Fletcher and Turek 2012,
  *J. Agric. Biol. Environ. Stat.* 17:38–51). Each model's profile likelihood gives a signed
  root r_m(N) = sign(N − N*_m)·sqrt(2·(ℓ_m(N*_m) − ℓ_m(N))), approximately standard normal,
  so Φ(r_m(N)) is that model's "probability that the true number is below N". The bounds
  solve Σ w_m·Φ(r_m(L)) = α/2 and Σ w_m·Φ(r_m(U)) = 1 − α/2. With one model it is exactly
  the profile-likelihood interval (Cormack 1992) — the bound where ℓ has fallen by χ²₁/2 —
  and with several it is as asymmetric as their likelihoods are, reaching as far as the
  plausible models do. A model whose likelihood never falls far enough above N̂ leaves the
  upper bound open when it carries more than α/2 of the weight.
- ``"delta"``: Chao's log-transformed interval around Buckland et al.'s (1997)
  unconditional variance (:attr:`ModelAverage.standard_error`). Cheap, symmetric on the log
  scale of the number missed, and too narrow when the models' likelihoods are skewed.

Both bounds are rounded outwards to whole numbers (:meth:`Interval.whole_numbers`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq
from scipy.stats import norm

from hedui.stats.interval import Interval
from hedui.stats.profile_likelihood import profile_log_likelihood, profile_maximum

__all__ = ["WeightedModel", "averaged_profile_interval"]

# As in profile_likelihood: a county's true births are not a million times those seen.
_MAX_UPPER_FACTOR = 1e6
# The bounds are rounded outwards to whole numbers, so a tenth of a person is precise enough.
_TOLERANCE = 0.05


@dataclass(frozen=True)
class WeightedModel:
    """One model's share of the average.

    Attributes:
        design: its model matrix for the observed cells.
        start: its fitted coefficients (each refit starts there).
        n_hat: its Poisson estimate of N.
        weight: its weight; the weights of the models passed together sum to one.
    """

    design: NDArray[np.float64]
    start: NDArray[np.float64]
    n_hat: float
    weight: float


def _signed_root(model: WeightedModel, counts: NDArray[np.float64]) -> Callable[[float], float]:
    """r_m(N) for one model, its maximum found once."""
    n_max, top = profile_maximum(model.design, counts, model.n_hat, model.start)

    def root(n_total: float) -> float:
        value = profile_log_likelihood(model.design, counts, n_total, model.start)
        drop = max(top - value, 0.0)
        return math.copysign(math.sqrt(2.0 * drop), n_total - n_max)

    return root


def averaged_profile_interval(
    models: Sequence[WeightedModel], counts: NDArray[np.float64], n_hat: float, level: float
) -> Interval:
    """The model-averaged profile-likelihood (MATA) interval for N.

    Args:
        models: the averaged models with their weights (summing to one).
        counts: the observed counts.
        n_hat: the averaged estimate; the interval is widened to contain it.
        level: the confidence level.

    Returns:
        The interval, method ``"profile"``, rounded outwards to whole numbers; the upper
        bound is infinite when the averaged tail never reaches 1 − α/2.
    """
    n_observed = float(np.sum(counts))
    roots = [(_signed_root(m, counts), m.weight) for m in models]
    tail = (1.0 - level) / 2.0

    def below(n_total: float) -> float:
        """Σ w·Φ(r(N)): the averaged probability that the true number is below N."""
        return sum(w * float(norm.cdf(root(n_total))) for root, w in roots)

    spread = max(max(m.n_hat for m in models) - n_observed, 0.0)
    middle = n_observed + spread + 1.0
    if below(n_observed) >= tail:
        lower = n_observed
    else:
        for _ in range(60):  # at N above every model's maximum, below(N) ≥ 1/2 > α/2
            if below(middle) >= tail:
                break
            middle = n_observed + 2.0 * (middle - n_observed)
        lower = float(brentq(lambda n: below(n) - tail, n_observed, middle, xtol=_TOLERANCE))
    upper = math.inf
    start = max(lower, n_observed)
    top = n_observed + 3.0 * spread + 10.0
    while top - n_observed <= _MAX_UPPER_FACTOR * (n_observed + 1.0):
        if below(top) >= 1.0 - tail:
            upper = float(brentq(lambda n: below(n) - (1.0 - tail), start, top, xtol=_TOLERANCE))
            break
        start, top = top, n_observed + 4.0 * (top - n_observed)
    return Interval(min(lower, n_hat), max(upper, n_hat), level, "profile").whole_numbers()
