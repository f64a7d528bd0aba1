"""`hedui link` and `hedui link --explain` through Typer's CliRunner, and once as a process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import InvalidInputError, NotFoundError
from hedui.synth import SOURCE_NAMES, synthesize

runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 2,000-person county (reporting year 2025) linked by `hedui link`."""
    county = tmp_path_factory.mktemp("county")
    synthesize(2000, 9, county, year=2025)
    out = tmp_path_factory.mktemp("out")
    sources = [str(county / f"{name}.csv") for name in SOURCE_NAMES]
    result = runner.invoke(app, ["link", *sources, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return county, out


def test_link_command_writes_results_and_prints_a_summary(run: tuple[Path, Path]):
    county, out = run
    for name in ("clusters.csv", "links.parquet", "model.json"):
        assert (out / name).is_file()
    result = runner.invoke(
        app,
        [
            "link",
            str(county / "health_births.csv"),
            "--out",
            str(out / "again"),
            "--model",
            str(out / "model.json"),
            "--threshold",
            "0.95",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "簇 clusters" in result.output
    assert "p ≥ 0.95" in result.output
    assert "沿用 reused" in result.output


def test_link_command_explain_shows_the_waterfall(run: tuple[Path, Path]):
    _, out = run
    clusters = pl.read_csv(out / "clusters.csv", infer_schema=False)
    linked = clusters.filter(pl.col("match_probability").is_not_null()).row(0, named=True)
    record = f"{linked['source']}:{linked['record_id']}"
    result = runner.invoke(app, ["link", "--explain", record, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert linked["cluster_id"] in result.output
    for text in ("先验 prior", "resident_id", "birth_date", "合计 total", "已链接 linked"):
        assert text in result.output


def test_link_command_explain_needs_source_and_record(run: tuple[Path, Path]):
    _, out = run
    result = runner.invoke(app, ["link", "--explain", "VL0000001", "--out", str(out)])
    assert isinstance(result.exception, InvalidInputError)
    missing = runner.invoke(app, ["link", "--explain", "village_ledger:NOPE", "--out", str(out)])
    assert isinstance(missing.exception, NotFoundError)


def test_link_command_requires_out_and_sources(tmp_path: Path):
    result = runner.invoke(app, ["link", str(tmp_path / "a.csv")])
    assert result.exit_code == 2
    assert "--out" in result.output
    no_sources = runner.invoke(app, ["link", "--out", str(tmp_path)])
    assert no_sources.exit_code == 2


def test_link_command_error_is_red_and_exits_1_as_a_real_process(tmp_path: Path):
    bad = tmp_path / "ledger.csv"
    # Shift-JIS is neither UTF-8, UTF-16 nor GBK/GB18030 (UTF-16 is now read).
    bad.write_bytes(b"source,record_id\n" + "ﾃｽﾄ,1\n".encode("shift_jis"))
    done = subprocess.run(
        [sys.executable, "-m", "hedui", "link", str(bad), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "错误 Error" in done.stderr
    assert "ledger.csv" in done.stderr
