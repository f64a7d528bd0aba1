"""Excel export of cases: one sheet per village, bilingual headers, IDs masked, export audited."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.reconcile.case_export import (
    FINDINGS_COLUMNS,
    SHEET_HEADERS,
    export_cases_xlsx,
    masked_text,
    write_findings_csv,
)
from hedui.reconcile.findings import make_finding
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.case_query import CaseFilter
from hedui.store.case_sync import sync_findings
from hedui.store.cases import CaseStatus, ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade

COUNTY = "320924"
V1 = "320924101001"
V2 = "320924102001"
ID_A = "320924199001011234"
ID_B = "32092419900101125X"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def synced(session: Session) -> None:
    """An ID conflict in village 1, a missing birth in village 1 and one in village 2."""
    findings = [
        make_finding(
            "id_number_conflict",
            "resident",
            V1,
            [("township_db", "T1"), ("village_ledger", "L1")],
            (f"身份证号不一致：{ID_A} 与 {ID_B}", f"IDs differ: {ID_A} and {ID_B}"),
            field="id_number",
            values={"township_db": ID_A, "village_ledger": ID_B},
        ),
        make_finding(
            "birth_missing_in_police_hukou", "birth", V1, [("health_births", "H1")], ("缺", "x")
        ),
        make_finding(
            "birth_missing_in_police_hukou", "birth", V2, [("health_births", "H2")], ("缺", "x")
        ),
    ]
    run = ReconcileRun(period="2025-12", area_code=COUNTY, link_dir="/tmp/l", findings=3)
    session.add(run)
    session.flush()
    snapshots = {
        ("township_db", "T1"): {"name": "=HYPERLINK(1)", "id_number": ID_A},
        ("village_ledger", "L1"): {"name": "张三", "id_number": ID_B, "birth_date": "1990-01-01"},
    }
    sync_findings(session, findings, run=run, snapshots=snapshots)
    session.commit()


@pytest.mark.usefixtures("synced")
def test_export_writes_one_sheet_per_village_with_ids_masked(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "out" / "cases.xlsx"
    result = export_cases_xlsx(session, COUNTY, path)
    session.commit()
    assert (result.cases, result.villages) == (3, [V1, V2])
    workbook = load_workbook(path)
    assert workbook.sheetnames == [V1, V2]
    rows = list(workbook[V1].iter_rows(values_only=True))
    assert rows[0] == SHEET_HEADERS
    assert len(rows) == 3 and len(list(workbook[V2].iter_rows())) == 2
    text = "\n".join(str(cell) for row in rows for cell in row if cell is not None)
    assert ID_A not in text and ID_B not in text
    assert "320*************34" in text and "320*************5X" in text
    conflict = next(row for row in rows if row[1] == "id_number_conflict")
    assert "村台账 village_ledger L1 张三 1990-01-01 320*************5X" in str(conflict[6])
    assert "=HYPERLINK(1)" in str(conflict[6])  # kept as text, not run as a formula
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.CASES_EXPORTED)
    ).one()
    assert entry.actor_username == "(cli)" and entry.detail == {
        "cases": 3,
        "villages": 2,
        "file": "cases.xlsx",
    }


@pytest.mark.usefixtures("synced")
def test_export_follows_filters_and_area(session: Session, tmp_path: Path) -> None:
    only_v2 = export_cases_xlsx(session, V2, tmp_path / "v2.xlsx")
    assert (only_v2.cases, only_v2.villages) == (1, [V2])
    none = export_cases_xlsx(
        session, COUNTY, tmp_path / "none.xlsx", CaseFilter(statuses=(CaseStatus.RESOLVED,))
    )
    assert none.cases == 0
    assert load_workbook(tmp_path / "none.xlsx").sheetnames == ["无 none"]


def test_masked_text_masks_every_id_like_number() -> None:
    assert masked_text(f"{ID_A}/{ID_B}, 电话 13812345678") == (
        "320*************34/320*************5X, 电话 13812345678"
    )


def test_export_and_findings_csv_neutralise_formulas(session: Session, tmp_path: Path) -> None:
    finding = make_finding(
        "birth_missing_in_police_hukou",
        "birth",
        V1,
        [("health_births", "-H1")],
        ('=HYPERLINK("http://x")', "@SUM(1)"),
        field="\t=1+1",
    )
    run = ReconcileRun(period="2025-12", area_code=COUNTY, link_dir="/tmp/l", findings=1)
    session.add(run)
    session.flush()
    sync_findings(session, [finding], run=run, snapshots={})
    session.commit()
    export_cases_xlsx(session, COUNTY, tmp_path / "cases.xlsx")
    row = list(load_workbook(tmp_path / "cases.xlsx")[V1].iter_rows(values_only=True))[1]
    assert isinstance(row[0], int)  # the case number stays a number
    assert (row[4], row[7], row[8]) == ("'\t=1+1", '\'=HYPERLINK("http://x")', "'@SUM(1)")
    write_findings_csv(tmp_path / "findings.csv", [finding], {finding.case_key: 7})
    with (tmp_path / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        written = dict(zip(FINDINGS_COLUMNS, list(csv.reader(handle))[1], strict=True))
    assert written["case_id"] == "7"
    assert written["records"] == "health_births:-H1"  # not first in its cell: harmless
    assert written["field"] == "'\t=1+1"
    assert written["explanation_zh"] == '\'=HYPERLINK("http://x")'
    assert written["explanation_en"] == "'@SUM(1)"
