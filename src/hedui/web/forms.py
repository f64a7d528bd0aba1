"""Small helpers views share for reading submitted forms and redirecting safely."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse

__all__ = ["read_form", "redirect", "safe_next"]


async def read_form(request: Request) -> dict[str, str]:
    """The submitted form's text fields (file uploads are ignored), stripped of nothing."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``.

    A login form's ``next`` comes from the URL, so without this check a link to
    ``/login?next=https://evil.example`` would send a freshly logged-in clerk elsewhere.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def redirect(url: str) -> RedirectResponse:
    """A 303 redirect: after a POST, the browser follows with a GET."""
    return RedirectResponse(url, status_code=303)
