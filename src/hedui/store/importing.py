"""Importing a source file into the ledger: all of its rows or none, and never the same file twice.

A township officer imports the health bureau's monthly birth export, the police's household
changes, a village ledger kept in Excel. Three promises make that safe to do from a web page:

* **Atomic.** Every row goes into the caller's transaction; nothing is committed here. A crash
  halfway (a full disk, a killed process, a database refusal) leaves the ledger as it was, so a
  clerk never has to work out which half of a file made it in.
* **Idempotent.** The batch remembers the SHA-256 of the file's bytes; the same bytes for the same
  source a second time add nothing and the outcome points at the earlier batch.
* **Nothing silently dropped.** Every data row is either a new ledger entry or a quarantined row
  with its reason (:mod:`hedui.sources.validation`, :mod:`hedui.store.import_checks`); the
  quarantine keeps the row's original cells so the clerk can fix them and import them again
  (:func:`~hedui.store.import_errors.quarantine_file`).

Rows are inserted in bulk (``executemany`` in chunks), so a 100,000-row file takes seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from os import PathLike
from pathlib import Path

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.progress import NullProgress, Progress, step
from hedui.sources.schema import QuarantinedRow as Problem
from hedui.sources.table import ROW_COLUMN
from hedui.store.audit import AuditAction, write_audit
from hedui.store.base import utcnow
from hedui.store.bulk import insert_rows
from hedui.store.import_errors import ImportOutcome, quarantine_file
from hedui.store.import_reading import check_file, earlier_batch
from hedui.store.imports import ImportBatch, QuarantinedRow
from hedui.store.planner_statistics import analyse_if_grown
from hedui.store.records import Record
from hedui.store.search_keys import index_new_records
from hedui.store.users import User

__all__ = [
    "IMPORT_STEP",
    "ImportOutcome",
    "batch_outcome",
    "file_sha256",
    "import_file",
    "quarantine_file",
]

IMPORT_STEP = "写入台账 writing to the ledger"
"""The step reported while rows are written, advanced by the rows of each chunk."""

CHUNK_ROWS = 5_000
_LEDGER_COLUMNS = (
    "record_id",
    "event",
    "name",
    "id_number",
    "sex",
    "mother_name",
    "mother_id_number",
    "address_code",
    "address",
    "birth_date_partial",
)


def file_sha256(path: str | PathLike[str]) -> str:
    """The hex SHA-256 of a file's bytes: what makes two imports "the same file"."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    session: Session,
    path: str | PathLike[str],
    *,
    source: str,
    actor: User | None,
    area_code: str,
    column_map: Mapping[str, str] | None = None,
    sheet: str | None = None,
    file_name: str | None = None,
    ip: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import one source file into the ledger, in the caller's transaction (commit it yourself).

    Args:
        session: The session whose transaction receives the batch, its records and quarantine.
        path: A CSV (UTF-8 or GBK/GB18030) or ``.xlsx`` file.
        source: The source the rows come from (``health_births``); fills and overrides the
            file's ``source`` column.
        actor: Who imports; ``None`` for the command line.
        area_code: The importer's area; rows of villages outside it are quarantined.
        column_map: Canonical column → header, as for :func:`hedui.sources.read_source`.
        sheet: The worksheet of a workbook.
        file_name: The name to record (the uploaded name); the path's name by default.
        ip: The client address, for the audit log.
        today: Dates after this are impossible; today by default.
        progress: Receives :data:`IMPORT_STEP`, advanced after each chunk of rows is written.

    Returns:
        The outcome; ``already_imported`` when this source already has a batch of the same bytes,
        which is then described instead and nothing is added.

    Raises:
        SourceFileError: the file as a whole cannot be read (see ``read_source``).
        InvalidInputError: ``area_code`` or ``column_map`` is unusable.
    """
    name = file_name or Path(path).name
    digest = file_sha256(path)
    earlier = earlier_batch(session, source, digest)
    if earlier is not None:
        return batch_outcome(session, earlier)
    checked = check_file(
        session,
        path,
        source=source,
        area_code=area_code,
        column_map=column_map,
        sheet=sheet,
        today=today,
    )
    problems, accepted = checked.problems, checked.accepted
    batch = ImportBatch(
        source=source,
        file_name=name,
        sha256=digest,
        area_code=area_code,
        row_count=checked.result.rows_read,
        accepted_count=accepted.height,
        quarantined_count=checked.quarantined_rows,
        imported_by_id=actor.id if actor is not None else None,
        imported_at=utcnow(),
    )
    session.add(batch)
    session.flush()
    _insert_problems(session, batch.id, problems)
    _insert_records(session, batch, accepted, actor, progress)
    keyed = index_new_records(session)
    analyse_if_grown(session, "records", batch.accepted_count)
    analyse_if_grown(session, "record_search_keys", keyed)  # a clerk's search plans by them
    write_audit(
        session,
        actor=actor,
        action=AuditAction.IMPORT_COMPLETED,
        area_code=area_code,
        target_type="import_batch",
        target_id=batch.id,
        detail={"source": source, "file": name, "rows": batch.row_count},
        ip_address=ip,
        actor_username=None if actor is not None else "命令行 command line",
    )
    table = checked.table
    originals = table.frame.filter(pl.col(ROW_COLUMN).is_in(problems["row"].implode()))
    return ImportOutcome(
        batch_id=batch.id,
        source=source,
        file_name=name,
        imported_at=batch.imported_at,
        rows_read=batch.row_count,
        accepted=batch.accepted_count,
        quarantined=[Problem(name, *line) for line in problems.iter_rows()],
        warnings=checked.result.warnings,
        headers=table.headers,
        original_rows={row.pop(ROW_COLUMN): row for row in originals.to_dicts()},
        already_imported=False,
    )


def _insert_problems(session: Session, batch_id: int, problems: pl.DataFrame) -> None:
    if problems.height:
        rows = problems.with_columns(pl.lit(batch_id).alias("batch_id")).to_dicts()
        insert_rows(session, QuarantinedRow, rows)


def _insert_records(
    session: Session,
    batch: ImportBatch,
    accepted: pl.DataFrame,
    actor: User | None,
    progress: Progress | None,
) -> None:
    rows = accepted.select(
        *_LEDGER_COLUMNS,
        pl.col("event_date", "birth_date").str.to_date("%Y-%m-%d"),
        pl.col("address_code").alias("village_code"),
        pl.lit(batch.source).alias("source"),
        pl.lit(batch.id).alias("batch_id"),
        pl.lit(actor.id if actor is not None else None, dtype=pl.Int64).alias("created_by_id"),
        pl.lit(batch.imported_at).alias("created_at"),
    ).to_dicts()
    total = len(rows)
    progress = progress or NullProgress()
    with step(progress, IMPORT_STEP, total):
        for start in range(0, total, CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            insert_rows(session, Record, chunk)
            progress.advance(IMPORT_STEP, len(chunk))


def batch_outcome(session: Session, batch: ImportBatch) -> ImportOutcome:
    """An earlier batch described as an outcome, from what the store kept of it.

    The store keeps each problem but not the rows' original cells, so ``original_rows`` and
    ``headers`` are empty and the error file has the problems only.
    """
    problems = session.scalars(
        select(QuarantinedRow)
        .where(QuarantinedRow.batch_id == batch.id)
        .order_by(QuarantinedRow.row, QuarantinedRow.id)
    )
    return ImportOutcome(
        batch_id=batch.id,
        source=batch.source,
        file_name=batch.file_name,
        imported_at=batch.imported_at,
        rows_read=batch.row_count,
        accepted=batch.accepted_count,
        quarantined=[Problem(batch.file_name, q.row, q.field, q.value, q.reason) for q in problems],
        warnings=[],
        headers=[],
        original_rows={},
        already_imported=True,
    )
