"""Questions the import pages ask of past imports: which sources an area has imported, its
latest imports, and an import's rows with errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.store.areas import in_area
from hedui.store.imports import ImportBatch, QuarantinedRow

__all__ = ["BatchProblems", "batch_problems", "imported_sources", "recent_batches"]


def imported_sources(session: Session, area_code: str) -> set[str]:
    """The sources imported inside ``area_code`` so far."""
    query = select(ImportBatch.source).where(in_area(ImportBatch.area_code, area_code))
    return set(session.scalars(query.distinct()))


def recent_batches(session: Session, area_code: str, limit: int = 10) -> list[ImportBatch]:
    """The latest ``limit`` imports inside ``area_code``, newest first."""
    query = (
        select(ImportBatch)
        .where(in_area(ImportBatch.area_code, area_code))
        .order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class BatchProblems:
    """An import's rows with errors: how many, and the first few in row order."""

    count: int
    first: list[QuarantinedRow]


def batch_problems(session: Session, batch_id: int, limit: int) -> BatchProblems:
    """The rows of import ``batch_id`` kept out of the ledger: their number and the first
    ``limit`` by row."""
    in_batch = QuarantinedRow.batch_id == batch_id
    count = session.scalar(select(func.count()).where(in_batch)) or 0
    query = (
        select(QuarantinedRow)
        .where(in_batch)
        .order_by(QuarantinedRow.row, QuarantinedRow.id)
        .limit(limit)
    )
    return BatchProblems(count, list(session.scalars(query)))
