"""A record's history (every entry of its chain) and revealing a masked ID number.

Both are written to the audit log: opening a record (``record_viewed``) as well as revealing
an ID number (``id_revealed``), so a county can say who looked at a person's record.
"""

from __future__ import annotations

from itertools import pairwise

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.store.audit import AuditAction, write_audit
from hedui.store.db import transaction
from hedui.store.ledger import get_record, record_history
from hedui.store.records import Record
from hedui.store.user_queries import usernames
from hedui.web.auth import client_address
from hedui.web.forms import FormFields
from hedui.web.jurisdiction import RegistryUser, Revealer
from hedui.web.record_page import ID_FIELDS
from hedui.web.state import DbSession, get_state

router = APIRouter()

COMPARED = (
    "name",
    "id_number",
    "sex",
    "birth_date",
    "event_date",
    "mother_name",
    "mother_id_number",
    "address",
)


def _changes(history: list[Record]) -> dict[int, list[str]]:
    """For each correction, the fields it changed from the entry it supersedes."""
    changed: dict[int, list[str]] = {}
    for older, newer in pairwise(history):
        changed[newer.id] = [f for f in COMPARED if getattr(older, f) != getattr(newer, f)]
    return changed


@router.get("/records/{record_id:int}")
def history_page(
    request: Request, record_id: int, session: DbSession, user: RegistryUser
) -> Response:
    """The record as it stands now and every entry before it, newest first (audited)."""
    record = get_record(session, record_id, area_code=user.area_code)
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.RECORD_VIEWED,
            area_code=record.village_code,
            target_type="record",
            target_id=record.id,
            ip_address=client_address(request),
        )
    history = record_history(session, record)
    author_ids = {e.created_by_id for e in history if e.created_by_id is not None}
    authors = usernames(session, author_ids)
    context = {
        "authors": authors,
        "record": record,
        "current": history[-1],
        "history": list(reversed(history)),
        "changes": _changes(history),
        "fields": COMPARED,
        "saved": request.query_params.get("saved") == "1",
        "corrected": request.query_params.get("corrected") == "1",
    }
    return get_state(request).templates.render(request, "records/history.html", context)


@router.post("/records/{record_id:int}/reveal")
def reveal_id(
    request: Request, record_id: int, session: DbSession, user: Revealer, form: FormFields
) -> Response:
    """Show one full ID number (HTMX fragment), and write who saw it to the audit log."""
    record = get_record(session, record_id, area_code=user.area_code)
    field = form.get("field", "")
    if field not in ID_FIELDS:
        raise InvalidInputError(f"不能显示字段 {field!r} / cannot reveal field {field!r}")
    number: str | None = getattr(record, field)
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.ID_REVEALED,
            area_code=record.village_code,
            target_type="record",
            target_id=record.id,
            detail={"field": field},
            ip_address=client_address(request),
        )
    return get_state(request).templates.render(
        request, "records/_id_number.html", {"number": number}
    )
