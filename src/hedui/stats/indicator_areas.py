"""The indicators of one area: event counts, crude rates and the sex ratio at birth.

An area is a county (6-digit code), township (9) or village (12), taken as the leading
digits of the village code of each event. Events with no village code are gathered under the
area ``""`` (unknown) at every level, so that the areas of a level always add up to the
county's total.

The sex ratio at birth stops at the township (:data:`VILLAGE_SEX_RATIO`), as on the dashboard
and in the report: a village has a handful of births a year, so its boys and girls are particular
families, and its ratio is noise. A village's entry says so instead of giving one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from hedui.stats.interval import Interval
from hedui.stats.rates import RateEstimate, garwood_interval
from hedui.stats.sex_ratio import SexRatioEstimate, sex_ratio_at_birth
from hedui.stats.small_numbers import NotEstimable, unstable_rate_note

__all__ = ["VILLAGE_SEX_RATIO", "AreaIndicators", "area_indicators"]

_EVENTS = ("birth", "death", "marriage", "divorce", "move_in", "move_out", "move_within")
_MALE, _FEMALE = "1", "2"
_PER = 1000
NO_POPULATION = "该地区没有在册人口，无法计算率 / no population on record for this area: no rate"
VILLAGE_SEX_RATIO = (
    "出生性别比最细到乡镇：一个村的男孩和女孩人数会指向具体家庭 / sex ratio at birth: the "
    "township is the floor; a village's counts of boys and girls point at particular families"
)


@dataclass(frozen=True)
class AreaIndicators:
    """Counts, rates and the sex ratio at birth of one area in one period.

    Attributes:
        level: ``"county"``, ``"township"`` or ``"village"``.
        area: the area code (``""`` for events with no village code).
        population: the denominator population of the area.
        events: event type → events in the period.
        rates: event type → crude rate per 1,000 person-years, or why there is none.
        sex_ratio: boys per 100 girls among the period's births, or why there is none.
        births_sex_unknown: births whose sex no source recorded (left out of the ratio).
    """

    level: str
    area: str
    population: int
    events: Mapping[str, int]
    rates: Mapping[str, RateEstimate | NotEstimable]
    sex_ratio: SexRatioEstimate | NotEstimable
    births_sex_unknown: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "level": self.level,
            "area": self.area,
            "population": self.population,
            "events": dict(self.events),
            "rates": {event: rate.to_dict() for event, rate in self.rates.items()},
            "sex_ratio": self.sex_ratio.to_dict(),
            "births_sex_unknown": self.births_sex_unknown,
        }


def area_indicators(
    events: pl.DataFrame,
    people: pl.DataFrame,
    level_name: str,
    digits: int,
    years: float,
    *,
    level: float = 0.95,
) -> tuple[AreaIndicators, ...]:
    """The indicators of every area of one level.

    Args:
        events: one row per event in the period (``event, village, sex``).
        people: ``village, population``.
        level_name: the level's name.
        digits: how many leading digits of a village code name the area.
        years: the period's length in years (population × years = person-years).
        level: the confidence level.

    Returns:
        One entry per area with people or events, sorted by code.
    """
    area = pl.col("village").fill_null("").str.slice(0, digits).alias("area")
    counts: dict[str, dict[str, int]] = {}
    for code, kind, n in events.group_by(area, "event").len().iter_rows():
        counts.setdefault(str(code), {})[str(kind)] = int(n)
    population = {
        str(code): int(n)
        for code, n in people.group_by(area).agg(pl.col("population").sum()).iter_rows()
    }
    births = events.filter(pl.col("event") == "birth")
    sexes: dict[str, dict[str, int]] = {}
    for code, sex, n in births.group_by(area, pl.col("sex").fill_null("")).len().iter_rows():
        sexes.setdefault(str(code), {})[str(sex)] = int(n)
    out = []
    for code in sorted(set(counts) | set(population)):
        by_event = {kind: counts.get(code, {}).get(kind, 0) for kind in _EVENTS}
        people_here = population.get(code, 0)
        rates = {kind: _rate(n, people_here * years, level) for kind, n in by_event.items()}
        sex = sexes.get(code, {})
        boys, girls = sex.get(_MALE, 0), sex.get(_FEMALE, 0)
        out.append(
            AreaIndicators(
                level=level_name,
                area=code,
                population=people_here,
                events=by_event,
                rates=rates,
                sex_ratio=(
                    NotEstimable("sex_ratio_at_birth", VILLAGE_SEX_RATIO)
                    if level_name == "village"
                    else sex_ratio_at_birth(boys, girls, level=level)
                ),
                births_sex_unknown=by_event["birth"] - boys - girls,
            )
        )
    return tuple(out)


def _rate(events: int, person_years: float, level: float) -> RateEstimate | NotEstimable:
    """:func:`~hedui.stats.rates.crude_rate` per 1,000, its count interval computed once per count.

    A county has hundreds of villages, six event types and mostly small counts, so the same
    Garwood interval (two chi-square quantiles) would otherwise be computed thousands of times.
    """
    if person_years <= 0:
        return NotEstimable("crude_rate", NO_POPULATION, {"events": events})
    count = _garwood(events, level)
    scale = _PER / person_years
    return RateEstimate(
        events=events,
        population=person_years,
        per=_PER,
        rate=events * scale,
        interval=Interval(count.lower * scale, count.upper * scale, level, count.method),
        note=unstable_rate_note(events),
    )


@cache
def _garwood(events: int, level: float) -> Interval:
    return garwood_interval(events, level=level)
