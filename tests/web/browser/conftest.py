"""A real `hedui serve` on 127.0.0.1 and Debian's Chromium, headless, driven by Playwright.

The server runs in a subprocess on a free port with a fresh SQLite file, exactly as a county
office would start it. Screenshots go to ``$HEDUI_SCREENSHOT_DIR`` when set (``make`` users run
``HEDUI_SCREENSHOT_DIR=docs/screenshots pytest -m browser`` to refresh the documentation), else
to a temporary folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade

from ..conftest import PASSWORD, USERS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


@dataclass
class Server:
    """A running hedui server: its address and database."""

    base_url: str
    database_url: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hedui serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/login", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"hedui serve did not answer within {seconds:.0f} seconds")


def users_database(directory: Path) -> str:
    """A migrated SQLite file in ``directory`` holding the test users; its URL."""
    url = f"sqlite:///{directory / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        for name, (role, area) in USERS.items():
            create_user(session, name, PASSWORD, role, area)
        session.commit()
    engine.dispose()
    return url


@contextmanager
def serving(database_url: str, directory: Path, secret: str) -> Iterator[Server]:
    """``hedui serve`` on a free port of 127.0.0.1 over ``database_url``, its log in
    ``directory``, stopped on leaving; ``secret`` tells the servers' keys apart."""
    port = _free_port()
    env = {**os.environ, "HEDUI_SECRET_KEY": "browser-test-secret-" + secret * 32}
    command = [sys.executable, "-m", "hedui", "serve", "--port", str(port)]
    command += ["--database-url", database_url]
    log = (directory / "server.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process)
        yield Server(base_url=base_url, database_url=database_url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def skip_without_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed; run scripts/install-browser.sh")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    skip_without_chromium()
    directory = tmp_path_factory.mktemp("server")
    with serving(users_database(directory), directory, "y") as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("HEDUI_SCREENSHOT_DIR")
    directory = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def new_page(browser: Browser, server: Server, viewport: dict[str, int] = DESKTOP) -> Page:
    """A page in a fresh browser context (its own cookies), at the given viewport."""
    context = browser.new_context(
        base_url=server.base_url,
        viewport=viewport,  # type: ignore[arg-type]
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def log_in(page: Page, username: str) -> None:
    """Log in through the form, as a person would."""
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    # Everyone lands on the start page; a health worker's start page is the work list.
    page.wait_for_url(lambda url: url.endswith("/") or url.endswith("/health"))
