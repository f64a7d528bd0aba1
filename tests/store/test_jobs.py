"""Jobs: progress is a fraction, enforced by the database."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from hedui.errors import StoreError
from hedui.store.db import transaction
from hedui.store.jobs import Job, JobStatus


def test_job_progress_within_zero_and_one(session: Session) -> None:
    with transaction(session):
        job = Job(
            kind="linkage",
            status=JobStatus.RUNNING,
            progress=0.5,
            area_code="320924",
            message="正在比对 / comparing",
            result={"pairs": 1200},
        )
        session.add(job)
    assert (job.progress, job.result) == (0.5, {"pairs": 1200})
    with pytest.raises(StoreError, match="progress_range"), transaction(session):
        session.add(Job(kind="linkage", status=JobStatus.RUNNING, progress=1.5, area_code="320924"))
