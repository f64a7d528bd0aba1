"""Small-cell suppression for public tables: no count from 1 to 4, and none that can be worked out.

In a village of 300 people, "1 death in March" or "2 births of girls" points at a family.
Public reports therefore never show a count from 1 to 4: it is printed as ``<5`` (*primary*
suppression). That alone is not enough when totals are printed: a column 12, ``<5``, 20 with
the total 35 gives the hidden cell away (35 − 12 − 20 = 3). So other cells are hidden too
(*complementary* suppression, printed ``—``), chosen by three rules applied until none
needs another cell:

1. **No line with a single hidden entry.** A table's lines are its rows (with the row total
   when totals are printed), its columns (with the column total) and the totals row and
   column (with the grand total). A line whose published entries are known leaves its one
   hidden entry by subtraction.
2. **No exact value by combining lines.** Even with two hidden entries per line, a set of
   lines can pin one entry down (two hidden blocks joined by a single hidden cell). Each
   hidden entry is tested: its value is determined exactly when its unit vector lies in the
   row space of the lines' coefficients over the hidden entries (a rank test).
3. **No exact value from the bounds.** A reader knows a ``<5`` entry is 1–4 and a ``—`` entry
   is 0 or at least 5. Within one line, a ``<5`` entry (a cell or a total) that the published
   entries and the others' bounds leave with a single possible value (``<5`` + ``—`` = 6 can
   only be 1 + 5) needs one more hidden entry in that line.
4. **No exact value from the whole table.** Rules 1–3 look at one line at a time (and rule 2
   ignores the bounds); a reader combining the bounds of several lines of a two-way table can
   sometimes pin a ``<5`` entry all the same. The table is therefore checked as a whole by
   integer programming (:func:`hedui.reports.disclosure.unprotected`): a small entry whose
   exact range is a single value gets one more hidden entry in one of its lines.

The entry added is, in order of preference: an inner cell rather than a total; a cell of at
least 5 (a zero hides nothing, since zero is shown); the smallest such, so the least
information is lost; ties by position.

One limit remains, stated in ``docs/reports.md``: a line whose entries are all hidden can hide
nothing more (four cells of ``<5`` under a total of ``<5`` must all be 1). A table stands for
itself here; several editions are suppressed together by :mod:`hedui.reports.publication`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hedui.reports.disclosure import Equation, unprotected

__all__ = ["COMPLEMENTARY_TEXT", "SMALL_TEXT", "Status", "SuppressedTable", "suppress"]

SMALL_TEXT = "<5"
COMPLEMENTARY_TEXT = "—"
SMALL_MAX = 4


class Status(StrEnum):
    """How a count is published."""

    SHOWN = "shown"
    SMALL = "small"
    """1 to 4, printed ``<5``."""
    COMPLEMENTARY = "complementary"
    """Hidden so that a small cell cannot be worked out, printed ``—``."""


Position = tuple[int, int]


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts with totals and the status of every entry.

    The entries form an extended grid: ``values[i][j]`` for the inner cells, column ``n`` of
    each row its row total, row ``m`` the column totals, and ``values[m][n]`` the grand total
    (present only when both kinds of totals are).

    Attributes:
        values: the extended grid of counts.
        status: the status of every entry of ``values``.
        row_totals: whether the last column holds row totals.
        column_totals: whether the last row holds column totals.
    """

    values: tuple[tuple[int, ...], ...]
    status: tuple[tuple[Status, ...], ...]
    row_totals: bool
    column_totals: bool

    def text(self, i: int, j: int) -> str:
        """The entry as printed: the count, ``<5`` or ``—``."""
        status = self.status[i][j]
        if status is Status.SMALL:
            return SMALL_TEXT
        if status is Status.COMPLEMENTARY:
            return COMPLEMENTARY_TEXT
        return f"{self.values[i][j]:,}"

    def shown(self, i: int, j: int) -> bool:
        """Whether the entry is published as a number."""
        return self.status[i][j] is Status.SHOWN


def suppress(
    cells: Sequence[Sequence[int]], *, row_totals: bool, column_totals: bool
) -> SuppressedTable:
    """Apply primary and complementary suppression to a table of counts.

    Args:
        cells: the inner cells, one sequence per row (all rows of one length).
        row_totals: the table prints each row's total.
        column_totals: the table prints each column's total (and, with row totals, the
            grand total).

    Returns:
        The extended grid with every entry's status.
    """
    grid = _extend([list(row) for row in cells], row_totals, column_totals)
    lines = _lines(len(cells), len(cells[0]) if cells else 0, row_totals, column_totals)
    small = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if 1 <= v <= SMALL_MAX}
    hidden = set(small)
    inner = (len(cells), len(cells[0]) if cells else 0)
    while True:
        choice = next(
            (
                p
                for line in _weak_lines(grid, lines, hidden, small)
                if (p := _complement(grid, line, hidden, inner)) is not None
            ),
            None,
        )
        if choice is None:
            choice = _complement_exact(grid, lines, hidden, small, inner)
        if choice is None:
            break
        hidden.add(choice)
    status = tuple(
        tuple(
            Status.SMALL
            if (i, j) in small
            else Status.COMPLEMENTARY
            if (i, j) in hidden
            else Status.SHOWN
            for j in range(len(row))
        )
        for i, row in enumerate(grid)
    )
    return SuppressedTable(tuple(tuple(r) for r in grid), status, row_totals, column_totals)


def _extend(grid: list[list[int]], row_totals: bool, column_totals: bool) -> list[list[int]]:
    if row_totals:
        for row in grid:
            row.append(sum(row))
    if column_totals and grid:
        grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


def _lines(m: int, n: int, row_totals: bool, column_totals: bool) -> list[list[Position]]:
    """The additive lines of the extended grid: entries that sum to the last one."""
    lines: list[list[Position]] = []
    width = n + 1 if row_totals else n
    height = m + 1 if column_totals else m
    if row_totals:
        lines += [[(i, j) for j in range(n + 1)] for i in range(height)]
    if column_totals:
        lines += [[(i, j) for i in range(m + 1)] for j in range(width)]
    return lines


def _weak_lines(
    grid: list[list[int]],
    lines: list[list[Position]],
    hidden: set[Position],
    small: set[Position],
) -> Iterator[list[Position]]:
    """The lines that give a hidden entry away, by rule 1 or 3, then by rule 2."""
    for line in lines:
        inside = [p for p in line if p in hidden]
        if len(inside) == 1 or (inside and _pinned_by_bounds(grid, line, hidden, small)):
            yield line
    determined = _determined(lines, hidden)
    if determined is not None:
        yield from (line for line in lines if determined in line)


def _pinned_by_bounds(
    grid: list[list[int]], line: list[Position], hidden: set[Position], small: set[Position]
) -> bool:
    """Rule 3: some ``<5`` entry of the line has one possible value given the rest.

    The line says: its cells sum to its total. With the published entries moved to one side,
    the hidden ones must make up a known balance; each hidden entry ranges over what a
    reader knows of it (1–4 for ``<5``, 0 or ≥ 5 for ``—``). A small entry is pinned when only
    one of its values 1–4 leaves a balance the other hidden entries can make up.
    """
    sign = {p: 1 for p in line[:-1]} | {line[-1]: -1}
    published = sum(sign[p] * grid[p[0]][p[1]] for p in line if p not in hidden)
    hidden_here = [p for p in line if p in hidden]
    for p in hidden_here:
        if p not in small:
            continue
        reachable: list[tuple[float, float]] = [(0, 0)]
        for q in hidden_here:
            if q != p:
                domain = _SMALL_DOMAIN if q in small else _OTHER_DOMAIN
                reachable = _add(reachable, domain if sign[q] > 0 else _negate(domain))
        possible = [
            v
            for v in range(1, SMALL_MAX + 1)
            if any(lo <= -published - sign[p] * v <= hi for lo, hi in reachable)
        ]
        if len(possible) <= 1:
            return True
    return False


_SMALL_DOMAIN: list[tuple[float, float]] = [(1, SMALL_MAX)]
_OTHER_DOMAIN: list[tuple[float, float]] = [(0, 0), (SMALL_MAX + 1, math.inf)]


def _negate(domain: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(-hi, -lo) for lo, hi in domain]


def _add(
    left: list[tuple[float, float]], right: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """The set of sums of two sets of integers, each a union of intervals."""
    sums = sorted((a + c, b + d) for a, b in left for c, d in right)
    merged: list[tuple[float, float]] = []
    for lo, hi in sums:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _determined(lines: list[list[Position]], hidden: set[Position]) -> Position | None:
    """Rule 2: a hidden entry whose exact value follows from the lines, else ``None``."""
    unknowns = sorted(hidden)
    if not unknowns or not lines:
        return None
    index = {p: k for k, p in enumerate(unknowns)}
    rows = []
    for line in lines:
        row = np.zeros(len(unknowns))
        for p in line:
            if p in index:
                row[index[p]] = -1.0 if p == line[-1] else 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return None
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    for p in unknowns:
        unit = np.zeros(len(unknowns))
        unit[index[p]] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            return p
    return None


def _complement_exact(
    grid: list[list[int]],
    lines: list[list[Position]],
    hidden: set[Position],
    small: set[Position],
    inner: tuple[int, int],
) -> Position | None:
    """Rule 4: an entry to hide for a small entry the whole table pins down, else ``None``."""
    if not small or not lines:
        return None
    equations = []
    for line in lines:
        sign = {p: 1 for p in line[:-1]} | {line[-1]: -1}
        terms = {p: sign[p] for p in line if p in hidden}
        published = sum(sign[p] * grid[p[0]][p[1]] for p in line if p not in hidden)
        if terms:
            equations.append(Equation(terms, -published))
    ceiling = 2 * sum(abs(v) for row in grid for v in row) + SMALL_MAX + 1
    for weak in unprotected({p: p in small for p in sorted(hidden)}, equations, ceiling=ceiling):
        for line in lines:
            if weak in line and (p := _complement(grid, line, hidden, inner)) is not None:
                return p
    return None


def _complement(
    grid: list[list[int]], line: list[Position], hidden: set[Position], inner: tuple[int, int]
) -> Position | None:
    """The published entry of ``line`` to hide next (see the module's order of preference)."""
    candidates = [p for p in line if p not in hidden]
    if not candidates:
        return None

    def preference(p: Position) -> tuple[int, int, int, Position]:
        value = grid[p[0]][p[1]]
        is_total = p[0] >= inner[0] or p[1] >= inner[1]
        return (int(is_total), int(value == 0), value, p)

    return min(candidates, key=preference)
