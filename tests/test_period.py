"""Reporting periods: a month or a year, from 1950 to the present month."""

from __future__ import annotations

from datetime import date

import pytest

from hedui.errors import InvalidInputError
from hedui.period import Period, parse_period

TODAY = date(2025, 12, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-12", Period(2025, 12)), (" 2025-3 ", Period(2025, 3)), ("1950", Period(1950))],
)
def test_parse_period_reads_a_month_or_a_year(text: str, expected: Period) -> None:
    assert parse_period(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1900-01", "太早"),
        ("1949-12", "太早"),
        ("2026-01", "尚未开始"),  # next month
        ("2026", "尚未开始"),
        ("2025-13", "无法识别"),
        ("２０２５-１２", "无法识别"),  # full-width digits are not a period
        ("2025/12", "无法识别"),
    ],
)
def test_parse_period_refuses_what_cannot_be_reconciled(text: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        parse_period(text, today=TODAY)
