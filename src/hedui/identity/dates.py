"""Dates as Chinese population records write them, parsed into :class:`datetime.date`.

A county's sources disagree on how to write a day: village ledgers say ``1985年3月7日`` (sometimes
``一九八五年三月七日`` or with full-width digits), the township database exports ``1985-03-07
00:00:00``, hospitals send ``1985/3/7`` or ``19850307``, and a spreadsheet read without its cell
formats hands over the Excel serial ``31113``. :func:`parse_date` accepts all of them and says when
it had to guess:

* **Day/month order.** Chinese order is year–month–day. A value with the year last (``07/03/1985``)
  comes from a foreign-style export and is either day/month or month/day. When both readings are
  real days and differ, the month/day reading (Excel's en-US default, the usual culprit) is
  returned with ``ambiguous=True`` and a reason naming the other reading.
* **Two-digit years.** ``85-3-7``, ``850307``: the year is read in the century that puts it no later
  than the current year (``85`` → 1985, ``07`` → 2007), because birth and event dates lie in the
  past. Always flagged ambiguous. The year group must be recognisable: four digits, or two digits
  that cannot be a day (above 31) at either end, or the ``年`` form; ``03/04/05`` is rejected.
* **Excel serials** use the 1900 date system: serial 1 is 1900-01-01 and serial 60 is Lotus 1-2-3's
  phantom 1900-02-29, so serials from 61 on count from 1899-12-30. Numbers (``int``/``float``) are
  accepted from 1 to 73415 (2100-12-31); numeric *strings* only with five digits before an optional
  fraction, because a four-digit string such as ``"1985"`` is a bare year, not 1905-06-07.
* **Times** after the date (``00:00:00``, ``T08:30Z``) are dropped: records keep days.

Blanks and the markers exports use for "no value" (``NULL``, ``0000-00-00``, ``不详``, ``—``) are
not dates: :func:`parse_date` rejects them and :func:`parse_date_or_none` returns ``None``.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

import polars as pl

from hedui.errors import InvalidDateError

__all__ = [
    "ParsedDate",
    "ParsedDates",
    "format_iso",
    "parse_date",
    "parse_date_or_none",
    "parse_dates",
]

MIN_YEAR = 1800
MAX_YEAR = 2200
EXCEL_MAX_SERIAL = 73415  # 2100-12-31

_BLANKS = frozenset(
    {"", "null", "none", "nan", "nat", "n/a", "na", "-", "--", "—", "/", "无", "不详", "未知"}
)
_ZERO_DATE = re.compile(r"0{4}[-/.]?0{2}[-/.]?0{2}(?:[ T].*)?")
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_SEPARATED = re.compile(rf"(\d{{1,4}})([-/.])(\d{{1,2}})\2(\d{{1,4}}){_TIME}")
_CHINESE = re.compile(r"(\d{2}|\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_COMPACT = re.compile(rf"(\d{{8}}|\d{{6}}){_TIME}")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_PARTIAL = re.compile(r"\d{4}\s*(?:年\s*(?:\d{1,2}\s*月?)?|[-/.]\d{1,2})?")
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CHINESE_NUMERAL = re.compile(r"[〇零一二三四五六七八九十]+")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed day, and whether hedui had to guess to get it.

    Attributes:
        value: The day.
        ambiguous: True when another reading of the same text was possible.
        reason: Why it is ambiguous (Chinese, then English), or ``None``.
    """

    value: date
    ambiguous: bool = False
    reason: str | None = None


class ParsedDates(NamedTuple):
    """A column of parsed dates, row for row with its input (see :func:`parse_dates`)."""

    dates: pl.Series
    errors: pl.Series
    reasons: pl.Series


def format_iso(value: date) -> str:
    """Format a day as ``YYYY-MM-DD``, as every hedui output does; a datetime loses its time."""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def parse_date_or_none(value: object) -> ParsedDate | None:
    """Parse an optional date: ``None`` for a blank, :class:`ParsedDate` otherwise.

    A non-blank value that is not a date still raises :class:`InvalidDateError`: a filled-in but
    wrong field is a mistake to show the user, not a missing value to ignore.
    """
    if _is_blank(value):
        return None
    return parse_date(value)


def parse_date(value: object) -> ParsedDate:
    """Parse one date written in any of the forms described in the module docstring.

    Args:
        value: A string, ``datetime.date``/``datetime.datetime``, or an Excel serial number.

    Returns:
        The day, flagged ambiguous when the text allowed another reading.

    Raises:
        InvalidDateError: The value is blank, unrecognised, or names a day that does not exist.
    """
    if _is_blank(value):
        raise _error(value, "日期为空", "the date is empty")
    if isinstance(value, datetime):
        return ParsedDate(value.date())
    if isinstance(value, date):
        return ParsedDate(value)
    if isinstance(value, bool):
        raise _error(value, "不是日期", "a true/false value is not a date")
    if isinstance(value, numbers.Integral) and 10_000_000 <= int(value) <= 99_999_999:
        return _from_compact(value, str(int(value)))
    if isinstance(value, numbers.Real):
        return ParsedDate(_from_excel_serial(float(value), value))
    if not isinstance(value, str):
        raise _error(value, "无法识别的日期类型", f"cannot read a date from {type(value).__name__}")
    return _parse_text(value)


def parse_dates(values: pl.Series) -> ParsedDates:
    """Parse a column of dates, each distinct value once.

    Sources repeat the same few thousand days over millions of rows, so every distinct string is
    parsed once with :func:`parse_date` and the results are joined back.

    Returns:
        ``dates`` (``pl.Date``, null for blanks and errors), ``errors`` (the bilingual message of
        each rejected value, else null) and ``reasons`` (why a parsed value is ambiguous, else
        null), all the length of ``values``.
    """
    text = values.cast(pl.Utf8)
    parsed: dict[str, tuple[date | None, str | None, str | None]] = {}
    for raw in text.drop_nulls().unique().to_list():
        try:
            result = parse_date_or_none(raw)
        except InvalidDateError as error:
            parsed[raw] = (None, str(error), None)
        else:
            parsed[raw] = (
                (None, None, None) if result is None else (result.value, None, result.reason)
            )
    rows = [parsed.get(raw, (None, None, None)) if raw is not None else None for raw in text]
    dates = pl.Series(values.name, [r[0] if r else None for r in rows], dtype=pl.Date)
    errors = pl.Series("error", [r[1] if r else None for r in rows], dtype=pl.Utf8)
    reasons = pl.Series("reason", [r[2] if r else None for r in rows], dtype=pl.Utf8)
    return ParsedDates(dates, errors, reasons)


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float | datetime):
        return value != value  # NaN, and pandas' NaT (a datetime that equals nothing)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        return text.lower() in _BLANKS or _ZERO_DATE.fullmatch(text) is not None
    return False


def _parse_text(raw: str) -> ParsedDate:
    text = unicodedata.normalize("NFKC", raw).strip()
    if "年" in text:
        text = _CHINESE_NUMERAL.sub(_chinese_numeral, text)
        if match := _CHINESE.fullmatch(text):
            year, month, day = match.groups()
            return _from_groups(raw, year, month, day)
    if match := _SEPARATED.fullmatch(text):
        first, _, middle, last = match.groups()
        return _from_separated(raw, first, middle, last)
    if match := _COMPACT.fullmatch(text):
        return _from_compact(raw, match.group(1))
    if _SERIAL.fullmatch(text):
        return ParsedDate(_from_excel_serial(float(text), raw))
    if _PARTIAL.fullmatch(text):
        raise _error(
            raw,
            "日期不完整，缺少月或日；请补全为 YYYY-MM-DD",
            "incomplete date, the month or day is missing; complete it as YYYY-MM-DD",
        )
    raise _error(
        raw,
        "无法识别的日期格式，请写成 YYYY-MM-DD",
        "unrecognised date format; write it as YYYY-MM-DD",
    )


def _from_separated(raw: object, first: str, middle: str, last: str) -> ParsedDate:
    if len(first) == 4 or (len(first) == 2 and int(first) > 31 and len(last) <= 2):
        return _from_groups(raw, first, middle, last)
    if len(last) == 4 or (len(last) == 2 and int(last) > 31 and len(first) <= 2):
        return _year_last(raw, first, middle, last)
    raise _error(
        raw,
        "分不清哪一部分是年份，请用四位年份",
        "cannot tell which part is the year; write the year with four digits",
    )


def _year_last(raw: object, first: str, middle: str, year: str) -> ParsedDate:
    """Read ``a/b/year`` as month/day (preferred) or day/month, flagging the choice."""
    month_day = _try_day(year, first, middle)
    day_month = _try_day(year, middle, first)
    if month_day is None:
        if day_month is None:
            raise _error(raw, "不是有效的日期", "neither month/day nor day/month gives a real day")
        return day_month
    if day_month is None or day_month.value == month_day.value:
        return month_day
    reason = (
        f"日月顺序不明：按月/日读为 {month_day.value}，按日/月则为 {day_month.value} / "
        f"day and month order unclear: read as month/day {month_day.value}, "
        f"day/month would give {day_month.value}"
    )
    if month_day.reason:
        reason = f"{month_day.reason}; {reason}"
    return ParsedDate(month_day.value, ambiguous=True, reason=reason)


def _try_day(year: str, month: str, day: str) -> ParsedDate | None:
    try:
        return _from_groups("", year, month, day)
    except InvalidDateError:
        return None


def _from_compact(raw: object, digits: str) -> ParsedDate:
    if len(digits) == 8:
        return _from_groups(raw, digits[:4], digits[4:6], digits[6:])
    return _from_groups(raw, digits[:2], digits[2:4], digits[4:])


def _from_groups(raw: object, year_text: str, month_text: str, day_text: str) -> ParsedDate:
    year, month, day = int(year_text), int(month_text), int(day_text)
    reason = None
    if len(year_text) == 2:
        year = _full_year(year)
        reason = (
            f"两位年份 {year_text} 按 {year} 年理解 / two-digit year {year_text} read as {year}"
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _error(
            raw,
            f"年份 {year} 不合理（应在 {MIN_YEAR}–{MAX_YEAR} 之间）",
            f"implausible year {year} (expected {MIN_YEAR}–{MAX_YEAR})",
        )
    if not 1 <= month <= 12:
        raise _error(raw, f"没有 {month} 月", f"there is no month {month}")
    try:
        value = date(year, month, day)
    except ValueError:
        raise _error(
            raw,
            f"{year}年{month}月没有{day}日",
            f"{year}-{month:02d} has no day {day}",
        ) from None
    return ParsedDate(value, ambiguous=reason is not None, reason=reason)


def _full_year(two_digits: int) -> int:
    """Put a two-digit year in the century that keeps it no later than this year."""
    this_year = date.today().year
    year = this_year // 100 * 100 + two_digits
    return year if year <= this_year else year - 100


def _from_excel_serial(serial: float, raw: object) -> date:
    """Convert an Excel 1900-system serial, skipping Lotus 1-2-3's phantom 1900-02-29."""
    if math.isnan(serial) or not 1 <= serial < EXCEL_MAX_SERIAL + 1:
        raise _error(
            raw,
            f"Excel 日期序号应在 1–{EXCEL_MAX_SERIAL} 之间",
            f"an Excel date serial must be between 1 and {EXCEL_MAX_SERIAL}",
        )
    days = int(serial)
    if days == 60:
        raise _error(
            raw,
            "Excel 序号 60 是不存在的 1900-02-29",
            "Excel serial 60 is the non-existent 1900-02-29",
        )
    epoch = date(1899, 12, 30) if days > 60 else date(1899, 12, 31)
    return epoch + timedelta(days=days)


def _chinese_numeral(match: re.Match[str]) -> str:
    """``一九八五`` → ``1985`` (digit by digit), ``二十一`` → ``21`` (tens with 十)."""
    text = match.group(0)
    if "十" not in text:
        return text.translate(_CHINESE_DIGITS)
    if text.count("十") > 1 or len(text) > 3:
        return text
    tens, _, units = text.partition("十")
    return str(
        int(tens.translate(_CHINESE_DIGITS) or "1") * 10
        + int(units.translate(_CHINESE_DIGITS) or "0")
    )


def _error(value: object, chinese: str, english: str) -> InvalidDateError:
    return InvalidDateError(f"日期 {value!r} 无效：{chinese} / invalid date {value!r}: {english}")
