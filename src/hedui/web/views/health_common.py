"""What the health pages share: who may see them, today's date in China, labels, view audit.

Access (documented in ``docs/health.md``):

* **health workers** (township level) see health data of their township only, and are the only
  role that sees anything about a person's enrolment;
* the **county admin** sees aggregate coverage figures, small cells suppressed, and the
  programme catalogue, and may add a programme; never a person;
* every other role gets 403 on every health page.

Every health page and export writes an audit entry naming the page and, for an enrolment, its
number — never a name, ID number, programme or result, because the audit log is read by county
admins.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.audit import AuditAction, write_audit
from hedui.store.db import transaction
from hedui.store.users import Role, User
from hedui.web.auth import client_address
from hedui.web.i18n import N_
from hedui.web.jurisdiction import allow
from hedui.web.state import get_state
from hedui.web.templating import CHINA_TIME

__all__ = [
    "COVERAGE_READER",
    "HEALTH_WORKER",
    "RESULT_LABELS",
    "SEX_OFFERED",
    "STATUS_LABELS",
    "CoverageReader",
    "HealthWorker",
    "audit_view",
    "lapse_days",
    "parse_day",
    "render",
    "today_in_china",
]

HEALTH_WORKER = allow(Role.HEALTH_WORKER)
COVERAGE_READER = allow(Role.HEALTH_WORKER, Role.COUNTY_ADMIN)
"""Aggregate figures and the programme catalogue: health workers and the county admin."""

HealthWorker = Annotated[User, Depends(HEALTH_WORKER)]
CoverageReader = Annotated[User, Depends(COVERAGE_READER)]

RESULT_LABELS = {
    "negative": N_("Negative / none"),
    "positive": N_("Positive / found"),
    "unclear": N_("Unclear"),
}
SEX_OFFERED = {"female": N_("women"), "male": N_("men"), "any": N_("women and men")}
STATUS_LABELS = {
    "done": N_("Done"),
    "declined": N_("Declined"),
    "upcoming": N_("Upcoming"),
    "due": N_("Due"),
    "overdue": N_("Overdue"),
    "lapsed": N_("Lapsed"),
}


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    """Render a health template with the health labels added to its context."""
    labels = {
        "RESULT_LABELS": RESULT_LABELS,
        "STATUS_LABELS": STATUS_LABELS,
        "SEX_OFFERED": SEX_OFFERED,
    }
    templates = get_state(request).templates
    return templates.render(request, name, {**labels, **context}, status_code=status_code)


def lapse_days(request: Request) -> int:
    """Days an overdue visit stays on the work list and the reminders (a setting)."""
    return get_state(request).settings.health_lapse_days


def today_in_china() -> date:
    """The calendar day in China: a visit due "today" is due on the county's today."""
    return datetime.now(CHINA_TIME).date()


def parse_day(text: str | None) -> date | None:
    """A ``YYYY-MM-DD`` form value, or ``None`` when blank or not a date."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def audit_view(
    session: Session,
    request: Request,
    user: User,
    *,
    action: AuditAction = AuditAction.HEALTH_VIEWED,
    target_type: str,
    target_id: int | None = None,
    area_code: str | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    """Log that ``user`` looked at (or exported) health data, in its own transaction."""
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=action,
            area_code=area_code or user.area_code,
            target_type=target_type,
            target_id=target_id,
            detail=detail,
            ip_address=client_address(request),
        )
