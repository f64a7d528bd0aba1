"""Tests for hedui.sources.schema: the contract other packages rely on."""

from __future__ import annotations

import polars as pl

from hedui.sources import (
    CANONICAL_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Event,
    QuarantinedRow,
    SourceReadResult,
)


def test_canonical_columns_are_the_documented_twelve_in_order() -> None:
    assert ",".join(CANONICAL_COLUMNS) == (
        "source,record_id,event,event_date,name,id_number,sex,birth_date,"
        "mother_name,mother_id_number,address_code,address"
    )


def test_required_and_optional_columns_partition_the_canonical_ones() -> None:
    assert set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) == set(CANONICAL_COLUMNS)
    assert not set(REQUIRED_COLUMNS) & set(OPTIONAL_COLUMNS)
    assert OPTIONAL_COLUMNS == ("mother_name", "mother_id_number", "address_code", "address")


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
