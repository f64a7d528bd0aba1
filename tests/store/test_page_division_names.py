"""PageDivisionNames: the names pages show, with no database session while the process's copy
was counted within the check window; an import here shows at once, one by another process once
the window has passed."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from hedui.store.db import make_session_factory
from hedui.store.division_import import import_divisions
from hedui.store.divisions import PageDivisionNames

VILLAGES = "code,name\n320924101201,胜利村\n"


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement ``engine`` sends while the block runs."""
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _add_village_elsewhere(database_url: str, code: str, name: str) -> None:
    """Insert a division as another process would: its own connection, this process's cache
    not told."""
    path = database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO divisions (code, level, name, former_names, former_codes) "
            "VALUES (?, 'village', ?, '[]', '[]')",
            (code, name),
        )


def test_page_names_send_no_sql_while_counted_within_the_window(
    engine: Engine, session: Session, tmp_path: Path
) -> None:
    import_divisions(session, _write(tmp_path, VILLAGES))
    session.commit()
    places = PageDivisionNames(engine, make_session_factory(engine), check_seconds=3600)
    with _statements(engine) as first:
        assert places().name("320924101201") == "胜利村"
    assert any("count" in s.lower() for s in first)  # nothing kept yet: counted and read
    with _statements(engine) as again:
        for _ in range(100):
            assert places().name("320924101201") == "胜利村"
    assert again == []


def test_another_process_s_new_village_shows_once_the_window_has_passed(
    engine: Engine, database_url: str
) -> None:
    sessions = make_session_factory(engine)
    # One database, two windows over the same kept copy: an hour, and a fifth of a second.
    hourly = PageDivisionNames(engine, sessions, check_seconds=3600)
    brief = PageDivisionNames(engine, sessions, check_seconds=0.2)
    assert hourly().name("320924101201") is None
    _add_village_elsewhere(database_url, "320924101201", "胜利村")
    # Within its window a page keeps the copy (no session, so it cannot know) ...
    assert hourly().name("320924101201") is None
    time.sleep(0.25)
    # ... after it, one count finds the new division and the names are read again, for both.
    assert brief().name("320924101201") == "胜利村"
    assert hourly().name("320924101201") == "胜利村"


def test_an_import_in_this_process_shows_at_once(
    engine: Engine, session: Session, tmp_path: Path
) -> None:
    places = PageDivisionNames(engine, make_session_factory(engine), check_seconds=3600)
    assert places().name("320924101201") is None
    import_divisions(session, _write(tmp_path, VILLAGES))
    session.commit()
    assert places().name("320924101201") == "胜利村"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "divisions.csv"
    path.write_text(text, encoding="utf-8")
    return path
