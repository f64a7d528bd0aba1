"""Tests for hedui.sources.schema: the contract other packages rely on."""

from __future__ import annotations

import polars as pl

from hedui.sources import (
    CANONICAL_COLUMNS,
    MAX_LENGTHS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Event,
    QuarantinedRow,
    SourceReadResult,
)


def test_canonical_columns_are_the_documented_thirteen_in_order() -> None:
    # birth_date_partial was added last, so files and code that know twelve keep their order.
    assert ",".join(CANONICAL_COLUMNS) == (
        "source,record_id,event,event_date,name,id_number,sex,birth_date,"
        "mother_name,mother_id_number,address_code,address,birth_date_partial"
    )


def test_required_and_optional_columns_partition_the_canonical_ones() -> None:
    assert set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) == set(CANONICAL_COLUMNS)
    assert not set(REQUIRED_COLUMNS) & set(OPTIONAL_COLUMNS)
    assert OPTIONAL_COLUMNS == (
        "mother_name",
        "mother_id_number",
        "address_code",
        "address",
        "birth_date_partial",
    )


def test_max_lengths_cover_every_text_column_and_fit_a_partial_date() -> None:
    # Dates are stored as dates; every other canonical column has a database length.
    assert set(MAX_LENGTHS) == set(CANONICAL_COLUMNS) - {"event_date", "birth_date"}
    assert MAX_LENGTHS["birth_date_partial"] == len("1948-03")
    assert (MAX_LENGTHS["name"], MAX_LENGTHS["address"]) == (64, 255)


def test_event_values_and_chinese_labels() -> None:
    assert [e.value for e in Event] == [
        "birth",
        "death",
        "marriage",
        "divorce",
        "move_in",
        "move_out",
        "resident",
    ]
    assert [e.label_zh for e in Event] == ["出生", "死亡", "结婚", "离婚", "迁入", "迁出", "在册"]


def test_source_read_result_counts_distinct_quarantined_rows() -> None:
    # Row 3 has two problems, row 5 one: two rows in quarantine.
    result = SourceReadResult(
        path="a.csv",
        records=pl.DataFrame(),
        quarantine=[
            QuarantinedRow("a.csv", 3, "event", "?", "unknown event"),
            QuarantinedRow("a.csv", 3, "sex", "?", "unknown sex"),
            QuarantinedRow("a.csv", 5, "record_id", None, "empty"),
        ],
    )
    assert result.quarantined_rows == 2
