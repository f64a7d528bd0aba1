"""Tests for hedui.sources.validation: which rows are kept, warned about, or quarantined.

Valid ID numbers used below (check characters worked out in test_id_fields.py and by
hedui.identity.resident_id.check_character): 320924198503071232 (born 1985-03-07),
11010519491231002X (born 1949-12-31), 320924202403070020 (born 2024-03-07).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.sources import CANONICAL_COLUMNS, QuarantinedRow, SourceWarning
from hedui.sources.table import ROW_COLUMN
from hedui.sources.validation import validate_records

TODAY = date(2025, 1, 1)

GOOD = {
    "source": "村台账",
    "record_id": "1",
    "event": "death",
    "event_date": "2024-05-01",
    "name": "张三",
    "id_number": "320924198503071232",
    "sex": "男",
    "birth_date": "1985-03-07",
    "address_code": "320924101001",
    "address": "某村3组",
}


def _validate(
    rows: list[dict[str, str | None]], extras: tuple[str, ...] = ()
) -> tuple[pl.DataFrame, list[QuarantinedRow], list[SourceWarning]]:
    columns = [*CANONICAL_COLUMNS, *extras]
    frame = pl.DataFrame(
        {c: [row.get(c) for row in rows] for c in columns}, schema=dict.fromkeys(columns, pl.Utf8)
    ).with_columns(pl.Series(ROW_COLUMN, range(2, len(rows) + 2), dtype=pl.Int64))
    return validate_records(frame, path="ledger.csv", extras=list(extras), today=TODAY)


def _row(**changes: str | None) -> dict[str, str | None]:
    return {**GOOD, **changes}


def test_validate_records_good_row_is_normalised() -> None:
    records, quarantine, warnings = _validate([_row(event_date="2024年5月1日", name=" 张三 ")])
    assert quarantine == [] and warnings == []
    assert records.columns == list(CANONICAL_COLUMNS)
    assert records.row(0, named=True) == {
        "source": "村台账",
        "record_id": "1",
        "event": "death",
        "event_date": "2024-05-01",
        "name": "张三",
        "id_number": "320924198503071232",
        "sex": "1",
        "birth_date": "1985-03-07",
        "mother_name": None,
        "mother_id_number": None,
        "address_code": "320924101001",
        "address": "某村3组",
    }
    assert set(records.schema.values()) == {pl.Utf8}


def test_validate_records_each_hard_rule_quarantines_with_its_field() -> None:
    rows = [
        _row(record_id="1"),  # row 2: good
        _row(record_id=None),  # row 3: no record_id
        _row(record_id="3", event="入学"),  # row 4: unknown event
        _row(record_id="4", event_date=None),  # row 5: no event date
        _row(record_id="5", event_date="2024-02-30"),  # row 6: impossible event date
        _row(record_id="6", birth_date="1985-13-07"),  # row 7: impossible birth date
        _row(record_id="7", sex="不明"),  # row 8: unknown sex code
        _row(record_id="8", birth_date="2024-06-01"),  # row 9: born after the death
        _row(record_id="9", name=None, id_number=None),  # row 10: nobody
        _row(record_id="10", source=None),  # row 11: no source
    ]
    records, quarantine, _ = _validate(rows)
    assert records["record_id"].to_list() == ["1"]
    assert [(q.row, q.field) for q in quarantine] == [
        (3, "record_id"),
        (4, "event"),
        (5, "event_date"),
        (6, "event_date"),
        (7, "birth_date"),
        (8, "sex"),
        (9, "birth_date"),
        (10, "name"),
        (11, "source"),
    ]
    assert quarantine[3].value == "2024-02-30"
    assert all(q.path == "ledger.csv" for q in quarantine)


def test_validate_records_duplicate_keeps_the_first_and_names_it() -> None:
    # Rows 2 and 4 share record_id 7; row 3 has 7 too but in another source, so it is no repeat.
    rows = [_row(record_id="7"), _row(record_id="7", source="乡镇库"), _row(record_id="7")]
    records, quarantine, _ = _validate(rows)
    assert records["source"].to_list() == ["村台账", "乡镇库"]
    [repeat] = quarantine
    assert (repeat.row, repeat.field, repeat.value) == (4, "record_id", "7")
    assert "第 2 行" in repeat.reason and "row 2" in repeat.reason


def test_validate_records_a_row_with_several_problems_lists_them_all() -> None:
    records, quarantine, _ = _validate([_row(event="?", event_date="?", sex="?")])
    assert records.height == 0
    assert [(q.row, q.field) for q in quarantine] == [(2, "event"), (2, "event_date"), (2, "sex")]


def test_validate_records_newborn_identified_by_the_mother_is_kept() -> None:
    # A birth with no name or ID yet is identified through the mother; a death is not.
    newborn = _row(
        event="birth",
        event_date="2024-03-07",
        birth_date="2024-03-07",
        name=None,
        id_number=None,
        mother_name="李娜",
    )
    nobody_died = _row(record_id="2", name=None, id_number=None, mother_name="李娜")
    records, quarantine, _ = _validate([newborn, nobody_died])
    assert records["record_id"].to_list() == ["1"]
    assert [(q.row, q.field) for q in quarantine] == [(3, "name")]


def test_validate_records_warnings_keep_the_row() -> None:
    rows = [
        _row(event_date="05/01/2024"),  # row 2: month/day or day/month
        _row(record_id="2", id_number="320924198503071233"),  # row 3: wrong check character
        _row(record_id="3", id_number="320924850307123"),  # row 4: 15-digit number
        _row(record_id="4", address_code="3209"),  # row 5: not a village code
        _row(  # row 6: a birth registered a day after it happened
            record_id="5",
            event="birth",
            event_date="2024-03-08",
            birth_date="2024-03-07",
            id_number="320924202403070020",
        ),
    ]
    records, quarantine, warnings = _validate(rows)
    assert quarantine == []
    assert records.height == 5
    assert [(w.row, w.field) for w in warnings] == [
        (2, "event_date"),
        (3, "id_number"),
        (4, "id_number"),
        (5, "address_code"),
        (6, "birth_date"),
    ]
    assert records["id_number"].to_list()[1:3] == ["320924198503071233", "320924850307123"]


def test_validate_records_quarantined_rows_get_no_warnings() -> None:
    _, quarantine, warnings = _validate([_row(sex="?", id_number="320924198503071233")])
    assert [q.field for q in quarantine] == ["sex"]
    assert warnings == []


def test_validate_records_extras_follow_unchanged() -> None:
    records, _, _ = _validate(
        [{**_row(), "father_name": " 张大 ", "recorded_date": "2024/5/3"}],
        extras=("father_name", "recorded_date"),
    )
    assert records.columns == [*CANONICAL_COLUMNS, "father_name", "recorded_date"]
    assert records.row(0)[-2:] == (" 张大 ", "2024/5/3")
