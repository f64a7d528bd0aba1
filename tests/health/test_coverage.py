"""Coverage figures by township, month and programme, exact and with small cells suppressed."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from hedui.health.coverage import (
    ATTENDANCE_RATES,
    COUNT_COLUMNS,
    RATE_COLUMNS,
    attendance_rate,
    coverage_figures,
    suppress,
    suppressed_coverage_figures,
)
from hedui.health.progress import get_progress
from hedui.health.visits import decline_visit
from hedui.health.withdrawal import withdraw
from hedui.period import Period
from hedui.store.users import User

from .conftest import VILLAGE_B1, WOMAN_50, enrol_person, resident_id
from .helpers import full_history, screen


def test_figures_worked_out_by_hand(session: Session, worker: User, worker_b: User) -> None:
    # Township A, cervical screening, July 2025: 李秀兰 positive (referred, completed) and
    # 王桂芳 negative → screened 2, positive 1 (rate 0.5), 1 positive result.
    # Her 6-month check-up falls due 2025-12-28: due in December, not done.
    # Referral and follow-up rates rest on 1 person each: left out (None).
    full_history(session, worker)
    other = enrol_person(session, worker, id_number=WOMAN_50, name="王桂芳")
    screen(session, worker, other, date(2025, 7, 2), "negative")
    enrol_person(session, worker_b, id_number=resident_id("19800101", "022"), village=VILLAGE_B1)
    figures = coverage_figures(session, area_code="320924101", today=date(2026, 1, 31))
    assert figures.select("month", "screened", "positive", "positive_rate").rows() == [
        ("2025-07", 2, 1, 0.5),
        ("2025-12", 0, 0, None),
    ]
    july, december = figures.rows(named=True)
    assert july["positive_results"] == 1
    assert [july[rate] for rate in ATTENDANCE_RATES] == [None, None, None]
    assert december["follow_up_completion_rate"] is None
    assert set(figures["township_code"]) == {"320924101"}


def test_no_count_of_people_who_did_not_come_is_printed(session: Session, worker: User) -> None:
    """Who was due and who came are counted, but only their rate leaves the function."""
    full_history(session, worker)
    figures = coverage_figures(session, area_code="320924", today=date(2026, 1, 31))
    counted = {column for pair in ATTENDANCE_RATES.values() for column in pair}
    assert counted - set(COUNT_COLUMNS) == {
        "referred",
        "referral_completed",
        "follow_up_due",
        "follow_up_done",
    }
    assert not counted - set(COUNT_COLUMNS) & set(figures.columns)


@pytest.mark.parametrize(
    ("came", "due", "rate"),
    [
        (9, 12, None),  # 3 did not come: a handful of women, named by anyone who knows them
        (3, 12, None),  # 3 came
        (0, 12, None),  # all 12 stayed away
        (0, 0, None),  # nothing due
        (45, 50, 0.9),  # 5 did not come
        (12, 12, 1.0),  # everyone came
        (10, 16, 0.625),
    ],
)
def test_attendance_rate_leaves_out_small_complements(came: int, due: int, rate: float) -> None:
    assert attendance_rate(came, due) == rate


@given(due=st.integers(0, 200), data=st.data())
def test_a_shown_attendance_rate_never_rests_on_1_to_4_people(
    due: int, data: st.DataObject
) -> None:
    came = data.draw(st.integers(0, due))
    if attendance_rate(came, due) is not None:
        assert came >= 5
        assert due - came == 0 or due - came >= 5


def test_a_declined_follow_up_is_neither_due_nor_missed(session: Session, worker: User) -> None:
    enrolment = full_history(session, worker)  # positive 2025-07-01: 6-month check 2025-12-28
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    decline_visit(
        session,
        progress,
        "follow_up_6m",
        declined_on=date(2025, 12, 20),
        actor=worker,
        today=date(2025, 12, 20),
    )
    session.commit()
    figures = coverage_figures(session, area_code="320924", today=date(2026, 1, 31))
    assert figures["month"].to_list() == ["2025-07"]  # December had nothing due any more


def test_period_keeps_its_months(session: Session, worker: User) -> None:
    full_history(session, worker)
    figures = coverage_figures(
        session, area_code="320924", period=Period(2025, 7), today=date(2026, 1, 31)
    )
    assert figures["month"].to_list() == ["2025-07"]


def test_folic_acid_packs_are_summed(session: Session, worker: User) -> None:
    from hedui.health.progress import get_progress
    from hedui.health.visits import record_visit

    enrolment = enrol_person(session, worker, programme="birth_defect_prevention")
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    record_visit(
        session,
        progress,
        "folic_acid_1",
        visit_date=date(2025, 6, 20),
        values={"packs": "3"},
        actor=worker,
        today=date(2025, 6, 20),
    )
    session.commit()
    figures = coverage_figures(session, area_code="320924", today=date(2025, 6, 30))
    assert figures.select("programme", "distributed").rows() == [("birth_defect_prevention", 3)]


def test_withdrawn_people_leave_only_the_count(session: Session, worker: User) -> None:
    enrolment = full_history(session, worker)
    withdraw(session, enrolment.id, actor=worker, today=date(2026, 1, 5))
    session.commit()
    figures = coverage_figures(session, area_code="320924", today=date(2026, 1, 31))
    assert figures.select("month", "screened", "withdrawn").rows() == [("2026-01", 0, 1)]
    public = suppressed_coverage_figures(session, area_code="320924", today=date(2026, 1, 31))
    assert public.select("screened", "withdrawn").rows() == [("0", "<5")]


@given(
    counts=st.lists(
        st.integers(min_value=0, max_value=40),
        min_size=len(COUNT_COLUMNS),
        max_size=len(COUNT_COLUMNS),
    ),
    rate_parts=st.tuples(st.integers(0, 40), st.integers(0, 40)),
)
def test_suppression_hides_every_count_from_1_to_4(
    counts: list[int], rate_parts: tuple[int, int]
) -> None:
    row: dict[str, object] = dict(zip(COUNT_COLUMNS, counts, strict=True))
    row.update({rate: 0.5 for rate in [*RATE_COLUMNS, *ATTENDANCE_RATES]})
    public = suppress(pl.DataFrame([row])).row(0, named=True)
    for column, count in zip(COUNT_COLUMNS, counts, strict=True):
        assert public[column] == ("<5" if 1 <= count <= 4 else str(count))
    for rate, (numerator, denominator) in RATE_COLUMNS.items():
        hidden = any(1 <= int(row[c]) <= 4 for c in (numerator, denominator))  # type: ignore[call-overload]
        assert (public[rate] == "—") is hidden
    assert all(public[rate] == "0.5" for rate in ATTENDANCE_RATES)
