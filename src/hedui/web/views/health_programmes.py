"""The programme catalogue: health workers and the county admin read it; the admin adds one.

A programme is added as TOML, typed into the form or uploaded as a file, and validated before
it is saved; a refused key is named in the error shown. Saving is audited.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import ConfigurationError
from hedui.health.catalogue import all_programmes, save_programme
from hedui.store.db import transaction
from hedui.web.auth import client_address
from hedui.web.forms import redirect
from hedui.web.jurisdiction import Admin
from hedui.web.state import DbSession
from hedui.web.views.health_common import CoverageReader, render

router = APIRouter()

_MAX_BYTES = 64 * 1024


def _render(
    request: Request,
    session: DbSession,
    *,
    text: str = "",
    problems: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "programmes": all_programmes(session),
        "text": text,
        "problems": problems or [],
        "saved": request.query_params.get("saved", ""),
    }
    return render(request, "health/programmes.html", context, status_code=status_code)


@router.get("/health/programmes")
def programmes_page(request: Request, session: DbSession, _user: CoverageReader) -> Response:
    """Every programme: whom it is offered to and its visits."""
    return _render(request, session)


@router.post("/health/programmes")
async def add_programme(request: Request, session: DbSession, admin: Admin) -> Response:
    """Validate and save the TOML from the text box, or from the uploaded file if one is given."""
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
        return _render(request, session, text=text, problems=error.problems, status_code=422)
    return redirect(f"/health/programmes?saved={programme.code}")
