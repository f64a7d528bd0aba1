"""A person's own cases: the ones handed to them, the ones waiting for them, and the next one.

The start page counts two lists (:func:`worklist_counts`): *assigned to me* — cases someone
handed to this user that are still to do — and *my to-do* — every case still to do inside the
user's area that is theirs or nobody's yet (a case assigned to a colleague is the colleague's).
The case page's 下一条 (:func:`next_case_id`) walks the to-do list in case-number order, so a
clerk can go from one case to the next without the list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from hedui.store.areas import in_area, is_within
from hedui.store.case_query import CLOSED_STATUSES
from hedui.store.case_tallies import tally_sum_query
from hedui.store.cases import Case, CaseRecord, CaseStatus
from hedui.store.pagination import DEFAULT_PER_PAGE, Page, paginate
from hedui.store.users import User

__all__ = [
    "Worklist",
    "WorklistCounts",
    "case_people",
    "next_case_id",
    "worklist_cases",
    "worklist_counts",
]

_ACTIVE = tuple(s for s in CaseStatus if s not in CLOSED_STATUSES)


class Worklist(StrEnum):
    """Which of a user's own lists."""

    ASSIGNED = "assigned"
    """Still to do and assigned to the user."""
    TODO = "todo"
    """Still to do in the user's area, assigned to the user or to nobody."""


@dataclass(frozen=True)
class WorklistCounts:
    """How many cases each of a user's lists holds."""

    assigned: int
    todo: int


def _conditions(user: User, which: Worklist) -> list[ColumnElement[bool]]:
    conditions = [in_area(Case.village_code, user.area_code), Case.status.in_(_ACTIVE)]
    if which is Worklist.ASSIGNED:
        conditions.append(Case.assigned_to_id == user.id)
    else:
        conditions.append(or_(Case.assigned_to_id == user.id, Case.assigned_to_id.is_(None)))
    return conditions


def _query(user: User, which: Worklist) -> Select[Case]:
    return select(Case).where(*_conditions(user, which))


def worklist_counts(session: Session, user: User) -> WorklistCounts:
    """How many cases are assigned to ``user`` and how many wait for them (still to do).

    Neither counts the area's cases one by one: *to do* is the area's cases still to do, from
    the case tallies, less those assigned to someone else; both that and *assigned* read only
    the assigned cases (the assignee index, whose NULLs are skipped). One statement.
    """
    in_area_to_do = tally_sum_query(user.area_code, statuses=[s.value for s in _ACTIVE])
    mine = Case.assigned_to_id == user.id
    query = (
        select(
            in_area_to_do.scalar_subquery(),
            func.count().filter(mine),
            func.count().filter(~mine),
        )
        .select_from(Case)
        .where(
            Case.assigned_to_id.is_not(None),
            in_area(Case.village_code, user.area_code),
            Case.status.in_(_ACTIVE),
        )
    )
    to_do, assigned, others = session.execute(query).one()
    return WorklistCounts(assigned=int(assigned), todo=int(to_do) - int(others))


def worklist_cases(
    session: Session,
    user: User,
    which: Worklist,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> Page[Case]:
    """One page of one of the user's lists, oldest case first (the longest waiting)."""
    query = _query(user, which).order_by(Case.id)
    return paginate(session, query, page, per_page)


def next_case_id(session: Session, user: User, after: int) -> int | None:
    """The case after ``after`` on the user's to-do list (wrapping round to the first), or
    ``None`` when nothing else waits for them."""
    query = _query(user, Worklist.TODO).with_only_columns(Case.id).where(Case.id != after)
    following = session.scalar(query.where(Case.id > after).order_by(Case.id).limit(1))
    if following is not None:
        return int(following)
    first = session.scalar(query.order_by(Case.id).limit(1))
    return int(first) if first is not None else None


def case_people(session: Session, cases: Sequence[Case], area_code: str) -> dict[int, str]:
    """Whom each case is about: the name most of its records inside ``area_code`` give.

    A list card shows a person's name, not a record number; a record filed under a village
    outside the reader's area does not lend its name (the case page would not show it either).
    A case whose records name no one inside the area is left out.
    """
    villages = {case.id: case.village_code for case in cases}
    if not villages:
        return {}
    names: dict[int, Counter[str]] = {}
    query = select(CaseRecord.case_id, CaseRecord.snapshot).where(
        CaseRecord.case_id.in_(list(villages))
    )
    for case_id, snapshot in session.execute(query):
        values = snapshot or {}
        code = str(values.get("address_code") or "")
        village = code if len(code) == 12 and code.isdigit() else villages[case_id]
        name = str(values.get("name") or "").strip()
        if name and is_within(village, area_code):
            names.setdefault(case_id, Counter())[name] += 1
    return {case_id: counted.most_common(1)[0][0] for case_id, counted in names.items()}
