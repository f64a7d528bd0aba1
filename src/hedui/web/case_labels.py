"""Display labels for reconciliation and cases: sources, case statuses, finding kinds.

Finding kinds are codes built from parts (``birth_missing_in_police_hukou``,
``sex_conflict``, ``duplicate_in_source``); :func:`kind_parts` splits one into a message id and
the labels to put in it, so a template can translate the whole phrase in either language.
:data:`CASE_LABELS` is what the case pages add to their template context.
"""

from __future__ import annotations

import re
from typing import Any

from hedui.identity.resident_id import mask
from hedui.reconcile.duplicates import DUPLICATE_KIND
from hedui.store.cases import CaseStatus
from hedui.web.i18n import N_
from hedui.web.labels import EVENT_LABELS, FIELD_LABELS

__all__ = [
    "CASE_LABELS",
    "COMPARISON_LABELS",
    "ID_PART_LABELS",
    "RECORD_FIELD_LABELS",
    "SOURCE_LABELS",
    "STATUS_LABELS",
    "kind_parts",
    "mask_ids",
]

SOURCE_LABELS: dict[str, str] = {
    "village_ledger": N_("Village ledger"),
    "township_db": N_("Township database"),
    "health_births": N_("Birth certificates"),
    "police_hukou": N_("Police household register"),
    "civil_marriages": N_("Marriage registry"),
}

STATUS_LABELS: dict[str, str] = {
    CaseStatus.OPEN: N_("Open"),
    CaseStatus.ASSIGNED: N_("Assigned"),
    CaseStatus.VERIFIED: N_("Verified"),
    CaseStatus.RESOLVED: N_("Resolved"),
    CaseStatus.DISMISSED: N_("Dismissed"),
}

RECORD_FIELD_LABELS: dict[str, str] = {
    **FIELD_LABELS,
    "event": N_("Event"),
    "address_code": N_("Village code"),
    "recorded_date": N_("Date recorded"),
    "father_name": N_("Father's name"),
    "spouse_name": N_("Spouse's name"),
    "spouse_id_number": N_("Spouse's resident ID number"),
}
"""Labels of the fields a record snapshot can hold, for the side-by-side table."""

COMPARISON_LABELS: dict[str, str] = {
    "resident_id": N_("Resident ID number"),
    "name": N_("Name"),
    "birth_date": N_("Date of birth"),
    "sex": N_("Sex"),
    "address_code": N_("Village code"),
    "event_date": N_("Date of the event"),
    "mother": N_("Mother"),
}
"""Labels of linkage's comparisons (:mod:`hedui.linkage.comparisons`)."""

ID_PART_LABELS: dict[str, str] = {
    "region": N_("Region code"),
    "birth_date": N_("Date of birth"),
    "sequence": N_("Sequence code"),
    "check": N_("Check character"),
}
"""Labels of the parts of an ID number (:func:`hedui.identity.id_masking.id_differences`)."""

_FIXED_KINDS: dict[str, str] = {
    DUPLICATE_KIND: N_("Entered twice in one source"),
    "invalid_id_check_digit": N_("ID number fails its check character"),
    "id_birth_date_mismatch": N_("ID number and date of birth disagree"),
    "id_sex_mismatch": N_("ID number and sex disagree"),
    "death_before_birth": N_("Death dated before birth"),
    "spouse_under_legal_age": N_("Marriage record below the legal age"),
    "future_date": N_("Date later than today"),
    "partial_birth_date": N_("Date of birth known only to the year or month"),
    "missing_event_date": N_("No date of the event"),
    "born_after_event_date": N_("Date of birth after the date of the event"),
    "late_registration": N_("Registered late"),
    "move_out_without_move_in": N_("Move out without a matching move in"),
    "move_in_without_move_out": N_("Move in without a matching move out"),
}
"""Kinds that are one phrase each (:mod:`hedui.reconcile` names them)."""

_MISSING = N_("%(event)s missing in %(source)s")
_CONFLICT = N_("Records disagree on %(field)s")


def kind_parts(kind: str) -> tuple[str, dict[str, str]]:
    """A finding kind as ``(message id, untranslated labels to fill it with)``.

    An unknown kind comes back as itself with no labels: shown as the code, never hidden.
    """
    if kind in _FIXED_KINDS:
        return _FIXED_KINDS[kind], {}
    if kind.endswith("_conflict") and kind.removesuffix("_conflict") in FIELD_LABELS:
        return _CONFLICT, {"field": FIELD_LABELS[kind.removesuffix("_conflict")]}
    event, separator, source = kind.partition("_missing_in_")
    if separator and event in EVENT_LABELS:
        return _MISSING, {"event": EVENT_LABELS[event], "source": SOURCE_LABELS.get(source, source)}
    return kind, {}


_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_ids(text: str | None) -> str:
    """``text`` with every resident ID number in it masked (``320*************34``).

    Explanations written by reconciliation quote the conflicting values, ID numbers included;
    pages show them masked, as everywhere else.
    """
    return _ID_LIKE.sub(lambda match: mask(match.group(0)), text or "")


CASE_LABELS: dict[str, Any] = {
    "SOURCE_LABELS": SOURCE_LABELS,
    "RECORD_FIELD_LABELS": RECORD_FIELD_LABELS,
    "COMPARISON_LABELS": COMPARISON_LABELS,
    "ID_PART_LABELS": ID_PART_LABELS,
    "STATUS_LABELS": STATUS_LABELS,
    "kind_parts": kind_parts,
    "mask_ids": mask_ids,
}
"""Template context of every page that shows cases or findings."""
