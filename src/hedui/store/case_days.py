"""Cases opened and closed per day: the raw figures of "are cases being closed?".

:func:`~hedui.store.case_query.cases_over_time` counts by month, which suits a county that has
worked its cases for a year; a county that started last week sees one point. Counting by day
lets the dashboard choose weeks or months for the span there is (a county's cases fall on a
few hundred days at most, so the answer is small however many cases there are).

A case is *opened* on the day it was created and *closed* on each day it was resolved or
dismissed (a recurring case closed twice counts twice: both closings were work done). Days
are UTC days, as the months of ``cases_over_time`` are.

Counting them reads every case of the area and every closing: a quarter of a second for a
county of 100,000 cases, on every view of the dashboard. Two facts make most of it
keepable (:mod:`hedui.cache`): a case's day and village never change once it is created and
cases are never deleted, so the openings change only by new cases; and a closing is a new
``case_history`` row (every change of status writes one), never changed afterwards. So
what changes is only what was added, and new rows have larger numbers:

- **on SQLite**, one writer at a time takes the next number and commits before the next
  writer starts, so every row numbered up to the largest number a reader sees is committed,
  and no row will ever be added below it. The counts up to a *checkpoint* (the case and
  history numbers rounded down to :data:`CHECKPOINT`) are kept per database and area; each
  view adds the rows above the checkpoint, up to the largest numbers it read first (a range
  of the primary key: at most a thousand rows or so, about a millisecond). Any worker
  process sees a new case or closing on its next view; the full count runs again only when
  a checkpoint is passed.
- **on PostgreSQL** numbers are handed out before commit, so a smaller number can appear
  after a larger one. The whole answer is kept instead, under the version of the cases: the
  largest case and history numbers and the area's cases by status from the case tallies
  (which move with every new case and change of status, also when transactions commit out
  of order), and counted again after every change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.cache import KeptAnswers, kept_answers
from hedui.store.areas import in_area
from hedui.store.case_query import CLOSED_STATUSES, opened_and_closed
from hedui.store.case_tallies import tallies_by
from hedui.store.cases import Case, CaseHistory

__all__ = ["CHECKPOINT", "cases_by_day"]

CHECKPOINT = 1024
"""Counts are kept up to case and history numbers that are multiples of this (SQLite)."""

Days = tuple[Mapping[str, int], Mapping[str, int]]
"""Cases opened, and closed, per day ``YYYY-MM-DD``."""

_KEPT: KeptAnswers[Days] = kept_answers("cases by day", 64)


def cases_by_day(session: Session, area_code: str) -> list[tuple[date, int, int]]:
    """``(day, opened, closed)`` for every day with a case opened or closed inside
    ``area_code``, oldest first (days with nothing are left out)."""
    engine = session.get_bind().engine
    url = engine.url.render_as_string(hide_password=True)
    # The largest numbers are read before anything is counted: an answer never claims rows
    # it has not seen.
    newest_case = session.scalar(select(func.max(Case.id))) or 0
    newest_change = session.scalar(select(func.max(CaseHistory.id))) or 0
    if engine.dialect.name == "sqlite":
        opened, closed = _counted_up_to(session, url, area_code, newest_case, newest_change)
    else:
        by_status = tuple(tallies_by(session, area_code, "status").items())
        key: Hashable = (url, area_code, newest_case, newest_change, by_status)
        opened, closed = _KEPT.get(key, lambda: opened_and_closed(session, area_code, "day"))
    return [
        (date.fromisoformat(day), opened.get(day, 0), closed.get(day, 0))
        for day in sorted({*opened, *closed})
    ]


def _counted_up_to(
    session: Session, url: str, area_code: str, newest_case: int, newest_change: int
) -> Days:
    """The kept counts up to the checkpoints below the newest numbers, and the rows above."""
    case_mark = newest_case // CHECKPOINT * CHECKPOINT
    change_mark = newest_change // CHECKPOINT * CHECKPOINT
    kept = _KEPT.get(
        (url, area_code, case_mark, change_mark),
        lambda: _count(session, area_code, (0, case_mark), (0, change_mark)),
    )
    added = _count(session, area_code, (case_mark, newest_case), (change_mark, newest_change))
    return (Counter(kept[0]) + Counter(added[0]), Counter(kept[1]) + Counter(added[1]))


def _count(
    session: Session, area_code: str, cases: tuple[int, int], changes: tuple[int, int]
) -> Days:
    """Openings of the cases numbered in ``(low, high]`` of ``cases``, closings of the history
    rows numbered in ``changes``, inside ``area_code``, per day (SQLite's ISO text dates)."""
    day_opened: Any = func.substr(Case.created_at, 1, 10)
    opened_query = (
        select(day_opened, func.count())
        .where(in_area(Case.village_code, area_code), Case.id > cases[0], Case.id <= cases[1])
        .group_by(day_opened)
    )
    day_closed: Any = func.substr(CaseHistory.at, 1, 10)
    closed_query = (
        select(day_closed, func.count())
        .join(Case, Case.id == CaseHistory.case_id)
        .where(
            CaseHistory.to_status.in_(CLOSED_STATUSES),
            CaseHistory.id > changes[0],
            CaseHistory.id <= changes[1],
            in_area(Case.village_code, area_code),
        )
        .group_by(day_closed)
    )
    opened = {str(day): int(n) for day, n in session.execute(opened_query)}
    closed = {str(day): int(n) for day, n in session.execute(closed_query)}
    return opened, closed
