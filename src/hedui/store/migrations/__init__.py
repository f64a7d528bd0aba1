"""Alembic migrations shipped inside the package and run from Python, not from an ``alembic.ini``.

``hedui serve`` and ``hedui db upgrade`` call :func:`upgrade`, so a county that installs a new
version gets its schema brought up to date on the next start, with no separate tool to run.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from hedui.errors import StoreError
from hedui.store.db import make_engine

__all__ = ["MIGRATIONS_DIR", "alembic_config", "current_revision", "head_revision", "upgrade"]

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration for this package's migrations, bound to ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at ``database_url`` up to ``revision`` (the newest by default).

    Creates an SQLite file if it does not exist yet. Safe to call on every start: an up-to-date
    database is left untouched.

    Raises:
        StoreError: the database cannot be reached or refused a migration (a PostgreSQL role
            without rights on the schema); each migration runs in one transaction, so nothing of
            the failed one remains.
    """
    engine = make_engine(database_url)
    try:
        command.upgrade(alembic_config(engine), revision)
    except SQLAlchemyError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise StoreError(
            f"无法升级数据库 {where}：{reason}。请检查数据库是否在运行、地址和账号是否正确、"
            f"账号是否拥有该数据库 / cannot upgrade the database {where}: {reason}; check that "
            f"the server is running, the URL and role are right and the role owns the database"
        ) from error
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest revision shipped with this version of hedui."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
