"""The ledger as linkage reads it: current entries of an area, one canonical CSV per source.

Linkage works on files in the canonical schema (``docs/schema.md``), one file per source, so
that a source never links with itself across files and ``hedui link`` on the exported folder
gives the same answer as the web's reconciliation. Only *current* entries are exported: a
corrected birth is linked as the clerk last wrote it, never as the mistake it replaced.

Rows are streamed from the database in batches and written as they come, so an area of a
million entries needs no more memory than one batch.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from hedui.sources.schema import CANONICAL_COLUMNS
from hedui.store.ledger import current_records
from hedui.store.records import Record

__all__ = ["LedgerExport", "export_ledger"]

_BATCH = 5_000
_SAFE_NAME = re.compile(r"^[\w-]{1,64}$")


@dataclass(frozen=True)
class LedgerExport:
    """What :func:`export_ledger` wrote.

    Attributes:
        directory: The folder holding the files.
        files: Source name → the CSV written for it, in source order.
        counts: Source name → how many entries its file holds.
    """

    directory: Path
    files: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Entries written, over every source."""
        return sum(self.counts.values())


def export_ledger(session: Session, directory: Path | str, *, area_code: str) -> LedgerExport:
    """Write the current ledger entries inside ``area_code`` as canonical CSV files.

    Args:
        session: Read from; nothing is written to the database.
        directory: Created if missing; files of an earlier export there are replaced.
        area_code: Only entries whose village code lies inside this area are written.

    Returns:
        The files written and their row counts; a source with no entries gets no file.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    query = current_records(area_code=area_code).order_by(Record.source, Record.id)
    files: dict[str, Path] = {}
    counts: dict[str, int] = {}
    handle: IO[str] | None = None
    writer = None
    try:
        for record in session.scalars(query.execution_options(yield_per=_BATCH)):
            if record.source not in files:
                if handle is not None:
                    handle.close()
                files[record.source] = out / f"{_file_stem(record.source)}.csv"
                counts[record.source] = 0
                handle = files[record.source].open("w", encoding="utf-8", newline="")
                writer = csv.writer(handle)
                writer.writerow(CANONICAL_COLUMNS)
            assert writer is not None
            writer.writerow([_text(getattr(record, column)) for column in CANONICAL_COLUMNS])
            counts[record.source] += 1
    finally:
        if handle is not None:
            handle.close()
    return LedgerExport(directory=out, files=files, counts=counts)


def _file_stem(source: str) -> str:
    """A file name for a source: the name itself when safe, else a digest of it.

    Source names come from imported files (``村台账`` is fine, ``../x`` is not).
    """
    if _SAFE_NAME.match(source):
        return source
    return "source-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
