"""A deleted row leaves no readable trace in the SQLite file (``PRAGMA secure_delete``).

Without it SQLite only marks the row's space free: a withdrawn person's name stays in the file,
readable with a hex editor, until new data happens to overwrite it. Debian builds SQLite with
secure delete on by default, Python's Windows and macOS builds do not: hedui asks for it on
every connection, so the tests below switch it off first, as such a build would have it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from hedui.store.db import make_engine

NAME = "李秀兰撤回"


def test_a_deleted_row_is_overwritten_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "hedui.db"
    engine = make_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _default_off, insert=True)
    with engine.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        connection.execute(text("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)"))
        connection.execute(text("INSERT INTO people (name) VALUES ('other'), (:n)"), {"n": NAME})
    with engine.begin() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    assert NAME.encode() in path.read_bytes()
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM people WHERE name = :n"), {"n": NAME})
    with engine.begin() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    assert NAME.encode() not in path.read_bytes()
    wal = tmp_path / "hedui.db-wal"
    assert not wal.exists() or NAME.encode() not in wal.read_bytes()


def _default_off(dbapi_connection: Any, _record: Any) -> None:
    """What a connection looks like on an SQLite built without SQLITE_SECURE_DELETE."""
    dbapi_connection.execute("PRAGMA secure_delete = OFF")
