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


def test_indicators_by_village_prints_no_sex_ratio_at_birth(tmp_path: Path) -> None:
    """Township is the floor: a village's boys and girls would be particular families."""
    out = write_link_dir(tmp_path / "linked", ROWS)
    result = runner.invoke(
        app, ["indicators", str(out), "--period", "2025-12", "--by", "village", "--json"]
    )
    villages = json.loads(result.stdout)["areas"]["village"]
    assert villages
    for village in villages:
        ratio = village["sex_ratio"]
        assert ratio["estimable"] is False and "township" in ratio["reason"]
        assert "boys" not in ratio and "girls" not in ratio and not ratio["counts"]
    table = runner.invoke(
        app,
        ["indicators", str(out), "--period", "2025-12", "--by", "village"],
        env={"COLUMNS": "250"},
    )
    assert table.exit_code == 0, table.output
    assert "出生性别比最细到乡镇" in table.stdout
    assert table.stdout.count("出生性别比 SRB") == 1  # the county's table only
