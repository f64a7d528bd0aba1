"""Suppression that holds across editions: county and townships, months and the year.

The issue's example: the county edition printed births by township ``<5, —, 20`` with the total
35, and township B's own edition printed its 12, giving the hidden 3 back (35 − 12 − 20). With
one pattern for every edition, B's edition prints B's births as the county's did: ``—``.

The audit at the end takes everything every edition of a year prints — twelve monthly editions
(county and each township, with their trend charts) and the annual one — and asks integer
programming for the exact range of every hidden ``<5`` count (:mod:`hedui.reports.disclosure`).
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest

from hedui.reports.build import build_report
from hedui.reports.data import ReportData
from hedui.reports.disclosure import PROTECTION, Equation, feasible_ranges
from hedui.reports.model import Report, Table
from hedui.reports.publication import Publication, publication_pattern
from hedui.reports.suppression import Status
from hedui.stats.indicators import EVENTS

A, B, C = "320924101", "320924102", "320924103"
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def _events_table(report: Report) -> Table:
    return next(t for s in report.sections for t in s.tables if "Events by township" in t.title)


def _with_births(data: ReportData, births: dict[str, int], area: str) -> ReportData:
    """``data`` with townships A, B, C holding ``births`` in December, edition of ``area``."""
    template = data.indicators["areas"]["township"][0]
    rows = [
        {**template, "area": code, "events": {**dict.fromkeys(EVENTS, 10), "birth": n}}
        for code, n in births.items()
    ]
    counts = {"2025-12": {row["area"]: row["events"] for row in rows}}
    pattern = publication_pattern(counts, ["2025-12"], EVENTS).to_dict()
    shown = [row for row in rows if row["area"].startswith(area)]
    indicators = {**data.indicators, "areas": {**data.indicators["areas"], "township": shown}}
    return replace(data, area_code=area, indicators=indicators, publication=pattern)


def _births(report: Report) -> dict[str, str]:
    table = _events_table(report)
    column = next(i for i, c in enumerate(table.columns) if "出生" in c)
    return {row[0].text: row[column].text for row in table.rows}


def test_a_townships_edition_prints_its_part_of_the_countys_pattern(
    report_data: ReportData,
) -> None:
    births = {A: 3, B: 12, C: 20}
    county = _births(build_report(_with_births(report_data, births, "320924"), "public"))
    assert list(county.values()) == ["<5", "—", "20", "35"]
    township_b = _births(build_report(_with_births(report_data, births, B), "public"))
    # Its own row and its total (the same count) are hidden as in the county's edition.
    assert "12" not in township_b.values() and set(township_b.values()) == {"—"}
    internal = _births(build_report(_with_births(report_data, births, B), "internal"))
    assert "12" in internal.values()


def test_a_townships_report_data_carries_the_whole_runs_pattern(
    report_data: ReportData,
) -> None:
    assert report_data.publication is not None
    pattern = Publication.from_dict(report_data.publication)
    assert pattern.months == tuple(MONTHS) and set(pattern.monthly) == set(MONTHS)


def _editions(counts: dict[str, dict[str, dict[str, int]]]) -> list[dict[Any, Status]]:
    """What each edition of the year prints about births: entry → status, an entry being a
    township's month ``("cell", t, m)``, the county's month ``("month", m)``, a township's year
    ``("year", t)`` or the county's year ``("grand",)``."""
    editions = []
    for n, month in enumerate(MONTHS, start=1):
        pattern = publication_pattern({m: counts[m] for m in MONTHS[:n]}, [month], ["birth"])
        printed: dict[Any, Status] = {
            ("cell", t, month): s for t, s in pattern.cells["birth"].items()
        }
        printed[("month", month)] = pattern.totals["birth"]
        printed |= {("month", m): by["birth"] for m, by in pattern.monthly.items()}
        editions.append(printed)
    year = publication_pattern(counts, MONTHS, ["birth"])
    printed = {("year", t): s for t, s in year.cells["birth"].items()}
    printed[("grand",)] = year.totals["birth"]
    printed |= {("month", m): by["birth"] for m, by in year.monthly.items()}
    editions.append(printed)
    return editions


def _audit(counts: dict[str, dict[str, dict[str, int]]]) -> dict[Any, tuple[int, int]]:
    """The exact range of every hidden small count, given all editions together."""
    towns = sorted(counts[MONTHS[0]])
    value: dict[Any, int] = {}
    for m in MONTHS:
        for t in towns:
            value[("cell", t, m)] = counts[m][t]["birth"]
        value[("month", m)] = sum(counts[m][t]["birth"] for t in towns)
    for t in towns:
        value[("year", t)] = sum(counts[m][t]["birth"] for m in MONTHS)
    value[("grand",)] = sum(value[("year", t)] for t in towns)
    status: dict[Any, Status] = {}
    for printed in _editions(counts):
        for entry, s in printed.items():
            # One pattern: every edition that prints an entry prints it the same way.
            assert status.setdefault(entry, s) is s, entry
    lines = [[("cell", t, m) for m in MONTHS] + [("year", t)] for t in towns]
    lines += [[("cell", t, m) for t in towns] + [("month", m)] for m in MONTHS]
    lines += [[("year", t) for t in towns] + [("grand",)]]
    lines += [[("month", m) for m in MONTHS] + [("grand",)]]
    hidden = {e: s is Status.SMALL for e, s in status.items() if s is not Status.SHOWN}
    equations = []
    for line in lines:
        sign = {e: 1 for e in line[:-1]} | {line[-1]: -1}
        terms = {e: sign[e] for e in line if e in hidden}
        if terms:
            published = sum(sign[e] * value[e] for e in line if e not in hidden)
            equations.append(Equation(terms, -published))
    if not any(hidden.values()):
        return {}
    return feasible_ranges(hidden, equations, ceiling=2 * value[("grand",)] + 10)


@pytest.mark.parametrize("seed", range(12))
def test_no_small_count_can_be_pinned_down_across_every_edition_of_a_year(seed: int) -> None:
    draw = random.Random(seed)
    sizes = [0, 0, 1, 2, 3, 4, 6, 9, 15, 30]
    counts = {m: {t: {"birth": draw.choice(sizes)} for t in (A, B, C, "320924104")} for m in MONTHS}
    for entry, (low, high) in _audit(counts).items():
        assert high - low >= PROTECTION, (seed, entry, low, high)


def test_the_year_hides_a_townships_total_when_a_month_of_it_is_hidden() -> None:
    # Township A had 2 births in March, hidden in March's edition with a partner; printing A's
    # year (2 + 11 × 20 = 222) beside the eleven printed months would give the 2 back.
    counts = {m: {A: {"birth": 20}, B: {"birth": 20}, C: {"birth": 30}} for m in MONTHS}
    counts["2025-03"] = {A: {"birth": 2}, B: {"birth": 20}, C: {"birth": 30}}
    year = publication_pattern(counts, MONTHS, ["birth"])
    assert year.cells["birth"][A] is not Status.SHOWN
    for entry, (low, high) in _audit(counts).items():
        assert high - low >= PROTECTION, (entry, low, high)
