"""One row per cluster: what every kind of finding about a cluster needs to say where and when.

A county's link directory holds three million records; looping over them in Python costs more
than the whole of reconciliation may take, so the per-cluster facts are computed column-wise
once: the event, the village and event date most of its records give (ties: the smallest, so
the answer does not depend on row order) and its records as ``(source, record_id)`` pairs.
"""

from __future__ import annotations

import polars as pl

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


def cluster_summary(records: pl.DataFrame) -> pl.DataFrame:
    """Per cluster: ``cluster_id, event, village_code, event_date, sources, records``.

    Args:
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them (sorted
            by cluster, source, record).

    Returns:
        ``sources`` is the sorted list of distinct sources, ``records`` the list of
        ``source`` and ``record_id`` structs in record order; sorted by ``cluster_id``.
    """
    grouped = records.group_by("cluster_id", maintain_order=True).agg(
        pl.col("event").first(),
        pl.col("source").unique().sort().alias("sources"),
        pl.struct("source", "record_id").alias("records"),
    )
    return (
        grouped.join(mode_by(records, "cluster_id", "village_code"), on="cluster_id", how="left")
        .join(mode_by(records, "cluster_id", "event_date"), on="cluster_id", how="left")
        .with_columns(pl.col("village_code").fill_null(""))
        .sort("cluster_id")
    )
