"""The record list: current entries of the user's area (a clerk: their village), newest first.

Its filters are an event and a village (a code, or a name picked from the village picker); a
filter the page does not understand is a 400 with a message, never silently ignored.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.store.ledger import list_records
from hedui.store.records import EventType
from hedui.web.filters import query_parameters, reject_unknown_filters, village_filter
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
    after: str = "",
    before: str = "",
) -> Response:
    """One page of records; ``event`` and ``village`` narrow it (within the user's area only)."""
    reject_unknown_filters(request, query_parameters(record_list))
    if event and event not in set(EventType):
        raise InvalidInputError(
            f"不认识的事件类型“{event}”，请从列表中选择 / unknown event {event!r}"
        )
    chosen = EventType(event) if event else None
    state = get_state(request)
    narrowed = village_filter(village, area_code=user.area_code, names=state.places(session))
    result = list_records(
        session,
        area_code=user.area_code,
        page=page,
        per_page=state.settings.per_page,
        event=chosen,
        village_code=narrowed,
        after=after or None,
        before=before or None,
    )
    context = {
        "page": result,
        "event": chosen.value if chosen else "",
        "village": narrowed or "",
        "events": list(EventType),
    }
    return state.templates.render(request, "records/list.html", context)
