"""The village scorecard on a link directory built by hand, every figure worked out below.

Village 甲 (320924101201):
- births: the ledger holds 15 (b0–b14), the hospital 20 (b3–b22); both hold b3–b14 (12).
  Chapman: N̂ = 16·21/13 − 1 = 24.846, so the ledger's completeness is 15/24.846 = 60.4%;
  its interval, from N's log-transformed interval [23.36, 32.44] rounded outwards to [23, 33],
  is [15/33, 15/23] = [45.5%, 65.2%].
- the township database holds 10 of the ledger's births (b0–b9) and 2 of its own (t0, t1):
  of the 17 births in the ledger or the database, 10 are in both (consistency 10/17).
- dates: every hospital record and 12 ledger records within 10 days; 3 ledger records
  (b0–b2) 45 days late; township records 20 days: on time 44 of 47.
- a sex conflict between two of its records: 45 of 47 records are accurate.

Village 乙 (320924101202): two ledger births only, recorded the same day — no estimate
(nothing seen twice), timeliness 2/2, accuracy 2/2, consistency 0/2.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.errors import HeduiError
from hedui.period import Period
from hedui.reconcile.findings import make_finding
from hedui.stats.chapman import chapman
from hedui.stats.proportions import wilson_interval
from hedui.stats.scorecard import village_scorecard

JIA, YI = "320924101201", "320924101202"


def _rows() -> list[tuple[str, str, str, str, str, str]]:
    """(source, record_id, cluster_id, village, event_date, recorded_date)."""
    rows = []
    for i in range(15):
        late = "2025-04-15" if i < 3 else "2025-03-05"
        rows.append(("village_ledger", f"L{i}", f"b{i}", JIA, "2025-03-01", late))
    for i in range(3, 23):
        rows.append(("health_births", f"H{i}", f"b{i}", JIA, "2025-03-01", "2025-03-02"))
    for i in range(10):
        rows.append(("township_db", f"T{i}", f"b{i}", JIA, "2025-03-01", "2025-03-21"))
    for i in range(2):
        rows.append(("township_db", f"TO{i}", f"t{i}", JIA, "2025-03-01", "2025-03-21"))
        rows.append(("village_ledger", f"Y{i}", f"y{i}", YI, "2025-11-01", "2025-11-01"))
    return rows


def write_link_dir(out: Path) -> Path:
    """The files of a link directory holding the records described in the module docstring."""
    frame = pl.DataFrame(
        _rows(),
        schema=["source", "record_id", "cluster_id", "village", "event_date", "recorded_date"],
        orient="row",
    ).with_columns(pl.lit("birth").alias("event"))
    out.mkdir(parents=True, exist_ok=True)
    frame.select("source", "record_id", "cluster_id").write_csv(out / "clusters.csv")
    frame.select("source", "record_id", "event", "village").write_parquet(out / "records.parquet")
    frame.select("source", "record_id", "event", "event_date", "recorded_date").sample(
        fraction=1.0, shuffle=True, seed=3
    ).write_parquet(out / "sources.parquet")
    return out


FINDINGS = [
    make_finding(
        "sex_conflict",
        "birth",
        JIA,
        [("village_ledger", "L5"), ("health_births", "H5")],
        ("性别不一致", "sex differs"),
        field="sex",
    ),
    make_finding(
        "birth_missing_in_police_hukou",
        "birth",
        JIA,
        [("village_ledger", "L6")],
        ("公安户籍中没有", "not in police_hukou"),
    ),
]


def _dimension(card_dims: pl.DataFrame, village: str, dimension: str) -> dict[str, object]:
    [row] = card_dims.filter(
        (pl.col("village_code") == village) & (pl.col("dimension") == dimension)
    ).to_dicts()
    return row


def test_scorecard_completeness_is_the_ledger_against_chapman(tmp_path: Path):
    card = village_scorecard(write_link_dir(tmp_path), FINDINGS)
    row = _dimension(card.dimensions, JIA, "completeness")
    estimate = chapman(15, 20, 12)  # N̂ = 24.846, log interval [23.36, 32.44] → [23, 33]
    assert (estimate.interval.lower, estimate.interval.upper) == (23, 33)
    assert row["value"] == pytest.approx(15 / estimate.n_hat)  # 60.4%
    # N is a whole number: its bounds are rounded outwards to [23, 33].
    assert row["lower"] == pytest.approx(15 / 33)
    assert row["upper"] == pytest.approx(15 / 23)
    assert (row["numerator"], row["denominator"]) == (15, pytest.approx(estimate.n_hat))


def test_scorecard_completeness_without_estimate_is_null_over_the_unit_interval(tmp_path: Path):
    card = village_scorecard(write_link_dir(tmp_path), FINDINGS)
    row = _dimension(card.dimensions, YI, "completeness")
    assert row["value"] is None
    assert (row["lower"], row["upper"]) == (0.0, 1.0)


def test_scorecard_proportions_with_wilson_intervals(tmp_path: Path):
    card = village_scorecard(write_link_dir(tmp_path), FINDINGS)
    expected = {"timeliness": (44, 47), "accuracy": (45, 47), "consistency": (10, 17)}
    for dimension, (good, total) in expected.items():
        row = _dimension(card.dimensions, JIA, dimension)
        interval = wilson_interval(good, total)
        assert row["value"] == pytest.approx(good / total), dimension
        assert (row["lower"], row["upper"]) == (
            pytest.approx(interval.lower),
            pytest.approx(interval.upper),
        )
        assert (row["numerator"], row["denominator"]) == (good, total)
    assert _dimension(card.dimensions, YI, "consistency")["value"] == 0.0


def test_scorecard_village_score_is_the_mean_of_the_measured_dimensions(tmp_path: Path):
    card = village_scorecard(write_link_dir(tmp_path), FINDINGS)
    yi = card.villages.filter(pl.col("village_code") == YI).to_dicts()[0]
    # timeliness 1, accuracy 1, consistency 0 (0/2); completeness unknown, left out.
    assert yi["score"] == pytest.approx(2 / 3)
    consistency = wilson_interval(0, 2)
    low = (wilson_interval(2, 2).lower * 2 + consistency.lower) / 3
    assert yi["lower"] == pytest.approx(low)
    assert yi["weakest_dimension"] == "consistency"
    assert "乡镇数据库" in yi["advice_zh"] and "township database" in yi["advice_en"]
    assert yi["township_code"] == "320924101"


def test_scorecard_small_villages_share_a_band(tmp_path: Path):
    # Two villages, one with two records: its consistency of 0/2 (interval 0–0.66) does not
    # lie wholly below the other's 10/17 = 0.59, so it is not shown to be worse.
    card = village_scorecard(write_link_dir(tmp_path), FINDINGS)
    assert card.villages["worse_dimensions"].to_list() == [[], []]
    assert card.bands == 1
    assert card.needing_support().is_empty()


def test_scorecard_period_keeps_the_year_to_date(tmp_path: Path):
    # To the end of October 2025: 乙's November births are not yet there.
    card = village_scorecard(write_link_dir(tmp_path), FINDINGS, period=Period(2025, 10))
    assert card.villages["village_code"].to_list() == [JIA]
    assert card.to_dict()["period"] == "2025-10"
    earlier = village_scorecard(write_link_dir(tmp_path), FINDINGS, period=Period(2025, 3))
    # By 31 March the three births recorded on 15 April are not in the ledger yet.
    assert _dimension(earlier.dimensions, JIA, "timeliness")["denominator"] == 44


def test_scorecard_to_dict_is_json_ready(tmp_path: Path):
    document = village_scorecard(write_link_dir(tmp_path), FINDINGS).to_dict()
    assert document["bands"] == 1
    assert {r["dimension"] for r in document["dimensions"]} == {
        "completeness",
        "timeliness",
        "accuracy",
        "consistency",
    }
    assert {v["village_code"] for v in document["villages"]} == {JIA, YI}


def test_scorecard_incomplete_link_dir_names_the_missing_file(tmp_path: Path):
    link_dir = write_link_dir(tmp_path)
    (link_dir / "sources.parquet").unlink()
    with pytest.raises(HeduiError, match=r"sources\.parquet"):
        village_scorecard(link_dir, [])


def test_scorecard_timeliness_limit_is_a_parameter(tmp_path: Path):
    card = village_scorecard(write_link_dir(tmp_path), [], timeliness_days=60)
    assert _dimension(card.dimensions, JIA, "timeliness")["value"] == 1.0
    assert card.to_dict()["timeliness_days"] == 60


def test_scorecard_timeliness_of_a_police_birth_counts_from_the_birth_date(tmp_path: Path):
    # Issue #11: the police write the registration date in event_date and the child's birth
    # date in birth_date, with no recorded_date. Two police records of 甲's births b0, b1,
    # born 2025-03-01 and registered 2025-04-15: 45 days, late. On time 44 of 47 + 2 = 49.
    out = write_link_dir(tmp_path)
    police = pl.DataFrame(
        {
            "source": ["police_hukou"] * 2,
            "record_id": ["P0", "P1"],
            "cluster_id": ["b0", "b1"],
            "village": [JIA] * 2,
            "event": ["birth"] * 2,
            "event_date": ["2025-04-15"] * 2,
            "birth_date": ["2025-03-01"] * 2,
            "recorded_date": [None, None],
        },
        schema_overrides={"recorded_date": pl.Utf8},
    )
    clusters = pl.read_csv(out / "clusters.csv", infer_schema=False)
    pl.concat([clusters, police.select(clusters.columns)]).write_csv(out / "clusters.csv")
    records = pl.read_parquet(out / "records.parquet")
    pl.concat([records, police.select(records.columns)]).write_parquet(out / "records.parquet")
    sources = pl.read_parquet(out / "sources.parquet").with_columns(
        pl.lit(None, pl.Utf8).alias("birth_date")
    )
    pl.concat([sources, police.select(sources.columns)]).write_parquet(out / "sources.parquet")
    timeliness = _dimension(village_scorecard(out, []).dimensions, JIA, "timeliness")
    assert (timeliness["numerator"], timeliness["denominator"]) == (44, 49)
