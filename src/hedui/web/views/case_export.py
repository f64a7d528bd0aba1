"""The case list as an Excel workbook: the filters the user chose, every matching case, audited.

The same workbook as ``hedui cases --export`` (:func:`hedui.runs.case_workbook`, over
:func:`hedui.reconcile.case_export.export_cases_xlsx`): one sheet per village, resident ID
numbers masked, a record outside the user's area described only by its source, village and
differing values, and a ``cases_exported`` entry naming the user in the audit log. The filters
read as on the case list (:mod:`hedui.web.views.cases`); the page, sort order and position of
the list are accepted and ignored, since the workbook holds every matching case by village.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.runs import case_workbook
from hedui.store.case_query import CLOSED_STATUSES, CaseFilter
from hedui.store.cases import CaseStatus
from hedui.store.divisions import division_names
from hedui.store.records import EventType
from hedui.web.filters import query_parameters, reject_unknown_filters, village_filter
from hedui.web.state import DbSession
from hedui.web.views.cases import AGE_CHOICES, CaseWorker

__all__ = ["EXPORT_PATH", "router"]

router = APIRouter()

EXPORT_PATH = "/case-export"
"""Where the case list's 导出 Excel link leads (with the list's query string)."""

_ACTIVE = "active"


@router.get(EXPORT_PATH)
def export_case_list(
    request: Request,
    session: DbSession,
    user: CaseWorker,
    kind: str = "",
    event: str = "",
    village: str = "",
    status: str = _ACTIVE,
    age: str = "",
    recurring: str = "",
    page: str = "",
    sort: str = "",
    order: str = "",
    after: str = "",
    before: str = "",
) -> Response:
    """Every case of the user's area that the list's filters match, as ``.xlsx``."""
    reject_unknown_filters(request, query_parameters(export_case_list))
    names = division_names(session)
    chosen_village = village_filter(village, area_code=user.area_code, names=names)
    filters = CaseFilter(
        kind=kind or None,
        event=event if event in set(EventType) else None,
        village_code=chosen_village or None,
        statuses=_statuses(status),
        older_than_days=int(age) if age.isdigit() and int(age) in AGE_CHOICES else None,
        recurring=True if recurring == "1" else None,
    )
    workbook = case_workbook(session, user.area_code, filters, user)
    name = f"待核实事项-{workbook.file_name.removeprefix('hedui-cases-')}"
    disposition = f"attachment; filename=\"{workbook.file_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        workbook.body,
        media_type=workbook.media_type,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


def _statuses(status: str) -> tuple[CaseStatus, ...]:
    """As on the list: one status, every status (``""``), or the ones still to act on."""
    if status in set(CaseStatus):
        return (CaseStatus(status),)
    if status == "":
        return ()
    return tuple(s for s in CaseStatus if s not in CLOSED_STATUSES)
