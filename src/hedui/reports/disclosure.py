"""What a reader can work out about the hidden counts of a publication: exact integer bounds.

A reader of the public editions knows every published count, that a ``<5`` entry is 1–4 and a
``—`` entry is 0 or at least 5, and that the counts add up: a row to its total, a column to
its total, twelve months to the year, the townships to the county. Whatever they can conclude
about a hidden count follows from those facts, and integer programming finds its exact range:
the smallest and largest value the count can take in some table consistent with everything
published (:func:`feasible_ranges`, with :func:`scipy.optimize.milp`).

A ``<5`` count is *protected* when that range spans at least :data:`PROTECTION` + 1 values:
the reader cannot tell, of a cell printed ``<5``, more than that it is one of two counts or
more. :mod:`hedui.reports.suppression` and :mod:`hedui.reports.publication` hide more entries
until every small count is protected; the tests audit every edition of a report together with
the same function.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = ["PROTECTION", "SMALL_MAX", "Equation", "feasible_ranges", "unprotected"]

SMALL_MAX = 4
PROTECTION = 1
"""A small count's range must be at least this wide (``upper - lower``): two values or more."""


@dataclass(frozen=True)
class Equation:
    """A published sum: ``Σ coefficient · hidden entry = constant`` (published terms moved over)."""

    terms: Mapping[Any, int]
    constant: int


def feasible_ranges(
    hidden: Mapping[Any, bool],
    equations: Sequence[Equation],
    *,
    ceiling: int,
    of: Sequence[Hashable] | None = None,
) -> dict[Hashable, tuple[int, int]]:
    """The exact range of each hidden entry given the published sums.

    Args:
        hidden: every hidden entry, ``True`` for a small one (``<5``: 1–4), ``False`` for a
            complementary one (``—``: 0 or at least 5).
        equations: the sums a reader knows, over hidden entries only.
        ceiling: a count no hidden entry exceeds (the table's grand total will do); it only
            caps entries that nothing else bounds.
        of: the entries whose range is wanted (default: the small ones).

    Returns:
        entry → ``(lowest, highest)`` value it can take.

    Raises:
        ValueError: the equations have no solution (they did not come from real counts).
    """
    keys = list(hidden)
    index = {key: n for n, key in enumerate(keys)}
    others = [key for key in keys if not hidden[key]]
    size = len(keys) + len(others)
    rows: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []
    for equation in equations:
        row = np.zeros(size)
        for key, coefficient in equation.terms.items():
            row[index[key]] += coefficient
        if row.any():
            rows.append(row)
            lower.append(equation.constant)
            upper.append(equation.constant)
    for n, key in enumerate(others):
        # x = 0 or 5 <= x <= ceiling: with b binary, 5b <= x <= ceiling * b.
        low, high = np.zeros(size), np.zeros(size)
        low[index[key]], low[len(keys) + n] = 1, -(SMALL_MAX + 1)
        high[index[key]], high[len(keys) + n] = 1, -ceiling
        rows += [low, high]
        lower += [0, -np.inf]
        upper += [np.inf, 0]
    bounds = Bounds(
        [1 if hidden[k] else 0 for k in keys] + [0] * len(others),
        [SMALL_MAX if hidden[k] else ceiling for k in keys] + [1] * len(others),
    )
    constraints = [LinearConstraint(np.array(rows), lower, upper)] if rows else []
    ranges: dict[Hashable, tuple[int, int]] = {}
    for key in of if of is not None else [k for k in keys if hidden[k]]:
        ends = []
        for sign in (1, -1):
            objective = np.zeros(size)
            objective[index[key]] = sign
            found = milp(
                objective, constraints=constraints, integrality=np.ones(size), bounds=bounds
            )
            if not found.success:
                raise ValueError(f"no counts fit the published figures: {found.message}")
            ends.append(round(sign * found.fun))
        ranges[key] = (ends[0], ends[1])
    return ranges


def unprotected(
    hidden: Mapping[Any, bool], equations: Sequence[Equation], *, ceiling: int
) -> list[Hashable]:
    """The small entries whose range is narrower than :data:`PROTECTION` allows."""
    ranges = feasible_ranges(hidden, equations, ceiling=ceiling)
    return [key for key, (low, high) in ranges.items() if high - low < PROTECTION]
