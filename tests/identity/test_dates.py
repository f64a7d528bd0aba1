"""Tests for hedui.identity.dates: every way a county's sources write a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import InvalidDateError
from hedui.identity.dates import (
    ParsedDate,
    format_iso,
    parse_date,
    parse_date_or_none,
    parse_dates,
)

MARCH_7_1985 = date(1985, 3, 7)

_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """Month or day in Chinese numerals: 7 → 七, 10 → 十, 12 → 十二, 21 → 二十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens] + "十")
    return head + (_CHINESE_DIGITS[units] if units or not tens else "")


def _excel_serial(day: date) -> int:
    """Excel's 1900 system counts a phantom 1900-02-29, so serials from 61 on gain one."""
    serial = (day - date(1899, 12, 31)).days
    return serial + 1 if day >= date(1900, 3, 1) else serial


def _all_formats(day: date) -> list[object]:
    y, m, d = day.year, day.month, day.day
    full_width = str.maketrans("0123456789-", "０１２３４５６７８９－")
    return [
        day,
        datetime(y, m, d, 14, 30),
        f"{y:04d}-{m:02d}-{d:02d}",
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y:04d}{m:02d}{d:02d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
        f"{y:04d}-{m:02d}-{d:02d}".translate(full_width),
        f"{y}-{m}-{d} 00:00:00",
        f"{y:04d}-{m:02d}-{d:02d}T08:15:00Z",
        "".join(_CHINESE_DIGITS[int(c)] for c in str(y))
        + f"年{_chinese_number(m)}月{_chinese_number(d)}日",
        _excel_serial(day),
        float(_excel_serial(day)) + 0.25,
    ]


@pytest.mark.parametrize(
    "value",
    [
        "1985-03-07",
        "1985/3/7",
        "1985.3.7",
        "19850307",
        "1985年3月7日",
        "1985年03月07日",
        "1985年3月7号",
        "１９８５－０３－０７",
        "１９８５年３月７日",
        "1985-3-7 00:00:00",
        "1985/03/07 0:00",
        " 1985-03-07 ",
        "一九八五年三月七日",
        # 1985-03-07 is 31113 days after 1899-12-30 (Excel's effective epoch after the 1900 bug).
        31113,
        31113.75,
        "31113",
        "31113.0",
        19850307,
        date(1985, 3, 7),
        datetime(1985, 3, 7, 23, 59),
    ],
)
def test_parse_date_reads_every_supported_form(value: object) -> None:
    assert parse_date(value) == ParsedDate(MARCH_7_1985, ambiguous=False, reason=None)


def test_parse_date_reads_chinese_numerals_with_tens() -> None:
    # 二〇〇一 → 2001 digit by digit; 十二 → 12; 二十一 → 21.
    assert parse_date("二〇〇一年十二月二十一日").value == date(2001, 12, 21)


def test_parse_date_excel_serial_handles_the_phantom_leap_day() -> None:
    # Serials 1..59 are 1900-01-01..1900-02-28; 60 is the non-existent 1900-02-29; 61 is 1900-03-01.
    assert parse_date(1).value == date(1900, 1, 1)
    assert parse_date(59).value == date(1900, 2, 28)
    assert parse_date(61).value == date(1900, 3, 1)
    with pytest.raises(InvalidDateError, match="1900-02-29"):
        parse_date(60)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1985-02-30", "1985年2月没有30日"),
        ("1985-13-01", "没有 13 月"),
        ("1900-02-29", "1900年2月没有29日"),
        ("0001-01-01", "年份 1 不合理"),
        ("1985", "日期不完整"),
        ("1985年3月", "日期不完整"),
        ("03/04/05", "分不清哪一部分是年份"),
        ("31/31/1985", "不是有效的日期"),  # neither 31 can be a month
        ("1985-3-7-1", "无法识别的日期格式"),
        ("明天", "无法识别的日期格式"),
        ("", "日期为空"),
        ("NULL", "日期为空"),
        (0, "Excel 日期序号"),
        (100_000, "Excel 日期序号"),
        (True, "不是日期"),
        ([1985, 3, 7], "无法识别的日期类型"),
    ],
)
def test_parse_date_rejects_with_bilingual_message(value: object, problem: str) -> None:
    with pytest.raises(InvalidDateError) as caught:
        parse_date(value)
    message = str(caught.value)
    assert problem in message
    assert repr(value) in message
    assert "invalid date" in message


def test_parse_date_flags_day_month_order_when_both_readings_exist() -> None:
    # 07/03/1985: month/day gives 1985-07-03, day/month gives 1985-03-07; month/day is chosen.
    parsed = parse_date("07/03/1985")
    assert parsed.value == date(1985, 7, 3)
    assert parsed.ambiguous
    assert parsed.reason is not None
    assert "1985-03-07" in parsed.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13/03/1985", date(1985, 3, 13)),  # 13 cannot be a month: day/month
        ("03/13/1985", date(1985, 3, 13)),  # 13 cannot be a month: month/day
        ("07/07/1985", date(1985, 7, 7)),  # both readings agree
    ],
)
def test_parse_date_year_last_is_not_ambiguous_with_one_reading(value: str, expected: date) -> None:
    assert parse_date(value) == ParsedDate(expected)


def test_parse_date_two_digit_year_is_ambiguous_and_never_in_the_future() -> None:
    # 85 → 1985 (2085 would be in the future); 07 → 2007.
    for text in ("85-3-7", "850307", "85年3月7日", "3/7/85"):
        parsed = parse_date(text)
        assert parsed.value == MARCH_7_1985, text
        assert parsed.ambiguous
        assert parsed.reason is not None and "1985" in parsed.reason
    assert parse_date("070615").value == date(2007, 6, 15)


@pytest.mark.parametrize(
    "blank", [None, "", "   ", "null", "NaN", "不详", "—", "0000-00-00 00:00:00"]
)
def test_parse_date_or_none_returns_none_for_blanks(blank: object) -> None:
    assert parse_date_or_none(blank) is None


def test_parse_date_accepts_numpy_and_pandas_values() -> None:
    # Readers built on pandas hand over numpy integers, Timestamps and NaT for empty cells.
    assert parse_date(np.int64(31113)).value == MARCH_7_1985
    assert parse_date(np.float64(31113.0)).value == MARCH_7_1985
    assert parse_date(pd.Timestamp("1985-03-07 10:30")).value == MARCH_7_1985
    assert parse_date_or_none(pd.NaT) is None
    with pytest.raises(InvalidDateError, match="日期为空"):
        parse_date(pd.NaT)


def test_parse_date_or_none_still_rejects_a_wrong_value() -> None:
    assert parse_date_or_none("1985-03-07") == ParsedDate(MARCH_7_1985)
    with pytest.raises(InvalidDateError):
        parse_date_or_none("1985-02-30")


def test_format_iso_drops_the_time() -> None:
    assert format_iso(date(1985, 3, 7)) == "1985-03-07"
    assert format_iso(datetime(1985, 3, 7, 12, 0)) == "1985-03-07"


def test_parse_dates_keeps_rows_aligned() -> None:
    column = pl.Series(
        "出生日期", ["1985年3月7日", None, "1985-02-30", "07/03/1985", "", "19850307"]
    )
    parsed = parse_dates(column)
    assert parsed.dates.name == "出生日期"
    assert parsed.dates.dtype == pl.Date
    assert parsed.dates.to_list() == [
        MARCH_7_1985,
        None,
        None,
        date(1985, 7, 3),
        None,
        MARCH_7_1985,
    ]
    errors = parsed.errors.to_list()
    assert [e is not None for e in errors] == [False, False, True, False, False, False]
    assert "1985年2月没有30日" in errors[2]
    reasons = parsed.reasons.to_list()
    assert [r is not None for r in reasons] == [False, False, False, True, False, False]


def test_parse_dates_reads_an_integer_column() -> None:
    # A reader that let polars infer types hands over 19850307 as an integer.
    parsed = parse_dates(pl.Series("d", [19850307, None]))
    assert parsed.dates.to_list() == [MARCH_7_1985, None]


days_1900_2100 = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(days_1900_2100)
def test_parse_date_every_format_round_trips(day: date) -> None:
    for value in _all_formats(day):
        assert parse_date(value) == ParsedDate(day), value


@given(days_1900_2100)
def test_parse_date_year_last_always_offers_the_true_day(day: date) -> None:
    # Written day/month/year, the result is the day itself or an ambiguous month/day reading
    # whose reason names the true day.
    parsed = parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}")
    if parsed.value != day:
        assert parsed.ambiguous
        assert parsed.reason is not None and day.isoformat() in parsed.reason


@given(days_1900_2100)
def test_format_iso_round_trips(day: date) -> None:
    assert parse_date(format_iso(day)).value == day


@given(st.integers(min_value=2, max_value=73415).filter(lambda n: n not in (60, 61)))
def test_parse_date_consecutive_serials_are_consecutive_days(serial: int) -> None:
    # Serial 60 is skipped (phantom day), so 59 → 61 is tested separately above.
    assert parse_date(serial).value - parse_date(serial - 1).value == timedelta(days=1)
