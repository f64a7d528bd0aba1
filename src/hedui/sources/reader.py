"""Reading a source file (CSV or ``.xlsx``) into canonical records, a quarantine and warnings.

This is the one entry point every import goes through: the CLI's ``hedui validate`` and
``hedui link``, the web import page, the demo. It loads the table (:mod:`.csv_table`,
:mod:`.excel_table`), finds the canonical columns (:mod:`.column_map`), and applies the rules of
:mod:`.validation`. Whole-file problems raise; problems of single rows never do.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from os import PathLike
from pathlib import Path

import polars as pl

from hedui.errors import EmptySourceError, SourceFileError
from hedui.sources.column_map import (
    constant_values,
    guess_column_map,
    resolve_columns,
    unmatched_headers,
)
from hedui.sources.csv_table import load_csv
from hedui.sources.excel_table import load_xlsx
from hedui.sources.schema import CANONICAL_COLUMNS, SourceReadResult
from hedui.sources.table import ROW_COLUMN, RawTable
from hedui.sources.validation import validate_records

__all__ = ["read_header", "read_source"]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 binary .xls format
_EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def read_source(
    path: str | PathLike[str],
    *,
    column_map: Mapping[str, str] | None = None,
    source: str | None = None,
    sheet: str | None = None,
    guess_columns: bool = False,
    today: date | None = None,
) -> SourceReadResult:
    """Read and validate one source file against the canonical schema (``docs/schema.md``).

    Args:
        path: A CSV (UTF-8 with or without BOM, or GBK/GB18030) or an ``.xlsx`` workbook.
        column_map: Canonical column → header in the file, for columns whose header is not the
            canonical name (``{"id_number": "公民身份号码"}``); see
            :func:`~hedui.sources.column_map.guess_column_map` for a proposal. ``"-"``
            declares a column absent (nulls, even for a required one); ``"=birth"`` gives it one
            value for every row.
        source: The source name for every row; fills the ``source`` column of files that lack
            one (a village ledger export) and overrides it in files that have one.
        sheet: The worksheet to read from a workbook; the first sheet by default.
        guess_columns: Also map columns that ``column_map`` leaves out by recognising common
            headers (:func:`~hedui.sources.column_map.guess_column_map`); off by default so
            that a library caller gets exactly the mapping it asked for. The mapping used is
            returned in ``SourceReadResult.column_map``.
        today: Dates after this are impossible; defaults to today.

    Returns:
        The records, the quarantine and the warnings. Every data row of the file is either in
        ``records`` or in ``quarantine``.

    Raises:
        SourceFileError: the file does not exist, is an old ``.xls``, or is not readable.
        EncodingError: a CSV is neither UTF-8 nor GBK/GB18030.
        EmptySourceError: the file has no data rows.
        MissingColumnsError: required columns are missing (all are named).
        InvalidInputError: ``column_map`` names columns that are not canonical.
    """
    display = str(path)
    table = _load(Path(path), display, sheet)
    rows_read = table.frame.height + len(table.rejected)
    if rows_read == 0:
        raise EmptySourceError(
            f"{display} 只有表头，没有数据行 / {display} has a header but no data rows",
            path=display,
        )
    if guess_columns:
        column_map = {**guess_column_map(table.headers), **(column_map or {})}
    resolved = resolve_columns(
        table.headers, column_map, path=display, source_given=source is not None
    )
    used = {header for header in resolved.values() if header is not None}
    extras = {
        header: f"{header}_in_file" if header in CANONICAL_COLUMNS else header
        for header in table.headers
        if header not in used
    }
    constants = constant_values(column_map, table.headers)
    frame = table.frame.select(
        *(
            _canonical(name, resolved[name], source, constants.get(name))
            for name in CANONICAL_COLUMNS
        ),
        pl.col(ROW_COLUMN),
        *(pl.col(header).alias(name) for header, name in extras.items()),
    )
    records, quarantine, warnings = validate_records(
        frame, path=display, extras=list(extras.values()), today=today or date.today()
    )
    return SourceReadResult(
        path=display,
        records=records,
        quarantine=sorted(table.rejected + quarantine, key=lambda q: q.row),
        warnings=warnings,
        column_map=resolved,
        rows_read=rows_read,
        unmatched=unmatched_headers(table.headers, resolved),
    )


def read_header(path: str | PathLike[str], *, sheet: str | None = None) -> list[str]:
    """The headers of a source file as written (trimmed; repeats made unique), for
    :func:`~hedui.sources.column_map.guess_column_map` to propose a mapping.

    Raises:
        The same whole-file errors as :func:`read_source`, except ``MissingColumnsError``.
    """
    return _load(Path(path), str(path), sheet).headers


def _canonical(
    name: str, header: str | None, source: str | None, constant: str | None = None
) -> pl.Expr:
    if name == "source" and source is not None:
        return pl.lit(source, dtype=pl.Utf8).alias(name)
    if constant is not None:
        return pl.lit(constant, dtype=pl.Utf8).alias(name)
    if header is None:
        return pl.lit(None, dtype=pl.Utf8).alias(name)
    return pl.col(header).alias(name)


def _load(path: Path, display: str, sheet: str | None) -> RawTable:
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise SourceFileError(
            f"无法打开 {display}：{error.strerror} / cannot open {display}: {error.strerror}",
            path=display,
        ) from None
    if magic == _OLE_MAGIC:
        raise SourceFileError(
            f"{display} 是旧的 .xls 格式；请在 Excel 中另存为 .xlsx 或 CSV UTF-8 / "
            f"{display} is an old .xls workbook; save it as .xlsx or CSV UTF-8 in Excel",
            path=display,
        )
    if magic == _ZIP_MAGIC or path.suffix.lower() in _EXCEL_SUFFIXES:
        return load_xlsx(path, display=display, sheet=sheet)
    return load_csv(path, display=display)
