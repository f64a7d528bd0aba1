"""The Excel report: one sheet per section, numbers as numbers, intervals in their own columns.

Staff take figures from the workbook into their own tables, so a count is a number cell, not
text; a figure printed with an interval (``5.9 [2.8, 10.8]``) becomes three number columns
(value, lower, upper). Suppressed cells keep their text (``<5``, ``—``): there is no number to
give. Text that a spreadsheet might run as a formula (an area name from an imported file) gets a
``'`` in front (:mod:`hedui.spreadsheet`); numbers, negative ones too, stay numbers.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hedui.reports.model import Cell, Report, Section, Table
from hedui.spreadsheet import neutralise_row

__all__ = ["render_xlsx"]

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F8")
_FLAG_FILL = PatternFill("solid", fgColor="FDE8E6")
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAMES = {
    "events": "事件 events",
    "sex_ratio": "出生性别比 SRB",
    "completeness": "完整性 completeness",
    "scorecard": "数据质量 quality",
    "cases": "待核实事项 cases",
}


def render_xlsx(report: Report) -> bytes:
    """The report as an ``.xlsx`` workbook."""
    book = Workbook()
    about = book.active
    assert about is not None  # a new workbook always has one sheet
    about.title = "说明 about"
    about.append(neutralise_row([report.title]))
    about["A1"].font = _TITLE
    for label, value in report.meta:
        about.append(neutralise_row([label, value]))
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 60
    for section in report.sections:
        _section(book.create_sheet(_sheet_name(section)), section)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(section: Section) -> str:
    return _FORBIDDEN.sub(" ", _SHEET_NAMES.get(section.key, section.title))[:31]


def _section(sheet: Worksheet, section: Section) -> None:
    sheet.append(neutralise_row([section.title]))
    sheet.cell(row=1, column=1).font = _TITLE
    for paragraph in section.paragraphs:
        sheet.append(neutralise_row([paragraph]))
    widths: dict[int, int] = {}
    for table in section.tables:
        sheet.append([])
        _table(sheet, table, widths)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 8), 60)


def _table(sheet: Worksheet, table: Table, widths: dict[int, int]) -> None:
    sheet.append(neutralise_row([table.title]))
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    ranged = [
        any(row[j].lower is not None for row in table.rows) for j in range(len(table.columns))
    ]
    header: list[str] = []
    for column, has_range in zip(table.columns, ranged, strict=True):
        header += (
            [column, f"{column} 下限 lower", f"{column} 上限 upper"] if has_range else [column]
        )
    sheet.append(neutralise_row(header))
    for k in range(1, len(header) + 1):
        heading = sheet.cell(row=sheet.max_row, column=k)
        heading.font, heading.fill = _BOLD, _HEADER_FILL
        heading.alignment = Alignment(wrap_text=True, vertical="top")
        widths[k] = max(widths.get(k, 0), min(len(header[k - 1]), 30))
    for row in table.rows:
        values: list[object] = []
        flags: list[bool] = []
        for cell, has_range in zip(row, ranged, strict=True):
            values.append(_value(cell))
            flags.append(cell.flag)
            if has_range:
                values += [cell.lower, cell.upper]
                flags += [False, False]
        sheet.append(neutralise_row(values))
        for k, (value, flag) in enumerate(zip(values, flags, strict=True), start=1):
            if flag:
                sheet.cell(row=sheet.max_row, column=k).fill = _FLAG_FILL
            widths[k] = max(widths.get(k, 0), len(str(value)) if value is not None else 0)
    for note in table.notes:
        sheet.append(neutralise_row([note]))


def _value(cell: Cell) -> object:
    """The number when the cell publishes one, else its text."""
    return cell.value if cell.value is not None else cell.text
