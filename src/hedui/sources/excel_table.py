"""Reading an ``.xlsx`` workbook into a :class:`~hedui.sources.table.RawTable`.

Spreadsheet cells carry types that CSV does not, and each needs care to become the text a clerk
typed:

* a date cell arrives as :class:`datetime.datetime` and becomes ``YYYY-MM-DD`` (a ledger records
  days; the midnight time Excel adds means nothing);
* a date typed into a General-format cell stays an Excel serial number (``31113``), which
  :func:`hedui.identity.dates.parse_date` reads as a serial;
* an ID number typed into a number cell has already lost its last digits (Excel keeps 15
  significant digits), so it is rendered as Excel shows it (``3.20924198503071E+17``) for the
  clerk to recognise, instead of being padded with invented zeros.

The first row with any content is the header (a few blank rows above it are common); row numbers
are the sheet's own. The workbook is opened read-only, which streams rows instead of loading the
whole sheet.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from hedui.errors import EmptySourceError, SourceFileError
from hedui.sources.table import RawTable, build_table

__all__ = ["cell_text", "load_xlsx"]

# Integers up to 2**53 are exact in a double; beyond it Excel has already rounded the number.
_EXACT_LIMIT = 2**53


def load_xlsx(path: Path, *, display: str, sheet: str | None = None) -> RawTable:
    """Read one sheet of a workbook (the first unless ``sheet`` names another), cells as text.

    Raises:
        SourceFileError: the file is not a readable ``.xlsx`` or has no sheet called ``sheet``.
        EmptySourceError: the sheet has no content at all.
    """
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise SourceFileError(
            f"{display} 不是可读取的 .xlsx 工作簿（{error}）；"
            "请用 Excel 打开后另存为 .xlsx 或 CSV / "
            f"{display} is not a readable .xlsx workbook ({error}); open it in Excel and save it "
            "again as .xlsx or CSV",
            path=display,
        ) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = ", ".join(workbook.sheetnames)
            raise SourceFileError(
                f"{display} 中没有名为 {sheet} 的工作表；现有工作表：{names} / "
                f"{display} has no sheet named {sheet}; its sheets are: {names}",
                path=display,
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        header: list[str | None] | None = None
        records: list[list[str | None]] = []
        rows: list[int] = []
        for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            texts = [cell_text(v) for v in values]
            if header is None:
                if any(t is not None and t.strip() for t in texts):
                    header = texts
            else:
                records.append(texts)
                rows.append(number)
    finally:
        workbook.close()
    if header is None:
        raise EmptySourceError(
            f"{display} 的工作表是空的 / the sheet in {display} is empty", path=display
        )
    width = max([len(header), *(len(r) for r in records)])
    header += [None] * (width - len(header))
    columns: list[list[str | None]] = [[] for _ in range(width)]
    for record in records:
        for index in range(width):
            columns[index].append(record[index] if index < len(record) else None)
    cells = pl.DataFrame(
        [pl.Series(f"c{i}", column, dtype=pl.Utf8) for i, column in enumerate(columns)]
    )
    return build_table(header, cells, pl.Series(rows, dtype=pl.Int64))


def cell_text(value: object) -> str | None:
    """The text of one cell value as openpyxl returns it (see the module docstring)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_LIMIT:
            return str(int(value))
        if value.is_integer():
            return f"{value:.14E}"
        return repr(value)
    text = str(value)
    return text if text.strip() else None
