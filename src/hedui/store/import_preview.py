"""What an import would do, shown before it is done: the first rows as read, and the problems.

The web import page shows this after the upload and after every change of the column mapping, so
a clerk sees that 公民身份号码 landed in ``id_number`` and that 12 rows lie outside the township
before anything is written. It runs the very checks of the import
(:func:`~hedui.store.import_reading.check_file`) and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from os import PathLike

from sqlalchemy.orm import Session

from hedui.sources.schema import CANONICAL_COLUMNS, QuarantinedRow, SourceWarning
from hedui.store.import_reading import check_file, earlier_batch
from hedui.store.importing import file_sha256

__all__ = ["ImportPreview", "preview_file"]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """The outcome an import would have, with the first records as they would be stored.

    Attributes:
        rows_read: Data rows in the file.
        accepted: Rows that would become ledger entries.
        quarantined_rows: Rows that would be kept out.
        problems: The first problems, by row (at most ``limit`` of :func:`preview_file`).
        problem_count: All problems (a row may have several).
        warnings: The first warnings about accepted rows.
        warning_count: All warnings.
        first_records: The first accepted records, canonical columns as text, with ``row``.
        column_map: The header each canonical column was read from.
        earlier_batch_id: The batch that already holds these bytes for this source, if any.
        earlier_imported_at: When that batch was imported.
    """

    rows_read: int
    accepted: int
    quarantined_rows: int
    problems: list[QuarantinedRow]
    problem_count: int
    warnings: list[SourceWarning]
    warning_count: int
    first_records: list[dict[str, str | int | None]]
    column_map: dict[str, str | None]
    earlier_batch_id: int | None
    earlier_imported_at: datetime | None


def preview_file(
    session: Session,
    path: str | PathLike[str],
    *,
    source: str,
    area_code: str,
    column_map: Mapping[str, str] | None = None,
    sheet: str | None = None,
    file_name: str | None = None,
    today: date | None = None,
    rows: int = 10,
    limit: int = 200,
) -> ImportPreview:
    """Check ``path`` as :func:`~hedui.store.importing.import_file` would, without writing.

    Args:
        rows: How many accepted records to show.
        limit: How many problems and warnings to list (the counts are always complete).
        Others: as for :func:`~hedui.store.importing.import_file`.

    Raises:
        SourceFileError: the file as a whole cannot be read (required columns missing, ...).
        InvalidInputError: ``area_code`` or ``column_map`` is unusable.
    """
    earlier = earlier_batch(session, source, file_sha256(path))
    checked = check_file(
        session,
        path,
        source=source,
        area_code=area_code,
        column_map=column_map,
        sheet=sheet,
        today=today,
    )
    shown = file_name or str(path)
    problems = [QuarantinedRow(shown, *line) for line in checked.problems.head(limit).iter_rows()]
    warnings = checked.result.warnings
    return ImportPreview(
        rows_read=checked.result.rows_read,
        accepted=checked.accepted.height,
        quarantined_rows=checked.quarantined_rows,
        problems=problems,
        problem_count=checked.problems.height,
        warnings=warnings[:limit],
        warning_count=len(warnings),
        first_records=checked.accepted.select("row", *CANONICAL_COLUMNS).head(rows).to_dicts(),
        column_map=checked.result.column_map,
        earlier_batch_id=earlier.id if earlier is not None else None,
        earlier_imported_at=earlier.imported_at if earlier is not None else None,
    )
