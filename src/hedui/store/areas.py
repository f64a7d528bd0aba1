"""Area codes and the one rule of jurisdiction: a code is inside an area when it starts with it.

China's statistical division codes nest by prefix: a 12-digit village (居委会/村委会) code begins
with its 9-digit township (乡镇/街道) code, which begins with its 6-digit county (县/区) code. A
user holds one area code; every row carries the most precise code its source knows (a village
code for ledger entries, perhaps only a county code for an imported record without an address),
and the row is inside the user's jurisdiction exactly when its code starts with the user's code.
A row known only at county level is therefore visible to the county, never to a township or
village guessing that it might be theirs.

The rule is written once here, both as a Python predicate and as an SQL clause (a range of codes
that an index serves, and ``LIKE 'code%'``; portable to SQLite and PostgreSQL), so that the web
layer scopes every query the same way.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import InstrumentedAttribute

from hedui.errors import InvalidInputError

__all__ = ["AreaLevel", "area_level", "in_area", "is_within", "validate_area_code"]


class AreaLevel(StrEnum):
    """The three levels a user's area can have, named by their code length."""

    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


_LEVEL_BY_LENGTH = {6: AreaLevel.COUNTY, 9: AreaLevel.TOWNSHIP, 12: AreaLevel.VILLAGE}
_LONGEST = max(_LEVEL_BY_LENGTH)


def area_level(code: str) -> AreaLevel:
    """The level of an area code, from its length (6, 9 or 12 digits).

    Raises:
        InvalidInputError: the code is not 6, 9 or 12 ASCII digits.
    """
    return _LEVEL_BY_LENGTH[validate_area_code(code)]


def validate_area_code(code: str) -> int:
    """Check that ``code`` is a county, township or village code; return its length.

    Raises:
        InvalidInputError: the code is not 6, 9 or 12 ASCII digits; the message says which lengths
            are accepted.
    """
    if not (code.isascii() and code.isdigit() and len(code) in _LEVEL_BY_LENGTH):
        raise InvalidInputError(
            f"区划代码 {code!r} 应为 6 位（县）、9 位（乡镇）或 12 位（村）数字 / "
            f"area code {code!r} must be 6 (county), 9 (township) or 12 (village) digits"
        )
    return len(code)


def is_within(code: str | None, area_code: str) -> bool:
    """True when ``code`` (a row's area) lies inside ``area_code`` (a user's area)."""
    return code is not None and code.startswith(area_code)


def in_area(
    column: InstrumentedAttribute[str] | ColumnElement[str], area_code: str
) -> ColumnElement[bool]:
    """The SQL form of :func:`is_within`: ``column LIKE 'area_code%'``; for a village
    ``column = area_code`` alone, for a township led by the range of codes that start with it
    (``area_code`` ≤ code ≤ ``area_code`` followed by nines, up to 12 digits).

    For codes of digits the range alone is exact, and unlike the ``LIKE`` (SQLite's is
    case-insensitive, so it never uses an index) the column's index serves it: a clerk's list
    reads the village's rows, not the county's. A county is left to the ``LIKE``: its rows are
    most of a county's database, where reading the table beats walking an index over all of it
    (and a range would tempt SQLite to walk that index instead of a better one, such as the one
    that finds a case's few records). The ``LIKE`` stays beside a township's range, so a code of
    other characters is judged by the rule itself. The area code is validated first, so it can hold
    no ``%`` or ``_`` wildcard.
    """
    length = validate_area_code(area_code)
    prefix = column.startswith(area_code, autoescape=True)
    if length == min(_LEVEL_BY_LENGTH):
        return prefix
    if length == _LONGEST:
        # A village: its own code, so an index continues in its order. The equality implies the
        # prefix, and the LIKE beside it only misled PostgreSQL's estimate (a village's 3,300
        # entries guessed as one row: a bitmap scan and a sort of them all for a page of 25).
        return column == area_code
    return and_(column >= area_code, column <= area_code + "9" * (_LONGEST - length), prefix)
