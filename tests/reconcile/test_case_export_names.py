"""The case workbook names each village's sheet by the division list: 胜利村 320924101001."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from hedui.reconcile.case_export import export_cases_xlsx
from hedui.store.division_import import import_divisions

from .test_case_export import COUNTY, V1, V2, session, synced  # noqa: F401  (fixtures)


@pytest.mark.usefixtures("synced")
def test_export_sheets_are_named_by_the_division_list(session: Session, tmp_path: Path) -> None:  # noqa: F811
    divisions = tmp_path / "divisions.csv"
    divisions.write_text(f"code,name\n{V1},胜利村\n", encoding="utf-8")
    import_divisions(session, divisions)
    export_cases_xlsx(session, COUNTY, tmp_path / "cases.xlsx")
    # V2 has no name in the list: its sheet keeps the code
    assert load_workbook(tmp_path / "cases.xlsx").sheetnames == [f"胜利村 {V1}", V2]
