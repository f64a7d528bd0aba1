"""找人 and the division list on PostgreSQL: the same indexed look-ups and upserts as on SQLite."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from hedui.identity.resident_id import check_character
from hedui.store.base import utcnow
from hedui.store.division_import import import_divisions
from hedui.store.divisions import division_names, place_label, village_choices
from hedui.store.records import EventType, Record
from hedui.store.search import Match, parse_query, search_records

BODY = "32092419851001123"
NUMBER = BODY + check_character(BODY)


def _add(session: Session, name: str, village: str, number: str | None = None) -> Record:
    record = Record(
        source="township_db",
        record_id=f"T{name}{village}",
        event=EventType.RESIDENT,
        name=name,
        id_number=number,
        birth_date=date(1985, 10, 1),
        mother_name="李娜",
        village_code=village,
        created_at=utcnow(),
    )
    session.add(record)
    session.flush()
    return record


def test_search_by_pinyin_characters_prefix_and_id_tail(session: Session) -> None:
    wang = _add(session, "汪国庆", "320924101001", NUMBER)
    sound = _add(session, "王国庆", "320924101002")
    longer = _add(session, "汪国庆华", "320924101001")
    _add(session, "汪国庆", "320924102001")  # another township
    _add(session, "李明", "320924101001")
    session.commit()
    area = "320924101"
    by_name = search_records(session, parse_query("汪国庆"), area_code=area)
    assert [(h.record.id, h.match) for h in by_name] == [
        (wang.id, Match.NAME),
        (sound.id, Match.SAME_SOUND),
        (longer.id, Match.NAME_START),
    ]
    by_pinyin = {
        h.record.id for h in search_records(session, parse_query("wangguo"), area_code=area)
    }
    assert by_pinyin == {wang.id, sound.id, longer.id}
    by_tail = search_records(session, parse_query(NUMBER[-6:]), area_code=area)
    assert [h.record.id for h in by_tail] == [wang.id]
    mother = search_records(session, parse_query("lina"), area_code=area, mother=True)
    assert len(mother) == 4


def test_division_import_and_names(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text(
        "code,name,township_code,township_name,former_codes\n"
        "320924101201,胜利村,320924101,新河镇,320924101005\n",
        encoding="utf-8",
    )
    assert import_divisions(session, path).added == 2
    session.commit()
    assert import_divisions(session, path).unchanged == 2
    session.commit()
    names = division_names(session)
    assert place_label("320924101005", names) == "胜利村（…005）"
    assert [c.code for c in village_choices(names, "胜利", area_code="320924")] == ["320924101201"]
