"""Recording an event (village clerks, in their own village): the form, the live check, saving.

The form page works offline too (``records/new.html`` and ``static/js/offline_entry.js``): its
checks run in the browser, entries saved without a network wait on the phone and are uploaded
to :mod:`hedui.web.views.record_upload`. Each press of 保存 makes an idempotency key
(``entry_key``); a form sent with one is saved once however often it arrives
(:func:`hedui.store.entry_keys.save_once`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import NotFoundError
from hedui.sources.schema import MAX_LENGTHS
from hedui.store.db import transaction
from hedui.store.entry_keys import parse_entry_key, save_once, saved_entry
from hedui.store.ledger import get_record, record_event
from hedui.store.records import RECORDED_EVENTS, EventType
from hedui.web.auth import client_address
from hedui.web.event_fields import FIELDS, fields_for
from hedui.web.event_form import MESSAGES
from hedui.web.forms import FormFields, parse_id, redirect
from hedui.web.jurisdiction import Clerk
from hedui.web.labels import EVENT_LABELS
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
    """An empty form for one event type, ready to work without a network."""
    return _render_new(request, _event(event), {})


def _render_new(
    request: Request, kind: EventType, values: dict[str, str], **kwargs: Any
) -> Response:
    """The entry page (``records/new.html``) with what its offline checks need."""
    specs = {
        e.value: [
            {"name": s.name, "kind": s.kind, "required": s.required, "label": s.label}
            for s in FIELDS[e]
        ]
        for e in RECORDED_EVENTS
    }
    labels = sorted({s.label for e in RECORDED_EVENTS for s in FIELDS[e]})
    extra = {
        "offline_specs": specs,
        "offline_max_lengths": dict(MAX_LENGTHS),
        "offline_messages": [*MESSAGES, *labels, *(EVENT_LABELS[e] for e in RECORDED_EVENTS)],
        "offline_precache": [f"/records/new/{e.value}" for e in RECORDED_EVENTS],
        **kwargs.pop("extra", {}),
    }
    return render_form(
        request, event=kind, values=values, extra=extra, template="records/new.html", **kwargs
    )


@router.post("/records/check/{event}")
def check_record_form(
    request: Request, event: str, session: DbSession, user: Clerk, submitted: FormFields
) -> Response:
    """The live check panel (HTMX), plus the ID field replaced when a suggestion was accepted."""
    kind = _event(event)
    form, accepted = accept_suggestion(submitted)
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
def save_record(
    request: Request, event: str, session: DbSession, user: Clerk, form: FormFields
) -> Response:
    """Save the event, unless it has errors or looks already recorded and was not confirmed."""
    kind = _event(event)
    check = check_form(kind, form)
    if check.fields is None:
        return _render_new(request, kind, form, check=check, status_code=422)
    key = parse_entry_key(form["entry_key"]) if form.get("entry_key") else None
    if key is not None and (already := saved_entry(session, key, check.fields, user)):
        return redirect(f"/records/{already.record.id}?saved=1")
    duplicates, hidden = duplicates_of(request, session, check, user)
    if (duplicates or hidden or hidden is None) and form.get("confirm_duplicate") != "1":
        extra = {"duplicates": duplicates, "hidden_duplicates": hidden}
        return _render_new(request, kind, form, check=check, extra=extra)
    ip = client_address(request)
    if key is not None:
        saved = save_once(
            session,
            key,
            check.fields,
            village_code=user.area_code,
            actor=user,
            ip=ip,
            checked=True,  # looked up above, before the duplicate check
        )
        return redirect(f"/records/{saved.record.id}?saved=1")
    with transaction(session):
        record = record_event(session, check.fields, village_code=user.area_code, actor=user, ip=ip)
    return redirect(f"/records/{record.id}?saved=1")


def _int(text: str) -> int:
    number = parse_id(text)
    if number is None:
        raise NotFoundError(f"没有编号为 {text} 的记录 / no record with id {text}")
    return number
