"""Control characters and over-long values in canonical fields: the value is left out, not the row.

A NUL byte or an escape sequence in a name is never what a clerk meant: it comes from a broken
export, a copy from a terminal, or a file that is not really text. PostgreSQL refuses NUL in a
text column (and with it the whole batch), and linkage would compare names that merely look
equal. So a canonical value holding a C0 or C1 control character (U+0000–U+001F, U+007F–U+009F)
is left out with a note naming the character, and the row is kept if something else still
identifies the person.

Line breaks and tabs are the exception in free text: a spreadsheet cell typed with Alt+Enter
holds one (``某村\\n3组``). In ``name``, ``mother_name`` and ``address`` they become a single
space, with a note, because the words on either side are still right. In every other canonical
column (a record number, an ID number, a date) they are controls like any other. Extra columns
are carried through as written.

A value longer than its database column (:data:`~hedui.sources.schema.MAX_LENGTHS`) is left out
too, so that a value the reader accepts always fits the ledger.

The columns whose values are parsed (``event``, ``sex``, the dates) are not checked here: a
control character makes such a value unreadable, the parser says so, and the report shows the
value with the character written out (:func:`visible`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from hedui.sources.fields import FieldResult, map_distinct, nulls
from hedui.sources.schema import MAX_LENGTHS

__all__ = [
    "FREE_TEXT_COLUMNS",
    "check_controls",
    "check_lengths",
    "first_control_character",
    "visible",
]

FREE_TEXT_COLUMNS = frozenset({"name", "mother_name", "address"})
"""Columns where a line break or tab is a layout accident, replaced by a space."""

_CONTROL = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
_ANY_CONTROL = r"[\x00-\x1F\x7F-\x9F]"
_LINE_BREAKS = r"[\t\n\r]+"
_HIDDEN = re.compile(_CONTROL)
_LINE_BREAK_NOTE = "含换行或制表符，已换成空格 / contains a line break or tab, replaced by a space"


def check_controls(text: pl.DataFrame, columns: Iterable[str]) -> dict[str, FieldResult]:
    """Leave out every value of ``columns`` that holds a control character.

    Args:
        text: Trimmed ``Utf8`` columns, null for blanks.
        columns: The columns to check.

    Returns:
        Per column: ``values`` with such values null (line breaks in free text replaced by a
        space), ``errors`` why a value was left out, ``notes`` where line breaks were replaced.
        A column without a single control character (one scan finds out) is returned as it was.
    """
    names = list(columns)
    found = text.select(pl.col(c).str.contains(_ANY_CONTROL).any() for c in names).row(0)
    results = {}
    for name, any_control in zip(names, found, strict=True):
        column = text[name]
        errors = notes = nulls(len(column))
        if any_control:
            pattern = _ANY_CONTROL
            if name in FREE_TEXT_COLUMNS:
                pattern = _CONTROL
                broken = column.str.contains(_LINE_BREAKS).fill_null(False)
                column = column.str.replace_all(_LINE_BREAKS, " ")
                notes = pl.select(pl.when(broken).then(pl.lit(_LINE_BREAK_NOTE))).to_series()
            hit = column.str.contains(pattern).fill_null(False)
            if hit.any():
                errors = map_distinct(column, _control_reason, where=hit).errors
                column = column.zip_with(~hit, nulls(len(column)))
        results[name] = FieldResult(
            column.alias(name), errors.alias("errors"), notes.alias("notes")
        )
    return results


def check_lengths(values: pl.DataFrame, columns: Iterable[str]) -> dict[str, FieldResult]:
    """Leave out every value of ``columns`` longer than :data:`MAX_LENGTHS` allows.

    Lengths are counted in characters, as PostgreSQL counts ``VARCHAR(n)``: 64 characters of a
    name are 64 Chinese characters.
    """
    results = {}
    for name in columns:
        column, limit = values[name], MAX_LENGTHS[name]
        empty = nulls(len(column))
        # A character takes at least one byte: only a column with a value of more bytes than
        # the limit needs its characters counted.
        if not (column.str.len_bytes() > limit).any():
            results[name] = FieldResult(column, empty.alias("errors"), empty.alias("notes"))
            continue
        length = column.str.len_chars()
        too_long = (length > limit).fill_null(False)
        reason = pl.format(
            "超过 {} 个字符（实为 {}），未采用这个值，请核对 / longer than {} characters ({}): "
            "the value was not used; check it",
            pl.lit(limit),
            pl.lit(length),
            pl.lit(limit),
            pl.lit(length),
        )
        errors = pl.select(pl.when(too_long).then(reason).alias("errors")).to_series()
        results[name] = FieldResult(
            column.zip_with(~too_long, empty).alias(name), errors, empty.alias("notes")
        )
    return results


def first_control_character(value: str, *, line_breaks: bool = False) -> str | None:
    """The first control character of ``value`` as ``U+XXXX``, or ``None`` when it has none.

    The same characters the reader refuses, for a value typed into a form or handed to the
    store: C0 and C1 controls, with tab and line breaks allowed only if ``line_breaks``.
    """
    found = re.search(_CONTROL if line_breaks else _ANY_CONTROL, value)
    return None if found is None else f"U+{ord(found.group()):04X}"


def visible(value: str | None) -> str | None:
    """``value`` with every control character but tab and line breaks written as ``\\xNN``, so
    that a problem report can show it, a database store it and a spreadsheet open it."""
    if value is None or not _HIDDEN.search(value):
        return value
    return _HIDDEN.sub(lambda match: f"\\x{ord(match.group()):02X}", value)


def _control_reason(value: str) -> tuple[str | None, str | None, str | None]:
    code = next(ord(c) for c in value if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)
    return (
        None,
        f"含控制字符 U+{code:04X}，未采用这个值；请在原文件中删去后重新导入 / contains the "
        f"control character U+{code:04X}: the value was not used; delete the character in the "
        "file and import it again",
        None,
    )
