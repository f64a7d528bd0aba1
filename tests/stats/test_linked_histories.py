"""Tests for hedui.stats.linked_histories: capture histories from linkage output files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.errors import EstimationInputError
from hedui.stats.linked_histories import capture_histories, capture_histories_by

# clusters.csv as ``hedui link`` writes it, plus the township each record's cluster lies in.
# Sources sort as health_births < police_hukou < village_ledger, so histories read (出生证,
# 户籍, 村台账):
#   c1: all three                       → 111
#   c2: ledger and birth certificate    → 101
#   c3: ledger only                     → 001
#   c4: two birth certificates + police → 110 (the duplicate certificate counts once)
#   c5: police only                     → 010
#   c6: ledger and police               → 011
CLUSTERS = """source,record_id,cluster_id,match_probability,township
village_ledger,VL1,c1,0.99,城关镇
health_births,HB1,c1,0.99,城关镇
police_hukou,PH1,c1,0.98,城关镇
village_ledger,VL2,c2,0.97,城关镇
health_births,HB2,c2,0.97,城关镇
village_ledger,VL3,c3,,城关镇
health_births,HB3,c4,0.95,河西乡
health_births,HB4,c4,0.95,河西乡
police_hukou,PH2,c4,0.96,河西乡
police_hukou,PH3,c5,,河西乡
village_ledger,VL4,c6,0.91,河西乡
police_hukou,PH4,c6,0.91,河西乡
"""


@pytest.fixture
def clusters(tmp_path: Path) -> pl.DataFrame:
    path = tmp_path / "clusters.csv"
    path.write_text(CLUSTERS, encoding="utf-8")
    return pl.read_csv(path, schema_overrides={"match_probability": pl.Float64})


def test_capture_histories_counts_each_cluster_once(clusters: pl.DataFrame) -> None:
    table = capture_histories(clusters)
    assert table.sources == ("health_births", "police_hukou", "village_ledger")
    assert dict(table.counts) == {
        (0, 0, 1): 1,
        (0, 1, 0): 1,
        (0, 1, 1): 1,
        (1, 0, 0): 0,
        (1, 0, 1): 1,
        (1, 1, 0): 1,
        (1, 1, 1): 1,
    }
    # 出生证 holds c1, c2, c4 (three people, four records).
    assert table.source_totals()["health_births"] == 3


def test_capture_histories_uses_only_and_in_order_the_sources_given(
    clusters: pl.DataFrame,
) -> None:
    # (village_ledger, health_births): c1 → 11, c2 → 11, c3 → 10, c4 → 01, c6 → 10; c5 drops.
    table = capture_histories(clusters, sources=["village_ledger", "health_births"])
    assert dict(table.counts) == {(0, 1): 1, (1, 0): 2, (1, 1): 2}


def test_capture_histories_by_township(clusters: pl.DataFrame) -> None:
    tables = capture_histories_by(clusters, "township")
    assert list(tables) == [("城关镇",), ("河西乡",)]
    chengguan = tables[("城关镇",)]
    # 城关镇: c1 111, c2 101, c3 001; 河西乡: c4 110, c5 010, c6 011.
    assert chengguan.sources == ("health_births", "police_hukou", "village_ledger")
    assert {h: c for h, c in chengguan.counts.items() if c} == {
        (1, 1, 1): 1,
        (1, 0, 1): 1,
        (0, 0, 1): 1,
    }
    hexi = tables[("河西乡",)]
    assert {h: c for h, c in hexi.counts.items() if c} == {(1, 1, 0): 1, (0, 1, 0): 1, (0, 1, 1): 1}


def test_capture_histories_by_refuses_a_cluster_in_two_strata(clusters: pl.DataFrame) -> None:
    moved = clusters.with_columns(
        pl.when(pl.col("record_id") == "PH1")
        .then(pl.lit("河西乡"))
        .otherwise(pl.col("township"))
        .alias("township")
    )
    with pytest.raises(EstimationInputError, match="c1"):
        capture_histories_by(moved, ["township"])


def test_capture_histories_names_missing_columns(clusters: pl.DataFrame) -> None:
    with pytest.raises(EstimationInputError, match="cluster"):
        capture_histories(clusters.drop("cluster_id"))
    with pytest.raises(EstimationInputError, match="village_code"):
        capture_histories_by(clusters, "village_code")


def test_capture_histories_needs_two_sources(clusters: pl.DataFrame) -> None:
    only_ledger = clusters.filter(pl.col("source") == "village_ledger")
    with pytest.raises(EstimationInputError, match="at least two"):
        capture_histories(only_ledger)
