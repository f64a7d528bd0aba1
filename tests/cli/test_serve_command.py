"""`hedui serve` as a real process: it migrates a fresh database and answers on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import httpx
from sqlalchemy import select
from typer.testing import CliRunner

from hedui.cli import app
from hedui.store.accounts import create_user
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.migrations import current_revision, head_revision, upgrade
from hedui.store.users import Role


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_serve_migrates_and_serves_the_login_page(tmp_path: Path) -> None:
    port = _free_port()
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    env = {**os.environ, "HEDUI_DATABASE_URL": url}
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "hedui", "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        status, body = 0, ""
        while time.monotonic() < deadline and status != 200:
            assert process.poll() is None, log_path.read_text()
            try:
                status, body = _get(f"http://127.0.0.1:{port}/login")
            except OSError:
                time.sleep(0.2)
        assert status == 200 and "登录" in body
        assert _get(f"http://127.0.0.1:{port}/records")[0] == 200  # redirected to the login page
    finally:
        process.terminate()
        process.wait(timeout=10)
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_serve_help_names_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert all(option in result.output for option in ("--host", "--port", "--database-url"))


def _serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """A running ``hedui serve`` on a fresh database with one clerk; its base URL."""
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session, transaction(session):
        create_user(session, "clerk", "clerk-password-1", Role.VILLAGE_CLERK, "320924101001")
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "HEDUI_DATABASE_URL": url}
    env.pop("HEDUI_TRUSTED_PROXIES", None)
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "hedui", "serve", "--port", str(port), *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        try:
            if _get(f"{base}/login")[0] == 200:
                return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise AssertionError(log_path.read_text())


def _logged_in_address(tmp_path: Path, *args: str) -> str | None:
    """Log in with a forged X-Forwarded-For; the address the audit log recorded."""
    process, base = _serve(tmp_path, *args)
    try:
        with httpx.Client(base_url=base) as client:
            client.get("/login")
            data = {
                "csrf_token": client.cookies["hedui_csrf"],
                "username": "clerk",
                "password": "clerk-password-1",
            }
            headers = {"X-Forwarded-For": "192.0.2.44"}
            response = client.post("/login", data=data, headers=headers)
            assert response.status_code == 303
    finally:
        process.terminate()
        process.wait(timeout=10)
    engine = make_engine(f"sqlite:///{tmp_path / 'hedui.db'}")
    with make_session_factory(engine)() as session:
        query = select(AuditEntry.ip_address).where(AuditEntry.action == AuditAction.LOGIN)
        address = session.scalars(query).one()
    engine.dispose()
    return address


def test_serve_ignores_x_forwarded_for_without_a_trusted_proxy(tmp_path: Path) -> None:
    # A client on the same machine (127.0.0.1) must not choose the address the login rate
    # limit and the audit log see.
    assert _logged_in_address(tmp_path) == "127.0.0.1"


def test_serve_believes_the_trusted_proxy(tmp_path: Path) -> None:
    assert _logged_in_address(tmp_path, "--trusted-proxy", "127.0.0.1") == "192.0.2.44"
