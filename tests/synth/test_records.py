"""Records: text columns and the numeric columns written into polars frames."""

from __future__ import annotations

import numpy as np
import polars as pl

from hedui.synth.records import (
    CANONICAL_COLUMNS,
    TEXT_COLUMNS,
    Records,
    codes_series,
    iso_date_series,
    keep_where,
    text_series,
)


def _records(count: int) -> Records:
    return Records(
        columns={name: np.full(count, None, dtype=object) for name in TEXT_COLUMNS},
        kind=np.array([6, 0, 1][:count], dtype=np.int8),
        village=np.array([0, 1, -1][:count]),
        key=np.array([-1, 0, 1][:count]),
        errors=np.zeros(count, dtype=np.int64),
        recorded=np.array([20_453, 20_454, 0][:count]),
        birth_year=np.full(count, 1980),
        mother_birth_year=np.zeros(count, dtype=np.int64),
        is_birth=np.zeros(count, dtype=bool),
    )


def test_iso_date_series_formats_days() -> None:
    # Day 0 is 1970-01-01; day 20,454 is 2026-01-01.
    assert iso_date_series("d", np.array([0, 20_454])).to_list() == ["1970-01-01", "2026-01-01"]


def test_codes_series_and_keep_where_leave_gaps_empty() -> None:
    assert codes_series("c", ["甲", "乙"], np.array([1, -1, 0])).to_list() == ["乙", None, "甲"]
    kept = keep_where(np.array([True, False]), np.array(["a", "b"], dtype=object))
    assert kept.tolist() == ["a", None]


def test_text_series_accepts_a_leading_empty_cell() -> None:
    series = text_series("name", np.array([None, "王伟"], dtype=object))
    assert series.dtype == pl.String
    assert series.to_list() == [None, "王伟"]


def test_records_to_frame_numbers_and_names_the_columns() -> None:
    codes = ["320924101201", "320924101202"]
    frame = _records(3).to_frame("police_hukou", "PH", codes, np.array([0, 1, 2]))
    assert frame.columns == [*CANONICAL_COLUMNS, "recorded_date", "father_name"]
    assert frame["record_id"].to_list() == ["PH0000001", "PH0000002", "PH0000003"]
    assert frame["event"].to_list() == ["resident", "birth", "death"]
    assert frame["address_code"].to_list() == ["320924101201", "320924101202", None]
    assert frame["recorded_date"].to_list() == ["2025-12-31", "2026-01-01", "1970-01-01"]
    # Written in another order, the rows move together and are numbered in their new order.
    moved = _records(3).to_frame("police_hukou", "PH", codes, np.array([2, 0, 1]))
    assert moved["event"].to_list() == ["death", "resident", "birth"]
    assert moved["recorded_date"].to_list() == ["1970-01-01", "2025-12-31", "2026-01-01"]
    assert moved["record_id"].to_list() == ["PH0000001", "PH0000002", "PH0000003"]
    assert frame["source"].unique().to_list() == ["police_hukou"]


def test_records_take_and_concat_keep_rows_together() -> None:
    records = _records(3)
    records.columns["name"][:] = ["甲", "乙", "丙"]
    picked = Records.concat([records.take(np.array([2])), records.take(np.array([0]))])
    assert picked.columns["name"].tolist() == ["丙", "甲"]
    assert picked.key.tolist() == [1, -1]
