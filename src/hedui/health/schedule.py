"""When each visit of an enrolment is due, computed from what has been recorded so far.

Visits not yet made are not stored: the schedule is derived every time from the enrolment date
and the visits recorded, so that recording a screening with a positive result is all it takes
for its follow-ups to appear, and a withdrawal leaves no stored appointment behind.

The person decides at every visit. A visit they declined is closed, like one made: it is not
offered again, and visits that count from it (``after``) do not appear. A visit nobody recorded
is *overdue* once its grace period has passed, a prompt for staff to offer it again — but not
for ever: :data:`LAPSE_AFTER_DAYS` days later it has *lapsed* and leaves the work list and the
reminders (it can still be recorded if the person comes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hedui.health.config import Programme, VisitSpec
from hedui.store.health import HealthVisit

__all__ = ["LAPSE_AFTER_DAYS", "ScheduledVisit", "VisitStatus", "schedule"]

LAPSE_AFTER_DAYS = 90
"""Days a visit stays overdue before it lapses (the web's ``health_lapse_days`` setting)."""


class VisitStatus(StrEnum):
    """Where a visit stands on a given day."""

    DONE = "done"
    DECLINED = "declined"
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class ScheduledVisit:
    """One visit of one enrolment's schedule."""

    spec: VisitSpec
    due: date
    recorded: HealthVisit | None

    @property
    def overdue_from(self) -> date:
        """The first day the visit counts as overdue."""
        return self.due + timedelta(days=self.spec.overdue_after_days + 1)

    def status(self, today: date, lapse_days: int = LAPSE_AFTER_DAYS) -> VisitStatus:
        """Done or declined; else upcoming (not yet due), due, overdue (past its grace period),
        or lapsed (overdue for more than ``lapse_days`` days: no longer offered)."""
        if self.recorded is not None:
            return VisitStatus.DECLINED if self.recorded.declined else VisitStatus.DONE
        if today < self.due:
            return VisitStatus.UPCOMING
        if today < self.overdue_from:
            return VisitStatus.DUE
        lapsed = today > self.overdue_from + timedelta(days=lapse_days)
        return VisitStatus.LAPSED if lapsed else VisitStatus.OVERDUE


def schedule(
    programme: Programme, enrolled_on: date, visits: Sequence[HealthVisit]
) -> list[ScheduledVisit]:
    """Every visit that applies now, in programme order.

    A visit ``after`` another appears once that one took place (its due date counts from the
    day it did; a declined visit took no place); a visit ``only_if_positive`` appears only if
    that one was positive.
    """
    recorded = {visit.visit_key: visit for visit in visits}
    result = []
    for spec in programme.visits:
        base = enrolled_on
        if spec.after is not None:
            earlier = recorded.get(spec.after)
            if earlier is None or earlier.declined:
                continue
            if spec.only_if_positive and not earlier.positive:
                continue
            base = earlier.visit_date
        due = base + timedelta(days=spec.due_days)
        result.append(ScheduledVisit(spec=spec, due=due, recorded=recorded.get(spec.key)))
    return result
