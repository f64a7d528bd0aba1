"""What an import gives back, and the error file a clerk fixes and imports again.

The error file has one line per quarantined *row*: the row number, the fields at fault, their
values and the reasons, followed by the row's original cells under the file's own headers. A clerk
opens it in Excel, corrects the cells, deletes the four leading columns if they like (the reader
ignores columns it does not know anyway) and imports it as a new file. It is UTF-8 with a
byte-order mark, because Excel on Chinese Windows reads a BOM-less CSV as GBK and would show
mojibake.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path

from hedui.sources.csv_table import load_csv
from hedui.sources.excel_table import load_xlsx
from hedui.sources.schema import QuarantinedRow, SourceWarning
from hedui.sources.table import RawTable
from hedui.spreadsheet import neutralise

__all__ = ["ERROR_FILE_HEADER", "ImportOutcome", "quarantine_file", "raw_rows"]

ERROR_FILE_HEADER = ("行 row", "字段 field", "值 value", "原因 reason")
_ZIP_MAGIC = b"PK\x03\x04"
_SEPARATOR = "；"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing one file did.

    Attributes:
        batch_id: The batch this import created, or the earlier batch of the same bytes.
        source: The source the rows were imported as.
        file_name: The file's name as recorded in the batch.
        imported_at: When the batch was imported (the earlier one's time if already imported).
        rows_read: Data rows in the file; always ``accepted`` plus the distinct quarantined rows.
        accepted: Rows that became ledger entries.
        quarantined: One entry per problem, ordered by row (a row may have several).
        warnings: Notes about accepted rows (an ambiguous date, an ID failing its check).
        headers: The file's headers, for the error file.
        original_rows: Row number → the row's cells as written, for every quarantined row.
        already_imported: True when nothing was added because these bytes were imported before.
    """

    batch_id: int
    source: str
    file_name: str
    imported_at: datetime
    rows_read: int
    accepted: int
    quarantined: list[QuarantinedRow]
    warnings: list[SourceWarning]
    headers: list[str]
    original_rows: dict[int, dict[str, str | None]]
    already_imported: bool

    @property
    def quarantined_rows(self) -> int:
        """How many distinct rows were kept out of the ledger."""
        return len({q.row for q in self.quarantined})


def quarantine_file(outcome: ImportOutcome) -> bytes:
    """The quarantined rows as CSV bytes (UTF-8 with BOM), one line per row.

    Text a spreadsheet might run as a formula gets a leading ``'`` (:mod:`hedui.spreadsheet`), so
    Excel shows it as text (the file's content came from outside).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow((*ERROR_FILE_HEADER, *outcome.headers))
    for row, group in groupby(outcome.quarantined, key=lambda q: q.row):
        problems = list(group)
        original = outcome.original_rows.get(row, {})
        writer.writerow(
            neutralise(cell)
            for cell in (
                str(row),
                _SEPARATOR.join(q.field for q in problems),
                _SEPARATOR.join(q.value or "" for q in problems),
                _SEPARATOR.join(q.reason for q in problems),
                *(original.get(header) or "" for header in outcome.headers),
            )
        )
    return buffer.getvalue().encode("utf-8-sig")


def raw_rows(path: Path, sheet: str | None) -> RawTable:
    """The file's table as written (headers, cells, row numbers), for the error file.

    Called after :func:`hedui.sources.read_source` has read the same file, which has already
    refused the files that cannot be read (an old ``.xls``, an unknown encoding).
    """
    with path.open("rb") as handle:
        magic = handle.read(len(_ZIP_MAGIC))
    if magic == _ZIP_MAGIC or path.suffix.lower() in {".xlsx", ".xlsm"}:
        return load_xlsx(path, display=str(path), sheet=sheet)
    return load_csv(path, display=str(path))
