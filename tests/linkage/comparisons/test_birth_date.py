"""BirthDateComparison: exact, swapped, ±1 day, one digit, same month, lunar, imprecise, else."""

from __future__ import annotations

from datetime import date

import pytest

from hedui.linkage.comparisons import BirthDateComparison


def born(value: str | None) -> dict[str, object]:
    # As preparation gives it: the ISO string, the day number (days since 1970-01-01), the
    # month and the year; a partial date ("1948", "1948-03") has only the month or year.
    full = value if value and len(value) == 10 else None
    day = (date.fromisoformat(full) - date(1970, 1, 1)).days if full else None
    month = value[:7] if value and len(value) >= 7 else None
    year = value[:4] if value else None
    return {"birth_date": full, "birth_day": day, "birth_month": month, "birth_year": year}


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        ("1985-03-12", "1985-03-12", "相同 exact"),
        # March 12th written as December 3rd.
        ("1985-03-12", "1985-12-03", "日月颠倒 day/month swapped"),
        # A birth just after midnight, or copied from the next day's form; across a year end.
        ("1985-12-31", "1986-01-01", "相差一天 ±1 day"),
        ("1985-03-12", "1985-03-11", "相差一天 ±1 day"),
        # A mistyped month digit: 03 → 08.
        ("1985-03-12", "1985-08-12", "一位数字不同 one digit"),
        ("1985-03-12", "1985-03-25", "同年同月 same year and month"),
        # Born 1970-02-14 (solar), which is the 9th of the first lunar month: written
        # 1970-01-09, 36 days early.
        ("1970-02-14", "1970-01-09", "两月内（农历误作公历） within 62 days (lunar)"),
        ("1985-03-12", "1979-07-30", "不同 different"),
        (None, "1985-03-12", "缺失 missing"),
        # 吴桂林, born 1949年6月 in the ledger and 1949-06-11 on his ID: the same month.
        ("1949-06", "1949-06-11", "同年同月 same year and month"),
        ("1949-06", "1949-06", "同年同月 same year and month"),
        # Known only to the year; a day heaped on 1 January or on the 15th, same year.
        ("1948", "1948-03-07", "同年，一方不精确 same year, imprecise"),
        ("1948-01-01", "1948-09-23", "同年，一方不精确 same year, imprecise"),
        ("1948-05-15", "1948-11-02", "同年，一方不精确 same year, imprecise"),
        # Both precise, same year, months apart: not the same person's birthday.
        ("1948-05-14", "1948-11-02", "不同 different"),
        ("1948-03", "1949-03-07", "不同 different"),
        ("1948", "1949", "不同 different"),
    ],
)
def test_birth_date_levels(levels_of, left, right, level):
    assert levels_of(BirthDateComparison(), [(born(left), born(right))]) == [level]
