"""Listing cases: jurisdiction, filters, sorts, pages, counts and the monthly trend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.store.base import utcnow
from hedui.store.case_actions import resolve_case
from hedui.store.case_query import (
    CASE_SORTS,
    CaseFilter,
    case_counts,
    cases_over_time,
    get_case,
    list_cases,
)
from hedui.store.cases import Case, CaseStatus
from hedui.store.users import User

from .case_helpers import finding, run_sync
from .conftest import COUNTY, VILLAGE_A, VILLAGE_B

OTHER_TOWNSHIP_VILLAGE = "320924102001"


@pytest.fixture
def cases(session: Session) -> dict[str, int]:
    """Three cases in village A, two in B, one in another township; one sex conflict."""
    findings = [
        finding("a1"),
        finding("a2"),
        finding("a3", kind="sex_conflict"),
        finding("b1", village=VILLAGE_B),
        finding("b2", village=VILLAGE_B),
        finding("c1", village=OTHER_TOWNSHIP_VILLAGE),
    ]
    _, counts = run_sync(session, findings)
    return {f.records[0][1][3:]: counts.case_ids[f.case_key] for f in findings}


def test_list_cases_sees_only_the_callers_area(session: Session, cases: dict[str, int]) -> None:
    assert list_cases(session, COUNTY).total == 6
    assert list_cases(session, VILLAGE_A[:9]).total == 5
    village = list_cases(session, VILLAGE_B)
    assert {c.id for c in village.items} == {cases["b1"], cases["b2"]}


def test_get_case_outside_the_area_is_not_found(session: Session, cases: dict[str, int]) -> None:
    assert get_case(session, VILLAGE_A, cases["a1"]).village_code == VILLAGE_A
    with pytest.raises(NotFoundError) as outside:
        get_case(session, VILLAGE_A, cases["b1"])
    with pytest.raises(NotFoundError) as missing:
        get_case(session, VILLAGE_A, 10_000)
    assert str(outside.value).replace(str(cases["b1"]), "N") == str(missing.value).replace(
        "10000", "N"
    )


def test_list_cases_filters(session: Session, cases: dict[str, int], admin: User) -> None:
    resolve_case(session, admin, cases["a2"], note="已更正")
    session.execute(
        update(Case)
        .where(Case.id == cases["b1"])
        .values(created_at=utcnow() - timedelta(days=40), recurring=True)
    )
    session.commit()

    def ids(**kwargs: object) -> set[int]:
        return {c.id for c in list_cases(session, COUNTY, CaseFilter(**kwargs)).items}  # type: ignore[arg-type]

    assert ids(kind="sex_conflict") == {cases["a3"]}
    assert ids(event="birth") == set(cases.values())
    assert ids(event="death") == set()
    assert ids(village_code=VILLAGE_B) == {cases["b1"], cases["b2"]}
    assert ids(statuses=(CaseStatus.RESOLVED,)) == {cases["a2"]}
    assert len(ids(statuses=(CaseStatus.OPEN, CaseStatus.RESOLVED))) == 6
    assert ids(older_than_days=30) == {cases["b1"]}
    assert ids(recurring=True) == {cases["b1"]}
    assert len(ids(recurring=False)) == 5
    with pytest.raises(InvalidInputError):
        ids(older_than_days=-1)


@pytest.mark.parametrize("sort", CASE_SORTS)
def test_list_cases_pages_cover_every_case_once(
    session: Session, cases: dict[str, int], sort: str
) -> None:
    seen = []
    for number in (1, 2, 3):
        page = list_cases(session, COUNTY, sort=sort, descending=False, page=number, per_page=2)
        assert page.total == 6 and page.pages == 3
        seen += [c.id for c in page.items]
    assert sorted(seen) == sorted(cases.values())


def test_list_cases_sorts_by_village(session: Session, cases: dict[str, int]) -> None:
    page = list_cases(session, COUNTY, sort="village", descending=True, per_page=10)
    villages = [c.village_code for c in page.items]
    assert villages == [OTHER_TOWNSHIP_VILLAGE] + [VILLAGE_B] * 2 + [VILLAGE_A] * 3
    with pytest.raises(InvalidInputError, match="sort by"):
        list_cases(session, COUNTY, sort="name")


def test_case_counts(session: Session, cases: dict[str, int], admin: User) -> None:
    resolve_case(session, admin, cases["a1"], note="已更正")
    session.commit()
    counts = case_counts(session, VILLAGE_A[:9])
    assert counts.to_dict() == {
        "total": 5,
        "by_status": {"open": 4, "resolved": 1},
        "by_kind": {"birth_missing_in_police_hukou": 4, "sex_conflict": 1},
        "by_village": {VILLAGE_A: 3, VILLAGE_B: 2},
    }


def test_cases_over_time_fills_empty_months(
    session: Session, cases: dict[str, int], admin: User
) -> None:
    # b1 opened three months before the others (2025-09 vs 2025-12), a1 closed in 2025-12.
    now = utcnow().replace(year=2025, month=12, day=15)
    session.execute(update(Case).values(created_at=now))
    session.execute(
        update(Case).where(Case.id == cases["b1"]).values(created_at=now.replace(month=9))
    )
    resolve_case(session, admin, cases["a1"], note="已更正")
    session.commit()
    trend = cases_over_time(session, COUNTY)
    this_month = utcnow().strftime("%Y-%m")
    assert trend[:4] == [("2025-09", 1, 0), ("2025-10", 0, 0), ("2025-11", 0, 0), ("2025-12", 5, 0)]
    assert trend[-1][0] == this_month and sum(t[2] for t in trend) == 1
    assert cases_over_time(session, "320925") == []
