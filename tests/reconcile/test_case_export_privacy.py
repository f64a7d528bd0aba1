"""The case workbook gives away no more than the case page: other areas' records, ID numbers.

One ID-number conflict filed under village 1 of township 101 spans townships: the township
database's record lies in village 320924102001 (township 102). Exported for village 1, that
record is described by its source, its village and the ID number on which the two disagree —
not by its record number or the name and birth date both records share.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from hedui.identity.id_masking import fitting_numbers, shown_in
from hedui.reconcile.case_export import export_cases_xlsx
from hedui.reconcile.findings import make_finding
from hedui.store.case_sync import sync_findings
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade

V1 = "320924101001"
OUTSIDE = "320924102001"
ID_A = "320924199001011234"
ID_B = "32092419900101125X"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        finding = make_finding(
            "id_number_conflict",
            "resident",
            V1,
            [("township_db", "T-OUT-9"), ("village_ledger", "L1")],
            (f"身份证号不一致：{ID_A} 与 {ID_B}", f"IDs differ: {ID_A} and {ID_B}"),
            field="id_number",
            values={"township_db": ID_A, "village_ledger": ID_B},
        )
        run = ReconcileRun(period="2025-12", area_code="320924", link_dir="/tmp/l", findings=1)
        session.add(run)
        session.flush()
        shared = {"name": "张三", "birth_date": "1990-01-01"}
        snapshots = {
            ("township_db", "T-OUT-9"): {**shared, "id_number": ID_A, "address_code": OUTSIDE},
            ("village_ledger", "L1"): {**shared, "id_number": ID_B, "address_code": V1},
        }
        sync_findings(session, [finding], run=run, snapshots=snapshots)
        session.commit()
        yield session
    engine.dispose()


def _records_cell(session: Session, area: str, path: Path) -> tuple[str, str]:
    export_cases_xlsx(session, area, path)
    rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    text = "\n".join(str(cell) for row in rows for cell in row if cell is not None)
    return str(rows[1][6]), text


def test_export_describes_another_areas_record_only_by_what_differs(
    session: Session, tmp_path: Path
) -> None:
    records, _ = _records_cell(session, V1, tmp_path / "v1.xlsx")
    outside, inside = sorted(records.splitlines())  # 乡镇数据库 … before 村台账 …
    assert "T-OUT-9" not in records and "张三" not in outside and "1990-01-01" not in outside
    assert OUTSIDE in outside and "其他辖区" in outside and "320*************34" in outside
    assert "L1" in inside and "张三" in inside
    county, _ = _records_cell(session, "320924", tmp_path / "county.xlsx")
    assert "T-OUT-9" in county and county.count("张三") == 2


def test_export_leaves_no_id_number_rebuildable(session: Session, tmp_path: Path) -> None:
    _, text = _records_cell(session, "320924", tmp_path / "county.xlsx")
    for number in (ID_A, ID_B):
        assert number not in text
        assert len(fitting_numbers(shown_in(text, number), known=number[:14])) >= 9
