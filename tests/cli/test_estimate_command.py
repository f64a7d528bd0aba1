"""`hedui estimate LINK_DIR` on a small linkage output built by hand."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import HeduiError

runner = CliRunner()
VILLAGE = "320924101001"


def write_link_dir(out: Path) -> Path:
    """Births: 10 in both A and B, 5 only in A, 5 only in B; 3 residents in both."""
    rows = []
    for i in range(10):
        rows += [("A", f"a{i}", f"b{i}", "birth"), ("B", f"x{i}", f"b{i}", "birth")]
    rows += [("A", f"a{i}", f"b{i}", "birth") for i in range(10, 15)]
    rows += [("B", f"x{i}", f"b{i}", "birth") for i in range(15, 20)]
    for i in range(3):
        rows += [("A", f"r{i}", f"r{i}", "resident"), ("B", f"s{i}", f"r{i}", "resident")]
    frame = pl.DataFrame(
        rows, schema=["source", "record_id", "cluster_id", "event"], orient="row"
    ).with_columns(pl.lit(VILLAGE).alias("village"))
    out.mkdir(parents=True, exist_ok=True)
    frame.select("source", "record_id", "cluster_id").with_columns(
        pl.lit(None, pl.Float64).alias("match_probability")
    ).write_csv(out / "clusters.csv")
    frame.select("source", "record_id", "event", "village").write_parquet(out / "records.parquet")
    return out


def test_estimate_command_prints_table_and_assumptions(tmp_path: Path):
    # Chapman: N̂ = 16·16/11 − 1 = 22.27 ≈ 22.3; completeness of A = 15/22.27 = 67%.
    result = runner.invoke(app, ["estimate", str(write_link_dir(tmp_path))], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "birth" in result.output
    assert "resident" not in result.output
    assert "22.3 [" in result.output
    assert "15 (67%)" in result.output
    assert "假设 Assumptions" in result.output


def test_estimate_command_json_is_one_document(tmp_path: Path):
    result = runner.invoke(app, ["estimate", str(write_link_dir(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    [birth] = document["estimates"]
    assert birth["area"] == "320924"
    assert birth["counts"] == {"A": 15, "B": 15}
    assert birth["overlaps"] == {"01": 5, "10": 5, "11": 10}
    assert birth["estimate"]["n_hat"] == pytest.approx(256 / 11 - 1)
    assert birth["estimate"]["assumptions"]


def test_estimate_command_resident_on_request_shows_reason(tmp_path: Path):
    # 3 residents seen twice: fewer than 7, so the reason stands where the figure would be.
    args = ["estimate", str(write_link_dir(tmp_path)), "--event", "resident", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    [resident] = json.loads(result.output)["estimates"]
    assert resident["estimate"]["estimable"] is False
    assert resident["estimate"]["reason"]


def test_estimate_command_missing_directory_names_the_file(tmp_path: Path):
    result = runner.invoke(app, ["estimate", str(tmp_path)])
    assert isinstance(result.exception, HeduiError)
    assert "clusters.csv" in str(result.exception)


def test_estimate_command_shows_the_linkage_error_beside_the_estimate(tmp_path: Path):
    link_dir = write_link_dir(tmp_path)
    result = runner.invoke(app, ["estimate", str(link_dir)], env={"COLUMNS": "160"})
    assert "linkage error: not evaluated" in result.output
    # As `hedui evaluate` saves it: 2 of 100 predicted pairs false, 5 of 103 true pairs missed.
    pairwise = {"precision": 0.98, "recall": 0.95, "f1": 0.9648}
    (link_dir / "evaluation.json").write_text(json.dumps({"pairwise": pairwise}))
    result = runner.invoke(app, ["estimate", str(link_dir)], env={"COLUMNS": "160"})
    assert "false links 2.00%" in result.output
    assert "missed links 5.00%" in result.output
    document = json.loads(runner.invoke(app, ["estimate", str(link_dir), "--json"]).output)
    assert document["linkage_evaluation"] == pairwise


def _cormack_link_dir(out: Path) -> Path:
    """Cormack et al. (2000) Table 3b as deaths on three lists D, O, W, all on 2025-06-01
    (111: 72, 110: 5, 101: 29, 100: 54, 011: 24, 010: 3, 001: 14; 201 deaths); a 202nd
    death, D only, on 2024-06-01."""
    cells = {"111": 72, "110": 5, "101": 29, "100": 54, "011": 24, "010": 3, "001": 14}
    rows = []
    number = 0
    for history, count in cells.items():
        for _ in range(count):
            number += 1
            for source, flag in zip("DOW", history, strict=True):
                if flag == "1":
                    rows.append((source, f"{source}{number}", f"d{number}", "2025-06-01"))
    rows.append(("D", "D0", "d0", "2024-06-01"))
    frame = pl.DataFrame(
        rows, schema=["source", "record_id", "cluster_id", "event_date"], orient="row"
    ).with_columns(pl.lit("death").alias("event"), pl.lit(VILLAGE).alias("village"))
    out.mkdir(parents=True, exist_ok=True)
    frame.select("source", "record_id", "cluster_id").write_csv(out / "clusters.csv")
    frame.select("source", "record_id", "event", "village", "event_date").write_parquet(
        out / "records.parquet"
    )
    return out


def test_estimate_command_period_and_model_average(tmp_path: Path):
    # In 2025 the 201 deaths of Table 3b; averaged over the models with residual df, their
    # AIC weights 0.51 / 0.26 / 0.23 on 2×3 (221.9), 1×2 + 2×3 (227.1), 1×3 + 2×3 (233.4):
    # N̂ = 225.9, the plausible models ranging 221.9 – 233.4.
    link_dir = _cormack_link_dir(tmp_path)
    args = ["estimate", str(link_dir), "--period", "2025", "--json"]
    document = json.loads(runner.invoke(app, args).output)
    assert document["period"] == "2025"
    [death] = document["estimates"]
    assert death["n_observed"] == 201
    assert death["estimate"]["selection"] == "average"
    assert death["estimate"]["n_hat"] == pytest.approx(225.9, abs=0.1)
    everything = json.loads(runner.invoke(app, ["estimate", str(link_dir), "--json"]).output)
    assert everything["estimates"][0]["n_observed"] == 202
    shown = runner.invoke(
        app, ["estimate", str(link_dir), "--period", "2025"], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0, shown.output
    assert "model average" in shown.output
    assert "221.9 – 233.4" in shown.output
