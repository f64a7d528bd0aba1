"""When an event happened: the one rule that places every event in its period.

Each event belongs to the period in which it happened — a birth by the child's birth date, a
death by the date of death, a move by the move date — and a registration date decides only
whether it was registered late. Sources do not all write the event's date in ``event_date``:
the police record of a birth carries the date of the *registration* there and the child's
birth date in ``birth_date``, so a December birth registered in January would otherwise count
in January. Every count, case and report therefore takes an event's date from here:
reconciliation's period filter, the indicators, the capture–recapture histories, the scorecard
and the monthly report.

**A record's event date** (:func:`record_event_date`): for a birth the child's birth date, else
``event_date``; for any other event ``event_date``.

**A record's registration date** (:func:`registration_date`): ``recorded_date`` where the
source has one; otherwise, for a birth whose ``event_date`` is later than its birth date, that
``event_date`` (the police write the registration there). **Lateness** is the registration
date minus the record's event date, per record (:func:`lateness_days`).

**An event's date** (:func:`event_dates`, one row per linked event): the most common date
among the best-ranked records that hold one, ties going to the earliest:

1. a birth: the hospital's (``health_births``) birth date; then any record's birth date; then
   ``event_date`` of sources other than the police; then the police's ``event_date``;
2. any other event: ``event_date`` of sources other than the police; then the police's.

The hospital writes the birth down on the day; the police's dates are registration dates for a
birth and, for a death or a move, often the day the registration was cancelled or transferred,
weeks after the event. So the police's date counts only when no other source dates the event.
Within a rank the most common date wins, so one mistyped record among three cannot move an
event; a tie goes to the earliest, since registrations only ever come after the event. A
cluster holding both halves of a move within the county is dated by its move-out (the day the
person left); its move-in records count only when no move-out record is dated.

**Partial dates.** A birth whose records give no whole day but a ``birth_date_partial``
(``YYYY`` or ``YYYY-MM``) is known to lie between that year's or month's first and last day
(``date_first``, ``date_last``); it is placed in a period only when that whole span lies
inside it. An event with no usable date at all is linked, counted among the undated, and
placed in no period.

The rule sits at the top of the package, beside :mod:`hedui.period`, not in reconciliation:
statistics, reconciliation and the reports all date events by it, and statistics sit below
reconciliation (they read its findings, never the other way). It needs nothing but the
records' own columns, so it is shared ground rather than a protocol that reconciliation
would have to hand down.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from hedui.period import Period

__all__ = [
    "DATE_COLUMNS",
    "PARTIAL_COLUMN",
    "event_dates",
    "event_month",
    "in_period",
    "lateness_days",
    "record_event_date",
    "registration_date",
    "up_to",
    "with_date_columns",
]

PARTIAL_COLUMN = "birth_date_partial"
"""A birth date known only to the year (``YYYY``) or the month (``YYYY-MM``)."""

DATE_COLUMNS = ("event_date", "date_first", "date_last")
"""What :func:`event_dates` gives per event: the day, or the span a partial date allows."""

_HOSPITAL = "health_births"
_POLICE = "police_hukou"
_BIRTH = "birth"
_MOVE_IN = "move_in"
_ISO = r"^\d{4}-\d{2}-\d{2}$"


def _day(column: str) -> pl.Expr:
    """``column`` when it holds an ISO day, else null (blank or odd text places nothing)."""
    text = pl.col(column).cast(pl.Utf8)
    return pl.when(text.str.contains(_ISO)).then(text)


def record_event_date() -> pl.Expr:
    """A record's own date of its event (ISO text): a birth's birth date, else ``event_date``."""
    birth = pl.col("event") == _BIRTH
    return (
        pl.when(birth)
        .then(pl.coalesce(_day("birth_date"), _day("event_date")))
        .otherwise(_day("event_date"))
    )


def registration_date() -> pl.Expr:
    """When the record was written down (ISO text), see the module docstring."""
    written_later = (pl.col("event") == _BIRTH) & (_day("event_date") > _day("birth_date"))
    return pl.coalesce(_day("recorded_date"), pl.when(written_later).then(_day("event_date")))


def lateness_days() -> pl.Expr:
    """Days from the event to its registration, per record (null when either is unknown)."""
    day = record_event_date().str.to_date("%Y-%m-%d", strict=False)
    written = registration_date().str.to_date("%Y-%m-%d", strict=False)
    return (written - day).dt.total_days()


def with_date_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every column the rule reads, missing ones as nulls.

    Older link directories and hand-made tables may lack ``birth_date`` or the partial
    date; they then simply have fewer dates, rather than failing.
    """
    wanted = ("source", "event", "event_date", "birth_date", PARTIAL_COLUMN)
    return frame.with_columns(
        pl.lit(None, pl.Utf8).alias(c) for c in wanted if c not in frame.columns
    )


def _candidates(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Every dated record as ``keys, rank, day``: the ranks of the module docstring (from 0)."""
    police = pl.col("source") == _POLICE
    birth = pl.col("event") == _BIRTH
    # Move-in records rank behind move-out ones: a move within the county is dated by its
    # move-out.
    behind = pl.when(pl.col("event") == _MOVE_IN).then(2).otherwise(0)
    event_day = _day("event_date")
    ranked: list[tuple[pl.Expr, pl.Expr, pl.Expr]] = [
        (
            birth & (pl.col("source") == _HOSPITAL),
            pl.lit(0),
            pl.coalesce(_day("birth_date"), event_day),
        ),
        (birth, pl.lit(1), _day("birth_date")),
        (birth & ~police, pl.lit(2), event_day),
        (birth & police, pl.lit(3), event_day),
        (~birth & ~police, behind, event_day),
        (~birth & police, behind + 1, event_day),
    ]
    parts = [
        frame.filter(where.fill_null(False)).select(
            *keys, rank.cast(pl.Int32).alias("rank"), day.alias("day")
        )
        for where, rank, day in ranked
    ]
    return pl.concat(parts).filter(pl.col("day").is_not_null())


def _mode(frame: pl.DataFrame, keys: list[str], column: str) -> pl.DataFrame:
    """Per key, the best rank's most common ``column`` (ties: the smallest, i.e. earliest)."""
    return (
        frame.group_by([*keys, "rank", column])
        .len()
        .sort([*keys, "rank", "len", column], descending=[*[False] * len(keys), False, True, False])
        .unique(subset=keys, keep="first", maintain_order=True)
        .select(*keys, column)
    )


def _partial_span(partial: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """First and last ISO day of a ``YYYY`` or ``YYYY-MM`` value."""
    year = partial.str.slice(0, 4)
    is_month = partial.str.len_chars() == 7
    first = pl.when(is_month).then(partial + "-01").otherwise(year + "-01-01")
    last_day = (
        pl.when(is_month)
        .then((partial + "-01").str.to_date("%Y-%m-%d", strict=False).dt.month_end())
        .otherwise((year + "-12-31").str.to_date("%Y-%m-%d", strict=False))
        .dt.strftime("%Y-%m-%d")
    )
    return first, last_day


def event_dates(records: pl.DataFrame, keys: str | Sequence[str]) -> pl.DataFrame:
    """Each event's date by the rule of the module docstring.

    Args:
        records: one row per record, with ``keys`` and ``source``, ``event``,
            ``event_date``, ``birth_date`` and optionally ``birth_date_partial`` (ISO text;
            missing columns count as empty).
        keys: the column(s) naming an event: ``cluster_id``, or ``["cluster", "event"]``
            for the halves of a move.

    Returns:
        One row per key present in ``records``: ``keys``, ``event_date`` (ISO, null when no
        whole day is known), ``date_first`` and ``date_last`` (ISO, the span a partial date
        allows; equal to ``event_date`` when it is known; null when nothing is).
    """
    by = [keys] if isinstance(keys, str) else list(keys)
    frame = with_date_columns(records)
    days = _mode(_candidates(frame, by), by, "day").rename({"day": "event_date"})
    partial = pl.col(PARTIAL_COLUMN).cast(pl.Utf8)
    usable = (pl.col("event") == _BIRTH) & partial.str.contains(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
    partials = (
        frame.filter(usable.fill_null(False))
        .select(*by, partial.alias("partial"), (2 - partial.str.len_chars() // 7).alias("rank"))
        .pipe(_mode, by, "partial")
    )
    first, last = _partial_span(pl.col("partial"))
    every = frame.select(by).unique(maintain_order=True)
    return (
        every.join(days, on=by, how="left", nulls_equal=True)
        .join(partials, on=by, how="left", nulls_equal=True)
        .with_columns(
            pl.coalesce("event_date", first).alias("date_first"),
            pl.coalesce("event_date", last).alias("date_last"),
        )
        .drop("partial")
    )


def in_period(period: Period) -> pl.Expr:
    """Whether an event (``date_first``, ``date_last``) lies wholly within ``period``."""
    return (
        (pl.col("date_first") >= period.start.isoformat())
        & (pl.col("date_last") <= period.end.isoformat())
    ).fill_null(False)


def up_to(period: Period) -> pl.Expr:
    """Whether an event happened by the end of ``period`` (a run "to date")."""
    return (pl.col("date_last") <= period.end.isoformat()).fill_null(False)


def event_month() -> pl.Expr:
    """``YYYY-MM`` of an event known to lie within one month, else null."""
    month = pl.col("date_first").str.slice(0, 7)
    return pl.when(month == pl.col("date_last").str.slice(0, 7)).then(month)
