"""An entry sent twice under one key is saved once (:mod:`hedui.store.entry_keys`)."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError
from hedui.store.accounts import create_user
from hedui.store.db import make_session_factory
from hedui.store.entry_keys import (
    EntryKey,
    EntryKeyConflictError,
    parse_entry_key,
    save_once,
)
from hedui.store.ledger import EventFields
from hedui.store.records import EventType, Record
from hedui.store.users import Role, User

from .conftest import VILLAGE_A

BIRTH: dict[str, object] = dict(
    event=EventType.BIRTH,
    event_date=date(2024, 3, 1),
    name="王小明",
    sex="1",
    birth_date=date(2024, 3, 1),
    mother_name="李娜",
    mother_id_number="320924199003071222",
)


def _fields(**changes: object) -> EventFields:
    return EventFields(**{**BIRTH, **changes})  # type: ignore[arg-type]


def _records(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Record)) or 0


def test_save_once_saves_the_first_send_and_returns_it_on_the_second(
    session: Session, clerk: User
) -> None:
    key = str(uuid.uuid4())
    first = save_once(session, key, _fields(), village_code=VILLAGE_A, actor=clerk)
    second = save_once(session, key.upper(), _fields(), village_code=VILLAGE_A, actor=clerk)
    assert first.created and not second.created
    assert first.record.id == second.record.id
    assert _records(session) == 1
    stored = session.scalars(select(EntryKey)).one()
    assert (stored.key, stored.record_id, stored.user_id) == (key, first.record.id, clerk.id)


def test_two_keys_are_two_entries(session: Session, clerk: User) -> None:
    for _ in range(2):
        save_once(session, str(uuid.uuid4()), _fields(), village_code=VILLAGE_A, actor=clerk)
    assert _records(session) == 2


def test_a_key_reused_for_other_content_or_by_another_clerk_is_a_conflict(
    session: Session, clerk: User
) -> None:
    other = create_user(session, "村统计员乙", "clerk-password", Role.VILLAGE_CLERK, VILLAGE_A)
    session.commit()
    key = str(uuid.uuid4())
    save_once(session, key, _fields(), village_code=VILLAGE_A, actor=clerk)
    with pytest.raises(EntryKeyConflictError, match="未保存"):
        save_once(session, key, _fields(name="王小红"), village_code=VILLAGE_A, actor=clerk)
    with pytest.raises(EntryKeyConflictError):
        save_once(session, key, _fields(), village_code=VILLAGE_A, actor=other)
    assert _records(session) == 1


def test_a_key_saved_since_the_callers_check_is_settled_by_the_unique_key(
    session: Session, clerk: User
) -> None:
    # The caller looked the key up and found nothing; another send saved it meanwhile.
    key = str(uuid.uuid4())
    first = save_once(session, key, _fields(), village_code=VILLAGE_A, actor=clerk)
    again = save_once(session, key, _fields(), village_code=VILLAGE_A, actor=clerk, checked=True)
    assert (again.record.id, again.created) == (first.record.id, False)
    with pytest.raises(EntryKeyConflictError):
        save_once(
            session, key, _fields(name="王小红"), village_code=VILLAGE_A, actor=clerk, checked=True
        )
    assert _records(session) == 1


def test_a_refused_entry_leaves_neither_record_nor_key(session: Session, clerk: User) -> None:
    with pytest.raises(InvalidInputError):
        save_once(
            session, str(uuid.uuid4()), _fields(name="王\x00"), village_code=VILLAGE_A, actor=clerk
        )
    assert _records(session) == 0
    assert session.scalars(select(EntryKey)).first() is None


@pytest.mark.parametrize("text", ["", None, "not-a-uuid", "1234"])
def test_parse_entry_key_refuses_what_is_not_a_uuid(text: str | None) -> None:
    with pytest.raises(InvalidInputError, match="提交编号"):
        parse_entry_key(text)


def test_racing_sends_of_one_key_end_with_one_entry(engine: Engine, clerk: User) -> None:
    # Two sessions save the same key at once (a phone replaying its queue while the first
    # request is still running): the unique key lets one insert win; the other finds it.
    key = str(uuid.uuid4())
    factory = make_session_factory(engine)
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        with factory() as session:
            actor = session.get(User, clerk.id)
            assert actor is not None
            barrier.wait()
            try:
                saved = save_once(session, key, _fields(), village_code=VILLAGE_A, actor=actor)
                results.append(saved.record.id)
            except BaseException as error:  # reported by the assertion below
                errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    with factory() as session:
        assert _records(session) == 1
