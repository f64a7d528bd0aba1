"""One enrolment: the consent, the schedule, results, referrals; recording each; withdrawal."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import HeduiError, NotFoundError
from hedui.health.progress import EnrolmentProgress, get_progress
from hedui.health.visits import (
    complete_referral,
    decline_visit,
    record_referral,
    record_visit,
)
from hedui.health.withdrawal import withdraw
from hedui.store.db import transaction
from hedui.store.users import User
from hedui.web.auth import client_address
from hedui.web.forms import FormFields, parse_id, redirect
from hedui.web.state import DbSession
from hedui.web.views.health_common import (
    HealthWorker,
    audit_view,
    lapse_days,
    parse_day,
    render,
    today_in_china,
)

router = APIRouter()


def _page(
    request: Request,
    session: DbSession,
    user: HealthWorker,
    enrolment_id: int,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    progress = get_progress(session, enrolment_id, area_code=user.area_code)
    audit_view(
        session,
        request,
        user,
        target_type="health_enrolment",
        target_id=enrolment_id,
        area_code=progress.enrolment.village_code,
    )
    recorder = session.get(User, progress.enrolment.consent_recorded_by_id)
    context = {
        "p": progress,
        "consent_recorded_by": recorder.username if recorder else "",
        "today": today_in_china(),
        "lapse_days": lapse_days(request),
        "error": error,
        "saved": request.query_params.get("saved", ""),
    }
    return render(request, "health/enrolment.html", context, status_code=status_code)


@router.get("/health/enrolments/{enrolment_id}")
def enrolment_page(
    request: Request, enrolment_id: int, session: DbSession, user: HealthWorker
) -> Response:
    """The person's programme page, for their health worker only."""
    return _page(request, session, user, enrolment_id)


Change = Callable[[EnrolmentProgress, dict[str, str]], object]
"""Records one thing on an enrolment from the form, raising a HeduiError when it cannot."""


def _change(
    request: Request,
    session: DbSession,
    user: HealthWorker,
    enrolment_id: int,
    saved: str,
    change: Change,
    form: dict[str, str],
) -> Response:
    """Apply ``change`` in one transaction; the page again with the error if it is refused."""
    progress = get_progress(session, enrolment_id, area_code=user.area_code)
    try:
        with transaction(session):
            change(progress, form)
    except NotFoundError:
        raise
    except HeduiError as error:
        return _page(request, session, user, enrolment_id, error=error.message, status_code=422)
    return redirect(f"/health/enrolments/{enrolment_id}?saved={saved}")


@router.post("/health/enrolments/{enrolment_id}/visit")
def save_visit(
    request: Request, enrolment_id: int, session: DbSession, user: HealthWorker, form: FormFields
) -> Response:
    """Record the visit named by the form's ``visit_key`` with its fields."""

    def change(progress: EnrolmentProgress, form: dict[str, str]) -> object:
        return record_visit(
            session,
            progress,
            form.get("visit_key", ""),
            visit_date=parse_day(form.get("visit_date")),
            values={k.removeprefix("v-"): v for k, v in form.items() if k.startswith("v-")},
            actor=user,
            today=today_in_china(),
            ip_address=client_address(request),
        )

    return _change(request, session, user, enrolment_id, "visit", change, form)


@router.post("/health/enrolments/{enrolment_id}/decline")
def save_decline(
    request: Request, enrolment_id: int, session: DbSession, user: HealthWorker, form: FormFields
) -> Response:
    """Record that the person does not want the visit named by the form's ``visit_key``."""

    def change(progress: EnrolmentProgress, form: dict[str, str]) -> object:
        return decline_visit(
            session,
            progress,
            form.get("visit_key", ""),
            declined_on=parse_day(form.get("declined_on")),
            actor=user,
            today=today_in_china(),
            ip_address=client_address(request),
        )

    return _change(request, session, user, enrolment_id, "declined", change, form)


@router.post("/health/enrolments/{enrolment_id}/referral")
def save_referral(
    request: Request, enrolment_id: int, session: DbSession, user: HealthWorker, form: FormFields
) -> Response:
    """Record a referral (form has ``visit_id``) or its completion (form has ``referral_id``)."""

    def change(progress: EnrolmentProgress, form: dict[str, str]) -> object:
        if form.get("referral_id"):
            return complete_referral(
                session,
                progress,
                _number(form["referral_id"]),
                completed_on=parse_day(form.get("completed_on")),
                actor=user,
                today=today_in_china(),
                ip_address=client_address(request),
            )
        return record_referral(
            session,
            progress,
            _number(form.get("visit_id", "")),
            referred_on=parse_day(form.get("referred_on")),
            referred_to=form.get("referred_to", ""),
            actor=user,
            today=today_in_china(),
            ip_address=client_address(request),
        )

    return _change(request, session, user, enrolment_id, "referral", change, form)


@router.post("/health/enrolments/{enrolment_id}/withdraw")
def save_withdrawal(
    request: Request, enrolment_id: int, session: DbSession, user: HealthWorker, form: FormFields
) -> Response:
    """Withdraw the person (the form must confirm it); their data is erased."""
    if form.get("confirm") != "yes":
        message = "请勾选确认本人要求退出 / tick the box confirming the person asked to withdraw"
        return _page(request, session, user, enrolment_id, error=message, status_code=422)
    with transaction(session):
        withdraw(
            session,
            enrolment_id,
            actor=user,
            today=today_in_china(),
            ip_address=client_address(request),
        )
    return redirect("/health/enrolments?withdrawn=1")


def _number(text: str) -> int:
    number = parse_id(text)
    if number is None:
        raise NotFoundError(f"没有编号 {text} / no item {text}")
    return number
