"""Cases: the reconciliation findings a person has to look at.

A *finding* is something reconciliation noticed — a birth the hospital certified that no village
recorded, a death in the police system with no death in the ledger. Findings are recomputed on
every reconciliation run; a *case* is the durable, human side of a finding: who is looking at it,
what they decided, which source was right.

The link between the two is :func:`make_case_key`: a digest of the finding's kind and the records
involved. The same discrepancy found again next month has the same key, so it lands on the same
case (``last_seen_run`` moves on) instead of opening a duplicate, and a case that was resolved but
comes back can be flagged ``recurring``. Every change of a case is one row of ``case_history``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hedui.store.base import Base, UtcDateTime, str_enum, utcnow

__all__ = [
    "Case",
    "CaseHistory",
    "CaseRecord",
    "CaseStatus",
    "ReconcileRun",
    "make_case_key",
]


class CaseStatus(StrEnum):
    """Where a case stands; the value is stored in ``cases.status``."""

    OPEN = "open"
    ASSIGNED = "assigned"
    VERIFIED = "verified"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


def make_case_key(kind: str, records: Iterable[tuple[str, str]]) -> str:
    """A stable key for a finding: the same kind over the same records gives the same key.

    Args:
        kind: The finding's kind, for example ``"birth_missing_in_ledger"``.
        records: ``(source, record_id)`` pairs of the records involved, in any order.

    Returns:
        64 hexadecimal characters (SHA-256 of the kind and the sorted, de-duplicated pairs).
    """
    parts = [kind, *sorted({f"{source}\x1f{record_id}" for source, record_id in records})]
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()


class Case(Base):
    """A discrepancy someone must look at, kept across reconciliation runs."""

    __tablename__ = "cases"
    __table_args__ = (
        # Counts by status, kind and month inside an area read these pairs only (0005).
        Index("ix_cases_village_code_status", "village_code", "status"),
        Index("ix_cases_village_code_kind", "village_code", "kind"),
        Index("ix_cases_village_code_created_at", "village_code", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    event: Mapped[str | None] = mapped_column(String(16), index=True)
    field: Mapped[str | None] = mapped_column(String(32))
    values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus, 16), index=True)
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    period: Mapped[str | None] = mapped_column(String(16))
    explanation_zh: Mapped[str] = mapped_column(Text)
    explanation_en: Mapped[str] = mapped_column(Text)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    right_source: Mapped[str | None] = mapped_column(String(32))
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_run: Mapped[str] = mapped_column(String(64))
    last_seen_run: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(
        UtcDateTime, default=utcnow, onupdate=utcnow, index=True
    )


class CaseHistory(Base):
    """One change of a case: its status moved, or someone added a note."""

    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    from_status: Mapped[CaseStatus | None] = mapped_column(str_enum(CaseStatus, 16))
    to_status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus, 16), index=True)
    note: Mapped[str | None] = mapped_column(Text)


class CaseRecord(Base):
    """A record involved in a case, named as the sources name it: ``(source, record_id)``."""

    __tablename__ = "case_records"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The record's fields as the run saw them, so the case page can show it side by side
    even when the record came from a file and not from the ledger."""


class ReconcileRun(Base):
    """One reconciliation run: which period, over which linkage output, and what it found.

    Runs are numbered in the order they happen; ``cases.first_seen_run`` and ``last_seen_run``
    hold a run's ``id`` as text. A resolved case whose finding was absent from some run after
    it was last seen, and then comes back, is reopened as ``recurring``; one that is simply
    found again in the next run stays resolved.
    """

    __tablename__ = "reconcile_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    area_code: Mapped[str] = mapped_column(String(12), index=True)
    link_dir: Mapped[str] = mapped_column(Text)
    out_dir: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    findings: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
