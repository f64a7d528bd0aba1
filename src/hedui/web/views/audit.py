"""The audit log (county admin): filter, page through, export as CSV."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from hedui.store.audit import AuditAction, write_audit
from hedui.store.audit_query import AuditFilter, audit_csv, query_audit
from hedui.store.db import transaction
from hedui.web.auth import client_address
from hedui.web.jurisdiction import Admin
from hedui.web.state import DbSession, get_state

router = APIRouter()


def _filters(request: Request) -> AuditFilter:
    params = request.query_params
    action = params.get("action", "")
    return AuditFilter(
        actor=params.get("actor", "").strip() or None,
        action=AuditAction(action) if action in set(AuditAction) else None,
        target_type=params.get("target_type", "").strip() or None,
        target_id=params.get("target_id", "").strip() or None,
        date_from=_day(params.get("from", "")),
        date_to=_day(params.get("to", "")),
    )


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@router.get("/audit")
def audit_page(request: Request, session: DbSession, admin: Admin, page: int = 1) -> Response:
    """One page of the log, newest first, with the filters in the query string."""
    filters = _filters(request)
    state = get_state(request)
    result = query_audit(
        session, filters, area_code=admin.area_code, page=page, per_page=state.settings.per_page
    )
    context = {"page": result, "filters": filters, "actions": list(AuditAction)}
    return state.templates.render(request, "audit.html", context)


@router.get("/audit.csv")
def audit_export(request: Request, session: DbSession, admin: Admin) -> Response:
    """Every entry matching the filters as CSV; the export itself is logged."""
    filters = _filters(request)
    with transaction(session):
        write_audit(
            session,
            actor=admin,
            action=AuditAction.AUDIT_EXPORTED,
            area_code=admin.area_code,
            detail={"filters": request.url.query},
            ip_address=client_address(request),
        )
    headers = {"Content-Disposition": 'attachment; filename="hedui-audit-log.csv"'}
    return StreamingResponse(
        audit_csv(session, filters, area_code=admin.area_code),
        media_type="text/csv; charset=utf-8",
        headers=headers,
    )
