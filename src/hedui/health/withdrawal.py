"""Withdrawal: a person leaves a programme, and their programme data leaves hedui.

Withdrawal is possible at any time and needs no reason (none is asked for, so none is stored).
Everything about the person in the programme — the enrolment with its consent, the visits and
their results, the referrals, the reminders — is deleted in one transaction. Two things remain,
neither naming the person: one more in the anonymous count of withdrawals for the programme,
township and month (so coverage figures can say how many left), and an audit entry saying that
a withdrawal was recorded, by whom, for which enrolment number — without the person's name, ID
number, programme or any result.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hedui.health.progress import get_progress
from hedui.store.audit import AuditAction, write_audit
from hedui.store.health import (
    HealthEnrolment,
    HealthReferral,
    HealthReminder,
    HealthVisit,
    HealthWithdrawalCount,
)
from hedui.store.users import User

__all__ = ["withdraw"]


def withdraw(
    session: Session,
    enrolment_id: int,
    *,
    actor: User,
    today: date,
    ip_address: str | None = None,
) -> None:
    """Delete an enrolment within the actor's area and all that hangs off it; count it.

    Raises:
        NotFoundError: no such enrolment in the actor's area.
    """
    enrolment = get_progress(session, enrolment_id, area_code=actor.area_code).enrolment
    township = enrolment.village_code[:9]
    programme = enrolment.programme_code
    # Explicit deletes, children first, rather than trusting ON DELETE CASCADE alone: the
    # cascade also guards hand-written SQL, but the erasure must not depend on a pragma.
    for table in (HealthReminder, HealthReferral, HealthVisit):
        session.execute(delete(table).where(table.enrolment_id == enrolment.id))
    session.execute(delete(HealthEnrolment).where(HealthEnrolment.id == enrolment.id))
    month = today.strftime("%Y-%m")
    counter = session.scalars(
        select(HealthWithdrawalCount).where(
            HealthWithdrawalCount.programme_code == programme,
            HealthWithdrawalCount.township_code == township,
            HealthWithdrawalCount.month == month,
        )
    ).one_or_none()
    if counter is None:
        session.add(
            HealthWithdrawalCount(
                programme_code=programme, township_code=township, month=month, count=1
            )
        )
    else:
        counter.count += 1
    write_audit(
        session,
        actor=actor,
        action=AuditAction.HEALTH_WITHDRAWN,
        area_code=township,
        target_type="health_enrolment",
        target_id=enrolment_id,
        ip_address=ip_address,
    )
