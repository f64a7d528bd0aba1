"""Schedules: follow-ups appear after a positive screening; due, overdue and done by date."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from hedui.health.progress import get_progress
from hedui.health.schedule import VisitStatus
from hedui.health.visits import record_visit
from hedui.store.users import User

from .conftest import ENROLLED_ON, enrol_person


def test_screening_due_on_enrolment_and_overdue_after_its_grace(
    session: Session, worker: User
) -> None:
    enrolment = enrol_person(session, worker)
    (screening,) = get_progress(session, enrolment.id, area_code=worker.area_code).schedule
    # enrolled 2025-06-16, due_days 0, overdue_after_days 30: due until 07-16, overdue 07-17.
    assert screening.due == ENROLLED_ON
    assert screening.status(date(2025, 6, 15)) is VisitStatus.UPCOMING
    assert screening.status(date(2025, 7, 16)) is VisitStatus.DUE
    assert screening.status(date(2025, 7, 17)) is VisitStatus.OVERDUE


def _screen(session: Session, worker: User, result: str) -> list[tuple[str, date]]:
    enrolment = enrol_person(session, worker)
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    record_visit(
        session,
        progress,
        "screening",
        visit_date=date(2025, 7, 1),
        values={"method": "HPV 检测 HPV test", "result": result},
        actor=worker,
        today=date(2025, 7, 1),
    )
    session.commit()
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    return [(v.spec.key, v.due) for v in progress.schedule]


def test_positive_screening_brings_follow_ups_at_6_and_12_months(
    session: Session, worker: User
) -> None:
    # screened 2025-07-01: +180 days = 2025-12-28, +365 days = 2026-07-01.
    assert _screen(session, worker, "positive") == [
        ("screening", date(2025, 6, 16)),
        ("follow_up_6m", date(2025, 12, 28)),
        ("follow_up_12m", date(2026, 7, 1)),
    ]


def test_negative_screening_needs_no_follow_up(session: Session, worker: User) -> None:
    assert _screen(session, worker, "negative") == [("screening", date(2025, 6, 16))]
