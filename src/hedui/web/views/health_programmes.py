"""The programme catalogue: health workers and the county admin read it; admins add one.

A programme is added as TOML, typed into the form or uploaded as a file, and validated before
it is saved; a refused key or word is named in the error shown. It is then *pending*: listed for
county admins only, offered to nobody, until a second county admin approves it (or any admin
turns it down). Each step is audited. A county admin may retire a programme in effect: it is
offered to nobody from then on, and its enrolments are deleted after the health retention period
(:mod:`hedui.health.retirement`).
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import ConfigurationError, HeduiError, InvalidInputError
from hedui.health.catalogue import (
    all_programmes,
    approve_programme,
    pending_programmes,
    reject_programme,
    save_programme,
)
from hedui.health.retirement import retire_programme, retired_programmes
from hedui.store.db import transaction
from hedui.store.user_queries import usernames
from hedui.store.users import Role, User
from hedui.web.auth import client_address
from hedui.web.forms import FormFields, redirect
from hedui.web.jurisdiction import Admin
from hedui.web.state import DbSession
from hedui.web.views.health_common import CoverageReader, render, today_in_china

router = APIRouter()

_MAX_BYTES = 64 * 1024


def _render(
    request: Request,
    session: DbSession,
    user: User,
    *,
    text: str = "",
    problems: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    """The catalogue; for a county admin also the programmes awaiting a second admin."""
    pending = pending_programmes(session) if user.role is Role.COUNTY_ADMIN else []
    names = usernames(session, (p.proposed_by_id for p in pending))
    context = {
        "programmes": all_programmes(session),
        "retired": retired_programmes(session),
        "retention_days": request.app.state.hedui.settings.health_retention_days,
        "pending": pending,
        "proposers": names,
        "text": text,
        "problems": problems or [],
        "saved": request.query_params.get("saved", ""),
        "done": request.query_params.get("done", ""),
    }
    return render(request, "health/programmes.html", context, status_code=status_code)


@router.get("/health/programmes")
def programmes_page(request: Request, session: DbSession, user: CoverageReader) -> Response:
    """Every programme in effect: whom it is offered to and its visits."""
    return _render(request, session, user)


@router.post("/health/programmes")
async def add_programme(request: Request, session: DbSession, admin: Admin) -> Response:
    """Validate the TOML from the text box (or the uploaded file) and save it, pending."""
    async with request.form() as form:
        text = str(form.get("toml", "") or "")
        upload = form.get("file")
        if isinstance(upload, UploadFile) and upload.filename:
            text = (await upload.read(_MAX_BYTES + 1)).decode("utf-8", errors="replace")
    try:
        if len(text.encode()) > _MAX_BYTES:
            raise ConfigurationError(
                "文件过大（上限 64 KB） / the file is too large (64 KB at most)"
            )
        with transaction(session):
            programme = save_programme(
                session, text, actor=admin, ip_address=client_address(request)
            )
    except ConfigurationError as error:
        return _render(request, session, admin, text=text, problems=error.problems, status_code=422)
    return redirect(f"/health/programmes?saved={programme.code}")


@router.post("/health/programmes/{code}/decision")
def decide_programme(
    request: Request, code: str, session: DbSession, admin: Admin, form: FormFields
) -> Response:
    """Approve (``decision=approve``, a second admin only) or turn down a pending programme."""
    decide = approve_programme if form.get("decision") == "approve" else reject_programme
    try:
        with transaction(session):
            decide(session, code, actor=admin, ip_address=client_address(request))
    except HeduiError as error:
        problems = [error.message]
        return _render(request, session, admin, problems=problems, status_code=error.http_status)
    outcome = "approved" if decide is approve_programme else "rejected"
    return redirect(f"/health/programmes?done={outcome}")


@router.post("/health/programmes/{code}/retire")
def retire(
    request: Request, code: str, session: DbSession, admin: Admin, form: FormFields
) -> Response:
    """Retire a programme in effect (the form asks to confirm): offered to nobody from today."""
    try:
        if form.get("confirm") != "yes":
            raise InvalidInputError(
                "请勾选确认后再停止项目 / tick the box to confirm before retiring the programme"
            )
        with transaction(session):
            retire_programme(
                session,
                code,
                actor=admin,
                today=today_in_china(),
                ip_address=client_address(request),
            )
    except HeduiError as error:
        problems = [error.message]
        return _render(request, session, admin, problems=problems, status_code=error.http_status)
    return redirect("/health/programmes?done=retired")
