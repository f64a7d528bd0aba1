"""The programmes a county runs: the shipped ones, plus those admins added and a second approved.

Shipped programmes live in ``hedui/health/programmes/*.toml`` and are read through the same
validation as an admin's, so the shipped files are held to the rules they illustrate. An admin's
programme is stored as the TOML text they wrote (:class:`~hedui.store.health.HealthProgramme`);
a code already in use is refused rather than replaced, because people enrolled under the old
schedule would otherwise find their visits changed under them.

Four eyes: a programme a county admin adds is *pending* — listed for the county admins, offered
to nobody — until a second county admin, not its author, approves it (:func:`approve_programme`)
or turns it down (:func:`reject_programme`, which its author may also do). Every step is
audited. The text is validated again on approval, so a programme proposed under older rules is
held to the rules of the day it takes effect.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import (
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
)
from hedui.health.config import Programme
from hedui.health.validation import parse_programme_text
from hedui.store.audit import AuditAction, write_audit
from hedui.store.base import utcnow
from hedui.store.health import HealthProgramme, ProgrammeStatus
from hedui.store.users import Role, User

__all__ = [
    "SHIPPED_DIR",
    "PendingProgramme",
    "all_programmes",
    "approve_programme",
    "get_programme",
    "pending_programmes",
    "reject_programme",
    "save_programme",
    "shipped",
]

SHIPPED_DIR = Path(__file__).resolve().parent / "programmes"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingProgramme:
    """A programme waiting for a second admin: what it is, who proposed it and when."""

    programme: Programme
    proposed_by_id: int | None
    proposed_at: datetime


@cache
def shipped() -> tuple[Programme, ...]:
    """The programmes shipped with hedui, in file-name order."""
    return tuple(
        parse_programme_text(path.read_text(encoding="utf-8"), source=path.name)
        for path in sorted(SHIPPED_DIR.glob("*.toml"))
    )


def all_programmes(session: Session) -> list[Programme]:
    """The programmes in effect: shipped first, then approved ones admins added, oldest first.

    A stored programme that today's validation refuses (saved by an earlier version, before the
    coercion lexicon) is left out, with a warning in the log: hedui does not run it.
    """
    rows = session.scalars(
        select(HealthProgramme)
        .where(HealthProgramme.status == ProgrammeStatus.APPROVED)
        .order_by(HealthProgramme.id)
    )
    added = []
    for row in rows:
        try:
            added.append(parse_programme_text(row.source_text, source=row.code))
        except ConfigurationError as error:
            _log.warning("health programme %s is refused and not offered: %s", row.code, error)
    return [*shipped(), *added]


def pending_programmes(session: Session) -> list[PendingProgramme]:
    """Programmes proposed and not yet approved, oldest first."""
    rows = session.scalars(
        select(HealthProgramme)
        .where(HealthProgramme.status == ProgrammeStatus.PENDING)
        .order_by(HealthProgramme.id)
    )
    return [
        PendingProgramme(
            programme=parse_programme_text(row.source_text, source=row.code),
            proposed_by_id=row.saved_by_id,
            proposed_at=row.saved_at,
        )
        for row in rows
    ]


def get_programme(session: Session, code: str) -> Programme:
    """The programme in effect called ``code`` (a pending one is not).

    Raises:
        NotFoundError: there is no such programme in effect.
    """
    found = next((p for p in all_programmes(session) if p.code == code), None)
    if found is None:
        raise NotFoundError(f"没有项目 {code} / no programme {code}")
    return found


def save_programme(
    session: Session, text: str, *, actor: User, ip_address: str | None = None
) -> Programme:
    """Validate and store an admin's programme as *pending*, with an audit entry, in the
    caller's transaction.

    Raises:
        ConfigurationError: the TOML is invalid, a key is unknown or refused, a text holds a
            word of the coercion lexicon (each named), or the code is already used.
    """
    programme = parse_programme_text(text, source="programme.toml")
    taken = {p.code for p in shipped()} | set(session.scalars(select(HealthProgramme.code)))
    if programme.code in taken:
        raise ConfigurationError(
            f"项目代码 {programme.code} 已被使用，请换一个 code / programme code "
            f"{programme.code} is already used; choose another code"
        )
    session.add(HealthProgramme(code=programme.code, source_text=text, saved_by_id=actor.id))
    _audit(session, AuditAction.PROGRAMME_SAVED, programme.code, actor, ip_address)
    return programme


def approve_programme(
    session: Session, code: str, *, actor: User, ip_address: str | None = None
) -> Programme:
    """A second county admin approves a pending programme: from now on it is offered.

    Raises:
        NotFoundError: no programme ``code`` is pending.
        StoreError: programme ``code`` is already in effect (409).
        PermissionDeniedError: ``actor`` is not a county admin, or proposed it themselves.
        ConfigurationError: the text no longer passes validation.
    """
    row = _pending(session, code)
    if actor.role is not Role.COUNTY_ADMIN:
        raise PermissionDeniedError("只有县级管理员可以批准项目 / only a county admin approves")
    if row.saved_by_id == actor.id:
        raise PermissionDeniedError(
            "项目须由另一位县级管理员批准，提出者本人不能批准 / a programme is approved by a "
            "second county admin, not by the one who proposed it"
        )
    programme = parse_programme_text(row.source_text, source=row.code)
    row.status = ProgrammeStatus.APPROVED
    row.approved_by_id = actor.id
    row.approved_at = utcnow()
    _audit(session, AuditAction.PROGRAMME_APPROVED, code, actor, ip_address)
    return programme


def reject_programme(
    session: Session, code: str, *, actor: User, ip_address: str | None = None
) -> None:
    """A county admin turns down a pending programme (its author may withdraw it): it is deleted.

    Raises:
        NotFoundError: no programme ``code`` is pending.
        StoreError: programme ``code`` is already in effect (409).
        PermissionDeniedError: ``actor`` is not a county admin.
    """
    row = _pending(session, code)
    if actor.role is not Role.COUNTY_ADMIN:
        raise PermissionDeniedError("只有县级管理员可以处理项目 / only a county admin may do this")
    session.delete(row)
    _audit(session, AuditAction.PROGRAMME_REJECTED, code, actor, ip_address)


def _pending(session: Session, code: str) -> HealthProgramme:
    row = session.scalars(
        select(HealthProgramme).where(
            HealthProgramme.code == code, HealthProgramme.status == ProgrammeStatus.PENDING
        )
    ).one_or_none()
    if row is None:
        if any(p.code == code for p in all_programmes(session)):
            # The programme exists and is in effect: deciding on it again is a conflict with
            # its state, not a missing page.
            raise StoreError(
                f"项目 {code} 已在实施，无需再批准 / programme {code} is already in effect: "
                "there is nothing to approve or turn down"
            )
        raise NotFoundError(f"没有待批准的项目 {code} / no programme {code} awaits approval")
    return row


def _audit(
    session: Session, action: AuditAction, code: str, actor: User, ip_address: str | None
) -> None:
    write_audit(
        session,
        actor=actor,
        action=action,
        area_code=actor.area_code,
        target_type="health_programme",
        target_id=code,
        ip_address=ip_address,
    )
