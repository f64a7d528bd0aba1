"""One row per cluster: what every kind of finding about a cluster needs to say where and when.

A county's link directory holds three million records; looping over them in Python costs more
than the whole of reconciliation may take, so the clusters that need a finding are picked out
column-wise first, and only for those are the per-cluster facts gathered: the event, the
village most of its records give (ties: the smallest, so the answer does not depend on row
order), the event's date by the rule of :mod:`hedui.event_dates` and its records as
``(source, record_id)`` pairs.
"""

from __future__ import annotations

import polars as pl

from hedui.event_dates import event_dates

__all__ = ["cluster_summary", "mode_by"]


def mode_by(frame: pl.DataFrame, key: str | list[str], column: str) -> pl.DataFrame:
    """The most common non-null ``column`` per ``key`` (ties: the smallest value).

    Returns:
        ``key`` column(s) and ``column``; keys whose values are all null are absent.
    """
    keys = [key] if isinstance(key, str) else key
    counted = (
        frame.filter(pl.col(column).is_not_null() & (pl.col(column) != ""))
        .group_by([*keys, column])
        .len()
        .sort([*keys, "len", column], descending=[*[False] * len(keys), True, False])
    )
    return counted.unique(subset=keys, keep="first", maintain_order=True).select(*keys, column)


def cluster_summary(
    records: pl.DataFrame, clusters: pl.Series | pl.DataFrame, *, per_event: bool = False
) -> pl.DataFrame:
    """Per cluster of ``clusters``: ``cluster, cluster_id, event, village_code, event_date,
    sources, records``.

    Args:
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.
        clusters: The ``cluster`` numbers wanted; with ``per_event``, a frame of the
            ``cluster`` and ``event`` pairs wanted.
        per_event: One row per cluster and event instead of per cluster: a cluster holding
            both halves of a move within the county (its move-out and its move-in) is one
            move, but each half is booked by its own village, so each is checked on its own.

    Returns:
        ``sources`` is the sorted list of distinct sources, ``records`` the list of
        ``source`` and ``record_id`` structs, ``event_date`` the event's date (null when no
        whole day is known); sorted by ``cluster`` (then ``event``).
    """
    keys = ["cluster", "event"] if per_event else ["cluster"]
    wanted_keys = (
        clusters.select(keys).unique()
        if isinstance(clusters, pl.DataFrame)
        else pl.DataFrame({"cluster": clusters.unique()})
    )
    wanted = records.join(wanted_keys, on=keys, how="semi")
    grouped = wanted.group_by(keys).agg(
        pl.col("cluster_id").first(),
        *([] if per_event else [pl.col("event").min()]),
        pl.col("source").unique().sort().alias("sources"),
        pl.struct("source", "record_id").alias("records"),
    )
    return (
        grouped.join(mode_by(wanted, keys, "village_code"), on=keys, how="left")
        .join(event_dates(wanted, keys).select(*keys, "event_date"), on=keys)
        .with_columns(pl.col("village_code").fill_null(""))
        .select(
            "cluster", "cluster_id", "event", "sources", "records", "village_code", "event_date"
        )
        .sort(keys)
    )
