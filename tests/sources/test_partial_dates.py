"""Tests for hedui.sources.partial_dates: birth dates known only to the year or the month."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from hedui.sources.partial_dates import BirthDates, normalize_birth_dates

TODAY = date(2025, 1, 1)


def _read(*written: str | None, given: list[str | None] | None = None) -> BirthDates:
    column = pl.Series("birth_date", list(written), dtype=pl.Utf8)
    own = pl.Series("birth_date_partial", given or [None] * len(written), dtype=pl.Utf8)
    return normalize_birth_dates(column, own, today=TODAY)


@pytest.mark.parametrize(
    ("written", "partial"),
    [
        ("1948年", "1948"),
        ("1948", "1948"),
        ("1948年3月", "1948-03"),
        ("1948年03月", "1948-03"),
        ("1948.3", "1948-03"),
        ("194803", "1948-03"),
        ("1948-03", "1948-03"),
        ("1948/3", "1948-03"),
        ("一九四八年三月", "1948-03"),
        ("一九四八年十二月", "1948-12"),
        ("１９４８年３月", "1948-03"),
    ],
)
def test_normalize_birth_dates_partial_forms_keep_the_year_or_month(
    written: str, partial: str
) -> None:
    result = _read(written)
    assert result.day.values.to_list() == [None]
    assert result.partial.values.to_list() == [partial]
    assert result.day.errors.to_list() == [None]
    [note] = result.day.notes.to_list()
    assert note is not None and f"compared as {partial}" in note


def test_normalize_birth_dates_an_impossible_day_keeps_what_is_readable() -> None:
    # 1985-02-30: February has no 30th, the month is right. 1985-13-07: no month 13, the year
    # is right. 1985-02-00: the "unknown day" some systems write. 19850230: the same, compact.
    result = _read("1985-02-30", "1985-13-07", "1985-02-00", "19850230")
    assert result.day.values.to_list() == [None] * 4
    assert result.partial.values.to_list() == ["1985-02", "1985", "1985-02", "1985-02"]
    errors = result.day.errors.to_list()
    assert errors[0] is not None and "has no day 30" in errors[0]
    assert "compared as 1985-02" in errors[0]
    assert errors[1] is not None and "compared as 1985）" in errors[1]


def test_normalize_birth_dates_a_whole_day_leaves_partial_null() -> None:
    # A full date, and a six-digit value that is no year-month (8503: no such year) but a
    # two-digit-year date.
    result = _read("1985-03-07", "850307", None)
    assert result.day.values.to_list() == ["1985-03-07", "1985-03-07", None]
    assert result.partial.values.to_list() == [None, None, None]


def test_normalize_birth_dates_implausible_years_and_months_give_nothing() -> None:
    # Before 1900, after this month, month 13, and an unreadable value: no partial date.
    result = _read("1899", "2025-02", "1948-13", "1899-02-30", "昨天")
    assert result.partial.values.to_list() == [None] * 5
    errors = result.day.errors.to_list()
    assert all(error is not None for error in errors)
    assert errors[2] is not None and "no month 13" in errors[2]
    assert errors[3] is not None and "compared as" not in errors[3]


def test_normalize_birth_dates_excel_dropped_zero_is_pointed_out() -> None:
    # A number cell 1985.10 is shown as 1985.1: read as January, with a note about October.
    [note] = _read("1985.1").day.notes.to_list()
    assert note is not None and "October" in note


def test_normalize_birth_dates_the_files_own_partial_column_is_used_when_nothing_else() -> None:
    # Row 1: no birth date, the file's 1950-04 is used. Row 2: a whole day wins. Row 3: the
    # written 1948年 wins over the file's column. Row 4: the column holds a whole day: refused.
    result = _read(
        None, "1985-03-07", "1948年", None, given=["1950-04", "1985-03", "1947", "1948-03-07"]
    )
    assert result.partial.values.to_list() == ["1950-04", None, "1948", None]
    assert result.partial.errors.to_list()[:3] == [None, None, None]
    error = result.partial.errors.to_list()[3]
    assert error is not None and "not a year or a year and month" in error
