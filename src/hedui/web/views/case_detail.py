"""One case: its records side by side, the explanations, the actions and the history.

Opening a case is written to the audit log (``case_viewed``): a case shows records of people,
and a county must be able to say who looked at them. Records of the case that lie outside the
reader's area are shown only as far as the case needs (:mod:`hedui.web.case_compare`). Where
ID numbers differ the page says where; a county admin or township officer may reveal the full
numbers of the records inside their area (``id_revealed``, target the case).

The page opens with the decision (:mod:`hedui.web.case_decision`): whose records, the values
that differ, and the actions — resolve with a note, correct the record, hand over, next case —
within a phone's first screen; the full table, the ID differences and linkage's reasons in
plain words (:mod:`hedui.web.case_evidence`) are folded below.

Actions (assign, verify, resolve, dismiss) are plain forms with the CSRF token; each calls one
function of :mod:`hedui.store.case_actions`, which checks the user's area and the case's
status and writes the history row and the audit entry in the same transaction. A refused
action (a blank note, a closed case) shows the case again with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import HeduiError, InvalidInputError, NotFoundError
from hedui.store.assignees import eligible_assignees
from hedui.store.audit import AuditAction, write_audit
from hedui.store.case_actions import (
    ALLOWED_TRANSITIONS,
    assign_case,
    dismiss_case,
    resolve_case,
    verify_case,
)
from hedui.store.case_query import case_history, case_records, get_case
from hedui.store.case_worklist import next_case_id
from hedui.store.cases import Case, CaseStatus
from hedui.store.db import transaction
from hedui.store.ledger import current_entry_ids
from hedui.store.user_queries import usernames
from hedui.store.users import Role, User
from hedui.web.auth import client_address
from hedui.web.case_compare import (
    ID_FIELDS,
    case_columns,
    compare_records,
    id_comparisons,
    link_pairs,
)
from hedui.web.case_decision import case_decision
from hedui.web.case_evidence import plain_pairs
from hedui.web.case_labels import CASE_LABELS
from hedui.web.forms import FormFields, parse_id, redirect
from hedui.web.i18n import locale_of
from hedui.web.jurisdiction import Revealer
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker

__all__ = ["router"]

router = APIRouter()


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: int, session: DbSession, user: CaseWorker) -> Response:
    """The case, everything known about it, and what can be done next (the view is audited)."""
    case = get_case(session, user.area_code, case_id)
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.CASE_VIEWED,
            area_code=case.village_code,
            target_type="case",
            target_id=case.id,
            ip_address=client_address(request),
        )
    return _render(request, session, user, case)


@router.post("/cases/{case_id}/reveal")
def reveal_ids(
    request: Request, case_id: int, session: DbSession, user: Revealer, form: FormFields
) -> Response:
    """The full ID numbers of one field of the case's records inside the user's area (HTMX
    fragment); who saw them is written to the audit log, the numbers are not."""
    case = get_case(session, user.area_code, case_id)
    field = form.get("field", "")
    if field not in ID_FIELDS:
        raise InvalidInputError(f"不能显示字段 {field!r} / cannot reveal field {field!r}")
    records = case_records(session, case.id)
    columns = case_columns(records, case, user.area_code)
    shown = [
        (column, str((record.snapshot or {}).get(field) or "") if column.inside else None)
        for record, column in zip(records, columns, strict=True)
    ]
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.ID_REVEALED,
            area_code=case.village_code,
            target_type="case",
            target_id=case.id,
            detail={
                "field": field,
                "records": [f"{c.source}:{c.record_id}" for c, number in shown if number],
            },
            ip_address=client_address(request),
        )
    return get_state(request).templates.render(
        request, "cases/_revealed.html", {**CASE_LABELS, "shown": shown}
    )


@router.post("/cases/{case_id}/assign")
def assign(
    request: Request, case_id: int, session: DbSession, user: CaseWorker, form: FormFields
) -> Response:
    """Hand the case to someone whose area covers its village."""
    assignee = form.get("assignee", "")

    def act() -> Case:
        assignee_id = parse_id(assignee)
        if assignee_id is None:
            raise InvalidInputError("请选择负责人 / choose who will check this case")
        return assign_case(session, user, case_id, assignee_id, note=form.get("note"))

    return _act(request, session, user, case_id, act, "assigned")


@router.post("/cases/{case_id}/verify")
def verify(
    request: Request, case_id: int, session: DbSession, user: CaseWorker, form: FormFields
) -> Response:
    """Record that the finding was checked against the originals and confirmed."""
    return _act(
        request,
        session,
        user,
        case_id,
        lambda: verify_case(session, user, case_id, note=form.get("note")),
        "verified",
    )


@router.post("/cases/{case_id}/resolve")
def resolve(
    request: Request, case_id: int, session: DbSession, user: CaseWorker, form: FormFields
) -> Response:
    """Close the case as corrected, with a note and the source that was right."""
    right = form.get("right_source") or None
    return _act(
        request,
        session,
        user,
        case_id,
        lambda: resolve_case(session, user, case_id, note=form.get("note", ""), right_source=right),
        "resolved",
    )


@router.post("/cases/{case_id}/dismiss")
def dismiss(
    request: Request, case_id: int, session: DbSession, user: CaseWorker, form: FormFields
) -> Response:
    """Close the case as not a real discrepancy, saying why."""
    return _act(
        request,
        session,
        user,
        case_id,
        lambda: dismiss_case(session, user, case_id, note=form.get("note", "")),
        "dismissed",
    )


def _act(
    request: Request,
    session: Session,
    user: User,
    case_id: int,
    action: Callable[[], Case],
    done: str,
) -> Response:
    """Run ``action`` in a transaction; on a refusal show the case again with the reason."""
    case = get_case(session, user.area_code, case_id)  # 404 before anything else
    try:
        with transaction(session):
            action()
    except NotFoundError:
        raise
    except HeduiError as error:
        session.expire_all()
        return _render(
            request, session, user, case, error=error.message, status_code=error.http_status
        )
    return redirect(f"/cases/{case_id}?done={done}")


def _render(
    request: Request,
    session: Session,
    user: User,
    case: Case,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    records = case_records(session, case.id)
    history = case_history(session, case.id)
    actors = {h.actor_id for h in history} | {case.assigned_to_id}
    names = usernames(session, actors)
    next_statuses = ALLOWED_TRANSITIONS[case.status]
    can_assign = CaseStatus.ASSIGNED in next_statuses
    columns = case_columns(records, case, user.area_code)
    compared = compare_records(records, columns)
    ledger = _ledger_entries(session, user, records)
    pairs = link_pairs(session, case, records, columns) if len(records) > 1 else []
    context: dict[str, Any] = {
        **CASE_LABELS,
        "case": case,
        "decision": case_decision(case.field, records, columns, compared, ledger),
        "next_id": next_case_id(session, user, case.id),
        "columns": columns,
        "ledger": ledger,
        "compared": compared,
        "id_comparisons": id_comparisons(records, columns),
        "can_reveal": user.role in (Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER),
        "evidence": None if pairs is None else plain_pairs(pairs, locale_of(request)),
        "history": history,
        "names": names,
        "assignees": _assignees(session, user, case) if can_assign else [],
        "can": {status.value for status in next_statuses},
        "sources": sorted({r.source for r in records}),
        "error": error,
        "done": request.query_params.get("done", ""),
    }
    return get_state(request).templates.render(
        request, "cases/detail.html", context, status_code=status_code
    )


def _ledger_entries(session: Session, user: User, records: list[Any]) -> dict[tuple[str, str], int]:
    """The current ledger entry behind each of the case's records, where the user may open it."""
    return current_entry_ids(
        session, area_code=user.area_code, keys=[(r.source, r.record_id) for r in records]
    )


def _assignees(session: Session, user: User, case: Case) -> list[User]:
    """Staff inside the user's area whose own area covers the case's village."""
    return eligible_assignees(session, case, user)
