"""``hedui demo``: the whole job on a small county, then the web application on 127.0.0.1.

Run as ``make demo`` runs it — a separate process — until the server answers; then a demo user
logs in and the pages show the demo's reconciliation.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hedui.cli.demo_command import DEMO_PASSWORD, write_reports
from hedui.reports.fonts import CJK_FONT_ENV, find_cjk_font
from hedui.store.db import make_engine, make_session_factory
from hedui.synth import SOURCE_NAMES
from reports.county import COUNTY, PERIOD, linked_county, store_with_run

STARTUP_SECONDS = 300


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    """The demo on 1,500 people, serving; yields its folder, its output so far and its URL."""
    out = tmp_path_factory.mktemp("demo")
    port = _free_port()
    command = [sys.executable, "-m", "hedui", "demo", "--out", str(out), "--people", "1500"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            lines.append(line)
            if re.search(rf"http://127\.0\.0\.1:{port}/", line):
                break
        output = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in output, output[-3000:]
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield out, output, base
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def test_demo_writes_the_county_the_database_and_the_reports(demo: tuple[Path, str, str]) -> None:
    out, output, _ = demo
    for name in SOURCE_NAMES:
        assert (out / f"{name}.csv").is_file()
    assert (out / "hedui.db").is_file()
    assert (out / "hedui-work" / "runs" / "demo" / "link" / "clusters.csv").is_file()
    for suffix in ("html", "pdf", "xlsx"):
        assert (out / f"report-2025-12.{suffix}").stat().st_size > 1000
    assert (out / "report-2025-12.pdf").read_bytes().startswith(b"%PDF")
    for text in ("导入 Imported", "发现 Findings", "F1", "召回率", "估计 estimate", DEMO_PASSWORD):
        assert text in output
    assert "report-2025-12.html" in output


def test_demo_server_lets_the_demo_users_in(demo: tuple[Path, str, str]) -> None:
    _, _, base = demo
    for username in ("admin", "officer", "clerk"):
        with httpx.Client(base_url=base, timeout=30) as client:
            client.get("/login")
            token = client.cookies.get("hedui_csrf") or ""
            login = client.post(
                "/login",
                data={"csrf_token": token, "username": username, "password": DEMO_PASSWORD},
            )
            assert login.status_code == 303, login.text
            cases = client.get("/cases")
            assert cases.status_code == 200
            if username == "admin":  # the whole county: the demo's own cases are listed
                assert 'href="/cases/' in cases.text


def test_demo_report_step_without_a_cjk_font_skips_only_the_pdf(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh machine that could not install fonts-noto-cjk: the step writes the HTML, the
    Excel and the public edition, and says (in both languages) that the PDF was skipped."""
    engine = make_engine(store_with_run(tmp_path_factory))
    villages = linked_county(tmp_path_factory) / "county" / "villages.csv"
    no_fonts = tmp_path / "fonts"
    no_fonts.mkdir()
    monkeypatch.setenv(CJK_FONT_ENV, str(no_fonts / "NotoSansCJK-Regular.ttc"))
    find_cjk_font.cache_clear()
    try:
        with make_session_factory(engine)() as session:
            reports = write_reports(session, tmp_path, PERIOD, COUNTY, villages)
    finally:
        find_cjk_font.cache_clear()
        engine.dispose()
    label = PERIOD.label
    assert [p.name for p in reports.written] == [
        f"report-{label}.html",
        f"report-{label}.xlsx",
        f"report-{label}-public.html",
    ]
    assert all(p.stat().st_size > 1000 for p in reports.written)
    assert "<svg" in (tmp_path / f"report-{label}.html").read_text(encoding="utf-8")
    assert not (tmp_path / f"report-{label}.pdf").exists()
    [note] = reports.skipped
    assert "PDF" in note and "fonts-noto-cjk" in note and "未生成 PDF" in note
