"""What one running application holds, and the per-request database session.

Everything a view needs beyond the request — settings, database, templates, the login rate
limiter — hangs off ``app.state.hedui`` as one :class:`AppState`, built by
:func:`hedui.web.app.create_app`. Nothing is global, so tests can run several applications on
different databases side by side.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import HTTPConnection

from hedui.store.divisions import PageDivisionNames
from hedui.web.ratelimit import LoginRateLimiter, LookupLimiter
from hedui.web.settings import Settings
from hedui.web.templating import Templates

__all__ = ["AppState", "DbSession", "db_session", "get_state"]


@dataclass(frozen=True, slots=True)
class AppState:
    """The parts of one application instance.

    ``places`` gives the division names every page shows (``| place``); it is made from the
    engine and sessions, and uses a session only when its copy is more than a second old.
    """

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    templates: Templates
    rate_limiter: LoginRateLimiter
    lookup_limiter: LookupLimiter
    places: PageDivisionNames = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "places", PageDivisionNames(self.engine, self.sessions))


def get_state(connection: HTTPConnection) -> AppState:
    """The :class:`AppState` of the application serving this request."""
    state = connection.app.state.hedui
    assert isinstance(state, AppState)
    return state


async def db_session(connection: HTTPConnection) -> AsyncIterator[Session]:
    """One database session per request, closed (and rolled back if uncommitted) afterwards.

    Asynchronous: making a session touches no database (it connects at its first query, in the
    view's thread), and closing one only rolls back a transaction still open and returns its
    connection to the pool, a fraction of a millisecond. A plain generator would cost two
    thread-pool hops per request, to enter and to leave, each more CPU than that.
    """
    session = get_state(connection).sessions()
    try:
        yield session
    finally:
        session.close()


DbSession = Annotated[Session, Depends(db_session)]
"""A view parameter that receives the request's database session."""
