"""A village's overall score, its band — worse than the rest of the county or not — and what
to fix first.

**Score.** The mean of the dimensions that could be measured (completeness, timeliness,
accuracy, consistency), each in [0, 1], with the mean of their bounds as its interval. A
dimension that could not be measured (too few events, a source missing) is left out of both
and said to be unmeasured; it is not counted as "anything from 0 to 1", which made every
village's interval run from about 0.4 to 1 and put all 61 villages of the demo county in one
band.

**Bands: worse than the rest of the county?** A township officer asks which villages keep
their records worse than the others. Each village is compared, dimension by dimension, with
*the rest of the county*: the other villages' events pooled (their numerators over their
denominators, so a big village weighs as its events do, with the Wilson interval of that
share), or, where a dimension has no counts, the median of the other villages' values. A
village is **worse than the rest on a dimension** when its whole 95% interval lies below the
rest's interval (below the median, without counts): the difference is then more than chance,
even in a county of two villages where "the rest" is small too. Its band counts those
dimensions:

- band 1 — worse than the rest on no dimension (as good as the others, or better, or too few
  events to tell);
- band 2 — worse than the rest on one dimension;
- band 3 — worse on two or more.

Comparing with the county's own figure rather than an absolute threshold keeps the bands
meaningful whatever the county's general level (a county where every ledger misses a tenth of
births still learns which villages miss more), and the interval keeps a small village, whose
figures are noisy, out of the lower bands for want of evidence. One caution: at 95% about one
comparison in forty of a village no different from the rest still comes out "worse" by
chance, so band 2 means "look here", not a verdict. Within a band villages are listed worst
score first only for reading.

**What to fix first.** The dimension on which the village falls furthest below the rest, when
it is worse on any; otherwise its lowest dimension.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from hedui.stats.proportions import wilson_interval

__all__ = [
    "ADVICE",
    "DIMENSIONS",
    "VILLAGE_SCHEMA",
    "RestFigure",
    "band_villages",
    "rest_of_county",
    "village_scores",
]

DIMENSIONS = ("completeness", "timeliness", "accuracy", "consistency")

ADVICE: dict[str, tuple[str, str]] = {
    "completeness": (
        "把每一个出生和死亡都记入村台账（台账约记录了估计事件的 {value:.0%}）",
        "enter every birth and death in the village ledger (it holds about {value:.0%} of "
        "the estimated events)",
    ),
    "timeliness": (
        "在一个月内登记出生、死亡和迁移（按时登记的只有 {value:.0%}）",
        "register births, deaths and moves within a month (only {value:.0%} are on time)",
    ),
    "accuracy": (
        "对照证件核对姓名、出生日期、性别和身份证号（{value:.0%} 的记录无冲突或无效值）",
        "check names, birth dates, sex and ID numbers against the documents ({value:.0%} of "
        "records are free of conflicts and invalid values)",
    ),
    "consistency": (
        "把村台账和乡镇数据库的事件逐条对齐（两边都有的只占 {value:.0%}）",
        "bring the village ledger and the township database into line, event by event (only "
        "{value:.0%} of events are in both)",
    ),
}
"""What to fix first, by weakest dimension: Chinese and English, with the dimension's value."""

VILLAGE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "village_code": pl.Utf8,
    "township_code": pl.Utf8,
    "score": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "band": pl.Int64,
    "worse_dimensions": pl.List(pl.Utf8),
    "weakest_dimension": pl.Utf8,
    "rest_value": pl.Float64,
    "advice_zh": pl.Utf8,
    "advice_en": pl.Utf8,
}
"""Columns of the scorecard's ``villages`` frame (``worse_dimensions``: those on which the
village is worse than the rest of the county, in :data:`DIMENSIONS` order; ``rest_value``: the
rest of the county's figure on the weakest dimension, null when there is none)."""


@dataclass(frozen=True)
class RestFigure:
    """The rest of the county on one dimension: its figure and the lower end of its interval
    (the figure itself when it is a median, which has no interval here)."""

    value: float
    lower: float


def rest_of_county(dimensions: pl.DataFrame) -> dict[tuple[str, str], RestFigure]:
    """The rest of the county's figure on each dimension, for each village.

    Returns:
        ``(village_code, dimension) → figure`` of every *other* village measured on the
        dimension: their numerators over their denominators, with its Wilson interval, where
        every one has counts; else the median of their values. A dimension measured in no
        other village has no entry.
    """
    measured = [r for r in dimensions.iter_rows(named=True) if r["value"] is not None]
    out: dict[tuple[str, str], RestFigure] = {}
    for dimension in DIMENSIONS:
        rows = [r for r in measured if r["dimension"] == dimension]
        counted = all(_counted(r) for r in rows)
        numerator = sum(float(r["numerator"]) for r in rows) if counted else 0.0
        denominator = sum(float(r["denominator"]) for r in rows) if counted else 0.0
        values = sorted(float(r["value"]) for r in rows)
        for row in rows:
            if len(rows) < 2:
                continue
            key = (str(row["village_code"]), dimension)
            rest_numerator = numerator - float(row["numerator"]) if counted else 0.0
            rest_denominator = denominator - float(row["denominator"]) if counted else 0.0
            if counted and round(rest_denominator) >= 1:
                trials = round(rest_denominator)
                successes = min(trials, max(0, round(rest_numerator)))
                figure = min(1.0, max(0.0, rest_numerator / rest_denominator))
                lower = min(figure, wilson_interval(successes, trials).lower)
                out[key] = RestFigure(figure, lower)
            else:
                others = list(values)
                others.remove(float(row["value"]))
                median = statistics.median(others)
                out[key] = RestFigure(median, median)
    return out


def village_scores(dimensions: pl.DataFrame, villages: Sequence[str]) -> list[dict[str, Any]]:
    """Score, interval, the dimensions worse than the rest, and advice of each village.

    Returns:
        One dict per village with the columns of :data:`VILLAGE_SCHEMA` but ``band``.
    """
    rest = rest_of_county(dimensions)
    by_village: dict[str, dict[str, dict[str, Any]]] = {}
    for row in dimensions.iter_rows(named=True):
        by_village.setdefault(str(row["village_code"]), {})[str(row["dimension"])] = row
    out = []
    for code in villages:
        rows = by_village.get(code, {})
        known = [d for d in DIMENSIONS if _measured(rows.get(d))]
        value = {d: float(rows[d]["value"]) for d in known}
        # Below the rest by how much, for each dimension whose whole interval lies below the
        # rest's interval.
        gaps = {
            d: rest[code, d].value - value[d]
            for d in known
            if (code, d) in rest and float(rows[d]["upper"]) < rest[code, d].lower
        }
        if gaps:
            weakest: str | None = max(gaps, key=lambda d: (gaps[d], -DIMENSIONS.index(d)))
        else:
            weakest = min(known, key=lambda d: value[d]) if known else None
        zh, en = ADVICE[weakest] if weakest else (None, None)
        n = len(known)
        out.append(
            {
                "village_code": code,
                "township_code": code[:9],
                "score": sum(value.values()) / n if n else None,
                "lower": sum(float(rows[d]["lower"]) for d in known) / n if n else 0.0,
                "upper": sum(float(rows[d]["upper"]) for d in known) / n if n else 1.0,
                "worse_dimensions": [d for d in DIMENSIONS if d in gaps],
                "weakest_dimension": weakest,
                "rest_value": _rest_value(rest, code, weakest),
                "advice_zh": zh.format(value=value[weakest]) if zh and weakest else None,
                "advice_en": en.format(value=value[weakest]) if en and weakest else None,
            }
        )
    return out


def band_villages(scores: list[dict[str, Any]]) -> pl.DataFrame:
    """Band the villages by how many dimensions they are worse than the rest on (see the
    module docstring), worst band first, then worst score first.

    Returns:
        The ``villages`` frame (:data:`VILLAGE_SCHEMA`).
    """
    banded = [{**s, "band": 1 + min(2, len(s["worse_dimensions"]))} for s in scores]
    banded.sort(key=_order)
    return pl.DataFrame(banded, schema=VILLAGE_SCHEMA, orient="row")


def _order(score: dict[str, Any]) -> tuple[int, int, bool, float, str]:
    """Worst band first, more dimensions worse first, lower score first, then by code; a
    village with no measured dimension last of its band."""
    value = score["score"]
    return (
        -int(score["band"]),
        -len(score["worse_dimensions"]),
        value is None,
        value or 0.0,
        str(score["village_code"]),
    )


def _rest_value(
    rest: dict[tuple[str, str], RestFigure], code: str, dimension: str | None
) -> float | None:
    figure = rest.get((code, dimension)) if dimension else None
    return figure.value if figure else None


def _counted(row: dict[str, Any]) -> bool:
    return row["numerator"] is not None and row["denominator"] is not None


def _measured(row: dict[str, Any] | None) -> bool:
    return row is not None and row["value"] is not None
