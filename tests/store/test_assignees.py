"""Who may be given a case: eligible_assignees lists exactly the users may_be_assigned accepts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hedui.store.accounts import create_user
from hedui.store.assignees import eligible_assignees, may_be_assigned
from hedui.store.cases import Case, CaseStatus
from hedui.store.users import Role, User

from .conftest import COUNTY, TOWNSHIP, VILLAGE_A, VILLAGE_B


def _case(session: Session) -> Case:
    case = Case(
        case_key="k-assignees",
        kind="sex_conflict",
        event="birth",
        status=CaseStatus.OPEN,
        village_code=VILLAGE_A,
        period="2025-12",
        explanation_zh="性别不一致",
        explanation_en="sex differs",
        first_seen_run="1",
        last_seen_run="1",
    )
    session.add(case)
    session.flush()
    return case


def test_staff_covering_the_village_inside_the_actors_area_are_eligible(
    session: Session,
) -> None:
    """The township officer hands a case of village A over: the clerk of A and the officer
    themself qualify; the clerk of B (does not cover A), the county admin (outside the
    township), a health worker (no cases) and a disabled clerk do not."""
    users = {
        name: create_user(session, name, "password-1234", role, area)
        for name, role, area in [
            ("officer", Role.TOWNSHIP_OFFICER, TOWNSHIP),
            ("clerk_a", Role.VILLAGE_CLERK, VILLAGE_A),
            ("clerk_b", Role.VILLAGE_CLERK, VILLAGE_B),
            ("admin", Role.COUNTY_ADMIN, COUNTY),
            ("health", Role.HEALTH_WORKER, TOWNSHIP),
            ("gone", Role.VILLAGE_CLERK, VILLAGE_A),
        ]
    }
    users["gone"].disabled = True
    case = _case(session)
    officer = users["officer"]
    eligible = eligible_assignees(session, case, officer)
    assert [u.username for u in eligible] == ["officer", "clerk_a"]
    everyone = session.query(User).all()
    assert {u.id for u in eligible} == {u.id for u in everyone if may_be_assigned(u, case, officer)}
    assert not may_be_assigned(None, case, officer)
