"""The reconciliation page: start a run for a month, watch its progress, read its summary.

A run is a background job (:mod:`hedui.web.background`): the page starts it and then polls a
small fragment every second, which draws a ``<progress>`` bar with the current step; when the
job ends the fragment stops polling and shows the result, or the error. The page can be left
and opened again from the list of recent runs. Township officers reconcile their township,
the county admin the county; a village clerk works the cases that result.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.period import parse_period
from hedui.runs import RunFolder, reconcile_period
from hedui.store.jobs import Job, JobStatus
from hedui.store.users import Role, User
from hedui.web.background import JobContext, get_job, job_runner, recent_jobs
from hedui.web.case_labels import CASE_LABELS
from hedui.web.forms import FormFields, redirect
from hedui.web.i18n import DEFAULT_LOCALE, locale_of
from hedui.web.jurisdiction import allow
from hedui.web.state import DbSession, get_state
from hedui.web.templating import CHINA_TIME

__all__ = ["JOB_KIND", "RECONCILER", "Reconciler", "router"]

router = APIRouter()

JOB_KIND = "reconcile"
RECONCILER = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER)
"""Who may start a reconciliation: the county admin and township officers, for their area."""
Reconciler = Annotated[User, Depends(RECONCILER)]


def _last_month() -> str:
    today = datetime.now(CHINA_TIME).date()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return f"{year:04d}-{month:02d}"


@router.get("/reconcile")
def reconcile_page(request: Request, session: DbSession, user: Reconciler) -> Response:
    """The form to start a run, and the area's recent runs."""
    return _page(request, session, user, period=_last_month())


@router.post("/reconcile")
def start_reconciliation(
    request: Request, session: DbSession, user: Reconciler, form: FormFields
) -> Response:
    """Start a run for the chosen month over the user's area; go to its progress page."""
    text = form.get("period", "").strip()
    try:
        period = parse_period(text)
        if period.month is None:
            raise InvalidInputError("请选择月份 / choose a month")
    except InvalidInputError as error:
        return _page(request, session, user, period=text, error=error.message, status=422)
    settings = get_state(request).settings
    user_id, area_code = user.id, user.area_code

    def work(context: JobContext) -> dict[str, Any]:
        actor = context.session.get(User, user_id)
        outcome = reconcile_period(
            context.session,
            period=period,
            area_code=area_code,
            folder=RunFolder.under(settings.work_path, f"job-{context.job_id}"),
            actor=actor,
            progress=context.progress,
        )
        return outcome.to_dict()

    job_id = job_runner(request).start(
        kind=JOB_KIND,
        area_code=area_code,
        actor_id=user_id,
        work=work,
        params={"period": period.label},
    )
    return redirect(f"/reconcile/jobs/{job_id}")


@router.get("/reconcile/jobs/{job_id}")
def job_page(request: Request, job_id: int, session: DbSession, user: Reconciler) -> Response:
    """One run: its live progress while it runs, its summary once done."""
    job = get_job(session, job_id, area_code=user.area_code, kind=JOB_KIND)
    context = {
        **CASE_LABELS,
        "job": _job_view(request, job),
        "jobs": _recent(request, session, user),
    }
    return get_state(request).templates.render(request, "reconcile/job.html", context)


@router.get("/reconcile/jobs/{job_id}/progress")
def job_progress(request: Request, job_id: int, session: DbSession, user: Reconciler) -> Response:
    """The progress fragment HTMX polls; it stops polling once the job has ended."""
    job = get_job(session, job_id, area_code=user.area_code, kind=JOB_KIND)
    context = {**CASE_LABELS, "job": _job_view(request, job)}
    return get_state(request).templates.render(request, "reconcile/_progress.html", context)


def _page(
    request: Request,
    session: DbSession,
    user: User,
    *,
    period: str,
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {"period": period, "error": error, "jobs": _recent(request, session, user)}
    return get_state(request).templates.render(
        request, "reconcile/index.html", context, status_code=status
    )


def _recent(request: Request, session: DbSession, user: User) -> list[dict[str, Any]]:
    jobs = recent_jobs(session, area_code=user.area_code, kind=JOB_KIND)
    return [_job_view(request, job) for job in jobs]


def _job_view(request: Request, job: Job) -> dict[str, Any]:
    """A job as the templates show it: the row, with live progress when it is running here."""
    active = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    live = job_runner(request).live(job.id) if active else None
    result = job.result or {}
    return {
        "id": job.id,
        "status": job.status.value,
        "active": active,
        "fraction": live.fraction if live else job.progress,
        "step": _in_language(live.message, locale_of(request)) if live else "",
        "message": job.message or "",
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "area_code": job.area_code,
        "period": result.get("period", ""),
        "summary": _summary(result),
    }


_BILINGUAL = re.compile(r"^(?P<zh>[^A-Za-z]+?)\s+(?P<en>[A-Za-z].*)$")


def _in_language(step: str, locale: str) -> str:
    """The half of a bilingual step name (``导出台账 exporting the ledger``) in ``locale``."""
    match = _BILINGUAL.match(step)
    if match is None:
        return step
    return match.group("zh") if locale == DEFAULT_LOCALE else match.group("en")


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of a finished run (zeros for what a result lacks)."""
    summary = result.get("summary") or {}
    linkage = result.get("linkage") or {}
    by_kind = summary.get("by_kind") or {}
    counts = ("findings", "new", "seen_again", "recurring")
    return {
        **{name: int(summary.get(name) or 0) for name in counts},
        "kinds": sorted(by_kind.items(), key=lambda item: (-item[1], item[0])),
        "records": int(linkage.get("records") or 0),
        "clusters": int(linkage.get("clusters") or 0),
        "sources": len(result.get("exported") or {}),
        "figures_error": result.get("figures"),
    }
