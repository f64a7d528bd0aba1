"""User management (county admin): list, create, disable and enable, reset a password."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.store.accounts import create_user, find_user, reset_password, set_disabled
from hedui.store.db import transaction
from hedui.store.user_queries import users_in_area
from hedui.store.users import Role, User
from hedui.web.auth import client_address
from hedui.web.forms import FormFields, redirect
from hedui.web.jurisdiction import Admin
from hedui.web.state import DbSession, get_state

router = APIRouter()


def _render(
    request: Request,
    session: DbSession,
    admin: User,
    *,
    status_code: int = 200,
    **context: Any,
) -> Response:
    users = users_in_area(session, admin.area_code)
    page = {"users": users, "roles": list(Role), "form": {}, "error": None, "notice": None}
    return get_state(request).templates.render(
        request, "users.html", page | context, status_code=status_code
    )


@router.get("/users")
def users_page(request: Request, session: DbSession, admin: Admin) -> Response:
    """Every user of the admin's county."""
    notice = request.query_params.get("notice")
    return _render(request, session, admin, notice=notice if notice in _NOTICES else None)


_NOTICES = {"created", "disabled", "enabled", "reset"}


@router.post("/users")
def add_user(request: Request, session: DbSession, admin: Admin, form: FormFields) -> Response:
    """Create a user; a problem re-shows the form with what was typed (except the password)."""
    try:
        with transaction(session):
            create_user(
                session,
                form.get("username", ""),
                form.get("password", ""),
                form.get("role", ""),
                form.get("area_code", "").strip(),
                actor=admin,
            )
    except InvalidInputError as error:
        kept = {k: form.get(k, "") for k in ("username", "role", "area_code")}
        return _render(request, session, admin, status_code=422, form=kept, error=error.message)
    return redirect("/users?notice=created")


@router.post("/users/{user_id:int}/disable")
def disable_user(request: Request, user_id: int, session: DbSession, admin: Admin) -> Response:
    """Disable a user: every login of theirs ends at once (not one's own account: 422)."""
    return _set(request, session, admin, user_id, disabled=True)


@router.post("/users/{user_id:int}/enable")
def enable_user(request: Request, user_id: int, session: DbSession, admin: Admin) -> Response:
    """Enable a disabled user again."""
    return _set(request, session, admin, user_id, disabled=False)


def _set(
    request: Request, session: DbSession, admin: User, user_id: int, *, disabled: bool
) -> Response:
    user = find_user(session, user_id, area_code=admin.area_code)
    try:
        with transaction(session):
            set_disabled(session, admin, user, disabled, ip=client_address(request))
    except InvalidInputError as error:  # disabling oneself
        return _render(request, session, admin, status_code=422, error=error.message)
    return redirect("/users?notice=" + ("disabled" if disabled else "enabled"))


@router.post("/users/{user_id:int}/password")
def reset_user_password(
    request: Request, user_id: int, session: DbSession, admin: Admin, form: FormFields
) -> Response:
    """Set a new password for a user who forgot theirs; their sessions end."""
    user = find_user(session, user_id, area_code=admin.area_code)
    try:
        with transaction(session):
            reset_password(
                session, admin, user, form.get("password", ""), ip=client_address(request)
            )
    except InvalidInputError as error:
        return _render(request, session, admin, status_code=422, error=error.message)
    return redirect("/users?notice=reset")
