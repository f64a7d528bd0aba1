"""record_tallies: the database keeps each village's count of current entries by event, whatever
happens to the entries, and a list's total is their sum."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from hedui.store.db import make_engine, make_session_factory
from hedui.store.ledger import EventFields, correct_record, current_records, list_records
from hedui.store.migrations import alembic_config, upgrade
from hedui.store.record_tallies import RecordTally, current_entries, recount
from hedui.store.records import EventType, Record
from hedui.store.users import User

from .conftest import COUNTY, TOWNSHIP, VILLAGE_A, VILLAGE_B, session_on_copy

VILLAGES = (VILLAGE_A, VILLAGE_B, "320924102001")
EVENTS = (EventType.BIRTH, EventType.DEATH, EventType.MOVE_IN)


def counted(session: Session) -> Counter[tuple[str, str]]:
    """Each (village, event)'s current entries, counted from the entries themselves."""
    query = select(Record.village_code, Record.event, func.count()).where(
        Record.id.in_(select(current_records(area_code=COUNTY).subquery().c.id))
    )
    rows = session.execute(query.group_by(Record.village_code, Record.event))
    return Counter({(village, event.value): n for village, event, n in rows})


def tallied(session: Session) -> Counter[tuple[str, str]]:
    rows = session.execute(select(RecordTally.village_code, RecordTally.event, RecordTally.entries))
    return Counter({(village, event): n for village, event, n in rows if n})


def current_ids(session: Session) -> list[int]:
    return list(session.scalars(select(current_records(area_code=COUNTY).subquery().c.id)))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tallies") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


_operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, 2)),
        st.tuples(st.just("correct"), st.integers(0, 50), st.just(0)),
        st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 2)),
        st.tuples(st.just("delete"), st.integers(0, 50), st.just(0)),
    ),
    max_size=25,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=_operations)
def test_tallies_equal_the_current_entries_after_any_changes(
    template: Path, operations: list[tuple[str, int, int]]
) -> None:
    with session_on_copy(template) as session:
        for number, (kind, a, b) in enumerate(operations):
            ids = current_ids(session)
            if kind == "add":
                row = {"source": "village_ledger", "record_id": f"R{number}"}
                row |= {"event": EVENTS[b], "village_code": VILLAGES[a]}
                session.execute(insert(Record), [row])
            elif ids and kind == "correct":  # a new entry superseding a current one
                old = session.get_one(Record, ids[a % len(ids)])
                session.execute(
                    insert(Record),
                    [
                        {
                            "source": old.source,
                            "record_id": old.record_id,
                            "event": old.event,
                            "village_code": old.village_code,
                            "supersedes_id": old.id,
                        }
                    ],
                )
            elif ids and kind == "move":  # hedui never does this; the tallies still follow
                moved = update(Record).where(Record.id == ids[a % len(ids)])
                session.execute(moved.values(village_code=VILLAGES[b]))
            elif ids and kind == "delete":  # nor this: its predecessor is current again
                session.execute(delete(Record).where(Record.id == ids[a % len(ids)]))
            session.expire_all()
        session.commit()
        assert tallied(session) == counted(session)
        for area in (COUNTY, TOWNSHIP, VILLAGE_A):
            for event in (None, *EVENTS):
                expected = sum(
                    n
                    for (village, kind), n in counted(session).items()
                    if village.startswith(area) and (event is None or kind == event.value)
                )
                assert current_entries(session, area, event=event) == expected
        before = tallied(session)
        recount(session.connection())
        assert tallied(session) == before


def test_a_list_of_entries_gives_its_total_from_the_tallies(
    session: Session, clerk: User, admin: User
) -> None:
    rows = [
        {"source": "township_db", "record_id": f"T{n}", "event": event, "village_code": village}
        for n, (village, event) in enumerate(
            [(VILLAGE_A, EventType.BIRTH)] * 30
            + [(VILLAGE_A, EventType.DEATH)] * 4
            + [(VILLAGE_B, EventType.BIRTH)] * 7
        )
    ]
    session.execute(insert(Record), rows)
    session.commit()
    first = session.scalars(select(Record).where(Record.record_id == "T0")).one()
    fields = EventFields(event=EventType.BIRTH, event_date=None, name="王小明")
    correct_record(session, first, fields, reason="名字补录", actor=admin)
    session.commit()
    # A correction replaces its entry: still 30 births in village A.
    assert list_records(session, area_code=VILLAGE_A).total == 34
    assert list_records(session, area_code=VILLAGE_A, event=EventType.BIRTH).total == 30
    page = list_records(session, area_code=COUNTY, village_code=VILLAGE_B)
    assert (page.total, page.total_is_lower_bound, len(page.items)) == (7, False, 7)
    assert list_records(session, area_code=COUNTY, per_page=10).total == 41


def test_0018_counts_the_entries_a_database_already_holds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'older.db'}"
    upgrade(url, "0017")
    engine = make_engine(url)
    with engine.begin() as connection:
        rows = [
            {"source": "s", "record_id": f"R{n}", "event": EVENTS[n % 3], "village_code": v}
            for n, v in enumerate([VILLAGE_A] * 9 + [VILLAGE_B] * 5)
        ]
        connection.execute(insert(Record), rows)
        first = connection.scalar(select(Record.id).where(Record.record_id == "R0"))
        correction = {"source": "s", "record_id": "R0", "event": EventType.BIRTH}
        correction |= {"village_code": VILLAGE_A, "supersedes_id": first}
        connection.execute(insert(Record), [correction])
    upgrade(url)
    with make_session_factory(engine)() as session:
        assert tallied(session) == counted(session)
        assert current_entries(session, VILLAGE_A) == 9
        assert current_entries(session, COUNTY, event=EventType.BIRTH) == 5
    engine.dispose()


def test_record_tallies_go_with_a_downgrade(database_url: str, engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0017")
    entry = {"source": "s", "record_id": "1", "event": EventType.BIRTH, "village_code": VILLAGE_A}
    with engine.begin() as connection:
        connection.execute(insert(Record), [entry])  # no trigger left behind
        assert "record_tallies" not in inspect(connection).get_table_names()
    upgrade(database_url)
    with make_session_factory(engine)() as session:
        assert current_entries(session, COUNTY) == 1
