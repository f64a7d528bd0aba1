"""One page of a longer list, counted in the database so a page never loads the whole table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

__all__ = ["DEFAULT_PER_PAGE", "MAX_PER_PAGE", "Page", "paginate"]

T = TypeVar("T")

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Items of page ``number`` (from 1) out of ``total`` items, ``per_page`` at a time."""

    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1, so an empty list still has a page to show)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(session: Session, query: Select[Any], number: int, per_page: int) -> Page[Any]:
    """Run ``query`` for one page; ``number`` and ``per_page`` are clamped to sensible ranges.

    ``query`` must select a single ORM entity and carry its own ``ORDER BY``: without a stable
    order, pages would overlap or skip rows between requests.
    """
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    last = max(1, math.ceil(total / per_page))
    number = min(max(number, 1), last)
    items = list(session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, per_page=per_page, total=total)
