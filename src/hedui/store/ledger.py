"""Writing to and reading from the event ledger: record, correct, list, and trace history.

See :mod:`hedui.store.records` for why an entry is never overwritten. Every function that reads
takes the caller's ``area_code`` and returns only rows inside it: there is no unscoped reader for
the web layer to call by mistake.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError, StoreError
from hedui.sources.schema import MAX_LENGTHS
from hedui.sources.text_fields import first_control_character
from hedui.store.areas import AreaLevel, area_level, in_area, is_within
from hedui.store.audit import AuditAction, write_audit
from hedui.store.pagination import DEFAULT_PER_PAGE, Page, keyset_paginate
from hedui.store.record_tallies import current_entries
from hedui.store.records import IS_CURRENT, VILLAGE_LEDGER, EventType, Record
from hedui.store.users import User

__all__ = [
    "EventFields",
    "correct_record",
    "current_entry_ids",
    "current_records",
    "get_record",
    "list_records",
    "record_event",
    "record_history",
]


@dataclass(frozen=True, slots=True)
class EventFields:
    """The canonical fields of one event, already checked and normalised by the caller.

    ``id_number`` and ``mother_id_number`` are 18-character normalised numbers, ``sex`` a
    GB/T 2261.1 code; ``address_code`` defaults to the village's code when left ``None``.
    """

    event: EventType
    event_date: date | None
    name: str | None = None
    id_number: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    mother_name: str | None = None
    mother_id_number: str | None = None
    address: str | None = None
    address_code: str | None = None

    def check(self) -> None:
        """Refuse text the ledger must not hold, as the source reader does for a file.

        Raises:
            InvalidInputError: a value holds a control character (NUL and the like, which
                PostgreSQL refuses and no export can write) or is longer than its column
                (:data:`hedui.sources.schema.MAX_LENGTHS`); every such field is named.
        """
        problems = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, str):
                continue
            control = first_control_character(value)
            if control is not None:
                problems.append(f"{f.name} 含控制字符 {control} / {f.name} contains {control}")
            limit = MAX_LENGTHS.get(f.name)
            if limit is not None and len(value) > limit:
                problems.append(
                    f"{f.name} 超过 {limit} 个字符 / {f.name} is longer than {limit} characters"
                )
        if problems:
            raise InvalidInputError("；".join(problems) + "，未保存 / nothing was saved")

    def changed_fields(self, record: Record) -> list[str]:
        """Names of the fields whose value differs from ``record``'s."""
        return [
            f.name
            for f in dataclasses.fields(self)
            if f.name != "address_code" and getattr(self, f.name) != getattr(record, f.name)
        ]

    def to_record(self, *, village_code: str) -> Record:
        """An unsaved :class:`Record` with these fields, as the village ledger would write it."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["address_code"] = self.address_code or village_code
        return Record(source=VILLAGE_LEDGER, village_code=village_code, **values)


def record_event(
    session: Session,
    fields: EventFields,
    *,
    village_code: str,
    actor: User,
    ip: str | None = None,
) -> Record:
    """Add a new event to a village's ledger, with its audit entry, in the caller's transaction.

    Raises:
        InvalidInputError: ``village_code`` is not a 12-digit village code, or a field holds a
            control character or is too long (:meth:`EventFields.check`).
    """
    fields.check()
    if area_level(village_code) is not AreaLevel.VILLAGE:
        raise InvalidInputError(
            f"只能在村一级登记事件，{village_code} 不是村级代码 / events are recorded by a "
            f"village; {village_code} is not a 12-digit village code"
        )
    record = fields.to_record(village_code=village_code)
    record.record_id = uuid.uuid4().hex
    record.created_by_id = actor.id
    session.add(record)
    session.flush()
    write_audit(
        session,
        actor=actor,
        action=AuditAction.RECORD_CREATED,
        area_code=village_code,
        target_type="record",
        target_id=record.id,
        detail={"event": fields.event.value, "record_id": record.record_id},
        ip_address=ip,
    )
    return record


def correct_record(
    session: Session,
    original: Record,
    fields: EventFields,
    *,
    reason: str,
    actor: User,
    ip: str | None = None,
) -> Record:
    """Add a correction that supersedes ``original``; the original stays as it was.

    Raises:
        InvalidInputError: no reason was given, nothing changed, the event type changed (a
            birth recorded by mistake as a death is a new record, not a correction), or a field
            or the reason holds a control character or is too long (:meth:`EventFields.check`).
        StoreError: ``original`` has already been corrected; correct the newest entry instead.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidInputError("请填写更正原因 / give a reason for the correction")
    control = first_control_character(reason, line_breaks=True)
    if control is not None:
        raise InvalidInputError(
            f"更正原因含控制字符 {control}，请删去 / the reason contains the control character "
            f"{control}; delete it"
        )
    fields.check()
    if fields.event != original.event:
        raise InvalidInputError("更正不能改变事件类型 / a correction cannot change the event type")
    changed = fields.changed_fields(original)
    if not changed:
        raise InvalidInputError("没有修改任何内容 / nothing was changed")
    if not _is_current(session, original):
        raise StoreError(
            "这条记录已有更正，请在最新版本上更正 / this entry has already been corrected; "
            "correct the newest entry instead"
        )
    record = fields.to_record(village_code=original.village_code)
    if record.birth_date is None:
        # The form has no field for a birth date known only to the year or month (an import's
        # 1948年): a correction that gives no whole day keeps what the original knew.
        record.birth_date_partial = original.birth_date_partial
    record.source = original.source
    record.record_id = original.record_id
    record.supersedes_id = original.id
    record.correction_reason = reason
    record.created_by_id = actor.id
    session.add(record)
    session.flush()
    write_audit(
        session,
        actor=actor,
        action=AuditAction.RECORD_CORRECTED,
        area_code=original.village_code,
        target_type="record",
        target_id=record.id,
        detail={"supersedes": original.id, "fields": changed},
        ip_address=ip,
    )
    return record


def get_record(session: Session, record_pk: int, *, area_code: str) -> Record:
    """The ledger entry with this primary key, if it lies inside ``area_code``.

    Raises:
        NotFoundError: no such entry, or it belongs to another area. Both give the same answer,
            so a user cannot probe which ids exist elsewhere.
    """
    record = session.get(Record, record_pk)
    if record is None or not is_within(record.village_code, area_code):
        raise NotFoundError(f"没有编号为 {record_pk} 的记录 / no record with id {record_pk}")
    return record


def record_history(session: Session, record: Record) -> list[Record]:
    """Every entry of ``record``'s chain, oldest first; the last one is the current state."""
    query = (
        select(Record)
        .where(Record.source == record.source, Record.record_id == record.record_id)
        .order_by(Record.id)
    )
    return list(session.scalars(query))


def current_records(*, area_code: str) -> Select[Record]:
    """A query for the current entries (those nothing supersedes) inside ``area_code``."""
    return select(Record).where(in_area(Record.village_code, area_code), IS_CURRENT)


def current_entry_ids(
    session: Session, *, area_code: str, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """The id of the current entry of each ``(source, record_id)`` in ``keys`` that lies inside
    ``area_code`` (keys without one are left out). Each key is looked up in the
    ``(source, record_id)`` index, so the answer costs the same in any size of ledger."""
    wanted = set(keys)
    if not wanted:
        return {}
    query = current_records(area_code=area_code).where(
        or_(*(and_(Record.source == s, Record.record_id == r) for s, r in sorted(wanted)))
    )
    return {(e.source, e.record_id): e.id for e in session.scalars(query)}


def list_records(
    session: Session,
    *,
    area_code: str,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    event: EventType | None = None,
    village_code: str | None = None,
    after: str | None = None,
    before: str | None = None,
) -> Page[Record]:
    """Current entries inside ``area_code``, newest first, one page at a time (``after`` and
    ``before``: the cursors of a page's links, :func:`~hedui.store.pagination.keyset_paginate`);
    the total is summed from :mod:`~hedui.store.record_tallies`, not counted."""
    query = current_records(area_code=area_code)
    if event is not None:
        query = query.where(Record.event == event)
    if village_code:
        query = query.where(in_area(Record.village_code, village_code))
    keys = [(Record.created_at, True), (Record.id, True)]
    return keyset_paginate(
        session,
        query,
        keys,
        page,
        per_page,
        after=after,
        before=before,
        total=current_entries(session, area_code, event=event, village_code=village_code),
    )


def _is_current(session: Session, record: Record) -> bool:
    newer = select(Record.id).where(Record.supersedes_id == record.id)
    return session.scalar(newer) is None
