"""Background jobs for the web: long work runs in a worker thread, the page polls its progress.

A reconciliation links the whole ledger with Splink; no web request may wait for it. A page
calls :meth:`JobRunner.start`, which writes a :class:`~hedui.store.jobs.Job` row (``queued``)
with its lease (:mod:`hedui.store.job_locks`) and hands the work to a small thread pool. The row
then moves to ``running`` and finally to ``succeeded`` with the work's result, or to ``failed``
with the error's message — every error, expected or not, ends the job, so a progress bar can
never spin forever.

``hedui serve --workers N`` runs N processes, each with its own runner, so two things are kept
in the database. A job runs only while it holds the one lock row (:data:`JOB_LOCK`): two jobs
started in two workers run one after the other, as they did in one process, and the second
waits ``queued`` meanwhile. And the progress: the work reports it to memory (it may be holding
the database's one write lock while it saves its cases, and must not wait on a write of its
own), and a heartbeat thread copies it into the job's lease every :data:`HEARTBEAT` seconds, so
the page shows it whichever worker answers. A job whose process has stopped (its lease's
process is gone) is marked failed when a runner starts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import HTTPConnection

from hedui.errors import HeduiError, NotFoundError
from hedui.progress import BarState, OneBar, Progress
from hedui.store.areas import in_area, is_within
from hedui.store.base import utcnow
from hedui.store.db import transaction
from hedui.store.job_locks import (
    abandoned_jobs,
    end_lease,
    lease_progress,
    open_lease,
    process_name,
    release_lock,
    renew_leases,
    take_lock,
)
from hedui.store.jobs import Job, JobStatus
from hedui.web.state import get_state

__all__ = [
    "HEARTBEAT",
    "INTERRUPTED",
    "JOB_LOCK",
    "JobContext",
    "JobRunner",
    "JobWork",
    "LiveProgress",
    "get_job",
    "job_runner",
    "recent_jobs",
]

_log = logging.getLogger(__name__)

INTERRUPTED = (
    "服务器在任务运行时停止，任务未完成，请重新开始 / the server stopped while this job was "
    "running; it did not finish, start it again"
)
_UNEXPECTED = (
    "任务意外中止（{error}），请重试或联系管理员 / the job stopped unexpectedly ({error}); "
    "try again or ask your administrator"
)
_ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
JOB_LOCK = "background"
"""The lock row every job holds while it runs: one job at a time across all worker processes."""
HEARTBEAT = 2.0
"""Seconds between two copies of this process's jobs' progress into their leases."""


@dataclass(frozen=True)
class JobContext:
    """What a job's work is given: its number, a session of its own, where to report progress.

    ``progress`` takes the library's steps (:mod:`hedui.progress`) and keeps them, as one bar,
    in the runner's table of live jobs.
    """

    job_id: int
    session: Session
    progress: Progress


JobWork = Callable[[JobContext], dict[str, Any]]
"""The work of a job: return a JSON-ready result, or raise."""


@dataclass(frozen=True)
class LiveProgress:
    """Where a running job stands right now.

    Attributes:
        fraction: How far the whole job has got, 0 to 1.
        message: The step it is on (Chinese, then English).
        counted: That step's units done and to do (``1,000 / 5,000``), or "".
    """

    fraction: float
    message: str
    counted: str = ""


class JobRunner:
    """A thread pool that runs jobs and keeps their rows, leases and progress up to date.

    One worker by default, and one job at a time across processes (:data:`JOB_LOCK`): two
    reconciliations at once would compete for the same two cores and the same database write
    lock, and each would take longer than the two in turn.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        workers: int = 1,
        heartbeat: float = HEARTBEAT,
        lock_poll: float = 0.5,
    ) -> None:
        self._sessions = sessions
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hedui-job")
        self._lock = threading.Lock()
        self._live: dict[int, LiveProgress] = {}
        self._holder = process_name()
        self._heartbeat = heartbeat
        self._lock_poll = lock_poll
        self._stopping = threading.Event()
        self._beating: threading.Thread | None = None

    def fail_interrupted(self) -> int:
        """Mark jobs whose process has stopped as failed; return how many.

        Only jobs without a living process (:func:`~hedui.store.job_locks.abandoned_jobs`): a
        job queued or running in another worker of the same server is alive.
        """
        with self._sessions() as session, transaction(session):
            abandoned = abandoned_jobs(session)
            for job_id in abandoned:
                session.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status.in_(_ACTIVE))
                    .values(status=JobStatus.FAILED, message=INTERRUPTED, finished_at=utcnow())
                )
                end_lease(session, job_id)
                release_lock(session, JOB_LOCK, job_id)
        return len(abandoned)

    def start(
        self,
        *,
        kind: str,
        area_code: str,
        actor_id: int | None,
        work: JobWork,
        params: dict[str, Any] | None = None,
    ) -> int:
        """Queue ``work`` as a job of ``kind`` over ``area_code``; return the job's id.

        ``params`` (what the job was asked to do, e.g. the period) is kept as the job's result
        until the work replaces it with its own, so a list of jobs can show it meanwhile.
        """
        with self._sessions() as session, transaction(session):
            job = Job(
                kind=kind,
                status=JobStatus.QUEUED,
                progress=0.0,
                area_code=area_code,
                created_by_id=actor_id,
                result=params,
            )
            session.add(job)
            session.flush()
            job_id = job.id
            open_lease(session, job_id, self._holder)
        with self._lock:
            self._live[job_id] = LiveProgress(0.0, "")
            if self._beating is None:
                self._beating = threading.Thread(
                    target=self._beat, name="hedui-job-heartbeat", daemon=True
                )
                self._beating.start()
        self._pool.submit(self._run, job_id, work)
        return job_id

    def live(self, job_id: int) -> LiveProgress | None:
        """Where a queued or running job stands: from memory when it runs in this process,
        else as its process last wrote it to the lease; ``None`` when it has no lease."""
        with self._lock:
            live = self._live.get(job_id)
        if live is not None:
            return live
        with self._sessions() as session:
            lease = lease_progress(session, job_id)
        return None if lease is None else LiveProgress(lease.fraction, lease.step, lease.counted)

    def shutdown(self) -> None:
        """Wait for the running job to end and stop the workers."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._stopping.set()

    def _beat(self) -> None:
        """Copy the live progress of this process's jobs into their leases, until shut down."""
        while not self._stopping.wait(self._heartbeat):
            self._renew()

    def _renew(self) -> None:
        with self._lock:
            progress = {i: (p.fraction, p.message, p.counted) for i, p in self._live.items()}
        if not progress:
            return
        try:
            with self._sessions() as session, transaction(session):
                renew_leases(session, self._holder, progress)
        except Exception:
            # The database is busy (a job holds SQLite's write lock) or gone: the next beat
            # tries again; the job's own status is written by the job.
            _log.debug("could not renew job leases", exc_info=True)

    def _report(self, job_id: int) -> Progress:
        def show(state: BarState) -> None:
            live = LiveProgress(min(max(state.fraction, 0.0), 1.0), state.step, state.counted)
            with self._lock:
                self._live[job_id] = live

        return OneBar(show)

    def _wait_for_lock(self, job_id: int) -> None:
        """Wait, queued, until this job holds :data:`JOB_LOCK`."""
        while True:
            with self._sessions() as session:
                if take_lock(session, JOB_LOCK, job_id, self._holder):
                    return
            time.sleep(self._lock_poll)

    def _run(self, job_id: int, work: JobWork) -> None:
        try:
            self._wait_for_lock(job_id)
            self._update(job_id, status=JobStatus.RUNNING, started_at=utcnow())
            with self._sessions() as session:
                result = work(JobContext(job_id, session, self._report(job_id)))
        except HeduiError as error:
            self._end(job_id, JobStatus.FAILED, message=error.message)
        except Exception as error:
            _log.exception("job %s failed", job_id)
            text = _UNEXPECTED.format(error=f"{type(error).__name__}: {error}")
            self._end(job_id, JobStatus.FAILED, message=text)
        else:
            self._end(job_id, JobStatus.SUCCEEDED, result=result, progress=1.0)
        finally:
            with self._lock:
                self._live.pop(job_id, None)

    def _end(self, job_id: int, status: JobStatus, **values: Any) -> None:
        """Record the outcome, drop the lease and let go of the lock, in one transaction."""
        self._update(job_id, status=status, finished_at=utcnow(), ended=True, **values)

    def _update(self, job_id: int, *, ended: bool = False, **values: Any) -> None:
        try:
            with self._sessions() as session, transaction(session):
                session.execute(update(Job).where(Job.id == job_id).values(**values))
                if ended:
                    end_lease(session, job_id)
                    release_lock(session, JOB_LOCK, job_id)
        except Exception:
            # Nothing is left to tell: the database itself is gone (a deleted test folder, a
            # server shutting down). The job row keeps its last status.
            _log.exception("could not record job %s as %s", job_id, values.get("status"))


_RUNNERS_LOCK = threading.Lock()


def job_runner(connection: HTTPConnection) -> JobRunner:
    """The application's runner, made on first use (and then failing interrupted jobs)."""
    app_state = connection.app.state
    with _RUNNERS_LOCK:
        runner: JobRunner | None = getattr(app_state, "hedui_jobs", None)
        if runner is None:
            runner = JobRunner(get_state(connection).sessions)
            runner.fail_interrupted()
            app_state.hedui_jobs = runner
    return runner


def get_job(session: Session, job_id: int, *, area_code: str, kind: str) -> Job:
    """A job of ``kind`` over an area inside ``area_code``.

    Raises:
        NotFoundError: no such job, another kind, or another area (one answer for all three).
    """
    job = session.get(Job, job_id)
    if job is None or job.kind != kind or not is_within(job.area_code, area_code):
        raise NotFoundError(f"没有编号为 {job_id} 的任务 / no job with number {job_id}")
    return job


def recent_jobs(session: Session, *, area_code: str, kind: str, limit: int = 10) -> list[Job]:
    """The newest jobs of ``kind`` inside ``area_code``, newest first."""
    query = (
        select(Job)
        .where(Job.kind == kind, in_area(Job.area_code, area_code))
        .order_by(Job.created_at.desc(), Job.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
