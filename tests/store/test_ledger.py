"""The event ledger: entries are added, never overwritten; reads are scoped by area."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError, StoreError
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.db import transaction
from hedui.store.ledger import (
    EventFields,
    correct_record,
    current_entry_ids,
    get_record,
    list_records,
    record_event,
    record_history,
)
from hedui.store.records import VILLAGE_LEDGER, EventType, Record
from hedui.store.users import User

from .conftest import TOWNSHIP, VILLAGE_A, VILLAGE_B

BIRTH = EventFields(
    event=EventType.BIRTH,
    event_date=date(2024, 3, 7),
    name="王小明",
    sex="1",
    birth_date=date(2024, 3, 7),
    mother_name="李娜",
    mother_id_number="320924199003071229",
)


def _count(session: Session, model: type[Record] | type[AuditEntry]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_record_event_writes_a_village_ledger_entry_and_its_audit(
    session: Session, clerk: User
) -> None:
    with transaction(session):
        record = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk, ip="10.0.0.9")
    assert record.source == VILLAGE_LEDGER
    assert record.address_code == VILLAGE_A
    assert len(record.record_id) == 32
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.RECORD_CREATED)
    ).one()
    assert (entry.action, entry.target_id, entry.area_code, entry.ip_address) == (
        AuditAction.RECORD_CREATED,
        str(record.id),
        VILLAGE_A,
        "10.0.0.9",
    )


def test_record_event_only_in_a_village(session: Session, clerk: User) -> None:
    with pytest.raises(InvalidInputError, match="12-digit village"):
        record_event(session, BIRTH, village_code=TOWNSHIP, actor=clerk)


def test_correction_supersedes_and_keeps_the_original(session: Session, clerk: User) -> None:
    with transaction(session):
        original = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
    fixed = EventFields(**{**_as_dict(BIRTH), "name": "王晓明"})
    with transaction(session):
        correction = correct_record(session, original, fixed, reason="户口本上是晓", actor=clerk)
    assert correction.supersedes_id == original.id
    assert correction.record_id == original.record_id
    assert [r.name for r in record_history(session, original)] == ["王小明", "王晓明"]
    # The original row is untouched, and only the correction is current.
    assert session.get(Record, original.id).name == "王小明"  # type: ignore[union-attr]
    page = list_records(session, area_code=VILLAGE_A)
    assert [r.id for r in page.items] == [correction.id]
    detail = session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id.desc())).first()
    assert detail == {"supersedes": original.id, "fields": ["name"]}


def test_correction_keeps_a_partial_birth_date_unless_a_day_is_given(
    session: Session, clerk: User
) -> None:
    """An imported death born "1948年": correcting the name keeps 1948; giving a whole birth
    date replaces it."""
    original = Record(
        source="police_hukou",
        record_id="D1",
        event=EventType.DEATH,
        event_date=date(2025, 1, 5),
        name="吴桂林",
        birth_date_partial="1948",
        village_code=VILLAGE_A,
        address_code=VILLAGE_A,
    )
    with transaction(session):
        session.add(original)
    death = EventFields(event=EventType.DEATH, event_date=date(2025, 1, 5), name="吴桂琳")
    with transaction(session):
        renamed = correct_record(session, original, death, reason="核对户口本", actor=clerk)
    assert (renamed.birth_date, renamed.birth_date_partial) == (None, "1948")
    born = dataclasses.replace(death, birth_date=date(1948, 6, 11))
    with transaction(session):
        dated = correct_record(session, renamed, born, reason="补全出生日期", actor=clerk)
    assert (dated.birth_date, dated.birth_date_partial) == (date(1948, 6, 11), None)


def _as_dict(fields: EventFields) -> dict[str, object]:
    return {name: getattr(fields, name) for name in EventFields.__slots__}


def test_correct_record_refuses_no_reason_no_change_or_another_event(
    session: Session, clerk: User
) -> None:
    with transaction(session):
        original = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
    with pytest.raises(InvalidInputError, match="更正原因"):
        correct_record(session, original, BIRTH, reason=" ", actor=clerk)
    with pytest.raises(InvalidInputError, match="没有修改"):
        correct_record(session, original, BIRTH, reason="核对", actor=clerk)
    death = EventFields(**{**_as_dict(BIRTH), "event": EventType.DEATH})
    with pytest.raises(InvalidInputError, match="事件类型"):
        correct_record(session, original, death, reason="核对", actor=clerk)


def test_an_entry_can_be_corrected_only_once(session: Session, clerk: User) -> None:
    with transaction(session):
        original = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
        correct_record(
            session,
            original,
            EventFields(**{**_as_dict(BIRTH), "name": "甲"}),
            reason="r",
            actor=clerk,
        )
    with pytest.raises(StoreError, match="最新版本"):
        correct_record(
            session,
            original,
            EventFields(**{**_as_dict(BIRTH), "name": "乙"}),
            reason="r",
            actor=clerk,
        )


def test_the_database_itself_forbids_a_forked_chain(session: Session, clerk: User) -> None:
    with transaction(session):
        original = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
    rows = [
        Record(
            **{
                **_as_dict(BIRTH),
                "source": VILLAGE_LEDGER,
                "record_id": original.record_id,
                "village_code": VILLAGE_A,
                "supersedes_id": original.id,
            }
        )
        for _ in range(2)
    ]
    with pytest.raises(StoreError), transaction(session):
        session.add_all(rows)
    assert _count(session, Record) == 1


def test_a_failure_mid_save_leaves_nothing_half_written(session: Session, clerk: User) -> None:
    # Make the audit insert fail inside the database, after the record row went in.
    session.execute(
        text(
            "CREATE TEMP TRIGGER fail_audit BEFORE INSERT ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    )
    session.commit()
    records_before, audit_before = _count(session, Record), _count(session, AuditEntry)
    with pytest.raises(StoreError, match="disk full"), transaction(session):
        record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
    assert (_count(session, Record), _count(session, AuditEntry)) == (records_before, audit_before)


def test_get_record_hides_other_villages(session: Session, clerk: User) -> None:
    with transaction(session):
        record = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
    assert get_record(session, record.id, area_code=TOWNSHIP) is record
    with pytest.raises(NotFoundError):
        get_record(session, record.id, area_code=VILLAGE_B)
    with pytest.raises(NotFoundError):
        get_record(session, record.id + 1, area_code=VILLAGE_A)


def test_list_records_is_scoped_paginated_and_filtered(session: Session, clerk: User) -> None:
    with transaction(session):
        for day in range(1, 4):  # three births in village A
            record_event(
                session,
                EventFields(**{**_as_dict(BIRTH), "event_date": date(2024, 3, day)}),
                village_code=VILLAGE_A,
                actor=clerk,
            )
        death = EventFields(event=EventType.DEATH, event_date=date(2024, 3, 9), name="赵老汉")
        record_event(session, death, village_code=VILLAGE_B, actor=clerk)
    # Township sees 4; village A sees 3 in pages of 2 (2 + 1); village B sees its one death.
    assert list_records(session, area_code=TOWNSHIP).total == 4
    first = list_records(session, area_code=VILLAGE_A, per_page=2)
    second = list_records(session, area_code=VILLAGE_A, per_page=2, page=2)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (3, 2, 2, 1)
    assert {r.id for r in first.items}.isdisjoint(r.id for r in second.items)
    deaths = list_records(session, area_code=TOWNSHIP, event=EventType.DEATH)
    assert [r.name for r in deaths.items] == ["赵老汉"]
    assert list_records(session, area_code=TOWNSHIP, village_code=VILLAGE_B).total == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "王\x00小明", "name 含控制字符 U+0000"),
        ("address", "某村\x1b[31m", "address 含控制字符 U+001B"),
        ("mother_name", "李\u0085娜", "mother_name 含控制字符 U+0085"),  # a C1 control
        ("name", "王" * 65, "name 超过 64 个字符"),
        ("address", "路" * 256, "address 超过 255 个字符"),
    ],
)
def test_the_ledger_refuses_control_characters_and_over_long_text(
    session: Session, clerk: User, field: str, value: str, message: str
) -> None:
    bad = EventFields(**{**_as_dict(BIRTH), field: value})
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        record_event(session, bad, village_code=VILLAGE_A, actor=clerk)
    with transaction(session):
        original = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        correct_record(session, original, bad, reason="核对", actor=clerk)
    assert _count(session, Record) == 1


def test_a_correction_reason_may_have_line_breaks_but_no_other_control(
    session: Session, clerk: User
) -> None:
    with transaction(session):
        original = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
    fixed = EventFields(**{**_as_dict(BIRTH), "name": "王晓明"})
    with pytest.raises(InvalidInputError, match=r"U\+0000"):
        correct_record(session, original, fixed, reason="核对\x00", actor=clerk)
    with transaction(session):
        correct_record(session, original, fixed, reason="核对户口本\n名字写错", actor=clerk)


def test_current_entry_ids_follow_corrections_and_the_area(session: Session, clerk: User) -> None:
    with transaction(session):
        here = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
        there = record_event(session, BIRTH, village_code=VILLAGE_B, actor=clerk)
        fixed = dataclasses.replace(BIRTH, name="王晓明")
        correction = correct_record(session, here, fixed, reason="户口本上是晓", actor=clerk)
    keys = [
        (here.source, here.record_id),
        (there.source, there.record_id),
        ("health_births", here.record_id),  # the same record number in another source
        ("village_ledger", "no-such-record"),
    ]
    assert current_entry_ids(session, area_code=TOWNSHIP, keys=keys) == {
        (here.source, here.record_id): correction.id,
        (there.source, there.record_id): there.id,
    }
    assert current_entry_ids(session, area_code=VILLAGE_B, keys=keys) == {
        (there.source, there.record_id): there.id
    }
    assert current_entry_ids(session, area_code=VILLAGE_A, keys=[]) == {}
