"""Bulk case actions: each case as on its own page, all or nothing, officers only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, PermissionDeniedError
from hedui.store.accounts import create_user
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.case_actions import resolve_case
from hedui.store.case_bulk import BULK_LIMIT, bulk_assign, bulk_resolve
from hedui.store.case_query import case_history
from hedui.store.cases import Case, CaseStatus
from hedui.store.users import Role, User

from .case_helpers import finding, run_sync
from .conftest import TOWNSHIP, VILLAGE_B


@pytest.fixture
def officer(session: Session) -> User:
    user = create_user(session, "乡镇专干", "officer-password", Role.TOWNSHIP_OFFICER, TOWNSHIP)
    session.commit()
    return user


@pytest.fixture
def case_ids(session: Session) -> list[int]:
    """Three open cases: two in village A, one in village B (same township)."""
    items = [finding("1"), finding("2"), finding("3", village=VILLAGE_B)]
    _, counts = run_sync(session, items)
    return [counts.case_ids[item.case_key] for item in items]


def _audits(session: Session, action: AuditAction) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    return int(session.scalar(query) or 0)


def test_bulk_resolve_gives_each_case_its_history_and_audit(
    session: Session, officer: User, case_ids: list[int]
) -> None:
    cases = bulk_resolve(session, officer, case_ids + case_ids[:1], note="已对照户口簿逐一核实")
    session.commit()
    # The repeated number counts once; every case is resolved with the same note.
    assert [c.id for c in cases] == case_ids
    for case_id in case_ids:
        case = session.get(Case, case_id)
        assert case is not None and case.status is CaseStatus.RESOLVED
        assert case.resolution_note == "已对照户口簿逐一核实"
        last = case_history(session, case_id)[-1]
        assert (last.actor_id, last.to_status) == (officer.id, CaseStatus.RESOLVED)
    assert _audits(session, AuditAction.CASE_RESOLVED) == 3


def test_bulk_assign_hands_every_case_to_one_person(
    session: Session, officer: User, clerk: User, admin: User, case_ids: list[int]
) -> None:
    # The clerk of village A may take the two cases of village A.
    bulk_assign(session, officer, case_ids[:2], clerk.id, note="请入户核实")
    session.commit()
    for case_id in case_ids[:2]:
        case = session.get(Case, case_id)
        assert case is not None
        assert (case.status, case.assigned_to_id) == (CaseStatus.ASSIGNED, clerk.id)
    assert _audits(session, AuditAction.CASE_ASSIGNED) == 2


def test_one_refused_case_changes_nothing_and_is_named(
    session: Session, officer: User, clerk: User, case_ids: list[int]
) -> None:
    resolve_case(session, officer, case_ids[1], note="已处理")
    session.commit()
    with pytest.raises(InvalidInputError) as refused:
        bulk_resolve(session, officer, case_ids, note="批量解决")
    session.rollback()
    message = refused.value.message
    assert f"事项 {case_ids[1]}" in message and f"case {case_ids[1]}" in message
    assert f"事项 {case_ids[0]}" not in message
    # The transaction is rolled back: the first case, accepted before the refusal, is open.
    first = session.get(Case, case_ids[0])
    assert first is not None and first.status is CaseStatus.OPEN
    # The clerk of village A cannot take village B's case: named, nothing assigned.
    with pytest.raises(InvalidInputError, match=f"事项 {case_ids[2]}"):
        bulk_assign(session, officer, case_ids, clerk.id)
    session.rollback()
    assert session.scalar(select(func.count()).where(Case.assigned_to_id == clerk.id)) == 0


def test_only_officers_act_in_bulk_and_within_limits(
    session: Session, officer: User, clerk: User, case_ids: list[int]
) -> None:
    with pytest.raises(PermissionDeniedError):
        bulk_resolve(session, clerk, case_ids[:1], note="批量")
    with pytest.raises(InvalidInputError, match="请先勾选"):
        bulk_resolve(session, officer, [], note="批量")
    with pytest.raises(InvalidInputError, match=str(BULK_LIMIT)):
        bulk_resolve(session, officer, range(1, BULK_LIMIT + 2), note="批量")
    # A blank note is refused for every case, so the message names them all.
    with pytest.raises(InvalidInputError, match="请填写处理说明"):
        bulk_resolve(session, officer, case_ids, note="  ")
