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
    rows: list[dict[str, str | None]], extras: tuple[str, ...] = (), today: date = TODAY
) -> tuple[pl.DataFrame, list[QuarantinedRow], list[SourceWarning]]:
    columns = [*CANONICAL_COLUMNS, *extras]
    frame = pl.DataFrame(
        {c: [row.get(c) for row in rows] for c in columns}, schema=dict.fromkeys(columns, pl.Utf8)
    ).with_columns(pl.Series(ROW_COLUMN, range(2, len(rows) + 2), dtype=pl.Int64))
    return validate_records(frame, path="ledger.csv", extras=list(extras), today=today)


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
        "birth_date_partial": None,
    }
    assert set(records.schema.values()) == {pl.Utf8}


def test_validate_records_only_rows_that_cannot_be_used_are_quarantined() -> None:
    rows = [
        _row(record_id="1"),  # row 2: good
        _row(record_id=None),  # row 3: no record_id
        _row(record_id="3", event="入学"),  # row 4: unknown event
        _row(record_id="4", event=None),  # row 5: no event
        _row(  # row 6: nothing to link on: no name, ID, mother or date
            record_id="5", name=None, id_number=None, event_date=None, birth_date=None
        ),
        _row(record_id="6", source=None),  # row 7: no source
    ]
    records, quarantine, _ = _validate(rows)
    assert records["record_id"].to_list() == ["1"]
    assert [(q.row, q.field) for q in quarantine] == [
        (3, "record_id"),
        (4, "event"),
        (5, "event"),
        (6, "event_date"),  # listed so that the clerk sees every blank at once
        (6, "name"),
        (7, "source"),
    ]
    assert "nothing to link on" in quarantine[4].reason
    assert all(q.path == "ledger.csv" for q in quarantine)


def test_validate_records_a_bad_field_is_left_out_and_the_row_kept() -> None:
    rows = [
        _row(record_id="1", event_date=None),  # row 2: no event date
        _row(record_id="2", event_date="2024-02-30"),  # row 3: impossible event date
        _row(record_id="3", event_date="2025-06-01"),  # row 4: event date after today
        _row(record_id="4", birth_date="1985-13-07"),  # row 5: no month 13: the year is kept
        _row(record_id="5", birth_date="昨天"),  # row 6: unreadable birth date
        _row(record_id="6", sex="不明"),  # row 7: unknown sex code
        _row(record_id="7", birth_date="2024-06-01"),  # row 8: born after the death
    ]
    records, quarantine, warnings = _validate(rows)
    assert quarantine == []
    assert records["record_id"].to_list() == ["1", "2", "3", "4", "5", "6", "7"]
    assert records["event_date"].to_list() == [None, None, None, *["2024-05-01"] * 4]
    assert records["birth_date"].to_list()[:5] == [*["1985-03-07"] * 3, None, None]
    assert records["birth_date"].to_list()[5:] == ["1985-03-07", "2024-06-01"]
    assert records["birth_date_partial"].to_list() == [None, None, None, "1985", None, None, None]
    assert records["sex"].to_list() == ["1", "1", "1", "1", "1", None, "1"]
    assert [(w.row, w.field, w.value) for w in warnings] == [
        (2, "event_date", None),
        (3, "event_date", "2024-02-30"),
        (4, "event_date", "2025-06-01"),
        (5, "birth_date", "1985-13-07"),
        (6, "birth_date", "昨天"),
        (7, "sex", "不明"),
        (8, "birth_date", "2024-06-01"),
    ]
    assert "event_date is empty" in warnings[0].reason
    assert "after today" in warnings[2].reason
    assert "compared as 1985" in warnings[3].reason
    assert "one-day slip" in warnings[6].reason


def test_validate_records_the_issues_examples_are_kept() -> None:
    # A birth registered on 21 July whose child was born on the 22nd (a one-day slip), and a
    # death whose birth date is known only to the month. ID numbers as in the issue.
    newborn = _row(
        source="village_ledger",
        event="birth",
        event_date="2025年7月21日",
        name="侯宇轩",
        id_number=None,
        sex="男",
        birth_date="2025年7月22日",
        mother_name="侯燕秀",
        mother_id_number="411524199806235383",
    )
    died = _row(
        source="village_ledger",
        record_id="2",
        event_date="2025年2月8日",
        name="吴桂林",
        id_number="411524194906117779",
        sex=None,
        birth_date="1949年6月",
    )
    records, quarantine, warnings = _validate([newborn, died], today=date(2025, 9, 1))
    assert quarantine == []
    assert records.select("event_date", "birth_date", "birth_date_partial").rows() == [
        ("2025-07-21", "2025-07-22", None),
        ("2025-02-08", None, "1949-06"),
    ]
    assert [(w.row, w.field) for w in warnings] == [(2, "birth_date"), (3, "birth_date")]
    assert "after event_date" in warnings[0].reason
    assert "compared as 1949-06" in warnings[1].reason


def test_validate_records_birth_without_event_date_falls_back_to_birth_date() -> None:
    # Row 2: a birth with no event date takes its birth date. Row 3: a death does not.
    birth = _row(event="birth", event_date=None, birth_date="2024-03-07", id_number=None)
    death = _row(record_id="2", event_date="不详")
    records, _, warnings = _validate([birth, death])
    assert records["event_date"].to_list() == ["2024-03-07", None]
    assert [(w.row, w.field) for w in warnings] == [(2, "event_date"), (3, "event_date")]
    assert "birth_date 2024-03-07 used instead" in warnings[0].reason
    assert "used instead" not in warnings[1].reason


def test_validate_records_a_partial_birth_after_the_event_is_warned_about() -> None:
    # Died 2024-05-01 but born "2024年6月": June 2024 lies after May 2024. Born "2024年5月" is
    # possible (the same month), and so is "2024年".
    rows = [
        _row(birth_date="2024年6月", id_number=None),
        _row(record_id="2", birth_date="2024年5月", id_number=None),
        _row(record_id="3", birth_date="2024年", id_number=None),
    ]
    _, _, warnings = _validate(rows)
    after = [w.row for w in warnings if "after event_date" in w.reason]
    assert after == [2]


def test_validate_records_duplicate_keeps_the_first_and_names_it() -> None:
    # Rows 2 and 4 share record_id 7; row 3 has 7 too but in another source, so it is no repeat.
    rows = [_row(record_id="7"), _row(record_id="7", source="乡镇库"), _row(record_id="7")]
    records, quarantine, _ = _validate(rows)
    assert records["source"].to_list() == ["村台账", "乡镇库"]
    [repeat] = quarantine
    assert (repeat.row, repeat.field, repeat.value) == (4, "record_id", "7")
    assert "第 2 行" in repeat.reason and "row 2" in repeat.reason


def test_validate_records_a_quarantined_row_lists_every_field_left_out() -> None:
    # Unknown event (the reason it is kept out), and an unreadable date and sex besides.
    records, quarantine, warnings = _validate([_row(event="?", event_date="?", sex="?")])
    assert records.height == 0 and warnings == []
    assert [(q.row, q.field) for q in quarantine] == [(2, "event"), (2, "event_date"), (2, "sex")]


def test_validate_records_a_mother_or_a_placeholder_name_is_enough() -> None:
    # Row 2: a newborn with no name or ID yet, identified through the mother. Row 3: a death
    # with only the mother's ID. Row 4: a newborn named by the placeholder 张丽之女. Row 5: no
    # name, ID or mother, but an event date: still something to link on. Row 6: nothing.
    newborn = _row(
        event="birth",
        event_date="2024-03-07",
        birth_date="2024-03-07",
        name=None,
        id_number=None,
        mother_name="李娜",
    )
    mothers_id = _row(
        record_id="2", name=None, id_number=None, mother_id_number="11010519491231002X"
    )
    placeholder = {**newborn, "record_id": "3", "name": "张丽之女", "mother_name": None}
    dated = _row(record_id="4", name=None, id_number=None, birth_date=None)
    nothing = {**dated, "record_id": "5", "event_date": None}
    records, quarantine, _ = _validate([newborn, mothers_id, placeholder, dated, nothing])
    assert records["record_id"].to_list() == ["1", "2", "3", "4"]
    assert [(q.row, q.field) for q in quarantine] == [(6, "event_date"), (6, "name")]


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
    # The wrong check character is a note: a row kept out lists only what kept it out and the
    # fields that would have been left out (sex).
    _, quarantine, warnings = _validate(
        [_row(event="入学", sex="?", id_number="320924198503071233")]
    )
    assert [q.field for q in quarantine] == ["event", "sex"]
    assert warnings == []


def test_validate_records_extras_follow_unchanged() -> None:
    records, _, _ = _validate(
        [{**_row(), "father_name": " 张大 ", "recorded_date": "2024/5/3"}],
        extras=("father_name", "recorded_date"),
    )
    assert records.columns == [*CANONICAL_COLUMNS, "father_name", "recorded_date"]
    assert records.row(0)[-2:] == (" 张大 ", "2024/5/3")
