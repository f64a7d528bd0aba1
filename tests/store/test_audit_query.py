"""Reading the audit log: scoped, filtered, exported to a CSV that Excel reads safely."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from hedui.store.audit import AuditAction, AuditEntry, write_audit
from hedui.store.audit_query import CSV_COLUMNS, AuditFilter, audit_csv, query_audit
from hedui.store.db import transaction
from hedui.store.users import User

from .conftest import COUNTY, VILLAGE_A, VILLAGE_B


def _entries(session: Session, admin: User) -> None:
    with transaction(session):
        for area, action in [
            (VILLAGE_A, AuditAction.RECORD_CREATED),
            (VILLAGE_A, AuditAction.ID_REVEALED),
            (VILLAGE_B, AuditAction.RECORD_CREATED),
            ("320925101001", AuditAction.RECORD_CREATED),  # another county
        ]:
            write_audit(
                session,
                actor=admin,
                action=action,
                area_code=area,
                target_type="record",
                target_id=1,
                detail={"field": "id_number"},
            )


def test_query_audit_is_scoped_and_filtered(session: Session, admin: User) -> None:
    _entries(session, admin)
    # The admin fixture itself wrote one USER_CREATED entry in county 320924.
    assert query_audit(session, AuditFilter(), area_code=COUNTY).total == 4
    assert query_audit(session, AuditFilter(), area_code=VILLAGE_A).total == 2
    reveals = query_audit(session, AuditFilter(action=AuditAction.ID_REVEALED), area_code=COUNTY)
    assert [e.area_code for e in reveals.items] == [VILLAGE_A]
    assert query_audit(session, AuditFilter(actor="无此人"), area_code=COUNTY).total == 0


def test_query_audit_filters_whole_days(session: Session, admin: User) -> None:
    with transaction(session):
        session.add(
            AuditEntry(
                at=datetime(2024, 3, 7, 23, 59, tzinfo=UTC),
                actor_username="甲",
                action=AuditAction.LOGIN,
                area_code=VILLAGE_A,
            )
        )
        session.add(
            AuditEntry(
                at=datetime(2024, 3, 8, 0, 0, tzinfo=UTC),
                actor_username="乙",
                action=AuditAction.LOGIN,
                area_code=VILLAGE_A,
            )
        )
    day = AuditFilter(date_from=date(2024, 3, 7), date_to=date(2024, 3, 7))
    assert [e.actor_username for e in query_audit(session, day, area_code=COUNTY).items] == ["甲"]


def test_audit_csv_has_a_bom_every_entry_and_no_live_formulas(
    session: Session, admin: User
) -> None:
    with transaction(session):
        write_audit(
            session,
            actor=None,
            actor_username='=HYPERLINK("x")',
            action=AuditAction.LOGIN_FAILED,
            area_code=VILLAGE_A,
        )
        write_audit(
            session,
            actor=None,
            actor_username="\t@SUM(1)",  # a tab first does not hide a formula
            action=AuditAction.LOGIN_FAILED,
            area_code=VILLAGE_A,
        )
    text = "".join(audit_csv(session, AuditFilter(), area_code=COUNTY))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 3  # header, the two failed logins, the admin's creation
    assert rows[1][2] == "'\t@SUM(1)"
    assert rows[2][2] == '\'=HYPERLINK("x")'
