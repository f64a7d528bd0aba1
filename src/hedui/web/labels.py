"""Display labels for stored codes: event types, roles, sexes, audit actions.

The stored values are English codes (``birth``, ``village_clerk``); what a person reads is the
label, marked here with :func:`~hedui.web.i18n.N_` and translated by the templates.
"""

from __future__ import annotations

from hedui.identity.sex import Sex
from hedui.store.audit import AuditAction
from hedui.store.records import EventType
from hedui.store.users import Role
from hedui.web.i18n import N_

__all__ = [
    "ACTION_LABELS",
    "EVENT_LABELS",
    "FIELD_LABELS",
    "ROLE_LABELS",
    "SEX_LABELS",
    "TARGET_LABELS",
]

EVENT_LABELS: dict[str, str] = {
    EventType.BIRTH: N_("Birth"),
    EventType.DEATH: N_("Death"),
    EventType.MARRIAGE: N_("Marriage"),
    EventType.DIVORCE: N_("Divorce"),
    EventType.MOVE_IN: N_("Move in"),
    EventType.MOVE_OUT: N_("Move out"),
    EventType.RESIDENT: N_("On the register"),
}

ROLE_LABELS: dict[str, str] = {
    Role.COUNTY_ADMIN: N_("County administrator"),
    Role.TOWNSHIP_OFFICER: N_("Township officer"),
    Role.VILLAGE_CLERK: N_("Village clerk"),
    Role.HEALTH_WORKER: N_("Health worker"),
}

SEX_LABELS: dict[str, str] = {
    Sex.MALE: N_("Male"),
    Sex.FEMALE: N_("Female"),
    Sex.UNKNOWN: N_("Unknown"),
    Sex.UNSTATED: N_("Not stated"),
}

ACTION_LABELS: dict[str, str] = {
    AuditAction.LOGIN: N_("Logged in"),
    AuditAction.LOGIN_FAILED: N_("Failed login"),
    AuditAction.LOGOUT: N_("Logged out"),
    AuditAction.PASSWORD_CHANGED: N_("Changed password"),
    AuditAction.PASSWORD_RESET: N_("Reset a password"),
    AuditAction.USER_CREATED: N_("Created a user"),
    AuditAction.USER_DISABLED: N_("Disabled a user"),
    AuditAction.USER_ENABLED: N_("Enabled a user"),
    AuditAction.RECORD_CREATED: N_("Recorded an event"),
    AuditAction.RECORD_CORRECTED: N_("Corrected a record"),
    AuditAction.ID_REVEALED: N_("Revealed an ID number"),
    AuditAction.RECORD_VIEWED: N_("Opened a record"),
    AuditAction.CASE_VIEWED: N_("Opened a case"),
    AuditAction.OTHER_VILLAGES_CHECKED: N_("Checked other villages for the same event"),
    AuditAction.RUNS_PURGED: N_("Deleted expired reconciliation files"),
    AuditAction.PROGRAMME_RETIRED: N_("Retired a health programme"),
    AuditAction.HEALTH_ENROLMENTS_DELETED: N_("Deleted the enrolments of a retired programme"),
    AuditAction.AUDIT_EXPORTED: N_("Exported the audit log"),
    AuditAction.IMPORT_COMPLETED: N_("Imported a file"),
    AuditAction.IMPORT_ERRORS_DOWNLOADED: N_("Downloaded an import's error rows"),
    AuditAction.RECONCILE_RUN: N_("Ran a reconciliation"),
    AuditAction.CASE_ASSIGNED: N_("Assigned a case"),
    AuditAction.CASE_VERIFIED: N_("Verified a case"),
    AuditAction.CASE_RESOLVED: N_("Resolved a case"),
    AuditAction.CASE_DISMISSED: N_("Dismissed a case"),
    AuditAction.CASE_REOPENED: N_("Reopened a case"),
    AuditAction.CASES_EXPORTED: N_("Exported cases"),
    AuditAction.SAMPLE_DRAWN: N_("Drew a verification sample"),
    AuditAction.REPORT_EXPORTED: N_("Downloaded a report"),
    AuditAction.HEALTH_ENROLLED: N_("Enrolled a person in a health service"),
    AuditAction.HEALTH_WITHDRAWN: N_("Recorded a withdrawal from a health service"),
    AuditAction.HEALTH_VISIT_RECORDED: N_("Recorded a health service visit"),
    AuditAction.HEALTH_VIEWED: N_("Viewed health service data"),
    AuditAction.HEALTH_EXPORTED: N_("Exported health service data"),
    AuditAction.PROGRAMME_SAVED: N_("Proposed a health programme"),
    AuditAction.PROGRAMME_APPROVED: N_("Approved a health programme"),
    AuditAction.PROGRAMME_REJECTED: N_("Turned down a health programme"),
}

TARGET_LABELS: dict[str, str] = {
    "case": N_("case"),
    "cases": N_("cases"),
    "health_coverage": N_("health coverage figures"),
    "health_enrolment": N_("health service enrolment"),
    "health_enrolments": N_("health service enrolments"),
    "health_programme": N_("health programme"),
    "health_reminders": N_("reminder list"),
    "health_worklist": N_("work list"),
    "import_batch": N_("import batch"),
    "reconcile_run": N_("reconciliation run"),
    "report": N_("report"),
    "village": N_("village"),
}
"""What an audit entry acted on, by ``audit_log.target_type`` (records and users have links)."""

FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "id_number": N_("Resident ID number"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "event_date": N_("Date of the event"),
    "mother_name": N_("Mother's name"),
    "mother_id_number": N_("Mother's resident ID number"),
    "address": N_("Address"),
}
