"""A small Poisson log-linear fitter (Newton–Raphson) for capture-history tables.

Every log-linear capture–recapture model is a Poisson regression of the observed cell counts
on 0/1 indicators (Fienberg 1972; Bishop, Fienberg and Holland 1975, chapter 6). The tables
are tiny (7 cells for three sources, 31 for five) but an analysis fits hundreds of models,
and a profile-likelihood interval refits one model dozens of times; a dedicated fitter in
numpy does that in microseconds and, more importantly, tells us *how* a fit failed.

Empty cells can push a coefficient to ±∞: the maximum likelihood estimate then does not
exist, and Newton's steps in that direction never shrink while the deviance converges. The
fitter stops after a fixed number of iterations and says so (:attr:`PoissonFit.converged`);
whether such a fit still determines the population estimate is decided exactly, by linear
programming, in :mod:`hedui.stats.identifiability`. The test suite checks this fitter
against statsmodels' GLM.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln, xlogy

__all__ = ["PoissonFit", "fit_poisson", "poisson_deviance"]

Matrix = NDArray[np.float64]
Vector = NDArray[np.float64]

_MAX_ITERATIONS = 200
_STEP_TOLERANCE = 1e-9


@dataclass(frozen=True)
class PoissonFit:
    """The result of one Poisson regression with a log link.

    Attributes:
        coefficients: the estimates, intercept first.
        fitted: fitted means of the cells.
        deviance: 2·Σ[y·log(y/μ) − (y − μ)].
        log_likelihood: Σ[y·log μ − μ − log y!].
        covariance: the inverse Fisher information (pseudo-inverse when singular).
        converged: whether every coefficient settled (not so when an empty cell drives a
            coefficient towards infinity).
    """

    coefficients: Vector
    fitted: Vector
    deviance: float
    log_likelihood: float
    covariance: Matrix
    converged: bool


def poisson_deviance(counts: Vector, fitted: Vector) -> float:
    """The Poisson deviance 2·Σ[y·log(y/μ) − (y − μ)], with 0·log 0 = 0."""
    return float(2.0 * np.sum(xlogy(counts, counts) - xlogy(counts, fitted) - (counts - fitted)))


def fit_poisson(design: Matrix, counts: Vector, start: Vector | None = None) -> PoissonFit:
    """Fit log μ = design · β to ``counts`` by Newton–Raphson with step halving.

    Args:
        design: the model matrix, first column all ones (the intercept).
        counts: the observed counts, one per row of ``design``.
        start: starting coefficients (a previous fit's, when refitting nearby data); by
            default least squares on log(y + 0.5).

    Returns:
        The fit. It never raises on non-convergence: callers read :attr:`PoissonFit.converged`.
    """
    beta = _start(design, counts) if start is None else np.array(start, dtype=float)
    deviance = poisson_deviance(counts, _mean(design, beta))
    converged = False
    for _ in range(_MAX_ITERATIONS):
        mu = _mean(design, beta)
        step = _solve(design.T @ (design * mu[:, None]), design.T @ (counts - mu))
        if not np.all(np.isfinite(step)):
            break
        trial = beta + step
        trial_deviance = poisson_deviance(counts, _mean(design, trial))
        halvings = 0
        while not trial_deviance <= deviance + 1e-12 * (1.0 + deviance):
            if halvings == 30:
                break
            step = step / 2.0
            trial = beta + step
            trial_deviance = poisson_deviance(counts, _mean(design, trial))
            halvings += 1
        if not trial_deviance <= deviance + 1e-12 * (1.0 + deviance):
            break  # no step improves the fit: a numerically singular direction; keep beta
        beta, deviance = trial, trial_deviance
        if float(np.max(np.abs(step))) < _STEP_TOLERANCE:
            converged = True
            break
    mu = _mean(design, beta)
    return PoissonFit(
        coefficients=beta,
        fitted=mu,
        deviance=poisson_deviance(counts, mu),
        log_likelihood=float(np.sum(xlogy(counts, mu) - mu - gammaln(counts + 1.0))),
        covariance=_inverse(design.T @ (design * mu[:, None])),
        converged=converged,
    )


def _mean(design: Matrix, beta: Vector) -> Vector:
    # Clip the linear predictor: a drifting coefficient must not overflow exp().
    return np.exp(np.clip(design @ beta, -700.0, 700.0))


def _inverse(information: Matrix) -> Matrix:
    try:
        return np.asarray(np.linalg.pinv(information), dtype=np.float64)
    except np.linalg.LinAlgError:
        return np.full(information.shape, np.nan)


def _start(design: Matrix, counts: Vector) -> Vector:
    solution, *_ = np.linalg.lstsq(design, np.log(counts + 0.5), rcond=None)
    return np.asarray(solution, dtype=float)


def _solve(matrix: Matrix, vector: Vector) -> Vector:
    try:
        return np.asarray(np.linalg.solve(matrix, vector), dtype=float)
    except np.linalg.LinAlgError:
        solution, *_ = np.linalg.lstsq(matrix, vector, rcond=None)
        return np.asarray(solution, dtype=float)
