"""The record list: current entries of the user's area (a clerk: their village), newest first."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.areas import is_within
from hedui.store.ledger import list_records
from hedui.store.records import EventType
from hedui.web.jurisdiction import RegistryUser
from hedui.web.state import DbSession, get_state

router = APIRouter()


@router.get("/records")
def record_list(
    request: Request,
    session: DbSession,
    user: RegistryUser,
    page: int = 1,
    event: str = "",
    village: str = "",
) -> Response:
    """One page of records; ``event`` and ``village`` narrow it (within the user's area only)."""
    chosen = EventType(event) if event in set(EventType) else None
    village = village.strip()
    usable = village.isdigit() and len(village) in (6, 9, 12)
    narrowed = village if usable and is_within(village, user.area_code) else None
    state = get_state(request)
    result = list_records(
        session,
        area_code=user.area_code,
        page=page,
        per_page=state.settings.per_page,
        event=chosen,
        village_code=narrowed,
    )
    context = {
        "page": result,
        "event": chosen.value if chosen else "",
        "village": narrowed or "",
        "events": list(EventType),
    }
    return state.templates.render(request, "records/list.html", context)
