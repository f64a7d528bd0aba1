"""Views that use the database run on worker threads, not on the event loop.

FastAPI runs a plain ``def`` view on a worker thread and an ``async def`` view on the event
loop itself; a coroutine view that saved a birth or checked a password held up every other
request of its worker process for as long as the database took (the load benchmark's saves
left half a core idle). A coroutine view may use the database only if it hands that work to a
thread itself; the few that stream an upload first are listed with how they do it.
"""

from __future__ import annotations

import inspect
import typing

from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from hedui.web.views import ROUTERS

STREAMING_VIEWS = {
    # Streams the upload to disk, then only renders: an import runs as a background job.
    "upload_file",
    # Reads an uploaded programme file (64 KB at most) and saves it; an administrator's rare act.
    "add_programme",
    # Reads the JSON body, then saves on a thread (run_in_threadpool).
    "upload_entry",
}


def _uses_database(endpoint: typing.Callable[..., object]) -> bool:
    hints = typing.get_type_hints(endpoint, include_extras=True)
    for hint in hints.values():
        base = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
        if base is Session:
            return True
    return False


def test_no_coroutine_view_uses_the_database_on_the_loop() -> None:
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert len(routes) > 50
    on_the_loop = sorted(
        r.endpoint.__name__
        for r in routes
        if inspect.iscoroutinefunction(r.endpoint) and _uses_database(r.endpoint)
    )
    assert set(on_the_loop) <= STREAMING_VIEWS, on_the_loop
