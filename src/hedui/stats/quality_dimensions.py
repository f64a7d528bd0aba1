"""Three of the four scorecard dimensions: timeliness, accuracy and consistency.

Each is a proportion of records or events of one village — higher is better — with Wilson's
95% interval (:func:`hedui.stats.proportions.wilson_interval`), which stays inside [0, 1] and
is honest with 3 or 4 events where the Wald interval is not. A village with no record that a
dimension could judge gets a null value and the whole of [0, 1] as its interval: nothing is
known, so nothing is ranked. Completeness, which needs an estimate of the true count, is in
:mod:`hedui.stats.quality_completeness`.

- **timeliness**: share of event records (not roster entries) entered within ``limit_days``
  of the event (recorded_date − event_date), across all sources: a birth the police register
  three months late is a late registration whoever is slow. The default, 30 days, is the
  one-month limit of the 户口登记条例 (1958, arts. 7–8) for births and deaths.
- **accuracy**: 1 − share of the village's records (roster entries included) that take part in a
  conflict finding (``*_conflict``) or an invalid-value finding (``invalid*``).
- **consistency**: agreement of the village ledger with the township database over events:
  of the events recorded in either, the share recorded in both. One figure for both
  directions — a ledger event missing from the database and a database event missing from
  the ledger count alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import polars as pl

from hedui.stats.proportions import wilson_interval
from hedui.stats.quality_records import RESIDENT

__all__ = [
    "DIMENSION_SCHEMA",
    "LEDGER",
    "TIMELINESS_DAYS",
    "TOWNSHIP_DB",
    "FlaggedRecords",
    "accuracy",
    "consistency",
    "is_accuracy_kind",
    "proportion_rows",
    "timeliness",
]

TIMELINESS_DAYS = 30
LEDGER = "village_ledger"
TOWNSHIP_DB = "township_db"
DIMENSION_SCHEMA = {
    "village_code": pl.Utf8,
    "dimension": pl.Utf8,
    "value": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
}
"""Columns of the scorecard's ``dimensions`` frame."""


class FlaggedRecords(Protocol):
    """What accuracy reads of a finding: its kind and the records it names.

    Reconciliation's :class:`hedui.reconcile.findings.Finding` is one; statistics sit below
    reconciliation and read findings only through this shape, never importing them.
    """

    @property
    def kind(self) -> str:
        """The finding's kind, e.g. ``"sex_conflict"`` or ``"invalid_id_number"``."""
        ...

    @property
    def records(self) -> tuple[tuple[str, str], ...]:
        """``(source, record_id)`` of the records involved."""
        ...


def is_accuracy_kind(kind: str) -> bool:
    """Whether a finding kind counts against accuracy: a conflict or an invalid value."""
    return kind.endswith("_conflict") or kind.startswith("invalid")


def proportion_rows(dimension: str, villages: Sequence[str], counts: pl.DataFrame) -> pl.DataFrame:
    """One row per village: ``good / total`` with Wilson's interval, null where total is 0.

    Args:
        dimension: the dimension's name.
        villages: every village of the scorecard, so none is silently missing.
        counts: columns ``village_code``, ``good``, ``total``.
    """
    known = {str(r["village_code"]): r for r in counts.iter_rows(named=True)}
    rows: list[tuple[object, ...]] = []
    for code in villages:
        row = known.get(code)
        total = int(row["total"]) if row else 0
        if total == 0:
            rows.append((code, dimension, None, 0.0, 1.0, 0.0, 0.0))
            continue
        good = int(row["good"]) if row else 0
        interval = wilson_interval(good, total)
        rows.append((code, dimension, good / total, interval.lower, interval.upper, good, total))
    return pl.DataFrame(rows, schema=DIMENSION_SCHEMA, orient="row")


def timeliness(
    records: pl.DataFrame, villages: Sequence[str], limit_days: int = TIMELINESS_DAYS
) -> pl.DataFrame:
    """Share of event records entered within ``limit_days`` of the event, per village."""
    dated = records.filter(
        (pl.col("event") != RESIDENT)
        & pl.col("event_date").is_not_null()
        & pl.col("recorded_date").is_not_null()
    )
    delay = (pl.col("recorded_date") - pl.col("event_date")).dt.total_days()
    counts = dated.group_by("village_code").agg(
        (delay <= limit_days).sum().alias("good"), pl.len().alias("total")
    )
    return proportion_rows("timeliness", villages, counts)


def accuracy(
    records: pl.DataFrame, findings: Iterable[FlaggedRecords], villages: Sequence[str]
) -> pl.DataFrame:
    """1 − share of the village's records in a conflict or invalid-value finding."""
    flagged = {pair for f in findings if is_accuracy_kind(f.kind) for pair in f.records}
    marks = pl.DataFrame(
        sorted(flagged), schema={"source": pl.Utf8, "record_id": pl.Utf8}, orient="row"
    ).with_columns(pl.lit(True).alias("flagged"))
    counts = (
        records.select("source", "record_id", "village_code")
        .join(marks, on=["source", "record_id"], how="left")
        .group_by("village_code")
        .agg(
            pl.col("flagged").is_null().sum().alias("good"),
            pl.len().alias("total"),
        )
    )
    return proportion_rows("accuracy", villages, counts)


def consistency(records: pl.DataFrame, villages: Sequence[str]) -> pl.DataFrame:
    """Of the events in the ledger or the township database, the share in both."""
    events = (
        records.filter(
            (pl.col("event") != RESIDENT) & pl.col("source").is_in([LEDGER, TOWNSHIP_DB])
        )
        .group_by("cluster_id", "cluster_village")
        .agg(pl.col("source").n_unique().alias("sources"))
    )
    counts = events.group_by(pl.col("cluster_village").alias("village_code")).agg(
        (pl.col("sources") == 2).sum().alias("good"), pl.len().alias("total")
    )
    return proportion_rows("consistency", villages, counts)
