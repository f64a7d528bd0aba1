"""The work list: due and overdue visits, flagged positives, reminders — within one township."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.health.progress import get_progress
from hedui.health.reminders import record_reminders, reminder_csv, reminders
from hedui.health.schedule import VisitStatus
from hedui.health.visits import decline_visit
from hedui.health.worklist import work_list
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.health import HealthReminder
from hedui.store.users import User

from .conftest import VILLAGE_A2, WOMAN_40, WOMAN_50, enrol_person
from .helpers import screen


def test_overdue_first_then_due(session: Session, worker: User) -> None:
    enrol_person(session, worker, day=date(2025, 6, 1))  # screening overdue from 2025-07-02
    enrol_person(session, worker, id_number=WOMAN_50, name="王桂芳", day=date(2025, 7, 1))
    found = work_list(session, area_code=worker.area_code, today=date(2025, 7, 10))
    assert [(i.progress.enrolment.name, i.status) for i in found.items] == [
        ("李秀兰", VisitStatus.OVERDUE),
        ("王桂芳", VisitStatus.DUE),
    ]
    assert found.flagged == []


def test_another_township_sees_nothing(session: Session, worker: User, worker_b: User) -> None:
    enrol_person(session, worker)
    found = work_list(session, area_code=worker_b.area_code, today=date(2025, 7, 10))
    assert (found.items, found.flagged) == ([], [])


def test_positive_without_referral_is_flagged_after_the_programmes_days(
    session: Session, worker: User
) -> None:
    # cervical_screening: referral_flag_days = 14. Positive on 2025-07-01: flagged from 07-15.
    enrolment = enrol_person(session, worker)
    screen(session, worker, enrolment, date(2025, 7, 1), "positive")
    assert work_list(session, area_code=worker.area_code, today=date(2025, 7, 14)).flagged == []
    (flagged,) = work_list(session, area_code=worker.area_code, today=date(2025, 7, 15)).flagged
    assert (flagged.progress.enrolment.id, flagged.flag.days_waiting) == (enrolment.id, 14)


def test_negative_result_is_never_flagged(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    screen(session, worker, enrolment, date(2025, 7, 1), "negative")
    assert work_list(session, area_code=worker.area_code, today=date(2026, 7, 1)).flagged == []


def test_reminders_list_only_enrolled_people_and_their_due_visits(
    session: Session, worker: User
) -> None:
    # 李秀兰 screened positive on 07-01: 6-month check-up due 2025-12-28. 王桂芳 in village A2,
    # enrolled 2025-12-01, screening due that day. Nobody else exists for the list to name.
    done = enrol_person(session, worker)
    screen(session, worker, done, date(2025, 7, 1), "positive")
    enrol_person(
        session,
        worker,
        id_number=WOMAN_50,
        name="王桂芳",
        village=VILLAGE_A2,
        day=date(2025, 12, 1),
    )
    found = reminders(session, area_code=worker.area_code, today=date(2025, 12, 20))
    assert [(r.name, r.visit_key, r.due, r.overdue) for r in found] == [
        ("李秀兰", "follow_up_6m", date(2025, 12, 28), False),
        ("王桂芳", "screening", date(2025, 12, 1), False),
    ]
    one_village = reminders(
        session, area_code=worker.area_code, today=date(2025, 12, 20), village_code=VILLAGE_A2
    )
    assert [r.name for r in one_village] == ["王桂芳"]
    record_reminders(session, found, actor=worker, today=date(2025, 12, 20))
    session.commit()
    assert len(session.scalars(select(HealthReminder)).all()) == 2
    export = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.HEALTH_EXPORTED)
    ).one()
    assert export.detail == {"rows": 2}
    csv_text = reminder_csv(found)
    assert csv_text.startswith("\ufeff村代码")
    assert "李秀兰" in csv_text and WOMAN_40 not in csv_text and "positive" not in csv_text


def test_reminders_say_health_visit_never_the_programme_or_the_visit(
    session: Session, worker: User
) -> None:
    # A prenatal screening or a "6-month check-up" beside a name would tell whoever sees the
    # list that she is pregnant or had a positive result: every line says 健康随访 only.
    positive = enrol_person(session, worker)
    screen(session, worker, positive, date(2025, 7, 1), "positive")
    enrol_person(
        session, worker, programme="birth_defect_prevention", day=date(2025, 12, 15),
    )  # fmt: skip
    found = reminders(session, area_code=worker.area_code, today=date(2025, 12, 20))
    assert len(found) == 2
    csv_text = reminder_csv(found)
    lines = csv_text.splitlines()
    assert lines[0].endswith("访视 visit,应于 due,已逾期 overdue")
    assert all(",健康随访 health visit," in line for line in lines[1:])
    for name in ("宫颈", "叶酸", "复查", "筛查", "产前", "cervical", "folic", "follow_up"):
        assert name not in csv_text, name


def test_a_declined_visit_leaves_the_work_list_and_the_reminders(
    session: Session, worker: User
) -> None:
    enrolment = enrol_person(session, worker, day=date(2025, 6, 1))  # overdue from 07-02
    progress = get_progress(session, enrolment.id, area_code=worker.area_code)
    decline_visit(
        session, progress, "screening", declined_on=date(2025, 7, 5), actor=worker,
        today=date(2025, 7, 5),
    )  # fmt: skip
    session.commit()
    today = date(2025, 7, 10)
    assert work_list(session, area_code=worker.area_code, today=today).items == []
    assert reminders(session, area_code=worker.area_code, today=today) == []
    (visit,) = get_progress(session, enrolment.id, area_code=worker.area_code).schedule
    assert visit.status(today) is VisitStatus.DECLINED


def test_an_overdue_visit_lapses_after_the_stated_days(session: Session, worker: User) -> None:
    # Enrolled 2025-06-01: screening due that day, overdue from 07-02 (30 days' grace), and
    # overdue for more than 90 days from 2025-10-01: it has lapsed.
    enrol_person(session, worker, day=date(2025, 6, 1))
    on_list = work_list(session, area_code=worker.area_code, today=date(2025, 9, 30))
    assert [i.status for i in on_list.items] == [VisitStatus.OVERDUE]
    assert len(reminders(session, area_code=worker.area_code, today=date(2025, 9, 30))) == 1
    assert work_list(session, area_code=worker.area_code, today=date(2025, 10, 1)).items == []
    assert reminders(session, area_code=worker.area_code, today=date(2025, 10, 1)) == []
    # The number of days is a setting.
    later = work_list(session, area_code=worker.area_code, today=date(2025, 10, 1), lapse_days=120)
    assert [i.status for i in later.items] == [VisitStatus.OVERDUE]
