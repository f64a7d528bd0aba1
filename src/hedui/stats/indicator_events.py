"""Linked events, one row per event: the unit every indicator and estimate counts.

A birth seen by the hospital, the village ledger and the police is three records but one
birth. Counting records would inflate every indicator by the number of sources that happen to
cover an event type (births have four, divorces one), so indicators count *clusters* of
``hedui link``. Each event takes the most common value of its records for the village and sex
(ties: the smallest value, so reruns agree; a blank value does not vote) and its date by the
one rule of :mod:`hedui.event_dates` — a birth by the child's birth date, whichever
source registered it when.

**Moves.** Linkage puts the two halves of a move inside the county — the move-out at the old
village and the move-in at the new one — in one cluster. Each half is a row here (its own
village and date), with ``paired_village`` naming the other half's village. Whether the
move is a move *out of* an area, *into* it or *within* it depends on the area: a move from
village A to village B of one township is a move out of A and into B at village level, and a
move within the township (``move_within``) at township and county level
(:func:`at_level`). Moves with one half only are moves across the county border (or moves
whose other half nobody registered; reconciliation's migration findings tell which).

``resident`` clusters are people on the register, not events: they give the population
denominator (:func:`register_population`).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hedui.event_dates import PARTIAL_COLUMN, event_dates
from hedui.linkage.link_dir import LinkDir

__all__ = [
    "MOVE_WITHIN",
    "RESIDENT",
    "at_level",
    "events_of",
    "linked_events",
    "linked_records",
    "register_population",
]

RESIDENT = "resident"
MOVE_WITHIN = "move_within"
"""A move whose two halves lie in the same area: neither in- nor out-migration of it."""

_MOVE_OUT, _MOVE_IN = "move_out", "move_in"
_COLUMNS = ("event", "village", "event_date", "sex")
_OPTIONAL = ("birth_date",)
_VOTED = ("village", "sex")
_KEYS = [pl.col("source").cast(pl.Utf8), pl.col("record_id").cast(pl.Utf8)]
_UNIT = ["cluster_id", "event"]


def linked_records(
    link_dir: LinkDir | Path | str, *, required: tuple[str, ...] = _COLUMNS
) -> pl.DataFrame:
    """Every linked record: ``source, cluster_id, event, village, event_date, sex, birth_date,
    birth_date_partial`` (text or null).

    Args:
        link_dir: the ``--out`` directory of ``hedui link``.
        required: the columns of ``records.parquet`` that must be there; the others read as
            null when absent (a link directory of an older hedui has no ``birth_date``).

    Raises:
        LinkDirError: ``clusters.csv`` or ``records.parquet`` is missing or lacks columns.
    """
    link = LinkDir.open(link_dir)
    clusters = link.clusters()
    optional = [c for c in (*_COLUMNS, *_OPTIONAL) if c not in required]
    records = link.records(["source", "record_id", *required], optional=optional)
    wanted = [c for c in (*_COLUMNS, *_OPTIONAL) if c in records.columns]
    prepared = records.select(_KEYS + [_blank_to_null(c) for c in wanted])
    joined = _join(clusters, prepared).with_columns(
        pl.lit(None, pl.Utf8).alias(c) for c in (*_COLUMNS, *_OPTIONAL) if c not in wanted
    )
    partial = link.partial_dates()
    if partial is None:
        joined = joined.with_columns(pl.lit(None, pl.Utf8).alias(PARTIAL_COLUMN))
    else:
        joined = joined.join(partial, on=["source", "record_id"], how="left")
    return joined.drop("record_id")


def linked_events(link_dir: LinkDir | Path | str) -> pl.DataFrame:
    """One row per event: ``cluster_id, event, village, sex, event_date, date_first,
    date_last, paired_village``.

    ``event_date`` is the event's day (null when no whole day is known); ``date_first`` and
    ``date_last`` bound it when only a partial birth date is (see
    :mod:`hedui.event_dates`); residents carry no dates. ``paired_village`` is, for
    one half of a move inside the county, the village of the other half.

    Raises:
        LinkDirError: ``clusters.csv`` or ``records.parquet`` is missing or lacks columns.
    """
    return events_of(linked_records(link_dir))


def events_of(records: pl.DataFrame) -> pl.DataFrame:
    """:func:`linked_events` from records as :func:`linked_records` returns them."""
    units = _modes(records.select(*_UNIT, *_VOTED))
    events = records.filter(pl.col("event") != RESIDENT)
    dates = event_dates(events, _UNIT)
    halves = units.filter(pl.col("event").is_in([_MOVE_OUT, _MOVE_IN])).select(
        "cluster_id",
        pl.col("event")
        .replace_strict({_MOVE_OUT: _MOVE_IN, _MOVE_IN: _MOVE_OUT}, return_dtype=pl.Utf8)
        .alias("event"),
        pl.col("village").alias("paired_village"),
        pl.lit(True).alias("paired"),
    )
    return (
        units.join(dates, on=_UNIT, how="left")
        .join(halves, on=_UNIT, how="left")
        .with_columns(pl.col("paired").fill_null(False))
        .select(
            *_UNIT, *_VOTED, "event_date", "date_first", "date_last", "paired", "paired_village"
        )
        .sort(_UNIT)
    )


def at_level(events: pl.DataFrame, digits: int) -> pl.DataFrame:
    """The events as an area of ``digits`` leading village-code digits counts them.

    The two halves of a move inside one area are one ``move_within`` of that area (kept as
    the move-out's row, the move-in's dropped); halves in different areas stay a move out
    of the one and a move into the other. A half whose village is unknown never makes a
    move "within" (nothing says both ends are in one area).
    """
    area = pl.col("village").str.slice(0, digits)
    same = (
        pl.col("paired")
        & pl.col("village").is_not_null()
        & (pl.col("paired_village").str.slice(0, digits) == area)
    ).fill_null(False)
    return events.filter(~(same & (pl.col("event") == _MOVE_IN))).with_columns(
        pl.when(same).then(pl.lit(MOVE_WITHIN)).otherwise(pl.col("event")).alias("event")
    )


def register_population(events: pl.DataFrame) -> pl.DataFrame:
    """People on the register by village: ``village, population`` from ``resident`` clusters.

    Why the register: it is the one population count every county office has for every
    village, and it is the population the sources themselves describe. Clusters rather than
    records, so that one person listed by the ledger, the township database and the police
    counts once. People with no village code are counted under ``""``.
    """
    return (
        events.filter(pl.col("event") == RESIDENT)
        .group_by(pl.col("village").fill_null(""))
        .agg(pl.len().alias("population"))
        .sort("village")
    )


def _blank_to_null(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.Utf8).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).alias(column)


def _join(clusters: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """Each record with its cluster.

    ``hedui link`` writes both files in the same record order; when the keys agree row by
    row the two are put side by side, which at a million people is several times faster than
    a join on two text columns. Any other pair of files is joined on the keys.
    """
    keys = clusters.select(_KEYS)
    if keys.height == records.height and keys.equals(records.select(_KEYS)):
        return pl.concat([clusters.select("cluster_id"), records], how="horizontal")
    return clusters.select(*_KEYS, "cluster_id").join(records, on=["source", "record_id"])


def _modes(joined: pl.DataFrame) -> pl.DataFrame:
    """Each event's most common non-null village and sex (ties: the smallest).

    Nearly every event agrees with itself, so the mode is computed only for the events whose
    smallest and largest value of some column differ; the rest take that value.
    """
    spread = (
        joined.group_by(_UNIT)
        .agg(
            *[pl.col(c).min() for c in _VOTED],
            *[pl.col(c).max().alias(f"{c}_max") for c in _VOTED],
        )
        .with_columns(
            pl.any_horizontal(*[pl.col(c) != pl.col(f"{c}_max") for c in _VOTED])
            .fill_null(False)
            .alias("mixed")
        )
        .drop([f"{c}_max" for c in _VOTED])
    )
    mixed = spread.filter(pl.col("mixed"))
    if mixed.is_empty():
        return spread.drop("mixed")
    modes = (
        joined.join(mixed.select(_UNIT), on=_UNIT, how="semi")
        .group_by(_UNIT)
        .agg(*[pl.col(c).drop_nulls().mode().sort().first() for c in _VOTED])
    )
    return pl.concat([spread.filter(~pl.col("mixed")).drop("mixed"), modes])
