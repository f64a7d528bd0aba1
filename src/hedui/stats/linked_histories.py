"""Capture-history tables from linked records: the bridge from linkage to estimation.

``hedui link`` leaves ``clusters.csv`` with one row per record and the cluster (person or
event) it belongs to. Counting, for each cluster, which sources hold a record of it gives the
table of :class:`~hedui.stats.capture_histories.CaptureHistories`.

Estimates are made within strata (a township, a village, births versus deaths) because capture
probabilities differ between them, and pooling unlike strata biases the estimate downwards
(International Working Group for Disease Monitoring and Forecasting 1995, *Am J Epidemiol*
142:1047–1058); :func:`capture_histories_by` builds one table per stratum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from hedui.errors import EstimationInputError
from hedui.stats.capture_histories import CaptureHistories, History

__all__ = ["capture_histories", "capture_histories_by"]


def capture_histories(
    frame: pl.DataFrame,
    *,
    sources: Sequence[str] | None = None,
    cluster_column: str = "cluster_id",
    source_column: str = "source",
) -> CaptureHistories:
    """Count capture histories from linked records.

    Args:
        frame: one row per (cluster, source) — for example ``clusters.csv`` from ``hedui
            link``; repeated rows (a person entered twice in one source) count once.
        sources: the sources to use, in order; rows of other sources are ignored. By
            default every source present, sorted by name.
        cluster_column: the column naming the cluster (person or event).
        source_column: the column naming the source.

    Raises:
        EstimationInputError: for a missing column or fewer than two sources.
    """
    _require_columns(frame, [cluster_column, source_column])
    names = _source_list(frame, source_column, sources)
    return _count(frame, names, cluster_column, source_column, [])[()]


def capture_histories_by(
    frame: pl.DataFrame,
    by: str | Sequence[str],
    *,
    sources: Sequence[str] | None = None,
    cluster_column: str = "cluster_id",
    source_column: str = "source",
) -> dict[tuple[Any, ...], CaptureHistories]:
    """Count capture histories separately in each stratum (area, event type, ...).

    Every stratum's table has the same sources, so tables can be compared and a source that
    recorded nobody in a village shows as zeros rather than disappearing.

    Args:
        frame: as for :func:`capture_histories`, plus the stratum columns.
        by: the stratum column(s), for example ``"township_code"`` or
            ``["village_code", "event"]``.
        sources: the sources, in order; by default all in ``frame``, sorted.
        cluster_column: the column naming the cluster.
        source_column: the column naming the source.

    Returns:
        One table per stratum, keyed by the tuple of stratum values, in sorted order.

    Raises:
        EstimationInputError: for a missing column, fewer than two sources, or a cluster whose
            records lie in different strata (assign each cluster one area first, for example
            that of its household registration).
    """
    keys = [by] if isinstance(by, str) else list(by)
    _require_columns(frame, [cluster_column, source_column, *keys])
    names = _source_list(frame, source_column, sources)
    spread = (
        frame.select(cluster_column, *keys)
        .unique()
        .group_by(cluster_column)
        .len()
        .filter(pl.col("len") > 1)
    )
    if spread.height:
        examples = ", ".join(str(v) for v in spread[cluster_column].sort().head(5).to_list())
        raise EstimationInputError(
            f"{spread.height} 个聚类跨越多个分层（例如 {examples}），请先为每个聚类确定唯一的"
            f"地区 / {spread.height} clusters lie in more than one stratum of {keys} (for "
            f"example {examples}); give each cluster one area before estimating"
        )
    return _count(frame, names, cluster_column, source_column, keys)


def _count(
    frame: pl.DataFrame,
    sources: list[str],
    cluster_column: str,
    source_column: str,
    keys: list[str],
) -> dict[tuple[Any, ...], CaptureHistories]:
    k = len(sources)
    bits = {name: 1 << (k - 1 - i) for i, name in enumerate(sources)}
    pairs = (
        frame.filter(pl.col(source_column).is_in(sources))
        .select(cluster_column, source_column, *keys)
        .unique()
        .with_columns(
            pl.col(source_column).replace_strict(bits, return_dtype=pl.Int64).alias("_bit")
        )
    )
    per_cluster = pairs.group_by(cluster_column, *keys).agg(pl.col("_bit").sum().alias("_code"))
    cells = per_cluster.group_by(*keys, "_code").len()
    tables: dict[tuple[Any, ...], dict[History, int]] = {}
    if not keys:
        tables[()] = {}
    for row in cells.iter_rows(named=True):
        key = tuple(row[c] for c in keys)
        code = int(row["_code"])
        history = tuple((code >> (k - 1 - i)) & 1 for i in range(k))
        tables.setdefault(key, {})[history] = int(row["len"])
    ordered = sorted(tables, key=lambda t: tuple((v is None, str(v)) for v in t))
    return {key: CaptureHistories.from_counts(tables[key], sources) for key in ordered}


def _source_list(frame: pl.DataFrame, column: str, sources: Sequence[str] | None) -> list[str]:
    if sources is None:
        names = sorted(frame[column].drop_nulls().unique().to_list())
    else:
        names = list(sources)
    if len(names) < 2 or len(set(names)) != len(names):
        raise EstimationInputError(
            f"需要至少两个不同的来源，得到 {names} / capture–recapture needs at least two "
            f"distinct sources, got {names}"
        )
    return [str(n) for n in names]


def _require_columns(frame: pl.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise EstimationInputError(
            f"缺少列 {missing} / columns {missing} not found; the table has {frame.columns}"
        )
