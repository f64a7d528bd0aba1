"""A person's own cases: the ones handed to them (分派给我) and those waiting (我的待办).

The start page counts both lists and links here; each is a page of compact cards, the
longest-waiting case first, read through :mod:`hedui.store.case_worklist`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.case_bulk import BULK_ROLES
from hedui.store.case_worklist import Worklist, case_people, worklist_cases
from hedui.web.case_labels import CASE_LABELS
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker

__all__ = ["router"]

router = APIRouter()


@router.get("/cases/mine")
def my_cases(
    request: Request, session: DbSession, user: CaseWorker, show: str = "todo", page: int = 1
) -> Response:
    """One page of the user's own list: ``show=assigned`` or ``show=todo`` (the default)."""
    which = Worklist(show) if show in set(Worklist) else Worklist.TODO
    state = get_state(request)
    result = worklist_cases(session, user, which, page=page, per_page=state.settings.per_page)
    context: dict[str, Any] = {
        **CASE_LABELS,
        "which": which.value,
        "page": result,
        "people": case_people(session, result.items, user.area_code),
        "can_bulk": user.role in BULK_ROLES,
    }
    return state.templates.render(request, "cases/mine.html", context)
