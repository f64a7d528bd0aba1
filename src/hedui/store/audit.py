"""The append-only audit log: every change and every revealed ID number, who and when.

Population records are personal data; a county must be able to answer "who looked at this
person's ID number, and who changed this record?" years later. The log is therefore append-only
*in the database*: the migration installs triggers that reject ``UPDATE`` and ``DELETE`` on
``audit_log`` (SQLite and PostgreSQL alike), so not even a bug or a hand-typed SQL statement can
rewrite history.

The actor's username and the target's area code are copied into each entry rather than only
referenced, so an entry still reads correctly after a user is renamed, and so that an admin's view
of the log can be scoped by area like every other query.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.store.base import Base, UtcDateTime, str_enum, utcnow
from hedui.store.users import User

__all__ = ["AuditAction", "AuditEntry", "write_audit"]


class AuditAction(StrEnum):
    """What happened; the value is stored in ``audit_log.action``."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    USER_CREATED = "user_created"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    RECORD_CREATED = "record_created"
    RECORD_CORRECTED = "record_corrected"
    ID_REVEALED = "id_revealed"
    RECORD_VIEWED = "record_viewed"
    CASE_VIEWED = "case_viewed"
    OTHER_VILLAGES_CHECKED = "other_villages_checked"
    RUNS_PURGED = "runs_purged"
    PROGRAMME_RETIRED = "programme_retired"
    HEALTH_ENROLMENTS_DELETED = "health_enrolments_deleted"
    AUDIT_EXPORTED = "audit_exported"
    IMPORT_COMPLETED = "import_completed"
    IMPORT_ERRORS_DOWNLOADED = "import_errors_downloaded"
    RECONCILE_RUN = "reconcile_run"
    CASE_ASSIGNED = "case_assigned"
    CASE_VERIFIED = "case_verified"
    CASE_RESOLVED = "case_resolved"
    CASE_DISMISSED = "case_dismissed"
    CASE_REOPENED = "case_reopened"
    CASES_EXPORTED = "cases_exported"
    SAMPLE_DRAWN = "sample_drawn"
    REPORT_EXPORTED = "report_exported"
    HEALTH_ENROLLED = "health_enrolled"
    HEALTH_WITHDRAWN = "health_withdrawn"
    HEALTH_VISIT_RECORDED = "health_visit_recorded"
    HEALTH_VIEWED = "health_viewed"
    HEALTH_EXPORTED = "health_exported"
    PROGRAMME_SAVED = "programme_saved"
    PROGRAMME_APPROVED = "programme_approved"
    PROGRAMME_REJECTED = "programme_rejected"


class AuditEntry(Base):
    """One line of the audit log. Rows are inserted, never updated or deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[AuditAction] = mapped_column(
        str_enum(AuditAction, 32),
        index=True,
    )
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    area_code: Mapped[str] = mapped_column(String(12), index=True)
    ip_address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def write_audit(
    session: Session,
    *,
    actor: User | None,
    action: AuditAction,
    area_code: str,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    ip_address: str | None = None,
    actor_username: str | None = None,
) -> AuditEntry:
    """Add an entry to the log in the caller's transaction.

    The entry is part of the same transaction as the change it describes: either both are saved
    or neither is, so the log never claims a change that did not happen nor misses one that did.

    Args:
        session: The session whose transaction the change belongs to.
        actor: Who did it; ``None`` with ``actor_username`` for a failed login by an unknown name.
        action: What happened.
        area_code: The area of the thing acted on (a record's village, a user's area), used to
            scope who may read the entry.
        target_type: ``"record"``, ``"user"``, ...
        target_id: The target's id.
        detail: Small JSON-serialisable facts (changed field names, the revealed field); never the
            revealed value itself.
        ip_address: The client address, when known.
        actor_username: Overrides the actor's name (required when ``actor`` is ``None``).
    """
    name = actor_username if actor_username is not None else (actor.username if actor else "")
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        actor_username=name,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        area_code=area_code,
        ip_address=ip_address,
        detail=detail,
    )
    session.add(entry)
    session.flush()
    return entry
