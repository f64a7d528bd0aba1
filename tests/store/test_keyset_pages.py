"""Keyset pages: walking the cursors forward or back lists every row exactly once, in order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hedui.store.case_query import CASE_SORTS, CaseFilter, list_cases
from hedui.store.case_tallies import recount
from hedui.store.cases import Case, CaseStatus
from hedui.store.ledger import list_records
from hedui.store.migrations import upgrade
from hedui.store.pagination import SortKey, keyset_paginate
from hedui.store.records import EventType, Record

from .conftest import COUNTY, VILLAGE_A, VILLAGE_B, session_on_copy

START = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keyset") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def _cases(session: Session, rows: list[tuple[int, int, int, int]]) -> None:
    """Cases with few distinct kinds, villages, statuses and times: many ties to break."""
    values: list[dict[str, Any]] = [
        {
            "case_key": f"{n:064d}",
            "kind": ("name_conflict", "sex_conflict")[kind],
            "event": "birth",
            "status": list(CaseStatus)[status].value,
            "village_code": (VILLAGE_A, VILLAGE_B)[village],
            "explanation_zh": "说明",
            "explanation_en": "explanation",
            "recurring": False,
            "first_seen_run": "1",
            "last_seen_run": "1",
            "created_at": START + timedelta(days=day),
            "updated_at": START + timedelta(days=day),
        }
        for n, (kind, village, status, day) in enumerate(rows)
    ]
    if values:
        session.execute(insert(Case), values)
    recount(session)
    session.commit()


def _walk(session: Session, sort: str, descending: bool, per_page: int) -> list[list[int]]:
    pages: list[list[int]] = []
    after: str | None = None
    while True:
        page = list_cases(
            session,
            COUNTY,
            CaseFilter(),
            sort=sort,
            descending=descending,
            page=len(pages) + 1,
            per_page=per_page,
            after=after,
        )
        pages.append([c.id for c in page.items])
        if not page.has_next:
            return pages
        after = page.after


ROWS = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 4), st.integers(0, 3)),
    max_size=40,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=ROWS,
    sort=st.sampled_from(CASE_SORTS),
    descending=st.booleans(),
    per_page=st.integers(1, 7),
)
def test_following_the_cursors_lists_every_case_once_in_order(
    template: Path,
    rows: list[tuple[int, int, int, int]],
    sort: str,
    descending: bool,
    per_page: int,
) -> None:
    with session_on_copy(template) as session:
        _cases(session, rows)
        pages = _walk(session, sort, descending, per_page)
        walked = [case_id for page in pages for case_id in page]
        # The same order as one query over everything (OFFSET pages agree with it).
        everything = list_cases(session, COUNTY, sort=sort, descending=descending, per_page=200)
        assert walked == [c.id for c in everything.items]
        assert sorted(walked) == list(range(1, len(rows) + 1))
        assert all(len(page) == per_page for page in pages[:-1])
        # Going back from the last page with the "before" cursors gives the same pages.
        back, before = [pages[-1]], None
        page = list_cases(
            session,
            COUNTY,
            sort=sort,
            descending=descending,
            page=len(pages),
            per_page=per_page,
            after=None,
            before=None,
        )
        before = page.before
        for number in range(len(pages) - 1, 0, -1):
            previous = list_cases(
                session,
                COUNTY,
                sort=sort,
                descending=descending,
                page=number,
                per_page=per_page,
                before=before,
            )
            back.insert(0, [c.id for c in previous.items])
            before = previous.before
        assert back == pages


def test_mixed_directions_and_bad_cursors(session: Session) -> None:
    _cases(session, [(k, v, s, d) for k in (0, 1) for v in (0, 1) for s in (0, 3) for d in (0, 1)])
    keys: list[SortKey] = [(Case.kind, False), (Case.created_at, True), (Case.id, False)]
    expected = [
        c.id
        for c in session.scalars(
            select(Case).order_by(Case.kind.asc(), Case.created_at.desc(), Case.id.asc())
        )
    ]
    walked, after = [], None
    while True:
        page = keyset_paginate(session, select(Case), keys, 1, 3, after=after)
        walked += [c.id for c in page.items]
        if not page.items or len(walked) >= len(expected):
            break
        after = page.after
    assert walked == expected
    # A cursor that is not one (edited by hand) is ignored: the page is found by its number.
    for cursor in ("not-base64!", "WzFd", "eyJhIjoxfQ", "W251bGwsbnVsbCxudWxsXQ"):
        page = keyset_paginate(session, select(Case), keys, 2, 3, after=cursor)
        assert [c.id for c in page.items] == expected[3:6]
    # Filters the tallies cannot answer are counted instead.
    page = list_cases(session, COUNTY, CaseFilter(event="birth", kind="name_conflict"), per_page=5)
    assert page.total == 8 and page.next_params == {"after": page.after}
    assert page.previous_params == {"before": page.before}


def test_the_record_list_walks_by_cursor_too(session: Session) -> None:
    start = datetime(2025, 3, 1, tzinfo=UTC)
    session.execute(
        insert(Record),
        [
            {
                "source": "village_ledger",
                "record_id": f"R{n}",
                "event": EventType.BIRTH.value,
                "name": f"王{n}",
                "village_code": (VILLAGE_A, VILLAGE_B)[n % 2],
                "created_at": start + timedelta(hours=n % 3),  # ties to break by id
            }
            for n in range(11)
        ],
    )
    session.commit()
    expected = [r.id for r in list_records(session, area_code=COUNTY, per_page=50).items]
    walked, after = [], None
    for number in range(1, 5):
        page = list_records(session, area_code=COUNTY, page=number, per_page=3, after=after)
        walked += [r.id for r in page.items]
        after = page.after
    assert walked == expected and len(set(walked)) == 11


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.integers(0, 30), at_most=st.integers(0, 12), per_page=st.integers(1, 6))
def test_a_list_counted_at_most_n_still_walks_to_its_end(
    template: Path, rows: int, at_most: int, per_page: int
) -> None:
    """Counting stops after ``at_most`` rows; the total then says "more than", the pages are
    not clamped to a last page, and following the cursors still lists every row once."""
    with session_on_copy(template) as session:
        _cases(session, [(0, 0, 0, n % 3) for n in range(rows)])
        keys: list[SortKey] = [(Case.created_at, True), (Case.id, True)]
        walked: list[int] = []
        after: str | None = None
        for number in range(1, rows // per_page + 3):
            page = keyset_paginate(
                session, select(Case), keys, number, per_page,
                after=after, count_at_most=at_most,
            )  # fmt: skip
            assert page.total_is_lower_bound == (rows > at_most)
            assert page.total == min(rows, at_most)
            assert page.number == number or not page.total_is_lower_bound
            walked += [c.id for c in page.items]
            if not page.has_next:
                break
            after = page.after
        assert sorted(walked) == list(range(1, rows + 1))
        assert len(walked) == len(set(walked))
