"""Background jobs: long tasks (an import, a linkage run) report their progress here.

A web request must not wait minutes for Splink; the page starts a job and polls its row, drawing
a progress bar from ``progress`` (0 to 1, enforced by a CHECK constraint) and ``message``. The
outcome lands in ``result`` as JSON, or the error message in ``message`` with status ``failed``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hedui.store.base import Base, UtcDateTime, str_enum, utcnow

__all__ = ["Job", "JobStatus"]


class JobStatus(StrEnum):
    """A job's life: queued, running, then succeeded or failed."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(Base):
    """One background task and how far it has got."""

    __tablename__ = "jobs"
    __table_args__ = (CheckConstraint("progress >= 0 AND progress <= 1", name="progress_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[JobStatus] = mapped_column(
        str_enum(JobStatus, 16),
        index=True,
    )
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(Text)
    area_code: Mapped[str] = mapped_column(String(12), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
