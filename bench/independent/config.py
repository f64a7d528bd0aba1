"""Yearly event rates and the export window: the few numbers a user may want to change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Rates:
    """Events per person per year (a marriage counts one per resident spouse)."""

    births: float = 0.008
    deaths: float = 0.007
    marriages: float = 0.006
    divorces: float = 0.001
    moves_within: float = 0.010
    moves_in: float = 0.005
    moves_out: float = 0.005
    twin_share: float = 0.015
    """Share of deliveries that are twins (at least one pair in any county with births)."""
    hidden_births: float = 0.01
    """Share of births the family keeps from the authorities: born at home, never registered."""


@dataclass(frozen=True)
class Window:
    """The year whose events happen, and the day the sources were exported."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def cutoff(self) -> date:
        """Sources are exported at the end of the next January: later registrations are
        missing, December's births registered in January are present."""
        return date(self.year + 1, 1, 31)
