"""Scores and bands: worked examples, and the invariants of the banding for any intervals."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.stats.quality_bands import DIMENSIONS, band_villages, village_scores
from hedui.stats.quality_dimensions import DIMENSION_SCHEMA


def _score(code: str, score: float | None, lower: float, upper: float) -> dict[str, Any]:
    return {
        "village_code": code,
        "township_code": code[:9],
        "score": score,
        "lower": lower,
        "upper": upper,
        "weakest_dimension": None,
        "advice_zh": None,
        "advice_en": None,
    }


def test_band_villages_worked_example():
    # A leads band 1 (lower .85); B (upper .86) and the wide D (upper .90) reach it; C (upper
    # .55) does not and leads band 2. D, a small village, is not ranked below A on its score.
    scores = [
        _score("A", 0.90, 0.85, 0.95),
        _score("B", 0.80, 0.70, 0.86),
        _score("C", 0.50, 0.45, 0.55),
        _score("D", 0.60, 0.30, 0.90),
    ]
    frame = band_villages(scores)
    assert frame.select("village_code", "band").rows() == [
        ("A", 1),
        ("B", 1),
        ("D", 1),
        ("C", 2),
    ]


def test_village_scores_weakest_dimension_and_advice():
    dims = pl.DataFrame(
        [
            ("V", "completeness", 0.9, 0.8, 0.95, 9.0, 10.0),
            ("V", "timeliness", 0.4, 0.3, 0.5, 40.0, 100.0),
            ("V", "accuracy", 0.95, 0.9, 0.97, 95.0, 100.0),
            ("V", "consistency", None, 0.0, 1.0, 0.0, 0.0),
        ],
        schema=DIMENSION_SCHEMA,
        orient="row",
    )
    [row] = village_scores(dims, ["V"])
    # Score: mean of the measured three, (0.9 + 0.4 + 0.95)/3 = 0.75; bounds count the
    # unmeasured consistency as [0, 1]: (0.8 + 0.3 + 0.9 + 0)/4 and (0.95 + 0.5 + 0.97 + 1)/4.
    assert row["score"] == 0.75
    assert row["lower"] == (0.8 + 0.3 + 0.9 + 0.0) / 4
    assert row["upper"] == (0.95 + 0.5 + 0.97 + 1.0) / 4
    assert row["weakest_dimension"] == "timeliness"
    assert "一个月" in row["advice_zh"] and "40%" in row["advice_en"]


_unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def dimension_rows(draw: st.DrawFn) -> pl.DataFrame:
    rows = []
    for i in range(draw(st.integers(1, 12))):
        for dimension in DIMENSIONS:
            a, b, c = sorted(draw(st.lists(_unit, min_size=3, max_size=3)))
            if draw(st.booleans()) and draw(st.booleans()):
                rows.append((f"V{i:02d}", dimension, None, 0.0, 1.0, None, None))
            else:
                rows.append((f"V{i:02d}", dimension, b, a, c, None, None))
    return pl.DataFrame(rows, schema=DIMENSION_SCHEMA, orient="row")


@given(dimension_rows())
def test_bands_invariants(dims: pl.DataFrame):
    villages = sorted(dims["village_code"].unique().to_list())
    frame = band_villages(village_scores(dims, villages))
    rows = frame.to_dicts()
    assert len(rows) == len(villages)
    # Scores lie in their intervals, inside [0, 1].
    for r in rows:
        assert 0.0 <= r["lower"] <= 1.0 and 0.0 <= r["upper"] <= 1.0
        if r["score"] is not None:
            assert r["lower"] - 1e-12 <= r["score"] <= r["upper"] + 1e-12
    # Bands are numbered 1, 2, ... and listed in order.
    bands = [r["band"] for r in rows]
    assert bands == sorted(bands) and set(bands) == set(range(1, max(bands) + 1))
    leaders = {}
    for r in rows:
        leaders.setdefault(r["band"], r)
    for r in rows:
        # Every village reaches its band leader's lower bound (the intervals overlap) ...
        assert r["upper"] >= leaders[r["band"]]["lower"]
        # ... and lies wholly below the leader of every better band.
        for band in range(1, r["band"]):
            assert r["upper"] < leaders[band]["lower"]
    # A higher upper bound never gives a worse band.
    for x in rows:
        for y in rows:
            if x["upper"] >= y["upper"]:
                assert x["band"] <= y["band"]
