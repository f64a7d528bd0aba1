"""Cases opened and closed per day: the raw figures of "are cases being closed?".

:func:`~hedui.store.case_query.cases_over_time` counts by month, which suits a county that has
worked its cases for a year; a county that started last week sees one point. Counting by day
lets the dashboard choose weeks or months for the span there is (a county's cases fall on a
few hundred days at most, so the answer is small however many cases there are).

A case is *opened* on the day it was created and *closed* on each day it was resolved or
dismissed (a recurring case closed twice counts twice: both closings were work done). Days
are UTC days, as the months of ``cases_over_time`` are.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from hedui.store.areas import in_area
from hedui.store.case_query import CLOSED_STATUSES
from hedui.store.cases import Case, CaseHistory

__all__ = ["cases_by_day"]


def cases_by_day(session: Session, area_code: str) -> list[tuple[date, int, int]]:
    """``(day, opened, closed)`` for every day with a case opened or closed inside
    ``area_code``, oldest first (days with nothing are left out)."""
    dialect = session.get_bind().dialect.name
    opened_day = _day(Case.created_at, dialect)
    opened_query = (
        select(opened_day, func.count())
        .where(in_area(Case.village_code, area_code))
        .group_by(opened_day)
    )
    closed_day = _day(CaseHistory.at, dialect)
    closed_query = (
        select(closed_day, func.count())
        .join(Case, Case.id == CaseHistory.case_id)
        .where(CaseHistory.to_status.in_(CLOSED_STATUSES), in_area(Case.village_code, area_code))
        .group_by(closed_day)
    )
    opened = {str(day): int(n) for day, n in session.execute(opened_query)}
    closed = {str(day): int(n) for day, n in session.execute(closed_query)}
    return [
        (date.fromisoformat(day), opened.get(day, 0), closed.get(day, 0))
        for day in sorted({*opened, *closed})
    ]


def _day(column: Any, dialect: str) -> ColumnElement[str]:
    """``YYYY-MM-DD`` of a timestamp column, in the database's own date function."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    # SQLite keeps timestamps as ISO text: the first ten characters are the day.
    return func.substr(column, 1, 10)
