"""Turning a run's findings into cases: new ones opened, known ones carried over, some reopened.

Every finding carries a ``case_key`` (its kind and records, see
:func:`~hedui.store.cases.make_case_key`), so the same discrepancy found next month lands on
the same case. For each finding of run *N*:

* **a new key** opens a new case (status ``open``), with its records and a snapshot of each
  record as the run saw it, and a history row "opened by run N";
* **a case still being worked on** (open, assigned, verified) is *seen again*: its
  ``last_seen_run`` moves to *N*, nothing else changes;
* **a closed case** (resolved or dismissed) is *kept closed* when it was also seen in the
  previous run that covered its village: the finding never went away, because the sources
  simply have not been corrected yet or the discrepancy was rightly dismissed, and reopening
  it every month would undo people's decisions. Its ``last_seen_run`` moves to *N*;
* **a closed case that was absent** from at least one covering run since it was last seen, and
  is found again now, went away and came back: it is reopened as ``open`` with
  ``recurring = True`` and a history row saying so (and an audit entry).

Every case carries the ``priority`` of its kind (:func:`~hedui.store.cases.case_priority`) and
the :class:`~hedui.store.cases.CaseGroup` of its finding's ``person_key``: a group is created
the first time a person has a case, and a case found again under another person key (a record
corrected, two clusters merged) moves to that person's group.

"Covering" runs are the earlier runs whose area contains the case's village, so a township's
run does not count as an absence for the villages of another township. Re-running a run, or
running twice on the same data, opens nothing new.

The sync is built for a county's 100,000+ findings: one query loads the existing cases of the
run's area, and new cases, their records and history rows are inserted in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from hedui.store.areas import in_area, is_within
from hedui.store.audit import AuditAction, write_audit
from hedui.store.base import utcnow
from hedui.store.bulk import insert_columns
from hedui.store.case_tallies import count_inserted
from hedui.store.cases import (
    Case,
    CaseGroup,
    CaseHistory,
    CaseRecord,
    CaseStatus,
    ReconcileRun,
    case_priority,
)
from hedui.store.planner_statistics import analyse

__all__ = ["FindingLike", "SyncCounts", "known_case_keys", "sync_findings"]

_CLOSED = (CaseStatus.RESOLVED, CaseStatus.DISMISSED)
_IN_CHUNK = 500
_SQLITE_CACHE_KIB = -262_144  # negative: KiB, so 256 MB


class FindingLike(Protocol):
    """What the sync reads of a finding (:class:`hedui.reconcile.findings.Finding`)."""

    @property
    def kind(self) -> str: ...
    @property
    def case_key(self) -> str: ...
    @property
    def event(self) -> str: ...
    @property
    def village_code(self) -> str: ...
    @property
    def records(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def field(self) -> str | None: ...
    @property
    def values(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def explanation_zh(self) -> str: ...
    @property
    def explanation_en(self) -> str: ...
    @property
    def person_key(self) -> str | None: ...


@dataclass(frozen=True)
class SyncCounts:
    """What the sync did with a run's findings; ``case_ids`` maps each case key to its case."""

    new: int
    seen_again: int
    recurring: int
    kept_closed: int
    case_ids: dict[str, int]

    def to_dict(self) -> dict[str, int]:
        """The four counts (not the ids) as a JSON-ready dictionary."""
        return {
            "new": self.new,
            "seen_again": self.seen_again,
            "recurring": self.recurring,
            "kept_closed": self.kept_closed,
        }


@dataclass(frozen=True)
class _Known:
    id: int
    status: CaseStatus
    last_seen_run: str
    village_code: str
    group_id: int | None = None


def sync_findings(
    session: Session,
    findings: Iterable[FindingLike],
    *,
    run: ReconcileRun,
    snapshots: dict[tuple[str, str], dict[str, Any]],
) -> SyncCounts:
    """Open, carry over or reopen the cases of ``run``'s findings (see the module docstring).

    Args:
        session: The caller's session; nothing is committed.
        findings: The run's findings, all inside ``run.area_code``; a key given twice counts once.
        run: The run, already flushed (it needs its id).
        snapshots: Each involved record's fields as read, by ``(source, record_id)``; stored
            with the records of new cases.
    """
    unique = {f.case_key: f for f in findings}
    run_id = str(run.id)
    with _sqlite_tuned(session):
        known = _load_known(session, run.area_code, unique.keys())
        previous = _previous_runs(session, run)
        # New cases in key order: the unique index on case_key then grows at its end.
        new = sorted((f for key, f in unique.items() if key not in known), key=_key)
        seen_again: list[int] = []
        kept_closed: list[int] = []
        reopen: list[_Known] = []
        for key in sorted(unique.keys() & known.keys()):
            case = known[key]
            if case.status not in _CLOSED:
                seen_again.append(case.id)
            elif case.last_seen_run in (run_id, _covering(previous, case)):
                kept_closed.append(case.id)
            else:
                reopen.append(case)
        _touch(session, sorted(seen_again + kept_closed), run_id)
        _reopen(session, reopen, run)
        case_ids = {key: known[key].id for key in unique.keys() & known.keys()}
        groups = _group_ids(session, {f.person_key for f in unique.values() if f.person_key})
        _regroup(
            session,
            [
                (known[k], groups.get(unique[k].person_key or ""))
                for k in known.keys() & unique.keys()
            ],
        )
        case_ids.update(_insert_new(session, new, run, snapshots, groups))
        # Fresh statistics let the case list's queries pick their indexes: without them
        # SQLite sorted whole tables for a page of 25 (hedui.store.planner_statistics).
        analyse(session, ("cases", "case_history"))
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Case):
            session.expire(obj)
    return SyncCounts(
        new=len(new),
        seen_again=len(seen_again),
        recurring=len(reopen),
        kept_closed=len(kept_closed),
        case_ids=case_ids,
    )


def known_case_keys(session: Session, area_code: str) -> set[str]:
    """The keys of every case inside ``area_code``, in one query.

    A run reads record snapshots only for findings whose key is not among them: a case
    already open keeps the snapshots of the run that opened it.
    """
    return set(session.scalars(select(Case.case_key).where(in_area(Case.village_code, area_code))))


def _key(finding: FindingLike) -> str:
    return finding.case_key


@contextmanager
def _sqlite_tuned(session: Session) -> Iterator[bool]:
    """On SQLite, a page cache big enough for a county's case indexes while the sync runs.

    SQLite's default cache (2 MB) holds a fraction of the indexes of 100,000+ cases, so bulk
    inserts keep re-reading pages; the old size is restored afterwards on the pooled
    connection. Yields whether the database is SQLite.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield False
        return
    before = session.execute(text("PRAGMA cache_size")).scalar()
    session.execute(text(f"PRAGMA cache_size = {_SQLITE_CACHE_KIB}"))
    try:
        yield True
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(before or -2000)}"))


def _load_known(session: Session, area_code: str, keys: Iterable[str]) -> dict[str, _Known]:
    """The existing cases among ``keys``.

    One query loads every case of the run's area; the few keys not among them are looked up
    by key (a case can lie outside the area when its records' village was corrected since).
    """
    columns = select(
        Case.case_key, Case.id, Case.status, Case.last_seen_run, Case.village_code, Case.group_id
    )
    rows = list(session.execute(columns.where(in_area(Case.village_code, area_code))))
    known = {
        key: _Known(id_, status, last, village, group)
        for key, id_, status, last, village, group in rows
    }
    missing = [key for key in keys if key not in known]
    for start in range(0, len(missing), _IN_CHUNK):
        chunk = missing[start : start + _IN_CHUNK]
        for key, id_, status, last, village, group in session.execute(
            columns.where(Case.case_key.in_(chunk))
        ):
            known[key] = _Known(id_, status, last, village, group)
    return known


def _previous_runs(session: Session, run: ReconcileRun) -> list[tuple[str, str]]:
    """``(run id, area code)`` of the earlier runs, latest first."""
    query = (
        select(ReconcileRun.id, ReconcileRun.area_code)
        .where(ReconcileRun.id < run.id)
        .order_by(ReconcileRun.id.desc())
    )
    return [(str(id_), area) for id_, area in session.execute(query)]


def _covering(previous: Sequence[tuple[str, str]], case: _Known) -> str | None:
    """The id of the latest earlier run whose area contains the case's village."""
    return next((id_ for id_, area in previous if is_within(case.village_code, area)), None)


def _touch(session: Session, ids: list[int], run_id: str) -> None:
    """Move ``last_seen_run`` on, leaving ``updated_at`` alone: being found again is no news.

    Plain SQL on purpose: an ORM or Core update would also set ``updated_at`` (its
    ``onupdate``) and rewrite that index entry for every case of the county.
    """
    statement = text("UPDATE cases SET last_seen_run = :run_id WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for start in range(0, len(ids), _IN_CHUNK):
        session.execute(statement, {"run_id": run_id, "ids": ids[start : start + _IN_CHUNK]})


def _reopen(session: Session, cases: list[_Known], run: ReconcileRun) -> None:
    """Reopen closed cases whose finding came back, each with a history row and audit entry."""
    now = utcnow()
    for known in cases:
        case = session.get_one(Case, known.id)
        case.status = CaseStatus.OPEN
        case.recurring = True
        case.last_seen_run = str(run.id)
        case.assigned_to_id = None
        case.resolution_note = None
        case.right_source = None
        case.updated_at = now
        session.add(
            CaseHistory(
                case_id=case.id,
                actor_id=None,
                at=now,
                from_status=known.status,
                to_status=CaseStatus.OPEN,
                note=f"第 {run.id} 次核对中再次出现（此前已消失），重新打开 / "
                f"came back in reconcile run {run.id} after being absent: reopened as recurring",
            )
        )
        write_audit(
            session,
            actor=None,
            actor_username="(reconcile)",
            action=AuditAction.CASE_REOPENED,
            area_code=case.village_code,
            target_type="case",
            target_id=case.id,
            detail={"run_id": run.id, "from": known.status.value},
        )
    session.flush()


def _insert_new(
    session: Session,
    findings: list[FindingLike],
    run: ReconcileRun,
    snapshots: dict[tuple[str, str], dict[str, Any]],
    groups: dict[str, int],
) -> dict[str, int]:
    """Insert new cases, their records and their first history rows in bulk; return their ids.

    Plain executemany inserts, then one query for the new ids (by ``first_seen_run``): SQLite
    cannot return ids from a batched insert in parameter order without going row by row.
    """
    if not findings:
        return {}
    now = utcnow()
    run_id = str(run.id)
    insert_columns(
        session,
        Case,
        {
            "case_key": [f.case_key for f in findings],
            "kind": [f.kind for f in findings],
            "event": [f.event or None for f in findings],
            "field": [f.field for f in findings],
            "values": [dict(f.values) if f.values else None for f in findings],
            "village_code": [f.village_code for f in findings],
            "explanation_zh": [f.explanation_zh for f in findings],
            "explanation_en": [f.explanation_en for f in findings],
            "priority": [case_priority(f.kind) for f in findings],
            "group_id": [groups.get(f.person_key or "") for f in findings],
        },
        {
            "status": CaseStatus.OPEN,
            "period": run.period,
            "recurring": False,
            "first_seen_run": run_id,
            "last_seen_run": run_id,
            "created_at": now,
            "updated_at": now,
        },
    )
    count_inserted(session, ((f.village_code, f.kind, CaseStatus.OPEN.value) for f in findings))
    query = select(Case.case_key, Case.id).where(Case.first_seen_run == run_id)
    ids: dict[str, int] = {key: id_ for key, id_ in session.execute(query)}
    case_ids = [ids[f.case_key] for f in findings]
    pairs = [(case_id, r) for f, case_id in zip(findings, case_ids, strict=True) for r in f.records]
    insert_columns(
        session,
        CaseRecord,
        {
            "case_id": [case_id for case_id, _ in pairs],
            "source": [record[0] for _, record in pairs],
            "record_id": [record[1] for _, record in pairs],
            "snapshot": [snapshots.get(record) for _, record in pairs],
        },
    )
    insert_columns(
        session,
        CaseHistory,
        {"case_id": case_ids},
        {
            "actor_id": None,
            "at": now,
            "from_status": None,
            "to_status": CaseStatus.OPEN,
            "note": f"第 {run.id} 次核对发现 / opened by reconcile run {run.id}",
        },
    )
    return dict(zip((f.case_key for f in findings), case_ids, strict=True))


def _group_ids(session: Session, person_keys: set[str]) -> dict[str, int]:
    """The group of each person key, creating the groups not there yet (in bulk)."""
    wanted = sorted(person_keys)
    groups: dict[str, int] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        query = select(CaseGroup.person_key, CaseGroup.id).where(CaseGroup.person_key.in_(chunk))
        groups.update({key: id_ for key, id_ in session.execute(query)})
    new = [key for key in wanted if key not in groups]
    if new:
        insert_columns(session, CaseGroup, {"person_key": new}, {"created_at": utcnow()})
        for start in range(0, len(new), _IN_CHUNK):
            chunk = new[start : start + _IN_CHUNK]
            query = select(CaseGroup.person_key, CaseGroup.id).where(
                CaseGroup.person_key.in_(chunk)
            )
            groups.update({key: id_ for key, id_ in session.execute(query)})
    return groups


def _regroup(session: Session, cases: list[tuple[_Known, int | None]]) -> None:
    """Move the cases found again under another person to that person's group.

    Plain SQL, as :func:`_touch`: a change of group is no news to the case's ``updated_at``.
    """
    moved = [
        {"id": known.id, "group_id": group}
        for known, group in cases
        if group is not None and group != known.group_id
    ]
    if moved:
        session.execute(text("UPDATE cases SET group_id = :group_id WHERE id = :id"), moved)
