"""Search keys: each ledger entry's name in pinyin and characters, and its ID read backwards.

An officer looking for 汪国庆 types "wangguoqing", "汪国庆" or the last digits of an ID. A
million-row ledger cannot be scanned for that on every keystroke, and pinyin cannot be computed
in SQL, so each entry gets one row here, keyed by the entry's primary key, with indexed columns
a search looks up directly (:mod:`hedui.store.search`):

- ``name_normalized``, ``name_pinyin`` and ``name_initials``: the keys of
  :func:`hedui.identity.names.name_keys` (the same ones linkage blocks on, surnames read as
  surnames: 单 shan, 曾 zeng), so homophones (汪国庆, 王国庆) share ``name_pinyin``;
- ``id_reversed``: the ID number backwards, so "the last six digits" is a prefix, which an
  index answers;
- the same keys of the mother's name and ID, for finding a child by its mother.

Entries are append-only (a correction is a new entry), so keeping the keys current is
:func:`index_new_records`: key every entry with a higher primary key than the last one keyed.
The import calls it after inserting a batch, a search before it looks, and migration 0010 for
the entries that were there before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ForeignKey, Index, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.identity.names import name_keys
from hedui.identity.resident_id import normalize
from hedui.store.base import Base
from hedui.store.bulk import insert_columns
from hedui.store.records import Record

__all__ = ["KEY_COLUMNS", "RecordSearchKey", "index_new_records", "search_key_values"]

_CHUNK = 20_000


class RecordSearchKey(Base):
    """The search keys of one ledger entry (``record_pk`` is the entry's primary key)."""

    __tablename__ = "record_search_keys"

    record_pk: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    name_normalized: Mapped[str | None] = mapped_column(String(64), index=True)
    name_pinyin: Mapped[str | None] = mapped_column(String(128), index=True)
    name_initials: Mapped[str | None] = mapped_column(String(32), index=True)
    id_reversed: Mapped[str | None] = mapped_column(String(18), index=True)
    mother_normalized: Mapped[str | None] = mapped_column(String(64), index=True)
    mother_pinyin: Mapped[str | None] = mapped_column(String(128), index=True)
    mother_id_reversed: Mapped[str | None] = mapped_column(String(18), index=True)
    village_code: Mapped[str] = mapped_column(String(12), server_default="")
    """The entry's village (0017), first in an index with each key a clerk searches by: her
    village's matches are read from that index alone, not every match in the county."""

    __table_args__ = tuple(
        Index(f"ix_record_search_keys_village_{key}", "village_code", key)
        for key in ("name_normalized", "name_pinyin", "name_initials", "id_reversed")
    )


KEY_COLUMNS = (
    "name_normalized",
    "name_pinyin",
    "name_initials",
    "id_reversed",
    "mother_normalized",
    "mother_pinyin",
    "mother_id_reversed",
)


def search_key_values(
    name: str | None, id_number: str | None, mother_name: str | None, mother_id: str | None
) -> dict[str, str | None]:
    """The keys of one entry, by column name (``None`` where a value is blank)."""
    keys = name_keys(name)
    mother = name_keys(mother_name)
    return {
        "name_normalized": keys.normalized[:64] if keys else None,
        "name_pinyin": keys.pinyin[:128] if keys else None,
        "name_initials": keys.initials[:32] if keys else None,
        "id_reversed": _reversed(id_number),
        "mother_normalized": mother.normalized[:64] if mother else None,
        "mother_pinyin": mother.pinyin[:128] if mother else None,
        "mother_id_reversed": _reversed(mother_id),
    }


def index_new_records(session: Session) -> int:
    """Key every entry added since the last call; return how many were keyed.

    Runs in the caller's transaction. When nothing is new it costs one statement of two index
    lookups.
    """
    marks = select(
        select(func.max(RecordSearchKey.record_pk)).scalar_subquery(),
        select(func.max(Record.id)).scalar_subquery(),
    )
    done_mark, newest_mark = session.execute(marks).one()
    done, newest = done_mark or 0, newest_mark or 0
    keyed = 0
    while done < newest:
        rows: Sequence[Any] = session.execute(
            select(
                Record.id,
                Record.name,
                Record.id_number,
                Record.mother_name,
                Record.mother_id_number,
                Record.village_code,
            )
            .where(Record.id > done)
            .order_by(Record.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            break
        columns: dict[str, list[Any]] = {
            "record_pk": [],
            "village_code": [],
            **{k: [] for k in KEY_COLUMNS},
        }
        for pk, name, id_number, mother_name, mother_id, village in rows:
            columns["record_pk"].append(pk)
            columns["village_code"].append(village)
            for key, value in search_key_values(name, id_number, mother_name, mother_id).items():
                columns[key].append(value)
        insert_columns(session, RecordSearchKey, columns)
        keyed += len(rows)
        done = rows[-1][0]
    return keyed


def _reversed(id_number: str | None) -> str | None:
    if not id_number:
        return None
    cleaned = normalize(id_number)
    return cleaned[::-1][:18] if cleaned else None
