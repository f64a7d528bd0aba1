"""A real PostgreSQL server for the session, and a fresh migrated database for every test.

The server is the machine's own PostgreSQL (Debian's ``postgresql`` package, installed by
``scripts/install-postgres.sh``): ``initdb`` into a temporary folder, ``postgres`` on a free port
of 127.0.0.1, stopped when the session ends. PostgreSQL refuses to run as root, so under root the
folder is given to the ``postgres`` user and the server runs as that user. Nothing is skipped: if
the server cannot start, every test here fails with the reason.

Migrations run once, into a template database that also holds one user per role (hashing
passwords is slow); each test gets a copy (``CREATE DATABASE ... TEMPLATE``) in milliseconds.

Users (password ``password-123`` for all)::

    admin      县管理员      county admin      320924
    officer    乡镇统计员    township officer  320924101
    clerk      村统计员甲    village clerk     320924101001
    clerk_b    村统计员乙    village clerk     320924101002
    health     卫生院甲      health worker     320924101
"""

from __future__ import annotations

import ctypes
import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from hedui.store.accounts import create_user, user_by_username
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.users import Role, User

SUPERUSER = "postgres"
TEMPLATE = "hedui_migrated"
START_TIMEOUT_S = 30.0
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
INSTALL_HINT = "run `bash scripts/install-postgres.sh` (Debian package postgresql)"
PASSWORD = "password-123"
COUNTY = "320924"
TOWNSHIP = "320924101"
VILLAGE_A = "320924101001"
VILLAGE_B = "320924101002"
USERS = {
    "admin": ("县管理员", Role.COUNTY_ADMIN, COUNTY),
    "officer": ("乡镇统计员", Role.TOWNSHIP_OFFICER, TOWNSHIP),
    "clerk": ("村统计员甲", Role.VILLAGE_CLERK, VILLAGE_A),
    "clerk_b": ("村统计员乙", Role.VILLAGE_CLERK, VILLAGE_B),
    "health": ("卫生院甲", Role.HEALTH_WORKER, TOWNSHIP),
}


@dataclass
class PostgresServer:
    """A running server: where it listens and how to make databases on it."""

    port: int
    log_path: Path
    _names: Iterator[int] = field(default_factory=itertools.count)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL hedui is given for ``database`` (as ``HEDUI_DATABASE_URL``)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def create_database(self, template: str = "template0") -> str:
        """A new, uniquely named database copied from ``template``; returns its URL."""
        name = f"hedui_test_{next(self._names)}"
        with self.admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if not found:
        pytest.fail(f"PostgreSQL server binaries not found in /usr/lib/postgresql: {INSTALL_HINT}")
    return Path(found[-1]).parent


def _version(path: str) -> int:
    return int(Path(path).parent.parent.name.split(".")[0])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run_as() -> dict[str, Any]:
    """Popen arguments that drop root to the ``postgres`` user (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            f"running as root and there is no `postgres` user to run the server: {INSTALL_HINT}"
        )
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """``initdb`` + ``postgres`` on a free 127.0.0.1 port for the whole session."""
    binaries = _binaries()
    run_as = _run_as()
    root = Path(tempfile.mkdtemp(prefix="hedui-postgres-"))
    if run_as:
        os.chown(root, run_as["user"], run_as["group"])
    data, log_path = root / "data", root / "server.log"
    environment = {**os.environ, "LC_ALL": "C.UTF-8", "HOME": str(root)}
    initdb = subprocess.run(
        [str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
        capture_output=True, text=True, env=environment, cwd=root, check=False, **run_as,
    )  # fmt: skip
    if initdb.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"initdb failed ({initdb.returncode}): {initdb.stderr or initdb.stdout}")
    port = _free_port()
    with log_path.open("wb") as log:
        # Durability is off (fsync, full-page writes): the server lives for one test session.
        process = subprocess.Popen(
            [str(binaries / "postgres"), "-D", str(data), "-p", str(port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={root}",
             "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"],
            stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=root,
            preexec_fn=_stop_with_parent, **run_as,
        )  # fmt: skip
    server = PostgresServer(port=port, log_path=log_path)
    try:
        _wait_until_ready(server, process)
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # "fast" shutdown: ends any session left open
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _stop_with_parent() -> None:
    """In the server's process before exec: a fast shutdown when pytest dies, even by SIGKILL.

    Without it a test run killed by a timeout would leave a server running forever.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGINT)


def _wait_until_ready(server: PostgresServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(
                f"postgres exited with {process.returncode} on start:\n"
                + server.log_path.read_text(errors="replace")
            )
        try:
            with server.admin():
                return
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                pytest.fail(
                    f"postgres did not accept connections within {START_TIMEOUT_S:.0f} s "
                    f"({error}):\n" + server.log_path.read_text(errors="replace")
                )
            time.sleep(0.1)


@pytest.fixture(scope="session")
def migrated_template(postgres_server: PostgresServer) -> str:
    """A database migrated to head as ``hedui db upgrade`` leaves it, with :data:`USERS`."""
    with postgres_server.admin() as connection:
        connection.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
    url = postgres_server.url(TEMPLATE)
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        for username, role, area in USERS.values():
            create_user(session, username, PASSWORD, role, area)
        session.commit()
    engine.dispose()  # a template copied by CREATE DATABASE must have no open connection
    return TEMPLATE


@pytest.fixture
def database_url(postgres_server: PostgresServer, migrated_template: str) -> str:
    """A fresh database at the newest migration, for this test alone."""
    return postgres_server.create_database(migrated_template)


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
def users(session: Session) -> dict[str, User]:
    """:data:`USERS` as loaded in ``session``, by key."""
    found = {key: user_by_username(session, name) for key, (name, _, _) in USERS.items()}
    return {key: user for key, user in found.items() if user is not None}
