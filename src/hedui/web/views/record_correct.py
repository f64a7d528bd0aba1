"""Correcting a record (village clerks): a new entry supersedes the old, with a reason."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import InvalidInputError
from hedui.store.db import transaction
from hedui.store.ledger import correct_record, get_record
from hedui.store.records import Record
from hedui.web.auth import client_address
from hedui.web.forms import FormFields, redirect
from hedui.web.jurisdiction import Clerk
from hedui.web.record_page import ID_FIELDS, check_form, duplicates_of, render_form
from hedui.web.state import DbSession

router = APIRouter()


def _values(record: Record) -> dict[str, str]:
    """The record's fields as form values; ID numbers blank (they stay masked, blank = keep)."""
    names = ("name", "sex", "birth_date", "event_date", "mother_name", "address")
    values = {name: _text(getattr(record, name)) for name in names}
    values.update({name: "" for name in ID_FIELDS})
    return values


def _text(value: object) -> str:
    return "" if value is None else str(value)


@router.get("/records/{record_id:int}/correct")
def correction_form(request: Request, record_id: int, session: DbSession, user: Clerk) -> Response:
    """The record's form, filled in with its current values."""
    record = get_record(session, record_id, area_code=user.area_code)
    return render_form(request, event=record.event, values=_values(record), record=record)


@router.post("/records/{record_id:int}/correct")
def save_correction(
    request: Request, record_id: int, session: DbSession, user: Clerk, form: FormFields
) -> Response:
    """Save the correction, after the same checks as a new record."""
    record = get_record(session, record_id, area_code=user.area_code)
    reason = form.get("reason", "").strip()
    check = check_form(record.event, form, keep=record)
    extra: dict[str, object] = {"reason": reason}
    if check.fields is None:
        return render_form(
            request,
            event=record.event,
            values=form,
            check=check,
            record=record,
            extra=extra,
            status_code=422,
        )
    duplicates, hidden = duplicates_of(request, session, check, user, record_id=record.record_id)
    if (duplicates or hidden or hidden is None) and form.get("confirm_duplicate") != "1":
        extra |= {"duplicates": duplicates, "hidden_duplicates": hidden}
        return render_form(
            request, event=record.event, values=form, check=check, record=record, extra=extra
        )
    try:
        with transaction(session):
            correction = correct_record(
                session,
                record,
                check.fields,
                reason=reason,
                actor=user,
                ip=client_address(request),
            )
    except InvalidInputError as error:
        extra["form_error"] = error.message
        return render_form(
            request,
            event=record.event,
            values=form,
            check=check,
            record=record,
            extra=extra,
            status_code=422,
        )
    return redirect(f"/records/{correction.id}?corrected=1")
