"""Resident ID numbers as linkage keys, for a whole column at once.

Per distinct number: its 18-character form (``id18``: a 15-digit number converted), whether
it is valid, and the birth date and sex it encodes. The rules are exactly those of
:func:`hedui.identity.resident_id.parse` — 17 digits then a digit or ``X``, the ISO 7064
MOD 11-2 check, a birth date that exists, from 1900 to today — written as polars
expressions, because a county holds a million distinct numbers and parsing them one by one
takes longer than the whole rest of linkage. ``tests/linkage/test_id_keys.py`` checks the
two agree on arbitrary input.

A value that is not an ID number at all (a foreign social-security number) keeps its
normalised text as ``id18`` — it still compares as a string — and is simply not valid.

A handful of numbers (a save's duplicate check: the new record and its few candidates) is
done value by value in Python instead (:func:`id_key`): building and running the
expressions costs about 5 ms of CPU whatever the number of rows. A test checks that both ways
give the same keys for arbitrary input.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import polars as pl

from hedui.identity import resident_id
from hedui.identity.resident_id_columns import check_character_expr
from hedui.identity.resident_id_text import check_character, to_18

FEW = 64
"""Up to this many distinct numbers, keys are made value by value (see the module docstring)."""

_EARLIEST = date(1900, 1, 1)

ID_KEY_SCHEMA = {
    "key": pl.Utf8,
    "id_raw": pl.Utf8,
    "id18": pl.Utf8,
    "id_valid": pl.Boolean,
    "id_birth_date": pl.Utf8,
    "id_sex": pl.Utf8,
}


def id_keys(values: pl.Series, *, today: date | None = None) -> pl.DataFrame:
    """Linkage keys of each distinct ID number in ``values``.

    Args:
        values: ID numbers as the reader leaves them (normalised); others are normalised.
        today: the latest possible birth date; defaults to today.

    Returns:
        One row per distinct non-null value, columns of :data:`ID_KEY_SCHEMA` (``key`` is
        the value as given).
    """
    distinct = values.drop_nulls().unique().sort()
    if distinct.len() <= FEW:
        return _few_id_keys(distinct.to_list(), today or date.today())
    return _expression_keys(distinct, today or date.today())


def _expression_keys(distinct: pl.Series, today: date) -> pl.DataFrame:
    """:func:`id_keys` of the distinct values ``distinct``, as polars expressions."""
    raw = pl.col("id_raw")
    # One lazy query, collected once: on the few rows of a save's duplicate check the
    # per-step collections of an eager chain were most of the cost.
    frame = pl.LazyFrame({"key": distinct}, schema={"key": pl.Utf8}).with_columns(
        pl.when(pl.col("key").str.contains(r"^[0-9X]*$"))
        .then(pl.col("key"))
        .otherwise(pl.col("key").map_elements(resident_id.normalize, return_dtype=pl.Utf8))
        .replace("", None)
        .alias("id_raw")
    )
    is15 = raw.str.contains(r"^[0-9]{15}$")
    body = (
        pl.when(is15)
        .then(raw.str.slice(0, 6) + "19" + raw.str.slice(6, 9))
        .otherwise(raw.str.slice(0, 17))
    )
    frame = frame.with_columns(body.alias("body"), is15.alias("is15"))
    check = check_character_expr(pl.col("body"))
    id18 = pl.when(pl.col("is15")).then(pl.col("body") + check).otherwise(raw)
    frame = frame.with_columns(id18.alias("id18"), check.alias("check"))
    born = pl.col("id18").str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    valid = (
        pl.col("id18").str.contains(r"^[0-9]{17}[0-9X]$")
        & (pl.col("id18").str.slice(17, 1) == pl.col("check"))
        & born.is_between(pl.lit(_EARLIEST), pl.lit(today))
    ).fill_null(False)
    sex_digit = pl.col("id18").str.slice(16, 1).cast(pl.Int64, strict=False)
    return (
        frame.with_columns(valid.alias("id_valid"))
        .select(
            "key",
            "id_raw",
            "id18",
            "id_valid",
            pl.when("id_valid").then(born.dt.strftime("%Y-%m-%d")).alias("id_birth_date"),
            pl.when("id_valid")
            .then(pl.when(sex_digit % 2 == 1).then(pl.lit("1")).otherwise(pl.lit("2")))
            .alias("id_sex"),
        )
        .collect()
    )


IdKey = tuple[str, str | None, str | None, bool, str | None, str | None]
"""One row of :data:`ID_KEY_SCHEMA`: key, id_raw, id18, id_valid, id_birth_date, id_sex."""

_ID_CHARACTERS = re.compile(r"[0-9X]*")
_DIGITS_15 = re.compile(r"[0-9]{15}")
_SHAPE_18 = re.compile(r"[0-9]{17}[0-9X]")


def _few_id_keys(keys: list[str], today: date) -> pl.DataFrame:
    """:func:`id_keys` of a few distinct values, each by the same rules in Python."""
    return pl.DataFrame([id_key(key, today) for key in keys], schema=ID_KEY_SCHEMA, orient="row")


def id_key(key: str, today: date) -> IdKey:
    """The keys of one ID number, the values of a row of :data:`ID_KEY_SCHEMA` in its order."""
    raw = (key if _ID_CHARACTERS.fullmatch(key) else resident_id.normalize(key)) or None
    if raw is None:
        return (key, None, None, False, None, None)
    id18 = to_18(raw) if _DIGITS_15.fullmatch(raw) else raw
    if not _SHAPE_18.fullmatch(id18):
        return (key, raw, id18, False, None, None)
    try:
        born = datetime.strptime(id18[6:14], "%Y%m%d").date()
    except ValueError:
        return (key, raw, id18, False, None, None)
    valid = id18[17] == check_character(id18[:17]) and _EARLIEST <= born <= today
    if not valid:
        return (key, raw, id18, False, None, None)
    return (key, raw, id18, True, born.isoformat(), "1" if int(id18[16]) % 2 else "2")
