"""Questions about accounts that pages and commands ask: who is in an area, whose names, and the
county administrators' counties.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.areas import in_area
from hedui.store.users import Role, User

__all__ = ["admin_counties", "usernames", "users_in_area"]


def users_in_area(session: Session, area_code: str) -> list[User]:
    """Every account whose area lies inside ``area_code``, by user name."""
    query = select(User).where(in_area(User.area_code, area_code)).order_by(User.username)
    return list(session.scalars(query))


def usernames(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """User id → user name, for the ids that exist (``None``, no one, is left out)."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    query = select(User.id, User.username).where(User.id.in_(wanted))
    return {user_id: username for user_id, username in session.execute(query)}


def admin_counties(session: Session) -> set[str]:
    """The counties that have a county administrator."""
    return set(session.scalars(select(User.area_code).where(User.role == Role.COUNTY_ADMIN)))
