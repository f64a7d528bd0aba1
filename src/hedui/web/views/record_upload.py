"""Entries typed without a network, uploaded from the browser's queue (``static/js/``).

A clerk's phone keeps what was saved offline in IndexedDB and sends it here, one entry at a
time, as JSON, when the network returns. The page it was typed on may be hours old and its CSRF
token stale, so the queue first asks :func:`upload_token` for the login's current token and sends
it in the ``X-CSRF-Token`` header, as HTMX does (:mod:`hedui.web.csrf` checks it as any write).

Every entry carries the idempotency key made when 保存 was pressed: an entry already saved under
its key answers "saved" with the same ledger entry (:func:`hedui.store.entry_keys.save_once`),
so a queue replayed after a lost answer never saves twice. Whatever cannot be saved comes back
with the reason — the form's errors (422), a possible duplicate the clerk has not confirmed or a
key used for other content (409) — and the browser keeps the entry as a task for the clerk.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from hedui.errors import InvalidInputError
from hedui.store.entry_keys import EntryKeyConflictError, parse_entry_key, save_once, saved_entry
from hedui.store.records import RECORDED_EVENTS, EventType, Record
from hedui.store.users import User
from hedui.web.auth import client_address
from hedui.web.event_form import FormCheck
from hedui.web.jurisdiction import Clerk
from hedui.web.record_page import check_form, duplicates_of
from hedui.web.state import DbSession

__all__ = ["router"]

router = APIRouter()


@router.get("/records/upload/token")
def upload_token(request: Request, _user: Clerk) -> JSONResponse:
    """The login's current CSRF token, for a queue about to upload."""
    return JSONResponse({"csrf_token": request.state.csrf_token})


def _issues(check: FormCheck) -> list[dict[str, Any]]:
    return [
        {"field": issue.field, "message": issue.message, "params": dict(issue.params)}
        for issue in check.errors
    ]


def _saved(record: Record, *, created: bool) -> JSONResponse:
    return JSONResponse(
        {"status": "saved", "record": record.id, "url": f"/records/{record.id}", "created": created}
    )


async def _entry(request: Request) -> tuple[str, EventType, dict[str, str], bool]:
    # Only JSON is an entry: a form post's body has already been read by the CSRF check.
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise InvalidInputError("上传的内容无法识别 / the upload is not an entry")
    try:
        body = json.loads(await request.body())
    except ValueError:
        body = None
    if not isinstance(body, Mapping) or not isinstance(body.get("values"), Mapping):
        raise InvalidInputError("上传的内容无法识别 / the upload is not an entry")
    event = str(body.get("event", ""))
    if event not in RECORDED_EVENTS:
        raise InvalidInputError(f"没有这种事件类型：{event} / no such event type: {event}")
    values = {str(k): str(v) for k, v in body["values"].items() if isinstance(v, str)}
    key = parse_entry_key(body.get("key") if isinstance(body.get("key"), str) else None)
    return key, EventType(event), values, body.get("confirm_duplicate") is True


@router.post("/records/upload")
async def upload_entry(request: Request, session: DbSession, user: Clerk) -> JSONResponse:
    """Save one queued entry once; say why not when it cannot be saved. The body is read here,
    the entry saved on a worker thread (the event loop must not wait on the database)."""
    try:
        entry = await _entry(request)
        return await run_in_threadpool(_upload, request, session, user, entry)
    except InvalidInputError as error:
        return JSONResponse({"status": "invalid", "message": error.message}, status_code=422)


def _upload(
    request: Request,
    session: Session,
    user: User,
    entry: tuple[str, EventType, dict[str, str], bool],
) -> JSONResponse:
    key, event, values, confirmed = entry
    check = check_form(event, values)
    if check.fields is None:
        return JSONResponse({"status": "invalid", "issues": _issues(check)}, status_code=422)
    try:
        already = saved_entry(session, key, check.fields, user)
        if already is not None:
            return _saved(already.record, created=False)
        if not confirmed:
            duplicates, hidden = duplicates_of(request, session, check, user)
            if duplicates or hidden or hidden is None:
                found = [{"id": r.id, "url": f"/records/{r.id}"} for r in duplicates]
                body = {"status": "duplicate", "duplicates": found, "hidden": hidden}
                return JSONResponse(body, status_code=409)
        saved = save_once(
            session,
            key,
            check.fields,
            village_code=user.area_code,
            actor=user,
            ip=client_address(request),
            checked=True,  # looked up above, before the duplicate check
        )
    except EntryKeyConflictError as error:
        return JSONResponse({"status": "conflict", "message": error.message}, status_code=409)
    return _saved(saved.record, created=saved.created)
