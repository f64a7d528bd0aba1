"""Reminders for the village health worker (村医): who is due for a health visit, printed or as CSV.

The list holds only enrolled people and only visits their schedule offers within the coming
days — a reminder to offer a visit, not a summons. It shows the name, contact and due date, and
every line says only "健康随访 / health visit": not the programme, not the visit's name, no
result and no ID number. The list is handed to a village doctor and may lie on a table in the
village; "产前筛查" or "6 个月复查" beside a name would tell whoever reads it that the woman is
pregnant or had a positive screening. A visit the person declined, or that has lapsed (overdue
for more than the lapse days, :data:`~hedui.health.schedule.LAPSE_AFTER_DAYS`), is not on it.
Producing it records, per person and visit, the day a reminder went out (so staff can see that
a person was already reminded); withdrawal deletes those rows too.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.health.progress import load_progress
from hedui.health.schedule import LAPSE_AFTER_DAYS, VisitStatus
from hedui.spreadsheet import neutralise
from hedui.store.audit import AuditAction, write_audit
from hedui.store.health import HealthReminder
from hedui.store.users import User

__all__ = [
    "DEFAULT_DAYS_AHEAD",
    "HEALTH_VISIT",
    "Reminder",
    "record_reminders",
    "reminder_csv",
    "reminders",
]

DEFAULT_DAYS_AHEAD = 14
HEALTH_VISIT = "健康随访 health visit"
"""What every line of the list says the visit is."""


@dataclass(frozen=True)
class Reminder:
    """One line of the list."""

    enrolment_id: int
    village_code: str
    name: str
    contact: str
    visit_key: str
    """Kept to note the reminder as sent; never printed."""
    due: date
    overdue: bool


def reminders(
    session: Session,
    *,
    area_code: str,
    today: date,
    village_code: str | None = None,
    days_ahead: int = DEFAULT_DAYS_AHEAD,
    lapse_days: int = LAPSE_AFTER_DAYS,
) -> list[Reminder]:
    """Visits not yet made that are due by ``today + days_ahead`` and have not lapsed, by
    village then due date."""
    horizon = today + timedelta(days=days_ahead)
    found = []
    for p in load_progress(session, area_code=area_code, village_code=village_code):
        for visit in p.schedule:
            status = visit.status(today, lapse_days)
            if visit.due > horizon or status not in _OPEN:
                continue
            found.append(
                Reminder(
                    enrolment_id=p.enrolment.id,
                    village_code=p.enrolment.village_code,
                    name=p.enrolment.name,
                    contact=p.enrolment.contact or "",
                    visit_key=visit.spec.key,
                    due=visit.due,
                    overdue=status is VisitStatus.OVERDUE,
                )
            )
    return sorted(found, key=lambda r: (r.village_code, r.due, r.name))


_OPEN = (VisitStatus.UPCOMING, VisitStatus.DUE, VisitStatus.OVERDUE)
"""The open statuses, the only ones reminded of (a visit done, declined or lapsed is not)."""


def record_reminders(
    session: Session,
    found: list[Reminder],
    *,
    actor: User,
    today: date,
    ip_address: str | None = None,
) -> None:
    """Note that these reminders went out today, and audit the export (a count, no names)."""
    for reminder in found:
        already = session.scalars(
            select(HealthReminder.id).where(
                HealthReminder.enrolment_id == reminder.enrolment_id,
                HealthReminder.visit_key == reminder.visit_key,
                HealthReminder.reminded_on == today,
            )
        ).first()
        if already is None:
            session.add(
                HealthReminder(
                    enrolment_id=reminder.enrolment_id,
                    visit_key=reminder.visit_key,
                    reminded_on=today,
                )
            )
    write_audit(
        session,
        actor=actor,
        action=AuditAction.HEALTH_EXPORTED,
        area_code=actor.area_code,
        target_type="health_reminders",
        detail={"rows": len(found)},
        ip_address=ip_address,
    )


def reminder_csv(found: list[Reminder]) -> str:
    """The list as CSV with a BOM (Excel opens it in Chinese); formula-like cells defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["村代码 village", "姓名 name", "联系方式 contact", "访视 visit",
                     "应于 due", "已逾期 overdue"])  # fmt: skip
    for r in found:
        writer.writerow(
            [neutralise(x) for x in (r.village_code, r.name, r.contact)]
            + [HEALTH_VISIT, r.due.isoformat(), "是" if r.overdue else ""]
        )
    return "\ufeff" + buffer.getvalue()
