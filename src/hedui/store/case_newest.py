"""The newest-changed cases of an area, as ``hedui cases`` lists them in the terminal.

The web pages through :func:`hedui.store.case_query.list_cases`; the command line shows the
first ``--limit`` cases changed most recently, with the number that match and each shown
case's records, in three queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.store.case_query import CaseFilter, filtered_query
from hedui.store.cases import Case, CaseRecord

__all__ = ["NewestCases", "newest_cases"]


@dataclass(frozen=True)
class NewestCases:
    """The cases shown and how many match.

    Attributes:
        total: every case inside the area that matches the filters.
        cases: the first ``limit`` of them, changed most recently first.
        records: each shown case's records as ``(source, record_id)``, sorted.
    """

    total: int
    cases: list[Case]
    records: dict[int, list[tuple[str, str]]] = field(default_factory=dict)


def newest_cases(session: Session, area_code: str, filters: CaseFilter, limit: int) -> NewestCases:
    """The ``limit`` matching cases inside ``area_code`` changed most recently, and the total."""
    query = filtered_query(area_code, filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ordered = query.order_by(Case.updated_at.desc(), Case.id.desc()).limit(limit)
    shown = list(session.scalars(ordered))
    records: dict[int, list[tuple[str, str]]] = {}
    listed = (
        select(CaseRecord.case_id, CaseRecord.source, CaseRecord.record_id)
        .where(CaseRecord.case_id.in_([case.id for case in shown]))
        .order_by(CaseRecord.case_id, CaseRecord.source, CaseRecord.record_id)
    )
    for case_id, source, record_id in session.execute(listed):
        records.setdefault(case_id, []).append((source, record_id))
    return NewestCases(total, shown, records)
