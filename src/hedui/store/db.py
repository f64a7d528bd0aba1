"""Engines, sessions and transactions: SQLite by default, PostgreSQL through a URL.

A county office runs hedui on one machine with no database administrator, so the default is an
SQLite file (``./hedui.db``) in WAL mode — readers do not block the one writer, and a crash
mid-write leaves the last committed state. Foreign keys are off in SQLite unless asked for on
every connection, so they are switched on here, and so is ``secure_delete``: a deleted row
(a withdrawn health enrolment, an expired one) is overwritten with zeros in the file rather than
left readable in a free page until something reuses it. A prefecture that wants a server sets
``HEDUI_DATABASE_URL`` to a PostgreSQL URL; nothing else changes.

Store functions never commit. The caller owns the transaction, usually through
:func:`transaction`, so that a record and its audit entry are saved together or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hedui.errors import ConfigurationError, StoreError

__all__ = [
    "DATABASE_URL_ENV",
    "DEFAULT_DATABASE_URL",
    "make_engine",
    "make_session_factory",
    "resolve_database_url",
    "transaction",
]

DATABASE_URL_ENV = "HEDUI_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///hedui.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def resolve_database_url(explicit: str | None = None) -> str:
    """The URL to use: an explicit one, else ``$HEDUI_DATABASE_URL``, else ``./hedui.db``."""
    return explicit or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def make_engine(database_url: str) -> Engine:
    """Create an engine; for SQLite, every connection gets WAL, foreign keys and a busy timeout.

    Raises:
        ConfigurationError: the URL cannot be parsed or names a driver that is not installed.
    """
    try:
        url = make_url(database_url)
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as error:
        raise ConfigurationError(
            f"无法使用数据库地址 {database_url!r}：{error} / cannot use database URL "
            f"{database_url!r}; give e.g. sqlite:///hedui.db or postgresql+psycopg://user@host/db"
        ) from None
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            # SQLite creates the file but not its folder; `--database-url sqlite:///data/x.db`
            # should work on a fresh machine.
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit (templates render them)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """Commit what the block did, or roll all of it back and raise :class:`StoreError`.

    hedui's own errors raised inside the block roll back and propagate unchanged; database errors
    become a :class:`StoreError` that says nothing was written.
    """
    try:
        yield session
        session.commit()
    except SQLAlchemyError as error:
        session.rollback()
        reason = getattr(error, "orig", None) or error
        raise StoreError(
            f"数据库拒绝了这次保存，未写入任何内容，请重试或联系管理员（{reason}） / the database "
            f"refused the change and nothing was written; try again or ask your administrator"
        ) from error
    except BaseException:
        session.rollback()
        raise
