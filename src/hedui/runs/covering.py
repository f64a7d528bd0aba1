"""Which reconciliation run covers an area: one rule, for the report, the dashboard, the sample
and every command that needs a run.

A run covers an area when the run's area contains it: a county run covers its townships and
villages, a township run its villages. Of the runs that cover an area (of one period, when a
period is asked for) the one that counts is the **finished run with the highest number**; only
when none has finished, the unfinished one with the highest number (a run is numbered when it
starts, and saved with its cases when it finishes, so an unfinished one is rare: a run of an
older hedui, or one being written).
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.period import Period
from hedui.reports.store_figures import RunInfo
from hedui.store.areas import validate_area_code
from hedui.store.cases import ReconcileRun

__all__ = ["covered_periods", "covering_run", "latest_county", "require_covering_run"]


def _covering(area_code: str) -> Select[ReconcileRun]:
    """Runs whose area contains ``area_code``, the one that counts first."""
    validate_area_code(area_code)
    containing = [area_code[:n] for n in (6, 9, 12) if n <= len(area_code)]
    return (
        select(ReconcileRun)
        .where(ReconcileRun.area_code.in_(containing))
        .order_by(ReconcileRun.finished_at.is_(None), ReconcileRun.id.desc())
    )


def covering_run(session: Session, area_code: str, period: Period | None = None) -> RunInfo | None:
    """The run that covers ``area_code`` (in ``period``, if given), or ``None``.

    Raises:
        InvalidInputError: ``area_code`` is not a county, township or village code.
    """
    query = _covering(area_code)
    if period is not None:
        query = query.where(ReconcileRun.period == period.label)
    run = session.scalars(query.limit(1)).first()
    return None if run is None else RunInfo.of(run)


def require_covering_run(session: Session, area_code: str, period: Period) -> RunInfo:
    """:func:`covering_run`, or an error saying which command makes one.

    Raises:
        InvalidInputError: ``area_code`` is not a county, township or village code.
        NotFoundError: no run of ``period`` covers the area.
    """
    run = covering_run(session, area_code, period)
    if run is None:
        raise NotFoundError(
            f"{area_code} 没有 {period.label} 的核对结果：请先运行 hedui reconcile --period "
            f"{period.label} / no reconciliation of {period.label} covers area {area_code}: "
            f"run hedui reconcile --period {period.label} first"
        )
    return run


def covered_periods(session: Session, area_code: str) -> list[str]:
    """The periods with a finished run covering ``area_code``, newest first."""
    query = (
        _covering(area_code)
        .where(ReconcileRun.finished_at.is_not(None))
        .with_only_columns(ReconcileRun.period)
        .order_by(None)
        .distinct()
    )
    return sorted(set(session.scalars(query)), reverse=True)


def latest_county(session: Session) -> str:
    """The county of the newest run: the area a command works on when none is given.

    Raises:
        InvalidInputError: there is no run yet.
    """
    area = session.scalar(select(ReconcileRun.area_code).order_by(ReconcileRun.id.desc()))
    if area is None:
        raise InvalidInputError(
            "数据库中还没有核对记录，请先运行 hedui reconcile，或用 --area 指定区划 / no "
            "reconciliation in the database yet: run hedui reconcile first, or give --area"
        )
    return area[:6]
