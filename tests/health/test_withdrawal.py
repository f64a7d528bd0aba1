"""Withdrawal erases the person's programme data everywhere, keeping only an anonymous count."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hedui.errors import NotFoundError
from hedui.health.withdrawal import withdraw
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.health import (
    HEALTH_TABLES,
    HealthReminder,
    HealthWithdrawalCount,
)
from hedui.store.users import User

from .conftest import EXPLAINED, WOMAN_40, WOMAN_50
from .helpers import full_history


def _dump(session: Session, table: str) -> str:
    """Every row of a table as one string, to search for any trace of a person."""
    rows = session.execute(text(f"SELECT * FROM {table}")).all()
    return "\n".join(repr(tuple(row)) for row in rows)


def test_withdrawal_leaves_no_trace_but_an_anonymous_count(session: Session, worker: User) -> None:
    gone = full_history(session, worker)
    kept = full_history(session, worker, id_number=WOMAN_50, name="王桂芳", contact="13900000000")
    assert session.scalars(select(HealthReminder)).all()  # the reminders exist before
    withdraw(session, gone.id, actor=worker, today=date(2026, 1, 5))
    session.commit()

    for table in HEALTH_TABLES:
        dump = _dump(session, table.__tablename__)
        for trace in (WOMAN_40, "李秀兰", "13800000000"):
            assert trace not in dump, f"{trace} left in {table.__tablename__}"
        if hasattr(table, "enrolment_id"):
            column = table.enrolment_id
            assert session.scalars(select(column).where(column == gone.id)).all() == []
    assert _dump(session, "health_enrolments").count(WOMAN_50) == 1  # the other person stays
    assert kept.id != gone.id

    counter = session.scalars(select(HealthWithdrawalCount)).one()
    assert (counter.programme_code, counter.township_code, counter.month, counter.count) == (
        "cervical_screening",
        "320924101",
        "2026-01",
        1,
    )
    withdrawal = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.HEALTH_WITHDRAWN)
    ).one()
    assert (withdrawal.target_id, withdrawal.detail) == (str(gone.id), None)
    audit = _dump(session, "audit_log")
    for trace in (WOMAN_40, "李秀兰", EXPLAINED, "cervical", "positive", "县妇幼保健院"):
        assert trace not in audit


def test_a_withdrawn_number_is_never_given_to_the_next_person(
    session: Session, worker: User
) -> None:
    gone = full_history(session, worker)
    withdraw(session, gone.id, actor=worker, today=date(2026, 1, 5))
    session.commit()
    after = full_history(session, worker, id_number=WOMAN_50, name="王桂芳")
    assert after.id > gone.id


def test_withdrawals_are_counted_per_month(session: Session, worker: User) -> None:
    first = full_history(session, worker)
    second = full_history(session, worker, id_number=WOMAN_50, name="王桂芳")
    withdraw(session, first.id, actor=worker, today=date(2026, 1, 5))
    withdraw(session, second.id, actor=worker, today=date(2026, 1, 20))
    session.commit()
    assert session.scalars(select(HealthWithdrawalCount.count)).all() == [2]


def test_another_townships_worker_cannot_withdraw_anyone(
    session: Session, worker: User, worker_b: User
) -> None:
    enrolment = full_history(session, worker)
    with pytest.raises(NotFoundError):
        withdraw(session, enrolment.id, actor=worker_b, today=date(2026, 1, 5))
