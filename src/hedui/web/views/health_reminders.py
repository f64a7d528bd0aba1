"""Reminders for the village health worker: a printable page and a CSV, both audited.

Only people who enrolled, only their visits due within the chosen number of days. Downloading
the CSV (the list handed on) records that each reminder went out today, so it is a POST with the
CSRF token: a GET that writes could be set off by a link, a prefetch or a crawler.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.health.reminders import (
    DEFAULT_DAYS_AHEAD,
    Reminder,
    record_reminders,
    reminder_csv,
    reminders,
)
from hedui.store.areas import is_within
from hedui.store.db import transaction
from hedui.store.users import User
from hedui.web.auth import client_address
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


def _village(user: HealthWorker, village: str) -> str | None:
    village = village.strip()
    return village if len(village) == 12 and is_within(village, user.area_code) else None


def _days(days: int) -> int:
    return min(max(days, 0), 90)


def _found(
    session: Session, user: User, village: str, days: int, today: date, lapse: int
) -> list[Reminder]:
    """The reminders the page and the export share: due within ``days``, in the user's area,
    not lapsed (overdue for more than ``lapse`` days)."""
    return reminders(
        session,
        area_code=user.area_code,
        today=today,
        village_code=_village(user, village),
        days_ahead=_days(days),
        lapse_days=lapse,
    )


@router.get("/health/reminders")
def reminders_page(
    request: Request,
    session: DbSession,
    user: HealthWorker,
    village: str = "",
    days: int = DEFAULT_DAYS_AHEAD,
) -> Response:
    """The list to print, for one village or the whole township."""
    today = today_in_china()
    found = _found(session, user, village, days, today, lapse_days(request))
    audit_view(session, request, user, target_type="health_reminders")
    context = {"found": found, "village": village.strip(), "days": _days(days), "today": today}
    return render(request, "health/reminders.html", context)


@router.post("/health/reminders.csv")
def reminders_export(
    request: Request, session: DbSession, user: HealthWorker, form: FormFields
) -> Response:
    """The same list as CSV; each reminder is noted as sent today, and the export audited."""
    days = int(form["days"]) if form.get("days", "").isdigit() else DEFAULT_DAYS_AHEAD
    today = today_in_china()
    found = _found(session, user, form.get("village", ""), days, today, lapse_days(request))
    with transaction(session):
        record_reminders(
            session, found, actor=user, today=today, ip_address=client_address(request)
        )
    headers = {"Content-Disposition": 'attachment; filename="hedui-reminders.csv"'}
    return Response(reminder_csv(found), media_type="text/csv; charset=utf-8", headers=headers)
