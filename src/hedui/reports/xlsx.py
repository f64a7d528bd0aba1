"""The Excel report: one table per sheet, as an Excel user expects to find it.

Staff sort, filter and copy figures into their own tables, so each table has a sheet of its
own with its headings in row 1, frozen, and a filter on them; the report's title, its details,
each section's text and each table's notes are on the first sheet, 说明 (about), with the list
of sheets. A count is a number cell formatted ``#,##0``, a share ``0.0%``, a figure with
decimals as many as the report prints; a figure printed with an interval (``5.9 [2.8, 10.8]``)
becomes three number columns (value, 下限 lower, 上限 upper; an open-ended upper bound is left
empty). Suppressed cells keep their text (``<5``, ``—``): there is no number to give. Text that
a spreadsheet might run as a formula (an area name from an imported file) gets a ``'`` in front
(:mod:`hedui.spreadsheet`); numbers, negative ones too, stay numbers.
"""

from __future__ import annotations

import io
import math
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hedui.reports.model import Cell, Report, Table
from hedui.spreadsheet import neutralise_row

__all__ = ["COUNT_FORMAT", "PERCENT_FORMAT", "render_xlsx", "sheet_names"]

COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F8")
_FLAG_FILL = PatternFill("solid", fgColor="FDE8E6")
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SECTION_NAMES = {
    "summary": "摘要",
    "events": "事件",
    "sex_ratio": "性别比",
    "completeness": "完整性",
    "scorecard": "质量",
    "cases": "事项",
    "health": "健康",
}
_LEADING_NUMBER = re.compile(r"-?[\d,]+(?:\.(\d+))?")


def render_xlsx(report: Report) -> bytes:
    """The report as an ``.xlsx`` workbook: 说明 first, then one sheet per table."""
    book = Workbook()
    about = book.active
    assert about is not None  # a new workbook always has one sheet
    about.title = "说明 about"
    about.append(neutralise_row([report.title]))
    about["A1"].font = _TITLE
    for label, value in report.meta:
        about.append(neutralise_row([label, value]))
    names = sheet_names(report)
    for section in report.sections:
        about.append([])
        about.append(neutralise_row([section.title]))
        about.cell(row=about.max_row, column=1).font = _BOLD
        for paragraph in section.paragraphs:
            about.append(neutralise_row(["", paragraph]))
        for table in section.tables:
            name = names[id(table)]
            about.append(neutralise_row([f"工作表 sheet「{name}」", table.title]))
            for note in table.notes:
                about.append(neutralise_row(["", note]))
            _table(book.create_sheet(name), table)
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_names(report: Report) -> dict[int, str]:
    """Each table's sheet name (by ``id``): the section's short name and the Chinese part of
    the table's title, at most 31 characters, unique."""
    used = {"说明 about"}
    names: dict[int, str] = {}
    for section in report.sections:
        prefix = _SECTION_NAMES.get(section.key, section.key)
        for table in section.tables:
            chinese = re.split(r"[A-Za-z]", table.title, maxsplit=1)[0]
            chinese = _FORBIDDEN.sub(" ", chinese).strip(" ：:（(")
            base = prefix if not chinese or chinese == prefix else f"{prefix} {chinese}"
            base = base[:31].strip()
            name, k = base, 2
            while name in used:
                suffix = f" {k}"
                name, k = base[: 31 - len(suffix)] + suffix, k + 1
            used.add(name)
            names[id(table)] = name
    return names


def _table(sheet: Worksheet, table: Table) -> None:
    """Headings in row 1 (frozen, filtered), a row per table row, intervals in two columns."""
    keep = [j for j in range(len(table.columns)) if j not in table.spreadsheet_skip]
    ranged = [any(row[j].lower is not None for row in table.rows) for j in keep]
    header: list[str] = []
    for j, has_range in zip(keep, ranged, strict=True):
        column = table.columns[j]
        bare = column.replace("[95% CI] ", "").strip()
        header += [column, f"{bare} 下限", f"{bare} 上限"] if has_range else [column]
    sheet.append(neutralise_row(header))
    widths = [min(max(len(h), 8), 30) for h in header]
    for k in range(1, len(header) + 1):
        heading = sheet.cell(row=1, column=k)
        heading.font, heading.fill = _BOLD, _HEADER_FILL
        heading.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        values: list[object] = []
        formats: list[str | None] = []
        flags: list[bool] = []
        for cell, has_range in zip([row[j] for j in keep], ranged, strict=True):
            number_format = _format(cell)
            values.append(_value(cell))
            formats.append(number_format)
            flags.append(cell.flag)
            if has_range:
                upper = cell.upper
                if upper is not None and math.isinf(upper):
                    upper = None
                values += [cell.lower, upper]
                formats += [number_format, number_format]
                flags += [False, False]
        sheet.append(neutralise_row(values))
        r = sheet.max_row
        for k, (value, number_format, flag) in enumerate(
            zip(values, formats, flags, strict=True), start=1
        ):
            target = sheet.cell(row=r, column=k)
            if number_format and isinstance(value, int | float):
                target.number_format = number_format
            if flag:
                target.fill = _FLAG_FILL
            if isinstance(value, str):
                widths[k - 1] = max(widths[k - 1], min(len(value) + 2, 60))
    for k, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 2)}"


def _format(cell: Cell) -> str | None:
    """The number format that shows the cell's number as the report prints it."""
    if cell.value is None:
        return None
    if "%" in cell.text:
        return PERCENT_FORMAT
    if isinstance(cell.value, int) and not isinstance(cell.value, bool):
        return COUNT_FORMAT
    match = _LEADING_NUMBER.search(cell.text)
    decimals = len(match.group(1)) if match and match.group(1) else 0
    return COUNT_FORMAT + ("." + "0" * decimals if decimals else "")


def _value(cell: Cell) -> object:
    """The number when the cell publishes one, else its text."""
    return cell.value if cell.value is not None else cell.text
