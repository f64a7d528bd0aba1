"""Case tallies: kept in the transaction of every case change, they always equal a recount."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from hedui.errors import HeduiError
from hedui.store.accounts import create_user
from hedui.store.case_actions import assign_case, dismiss_case, resolve_case, verify_case
from hedui.store.case_query import (
    CaseCounts,
    CaseFilter,
    area_counts,
    case_counts,
    filtered_query,
    list_cases,
)
from hedui.store.case_tallies import CaseTally, recount, tallies_by, tallies_by_each, tallies_in
from hedui.store.cases import Case, CaseHistory, CaseRecord, CaseStatus
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.migrations import upgrade
from hedui.store.users import Role, User

from .case_helpers import finding, run_sync
from .conftest import COUNTY, TOWNSHIP, VILLAGE_A, VILLAGE_B, session_on_copy

OTHER_TOWNSHIP_VILLAGE = "320924102001"
VILLAGES = (VILLAGE_A, VILLAGE_B, OTHER_TOWNSHIP_VILLAGE)
KINDS = ("birth_missing_in_police_hukou", "name_conflict")
FINDINGS = [
    finding(f"{n}", village=v, kind=k)
    for n, (v, k) in enumerate([(v, k) for v in VILLAGES for k in KINDS] * 2)
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with one county administrator, copied for each example."""
    path = tmp_path_factory.mktemp("tallies") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        create_user(session, "县管理员", "admin-password", Role.COUNTY_ADMIN, COUNTY)
        session.commit()
    engine.dispose()
    return path


def _apply(session: Session, action: tuple[str, int, int]) -> None:
    """One step: a reconciliation run over some findings, or an action on one case."""
    name, first, width = action
    if name == "run":
        # Findings absent from a run and back later reopen resolved cases as recurring.
        run_sync(session, FINDINGS[first : first + width])
        return
    actor = session.scalars(select(User).where(User.username == "县管理员")).one()
    ids = list(session.scalars(select(Case.id).order_by(Case.id)))
    if not ids:
        return
    case_id = ids[first % len(ids)]
    try:
        with transaction(session):
            if name == "assign":
                assign_case(session, actor, case_id, actor.id)
            elif name == "verify":
                verify_case(session, actor, case_id)
            elif name == "resolve":
                resolve_case(session, actor, case_id, note="已核实更正")
            else:
                dismiss_case(session, actor, case_id, note="两人，不是重复")
    except HeduiError:
        pass  # a transition that is not allowed changes nothing, the tallies included


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["run", "assign", "verify", "resolve", "dismiss"]),
        st.integers(0, len(FINDINGS) - 1),
        st.integers(1, len(FINDINGS)),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_tallies_equal_a_recount_after_any_sequence_of_actions(
    template: Path, actions: list[tuple[str, int, int]]
) -> None:
    with session_on_copy(template) as session:
        for action in actions:
            _apply(session, action)
        for area in (COUNTY, TOWNSHIP, VILLAGE_A, OTHER_TOWNSHIP_VILLAGE):
            counts = area_counts(session, area)
            assert counts == case_counts(session, area)
            _assert_list_totals_are_counted(session, area, counts)
        kept = sorted(tallies_in(session, COUNTY))
        recount(session)
        assert sorted(tallies_in(session, COUNTY)) == kept


def _assert_list_totals_are_counted(session: Session, area: str, counts: CaseCounts) -> None:
    """A case list's total, from the tallies or from the area's counts, is the number of cases
    the list's filter matches."""
    for statuses in [(), *[(s,) for s in CaseStatus], (CaseStatus.OPEN, CaseStatus.RESOLVED)]:
        for kind in (None, KINDS[0]):
            filters = CaseFilter(kind=kind, statuses=statuses)
            matching = session.scalar(
                select(func.count()).select_from(filtered_query(area, filters).subquery())
            )
            assert list_cases(session, area, filters).total == matching
            assert list_cases(session, area, filters, counts=counts).total == matching


def test_a_case_added_moved_and_deleted_through_the_orm_is_counted(session: Session) -> None:
    run_sync(session, [finding("1"), finding("2", village=VILLAGE_B)])
    case = session.scalars(select(Case).where(Case.village_code == VILLAGE_A)).one()
    case.village_code = VILLAGE_B
    case.status = CaseStatus.VERIFIED
    session.commit()
    counts = area_counts(session, COUNTY)
    assert counts.by_village == {VILLAGE_B: 2}
    assert counts.by_status == {"open": 1, "verified": 1}
    session.execute(delete(CaseRecord).where(CaseRecord.case_id == case.id))
    session.execute(delete(CaseHistory).where(CaseHistory.case_id == case.id))
    session.delete(case)
    session.commit()
    assert area_counts(session, COUNTY) == case_counts(session, COUNTY)
    assert area_counts(session, COUNTY).total == 1


def test_tallies_by_several_columns_in_one_statement_equal_each_column_alone(
    session: Session,
) -> None:
    run_sync(
        session,
        [finding("1"), finding("2", village=VILLAGE_B, kind=KINDS[1]), finding("3", kind=KINDS[1])],
    )
    statements: list[str] = []
    listen = event.listens_for(session.get_bind(), "before_cursor_execute")
    listen(lambda _c, _cur, statement, *_rest: statements.append(statement))
    columns = ("status", "kind", "village_code")
    together = tallies_by_each(session, COUNTY, columns)
    assert len(statements) == 1
    assert together == {column: tallies_by(session, COUNTY, column) for column in columns}
    assert together["village_code"] == {VILLAGE_A: 2, VILLAGE_B: 1}
    assert list(together["kind"]) == sorted(KINDS)
    assert tallies_by_each(session, COUNTY, ()) == {}


def test_a_failed_transaction_leaves_the_tallies_as_they_were(session: Session) -> None:
    run_sync(session, [finding("1")])
    case = session.scalars(select(Case)).one()
    case.status = CaseStatus.RESOLVED
    session.flush()  # the tally moved inside the transaction …
    assert area_counts(session, COUNTY).by_status == {"resolved": 1}
    session.rollback()  # … and moves back with it
    assert area_counts(session, COUNTY).by_status == {"open": 1}
    assert session.scalar(select(CaseTally.cases)) == 1
