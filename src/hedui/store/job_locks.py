"""Background jobs across worker processes: one lock row, and a lease per job with its progress.

``hedui serve --workers N`` runs N processes, each with its own thread that runs jobs
(:mod:`hedui.web.background`). Two things must then live in the database rather than in one
process's memory:

* **the lock** — two reconciliations at once would compete for the same cores and the same
  write lock, and each would take longer than the two in turn. A job runs only while it holds
  the row of ``job_locks`` named for it (:func:`take_lock`; the primary key makes taking it
  atomic on SQLite and PostgreSQL alike). A lock whose job has ended, or whose process stopped
  renewing its lease, is taken over.
* **the lease** — ``job_leases`` has one row per queued or running job: which process holds it
  (``holder``), when that process last said it is alive (``heartbeat_at``) and where the job
  stands (``fraction``, ``step``, ``counted``), so the progress bar shows the same in every
  worker, and a starting worker fails only the jobs whose process has really gone.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Float, ForeignKey, String, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.store.base import Base, UtcDateTime, utcnow
from hedui.store.jobs import Job, JobStatus

__all__ = [
    "LEASE_STALE_AFTER",
    "JobLease",
    "JobLock",
    "LeaseProgress",
    "abandoned_jobs",
    "end_lease",
    "holder_gone",
    "lease_progress",
    "open_lease",
    "process_name",
    "release_lock",
    "renew_leases",
    "take_lock",
]

LEASE_STALE_AFTER = timedelta(seconds=90)
"""A lease not renewed for this long belongs to a process that has stopped."""


def process_name() -> str:
    """This process, as a lease names it: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


class JobLock(Base):
    """A named lock: the job that holds it, and the process that runs that job."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))
    holder: Mapped[str] = mapped_column(String(128))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class JobLease(Base):
    """A queued or running job's process, its last sign of life, and its progress."""

    __tablename__ = "job_leases"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    fraction: Mapped[float] = mapped_column(Float, default=0.0)
    step: Mapped[str] = mapped_column(String(200), default="")
    counted: Mapped[str] = mapped_column(String(64), default="")


@dataclass(frozen=True)
class LeaseProgress:
    """Where a job stands, as its process last wrote it."""

    fraction: float
    step: str
    counted: str


def open_lease(session: Session, job_id: int, holder: str) -> None:
    """Give a new job its lease (in the transaction that creates the job)."""
    session.add(JobLease(job_id=job_id, holder=holder, heartbeat_at=utcnow()))


def renew_leases(
    session: Session, holder: str, progress: dict[int, tuple[float, str, str]]
) -> None:
    """Say that ``holder``'s jobs are alive, with each one's progress ``(fraction, step,
    counted)``."""
    now = utcnow()
    for job_id, (fraction, step, counted) in progress.items():
        session.execute(
            update(JobLease)
            .where(JobLease.job_id == job_id, JobLease.holder == holder)
            .values(heartbeat_at=now, fraction=fraction, step=step[:200], counted=counted[:64])
        )


def end_lease(session: Session, job_id: int) -> None:
    """The job has ended: drop its lease."""
    session.execute(delete(JobLease).where(JobLease.job_id == job_id))


def lease_progress(session: Session, job_id: int) -> LeaseProgress | None:
    """The progress a job's process last wrote, or ``None`` when it has no lease."""
    lease = session.get(JobLease, job_id)
    if lease is None:
        return None
    return LeaseProgress(lease.fraction, lease.step, lease.counted)


def holder_gone(holder: str, heartbeat_at: datetime, now: datetime) -> bool:
    """Whether the process named ``holder`` has stopped.

    On this machine the answer is certain: is the process id still running? A holder on
    another machine (servers sharing a PostgreSQL database) is gone when it has not renewed its
    lease for :data:`LEASE_STALE_AFTER`.
    """
    host, _, pid = holder.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return heartbeat_at < now - LEASE_STALE_AFTER


def abandoned_jobs(session: Session, *, now: datetime | None = None) -> list[int]:
    """Queued or running jobs whose process is gone (:func:`holder_gone`), or that have no
    lease at all."""
    now = now or utcnow()
    query = (
        select(Job.id, JobLease.holder, JobLease.heartbeat_at)
        .outerjoin(JobLease, JobLease.job_id == Job.id)
        .where(Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)))
        .order_by(Job.id)
    )
    return [
        job_id
        for job_id, holder, heartbeat_at in session.execute(query)
        if holder is None or holder_gone(holder, heartbeat_at, now)
    ]


def take_lock(session: Session, name: str, job_id: int, holder: str) -> bool:
    """Take the lock ``name`` for ``job_id``; False while another living job holds it.

    A lock held by a job that has ended or been abandoned (see :func:`abandoned_jobs`) is
    taken over. Commits (the lock must be visible to the other processes at once).
    """
    try:
        # A statement, not session.add: the session may already hold this lock's row (from an
        # earlier call), and a second object with its key would be an error of the ORM's.
        session.execute(
            insert(JobLock).values(name=name, job_id=job_id, holder=holder, taken_at=utcnow())
        )
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
    lock = session.get(JobLock, name, populate_existing=True)
    if lock is None:
        return False  # released meanwhile: the caller tries again
    if lock.job_id == job_id:
        return True
    job = session.get(Job, lock.job_id)
    alive = job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    if alive and lock.job_id not in abandoned_jobs(session):
        session.rollback()
        return False
    taken = session.execute(
        update(JobLock)
        .where(JobLock.name == name, JobLock.job_id == lock.job_id)
        .values(job_id=job_id, holder=holder, taken_at=utcnow())
    )
    session.commit()
    return bool(getattr(taken, "rowcount", 0))


def release_lock(session: Session, name: str, job_id: int) -> None:
    """Let go of ``name`` if ``job_id`` holds it (the caller commits)."""
    session.execute(delete(JobLock).where(JobLock.name == name, JobLock.job_id == job_id))
