"""The table of true events of the reporting period, and what they change.

:mod:`hedui.synth.year` draws the events; this module holds their table. Each person has at
most one event of each kind in the year, which keeps every entity identifier unique:
``P0000123:birth``, ``P0000123:death``, and ``P0000123:marriage:1`` for the kinds a person can
in principle have more than once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hedui.synth.people import person_codes

__all__ = ["EVENT_NAMES", "Events", "entity_codes"]

IntArray = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

BIRTH, DEATH, MARRIAGE, DIVORCE, MOVE_IN, MOVE_OUT = range(6)
EVENT_NAMES = ("birth", "death", "marriage", "divorce", "move_in", "move_out")
# Kinds a person could have twice in a year carry a running number in their entity id.
_NUMBERED = np.array([False, False, True, True, True, True])


@dataclass
class Events:
    """One element per true event.

    Attributes:
        person: Whose event it is (for a birth, the baby).
        kind: Index into :data:`EVENT_NAMES`.
        date: Days since 1970-01-01.
        village, household: Where it happened (a move-out: the place left; a move-in: the
            place reached); ``-1`` outside the county.
        spouse: The other party of a marriage or divorce, else ``-1``.
        registered_here: A marriage or divorce registered by this county's civil-affairs
            office (couples may register where the other spouse lives).
        within_county: A move between two villages of the county (two events, one person).
    """

    person: IntArray
    kind: Int8Array
    date: IntArray
    village: IntArray
    household: IntArray
    spouse: IntArray
    registered_here: BoolArray
    within_county: BoolArray

    def __len__(self) -> int:
        return len(self.person)

    @classmethod
    def of(
        cls,
        kind: int,
        person: IntArray,
        date: IntArray,
        village: IntArray,
        household: IntArray,
        *,
        spouse: IntArray | None = None,
        registered_here: BoolArray | None = None,
        within_county: bool = False,
    ) -> Events:
        """Events of one kind; the optional columns default to "none"."""
        count = len(person)
        return cls(
            person=person.astype(np.int64),
            kind=np.full(count, kind, dtype=np.int8),
            date=date.astype(np.int64),
            village=village.astype(np.int64),
            household=household.astype(np.int64),
            spouse=np.full(count, -1, dtype=np.int64) if spouse is None else spouse,
            registered_here=(
                np.zeros(count, dtype=bool) if registered_here is None else registered_here
            ),
            within_county=np.full(count, within_county, dtype=bool),
        )

    @classmethod
    def concat(cls, parts: list[Events]) -> Events:
        """All parts in one table, sorted by date, person and kind (a stable, seed-free order)."""
        merged = cls(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                for f in dataclasses.fields(cls)
            }
        )
        order = np.lexsort((merged.kind, merged.person, merged.date))
        return merged.take(order)

    def take(self, index: IntArray) -> Events:
        """The events at ``index``."""
        return Events(**{f.name: getattr(self, f.name)[index] for f in dataclasses.fields(self)})

    @property
    def names(self) -> ObjectArray:
        """Event kind names (``birth`` …)."""
        result: ObjectArray = np.array(EVENT_NAMES, dtype=object)[self.kind]
        return result

    @property
    def entities(self) -> ObjectArray:
        """Entity identifiers: ``P0000123:birth`` or ``P0000123:move_out:1``."""
        return entity_codes(self.person, self.kind)

    @property
    def record_entities(self) -> ObjectArray:
        """The entity each *record* of an event belongs to in ``truth.csv``.

        As :attr:`entities`, except that the two halves of a move between two villages of
        the county are one event, as a county counts it: ``P0000123:move:1`` for the
        move-out at the old village and the move-in at the new one alike. Moves into or out
        of the county keep their one-sided ``move_in`` / ``move_out`` entity.
        """
        codes = self.entities.copy()
        inside = self.within_county & np.isin(self.kind, (MOVE_IN, MOVE_OUT))
        if inside.any():
            people = person_codes(self.person[inside]).astype(str)
            codes[inside] = np.strings.add(people, ":move:1").astype(object)
        return codes


def entity_codes(person: IntArray, kind: Int8Array) -> ObjectArray:
    """Entity identifiers of (person, event kind) pairs; see :class:`Events`."""
    base = np.strings.add(np.strings.add(person_codes(person).astype(str), ":"), _kind_names(kind))
    numbered = _NUMBERED[kind]
    result: ObjectArray = np.where(numbered, np.strings.add(base, ":1"), base).astype(object)
    return result


def _kind_names(kind: Int8Array) -> npt.NDArray[np.str_]:
    result: npt.NDArray[np.str_] = np.array(EVENT_NAMES)[kind]
    return result
