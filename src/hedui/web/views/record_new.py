"""Recording an event (village clerks, in their own village): the form, the live check, saving."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import NotFoundError
from hedui.store.db import transaction
from hedui.store.ledger import get_record, record_event
from hedui.store.records import RECORDED_EVENTS, EventType
from hedui.web.auth import client_address
from hedui.web.event_fields import fields_for
from hedui.web.forms import parse_id, read_form, redirect
from hedui.web.jurisdiction import Clerk
from hedui.web.record_page import accept_suggestion, check_form, duplicates_of, render_form
from hedui.web.state import DbSession, get_state

router = APIRouter()


def _event(name: str) -> EventType:
    if name in RECORDED_EVENTS:
        return EventType(name)
    raise NotFoundError(f"没有这种事件类型：{name} / no such event type: {name}")


@router.get("/records/new")
def choose_event(_user: Clerk) -> Response:
    """The form opens on a birth, the commonest event a village records."""
    return redirect(f"/records/new/{EventType.BIRTH.value}")


@router.get("/records/new/{event}")
def new_record_form(request: Request, event: str, _user: Clerk) -> Response:
    """An empty form for one event type."""
    return render_form(request, event=_event(event), values={})


@router.post("/records/check/{event}")
async def check_record_form(
    request: Request, event: str, session: DbSession, user: Clerk
) -> Response:
    """The live check panel (HTMX), plus the ID field replaced when a suggestion was accepted."""
    kind = _event(event)
    form, accepted = accept_suggestion(await read_form(request))
    keep = None
    if form.get("record"):
        keep = get_record(session, _int(form["record"]), area_code=user.area_code)
    check = check_form(kind, form, keep).without_missing()
    spec = next((s for s in fields_for(kind) if s.name == accepted), None)
    context = {
        "check": check,
        "event": kind,
        "specs": fields_for(kind),
        "accepted": spec,
        "values": form,
        "record": keep,
    }
    return get_state(request).templates.render(request, "records/_check.html", context)


@router.post("/records/new/{event}")
async def save_record(request: Request, event: str, session: DbSession, user: Clerk) -> Response:
    """Save the event, unless it has errors or looks already recorded and was not confirmed."""
    kind = _event(event)
    form = await read_form(request)
    check = check_form(kind, form)
    if check.fields is None:
        return render_form(request, event=kind, values=form, check=check, status_code=422)
    duplicates, hidden = duplicates_of(request, session, check, user)
    if (duplicates or hidden or hidden is None) and form.get("confirm_duplicate") != "1":
        extra = {"duplicates": duplicates, "hidden_duplicates": hidden}
        return render_form(request, event=kind, values=form, check=check, extra=extra)
    with transaction(session):
        record = record_event(
            session,
            check.fields,
            village_code=user.area_code,
            actor=user,
            ip=client_address(request),
        )
    return redirect(f"/records/{record.id}?saved=1")


def _int(text: str) -> int:
    number = parse_id(text)
    if number is None:
        raise NotFoundError(f"没有编号为 {text} 的记录 / no record with id {text}")
    return number
