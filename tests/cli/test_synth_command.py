"""`hedui synth` through Typer's CliRunner: options parsed, files written, summary printed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import InvalidDateError
from hedui.synth import OUTPUT_FILES

runner = CliRunner()


def test_synth_command_writes_every_file_and_prints_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "county"
    result = runner.invoke(
        app, ["synth", "--people", "1500", "--seed", "4", "--out", str(out), "--year", "2025"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["people"] == 1500
    assert summary["year"] == 2025
    for label in ("人口 people", "village_ledger", "police_hukou", "注入的错误", "duplicate"):
        assert label in result.output
    assert f"{summary['records']['police_hukou']:,}" in result.output


def test_synth_command_json_prints_the_summary_file(tmp_path: Path) -> None:
    out = tmp_path / "county"
    result = runner.invoke(app, ["synth", "--people", "300", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads((out / "summary.json").read_text("utf-8"))


def test_synth_command_error_scale_zero_writes_clean_truth(tmp_path: Path) -> None:
    out = tmp_path / "clean"
    result = runner.invoke(
        app, ["synth", "--people", "800", "--out", str(out), "--error-scale", "0"]
    )
    assert result.exit_code == 0, result.output
    errors = (out / "truth.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert all(line.endswith(',""') or line.endswith(",") for line in errors)
    assert "无 none" in result.output


def test_synth_command_export_date_option(tmp_path: Path) -> None:
    out = tmp_path / "early"
    result = runner.invoke(
        app, ["synth", "--people", "600", "--out", str(out), "--export-date", "2026-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["export_date"] == (
        "2026-06-30"
    )


def test_synth_command_rejects_a_malformed_export_date(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", "--out", str(tmp_path), "--export-date", "30/06/2026"])
    assert isinstance(result.exception, InvalidDateError)


def test_synth_command_rejects_too_few_people(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", "--out", str(tmp_path), "--people", "3"])
    assert result.exit_code == 2
