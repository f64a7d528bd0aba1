"""The linked records a village data-quality scorecard is computed from.

One row per record of a link directory, with what the four scorecard dimensions need: its
cluster (the event or person it describes), its event type, the village its own record names,
the village of its cluster (the most common among the cluster's records, ties the smallest
code, as in :mod:`hedui.stats.link_estimates`), and its event and registration dates from what
the source wrote (``sources.parquet``), read by the rule of :mod:`hedui.event_dates`:
a birth happened on the child's birth date, and a police birth record without a recording date
was registered on its ``event_date``. Records without a 12-digit village code belong to no
village and are left out: a scorecard is about villages.

With a reporting period the scorecard looks at the year to date: events dated from 1 January
of the period's year to its last day, and roster records, in both cases only as they stood at
the end of the period (recorded no later than its last day). A single month of one village is
usually too few events to say anything; the year to date is what a township reviews.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hedui.event_dates import record_event_date, registration_date
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period

__all__ = ["RESIDENT", "read_quality_records"]

RESIDENT = "resident"
_KEYS = ["source", "record_id"]


def read_quality_records(
    link_dir: LinkDir | Path | str, period: Period | None = None
) -> pl.DataFrame:
    """Every record of a village, with its cluster, cluster village and dates.

    Args:
        link_dir: the ``--out`` directory of ``hedui link``.
        period: restrict to the year to date of this period; ``None`` keeps every record.

    Returns:
        Columns ``source, record_id, cluster_id, event, village_code, cluster_village,
        event_date, recorded_date`` (the dates as ``pl.Date``, null when unreadable).

    Raises:
        LinkDirError: a file of the link directory is missing or lacks columns.
    """
    link = LinkDir.open(link_dir)
    clusters = link.clusters()
    prepared = link.records(["source", "record_id", "event", "village"])
    raw = link.sources(
        ["source", "record_id", "event", "event_date"], optional=("birth_date", "recorded_date")
    )
    raw = raw.select(pl.all().cast(pl.Utf8)).with_columns(
        pl.lit(None, pl.Utf8).alias(c)
        for c in ("birth_date", "recorded_date")
        if c not in raw.columns
    )
    dates = raw.select(
        "source",
        "record_id",
        _as_date(record_event_date(), "event_date"),
        _as_date(registration_date(), "recorded_date"),
    )
    frame = _beside(
        clusters.select(pl.col(c).cast(pl.Utf8) for c in (*_KEYS, "cluster_id")),
        prepared.select(
            *[pl.col(c).cast(pl.Utf8) for c in (*_KEYS, "event")],
            pl.col("village").cast(pl.Utf8).alias("village_code"),
        ),
    )
    frame = _beside(frame, dates).filter(pl.col("village_code").str.len_chars() == 12)
    if period is not None:
        frame = _within(frame, period)
    # Only events need their cluster's village; roster records are 95% of a county's rows.
    events = frame.filter(pl.col("event") != RESIDENT)
    return frame.join(_cluster_village(events), on="cluster_id", how="left")


def _beside(left: pl.DataFrame, right: pl.DataFrame) -> pl.DataFrame:
    """``right``'s columns beside ``left``'s rows, matched on source and record.

    ``hedui link`` writes every file with each source's records in the same order, so the
    source's rows are put side by side once their keys are checked equal; a join of three
    million string keys would cost seconds. Files in any other order are joined (left join).
    """
    parts = []
    right_parts = right.partition_by("source", as_dict=True, maintain_order=True)
    for (source,), part in left.partition_by("source", as_dict=True, maintain_order=True).items():
        other = right_parts.get((source,))
        if other is None or not part.select(_KEYS).equals(other.select(_KEYS)):
            return left.join(right, on=_KEYS, how="left")
        parts.append(pl.concat([part, other.drop(_KEYS)], how="horizontal"))
    if not parts:
        return left.join(right, on=_KEYS, how="left")
    return pl.concat(parts)


def _as_date(text: pl.Expr, name: str) -> pl.Expr:
    return text.str.to_date("%Y-%m-%d", strict=False).alias(name)


def _within(frame: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Year-to-date events and roster records, as recorded by the end of the period."""
    recorded = pl.col("recorded_date").is_null() | (pl.col("recorded_date") <= period.end)
    dated = pl.col("event_date").is_between(period.year_start, period.end)
    return frame.filter(recorded & ((pl.col("event") == RESIDENT) | dated))


def _cluster_village(frame: pl.DataFrame) -> pl.DataFrame:
    """Each cluster's most common village code (ties: the smallest)."""
    return (
        frame.group_by("cluster_id", "village_code")
        .len()
        .sort(["cluster_id", "len", "village_code"], descending=[False, True, False])
        .group_by("cluster_id", maintain_order=True)
        .first()
        .select("cluster_id", pl.col("village_code").alias("cluster_village"))
    )
