"""Cases opened and closed per day: the raw figures of "are cases being closed?".

:func:`~hedui.store.case_query.cases_over_time` counts by month, which suits a county that has
worked its cases for a year; a county that started last week sees one point. Counting by day
lets the dashboard choose weeks or months for the span there is (a county's cases fall on a
few hundred days at most, so the answer is small however many cases there are).

A case is *opened* on the day it was created and *closed* on each day it was resolved or
dismissed (a recurring case closed twice counts twice: both closings were work done). Days
are UTC days, as the months of ``cases_over_time`` are.

Counting them reads every case of the area and every closing: a third of a second for a
county of 100,000 cases, on every view of the dashboard. So the answer is kept
(:mod:`hedui.cache`) per database and area under the version of what it is counted from:

- a case's day and village never change once it is created, and cases are never deleted, so
  the days of opening change only when a case is added: the newest case number moves;
- a closing is a new ``case_history`` row (every change of status writes one): the newest
  history number moves;
- the area's cases by status (from the case tallies, a sum over small rows) move with every
  new case and every change of status, also when another process's transaction that took a
  smaller number commits after a larger one (PostgreSQL hands out numbers before commit).

Any worker process that sees a new case or a new closing therefore computes a new key, so a
kept answer is never shown after a change; the version costs three small queries (about a
millisecond), the counting only the first view after a change.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.cache import KeptAnswers, kept_answers
from hedui.store.case_query import opened_and_closed
from hedui.store.case_tallies import tallies_by
from hedui.store.cases import Case, CaseHistory

__all__ = ["cases_by_day"]

_KEPT: KeptAnswers[tuple[tuple[date, int, int], ...]] = kept_answers("cases by day", 64)


def cases_by_day(session: Session, area_code: str) -> list[tuple[date, int, int]]:
    """``(day, opened, closed)`` for every day with a case opened or closed inside
    ``area_code``, oldest first (days with nothing are left out)."""
    key = _version(session, area_code)
    return list(_KEPT.get(key, lambda: _count(session, area_code)))


def _version(session: Session, area_code: str) -> Hashable:
    """What changes whenever the answer for ``area_code`` may change (read before counting,
    so an answer is never kept under a key newer than the rows it counted)."""
    engine = session.get_bind().engine
    newest_case = session.scalar(select(func.max(Case.id)))
    newest_change = session.scalar(select(func.max(CaseHistory.id)))
    by_status = tuple(tallies_by(session, area_code, "status").items())
    url = engine.url.render_as_string(hide_password=True)
    return (url, area_code, newest_case, newest_change, by_status)


def _count(session: Session, area_code: str) -> tuple[tuple[date, int, int], ...]:
    opened, closed = opened_and_closed(session, area_code, "day")
    return tuple(
        (date.fromisoformat(day), opened.get(day, 0), closed.get(day, 0))
        for day in sorted({*opened, *closed})
    )
