"""The case list: what reconciliation found in the user's area, filtered, sorted, a page at a time.

Village clerks see their own village's cases, township officers their township's, the county
admin the county's: the list reads through :func:`~hedui.store.case_query.list_cases`, which
takes the user's area. A filter naming a village outside it is ignored, never honoured.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.case_bulk import BULK_ROLES
from hedui.store.case_query import CASE_SORTS, area_counts, list_cases
from hedui.store.case_worklist import case_people
from hedui.store.cases import CaseStatus
from hedui.store.records import EventType
from hedui.store.users import Role, User
from hedui.web.case_filters import AGE_CHOICES, CaseFilterParameters, case_filter_from_query
from hedui.web.case_labels import CASE_LABELS
from hedui.web.jurisdiction import allow
from hedui.web.state import DbSession, get_state

__all__ = ["AGE_CHOICES", "CASE_WORKER", "CaseWorker", "router"]

router = APIRouter()

CASE_WORKER = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER, Role.VILLAGE_CLERK)
"""Who works cases: the three kinds of statistics staff, each within their own area."""
CaseWorker = Annotated[User, Depends(CASE_WORKER)]


@router.get("/cases")
def case_list(
    request: Request,
    session: DbSession,
    user: CaseWorker,
    query: CaseFilterParameters,
    page: int = 1,
    sort: str = "priority",
    order: str = "asc",
    after: str = "",
    before: str = "",
) -> Response:
    """One page of the area's cases; every parameter narrows or orders it (the filters are read
    by :func:`~hedui.web.case_filters.case_filter_from_query`, as for the export)."""
    chosen = case_filter_from_query(request, session, user.area_code, query)
    filters = chosen.filters
    sort = sort if sort in CASE_SORTS else "priority"
    descending = order != "asc"
    state = get_state(request)
    counts = area_counts(session, user.area_code)
    result = list_cases(
        session,
        user.area_code,
        filters,
        sort=sort,
        descending=descending,
        page=page,
        per_page=state.settings.per_page,
        after=after or None,
        before=before or None,
        counts=counts,
    )
    context: dict[str, Any] = {
        **CASE_LABELS,
        "page": result,
        "people": case_people(session, result.items, user.area_code),
        "can_bulk": user.role in BULK_ROLES,
        "counts": counts,
        "kinds": sorted(counts.by_kind),
        "villages": sorted(counts.by_village),
        "events": list(EventType),
        "statuses": list(CaseStatus),
        "ages": AGE_CHOICES,
        "chosen": chosen.chosen,
        "sort": sort,
        "descending": descending,
    }
    return state.templates.render(request, "cases/list.html", context)
