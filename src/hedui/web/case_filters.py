"""The case list's filters, read from the query string once for every page that takes them.

The case list (:mod:`hedui.web.views.cases`) and its Excel export
(:mod:`hedui.web.views.case_export`) read the same parameters into the same
:class:`~hedui.store.case_query.CaseFilter`, refuse the same unknown ones, and so always
select the same cases: :class:`CaseFilterQuery` declares the parameters (a FastAPI dependency,
:data:`CaseFilterParameters`), :func:`case_filter_from_query` checks and reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session
from starlette.requests import Request

from hedui.store.case_query import CLOSED_STATUSES, CaseFilter
from hedui.store.cases import CaseStatus
from hedui.store.records import EventType
from hedui.web.filters import query_parameters, reject_unknown_filters, village_filter
from hedui.web.state import get_state

__all__ = [
    "ACTIVE",
    "AGE_CHOICES",
    "CASE_LIST_PARAMETERS",
    "LIST_POSITION",
    "CaseFilterParameters",
    "CaseFilterQuery",
    "ChosenFilter",
    "case_filter_from_query",
]

AGE_CHOICES = (7, 30, 90)
"""The "opened more than N days ago" choices of the age filter."""

ACTIVE = "active"
"""The status filter's default: every case someone still has to act on."""
_ACTIVE_STATUSES = tuple(s for s in CaseStatus if s not in CLOSED_STATUSES)


@dataclass(frozen=True)
class CaseFilterQuery:
    """The filter parameters of the case list's query string, as typed (all text)."""

    kind: str = ""
    event: str = ""
    village: str = ""
    status: str = ACTIVE
    age: str = ""
    recurring: str = ""


CaseFilterParameters = Annotated[CaseFilterQuery, Depends()]
"""A view's argument that FastAPI fills from the filter parameters of the query string."""

LIST_POSITION = frozenset({"page", "sort", "order", "after", "before"})
"""The case list's other parameters: which page, in which order. The export accepts and
ignores them, since its workbook holds every matching case by village."""

CASE_LIST_PARAMETERS = query_parameters(CaseFilterQuery) | LIST_POSITION
"""Every query parameter the case list and its export understand; any other is refused."""


@dataclass(frozen=True)
class ChosenFilter:
    """What a case filter query means: the filter, and the choices to show in the list's form."""

    filters: CaseFilter
    chosen: dict[str, str]


def case_filter_from_query(
    request: Request, session: Session, area_code: str, query: CaseFilterQuery
) -> ChosenFilter:
    """The filter of ``query`` for a user of ``area_code``: a village outside the area, an
    unknown village name or an unknown parameter is refused; an unknown kind of value (event,
    status, age, recurring) falls back to the default.

    Raises:
        InvalidInputError: (HTTP 400) an unknown parameter or village; the message says which.
    """
    reject_unknown_filters(request, CASE_LIST_PARAMETERS)
    names = get_state(request).places(session)
    village = village_filter(query.village, area_code=area_code, names=names) or ""
    age = query.age
    days = int(age) if age.isdigit() and int(age) in AGE_CHOICES else None
    filters = CaseFilter(
        kind=query.kind or None,
        event=query.event if query.event in set(EventType) else None,
        village_code=village or None,
        statuses=_statuses(query.status),
        older_than_days=days,
        recurring=True if query.recurring == "1" else None,
    )
    status = query.status
    chosen = {
        "kind": query.kind,
        "event": filters.event or "",
        "village": village,
        "status": status if status in set(CaseStatus) or status == "" else ACTIVE,
        "age": str(days) if days else "",
        "recurring": "1" if filters.recurring else "",
    }
    return ChosenFilter(filters=filters, chosen=chosen)


def _statuses(status: str) -> tuple[CaseStatus, ...]:
    """The statuses a filter value stands for: one status, the active ones, or all (``""``)."""
    if status in set(CaseStatus):
        return (CaseStatus(status),)
    if status == "":
        return ()
    return _ACTIVE_STATUSES
