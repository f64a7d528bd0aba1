"""The start page: what this user can do, and how much their area has recorded."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.assignees import CASE_ROLES
from hedui.store.case_worklist import worklist_counts
from hedui.store.ledger import list_records
from hedui.store.records import RECORDED_EVENTS
from hedui.store.users import Role
from hedui.web.forms import redirect
from hedui.web.jurisdiction import AnyUser
from hedui.web.state import DbSession, get_state

router = APIRouter()


@router.get("/")
def home(request: Request, session: DbSession, user: AnyUser) -> Response:
    """Shortcuts for the user's role, their own cases with counts (分派给我, 我的待办) and the
    latest records of their area.

    A health worker's start page is their work list: the register is not theirs to browse.
    """
    if user.role is Role.HEALTH_WORKER:
        return redirect("/health")
    latest = list_records(session, area_code=user.area_code, per_page=5)
    return get_state(request).templates.render(
        request,
        "home.html",
        {
            "latest": latest,
            "events": RECORDED_EVENTS,
            "mine": worklist_counts(session, user) if user.role in CASE_ROLES else None,
        },
    )
