"""Saving an entry once, however often it is sent: idempotency keys for event entries.

A village clerk's phone may lose the network between pressing 保存 and hearing back, and the
offline queue (``static/js/entry_queue.js``) sends what it holds again until the server has
answered. Each entry therefore carries a key, a random UUID made in the browser when 保存 is
pressed; the server keeps the key beside the ledger entry it created (``entry_keys``, unique on
the key), so a second send of the same key returns the entry saved the first time instead of
adding another.

The key is bound to the clerk who sent it and to what was sent (a SHA-256 digest of the checked
fields): the same key with other content is a conflict to show the clerk, never a silent second
entry nor a silent loss of the new content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.errors import InvalidInputError, StoreError
from hedui.store.base import Base, UtcDateTime, utcnow
from hedui.store.ledger import EventFields, record_event
from hedui.store.records import Record
from hedui.store.users import User

__all__ = [
    "EntryKey",
    "EntryKeyConflictError",
    "SavedEntry",
    "parse_entry_key",
    "save_once",
    "saved_entry",
]


class EntryKey(Base):
    """The idempotency key of one ledger entry typed in by a clerk."""

    __tablename__ = "entry_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    fields_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class EntryKeyConflictError(StoreError):
    """Raised when a key was already used by another clerk or for different content."""


@dataclasses.dataclass(frozen=True, slots=True)
class SavedEntry:
    """The ledger entry a key stands for, and whether this call created it."""

    record: Record
    created: bool


def parse_entry_key(text: str | None) -> str:
    """The key in its canonical form (lower-case UUID with hyphens).

    Raises:
        InvalidInputError: ``text`` is not a UUID.
    """
    try:
        return str(UUID((text or "").strip()))
    except ValueError:
        raise InvalidInputError(
            "缺少或无法识别提交编号，请重新保存 / the entry key is missing or not a UUID; "
            "save the entry again"
        ) from None


def _digest(fields: EventFields) -> str:
    values = {f.name: getattr(fields, f.name) for f in dataclasses.fields(fields)}
    text = json.dumps(values, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def saved_entry(session: Session, key: str, fields: EventFields, actor: User) -> SavedEntry | None:
    """The entry already saved under ``key``, or ``None`` if the key is new.

    Raises:
        EntryKeyConflictError: the key was used by another clerk or for other fields.
    """
    key = parse_entry_key(key)
    found = session.scalars(select(EntryKey).where(EntryKey.key == key)).first()
    if found is None:
        return None
    if found.user_id != actor.id or found.fields_digest != _digest(fields):
        raise EntryKeyConflictError(
            "这次提交的编号已用于另一条内容不同的记录，未保存；请检查后重新保存 / this entry key "
            "was already used for a different entry; nothing was saved, check and save again"
        )
    record = session.get(Record, found.record_id)
    assert record is not None  # the foreign key guarantees it
    return SavedEntry(record=record, created=False)


def save_once(
    session: Session,
    key: str,
    fields: EventFields,
    *,
    village_code: str,
    actor: User,
    ip: str | None = None,
    checked: bool = False,
) -> SavedEntry:
    """Record the event under ``key``, or return the entry already recorded under it.

    Commits on success. Two sends of one key racing each other both end with the same entry:
    the loser's insert breaks the unique key, is rolled back, and finds the winner's entry.
    ``checked``: the caller has just looked the key up (:func:`saved_entry`) and found nothing,
    so it is not looked up again before saving (one statement less; a send of the same key in
    between is still settled by the unique key, as a race is).

    Raises:
        EntryKeyConflictError: the key was used by another clerk or for other fields.
        InvalidInputError: see :func:`hedui.store.ledger.record_event`.
    """
    key = parse_entry_key(key)
    existing = None if checked else saved_entry(session, key, fields, actor)
    if existing is not None:
        return existing
    try:
        record = record_event(session, fields, village_code=village_code, actor=actor, ip=ip)
        session.add(
            EntryKey(key=key, record_id=record.id, user_id=actor.id, fields_digest=_digest(fields))
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        raced = saved_entry(session, key, fields, actor)
        if raced is None:
            raise
        return raced
    except BaseException:
        session.rollback()
        raise
    return SavedEntry(record=record, created=True)
