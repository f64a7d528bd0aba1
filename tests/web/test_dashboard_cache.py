"""The dashboard keeps what depends only on a finished run, and is never stale about the rest.

A run's figures for an area are kept per process under the run; cases opened and closed per day
under the version of the cases. These tests change the database as another worker process
would (through the library, in a session of their own, not through the page) and look again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.cache import KeptAnswers, kept_answers
from hedui.store import case_days
from hedui.store.case_actions import dismiss_case, resolve_case, verify_case
from hedui.store.case_days import cases_by_day
from hedui.store.case_query import opened_and_closed
from hedui.store.cases import Case, CaseHistory, CaseStatus, make_case_key
from hedui.store.db import transaction
from hedui.store.users import User

from .conftest import Site, build_site
from .views.casework import add_case, add_run, link_small_county

COUNTY = "320924"
VILLAGE = "320924101201"
OTHER_VILLAGE = "320924101202"


@pytest.fixture(scope="module")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return link_small_county(tmp_path_factory.mktemp("county"))


def _page(site: Site, username: str = "admin") -> str:
    client = site.client(username)
    client.cookies.set("hedui_lang", "en")
    response = client.get("/dashboard")
    assert response.status_code == 200
    return str(response.text)


def _tiles(text: str) -> dict[str, int]:
    """The three figures at the top of the page, by their link."""
    found = re.findall(r'<a class="tile" href="([^"]+)"><strong>(\d+)</strong>', text)
    return {href: int(n) for href, n in found}


def _bars(text: str) -> list[tuple[int, int]]:
    """``(opened, closed)`` of each period of the cases chart, newest first."""
    return [(int(o), int(c)) for o, c in re.findall(r"opened (\d+) · closed (\d+)</text>", text)]


def _close(site: Site, case_id: int, how: Callable[..., Case] = resolve_case) -> None:
    """Close a case as a clerk's action in another process would: its own session."""
    with site.session() as session, transaction(session):
        admin = session.get(User, site.user_ids["admin"])
        assert admin is not None
        how(session, admin, case_id, note="已核实更正")


def test_dashboard_counts_a_case_closed_after_its_figures_were_kept(
    site: Site, link_dir: Path
) -> None:
    """The run's figures are kept after the first view; closing a case then moves the tiles
    and the cases chart on the next view, with no new run."""
    add_run(site, link_dir)
    ids = [add_case(site, VILLAGE, key=str(n)) for n in range(3)]
    run_figures: KeptAnswers[object] = kept_answers("dashboard run figures", 32)
    first = _page(site)
    kept = len(run_figures)
    assert kept >= 1
    assert _tiles(first)["/cases"] == 3 and _tiles(first)["/cases?status="] == 3
    assert _bars(first) == [(3, 0)]

    _close(site, ids[0])
    second = _page(site)
    assert _tiles(second)["/cases"] == 2 and _tiles(second)["/cases?status="] == 3
    assert _bars(second) == [(3, 1)]
    _close(site, ids[1], dismiss_case)
    third = _page(site)
    assert _tiles(third)["/cases"] == 1 and _bars(third) == [(3, 2)]
    # The village table came from the kept figures each time: no second entry for this run.
    assert len(run_figures) == kept
    assert re.findall(r'class="place">([^<]+)<', third) == re.findall(
        r'class="place">([^<]+)<', first
    )


def test_dashboard_counts_a_new_case_after_its_figures_were_kept(
    site: Site, link_dir: Path
) -> None:
    add_run(site, link_dir)
    add_case(site, VILLAGE, key="a")
    assert _bars(_page(site)) == [(1, 0)]
    add_case(site, OTHER_VILLAGE, key="b")
    page = _page(site)
    assert _bars(page) == [(2, 0)] and _tiles(page)["/cases?status="] == 2


def test_dashboard_shows_the_run_that_finished_after_the_figures_were_kept(
    site: Site, link_dir: Path, tmp_path: Path
) -> None:
    """A newer run covering the area is read, not the kept figures of the one before: here
    its link directory is gone, so the page says so instead of drawing the old run."""
    add_run(site, link_dir)
    before = _page(site)
    assert re.findall(r'class="place">', before)
    assert "Reconciliation of 2025-12" in before
    add_run(site, tmp_path / "moved-away", period="2026-01")
    after = _page(site)
    assert "Reconciliation of 2026-01" in after
    assert 'role="alert"' in after and not re.findall(r'class="place">', after)
    assert "Villages worse than the rest" not in after


def test_dashboard_of_each_user_keeps_to_their_area_when_figures_are_kept(
    site: Site, link_dir: Path
) -> None:
    """The county admin's view is kept first; officers and the clerk still see only their area
    (the key holds the area), and only the admin gets the health section. The synthetic
    county's villages all lie in township 101."""
    add_run(site, link_dir)
    add_case(site, VILLAGE, key="a")
    pages = {name: _page(site, name) for name in ("admin", "officer", "officer_other", "clerk")}
    places = {name: re.findall(r'class="place">([^<]+)<', text) for name, text in pages.items()}
    assert places["admin"] and places["officer"] == places["admin"]
    assert places["officer_other"] == [] and places["clerk"] == []
    cases = {name: _tiles(text)["/cases?status="] for name, text in pages.items()}
    assert cases == {"admin": 1, "officer": 1, "officer_other": 0, "clerk": 0}
    assert [name for name, text in pages.items() if 'id="health-coverage"' in text] == ["admin"]


# One site for every example below: each example goes on from the cases the last one left.
@pytest.fixture(scope="module")
def case_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("cases"))


_ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("open"),
            st.sampled_from([VILLAGE, OTHER_VILLAGE, "320924102001"]),
            st.integers(min_value=0, max_value=40),
        ),
        st.tuples(
            st.sampled_from(["resolve", "dismiss", "verify"]),
            st.just(""),
            st.integers(min_value=0, max_value=10_000),
        ),
        st.tuples(st.just("look"), st.sampled_from([COUNTY, VILLAGE, "320924102"]), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=_ACTIONS, checkpoint=st.sampled_from([1, 3, 8, case_days.CHECKPOINT]))
def test_cases_by_day_kept_is_always_what_counting_again_gives(
    case_site: Site, actions: list[tuple[str, str, int]], checkpoint: int
) -> None:
    """Whatever cases are opened, verified, resolved or dismissed between looks, the kept
    answer of every area equals the cases counted afresh, wherever the checkpoints fall (the
    counts kept up to a checkpoint, the rows above it added on each look)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(case_days, "CHECKPOINT", checkpoint)
        _look_after_each(case_site, actions)


def _look_after_each(case_site: Site, actions: list[tuple[str, str, int]]) -> None:
    for action, place, number in actions:
        with case_site.session() as session, transaction(session):
            if action == "open":
                _open_case(session, place, number)
            elif action == "look":
                cases_by_day(session, place)
            else:
                _act(session, case_site, action, number)
        with case_site.session() as session:
            for area in (COUNTY, VILLAGE, OTHER_VILLAGE, "320924102"):
                assert cases_by_day(session, area) == _counted(session, area)


def _open_case(session: Session, village: str, days_ago: int) -> None:
    """A new case, created ``days_ago`` days ago, with its first history row."""
    created = datetime.now(UTC) - timedelta(days=days_ago)
    number = (session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0) + 1
    case = Case(
        case_key=make_case_key("sex_conflict", [("test", f"case-{number}")]),
        kind="sex_conflict",
        status=CaseStatus.OPEN,
        village_code=village,
        explanation_zh="性别不一致",
        explanation_en="sex differs",
        recurring=False,
        first_seen_run="1",
        last_seen_run="1",
        created_at=created,
        updated_at=created,
    )
    session.add(case)
    session.flush()
    session.add(CaseHistory(case_id=case.id, to_status=CaseStatus.OPEN, at=created))


def _act(session: Session, site: Site, action: str, number: int) -> None:
    """Verify, resolve or dismiss the ``number``-th (modulo) case still open, if any."""
    still_open = list(
        session.scalars(
            select(Case.id)
            .where(Case.status.in_([CaseStatus.OPEN, CaseStatus.ASSIGNED]))
            .order_by(Case.id)
        )
    )
    if not still_open:
        return
    case_id = still_open[number % len(still_open)]
    admin = session.get(User, site.user_ids["admin"])
    assert admin is not None
    if action == "verify":
        verify_case(session, admin, case_id)
    elif action == "resolve":
        resolve_case(session, admin, case_id, note="已更正")
    else:
        dismiss_case(session, admin, case_id, note="两个人")


def _counted(session: Session, area: str) -> list[tuple[date, int, int]]:
    """The days counted afresh, without any kept answer."""
    opened, closed = opened_and_closed(session, area, "day")
    return [
        (date.fromisoformat(day), opened.get(day, 0), closed.get(day, 0))
        for day in sorted({*opened, *closed})
    ]
