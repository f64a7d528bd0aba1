"""Cases of one person share a group; every case has the priority of its kind (issue #14 §4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from hedui.reconcile.findings import Finding
from hedui.store.case_actions import resolve_case
from hedui.store.case_groups import group_members, group_sizes, open_group_members
from hedui.store.cases import (
    CASE_PRIORITIES,
    DEFAULT_PRIORITY,
    Case,
    CaseGroup,
    case_priority,
)
from hedui.store.db import make_engine
from hedui.store.migrations import upgrade
from hedui.store.users import User

from .case_helpers import finding, run_sync
from .conftest import VILLAGE_A


def _of(person: str | None, record: str, kind: str = "birth_missing_in_police_hukou") -> Finding:
    return replace(finding(record, kind=kind), person_key=person)


def test_case_priority_puts_counts_before_spelling() -> None:
    """A missing birth or death first, moves and duplicates next, a name spelt two ways last."""
    assert case_priority("birth_missing_in_police_hukou") == 1
    assert case_priority("death_missing_in_village_ledger") == 1
    assert case_priority("move_out_missing_in_township_db") == 2
    assert case_priority("move_in_without_move_out") == 2
    assert case_priority("duplicate_in_source") == 2
    assert case_priority("sex_conflict") == case_priority("birth_date_conflict") == 3
    assert case_priority("invalid_id_check_digit") == 4
    assert case_priority("name_conflict") == 5
    assert case_priority("something_new") == DEFAULT_PRIORITY


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", max_size=40))
def test_case_priority_is_one_of_the_listed_levels(kind: str) -> None:
    """Any kind gets a priority from the table (or the default), never something else."""
    levels = {priority for priority, _ in CASE_PRIORITIES} | {DEFAULT_PRIORITY}
    assert case_priority(kind) in levels
    if kind.startswith(("birth_missing_in_", "death_missing_in_")):
        assert case_priority(kind) == 1


def test_sync_groups_one_persons_cases_with_their_priority(session: Session) -> None:
    """Two findings of 冯三 (P:a) share a group, 李四's (P:b) has its own; a finding no run has
    grouped (no person key) is a group of one."""
    findings = [
        _of("P:a", "1", kind="name_conflict"),
        _of("P:a", "2"),
        _of("P:b", "3"),
        _of(None, "4"),
    ]
    _, counts = run_sync(session, findings)
    cases = [session.get_one(Case, counts.case_ids[f.case_key]) for f in findings]
    assert [c.priority for c in cases] == [5, 1, 1, 1]
    assert cases[0].group_id == cases[1].group_id is not None
    assert cases[2].group_id not in (None, cases[0].group_id)
    assert cases[3].group_id is None
    assert session.scalar(select(func.count()).select_from(CaseGroup)) == 2
    # Priority first (the missing birth), then the oldest.
    assert [c.id for c in group_members(session, cases[0])] == [cases[1].id, cases[0].id]
    assert group_members(session, cases[3]) == [cases[3]]
    assert group_sizes(session, [c.group_id for c in cases]) == {
        cases[0].group_id: 2,
        cases[2].group_id: 1,
    }
    assert group_sizes(session, [None]) == {}


def test_resolving_one_member_leaves_the_others_open(session: Session, admin: User) -> None:
    """Each member keeps its own status: the card's open members are those still to act on."""
    findings = [_of("P:a", "1", kind="name_conflict"), _of("P:a", "2")]
    _, counts = run_sync(session, findings)
    first, second = (counts.case_ids[f.case_key] for f in findings)
    resolve_case(session, admin, second, note="已补登")
    session.commit()
    case = session.get_one(Case, first)
    assert [c.id for c in open_group_members(session, case)] == [first]
    assert len(group_members(session, case)) == 2


def test_a_case_found_again_under_another_person_moves_group(session: Session) -> None:
    """Run 1 files the case under P:a; run 2 finds the same records under P:c (two clusters
    merged): the case moves to P:c's group, its ``updated_at`` untouched; a known group is
    reused, not created twice."""
    item = _of("P:a", "1")
    _, counts = run_sync(session, [item])
    case_id = counts.case_ids[item.case_key]
    before = session.get_one(Case, case_id)
    group_a, updated = before.group_id, before.updated_at
    run_sync(session, [replace(item, person_key="P:c"), _of("P:a", "9")])
    after = session.get_one(Case, case_id)
    group_c = session.scalar(select(CaseGroup.id).where(CaseGroup.person_key == "P:c"))
    assert after.group_id == group_c != group_a
    assert after.updated_at == updated
    ninth = session.scalar(select(Case).where(Case.group_id == group_a))
    assert ninth is not None and ninth.id != case_id


def test_migration_0013_gives_existing_cases_their_kinds_priority(tmp_path: Path) -> None:
    """Cases stored before 0013 get the priority of their kind and no group."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0012")
    engine = make_engine(url)
    kinds = ["death_missing_in_police_hukou", "move_in_missing_in_village_ledger", "name_conflict"]
    kinds += ["sex_conflict", "id_number_conflict", "a_kind_from_the_future"]
    now = datetime(2025, 12, 1, tzinfo=UTC)
    with engine.begin() as connection:
        for number, kind in enumerate(kinds):
            connection.execute(
                text(
                    "INSERT INTO cases (case_key, kind, status, village_code, explanation_zh, "
                    "explanation_en, recurring, first_seen_run, last_seen_run, created_at, "
                    "updated_at) VALUES (:key, :kind, 'open', :village, '核对', 'check', 0, "
                    "'1', '1', :now, :now)"
                ),
                {"key": f"{number:064d}", "kind": kind, "village": VILLAGE_A, "now": now},
            )
    upgrade(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT kind, priority, group_id FROM cases ORDER BY id"))
        assert [(k, p, g) for k, p, g in rows] == [
            (kind, case_priority(kind), None) for kind in kinds
        ]
    engine.dispose()


def test_case_list_by_priority_then_oldest(session: Session) -> None:
    """The list's default order: a missing birth before a name spelt two ways, then by age."""
    from hedui.store.case_query import list_cases

    from .conftest import COUNTY

    findings = [
        _of("P:a", "1", kind="name_conflict"),
        _of("P:b", "2"),
        _of("P:c", "3", kind="sex_conflict"),
        _of("P:d", "4"),
    ]
    _, counts = run_sync(session, findings)
    ids = [counts.case_ids[f.case_key] for f in findings]
    births = sorted([ids[1], ids[3]])  # priority 1, in the order they were opened
    page = list_cases(session, COUNTY, sort="priority", descending=False)
    assert [c.id for c in page.items] == [*births, ids[2], ids[0]]


def test_resolve_group_resolves_the_open_members_with_one_note(
    session: Session, admin: User
) -> None:
    """A card of three cases, one already resolved: the other two are resolved with the note,
    each with its own history row; the person's other cards are untouched."""
    from hedui.store.case_groups import resolve_group
    from hedui.store.case_query import case_history
    from hedui.store.cases import CaseStatus

    findings = [
        _of("P:a", "1", kind="name_conflict"),
        _of("P:a", "2"),
        _of("P:a", "3", kind="sex_conflict"),
        _of("P:b", "4"),
    ]
    _, counts = run_sync(session, findings)
    ids = [counts.case_ids[f.case_key] for f in findings]
    resolve_case(session, admin, ids[2], note="已更正性别")
    resolved = resolve_group(session, admin, ids[0], note="已核对原始登记并补登")
    session.commit()
    assert [c.id for c in resolved] == [ids[1], ids[0]]
    statuses = [session.get_one(Case, i).status for i in ids]
    assert statuses == [CaseStatus.RESOLVED] * 3 + [CaseStatus.OPEN]
    assert session.get_one(Case, ids[2]).resolution_note == "已更正性别"
    for case_id in ids[:2]:
        assert case_history(session, case_id)[-1].note == "已核对原始登记并补登"
    assert resolve_group(session, admin, ids[0], note="再次") == []
