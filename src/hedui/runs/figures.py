"""A run's report figures: computed once, kept beside the run, read by every report and chart.

:func:`report_data` is what the report, the dashboard and the demo ask for: the figures of the
run that covers an area (:func:`~hedui.runs.covering.covering_run`), for that area. The slow
part, the run's indicators, estimates and scorecard, is computed by
:func:`hedui.reports.link_figures.link_figures` and kept in the run's folder
(:func:`~hedui.runs.folder.figures_dir`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hedui.period import Period
from hedui.reconcile.findings import Finding
from hedui.reports.data import ReportData, collect_report
from hedui.reports.link_figures import link_figures
from hedui.reports.store_figures import RunInfo
from hedui.runs.covering import require_covering_run
from hedui.runs.folder import figures_dir

__all__ = ["report_data", "run_figures"]


def run_figures(
    run: RunInfo, period: Period, findings: Sequence[Finding] | None = None
) -> dict[str, Any]:
    """The indicators, estimates and scorecard of ``run`` for ``period``, kept beside the run.

    Args:
        run: the reconciliation run.
        period: the report's period.
        findings: the run's findings when the caller has them (a run that just finished), so
            they need not be found again.

    Raises:
        NotFoundError: the run's files were purged and no figures of ``period`` were kept.
        LinkDirError: the run's link directory is incomplete.
    """
    return link_figures(Path(run.link_dir), period, figures_dir(run), findings)


def report_data(
    session: Session,
    *,
    period: Period,
    area_code: str,
    villages: Path | None = None,
    run: RunInfo | None = None,
    findings: Sequence[Finding] | None = None,
) -> ReportData:
    """The figures of a report on ``period`` for ``area_code``, from the run that covers it.

    Args:
        session: a database session (read only).
        period: the report's period.
        area_code: a county, township or village code.
        villages: a ``villages.csv`` with the names of villages and townships.
        run: the run to describe; by default the one covering the area in ``period``.
        findings: the run's findings, when the caller has them.

    Raises:
        NotFoundError: no reconciliation run of the period covers the area ("run hedui
            reconcile --period P first"), or its files were purged without figures.
        HeduiError: the run's link directory is missing or incomplete.
    """
    run = run or require_covering_run(session, area_code, period)
    figures = run_figures(run, period, findings)
    return collect_report(
        session, run, figures, period=period, area_code=area_code, villages=villages
    )
