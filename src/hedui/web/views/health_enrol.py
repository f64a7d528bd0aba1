"""Enrolling one person who agreed: the form, and saving it with the consent.

The form takes exactly one person; the consent fields (agreement, date, what was explained)
cannot be left out — the library refuses an enrolment without them, and the form says so.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import HeduiError
from hedui.health.catalogue import all_programmes, get_programme
from hedui.health.enrolment import Consent, Person, enrol
from hedui.health.retirement import retired_programmes
from hedui.store.db import transaction
from hedui.web.auth import client_address
from hedui.web.forms import FormFields, redirect
from hedui.web.state import DbSession
from hedui.web.views.health_common import HealthWorker, parse_day, render, today_in_china

router = APIRouter()


def _render(
    request: Request,
    session: DbSession,
    values: dict[str, str],
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    retired = retired_programmes(session)
    context = {
        "programmes": [p for p in all_programmes(session) if p.code not in retired],
        "values": values,
        "error": error,
        "today": today_in_china(),
    }
    return render(request, "health/enrol.html", context, status_code=status_code)


@router.get("/health/enrol")
def enrol_form(request: Request, session: DbSession, _user: HealthWorker) -> Response:
    """An empty form; the consent date defaults to today."""
    return _render(request, session, {"consent_date": today_in_china().isoformat()})


@router.post("/health/enrol")
def enrol_save(
    request: Request, session: DbSession, user: HealthWorker, form: FormFields
) -> Response:
    """Enrol the one person on the form, or show the form again with what is wrong."""
    try:
        with transaction(session):
            enrolment = enrol(
                session,
                get_programme(session, form.get("programme", "")),
                Person(
                    name=form.get("name", ""),
                    id_number=form.get("id_number", ""),
                    village_code=form.get("village_code", "").strip(),
                    contact=form.get("contact", ""),
                ),
                Consent(
                    agreed=form.get("consent_agreed") == "yes",
                    consent_date=parse_day(form.get("consent_date")),
                    explained=form.get("consent_explained", ""),
                ),
                actor=user,
                today=today_in_china(),
                ip_address=client_address(request),
            )
    except HeduiError as error:
        return _render(request, session, form, error.message, status_code=422)
    return redirect(f"/health/enrolments/{enrolment.id}?saved=enrolled")
