"""Bulk inserts store exactly what the ORM would: JSON, aware UTC timestamps, enum values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.bulk import insert_rows
from hedui.store.cases import Case, CaseStatus

from .conftest import VILLAGE_A


def _row(key: str, at: datetime, values: dict[str, str] | None) -> dict[str, object]:
    return {
        "case_key": key,
        "kind": "sex_conflict",
        "event": "resident",
        "field": "sex",
        "values": values,
        "status": CaseStatus.VERIFIED,
        "village_code": VILLAGE_A,
        "period": "2025-12",
        "explanation_zh": "性别不一致",
        "explanation_en": "sex differs",
        "recurring": False,
        "first_seen_run": "1",
        "last_seen_run": "1",
        "created_at": at,
        "updated_at": at,
    }


def test_insert_rows_round_trips_through_the_orm(session: Session) -> None:
    beijing = datetime(2025, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    rows = [
        _row(f"{i:064d}", beijing, {"township_db": "男", "police_hukou": str(i)}) for i in range(3)
    ]
    rows.append(_row("k" * 64, beijing, None))
    insert_rows(session, Case, rows)
    insert_rows(session, Case, [])
    session.commit()
    cases = list(session.scalars(select(Case).order_by(Case.case_key)))
    assert [c.values for c in cases] == [
        {"township_db": "男", "police_hukou": "0"},
        {"township_db": "男", "police_hukou": "1"},
        {"township_db": "男", "police_hukou": "2"},
        None,
    ]
    assert {c.status for c in cases} == {CaseStatus.VERIFIED}
    assert {c.created_at for c in cases} == {datetime(2025, 12, 1, 0, 0, tzinfo=UTC)}
