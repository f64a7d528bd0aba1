"""Parametric-bootstrap intervals for a log-linear estimate of the population size.

An alternative to the profile likelihood, and a check on it (Buckland and Garthwaite 1991,
*Biometrics* 47:255–268): take the fitted model as the truth — N̂ people spread over all 2^k
histories, the unobserved one included, with the fitted probabilities — draw the complete
table again and again (multinomial, total N̂ rounded), hide the unobserved cell, refit the
same model, and take the percentiles of the refitted estimates. It needs no asymptotic
argument, which suits small strata, but it costs hundreds of fits and, being random, its
bounds move a little with the seed; the seed is therefore a parameter, fixed by default, so
that a report can be reproduced.

Replicates whose table leaves the model's estimate unbounded are dropped; if more than half
are, the interval's upper bound is infinite (the data cannot bound the number missed).
:func:`resampled_interval` does the drawing for any estimator, so that a model average can be
resampled with its choice of models repeated on every table.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from hedui.stats.identifiability import intercept_determined
from hedui.stats.interval import Interval
from hedui.stats.poisson_glm import PoissonFit, fit_poisson

__all__ = ["DEFAULT_REPLICATES", "DEFAULT_SEED", "bootstrap_interval", "resampled_interval"]

DEFAULT_REPLICATES = 999
DEFAULT_SEED = 20_240_601


def bootstrap_interval(
    design: NDArray[np.float64],
    fit: PoissonFit,
    n_hat: float,
    level: float,
    *,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
) -> Interval:
    """The percentile interval of ``replicates`` parametric-bootstrap estimates of N.

    Args:
        design: the model matrix of the observed cells.
        fit: the model's fit to the observed table.
        n_hat: the estimate, n + exp(intercept).
        level: the confidence level.
        replicates: the number of simulated tables.
        seed: the random seed.
    """
    means = np.append(fit.fitted, math.exp(float(fit.coefficients[0])))

    def estimate(counts: NDArray[np.float64]) -> float | None:
        if np.any(counts == 0) and not intercept_determined(design, counts):
            return None
        refit = fit_poisson(design, counts, start=fit.coefficients)
        return float(counts.sum()) + math.exp(float(refit.coefficients[0]))

    return resampled_interval(means, n_hat, level, estimate, replicates=replicates, seed=seed)


def resampled_interval(
    means: NDArray[np.float64],
    n_hat: float,
    level: float,
    estimate: Callable[[NDArray[np.float64]], float | None],
    *,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
) -> Interval:
    """Percentiles of ``estimate`` over complete tables drawn from the cell means ``means``.

    Args:
        means: the expected count of every history, the observable ones in the order of
            :func:`~hedui.stats.capture_histories.all_histories`, the unobserved one last.
        n_hat: the estimate (the total drawn, rounded; the interval is widened to hold it).
        level: the confidence level.
        estimate: N from a simulated table's observed counts, ``None`` when unbounded.
        replicates: the number of simulated tables.
        seed: the random seed.
    """
    rng = np.random.default_rng(seed)
    tables = rng.multinomial(round(n_hat), means / means.sum(), size=replicates)
    estimates = [e for e in (estimate(t[:-1].astype(float)) for t in tables) if e is not None]
    tail = (1.0 - level) / 2.0
    if len(estimates) * 2 < replicates:
        return Interval(n_hat, math.inf, level, "bootstrap")
    # Dropped replicates are those with an unbounded estimate: count them as above any bound.
    padded = np.append(np.array(estimates), np.full(replicates - len(estimates), np.inf))
    lower, upper = np.quantile(padded, [tail, 1.0 - tail], method="inverted_cdf")
    return Interval(min(float(lower), n_hat), max(float(upper), n_hat), level, "bootstrap")
