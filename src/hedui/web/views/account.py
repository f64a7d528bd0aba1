"""Changing one's own password (every user)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.store.accounts import change_password
from hedui.store.db import transaction
from hedui.web.auth import client_address, start_session
from hedui.web.forms import FormFields, redirect
from hedui.web.jurisdiction import AnyUser
from hedui.web.state import DbSession, get_state

router = APIRouter()


@router.get("/account/password")
def password_page(request: Request, _user: AnyUser) -> Response:
    """The change-password form."""
    changed = request.query_params.get("changed") == "1"
    return get_state(request).templates.render(
        request, "account/password.html", {"error": None, "changed": changed}
    )


@router.post("/account/password")
def change_own_password(
    request: Request, session: DbSession, user: AnyUser, form: FormFields
) -> Response:
    """Change the password; every login of the user ends, and this browser gets a new one."""
    new = form.get("new_password", "")
    response = redirect("/account/password?changed=1")
    try:
        if new != form.get("confirm_password", ""):
            raise InvalidInputError(
                "两次输入的新密码不一致 / the two new passwords are not the same"
            )
        with transaction(session):
            change_password(
                session, user, form.get("old_password", ""), new, ip=client_address(request)
            )
            start_session(request, response, session, user)
    except InvalidInputError as error:
        return get_state(request).templates.render(
            request,
            "account/password.html",
            {"error": error.message, "changed": False},
            status_code=422,
        )
    return response
