"""The health section of the dashboard: coverage aggregates, suppressed, for the county admin.

The dashboard belongs to the reconciliation pages; it calls :func:`dashboard_coverage` and
includes ``health/_dashboard.html``. Only the county admin gets figures (township officers and
village clerks are not health staff and see no health section); health workers have their own
exact coverage page. The view is audited like every health page.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from hedui.health.coverage import suppressed_coverage_figures
from hedui.period import Period, parse_period
from hedui.reports.store_figures import RunInfo
from hedui.store.users import Role, User
from hedui.web.views.health_common import audit_view, today_in_china

__all__ = ["dashboard_coverage"]


def dashboard_coverage(
    session: Session, request: Request, user: User, run: RunInfo | None
) -> list[dict[str, Any]] | None:
    """Suppressed coverage rows for the run's period (else this year), or ``None`` if the user
    may not see health figures."""
    if user.role is not Role.COUNTY_ADMIN:
        return None
    today = today_in_china()
    period = parse_period(run.period) if run is not None else Period(today.year)
    figures = suppressed_coverage_figures(
        session, area_code=user.area_code, period=period, today=today
    )
    audit_view(session, request, user, target_type="health_coverage")
    return figures.to_dicts()
