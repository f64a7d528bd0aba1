"""Cross-site request forgery protection: a signed token bound to the login, checked on writes.

Every visitor gets a token in the HttpOnly ``hedui_csrf`` cookie. Pages put the same token in
each form (``csrf_token`` field) and in the ``X-CSRF-Token`` header of every HTMX request
(``hx-headers`` on ``<body>``). A POST, PUT, PATCH or DELETE is accepted only when

* the submitted token equals the cookie's (another site can make a browser send the cookie, but
  cannot read it to put it in the form), and
* the token is signed for this login: it is ``nonce.HMAC-SHA256(secret, nonce | session
  cookie)``. Someone who can plant cookies in the browser (a neighbouring subdomain, an
  unencrypted request on the office network) cannot make a token that passes without the
  application's secret, and a token of one login is worthless in another.

Before logging in the token is bound to "no login"; it is replaced at login, at logout and
whenever it does not fit the login the browser now holds. ``SameSite=Lax`` on the cookies is a
second, independent guard.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from hedui.errors import PermissionDeniedError
from hedui.web.cookies import SESSION_COOKIE, set_cookie
from hedui.web.middleware import HttpMiddleware

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "UNSAFE_METHODS",
    "CsrfTokenMiddleware",
    "rotate_csrf_token",
    "token_fits",
    "verify_csrf",
]

CSRF_COOKIE = "hedui_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _secret(connection: HTTPConnection) -> bytes:
    secret = connection.app.state.hedui.settings.secret_key
    assert isinstance(secret, str)
    return secret.encode()


def _signature(secret: bytes, nonce: str, session_cookie: str) -> str:
    message = f"hedui-csrf|{nonce}|{session_cookie}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _new_token(secret: bytes, session_cookie: str) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_signature(secret, nonce, session_cookie)}"


def token_fits(secret: bytes, token: str, session_cookie: str) -> bool:
    """True when ``token`` was signed with ``secret`` for the login cookie ``session_cookie``."""
    nonce, _, signature = token.partition(".")
    expected = _signature(secret, nonce, session_cookie)
    return bool(nonce) and hmac.compare_digest(expected.encode(), signature.encode())


class CsrfTokenMiddleware(HttpMiddleware):
    """Gives each request its token (``request.state.csrf_token``): the cookie's if it fits the
    login, else a new one, set as the cookie on the response unless a view rotated it."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        secret = _secret(request)
        session_cookie = request.cookies.get(SESSION_COOKIE, "")
        existing = request.cookies.get(CSRF_COOKIE, "")
        fits = bool(existing) and token_fits(secret, existing, session_cookie)
        request.state.csrf_token = existing if fits else _new_token(secret, session_cookie)
        request.state.csrf_rotated = False
        if fits:
            await self.app(scope, receive, send)
            return

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and not request.state.csrf_rotated:
                carrier = Response()
                set_cookie(request, carrier, CSRF_COOKIE, request.state.csrf_token)
                headers = MutableHeaders(scope=message)
                for name, value in carrier.raw_headers:
                    if name == b"set-cookie":
                        headers.append("set-cookie", value.decode("latin-1"))
            await send(message)

        await self.app(scope, receive, with_cookie)


def rotate_csrf_token(request: Request, response: Response, *, session_cookie: str) -> None:
    """Replace the token, bound to the login cookie the response sets (``""``: logged out)."""
    request.state.csrf_token = _new_token(_secret(request), session_cookie)
    request.state.csrf_rotated = True
    set_cookie(request, response, CSRF_COOKIE, request.state.csrf_token)


async def verify_csrf(request: Request) -> None:
    """Reject a state-changing request whose token is not the cookie's or not for this login.

    Registered as a dependency of the whole application, so no route can forget it.

    Raises:
        PermissionDeniedError: the token is missing, wrong, or signed for another login (403).
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
    session_cookie = request.cookies.get(SESSION_COOKIE, "")
    if (
        not expected
        or not hmac.compare_digest(expected.encode(), submitted.encode())
        or not token_fits(_secret(request), submitted, session_cookie)
    ):
        if form is not None:
            await form.close()  # an uploaded file of a refused form must not linger on disk
        raise PermissionDeniedError(
            "页面已过期或来源不明，请刷新页面后重试 / the form has expired or did not come from "
            "hedui; reload the page and try again"
        )
