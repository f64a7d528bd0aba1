"""Capture–recapture estimates straight from a linkage output directory.

``hedui link`` leaves ``clusters.csv`` (the cluster of every record) and ``records.parquet``
(the prepared values, among them ``event`` and ``village``). Each cluster is one event; its
capture history says which sources recorded it. Estimates are made per area and per event
type, because registration differs between townships and between births and deaths, and
pooling unlike strata biases the estimate downwards.

A cluster whose records name different villages is placed in the most common one (ties: the
smallest code), so every cluster lies in exactly one stratum. ``resident`` records describe
people, not events, and are left out unless asked for explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from hedui.errors import EstimationInputError, HeduiError
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.capture_recapture import PopulationEstimate, estimate_population
from hedui.stats.linked_histories import capture_histories_by
from hedui.stats.loglinear import Criterion
from hedui.stats.small_numbers import NotEstimable

__all__ = ["AREA_DIGITS", "AreaEstimate", "estimate_from_link_dir"]

Level = Literal["county", "township", "village"]

# How many leading digits of a village code name the area at each level.
AREA_DIGITS: dict[str, int] = {"county": 6, "township": 9, "village": 12}
_RESIDENT = "resident"


@dataclass(frozen=True)
class AreaEstimate:
    """The estimate of true events of one type in one area.

    Attributes:
        area: the area code (6 digits for a county, 9 for a township, 12 for a village);
            ``""`` for events whose records carry no village code.
        event: the event type, for example ``"birth"``.
        histories: the capture-history table (counts per source and their overlaps).
        result: the estimate, or :class:`NotEstimable` with the reason.
    """

    area: str
    event: str
    histories: CaptureHistories
    result: PopulationEstimate

    @property
    def counts(self) -> dict[str, int]:
        """Events each source recorded."""
        return self.histories.source_totals()

    @property
    def overlaps(self) -> dict[str, int]:
        """Events per capture history, keyed like ``"101"`` in source order."""
        return {"".join(map(str, h)): n for h, n in sorted(self.histories.counts.items())}

    @property
    def assumptions(self) -> tuple[str, ...]:
        """What the estimate assumes, bilingual."""
        return self.result.assumptions

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: area, event, counts, overlaps and the estimate."""
        return {
            "area": self.area,
            "event": self.event,
            "sources": list(self.histories.sources),
            "counts": self.counts,
            "overlaps": self.overlaps,
            "n_observed": self.histories.n_observed,
            "estimate": self.result.to_dict(),
        }


def estimate_from_link_dir(
    link_dir: Path | str,
    *,
    by: Level = "county",
    event: str | None = None,
    criterion: Criterion = "aic",
    level: float = 0.95,
) -> list[AreaEstimate]:
    """Estimate true event counts per area and event type from a linkage run.

    Args:
        link_dir: the ``--out`` directory of ``hedui link``.
        by: ``"county"``, ``"township"`` or ``"village"``.
        event: only this event type; by default every type except ``resident``.
        criterion: model selection for three or more sources, ``"aic"`` or ``"bic"``.
        level: the confidence level of the intervals.

    Returns:
        One estimate per (area, event type), sorted by event then area. The sources of an
        event type are those with at least one record of it.

    Raises:
        HeduiError: ``clusters.csv`` or ``records.parquet`` is missing or lacks columns.
        EstimationInputError: an unknown ``by`` level or criterion.
    """
    if by not in AREA_DIGITS:
        raise EstimationInputError(
            f"未知的地区层级 {by!r}（可用 county、township、village）/ unknown level {by!r}"
        )
    if criterion not in ("aic", "bic"):
        raise EstimationInputError(
            f"未知的模型选择标准 {criterion!r}（可用 aic、bic）/ unknown criterion {criterion!r}"
        )
    frame = _clusters_with_strata(Path(link_dir), AREA_DIGITS[by])
    if event is None:
        frame = frame.filter(pl.col("event") != _RESIDENT)
    else:
        frame = frame.filter(pl.col("event") == event)
    results: list[AreaEstimate] = []
    for (kind,), part in sorted(frame.group_by("event"), key=lambda g: str(g[0][0])):
        sources = sorted(part["source"].unique().to_list())
        if len(sources) < 2:
            results.extend(_single_source(part, str(kind), sources))
            continue
        tables = _histories_by_area(part, sources)
        for area, table in tables.items():
            result = estimate_population(table, level=level, criterion=criterion)
            results.append(AreaEstimate(area, str(kind), table, result))
    return results


def _histories_by_area(part: pl.DataFrame, sources: list[str]) -> dict[str, CaptureHistories]:
    tables = capture_histories_by(part, "area", sources=sources)
    return {str(key[0]): table for key, table in tables.items()}


def _single_source(part: pl.DataFrame, kind: str, sources: list[str]) -> list[AreaEstimate]:
    out = []
    for (area,), rows in sorted(part.group_by("area"), key=lambda g: str(g[0][0])):
        n = rows["cluster_id"].n_unique()
        table = CaptureHistories.from_counts({"1": n}, sources)
        reason = (
            f"只有一个来源（{', '.join(sources)}）登记了这类事件，无法估计 / only one source "
            f"({', '.join(sources)}) records this event type; at least two are needed"
        )
        out.append(AreaEstimate(str(area), kind, table, NotEstimable("none", reason, {"n": n})))
    return out


def _clusters_with_strata(link_dir: Path, digits: int) -> pl.DataFrame:
    """One row per record: source, cluster_id, and its cluster's area and event type."""
    for name in ("clusters.csv", "records.parquet"):
        if not (link_dir / name).is_file():
            raise HeduiError(
                f"{link_dir} 不是完整的连接输出目录：缺少 {name}（请先运行 hedui link）/ "
                f"{link_dir} is not a complete linkage output: {name} is missing "
                "(run hedui link first)"
            )
    clusters = pl.read_csv(link_dir / "clusters.csv", infer_schema=False)
    records = pl.read_parquet(link_dir / "records.parquet")
    _require(clusters, ["source", "record_id", "cluster_id"], link_dir / "clusters.csv")
    _require(records, ["source", "record_id", "event", "village"], link_dir / "records.parquet")
    joined = clusters.select("source", "record_id", "cluster_id").join(
        records.select(
            pl.col("source").cast(pl.Utf8),
            pl.col("record_id").cast(pl.Utf8),
            pl.col("event").cast(pl.Utf8),
            pl.col("village").cast(pl.Utf8).str.slice(0, digits).alias("code"),
        ),
        on=["source", "record_id"],
        how="inner",
    )
    area = _mode(joined, "code").rename({"code": "area"})
    kind = _mode(joined, "event")
    strata = area.join(kind, on="cluster_id", how="full", coalesce=True)
    # A cluster with no village code anywhere gets the area "" (unknown), not a guess.
    return (
        joined.select("source", "cluster_id")
        .join(strata, on="cluster_id", how="left")
        .with_columns(pl.col("area").fill_null(""))
    )


def _mode(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Each cluster's most common non-empty value of ``column`` (ties: the smallest)."""
    return (
        frame.filter(pl.col(column).is_not_null() & (pl.col(column) != ""))
        .group_by("cluster_id", column)
        .len()
        .sort(["cluster_id", "len", column], descending=[False, True, False])
        .group_by("cluster_id", maintain_order=True)
        .first()
        .select("cluster_id", column)
    )


def _require(frame: pl.DataFrame, columns: list[str], path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise HeduiError(
            f"{path} 缺少列 {missing}，不是 hedui link 的输出 / {path} lacks columns "
            f"{missing}; it is not an output of hedui link"
        )
