"""Retiring a programme: nobody new is enrolled; its enrolments go after the retention period.

Cervical screening is retired on 2026-01-01 with a 365-day health retention: on 2026-12-31 the
enrolments (with their visits, referral and reminders) are still there for follow-up; on
2027-01-01 they are deleted, and the audit log says how many per township, naming no one.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, PermissionDeniedError
from hedui.health.retirement import purge_retired_enrolments, retire_programme, retired_programmes
from hedui.store.accounts import create_user
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.health import HEALTH_TABLES, HealthEnrolment
from hedui.store.users import Role, User

from .conftest import WOMAN_40, WOMAN_50, enrol_person
from .helpers import full_history

RETIRED_ON = date(2026, 1, 1)


@pytest.fixture
def admin(session: Session) -> User:
    user = create_user(session, "县管理员", "admin-password", Role.COUNTY_ADMIN, "320924")
    session.commit()
    return user


def _rows(session: Session) -> str:
    return "\n".join(
        repr(tuple(row))
        for table in HEALTH_TABLES
        for row in session.execute(text(f"SELECT * FROM {table.__tablename__}")).all()
    )


def test_a_retired_programme_takes_no_one_new(session: Session, worker: User, admin: User) -> None:
    with pytest.raises(PermissionDeniedError):
        retire_programme(session, "cervical_screening", actor=worker, today=RETIRED_ON)
    retire_programme(session, "cervical_screening", actor=admin, today=RETIRED_ON)
    session.commit()
    assert retired_programmes(session) == {"cervical_screening": RETIRED_ON}
    with pytest.raises(InvalidInputError, match="retired"):
        enrol_person(session, worker, day=date(2026, 1, 2))
    with pytest.raises(InvalidInputError, match="retired already"):
        retire_programme(session, "cervical_screening", actor=admin, today=RETIRED_ON)
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.PROGRAMME_RETIRED)
    ).one()
    assert (entry.actor_username, entry.target_id) == ("县管理员", "cervical_screening")


def test_enrolments_of_a_retired_programme_are_deleted_after_the_retention(
    session: Session, worker: User, admin: User
) -> None:
    full_history(session, worker)
    full_history(session, worker, id_number=WOMAN_50, name="王桂芳", contact="13900000000")
    retire_programme(session, "cervical_screening", actor=admin, today=RETIRED_ON)
    session.commit()
    day_before = date(2026, 12, 31)
    assert purge_retired_enrolments(session, today=day_before, retention_days=365) == 0
    assert len(session.scalars(select(HealthEnrolment)).all()) == 2
    deleted = purge_retired_enrolments(session, today=date(2027, 1, 1), retention_days=365)
    session.commit()
    assert deleted == 2
    rows = _rows(session)
    for trace in (WOMAN_40, WOMAN_50, "李秀兰", "王桂芳", "13800000000"):
        assert trace not in rows
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.HEALTH_ENROLMENTS_DELETED)
    ).one()
    assert (entry.area_code, entry.target_id, entry.detail) == (
        "320924101",
        "cervical_screening",
        {"enrolments": 2, "retention_days": 365},
    )
