"""Birth dates known only to the year or the month: ``1948年``, ``1948年3月``, ``194803``.

Old people's birth dates are often written only to the year or the month (the registers of the
1950s did not always record the day), and ``出生年月`` columns are exported as ``1948.3`` or
``194803``. A day that does not exist (``1985-02-30``) or a month that does not (``1985-13-07``)
still gives the year and perhaps the month. None of these is a ``birth_date``, which is a whole
day, but throwing the row away lost a person that linkage could still find: so the year or
year-month goes into ``birth_date_partial`` (``1948``, ``1948-03``) and linkage compares it at
that precision. The row gets a warning saying what was kept.

A six-digit value is read as year and month (``194803`` → 1948-03) when its first four digits
are a year from 1900 to now and the last two a month, because Chinese records write ``出生年月``
that way; only otherwise is it a date with a two-digit year (``850307`` → 1985-03-07).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import partial
from typing import NamedTuple

import polars as pl

from hedui.sources.date_fields import EARLIEST, normalize_dates
from hedui.sources.fields import FieldResult, map_distinct, nulls

__all__ = ["BirthDates", "normalize_birth_dates"]

_YEAR = re.compile(r"(\d{4})\s*年?")
_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月?|[-/.](\d{1,2}))")
_YEAR_MONTH_COMPACT = re.compile(r"(\d{4})(\d{2})")
_WRITTEN_DAY = re.compile(
    r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*\d{1,2}\s*[日号]?|(\d{2})\d{2})"
    r"(?:[ T].*)?"
)
# What a partial date can look like before normalisation: short, and no third number.
_CANDIDATE = r"^[^-/.:]*(?:[-/.][^-/.:]*)?$"
_CHINESE_NUMERAL = re.compile(r"[〇零一二三四五六七八九十]+")
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


class BirthDates(NamedTuple):
    """The ``birth_date`` column read, with ``birth_date_partial`` beside it.

    Attributes:
        day: ``values`` whole days (ISO), ``errors`` why a written value gave no day (with what
            was kept of it), ``notes`` partial dates and ambiguous days.
        partial: ``values`` ``YYYY`` or ``YYYY-MM`` where no whole day is known; ``errors`` why
            a value of the file's own ``birth_date_partial`` column was not used.
    """

    day: FieldResult
    partial: FieldResult


def normalize_birth_dates(written: pl.Series, given: pl.Series, *, today: date) -> BirthDates:
    """Read the birth dates as written, and the file's own partial dates if it has any.

    A partial form (``1948年3月``) gives ``birth_date_partial`` and a note; any other value is
    read as a day (:func:`~hedui.sources.date_fields.normalize_dates`) and, when that fails,
    keeps its year and month if they are readable and plausible. A value in the file's own
    ``birth_date_partial`` column is used only where ``birth_date`` gives neither.

    Args:
        written: The ``birth_date`` column, trimmed, null for blanks.
        given: The ``birth_date_partial`` column, trimmed (all null when the file lacks it).
        today: No date, and no year or month, may be later than this.
    """
    forms = _read_partial(written, today=today, where=_candidates(written))
    is_form = forms.values.is_not_null() | forms.errors.is_not_null()
    days = normalize_dates(written.zip_with(~is_form, nulls(len(written))), today=today)
    failed = days.errors.is_not_null()
    kept = map_distinct(written, partial(_kept_of_day, today=today), where=failed).values
    own = _read_partial(given, today=today, where=given.is_not_null(), strict=True)
    value = pl.select(pl.coalesce(forms.values, kept, own.values)).to_series()
    day_errors = pl.select(
        pl.when(kept.is_not_null())
        .then(pl.format("{}（按 {} 比较 / compared as {}）", days.errors, kept, kept))
        .otherwise(pl.coalesce(days.errors, forms.errors))
        .alias("errors")
    ).to_series()
    return BirthDates(
        day=FieldResult(
            days.values.alias(written.name),
            day_errors,
            pl.select(pl.coalesce(days.notes, forms.notes).alias("notes")).to_series(),
        ),
        partial=FieldResult(
            value.zip_with(days.values.is_null(), nulls(len(value))).alias(given.name),
            own.errors,
            nulls(len(given), "notes"),
        ),
    )


def _candidates(column: pl.Series) -> pl.Series:
    return column.str.contains(_CANDIDATE).fill_null(False) & (column.str.len_chars() <= 12)


def _read_partial(
    column: pl.Series, *, today: date, where: pl.Series, strict: bool = False
) -> FieldResult:
    """Rows written in a partial form get ``values`` (``YYYY``/``YYYY-MM``) and a note, or an
    error when the year or month is impossible; other rows get nothing, or with ``strict`` an
    error saying the value is not a year or year-month."""
    return map_distinct(column, partial(_partial, today=today, strict=strict), where=where)


def _partial(value: str, *, today: date, strict: bool) -> tuple[str | None, str | None, str | None]:
    text = _normalise(value)
    if match := _YEAR.fullmatch(text):
        year, month = int(match.group(1)), None
    elif match := _YEAR_MONTH.fullmatch(text):
        year, month = int(match.group(1)), int(match.group(2) or match.group(3))
    elif (match := _YEAR_MONTH_COMPACT.fullmatch(text)) and _plausible(
        int(match.group(1)), int(match.group(2)), today
    ):
        year, month = int(match.group(1)), int(match.group(2))
    elif strict:
        return None, f"{value} 不是年份或年月 / {value} is not a year or a year and month", None
    else:
        return None, None, None
    if month is not None and not 1 <= month <= 12:
        return (
            None,
            f"出生日期 {value} 没有 {month} 月 / birth_date {value}: no month {month}",
            None,
        )
    if not _plausible(year, month or 1, today):
        return (
            None,
            f"出生日期 {value} 的年月应在 {EARLIEST.year} 年到今天之间 / birth_date {value} "
            f"should lie between {EARLIEST.year} and today",
            None,
        )
    if month is None:
        note = (
            f"出生日期只有年份，按 {year} 年比较 / birth_date gives only the year: compared as "
            f"{year}"
        )
        return str(year), None, note
    kept = f"{year}-{month:02d}"
    note = (
        f"出生日期只写到月，按 {kept} 比较 / birth_date gives only the year and month: "
        f"compared as {kept}"
    )
    if re.fullmatch(r"\d{4}\.1", text):
        note += (
            f"（Excel 会把 {year}.10 显示为 {year}.1，若是 10 月请改正 / Excel shows {year}.10 "
            f"as {year}.1: correct it if October was meant）"
        )
    return kept, None, note


def _kept_of_day(value: str, *, today: date) -> tuple[str | None, str | None, str | None]:
    """What a year-first date that is not a real or plausible day still says: ``1985-02-30`` →
    ``1985-02``, ``1985-13-07`` → ``1985``; nothing when the year is implausible too."""
    match = _WRITTEN_DAY.fullmatch(_normalise(value))
    if match is None:
        return None, None, None
    year, month = int(match.group(1)), int(match.group(2) or match.group(3))
    if 1 <= month <= 12 and _plausible(year, month, today):
        return f"{year}-{month:02d}", None, None
    if _plausible(year, 1, today):
        return str(year), None, None
    return None, None, None


def _plausible(year: int, month: int, today: date) -> bool:
    return 1 <= month <= 12 and EARLIEST.year <= year and (year, month) <= (today.year, today.month)


def _normalise(value: str) -> str:
    """Full-width digits to ASCII and Chinese numerals (``一九四八年三月``) to digits."""
    text = unicodedata.normalize("NFKC", value).strip()
    return _CHINESE_NUMERAL.sub(_numeral, text) if "年" in text else text


def _numeral(match: re.Match[str]) -> str:
    """``一九四八`` → ``1948`` (digit by digit), ``十二`` → ``12`` (tens with 十)."""
    text = match.group(0)
    if "十" not in text:
        return text.translate(_CHINESE_DIGITS)
    tens, _, units = text.partition("十")
    if len(tens) > 1 or "十" in units or len(units) > 1:
        return text
    return str(
        int(tens.translate(_CHINESE_DIGITS) or "1") * 10
        + int(units.translate(_CHINESE_DIGITS) or "0")
    )
