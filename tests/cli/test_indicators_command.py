"""`hedui indicators LINK_DIR` on the hand-made link directory of the indicator tests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hedui.cli import app
from stats.test_indicators import ROWS, write_link_dir

runner = CliRunner()


def test_indicators_json_holds_county_and_chosen_level(tmp_path: Path) -> None:
    out = write_link_dir(tmp_path / "linked", ROWS)
    result = runner.invoke(
        app, ["indicators", str(out), "--period", "2025-12", "--by", "village", "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document["areas"]) == {"county", "village"}
    county = next(a for a in document["areas"]["county"] if a["area"] == "320924")
    assert county["events"]["birth"] == 2  # three records of C1 are one birth


def test_indicators_table_prints_areas_and_months(tmp_path: Path) -> None:
    out = write_link_dir(tmp_path / "linked", ROWS)
    result = runner.invoke(
        app, ["indicators", str(out), "--period", "2025-12"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "320924101" in result.stdout
    assert "2025-11" in result.stdout


def test_indicators_refuses_an_unknown_level(tmp_path: Path) -> None:
    out = write_link_dir(tmp_path / "linked", ROWS)
    result = runner.invoke(app, ["indicators", str(out), "--by", "province"])
    assert result.exit_code != 0
    assert "province" in str(result.exception)
