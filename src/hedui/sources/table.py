"""A file's table as read, before any mapping: headers, text cells, and each row's number.

CSV and spreadsheet readers both produce a :class:`RawTable`, so mapping and validation never
care where the cells came from. Every cell is text (or null): a reader that let the CSV parser
infer types would turn ID numbers into floats and lose their last digits, and ``07`` into ``7``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import polars as pl

from hedui.sources.schema import QuarantinedRow

__all__ = ["ROW_COLUMN", "RawTable", "build_table", "clean_headers"]

ROW_COLUMN = "__hedui_row__"
"""The column holding each row's number as the user sees it (header = row 1)."""


class RawTable(NamedTuple):
    """Headers as written (trimmed, made unique) and the cells, all ``Utf8``, plus
    :data:`ROW_COLUMN`. Entirely blank rows have already been dropped; ``rejected`` holds rows
    that could not even be split into the header's columns."""

    headers: list[str]
    frame: pl.DataFrame
    rejected: list[QuarantinedRow]


def clean_headers(headers: Sequence[str | None]) -> list[str]:
    """Trim headers, name blank ones ``column_<n>`` (1-based position) and make repeats unique.

    A repeated header (two 备注 columns) becomes ``备注_2``: dropping either would lose data, and
    polars cannot hold two columns of one name.
    """
    cleaned: list[str] = []
    seen: set[str] = set()
    for position, header in enumerate(headers, start=1):
        text = (header or "").strip() or f"column_{position}"
        candidate, copy = text, 1
        while candidate in seen:
            copy += 1
            candidate = f"{text}_{copy}"
        seen.add(candidate)
        cleaned.append(candidate)
    return cleaned


def build_table(
    headers: Sequence[str | None],
    cells: pl.DataFrame,
    rows: pl.Series,
    rejected: list[QuarantinedRow] | None = None,
) -> RawTable:
    """Name the columns of ``cells`` (positionally) after ``headers`` and number the rows.

    Rows whose every cell is empty are dropped: empty lines (or lines of bare separators) and
    spreadsheet rows that were formatted but never filled are not data rows, and quarantining
    them would bury the clerk's real problems. A row holding only spaces is kept, so that it
    reaches the quarantine instead of vanishing.
    A column without a header that holds nothing (a trailing comma on every line) is dropped
    too; one that holds something is kept as ``column_<n>``.
    """
    names = clean_headers(headers)
    frame = cells.rename(dict(zip(cells.columns, names, strict=True)))
    frame = frame.with_columns(rows.alias(ROW_COLUMN))
    if names:
        filled = pl.any_horizontal([pl.col(c).str.len_bytes().fill_null(0) > 0 for c in names])
        frame = frame.filter(filled)
    unnamed_empty = [
        name
        for name, header in zip(names, headers, strict=True)
        if not (header or "").strip() and frame[name].str.len_bytes().fill_null(0).eq(0).all()
    ]
    kept = [n for n in names if n not in unnamed_empty]
    return RawTable(kept, frame.drop(unnamed_empty), rejected or [])
