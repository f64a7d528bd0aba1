"""Reports: download the monthly report of the user's area as HTML, PDF or Excel.

Two editions. The *public* one (small counts suppressed, no run details) may go to anyone, so
every statistics role may download it, a village clerk for their village. The *internal* one
is complete and is for township officers and the county office. The two are separate routes
with separate access rules, so the rule is declared, not buried in a branch. Each download is
written to the audit log (``report_exported``) with its period, edition and format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError, NotFoundError
from hedui.period import parse_period
from hedui.reports.build import build_report
from hedui.reports.data import collect_report
from hedui.reports.html import render_html
from hedui.reports.model import Audience
from hedui.reports.pdf import render_pdf
from hedui.reports.xlsx import render_xlsx
from hedui.store.areas import is_within
from hedui.store.audit import AuditAction, write_audit
from hedui.store.cases import ReconcileRun
from hedui.store.db import transaction
from hedui.store.users import Role, User
from hedui.web.auth import client_address
from hedui.web.jurisdiction import allow
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker

__all__ = ["FORMATS", "router"]

router = APIRouter()

INTERNAL_READER = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER)
"""Who may download the complete (internal) edition."""
InternalReader = Annotated[User, Depends(INTERNAL_READER)]


def _html(report: Any) -> bytes:
    return render_html(report).encode("utf-8")


FORMATS: dict[str, tuple[Callable[[Any], bytes], str]] = {
    "html": (_html, "text/html; charset=utf-8"),
    "pdf": (render_pdf, "application/pdf"),
    "xlsx": (render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
"""Format → (renderer of a built report, media type)."""


def report_periods(session: Session, area_code: str) -> list[str]:
    """Periods with a finished run covering ``area_code``, newest first."""
    query = select(ReconcileRun.period, ReconcileRun.area_code).where(
        ReconcileRun.finished_at.is_not(None)
    )
    periods = {period for period, area in session.execute(query) if is_within(area_code, area)}
    return sorted(periods, reverse=True)


@router.get("/reports")
def reports_page(request: Request, session: DbSession, user: CaseWorker) -> Response:
    """The periods that have a report, and the download links the user may follow."""
    context = {
        "periods": report_periods(session, user.area_code),
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
    if fmt not in FORMATS:
        raise NotFoundError(
            f"没有“{fmt}”格式的报告，可选 html、pdf、xlsx / no report format {fmt!r}; "
            "choose html, pdf or xlsx"
        )
    chosen = parse_period(period)
    data = collect_report(session, period=chosen, area_code=user.area_code)
    render, media_type = FORMATS[fmt]
    body = render(build_report(data, audience))
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.REPORT_EXPORTED,
            area_code=user.area_code,
            target_type="report",
            target_id=chosen.label,
            detail={"period": chosen.label, "audience": audience, "format": fmt},
            ip_address=client_address(request),
        )
    name = f"hedui-report-{user.area_code}-{chosen.label}-{audience}.{fmt}"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
