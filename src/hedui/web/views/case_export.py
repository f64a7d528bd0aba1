"""The case list as an Excel workbook: the filters the user chose, every matching case, audited.

The same workbook as ``hedui cases --export`` (:func:`hedui.runs.case_workbook`, over
:func:`hedui.reconcile.case_export.export_cases_xlsx`): one sheet per village, resident ID
numbers masked, a record outside the user's area described only by its source, village and
differing values, and a ``cases_exported`` entry naming the user in the audit log. The filters
are read exactly as on the case list (:func:`hedui.web.case_filters.case_filter_from_query`);
the page, sort order and position of the list are accepted and ignored, since the workbook holds
every matching case by village.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.runs import case_workbook
from hedui.web.case_filters import CaseFilterParameters, case_filter_from_query
from hedui.web.state import DbSession
from hedui.web.views.cases import CaseWorker

__all__ = ["EXPORT_PATH", "router"]

router = APIRouter()

EXPORT_PATH = "/case-export"
"""Where the case list's 导出 Excel link leads (with the list's query string)."""


@router.get(EXPORT_PATH)
def export_case_list(
    request: Request, session: DbSession, user: CaseWorker, query: CaseFilterParameters
) -> Response:
    """Every case of the user's area that the list's filters match, as ``.xlsx``."""
    filters = case_filter_from_query(request, session, user.area_code, query).filters
    workbook = case_workbook(session, user.area_code, filters, user)
    name = f"待核实事项-{workbook.file_name.removeprefix('hedui-cases-')}"
    disposition = f"attachment; filename=\"{workbook.file_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        workbook.body,
        media_type=workbook.media_type,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
