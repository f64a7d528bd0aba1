"""The health worker's start page: flagged results, then visits due and overdue; and the list
of people enrolled in their township."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.health.progress import load_progress
from hedui.health.worklist import work_list
from hedui.web.state import DbSession
from hedui.web.views.health_common import (
    HealthWorker,
    audit_view,
    lapse_days,
    render,
    today_in_china,
)

router = APIRouter()


@router.get("/health")
def worklist_page(request: Request, session: DbSession, user: HealthWorker) -> Response:
    """Positive results waiting for a referral, then overdue and due visits."""
    today = today_in_china()
    lapse = lapse_days(request)
    found = work_list(session, area_code=user.area_code, today=today, lapse_days=lapse)
    audit_view(session, request, user, target_type="health_worklist")
    context = {"work": found, "today": today, "lapse_days": lapse}
    return render(request, "health/worklist.html", context)


@router.get("/health/enrolments")
def enrolments_page(
    request: Request, session: DbSession, user: HealthWorker, q: str = ""
) -> Response:
    """Everyone enrolled in the township (optionally filtered by name), newest first."""
    people = load_progress(session, area_code=user.area_code)
    query = q.strip()
    if query:
        people = [p for p in people if query in p.enrolment.name]
    audit_view(session, request, user, target_type="health_enrolments")
    context = {"people": list(reversed(people)), "q": query, "today": today_in_china()}
    return render(request, "health/enrolments.html", context)
