"""One row per cluster: what every kind of finding about a cluster needs to say where and when.

A county's link directory holds three million records; looping over them in Python costs more
than the whole of reconciliation may take, so the clusters that need a finding are picked out
column-wise first, and only for those are the per-cluster facts gathered: the event, the
village and event date most of its records give (ties: the smallest, so the answer does not
depend on row order) and its records as ``(source, record_id)`` pairs.
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


def cluster_summary(records: pl.DataFrame, clusters: pl.Series) -> pl.DataFrame:
    """Per cluster of ``clusters``: ``cluster, cluster_id, event, village_code, event_date,
    sources, records``.

    Args:
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.
        clusters: The ``cluster`` numbers wanted.

    Returns:
        ``sources`` is the sorted list of distinct sources, ``records`` the list of
        ``source`` and ``record_id`` structs; sorted by ``cluster``.
    """
    wanted = records.join(pl.DataFrame({"cluster": clusters.unique()}), on="cluster", how="semi")
    grouped = wanted.group_by("cluster").agg(
        pl.col("cluster_id").first(),
        pl.col("event").first(),
        pl.col("source").unique().sort().alias("sources"),
        pl.struct("source", "record_id").alias("records"),
    )
    return (
        grouped.join(mode_by(wanted, "cluster", "village_code"), on="cluster", how="left")
        .join(mode_by(wanted, "cluster", "event_date"), on="cluster", how="left")
        .with_columns(pl.col("village_code").fill_null(""))
        .sort("cluster")
    )
