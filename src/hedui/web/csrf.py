"""Cross-site request forgery protection: a secret token per browser session, checked on writes.

Every visitor gets a random token in the HttpOnly ``hedui_csrf`` cookie. Pages put the same token
in each form (``csrf_token`` field) and in the ``X-CSRF-Token`` header of every HTMX request
(``hx-headers`` on ``<body>``). A POST, PUT, PATCH or DELETE is accepted only when the submitted
token equals the cookie's: another site can make a browser send the cookie, but cannot read it
to put it in the form. The token is replaced at login and logout, so a token learnt before
logging in is worthless after.

``SameSite=Lax`` on the cookies is a second, independent guard.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import PermissionDeniedError
from hedui.web.cookies import set_cookie

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "UNSAFE_METHODS",
    "csrf_middleware",
    "rotate_csrf_token",
    "verify_csrf",
]

CSRF_COOKIE = "hedui_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def csrf_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Give the request its token (from the cookie, or a new one) and set the cookie if new."""
    existing = request.cookies.get(CSRF_COOKIE)
    request.state.csrf_token = existing or secrets.token_urlsafe(32)
    request.state.csrf_rotated = False
    response = await call_next(request)
    if not existing and not request.state.csrf_rotated:
        set_cookie(request, response, CSRF_COOKIE, request.state.csrf_token)
    return response


def rotate_csrf_token(request: Request, response: Response) -> None:
    """Replace the token (at login and logout) on the response about to be sent."""
    request.state.csrf_token = secrets.token_urlsafe(32)
    request.state.csrf_rotated = True
    set_cookie(request, response, CSRF_COOKIE, request.state.csrf_token)


async def verify_csrf(request: Request) -> None:
    """Reject a state-changing request whose token does not match the cookie's.

    Registered as a dependency of the whole application, so no route can forget it.

    Raises:
        PermissionDeniedError: the token is missing or wrong (HTTP 403).
    """
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.cookies.get(CSRF_COOKIE, "")
    submitted = request.headers.get(CSRF_HEADER)
    form = None
    if submitted is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else ""
    if not expected or not hmac.compare_digest(expected.encode(), submitted.encode()):
        if form is not None:
            await form.close()  # an uploaded file of a refused form must not linger on disk
        raise PermissionDeniedError(
            "页面已过期或来源不明，请刷新页面后重试 / the form has expired or did not come from "
            "hedui; reload the page and try again"
        )
