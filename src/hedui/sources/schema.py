"""The canonical record contract that every source is brought into (see ``docs/schema.md``).

Five agencies keep five kinds of ledger. Before anything can be linked or counted, each export
is read into one shape: one row per recorded event, about one person, with the same columns in
the same order. For a birth the person is the child; a ``resident`` row is a person
on a register without a dated life event (a household registration listing, for example).
A thirteenth column, ``birth_date_partial``, keeps a birth date written only to the year or the
month (``1948年3月``), which is not a day and so cannot be ``birth_date``.

The result types live here too, because the web import page and the CLI render them without
caring which reader produced them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from hedui.sources.column_map import UnmatchedHeader

__all__ = [
    "CANONICAL_COLUMNS",
    "MAX_LENGTHS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "Event",
    "QuarantinedRow",
    "SourceReadResult",
    "SourceWarning",
]

CANONICAL_COLUMNS: tuple[str, ...] = (
    "source",
    "record_id",
    "event",
    "event_date",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "mother_name",
    "mother_id_number",
    "address_code",
    "address",
    "birth_date_partial",
)
"""Every column of a canonical record, in the order :func:`~hedui.sources.read_source` returns.

``birth_date`` is always a whole day (``YYYY-MM-DD``) or null; ``birth_date_partial`` is
``YYYY`` or ``YYYY-MM`` when the birth date is known only to that precision (``1948年``,
``1948年3月``, or a day that does not exist such as ``1985-02-30``), and null otherwise.
"""

REQUIRED_COLUMNS: tuple[str, ...] = (
    "source",
    "record_id",
    "event",
    "event_date",
    "name",
    "id_number",
    "sex",
    "birth_date",
)
"""Columns a file must have (``source`` may instead be given to the reader).

A column being required does not make every value required: a newborn has no ID number yet and
a ledger may leave sex blank. But a file without the *column* is almost always a mapping mistake
(the clerk's header says 公民身份号码 and nobody told hedui), so it is refused as a whole.
"""

OPTIONAL_COLUMNS: tuple[str, ...] = tuple(c for c in CANONICAL_COLUMNS if c not in REQUIRED_COLUMNS)
"""Columns filled with nulls when a file lacks them: only births know the mother; not every
agency records addresses; few files have a ``birth_date_partial`` column of their own (the reader
fills it from ``birth_date``)."""

MAX_LENGTHS: Mapping[str, int] = MappingProxyType(
    {
        "source": 32,
        "record_id": 64,
        "event": 16,
        "name": 64,
        "id_number": 18,
        "sex": 1,
        "mother_name": 64,
        "mother_id_number": 18,
        "address_code": 12,
        "address": 255,
        "birth_date_partial": 7,
    }
)
"""The most characters each text column may hold: the reader checks values against it and the
store's ledger columns are declared with it, so a value the reader accepts always fits the
database (PostgreSQL refuses a whole batch for one cell too long). Dates are stored as dates."""


class Event(StrEnum):
    """The life events a record can describe; the value is what the ``event`` column holds."""

    BIRTH = "birth"
    DEATH = "death"
    MARRIAGE = "marriage"
    DIVORCE = "divorce"
    MOVE_IN = "move_in"
    MOVE_OUT = "move_out"
    RESIDENT = "resident"

    @property
    def label_zh(self) -> str:
        """The Chinese word a clerk uses for the event: 出生, 死亡, 结婚, ..."""
        return _EVENT_LABELS_ZH[self]


_EVENT_LABELS_ZH = {
    Event.BIRTH: "出生",
    Event.DEATH: "死亡",
    Event.MARRIAGE: "结婚",
    Event.DIVORCE: "离婚",
    Event.MOVE_IN: "迁入",
    Event.MOVE_OUT: "迁出",
    Event.RESIDENT: "在册",
}


@dataclass(frozen=True, slots=True)
class QuarantinedRow:
    """One problem that kept a row out of the records, for a clerk to fix in the source file.

    A row with several problems appears once per problem, so the clerk sees them all at once.

    Attributes:
        path: The file the row came from, as given to the reader.
        row: The row number as the user sees it: the header is row 1, the first data row is 2
            (for a spreadsheet, the sheet's own row number).
        field: The canonical column at fault (``record_id``, ``event_date``, ...).
        value: The value as written in the file, or ``None`` when it was blank.
        reason: What is wrong and what to do, Chinese first, then English.
    """

    path: str
    row: int
    field: str
    value: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class SourceWarning:
    """A note about a row that was kept: worth a look, not worth stopping the row for.

    Attributes are those of :class:`QuarantinedRow`; ``reason`` says why it may be wrong.
    """

    path: str
    row: int
    field: str
    value: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class SourceReadResult:
    """What reading one source file gives.

    Attributes:
        path: The file read.
        records: The good rows: every canonical column as ``Utf8`` in canonical order, then the
            file's extra columns under their own headers, normalised as ``docs/schema.md`` says.
        quarantine: One entry per problem of every row kept out of ``records``.
        warnings: Notes about rows that were kept.
        column_map: The header each canonical column was read from (``None`` for an optional
            column the file lacks, or for ``source`` when it was given to the reader).
        rows_read: How many data rows the file has (blank lines are not data rows); always
            ``records.height`` plus the number of distinct quarantined rows.
        unmatched: The file's headers that no canonical column was read from (kept as extra
            columns), each with the canonical column it most resembles, if any.
    """

    path: str
    records: pl.DataFrame
    quarantine: list[QuarantinedRow] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    column_map: dict[str, str | None] = field(default_factory=dict)
    rows_read: int = 0
    unmatched: list[UnmatchedHeader] = field(default_factory=list)

    @property
    def quarantined_rows(self) -> int:
        """Number of distinct rows in quarantine (a row may have several problems)."""
        return len({q.row for q in self.quarantine})
