"""Crude rates (events per 1000 people) with exact Poisson intervals.

A township's crude birth or death rate is a count of events over the population (or
person-years) at risk. Counts of rare events are Poisson, and at village scale they are small:
the normal approximation x ± z·√x gives negative lower bounds and poor coverage. hedui uses
the exact interval of Garwood (1936, *Biometrika* 28:437–442), from chi-square quantiles:

    lower = χ²(α/2; 2x)/2,   upper = χ²(1 − α/2; 2x + 2)/2,

(lower = 0 when x = 0), divided by the population and multiplied by ``per``. Like the
Clopper–Pearson interval it is conservative: coverage is never below the nominal level.
Rates on fewer than :data:`~hedui.stats.small_numbers.DEFAULT_MIN_EVENTS` events carry a
note that they are unstable; they are still shown, with their (wide) interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scipy.stats import chi2

from hedui.errors import EstimationInputError
from hedui.stats import assumptions
from hedui.stats.interval import Interval, check_level, json_number
from hedui.stats.small_numbers import DEFAULT_MIN_EVENTS, unstable_rate_note

__all__ = ["RateEstimate", "crude_rate", "garwood_interval"]

ASSUMPTIONS = (assumptions.POISSON_EVENTS,)


@dataclass(frozen=True)
class RateEstimate:
    """A crude rate per ``per`` people with its exact interval.

    Attributes:
        events: the number of events (births, deaths, ...).
        population: the population or person-years at risk.
        per: the rate's unit (1000 for "per thousand", ‰).
        rate: events / population × per.
        interval: the Garwood interval, in the same unit.
        note: a caution when the count is small, else ``None``.
        assumptions: what the interval assumes, bilingual.
    """

    events: int
    population: float
    per: int
    rate: float
    interval: Interval
    note: str | None
    assumptions: tuple[str, ...] = field(default=ASSUMPTIONS)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "method": "crude_rate",
            "events": self.events,
            "population": self.population,
            "per": self.per,
            "rate": json_number(self.rate),
            "interval": self.interval.to_dict(),
            "note": self.note,
            "assumptions": list(self.assumptions),
        }


def garwood_interval(events: int, *, level: float = 0.95) -> Interval:
    """Garwood's exact interval for the mean of a Poisson count ``events``.

    Raises:
        EstimationInputError: for a negative count or a level outside (0, 1).
    """
    check_level(level)
    if events < 0:
        raise EstimationInputError(f"事件数不能为负：{events} / event count {events} is negative")
    tail = (1 - level) / 2
    lower = 0.0 if events == 0 else float(chi2.ppf(tail, 2 * events)) / 2
    upper = float(chi2.ppf(1 - tail, 2 * events + 2)) / 2
    return Interval(min(lower, float(events)), max(upper, float(events)), level, "garwood")


def crude_rate(
    events: int,
    population: float,
    *,
    per: int = 1000,
    level: float = 0.95,
    min_events: int = DEFAULT_MIN_EVENTS,
) -> RateEstimate:
    """The crude rate ``events / population × per`` with Garwood's exact interval.

    Args:
        events: the number of events.
        population: the population (mid-year) or person-years at risk; must be positive.
        per: the unit of the rate.
        level: the confidence level.
        min_events: below this count the result carries an "unstable" note.

    Raises:
        EstimationInputError: for a negative count, a population that is not positive, or
            a level outside (0, 1).
    """
    if population <= 0 or per <= 0:
        raise EstimationInputError(
            f"人口数必须为正：{population} / the population must be positive, got {population}"
        )
    count = garwood_interval(events, level=level)
    scale = per / population
    return RateEstimate(
        events=events,
        population=population,
        per=per,
        rate=events * scale,
        interval=Interval(count.lower * scale, count.upper * scale, level, "garwood"),
        note=unstable_rate_note(events, min_events),
    )
