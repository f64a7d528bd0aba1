"""How hedui sets cookies: HttpOnly, SameSite=Lax, and Secure whenever served over HTTPS.

``Secure`` follows the request's scheme (Uvicorn reads ``X-Forwarded-Proto`` from a trusted proxy),
so the same installation works over plain HTTP on ``127.0.0.1`` and over HTTPS behind a proxy;
``Settings.secure_cookies`` forces it for proxies that do not say.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["SESSION_COOKIE", "delete_cookie", "is_secure", "set_cookie"]

SESSION_COOKIE = "hedui_session"
"""The login cookie (:mod:`hedui.web.auth`); CSRF tokens are bound to its value."""


def is_secure(request: Request) -> bool:
    """True when cookies for this request must be ``Secure``."""
    settings = getattr(request.app.state, "hedui", None)
    forced = bool(settings is not None and settings.settings.secure_cookies)
    return forced or request.url.scheme == "https"


def set_cookie(
    request: Request,
    response: Response,
    name: str,
    value: str,
    *,
    max_age: int | None = None,
    http_only: bool = True,
) -> None:
    """Set a cookie with hedui's flags; ``max_age=None`` makes it end with the browser session."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        secure=is_secure(request),
        httponly=http_only,
        samesite="lax",
    )


def delete_cookie(request: Request, response: Response, name: str) -> None:
    """Remove a cookie (with the same flags it was set with, as browsers require)."""
    response.delete_cookie(name, path="/", secure=is_secure(request), httponly=True, samesite="lax")
