"""Findings become cases once; a closed case reopens only if its finding went away and came back."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.case_actions import dismiss_case, resolve_case
from hedui.store.case_query import case_history, case_records, get_case
from hedui.store.cases import Case, CaseStatus
from hedui.store.users import User

from .case_helpers import finding, run_sync
from .conftest import COUNTY, TOWNSHIP, VILLAGE_A, VILLAGE_B


def test_sync_opens_a_case_per_new_finding_with_records_and_history(session: Session) -> None:
    run, counts = run_sync(session, [finding("1"), finding("2", village=VILLAGE_B)])
    assert counts.to_dict() == {"new": 2, "seen_again": 0, "recurring": 0, "kept_closed": 0}
    case = get_case(session, COUNTY, counts.case_ids[finding("1").case_key])
    assert (case.status, case.recurring, case.period) == (CaseStatus.OPEN, False, "2025-12")
    assert case.first_seen_run == case.last_seen_run == str(run.id)
    records = case_records(session, case.id)
    assert [(r.source, r.record_id) for r in records] == [
        ("health_births", "HB-1"),
        ("village_ledger", "VL-1"),
    ]
    assert records[0].snapshot == {"source": "health_births", "record_id": "HB-1"}
    (history,) = case_history(session, case.id)
    assert history.to_status is CaseStatus.OPEN and f"run {run.id}" in (history.note or "")


def test_sync_twice_on_the_same_findings_opens_nothing_new(session: Session) -> None:
    findings = [finding(str(i)) for i in range(5)]
    _, first = run_sync(session, findings)
    run, second = run_sync(session, findings)
    assert (second.new, second.seen_again) == (0, 5)
    assert session.scalar(select(func.count()).select_from(Case)) == 5
    case = get_case(session, COUNTY, first.case_ids[findings[0].case_key])
    assert case.last_seen_run == str(run.id) and case.first_seen_run != str(run.id)


def test_sync_counts_a_repeated_key_once(session: Session) -> None:
    _, counts = run_sync(session, [finding("1"), finding("1")])
    assert counts.new == 1


def test_resolved_case_still_present_stays_closed_then_recurs_after_an_absence(
    session: Session, admin: User
) -> None:
    # Run 1: found. Resolved by a person. Run 2: still there (sources not yet corrected) →
    # kept closed. Run 3: absent (corrected). Run 4: back → reopened as recurring.
    item, other = finding("1"), finding("2")
    _, counts = run_sync(session, [item, other])
    case_id = counts.case_ids[item.case_key]
    resolve_case(session, admin, case_id, note="已通知派出所补登", right_source="health_births")
    session.commit()

    _, second = run_sync(session, [item, other])
    assert (second.kept_closed, second.seen_again, second.recurring) == (1, 1, 0)
    assert get_case(session, COUNTY, case_id).status is CaseStatus.RESOLVED

    run_sync(session, [other])
    assert get_case(session, COUNTY, case_id).status is CaseStatus.RESOLVED

    run4, fourth = run_sync(session, [item, other])
    assert (fourth.recurring, fourth.kept_closed, fourth.new) == (1, 0, 0)
    case = get_case(session, COUNTY, case_id)
    assert (case.status, case.recurring, case.last_seen_run) == (
        CaseStatus.OPEN,
        True,
        str(run4.id),
    )
    assert case.resolution_note is None and case.right_source is None
    statuses = [(h.from_status, h.to_status) for h in case_history(session, case_id)]
    assert statuses == [
        (None, CaseStatus.OPEN),
        (CaseStatus.OPEN, CaseStatus.RESOLVED),
        (CaseStatus.RESOLVED, CaseStatus.OPEN),
    ]
    reopened = session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == AuditAction.CASE_REOPENED)
    )
    assert reopened == 1


def test_rerunning_a_run_keeps_a_case_closed(session: Session, admin: User) -> None:
    item = finding("1")
    _, counts = run_sync(session, [item])
    dismiss_case(session, admin, counts.case_ids[item.case_key], note="系同名不同人")
    session.commit()
    _, again = run_sync(session, [item])
    _, third = run_sync(session, [item])
    assert (again.kept_closed, third.kept_closed, third.recurring) == (1, 1, 0)


def test_a_run_of_another_township_is_no_absence(session: Session, admin: User) -> None:
    # A run over township 102 does not cover village A of township 101, so the case resolved
    # in run 1 and found again in run 3 was never absent from a run that could have seen it.
    item = finding("1")
    _, counts = run_sync(session, [item])
    resolve_case(session, admin, counts.case_ids[item.case_key], note="已更正")
    session.commit()
    run_sync(session, [], area=COUNTY[:6] + "102")
    _, third = run_sync(session, [item], area=TOWNSHIP)
    assert (third.kept_closed, third.recurring) == (1, 0)
    assert VILLAGE_A.startswith(TOWNSHIP)
