"""Tests for hedui.sources.excel_table: real workbooks written with openpyxl into tmp_path."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from hedui.errors import EmptySourceError, SourceFileError
from hedui.sources.excel_table import cell_text, load_xlsx
from hedui.sources.table import ROW_COLUMN


def _ledger(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "说明"
    sheet["A1"] = "本表为村台账导出"
    ledger = workbook.create_sheet("台账")
    # Row 1 left empty, the header on row 2, data on rows 3, 4 and 6 (row 5 empty).
    ledger.cell(row=2, column=1, value="编号")
    ledger.cell(row=2, column=2, value="姓名")
    ledger.cell(row=2, column=3, value="出生日期")
    ledger.cell(row=2, column=4, value="身份证号")
    ledger.append(["C001", "张三", datetime(1985, 3, 7), "320924198503071232"])
    ledger.append(["C002", "李四", 31113, None])  # a date typed into a General cell: a serial
    ledger.append([None, None, None, None])
    ledger.append(["C003", "王五", "1990年1月1日", 320924199001011234])
    workbook.save(path)
    return path


def test_load_xlsx_reads_the_named_sheet_with_sheet_row_numbers(tmp_path: Path) -> None:
    table = load_xlsx(_ledger(tmp_path / "ledger.xlsx"), display="ledger.xlsx", sheet="台账")
    assert table.headers == ["编号", "姓名", "出生日期", "身份证号"]
    assert table.frame[ROW_COLUMN].to_list() == [3, 4, 6]
    assert table.frame["出生日期"].to_list() == ["1985-03-07", "31113", "1990年1月1日"]


def test_load_xlsx_first_sheet_by_default(tmp_path: Path) -> None:
    table = load_xlsx(_ledger(tmp_path / "ledger.xlsx"), display="ledger.xlsx")
    assert table.headers == ["本表为村台账导出"]


def test_load_xlsx_number_cells_lose_no_visible_digits(tmp_path: Path) -> None:
    table = load_xlsx(_ledger(tmp_path / "ledger.xlsx"), display="ledger.xlsx", sheet="台账")
    numbers = table.frame["身份证号"].to_list()
    assert numbers[0] == "320924198503071232"
    assert numbers[1] is None
    # An 18-digit number stored in a number cell comes back as a double: its last digits are
    # gone, so it is shown as Excel shows it rather than padded with made-up digits.
    assert numbers[2] is not None and numbers[2].startswith("3.20924199001")
    assert "E+17" in numbers[2]


def test_load_xlsx_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match="说明, 台账"):
        load_xlsx(_ledger(tmp_path / "ledger.xlsx"), display="ledger.xlsx", sheet="花名册")


def test_load_xlsx_empty_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(EmptySourceError, match=r"empty\.xlsx"):
        load_xlsx(path, display="empty.xlsx")


def test_load_xlsx_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("编号,姓名\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match=r"fake\.xlsx"):
        load_xlsx(path, display="fake.xlsx")


def test_cell_text_each_cell_type() -> None:
    assert cell_text(None) is None
    assert cell_text("  ") is None
    assert cell_text(" 张三 ") == " 张三 "  # trimming is the validator's job, for every format
    assert cell_text(datetime(2024, 3, 7, 0, 0)) == "2024-03-07"
    assert cell_text(date(2024, 3, 7)) == "2024-03-07"
    assert cell_text(time(8, 30)) == "08:30:00"
    assert cell_text(True) == "TRUE"
    assert cell_text(31113) == "31113"
    assert cell_text(31113.0) == "31113"
    assert cell_text(31113.5) == "31113.5"
    # From 2**53 on a double no longer holds every integer: shown in Excel's scientific form.
    assert cell_text(float(2**53 + 2)) == "9.00719925474099E+15"
