"""`hedui cases`: filters, the table, --json, --export, and the errors a user can make."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import InvalidInputError
from hedui.reconcile.findings import make_finding
from hedui.store.accounts import create_user
from hedui.store.case_actions import resolve_case
from hedui.store.case_sync import sync_findings
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.users import Role

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
COUNTY = "320924"
V1 = "320924101001"
V2 = "320924102001"
ID = "320924199001011234"


@pytest.fixture
def url(tmp_path: Path) -> str:
    """Three cases: an ID conflict (resolved) and a missing birth in V1, a missing birth in V2."""
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        admin = create_user(session, "县管理员", "admin-password", Role.COUNTY_ADMIN, COUNTY)
        run = ReconcileRun(period="2025-12", area_code=COUNTY, link_dir="/tmp/l", findings=3)
        session.add(run)
        session.flush()
        findings = [
            make_finding(
                "id_number_conflict",
                "resident",
                V1,
                [("township_db", "T1"), ("village_ledger", "L1")],
                (f"身份证号不一致：{ID}", f"IDs differ: {ID}"),
                field="id_number",
                values={"township_db": ID, "village_ledger": "x"},
            ),
            make_finding("birth_missing_in_police_hukou", "birth", V1, [("h", "1")], ("缺", "x")),
            make_finding("birth_missing_in_police_hukou", "birth", V2, [("h", "2")], ("缺", "x")),
        ]
        counts = sync_findings(session, findings, run=run, snapshots={})
        resolve_case(session, admin, counts.case_ids[findings[0].case_key], note="已更正")
        session.commit()
    engine.dispose()
    return url


def _json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["cases", *args, "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    return document


def test_cases_filters(url: str) -> None:
    assert _json("--database-url", url)["total"] == 3
    assert _json("--database-url", url, "--status", "open")["total"] == 2
    both = _json("--database-url", url, "--status", "open", "--status", "resolved")
    assert both["total"] == 3
    assert _json("--database-url", url, "--village", V2)["total"] == 1
    assert _json("--database-url", url, "--event", "birth")["total"] == 2
    assert _json("--database-url", url, "--kind", "id_number_conflict")["total"] == 1
    assert _json("--database-url", url, "--recurring")["total"] == 0
    assert _json("--database-url", url, "--older-than", "1")["total"] == 0
    limited = _json("--database-url", url, "--limit", "2")
    assert (limited["total"], len(limited["cases"])) == (3, 2)


def test_cases_json_masks_ids(url: str) -> None:
    (case,) = _json("--database-url", url, "--kind", "id_number_conflict")["cases"]
    assert case["values"] == {"township_db": "320*************34", "village_ledger": "x"}
    assert ID not in json.dumps(case, ensure_ascii=False)
    assert case["records"] == [["township_db", "T1"], ["village_ledger", "L1"]]
    assert case["status"] == "resolved"


def test_cases_table_and_export(url: str, tmp_path: Path) -> None:
    export = tmp_path / "cases.xlsx"
    result = runner.invoke(app, ["cases", "--database-url", url, "--export", str(export)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "共 3" in result.output and V2 in result.output
    assert "已导出 Exported" in result.output
    assert load_workbook(export).sheetnames == [V1, V2]


def test_cases_refuses_a_non_xlsx_export_and_an_empty_database(tmp_path: Path, url: str) -> None:
    result = runner.invoke(app, ["cases", "--database-url", url, "--export", "x.csv"])
    assert isinstance(result.exception, InvalidInputError)
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = runner.invoke(app, ["cases", "--database-url", empty])
    assert isinstance(result.exception, InvalidInputError)
    assert "hedui reconcile" in str(result.exception)
