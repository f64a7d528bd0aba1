"""BirthDateComparison: exact, day/month swapped, ±1 day, one digit, same month, else."""

from __future__ import annotations

from datetime import date

import pytest

from hedui.linkage.comparisons import BirthDateComparison


def born(value: str | None) -> dict[str, object]:
    # As preparation gives it: the ISO string and the day number (days since 1970-01-01).
    day = (date.fromisoformat(value) - date(1970, 1, 1)).days if value else None
    return {"birth_date": value, "birth_day": day}


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
    ],
)
def test_birth_date_levels(levels_of, left, right, level):
    assert levels_of(BirthDateComparison(), [(born(left), born(right))]) == [level]
