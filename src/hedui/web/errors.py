"""The one place errors become pages: a full page for a normal request, a fragment for HTMX.

Library code raises :class:`hedui.errors.HeduiError` subclasses, each knowing its HTTP status
(404 for something outside the user's area, 403 for a role that may not, 429 for too many
logins, 409 when the database refused). Framework errors (an unknown URL, a malformed path)
are rendered by the same function, so every error a person sees looks alike and is translated.
A request without a session is not an error: it is redirected to the login page.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hedui.errors import HeduiError, TooManyAttemptsError
from hedui.web.auth import LoginRequired
from hedui.web.i18n import N_
from hedui.web.state import get_state

__all__ = ["install_error_handlers", "is_htmx", "render_error"]

_GENERIC = {
    400: N_("The request could not be understood."),
    403: N_("You are not allowed to do this."),
    404: N_("This page does not exist, or is outside your area."),
    405: N_("This page cannot be used this way."),
    422: N_("Some values in the request are not valid."),
}


def is_htmx(request: Request) -> bool:
    """True for a request made by HTMX (it sends ``HX-Request: true``)."""
    return request.headers.get("HX-Request") == "true"


def render_error(
    request: Request, status: int, message: str | None, *, translate: str | None = None
) -> Response:
    """Render an error page (or fragment) with ``status``.

    Args:
        request: The failed request.
        status: The HTTP status to answer with.
        message: A message to show as written (hedui's own messages are already bilingual).
        translate: A message id to translate instead, for the framework's own errors.
    """
    template = "_error_fragment.html" if is_htmx(request) else "error.html"
    headers = {"Cache-Control": "no-store"}
    return get_state(request).templates.render(
        request,
        template,
        {"status": status, "message": message, "message_id": translate},
        status_code=status,
        headers=headers,
    )


async def _hedui_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HeduiError)
    response = render_error(request, error.http_status, error.message)
    if isinstance(error, TooManyAttemptsError):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return render_error(request, error.status_code, None, translate=_generic(error.status_code))


async def _validation_error(request: Request, error: Exception) -> Response:
    # A path or query parameter of the wrong type (/records/abc) names nothing that exists.
    return render_error(request, 404, None, translate=_GENERIC[404])


async def _login_required(request: Request, error: Exception) -> Response:
    target = "/login?next=" + quote(request.url.path, safe="/")
    if is_htmx(request):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _generic(status: int) -> str:
    return _GENERIC.get(status, _GENERIC[400])


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(HeduiError, _hedui_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(LoginRequired, _login_required)
