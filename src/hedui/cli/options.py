"""What many commands share: their option types, and the store they open.

A command that works on the database takes ``database_url: DatabaseUrl = None`` and opens it
with :func:`open_store`, which applies pending migrations, yields a session and disposes of
the engine afterwards, whatever happens. Options written once here read the same in every
command's ``--help`` (and in ``docs/cli.md``, generated from it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.orm import Session, sessionmaker

from hedui.store.db import (
    DATABASE_URL_ENV,
    make_engine,
    make_session_factory,
    resolve_database_url,
)
from hedui.store.migrations import upgrade

__all__ = ["AreaOption", "AsJson", "DatabaseUrl", "PeriodOption", "open_sessions", "open_store"]

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=DATABASE_URL_ENV,
        help="SQLAlchemy 数据库地址，默认 sqlite:///hedui.db / SQLAlchemy URL of the database "
        "(default sqlite:///hedui.db).",
        show_default=False,
    ),
]
"""``--database-url`` (or ``HEDUI_DATABASE_URL``)."""

AsJson = Annotated[
    bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
]
"""``--json``: print one JSON document instead of tables."""

PeriodOption = Annotated[
    str, typer.Option("--period", help="报告期，如 2025-12 或 2025 / month or year")
]
"""``--period`` that a command needs."""

AreaOption = Annotated[
    str | None,
    typer.Option(
        "--area",
        help="区划代码，默认最近一次核对所在的县 / area code (default: the county of the "
        "latest reconciliation)",
        show_default=False,
    ),
]
"""``--area`` of a command that works on the latest reconciliation's county by default."""


@contextmanager
def open_sessions(database_url: str | None) -> Iterator[sessionmaker[Session]]:
    """The database's session factory, migrated first; the engine is disposed of at the end."""
    url = resolve_database_url(database_url)
    upgrade(url)
    engine = make_engine(url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@contextmanager
def open_store(database_url: str | None) -> Iterator[Session]:
    """One session on the database (migrated first), closed and disposed of at the end."""
    with open_sessions(database_url) as sessions, sessions() as session:
        yield session
