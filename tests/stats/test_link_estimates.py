"""Estimates from a linkage output directory: hand-built directories and a synthetic county."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.errors import EstimationInputError, HeduiError
from hedui.linkage import link_files
from hedui.period import parse_period
from hedui.stats import ChapmanEstimate, NotEstimable
from hedui.stats.link_estimates import estimate_from_link_dir
from hedui.synth import synthesize

VILLAGE = "320924101001"
OTHER_VILLAGE = "320924102001"
SOURCES = ["village_ledger", "township_db", "health_births", "police_hukou", "civil_marriages"]


def write_link_dir(out: Path, rows: list[tuple[str | None, ...]]) -> Path:
    """Write clusters.csv and records.parquet from (source, record_id, cluster, event, village)
    and, when given, the event date and birth date; without them records.parquet has no date
    columns, as a hand-made or old link directory may not."""
    out.mkdir(parents=True, exist_ok=True)
    dated = any(len(r) > 5 for r in rows)
    columns = ["source", "record_id", "cluster_id", "event", "village"]
    if dated:
        columns += ["event_date", "birth_date"]
        rows = [(*r, *[None] * (7 - len(r))) for r in rows]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.Utf8), orient="row")
    frame.select("source", "record_id", "cluster_id").with_columns(
        pl.lit(None, pl.Float64).alias("match_probability")
    ).write_csv(out / "clusters.csv")
    frame.drop("cluster_id").write_parquet(out / "records.parquet")
    return out


def births_and_residents(out: Path) -> Path:
    """10 births in both sources A and B, 5 only in A, 5 only in B; 3 residents in both."""
    rows: list[tuple[str | None, ...]] = []
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
    rows: list[tuple[str | None, ...]] = [
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


def _moves(out: Path) -> Path:
    """Eight move-outs from VILLAGE (township 320924101), each one cluster m0–m7, in A (all
    eight) and B (m0–m3); m0–m5 also hold their move-in to OTHER_VILLAGE (320924102), in A:
    six moves inside the county. m6, m7 and o0–o6 (A: all, B: o0–o3) have no move-in.
    """
    rows: list[tuple[str | None, ...]] = []
    for i in range(8):
        rows.append(("A", f"ao{i}", f"m{i}", "move_out", VILLAGE))
        if i < 4:
            rows.append(("B", f"bo{i}", f"m{i}", "move_out", VILLAGE))
        if i < 6:
            rows.append(("A", f"ai{i}", f"m{i}", "move_in", OTHER_VILLAGE))
    for i in range(7):
        rows.append(("A", f"x{i}", f"o{i}", "move_out", VILLAGE))
        if i < 4:
            rows.append(("B", f"y{i}", f"o{i}", "move_out", VILLAGE))
    return write_link_dir(out, rows)


def test_estimate_from_link_dir_a_move_inside_the_county_is_one_event(tmp_path: Path):
    # County: m0–m5 are six moves within, seen by A (6) and B (m0–m3: 4); m6, m7 and o0–o6
    # are nine moves out, A 9, B 4. No move into the county.
    link_dir = _moves(tmp_path)
    county = {r.event: r for r in estimate_from_link_dir(link_dir)}
    assert set(county) == {"move_out", "move_within"}
    assert county["move_within"].counts == {"A": 6, "B": 4}
    assert county["move_within"].histories.n_observed == 6
    assert county["move_out"].counts == {"A": 9, "B": 4}
    # Village level: the move-outs are VILLAGE's (15: A 15, B 8), the move-ins OTHER_VILLAGE's
    # (6, A only: one source, no estimate); nothing is within a village.
    villages = {(r.area, r.event): r for r in estimate_from_link_dir(link_dir, by="village")}
    assert set(villages) == {(VILLAGE, "move_out"), (OTHER_VILLAGE, "move_in")}
    assert villages[(VILLAGE, "move_out")].counts == {"A": 15, "B": 8}
    assert villages[(OTHER_VILLAGE, "move_in")].histories.n_observed == 6


def test_estimate_from_link_dir_counts_a_birth_in_the_period_it_happened(tmp_path: Path):
    # Ten births in December 2025 in both A and B; five more only in A. Three more, only in
    # B (the police), registered on 5 January 2026 but born on 30 December: 2025 births.
    # Two births of 2024 in both sources are left out of 2025.
    rows: list[tuple[str | None, ...]] = []
    for i in range(10):
        rows.append(("A", f"a{i}", f"b{i}", "birth", VILLAGE, "2025-12-01", "2025-12-01"))
        rows.append(("B", f"p{i}", f"b{i}", "birth", VILLAGE, "2026-01-05", "2025-12-01"))
    for i in range(10, 15):
        rows.append(("A", f"a{i}", f"b{i}", "birth", VILLAGE, "2025-12-02", "2025-12-02"))
    for i in range(15, 18):
        rows.append(("B", f"p{i}", f"b{i}", "birth", VILLAGE, "2026-01-05", "2025-12-30"))
    for i in range(18, 20):
        rows.append(("A", f"a{i}", f"b{i}", "birth", VILLAGE, "2024-06-01", "2024-06-01"))
        rows.append(("B", f"p{i}", f"b{i}", "birth", VILLAGE, "2024-06-09", "2024-06-01"))
    link_dir = write_link_dir(tmp_path, rows)
    [year] = estimate_from_link_dir(link_dir, period=parse_period("2025"))
    # n1 = 15, n2 = 13, m = 10: Chapman (16·14)/11 − 1 = 19.36.
    assert year.counts == {"A": 15, "B": 13}
    assert year.result.estimable and year.result.n_hat == pytest.approx(16 * 14 / 11 - 1)
    [everything] = estimate_from_link_dir(link_dir)
    assert everything.histories.n_observed == 20
    january = estimate_from_link_dir(link_dir, period=parse_period("2026-01"))
    assert january == []


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
