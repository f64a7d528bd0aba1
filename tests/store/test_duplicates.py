"""Possible duplicates: same event and ID anywhere; same name and birth/mother in one village."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from hedui.store.accounts import create_user
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.duplicates import (
    find_candidates,
    find_possible_duplicates,
    look_for_duplicates,
    recent_link_dirs,
)
from hedui.store.ledger import EventFields, record_event
from hedui.store.migrations import upgrade
from hedui.store.records import EventType, Record
from hedui.store.users import Role, User

from .conftest import COUNTY, VILLAGE_A, VILLAGE_B, session_on_copy

DEATH = EventFields(
    event=EventType.DEATH,
    event_date=date(2024, 5, 1),
    name="赵老汉",
    id_number="320924194001010014",
    birth_date=date(1940, 1, 1),
)


def _save(session: Session, clerk: User, fields: EventFields, village: str = VILLAGE_A) -> int:
    with transaction(session):
        return record_event(session, fields, village_code=village, actor=clerk).id


def test_same_event_and_id_number_is_a_duplicate_even_in_another_village(
    session: Session, clerk: User
) -> None:
    saved = _save(session, clerk, DEATH, VILLAGE_B)
    found = find_possible_duplicates(session, DEATH.to_record(village_code=VILLAGE_A))
    assert [r.id for r in found] == [saved]


def test_same_id_number_but_another_event_is_not(session: Session, clerk: User) -> None:
    _save(session, clerk, DEATH)
    move = EventFields(
        **{**{n: getattr(DEATH, n) for n in EventFields.__slots__}, "event": EventType.MOVE_OUT}
    )
    assert find_possible_duplicates(session, move.to_record(village_code=VILLAGE_A)) == []


def test_same_name_and_birth_date_counts_only_in_the_same_village(
    session: Session, clerk: User
) -> None:
    # No ID on either entry: 赵老汉 born 1940-01-01 in village A matches; in village B it is
    # another man of the same name and age (common in villages with one dominant surname).
    without_id = EventFields(
        event=EventType.DEATH,
        event_date=date(2024, 5, 2),
        name="赵老汉",
        birth_date=date(1940, 1, 1),
    )
    saved = _save(session, clerk, without_id)
    same_village = find_possible_duplicates(session, without_id.to_record(village_code=VILLAGE_A))
    other_village = find_possible_duplicates(session, without_id.to_record(village_code=VILLAGE_B))
    assert [r.id for r in same_village] == [saved]
    assert other_village == []


def test_a_birth_matches_by_child_name_and_mother_id(session: Session, clerk: User) -> None:
    birth = EventFields(
        event=EventType.BIRTH,
        event_date=date(2024, 3, 7),
        name="王小明",
        mother_id_number="320924199003071229",
    )
    saved = _save(session, clerk, birth)
    again = EventFields(
        event=EventType.BIRTH,
        event_date=date(2024, 3, 8),
        name="王小明",
        mother_id_number="320924199003071229",
    )
    assert [
        r.id for r in find_possible_duplicates(session, again.to_record(village_code=VILLAGE_A))
    ] == [saved]


def test_a_correction_is_not_a_duplicate_of_its_own_chain(session: Session, clerk: User) -> None:
    with transaction(session):
        original = record_event(session, DEATH, village_code=VILLAGE_A, actor=clerk)
    candidate = DEATH.to_record(village_code=VILLAGE_A)
    candidate.record_id = original.record_id
    assert find_possible_duplicates(session, candidate) == []


def test_candidates_are_the_village_s_same_events_and_the_same_ids_elsewhere(
    session: Session, clerk: User
) -> None:
    here = _save(session, clerk, replace(DEATH, id_number=None, name="钱老太"))
    elsewhere_same_id = _save(session, clerk, DEATH, VILLAGE_B)
    _save(session, clerk, replace(DEATH, id_number=None), VILLAGE_B)  # no link
    moved = replace(DEATH, event=EventType.MOVE_OUT)
    _save(session, clerk, moved)  # another event type
    found = find_candidates(session, DEATH.to_record(village_code=VILLAGE_A))
    assert [r.id for r in found] == [elsewhere_same_id, here]  # newest first


def test_recent_link_dirs_are_the_newest_runs_first(session: Session, tmp_path: Path) -> None:
    """Where the newest model may be kept (hedui.linkage.link_dir.kept_model picks one)."""
    assert recent_link_dirs(session) == []
    old, new = tmp_path / "old", tmp_path / "new"
    with transaction(session):
        session.add(ReconcileRun(period="2025-11", area_code="320924", link_dir=str(old)))
        session.add(ReconcileRun(period="2025-12", area_code="320924", link_dir=str(new)))
    assert recent_link_dirs(session) == [new, old]
    assert recent_link_dirs(session, limit=1) == [new]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with one county clerk, copied for each example."""
    path = tmp_path_factory.mktemp("duplicates") / "template.db"
    upgrade(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    with make_session_factory(engine)() as session:
        create_user(session, "录入员", "clerk-password", Role.COUNTY_ADMIN, COUNTY)
        session.commit()
    engine.dispose()
    return path


# Small pools, so that entries often share an ID, a name, a date or a mother.
_ENTRIES = st.builds(
    EventFields,
    event=st.sampled_from([EventType.BIRTH, EventType.DEATH]),
    event_date=st.sampled_from([date(2024, 5, 1), date(2024, 6, 1), None]),
    name=st.sampled_from(["王小明", "王晓明", "李娜", None]),
    id_number=st.sampled_from(["320924202405010011", "320924202406010015", None]),
    birth_date=st.sampled_from([date(2024, 5, 1), date(2023, 1, 1), None]),
    mother_name=st.sampled_from(["李娜", "张丽", None]),
    mother_id_number=st.sampled_from(["320924199003071222", "320924198801010029", None]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ledger=st.lists(st.tuples(_ENTRIES, st.sampled_from([VILLAGE_A, VILLAGE_B])), max_size=12),
    typed=_ENTRIES,
    correcting=st.integers(min_value=-1, max_value=11),
)
def test_the_exact_rules_in_python_find_what_their_query_finds(
    template: Path,
    ledger: list[tuple[EventFields, str]],
    typed: EventFields,
    correcting: int,
) -> None:
    # look_for_duplicates reads only the candidates and applies the exact rules to them: every
    # exact duplicate must be a candidate, and the rules in Python must be the query's.
    with session_on_copy(template) as session:
        clerk = session.query(User).one()
        saved = [_save(session, clerk, fields, village) for fields, village in ledger]
        record = typed.to_record(village_code=VILLAGE_A)
        if 0 <= correcting < len(saved):  # a correction: its own chain is no duplicate
            record.record_id = session.get_one(Record, saved[correcting]).record_id
        lookup = look_for_duplicates(session, record)
        expected = find_possible_duplicates(session, record)
        assert [r.id for r in lookup.exact] == [r.id for r in expected]
        assert {r.id for r in expected} <= {r.id for r in lookup.candidates}
        assert [r.id for r in lookup.candidates] == [r.id for r in find_candidates(session, record)]
