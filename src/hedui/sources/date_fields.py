"""Date columns to ISO ``YYYY-MM-DD``, fast for the common case and exact for the rest.

All the work is done on a column's *distinct* values: a million rows hold a few tens of
thousands of days. The unambiguous year-first forms (``1985-03-07``, ``1985/3/7``, ``1985.3.7``,
``1985年3月7日``, ``19850307``, with or without a time after them) are read by polars; everything
else (Excel serials, two-digit years, day/month orders, Chinese numerals, and days that do not
exist such as ``1985-02-30``) goes to :func:`hedui.identity.dates.parse_date`, which also words the
error. The polars forms are exactly those ``parse_date`` reads as year, month, day, so both paths
agree on every value.

A date is impossible, and its row quarantined, when it cannot be parsed, lies before
:data:`EARLIEST` or after today; a date that had to be guessed (``07/03/1985``, a two-digit year)
is kept with a note.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.errors import InvalidDateError
from hedui.identity.dates import parse_date_or_none
from hedui.sources.fields import FieldResult, map_distinct, spread

__all__ = ["EARLIEST", "normalize_dates"]

EARLIEST = date(1900, 1, 1)
"""No one alive or on a register was born or married before 1900; an earlier year is a typo."""

_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YEAR_FIRST = (
    rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$",
    rf"^(\d{{4}})/(\d{{1,2}})/(\d{{1,2}}){_TIME}$",
    rf"^(\d{{4}})\.(\d{{1,2}})\.(\d{{1,2}}){_TIME}$",
    r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$",
    rf"^(\d{{4}})(\d{{2}})(\d{{2}}){_TIME}$",
)


def normalize_dates(column: pl.Series, *, today: date) -> FieldResult:
    """Parse a column of dates as written into ISO text.

    All the work is done on the column's distinct values (a few tens of thousands of days even
    in a million rows) and spread back with one join, which is skipped altogether when every
    value is already a valid ISO date.

    Args:
        column: Trimmed ``Utf8`` values, null for blanks.
        today: No date may be later than this.

    Returns:
        ``values`` ISO text (null for blanks and errors); ``errors`` why a value is impossible;
        ``notes`` why a parsed value is ambiguous.
    """
    keys = column.drop_nulls().unique()
    fast = _year_first(keys)
    slow = map_distinct(keys, _parse, where=fast.is_null())
    parsed = fast.fill_null(slow.values.str.strptime(pl.Date, "%Y-%m-%d", strict=False))
    out_of_range = pl.select(
        pl.when(parsed.lt(EARLIEST))
        .then(pl.lit(f"日期早于 {EARLIEST.year} 年 / the date is before {EARLIEST.year}"))
        .when(parsed.gt(today))
        .then(pl.lit(f"日期晚于今天（{today}）/ the date is after today ({today})"))
        .alias("errors")
    ).to_series()
    errors = slow.errors.fill_null(out_of_range)
    table = pl.DataFrame(
        {
            "key": keys,
            "value": pl.select(
                pl.when(errors.is_null()).then(parsed.dt.to_string("%Y-%m-%d"))
            ).to_series(),
            "error": errors,
            "note": slow.notes,
        }
    )
    result = spread(column, table)
    return result._replace(values=result.values.alias(column.name))


def _year_first(keys: pl.Series) -> pl.Series:
    """The day of every value written year first in one of :data:`_YEAR_FIRST`, else null
    (also null for a day that does not exist, so that ``parse_date`` explains it)."""
    frame = keys.to_frame("text")
    found = [
        frame.select(pl.col("text").str.extract_groups(pattern).struct.field("1", "2", "3")).select(
            pl.concat_str(
                pl.col("1"), pl.col("2").str.zfill(2), pl.col("3").str.zfill(2), separator="-"
            )
            .str.strptime(pl.Date, "%Y-%m-%d", strict=False)
            .alias("day")
        )["day"]
        for pattern in _YEAR_FIRST
    ]
    return pl.select(pl.coalesce(found)).to_series()


def _parse(value: str) -> tuple[str | None, str | None, str | None]:
    try:
        parsed = parse_date_or_none(value)
    except InvalidDateError as error:
        return None, str(error), None
    if parsed is None:
        return None, None, None
    return parsed.value.isoformat(), None, parsed.reason if parsed.ambiguous else None
