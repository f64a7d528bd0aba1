"""Who may be given a case: the one rule, for the case page's list and for the assignment.

A case goes to someone who works on cases (:data:`CASE_ROLES`), whose account is active, whose
own area covers the case's village (else they could not even open it) and who is inside the
area of the person handing it over.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.areas import in_area, is_within
from hedui.store.cases import Case
from hedui.store.users import Role, User

__all__ = ["CASE_ROLES", "eligible_assignees", "may_be_assigned"]

CASE_ROLES = (Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER, Role.VILLAGE_CLERK)
"""The roles that work on population-record cases (a health worker's desk is elsewhere)."""


def may_be_assigned(assignee: User | None, case: Case, actor: User) -> bool:
    """Whether ``actor`` may hand ``case`` to ``assignee``."""
    return (
        assignee is not None
        and not assignee.disabled
        and assignee.role in CASE_ROLES
        and is_within(case.village_code, assignee.area_code)
        and is_within(assignee.area_code, actor.area_code)
    )


def eligible_assignees(session: Session, case: Case, actor: User) -> list[User]:
    """Everyone ``actor`` may hand ``case`` to, by role and then user name."""
    query = (
        select(User)
        .where(in_area(User.area_code, actor.area_code), User.disabled.is_(False))
        .where(User.role.in_(CASE_ROLES))
        .order_by(User.role, User.username)
    )
    return [user for user in session.scalars(query) if may_be_assigned(user, case, actor)]
