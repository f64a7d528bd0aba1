"""The job lock row and the leases: taken once, taken over only from a job that is gone."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from sqlalchemy.orm import Session

from hedui.store.base import utcnow
from hedui.store.job_locks import (
    LEASE_STALE_AFTER,
    JobLock,
    abandoned_jobs,
    end_lease,
    holder_gone,
    lease_progress,
    open_lease,
    process_name,
    release_lock,
    renew_leases,
    take_lock,
)
from hedui.store.jobs import Job, JobStatus

HERE = process_name()


def _job(session: Session, status: JobStatus = JobStatus.QUEUED) -> int:
    job = Job(kind="reconcile", status=status, progress=0.0, area_code="320924")
    session.add(job)
    session.flush()
    open_lease(session, job.id, HERE)
    session.commit()
    return job.id


def test_one_job_holds_the_lock_until_it_lets_go(session: Session) -> None:
    first, second = _job(session), _job(session)
    assert take_lock(session, "background", first, HERE)
    assert take_lock(session, "background", first, HERE)  # already its own
    assert not take_lock(session, "background", second, HERE)  # the first is alive
    release_lock(session, "background", first)
    session.commit()
    assert take_lock(session, "background", second, HERE)


def test_a_lock_of_an_ended_job_is_taken_over(session: Session) -> None:
    first, second = _job(session), _job(session)
    assert take_lock(session, "background", first, HERE)
    job = session.get_one(Job, first)
    job.status = JobStatus.FAILED  # ended without letting go (a crash between two writes)
    session.commit()
    assert take_lock(session, "background", second, HERE)
    assert session.get_one(JobLock, "background").job_id == second


def test_progress_is_written_to_the_lease_and_gone_with_it(session: Session) -> None:
    job_id = _job(session, JobStatus.RUNNING)
    renew_leases(session, HERE, {job_id: (0.4, "链接记录 / linking", "400 / 1,000")})
    renew_leases(session, "another-host:1", {job_id: (0.9, "not this holder's", "")})
    session.commit()
    progress = lease_progress(session, job_id)
    assert progress is not None and (progress.fraction, progress.counted) == (0.4, "400 / 1,000")
    end_lease(session, job_id)
    session.commit()
    assert lease_progress(session, job_id) is None
    assert abandoned_jobs(session) == [job_id]  # running without a lease: its process is gone


def test_whether_a_holder_is_gone() -> None:
    now = utcnow()
    fresh, stale = now, now - LEASE_STALE_AFTER - timedelta(seconds=1)
    assert not holder_gone(HERE, stale, now)  # this process is running, however old its beat
    assert not holder_gone(f"{socket.gethostname()}:1", stale, now)  # pid 1 runs (not ours)
    unused = max(int(p) for p in os.listdir("/proc") if p.isdigit()) + 10_000
    assert holder_gone(f"{socket.gethostname()}:{unused}", fresh, now)
    # Another machine: only its heartbeat can tell.
    assert not holder_gone("other-machine:123", fresh, now)
    assert holder_gone("other-machine:123", stale, now)
