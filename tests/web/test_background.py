"""The background job runner: every job ends, succeeded or failed, and its row says which."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from hedui.errors import LinkageError, NotFoundError
from hedui.store.db import make_engine, make_session_factory
from hedui.store.jobs import Job, JobStatus
from hedui.store.migrations import upgrade
from hedui.web.background import INTERRUPTED, JobContext, JobRunner, get_job, recent_jobs
from hedui.web.settings import Settings


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


def _finished(sessions: sessionmaker[Session], job_id: int, seconds: float = 20) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with sessions() as session:
            job = session.get(Job, job_id)
            assert job is not None
            if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def test_a_job_reports_live_progress_and_keeps_its_result(
    sessions: sessionmaker[Session],
) -> None:
    runner = JobRunner(sessions)
    halfway, release = threading.Event(), threading.Event()

    def work(context: JobContext) -> dict[str, Any]:
        context.progress.start("一半 halfway", 2)
        context.progress.advance("一半 halfway")
        halfway.set()
        release.wait(10)
        return {"answer": 42}

    job_id = runner.start(kind="test", area_code="320924", actor_id=None, work=work)
    assert halfway.wait(10)
    live = runner.live(job_id)
    assert live is not None
    assert (live.fraction, live.message, live.counted) == (0.5, "一半 halfway", "1 / 2")
    with sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status is JobStatus.RUNNING
    release.set()
    job = _finished(sessions, job_id)
    assert job.status is JobStatus.SUCCEEDED and job.result == {"answer": 42}
    assert job.progress == 1.0 and job.finished_at is not None
    assert runner.live(job_id) is None
    runner.shutdown()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (LinkageError("只有 3 条记录 / only 3 records"), "只有 3 条记录 / only 3 records"),
        (ZeroDivisionError("division by zero"), "任务意外中止（ZeroDivisionError: division"),
    ],
)
def test_a_failing_job_ends_failed_with_its_message(
    sessions: sessionmaker[Session], error: Exception, shown: str
) -> None:
    runner = JobRunner(sessions)

    def work(context: JobContext) -> dict[str, Any]:
        raise error

    job = _finished(
        sessions, runner.start(kind="test", area_code="320924", actor_id=None, work=work)
    )
    assert job.status is JobStatus.FAILED
    assert job.message is not None and job.message.startswith(shown)
    runner.shutdown()


def test_jobs_left_running_by_an_earlier_server_are_failed(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        old = Job(
            kind="test",
            status=JobStatus.RUNNING,
            area_code="320924",
            created_at=datetime(2020, 1, 1, tzinfo=UTC),
        )
        session.add(old)
        session.commit()
        old_id = old.id
    assert JobRunner(sessions).fail_interrupted() == 1
    with sessions() as session:
        job = session.get(Job, old_id)
        assert job is not None and job.status is JobStatus.FAILED and job.message == INTERRUPTED


def test_jobs_are_read_within_the_area_and_kind(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        jobs = [
            Job(kind="reconcile", status=JobStatus.SUCCEEDED, area_code=area)
            for area in ("320924101", "320924102")
        ]
        session.add_all(jobs)
        session.commit()
        mine, other = jobs[0].id, jobs[1].id
        assert get_job(session, mine, area_code="320924101", kind="reconcile").id == mine
        for job_id, kind in ((other, "reconcile"), (mine, "import")):
            with pytest.raises(NotFoundError):
                get_job(session, job_id, area_code="320924101", kind=kind)
        assert [j.id for j in recent_jobs(session, area_code="320924", kind="reconcile")] == [
            other,
            mine,
        ]


def test_work_directory_defaults_beside_the_sqlite_file(tmp_path: Path) -> None:
    key = "k" * 40
    beside = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", secret_key=key)
    assert beside.work_path == tmp_path / "hedui-work"
    chosen = Settings(database_url="sqlite:///x.db", secret_key=key, work_dir=tmp_path / "w")
    assert chosen.work_path == tmp_path / "w"
    server = Settings(database_url="postgresql+psycopg://db/hedui", secret_key=key)
    assert server.work_path == Path("hedui-work")
