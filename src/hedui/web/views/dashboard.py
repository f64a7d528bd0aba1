"""The dashboard: the covering run's figures for the user's area, as charts that help decide.

Each chart answers one question a township or county officer asks, and each mark leads to the
list behind it (:mod:`hedui.web.dashboard_figures`): which villages keep their records worse
than the rest of the county; whether registration is becoming more complete month by month;
whether cases are being closed; and the sex ratio at birth, where the births are enough to
tell. Figures come from :func:`hedui.runs.report_data` for the run covering the user's area
(:func:`hedui.runs.covering_run`), so the dashboard and the monthly report never disagree;
the month-by-month completeness from the same run's linked events. Until a run exists, the
page says so and what to do.

A finished run's figures never change, so what the page makes of them for an area (the
village table in order, the month-by-month chart, the sex ratio rows, the linkage error) is
kept per process (:data:`_RUN_FIGURES`, :mod:`hedui.cache`) under the run's number, the time
it finished, its link directory, its period and the area: every worker process that sees a
newer run covering the area asks for a new key. What changes with every clerk's action is
read on each visit, cheaply: the case totals from the case tallies, the case kinds of the
villages drawn, the cases opened and closed per day (:func:`hedui.store.case_days.cases_by_day`
keeps the counts up to a checkpoint and adds the newer rows), and the place names (the division
list).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.cache import KeptAnswers, kept_answers
from hedui.errors import HeduiError
from hedui.period import parse_period
from hedui.reports.store_figures import RunInfo
from hedui.runs import covering_run, report_data
from hedui.stats.monthly_completeness import MonthCompleteness, monthly_completeness
from hedui.store.areas import is_within
from hedui.store.case_days import cases_by_day
from hedui.store.case_query import CLOSED_STATUSES
from hedui.store.case_tallies import tallies_by, tallies_in
from hedui.store.divisions import division_names, place_label
from hedui.store.users import User
from hedui.web.dashboard_figures import (
    DIMENSION_NAMES,
    cases_chart,
    cases_link,
    completeness_chart,
    drawn_villages,
    latest_change,
    sex_ratio_chart,
    villages_chart,
)
from hedui.web.state import DbSession, get_state
from hedui.web.views.cases import CaseWorker
from hedui.web.views.health_summary import dashboard_coverage

__all__ = ["router"]

router = APIRouter()


@dataclass(frozen=True)
class RunFigures:
    """What the dashboard shows of a finished run for one area; shared, so never changed.

    Attributes:
        villages: the scorecard's villages of the area, worse bands first, each with the
            names of the dimensions it is worse on and the link to its cases (no place name:
            names come from the division list, which may change).
        dimensions: the scorecard's dimension rows of the area.
        areas: the indicators' county and township rows (for the sex ratio).
        linkage_error: the bilingual line on the linkage's error rates.
        months: the month-by-month completeness.
    """

    villages: tuple[Mapping[str, Any], ...]
    dimensions: tuple[Mapping[str, Any], ...]
    areas: Mapping[str, Any]
    linkage_error: str
    months: tuple[MonthCompleteness, ...]


_RUN_FIGURES: KeptAnswers[RunFigures] = kept_answers("dashboard run figures", 32)
""":class:`RunFigures` per run and area: a finished run's figures never change."""


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, user: CaseWorker) -> Response:
    """The dashboard, or an explanation of why there is nothing to show yet."""
    run = covering_run(session, user.area_code)
    context: dict[str, Any] = {"run": run, "report": None, "error": None}
    if run is not None:
        try:
            figures = _run_figures(session, run, user.area_code)
        except HeduiError as error:
            context["error"] = error.message
        else:
            context.update(_charts(session, figures, user))
            context["report"] = figures
    context["health_coverage"] = dashboard_coverage(session, request, user, run)
    return get_state(request).templates.render(request, "dashboard/index.html", context)


def _run_figures(session: Session, run: RunInfo, area_code: str) -> RunFigures:
    """The run's figures for the area, kept once the run has finished (a run still at work
    is read again on every visit)."""
    if run.finished_at is None:
        return _gather(session, run, area_code)
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    key: Hashable = (url, run.id, run.finished_at, run.link_dir, run.period, area_code)
    return _RUN_FIGURES.get(key, lambda: _gather(session, run, area_code))


def _gather(session: Session, run: RunInfo, area_code: str) -> RunFigures:
    period = parse_period(run.period)
    report = report_data(session, period=period, area_code=area_code, run=run)
    months = monthly_completeness(run.link_dir, period, area_code=area_code)
    scorecard = report.scorecard
    villages = tuple(
        {
            **row,  # the figures are shared: copy
            "worse_names": [DIMENSION_NAMES[d] for d in row.get("worse_dimensions") or []],
            "link": cases_link(village=str(row["village_code"]))
            if is_within(str(row["village_code"]), area_code)
            else None,
        }
        for row in sorted(
            scorecard["villages"],
            key=lambda r: (-int(r["band"]), float(r["score"] or 0.0), r["village_code"]),
        )
    )
    return RunFigures(
        villages=villages,
        dimensions=tuple(scorecard["dimensions"]),
        areas=report.indicators.get("areas", {}),
        linkage_error=report.linkage_error,
        months=tuple(months),
    )


def _charts(session: Session, figures: RunFigures, user: User) -> dict[str, Any]:
    """Every chart and the village table, places named, links within the user's area; the
    run's figures with what changes as cases are worked: counts, kinds and names."""
    names = division_names(session)
    place: Callable[[str], str] = lambda code: place_label(code, names)  # noqa: E731
    villages = [{**row, "place": place(str(row["village_code"]))} for row in figures.villages]
    kinds = {
        code: _kinds(session, code)
        for code in (str(v["village_code"]) for v in drawn_villages(villages))
    }
    by_status = tallies_by(session, user.area_code, "status")
    closed = {str(status) for status in CLOSED_STATUSES}
    months = figures.months
    return {
        "villages": villages,
        "worse_count": sum(1 for v in villages if int(v["band"]) > 1),
        "villages_chart": villages_chart(villages, figures.dimensions, kinds, place),
        "completeness_chart": completeness_chart(months),
        "unestimable_months": [m for m in months if m.event == "birth" and not m.estimable],
        "ledger_change": latest_change(months),
        "sex_ratio_chart": sex_ratio_chart(figures.areas, place),
        "cases_chart": cases_chart(cases_by_day(session, user.area_code)),
        "case_totals": {
            "total": sum(by_status.values()),
            "open": sum(n for status, n in by_status.items() if status not in closed),
        },
        "linkage_error": figures.linkage_error,
        "dimension_names": DIMENSION_NAMES,
    }


def _kinds(session: Session, village_code: str) -> dict[str, int]:
    """A village's cases by kind, every status (for the link of its mark)."""
    kinds: dict[str, int] = {}
    for (_village, kind, _status), n in tallies_in(session, village_code):
        kinds[kind] = kinds.get(kind, 0) + n
    return kinds
