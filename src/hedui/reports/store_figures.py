"""What a report takes from the database: the reconciliation run it describes, and case counts.

A report describes one reconciliation run: the latest one of the period whose area contains
the report's area (a county run serves a township's report too). Cases are counted, never
listed: the report gives open cases by kind and by village, the numbers a township head
needs to plan the month's checking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.errors import NotFoundError
from hedui.period import Period
from hedui.store.areas import in_area, validate_area_code
from hedui.store.case_query import CLOSED_STATUSES, case_counts, cases_over_time
from hedui.store.cases import Case, ReconcileRun

__all__ = ["RunInfo", "case_figures", "latest_run"]


@dataclass(frozen=True)
class RunInfo:
    """The reconciliation run a report describes.

    Attributes:
        id: the run's number.
        period: the run's period label.
        area_code: the area the run covered.
        link_dir: the linkage output it read.
        out_dir: where it wrote its files (``None`` if nowhere).
        finished_at: when it finished (``None`` if it did not).
        findings: how many findings it made.
    """

    id: int
    period: str
    area_code: str
    link_dir: str
    out_dir: str | None
    finished_at: datetime | None
    findings: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "id": self.id,
            "period": self.period,
            "area_code": self.area_code,
            "link_dir": self.link_dir,
            "out_dir": self.out_dir,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "findings": self.findings,
        }


def latest_run(session: Session, period: Period, area_code: str) -> RunInfo:
    """The latest reconciliation run of ``period`` over an area containing ``area_code``.

    Finished runs are preferred; among them the one with the highest number.

    Raises:
        InvalidInputError: ``area_code`` is not a county, township or village code.
        NotFoundError: no such run; the message says which command to run.
    """
    validate_area_code(area_code)
    prefixes = [area_code[:n] for n in (6, 9, 12) if n <= len(area_code)]
    query = (
        select(ReconcileRun)
        .where(ReconcileRun.period == period.label, ReconcileRun.area_code.in_(prefixes))
        .order_by(ReconcileRun.finished_at.is_(None), ReconcileRun.id.desc())
        .limit(1)
    )
    run = session.scalars(query).first()
    if run is None:
        raise NotFoundError(
            f"{area_code} 没有 {period.label} 的核对结果：请先运行 hedui reconcile --period "
            f"{period.label} / no reconciliation of {period.label} covers area {area_code}: "
            f"run hedui reconcile --period {period.label} first"
        )
    return RunInfo(
        id=run.id,
        period=run.period,
        area_code=run.area_code,
        link_dir=run.link_dir,
        out_dir=run.out_dir,
        finished_at=run.finished_at,
        findings=run.findings,
    )


_CACHE_SIZE = 64
_cache: dict[tuple[object, ...], dict[str, Any]] = {}


def case_figures(session: Session, area_code: str) -> dict[str, Any]:
    """Case counts inside ``area_code``: by status, kind and village, open ones by kind and
    village, and cases opened and closed per month.

    Counting a county's hundred thousand cases three ways takes a few hundred milliseconds,
    and the dashboard asks on every visit. The answer is kept per database and area, keyed on
    the number of cases and the newest ``updated_at``: a new case or any change to one (every
    action moves ``updated_at``) gives a new key, so a kept answer is never stale.
    """
    newest, count = session.execute(select(func.max(Case.updated_at), func.count(Case.id))).one()
    key = (str(session.get_bind().engine.url), area_code, newest, count)
    kept = _cache.get(key)
    if kept is None:
        kept = _count_cases(session, area_code)
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = kept
    return kept


def _count_cases(session: Session, area_code: str) -> dict[str, Any]:
    open_case = Case.status.not_in(CLOSED_STATUSES)
    query = (
        select(Case.kind, Case.village_code, func.count())
        .where(in_area(Case.village_code, area_code), open_case)
        .group_by(Case.kind, Case.village_code)
        .order_by(Case.kind, Case.village_code)
    )
    open_by = [
        {"kind": kind, "village": village, "cases": int(n)}
        for kind, village, n in session.execute(query)
    ]
    return {
        **case_counts(session, area_code).to_dict(),
        "open": sum(row["cases"] for row in open_by),
        "open_by_kind_village": open_by,
        "over_time": [
            {"month": month, "opened": opened, "closed": closed}
            for month, opened, closed in cases_over_time(session, area_code)
        ],
    }
