"""How many cases each village has of each kind in each status, kept as cases change.

Counting a county's hundred thousand cases by status, kind and village on every view of the
case list cost about 100 ms of CPU a page; a cache per process (the old ``_COUNTS``) was stale
as soon as a second worker process resolved a case. So the counts are a table,
``case_tallies``: one row per (village, kind, status) with its number of cases, changed in the
same transaction as the cases themselves, and an area's counts are a sum over at most a few
thousand small rows.

Every case written through the ORM is counted by a ``before_flush`` hook on every
:class:`~sqlalchemy.orm.Session` (a new case adds one, a deleted one takes one away, a change of
status, kind or village moves one), so the actions on one case (:mod:`hedui.store.case_actions`),
actions on many (each of which goes through the same per-case function) and reopened cases
(:mod:`hedui.store.case_sync`) need nothing of their own. Cases inserted in bulk with Core
statements must call :func:`count_inserted`; :func:`recount` rebuilds the table from the cases
(migration 0012 does it once, the load benchmark after seeding).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.store.areas import in_area
from hedui.store.base import Base
from hedui.store.cases import Case, CaseStatus

__all__ = [
    "CaseTally",
    "Tally",
    "count_inserted",
    "recount",
    "tallies_by",
    "tallies_by_each",
    "tallies_in",
    "tally_sum",
    "tally_sum_query",
]

Tally = tuple[str, str, str]
"""A tally's key: ``(village_code, kind, status)``."""


class CaseTally(Base):
    """How many cases of one kind in one status one village has."""

    __tablename__ = "case_tallies"

    village_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    cases: Mapped[int] = mapped_column(Integer, default=0)


_TALLY_COLUMNS = {
    "village_code": CaseTally.village_code,
    "kind": CaseTally.kind,
    "status": CaseTally.status,
}


def tallies_in(session: Session, area_code: str) -> list[tuple[Tally, int]]:
    """Every non-zero tally inside ``area_code``: ``((village, kind, status), cases)``."""
    query = select(CaseTally.village_code, CaseTally.kind, CaseTally.status, CaseTally.cases).where(
        in_area(CaseTally.village_code, area_code), CaseTally.cases != 0
    )
    return [((village, kind, status), n) for village, kind, status, n in session.execute(query)]


def tally_sum(
    session: Session,
    area_code: str,
    *,
    kind: str | None = None,
    village_code: str | None = None,
    statuses: Iterable[str] = (),
) -> int:
    """How many cases inside ``area_code`` have ``kind``, lie in ``village_code`` and have one
    of ``statuses`` (each left out matches all): one sum in the database, not a row per tally."""
    query = tally_sum_query(area_code, kind=kind, village_code=village_code, statuses=statuses)
    return int(session.scalar(query) or 0)


def tally_sum_query(
    area_code: str,
    *,
    kind: str | None = None,
    village_code: str | None = None,
    statuses: Iterable[str] = (),
) -> Select[int]:
    """The query :func:`tally_sum` runs, for a caller that puts it inside a statement of its own
    (one round trip to the database instead of two)."""
    query = select(func.coalesce(func.sum(CaseTally.cases), 0)).where(
        in_area(CaseTally.village_code, area_code)
    )
    if kind:
        query = query.where(CaseTally.kind == kind)
    if village_code:
        query = query.where(in_area(CaseTally.village_code, village_code))
    if wanted := sorted(set(statuses)):
        query = query.where(CaseTally.status.in_(wanted))
    return query


def tallies_by(session: Session, area_code: str, column: str) -> dict[str, int]:
    """The cases inside ``area_code`` summed by ``column`` (``village_code``, ``kind`` or
    ``status``), non-zero sums only, in the column's order."""
    return tallies_by_each(session, area_code, (column,))[column]


def tallies_by_each(
    session: Session, area_code: str, columns: Sequence[str]
) -> dict[str, dict[str, int]]:
    """:func:`tallies_by` for each of ``columns``, in one statement (one round trip to the
    database, where a page that asks three times would make three)."""
    total = func.sum(CaseTally.cases)
    grouped = [
        select(literal(column).label("tallied_by"), _TALLY_COLUMNS[column].label("value"), total)
        .where(in_area(CaseTally.village_code, area_code))
        .group_by(_TALLY_COLUMNS[column])
        .having(total != 0)
        for column in columns
    ]
    if not grouped:
        return {}
    query = grouped[0] if len(grouped) == 1 else union_all(*grouped)
    sums: dict[str, dict[str, int]] = {column: {} for column in columns}
    for column, value, n in session.execute(query):
        sums[column][str(value)] = int(n)
    return {column: dict(sorted(by_value.items())) for column, by_value in sums.items()}


def count_inserted(session: Session, cases: Iterable[Tally]) -> None:
    """Count cases inserted without the ORM (``(village, kind, status)`` of each)."""
    _apply(session, Counter(cases))


def recount(session: Session) -> None:
    """Rebuild every tally from the cases themselves (after a bulk load, or to check)."""
    session.execute(delete(CaseTally))
    status = Case.status.concat("")  # the stored text, not the enum the ORM would make of it
    grouped = select(Case.village_code, Case.kind, status, func.count()).group_by(
        Case.village_code, Case.kind, Case.status
    )
    session.execute(
        insert(CaseTally).from_select(["village_code", "kind", "status", "cases"], grouped)
    )


def _apply(session: Session, changes: Counter[Tally]) -> None:
    """Add each change to its tally, creating the row if needed (one upsert per tally)."""
    rows = [
        {"village_code": v, "kind": k, "status": s, "cases": n}
        for (v, k, s), n in sorted(changes.items())
        if n != 0
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    upsert: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(CaseTally)
    statement = upsert.on_conflict_do_update(
        index_elements=["village_code", "kind", "status"],
        set_={"cases": CaseTally.cases + upsert.excluded.cases},
    )
    session.execute(statement, rows)


def _key(case: Case) -> Tally | None:
    if case.village_code is None or case.kind is None or case.status is None:
        return None
    return (case.village_code, case.kind, CaseStatus(case.status).value)


def _old_key(case: Case) -> Tally | None:
    """The key the case had when it was loaded (before this flush's changes)."""
    state = inspect(case)
    values = []
    for name in ("village_code", "kind", "status"):
        history = state.attrs[name].history
        if history.deleted:
            values.append(history.deleted[0])
        elif history.unchanged:
            values.append(history.unchanged[0])
        else:
            values.append(getattr(case, name))
    if any(value is None for value in values):
        return None
    return (str(values[0]), str(values[1]), CaseStatus(values[2]).value)


@event.listens_for(Session, "before_flush")
def _count_changes(session: Session, _context: Any, _instances: Any) -> None:
    changes: Counter[Tally] = Counter()
    for case in session.new:
        if isinstance(case, Case) and (key := _key(case)) is not None:
            changes[key] += 1
    for case in session.deleted:
        if isinstance(case, Case) and (key := _old_key(case)) is not None:
            changes[key] -= 1
    for case in session.dirty:
        if not isinstance(case, Case) or not session.is_modified(case):
            continue
        old, new = _old_key(case), _key(case)
        if old != new:
            if old is not None:
                changes[old] -= 1
            if new is not None:
                changes[new] += 1
    if changes:
        _apply(session, changes)
