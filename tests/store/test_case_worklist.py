"""A user's own cases: counts, pages, the next case, and the names on the list's cards."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hedui.store.accounts import create_user
from hedui.store.case_actions import assign_case, dismiss_case
from hedui.store.case_tallies import recount
from hedui.store.case_worklist import (
    Worklist,
    case_people,
    next_case_id,
    worklist_cases,
    worklist_counts,
)
from hedui.store.cases import Case, CaseRecord, CaseStatus
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.users import Role, User

from .case_helpers import finding, run_sync
from .conftest import VILLAGE_A, VILLAGE_B


def _cases(session: Session) -> list[int]:
    """Four cases: three in village A (the clerk's) by number, then the one in village B."""
    items = [finding("1"), finding("2"), finding("3"), finding("4", village=VILLAGE_B)]
    _, counts = run_sync(session, items)
    ids = [counts.case_ids[item.case_key] for item in items]
    return [*sorted(ids[:3]), ids[3]]


def test_assigned_and_todo_counts_follow_the_cases(
    session: Session, clerk: User, admin: User
) -> None:
    a1, a2, a3, b1 = _cases(session)
    other = create_user(session, "村统计员乙", "other-password", Role.VILLAGE_CLERK, VILLAGE_A)
    # a1 to the clerk, a2 to a colleague, a3 nobody's; b1 lies outside the clerk's village.
    assign_case(session, admin, a1, clerk.id)
    assign_case(session, admin, a2, other.id)
    session.commit()
    assert worklist_counts(session, clerk).__dict__ == {"assigned": 1, "todo": 2}
    assert [c.id for c in worklist_cases(session, clerk, Worklist.TODO).items] == [a1, a3]
    assert [c.id for c in worklist_cases(session, clerk, Worklist.ASSIGNED).items] == [a1]
    # The county admin's to-do: everything nobody holds, in the whole county.
    assert worklist_counts(session, admin).__dict__ == {"assigned": 0, "todo": 2}
    # A closed case leaves both lists.
    dismiss_case(session, clerk, a1, note="同名同日出生，并非同一人")
    session.commit()
    assert worklist_counts(session, clerk).__dict__ == {"assigned": 0, "todo": 1}
    assert b1 in [c.id for c in worklist_cases(session, admin, Worklist.TODO).items]


def test_next_case_walks_the_todo_list_and_wraps_round(session: Session, clerk: User) -> None:
    a1, a2, a3, _b1 = _cases(session)
    assert next_case_id(session, clerk, a1) == a2
    assert next_case_id(session, clerk, a3) == a1  # round to the first
    dismiss_case(session, clerk, a2, note="不是问题")
    dismiss_case(session, clerk, a3, note="不是问题")
    session.commit()
    assert next_case_id(session, clerk, a1) is None  # nothing else waits


def test_case_people_takes_the_name_most_records_inside_the_area_give(
    session: Session, clerk: User
) -> None:
    a1, _a2, _a3, _b1 = _cases(session)
    records = list(session.scalars(select(CaseRecord).where(CaseRecord.case_id == a1)))
    # Inside village A: 王小明 twice... one record filed under village B says 王晓明.
    records[0].snapshot = {"name": "王小明", "address_code": VILLAGE_A}
    records[1].snapshot = {"name": "王晓明", "address_code": VILLAGE_B}
    session.add(
        CaseRecord(case_id=a1, source="police_hukou", record_id="P-1", snapshot={"name": "王小明"})
    )
    session.commit()
    case = session.get(Case, a1)
    assert case is not None
    assert case_people(session, [case], VILLAGE_A) == {a1: "王小明"}
    # From village B only the record filed there names anyone.
    assert case_people(session, [case], VILLAGE_B) == {a1: "王晓明"}
    assert case_people(session, [], VILLAGE_A) == {}


@settings(max_examples=12, deadline=None)
@given(
    cases=st.lists(
        st.tuples(st.sampled_from(list(CaseStatus)), st.integers(0, 2), st.integers(0, 1)),
        max_size=30,
    )
)
def test_counts_equal_counting_the_cases_one_by_one(
    cases: list[tuple[CaseStatus, int, int]],
) -> None:
    """For any cases — any status, nobody's, mine or a colleague's, inside or outside the
    user's village — the counts (tallies less others' cases) equal the definitions."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'hedui.db'}"
        upgrade(url)
        engine = make_engine(url)
        try:
            with make_session_factory(engine)() as session:
                me = create_user(session, "clerk", "clerk-password", Role.VILLAGE_CLERK, VILLAGE_A)
                other = create_user(
                    session, "other", "other-password", Role.VILLAGE_CLERK, VILLAGE_A
                )
                assignees = (None, me.id, other.id)
                now = datetime(2025, 1, 1, tzinfo=UTC)
                if cases:
                    session.execute(
                        insert(Case),
                        [
                            {
                                "case_key": f"{n:064d}",
                                "kind": "name_conflict",
                                "status": status.value,
                                "village_code": (VILLAGE_A, VILLAGE_B)[village],
                                "assigned_to_id": assignees[who],
                                "explanation_zh": "说明",
                                "explanation_en": "explanation",
                                "recurring": False,
                                "first_seen_run": "1",
                                "last_seen_run": "1",
                                "created_at": now,
                                "updated_at": now,
                            }
                            for n, (status, who, village) in enumerate(cases)
                        ],
                    )
                recount(session)
                session.commit()
                closed = {CaseStatus.RESOLVED, CaseStatus.DISMISSED}
                mine = [
                    (who, status)
                    for status, who, village in cases
                    if village == 0 and status not in closed
                ]
                assert worklist_counts(session, me).__dict__ == {
                    "assigned": sum(1 for who, _ in mine if who == 1),
                    "todo": sum(1 for who, _ in mine if who in (0, 1)),
                }
        finally:
            engine.dispose()
