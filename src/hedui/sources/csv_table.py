"""Reading a CSV export into a :class:`~hedui.sources.table.RawTable`, fast, with true row numbers.

polars' CSV reader does the work (a million rows in well under a second), with every column read
as text. Row numbers are the line numbers a clerk sees in a text editor: the header is line 1,
and a quoted field that spans lines pushes later rows down, so the newlines inside each row's
fields are counted and carried forward.

A file whose lines do not all fit the header (an unquoted comma in an address makes a row one
field too long) or that opens a quote it never closes is read again with Python's :mod:`csv`
module, slower but row by row, so that only the bad rows are quarantined instead of the whole
file being refused; the row an unclosed quote starts on is quarantined naming that row, and the
rows after it are read as if it were not there.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from hedui.errors import EmptySourceError, SourceFileError
from hedui.sources.encoding import looks_like_utf16, to_utf8
from hedui.sources.schema import QuarantinedRow
from hedui.sources.table import RawTable, build_table

__all__ = ["load_csv"]

_SEPARATORS = (",", "\t", ";", "|")
_BOM = b"\xef\xbb\xbf"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as csv counts lines: reader.line_num
_END = "\uffff"  # a noncharacter: in no clerk's file, so it can mark where the text ends


def load_csv(path: Path, *, display: str) -> RawTable:
    """Read a CSV (UTF-8 with or without BOM, GBK/GB18030 or UTF-16) with every cell as text.

    polars validates UTF-8 as it parses, so a UTF-8 file is handed to it directly; only when it
    refuses the bytes, or they look like UTF-16 (which polars would take for UTF-8 full of zero
    bytes), is the encoding worked out (:func:`~hedui.sources.encoding.to_utf8`) and the file
    converted.

    Args:
        path: The file.
        display: How to name the file in messages and quarantine rows.

    Raises:
        EncodingError: the file is neither UTF-8, GB18030 nor UTF-16.
        EmptySourceError: the file has no header.
        SourceFileError: a quote in the header is never closed.
    """
    raw = path.read_bytes()
    if looks_like_utf16(raw) is None:
        try:
            return _load_fast(raw[len(_BOM) :] if raw.startswith(_BOM) else raw, display)
        except pl.exceptions.ComputeError:
            pass
    data, _ = to_utf8(raw, path=display)
    try:
        return _load_fast(data, display)
    except pl.exceptions.ComputeError:
        body = data.lstrip(b"\r\n")
        skipped_lines = data.count(b"\n", 0, len(data) - len(body))
        return _load_row_by_row(body.decode("utf-8"), _separator(body), skipped_lines, display)


def _load_fast(data: bytes, display: str) -> RawTable:
    body = data.lstrip(b"\r\n")
    if not body or body.isspace():
        raise _empty(display)
    skipped_lines = data.count(b"\n", 0, len(data) - len(body))
    cells = pl.read_csv(
        io.BytesIO(body), has_header=False, infer_schema=False, separator=_separator(body)
    )
    rows = _line_numbers(cells, body) + skipped_lines
    return build_table(list(cells.row(0)), cells.slice(1), rows.slice(1))


def _separator(body: bytes) -> str:
    """Comma unless the header line has none and another separator (tab, ``;``, ``|``) is used."""
    end = body.find(b"\n")
    first_line = body[: end if end >= 0 else len(body)].decode("utf-8", errors="replace")
    if "," in first_line:
        return ","
    counts = {sep: first_line.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _line_numbers(cells: pl.DataFrame, body: bytes) -> pl.Series:
    """1-based line number on which each parsed row starts in ``body``.

    When the file has no more line breaks than rows, no field spans lines and row *i* starts on
    line *i*; only otherwise are the breaks inside fields counted.
    """
    start = pl.int_range(1, cells.height + 1, eager=True, dtype=pl.Int64)
    if body.count(b"\n") <= cells.height:
        return start
    newlines = cells.select(
        pl.sum_horizontal(pl.col(c).str.count_matches("\n").fill_null(0) for c in cells.columns)
    ).to_series()
    carried = newlines.cast(pl.Int64).cum_sum().shift(1, fill_value=0)
    return start + carried


def _load_row_by_row(text: str, separator: str, skipped_lines: int, display: str) -> RawTable:
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    rejected: list[QuarantinedRow] = []
    for line, fields, written in _split_records(text, separator):
        row = line + skipped_lines
        if header is None and fields is None:
            raise SourceFileError(
                f"{display} 第 {row} 行（表头）的引号没有配对，无法分列；请补上或删去引号 / "
                f"{display}: the quote opened in the header (row {row}) is never closed, so the "
                "columns cannot be told apart: close or remove it",
                path=display,
            )
        if fields is None:
            rejected.append(_open_quote(display, row, written))
        elif header is None:
            header = fields
        elif len(fields) > len(header):
            rejected.append(_too_many_fields(display, row, fields, len(header), separator))
        else:
            records.append(fields + [""] * (len(header) - len(fields)))
            rows.append(row)
    if header is None:
        raise _empty(display)
    names = [f"c{i}" for i in range(len(header))]
    columns = list(zip(*records, strict=True)) if records else [() for _ in names]
    cells = pl.DataFrame(
        {n: pl.Series(n, list(col), dtype=pl.Utf8) for n, col in zip(names, columns, strict=True)}
    )
    cells = cells.with_columns(pl.col(n).replace("", None) for n in names)
    return build_table(header, cells, pl.Series(rows, dtype=pl.Int64), rejected)


def _split_records(text: str, separator: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """Each record of ``text`` as ``(line it starts on, fields, that line as written)``.

    A quote that is never closed makes everything after it one field, and would swallow the rest
    of the file into one row. So the text is read with a marker line after its end: a record
    that holds the marker opened a quote it never closed. It is given with ``fields`` ``None``,
    and reading starts again on the line after the one it started on, as if that line were not
    there.
    """
    starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
    first = 1
    while first <= len(starts) and starts[first - 1] < len(text):
        body = text[starts[first - 1] :]
        if not body.endswith(("\n", "\r")):
            body += "\n"
        reader = csv.reader(io.StringIO(body + _END, newline=""), delimiter=separator)
        previous_end = 0
        for fields in reader:
            start, previous_end = previous_end + 1, reader.line_num
            line = first + start - 1
            if fields == [_END]:
                return
            if any(_END in field for field in fields):
                end = starts[line] if line < len(starts) else len(text)
                yield line, None, text[starts[line - 1] : end].rstrip("\r\n")
                first = line + 1
                break
            yield line, fields, ""
        else:
            return


def _too_many_fields(
    display: str, row: int, fields: list[str], expected: int, separator: str
) -> QuarantinedRow:
    return QuarantinedRow(
        path=display,
        row=row,
        field="*",
        value=separator.join(fields),
        reason=(
            f"这一行有 {len(fields)} 列，表头只有 {expected} 列；可能是地址等内容里有未加引号的"
            f"“{separator}”，请加引号或删去 / this row has {len(fields)} fields but the header "
            f"has {expected}; a value (often the address) probably contains an unquoted "
            f"'{separator}': quote it or remove it"
        ),
    )


def _open_quote(display: str, row: int, written: str) -> QuarantinedRow:
    return QuarantinedRow(
        path=display,
        row=row,
        field="*",
        value=written,
        reason=(
            f"这一行的引号没有配对：从这里起到文件末尾都会成为一个字段；这一行未读，后面各行照常读取，"
            f"请补上或删去引号 / a quote opened on row {row} is never closed, so everything after "
            "it would be one field: this row was not read (the rows after it were); close or "
            "remove the quote"
        ),
    )


def _empty(display: str) -> EmptySourceError:
    return EmptySourceError(
        f"{display} 是空文件，没有表头也没有数据 / {display} is empty: no header and no data rows",
        path=display,
    )
