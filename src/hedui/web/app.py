"""The application factory: :func:`create_app` builds one hedui web application from settings.

The database must already be at the newest migration (``hedui serve`` and ``hedui db upgrade``
apply them); starting against an older schema would fail later and confusingly, so it fails
here with a message saying what to run.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from hedui.errors import ConfigurationError
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import current_revision, head_revision
from hedui.web.csrf import CsrfTokenMiddleware, verify_csrf
from hedui.web.errors import install_error_handlers
from hedui.web.forms import bounded_path_ids
from hedui.web.heap import settle
from hedui.web.middleware import BoundedMiddleware, SecurityHeadersMiddleware
from hedui.web.ratelimit import DatabaseLog, LoginRateLimiter, LookupLimiter
from hedui.web.retention import purge_on_schedule
from hedui.web.settings import Settings
from hedui.web.state import AppState
from hedui.web.templating import Templates
from hedui.web.views import ROUTERS
from hedui.web.warm_up import warm_up

__all__ = ["STATIC_DIR", "app_from_env", "create_app"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
PAGES_AT_ONCE = 3
"""Requests one worker process answers at once; the rest wait their turn. Each holds up to two
database connections (its own, and one while a rate limit is counted), well inside
SQLAlchemy's default pool of 15. Without the bound, a crowd of 50 clerks made requests wait
30 s for a connection and fail with 500. A process runs Python on one core at a time: three
pages keep it busy while one waits for the database, and more only contend for the GIL (seven
cost 10% more CPU per request in bench/bench_web_load.py's mixed day)."""


def create_app(settings: Settings, *, settle_heap: bool = False) -> FastAPI:
    """Build the web application.

    Args:
        settings: what the application serves and how.
        settle_heap: read the newest run's explanation index and model
            (:func:`hedui.web.warm_up.warm_up`), compile the templates and freeze the heap when
            the application starts (:func:`hedui.web.heap.settle`); what ``hedui serve`` does
            in each worker process.

    Raises:
        ConfigurationError: the database is not at the newest migration.
    """
    engine = make_engine(settings.database_url)
    if current_revision(engine) != head_revision():
        engine.dispose()
        raise ConfigurationError(
            "数据库尚未升级到当前版本，请先运行 hedui db upgrade / the database schema is not "
            "up to date; run `hedui db upgrade` first (hedui serve does this on start)"
        )
    sessions = make_session_factory(engine)
    state = AppState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        templates=Templates(),
        rate_limiter=LoginRateLimiter(
            account_failures=settings.login_max_failures,
            address_failures=settings.login_address_failures,
            window=settings.login_window,
            max_delay=settings.login_max_delay,
            log=DatabaseLog(sessions),
        ),
        lookup_limiter=LookupLimiter(
            settings.other_village_checks, settings.other_village_window, log=DatabaseLog(sessions)
        ),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settle_heap:
            warm_up(state)
            settle(state.templates)
        purging = asyncio.create_task(purge_on_schedule(state))
        yield
        purging.cancel()
        engine.dispose()

    app = FastAPI(
        title="hedui 核对",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
        dependencies=[Depends(verify_csrf), Depends(bounded_path_ids)],
    )
    app.state.hedui = state
    # The last added runs first: the bound, then the headers, then the token.
    app.add_middleware(CsrfTokenMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(BoundedMiddleware, limit=PAGES_AT_ONCE)
    if settings.trusted_proxies:
        # Outermost, so that every later step sees the client and scheme the proxy names.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_from_env() -> FastAPI:
    """The application of one worker process of ``hedui serve --workers N``, from the
    environment the command set up (database URL, shared secret, trusted proxies)."""
    return create_app(Settings.from_env(), settle_heap=True)
