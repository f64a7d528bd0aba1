"""Estimates from a linkage output directory: hand-built directories and a synthetic county."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.errors import EstimationInputError, HeduiError
from hedui.linkage import link_files
from hedui.stats import ChapmanEstimate, NotEstimable
from hedui.stats.link_estimates import estimate_from_link_dir
from hedui.synth import synthesize

VILLAGE = "320924101001"
OTHER_VILLAGE = "320924102001"
SOURCES = ["village_ledger", "township_db", "health_births", "police_hukou", "civil_marriages"]


def write_link_dir(out: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """Write clusters.csv and records.parquet from (source, record_id, cluster, event, village)."""
    out.mkdir(parents=True, exist_ok=True)
    frame = pl.DataFrame(
        rows, schema=["source", "record_id", "cluster_id", "event", "village"], orient="row"
    )
    frame.select("source", "record_id", "cluster_id").with_columns(
        pl.lit(None, pl.Float64).alias("match_probability")
    ).write_csv(out / "clusters.csv")
    frame.select("source", "record_id", "event", "village").write_parquet(out / "records.parquet")
    return out


def births_and_residents(out: Path) -> Path:
    """10 births in both sources A and B, 5 only in A, 5 only in B; 3 residents in both."""
    rows = []
    for i in range(10):
        rows += [
            ("A", f"a{i}", f"b{i}", "birth", VILLAGE),
            ("B", f"x{i}", f"b{i}", "birth", VILLAGE),
        ]
    for i in range(10, 15):
        rows.append(("A", f"a{i}", f"b{i}", "birth", VILLAGE))
    for i in range(15, 20):
        rows.append(("B", f"x{i}", f"b{i}", "birth", VILLAGE))
    for i in range(3):
        rows += [
            ("A", f"r{i}", f"r{i}", "resident", VILLAGE),
            ("B", f"s{i}", f"r{i}", "resident", VILLAGE),
        ]
    return write_link_dir(out, rows)


def test_estimate_from_link_dir_two_sources_gives_chapman(tmp_path: Path):
    # n1 = 15, n2 = 15, m = 10: N̂ = 16·16/11 − 1 = 256/11 − 1 = 22.2727; seen 20.
    [result] = estimate_from_link_dir(births_and_residents(tmp_path))
    assert (result.area, result.event) == ("320924", "birth")  # residents left out
    assert result.counts == {"A": 15, "B": 15}
    assert result.overlaps == {"01": 5, "10": 5, "11": 10}
    assert isinstance(result.result, ChapmanEstimate)
    assert result.result.n_hat == pytest.approx(256 / 11 - 1)
    assert result.to_dict()["estimate"]["n_observed"] == 20
    assert result.assumptions


def test_estimate_from_link_dir_resident_only_when_asked(tmp_path: Path):
    # 3 residents in both sources: overlap 3 < 7, so not estimable, with the reason.
    [result] = estimate_from_link_dir(births_and_residents(tmp_path), event="resident")
    assert result.event == "resident"
    assert isinstance(result.result, NotEstimable)
    assert "7" in result.result.reason


def test_estimate_from_link_dir_area_is_most_common_village(tmp_path: Path):
    # Cluster c0: A twice in OTHER_VILLAGE (a duplicate), B once in VILLAGE → OTHER_VILLAGE.
    # Cluster c1: one record in each village, a tie → the smaller code, VILLAGE.
    rows = [
        ("A", "a0", "c0", "death", OTHER_VILLAGE),
        ("A", "a1", "c0", "death", OTHER_VILLAGE),
        ("B", "b0", "c0", "death", VILLAGE),
        ("A", "a2", "c1", "death", OTHER_VILLAGE),
        ("B", "b1", "c1", "death", VILLAGE),
    ]
    results = estimate_from_link_dir(write_link_dir(tmp_path, rows), by="village")
    assert [(r.area, r.histories.n_observed) for r in results] == [
        (VILLAGE, 1),
        (OTHER_VILLAGE, 1),
    ]
    townships = estimate_from_link_dir(tmp_path, by="township")
    assert [(r.area, r.counts) for r in townships] == [
        ("320924101", {"A": 1, "B": 1}),
        ("320924102", {"A": 1, "B": 1}),
    ]


def test_estimate_from_link_dir_missing_file_is_named(tmp_path: Path):
    births_and_residents(tmp_path)
    (tmp_path / "records.parquet").unlink()
    with pytest.raises(HeduiError, match=r"records\.parquet"):
        estimate_from_link_dir(tmp_path)


def test_estimate_from_link_dir_foreign_clusters_file_is_rejected(tmp_path: Path):
    births_and_residents(tmp_path)
    (tmp_path / "clusters.csv").write_text("name,value\n甲,1\n", encoding="utf-8")
    with pytest.raises(HeduiError, match=r"clusters\.csv"):
        estimate_from_link_dir(tmp_path)


def test_estimate_from_link_dir_unknown_level_is_rejected(tmp_path: Path):
    with pytest.raises(EstimationInputError):
        estimate_from_link_dir(births_and_residents(tmp_path), by="province")  # type: ignore[arg-type]


def test_estimate_from_link_dir_synthetic_county_births_are_sane(tmp_path: Path):
    synthesize(3000, 7, tmp_path / "county", year=2025)
    link_files([tmp_path / "county" / f"{name}.csv" for name in SOURCES], tmp_path / "out")
    births = estimate_from_link_dir(tmp_path / "out", event="birth")
    truth = pl.read_csv(tmp_path / "county" / "truth_events.csv")
    true_births = truth.filter(pl.col("event") == "birth").height
    # Seen on 2026-11-29 (seed 7, 3,000 people): 30 true births, 30 seen by four sources
    # (health_births 28, police_hukou 26, township_db 23, village_ledger 26), log-linear
    # N̂ = 30.09, 95% profile interval [30.0, 30.96].
    [county] = births
    result = county.result
    assert result.estimable
    assert county.area == "320924"
    assert result.n_hat >= county.histories.n_observed
    assert result.interval.lower >= county.histories.n_observed
    assert result.interval.upper >= result.n_hat
    assert 0.8 * true_births <= result.n_hat <= 1.25 * true_births
    assert result.interval.lower <= true_births * 1.1
