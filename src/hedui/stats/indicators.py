"""Indicators: events by month and area, crude rates and the sex ratio at birth, with intervals.

These are the figures a county report opens with — how many births, deaths, marriages,
divorces and moves, where, and at what rate. They are aggregate figures only: the result
holds counts per month and per area, never a list of records or people.

Counting. Every event is one linked cluster (:mod:`hedui.stats.indicator_events`), placed by
its village code and by the date it happened (:mod:`hedui.event_dates`: a birth by
the child's birth date, so a December birth the police registered in January counts in
December). Events in the period are counted per county, township and village; the monthly
series runs from 1 January of the period's year to the period's end, so a December report
shows the year's trend. Events with no usable date are counted apart (``undated``) and in no
month; a birth known only to its month or year counts in a period that holds all of it.

Moves. A move inside the county is one event with two halves. At each level a move whose two
halves lie in one area is a ``move_within`` of that area, neither a move into it nor out of
it: at county level every move between two villages of the county, at village level none
(the old village counts a ``move_out``, the new one a ``move_in``). The monthly series counts
moves as the county does.

Rates. Crude rates are per 1,000 person-years, with Garwood's exact interval: the population
(see below) times the length of the period in years, so a month's rate reads like an annual
rate and months and years compare. With no period, the span runs over the months that hold
events.

Population. By default the denominator is the number of people on the register — distinct
``resident`` clusters by village — the one population count each village office holds
(:func:`~hedui.stats.indicator_events.register_population`). A mapping of village code to
population (for example from a census) can be given instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import polars as pl

from hedui.event_dates import event_month, in_period
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.stats.indicator_areas import AreaIndicators, area_indicators
from hedui.stats.indicator_events import MOVE_WITHIN, at_level, linked_events, register_population
from hedui.stats.link_estimates import AREA_DIGITS

__all__ = ["EVENTS", "LEVELS", "AreaIndicators", "Indicators", "compute_indicators"]

EVENTS = ("birth", "death", "marriage", "divorce", "move_in", "move_out", MOVE_WITHIN)
LEVELS = ("county", "township", "village")
REGISTER = (
    "在册人口：按村统计的在册人员（resident 记录的去重簇数）/ register population: distinct "
    "people on the register (clusters of resident records) by village"
)
GIVEN = "给定人口：调用方提供的各村人口 / given population: figures supplied by village"
_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Indicators:
    """Events, rates and sex ratios of one period, by month and by area.

    Attributes:
        period: the period, or ``None`` for every event in the link directory.
        first_day: the first day counted (``None`` when nothing is dated).
        last_day: the last day counted.
        years: the length of that span in years (the person-years per person).
        population_source: how the denominators were obtained, bilingual.
        monthly: month (``2025-03``) → event type → events, over all areas.
        areas: level (``county``, ``township``, ``village``) → one entry per area.
        undated: event type → events with no usable date (counted in no period).
    """

    period: Period | None
    first_day: date | None
    last_day: date | None
    years: float
    population_source: str
    monthly: Mapping[str, Mapping[str, int]]
    areas: Mapping[str, tuple[AreaIndicators, ...]]
    undated: Mapping[str, int] = field(default_factory=dict)

    def level(self, by: str) -> tuple[AreaIndicators, ...]:
        """The areas of one level, sorted by code."""
        return self.areas[by]

    def to_dict(self, levels: tuple[str, ...] = LEVELS) -> dict[str, Any]:
        """JSON-ready figures (only the given levels of areas)."""
        return {
            "period": self.period.label if self.period else None,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "years": self.years,
            "rate_unit": "per 1,000 person-years",
            "population_source": self.population_source,
            "events": list(EVENTS),
            "monthly": {m: dict(c) for m, c in self.monthly.items()},
            "undated": dict(self.undated),
            "areas": {lv: [a.to_dict() for a in self.areas[lv]] for lv in levels},
        }


def compute_indicators(
    link_dir: LinkDir | Path | str,
    *,
    period: Period | None,
    population: Literal["register"] | Mapping[str, int] = "register",
    level: float = 0.95,
) -> Indicators:
    """Count linked events and compute rates and sex ratios for a period.

    Args:
        link_dir: the ``--out`` directory of ``hedui link``.
        period: the month or year to count; ``None`` for everything.
        population: ``"register"`` (people on the register by village), or village code →
            population.
        level: the confidence level of every interval.

    Raises:
        HeduiError: the link directory is incomplete or from another hedui version.
    """
    clusters = linked_events(link_dir)
    if isinstance(population, str):
        people, source = register_population(clusters), REGISTER
    else:
        people = pl.DataFrame(
            {"village": list(population), "population": list(population.values())},
            schema={"village": pl.Utf8, "population": pl.Int64},
        )
        source = GIVEN
    events = clusters.filter(pl.col("event").is_in(EVENTS))
    dated = events.filter(pl.col("date_first").is_not_null())
    undated = _counts(events.filter(pl.col("date_first").is_null()), "event")
    first, last = _span(dated, period)
    placed = events if period is None else events.filter(in_period(period))
    years = ((last - first).days + 1) / _DAYS_PER_YEAR if first and last else 0.0
    months_from = period.year_start if period else first
    monthly = _monthly(at_level(dated, AREA_DIGITS["county"]), months_from, last)
    areas = {
        name: area_indicators(
            at_level(placed, AREA_DIGITS[name]),
            people,
            name,
            AREA_DIGITS[name],
            years,
            level=level,
        )
        for name in LEVELS
    }
    return Indicators(period, first, last, years, source, monthly, areas, undated)


def _span(dated: pl.DataFrame, period: Period | None) -> tuple[date | None, date | None]:
    if period is not None:
        return period.start, period.end
    if dated.is_empty():
        return None, None
    low, high = str(dated["date_first"].min()), str(dated["date_last"].max())
    first = date.fromisoformat(low[:7] + "-01")
    last_month = Period(int(high[:4]), int(high[5:7]))
    return first, last_month.end


def _monthly(
    dated: pl.DataFrame, first: date | None, last: date | None
) -> dict[str, dict[str, int]]:
    """Month → event → count, every month of the span present (a quiet month shows zeros)."""
    if first is None or last is None:
        return {}
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    table: dict[str, dict[str, int]] = {m: dict.fromkeys(EVENTS, 0) for m in months}
    counted = (
        dated.with_columns(event_month().alias("month"))
        .filter(pl.col("month").is_in(months))
        .group_by("month", "event")
        .len()
    )
    for month_label, event, n in counted.iter_rows():
        table[str(month_label)][str(event)] = int(n)
    return table


def _counts(frame: pl.DataFrame, column: str) -> dict[str, int]:
    return {str(k): int(n) for k, n in frame.group_by(column).len().sort(column).iter_rows()}
