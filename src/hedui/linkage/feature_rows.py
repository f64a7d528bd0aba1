"""The features of a few records, row by row in Python: a save's duplicate check.

:func:`~hedui.linkage.prepare.prepare_features` is written for a county: polars expressions,
five joins and one lazy query. On the dozen records of a save (the new record and its
candidates) that machinery is nearly all of the cost — 8 to 10 ms of CPU whatever the number of
rows — so :func:`feature_rows` computes the same rows value by value instead, with the same
helpers (:func:`~hedui.linkage.id_keys.id_key`, :func:`~hedui.identity.names.name_keys`).
``tests/linkage/test_feature_rows.py`` checks that both give the same rows for arbitrary records.

Where polars' own text rules decide a value, they are reproduced here exactly, not
approximated with Python's:

* ``str.strip_chars()`` strips Unicode ``White_Space`` (Rust's ``char::is_whitespace``), which
  unlike Python's ``str.strip()`` leaves the separators ``\\x1c``–``\\x1f`` in place.
* ``str.to_date("%Y-%m-%d", strict=False)`` parses with chrono, which is laxer than ISO: a
  month or day of one digit (``2025-1-5``), whitespace before any number (``2025-\\u30001-05``),
  and a year of one to four digits, or of any number of digits after a ``+`` or ``-`` sign,
  from −262143 to 262142. Nothing may follow the day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

from hedui.identity import names
from hedui.linkage.id_keys import id_key
from hedui.linkage.prepare import FEATURE_COLUMNS, MOVE_EVENTS, OPTIONAL_INPUTS
from hedui.sources.schema import CANONICAL_COLUMNS

__all__ = ["feature_rows"]

_INPUTS = (*CANONICAL_COLUMNS, *(c for c in OPTIONAL_INPUTS if c not in CANONICAL_COLUMNS))
_UNSTRIPPED = ("source", "record_id")

_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Unicode ``White_Space``: what Rust's ``str::trim`` (so polars' ``strip_chars``) strips."""

_VILLAGE_CODE = re.compile(r"[0-9]{12}")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")
_SPACES = re.compile(r" +")

_NUMBER = re.compile(r"[0-9]+")
_EPOCH = date(1970, 1, 1)
_YEARS = range(-262143, 262143)
"""The years chrono can hold."""


def feature_rows(
    records: Sequence[Mapping[str, object]], *, today: date | None = None
) -> list[dict[str, object]]:
    """The rows ``prepare_features(frame).rows(named=True)`` gives for ``records``.

    Args:
        records: canonical fields (``docs/schema.md``); a missing field is null, other values
            are taken as text.
        today: the latest birth date a valid ID number may encode; defaults to today.

    Returns:
        One dictionary per record, keys :data:`~hedui.linkage.prepare.FEATURE_COLUMNS` in
        order, sorted by ``(source, record_id)``, ``unique_id`` numbering them from 0.
    """
    inputs = sorted((_canonical(record) for record in records), key=_order)
    day = today or date.today()
    return [
        {"unique_id": number, **_kept_features(tuple(fields.values()), day)}
        for number, fields in enumerate(inputs)
    ]


_KEPT_ROWS = 4_096
"""Records whose features :func:`_kept_features` keeps (a few kilobytes each)."""


@lru_cache(maxsize=_KEPT_ROWS)
def _kept_features(values: tuple[str | None, ...], today: date) -> dict[str, object]:
    """The features of the record whose :data:`_INPUTS` are ``values``, but its number; kept,
    because a village's births are the candidates of save after save (computing a record's
    row took about 80 µs, most of a save's duplicate check with a few dozen candidates).
    Shared: the caller copies it."""
    row = _features(0, dict(zip(_INPUTS, values, strict=True)), today)
    del row["unique_id"]
    return row


def _canonical(record: Mapping[str, object]) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    for column in _INPUTS:
        value = record.get(column)
        text = None if value is None else str(value)
        if text is not None and column not in _UNSTRIPPED:
            text = text.strip(_WHITESPACE) or None
        fields[column] = text
    return fields


def _order(fields: Mapping[str, str | None]) -> tuple[bool, str, bool, str]:
    """polars' ascending sort: nulls first."""
    source, record_id = fields["source"], fields["record_id"]
    return (source is not None, source or "", record_id is not None, record_id or "")


def _features(unique_id: int, fields: Mapping[str, str | None], today: date) -> dict[str, object]:
    event = fields["event"]
    _, id_raw, id18, id_valid, id_birth_date, id_sex = _keys_of_id(fields["id_number"], today)
    _, _, mother_id18, mother_id_valid, _, _ = _keys_of_id(fields["mother_id_number"], today)
    if event == "birth" and id18 is not None and id18 == mother_id18:
        # A clerk who wrote the mother's number in the child's column: no ID for the child.
        id_raw = id18 = id_birth_date = id_sex = None
        id_valid = False
    half = None if id18 is None else (len(id18) + 1) // 2
    person = names.name_keys(fields["name"])
    mother_norm, mother_pinyin = _mother_keys(fields["mother_name"])
    if mother_norm is None or mother_pinyin is None:
        # 张丽之女: the mother named in a newborn's placeholder, column by column.
        from_placeholder = _mother_keys(names.mother_from_placeholder(fields["name"]))
        mother_norm = _coalesce(mother_norm, from_placeholder[0])
        mother_pinyin = _coalesce(mother_pinyin, from_placeholder[1])
    name_tokens = None if person is None else " ".join(sorted(person.normalized.split(" ")))
    birth_date = _coalesce(fields["birth_date"], id_birth_date)
    partial = fields["birth_date_partial"]
    month = _coalesce(_slice(birth_date, 7), partial if partial and len(partial) == 7 else None)
    code = fields["address_code"]
    row: dict[str, object] = {
        "unique_id": unique_id,
        "source": fields["source"],
        "record_id": fields["record_id"],
        "event": event,
        "event_group": "move" if event in MOVE_EVENTS else event,
        "id_raw": id_raw,
        "id18": id18,
        "id_valid": id_valid,
        "id_head": None if id18 is None else id18[:half],
        "id_back": None if id18 is None else id18[half:],
        "name_norm": None if person is None else person.normalized,
        "name_pinyin_tone": None if person is None else person.pinyin_tone or None,
        "name_pinyin": None if person is None else person.pinyin or None,
        "name_tokens": name_tokens,
        "latin_tokens": _printable_ascii(name_tokens),
        "surname": None if person is None else person.surname or None,
        "given_pinyin": None if person is None else person.given_pinyin or None,
        "initials": None if person is None else person.initials or None,
        "birth_date": birth_date,
        "birth_day": _day_number(birth_date),
        "birth_month": month,
        "birth_year": _slice(_coalesce(birth_date, partial), 4),
        "newborn_month": month if event == "birth" else None,
        "sex": fields["sex"] if fields["sex"] in ("1", "2") else id_sex,
        "mother_id18": mother_id18,
        "mother_id_valid": mother_id_valid,
        "mother_name_norm": mother_norm,
        "mother_name_pinyin": mother_pinyin,
        "mother_key": _coalesce(mother_id18, mother_pinyin),
        "village": code,
        "township": code[:9] if code and _VILLAGE_CODE.fullmatch(code) else None,
        "address_text": _latin_address(fields["address"]),
        "event_date": fields["event_date"],
        "event_day": _day_number(fields["event_date"]),
    }
    return {column: row[column] for column in FEATURE_COLUMNS}


def _coalesce(first: str | None, second: str | None) -> str | None:
    return second if first is None else first


def _slice(text: str | None, length: int) -> str | None:
    return None if text is None else text[:length]


def _keys_of_id(
    number: str | None, today: date
) -> tuple[object, str | None, str | None, bool, str | None, str | None]:
    """:func:`~hedui.linkage.id_keys.id_key`, or what a left join finds for a null number."""
    if number is None:
        return (None, None, None, False, None, None)
    return id_key(number, today)


def _mother_keys(name: str | None) -> tuple[str | None, str | None]:
    """The mother's normalised name and its pinyin (``prepare``'s mother table)."""
    keys = names.name_keys(name)
    if keys is None:
        return None, None
    return keys.normalized, keys.pinyin or None


def _printable_ascii(text: str | None) -> str | None:
    return text if text and _PRINTABLE_ASCII.fullmatch(text) else None


def _latin_address(address: str | None) -> str | None:
    """The address lower-cased with runs of spaces folded, where it is printable ASCII."""
    latin = _printable_ascii(address)
    return None if latin is None else _SPACES.sub(" ", latin.lower()).strip(" ")


def _day_number(text: str | None) -> int | None:
    """Days since 1970-01-01 of a date as chrono reads ``%Y-%m-%d`` (see the module docstring)."""
    if text is None:
        return None
    year, rest = _chrono_number(text, signed=True, width=4)
    if year is None or not rest.startswith("-"):
        return None
    month, rest = _chrono_number(rest[1:], signed=False, width=2)
    if month is None or not rest.startswith("-"):
        return None
    day, rest = _chrono_number(rest[1:], signed=False, width=2)
    if day is None or rest or year not in _YEARS:
        return None
    # The Gregorian calendar repeats every 400 years (146,097 days): move the year into the
    # range Python's dates hold, which also checks that the month and the day exist.
    shifted = 2000 + (year - 2000) % 400
    try:
        day_number = (date(shifted, month, day) - _EPOCH).days
    except ValueError:
        return None
    return day_number + (year - shifted) // 400 * 146_097


def _chrono_number(text: str, *, signed: bool, width: int) -> tuple[int | None, str]:
    """One number as chrono scans it, and the text after it.

    Whitespace before it is skipped; at most ``width`` digits are read, or any number after a
    sign (a year).
    """
    text = text.lstrip(_WHITESPACE)
    sign = text[:1] if signed and text[:1] in ("+", "-") else ""
    digits = _NUMBER.match(text, len(sign))
    if digits is None:
        return None, text
    if not sign:
        end = min(digits.end(), width)
        return int(text[:end]), text[end:]
    value = int(digits.group())  # any size: the caller checks the range of years
    return (-value if sign == "-" else value), text[digits.end() :]
