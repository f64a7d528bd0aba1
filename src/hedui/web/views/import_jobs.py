"""An import's own page: its progress while it runs, then its result and the error file.

The import runs as a background job (:mod:`hedui.web.background`); the page polls a small
fragment every second that draws the progress bar and, once the job has ended, the result: how
many rows were imported and quarantined, the rows with errors (row, field, reason), and the
error file to download. Downloading it is written to the audit log, since it holds the rows'
personal data. The job's id travels as a query parameter (``/imports/job?id=7``); an unknown id
or one of another area is "not found", as everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import NotFoundError
from hedui.store.audit import AuditAction, write_audit
from hedui.store.db import transaction
from hedui.store.import_queries import batch_problems
from hedui.store.importing import batch_outcome, quarantine_file
from hedui.store.imports import ImportBatch, QuarantinedRow
from hedui.store.jobs import Job, JobStatus
from hedui.store.users import User
from hedui.web.auth import client_address
from hedui.web.background import get_job, job_runner
from hedui.web.case_labels import CASE_LABELS
from hedui.web.forms import parse_id, redirect
from hedui.web.state import DbSession, get_state
from hedui.web.views.imports import IMPORT_FIELD_LABELS, JOB_KIND, Importer

__all__ = ["SHOWN_PROBLEMS", "router"]

router = APIRouter()

JobNumber = Annotated[str, Query(alias="id")]

SHOWN_PROBLEMS = 500
"""Problems listed on the page; the error file has all of them."""


@router.get("/imports/job")
def job_page(
    request: Request, session: DbSession, user: Importer, number: JobNumber = ""
) -> Response:
    """One import: its live progress, then its result."""
    return _render_job(request, session, user, number, "imports/job.html")


@router.get("/imports/job/progress")
def job_progress(
    request: Request, session: DbSession, user: Importer, number: JobNumber = ""
) -> Response:
    """The fragment the job page polls; it stops polling once the import has ended."""
    return _render_job(request, session, user, number, "imports/_job.html")


def _render_job(
    request: Request, session: Session, user: User, number: str, template: str
) -> Response:
    """The job page or its polled fragment (no number: back to the upload page)."""
    if not number:
        return redirect("/imports")
    context = _context(request, session, _job(session, number, user.area_code))
    return get_state(request).templates.render(request, template, context)


@router.get("/imports/job/errors.csv")
def download_errors(
    request: Request, session: DbSession, user: Importer, number: JobNumber = ""
) -> Response:
    """The import's rows with errors as CSV (UTF-8 with BOM), for the clerk to fix; audited."""
    if not number:
        return redirect("/imports")
    job = _job(session, number, user.area_code)
    result = job.result or {}
    batch = session.get(ImportBatch, result.get("batch_id", 0))
    if job.status is not JobStatus.SUCCEEDED or batch is None:
        raise NotFoundError("这次导入没有错误文件 / this import has no error file")
    saved = get_state(request).settings.work_path / "uploads" / result["token"] / "errors.csv"
    data = saved.read_bytes() if saved.is_file() else quarantine_file(batch_outcome(session, batch))
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.IMPORT_ERRORS_DOWNLOADED,
            area_code=job.area_code,
            target_type="import_batch",
            target_id=batch.id,
            detail={"file": batch.file_name},
            ip_address=client_address(request),
        )
    name = f"{batch.file_name.rsplit('.', 1)[0]}-错误行-batch{batch.id}.csv"
    disposition = (
        f"attachment; filename=\"errors-batch{batch.id}.csv\"; filename*=UTF-8''{quote(name)}"
    )
    return Response(
        data, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition}
    )


def _job(session: DbSession, text: str, area_code: str) -> Job:
    number = parse_id(text)
    if number is None:
        raise NotFoundError(f"没有编号为 {text} 的导入 / no import with number {text}")
    return get_job(session, number, area_code=area_code, kind=JOB_KIND)


def _context(request: Request, session: DbSession, job: Job) -> dict[str, Any]:
    active = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    live = job_runner(request).live(job.id) if active else None
    result = job.result or {}
    problems: list[QuarantinedRow] = []
    problem_count = 0
    if job.status is JobStatus.SUCCEEDED and "batch_id" in result:
        found = batch_problems(session, result["batch_id"], SHOWN_PROBLEMS)
        problem_count, problems = found.count, found.first
    return {
        **CASE_LABELS,
        "IMPORT_FIELD_LABELS": IMPORT_FIELD_LABELS,
        "job": job,
        "active": active,
        "fraction": live.fraction if live else job.progress,
        "step": live.counted if live else "",
        "result": result,
        "imported_at": datetime.fromisoformat(result["imported_at"]) if result else None,
        "problems": problems,
        "problem_count": problem_count,
        "shown": SHOWN_PROBLEMS,
    }
