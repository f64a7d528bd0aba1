"""The seam where a new ledger entry is compared with what is already recorded.

A village ledger's worst error is the same birth written twice — by two clerks, or once at birth
and again at household registration — because it inflates every rate computed from the ledger.
Before saving, the web form asks :func:`find_possible_duplicates` and shows what it finds.

Two ways to look, and the web form uses both:

* :func:`find_possible_duplicates`, exact rules that need no model: the same event type and the
  same normalised ID number anywhere in the county; or the same event type, same name and the
  same birth date or mother's ID number, in the same village.
* :func:`find_candidates` gathers the entries worth scoring — the same event type in the same
  village, or with the same ID number or mother's ID number anywhere in the county — for the
  county's trained linkage model to score (:func:`hedui.linkage.pair_scores.score_against`),
  which sees through name spellings and transposed digits. :func:`recent_link_dirs` lists the
  latest reconciliation runs' link directories, where that model is kept
  (:func:`hedui.linkage.link_dir.kept_model`).

Every entry the exact rules find is also a candidate (the same ID number is a way of being one;
the same name in the same village shares the surname), so :func:`look_for_duplicates` asks
the database once, for the candidates, and applies the exact rules to them in Python
(:func:`exact_duplicates_among`) — unless the candidates were cut at :data:`MAX_CANDIDATES`,
when the rules' own query runs too. A save then reads its village once, not twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, and_, false, func, or_, select, union
from sqlalchemy.orm import Session

from hedui.store.cases import ReconcileRun
from hedui.store.ledger import current_records
from hedui.store.records import Record

__all__ = [
    "MAX_CANDIDATES",
    "DuplicateLookup",
    "exact_duplicates_among",
    "find_candidates",
    "find_possible_duplicates",
    "look_for_duplicates",
    "recent_link_dirs",
]

MAX_CANDIDATES = 300
"""At most this many entries are scored for one new entry (the newest first): a village records
a few dozen births a year, so this bounds the work without missing real candidates."""


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


def find_candidates(session: Session, record: Record) -> list[Record]:
    """Current entries a linkage model should score against ``record`` (newest first).

    The same event type, and either the same ID number or mother's ID number anywhere in the
    county, or, in the same village, something linkage would block on too: the same birth or
    event date, the same surname (first character) or the same mother's name. A village's
    hundreds of births a year would otherwise all be scored on every save. Never entries of
    ``record``'s own chain.
    """
    shared: list[ColumnElement[bool]] = []
    if record.birth_date:
        shared.append(Record.birth_date == record.birth_date)
    if record.event_date:
        shared.append(Record.event_date == record.event_date)
    if record.name:
        shared.append(func.substr(Record.name, 1, 1) == record.name[:1])
    if record.mother_name:
        shared.append(Record.mother_name == record.mother_name)
    # Each way of being a candidate is looked up by its own index (village, ID number,
    # mother's ID number) and the ids united: one query with OR across them read the whole
    # ledger (175 ms at a million entries).
    ways = [
        select(Record.id).where(
            Record.village_code == record.village_code,
            Record.event == record.event,
            or_(*shared) if shared else false(),
        )
    ]
    if record.id_number:
        ways.append(select(Record.id).where(Record.id_number == record.id_number))
    if record.mother_id_number:
        ways.append(select(Record.id).where(Record.mother_id_number == record.mother_id_number))
    candidates = union(*ways).subquery()
    query = (
        current_records(area_code=record.village_code[:6])
        .where(Record.event == record.event, Record.id.in_(select(candidates.c.id)))
        .order_by(Record.id.desc())
        .limit(MAX_CANDIDATES)
    )
    if record.record_id:
        query = query.where(Record.record_id != record.record_id)
    return list(session.scalars(query))


def exact_duplicates_among(record: Record, entries: list[Record]) -> list[Record]:
    """Those of ``entries`` that :func:`find_possible_duplicates`' rules match, oldest first.

    The same rules, in Python: the same event type, not of ``record``'s own chain, and the same
    ID number, or — in the same village — the same name and the same birth date or mother's ID
    number. A field missing from ``record`` matches nothing (as SQL's null equals nothing).
    """

    def matches(entry: Record) -> bool:
        if entry.event != record.event:
            return False
        if record.record_id and entry.record_id == record.record_id:
            return False
        if record.id_number and entry.id_number == record.id_number:
            return True
        return bool(
            record.name
            and entry.village_code == record.village_code
            and entry.name == record.name
            and (
                (record.birth_date is not None and entry.birth_date == record.birth_date)
                or (
                    bool(record.mother_id_number)
                    and entry.mother_id_number == record.mother_id_number
                )
            )
        )

    return sorted((entry for entry in entries if matches(entry)), key=lambda entry: entry.id)


@dataclass(frozen=True)
class DuplicateLookup:
    """What the ledger holds that may be ``record`` again.

    Attributes:
        exact: entries the exact rules match (:func:`find_possible_duplicates`), oldest first.
        candidates: entries a linkage model should score (:func:`find_candidates`), newest
            first.
    """

    exact: list[Record]
    candidates: list[Record]


def look_for_duplicates(session: Session, record: Record) -> DuplicateLookup:
    """The exact duplicates and the model's candidates of ``record``, in one look-up when the
    candidates are not cut at :data:`MAX_CANDIDATES` (see the module's note)."""
    candidates = find_candidates(session, record)
    if len(candidates) < MAX_CANDIDATES:
        exact = exact_duplicates_among(record, candidates)
    else:
        exact = find_possible_duplicates(session, record)
    return DuplicateLookup(exact=exact, candidates=candidates)


def recent_link_dirs(session: Session, limit: int = 20) -> list[Path]:
    """The link directories of the newest reconciliation runs, newest first."""
    link_dirs = session.scalars(
        select(ReconcileRun.link_dir).order_by(ReconcileRun.id.desc()).limit(limit)
    )
    return [Path(link_dir) for link_dir in link_dirs]
