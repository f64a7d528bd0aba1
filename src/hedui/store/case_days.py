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

from sqlalchemy.orm import Session

from hedui.store.case_query import opened_and_closed

__all__ = ["cases_by_day"]


def cases_by_day(session: Session, area_code: str) -> list[tuple[date, int, int]]:
    """``(day, opened, closed)`` for every day with a case opened or closed inside
    ``area_code``, oldest first (days with nothing are left out)."""
    opened, closed = opened_and_closed(session, area_code, "day")
    return [
        (date.fromisoformat(day), opened.get(day, 0), closed.get(day, 0))
        for day in sorted({*opened, *closed})
    ]
