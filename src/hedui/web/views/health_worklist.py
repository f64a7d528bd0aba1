"""The health worker's start page: flagged results, then visits due and overdue; and the list
of people enrolled in their township.

Searching that list by name is a POST: a name in the address (``?q=李秀兰``) would be written
to the access logs of hedui and of every proxy in front of it, and kept in the browser's
history, telling whoever reads them that this person takes part in a health programme.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.health.progress import load_progress
from hedui.health.worklist import work_list
from hedui.store.users import User
from hedui.web.forms import FormFields
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
def enrolments_page(request: Request, session: DbSession, user: HealthWorker) -> Response:
    """Everyone enrolled in the township, newest first."""
    return _enrolments(request, session, user, "")


@router.post("/health/enrolments")
def search_enrolments(
    request: Request, session: DbSession, user: HealthWorker, form: FormFields
) -> Response:
    """The same list filtered by a name sent in the form body, never in the address."""
    return _enrolments(request, session, user, form.get("q", ""))


def _enrolments(request: Request, session: Session, user: User, q: str) -> Response:
    people = load_progress(session, area_code=user.area_code)
    query = q.strip()
    if query:
        people = [p for p in people if query in p.enrolment.name]
    audit_view(session, request, user, target_type="health_enrolments")
    context = {"people": list(reversed(people)), "q": query, "today": today_in_china()}
    return render(request, "health/enrolments.html", context)
