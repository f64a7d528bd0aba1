"""Runs fixtures: a migrated SQLite store in tmp_path, and a session on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One migrated store per module (migrating takes a second)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'hedui.db'}"
    upgrade(url)
    return url


@pytest.fixture
def session(store_url: str) -> Iterator[Session]:
    """A session whose changes are thrown away after the test."""
    engine = make_engine(store_url)
    with make_session_factory(engine)() as session:
        yield session
        session.rollback()
    engine.dispose()
