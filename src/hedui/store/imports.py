"""Import batches and the rows they quarantined (tables only; the import pages build on them).

A batch is one file read from one source. ``sha256`` is the digest of the file's bytes and
``(source, sha256)`` is unique: importing the same export twice — the commonest mistake of a
monthly routine — adds nothing, and the second attempt can point at the first batch instead.
Rows that could not be read as records (a date that is no date, an ID with letters in it) are
kept in ``quarantined_rows`` with the field, the value as written and the reason, so a clerk can
fix them at the source rather than lose them silently.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hedui.store.base import Base, UtcDateTime, utcnow

__all__ = ["ImportBatch", "QuarantinedRow"]


class ImportBatch(Base):
    """One imported file: what it was, who imported it, and how many rows went where."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("source", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    area_code: Mapped[str] = mapped_column(String(12), index=True)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    accepted_count: Mapped[int] = mapped_column(Integer, default=0)
    quarantined_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class QuarantinedRow(Base):
    """One field of one row that could not be imported, with the reason in the clerk's words."""

    __tablename__ = "quarantined_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    row: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
