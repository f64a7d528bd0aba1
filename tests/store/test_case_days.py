"""Cases opened and closed per day, for the dashboard's "are cases being closed?"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from hedui.store.base import utcnow
from hedui.store.case_actions import resolve_case
from hedui.store.case_days import cases_by_day
from hedui.store.cases import Case
from hedui.store.users import User

from .case_helpers import finding, run_sync
from .conftest import COUNTY, VILLAGE_A, VILLAGE_B


def test_cases_by_day_counts_openings_and_closings(session: Session, admin: User) -> None:
    # Three cases opened on 1 December 2025, one on 3 December; one of them closed today.
    findings = [finding("a1"), finding("a2"), finding("b1", village=VILLAGE_B), finding("a3")]
    _, counts = run_sync(session, findings)
    ids = [counts.case_ids[f.case_key] for f in findings]
    first = utcnow().replace(year=2025, month=12, day=1, hour=9)
    session.execute(update(Case).values(created_at=first))
    session.execute(update(Case).where(Case.id == ids[3]).values(created_at=first.replace(day=3)))
    resolve_case(session, admin, ids[0], note="已更正")
    session.commit()
    days = cases_by_day(session, COUNTY)
    today = utcnow().date()
    assert days[:2] == [(date(2025, 12, 1), 3, 0), (date(2025, 12, 3), 1, 0)]
    assert days[-1] == (today, 0, 1)
    # Only the area's cases: village B's case is not village A's.
    assert sum(opened for _, opened, _ in cases_by_day(session, VILLAGE_A)) == 3
    assert cases_by_day(session, "320925") == []
