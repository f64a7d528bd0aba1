"""`hedui report`: a real store and a linked synthetic county, every format and audience."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from hedui.cli import app
from reports.county import linked_county, store_with_run


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return store_with_run(tmp_path_factory)


@pytest.fixture(scope="module")
def villages_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_county(tmp_path_factory) / "county" / "villages.csv"


runner = CliRunner()


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_report_writes_each_format(tmp_path: Path, store_url: str, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(
        app,
        ["report", "--period", "2025", "--format", fmt, "--audience", "public",
         "--database-url", store_url, "--out", str(out), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["path"] == str(out) and document["audience"] == "public"
    assert out.stat().st_size > 1000
    if fmt == "xlsx":
        assert openpyxl.load_workbook(out).sheetnames[0] == "说明 about"


def test_report_names_areas_from_villages_csv(tmp_path: Path, store_url, villages_csv) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        ["report", "--period", "2025", "--database-url", store_url, "--out", str(out),
         "--villages", str(villages_csv)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    township_name = villages_csv.read_text(encoding="utf-8").splitlines()[1].split(",")[3]
    assert township_name in out.read_text(encoding="utf-8")


def test_report_without_a_run_says_what_to_run(tmp_path: Path, store_url: str) -> None:
    result = runner.invoke(
        app, ["report", "--period", "2024-03", "--database-url", store_url,
              "--out", str(tmp_path / "r.html")],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "hedui reconcile --period 2024-03" in str(result.exception)


def test_report_refuses_an_unknown_format(store_url: str) -> None:
    result = runner.invoke(
        app, ["report", "--period", "2025", "--format", "docx", "--database-url", store_url]
    )
    assert result.exit_code != 0
    assert "html" in str(result.exception)
