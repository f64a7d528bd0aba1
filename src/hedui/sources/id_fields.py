"""Resident ID number columns: normalised, checked, and kept even when they are wrong.

An ID number that fails its check is still evidence: usually one digit was mistyped, and
linkage can propose the repair (:func:`hedui.identity.resident_id.repair_candidates`) while
reconciliation shows the clerk the problem. So a wrong ID never quarantines a row; it earns a
note, and the number is kept as :func:`~hedui.identity.resident_id.normalize` leaves it.

Checking a million numbers one by one in Python would take longer than the rest of the reader,
so the test every good number passes (18 characters, the MOD 11-2 check character, a real birth
date from 1900 to today) is done with polars expressions, and only the numbers that fail it go
to :func:`~hedui.identity.resident_id.parse` for an exact explanation.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

import polars as pl

from hedui.errors import InvalidResidentIdError
from hedui.identity.resident_id import normalize, parse
from hedui.identity.resident_id_columns import CHECK_CHARACTERS, weighted_total
from hedui.sources.date_fields import EARLIEST
from hedui.sources.fields import FieldResult, map_distinct, nulls

__all__ = ["normalize_id_numbers"]

_NORMALIZED = r"^\d{17}[\dX]$"
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+")


def normalize_id_numbers(column: pl.Series, *, today: date) -> FieldResult:
    """Normalise a column of ID numbers and note every one that is not a valid 18-digit number.

    Args:
        column: Trimmed ``Utf8`` values, null for blanks.
        today: A birth date encoded after this makes the number malformed.

    Returns:
        ``values`` normalised numbers; ``errors`` always null; ``notes`` for 15-digit numbers,
        check-character failures, malformed numbers and numbers Excel turned into floats.
    """
    already = column.str.contains(_NORMALIZED).fill_null(True)
    values = column
    if not already.all():
        values = column.zip_with(already, map_distinct(column, _normalize, where=~already).values)
    if values.is_null().all():
        empty = nulls(len(column))
        return FieldResult(values.alias(column.name), empty.alias("errors"), empty.alias("notes"))
    checks = _checks(values, today)
    bad = values.is_not_null() & ~checks["valid"]
    notes = nulls(len(column), "notes")
    if bad.any():
        wrong_check = bad & checks["shape_and_birth_ok"]
        notes = notes.scatter(wrong_check.arg_true(), _check_note(checks.filter(wrong_check)))
        others = bad & ~checks["shape_and_birth_ok"]
        if others.any():
            explain = partial(_note, today=today)
            notes = notes.zip_with(~others, map_distinct(values, explain, where=others).notes)
    return FieldResult(values.alias(column.name), nulls(len(column), "errors"), notes)


def _checks(numbers: pl.Series, today: date) -> pl.DataFrame:
    """Per number: ``shape_and_birth_ok`` (17 digits then a digit or X, with a real birth date
    from 1900 to ``today``), ``valid`` (that, and the right check character), the weighted
    ``total`` of the first 17 digits and the ``found`` check character.

    The first 17 characters are read as one integer and taken apart digit by digit with integer
    arithmetic, many times faster than slicing 17 strings per row. A valid number satisfies
    ISO 7064 MOD 11-2: weighted total + check value (``X`` = 10) ≡ 1 (mod 11).
    """
    frame = pl.DataFrame({"number": numbers}).with_columns(
        pl.col("number").str.slice(0, 17).cast(pl.Int64, strict=False).alias("body"),
        pl.col("number").str.slice(17, 1).alias("found"),
    )
    body, found = pl.col("body"), pl.col("found")
    frame = frame.with_columns(weighted_total(body).alias("total"))
    found_value = pl.when(found == "X").then(10).otherwise(found.cast(pl.Int64, strict=False))
    born = (body // 1000) % 100_000_000
    ok = pl.col("number").str.contains(_NORMALIZED) & born.is_in(_valid_birth_days(today).implode())
    return frame.select(
        ok.fill_null(False).alias("shape_and_birth_ok"),
        (ok & ((pl.col("total") + found_value) % 11 == 1)).fill_null(False).alias("valid"),
        "total",
        "found",
    )


def _valid_birth_days(today: date) -> pl.Series:
    """Every day from 1900-01-01 to ``today`` as the integer ``YYYYMMDD``."""
    days = pl.date_range(EARLIEST, today, eager=True)
    return (days.dt.year() * 10_000 + days.dt.month().cast(pl.Int32) * 100 + days.dt.day()).cast(
        pl.Int64
    )


def _check_note(wrong: pl.DataFrame) -> pl.Series:
    expected = ((12 - pl.col("total") % 11) % 11).replace_strict(
        list(range(11)), list(CHECK_CHARACTERS), return_dtype=pl.Utf8
    )
    return (
        wrong.with_columns(expected.alias("expected"))
        .select(
            pl.format(
                "校验位应为 {}，实为 {}；可能有一位录错或相邻两位颠倒，已保留，链接时会尝试修正 / "
                "check character should be {}, found {}: probably one digit mistyped or two "
                "adjacent digits swapped; kept, linkage will try to repair it",
                "expected",
                "found",
                "expected",
                "found",
            )
        )
        .to_series()
    )


def _normalize(value: str) -> tuple[str | None, str | None, str | None]:
    return normalize(value) or None, None, None


def _note(number: str, *, today: date) -> tuple[str | None, str | None, str | None]:
    if _SCIENTIFIC.fullmatch(number):
        return (
            None,
            None,
            "身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为文本格式后重新录入 / "
            "Excel stored this ID number as a number and lost its last digits; format the "
            "column as text and enter the numbers again",
        )
    try:
        resident = parse(number, today=today)
    except InvalidResidentIdError as error:
        return None, None, f"{error}（已保留 kept）"
    if resident.was_15_digit:
        return (
            None,
            None,
            "15 位旧身份证号，已按原样保留 / old 15-digit resident ID number, kept as written",
        )
    return None, None, None
