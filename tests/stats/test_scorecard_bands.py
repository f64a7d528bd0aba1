"""Scores and bands: worked examples, and the invariants of the banding for any dimensions."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.stats.proportions import wilson_interval
from hedui.stats.quality_bands import (
    DIMENSIONS,
    RestFigure,
    band_villages,
    rest_of_county,
    village_scores,
)
from hedui.stats.quality_dimensions import DIMENSION_SCHEMA

Row = tuple[str, str, float | None, float, float, float | None, float | None]


def _dims(rows: list[Row]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=DIMENSION_SCHEMA, orient="row")


def test_rest_of_county_pools_the_other_villages_counts() -> None:
    # Accuracy: A 90/100, B 95/100, C 40/50. The rest of A is (95 + 40)/(100 + 50) = 0.9;
    # of C, (90 + 95)/200 = 0.925.
    dims = _dims(
        [
            ("A", "accuracy", 0.90, 0.83, 0.94, 90.0, 100.0),
            ("B", "accuracy", 0.95, 0.89, 0.98, 95.0, 100.0),
            ("C", "accuracy", 0.80, 0.67, 0.89, 40.0, 50.0),
        ]
    )
    rest = rest_of_county(dims)
    assert rest["A", "accuracy"].value == (95 + 40) / 150
    assert rest["C", "accuracy"].value == (90 + 95) / 200
    # With the Wilson interval of the pooled counts: 185/200 from 0.879.
    assert rest["C", "accuracy"].lower == pytest.approx(wilson_interval(185, 200).lower)


def test_rest_of_county_takes_the_median_without_counts() -> None:
    dims = _dims(
        [
            ("A", "timeliness", 0.5, 0.4, 0.6, None, None),
            ("B", "timeliness", 0.7, 0.6, 0.8, None, None),
            ("C", "timeliness", 0.9, 0.8, 0.95, None, None),
            ("D", "timeliness", None, 0.0, 1.0, None, None),
        ]
    )
    rest = rest_of_county(dims)
    assert rest["A", "timeliness"] == RestFigure(0.8, 0.8)  # median of B and C
    assert rest["C", "timeliness"] == RestFigure(0.6, 0.6)
    assert ("D", "timeliness") not in rest  # not measured


def test_band_villages_worked_example() -> None:
    # Accuracy of A, B, C, D with 100 records each: 95, 94, 80, 93; consistency 0.9, 0.9,
    # 0.6, 0.88. C's intervals (0.71-0.87, 0.5-0.7) lie wholly below the rest's (282/300
    # from 0.906; 268/300 from 0.853) on both: band 3. D (0.86-0.97) overlaps the rest of
    # accuracy: band 1. A and B: band 1.
    dims = _dims(
        [
            ("A", "accuracy", 0.95, 0.89, 0.98, 95.0, 100.0),
            ("B", "accuracy", 0.94, 0.88, 0.97, 94.0, 100.0),
            ("C", "accuracy", 0.80, 0.71, 0.87, 80.0, 100.0),
            ("D", "accuracy", 0.93, 0.86, 0.97, 93.0, 100.0),
            ("A", "consistency", 0.90, 0.80, 0.95, 90.0, 100.0),
            ("B", "consistency", 0.90, 0.80, 0.95, 90.0, 100.0),
            ("C", "consistency", 0.60, 0.50, 0.70, 60.0, 100.0),
            ("D", "consistency", 0.88, 0.80, 0.93, 88.0, 100.0),
        ]
    )
    frame = band_villages(village_scores(dims, ["A", "B", "C", "D"]))
    rows = frame.select("village_code", "band", "worse_dimensions").rows()
    assert rows[0] == ("C", 3, ["accuracy", "consistency"])
    assert {code: band for code, band, _ in rows} == {"A": 1, "B": 1, "C": 3, "D": 1}
    # C falls furthest below the rest on consistency (0.893 − 0.6 against 0.94 − 0.8).
    assert frame.row(0, named=True)["weakest_dimension"] == "consistency"
    assert frame.row(0, named=True)["rest_value"] == pytest.approx(268 / 300)


def test_village_scores_leave_unmeasured_dimensions_out() -> None:
    dims = _dims(
        [
            ("V", "completeness", 0.9, 0.8, 0.95, 9.0, 10.0),
            ("V", "timeliness", 0.4, 0.3, 0.5, 40.0, 100.0),
            ("V", "accuracy", 0.95, 0.9, 0.97, 95.0, 100.0),
            ("V", "consistency", None, 0.0, 1.0, 0.0, 0.0),
        ]
    )
    [row] = village_scores(dims, ["V"])
    # Score and bounds: means of the measured three; consistency adds nothing.
    assert row["score"] == (0.9 + 0.4 + 0.95) / 3
    assert row["lower"] == (0.8 + 0.3 + 0.9) / 3
    assert row["upper"] == (0.95 + 0.5 + 0.97) / 3
    # Alone in its county, it is worse than no one; advice goes to its lowest dimension.
    assert row["worse_dimensions"] == []
    assert row["weakest_dimension"] == "timeliness"
    assert "一个月" in row["advice_zh"] and "40%" in row["advice_en"]


def test_a_village_without_measured_dimensions_is_listed_in_band_one() -> None:
    dims = _dims([("V", d, None, 0.0, 1.0, None, None) for d in DIMENSIONS])
    [row] = band_villages(village_scores(dims, ["V"])).to_dicts()
    assert (row["band"], row["score"], row["lower"], row["upper"]) == (1, None, 0.0, 1.0)
    assert row["advice_zh"] is None


_unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def dimension_rows(draw: st.DrawFn) -> pl.DataFrame:
    rows: list[Row] = []
    for i in range(draw(st.integers(1, 12))):
        for dimension in DIMENSIONS:
            a, b, c = sorted(draw(st.lists(_unit, min_size=3, max_size=3)))
            if draw(st.booleans()) and draw(st.booleans()):
                rows.append((f"V{i:02d}", dimension, None, 0.0, 1.0, None, None))
            elif draw(st.booleans()):
                d = float(draw(st.integers(1, 500)))
                rows.append((f"V{i:02d}", dimension, b, a, c, round(b * d), d))
            else:
                rows.append((f"V{i:02d}", dimension, b, a, c, None, None))
    return _dims(rows)


@given(dimension_rows())
def test_bands_invariants(dims: pl.DataFrame) -> None:
    villages = sorted(dims["village_code"].unique().to_list())
    rest = rest_of_county(dims)
    frame = band_villages(village_scores(dims, villages))
    rows = frame.to_dicts()
    assert sorted(r["village_code"] for r in rows) == villages
    by_key = {(r["village_code"], r["dimension"]): r for r in dims.to_dicts()}
    for r in rows:
        # Scores lie in their intervals, inside [0, 1].
        assert 0.0 <= r["lower"] <= 1.0 and 0.0 <= r["upper"] <= 1.0
        if r["score"] is not None:
            assert r["lower"] - 1e-12 <= r["score"] <= r["upper"] + 1e-12
        # A village is worse on exactly the measured dimensions whose whole interval lies
        # below the rest's interval, and its band counts them (at most 3).
        worse = [
            d
            for d in DIMENSIONS
            if by_key.get((r["village_code"], d), {}).get("value") is not None
            and (r["village_code"], d) in rest
            and by_key[r["village_code"], d]["upper"] < rest[r["village_code"], d].lower
        ]
        assert r["worse_dimensions"] == worse
        assert r["band"] == 1 + min(2, len(worse))
        if worse:
            assert r["weakest_dimension"] in worse
    # Worst band first.
    bands = [r["band"] for r in rows]
    assert bands == sorted(bands, reverse=True)
