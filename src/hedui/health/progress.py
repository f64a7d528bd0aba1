"""An enrolment with everything recorded about it, read within the reader's jurisdiction.

Every read of health data goes through :func:`load_progress` or :func:`get_progress`, which
take the reader's ``area_code``: an enrolment in another township is *not found*, exactly like a
record of another village (:mod:`hedui.store.areas`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import NotFoundError
from hedui.health.catalogue import all_programmes
from hedui.health.config import Programme
from hedui.health.schedule import ScheduledVisit, schedule
from hedui.store.areas import in_area
from hedui.store.health import HealthEnrolment, HealthReferral, HealthVisit

__all__ = ["EnrolmentProgress", "ReferralFlag", "get_progress", "load_progress"]


@dataclass(frozen=True)
class ReferralFlag:
    """A positive result still without a referral after the programme's number of days."""

    visit: HealthVisit
    days_waiting: int


@dataclass(frozen=True)
class EnrolmentProgress:
    """One enrolment, its programme, its recorded visits and referrals, and its schedule."""

    enrolment: HealthEnrolment
    programme: Programme
    visits: tuple[HealthVisit, ...]
    referrals: tuple[HealthReferral, ...]

    @property
    def schedule(self) -> list[ScheduledVisit]:
        """The visits that apply now (see :func:`hedui.health.schedule.schedule`)."""
        return schedule(self.programme, self.enrolment.enrolled_on, self.visits)

    def referral_for(self, visit: HealthVisit) -> HealthReferral | None:
        """The referral made after ``visit``, if any."""
        return next((r for r in self.referrals if r.visit_id == visit.id), None)

    def flags(self, today: date) -> list[ReferralFlag]:
        """Positive results with no referral once ``referral_flag_days`` have passed."""
        limit = timedelta(days=self.programme.referral_flag_days)
        return [
            ReferralFlag(visit=visit, days_waiting=(today - visit.visit_date).days)
            for visit in self.visits
            if visit.positive and self.referral_for(visit) is None
            if today - visit.visit_date >= limit
        ]


def load_progress(
    session: Session, *, area_code: str, village_code: str | None = None
) -> list[EnrolmentProgress]:
    """Every enrolment in ``area_code`` (optionally one village), oldest first."""
    query = select(HealthEnrolment).where(in_area(HealthEnrolment.village_code, area_code))
    if village_code is not None:
        query = query.where(HealthEnrolment.village_code == village_code)
    enrolments = list(session.scalars(query.order_by(HealthEnrolment.id)))
    return _assemble(session, enrolments)


def get_progress(session: Session, enrolment_id: int, *, area_code: str) -> EnrolmentProgress:
    """One enrolment within ``area_code``.

    Raises:
        NotFoundError: no such enrolment, or it lies outside ``area_code`` (indistinguishable).
    """
    enrolment = session.scalars(
        select(HealthEnrolment).where(
            HealthEnrolment.id == enrolment_id, in_area(HealthEnrolment.village_code, area_code)
        )
    ).one_or_none()
    found = _assemble(session, [enrolment]) if enrolment is not None else []
    if not found:
        raise NotFoundError(f"没有编号为 {enrolment_id} 的登记 / no enrolment {enrolment_id}")
    return found[0]


def _assemble(session: Session, enrolments: Sequence[HealthEnrolment]) -> list[EnrolmentProgress]:
    ids = [e.id for e in enrolments]
    visits: dict[int, list[HealthVisit]] = defaultdict(list)
    referrals: dict[int, list[HealthReferral]] = defaultdict(list)
    if ids:
        for visit in session.scalars(
            select(HealthVisit).where(HealthVisit.enrolment_id.in_(ids)).order_by(HealthVisit.id)
        ):
            visits[visit.enrolment_id].append(visit)
        for referral in session.scalars(
            select(HealthReferral).where(HealthReferral.enrolment_id.in_(ids))
        ):
            referrals[referral.enrolment_id].append(referral)
    programmes = {p.code: p for p in all_programmes(session)}
    # An enrolment whose programme is not in effect (refused by today's validation) is not run.
    return [
        EnrolmentProgress(
            enrolment=e,
            programme=programmes[e.programme_code],
            visits=tuple(visits[e.id]),
            referrals=tuple(referrals[e.id]),
        )
        for e in enrolments
        if e.programme_code in programmes
    ]
