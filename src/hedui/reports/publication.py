"""One suppression pattern for every public edition: the county's, each township's, each month's
and the year's.

Suppressing each edition's table on its own is not enough. The county edition may print a
column ``<5, —, 20`` with the total 35, hiding the 12 of the second township as the small
count's partner; that township's own edition prints its 12, and 35 − 12 − 20 gives the hidden
3 back. Likewise twelve monthly editions and the annual one: the year minus the eleven months
that were printed gives the twelfth.

So the pattern is decided once, on the finest table behind every edition — events of each type
by township (and "unknown" area) and month, with the county's totals — and every edition prints
its part of that one pattern:

* **Months.** Each month's column (townships and the county total) is suppressed on its own
  (:func:`hedui.reports.suppression.suppress`). Its pattern depends on that month's counts
  only, so the June edition, the December edition's trend and the annual edition agree on June
  whenever June's counts are the same.
* **The year (or any period of several months).** Its township totals and county total are the
  margins of the months' table. A township total is hidden when its months hide a count; more
  margins are hidden until integer programming over the whole table — the months' columns as
  published, the margins, every bound — leaves each ``<5`` count at least two possible values
  (:mod:`hedui.reports.disclosure`).
* **Areas.** A township's edition prints its own row of the county's pattern, and a total only
  where it equals a printed entry of the pattern (the county's, or a single township's).

What remains outside: an edition made from *different* counts (a later run in which late
registrations changed a month) is a different table; ``docs/reports.md`` says to publish the
editions of one run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hedui.reports.disclosure import Equation, unprotected
from hedui.reports.suppression import SMALL_MAX, Status, suppress

__all__ = ["Publication", "publication_pattern"]

Counts = Mapping[str, Mapping[str, Mapping[str, int]]]
"""Month (``2025-03``) → area (township code, or ``unknown``) → event → count."""


@dataclass(frozen=True)
class Publication:
    """How each count of a period's public editions is printed.

    Attributes:
        months: the months of the period, in order.
        cells: event → area → status of the area's count over the period.
        totals: event → status of the county's count over the period.
        monthly: month → event → status of the county's count that month (the trend chart),
            for every month from January to the period's end.
    """

    months: tuple[str, ...]
    cells: dict[str, dict[str, Status]]
    totals: dict[str, Status]
    monthly: dict[str, dict[str, Status]]

    def cell(self, event: str, area: str) -> Status:
        """The status of ``area``'s count of ``event``; an area the pattern lacks is hidden."""
        return self.cells.get(event, {}).get(area, Status.COMPLEMENTARY)

    def total(self, event: str, areas: Sequence[str]) -> Status:
        """The status of the sum over ``areas``: printed only where the pattern printed that sum
        (every area: the county's total; one area: its own count); hidden otherwise."""
        every = set(self.cells.get(event, {}))
        if set(areas) == every:
            return self.totals.get(event, Status.COMPLEMENTARY)
        if len(areas) == 1:
            return self.cell(event, areas[0])
        return Status.COMPLEMENTARY

    def month_shown(self, month: str, event: str) -> bool:
        """Whether the county's count of ``event`` in ``month`` is printed."""
        return self.monthly.get(month, {}).get(event, Status.COMPLEMENTARY) is Status.SHOWN

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (kept with the run's report figures)."""
        return {
            "months": list(self.months),
            "cells": {e: {a: s.value for a, s in areas.items()} for e, areas in self.cells.items()},
            "totals": {e: s.value for e, s in self.totals.items()},
            "monthly": {m: {e: s.value for e, s in ev.items()} for m, ev in self.monthly.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Publication:
        """The inverse of :meth:`to_dict`."""
        return cls(
            months=tuple(data["months"]),
            cells={e: {a: Status(s) for a, s in v.items()} for e, v in data["cells"].items()},
            totals={e: Status(s) for e, s in data["totals"].items()},
            monthly={m: {e: Status(s) for e, s in v.items()} for m, v in data["monthly"].items()},
        )


def publication_pattern(
    counts: Counts, period_months: Sequence[str], events: Sequence[str]
) -> Publication:
    """The pattern of every public edition of a period, from its finest table.

    Args:
        counts: month → area → event → count, for every month from January to the end of the
            period (areas missing from a month count 0).
        period_months: the months the period covers (one for a month, twelve for a year).
        events: the event types the editions print.
    """
    months = sorted(counts)
    areas = sorted({a for by_area in counts.values() for a in by_area})
    cells: dict[str, dict[str, Status]] = {}
    totals: dict[str, Status] = {}
    monthly: dict[str, dict[str, Status]] = {m: {} for m in months}
    for event in events:
        grid = [[_count(counts, m, a, event) for m in months] for a in areas]
        status: dict[tuple[int, int], Status] = {}
        for j, month in enumerate(months):
            column = suppress(
                [[row[j]] for row in grid] or [[0]], row_totals=False, column_totals=True
            )
            for i in range(len(areas)):
                status[(i, j)] = column.status[i][0]
            monthly[month][event] = column.status[len(areas) if areas else 1][0]
        chosen = [months.index(m) for m in period_months if m in months]
        if len(chosen) == 1:
            j = chosen[0]
            cells[event] = {a: status[(i, j)] for i, a in enumerate(areas)}
            totals[event] = monthly[months[j]][event]
        else:
            margins, total = _margins(
                grid, chosen, status, [monthly[months[j]][event] for j in chosen]
            )
            cells[event] = dict(zip(areas, margins, strict=True))
            totals[event] = total
    return Publication(tuple(period_months), cells, totals, monthly)


def _count(counts: Counts, month: str, area: str, event: str) -> int:
    return int(counts.get(month, {}).get(area, {}).get(event, 0))


def _margins(
    grid: list[list[int]],
    chosen: list[int],
    status: dict[tuple[int, int], Status],
    column_totals: list[Status],
) -> tuple[list[Status], Status]:
    """The period's area totals and county total, hidden until the whole table is safe.

    The months' entries are fixed (already printed by their own editions); only the margins
    may be hidden: a margin of 1–4 always, an area's total when its months hide a count, and
    then, smallest first, more margins until no ``<5`` count can be pinned down.
    """
    rows = [[row[j] for j in chosen] for row in grid]
    sums = [sum(row) for row in rows]
    grand = sum(sums)
    columns = [sum(row[k] for row in rows) for k in range(len(chosen))]
    hidden: dict[Any, bool] = {}
    for i in range(len(rows)):
        for k, j in enumerate(chosen):
            if status[(i, j)] is not Status.SHOWN:
                hidden[("cell", i, k)] = status[(i, j)] is Status.SMALL
    for k, shown in enumerate(column_totals):
        if shown is not Status.SHOWN:
            hidden[("column", k)] = shown is Status.SMALL
    margins: dict[Any, int] = {("row", i): s for i, s in enumerate(sums)} | {("grand",): grand}
    for i, value in enumerate(sums):
        inside = any(("cell", i, k) in hidden for k in range(len(chosen)))
        if 1 <= value <= SMALL_MAX or inside:
            hidden[("row", i)] = 1 <= value <= SMALL_MAX
    if 1 <= grand <= SMALL_MAX:
        hidden[("grand",)] = True
    values: dict[Any, int] = {
        ("cell", i, k): v for i, row in enumerate(rows) for k, v in enumerate(row)
    }
    values |= {("column", k): v for k, v in enumerate(columns)} | margins
    lines: list[list[Any]] = [
        [("cell", i, k) for k in range(len(chosen))] + [("row", i)] for i in range(len(rows))
    ]
    lines += [
        [("cell", i, k) for i in range(len(rows))] + [("column", k)] for k in range(len(chosen))
    ]
    lines.append([("row", i) for i in range(len(rows))] + [("grand",)])
    lines.append([("column", k) for k in range(len(chosen))] + [("grand",)])
    ceiling = 2 * grand + SMALL_MAX + 1
    while any(hidden.values()):
        weak = unprotected(hidden, _equations(lines, values, hidden), ceiling=ceiling)
        if not weak:
            break
        free = [key for key in margins if key not in hidden]
        near = [key for key in free if any(key in line and weak[0] in line for line in lines)]
        pick = min(near or free, key=lambda key: (values[key] == 0, values[key], key), default=None)
        if pick is None:
            break
        hidden[pick] = False
    row_status = [_status(hidden, ("row", i)) for i in range(len(rows))]
    return row_status, _status(hidden, ("grand",))


def _equations(
    lines: list[list[Any]], values: dict[Any, int], hidden: dict[Any, bool]
) -> list[Equation]:
    equations = []
    for line in lines:
        sign = {key: 1 for key in line[:-1]} | {line[-1]: -1}
        terms = {key: sign[key] for key in line if key in hidden}
        if terms:
            published = sum(sign[key] * values[key] for key in line if key not in hidden)
            equations.append(Equation(terms, -published))
    return equations


def _status(hidden: dict[Any, bool], key: Any) -> Status:
    if key not in hidden:
        return Status.SHOWN
    return Status.SMALL if hidden[key] else Status.COMPLEMENTARY
