"""Cases: the reconciliation findings a person has to look at.

A *finding* is something reconciliation noticed — a birth the hospital certified that no village
recorded, a death in the police system with no death in the ledger. Findings are recomputed on
every reconciliation run; a *case* is the durable, human side of a finding: who is looking at it,
what they decided, which source was right.

The link between the two is :func:`make_case_key`: a digest of the finding's kind and the records
involved. The same discrepancy found again next month has the same key, so it lands on the same
case (``last_seen_run`` moves on) instead of opening a duplicate, and a case that was resolved but
comes back can be flagged ``recurring``. Every change of a case is one row of ``case_history``.

Cases of one person share a :class:`CaseGroup` (``group_id``; reconciliation's ``person_key``,
see :mod:`hedui.reconcile.case_groups`), so a list can show them as one card; each keeps its
own status and history. ``priority`` orders the list by what a case changes in the county's
counts (:func:`case_priority`): a missing birth or death first, a spelling variant last.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from hedui.store.base import Base, UtcDateTime, str_enum, utcnow

__all__ = [
    "CASE_PRIORITIES",
    "DEFAULT_PRIORITY",
    "Case",
    "CaseGroup",
    "CaseHistory",
    "CaseRecord",
    "CaseStatus",
    "ReconcileRun",
    "case_priority",
    "make_case_key",
]

CASE_PRIORITIES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("birth_missing_in_*", "death_missing_in_*")),
    (
        2,
        (
            "move_*_missing_in_*",
            "move_*_without_*",
            "marriage_missing_in_*",
            "divorce_missing_in_*",
            "duplicate_in_source",
        ),
    ),
    (
        3,
        (
            "sex_conflict",
            "birth_date_conflict",
            "id_sex_mismatch",
            "id_birth_date_mismatch",
            "death_before_birth",
            "born_after_event_date",
            "future_date",
            "spouse_under_legal_age",
            "late_registration",
            "missing_event_date",
            "partial_birth_date",
        ),
    ),
    (4, ("id_number_conflict", "invalid_id_check_digit")),
    (5, ("name_conflict",)),
)
"""Priority (1 first) by kind pattern, from what a case changes in the county's counts: a birth
or death one register lacks changes the births and deaths counted; a move, marriage or divorce
missing, or an event entered twice, the population and marital counts; a wrong sex or date moves
an event between a sex, an age group or a month; a wrong ID can split a person in two at the
next linkage; a name spelt two ways changes no count."""

DEFAULT_PRIORITY = 4
"""The priority of a kind :data:`CASE_PRIORITIES` does not name."""


def case_priority(kind: str) -> int:
    """The list priority of a finding kind (1 first), see :data:`CASE_PRIORITIES`.

    >>> case_priority("birth_missing_in_police_hukou"), case_priority("name_conflict")
    (1, 5)
    """
    for priority, patterns in CASE_PRIORITIES:
        if any(fnmatchcase(kind, pattern) for pattern in patterns):
            return priority
    return DEFAULT_PRIORITY


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
        # The default list order: priority, then the oldest first (ids grow with age; 0013).
        Index("ix_cases_priority_id", "priority", "id"),
        # The start page's counts of cases assigned to me and to others (0015).
        Index(
            "ix_cases_assigned_to_id_status_village_code",
            "assigned_to_id",
            "status",
            "village_code",
        ),
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
    priority: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_PRIORITY, server_default=text(str(DEFAULT_PRIORITY))
    )
    """:func:`case_priority` of the kind: the list shows 1 first."""
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The :class:`CaseGroup` of the person (``None`` for a case no run has grouped yet).
    A plain number, not a foreign key: SQLite cannot add one to an existing table."""


class CaseGroup(Base):
    """The cases of one person: one card in the case list."""

    __tablename__ = "case_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_key: Mapped[str] = mapped_column(String(160), unique=True)
    """Reconciliation's key of the person (``P:`` and a record, see
    :mod:`hedui.reconcile.case_groups`)."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


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
