"""Capture–recapture estimates straight from a linkage output directory.

``hedui link`` leaves ``clusters.csv`` (the cluster of every record) and ``records.parquet``
(the prepared values, among them ``event`` and ``village``). Each cluster is one event; its
capture history says which sources recorded it. Estimates are made per area and per event
type, because registration differs between townships and between births and deaths, and
pooling unlike strata biases the estimate downwards.

An event whose records name different villages is placed in the most common one (ties: the
smallest code), so every event lies in exactly one stratum; with a period, only the events
that happened in it count, each dated by :mod:`hedui.event_dates` (a birth by the
child's birth date, whenever the police registered it). ``resident`` records describe people,
not events, and are left out unless asked for explicitly.

A move inside the county is one cluster with two halves (:mod:`hedui.stats.indicator_events`).
Where both halves lie in the area being estimated it is one ``move_within`` event, recorded by
every source that holds either half; otherwise the half in the area is its move out or move
in, as in the indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from hedui.errors import EstimationInputError
from hedui.event_dates import in_period
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.capture_recapture import PopulationEstimate, estimate_population
from hedui.stats.indicator_events import MOVE_WITHIN, at_level, events_of, linked_records
from hedui.stats.interval import Interval
from hedui.stats.linkage_ambiguity import ambiguous_unit_pairs, fold_ambiguous
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
        linkage_ambiguity: events of the area the linkage may have counted twice (pairs it
            left apart for a person to check, :mod:`hedui.stats.linkage_ambiguity`).
        folded: the estimate with those pairs merged, when there are any.
    """

    area: str
    event: str
    histories: CaptureHistories
    result: PopulationEstimate
    linkage_ambiguity: int = 0
    folded: PopulationEstimate | None = None

    @property
    def interval_with_linkage(self) -> Interval | None:
        """The interval widened to hold the estimate with the ambiguous pairs merged.

        ``None`` when no estimate was made. Without ambiguous pairs, the interval itself.
        """
        if isinstance(self.result, NotEstimable):
            return None
        interval = self.result.interval
        if self.folded is None or isinstance(self.folded, NotEstimable):
            return interval
        other = self.folded.interval
        return Interval(
            min(interval.lower, other.lower),
            max(interval.upper, other.upper),
            interval.level,
            f"{interval.method}+linkage",
        )

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
            "linkage_ambiguity": self.linkage_ambiguity,
            "interval_with_linkage": (
                None if self.interval_with_linkage is None else self.interval_with_linkage.to_dict()
            ),
        }


def estimate_from_link_dir(
    link_dir: LinkDir | Path | str,
    *,
    by: Level = "county",
    event: str | None = None,
    period: Period | None = None,
    criterion: Criterion = "aic",
    level: float = 0.95,
) -> list[AreaEstimate]:
    """Estimate true event counts per area and event type from a linkage run.

    Args:
        link_dir: the ``--out`` directory of ``hedui link``.
        by: ``"county"``, ``"township"`` or ``"village"``.
        event: only this event type; by default every type except ``resident``.
        period: only the events that happened in this month or year; ``None``: every event
            of the link directory, dated or not.
        criterion: model selection for three or more sources, ``"aic"`` or ``"bic"``.
        level: the confidence level of the intervals.

    Returns:
        One estimate per (area, event type), sorted by event then area. The sources of an
        event type are those with at least one record of it.

    Raises:
        LinkDirError: ``clusters.csv`` or ``records.parquet`` is missing or lacks columns.
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
    link = LinkDir.open(link_dir)
    frame = _records_with_strata(link, AREA_DIGITS[by], period)
    ambiguous = ambiguous_unit_pairs(link)
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
            in_area = part.filter(pl.col("area") == area)
            merged, ambiguity = fold_ambiguous(in_area, ambiguous)
            folded = None
            if ambiguity:
                folded_table = capture_histories_by(merged, "area", sources=sources)
                folded = estimate_population(
                    next(iter(folded_table.values())), level=level, criterion=criterion
                )
            results.append(AreaEstimate(area, str(kind), table, result, ambiguity, folded))
    return results


def _histories_by_area(part: pl.DataFrame, sources: list[str]) -> dict[str, CaptureHistories]:
    tables = capture_histories_by(part, "area", sources=sources)
    return {str(key[0]): table for key, table in tables.items()}


def _single_source(part: pl.DataFrame, kind: str, sources: list[str]) -> list[AreaEstimate]:
    out = []
    for (area,), rows in sorted(part.group_by("area"), key=lambda g: str(g[0][0])):
        n = rows["cluster_id"].n_unique()
        # from_counts refuses a one-source table, since no estimator can use it; the table is
        # built directly so that the count is still shown beside the reason.
        table = CaptureHistories(sources=tuple(sources), counts={(1,): n})
        reason = (
            f"只有一个来源（{', '.join(sources)}）登记了这类事件，无法估计 / only one source "
            f"({', '.join(sources)}) records this event type; at least two are needed"
        )
        out.append(AreaEstimate(str(area), kind, table, NotEstimable("none", reason, {"n": n})))
    return out


def _records_with_strata(link: LinkDir, digits: int, period: Period | None) -> pl.DataFrame:
    """One row per record: ``source``, ``cluster_id`` (the event it belongs to, a move's two
    halves one event where both lie in the area), its event type and ``area``."""
    records = linked_records(link, required=("event", "village"))
    events = at_level(events_of(records), digits)
    if period is not None:
        events = events.filter((pl.col("event") == _RESIDENT) | in_period(period))
    # A move within the area is kept as its move-out's row: both halves' records belong to it.
    units = events.select(
        "cluster_id",
        pl.when(pl.col("event") == MOVE_WITHIN)
        .then(pl.lit("move_out"))
        .otherwise(pl.col("event"))
        .alias("half"),
        "event",
        pl.col("village").fill_null("").str.slice(0, digits).alias("area"),
    )
    within = units.filter(pl.col("event") == MOVE_WITHIN).select(
        "cluster_id", pl.lit(True).alias("w")
    )
    half = (
        pl.when(pl.col("w").fill_null(False) & pl.col("event").is_in(["move_out", "move_in"]))
        .then(pl.lit("move_out"))
        .otherwise(pl.col("event"))
    )
    return (
        records.select("source", "cluster_id", "event")
        .join(within, on="cluster_id", how="left")
        .select("source", "cluster_id", half.alias("half"))
        .join(units, on=["cluster_id", "half"], how="inner")
        .select(
            "source",
            (pl.col("cluster_id") + "|" + pl.col("half")).alias("cluster_id"),
            "event",
            "area",
        )
    )
