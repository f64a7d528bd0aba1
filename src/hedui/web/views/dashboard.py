"""The dashboard: the latest reconciliation's figures for the user's area, as charts.

Completeness of birth registration by township (capture–recapture, with intervals), births by
month, the sex ratio at birth with intervals against its normal range, the villages' data
quality ranked in bands, and cases opened and closed over time. Figures come from
:func:`hedui.runs.report_data` for the run covering the user's area
(:func:`hedui.runs.covering_run`), so the dashboard and the monthly report never disagree.
Until a run exists, the page says so and what to do. Links lead down to the cases behind a
village's figures, within the user's area.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import HeduiError
from hedui.period import parse_period
from hedui.runs import covering_run, report_data
from hedui.store.areas import is_within
from hedui.store.users import User
from hedui.web.dashboard_charts import cases_chart, report_charts
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker
from hedui.web.views.health_summary import dashboard_coverage

__all__ = ["router"]

router = APIRouter()


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, user: CaseWorker) -> Response:
    """The dashboard, or an explanation of why there is nothing to show yet."""
    run = covering_run(session, user.area_code)
    context: dict[str, Any] = {
        "run": run,
        "report": None,
        "charts": [],
        "error": None,
        "cases_chart": None,
    }
    if run is not None:
        try:
            report = report_data(
                session, period=parse_period(run.period), area_code=user.area_code, run=run
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
