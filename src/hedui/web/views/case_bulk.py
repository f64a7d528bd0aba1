"""Acting on many cases at once: the officer ticks cases on the list, then hands them all to one
person or resolves them all with one note.

``GET /cases/bulk?case=…&case=…`` shows the ticked cases and the two forms; each form posts the
same case numbers back. The work is :mod:`hedui.store.case_bulk`'s: each case passes the same
checks as on its own page and gets its own history row and audit entry, all in one
transaction — if one case is refused, none is changed and the page lists why. Township officers
and county admins only: a clerk's village has few cases, and handing many at once is an
officer's job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import HeduiError, InvalidInputError, NotFoundError
from hedui.store.assignees import eligible_assignees
from hedui.store.case_bulk import BULK_LIMIT, BULK_ROLES, bulk_assign, bulk_resolve
from hedui.store.case_query import get_case
from hedui.store.case_worklist import case_people
from hedui.store.cases import Case
from hedui.store.db import transaction
from hedui.store.users import User
from hedui.web.case_labels import CASE_LABELS
from hedui.web.forms import SubmittedForm, parse_id, redirect
from hedui.web.jurisdiction import allow
from hedui.web.state import DbSession, get_state

__all__ = ["router"]

router = APIRouter()

Officer = Annotated[User, Depends(allow(*BULK_ROLES))]


@router.get("/cases/bulk")
def bulk_page(request: Request, session: DbSession, user: Officer) -> Response:
    """The ticked cases and what can be done to all of them."""
    ids = _ids(request.query_params.getlist("case"))
    done = request.query_params.get("done", "")
    return _render(request, session, user, ids, done=done)


@router.post("/cases/bulk/assign")
def assign_many(
    request: Request, session: DbSession, user: Officer, form: SubmittedForm
) -> Response:
    """Hand every ticked case to one person."""
    ids = _ids([str(v) for v in form.getlist("case")])
    note = str(form.get("note") or "")

    def act() -> list[Case]:
        assignee = parse_id(str(form.get("assignee") or ""))
        if assignee is None:
            raise InvalidInputError("请选择负责人 / choose who will check these cases")
        return bulk_assign(session, user, ids, assignee, note=note)

    return _act(request, session, user, ids, act, "assigned")


@router.post("/cases/bulk/resolve")
def resolve_many(
    request: Request, session: DbSession, user: Officer, form: SubmittedForm
) -> Response:
    """Resolve every ticked case with one note."""
    ids = _ids([str(v) for v in form.getlist("case")])
    note = str(form.get("note") or "")
    return _act(
        request, session, user, ids, lambda: bulk_resolve(session, user, ids, note=note), "resolved"
    )


def _act(
    request: Request,
    session: Session,
    user: User,
    ids: list[int],
    action: Callable[[], list[Case]],
    done: str,
) -> Response:
    try:
        with transaction(session):
            cases = action()
    except HeduiError as error:
        session.expire_all()
        return _render(
            request, session, user, ids, error=error.message, status_code=error.http_status
        )
    query = "&".join(f"case={case.id}" for case in cases)
    return redirect(f"/cases/bulk?{query}&done={done}")


def _ids(values: list[str]) -> list[int]:
    """The case numbers of a request (unreadable ones and repeats dropped, at most the limit)."""
    ids = [parse_id(value) for value in values]
    return list(dict.fromkeys(i for i in ids if i is not None))[:BULK_LIMIT]


def _render(
    request: Request,
    session: Session,
    user: User,
    ids: list[int],
    *,
    done: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    cases = []
    for case_id in ids:
        try:
            cases.append(get_case(session, user.area_code, case_id))
        except NotFoundError:
            continue  # outside the area, or gone: never shown, never acted on
    context: dict[str, Any] = {
        **CASE_LABELS,
        "cases": cases,
        "people": case_people(session, cases, user.area_code),
        "assignees": _common_assignees(session, user, cases),
        "done": done,
        "error": error,
    }
    return get_state(request).templates.render(
        request, "cases/bulk.html", context, status_code=status_code
    )


def _common_assignees(session: Session, user: User, cases: list[Case]) -> list[User]:
    """The people who may be given every one of ``cases`` (their area covers all villages)."""
    if not cases:
        return []
    by_village: dict[str, Case] = {case.village_code: case for case in cases}
    common: dict[int, User] | None = None
    for case in by_village.values():
        eligible = {u.id: u for u in eligible_assignees(session, case, user)}
        common = eligible if common is None else {i: u for i, u in common.items() if i in eligible}
    return list((common or {}).values())
