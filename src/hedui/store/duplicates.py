"""The seam where a new ledger entry is compared with what is already recorded.

A village ledger's worst error is the same birth written twice — by two clerks, or once at birth
and again at household registration — because it inflates every rate computed from the ledger.
Before saving, the web form asks :func:`find_possible_duplicates` and shows what it finds.

The rules here are deliberately simple and exact; the linkage package can later back this same
function with its probabilistic comparisons (name spellings, transposed digits) without any
caller changing:

* same event type and the same normalised ID number, anywhere in the county; or
* same event type, same name and the same birth date or mother's ID number, in the same village.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_
from sqlalchemy.orm import Session

from hedui.store.ledger import current_records
from hedui.store.records import Record

__all__ = ["find_possible_duplicates"]


def find_possible_duplicates(session: Session, record: Record) -> list[Record]:
    """Current entries that may describe the same event as ``record`` (which may be unsaved).

    Entries of ``record``'s own chain (the entry a correction supersedes) are not duplicates of
    it. The result is not scoped: the caller decides what of another village it may show.

    Args:
        session: An open session.
        record: The entry about to be saved; ``event`` and ``village_code`` must be set.

    Returns:
        Matching entries, oldest first.
    """
    by_id: ColumnElement[bool] = (
        Record.id_number == record.id_number if record.id_number else false()
    )
    same_person_here: ColumnElement[bool] = false()
    if record.name and (record.birth_date or record.mother_id_number):
        same_person_here = and_(
            Record.village_code == record.village_code,
            Record.name == record.name,
            or_(
                Record.birth_date == record.birth_date if record.birth_date else false(),
                Record.mother_id_number == record.mother_id_number
                if record.mother_id_number
                else false(),
            ),
        )
    query = (
        current_records(area_code=record.village_code[:6])
        .where(Record.event == record.event, or_(by_id, same_person_here))
        .order_by(Record.id)
    )
    if record.record_id:
        query = query.where(Record.record_id != record.record_id)
    return list(session.scalars(query))
