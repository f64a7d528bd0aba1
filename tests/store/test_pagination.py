"""Pages: counted in the database, clamped to what exists."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.pagination import MAX_PER_PAGE, Page, paginate
from hedui.store.users import Role, User


@given(total=st.integers(0, 10_000), per_page=st.integers(1, 500))
def test_page_count_covers_every_item(total: int, per_page: int) -> None:
    page = Page(items=[], number=1, per_page=per_page, total=total)
    assert page.pages >= 1
    assert (page.pages - 1) * per_page <= max(total - 1, 0) < page.pages * per_page or total == 0


def test_paginate_clamps_page_numbers_and_sizes(session: Session) -> None:
    session.add_all(
        User(username=f"u{i}", password_hash="x", role=Role.VILLAGE_CLERK, area_code="320924101001")
        for i in range(5)
    )
    session.flush()
    query = select(User).order_by(User.username)
    # 5 users, 2 per page: pages of 2, 2, 1; page 99 shows the last, page -3 the first.
    last = paginate(session, query, 99, 2)
    first = paginate(session, query, -3, 2)
    assert (last.number, [u.username for u in last.items]) == (3, ["u4"])
    assert (first.number, first.has_previous, first.has_next) == (1, False, True)
    assert paginate(session, query, 1, 10_000).per_page == MAX_PER_PAGE
