"""What the record-an-event and correction pages share: checking, duplicates, rendering.

Both pages show the same form for an event type, check it live as the clerk types (an HTMX
request answered with the check panel), and warn before saving when the event looks already
recorded — by the exact rules of :mod:`hedui.store.duplicates` and, once a reconciliation has
trained a linkage model, by that model's score against the village's entries of the same event
type. Looking beyond the clerk's own village is audited and rate-limited (:func:`duplicates_of`).
Only what happens on save differs (:mod:`hedui.web.views.record_new` adds a record,
:mod:`hedui.web.views.record_correct` supersedes one).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.cache import KeptAnswers, kept_answers
from hedui.linkage.link_dir import kept_model
from hedui.linkage.model_io import load_model
from hedui.linkage.pair_scores import PairScorer
from hedui.store.areas import is_within
from hedui.store.audit import AuditAction, write_audit
from hedui.store.db import transaction
from hedui.store.duplicates import look_for_duplicates, recent_link_dirs
from hedui.store.records import RECORDED_EVENTS, VILLAGE_LEDGER, EventType, Record
from hedui.store.users import User
from hedui.web.auth import client_address
from hedui.web.event_fields import fields_for
from hedui.web.event_form import FormCheck, check_event_form
from hedui.web.state import get_state

__all__ = [
    "ID_FIELDS",
    "accept_suggestion",
    "check_form",
    "duplicates_of",
    "keep_scorer",
    "render_form",
]

ID_FIELDS = ("id_number", "mother_id_number")

_SCORERS: KeptAnswers[PairScorer] = kept_answers("save: the newest run's model, compiled", 2)
"""The model a save's duplicate check scores with, compiled once per version of ``model.json``
(its path, modification time and size): a check then costs a few milliseconds, not a Linker."""


def accept_suggestion(form: Mapping[str, str]) -> tuple[dict[str, str], str | None]:
    """Apply a clicked "did you mean" suggestion: ``accept_field`` takes ``accept_value``.

    Returns:
        The form with the suggestion applied, and the name of the field it changed (or ``None``).
    """
    values = dict(form)
    field = values.pop("accept_field", "")
    value = values.pop("accept_value", "")
    if field in ID_FIELDS and value:
        values[field] = value
        return values, field
    return values, None


def check_form(event: EventType, form: Mapping[str, str], keep: Record | None = None) -> FormCheck:
    """Check a submitted form; for a correction, a blank ID field keeps ``keep``'s number.

    ID numbers are masked on every page, so the correction form cannot show them: leaving the
    field blank means "unchanged", typing a number replaces it.
    """
    values = dict(form)
    if keep is not None:
        for name in ID_FIELDS:
            if not values.get(name, "").strip() and getattr(keep, name):
                values[name] = getattr(keep, name)
    return check_event_form(event, values, today=date.today())


def duplicates_of(
    request: Request,
    session: Session,
    check: FormCheck,
    user: User,
    *,
    record_id: str | None = None,
) -> tuple[list[Record], int | None]:
    """Possible duplicates of the checked form: those inside the user's area, and how many not.

    Entries of other villages are counted but never shown: a clerk learns that the person may
    be recorded elsewhere, not who recorded what there. Even the count answers "has anyone
    with this ID number an event anywhere in the county?", so each look-up beyond the user's
    area is written to the audit log (``other_villages_checked``: the event type and how many
    were found, never the number typed), and a user may make only
    ``Settings.other_village_checks`` of them an hour (:class:`~hedui.web.ratelimit.LookupLimiter`).
    Over the limit only the user's own area is searched and the count is ``None``.
    """
    if check.fields is None:
        return [], 0
    candidate = check.fields.to_record(village_code=user.area_code)
    candidate.record_id = record_id or ""
    elsewhere_allowed = get_state(request).lookup_limiter.allow(user.id)
    lookup = look_for_duplicates(session, candidate)
    found = list(lookup.exact)
    model_path = kept_model(recent_link_dirs(session))
    if model_path is not None:
        scorer = _scorer(model_path)
        model = scorer.model
        neighbours = lookup.candidates
        scores = scorer.score(_canonical(candidate), [_canonical(r) for r in neighbours])
        seen = {r.id for r in found}
        found += [
            r
            for r, score in zip(neighbours, scores, strict=True)
            if score >= model.spec.threshold and r.id not in seen
        ]
    visible = [r for r in found if is_within(r.village_code, user.area_code)]
    if not elsewhere_allowed:
        return visible, None
    hidden = len(found) - len(visible)
    with transaction(session):
        write_audit(
            session,
            actor=user,
            action=AuditAction.OTHER_VILLAGES_CHECKED,
            area_code=user.area_code,
            target_type="village",
            target_id=user.area_code,
            detail={"event": candidate.event.value, "found_elsewhere": hidden},
            ip_address=client_address(request),
        )
    return visible, hidden


def _scorer(model_path: Path) -> PairScorer:
    return _SCORERS.get_for_file(model_path, lambda: PairScorer(load_model(model_path)))


def keep_scorer(link_dirs: list[Path]) -> None:
    """Compile and keep the model a save's duplicate check scores with (that of the newest
    runs' ``link_dirs``), as a web worker does when it starts: its first save then costs what
    the next ones do."""
    model_path = kept_model(link_dirs)
    if model_path is not None:
        _scorer(model_path)


def _canonical(record: Record) -> dict[str, str | None]:
    """A ledger entry in the canonical shape linkage reads (``docs/schema.md``)."""
    values: dict[str, str | None] = {
        "source": record.source or VILLAGE_LEDGER,
        "record_id": str(record.id) if record.id is not None else "",
        "event": record.event.value,
        "address_code": record.address_code or record.village_code,
    }
    for name in ("name", "id_number", "sex", "mother_name", "mother_id_number", "address"):
        values[name] = getattr(record, name)
    for name in ("event_date", "birth_date"):
        day = getattr(record, name)
        values[name] = day.isoformat() if day else None
    return values


def render_form(
    request: Request,
    *,
    event: EventType,
    values: Mapping[str, str],
    check: FormCheck | None = None,
    record: Record | None = None,
    extra: Mapping[str, Any] | None = None,
    status_code: int = 200,
    template: str = "records/form.html",
) -> Response:
    """The full form page (new or correction, depending on ``record``) in ``template``."""
    context = {
        "event": event,
        "events": RECORDED_EVENTS,
        "specs": fields_for(event),
        "values": values,
        "check": check,
        "record": record,
        "duplicates": [],
        "hidden_duplicates": 0,
        "reason": "",
        "form_error": None,
        "accepted": None,
        **(extra or {}),
    }
    return get_state(request).templates.render(request, template, context, status_code=status_code)
