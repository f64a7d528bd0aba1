"""The village ledgers (村台账): every event, as complete as the village clerk is careful.

A careful clerk notes nearly everything; a careless one misses many events, above all people
leaving. Dates are the clerk's: a death on the day of the funeral, a wedding on the day of the
banquet, a move on the day the clerk heard of it; both halves of a move inside the county are
noted (if at all) by two different clerks on two different days. A newborn is written under
whatever name the family used, often without an ID number.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from bench.independent.config import Window
from bench.independent.events import TrueEvent
from bench.independent.geography import Village, ledger_address
from bench.independent.newborns import KINDS, LEDGER_FORMS, NewbornNamer
from bench.independent.records import LEDGER, Record, person_record


def _covered(rng: random.Random, village: Village, floor: float, span: float) -> bool:
    return rng.random() < floor + span * village.coverage


def ledger_records(
    events: list[TrueEvent], window: Window, rng: random.Random, namer: NewbornNamer
) -> list[Record]:
    """Every event some village clerk noted by the export day (run after the police, whose
    registration of a birth gives the child the ID number a clerk may copy)."""
    out: list[Record] = []
    births: list[TrueEvent] = []
    noted: dict[str, bool] = {}
    for event in events:
        kind, village, day = event.kind, event.village, event.day
        if kind == "birth":
            if event.order == 2 and event.twin is not None:
                if noted[event.twin.entity]:
                    births.append(event)
                continue
            chance = 0.35 + 0.63 * village.coverage
            noted[event.entity] = rng.random() < (chance * 0.3 if event.hidden else chance)
            if noted[event.entity]:
                births.append(event)
        elif kind == "death" and _covered(rng, village, 0.4, 0.58):
            late = rng.choices((0, rng.randint(1, 3), -1, rng.randint(7, 30)), (70, 20, 5, 5))[0]
            _add(out, event, kind, village, day + timedelta(days=late), window, rng)
        elif kind == "marriage" and _covered(rng, village, 0.25, 0.65):
            banquet = 0 if rng.random() < 0.6 else rng.randint(-40, 40)
            _add(out, event, kind, village, day + timedelta(days=banquet), window, rng)
        elif kind == "divorce" and _covered(rng, village, 0.2, 0.6):
            _add(out, event, kind, village, day, window, rng)
        elif kind == "move":
            assert event.origin is not None
            if _covered(rng, event.origin, 0.3, 0.65):
                left = day + timedelta(days=round(rng.gauss(0, 10)))
                _add(out, event, "move_out", event.origin, left, window, rng, origin=True)
            if _covered(rng, village, 0.45, 0.52):
                arrived = day + timedelta(days=rng.randint(3, 40) + round(rng.gauss(0, 7)))
                _add(out, event, "move_in", village, arrived, window, rng)
        elif kind == "move_in" and _covered(rng, village, 0.45, 0.5):
            _add(out, event, kind, village, day + timedelta(days=rng.randint(0, 30)), window, rng)
        elif kind == "move_out" and _covered(rng, village, 0.3, 0.65):
            _add(out, event, kind, village, day + timedelta(days=rng.randint(0, 45)), window, rng)
    forms = namer.assign(births, LEDGER_FORMS)
    out.extend(_birth(b, forms[b.entity], namer, window, rng) for b in births)
    return out


def _add(
    out: list[Record],
    event: TrueEvent,
    kind: str,
    village: Village,
    day: date,
    window: Window,
    rng: random.Random,
    *,
    origin: bool = False,
) -> None:
    if day > window.cutoff:
        return
    person = event.person
    group, house = event.origin_home if origin else event.home
    out.append(
        person_record(
            LEDGER,
            kind,
            event,
            village.clerk,
            village.code,
            day,
            person,
            address_code=village.code,
            address=ledger_address(village, group, house, rng),
        )
    )


def _birth(
    birth: TrueEvent, form: str, namer: NewbornNamer, window: Window, rng: random.Random
) -> Record:
    child, mother, village = birth.person, birth.mother, birth.village
    assert mother is not None
    name, parts = namer.name(form, birth)
    day = birth.day if rng.random() < 0.85 else birth.day + timedelta(days=rng.randint(1, 20))
    # A clerk who copies the ID from the new household register also knows the name.
    copied_id = bool(birth.registered) and form in ("final", "milk") and rng.random() < 0.4
    record = Record(
        source=LEDGER,
        event="birth",
        truth=birth,
        clerk=village.clerk,
        unit=village.code,
        entry=min(day, window.cutoff),
        event_date=min(day, window.cutoff),
        person=child,
        name=name,
        name_parts=parts,
        id_number=child.id_number if copied_id else "",
        sex=child.sex,
        birth_date=birth.day,
        mother=mother,
        mother_name=mother.name,
        mother_id_number=mother.id_number if rng.random() < 0.6 else "",
        address_code=village.code,
        address=ledger_address(village, *birth.home, rng),
    )
    if form != "final":
        record.note("name", KINDS[form], child.name, name)
    return record
