"""Tests for hedui.stats.capture_recapture: one entry point per stratum."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.capture_recapture import estimate_population
from hedui.stats.chapman import ChapmanEstimate
from hedui.stats.linked_histories import capture_histories_by
from hedui.stats.loglinear import LoglinearEstimate
from hedui.stats.small_numbers import NotEstimable


def test_estimate_population_two_sources_uses_chapman() -> None:
    table = CaptureHistories.from_counts({"01": 254, "10": 781, "11": 167}, ["甲", "乙"])
    result = estimate_population(table)
    assert isinstance(result, ChapmanEstimate)
    assert result.interval.method == "log"


def test_estimate_population_three_sources_uses_loglinear(cormack_3b: CaptureHistories) -> None:
    result = estimate_population(cormack_3b, criterion="bic")
    assert isinstance(result, LoglinearEstimate)
    assert result.criterion == "bic"
    assert result.interval.method == "profile"


def test_estimate_population_per_township_from_a_file(tmp_path: Path) -> None:
    # Two townships, two sources. 城关镇: 40 people in both, 30 ledger only, 20 hospital only
    # → Chapman (71·61/41) − 1 = 104.63. 河西乡: 3 in both → too few, not estimable.
    rows = ["source,record_id,cluster_id,township"]
    counter = 0

    def person(township: str, sources: list[str]) -> None:
        nonlocal counter
        counter += 1
        for source in sources:
            rows.append(f"{source},{source}-{counter},p{counter},{township}")

    for _ in range(40):
        person("城关镇", ["village_ledger", "health_births"])
    for _ in range(30):
        person("城关镇", ["village_ledger"])
    for _ in range(20):
        person("城关镇", ["health_births"])
    for _ in range(3):
        person("河西乡", ["village_ledger", "health_births"])
    for _ in range(12):
        person("河西乡", ["village_ledger"])
    path = tmp_path / "clusters.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")

    tables = capture_histories_by(pl.read_csv(path), "township")
    results = {key[0]: estimate_population(table) for key, table in tables.items()}
    chengguan, hexi = results["城关镇"], results["河西乡"]
    assert isinstance(chengguan, ChapmanEstimate)
    assert chengguan.n_hat == (71 * 61 / 41) - 1
    assert isinstance(hexi, NotEstimable)
    report = json.dumps({k: v.to_dict() for k, v in results.items()}, ensure_ascii=False)
    assert "重叠记录太少" in report
