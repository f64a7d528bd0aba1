"""Writing quarantined rows to a CSV a clerk can open in Excel and work through.

The file is UTF-8 *with* a byte-order mark: Excel on Chinese Windows opens a BOM-less CSV as GBK
and shows UTF-8 Chinese as mojibake, while with the BOM it reads it correctly. Headers are
bilingual, Chinese first, since the clerk is the reader. A value that came from the file and
looks like a formula is written with a ``'`` in front (:mod:`hedui.spreadsheet`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from hedui.sources.schema import QuarantinedRow, SourceWarning
from hedui.spreadsheet import neutralise_row

__all__ = ["QUARANTINE_HEADER", "write_quarantine"]

QUARANTINE_HEADER = ("文件 file", "行 row", "字段 field", "值 value", "原因 reason")


def write_quarantine(rows: Iterable[QuarantinedRow | SourceWarning], path: str | Path) -> int:
    """Write quarantined rows (or warnings, which have the same shape) to a CSV file.

    Args:
        rows: The problems, usually ``SourceReadResult.quarantine`` of one or more files.
        path: The CSV to create or overwrite; its folder must exist.

    Returns:
        The number of problems written.
    """
    count = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(QUARANTINE_HEADER)
        for row in rows:
            writer.writerow(
                neutralise_row((row.path, row.row, row.field, row.value or "", row.reason))
            )
            count += 1
    return count
