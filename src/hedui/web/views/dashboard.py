"""The dashboard: the latest reconciliation's figures for the user's area, as charts.

Completeness of birth registration by township (capture–recapture, with intervals), births by
month, the sex ratio at birth with intervals against its normal range, the villages' data
quality ranked in bands, and cases opened and closed over time. Figures come from
:func:`hedui.reports.data.collect_report` for the newest run covering the user's area, so the
dashboard and the monthly report never disagree. Until a run exists, the page says so and
what to do. Links lead down to the cases behind a village's figures, within the user's area.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import HeduiError
from hedui.period import parse_period
from hedui.reports.data import collect_report
from hedui.store.areas import is_within
from hedui.store.cases import ReconcileRun
from hedui.store.users import User
from hedui.web.dashboard_charts import cases_chart, report_charts
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker
from hedui.web.views.health_summary import dashboard_coverage

__all__ = ["latest_run", "router"]

router = APIRouter()


def latest_run(session: Session, area_code: str) -> ReconcileRun | None:
    """The newest finished run whose area contains ``area_code`` (a county run covers its
    townships and villages)."""
    query = (
        select(ReconcileRun)
        .where(ReconcileRun.finished_at.is_not(None))
        .order_by(ReconcileRun.finished_at.desc(), ReconcileRun.id.desc())
    )
    for run in session.scalars(query):
        if is_within(area_code, run.area_code):
            return run
    return None


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, user: CaseWorker) -> Response:
    """The dashboard, or an explanation of why there is nothing to show yet."""
    run = latest_run(session, user.area_code)
    context: dict[str, Any] = {
        "run": run,
        "report": None,
        "charts": [],
        "error": None,
        "cases_chart": None,
    }
    if run is not None:
        try:
            report = collect_report(
                session, period=parse_period(run.period), area_code=user.area_code
            )
        except HeduiError as error:
            context["error"] = error.message
        else:
            context.update(_figures(report.to_dict(), user))
            context["report"] = report
            context["charts"] = report_charts(report)
            over_time = [
                (row["month"], int(row["opened"]), int(row["closed"]))
                for row in report.cases["over_time"]
            ]
            context["cases_chart"] = cases_chart(over_time) if over_time else None
    context["health_coverage"] = dashboard_coverage(session, request, user, run)
    return get_state(request).templates.render(request, "dashboard/index.html", context)


def _figures(figures: dict[str, Any], user: User) -> dict[str, Any]:
    """The ranking of villages (worst band first) with a link where the user may follow it."""
    villages = sorted(
        ({**row} for row in figures["scorecard"]["villages"]),  # the figures are shared: copy
        key=lambda row: (-int(row["band"]), float(row["score"] or 0.0), row["village_code"]),
    )
    for row in villages:
        row["link"] = is_within(row["village_code"], user.area_code)
    cases = figures["cases"]
    return {
        "villages": villages,
        "bands": int(figures["scorecard"]["bands"]),
        "case_totals": {"total": cases["total"], "open": cases["open"]},
        "linkage_error": figures["linkage_error"],
    }
