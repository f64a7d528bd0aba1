"""A case's records side by side, and why linkage put them together.

The case page shows one column per record and one row per field, so the field on which the
sources disagree stands out (it is highlighted). Values are shown as the reconciliation run saw
them (:attr:`~hedui.store.cases.CaseRecord.snapshot`), with ID numbers masked as everywhere.

The link explanation comes from the run's own link directory (``hedui.linkage.explain``): for
each pair of the case's records, each field's agreement level and weight. Only pairs *within*
the case are shown: a record's other candidates may lie in villages the reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hedui.errors import HeduiError
from hedui.linkage.explain import PairExplanation, explain_record
from hedui.sources.schema import CANONICAL_COLUMNS
from hedui.store.cases import Case, CaseRecord, ReconcileRun
from hedui.web.case_labels import mask_ids

__all__ = ["ComparedField", "LinkedPair", "compare_records", "link_pairs"]

_HIDDEN = {"source", "record_id"}
_ID_FIELDS = {"id_number", "mother_id_number", "spouse_id_number"}


@dataclass(frozen=True)
class ComparedField:
    """One row of the side-by-side table: a field's value in each record."""

    name: str
    values: list[str]
    differs: bool


@dataclass(frozen=True)
class LinkedPair:
    """Two of the case's records as linkage scored them (values masked)."""

    left: tuple[str, str]
    right: tuple[str, str]
    probability: float
    linked: bool
    fields: list[tuple[str, str, float, str, str]]
    """``(comparison, level, weight, left value, right value)`` per comparison."""


def compare_records(records: list[CaseRecord]) -> list[ComparedField]:
    """The fields of ``records`` as rows, canonical fields first; differing ones flagged.

    A field blank in some records and equal in the others does not count as differing: a
    source that does not record mothers has no opinion on the mother's name.
    """
    snapshots = [record.snapshot or {} for record in records]
    present = {key for snapshot in snapshots for key, value in snapshot.items() if value}
    names = [c for c in CANONICAL_COLUMNS if c in present and c not in _HIDDEN]
    names += sorted(present - set(names) - _HIDDEN)
    rows = []
    for name in names:
        raw = [_text(snapshot.get(name)) for snapshot in snapshots]
        differs = len({value for value in raw if value}) > 1
        shown = [mask_ids(value) if name in _ID_FIELDS else value for value in raw]
        rows.append(ComparedField(name=name, values=shown, differs=differs))
    return rows


def link_pairs(session: Session, case: Case, records: list[CaseRecord]) -> list[LinkedPair] | None:
    """How linkage scored each pair of the case's records, or ``None`` when it cannot tell.

    ``None`` when the run's link directory is gone (moved, cleaned up) or the run was not
    made from one; an empty list when the case has a single record.
    """
    run_id = case.last_seen_run
    run = session.get(ReconcileRun, int(run_id)) if run_id.isdigit() else None
    if run is None or not Path(run.link_dir, "clusters.csv").is_file():
        return None
    keys = {(r.source, r.record_id) for r in records}
    pairs: list[LinkedPair] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for record in records:
        try:
            explanation = explain_record(run.link_dir, record.source, record.record_id, limit=50)
        except (HeduiError, OSError):
            return None
        for pair in explanation.pairs:
            other = (pair.other_source, pair.other_record_id)
            key = frozenset({(record.source, record.record_id), other})
            if other in keys and key not in seen:
                seen.add(key)
                pairs.append(_pair((record.source, record.record_id), pair))
    return pairs


def _pair(me: tuple[str, str], pair: PairExplanation) -> LinkedPair:
    return LinkedPair(
        left=me,
        right=(pair.other_source, pair.other_record_id),
        probability=pair.match_probability,
        linked=pair.linked,
        fields=[
            (f.comparison, f.level, f.weight, mask_ids(f.left), mask_ids(f.right))
            for f in pair.fields
        ],
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)
