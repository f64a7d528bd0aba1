"""Who is asking: signed session cookies, checked against the database on every request.

The session cookie holds only ``{user id, session epoch, a random nonce}``, signed
(itsdangerous, HMAC-SHA1 over the application secret) and time-stamped, so it cannot be forged
or extended. It is HttpOnly, SameSite=Lax, and Secure over HTTPS (see :mod:`hedui.web.cookies`).

Nothing is trusted from the cookie beyond the id: on every request the user is read again, so
a user an admin disables loses access at their very next click, and a password change or reset
(which increments ``session_epoch``) ends every session opened before it.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.users import User
from hedui.web.cookies import delete_cookie, set_cookie
from hedui.web.csrf import rotate_csrf_token
from hedui.web.state import DbSession, get_state

__all__ = [
    "SESSION_COOKIE",
    "LoginRequired",
    "client_address",
    "current_user",
    "end_session",
    "optional_user",
    "start_session",
]

SESSION_COOKIE = "hedui_session"
_SALT = "hedui-session"


class LoginRequired(Exception):
    """The request needs a logged-in user and has none; the handler redirects to the login page."""


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_state(request).settings.secret_key, salt=_SALT)


def client_address(request: Request) -> str:
    """The client's IP address as Uvicorn reports it (proxy headers from trusted proxies only)."""
    return request.client.host if request.client else "unknown"


def start_session(request: Request, response: Response, user: User) -> None:
    """Log ``user`` in on ``response``: a new session cookie and a new CSRF token."""
    # "n" makes every login's cookie unique, even two in the same second: whatever is tied to a
    # login (an uploaded file waiting for its import) is tied to this one only.
    value = _serializer(request).dumps(
        {"u": user.id, "e": user.session_epoch, "n": secrets.token_urlsafe(12)}
    )
    set_cookie(request, response, SESSION_COOKIE, value)
    rotate_csrf_token(request, response)


def end_session(request: Request, response: Response) -> None:
    """Log out on ``response``: drop the session cookie and replace the CSRF token."""
    delete_cookie(request, response, SESSION_COOKIE)
    rotate_csrf_token(request, response)


def _load(request: Request, session: Session) -> User | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        payload: Any = _serializer(request).loads(
            raw, max_age=get_state(request).settings.session_max_age
        )
        user_id, epoch = int(payload["u"]), int(payload["e"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    user = session.get(User, user_id)
    if user is None or user.disabled or user.session_epoch != epoch:
        return None
    return user


def optional_user(request: Request, session: DbSession) -> User | None:
    """The logged-in user, or ``None``; also made available to templates."""
    user = _load(request, session)
    request.state.user = user
    return user


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    """The logged-in user.

    Raises:
        LoginRequired: no valid session (none, expired, forged, disabled user, old epoch).
    """
    if user is None:
        raise LoginRequired
    return user
