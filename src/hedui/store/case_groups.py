"""The cases of one person, shown as one card: a group's members and the size of each group.

Reconciliation gives every finding the ``person_key`` of the person it is about
(:mod:`hedui.reconcile.case_groups`) and the sync files each case under that person's
:class:`~hedui.store.cases.CaseGroup` (``Case.group_id``). Grouping is a way of showing
cases, not a case of its own: every member keeps its status, history and actions, so resolving
a card means resolving (or bulk-resolving, with one reason) the members still open, each with
its own history row.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.store.case_actions import resolve_case
from hedui.store.case_query import get_case
from hedui.store.cases import Case, CaseStatus
from hedui.store.users import User

__all__ = ["group_members", "group_sizes", "open_group_members", "resolve_group"]

_CLOSED = (CaseStatus.RESOLVED, CaseStatus.DISMISSED)


def group_members(session: Session, case: Case) -> list[Case]:
    """Every case of ``case``'s person, ``case`` included: priority first, then the oldest.

    A case no run has grouped yet (``group_id`` is ``None``) is a group of its own.
    """
    if case.group_id is None:
        return [case]
    query = select(Case).where(Case.group_id == case.group_id).order_by(Case.priority, Case.id)
    return list(session.scalars(query))


def open_group_members(session: Session, case: Case) -> list[Case]:
    """The members of ``case``'s group someone still has to act on (neither resolved nor
    dismissed): what resolving the card resolves."""
    return [c for c in group_members(session, case) if c.status not in _CLOSED]


def group_sizes(session: Session, group_ids: Iterable[int | None]) -> dict[int, int]:
    """How many cases each of ``group_ids`` holds, in one query (for a page of cards)."""
    wanted = sorted({g for g in group_ids if g is not None})
    if not wanted:
        return {}
    query = (
        select(Case.group_id, func.count()).where(Case.group_id.in_(wanted)).group_by(Case.group_id)
    )
    return {group: count for group, count in session.execute(query) if group is not None}


def resolve_group(session: Session, actor: User, case_id: int, *, note: str) -> list[Case]:
    """Resolve every open case of ``case_id``'s person with one note: the card resolved.

    Each member is resolved as :func:`~hedui.store.case_actions.resolve_case` resolves one
    case (the actor's area and role checked, a history row and an audit entry each); closed
    members are left as they are. Nothing is committed.

    Returns:
        The cases resolved, priority first.

    Raises:
        NotFoundError: the case is outside the actor's area or does not exist.
        PermissionDeniedError: the actor's role does not work on cases (when a member is
            open).
        InvalidInputError: the note is blank (when a member is open).
    """
    case = get_case(session, actor.area_code, case_id)
    members = open_group_members(session, case)
    return [resolve_case(session, actor, member.id, note=note) for member in members]
