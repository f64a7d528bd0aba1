"""Planner statistics: gathered when the server meets a database never analysed and when a
change grows a table by a tenth; with them SQLite reads a page of the case list in its order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event, insert, text
from sqlalchemy.orm import Session

from hedui.store.case_query import CaseFilter, list_cases
from hedui.store.cases import Case, CaseStatus
from hedui.store.planner_statistics import (
    analyse,
    analyse_if_grown,
    analyse_if_never,
    analysed_rows,
)
from hedui.store.records import EventType, Record

from .conftest import COUNTY, VILLAGE_A


def _records(session: Session, first: int, n: int) -> None:
    session.execute(
        insert(Record),
        [
            {
                "source": "village_ledger",
                "record_id": f"R{i}",
                "event": EventType.BIRTH.value,
                "village_code": VILLAGE_A,
                "created_at": datetime(2025, 1, 1, tzinfo=UTC),
            }
            for i in range(first, first + n)
        ],
    )


def test_never_analysed_then_analysed_once(engine: Engine, session: Session) -> None:
    _records(session, 0, 40)
    session.commit()
    with engine.connect() as connection:
        assert analysed_rows(connection, "records") is None
    assert analyse_if_never(engine) is True
    with engine.connect() as connection:
        assert analysed_rows(connection, "records") == 40
    assert analyse_if_never(engine) is False


def test_analysed_again_only_when_grown_by_a_tenth(session: Session) -> None:
    _records(session, 0, 100)
    assert analyse_if_grown(session, "records", 100) is True  # never analysed before
    assert analysed_rows(session, "records") == 100
    _records(session, 100, 9)
    assert analyse_if_grown(session, "records", 9) is False
    assert analysed_rows(session, "records") == 100
    _records(session, 109, 10)
    assert analyse_if_grown(session, "records", 10) is True
    assert analysed_rows(session, "records") == 119
    assert analyse_if_grown(session, "records", 0) is False


def _cases(session: Session, first: int, count: int) -> None:
    statuses = list(CaseStatus)
    rows: list[dict[str, Any]] = [
        {
            "case_key": f"{n:064d}",
            "kind": "name_conflict",
            "event": "birth",
            "status": statuses[n % len(statuses)].value,
            "village_code": VILLAGE_A,
            "explanation_zh": "说明",
            "explanation_en": "explanation",
            "recurring": False,
            "first_seen_run": "1",
            "last_seen_run": "1",
            "created_at": datetime(2025, 1, 1, tzinfo=UTC),
            "updated_at": datetime(2025, 1, 1, tzinfo=UTC),
        }
        for n in range(first, first + count)
    ]
    session.execute(insert(Case), rows)


def _statistics(session: Session) -> dict[str, list[tuple[str, str]]]:
    """sqlite_stat1 by table: each index's (name, stat), the first figure the table's rows."""
    found: dict[str, list[tuple[str, str]]] = {}
    for table, index, stat in session.execute(
        text("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")
    ):
        found.setdefault(table, []).append((index, stat))
    return found


def test_a_grown_table_is_analysed_alone(session: Session) -> None:
    _records(session, 0, 100)
    _cases(session, 0, 50)
    analyse(session)
    before = _statistics(session)
    assert before["cases"][0][1].startswith("50 ")
    # Both tables grow by a fifth; the import says only records did.
    _records(session, 100, 20)
    _cases(session, 50, 10)
    assert analyse_if_grown(session, "records", 20) is True
    after = _statistics(session)
    assert analysed_rows(session, "records") == 120
    # Every other table's statistics are as they were: cases still counted 50, not 60.
    assert {t: s for t, s in after.items() if t != "records"} == {
        t: s for t, s in before.items() if t != "records"
    }
    assert after["cases"][0][1].startswith("50 ")


def test_with_statistics_the_case_list_walks_an_index_in_its_order(session: Session) -> None:
    _cases(session, 0, 3000)
    analyse(session)
    plans: list[str] = []

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT CASES.ID"):
            plans.extend(
                row[3] for row in cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}",
                                                            parameters)
            )  # fmt: skip

    bind = session.connection()
    event.listen(bind, "before_cursor_execute", explain)
    try:
        # The case list's default: the cases still to do, most urgent first.
        still_to_do = CaseFilter(
            statuses=(CaseStatus.OPEN, CaseStatus.ASSIGNED, CaseStatus.VERIFIED)
        )
        page = list_cases(session, COUNTY, still_to_do, sort="priority", per_page=25)
    finally:
        event.remove(bind, "before_cursor_execute", explain)
    assert len(page.items) == 25
    assert any(step.startswith("SCAN cases USING INDEX") for step in plans), plans
    assert not any("TEMP B-TREE" in step for step in plans), plans
    assert session.execute(text("SELECT count(*) FROM sqlite_stat1")).scalar()
