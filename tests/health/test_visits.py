"""Recording visits and referrals: only what the schedule offers, once, with valid fields."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.health.config import RESULT_VALUES
from hedui.health.progress import get_progress
from hedui.health.visits import decline_visit, record_referral, record_visit, visit_values
from hedui.store.users import User

from .conftest import enrol_person, resident_id
from .helpers import screen

JULY = date(2025, 7, 1)


def _record(session: Session, worker: User, enrolment_id: int, key: str, **values: str) -> None:
    record_visit(
        session,
        get_progress(session, enrolment_id, area_code=worker.area_code),
        key,
        visit_date=JULY,
        values=values,
        actor=worker,
        today=JULY,
    )


def test_a_follow_up_cannot_come_before_its_screening(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    with pytest.raises(NotFoundError, match="follow_up_6m"):
        _record(session, worker, enrolment.id, "follow_up_6m", result="negative")


def test_a_visit_is_recorded_once(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    screen(session, worker, enrolment, JULY, "negative")
    with pytest.raises(InvalidInputError, match="已记录"):
        _record(session, worker, enrolment.id, "screening", method="HPV 检测 HPV test")


def test_dates_after_today_or_before_enrolment_are_refused(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    values = {"method": "HPV 检测 HPV test", "result": "negative"}
    for day, message in [(date(2025, 7, 2), "晚于今天"), (date(2025, 6, 1), "不能早于")]:
        with pytest.raises(InvalidInputError, match=message):
            record_visit(
                session, progress, "screening", visit_date=day, values=values,
                actor=worker, today=JULY,
            )  # fmt: skip


def test_every_bad_field_is_named(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    spec = get_progress(session, enrolment.id, area_code=worker.area_code).schedule[0].spec
    with pytest.raises(InvalidInputError) as caught:
        visit_values(spec, {"method": "X 光", "result": ""})
    assert "筛查方法：不是可选项" in caught.value.message and "结果：必填" in caught.value.message


def test_only_a_positive_result_is_referred(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    visit = screen(session, worker, enrolment, JULY, "negative")
    with pytest.raises(InvalidInputError, match="只有阳性结果需要转诊"):
        record_referral(
            session,
            get_progress(session, enrolment.id, area_code=worker.area_code),
            visit.id,
            referred_on=JULY,
            referred_to="县医院",
            actor=worker,
            today=JULY,
        )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=10)
@given(result=st.sampled_from(RESULT_VALUES))
def test_positive_is_exactly_a_positive_result(session: Session, worker: User, result: str) -> None:
    enrolment = enrol_person(session, worker, programme="rti_screening", id_number=_next_id())
    visit = screen_rti(session, worker, enrolment.id, result)
    assert visit is (result == "positive")
    offered = [
        v.spec.key for v in get_progress(session, enrolment.id, area_code="320924101").schedule
    ]
    assert ("treatment" in offered) is (result == "positive")


_SEQUENCE = iter(range(100, 999, 2))


def _next_id() -> str:
    return resident_id("19900101", f"{next(_SEQUENCE):03d}")


def screen_rti(session: Session, worker: User, enrolment_id: int, result: str) -> bool | None:
    progress = get_progress(session, enrolment_id, area_code=worker.area_code)
    visit = record_visit(
        session, progress, "screening", visit_date=date(2025, 6, 20),
        values={"result": result}, actor=worker, today=JULY,
    )  # fmt: skip
    session.commit()
    return visit.positive


def test_a_declined_visit_records_nothing_but_the_day(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    visit = decline_visit(
        session, progress, "screening", declined_on=JULY, actor=worker, today=JULY
    )
    assert (visit.declined, visit.values, visit.positive, visit.visit_date) == (
        True, {}, None, JULY,
    )  # fmt: skip
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    with pytest.raises(InvalidInputError, match="已谢绝"):
        decline_visit(session, progress, "screening", declined_on=JULY, actor=worker, today=JULY)
    with pytest.raises(NotFoundError):
        decline_visit(session, progress, "follow_up_6m", declined_on=JULY, actor=worker, today=JULY)


def test_a_person_who_declined_may_still_come(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    decline_visit(session, progress, "screening", declined_on=JULY, actor=worker, today=JULY)
    _record(session, worker, enrolment.id, "screening", method="HPV 检测 HPV test",
            result="positive")  # fmt: skip
    (screening, *follow_ups) = get_progress(
        session, enrolment.id, area_code=worker.area_code
    ).schedule
    assert screening.recorded is not None and not screening.recorded.declined
    assert screening.recorded.positive and len(follow_ups) == 2


def test_visits_after_a_declined_one_are_not_offered(session: Session, worker: User) -> None:
    # Folic acid: the second supply counts from the first; the person said no to the first.
    enrolment = enrol_person(session, worker, programme="birth_defect_prevention")
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    decline_visit(session, progress, "folic_acid_1", declined_on=JULY, actor=worker, today=JULY)
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    assert [v.spec.key for v in progress.schedule] == ["folic_acid_1"]
