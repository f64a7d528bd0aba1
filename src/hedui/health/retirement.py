"""Retiring a programme, and what happens to the people enrolled in it.

A county ends a programme — the screening campaign is over, the service moved elsewhere — by
*retiring* it (:func:`retire_programme`, a county admin, audited). The rule for its enrolments:

1. From the day it is retired the programme is offered to nobody: no one can be enrolled in it.
2. The people already enrolled keep their schedule, their results and their referrals for the
   *health retention period* (``health_retention_days``, 365 days by default), so that a
   positive result is followed up and a referral finished; any of them may withdraw meanwhile.
3. When that period has passed, :func:`purge_retired_enrolments` deletes every enrolment of the
   programme with its visits, referrals and reminders, as a withdrawal would (but without
   counting them as withdrawals: the people did not leave, the programme did). The audit log
   keeps one entry per township saying how many enrolments were deleted, naming no one.

The web application runs the purge once a day (:mod:`hedui.web.retention`). Nothing is kept
"in case": data about a person's health that no programme uses any more is not held.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, PermissionDeniedError
from hedui.health.catalogue import get_programme
from hedui.store.audit import AuditAction, write_audit
from hedui.store.health import (
    HealthEnrolment,
    HealthProgrammeRetirement,
    HealthReferral,
    HealthReminder,
    HealthVisit,
)
from hedui.store.users import Role, User

__all__ = [
    "DEFAULT_HEALTH_RETENTION_DAYS",
    "purge_retired_enrolments",
    "retire_programme",
    "retired_programmes",
]

DEFAULT_HEALTH_RETENTION_DAYS = 365


def retired_programmes(session: Session) -> dict[str, date]:
    """Programme code → the day it was retired."""
    rows = session.execute(
        select(HealthProgrammeRetirement.programme_code, HealthProgrammeRetirement.retired_on)
    )
    return {code: day for code, day in rows}


def retire_programme(
    session: Session, code: str, *, actor: User, today: date, ip_address: str | None = None
) -> None:
    """Retire the programme ``code`` from ``today``, in the caller's transaction, audited.

    Raises:
        PermissionDeniedError: ``actor`` is not a county admin.
        NotFoundError: no programme ``code`` is in effect.
        InvalidInputError: it is retired already.
    """
    if actor.role is not Role.COUNTY_ADMIN:
        raise PermissionDeniedError("只有县级管理员可以停止项目 / only a county admin retires")
    get_programme(session, code)
    if code in retired_programmes(session):
        raise InvalidInputError(f"项目 {code} 已经停止 / programme {code} is retired already")
    session.add(
        HealthProgrammeRetirement(programme_code=code, retired_on=today, retired_by_id=actor.id)
    )
    write_audit(
        session,
        actor=actor,
        action=AuditAction.PROGRAMME_RETIRED,
        area_code=actor.area_code,
        target_type="health_programme",
        target_id=code,
        ip_address=ip_address,
    )


def purge_retired_enrolments(session: Session, *, today: date, retention_days: int) -> int:
    """Delete the enrolments of programmes retired more than ``retention_days`` ago.

    In the caller's transaction; one ``health_enrolments_deleted`` audit entry per programme
    and township, with the count only.

    Returns:
        How many enrolments were deleted.
    """
    cutoff = today - timedelta(days=retention_days)
    ended = [code for code, day in retired_programmes(session).items() if day <= cutoff]
    if not ended:
        return 0
    rows = session.execute(
        select(
            HealthEnrolment.id, HealthEnrolment.programme_code, HealthEnrolment.village_code
        ).where(HealthEnrolment.programme_code.in_(ended))
    ).all()
    ids = [row.id for row in rows]
    # Children first, as a withdrawal does: the erasure must not depend on ON DELETE CASCADE.
    for table in (HealthReminder, HealthReferral, HealthVisit):
        session.execute(delete(table).where(table.enrolment_id.in_(ids)))
    session.execute(delete(HealthEnrolment).where(HealthEnrolment.id.in_(ids)))
    counts = Counter((row.programme_code, row.village_code[:9]) for row in rows)
    for (code, township), count in sorted(counts.items()):
        write_audit(
            session,
            actor=None,
            actor_username="(retention)",
            action=AuditAction.HEALTH_ENROLMENTS_DELETED,
            area_code=township,
            target_type="health_programme",
            target_id=code,
            detail={"enrolments": count, "retention_days": retention_days},
        )
    return len(ids)
