"""The village data-quality scorecard: four dimensions, an overall score and honest bands.

Township staff ask "which villages need help with their records, and with what?". The answer
must not rest on chance: a village of 300 people with two late births out of three is not
shown to be worse than one with 40 of 60. Every figure therefore carries a 95% interval, and
a village is put in a lower band only where its whole interval on a dimension lies below the
rest of the county's figure (:mod:`hedui.stats.quality_bands`).

The four dimensions (all in [0, 1], higher is better):

- **completeness** — the village ledger's births and deaths against the capture–recapture
  estimate of the true count (:mod:`hedui.stats.quality_completeness`);
- **timeliness** — share of events entered within a month;
- **accuracy** — 1 − share of records in a conflict or invalid-value finding;
- **consistency** — share of ledger or township-database events found in both
  (:mod:`hedui.stats.quality_dimensions`).

The scorecard is about *records* and the offices that keep them, never about people. See
``docs/quality.md`` for the user's guide.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.stats.quality_bands import band_villages, village_scores
from hedui.stats.quality_completeness import completeness
from hedui.stats.quality_dimensions import (
    DIMENSION_SCHEMA,
    TIMELINESS_DAYS,
    FlaggedRecords,
    accuracy,
    consistency,
    timeliness,
)
from hedui.stats.quality_records import read_quality_records

__all__ = ["Scorecard", "village_scorecard"]


@dataclass(frozen=True)
class Scorecard:
    """Every village's data-quality dimensions, score, band and advice.

    Attributes:
        dimensions: ``village_code, dimension, value, lower, upper, numerator, denominator``;
            four rows per village, ``value`` null where the dimension cannot be measured
            (then ``lower`` 0 and ``upper`` 1). For completeness the numerator is the ledger's
            events and the denominator the estimated true count.
        villages: ``village_code, township_code, score, lower, upper, band,
            worse_dimensions, weakest_dimension, advice_zh, advice_en``, worst band first
            (band 1: worse than the rest of the county on no dimension), then lowest score.
        period: the period the figures cover (year to date), ``None`` for everything.
        timeliness_days: the registration limit used for timeliness.
    """

    dimensions: pl.DataFrame
    villages: pl.DataFrame
    period: Period | None = None
    timeliness_days: int = TIMELINESS_DAYS

    @property
    def bands(self) -> int:
        """How many bands the villages fall into (0 with no village)."""
        bands: list[int] = self.villages.get_column("band").to_list()
        return max(bands, default=0)

    def needing_support(self, n: int = 10) -> pl.DataFrame:
        """Up to ``n`` villages of the worst bands, worst first, with their advice.

        Villages are taken from the worst band upwards, never from band 1: when no village is
        worse than the rest of the county on any dimension, the frame is empty.
        """
        return (
            self.villages.filter(pl.col("band") > 1)
            .sort(["band", "score", "village_code"], descending=[True, False, False])
            .head(max(n, 0))
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: period, bands, dimensions and villages (nulls as ``None``)."""
        return {
            "period": self.period.label if self.period else None,
            "timeliness_days": self.timeliness_days,
            "bands": self.bands,
            "dimensions": _rows(self.dimensions),
            "villages": _rows(self.villages),
        }


def village_scorecard(
    link_dir: LinkDir | Path | str,
    findings: Sequence[FlaggedRecords],
    *,
    period: Period | None = None,
    timeliness_days: int = TIMELINESS_DAYS,
) -> Scorecard:
    """Score every village of a linkage run on the four data-quality dimensions.

    Args:
        link_dir: the ``--out`` directory of ``hedui link`` (``clusters.csv``,
            ``records.parquet``, ``sources.parquet``).
        findings: the run's findings (:func:`hedui.reconcile.find_all`); conflicts and
            invalid values count against accuracy.
        period: figures for the year to date of this period; ``None`` for all records.
        timeliness_days: days within which an event counts as registered on time.

    Returns:
        The scorecard.

    Raises:
        LinkDirError: the link directory is incomplete or not from ``hedui link``.
    """
    records = read_quality_records(LinkDir.open(link_dir), period)
    # A cluster's village is one of its records' villages, so this lists them all.
    villages = sorted(records["village_code"].unique().to_list())
    dimensions = pl.concat(
        [
            completeness(records, villages),
            timeliness(records, villages, timeliness_days),
            accuracy(records, findings, villages),
            consistency(records, villages),
        ]
    ).sort("village_code", "dimension")
    ranked = band_villages(village_scores(dimensions, villages))
    return Scorecard(dimensions.select(list(DIMENSION_SCHEMA)), ranked, period, timeliness_days)


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
        for r in frame.iter_rows(named=True)
    ]
