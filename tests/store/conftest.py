"""Store fixtures: a real SQLite file in tmp_path, migrated exactly as `hedui db upgrade` does."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.users import Role, User

COUNTY = "320924"
TOWNSHIP = "320924101"
VILLAGE_A = "320924101001"
VILLAGE_B = "320924101002"


@contextmanager
def session_on_copy(template: Path) -> Iterator[Session]:
    """A session on a fresh copy of the migrated database ``template`` (for a property test,
    whose examples each need an empty database and cannot use function-scoped fixtures)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hedui.db"
        shutil.copy(template, path)
        engine = make_engine(f"sqlite:///{path}")
        try:
            with make_session_factory(engine)() as session:
                yield session
        finally:
            engine.dispose()


@pytest.fixture
def database_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with make_session_factory(engine)() as session:
        yield session


@pytest.fixture
def clerk(session: Session) -> User:
    user = create_user(session, "村统计员甲", "clerk-password", Role.VILLAGE_CLERK, VILLAGE_A)
    session.commit()
    return user


@pytest.fixture
def admin(session: Session) -> User:
    user = create_user(session, "县管理员", "admin-password", Role.COUNTY_ADMIN, COUNTY)
    session.commit()
    return user
