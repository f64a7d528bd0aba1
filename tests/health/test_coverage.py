"""Coverage figures by township, month and programme, exact and with small cells suppressed."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from hedui.health.coverage import (
    COUNT_COLUMNS,
    RATE_COLUMNS,
    coverage_figures,
    suppress,
    suppressed_coverage_figures,
)
from hedui.health.withdrawal import withdraw
from hedui.reconcile.period import Period
from hedui.store.users import User

from .conftest import VILLAGE_B1, WOMAN_50, enrol_person, resident_id
from .helpers import full_history, screen


def test_figures_worked_out_by_hand(session: Session, worker: User, worker_b: User) -> None:
    # Township A, cervical screening, July 2025: 李秀兰 positive (referred, completed) and
    # 王桂芳 negative → screened 2, positive 1 (rate 0.5), 1 referral completed of 1.
    # Her 6-month check-up falls due 2025-12-28: due in December, not done.
    full_history(session, worker)
    other = enrol_person(session, worker, id_number=WOMAN_50, name="王桂芳")
    screen(session, worker, other, date(2025, 7, 2), "negative")
    enrol_person(session, worker_b, id_number=resident_id("19800101", "022"), village=VILLAGE_B1)
    figures = coverage_figures(session, area_code="320924101", today=date(2026, 1, 31))
    assert figures.select("month", "screened", "positive", "positive_rate").rows() == [
        ("2025-07", 2, 1, 0.5),
        ("2025-12", 0, 0, None),
    ]
    july = figures.row(0, named=True)
    assert (july["referred"], july["referral_completed"], july["referral_completion_rate"]) == (
        1,
        1,
        1.0,
    )
    december = figures.row(1, named=True)
    assert (december["follow_up_due"], december["follow_up_done"]) == (1, 0)
    assert set(figures["township_code"]) == {"320924101"}


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
    counts=st.lists(st.integers(min_value=0, max_value=40), min_size=9, max_size=9),
    rate_parts=st.tuples(st.integers(0, 40), st.integers(0, 40)),
)
def test_suppression_hides_every_count_from_1_to_4(
    counts: list[int], rate_parts: tuple[int, int]
) -> None:
    row: dict[str, object] = dict(zip(COUNT_COLUMNS, counts, strict=True))
    row.update({rate: 0.5 for rate in RATE_COLUMNS})
    public = suppress(pl.DataFrame([row])).row(0, named=True)
    for column, count in zip(COUNT_COLUMNS, counts, strict=True):
        assert public[column] == ("<5" if 1 <= count <= 4 else str(count))
    for rate, (numerator, denominator) in RATE_COLUMNS.items():
        hidden = any(1 <= int(row[c]) <= 4 for c in (numerator, denominator))  # type: ignore[call-overload]
        assert (public[rate] == "—") is hidden
