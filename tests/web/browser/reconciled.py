"""A second real server whose database holds a reconciled synthetic county.

The shared ``server`` fixture starts empty, and its own tests watch a reconciliation happen
there; the case pages, the glossary and the page heights need a county already reconciled, the
same way a county office has it on an ordinary day: 2,000 synthetic people of 2025 imported
into the ledger through the store, one reconciliation run of 2025-12 over the county
(``reconcile_period``, as the reconcile page's job runs it), and the users of the web
fixtures. Import it into a test module with ``from .reconciled import reconciled_server``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hedui.period import parse_period
from hedui.runs import RunFolder, reconcile_period
from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.users import User

from ..conftest import PASSWORD, USERS
from ..views.casework import import_synthetic_county
from .conftest import CHROMIUM, Server, _free_port, _wait_until_up

__all__ = ["reconciled_server"]


def build_reconciled_county(directory: Path) -> str:
    """The database of a reconciled synthetic county in ``directory``; returns its URL."""
    url = f"sqlite:///{directory / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            for name, (role, area) in USERS.items():
                create_user(session, name, PASSWORD, role, area)
            session.commit()
            import_synthetic_county(session, directory / "county")
            admin = session.query(User).filter_by(username="admin").one()
            reconcile_period(
                session,
                period=parse_period("2025-12"),
                area_code="320924",
                folder=RunFolder.under(directory / "work", "job-1"),
                actor=admin,
            )
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def reconciled_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``hedui serve`` on 127.0.0.1 over a reconciled synthetic county."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed; run scripts/install-browser.sh")
    directory = tmp_path_factory.mktemp("reconciled")
    url = build_reconciled_county(directory)
    port = _free_port()
    env = {
        **os.environ,
        "HEDUI_SECRET_KEY": "browser-test-secret-" + "z" * 32,
        "HEDUI_WORK_DIR": str(directory / "work"),
    }
    command = [
        sys.executable,
        "-m",
        "hedui",
        "serve",
        "--port",
        str(port),
        "--database-url",
        url,
        "--workers",
        "1",
    ]
    log = (directory / "server.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, seconds=120)  # a loaded machine starts slowly
        yield Server(base_url=base_url, database_url=url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
