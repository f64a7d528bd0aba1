"""Small helpers views share for reading submitted forms and ids, and redirecting safely."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse

from hedui.errors import NotFoundError

__all__ = [
    "MAX_ID_DIGITS",
    "FormFields",
    "RequestBody",
    "SubmittedForm",
    "bounded_path_ids",
    "parse_id",
    "read_form",
    "redirect",
    "safe_next",
]

MAX_ID_DIGITS = 18
"""The most digits an id may have. Database ids are 64-bit (at most 9,223,372,036,854,775,807);
a longer number cannot name a row, and handing it to the database would fail with an overflow
instead of answering "not found"."""


async def read_form(request: Request) -> dict[str, str]:
    """The submitted form's text fields (file uploads are ignored), stripped of nothing."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def _submitted_form(request: Request) -> FormData:
    return await request.form()


async def _request_body(request: Request) -> bytes:
    return await request.body()


FormFields = Annotated[dict[str, str], Depends(read_form)]
"""A view's submitted text fields, read before the view runs. A view that writes takes its form
this way and is a plain ``def``: FastAPI then runs it on a worker thread. An ``async def``
view that awaited the form ran its database work — a save, a login's password hash — on the
event loop itself, and every other request of the worker process waited for it."""

SubmittedForm = Annotated[FormData, Depends(_submitted_form)]
"""The whole submitted form (repeated fields, files), read before the view runs."""

RequestBody = Annotated[bytes, Depends(_request_body)]
"""The request's body, read before the view runs."""


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


def parse_id(text: str | None) -> int | None:
    """The id written in ``text`` (digits only, at most :data:`MAX_ID_DIGITS`), else ``None``."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > MAX_ID_DIGITS:
        return None
    return int(text)


async def bounded_path_ids(request: Request) -> None:
    """Answer 404 for a path whose number is too long to be an id (``/records/10000…0``).

    Registered as a dependency of the whole application, before any view reads the database.
    Asynchronous because it only reads the path: FastAPI runs a plain ``def`` dependency in its
    thread pool, and each such hop costs a fraction of a millisecond of CPU on every request.

    Raises:
        NotFoundError: a path parameter is a number of more than :data:`MAX_ID_DIGITS` digits.
    """
    for value in request.path_params.values():
        text = str(value)
        if text.isdigit() and len(text.lstrip("0")) > MAX_ID_DIGITS:
            raise NotFoundError(
                "编号过长，没有这样的项目 / the number is too long to name anything"
            )
