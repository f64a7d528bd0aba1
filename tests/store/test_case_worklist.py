"""A user's own cases: counts, pages, the next case, and the names on the list's cards."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.accounts import create_user
from hedui.store.case_actions import assign_case, dismiss_case
from hedui.store.case_worklist import (
    Worklist,
    case_people,
    next_case_id,
    worklist_cases,
    worklist_counts,
)
from hedui.store.cases import Case, CaseRecord
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
