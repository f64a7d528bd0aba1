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

from typer.testing import CliRunner

from hedui.cli import app
from hedui.store.db import make_engine
from hedui.store.migrations import current_revision, head_revision


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
