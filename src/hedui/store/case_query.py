"""Reading cases: filtered, sorted pages, one case with its records and history, counts.

Like every reader of the store, each function takes the caller's ``area_code`` and sees only
cases whose ``village_code`` lies inside it (:mod:`~hedui.store.areas`). A case whose records
named no village carries the county code, so the county sees it and no township guesses it is
theirs. A case outside the caller's area is reported exactly like a missing one, so that a page
cannot be used to learn which case numbers exist elsewhere.

Pages are cut in the database by their sort keys (:func:`~hedui.store.pagination.keyset_paginate`):
a county has a hundred thousand cases and a page must not load or skip through them all. The
counts come from the tallies kept as cases change (:mod:`~hedui.store.case_tallies`), not from
counting the cases on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.store.areas import in_area, is_within, validate_area_code
from hedui.store.base import utcnow
from hedui.store.case_tallies import tallies_by_each, tally_sum
from hedui.store.cases import Case, CaseHistory, CaseRecord, CaseStatus
from hedui.store.pagination import DEFAULT_PER_PAGE, Page, keyset_paginate

__all__ = [
    "CASE_SORTS",
    "CLOSED_STATUSES",
    "CaseCounts",
    "CaseFilter",
    "area_counts",
    "case_counts",
    "case_history",
    "case_records",
    "cases_over_time",
    "filtered_query",
    "get_case",
    "list_cases",
    "opened_and_closed",
]

CASE_SORTS = ("priority", "updated", "created", "kind", "village", "status")
"""The orders :func:`list_cases` accepts, by name. ``priority`` ascending is the case list's
default: what a case changes in the county's counts first (a missing birth or death before a
spelling variant, :func:`~hedui.store.cases.case_priority`), then the oldest (the case number),
along the index ``ix_cases_priority_id``."""

CLOSED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.DISMISSED)
"""Statuses after which no one needs to act (only a later run can reopen the case)."""

_SORT_COLUMNS: dict[str, Any] = {
    "priority": Case.priority,
    "updated": Case.updated_at,
    "created": Case.created_at,
    "kind": Case.kind,
    "village": Case.village_code,
    "status": Case.status,
}


@dataclass(frozen=True)
class CaseFilter:
    """Which cases to list; a field left at its default matches every case.

    Attributes:
        kind: Exactly this finding kind (``"sex_conflict"``).
        event: Exactly this event type (``"birth"``).
        village_code: A village code, or a township code for all its villages.
        statuses: Any of these statuses; empty means all.
        older_than_days: Only cases opened more than this many days ago (the neglected ones).
        recurring: Only cases that came back after being closed (``True``) or only the others.
    """

    kind: str | None = None
    event: str | None = None
    village_code: str | None = None
    statuses: tuple[CaseStatus, ...] = ()
    older_than_days: int | None = None
    recurring: bool | None = None


@dataclass(frozen=True)
class CaseCounts:
    """How many cases an area has, by status, by kind and by village (plain dictionaries)."""

    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_village: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The counts as a JSON-ready dictionary."""
        return {
            "total": self.total,
            "by_status": dict(self.by_status),
            "by_kind": dict(self.by_kind),
            "by_village": dict(self.by_village),
        }


def filtered_query(area_code: str, filters: CaseFilter) -> Select[Case]:
    """The cases inside ``area_code`` that match ``filters``, not yet ordered.

    Raises:
        InvalidInputError: ``area_code`` or the filter's village code is not an area code, or
            ``older_than_days`` is negative.
    """
    conditions: list[ColumnElement[bool]] = [in_area(Case.village_code, area_code)]
    if filters.kind:
        conditions.append(Case.kind == filters.kind)
    if filters.event:
        conditions.append(Case.event == filters.event)
    if filters.village_code:
        conditions.append(in_area(Case.village_code, filters.village_code))
    if filters.statuses:
        conditions.append(Case.status.in_([CaseStatus(s) for s in filters.statuses]))
    if filters.older_than_days is not None:
        if filters.older_than_days < 0:
            raise InvalidInputError(
                f"天数不能为负：{filters.older_than_days} / older-than days cannot be negative"
            )
        cutoff: datetime = utcnow() - timedelta(days=filters.older_than_days)
        conditions.append(Case.created_at < cutoff)
    if filters.recurring is not None:
        conditions.append(Case.recurring.is_(filters.recurring))
    return select(Case).where(*conditions)


def list_cases(
    session: Session,
    area_code: str,
    filters: CaseFilter = CaseFilter(),
    *,
    sort: str = "updated",
    descending: bool = True,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    after: str | None = None,
    before: str | None = None,
    counts: CaseCounts | None = None,
) -> Page[Case]:
    """One page of the matching cases inside ``area_code``.

    Ties are broken by case number in the same direction, so pages never overlap. ``after`` and
    ``before`` are the cursors of a page's links (:class:`~hedui.store.pagination.Page`).
    ``counts``, the area's :func:`area_counts` when the caller has them, spare the page a count.

    Raises:
        InvalidInputError: ``sort`` is not one of :data:`CASE_SORTS`, or a filter is invalid.
    """
    if sort not in _SORT_COLUMNS:
        raise InvalidInputError(
            f"无法按“{sort}”排序，可选：{'、'.join(CASE_SORTS)} / cannot sort by {sort!r}; "
            f"choose one of {', '.join(CASE_SORTS)}"
        )
    keys = [(_SORT_COLUMNS[sort], descending), (Case.id, descending)]
    return keyset_paginate(
        session,
        filtered_query(area_code, filters),
        keys,
        page,
        per_page,
        after=after,
        before=before,
        total=_tallied_total(session, area_code, filters, counts),
    )


def _tallied_total(
    session: Session, area_code: str, filters: CaseFilter, counts: CaseCounts | None
) -> int | None:
    """How many cases match, from the tallies, when the filter is one they can answer (kind,
    village, status); ``None`` for the others (the page then counts). A filter of statuses
    alone is answered from ``counts`` (the area's, already read) when given."""
    if filters.event or filters.older_than_days is not None or filters.recurring is not None:
        return None
    validate_area_code(area_code)
    statuses = [CaseStatus(s).value for s in filters.statuses]
    if counts is not None and not filters.kind and not filters.village_code:
        if not statuses:
            return counts.total
        return sum(counts.by_status.get(status, 0) for status in set(statuses))
    if filters.village_code:
        validate_area_code(filters.village_code)
    return tally_sum(
        session,
        area_code,
        kind=filters.kind or None,
        village_code=filters.village_code or None,
        statuses=statuses,
    )


def get_case(session: Session, area_code: str, case_id: int) -> Case:
    """The case with this number, if it lies inside ``area_code``.

    Raises:
        NotFoundError: no such case, or it is outside ``area_code`` (the same message, so a
            number outside one's area reveals nothing).
    """
    validate_area_code(area_code)
    case = session.get(Case, case_id)
    if case is None or not is_within(case.village_code, area_code):
        raise NotFoundError(f"没有编号为 {case_id} 的事项 / no case with number {case_id}")
    return case


def case_records(session: Session, case_id: int) -> list[CaseRecord]:
    """The records a case is about, by source then record id (check the case's area first)."""
    query = (
        select(CaseRecord)
        .where(CaseRecord.case_id == case_id)
        .order_by(CaseRecord.source, CaseRecord.record_id)
    )
    return list(session.scalars(query))


def case_history(session: Session, case_id: int) -> list[CaseHistory]:
    """Every change of a case, oldest first (check the case's area first)."""
    query = (
        select(CaseHistory)
        .where(CaseHistory.case_id == case_id)
        .order_by(CaseHistory.at, CaseHistory.id)
    )
    return list(session.scalars(query))


def area_counts(session: Session, area_code: str) -> CaseCounts:
    """How many cases lie inside ``area_code``, from the tallies kept as cases change: the
    same figures as :func:`case_counts`, in a few milliseconds instead of a recount."""
    validate_area_code(area_code)
    tallied = tallies_by_each(session, area_code, ("status", "kind", "village_code"))
    return CaseCounts(
        total=sum(tallied["status"].values()),
        by_status=tallied["status"],
        by_kind=tallied["kind"],
        by_village=tallied["village_code"],
    )


def case_counts(session: Session, area_code: str) -> CaseCounts:
    """How many cases lie inside ``area_code``: in all, by status, by kind, by village (counted)."""
    inside = in_area(Case.village_code, area_code)

    def grouped(column: Any) -> dict[str, int]:
        # Grouping on ``column || ''`` rather than the column keeps SQLite from walking the
        # column's own index (one row lookup per case) and lets it read the small
        # (village_code, column) index instead: a quarter of a second at 250,000 cases, not two.
        key = column if column is Case.village_code else column.concat("")
        query = select(key, func.count()).where(inside).group_by(key).order_by(key)
        return {str(getattr(value, "value", value)): int(n) for value, n in session.execute(query)}

    by_status = grouped(Case.status)
    return CaseCounts(
        total=sum(by_status.values()),
        by_status=by_status,
        by_kind=grouped(Case.kind),
        by_village=grouped(Case.village_code),
    )


def cases_over_time(session: Session, area_code: str) -> list[tuple[str, int, int]]:
    """Cases opened and closed per month inside ``area_code``, for the dashboard's trend line.

    A case is *opened* in the month it was created and *closed* in each month in which it was
    resolved or dismissed (a recurring case closed twice counts in both months, because both
    closings were work done). Months in between with nothing are listed with zeros so the line
    has no gaps.

    Returns:
        ``(month "YYYY-MM", opened, closed)`` tuples, oldest month first.
    """
    opened, closed = opened_and_closed(session, area_code, "month")
    if not opened and not closed:
        return []
    months = _month_range(min([*opened, *closed]), max([*opened, *closed]))
    return [(month, opened.get(month, 0), closed.get(month, 0)) for month in months]


def opened_and_closed(
    session: Session, area_code: str, period: Literal["month", "day"]
) -> tuple[dict[str, int], dict[str, int]]:
    """How many cases were opened, and how many closed, inside ``area_code`` in each UTC month
    (``YYYY-MM``) or day (``YYYY-MM-DD``) that had any; :func:`cases_over_time` and
    :func:`~hedui.store.case_days.cases_by_day` lay them out.

    A case is opened when it was created and closed each time it was resolved or dismissed.
    """
    dialect = session.get_bind().dialect.name
    opened_at = _period(Case.created_at, dialect, period)
    opened_query = (
        select(opened_at, func.count())
        .where(in_area(Case.village_code, area_code))
        .group_by(opened_at)
    )
    closed_at = _period(CaseHistory.at, dialect, period)
    # From the closing history rows (indexed by to_status) to their cases by primary key:
    # a county has far fewer closings than cases.
    closed_query = (
        select(closed_at, func.count())
        .join(Case, Case.id == CaseHistory.case_id)
        .where(CaseHistory.to_status.in_(CLOSED_STATUSES), in_area(Case.village_code, area_code))
        .group_by(closed_at)
    )
    opened = {str(when): int(n) for when, n in session.execute(opened_query)}
    closed = {str(when): int(n) for when, n in session.execute(closed_query)}
    return opened, closed


_PERIODS = {"month": ("YYYY-MM", 7), "day": ("YYYY-MM-DD", 10)}
"""Each period's PostgreSQL ``to_char`` format, and its length as ISO text."""


def _period(column: Any, dialect: str, period: Literal["month", "day"]) -> ColumnElement[str]:
    """``YYYY-MM`` or ``YYYY-MM-DD`` of a timestamp column, in the database's own date function."""
    pattern, length = _PERIODS[period]
    if dialect == "postgresql":
        # The UTC month or day, as on SQLite, whatever the server's or session's time zone.
        return func.to_char(func.timezone("UTC", column), pattern)
    # SQLite keeps timestamps as ISO text: the first seven (ten) characters are the month (day),
    # and cutting them is much cheaper than parsing every date with strftime.
    return func.substr(column, 1, length)


def _month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
