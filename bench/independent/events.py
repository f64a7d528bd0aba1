"""The true events of the year, one entity each.

An entity is one person's one event: a birth (the child), a death, one spouse's marriage or
divorce, a move inside the county (``move``: its move-out and move-in halves are one entity),
a move into or out of the county. Whatever the sources make of it, the entity is the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bench.independent.geography import Village
from bench.independent.population import Person


@dataclass(slots=True, eq=False)
class TrueEvent:
    """Something that happened in the county.

    Attributes:
        entity: The truth identifier every record of this event carries.
        kind: ``birth``, ``death``, ``marriage``, ``divorce``, ``move``, ``move_in``,
            ``move_out``.
        day: When it happened (a move: the day the person left).
        person: Whom it happened to (a birth: the child).
        village: Where: the birth's household village, a move's destination, a move-out's
            origin.
        origin: A move's old village.
        mother: A birth's mother.
        twin: The other twin's birth.
        hidden: A birth the family keeps from the authorities.
        order: A twin's place (1 or 2); 0 otherwise.
        registered: The day the police registered a birth (None: not by the export day).
        home: (组, house number) in ``village`` at the time.
        origin_home: (组, house number) in ``origin``.
    """

    entity: str
    kind: str
    day: date
    person: Person
    village: Village
    origin: Village | None = None
    mother: Person | None = None
    twin: TrueEvent | None = None
    hidden: bool = False
    order: int = 0
    registered: date | None = None
    home: tuple[int, int] = (0, 0)
    origin_home: tuple[int, int] = (0, 0)


class EventBook:
    """Collects the year's events and numbers their entities."""

    def __init__(self) -> None:
        self.events: list[TrueEvent] = []

    def add(
        self,
        kind: str,
        day: date,
        person: Person,
        village: Village,
        *,
        origin: Village | None = None,
        mother: Person | None = None,
        hidden: bool = False,
        order: int = 0,
        home: tuple[int, int] | None = None,
    ) -> TrueEvent:
        """Record an event under a new entity.

        ``home`` is the address in ``village`` (default: the person's current one); a move's
        origin address is the person's current one.
        """
        entity = f"E{len(self.events) + 1:07d}"
        current = (person.group, person.house)
        event = TrueEvent(entity, kind, day, person, village, origin, mother, None, hidden, order)
        event.home = home or current
        event.origin_home = current
        self.events.append(event)
        return event

    def count(self, *kinds: str) -> int:
        return sum(1 for e in self.events if e.kind in kinds)
