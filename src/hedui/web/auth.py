"""Who is asking: a login kept on the server, named by a signed cookie.

Logging in adds a row to ``login_sessions`` (:mod:`hedui.store.logins`) and gives the browser
its random token in the ``hedui_session`` cookie, signed (itsdangerous, HMAC over the
application secret) and time-stamped, so a forged or stale cookie is refused before the
database is asked. HttpOnly, SameSite=Lax, and Secure over HTTPS (see :mod:`hedui.web.cookies`).

On every request the login and its user are read again: logging out deletes the row, so a copy
of the cookie made before is worthless after; disabling a user and changing or resetting their
password delete all of the user's rows, and enabling the user again brings none back.

Templates receive a :class:`SignedInUser`, a plain copy of the user's name, role and area, not
the database object: an error page rendered after its transaction was rolled back and its
database session closed must still be able to say who is logged in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.logins import end_login, find_login, open_login
from hedui.store.users import Role, User
from hedui.web.cookies import SESSION_COOKIE, delete_cookie, set_cookie
from hedui.web.csrf import rotate_csrf_token
from hedui.web.state import DbSession, get_state

__all__ = [
    "SESSION_COOKIE",
    "LoginRequired",
    "SignedInUser",
    "client_address",
    "current_user",
    "end_session",
    "optional_user",
    "start_session",
]

_SALT = "hedui-session"


class LoginRequired(Exception):
    """The request needs a logged-in user and has none; the handler redirects to the login page."""


@dataclass(frozen=True, slots=True)
class SignedInUser:
    """What pages show about the logged-in user, copied out of the database object."""

    id: int
    username: str
    role: Role
    area_code: str

    @classmethod
    def of(cls, user: User) -> SignedInUser:
        """A copy of ``user``'s id, name, role and area."""
        return cls(user.id, user.username, user.role, user.area_code)


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_state(request).settings.secret_key, salt=_SALT)


def client_address(request: Request) -> str:
    """The client's IP address: the connection's, or a trusted proxy's ``X-Forwarded-For``.

    ``X-Forwarded-For`` counts only when ``Settings.trusted_proxies`` names the connecting
    address (the application then rewrites the client, see :func:`hedui.web.app.create_app`);
    otherwise anyone could claim any address.
    """
    return request.client.host if request.client else "unknown"


def start_session(request: Request, response: Response, session: Session, user: User) -> None:
    """Log ``user`` in: a new login row (the caller commits), its cookie and a new CSRF token."""
    lifetime = timedelta(seconds=get_state(request).settings.session_max_age)
    token = open_login(session, user, lifetime=lifetime)
    value = _serializer(request).dumps({"t": token})
    set_cookie(request, response, SESSION_COOKIE, value)
    rotate_csrf_token(request, response, session_cookie=value)


def end_session(request: Request, response: Response, session: Session) -> None:
    """Log out: delete the login row (the caller commits), drop the cookie, replace the token."""
    token = _token(request)
    if token is not None:
        end_login(session, token)
    delete_cookie(request, response, SESSION_COOKIE)
    rotate_csrf_token(request, response, session_cookie="")


def _token(request: Request) -> str | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        payload: Any = _serializer(request).loads(
            raw, max_age=get_state(request).settings.session_max_age
        )
        token = payload["t"]
    except (BadSignature, KeyError, TypeError):
        return None
    return token if isinstance(token, str) else None


def optional_user(request: Request, session: DbSession) -> User | None:
    """The logged-in user, or ``None``; a :class:`SignedInUser` copy goes to templates."""
    token = _token(request)
    user = None if token is None else find_login(session, token)
    request.state.user = None if user is None else SignedInUser.of(user)
    return user


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    """The logged-in user (asynchronous: it reads no database, so needs no thread-pool hop).

    Raises:
        LoginRequired: no living login (none, expired, forged, logged out, user disabled,
            password changed since).
    """
    if user is None:
        raise LoginRequired
    return user
