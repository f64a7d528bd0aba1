"""Reading a file for import: the records that may enter the ledger and every problem, by row.

Both the preview (:mod:`hedui.store.import_preview`) and the import itself
(:mod:`hedui.store.importing`) go through :func:`check_file`, so what a clerk sees before pressing
"import" is exactly what the import will do. Two stages find problems: the reader's rules
(:mod:`hedui.sources.validation`: a row that is not a readable record) and the ledger's
(:mod:`hedui.store.import_checks`: a record of another area, not an event, already imported).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import Path

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.sources import SourceReadResult, read_source
from hedui.sources.table import ROW_COLUMN, RawTable
from hedui.store.areas import validate_area_code
from hedui.store.import_checks import PROBLEM_SCHEMA, ledger_problems
from hedui.store.import_errors import raw_rows
from hedui.store.imports import ImportBatch

__all__ = ["CheckedFile", "check_file", "earlier_batch"]


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file read and checked, nothing written.

    Attributes:
        result: What :func:`hedui.sources.read_source` gave (records, reader problems, warnings).
        table: The file's cells as written, for the rows' original values.
        problems: Every problem of both stages, one per line (:data:`PROBLEM_SCHEMA`), by row.
        accepted: The canonical records that may enter the ledger, with their ``row`` number.
    """

    result: SourceReadResult
    table: RawTable
    problems: pl.DataFrame
    accepted: pl.DataFrame

    @property
    def quarantined_rows(self) -> int:
        """How many distinct rows will be kept out of the ledger."""
        return self.problems["row"].n_unique()


def earlier_batch(session: Session, source: str, digest: str) -> ImportBatch | None:
    """The batch that already holds these bytes for this source, if any."""
    return session.scalar(
        select(ImportBatch).where(ImportBatch.source == source, ImportBatch.sha256 == digest)
    )


def check_file(
    session: Session,
    path: str | PathLike[str],
    *,
    source: str,
    area_code: str,
    column_map: Mapping[str, str] | None,
    sheet: str | None,
    today: date | None,
) -> CheckedFile:
    """Read ``path`` as ``source`` and split its rows into accepted records and problems.

    Raises:
        SourceFileError: the file as a whole cannot be read (see ``read_source``).
        InvalidInputError: ``area_code`` or ``column_map`` is unusable.
    """
    validate_area_code(area_code)
    result = read_source(path, column_map=column_map, source=source, sheet=sheet, today=today)
    table = raw_rows(Path(path), sheet)
    problems = pl.DataFrame(
        [(q.row, q.field, q.value, q.reason) for q in result.quarantine],
        schema=PROBLEM_SCHEMA,
        orient="row",
    )
    # read_source keeps the file's order, so the kept rows' numbers are the table's numbers
    # without the quarantined ones.
    numbers = table.frame[ROW_COLUMN]
    kept_numbers = numbers.filter(~numbers.is_in(problems["row"].implode()))
    records = result.records.with_columns(kept_numbers.alias("row"))
    checks = ledger_problems(session, records, source=source, area_code=area_code)
    return CheckedFile(
        result=result,
        table=table,
        problems=pl.concat([problems, checks]).sort("row", maintain_order=True),
        accepted=records.filter(~pl.col("row").is_in(checks["row"].implode())),
    )
