"""The state of the county while a reporting period is being drawn.

The generators of :mod:`~hedui.synth.vital`, :mod:`~hedui.synth.unions` and
:mod:`~hedui.synth.moves` share one :class:`PeriodBuilder`: the growing people and household
tables, who already has an event (``busy``: one event of one's own per person and period),
the events drawn so far, and where everybody will be at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from hedui.synth.events import Events
from hedui.synth.names_data import surnames
from hedui.synth.naming import draw_given_names, draw_surnames
from hedui.synth.params import SynthParams
from hedui.synth.people import Households, People

__all__ = ["PeriodBuilder", "Year", "birth_years"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
YEAR_DAYS = 365.25


@dataclass
class Year:
    """The people and households after the period, its events, and where everyone ends up.

    ``final_village`` and ``final_household`` are ``-1`` for people not resident at the end
    (dead, moved away, or a spouse who never lived here).
    """

    people: People
    households: Households
    events: Events
    final_village: IntArray
    final_household: IntArray
    start: int
    end: int


@dataclass
class PeriodBuilder:
    """Mutable state shared by the event generators of one period."""

    rng: np.random.Generator
    people: People
    households: Households
    params: SynthParams
    start: int
    end: int
    village_count: int
    village_share: FloatArray
    busy: BoolArray = field(init=False)
    parts: list[Events] = field(default_factory=list)
    final_village: IntArray = field(init=False)
    final_household: IntArray = field(init=False)

    def __post_init__(self) -> None:
        self.busy = np.zeros(len(self.people), dtype=bool)
        self.final_village = self.people.village.copy()
        self.final_household = self.people.household.copy()
        self.residents = len(self.people)
        self.fraction = (self.end - self.start + 1) / 365.0

    def target(self, rate: float) -> int:
        return round(rate / 1000.0 * self.residents * self.fraction)

    def dates(self, count: int) -> IntArray:
        result: IntArray = self.start + self.rng.integers(0, self.end - self.start + 1, count)
        return result

    def age(self) -> FloatArray:
        result: FloatArray = (self.start - self.people.birth[: self.residents]) / YEAR_DAYS
        return result

    def weighted_choice(self, candidates: IntArray, weights: FloatArray, count: int) -> IntArray:
        count = min(count, int((weights > 0).sum()))
        if count <= 0:
            return np.empty(0, dtype=np.int64)
        result: IntArray = self.rng.choice(
            candidates, size=count, replace=False, p=weights / weights.sum()
        )
        return result

    def add_people(self, new: People) -> IntArray:
        first = len(self.people)
        self.people = self.people.extend(new)
        self.busy = np.concatenate([self.busy, np.ones(len(new), dtype=bool)])
        self.final_village = np.concatenate([self.final_village, new.village])
        self.final_household = np.concatenate([self.final_household, new.household])
        return np.arange(first, first + len(new), dtype=np.int64)

    def new_households(self, village: IntArray) -> IntArray:
        first = len(self.households)
        groups = self.rng.integers(1, 13, size=len(village))
        houses = self.rng.integers(81, 121, size=len(village))
        self.households = self.households.extend(village, groups, houses)
        return np.arange(first, first + len(village), dtype=np.int64)

    def outsiders(self, sex: int, birth: IntArray, origin: int) -> People:
        count = len(birth)
        new = People.new(count)
        new.sex = np.full(count, sex, dtype=np.int8)
        new.birth = birth
        new.surname = surnames()[0][draw_surnames(self.rng, count)]
        new.given = draw_given_names(self.rng, birth_years(birth), new.sex)
        new.born_elsewhere = np.ones(count, dtype=bool)
        new.origin = np.full(count, origin, dtype=np.int8)
        return new

    def finish(self) -> Year:
        """The period's result: all events in one table, sorted by date."""
        return Year(
            self.people,
            self.households,
            Events.concat(self.parts),
            self.final_village,
            self.final_household,
            self.start,
            self.end,
        )


def birth_years(birth: IntArray) -> IntArray:
    """Calendar year of birth of each birth day (days since 1970-01-01)."""
    result: IntArray = np.floor(1970 + birth / YEAR_DAYS).astype(np.int64)
    return result
