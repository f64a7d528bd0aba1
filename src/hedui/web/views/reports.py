"""Reports: download the monthly report of the user's area as HTML, PDF or Excel.

Two editions. The *public* one (small counts suppressed, no run details) may go to anyone, so
every statistics role may download it, a village clerk for their village. The *internal* one
is complete and is for township officers and the county office. The two are separate routes
with separate access rules, so the rule is declared, not buried in a branch. Each download is
written to the audit log (``report_exported``) with its period, edition and format.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.period import parse_period
from hedui.reports.model import Audience
from hedui.runs import FORMATS, ExportedBy, covered_periods, export_report
from hedui.store.users import Role, User
from hedui.web.auth import client_address
from hedui.web.jurisdiction import allow
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker

__all__ = ["router"]

router = APIRouter()

INTERNAL_READER = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER)
"""Who may download the complete (internal) edition."""
InternalReader = Annotated[User, Depends(INTERNAL_READER)]


@router.get("/reports")
def reports_page(request: Request, session: DbSession, user: CaseWorker) -> Response:
    """The periods that have a report, and the download links the user may follow."""
    context = {
        "periods": covered_periods(session, user.area_code),
        "formats": list(FORMATS),
        "internal": user.role in (Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER),
    }
    return get_state(request).templates.render(request, "reports/index.html", context)


@router.get("/reports/public")
def public_report(
    request: Request, session: DbSession, user: CaseWorker, period: str = "", format: str = ""
) -> Response:
    """The public edition (small counts suppressed), for every statistics role."""
    return _download(request, session, user, "public", period, format)


@router.get("/reports/internal")
def internal_report(
    request: Request, session: DbSession, user: InternalReader, period: str = "", format: str = ""
) -> Response:
    """The complete edition, for township officers and the county office."""
    return _download(request, session, user, "internal", period, format)


def _download(
    request: Request, session: Session, user: User, audience: Audience, period: str, fmt: str
) -> Response:
    if not period:
        raise InvalidInputError("请选择报告期 / choose a period")
    chosen = parse_period(period)
    exported = export_report(
        session,
        period=chosen,
        area_code=user.area_code,
        editions=[(fmt, audience)],
        exported_by=ExportedBy(user, client_address(request)),
    )
    (file,) = exported.files
    name = f"hedui-report-{user.area_code}-{chosen.label}-{audience}.{fmt}"
    return Response(
        file.body,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
