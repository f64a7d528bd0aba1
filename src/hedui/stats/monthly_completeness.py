"""Completeness of registration month by month: is it improving?

A county officer asks whether the village ledgers are catching up: of the births of each
month, what share did the ledger record? The figure is the one the scorecard uses
(:mod:`hedui.stats.quality_completeness`), Chapman's two-source estimate of the true number
from the village ledger and a reference source kept independently of the village — the
hospital's birth certificates for births, the police register for deaths — but taken month by
month over the whole area instead of village by village over the year: a village's month has
a handful of events, an area's month enough for an estimate.

**From one run, grouped by month.** The months come from one reconciliation run's linked
events, each dated by the one rule of :mod:`hedui.event_dates` (a birth by the child's birth
date) and put in its month (``event_month``), not from one run per month. A run links the
whole ledger it was given, so one run already holds every month of the year to date; twelve
runs would each re-link the same records (a minute or more each at county scale) and a
change between two runs' months could be a change of linkage rather than of registration.
With one run every month is estimated with the same links and the same model, so month
differs from month only by what was registered.

**The latest months are provisional.** An event registered late is not in the run yet: the
last month or two look less complete than they will once their late registrations arrive.
The dashboard says so beside the chart; a month drawn from a later run will be higher.

Each source's completeness is its events over the estimated true number, with the interval
from the estimate's interval rounded outwards to whole events (as the scorecard does); a
month whose overlap is too small for Chapman's estimator (:mod:`hedui.stats.small_numbers`)
carries the reason instead of a figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from hedui.event_dates import event_month
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.chapman import chapman_from_histories
from hedui.stats.indicator_events import events_of, linked_records
from hedui.stats.quality_completeness import REFERENCE_SOURCES
from hedui.stats.quality_dimensions import LEDGER

__all__ = ["MonthCompleteness", "monthly_completeness", "months_to_date"]


@dataclass(frozen=True)
class MonthCompleteness:
    """One month's events of one type in an area, and how completely each source holds them.

    Attributes:
        month: ``YYYY-MM``.
        event: the event type (``"birth"``, ``"death"``).
        registered: events each source holds, by source name.
        n_hat: the estimated true number (``None`` when not estimable).
        n_lower: the lower end of its interval, rounded down to a whole event.
        n_upper: the upper end, rounded up.
        reason: why there is no estimate (bilingual), ``None`` when there is one.
    """

    month: str
    event: str
    registered: dict[str, int]
    n_hat: float | None
    n_lower: float | None
    n_upper: float | None
    reason: str | None = None

    @property
    def estimable(self) -> bool:
        """Whether the month has an estimate of its true number."""
        return self.n_hat is not None

    def completeness(self, source: str) -> tuple[float, float, float] | None:
        """``(share, lower, upper)`` of the estimated events that ``source`` holds, or ``None``
        when the month has no estimate or the source no events."""
        if self.n_hat is None or self.n_lower is None or self.n_upper is None:
            return None
        n = self.registered.get(source, 0)
        if self.n_hat <= 0:
            return None
        value = min(1.0, n / self.n_hat)
        lower = n / self.n_upper if math.isfinite(self.n_upper) and self.n_upper > 0 else 0.0
        upper = n / self.n_lower if self.n_lower > 0 else 1.0
        return value, max(0.0, min(lower, value)), min(1.0, max(upper, value))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures, each source's completeness included."""
        shares = {s: self.completeness(s) for s in self.registered}
        return {
            "month": self.month,
            "event": self.event,
            "registered": dict(self.registered),
            "n_hat": self.n_hat,
            "n_lower": self.n_lower,
            "n_upper": self.n_upper,
            "reason": self.reason,
            "completeness": {s: list(v) if v else None for s, v in shares.items()},
        }


def months_to_date(period: Period) -> list[str]:
    """Every month from January of ``period``'s year to its last month, ``YYYY-MM``."""
    last = period.end.month
    return [f"{period.end.year:04d}-{month:02d}" for month in range(1, last + 1)]


def monthly_completeness(
    link_dir: LinkDir | Path | str,
    period: Period,
    *,
    area_code: str = "",
    events: Sequence[str] = ("birth",),
) -> list[MonthCompleteness]:
    """Each month of the year to date of ``period``: events per source and the estimate.

    Args:
        link_dir: the run's link directory.
        period: the report's period; its year's months up to it are given.
        area_code: only events of villages within this code (``""``: all).
        events: event types, each with a reference source in
            :data:`~hedui.stats.quality_completeness.REFERENCE_SOURCES`.

    Returns:
        One row per event type and month, in that order, months without events included.

    Raises:
        LinkDirError: the link directory is incomplete.
    """
    records = linked_records(LinkDir.open(link_dir), required=("event", "village"))
    dated = (
        events_of(records)
        .filter(pl.col("event").is_in(list(events)))
        .filter(pl.col("village").fill_null("").str.starts_with(area_code))
        .select("cluster_id", "event", event_month().alias("month"))
        .filter(pl.col("month").is_not_null())
    )
    frame = records.select("source", "cluster_id", "event").join(
        dated, on=["cluster_id", "event"], how="inner"
    )
    out = []
    for event in events:
        reference = REFERENCE_SOURCES[event]
        part = frame.filter(pl.col("event") == event)
        counts = _registered(part)
        for month in months_to_date(period):
            registered = counts.get(month, {})
            of_month = part.filter(pl.col("month") == month)
            out.append(_month(of_month, month, event, reference, registered))
    return out


def _registered(part: pl.DataFrame) -> dict[str, dict[str, int]]:
    """month → source → events held."""
    counts: dict[str, dict[str, int]] = {}
    grouped = part.select("month", "source", "cluster_id").unique().group_by("month", "source")
    for month, source, n in grouped.len().iter_rows():
        counts.setdefault(str(month), {})[str(source)] = int(n)
    return counts


def _month(
    part: pl.DataFrame, month: str, event: str, reference: str, registered: dict[str, int]
) -> MonthCompleteness:
    sources = [LEDGER, reference]
    pairs = part.filter(pl.col("source").is_in(sources)).select("cluster_id", "source").unique()
    table = CaptureHistories.from_counts(_histories(pairs, sources), sources)
    result = chapman_from_histories(table)
    if not result.estimable:
        return MonthCompleteness(month, event, registered, None, None, None, result.reason)
    upper = result.interval.upper
    return MonthCompleteness(
        month,
        event,
        registered,
        result.n_hat,
        float(math.floor(result.interval.lower)),
        float(math.ceil(upper)) if math.isfinite(upper) else math.inf,
    )


def _histories(pairs: pl.DataFrame, sources: list[str]) -> dict[tuple[int, ...], int]:
    held = pairs.group_by("cluster_id").agg(pl.col("source"))
    counts: dict[tuple[int, ...], int] = {}
    for _, names in held.iter_rows():
        history = tuple(int(s in names) for s in sources)
        counts[history] = counts.get(history, 0) + 1
    return counts
