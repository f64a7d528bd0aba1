"""Which fields the form for each event type shows, in the order a clerk fills them in.

The fields are the canonical record columns (see ``docs/schema.md``). A birth is recorded with
its mother, because the mother's ID number is what links a village's birth to the hospital's
birth certificate; for a birth the event date *is* the birth date, so it is asked once.
ID numbers are required for adults' events (every adult has one) and optional for a birth (a
newborn gets one only at household registration).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hedui.store.records import EventType
from hedui.web.i18n import N_

__all__ = ["FIELDS", "FieldSpec", "fields_for"]

FieldKind = Literal["text", "id", "date", "sex"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One input of the form: its canonical column, label, kind and whether it must be filled."""

    name: str
    label: str
    kind: FieldKind
    required: bool = False
    hint: str | None = None


_NAME = FieldSpec("name", N_("Name"), "text", required=True)
_ID = FieldSpec("id_number", N_("Resident ID number"), "id", required=True)
_SEX = FieldSpec("sex", N_("Sex"), "sex", required=True)
_BORN = FieldSpec(
    "birth_date",
    N_("Date of birth"),
    "date",
    required=True,
    hint=N_("Leave blank to take it from the ID number."),
)
_WHEN = FieldSpec("event_date", N_("Date of the event"), "date", required=True)
_ADDRESS = FieldSpec("address", N_("Address"), "text")

_ADULT = (_NAME, _ID, _SEX, _BORN, _WHEN, _ADDRESS)

FIELDS: dict[EventType, tuple[FieldSpec, ...]] = {
    EventType.BIRTH: (
        FieldSpec(
            "name",
            N_("Child's name"),
            "text",
            hint=N_("May be left blank if the child has no name yet."),
        ),
        FieldSpec("sex", N_("Sex"), "sex", required=True),
        FieldSpec("birth_date", N_("Date of birth"), "date", required=True),
        FieldSpec(
            "id_number",
            N_("Child's resident ID number"),
            "id",
            hint=N_("If already registered."),
        ),
        FieldSpec("mother_name", N_("Mother's name"), "text", required=True),
        FieldSpec("mother_id_number", N_("Mother's resident ID number"), "id", required=True),
        _ADDRESS,
    ),
    EventType.DEATH: (
        _NAME,
        _ID,
        _SEX,
        _BORN,
        FieldSpec("event_date", N_("Date of death"), "date", required=True),
        _ADDRESS,
    ),
    EventType.MARRIAGE: _ADULT,
    EventType.DIVORCE: _ADULT,
    EventType.MOVE_IN: _ADULT,
    EventType.MOVE_OUT: _ADULT,
    # Never typed in (register listings are imported), but a listing can be corrected.
    EventType.RESIDENT: (
        _NAME,
        _ID,
        _SEX,
        _BORN,
        FieldSpec("event_date", N_("Date on the register"), "date", required=True),
        _ADDRESS,
    ),
}


def fields_for(event: EventType) -> tuple[FieldSpec, ...]:
    """The fields of ``event``'s form, in display order."""
    return FIELDS[event]
