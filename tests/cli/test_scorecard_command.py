"""`hedui scorecard LINK_DIR` on a link directory built by hand.

Two villages. 甲 (…201): 12 births in the ledger, the hospital and the township database alike,
recorded within a week, names and sexes agreeing. 乙 (…202): 12 births in the hospital; the ledger
holds 8 of them, each recorded 90 days late, and the township database none. 乙's ledger
completeness is Chapman's 8 against N̂ = 9·13/9 − 1 = 12, so 67%; its timeliness is 12/20
(the hospital's 12 on time, the ledger's 8 late) and its consistency 0/8.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import HeduiError
from hedui.linkage.pipeline import EXTRA_COLUMNS
from hedui.linkage.prepare import FEATURE_COLUMNS
from hedui.sources.schema import CANONICAL_COLUMNS

runner = CliRunner()
JIA, YI = "320924101201", "320924101202"
# Every column the link directory's files have, taken from where hedui defines them, so a new
# column added there cannot make this hand-written link directory stale.
_PREPARED = list(FEATURE_COLUMNS)
_CANONICAL = [
    c for c in (*CANONICAL_COLUMNS, *EXTRA_COLUMNS) if c not in ("source", "record_id", "event")
]


def _records() -> list[dict[str, str]]:
    rows = []
    for i in range(12):
        for source in ("village_ledger", "health_births", "township_db"):
            rows.append(_row(source, f"{source[:2]}J{i}", f"j{i}", JIA, "2025-05-06"))
        rows.append(_row("health_births", f"hbY{i}", f"y{i}", YI, "2025-05-02"))
        if i < 8:
            rows.append(_row("village_ledger", f"viY{i}", f"y{i}", YI, "2025-07-30"))
    return rows


def _row(source: str, record_id: str, cluster: str, village: str, recorded: str) -> dict[str, str]:
    return {
        "source": source,
        "record_id": record_id,
        "cluster_id": cluster,
        "event": "birth",
        "village": village,
        "event_date": "2025-05-01",
        "recorded_date": recorded,
        "birth_date": "2025-05-01",
        "sex": "1",
        "name_norm": f"王{cluster}",
    }


def write_link_dir(out: Path) -> Path:
    frame = pl.DataFrame(_records())
    out.mkdir(parents=True, exist_ok=True)
    frame.select("source", "record_id", "cluster_id").with_columns(
        pl.lit(1.0).alias("match_probability")
    ).write_csv(out / "clusters.csv")
    # Every column ``hedui link`` writes to records.parquet, so reconciliation finds them all.
    given = {
        "unique_id": pl.int_range(pl.len(), dtype=pl.Int64),
        "id_valid": pl.lit(False),
        "birth_day": pl.lit(20209, pl.Int32),
        "event_day": pl.lit(20209, pl.Int32),
        "township": pl.col("village").str.slice(0, 9),
    }
    frame.select(
        (
            given[c] if c in given else pl.col(c) if c in frame.columns else pl.lit(None, pl.Utf8)
        ).alias(c)
        for c in _PREPARED
    ).write_parquet(out / "records.parquet")
    frame.select(
        "source",
        "record_id",
        "event",
        *[pl.col(c) if c in frame.columns else pl.lit(None, pl.Utf8).alias(c) for c in _CANONICAL],
    ).write_parquet(out / "sources.parquet")
    (out / "duplicates.csv").write_text(
        "source_l,record_id_l,source_r,record_id_r,match_probability\n", encoding="utf-8"
    )
    return out


def test_scorecard_command_prints_bands_and_advice(tmp_path: Path):
    result = runner.invoke(
        app, ["scorecard", str(write_link_dir(tmp_path))], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert JIA in result.output and YI in result.output
    assert "67% [" in result.output  # 乙's ledger completeness
    assert "档 band" in result.output


def test_scorecard_command_json_is_one_document(tmp_path: Path):
    args = ["scorecard", str(write_link_dir(tmp_path)), "--json", "--top", "5"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    dims = {(d["village_code"], d["dimension"]): d for d in document["dimensions"]}
    assert dims[(YI, "completeness")]["value"] == 8 / 12
    assert dims[(YI, "timeliness")]["numerator"] == 12
    assert dims[(YI, "timeliness")]["denominator"] == 20
    assert dims[(YI, "consistency")]["value"] == 0.0
    assert dims[(JIA, "consistency")]["value"] == 1.0
    codes = [v["village_code"] for v in document["villages"]]
    assert sorted(codes) == [JIA, YI]
    assert isinstance(document["needing_support"], list)
    assert {v["village_code"] for v in document["needing_support"]} <= {YI}


def test_scorecard_command_top_lists_only_the_villages_in_need(tmp_path: Path):
    args = ["scorecard", str(write_link_dir(tmp_path)), "--top", "1"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert JIA not in result.output


def test_scorecard_command_period_and_bad_period(tmp_path: Path):
    link_dir = write_link_dir(tmp_path)
    result = runner.invoke(app, ["scorecard", str(link_dir), "--period", "2025-06", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["period"] == "2025-06"
    # By 30 June the ledger had not yet recorded 乙's births (entered on 30 July).
    dims = {(d["village_code"], d["dimension"]): d for d in document["dimensions"]}
    assert dims[(YI, "timeliness")]["denominator"] == 12
    bad = runner.invoke(app, ["scorecard", str(link_dir), "--period", "June"])
    assert isinstance(bad.exception, HeduiError)


def test_scorecard_command_missing_directory_names_the_file(tmp_path: Path):
    result = runner.invoke(app, ["scorecard", str(tmp_path)])
    assert isinstance(result.exception, HeduiError)
    assert "clusters.csv" in str(result.exception)
