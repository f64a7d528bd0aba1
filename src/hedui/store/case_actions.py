"""What people do with a case: assign it, verify it, resolve it, dismiss it.

A case moves forward only::

    open ──► assigned ──► verified ──► resolved
      │          │            │    └──► dismissed
      └──────────┴────────────┴──► resolved / dismissed (directly, too)

``resolved`` and ``dismissed`` are final for people: only a later reconciliation run can reopen
a case, as *recurring*, when its finding went away and came back
(:mod:`~hedui.store.case_sync`). Every action checks the actor's role (:data:`CASE_ROLES`,
else :class:`~hedui.errors.PermissionDeniedError`) and jurisdiction (a case outside it is "not
found", as in :func:`~hedui.store.case_query.get_case`), writes one
:class:`~hedui.store.cases.CaseHistory` row and one audit entry in the caller's transaction, and
returns the case. The functions never commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, PermissionDeniedError, StoreError
from hedui.store.assignees import CASE_ROLES, may_be_assigned
from hedui.store.audit import AuditAction, write_audit
from hedui.store.base import utcnow
from hedui.store.case_query import get_case
from hedui.store.cases import Case, CaseHistory, CaseRecord, CaseStatus
from hedui.store.users import User

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CASE_ROLES",
    "assign_case",
    "dismiss_case",
    "resolve_case",
    "verify_case",
]

ALLOWED_TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    CaseStatus.OPEN: (
        CaseStatus.ASSIGNED,
        CaseStatus.VERIFIED,
        CaseStatus.RESOLVED,
        CaseStatus.DISMISSED,
    ),
    CaseStatus.ASSIGNED: (CaseStatus.VERIFIED, CaseStatus.RESOLVED, CaseStatus.DISMISSED),
    CaseStatus.VERIFIED: (CaseStatus.RESOLVED, CaseStatus.DISMISSED),
    CaseStatus.RESOLVED: (),
    CaseStatus.DISMISSED: (),
}
"""Where a person may move a case from each status."""

_STATUS_ZH = {
    CaseStatus.OPEN: "待处理",
    CaseStatus.ASSIGNED: "已分派",
    CaseStatus.VERIFIED: "已核实",
    CaseStatus.RESOLVED: "已解决",
    CaseStatus.DISMISSED: "已驳回",
}

_ACTIONS = {
    CaseStatus.ASSIGNED: AuditAction.CASE_ASSIGNED,
    CaseStatus.VERIFIED: AuditAction.CASE_VERIFIED,
    CaseStatus.RESOLVED: AuditAction.CASE_RESOLVED,
    CaseStatus.DISMISSED: AuditAction.CASE_DISMISSED,
}


def assign_case(
    session: Session, actor: User, case_id: int, assignee_id: int, note: str | None = None
) -> Case:
    """Hand a case to someone who will check it.

    Raises:
        NotFoundError: the case is outside the actor's area or does not exist.
        InvalidInputError: the assignee does not exist, is disabled, does not work on cases, or
            their area does not cover the case's village (they could not even open it).
        StoreError: the case is not open.
    """
    case = _case_for(session, actor, case_id)
    assignee = session.get(User, assignee_id)
    if assignee is None or not may_be_assigned(assignee, case, actor):
        raise InvalidInputError(
            f"用户 {assignee_id} 不存在、已停用、不处理待核实事项，"
            f"或其辖区不含事项 {case_id} 所在村 {case.village_code}，请另选负责人 / "
            f"user {assignee_id} does not exist, is disabled, does not work on cases or does not "
            f"cover village {case.village_code} of case {case_id}; choose someone else"
        )
    _move(session, actor, case, CaseStatus.ASSIGNED, note, {"assignee_id": assignee.id})
    case.assigned_to_id = assignee.id
    return case


def verify_case(session: Session, actor: User, case_id: int, note: str | None = None) -> Case:
    """Record that the records were checked (on paper or in person) and the finding confirmed.

    Raises:
        NotFoundError: the case is outside the actor's area or does not exist.
        StoreError: the case is already verified or closed.
    """
    case = _case_for(session, actor, case_id)
    _move(session, actor, case, CaseStatus.VERIFIED, note, {})
    return case


def resolve_case(
    session: Session, actor: User, case_id: int, *, note: str, right_source: str | None = None
) -> Case:
    """Close a case as corrected, saying what was done and, when known, which source was right.

    Raises:
        NotFoundError: the case is outside the actor's area or does not exist.
        InvalidInputError: the note is blank, or ``right_source`` is not a source of the case's
            records.
        StoreError: the case is already closed.
    """
    case = _case_for(session, actor, case_id)
    note = _required_note(note)
    if right_source is not None:
        sources = sorted(
            set(session.scalars(select(CaseRecord.source).where(CaseRecord.case_id == case.id)))
        )
        if right_source not in sources:
            raise InvalidInputError(
                f"“{right_source}”不是本事项记录的来源，可选：{'、'.join(sources)} / "
                f"{right_source!r} is not a source of this case's records; choose one of "
                f"{', '.join(sources)} or none"
            )
    _move(session, actor, case, CaseStatus.RESOLVED, note, {"right_source": right_source})
    case.resolution_note = note
    case.right_source = right_source
    return case


def dismiss_case(session: Session, actor: User, case_id: int, *, note: str) -> Case:
    """Close a case as not a real discrepancy (for example two different people, rightly kept).

    Raises:
        NotFoundError: the case is outside the actor's area or does not exist.
        InvalidInputError: the note is blank: a dismissal must say why.
        StoreError: the case is already closed.
    """
    case = _case_for(session, actor, case_id)
    note = _required_note(note)
    _move(session, actor, case, CaseStatus.DISMISSED, note, {})
    case.resolution_note = note
    return case


def _case_for(session: Session, actor: User, case_id: int) -> Case:
    """The case, if the actor's role works on cases and the case lies in their area."""
    if actor.role not in CASE_ROLES:
        raise PermissionDeniedError(
            "您的角色不处理待核实事项 / your role does not work on reconciliation cases"
        )
    return get_case(session, actor.area_code, case_id)


def _required_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise InvalidInputError(
            "请填写处理说明：做了什么、依据是什么 / write a note saying what was done and why"
        )
    return note


def _move(
    session: Session,
    actor: User,
    case: Case,
    target: CaseStatus,
    note: str | None,
    detail: dict[str, str | int | None],
) -> None:
    """Check the transition, then change the status with its history row and audit entry."""
    current = case.status
    allowed = ALLOWED_TRANSITIONS[current]
    if target not in allowed:
        if allowed:
            choices_zh = "、".join(_STATUS_ZH[s] for s in allowed)
            choices_en = ", ".join(s.value for s in allowed)
            hint = f"可改为：{choices_zh} / it can move to: {choices_en}"
        else:
            hint = "已结案，不能再更改 / it is closed and cannot be changed"
        raise StoreError(
            f"事项 {case.id} 当前为“{_STATUS_ZH[current]}”，不能改为“{_STATUS_ZH[target]}”；{hint} "
            f"/ case {case.id} is {current.value} and cannot become {target.value}"
        )
    note = note.strip() if note and note.strip() else None
    case.status = target
    case.updated_at = utcnow()
    session.add(
        CaseHistory(
            case_id=case.id,
            actor_id=actor.id,
            at=utcnow(),
            from_status=current,
            to_status=target,
            note=note,
        )
    )
    write_audit(
        session,
        actor=actor,
        action=_ACTIONS[target],
        area_code=case.village_code,
        target_type="case",
        target_id=case.id,
        detail={"from": current.value, "to": target.value, **detail},
    )
