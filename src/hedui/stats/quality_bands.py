"""A village's overall score, its band, and what to fix first.

**Score.** The mean of the four dimensions (completeness, timeliness, accuracy, consistency),
each in [0, 1]. Its interval is the mean of the dimensions' bounds, a dimension that could not
be measured counting as the whole of [0, 1] (nothing is known about it) while the score itself
is the mean of the dimensions that were measured. Averaging bounds is conservative: it is the
exact interval if the four dimensions' errors moved together, and wider than needed if they
are independent — a scorecard should rather say "cannot tell apart" than rank on noise.

**Bands.** A ranking that does not rank on noise. Villages are taken in order of score (best
first) and banded greedily:

1. the best-scoring village not yet banded leads a new band;
2. every village not yet banded whose *upper* bound reaches the leader's *lower* bound joins
   that band (its interval overlaps the leader's);
3. repeat with the villages left.

So a village is put below band *b* only when its whole interval lies below the lower bound of
band *b*'s leader: there is evidence it does worse than that village. A village's band
depends only on its upper bound and never worsens as the upper bound rises; a small village,
whose interval is wide, stays in a good band for want of evidence, never ranked by chance.
Villages in the same band may still differ by chance; within a band they are listed by score
only for reading. Band 1 is the best.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

__all__ = ["ADVICE", "DIMENSIONS", "VILLAGE_SCHEMA", "band_villages", "village_scores"]

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

VILLAGE_SCHEMA = {
    "village_code": pl.Utf8,
    "township_code": pl.Utf8,
    "score": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "band": pl.Int64,
    "weakest_dimension": pl.Utf8,
    "advice_zh": pl.Utf8,
    "advice_en": pl.Utf8,
}
"""Columns of the scorecard's ``villages`` frame."""


def village_scores(dimensions: pl.DataFrame, villages: Sequence[str]) -> list[dict[str, Any]]:
    """Score, interval, weakest dimension and advice of each village (not yet banded)."""
    by_village: dict[str, dict[str, dict[str, Any]]] = {}
    for row in dimensions.iter_rows(named=True):
        by_village.setdefault(str(row["village_code"]), {})[str(row["dimension"])] = row
    out = []
    for code in villages:
        rows = by_village.get(code, {})
        known = [(d, float(rows[d]["value"])) for d in DIMENSIONS if _measured(rows.get(d))]
        lower = sum(float(rows[d]["lower"]) if d in rows else 0.0 for d in DIMENSIONS)
        upper = sum(float(rows[d]["upper"]) if d in rows else 1.0 for d in DIMENSIONS)
        score = sum(v for _, v in known) / len(known) if known else None
        weakest = min(known, key=lambda item: item[1]) if known else None
        zh, en = ADVICE[weakest[0]] if weakest else (None, None)
        out.append(
            {
                "village_code": code,
                "township_code": code[:9],
                "score": score,
                "lower": lower / len(DIMENSIONS),
                "upper": upper / len(DIMENSIONS),
                "weakest_dimension": weakest[0] if weakest else None,
                "advice_zh": zh.format(value=weakest[1]) if zh and weakest else None,
                "advice_en": en.format(value=weakest[1]) if en and weakest else None,
            }
        )
    return out


def band_villages(scores: list[dict[str, Any]]) -> pl.DataFrame:
    """Band the villages as the module docstring describes; sorted by band, then score.

    Returns:
        The ``villages`` frame (:data:`VILLAGE_SCHEMA`).
    """
    remaining = sorted(scores, key=_order)
    band = 0
    banded: list[dict[str, Any]] = []
    while remaining:
        band += 1
        leader_lower = float(remaining[0]["lower"])
        joined = [s for s in remaining if float(s["upper"]) >= leader_lower]
        banded.extend({**s, "band": band} for s in joined)
        remaining = [s for s in remaining if float(s["upper"]) < leader_lower]
    banded.sort(key=lambda s: (s["band"], *_order(s)))
    return pl.DataFrame(banded, schema=VILLAGE_SCHEMA, orient="row")


def _order(score: dict[str, Any]) -> tuple[bool, float, str]:
    """Best score first; a village with no measured dimension last; then by code."""
    value = score["score"]
    return (value is None, -(value or 0.0), str(score["village_code"]))


def _measured(row: dict[str, Any] | None) -> bool:
    return row is not None and row["value"] is not None
