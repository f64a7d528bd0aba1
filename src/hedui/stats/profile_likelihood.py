"""Profile-likelihood intervals for the population size under a log-linear model.

The standard interval for multiple-systems estimates (Cormack 1992, *Biometrics* 48:567–576;
Rivest and Lévesque 2001, *Can. J. Stat.* 29:555–572; the ``closedpCI`` functions of the R
package Rcapture) treats the complete table — the observed cells plus n0 = N − n people seen
by nobody — as multinomial with total N. For each candidate N the model is refitted to the
completed table, and the profile log-likelihood is

    ℓ(N) = −D(N)/2 + log N! − log n0! + n0·log n0 − N·log N,

where D(N) is the Poisson deviance of that fit; the last four terms (Cormack's correction)
turn the Poisson likelihood of the completed table into the multinomial one. The interval
is every N with ℓ(N) ≥ max ℓ − χ²₁(level)/2. It is asymmetric where the data are (a long
upper tail when the overlap is small), is never below the number observed, and needs no
variance formula; Wald and delta-method intervals do neither.

When the profile never falls far enough (models whose estimate the data hardly constrain),
the upper bound is infinite: the report must then say that the data put no upper limit on
the number missed, which is the honest answer.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln, xlogy
from scipy.stats import chi2

from hedui.stats.interval import Interval
from hedui.stats.poisson_glm import fit_poisson

__all__ = ["profile_interval", "profile_log_likelihood", "profile_maximum"]

# The upper bound is searched up to this multiple of the observed count (plus one) before
# it is declared unbounded: a county's true births are not a million times those seen.
_MAX_UPPER_FACTOR = 1e6


def profile_log_likelihood(
    design: NDArray[np.float64],
    counts: NDArray[np.float64],
    n_total: float,
    start: NDArray[np.float64] | None = None,
) -> float:
    """The multinomial profile log-likelihood of a total ``n_total`` (up to a constant).

    Args:
        design: the model matrix of the observed cells (intercept first).
        counts: the observed counts.
        n_total: the candidate true number N ≥ Σ counts.
        start: starting coefficients for the refit.
    """
    n0 = max(n_total - float(np.sum(counts)), 0.0)
    completed = np.append(counts, n0)
    row = np.zeros((1, design.shape[1]))
    row[0, 0] = 1.0
    fit = fit_poisson(np.vstack([design, row]), completed, start=start)
    correction = (
        gammaln(n_total + 1.0) - gammaln(n0 + 1.0) + xlogy(n0, n0) - xlogy(n_total, n_total)
    )
    return float(-fit.deviance / 2.0 + correction)


def profile_maximum(
    design: NDArray[np.float64],
    counts: NDArray[np.float64],
    n_hat: float,
    start: NDArray[np.float64] | None = None,
) -> tuple[float, float]:
    """Where the profile log-likelihood peaks, and its value there.

    The multinomial maximum lies near the Poisson estimate ``n_hat`` (a little below it), so
    it is searched between the number observed and n + 3·(N̂ − n) + 10.

    Returns:
        ``(N at the maximum, ℓ there)``.
    """
    n_observed = float(np.sum(counts))
    f0 = max(n_hat - n_observed, 0.0)
    best = minimize_scalar(
        lambda n: -profile_log_likelihood(design, counts, float(n), start),
        bounds=(n_observed, n_observed + 3.0 * f0 + 10.0),
        method="bounded",
        options={"xatol": 1e-4 * (1.0 + f0)},
    )
    n_max = float(best.x)
    return n_max, profile_log_likelihood(design, counts, n_max, start)


def profile_interval(
    design: NDArray[np.float64],
    counts: NDArray[np.float64],
    n_hat: float,
    level: float,
    start: NDArray[np.float64] | None = None,
) -> Interval:
    """The profile-likelihood interval for N under the model with matrix ``design``.

    Args:
        design: the model matrix of the observed cells.
        counts: the observed counts.
        n_hat: the Poisson estimate of N (observed plus exp(intercept)); the interval is
            widened to contain it in the rare case the multinomial maximum lies far from it.
        level: the confidence level.
        start: the fitted coefficients, to start each refit near its answer.

    Returns:
        The interval, rounded outwards to whole numbers (:meth:`Interval.whole_numbers`).
    """
    n_observed = float(np.sum(counts))
    f0 = max(n_hat - n_observed, 0.0)

    def loglik(n_total: float) -> float:
        return profile_log_likelihood(design, counts, n_total, start)

    search_top = n_observed + 3.0 * f0 + 10.0
    n_max, top_value = profile_maximum(design, counts, n_hat, start)
    threshold = top_value - float(chi2.ppf(level, 1)) / 2.0

    def excess(n_total: float) -> float:
        return loglik(n_total) - threshold

    tolerance = 1e-6 * (1.0 + n_observed)
    if excess(n_observed) >= 0.0:
        lower = n_observed
    else:
        lower = float(brentq(excess, n_observed, n_max, xtol=tolerance))
    upper = math.inf
    top = max(search_top, n_max + f0 + 10.0)
    while top - n_observed <= _MAX_UPPER_FACTOR * (n_observed + 1.0):
        if excess(top) < 0.0:
            upper = float(brentq(excess, n_max, top, xtol=tolerance))
            break
        top = n_observed + 4.0 * (top - n_observed)
    return Interval(min(lower, n_hat), max(upper, n_hat), level, "profile").whole_numbers()
