"""The running application purges expired run files by itself, at start and then daily."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from hedui.reconcile.retention import PURGED_MARKER
from hedui.store.base import utcnow
from hedui.store.cases import ReconcileRun
from hedui.store.db import transaction
from hedui.web.app import create_app
from hedui.web.retention import PURGE_LOCK, purging_alone
from hedui.web.settings import Settings

from .conftest import SETTINGS, Site, TestClient


def _expired_run(site: Site, work: Path) -> Path:
    """A run finished 31 days ago with one source file; the file."""
    ledger = work / "runs" / "job-1" / "sources" / "village_ledger.csv"
    ledger.parent.mkdir(parents=True)
    ledger.write_text("张三,320924199001011234\n", encoding="utf-8")
    with site.session() as session, transaction(session):
        link = str(work / "runs" / "job-1" / "link")
        finished = utcnow() - timedelta(days=31)
        session.add(
            ReconcileRun(period="2025-12", area_code="320924", link_dir=link, finished_at=finished)
        )
    return ledger


def test_the_application_purges_expired_run_files_on_start(site: Site, tmp_path: Path) -> None:
    work = tmp_path / "work"
    ledger = _expired_run(site, work)
    settings = SETTINGS.model_copy(
        update={"database_url": site.database_url, "work_dir": work, "run_retention_days": 30}
    )
    with TestClient(create_app(settings)) as client:
        deadline = time.monotonic() + 10
        while ledger.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/login").status_code == 200
    assert not ledger.exists() and (work / "runs" / "job-1" / PURGED_MARKER).is_file()


def test_a_worker_skips_the_purge_while_another_process_purges(site: Site, tmp_path: Path) -> None:
    work = tmp_path / "work"
    ledger = _expired_run(site, work)
    settings = SETTINGS.model_copy(
        update={"database_url": site.database_url, "work_dir": work, "run_retention_days": 30}
    )
    # Another process of the same work folder holds the purge lock.
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(work / PURGE_LOCK)], stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with TestClient(create_app(settings)) as client:
            assert client.get("/login").status_code == 200
            time.sleep(1)
            assert ledger.exists()  # skipped: the other process is purging
    finally:
        holder.kill()
        holder.communicate()
    with purging_alone(work) as alone:
        assert alone  # the lock is free again once its holder is gone
    with TestClient(create_app(settings)):
        deadline = time.monotonic() + 10
        while ledger.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert not ledger.exists()


_HOLD_LOCK = """
import fcntl, sys, time
handle = open(sys.argv[1], "a")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def test_settings_read_the_retention_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings.from_env("sqlite:///x.db").run_retention_days == 90
    monkeypatch.setenv("HEDUI_RUN_RETENTION_DAYS", "7")
    monkeypatch.setenv("HEDUI_HEALTH_RETENTION_DAYS", "30")
    settings = Settings.from_env("sqlite:///x.db")
    assert (settings.run_retention_days, settings.health_retention_days) == (7, 30)
