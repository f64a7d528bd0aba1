"""The login page, logging in (rate limited) and logging out."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.store.accounts import authenticate, has_logged_in_from, user_by_username
from hedui.store.audit import AuditAction, write_audit
from hedui.store.db import transaction
from hedui.web.auth import client_address, end_session, start_session
from hedui.web.forms import FormFields, redirect, safe_next
from hedui.web.jurisdiction import AnyUser, Visitor
from hedui.web.state import DbSession, get_state

router = APIRouter()


@router.get("/login")
def login_page(request: Request, user: Visitor, next: str = "/") -> Response:
    """Show the login form, or go straight on if already logged in."""
    if user is not None:
        return redirect(safe_next(next))
    context = {"next": safe_next(next), "username": "", "failed": False}
    return get_state(request).templates.render(request, "login.html", context)


@router.post("/login")
def login(request: Request, session: DbSession, _visitor: Visitor, form: FormFields) -> Response:
    """Check the password; too many recent failures make the next attempt wait (429)."""
    username, password = form.get("username", "").strip(), form.get("password", "")
    target = safe_next(form.get("next"))
    address = client_address(request)
    limiter = get_state(request).rate_limiter
    limiter.check(
        username, address, known_address=lambda: has_logged_in_from(session, username, address)
    )
    user = authenticate(session, username, password)
    if user is None:
        limiter.failed(username, address)
        with transaction(session):
            _audit_failure(session, username, address)
        context = {"next": target, "username": username, "failed": True}
        return get_state(request).templates.render(request, "login.html", context, status_code=401)
    response = redirect(target)
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.LOGIN,
            area_code=user.area_code,
            target_type="user",
            target_id=user.id,
            ip_address=address,
        )
        start_session(request, response, session, user)
    return response


def _audit_failure(session: Session, username: str, address: str) -> None:
    """Log a failed login against a known user; unknown names are only rate limited."""
    known = user_by_username(session, username)
    if known is not None:
        write_audit(
            session,
            actor=None,
            actor_username=username,
            action=AuditAction.LOGIN_FAILED,
            area_code=known.area_code,
            target_type="user",
            target_id=known.id,
            ip_address=address,
        )


@router.post("/logout")
def logout(request: Request, session: DbSession, user: AnyUser) -> Response:
    """End the login on the server: a copy of the cookie does not outlive it."""
    response = redirect("/login")
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.LOGOUT,
            area_code=user.area_code,
            ip_address=client_address(request),
        )
        end_session(request, response, session)
    return response
