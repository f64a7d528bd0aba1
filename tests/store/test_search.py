"""找人 in the store: what a query means, and that every matching entry of the area is found."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

import hedui.store.search as search_module
from hedui.errors import InvalidInputError
from hedui.identity.names import name_keys
from hedui.identity.resident_id import check_character
from hedui.store.base import utcnow
from hedui.store.models import metadata
from hedui.store.records import EventType, Record
from hedui.store.search import (
    Hit,
    Match,
    group_people,
    parse_query,
    search_records,
)
from hedui.store.search_keys import index_new_records

COUNTY = "320924"
VILLAGES = ("320924101001", "320924101002", "320924102001")
# Characters chosen so that many names sound alike: 汪/王 wang, 国/郭 guo, 庆/青 qing.
SURNAMES = ("汪", "王", "郭", "李")
GIVEN = ("国", "庆", "青", "芳", "方", "明")


def _id(sequence: int) -> str:
    body = f"320924199001{sequence % 28 + 1:02d}{sequence % 1000:03d}"
    return body + check_character(body)


@contextmanager
def _store() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA foreign_keys=ON"))
    metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _add(
    session: Session, name: str | None, village: str, number: str | None, **kw: object
) -> Record:
    record = Record(
        source=str(kw.get("source", "village_ledger")),
        record_id=str(kw.get("record_id", f"R{session.query(Record).count()}")),
        event=EventType.BIRTH,
        name=name,
        id_number=number,
        birth_date=kw.get("birth_date", date(1990, 1, 1)),
        mother_name=kw.get("mother_name"),
        mother_id_number=kw.get("mother_id"),
        village_code=village,
        supersedes_id=kw.get("supersedes_id"),
        created_at=utcnow(),
    )
    session.add(record)
    session.flush()
    return record


names = st.builds(
    lambda s, g: s + "".join(g),
    st.sampled_from(SURNAMES),
    st.lists(st.sampled_from(GIVEN), min_size=1, max_size=2),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(st.tuples(names, st.sampled_from(VILLAGES)), min_size=1, max_size=40),
    probe=names,
    area=st.sampled_from((COUNTY, "320924101", "320924101002")),
)
def test_every_entry_whose_name_sounds_like_the_query_is_found(
    people: list[tuple[str, str]], probe: str, area: str
) -> None:
    """Typed in pinyin or in characters, a name finds every entry in the area read the same
    way, and nothing outside the area."""
    keys = name_keys(probe)
    assert keys is not None
    with _store() as session:
        records = [_add(session, name, village, None) for name, village in people]
        for typed in (keys.pinyin, probe):
            found = {
                h.record.id for h in search_records(session, parse_query(typed), area_code=area)
            }
            expected = {
                r.id
                for r in records
                if r.village_code.startswith(area) and name_keys(r.name).pinyin == keys.pinyin  # type: ignore[union-attr]
            }
            assert expected <= found
            assert all(session.get(Record, pk).village_code.startswith(area) for pk in found)  # type: ignore[union-attr]


@settings(max_examples=30, deadline=None)
@given(
    sequences=st.lists(st.integers(0, 9999), min_size=1, max_size=30, unique=True),
    pick=st.integers(0, 29),
    digits=st.integers(4, 18),
)
def test_every_entry_whose_id_ends_with_the_digits_is_found(
    sequences: list[int], pick: int, digits: int
) -> None:
    with _store() as session:
        records = [_add(session, "李明", VILLAGES[0], _id(s)) for s in sequences]
        typed = records[pick % len(records)].id_number[-digits:]  # type: ignore[index]
        if digits in (15, 16, 17):
            typed = typed[-14:]
        found = {h.record.id for h in search_records(session, parse_query(typed), area_code=COUNTY)}
        assert found == {r.id for r in records if r.id_number.endswith(typed)}  # type: ignore[union-attr]


def test_matches_are_ranked_exact_name_before_homophone_before_prefix() -> None:
    with _store() as session:
        same = _add(session, "汪国庆", VILLAGES[0], None, birth_date=date(1980, 1, 1))
        sound = _add(session, "王国庆", VILLAGES[0], None, birth_date=date(1981, 1, 1))
        longer = _add(session, "汪国庆华", VILLAGES[0], None, birth_date=date(1982, 1, 1))
        hits = search_records(session, parse_query("汪国庆"), area_code=COUNTY)
        assert [(h.record.id, h.match) for h in hits] == [
            (same.id, Match.NAME),
            (sound.id, Match.SAME_SOUND),
            (longer.id, Match.NAME_START),
        ]
        initials = search_records(session, parse_query("wgq"), area_code=COUNTY)
        assert {h.record.id for h in initials} == {same.id, sound.id}


def test_a_corrected_entry_is_found_only_in_its_current_form() -> None:
    with _store() as session:
        old = _add(session, "汪国庆", VILLAGES[0], None, record_id="L1")
        new = _add(session, "汪国青", VILLAGES[0], None, record_id="L1", supersedes_id=old.id)
        found = search_records(session, parse_query("wangguo"), area_code=COUNTY)
        assert [h.record.id for h in found] == [new.id]


def test_search_by_mother_name_and_id() -> None:
    mother_id = _id(7)
    with _store() as session:
        child = _add(session, None, VILLAGES[0], None, mother_name="李娜", mother_id=mother_id)
        _add(session, "李娜", VILLAGES[0], mother_id)  # the mother herself
        by_name = search_records(session, parse_query("lina"), area_code=COUNTY, mother=True)
        assert [h.record.id for h in by_name] == [child.id]
        by_id = search_records(session, parse_query(mother_id[-6:]), area_code=COUNTY, mother=True)
        assert [h.record.id for h in by_id] == [child.id]
        # initials are not looked up in the mother's name
        assert search_records(session, parse_query("ln"), area_code=COUNTY, mother=True) == []


def test_full_id_number_is_an_exact_lookup() -> None:
    number = _id(5)
    with _store() as session:
        record = _add(session, "李明", VILLAGES[0], number)
        _add(session, "李明", VILLAGES[0], _id(6))
        query = parse_query(number[:6] + " " + number[6:])
        assert query.kind == "id"
        assert [h.match for h in search_records(session, query, area_code=COUNTY)] == [Match.ID]
        assert search_records(session, query, area_code=COUNTY)[0].record.id == record.id


def test_keys_are_made_once_for_new_entries() -> None:
    with _store() as session:
        _add(session, "李明", VILLAGES[0], None)
        assert index_new_records(session) == 1
        assert index_new_records(session) == 0
        _add(session, "王芳", VILLAGES[0], None)
        assert index_new_records(session) == 1


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("汪国庆", "name"),
        ("Wang Guoqing", "pinyin"),
        ("lü", "pinyin"),
        ("１２３４", "id_tail"),  # full-width digits
        ("123x", "id_tail"),
        ("320924199001010011", "id"),
    ],
)
def test_parse_query_reads_what_was_typed(text: str, kind: str) -> None:
    assert parse_query(text).kind == kind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请输入姓名"),
        ("123", "末 4 位"),
        ("w", "两个字母"),
        ("男婴", "不是可以查找的姓名"),
        ("@@", "无法按"),
    ],
)
def test_parse_query_says_what_to_type_instead(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_query(text)


def _hit(pk: int, name: str | None, number: str | None, born: date | None, match: Match) -> Hit:
    record = Record(
        id=pk, source="s", record_id=f"R{pk}", name=name, id_number=number, birth_date=born,
        village_code=VILLAGES[0], event=EventType.BIRTH,
    )  # fmt: skip
    return Hit(record=record, match=match)


def test_group_people_joins_entries_by_cluster_id_or_name_and_birth() -> None:
    born = date(2024, 3, 1)
    hits = [
        _hit(1, "汪国庆", _id(1), born, Match.NAME),
        _hit(2, "汪國慶", None, born, Match.NAME),  # same name and birth date as 1
        _hit(3, "王国庆", _id(1), None, Match.SAME_SOUND),  # same ID as 1
        _hit(4, "王国庆", None, None, Match.SAME_SOUND),  # nothing shared: alone
        _hit(5, "汪小庆", None, None, Match.NAME_START),  # same cluster as 4
    ]
    clusters = {"R4": "c9", "R5": "c9"}
    people = group_people(hits, lambda r: clusters.get(r.record_id))
    assert [sorted(h.record.id for h in p.hits) for p in people] == [[1, 2, 3], [4, 5]]
    first = people[0]
    assert (first.match, first.id_number, first.birth_date, first.sources) == (
        Match.NAME,
        _id(1),
        born,
        ["s"],
    )
    assert first.name in ("汪国庆", "汪國慶", "王国庆")
    alone = group_people(hits[3:])
    assert len(alone) == 2 and alone[0].name == "王国庆"


def test_a_village_search_seeks_the_village_s_keys_in_their_index() -> None:
    # 0017: a clerk's look-ups read (village_code, key) — not every match of the county, and
    # not every entry of the village — once the planner has statistics.
    statements: list[tuple[str, Any]] = []
    with _store() as session:
        for n in range(1_200):
            _add(session, f"王{n % 40}", f"3209241010{n % 30:02d}", None, record_id=f"R{n}")
        index_new_records(session)
        session.execute(text("ANALYZE"))
        connection = session.connection()

        def remember(_c, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
            statements.append((statement, parameters))

        event.listen(connection, "before_cursor_execute", remember)
        hits = search_records(session, parse_query("王1"), area_code="320924101001")
        event.remove(connection, "before_cursor_execute", remember)
        plans = [
            " ".join(
                str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {s}", p)
            )
            for s, p in statements
            if "FROM records JOIN" in s
        ]
    assert hits and all(h.record.village_code == "320924101001" for h in hits)
    assert len(plans) == 3  # the name, the same sound, the names that begin with it
    assert all("ix_record_search_keys_village_" in plan for plan in plans), plans


def test_a_beginning_reads_the_nearest_names_first_and_no_more_than_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "王" begins every 王 of a county: the look-up reads PREFIX_CANDIDATES entries in the order
    # of the name (nearest to what was typed first), then keeps the newest of those.
    monkeypatch.setattr(search_module, "PREFIX_CANDIDATES", 4)
    with _store() as session:
        for name in ("王100", "王10", "王1", "王10", "王1", "王100", "王10"):
            _add(session, name, "320924101001", None)
        index_new_records(session)
        for area in ("320924", "320924101", "320924101001"):
            hits = search_records(session, parse_query("王1"), area_code=area)
            by_match = {(h.record.name, h.match) for h in hits}
            # 王1 twice (its own name), then the first entries of the nearest longer name.
            assert [h.record.name for h in hits if h.match is Match.NAME] == ["王1", "王1"]
            starts = sorted(h.record.id for h in hits if h.match is Match.NAME_START)
            assert starts == [2, 4], (area, by_match)
