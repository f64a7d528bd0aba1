"""The running application purges expired run files by itself, at start and then daily."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest

from hedui.reconcile.retention import PURGED_MARKER
from hedui.store.base import utcnow
from hedui.store.cases import ReconcileRun
from hedui.store.db import transaction
from hedui.web.app import create_app
from hedui.web.settings import Settings

from .conftest import SETTINGS, Site, TestClient


def test_the_application_purges_expired_run_files_on_start(site: Site, tmp_path: Path) -> None:
    work = tmp_path / "work"
    ledger = work / "runs" / "job-1" / "sources" / "village_ledger.csv"
    ledger.parent.mkdir(parents=True)
    ledger.write_text("张三,320924199001011234\n", encoding="utf-8")
    with site.session() as session, transaction(session):
        link = str(work / "runs" / "job-1" / "link")
        finished = utcnow() - timedelta(days=31)
        session.add(
            ReconcileRun(period="2025-12", area_code="320924", link_dir=link, finished_at=finished)
        )
    settings = SETTINGS.model_copy(
        update={"database_url": site.database_url, "work_dir": work, "run_retention_days": 30}
    )
    with TestClient(create_app(settings)) as client:
        deadline = time.monotonic() + 10
        while ledger.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/login").status_code == 200
    assert not ledger.exists() and (work / "runs" / "job-1" / PURGED_MARKER).is_file()


def test_settings_read_the_retention_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings.from_env("sqlite:///x.db").run_retention_days == 90
    monkeypatch.setenv("HEDUI_RUN_RETENTION_DAYS", "7")
    monkeypatch.setenv("HEDUI_HEALTH_RETENTION_DAYS", "30")
    settings = Settings.from_env("sqlite:///x.db")
    assert (settings.run_retention_days, settings.health_retention_days) == (7, 30)
