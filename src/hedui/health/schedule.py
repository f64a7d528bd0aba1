"""When each visit of an enrolment is due, computed from what has been recorded so far.

Visits not yet made are not stored: the schedule is derived every time from the enrolment date
and the visits recorded, so that recording a screening with a positive result is all it takes
for its follow-ups to appear, and a withdrawal leaves no stored appointment behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hedui.health.config import Programme, VisitSpec
from hedui.store.health import HealthVisit

__all__ = ["ScheduledVisit", "VisitStatus", "schedule"]


class VisitStatus(StrEnum):
    """Where a visit stands on a given day."""

    DONE = "done"
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"


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

    def status(self, today: date) -> VisitStatus:
        """Done, upcoming (not yet due), due, or overdue (past its grace period)."""
        if self.recorded is not None:
            return VisitStatus.DONE
        if today < self.due:
            return VisitStatus.UPCOMING
        return VisitStatus.OVERDUE if today >= self.overdue_from else VisitStatus.DUE


def schedule(
    programme: Programme, enrolled_on: date, visits: Sequence[HealthVisit]
) -> list[ScheduledVisit]:
    """Every visit that applies now, in programme order.

    A visit ``after`` another appears once that one is recorded (its due date counts from the
    day it took place); a visit ``only_if_positive`` appears only if that one was positive.
    """
    recorded = {visit.visit_key: visit for visit in visits}
    result = []
    for spec in programme.visits:
        base = enrolled_on
        if spec.after is not None:
            earlier = recorded.get(spec.after)
            if earlier is None or (spec.only_if_positive and not earlier.positive):
                continue
            base = earlier.visit_date
        due = base + timedelta(days=spec.due_days)
        result.append(ScheduledVisit(spec=spec, due=due, recorded=recorded.get(spec.key)))
    return result
