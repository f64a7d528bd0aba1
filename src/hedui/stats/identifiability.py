"""Whether a log-linear model and a table determine the number of people no source saw.

A model's estimate of the unobserved cell is exp(u), u the intercept. Two things can leave
u undetermined:

- the model has too many terms for the observed cells (the k-way interaction, or a
  two-source model with an interaction): some combination of coefficients changes u without
  changing any observed cell;
- empty cells: the likelihood keeps increasing as some coefficients go to infinity. This is
  harmless when the intercept is not among them (the fit simply puts zero in the empty
  cells), and fatal when it is: the "estimate" is then whatever value the fitting algorithm
  stopped at — Rcapture prints numbers above a million for such tables (Cormack, Chang and
  Smith 2000, Table 3a).

Both cases are recession directions d of the log-likelihood: X₊d = 0 on the cells with
counts, X₀d ≤ 0 on the empty ones (Fienberg and Rinaldo 2012, *Ann. Statist.*
40:996–1023; Chan, Silverman and Vincent 2021, *JASA* 116:1297–1306). The intercept is
determined exactly when every such direction has d₀ = 0, which two small linear programs
(maximise and minimise d₀ over the box −1 ≤ d ≤ 1) decide.

The answer depends on the design and on *which* cells are empty, never on the counts
themselves, so it is remembered per (design, empty-cell pattern): estimating every township
and event type fits the same few dozen models to tables that share a handful of patterns,
and the linear programs, not the fits, would otherwise dominate the time.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

__all__ = ["intercept_determined"]

_EPSILON = 1e-9


def intercept_determined(design: NDArray[np.float64], counts: NDArray[np.float64]) -> bool:
    """Whether the data fix the intercept of the Poisson log-linear model ``design``.

    Args:
        design: the model matrix of the observed cells, intercept column first.
        counts: the observed counts.

    Returns:
        ``True`` when no direction that leaves the likelihood non-decreasing moves the
        intercept, so the estimate of the unobserved cell is a finite, unique number.
    """
    positive = counts > 0
    matrix = np.ascontiguousarray(design, dtype=np.float64)
    return _determined(matrix.tobytes(), matrix.shape, positive.tobytes())


@functools.lru_cache(maxsize=4096)
def _determined(design_bytes: bytes, shape: tuple[int, ...], positive_bytes: bytes) -> bool:
    design = np.frombuffer(design_bytes, dtype=np.float64).reshape(shape)
    positive = np.frombuffer(positive_bytes, dtype=np.bool_)
    equality = design[positive]
    inequality = design[~positive]
    n_columns = design.shape[1]
    if equality.shape[0] and np.linalg.matrix_rank(equality) == n_columns:
        # Only d = 0 keeps every observed cell fixed: nothing can move the intercept,
        # whatever the empty cells allow. Most tables end here, without a linear program.
        return True
    for sign in (1.0, -1.0):
        objective = np.zeros(n_columns)
        objective[0] = -sign  # linprog minimises: this maximises sign·d₀
        result = linprog(
            objective,
            A_ub=inequality if inequality.shape[0] else None,
            b_ub=np.zeros(inequality.shape[0]) if inequality.shape[0] else None,
            A_eq=equality if equality.shape[0] else None,
            b_eq=np.zeros(equality.shape[0]) if equality.shape[0] else None,
            bounds=[(-1.0, 1.0)] * n_columns,
            method="highs",
        )
        if result.status == 0 and -float(result.fun) > _EPSILON:
            return False
    return True
