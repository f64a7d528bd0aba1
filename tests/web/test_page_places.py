"""Pages name places from the application's kept division names: a page rendered while the copy
is current sends no SQL for them, and a village named by another process (``hedui divisions
import``) shows on the next pages within CHECK_SECONDS."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from typing import Any

from sqlalchemy import event

from hedui.store.divisions import CHECK_SECONDS

from .conftest import VILLAGE_A1, Site


def test_a_page_sends_no_sql_for_place_names_while_they_are_current(site: Site) -> None:
    client = site.client()  # a visitor: the login page needs nothing else from the database
    assert client.get("/login").status_code == 200
    engine = site.app.state.hedui.engine
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        for _ in range(5):
            assert client.get("/login").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert sent == []


def test_a_village_named_by_another_process_shows_within_the_check_window(site: Site) -> None:
    clerk = site.client("clerk")
    assert f"{VILLAGE_A1}</a>" in clerk.get("/").text  # the header: the code, no name yet
    path = site.database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO divisions (code, level, name, former_names, former_codes) "
            "VALUES (?, 'village', '胜利村', '[]', '[]')",
            (VILLAGE_A1,),
        )
    named = time.monotonic()
    while "胜利村（…001）" not in clerk.get("/").text:
        assert time.monotonic() - named < CHECK_SECONDS + 1.0, "the new name never showed"
        time.sleep(0.05)
