"""Web fixtures: a migrated SQLite file, one user per role and area, logged-in test clients.

Users (password ``password-123`` for all)::

    admin          county admin      320924         the county
    admin_other    county admin      320925         a neighbouring county
    officer        township officer  320924101      township A (villages 001 and 002)
    officer_other  township officer  320924102      township B
    clerk          village clerk     320924101001   village A1
    clerk_other    village clerk     320924101002   village A2, same township as clerk
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.ledger import EventFields, record_event
from hedui.store.migrations import upgrade
from hedui.store.records import EventType
from hedui.store.users import Role, User
from hedui.web.app import create_app
from hedui.web.csrf import CSRF_COOKIE
from hedui.web.settings import Settings

PASSWORD = "password-123"
MOTHER_ID = "320924199003071222"  # valid: female (17th digit 2 is even), born 1990-03-07
CHILD_ID = "32092420240301001X"  # valid: male (17th digit 1), born 2024-03-01
MAN_ID = "320924198503070037"  # valid: male, born 1985-03-07
VILLAGE_A1 = "320924101001"
SETTINGS = Settings(database_url="sqlite://", secret_key="test-secret-" + "x" * 32)
USERS = {
    "admin": (Role.COUNTY_ADMIN, "320924"),
    "admin_other": (Role.COUNTY_ADMIN, "320925"),
    "officer": (Role.TOWNSHIP_OFFICER, "320924101"),
    "officer_other": (Role.TOWNSHIP_OFFICER, "320924102"),
    "clerk": (Role.VILLAGE_CLERK, "320924101001"),
    "clerk_other": (Role.VILLAGE_CLERK, "320924101002"),
}


with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 package behind its TestClient and warns, once, on import
    # when it finds httpx instead; the warning concerns Starlette's dependency, not hedui.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


@dataclass
class Site:
    """A running application on its own database, and a way to log users in."""

    app: FastAPI
    database_url: str
    user_ids: dict[str, int]

    def session(self) -> Session:
        return make_session_factory(make_engine(self.database_url))()

    def add_birth(self, village: str = VILLAGE_A1, *, clerk: str = "clerk") -> int:
        """Record a birth in ``village`` through the library; returns the entry's id."""
        with self.session() as session, transaction(session):
            actor = session.get(User, self.user_ids[clerk])
            assert actor is not None
            fields = EventFields(
                event=EventType.BIRTH,
                event_date=date(2024, 3, 1),
                name="王小明",
                id_number=CHILD_ID,
                sex="1",
                birth_date=date(2024, 3, 1),
                mother_name="李娜",
                mother_id_number=MOTHER_ID,
            )
            return record_event(session, fields, village_code=village, actor=actor).id

    def clone(self, directory: Path) -> Site:
        """The same users on a copy of the database, with a new application on the copy.

        Cookies of this site work on the clone (same secret, same user ids, the same logins in
        ``login_sessions``), so tests that need many isolated databases log in once. SQLite's
        backup copies what is still in the write-ahead log too, where a fresh login sits.
        """
        directory.mkdir(parents=True)
        source = Path(self.database_url.removeprefix("sqlite:///"))
        with (
            closing(sqlite3.connect(source)) as live,
            closing(sqlite3.connect(directory / "hedui.db")) as copy,
        ):
            live.backup(copy)
        url = f"sqlite:///{directory / 'hedui.db'}"
        return Site(
            app=create_app(SETTINGS.model_copy(update={"database_url": url})),
            database_url=url,
            user_ids=self.user_ids,
        )

    def client(self, username: str | None = None, **kwargs: object) -> TestClient:
        client = TestClient(self.app, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
        if "cookies" in kwargs:
            return client
        client.get("/login")
        if username is not None:
            response = client.post(
                "/login", data=form(client, username=username, password=PASSWORD)
            )
            assert response.status_code == 303, response.text
        return client


def build_site(directory: Path) -> Site:
    """A fresh database in ``directory`` with the users above, and an application on it."""
    url = f"sqlite:///{directory / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    ids = {}
    with make_session_factory(engine)() as session:
        for name, (role, area) in USERS.items():
            ids[name] = create_user(session, name, PASSWORD, role, area).id
        session.commit()
    engine.dispose()
    app = create_app(SETTINGS.model_copy(update={"database_url": url}))
    return Site(app=app, database_url=url, user_ids=ids)


def form(client: TestClient, **fields: str) -> dict[str, str]:
    """Form fields with the client's CSRF token added."""
    return {"csrf_token": client.cookies.get(CSRF_COOKIE) or "", **fields}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return build_site(tmp_path)


@pytest.fixture
def login(site: Site) -> Callable[[str], TestClient]:
    return site.client
