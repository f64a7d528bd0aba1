"""The dashboard: the covering run's figures for the user's area, as charts that help decide.

Each chart answers one question a township or county officer asks, and each mark leads to the
list behind it (:mod:`hedui.web.dashboard_figures`): which villages keep their records worse
than the rest of the county; whether registration is becoming more complete month by month;
whether cases are being closed; and the sex ratio at birth, where the births are enough to
tell. Figures come from :func:`hedui.runs.report_data` for the run covering the user's area
(:func:`hedui.runs.covering_run`), so the dashboard and the monthly report never disagree;
the month-by-month completeness from the same run's linked events. Until a run exists, the
page says so and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.cache import KeptAnswers, kept_answers
from hedui.errors import HeduiError
from hedui.period import parse_period
from hedui.reports.data import ReportData
from hedui.reports.store_figures import RunInfo
from hedui.runs import covering_run, report_data
from hedui.stats.monthly_completeness import MonthCompleteness, monthly_completeness
from hedui.store.areas import is_within
from hedui.store.case_days import cases_by_day
from hedui.store.case_tallies import tallies_in
from hedui.store.divisions import division_names, place_label
from hedui.store.users import User
from hedui.web.dashboard_figures import (
    DIMENSION_NAMES,
    cases_chart,
    cases_link,
    completeness_chart,
    latest_change,
    sex_ratio_chart,
    villages_chart,
)
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker
from hedui.web.views.health_summary import dashboard_coverage

__all__ = ["router"]

router = APIRouter()

_MONTHS: KeptAnswers[list[MonthCompleteness]] = kept_answers("dashboard months", 32)
"""A run's month-by-month completeness per area: a run's links never change."""


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, user: CaseWorker) -> Response:
    """The dashboard, or an explanation of why there is nothing to show yet."""
    run = covering_run(session, user.area_code)
    context: dict[str, Any] = {"run": run, "report": None, "error": None}
    if run is not None:
        try:
            report = report_data(
                session, period=parse_period(run.period), area_code=user.area_code, run=run
            )
            months = _months(run, report)
        except HeduiError as error:
            context["error"] = error.message
        else:
            context.update(_charts(session, report, months, user))
            context["report"] = report
    context["health_coverage"] = dashboard_coverage(session, request, user, run)
    return get_state(request).templates.render(request, "dashboard/index.html", context)


def _months(run: RunInfo, report: ReportData) -> list[MonthCompleteness]:
    key = (run.id, run.finished_at, run.link_dir, report.period.label, report.area_code)
    return _MONTHS.get(
        key,
        lambda: monthly_completeness(run.link_dir, report.period, area_code=report.area_code),
    )


def _charts(
    session: Session, report: ReportData, months: list[MonthCompleteness], user: User
) -> dict[str, Any]:
    """Every chart and the village table, places named, links within the user's area."""
    names = division_names(session)
    place: Callable[[str], str] = lambda code: place_label(code, names)  # noqa: E731
    kinds: dict[str, dict[str, int]] = {}
    for (village, kind, _status), n in tallies_in(session, user.area_code):
        kinds.setdefault(village, {})[kind] = kinds.setdefault(village, {}).get(kind, 0) + n
    scorecard = report.scorecard
    villages = [
        {
            **row,  # the figures are shared: copy
            "place": place(str(row["village_code"])),
            "worse_names": [DIMENSION_NAMES[d] for d in row.get("worse_dimensions") or []],
            "link": cases_link(village=str(row["village_code"]))
            if is_within(str(row["village_code"]), user.area_code)
            else None,
        }
        for row in sorted(
            scorecard["villages"],
            key=lambda r: (-int(r["band"]), float(r["score"] or 0.0), r["village_code"]),
        )
    ]
    cases = report.cases
    return {
        "villages": villages,
        "worse_count": sum(1 for v in villages if int(v["band"]) > 1),
        "villages_chart": villages_chart(villages, scorecard["dimensions"], kinds, place),
        "completeness_chart": completeness_chart(months),
        "unestimable_months": [m for m in months if m.event == "birth" and not m.estimable],
        "ledger_change": latest_change(months),
        "sex_ratio_chart": sex_ratio_chart(report.indicators.get("areas", {}), place),
        "cases_chart": cases_chart(cases_by_day(session, user.area_code)),
        "case_totals": {"total": cases["total"], "open": cases["open"]},
        "linkage_error": report.linkage_error,
        "dimension_names": DIMENSION_NAMES,
    }
