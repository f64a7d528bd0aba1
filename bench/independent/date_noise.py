"""How a birth date goes wrong in a record, and how sex does.

The old often do not know their Gregorian birthday: a clerk writes 1 January, or the 1st or
15th, or the lunar birthday as if it were Gregorian (about three to seven weeks early), or
only the year or the month. A newborn's birth date may be a day off (even a day after the
event date). Anyone's date may have day and month swapped or two year digits swapped.

Each function takes the record and returns the written text, or ``None`` when the mistake
cannot happen to this record.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from bench.independent.clerks import format_date
from bench.independent.records import LEDGER, Record

_ELDERLY_BEFORE = 1960


def _written(record: Record, day: date) -> str:
    return format_date(day, record.styles["birth_date"])


def _elderly(record: Record) -> date | None:
    born = record.birth_date
    return born if born is not None and born.year < _ELDERLY_BEFORE else None


def heaped(record: Record, rng: random.Random) -> str | None:
    """An old person's birthday written as 1 January, or the 1st or 15th of the month."""
    born = _elderly(record)
    if born is None:
        return None
    day = date(born.year, 1, 1) if rng.random() < 0.6 else born.replace(day=rng.choice((1, 15)))
    return _written(record, day) if day != born else None


def lunar_offset(year: int) -> int:
    """Days the lunar calendar's month and day numbers trail the Gregorian ones in ``year``
    (21 to 50, as the lunar new year falls between 21 January and 20 February)."""
    return 21 + (year * 11) % 30


def lunar(record: Record, rng: random.Random) -> str | None:
    """The lunar birthday written as if it were Gregorian."""
    if _elderly(record) is None:
        return None
    person = record.person
    return _written(
        record, person.true_birth - timedelta(days=lunar_offset(person.true_birth.year))
    )


def partial_year(record: Record, rng: random.Random) -> str | None:
    """Only the year: 1948年."""
    born = _elderly(record)
    return f"{born.year}年" if born else None


def partial_month(record: Record, rng: random.Random) -> str | None:
    """Only the year and month: 1948年3月."""
    born = _elderly(record)
    return f"{born.year}年{born.month}月" if born else None


def newborn_day_off(record: Record, rng: random.Random) -> str | None:
    """A ledger's newborn born a day earlier or later than the truth."""
    if record.source != LEDGER or record.event != "birth" or record.birth_date is None:
        return None
    return _written(record, record.birth_date + timedelta(days=rng.choice((-1, 1))))


def month_day_swapped(record: Record, rng: random.Random) -> str | None:
    """Day and month swapped (7 March written as 3 July)."""
    born = record.birth_date
    if born is None or born.day > 12 or born.day == born.month:
        return None
    swapped = date(born.year, born.day, born.month)
    return _written(record, swapped) if swapped <= record.event_date else None


def year_typo(record: Record, rng: random.Random) -> str | None:
    """The last two digits of the year swapped (1985 → 1958)."""
    born = record.birth_date
    if born is None:
        return None
    tens, ones = divmod(born.year % 100, 10)
    year = born.year - born.year % 100 + ones * 10 + tens
    if tens == ones or year > record.event_date.year or (born.month, born.day) == (2, 29):
        return None
    return _written(record, born.replace(year=year))


def sex_blank(record: Record, rng: random.Random) -> str | None:
    """Sex left blank."""
    return "" if record.written["sex"] else None


def sex_wrong(record: Record, rng: random.Random) -> str | None:
    """The other sex ticked."""
    if record.sex is None:
        return None
    return record.clerk.sex(3 - record.sex)
