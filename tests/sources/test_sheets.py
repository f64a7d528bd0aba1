"""sheet_names: a workbook's worksheets in order; nothing for a CSV or a broken file."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from hedui.sources.sheets import sheet_names


def test_a_workbooks_sheets_in_order(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "出生登记"  # type: ignore[union-attr]
    book.create_sheet("2025年")
    path = tmp_path / "村台账.xlsx"
    book.save(path)
    assert sheet_names(path) == ["出生登记", "2025年"]


def test_a_csv_or_a_broken_workbook_has_no_sheets(tmp_path: Path) -> None:
    csv = tmp_path / "ledger.csv"
    csv.write_text("姓名\n张三\n", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    assert sheet_names(csv) == [] and sheet_names(broken) == []
