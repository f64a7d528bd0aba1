"""What a report takes from the database: the reconciliation run it describes, and case counts.

A report describes one reconciliation run (:class:`RunInfo`; which run covers an area is
decided by :func:`hedui.runs.covering_run`). Cases are counted, never listed: the report gives
open cases by kind and by village, the numbers a township head needs to plan the month's
checking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.cache import KeptAnswers, kept_answers
from hedui.store.areas import in_area
from hedui.store.case_query import CLOSED_STATUSES, case_counts, cases_over_time
from hedui.store.case_tallies import CaseTally
from hedui.store.cases import Case, ReconcileRun

__all__ = ["RunInfo", "case_figures"]


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

    @classmethod
    def of(cls, run: ReconcileRun) -> RunInfo:
        """The description of a stored run."""
        return cls(
            id=run.id,
            period=run.period,
            area_code=run.area_code,
            link_dir=run.link_dir,
            out_dir=run.out_dir,
            finished_at=run.finished_at,
            findings=run.findings,
        )

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


_KEPT: KeptAnswers[dict[str, Any]] = kept_answers("case figures", 64)


def case_figures(session: Session, area_code: str) -> dict[str, Any]:
    """Case counts inside ``area_code``: by status, kind and village, open ones by kind and
    village, and cases opened and closed per month.

    Counting a county's hundred thousand cases three ways takes a few hundred milliseconds,
    and the dashboard asks on every visit. The answer is kept (:mod:`hedui.cache`) per database
    and area under the version of the cases: the newest ``updated_at`` and case number, and how
    many cases there are (from the case tallies: counting the cases themselves cost 80 ms a
    visit at 100,000). A new case or any change to one (every action moves ``updated_at``), or
    a deleted one, gives a new key, so a kept answer is never stale.
    """
    newest, last = session.execute(select(func.max(Case.updated_at), func.max(Case.id))).one()
    count = session.scalar(select(func.coalesce(func.sum(CaseTally.cases), 0)))
    key = (str(session.get_bind().engine.url), area_code, newest, last, count)
    return _KEPT.get(key, lambda: _count_cases(session, area_code))


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
