"""Tests for hedui.sources.table: header cleaning and blank rows."""

from __future__ import annotations

import polars as pl

from hedui.sources.table import ROW_COLUMN, build_table, clean_headers


def test_clean_headers_trims_names_blanks_and_numbers_repeats() -> None:
    assert clean_headers([" 姓名 ", None, "备注", "备注", "", "备注"]) == [
        "姓名",
        "column_2",
        "备注",
        "备注_2",
        "column_5",
        "备注_3",
    ]


def test_build_table_drops_empty_rows_but_keeps_row_numbers() -> None:
    cells = pl.DataFrame(
        {"a": ["1", None, "", "4"], "b": ["x", None, None, None]},
        schema={"a": pl.Utf8, "b": pl.Utf8},
    )
    table = build_table(["编号", "姓名"], cells, pl.Series([2, 3, 4, 5]))
    # Rows 3 and 4 hold nothing; row 5 holds "4" in one cell and is a data row.
    assert table.headers == ["编号", "姓名"]
    assert table.frame[ROW_COLUMN].to_list() == [2, 5]
    assert table.frame["编号"].to_list() == ["1", "4"]


def test_build_table_keeps_a_row_of_spaces_so_it_reaches_quarantine() -> None:
    cells = pl.DataFrame({"a": ["  "], "b": [" "]})
    assert build_table(["a", "b"], cells, pl.Series([2])).frame.height == 1


def test_build_table_drops_empty_unnamed_columns_keeps_filled_ones() -> None:
    # A trailing comma on every line gives an unnamed empty column; an unnamed column with
    # data is kept as column_<position>.
    cells = pl.DataFrame(
        {"a": ["1", "2"], "b": [None, None], "c": ["注", None]},
        schema={"a": pl.Utf8, "b": pl.Utf8, "c": pl.Utf8},
    )
    table = build_table(["编号", None, ""], cells, pl.Series([2, 3]))
    assert table.headers == ["编号", "column_3"]
    assert table.frame.columns == ["编号", "column_3", ROW_COLUMN]
