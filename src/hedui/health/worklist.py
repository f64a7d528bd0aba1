"""The health worker's work list: visits due and overdue, and positive results awaiting referral.

Only people who enrolled appear, and for each only the visits their own schedule offers. There
is no "not yet enrolled" section and there cannot be one: hedui has no list of people eligible
for a programme, only of people who asked for it. A visit the person declined is closed, and a
visit overdue for more than ``lapse_days`` days has lapsed: neither stays on the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hedui.health.progress import EnrolmentProgress, ReferralFlag, load_progress
from hedui.health.schedule import LAPSE_AFTER_DAYS, ScheduledVisit, VisitStatus

__all__ = ["FlaggedResult", "WorkItem", "WorkList", "work_list"]


@dataclass(frozen=True)
class WorkItem:
    """A visit to offer: whose, which, and since when."""

    progress: EnrolmentProgress
    visit: ScheduledVisit
    status: VisitStatus


@dataclass(frozen=True)
class FlaggedResult:
    """A positive result that has waited too long for a referral."""

    progress: EnrolmentProgress
    flag: ReferralFlag


@dataclass(frozen=True)
class WorkList:
    """What a health worker should act on today, most urgent first."""

    flagged: list[FlaggedResult]
    items: list[WorkItem]


def work_list(
    session: Session,
    *,
    area_code: str,
    today: date,
    village_code: str | None = None,
    lapse_days: int = LAPSE_AFTER_DAYS,
) -> WorkList:
    """Flags and due/overdue visits in ``area_code``: overdue first, then by due date."""
    items: list[WorkItem] = []
    flagged: list[FlaggedResult] = []
    for progress in load_progress(session, area_code=area_code, village_code=village_code):
        flagged += [FlaggedResult(progress, flag) for flag in progress.flags(today)]
        for visit in progress.schedule:
            status = visit.status(today, lapse_days)
            if status in (VisitStatus.DUE, VisitStatus.OVERDUE):
                items.append(WorkItem(progress, visit, status))
    items.sort(
        key=lambda i: (i.status is not VisitStatus.OVERDUE, i.visit.due, i.progress.enrolment.id)
    )
    flagged.sort(key=lambda f: -f.flag.days_waiting)
    return WorkList(flagged=flagged, items=items)
