"""A screened-positive person with a referral and a reminder: everything withdrawal must erase."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from hedui.health.progress import get_progress
from hedui.health.reminders import record_reminders, reminders
from hedui.health.visits import complete_referral, record_referral, record_visit
from hedui.store.health import HealthEnrolment, HealthVisit
from hedui.store.users import User

from .conftest import enrol_person


def screen(
    session: Session, worker: User, enrolment: HealthEnrolment, day: date, result: str
) -> HealthVisit:
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    visit = record_visit(
        session,
        progress,
        "screening",
        visit_date=day,
        values={"method": "HPV 检测 HPV test", "result": result},
        actor=worker,
        today=day,
    )
    session.commit()
    return visit


def full_history(session: Session, worker: User, **person: str) -> HealthEnrolment:
    """Enrolled 2025-06-16, positive 2025-07-01, referred 07-03 and seen 07-10, reminded."""
    enrolment = enrol_person(session, worker, **person)  # type: ignore[arg-type]
    visit = screen(session, worker, enrolment, date(2025, 7, 1), "positive")
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    referral = record_referral(
        session,
        progress,
        visit.id,
        referred_on=date(2025, 7, 3),
        referred_to="县妇幼保健院",
        actor=worker,
        today=date(2025, 7, 3),
    )
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    complete_referral(
        session,
        progress,
        referral.id,
        completed_on=date(2025, 7, 10),
        actor=worker,
        today=date(2025, 7, 10),
    )
    today = date(2025, 12, 20)
    found = reminders(session, area_code=worker.area_code, today=today)
    record_reminders(session, found, actor=worker, today=today)
    session.commit()
    return enrolment
