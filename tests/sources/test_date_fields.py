"""Tests for hedui.sources.date_fields: the fast path agrees with parse_date on every value."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import InvalidDateError
from hedui.identity.dates import parse_date_or_none
from hedui.sources.date_fields import EARLIEST, normalize_dates

TODAY = date(2025, 1, 1)


def _normalize(*values: str | None) -> tuple[list[str | None], list[str | None], list[str | None]]:
    result = normalize_dates(pl.Series("d", list(values), dtype=pl.Utf8), today=TODAY)
    return result.values.to_list(), result.errors.to_list(), result.notes.to_list()


def test_normalize_dates_every_year_first_form_gives_iso() -> None:
    forms = [
        "1985-03-07",
        "1985-3-7",
        "1985/3/7",
        "1985.03.07",
        "1985年3月7日",
        "1985 年 3 月 7 日",
        "19850307",
        "1985-03-07 00:00:00",
        "1985-03-07T08:30",
    ]
    values, errors, notes = _normalize(*forms)
    assert values == ["1985-03-07"] * len(forms)
    assert errors == [None] * len(forms)
    assert notes == [None] * len(forms)


def test_normalize_dates_other_forms_through_parse_date() -> None:
    # 31113 is the Excel serial of 1985-03-07; 一九八五年三月七日 is written in numerals.
    values, errors, _ = _normalize("31113", "一九八五年三月七日")
    assert values == ["1985-03-07", "1985-03-07"]
    assert errors == [None, None]


def test_normalize_dates_ambiguous_values_are_kept_with_a_note() -> None:
    # 07/03/1985: month/day reading 1985-07-03 is chosen, day/month would be 1985-03-07.
    values, errors, notes = _normalize("07/03/1985", "85-3-7")
    assert values == ["1985-07-03", "1985-03-07"]
    assert errors == [None, None]
    assert notes[0] is not None and "1985-03-07" in notes[0]
    assert notes[1] is not None and "two-digit year" in notes[1]


def test_normalize_dates_impossible_days_are_errors() -> None:
    values, errors, _ = _normalize("1985-02-30", "2024-13-01", "昨天", "1899-12-31", "2025-01-02")
    assert values == [None] * 5
    assert errors[0] is not None and "30" in errors[0]
    assert errors[1] is not None and "month 13" in errors[1]
    assert errors[2] is not None and "unrecognised" in errors[2]
    assert errors[3] is not None and "before 1900" in errors[3]
    assert errors[4] is not None and "after today (2025-01-01)" in errors[4]


def test_normalize_dates_blanks_are_null_without_error() -> None:
    # 0000-00-00 is how some databases write "no date": a blank, not a mistake.
    assert _normalize(None, "0000-00-00") == ([None, None], [None, None], [None, None])


def test_normalize_dates_boundaries_are_allowed() -> None:
    values, errors, _ = _normalize(EARLIEST.isoformat(), TODAY.isoformat())
    assert values == ["1900-01-01", "2025-01-01"]
    assert errors == [None, None]


_DATEISH = st.text(st.sampled_from("0123456789-/.年月日 :T一九八五三七十"), max_size=14)


@given(st.lists(_DATEISH, min_size=1, max_size=8))
def test_normalize_dates_agrees_with_parse_date(values: list[str]) -> None:
    got, errors, notes = _normalize(*values)
    for value, iso, error, note in zip(values, got, errors, notes, strict=True):
        try:
            parsed = parse_date_or_none(value)
        except InvalidDateError:
            assert iso is None and error is not None
            continue
        if parsed is None:
            assert (iso, error) == (None, None)
        elif EARLIEST <= parsed.value <= TODAY:
            assert (iso, error) == (parsed.value.isoformat(), None)
            assert (note is not None) == parsed.ambiguous
        else:
            assert iso is None and error is not None


@given(st.dates(min_value=EARLIEST, max_value=TODAY))
def test_normalize_dates_year_first_round_trip(day: date) -> None:
    written = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y%m%d}",
    ]
    values, errors, _ = _normalize(*written)
    assert values == [day.isoformat()] * 4
    assert errors == [None] * 4
