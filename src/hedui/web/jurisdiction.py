"""Who may use which page, and over which area: every route declares it, the server enforces it.

Two questions are asked of every request:

1. **Role.** Each route depends on exactly one access rule made by :func:`allow` (or on
   :data:`public`): a rule lists the roles that may use the route; anyone else gets 403, and a
   visitor who is not logged in is sent to the login page.
2. **Area.** Whatever a route reads, it reads through a store function that takes the user's
   ``area_code`` (:mod:`hedui.store.areas`): a record of another village is *not found* (404),
   indistinguishable from one that does not exist, never shown with a "forbidden" that would
   confirm it exists.

:func:`access_roles` lets a test walk ``app.routes`` and fail for any route that declares no
rule, so a page added later cannot forget the check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.dependencies.models import Dependant
from starlette.requests import Request
from starlette.routing import BaseRoute

from hedui.errors import PermissionDeniedError
from hedui.store.users import Role, User
from hedui.web.auth import current_user, optional_user

__all__ = [
    "ADMIN",
    "ANY_USER",
    "CLERK",
    "REGISTRY",
    "REVEALER",
    "Admin",
    "AnyUser",
    "Clerk",
    "RegistryUser",
    "Revealer",
    "Visitor",
    "access_roles",
    "allow",
    "public",
]

_RULES: dict[Callable[..., object], frozenset[Role]] = {}


def allow(*roles: Role) -> Callable[..., Awaitable[User]]:
    """A dependency that passes the logged-in user through if their role is one of ``roles``.

    Raises (from the dependency):
        LoginRequired: nobody is logged in.
        PermissionDeniedError: the user's role is not allowed (HTTP 403).
    """
    allowed = frozenset(roles)

    async def check(request: Request, user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in allowed:
            raise PermissionDeniedError(
                "您的角色无权使用此页面 / your role does not allow this page"
            )
        return user

    _RULES[check] = allowed
    return check


async def public(user: Annotated[User | None, Depends(optional_user)]) -> User | None:
    """The rule of pages anyone may see (the login page): the user if logged in, else ``None``."""
    return user


_RULES[public] = frozenset()

ANY_USER = allow(*Role)
REGISTRY = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER, Role.VILLAGE_CLERK)
"""The population register's pages: every role but the health worker, whose work is the
voluntary services people asked for and who has no need to browse the civil register."""
ADMIN = allow(Role.COUNTY_ADMIN)
CLERK = allow(Role.VILLAGE_CLERK)
REVEALER = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER)
"""Who may reveal a full ID number: the county admin and township officers, within their area."""

AnyUser = Annotated[User, Depends(ANY_USER)]
RegistryUser = Annotated[User, Depends(REGISTRY)]
Admin = Annotated[User, Depends(ADMIN)]
Clerk = Annotated[User, Depends(CLERK)]
Revealer = Annotated[User, Depends(REVEALER)]
Visitor = Annotated[User | None, Depends(public)]


def access_roles(route: BaseRoute) -> frozenset[Role] | None:
    """The roles a route's access rule allows (empty for :data:`public`), or ``None`` if it has
    no rule at all."""
    dependant: Dependant | None = getattr(route, "dependant", None)
    return None if dependant is None else _find(dependant)


def _find(dependant: Dependant) -> frozenset[Role] | None:
    if dependant.call is not None and dependant.call in _RULES:
        return _RULES[dependant.call]
    for sub in dependant.dependencies:
        found = _find(sub)
        if found is not None:
            return found
    return None
