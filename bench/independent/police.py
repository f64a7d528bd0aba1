"""The police household register (户籍): every kind of event, registered late or never.

A birth is registered weeks to months after it happens (so December's births appear in the next
January, and late ones not at all); its event date is the registration day and its birth date
the true one. Some children are never registered. Deaths are cancelled late or never, and
marriages and divorces updated late or never; most stations date them by the registration,
some by the event. A move inside the county is registered at both ends, days to weeks apart.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from bench.independent.config import Window
from bench.independent.events import TrueEvent
from bench.independent.geography import County, Village, police_address
from bench.independent.population import Person
from bench.independent.records import POLICE, Record, person_record

# (chance ever registered, median lag in days, spread of the log-lag) by event.
_LATE = {"death": (0.90, 45, 1.0), "marriage": (0.55, 90, 0.8), "divorce": (0.6, 60, 0.8)}


def _lag(rng: random.Random, median: float, sigma: float) -> timedelta:
    return timedelta(days=max(1, round(rng.lognormvariate(math.log(median), sigma))))


def police_records(
    events: list[TrueEvent], county: County, window: Window, rng: random.Random
) -> list[Record]:
    """Everything the police had registered by the export day."""
    out: list[Record] = []
    registered: dict[str, date | None] = {}
    for event in events:
        if event.kind == "birth":
            _birth(event, county, window, rng, registered, out)
        elif event.kind in _LATE:
            ever, median, sigma = _LATE[event.kind]
            if event.kind == "death":
                ever -= 0.12 * (1 - event.village.coverage)
            if rng.random() < ever:
                day = event.day + _lag(rng, median, sigma)
                shown = event.day if event.village.township.true_dates else day
                _add(out, event, event.kind, event.village, day, shown, county, window)
        elif event.kind == "move":
            assert event.origin is not None
            if rng.random() < 0.98:
                left = event.day + timedelta(days=rng.randint(0, 10))
                arrived = left + timedelta(days=rng.randint(3, 40))
                _add(out, event, "move_out", event.origin, left, left, county, window, origin=True)
                _add(out, event, "move_in", event.village, arrived, arrived, county, window)
        elif event.kind == "move_in" and rng.random() < 0.97:
            day = event.day + timedelta(days=rng.randint(0, 30))
            _add(out, event, "move_in", event.village, day, day, county, window)
        elif event.kind == "move_out" and rng.random() < 0.93:
            day = event.day + timedelta(days=rng.randint(0, 20))
            _add(out, event, "move_out", event.village, day, day, county, window)
    return out


def _birth(
    event: TrueEvent,
    county: County,
    window: Window,
    rng: random.Random,
    registered: dict[str, date | None],
    out: list[Record],
) -> None:
    """Twins are registered together, on the same day."""
    if event.order == 2 and event.twin is not None:
        day = registered[event.twin.entity]
    elif event.hidden or rng.random() < 0.01 + 0.05 * (1 - event.village.coverage):
        day = None
    else:
        day = event.day + timedelta(days=max(3, round(rng.lognormvariate(math.log(35), 0.8))))
    registered[event.entity] = day
    if day is None or day > window.cutoff:
        return
    event.registered = day
    child, mother = event.person, event.mother
    assert mother is not None
    record = _record(event, "birth", event.village, day, day, county)
    record.birth_date = child.birth
    record.mother, record.mother_name, record.mother_id_number = (
        mother,
        mother.name,
        mother.id_number,
    )
    out.append(record)


def _add(
    out: list[Record],
    event: TrueEvent,
    kind: str,
    village: Village,
    entry: date,
    shown: date,
    county: County,
    window: Window,
    *,
    origin: bool = False,
) -> None:
    if entry <= window.cutoff:
        out.append(_record(event, kind, village, entry, shown, county, origin=origin))


def _record(
    event: TrueEvent,
    kind: str,
    village: Village,
    entry: date,
    shown: date,
    county: County,
    *,
    origin: bool = False,
) -> Record:
    """A record at ``village`` (the move's origin when ``origin``)."""
    person: Person = event.person
    group, house = event.origin_home if origin else event.home
    station = village.township.station
    record = person_record(
        POLICE,
        kind,
        event,
        station,
        village.township.code,
        shown,
        person,
        address_code=village.code,
        address=police_address(county, village, group, house),
    )
    record.entry = entry
    return record
