"""The dashboard keeps what depends only on a finished run, and is never stale about the rest.

A run's figures for an area are kept per process under the run; cases opened and closed per day
under the version of the cases. These tests change the database as another worker process
would (through the library, in a session of their own, not through the page) and look again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.case_actions import dismiss_case, resolve_case, verify_case
from hedui.store.case_days import cases_by_day
from hedui.store.case_query import opened_and_closed
from hedui.store.cases import Case, CaseHistory, CaseStatus, make_case_key
from hedui.store.db import transaction
from hedui.store.users import User

from .conftest import Site, build_site

COUNTY = "320924"
VILLAGE = "320924101201"
OTHER_VILLAGE = "320924101202"


# One site for every example below: each example goes on from the cases the last one left.
@pytest.fixture(scope="module")
def case_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("cases"))


_ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("open"),
            st.sampled_from([VILLAGE, OTHER_VILLAGE, "320924102001"]),
            st.integers(min_value=0, max_value=40),
        ),
        st.tuples(
            st.sampled_from(["resolve", "dismiss", "verify"]),
            st.just(""),
            st.integers(min_value=0, max_value=10_000),
        ),
        st.tuples(st.just("look"), st.sampled_from([COUNTY, VILLAGE, "320924102"]), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=_ACTIONS)
def test_cases_by_day_kept_is_always_what_counting_again_gives(
    case_site: Site, actions: list[tuple[str, str, int]]
) -> None:
    """Whatever cases are opened, verified, resolved or dismissed between looks, the kept
    answer of every area equals the cases counted afresh."""
    for action, place, number in actions:
        with case_site.session() as session, transaction(session):
            if action == "open":
                _open_case(session, place, number)
            elif action == "look":
                cases_by_day(session, place)
            else:
                _act(session, case_site, action, number)
        with case_site.session() as session:
            for area in (COUNTY, VILLAGE, OTHER_VILLAGE, "320924102"):
                assert cases_by_day(session, area) == _counted(session, area)


def _open_case(session: Session, village: str, days_ago: int) -> None:
    """A new case, created ``days_ago`` days ago, with its first history row."""
    created = datetime.now(UTC) - timedelta(days=days_ago)
    number = (session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0) + 1
    case = Case(
        case_key=make_case_key("sex_conflict", [("test", f"case-{number}")]),
        kind="sex_conflict",
        status=CaseStatus.OPEN,
        village_code=village,
        explanation_zh="性别不一致",
        explanation_en="sex differs",
        recurring=False,
        first_seen_run="1",
        last_seen_run="1",
        created_at=created,
        updated_at=created,
    )
    session.add(case)
    session.flush()
    session.add(CaseHistory(case_id=case.id, to_status=CaseStatus.OPEN, at=created))


def _act(session: Session, site: Site, action: str, number: int) -> None:
    """Verify, resolve or dismiss the ``number``-th (modulo) case still open, if any."""
    still_open = list(
        session.scalars(
            select(Case.id)
            .where(Case.status.in_([CaseStatus.OPEN, CaseStatus.ASSIGNED]))
            .order_by(Case.id)
        )
    )
    if not still_open:
        return
    case_id = still_open[number % len(still_open)]
    admin = session.get(User, site.user_ids["admin"])
    assert admin is not None
    if action == "verify":
        verify_case(session, admin, case_id)
    elif action == "resolve":
        resolve_case(session, admin, case_id, note="已更正")
    else:
        dismiss_case(session, admin, case_id, note="两个人")


def _counted(session: Session, area: str) -> list[tuple[date, int, int]]:
    """The days counted afresh, without any kept answer."""
    opened, closed = opened_and_closed(session, area, "day")
    return [
        (date.fromisoformat(day), opened.get(day, 0), closed.get(day, 0))
        for day in sorted({*opened, *closed})
    ]
