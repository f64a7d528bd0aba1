"""covering_run: one rule for which reconciliation run covers an area, checked by hand and for
every set of runs (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.period import Period
from hedui.runs import covered_periods, covering_run, latest_county, require_covering_run
from hedui.store.cases import ReconcileRun

COUNTY = "320924"
TOWNSHIP = "320924101"
VILLAGE = "320924101001"
OTHER_VILLAGE = "320924102003"
DONE = datetime(2026, 1, 5, tzinfo=UTC)


def _run(session: Session, area: str, period: str = "2025-12", *, finished: bool = True) -> int:
    run = ReconcileRun(
        period=period,
        area_code=area,
        link_dir=f"/tmp/{area}-{period}",
        finished_at=DONE if finished else None,
        findings=0,
    )
    session.add(run)
    session.flush()
    return run.id


def test_the_finished_run_with_the_highest_number_covers(session: Session) -> None:
    """County run 1, township run 2, an unfinished county run 3, all of December: a village
    of the township is covered by run 2 (run 3 has not finished), another village by run 1."""
    first = _run(session, COUNTY)
    township = _run(session, TOWNSHIP)
    _run(session, COUNTY, finished=False)
    december = Period(2025, 12)
    assert (run := covering_run(session, VILLAGE, december)) is not None and run.id == township
    assert (run := covering_run(session, OTHER_VILLAGE, december)) is not None
    assert run.id == first and run.area_code == COUNTY and run.finished_at is not None
    assert require_covering_run(session, TOWNSHIP, december).id == township


def test_an_unfinished_run_counts_only_when_none_has_finished(session: Session) -> None:
    unfinished = _run(session, COUNTY, finished=False)
    run = covering_run(session, VILLAGE)
    assert run is not None and run.id == unfinished and run.finished_at is None


def test_a_run_of_another_period_or_county_does_not_cover(session: Session) -> None:
    _run(session, COUNTY, "2025-11")
    _run(session, "320925", "2025-12")
    assert covering_run(session, VILLAGE, Period(2025, 12)) is None
    assert covering_run(session, TOWNSHIP) is not None  # any period: November's
    with pytest.raises(NotFoundError, match="hedui reconcile --period 2025-12"):
        require_covering_run(session, VILLAGE, Period(2025, 12))


def test_a_narrower_run_does_not_cover_a_wider_area(session: Session) -> None:
    """A township's run says nothing of the county: the county's report needs a county run."""
    _run(session, TOWNSHIP)
    assert covering_run(session, COUNTY) is None
    assert covering_run(session, VILLAGE) is not None


def test_a_malformed_area_code_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInputError):
        covering_run(session, "32092")


def test_covered_periods_lists_the_finished_runs_periods_newest_first(session: Session) -> None:
    _run(session, COUNTY, "2025-11")
    _run(session, COUNTY, "2025-12")
    _run(session, COUNTY, "2025-12")
    _run(session, COUNTY, "2026-01", finished=False)
    _run(session, "320925", "2026-02")
    assert covered_periods(session, VILLAGE) == ["2025-12", "2025-11"]


def test_latest_county_is_the_county_of_the_newest_run(session: Session) -> None:
    with pytest.raises(InvalidInputError, match="hedui reconcile"):
        latest_county(session)
    _run(session, "320925")
    _run(session, TOWNSHIP)
    assert latest_county(session) == COUNTY


_AREAS = st.sampled_from([COUNTY, TOWNSHIP, "320924102", VILLAGE, "320925"])
_RUNS = st.lists(
    st.tuples(_AREAS, st.sampled_from(["2025-11", "2025-12"]), st.booleans()), max_size=8
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(runs=_RUNS, asked=_AREAS, month=st.sampled_from([None, 11, 12]))
def test_covering_run_follows_its_rule_for_every_set_of_runs(
    session: Session, runs: list[tuple[str, str, bool]], asked: str, month: int | None
) -> None:
    """Of the runs whose area is a prefix of the asked area (of the period, if one is asked),
    the finished one with the highest number, else the unfinished one with the highest."""
    session.execute(delete(ReconcileRun))
    made = [
        (_run(session, area, period, finished=done), area, period, done)
        for area, period, done in runs
    ]
    period = Period(2025, month) if month else None
    candidates = [
        (done, number)
        for number, area, label, done in made
        if asked.startswith(area) and (period is None or label == period.label)
    ]
    expected = max(candidates)[1] if candidates else None
    found = covering_run(session, asked, period)
    assert (found.id if found else None) == expected
