"""End to end on a small synthetic county: link, then `hedui reconcile`, `cases` and `sample`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import HeduiError
from hedui.linkage.pipeline import link_files
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.db import make_engine, make_session_factory
from hedui.synth import SOURCE_NAMES, synthesize

runner = CliRunner()
WIDE = {"COLUMNS": "200"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county of 1,500 people (seed 7, year 2025), linked with the default model."""
    county = tmp_path_factory.mktemp("county")
    synthesize(1500, 7, county, year=2025)
    out = tmp_path_factory.mktemp("linked")
    link_files([county / f"{name}.csv" for name in SOURCE_NAMES], out)
    return out


def _invoke(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    return document


def test_reconcile_cases_export_and_sample(link_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    out = tmp_path / "run1"
    first = _invoke("reconcile", str(link_dir), "--period", "2025-12", "--database-url", url,
                    "--out", str(out))  # fmt: skip
    assert first["area_code"] == "320924" and first["findings"] > 0
    assert first["new"] == first["findings"] == sum(first["by_kind"].values())
    lines = (out / "findings.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == first["findings"] + 1
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == first

    # The same data again: every case is found again, none is new.
    second = _invoke("reconcile", str(link_dir), "--period", "2025-12", "--database-url", url)
    assert (second["run_id"], second["new"], second["seen_again"]) == (2, 0, first["findings"])

    listed = _invoke("cases", "--database-url", url, "--limit", "5")
    assert listed["total"] == first["findings"] and len(listed["cases"]) == 5
    kind = next(iter(first["by_kind"]))
    only = _invoke("cases", "--database-url", url, "--kind", kind, "--status", "open")
    assert only["total"] == first["by_kind"][kind]
    assert {c["kind"] for c in only["cases"]} == {kind}

    export = tmp_path / "cases.xlsx"
    exported = _invoke("cases", "--database-url", url, "--export", str(export))
    assert exported["export"]["cases"] == first["findings"]
    sheets = load_workbook(export, read_only=True).sheetnames
    assert all(len(name) in (6, 12) and name.startswith("320924") for name in sheets)

    village = next(name for name in sheets if len(name) == 12)
    from_db = _invoke("sample", "--village", village, "--n", "10", "--database-url", url)
    from_dir = _invoke("sample", str(link_dir), "--village", village, "--n", "10")
    assert from_db["records"] == from_dir["records"]
    assert len(from_db["records"]) == min(10, sum(from_db["available"].values()))
    assert set(from_db["allocation"]) == set(from_db["available"])

    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    engine.dispose()
    assert {
        AuditAction.RECONCILE_RUN,
        AuditAction.CASES_EXPORTED,
        AuditAction.SAMPLE_DRAWN,
    } <= actions


def test_reconcile_prints_kinds_and_case_counts(link_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    args = ["reconcile", str(link_dir), "--period", "2025-12", "--database-url", url]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert "合计 total" in result.output and "新开 new" in result.output
    assert "recurring" in result.output


def test_reconcile_flags_change_the_limits(link_dir: Path, tmp_path: Path) -> None:
    # A limit of 100,000 days leaves no registration late; the default 30 days finds some.
    common = ["reconcile", str(link_dir), "--period", "2025-12"]
    default = _invoke(*common, "--database-url", f"sqlite:///{tmp_path / 'a.db'}")
    lenient = _invoke(*common, "--database-url", f"sqlite:///{tmp_path / 'b.db'}",
                      "--late-days", "100000")  # fmt: skip
    assert default["by_kind"].get("late_registration", 0) > 0
    assert "late_registration" not in lenient["by_kind"]


def test_reconcile_rejects_a_bad_period_and_area(link_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    bad = (
        ["--period", "2025-13"],
        ["--period", "1900-01"],
        ["--period", "2025-12", "--area", "32092"],
    )
    for extra in bad:
        result = runner.invoke(app, ["reconcile", str(link_dir), *extra, "--database-url", url])
        assert isinstance(result.exception, HeduiError)
