"""Run files are kept for the retention period, then their personal data is deleted.

Three folders under ``runs/``: job-1's run finished 100 days ago (past a 90-day retention),
job-2's 10 days ago, and job-3 is a failed job created 200 days ago that never made a run (its
exported ledger is there all the same). A purge at 90 days empties job-1 and job-3 but for
the model, the counts and the report's figures, and leaves job-2 alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import NotFoundError
from hedui.period import Period
from hedui.reconcile.retention import PURGED_MARKER, is_purged, purge_runs
from hedui.reports.link_figures import link_figures
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.base import utcnow
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.jobs import Job, JobStatus
from hedui.store.migrations import upgrade

PERSONAL = ("sources/village_ledger.csv", "link/records.parquet", "reconcile/findings.csv")
AGGREGATE = ("link/model.json", "reconcile/summary.json", "reconcile/report-figures-2025-12.json")
FIGURES = {"indicators": {"period": "2025-12"}, "estimates": [], "scorecard": {}}


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def make_run_folder(work: Path, name: str) -> Path:
    """A run folder with the files a web run leaves: personal ones and aggregate ones."""
    folder = work / "runs" / name
    for relative in (*PERSONAL, *AGGREGATE):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("张三,320924199001011234\n", encoding="utf-8")
    cache = {"fingerprint": {"period": "2025-12", "files": {}}, "figures": FIGURES}
    (folder / AGGREGATE[2]).write_text(json.dumps(cache), encoding="utf-8")
    return folder


def _add_run(session: Session, folder: Path, days_ago: int) -> None:
    finished = utcnow() - timedelta(days=days_ago)
    session.add(
        ReconcileRun(
            period="2025-12",
            area_code="320924",
            link_dir=str(folder / "link"),
            out_dir=str(folder / "reconcile"),
            started_at=finished,
            finished_at=finished,
            findings=0,
        )
    )


def test_purge_runs_deletes_personal_files_past_the_retention_only(
    session: Session, tmp_path: Path
) -> None:
    work = tmp_path / "hedui-work"
    old, recent, failed = (make_run_folder(work, f"job-{n}") for n in (1, 2, 3))
    _add_run(session, old, 100)
    _add_run(session, recent, 10)
    created = utcnow() - timedelta(days=200)
    session.add(
        Job(id=3, kind="reconcile", status=JobStatus.FAILED, area_code="320924101",
            created_at=created, finished_at=created)
    )  # fmt: skip
    session.flush()
    result = purge_runs(session, work, retention_days=90)
    session.commit()
    assert result.folders == ["runs/job-1", "runs/job-3"] and result.kept == ["runs/job-2"]
    assert result.files == 2 * len(PERSONAL)
    for folder in (old, failed):
        assert not any((folder / p).exists() for p in PERSONAL)
        assert all((folder / p).is_file() for p in AGGREGATE)
        assert (folder / PURGED_MARKER).is_file() and is_purged(folder / "link")
    assert all((recent / p).is_file() for p in (*PERSONAL, *AGGREGATE))
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.RUNS_PURGED)
    ).all()
    assert [(e.area_code, e.target_type, e.actor_username) for e in entries] == [
        ("320924", "reconcile_run", "(retention)"),
        ("320924101", "job", "(retention)"),
    ]
    # A second purge finds nothing more to do.
    assert purge_runs(session, work, retention_days=90).folders == []


def test_purge_runs_leaves_a_running_job_alone(session: Session, tmp_path: Path) -> None:
    work = tmp_path / "hedui-work"
    folder = make_run_folder(work, "job-7")
    started = utcnow() - timedelta(days=400)
    session.add(
        Job(id=7, kind="reconcile", status=JobStatus.RUNNING, area_code="320924",
            created_at=started, started_at=started)
    )  # fmt: skip
    session.flush()
    assert purge_runs(session, work, retention_days=0).kept == ["runs/job-7"]
    assert (folder / PERSONAL[0]).is_file()


def test_reports_read_the_kept_figures_of_a_purged_run(session: Session, tmp_path: Path) -> None:
    work = tmp_path / "hedui-work"
    folder = make_run_folder(work, "job-1")
    _add_run(session, folder, 100)
    session.flush()
    purge_runs(session, work, retention_days=90)
    figures = link_figures(folder / "link", Period(2025, 12), folder / "reconcile")
    assert figures == FIGURES
    with pytest.raises(NotFoundError, match="retention"):
        link_figures(folder / "link", Period(2025, 11), folder / "reconcile")
