"""Case actions: legal moves only, inside one's area, each with a history row and an audit entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError, PermissionDeniedError, StoreError
from hedui.store.accounts import create_user, set_disabled
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.case_actions import (
    ALLOWED_TRANSITIONS,
    assign_case,
    dismiss_case,
    resolve_case,
    verify_case,
)
from hedui.store.case_query import case_history
from hedui.store.cases import CaseStatus
from hedui.store.users import Role, User

from .case_helpers import finding, run_sync
from .conftest import TOWNSHIP, VILLAGE_B


@pytest.fixture
def case_id(session: Session) -> int:
    item = finding("1")
    _, counts = run_sync(session, [item])
    return counts.case_ids[item.case_key]


def _audit_actions(session: Session, case_id: int) -> list[AuditAction]:
    query = select(AuditEntry.action).where(
        AuditEntry.target_type == "case", AuditEntry.target_id == str(case_id)
    )
    return list(session.scalars(query.order_by(AuditEntry.id)))


def test_assign_verify_resolve_leaves_a_trail(
    session: Session, admin: User, clerk: User, case_id: int
) -> None:
    assign_case(session, admin, case_id, clerk.id, note="请入户核实")
    verify_case(session, clerk, case_id, note="已见出生医学证明原件")
    case = resolve_case(
        session, clerk, case_id, note="派出所已补登户口", right_source="health_births"
    )
    session.commit()
    assert (case.status, case.assigned_to_id, case.right_source) == (
        CaseStatus.RESOLVED,
        clerk.id,
        "health_births",
    )
    assert case.resolution_note == "派出所已补登户口"
    history = case_history(session, case_id)
    assert [(h.to_status, h.actor_id, h.note) for h in history[1:]] == [
        (CaseStatus.ASSIGNED, admin.id, "请入户核实"),
        (CaseStatus.VERIFIED, clerk.id, "已见出生医学证明原件"),
        (CaseStatus.RESOLVED, clerk.id, "派出所已补登户口"),
    ]
    assert _audit_actions(session, case_id) == [
        AuditAction.CASE_ASSIGNED,
        AuditAction.CASE_VERIFIED,
        AuditAction.CASE_RESOLVED,
    ]


@pytest.mark.parametrize("start", list(CaseStatus))
def test_only_the_listed_transitions_are_allowed(
    session: Session, admin: User, clerk: User, case_id: int, start: CaseStatus
) -> None:
    path = {
        CaseStatus.OPEN: [],
        CaseStatus.ASSIGNED: [CaseStatus.ASSIGNED],
        CaseStatus.VERIFIED: [CaseStatus.VERIFIED],
        CaseStatus.RESOLVED: [CaseStatus.RESOLVED],
        CaseStatus.DISMISSED: [CaseStatus.DISMISSED],
    }[start]
    actions = {
        CaseStatus.ASSIGNED: lambda: assign_case(session, admin, case_id, clerk.id),
        CaseStatus.VERIFIED: lambda: verify_case(session, admin, case_id),
        CaseStatus.RESOLVED: lambda: resolve_case(session, admin, case_id, note="已更正"),
        CaseStatus.DISMISSED: lambda: dismiss_case(session, admin, case_id, note="非同一人"),
    }
    for step in path:
        actions[step]()
    session.commit()
    for target, action in actions.items():
        if target in ALLOWED_TRANSITIONS[start]:
            assert action().status is target
            session.rollback()
        else:
            with pytest.raises(StoreError, match=f"cannot become {target.value}"):
                action()


def test_actions_outside_the_area_are_not_found(
    session: Session, admin: User, case_id: int
) -> None:
    other = create_user(session, "乙村统计员", "clerk-password", Role.VILLAGE_CLERK, VILLAGE_B)
    with pytest.raises(NotFoundError):
        verify_case(session, other, case_id)
    with pytest.raises(NotFoundError):
        dismiss_case(session, other, case_id, note="x")


def test_assignee_must_be_enabled_and_cover_the_case(
    session: Session, admin: User, clerk: User, case_id: int
) -> None:
    other = create_user(session, "乙村统计员", "clerk-password", Role.VILLAGE_CLERK, VILLAGE_B)
    with pytest.raises(InvalidInputError, match="does not cover"):
        assign_case(session, admin, case_id, other.id)
    with pytest.raises(InvalidInputError):
        assign_case(session, admin, case_id, 999)
    set_disabled(session, admin, clerk, True)
    with pytest.raises(InvalidInputError, match="disabled"):
        assign_case(session, admin, case_id, clerk.id)


def test_health_workers_neither_act_on_nor_receive_cases(
    session: Session, admin: User, case_id: int
) -> None:
    nurse = create_user(session, "乡镇保健员", "nurse-password", Role.HEALTH_WORKER, TOWNSHIP)
    with pytest.raises(PermissionDeniedError):
        verify_case(session, nurse, case_id)
    with pytest.raises(InvalidInputError, match="does not work on cases"):
        assign_case(session, admin, case_id, nurse.id)


def test_resolve_and_dismiss_need_a_note_and_a_known_source(
    session: Session, admin: User, case_id: int
) -> None:
    with pytest.raises(InvalidInputError, match="note"):
        resolve_case(session, admin, case_id, note="  ")
    with pytest.raises(InvalidInputError, match="note"):
        dismiss_case(session, admin, case_id, note="")
    with pytest.raises(InvalidInputError, match="health_births, village_ledger"):
        resolve_case(session, admin, case_id, note="已更正", right_source="police_hukou")
    assert dismiss_case(session, admin, case_id, note=" 同名不同人 ").resolution_note == (
        "同名不同人"
    )
