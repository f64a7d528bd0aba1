"""How many current ledger entries each village has of each event, kept by the database.

A list of entries shows its total, and the home page its village's. Counting the current entries
(those no correction supersedes) of a village of 3,300 took 1.1 ms of SQLite's CPU and about
2.8 ms of PostgreSQL's on every view, and a county's million could not be counted at all (the
list said "more than 10,000"). So the counts are a table, ``record_tallies``: one row per
(village, event) with its number of current entries, and an area's total is a sum over at most
a few thousand small rows.

The database keeps the table itself, with triggers on ``records`` (migration 0018), so that every
way an entry arrives — the form, a correction, an import, a bulk insert — counts it in the same
transaction: a new entry adds one to its village and event; a correction also takes one from the
entry it supersedes. Entries are never changed or deleted by hedui (a correction is a new entry),
but if one is, the triggers count the villages and events it touched again.
"""

from __future__ import annotations

from sqlalchemy import Connection, Integer, String, func, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.sources.schema import MAX_LENGTHS
from hedui.store.areas import in_area
from hedui.store.base import Base
from hedui.store.records import EventType

__all__ = ["RecordTally", "current_entries", "recount"]


class RecordTally(Base):
    """How many current entries of one event one village has."""

    __tablename__ = "record_tallies"

    village_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    event: Mapped[str] = mapped_column(String(MAX_LENGTHS["event"]), primary_key=True)
    entries: Mapped[int] = mapped_column(Integer, default=0)


def current_entries(
    session: Session,
    area_code: str,
    *,
    event: EventType | None = None,
    village_code: str | None = None,
) -> int:
    """How many current entries lie inside ``area_code`` (and ``village_code``) with ``event``
    (each left out matches all): one sum over the tallies."""
    query = select(func.coalesce(func.sum(RecordTally.entries), 0)).where(
        in_area(RecordTally.village_code, area_code)
    )
    if event is not None:
        query = query.where(RecordTally.event == event.value)
    if village_code:
        query = query.where(in_area(RecordTally.village_code, village_code))
    return int(session.scalar(query) or 0)


RECOUNT = (
    "INSERT INTO record_tallies (village_code, event, entries) "
    "SELECT records.village_code, records.event, count(*) FROM records "
    "WHERE NOT EXISTS (SELECT 1 FROM records AS newer WHERE newer.supersedes_id = records.id) "
    "GROUP BY records.village_code, records.event"
)
"""Every tally counted from the entries (into an empty table)."""


def recount(connection: Connection) -> None:
    """Count every tally again from the entries (migration 0018 does it once; a repair)."""
    connection.execute(text("DELETE FROM record_tallies"))
    connection.execute(text(RECOUNT))
