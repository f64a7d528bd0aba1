"""Bulk inserts store exactly what the ORM would: JSON, aware UTC timestamps, enum values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.bulk import insert_columns, insert_rows
from hedui.store.cases import Case, CaseStatus

from .conftest import VILLAGE_A


def test_insert_columns_round_trips_through_the_orm(session: Session) -> None:
    beijing = datetime(2025, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    values = [{"township_db": "男", "police_hukou": str(i)} for i in range(3)]
    insert_columns(
        session,
        Case,
        {
            "case_key": [f"{i:064d}" for i in range(4)],
            "values": [*values, None],
            "updated_at": [beijing, beijing, beijing, beijing + timedelta(hours=1)],
        },
        {
            "kind": "sex_conflict",
            "status": CaseStatus.VERIFIED,
            "village_code": VILLAGE_A,
            "explanation_zh": "性别不一致",
            "explanation_en": "sex differs",
            "recurring": False,
            "first_seen_run": "1",
            "last_seen_run": "1",
            "created_at": beijing,
        },
    )
    insert_columns(session, Case, {"case_key": []})
    session.commit()
    cases = list(session.scalars(select(Case).order_by(Case.case_key)))
    assert [c.values for c in cases] == [*values, None]
    assert {c.status for c in cases} == {CaseStatus.VERIFIED}
    assert {c.created_at for c in cases} == {datetime(2025, 12, 1, 0, 0, tzinfo=UTC)}
    assert cases[3].updated_at == datetime(2025, 12, 1, 1, 0, tzinfo=UTC)
    assert cases[0].event is None and cases[0].recurring is False


def test_insert_rows_takes_one_dictionary_per_row(session: Session) -> None:
    now = datetime(2025, 12, 1, tzinfo=UTC)
    common = {
        "kind": "k",
        "status": CaseStatus.OPEN,
        "village_code": VILLAGE_A,
        "explanation_zh": "中",
        "explanation_en": "en",
        "recurring": True,
        "first_seen_run": "1",
        "last_seen_run": "2",
        "created_at": now,
        "updated_at": now,
    }
    insert_rows(session, Case, [{"case_key": "a", **common}, {"case_key": "b", **common}])
    insert_rows(session, Case, [])
    session.commit()
    assert [(c.case_key, c.recurring) for c in session.scalars(select(Case))] == [
        ("a", True),
        ("b", True),
    ]


def test_insert_columns_refuses_ragged_columns(session: Session) -> None:
    with pytest.raises(ValueError, match="different lengths"):
        insert_columns(session, Case, {"case_key": ["a", "b"], "kind": ["k"]})
