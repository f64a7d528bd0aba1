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
"""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.identity import resident_id
from hedui.identity.resident_id_columns import check_character_expr

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
    raw = pl.col("id_raw")
    frame = pl.DataFrame({"key": distinct}, schema={"key": pl.Utf8}).with_columns(
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
        & born.is_between(pl.lit(_EARLIEST), pl.lit(today or date.today()))
    ).fill_null(False)
    sex_digit = pl.col("id18").str.slice(16, 1).cast(pl.Int64, strict=False)
    return frame.with_columns(valid.alias("id_valid")).select(
        "key",
        "id_raw",
        "id18",
        "id_valid",
        pl.when("id_valid").then(born.dt.strftime("%Y-%m-%d")).alias("id_birth_date"),
        pl.when("id_valid")
        .then(pl.when(sex_digit % 2 == 1).then(pl.lit("1")).otherwise(pl.lit("2")))
        .alias("id_sex"),
    )
