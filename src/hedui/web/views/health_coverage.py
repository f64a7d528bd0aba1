"""Coverage figures: exact for health workers (their township), suppressed for the county admin.

The county admin is not health staff: they see the county's figures with every count from 1 to
4 shown as "<5", as a public report would, and never a person.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.health.coverage import coverage_figures, suppressed_coverage_figures
from hedui.period import Period, parse_period
from hedui.store.users import Role
from hedui.web.state import DbSession
from hedui.web.views.health_common import CoverageReader, audit_view, render, today_in_china

router = APIRouter()


@router.get("/health/coverage")
def coverage_page(
    request: Request, session: DbSession, user: CoverageReader, period: str = ""
) -> Response:
    """One row per township, month and programme."""
    chosen: Period | None = None
    if period.strip():
        try:
            chosen = parse_period(period.strip())
        except InvalidInputError:
            chosen = None
    exact = user.role is Role.HEALTH_WORKER
    figures = (coverage_figures if exact else suppressed_coverage_figures)(
        session, area_code=user.area_code, period=chosen, today=today_in_china()
    )
    audit_view(session, request, user, target_type="health_coverage")
    context = {
        "rows": figures.to_dicts(),
        "exact": exact,
        "period": chosen.label if chosen else "",
    }
    return render(request, "health/coverage.html", context)
