"""A source record: what a clerk meant to write, and what ended up in the file.

Recorders (``hospital``, ``police``, ``ledger``) fill the typed values; :func:`render` writes
them the clerk's way into ``written``; the corruption pass then changes ``written`` and notes
every change in ``notes``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from bench.independent.clerks import Clerk, format_date
from bench.independent.events import TrueEvent
from bench.independent.population import Person

COLUMNS = (
    "source",
    "record_id",
    "event",
    "event_date",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "mother_name",
    "mother_id_number",
    "address_code",
    "address",
)
LEDGER, HOSPITAL, POLICE = "village_ledger", "health_births", "police_hukou"
SOURCES = (LEDGER, HOSPITAL, POLICE)


@dataclass(frozen=True)
class Note:
    """One deliberate difference between the truth and what a record says."""

    field: str
    kind: str
    clean: str
    written: str


@dataclass(slots=True, eq=False)
class Record:
    """One row of one source, about one true event."""

    source: str
    event: str
    truth: TrueEvent
    clerk: Clerk
    unit: str
    """What numbers the record (a village, a police station, a hospital)."""
    entry: date
    """The day the clerk typed it: orders the record numbers."""
    event_date: date
    person: Person
    name: str
    name_parts: tuple[str, str] | None
    """(surname, given) when ``name`` is the person's name, else None (a placeholder)."""
    id_number: str
    sex: int | None
    birth_date: date | None
    mother: Person | None = None
    mother_name: str = ""
    mother_id_number: str = ""
    address_code: str = ""
    address: str = ""
    notes: list[Note] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)
    record_id: str = ""
    copy_of: Record | None = None

    @property
    def entity(self) -> str:
        return self.truth.entity

    def note(self, field_name: str, kind: str, clean: str, written: str) -> None:
        """Remember a deliberate difference and keep other changes off this field."""
        self.notes.append(Note(field_name, kind, clean, written))
        self.touched.add(field_name)

    def parts(self, field_name: str) -> tuple[str, str] | None:
        """The (surname, given) behind a name field, if it holds a person's name."""
        if field_name == "name":
            return self.name_parts
        mother = self.mother
        if field_name == "mother_name" and mother is not None and self.mother_name:
            return mother.surname, mother.given
        return None


def person_record(
    source: str,
    event: str,
    truth: TrueEvent,
    clerk: Clerk,
    unit: str,
    day: date,
    person: Person,
    *,
    address_code: str,
    address: str,
) -> Record:
    """A record of an adult's event, with the person's registered name, ID and birth date."""
    return Record(
        source=source,
        event=event,
        truth=truth,
        clerk=clerk,
        unit=unit,
        entry=day,
        event_date=day,
        person=person,
        name=person.name,
        name_parts=(person.surname, person.given),
        id_number=person.id_number,
        sex=person.sex,
        birth_date=person.birth,
        address_code=address_code,
        address=address,
    )


def render(record: Record, rng: random.Random) -> None:
    """Write every value the way the record's clerk writes it."""
    clerk = record.clerk
    event_style = clerk.date_style_for(rng)
    birth_style = event_style if rng.random() < 0.8 else clerk.date_style_for(rng)
    record.styles = {"event_date": event_style, "birth_date": birth_style}
    birth = record.birth_date
    record.written = {
        "source": record.source,
        "record_id": "",
        "event": clerk.events[record.event],
        "event_date": format_date(record.event_date, event_style),
        "name": record.name,
        "id_number": record.id_number,
        "sex": clerk.sex(record.sex),
        "birth_date": format_date(birth, birth_style) if birth else "",
        "mother_name": record.mother_name,
        "mother_id_number": record.mother_id_number,
        "address_code": record.address_code,
        "address": record.address,
    }
