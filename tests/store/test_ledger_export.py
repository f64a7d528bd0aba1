"""The ledger exported for linkage: current entries of an area, one canonical CSV per source."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from hedui.sources import read_source
from hedui.sources.schema import CANONICAL_COLUMNS
from hedui.store.db import transaction
from hedui.store.ledger import EventFields, correct_record, record_event
from hedui.store.ledger_export import export_ledger
from hedui.store.records import EventType, Record
from hedui.store.users import User

from .conftest import VILLAGE_A, VILLAGE_B

BIRTH = EventFields(
    event=EventType.BIRTH,
    event_date=date(2025, 3, 1),
    name="王小明",
    id_number="32092420250301001X",
    sex="1",
    birth_date=date(2025, 3, 1),
    mother_name="李娜",
    mother_id_number="320924199003071222",
)


def _police(session: Session, village: str, record_id: str) -> None:
    session.add(
        Record(
            source="police_hukou",
            record_id=record_id,
            event=EventType.BIRTH,
            event_date=date(2025, 3, 2),
            name="王小明",
            sex="1",
            birth_date=date(2025, 3, 1),
            village_code=village,
            address_code=village,
        )
    )


def test_export_ledger_writes_current_entries_per_source(
    session: Session, clerk: User, tmp_path: Path
) -> None:
    """Village A: one ledger birth corrected once, one police birth; village B: a police birth.
    Exporting village A gives two files of one row each, the ledger row as corrected."""
    with transaction(session):
        original = record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
        correct_record(
            session,
            original,
            replace(BIRTH, name="王晓明"),
            reason="户口本为“晓”",
            actor=clerk,
        )
        _police(session, VILLAGE_A, "P1")
        _police(session, VILLAGE_B, "P2")

    exported = export_ledger(session, tmp_path / "out", area_code=VILLAGE_A)

    assert sorted(exported.files) == ["police_hukou", "village_ledger"]
    assert exported.counts == {"police_hukou": 1, "village_ledger": 1}
    assert exported.total == 2
    ledger = pl.read_csv(exported.files["village_ledger"], infer_schema_length=0)
    assert tuple(ledger.columns) == CANONICAL_COLUMNS
    assert ledger["name"].to_list() == ["王晓明"]
    assert ledger["record_id"].to_list() == [original.record_id]
    assert ledger["event_date"].to_list() == ["2025-03-01"]
    police = pl.read_csv(exported.files["police_hukou"], infer_schema_length=0)
    assert police["record_id"].to_list() == ["P1"]
    assert police["id_number"].to_list() == [None]


def test_export_ledger_files_read_back_without_quarantine(
    session: Session, clerk: User, tmp_path: Path
) -> None:
    """The files are canonical: the source reader takes every row and quarantines none."""
    with transaction(session):
        record_event(session, BIRTH, village_code=VILLAGE_A, actor=clerk)
        _police(session, VILLAGE_A, "P1")
    exported = export_ledger(session, tmp_path, area_code="320924")
    for path in exported.files.values():
        result = read_source(path, today=date(2026, 1, 1))
        assert result.quarantine == []
        assert result.records.height == 1


def test_export_ledger_keeps_a_birth_date_known_only_to_the_year(
    session: Session, tmp_path: Path
) -> None:
    """A death whose birth date is only 1948: exported as birth_date_partial, read back as is."""
    session.add(
        Record(
            source="police_hukou",
            record_id="D1",
            event=EventType.DEATH,
            event_date=date(2025, 1, 5),
            name="吴桂林",
            birth_date_partial="1948",
            village_code=VILLAGE_A,
            address_code=VILLAGE_A,
        )
    )
    session.commit()
    exported = export_ledger(session, tmp_path, area_code=VILLAGE_A)
    result = read_source(exported.files["police_hukou"], today=date(2026, 1, 1))
    assert result.quarantine == [] and result.warnings == []
    assert result.records.select("birth_date", "birth_date_partial").rows() == [(None, "1948")]


def test_export_ledger_of_an_empty_area_writes_nothing(session: Session, tmp_path: Path) -> None:
    exported = export_ledger(session, tmp_path / "empty", area_code=VILLAGE_B)
    assert exported.files == {} and exported.total == 0
    assert list((tmp_path / "empty").iterdir()) == []


def test_export_ledger_names_unsafe_sources_by_digest(session: Session, tmp_path: Path) -> None:
    """A source named like a path cannot write outside the folder."""
    session.add(
        Record(
            source="../escape",
            record_id="X1",
            event=EventType.DEATH,
            event_date=date(2025, 1, 5),
            village_code=VILLAGE_A,
        )
    )
    session.commit()
    exported = export_ledger(session, tmp_path / "out", area_code=VILLAGE_A)
    path = exported.files["../escape"]
    assert path.parent == tmp_path / "out"
    assert path.name.startswith("source-") and path.suffix == ".csv"
