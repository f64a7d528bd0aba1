"""cli/options.py: open_store migrates the database, yields a session and disposes of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from hedui.cli.options import open_sessions, open_store
from hedui.errors import InvalidInputError


def test_open_store_migrates_a_new_database_and_gives_a_session(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with open_store(url) as session:
        tables = inspect(session.get_bind()).get_table_names()
    assert {"users", "cases", "reconcile_runs", "audit_log"} <= set(tables)


def test_open_sessions_lets_an_error_through_with_the_database_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    with pytest.raises(InvalidInputError), open_sessions(url) as sessions:
        with sessions() as session:
            assert session.get_bind() is not None
        raise InvalidInputError("stop")
    assert (tmp_path / "hedui.db").is_file()
