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
from hedui.store.case_query import (
    CASE_SORTS,
    CLOSED_STATUSES,
    CaseFilter,
    area_counts,
    list_cases,
)
from hedui.store.case_worklist import case_people
from hedui.store.cases import CaseStatus
from hedui.store.divisions import division_names
from hedui.store.records import EventType
from hedui.store.users import Role, User
from hedui.web.case_labels import CASE_LABELS
from hedui.web.filters import query_parameters, reject_unknown_filters, village_filter
from hedui.web.jurisdiction import allow
from hedui.web.state import DbSession, get_state

__all__ = ["AGE_CHOICES", "CASE_WORKER", "CaseWorker", "router"]

router = APIRouter()

CASE_WORKER = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER, Role.VILLAGE_CLERK)
"""Who works cases: the three kinds of statistics staff, each within their own area."""
CaseWorker = Annotated[User, Depends(CASE_WORKER)]

AGE_CHOICES = (7, 30, 90)
"""The "opened more than N days ago" choices of the age filter."""

ACTIVE = "active"
"""The status filter's default: every case someone still has to act on."""
_ACTIVE_STATUSES = tuple(s for s in CaseStatus if s not in CLOSED_STATUSES)


@router.get("/cases")
def case_list(
    request: Request,
    session: DbSession,
    user: CaseWorker,
    page: int = 1,
    kind: str = "",
    event: str = "",
    village: str = "",
    status: str = ACTIVE,
    age: str = "",
    recurring: str = "",
    sort: str = "priority",
    order: str = "asc",
    after: str = "",
    before: str = "",
) -> Response:
    """One page of the area's cases; every parameter narrows or orders it."""
    reject_unknown_filters(request, query_parameters(case_list))
    names = division_names(session)
    chosen_village = village_filter(village, area_code=user.area_code, names=names) or ""
    statuses = _statuses(status)
    days = int(age) if age.isdigit() and int(age) in AGE_CHOICES else None
    filters = CaseFilter(
        kind=kind or None,
        event=event if event in set(EventType) else None,
        village_code=chosen_village or None,
        statuses=statuses,
        older_than_days=days,
        recurring=True if recurring == "1" else None,
    )
    sort = sort if sort in CASE_SORTS else "priority"
    descending = order != "asc"
    state = get_state(request)
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
    )
    counts = area_counts(session, user.area_code)
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
        "chosen": {
            "kind": kind,
            "event": filters.event or "",
            "village": chosen_village,
            "status": status if status in set(CaseStatus) or status == "" else ACTIVE,
            "age": str(days) if days else "",
            "recurring": "1" if filters.recurring else "",
        },
        "sort": sort,
        "descending": descending,
    }
    return state.templates.render(request, "cases/list.html", context)


def _statuses(status: str) -> tuple[CaseStatus, ...]:
    """The statuses a filter value stands for: one status, the active ones, or all (``""``)."""
    if status in set(CaseStatus):
        return (CaseStatus(status),)
    if status == "":
        return ()
    return _ACTIVE_STATUSES
