"""Tests for hedui.sources.text_fields, and through read_source: control characters, lengths."""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.sources import CANONICAL_COLUMNS, read_source
from hedui.sources.text_fields import check_controls, check_lengths, visible

from .conftest import WriteCsv

TODAY = date(2025, 1, 1)


def test_check_controls_leaves_out_values_with_control_characters() -> None:
    text = pl.DataFrame(
        {
            "name": ["张\x00三", "李四", "王\x1b五", "赵\u0085六"],
            "record_id": ["R1", "R\n2", "R3", "R4"],
        }
    )
    result = check_controls(text, ["name", "record_id"])
    assert result["name"].values.to_list() == [None, "李四", None, None]
    errors = result["name"].errors.to_list()
    assert errors[0] is not None and "U+0000" in errors[0]
    assert errors[2] is not None and "U+001B" in errors[2]
    assert errors[3] is not None and "U+0085" in errors[3]
    # Outside free text a line break is a control character like any other.
    assert result["record_id"].values.to_list() == ["R1", None, "R3", "R4"]


def test_check_controls_line_breaks_in_free_text_become_a_space() -> None:
    text = pl.DataFrame({"address": ["某村\n3组", "某村\r\n\t4组", "某村5组"]})
    result = check_controls(text, ["address"])
    assert result["address"].values.to_list() == ["某村 3组", "某村 4组", "某村5组"]
    assert result["address"].errors.to_list() == [None, None, None]
    notes = result["address"].notes.to_list()
    assert notes[0] is not None and "line break" in notes[0] and notes[2] is None


def test_check_lengths_leaves_out_values_longer_than_the_database_column() -> None:
    # name may hold 64 characters: 64 Chinese characters fit, 65 do not.
    values = pl.DataFrame({"name": ["张" * 64, "张" * 65, None]})
    result = check_lengths(values, ["name"])
    assert result["name"].values.to_list() == ["张" * 64, None, None]
    error = result["name"].errors.to_list()[1]
    assert error is not None and "longer than 64 characters (65)" in error


def test_visible_writes_control_characters_out() -> None:
    assert visible("张\x00三\n") == "张\\x00三\n"
    assert visible("李四") == "李四" and visible(None) is None


def test_read_source_control_characters_and_lengths_name_file_row_and_field(
    write_csv: WriteCsv,
) -> None:
    base = {
        "source": "村台账",
        "event": "death",
        "event_date": "2024-05-01",
        "id_number": "320924198503071232",
    }
    rows = [
        {**base, "record_id": "1", "name": "张\x00三"},  # row 2: NUL in the name: left out
        {**base, "record_id": "2\x00", "name": "李四"},  # row 3: NUL in the record number
        {**base, "record_id": "3", "name": "王五", "address": "村" * 256},  # row 4: too long
        {**base, "record_id": "4", "name": "赵六", "id_number": "3.20924198503071E+17"},
        {"source": "村台账", "record_id": "5", "event": "death", "name": "\x07"},  # row 6
    ]
    result = read_source(write_csv("ctl.csv", rows), today=TODAY)
    # Row 3 has no usable record number, row 6 nothing left to link on.
    assert result.records["record_id"].to_list() == ["1", "3", "4"]
    assert result.records["name"].to_list() == [None, "王五", "赵六"]
    assert result.records["address"].to_list() == [None, None, None]
    assert result.records["id_number"].to_list() == [base["id_number"]] * 2 + [None]
    assert [(q.row, q.field, q.value) for q in result.quarantine] == [
        (3, "record_id", "2\\x00"),
        (6, "event_date", None),
        (6, "name", "\\x07"),
        (6, "name", "\\x07"),
    ]
    assert "U+0000" in result.quarantine[0].reason
    assert {w.path for w in result.warnings} == {result.path}
    assert [(w.row, w.field) for w in result.warnings] == [
        (2, "name"),
        (4, "address"),
        (5, "id_number"),  # longer than 18 characters
        (5, "id_number"),  # and Excel lost its last digits
    ]
    assert "U+0000" in result.warnings[0].reason
    assert "longer than 255 characters (256)" in result.warnings[1].reason
    assert result.records.columns == list(CANONICAL_COLUMNS)
