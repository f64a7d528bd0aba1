"""The store operations the web application uses, on PostgreSQL.

Each test runs on its own database copied from the migrated template, through the same library
calls the pages make: accounts, the ledger, imports, cases (sync, list, counts, the monthly
trend), the audit log and the health services.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, delete, func, insert, inspect, select, text, update
from sqlalchemy.orm import Session

from hedui.errors import StoreError
from hedui.health.catalogue import get_programme
from hedui.health.enrolment import Consent, Person, enrol
from hedui.health.withdrawal import withdraw
from hedui.identity.resident_id import check_character
from hedui.reconcile.findings import Finding, make_finding
from hedui.store.accounts import authenticate, change_password, create_user
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.audit_query import AuditFilter, audit_csv, query_audit
from hedui.store.case_actions import assign_case, dismiss_case, resolve_case
from hedui.store.case_query import (
    CaseFilter,
    area_counts,
    case_counts,
    cases_over_time,
    list_cases,
)
from hedui.store.case_sync import sync_findings
from hedui.store.case_worklist import WorklistCounts, worklist_counts
from hedui.store.cases import Case, CaseHistory, CaseRecord, CaseStatus, ReconcileRun
from hedui.store.db import make_session_factory, transaction
from hedui.store.health import HealthEnrolment, HealthWithdrawalCount
from hedui.store.importing import import_file
from hedui.store.imports import ImportBatch, QuarantinedRow
from hedui.store.ledger import (
    EventFields,
    correct_record,
    list_records,
    record_event,
    record_history,
)
from hedui.store.migrations import alembic_config, upgrade
from hedui.store.record_tallies import RecordTally, current_entries, recount
from hedui.store.records import EventType, Record
from hedui.store.users import Role, User

from .conftest import COUNTY, PASSWORD, TOWNSHIP, VILLAGE_A, VILLAGE_B

OTHER_TOWNSHIP_VILLAGE = "320924102001"


def resident_id(birth: str, sequence: int) -> str:
    body = f"320924{birth}{sequence:03d}"
    return body + check_character(body)


def birth(name: str = "王小明", sequence: int = 11) -> EventFields:
    return EventFields(
        event=EventType.BIRTH,
        event_date=date(2024, 3, 1),
        name=name,
        id_number=resident_id("20240301", sequence),
        sex="1",
        birth_date=date(2024, 3, 1),
        mother_name="李娜",
        mother_id_number=resident_id("19900307", 122),
    )


def test_accounts_log_in_case_insensitively_and_change_passwords(
    session: Session, users: dict[str, User]
) -> None:
    clerk = users["clerk"]
    with transaction(session):
        latin = create_user(session, "ZhangSan", PASSWORD, Role.VILLAGE_CLERK, VILLAGE_B)
    assert authenticate(session, "zhangsan", PASSWORD) == latin
    assert authenticate(session, "村统计员甲", PASSWORD) == clerk
    assert authenticate(session, "村统计员甲", "wrong-password") is None
    with transaction(session):
        change_password(session, clerk, PASSWORD, "a-new-password-456")
    assert authenticate(session, "村统计员甲", "a-new-password-456") == clerk
    assert authenticate(session, "村统计员甲", PASSWORD) is None
    with pytest.raises(StoreError, match="未写入任何内容"), transaction(session):
        # The unique username is enforced by PostgreSQL itself, not only by create_user.
        session.add(User(username="村统计员甲", password_hash="x", role=Role.VILLAGE_CLERK,
                         area_code=VILLAGE_B))  # fmt: skip
    assert session.scalar(select(func.count()).select_from(User)) == 6


def test_ledger_records_and_corrects_without_overwriting(
    session: Session, users: dict[str, User]
) -> None:
    clerk = users["clerk"]
    with transaction(session):
        first = record_event(session, birth(), village_code=VILLAGE_A, actor=clerk)
    with transaction(session):
        fixed = correct_record(
            session, first, birth(name="王晓明"), reason="户口本上是晓", actor=clerk
        )
    assert [r.name for r in record_history(session, fixed)] == ["王小明", "王晓明"]
    page = list_records(session, area_code=VILLAGE_A)
    assert [(r.id, r.name) for r in page.items] == [(fixed.id, "王晓明")]
    assert page.total == 1
    assert list_records(session, area_code=VILLAGE_B).total == 0
    with pytest.raises(StoreError, match="已有更正"):
        correct_record(session, first, birth(name="王明"), reason="again", actor=clerk)
    session.rollback()
    stored = session.scalars(select(Record).order_by(Record.id)).all()
    assert [(r.name, r.supersedes_id) for r in stored] == [("王小明", None), ("王晓明", first.id)]
    assert stored[0].created_at.tzinfo is not None  # timestamptz comes back aware, in UTC
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == [AuditAction.RECORD_CREATED, AuditAction.RECORD_CORRECTED]


HEADER = ["记录号", "事件", "事件日期", "姓名", "公民身份号码", "性别", "出生日期", "村代码"]
COLUMNS = {
    "record_id": "记录号",
    "event": "事件",
    "event_date": "事件日期",
    "name": "姓名",
    "id_number": "公民身份号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "address_code": "村代码",
}


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _row(n: int, village: str = VILLAGE_A, id_number: str | None = None) -> list[str]:
    number = id_number or resident_id("19500101", n)
    return [f"R{n:04d}", "death", "2025-03-01", f"王{n}", number, "男", "1950-01-01", village]


def test_import_is_atomic_idempotent_and_quarantines_bad_rows(
    tmp_path: Path, session: Session, users: dict[str, User]
) -> None:
    rows = [_row(n) for n in range(1, 9)]
    rows.append(_row(9, village=OTHER_TOWNSHIP_VILLAGE))  # outside the officer's township
    rows.append([*_row(10)[:1], "入学", *_row(10)[2:]])  # no such event
    # Kept: a day that does not exist, and a NUL in a name (PostgreSQL refuses NUL in text,
    # so the reader leaves the name out instead of sending it), each with a warning.
    rows.append([*_row(11)[:2], "2025-02-30", *_row(11)[3:]])
    rows.append([*_row(12)[:3], "王\x00十二", *_row(12)[4:]])
    path = _write_csv(tmp_path / "派出所.csv", rows)
    officer = users["officer"]

    def run() -> tuple[int, int, int, bool]:
        with transaction(session):
            outcome = import_file(
                session, path, source="police_hukou", actor=officer,
                area_code=TOWNSHIP, column_map=COLUMNS, file_name=path.name,
            )  # fmt: skip
        rows = {problem.row for problem in outcome.quarantined}
        return outcome.rows_read, outcome.accepted, len(rows), outcome.already_imported

    assert run() == (12, 10, 2, False)
    assert run()[1:] == (10, 2, True)  # the same file twice adds nothing
    assert session.scalar(select(func.count()).select_from(Record)) == 10
    assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1
    fields = session.execute(select(QuarantinedRow.row, QuarantinedRow.field)).all()
    assert {field for _, field in fields} == {"address_code", "event"}
    assert len({row for row, _ in fields}) == 2
    kept = session.execute(
        select(Record.event_date, Record.name).where(Record.record_id.in_(["R0011", "R0012"]))
    ).all()
    assert sorted(kept, key=str) == sorted([(None, "王11"), (date(2025, 3, 1), None)], key=str)


def test_import_refused_midway_by_the_database_leaves_nothing(
    tmp_path: Path, engine: Engine, session: Session, users: dict[str, User]
) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN IF NEW.record_id = 'R0007' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$"
            )
        )
        connection.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON records "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        )
    path = _write_csv(tmp_path / "a.csv", [_row(n) for n in range(1, 11)])
    with pytest.raises(StoreError, match="未写入任何内容"), transaction(session):
        import_file(
            session, path, source="police_hukou", actor=users["officer"],
            area_code=TOWNSHIP, column_map=COLUMNS,
        )  # fmt: skip
    for model in (Record, ImportBatch, QuarantinedRow):
        assert session.scalar(select(func.count()).select_from(model)) == 0


def _finding(record: str, village: str, kind: str = "birth_missing_in_police_hukou") -> Finding:
    return make_finding(
        kind,
        "birth",
        village,
        [("health_births", f"HB-{record}"), ("village_ledger", f"VL-{record}")],
        ("公安户籍中没有这条出生记录，请核对", "No police record of this birth; please check"),
    )


def _sync(session: Session, findings: list[Finding]) -> tuple[int, int, int]:
    run = ReconcileRun(period="2025-12", area_code=COUNTY, link_dir="/tmp/linked", findings=0)
    session.add(run)
    session.flush()
    snapshots = {r: {"source": r[0], "record_id": r[1]} for f in findings for r in f.records}
    counts = sync_findings(session, findings, run=run, snapshots=snapshots)
    session.commit()
    return counts.new, counts.seen_again, counts.recurring


def _case_of(session: Session, record_id: str) -> int:
    query = select(CaseRecord.case_id).where(CaseRecord.record_id == record_id)
    case_id = session.scalar(query)
    assert case_id is not None
    return case_id


def test_cases_sync_list_count_and_trend(session: Session, users: dict[str, User]) -> None:
    findings = [_finding(f"a{n}", VILLAGE_A) for n in range(4)]
    findings += [_finding("b0", VILLAGE_B, kind="sex_conflict")]
    assert _sync(session, findings) == (5, 0, 0)
    assert _sync(session, findings) == (0, 5, 0)  # the same findings again open nothing new

    a0, b0 = (_case_of(session, record) for record in ("VL-a0", "VL-b0"))
    admin = users["admin"]
    with transaction(session):
        resolve_case(session, admin, a0, note="已补录户籍", right_source="health_births")
    with transaction(session):
        dismiss_case(session, admin, b0, note="两个不同的人")
    assert _sync(session, findings[1:]) == (0, 3, 0)  # a0 is gone this time, b0 stays closed
    assert _sync(session, findings) == (0, 3, 1)  # and a0 is back: it recurs

    counts = case_counts(session, COUNTY)
    assert counts.total == 5
    assert counts.by_status == {"dismissed": 1, "open": 4}
    assert counts.by_kind == {"birth_missing_in_police_hukou": 4, "sex_conflict": 1}
    assert counts.by_village == {VILLAGE_A: 4, VILLAGE_B: 1}
    assert case_counts(session, VILLAGE_B).total == 1
    # The tallies, read in one statement (a UNION of three groupings), give the same counts.
    assert area_counts(session, COUNTY) == counts
    assert area_counts(session, TOWNSHIP) == case_counts(session, TOWNSHIP)
    open_cases = CaseFilter(statuses=(CaseStatus.OPEN,))
    assert list_cases(session, COUNTY, open_cases, counts=counts).total == 4
    assert list_cases(session, COUNTY, open_cases).total == 4
    a1 = _case_of(session, "VL-a1")
    with transaction(session):
        assign_case(session, admin, a1, users["clerk"].id)
    assert worklist_counts(session, users["clerk"]) == WorklistCounts(assigned=1, todo=4)
    assert worklist_counts(session, users["admin"]) == WorklistCounts(assigned=0, todo=3)
    page = list_cases(
        session, COUNTY, CaseFilter(village_code=VILLAGE_A), sort="kind", page=2, per_page=3
    )
    assert (page.total, len(page.items)) == (4, 1)
    recurring = list_cases(session, COUNTY, CaseFilter(recurring=True))
    assert [case.id for case in recurring.items] == [a0]

    # Move the cases into known months, one history row right on a UTC month boundary.
    session.execute(update(Case).values(created_at=datetime(2025, 10, 5, tzinfo=UTC)))
    session.execute(
        update(CaseHistory)
        .where(CaseHistory.to_status.in_(["resolved", "dismissed"]))
        .values(at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
    )
    session.commit()
    assert cases_over_time(session, COUNTY) == [
        ("2025-10", 5, 0),
        ("2025-11", 0, 0),
        ("2025-12", 0, 2),
    ]


def test_cases_over_time_counts_utc_months_whatever_the_server_time_zone(
    session: Session,
) -> None:
    # SQLite stores UTC text and counts UTC months; a server in Beijing time must agree.
    assert _sync(session, [_finding("x", VILLAGE_A)]) == (1, 0, 0)
    session.execute(text("SET TIME ZONE 'Asia/Shanghai'"))
    session.execute(update(Case).values(created_at=datetime(2025, 1, 31, 20, 0, tzinfo=UTC)))
    assert cases_over_time(session, COUNTY) == [("2025-01", 1, 0)]


def test_audit_query_filters_pages_and_exports(session: Session, users: dict[str, User]) -> None:
    clerk = users["clerk"]
    for n in range(3):
        with transaction(session):
            record_event(
                session, birth(name=f"王{n}", sequence=n), village_code=VILLAGE_A, actor=clerk
            )
    created = AuditFilter(action=AuditAction.RECORD_CREATED, date_from=datetime.now(UTC).date())
    page = query_audit(session, created, area_code=TOWNSHIP, per_page=2)
    assert (page.total, len(page.items)) == (3, 2)
    assert page.items[0].id > page.items[1].id  # newest first
    assert query_audit(session, created, area_code=VILLAGE_B).total == 0
    lines = "".join(
        audit_csv(session, AuditFilter(actor="村统计员甲"), area_code=COUNTY)
    ).splitlines()
    assert lines[0].removeprefix("\ufeff").startswith("id,at,actor_username,action")
    assert len(lines) == 4 and all("record_created" in line for line in lines[1:])


def test_health_enrol_and_withdraw_leave_only_an_anonymous_count(
    session: Session, users: dict[str, User]
) -> None:
    worker = users["health"]
    woman = resident_id("19850615", 2)
    enrolment = enrol(
        session,
        get_programme(session, "cervical_screening"),
        Person(name="李秀兰", id_number=woman, village_code=VILLAGE_A, contact="13800000000"),
        Consent(agreed=True, consent_date=date(2025, 6, 16), explained="说明了目的与随时退出"),
        actor=worker,
        today=date(2025, 6, 16),
    )
    session.commit()
    withdraw(session, enrolment.id, actor=worker, today=date(2026, 1, 5))
    session.commit()
    assert session.scalars(select(HealthEnrolment)).all() == []
    counter = session.scalars(select(HealthWithdrawalCount)).one()
    assert (counter.township_code, counter.month, counter.count) == (TOWNSHIP, "2026-01", 1)
    for table in ("health_enrolments", "health_visits", "audit_log"):
        dump = repr(session.execute(text(f"SELECT * FROM {table}")).all())
        assert woman not in dump and "李秀兰" not in dump


def test_a_second_session_sees_only_committed_work(engine: Engine, users: dict[str, User]) -> None:
    factory = make_session_factory(engine)
    with factory() as writer, factory() as reader:
        clerk = writer.get_one(User, users["clerk"].id)
        record_event(writer, birth(), village_code=VILLAGE_A, actor=clerk)
        writer.flush()
        assert reader.scalar(select(func.count()).select_from(Record)) == 0
        writer.commit()
        assert reader.scalar(select(func.count()).select_from(Record)) == 1


def test_planner_statistics_on_postgres(engine: Engine, session: Session) -> None:
    from hedui.store.planner_statistics import analyse_if_grown, analyse_if_never, analysed_rows

    assert analyse_if_never(engine) is True  # a new database: never analysed
    assert analyse_if_never(engine) is False
    with engine.connect() as connection:
        assert analysed_rows(connection, "records") == 0
    assert analyse_if_grown(session, "records", 5) is True  # 5 rows on 0 is growth
    assert analyse_if_grown(session, "records", 0) is False


def test_record_tallies_follow_every_change_of_the_entries(
    session: Session, users: dict[str, User]
) -> None:
    clerk = users["clerk"]
    with transaction(session):
        first = record_event(session, birth(), village_code=VILLAGE_A, actor=clerk)
        record_event(session, birth(name="李四"), village_code=VILLAGE_A, actor=clerk)
        record_event(session, birth(name="赵五"), village_code=VILLAGE_B, actor=clerk)
    with transaction(session):
        fixed = correct_record(session, first, birth(name="王晓明"), reason="改名", actor=clerk)
    assert current_entries(session, VILLAGE_A) == 2
    assert current_entries(session, COUNTY, event=EventType.BIRTH) == 3
    # hedui never changes or deletes an entry; if someone does, the tallies still follow.
    with transaction(session):
        session.execute(update(Record).where(Record.id == fixed.id).values(village_code=VILLAGE_B))
    assert (current_entries(session, VILLAGE_A), current_entries(session, VILLAGE_B)) == (1, 2)
    with transaction(session):
        session.execute(delete(Record).where(Record.id == fixed.id))
    # The corrected entry is current again, in its own village.
    assert (current_entries(session, VILLAGE_A), current_entries(session, VILLAGE_B)) == (2, 1)
    tallies = dict(session.execute(select(RecordTally.village_code, RecordTally.entries)).all())
    with transaction(session):
        recount(session.connection())
    assert dict(session.execute(select(RecordTally.village_code, RecordTally.entries)).all()) == (
        tallies
    )
    assert list_records(session, area_code=TOWNSHIP).total == 3


def test_record_tallies_count_a_bulk_insert_once_a_statement(
    engine: Engine, session: Session
) -> None:
    rows = [
        {"source": "township_db", "record_id": f"T{n}", "event": EventType.DEATH}
        | {"village_code": (VILLAGE_A, VILLAGE_B)[n % 2]}
        for n in range(1_001)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Record), rows)
        ids = dict(connection.execute(select(Record.record_id, Record.id)).all())
        corrections = [
            {"source": "township_db", "record_id": f"T{n}", "event": EventType.DEATH}
            | {"village_code": (VILLAGE_A, VILLAGE_B)[n % 2], "supersedes_id": ids[f"T{n}"]}
            for n in range(7)
        ]
        connection.execute(insert(Record), corrections)
    assert current_entries(session, VILLAGE_A) == 501
    assert current_entries(session, VILLAGE_B, event=EventType.DEATH) == 500
    assert list_records(session, area_code=COUNTY).total == 1_001


def test_record_tallies_go_with_a_downgrade(database_url: str, engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0017")
    entry = {"source": "s", "record_id": "1", "event": EventType.BIRTH, "village_code": VILLAGE_A}
    with engine.begin() as connection:
        connection.execute(insert(Record), [entry])  # no trigger left behind
        assert "record_tallies" not in inspect(connection).get_table_names()
    upgrade(database_url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT sum(entries) FROM record_tallies")) == 1
