"""The event ledger: births, deaths, marriages, divorces, moves — each entry kept forever.

A population register that can be overwritten cannot be reconciled: when the village ledger and
the police system disagree, the first question is "what did the village write, and when did it
change its mind?". So an entry is never updated. A correction is a new entry that
``supersedes`` the one it corrects, carrying the same ``record_id`` and a reason; the *current*
state of a record is the one entry of its chain that nothing supersedes, and the chain is its
history. ``supersedes_id`` is unique, so a chain cannot fork.

Columns follow the canonical record contract of :mod:`hedui.sources` (``source``, ``record_id``,
``event``, ``event_date``, ``name``, ``id_number``, ``sex``, ``birth_date``, ``mother_name``,
``mother_id_number``, ``address_code``, ``address``, ``birth_date_partial``), so entries typed
into the web form and rows imported from the other sources sit in one table and link alike.
Text columns are as long as :data:`hedui.sources.schema.MAX_LENGTHS` says, the limits the source
reader checks, so an imported value always fits. ``village_code`` is the row's jurisdiction (see
:mod:`hedui.store.areas`); ``batch_id`` names the import batch a row came from.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, Date, ForeignKey, Index, Integer, String, Text, exists
from sqlalchemy.orm import Mapped, aliased, mapped_column

from hedui.sources.schema import MAX_LENGTHS
from hedui.store.base import Base, UtcDateTime, str_enum, utcnow

__all__ = ["IS_CURRENT", "RECORDED_EVENTS", "VILLAGE_LEDGER", "EventType", "Record"]

VILLAGE_LEDGER = "village_ledger"
"""The ``source`` of every entry typed into the web form: the village's own ledger."""


class EventType(StrEnum):
    """What an entry records; the value is the canonical ``event`` column.

    Six civil events, and ``resident``: a line of a register listing (the township database's
    or the household register's list of who lives where). Listings are imported, never typed
    into the form; they are kept because the register is the population that rates are
    computed over, and because linkage learns who is who from them.
    """

    BIRTH = "birth"
    DEATH = "death"
    MARRIAGE = "marriage"
    DIVORCE = "divorce"
    MOVE_IN = "move_in"
    MOVE_OUT = "move_out"
    RESIDENT = "resident"


RECORDED_EVENTS: tuple[EventType, ...] = tuple(e for e in EventType if e is not EventType.RESIDENT)
"""The events a village clerk records through the form."""


class Record(Base):
    """One ledger entry: an original record or a correction of an earlier entry."""

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_source_record_id", "source", "record_id"),
        Index("ix_records_id_number", "id_number"),
        # The save's duplicate check looks up a mother's other births by her ID (0012).
        Index("ix_records_mother_id_number", "mother_id_number"),
        # Lists of entries newest first, of a county or of one village (0014).
        Index("ix_records_created_at_id", "created_at", "id"),
        Index("ix_records_village_code_created_at_id", "village_code", "created_at", "id"),
        # Everything the save's duplicate check compares within a village, covered (0016).
        Index(
            "ix_records_village_event_keys",
            "village_code",
            "event",
            "birth_date",
            "event_date",
            "mother_name",
            "name",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(MAX_LENGTHS["source"]))
    record_id: Mapped[str] = mapped_column(String(MAX_LENGTHS["record_id"]))
    event: Mapped[EventType] = mapped_column(str_enum(EventType, MAX_LENGTHS["event"]))
    event_date: Mapped[date | None] = mapped_column(Date)
    name: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["name"]))
    id_number: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["id_number"]))
    sex: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["sex"]))
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_date_partial: Mapped[str | None] = mapped_column(
        String(MAX_LENGTHS["birth_date_partial"])
    )
    mother_name: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["mother_name"]))
    mother_id_number: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["mother_id_number"]))
    address_code: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["address_code"]))
    address: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["address"]))
    village_code: Mapped[str] = mapped_column(String(12))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), unique=True)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"Record(id={self.id!r}, record_id={self.record_id!r}, event={self.event.value!r})"


_NEWER = aliased(Record, name="newer_entry")
"""Built once: SQLAlchemy adapts each column of an alias on first use and keeps the result on
the alias, so a new alias per query repeated that work on every page (a tenth of a case page's
CPU in py-spy)."""

IS_CURRENT: ColumnElement[bool] = ~exists().where(_NEWER.supersedes_id == Record.id)
"""True for an entry that no correction supersedes: the current state of its chain."""
