"""A case's records side by side, and why linkage put them together.

The case page shows one column per record and one row per field, so the field on which the
sources disagree stands out (it is highlighted). Values are shown as the reconciliation run saw
them (:attr:`~hedui.store.cases.CaseRecord.snapshot`), with ID numbers masked as everywhere.

A case can span areas: a birth recorded in one village's ledger and, with another address, in
the police register of another township. A record whose village lies outside the reader's area
is shown only as far as the case needs: its source, its village and the values of the fields
on which the records differ — never its record number, name, birth date or address when those
agree (the case is not about them), and never its free-text address (the village code says
where it is). Its ledger entry cannot be opened and its ID number cannot be revealed.

Where ID numbers differ, :func:`id_comparisons` says at which positions and with which digits
(:func:`hedui.identity.id_masking.id_differences`), without the two sequence digits that would
let a reader rebuild a masked number.

The link explanation comes from the run's own link directory (``hedui.linkage.explain``): for
each pair of the case's records, each field's agreement level and weight. Only pairs *within*
the case are shown: a record's other candidates may lie in villages the reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hedui.errors import HeduiError
from hedui.identity.id_masking import IdDifference, id_differences
from hedui.identity.resident_id import mask
from hedui.linkage.explain import PairExplanation, explain_pairs
from hedui.linkage.link_dir import LinkDir
from hedui.reconcile.case_export import record_village
from hedui.sources.schema import CANONICAL_COLUMNS
from hedui.store.areas import is_within
from hedui.store.cases import Case, CaseRecord, ReconcileRun
from hedui.web.case_labels import mask_ids

__all__ = [
    "ID_FIELDS",
    "CaseColumn",
    "ComparedField",
    "IdComparison",
    "LinkedPair",
    "case_columns",
    "compare_records",
    "id_comparisons",
    "link_pairs",
]

_HIDDEN = {"source", "record_id"}
ID_FIELDS = ("id_number", "mother_id_number", "spouse_id_number")
_ALWAYS_SHOWN = {"event", "address_code"}
"""Fields of another area's record shown even when they agree: what kind of record, where."""
_NEVER_SHOWN_OUTSIDE = {"address"}
"""Free text about another area's household; its village code stands for it."""


@dataclass(frozen=True)
class CaseColumn:
    """One record of the case as a column head.

    Attributes:
        source: the record's source.
        record_id: its number in the source, or ``None`` for a record outside the reader's area.
        village: the village the record is filed under (its ``address_code``, else the case's).
        inside: whether the village lies inside the reader's area.
    """

    source: str
    record_id: str | None
    village: str
    inside: bool

    @property
    def key(self) -> tuple[str, str]:
        """``(source, record_id)``, empty record id outside the area."""
        return (self.source, self.record_id or "")


@dataclass(frozen=True)
class IdComparison:
    """Where one record's ID number differs from the first record's, in one ID field."""

    field: str
    left: CaseColumn
    right: CaseColumn
    left_masked: str
    right_masked: str
    difference: IdDifference


@dataclass(frozen=True)
class ComparedField:
    """One row of the side-by-side table: a field's value in each record (``None``: not shown,
    the record lies outside the reader's area and the case does not need the value)."""

    name: str
    values: list[str | None]
    differs: bool


@dataclass(frozen=True)
class LinkedPair:
    """Two of the case's records as linkage scored them (values masked)."""

    left: tuple[str, str]
    right: tuple[str, str]
    probability: float
    linked: bool
    fields: list[tuple[str, str, float]]
    """``(comparison, level, weight)`` per comparison, in model order (the values are the case's
    own records', shown beside them)."""


def case_columns(records: list[CaseRecord], case: Case, area_code: str) -> list[CaseColumn]:
    """The case's records as column heads, each marked inside or outside ``area_code``."""
    columns = []
    for record in records:
        village = record_village(record, case.village_code)
        inside = is_within(village, area_code)
        columns.append(
            CaseColumn(record.source, record.record_id if inside else None, village, inside)
        )
    return columns


def compare_records(
    records: list[CaseRecord], columns: list[CaseColumn] | None = None
) -> list[ComparedField]:
    """The fields of ``records`` as rows, canonical fields first; differing ones flagged.

    A field blank in some records and equal in the others does not count as differing: a
    source that does not record mothers has no opinion on the mother's name. A record outside
    the reader's area (per ``columns``; all inside when ``None``) shows only its village, the
    event and the fields that differ; its other values are ``None`` (not shown).
    """
    snapshots = [record.snapshot or {} for record in records]
    inside = [c.inside for c in columns] if columns is not None else [True] * len(records)
    present = {key for snapshot in snapshots for key, value in snapshot.items() if value}
    names = [c for c in CANONICAL_COLUMNS if c in present and c not in _HIDDEN]
    names += sorted(present - set(names) - _HIDDEN)
    rows = []
    for name in names:
        raw = [_text(snapshot.get(name)) for snapshot in snapshots]
        differs = len({value for value in raw if value}) > 1
        masked = [mask_ids(value) if name in ID_FIELDS else value for value in raw]
        shown: list[str | None] = [
            value if here or _shown_outside(name, differs) else None
            for value, here in zip(masked, inside, strict=True)
        ]
        if any(value is not None for value in shown):
            rows.append(ComparedField(name=name, values=shown, differs=differs))
    return rows


def _shown_outside(name: str, differs: bool) -> bool:
    """Whether another area's record shows field ``name``."""
    if name in _NEVER_SHOWN_OUTSIDE:
        return False
    return name in _ALWAYS_SHOWN or differs


def id_comparisons(records: list[CaseRecord], columns: list[CaseColumn]) -> list[IdComparison]:
    """For each ID field on which the records differ: each record against the first to hold one.

    Only the positions and the digits that may be shown (see
    :func:`hedui.identity.id_masking.id_differences`); the numbers themselves stay masked.
    """
    comparisons = []
    for field in ID_FIELDS:
        held = [
            (column, _text((record.snapshot or {}).get(field)))
            for record, column in zip(records, columns, strict=True)
        ]
        held = [(column, value) for column, value in held if value]
        if len({value for _, value in held}) < 2:
            continue
        (first, reference), *others = held
        for column, value in others:
            if value != reference:
                comparisons.append(
                    IdComparison(
                        field,
                        first,
                        column,
                        mask(reference),
                        mask(value),
                        id_differences(reference, value),
                    )
                )
    return comparisons


def link_pairs(
    session: Session,
    case: Case,
    records: list[CaseRecord],
    columns: list[CaseColumn] | None = None,
) -> list[LinkedPair] | None:
    """How linkage scored each pair of the case's records, or ``None`` when it cannot tell.

    ``None`` when the run's link directory is gone (moved, cleaned up) or the run was not
    made from one; an empty list when the case has a single record. A record outside the
    reader's area (``columns``) is named by its source alone, as in the side-by-side table.
    """
    outside = {
        (record.source, record.record_id)
        for record, column in zip(records, columns or [], strict=False)
        if not column.inside
    }
    run_id = case.last_seen_run
    run = session.get(ReconcileRun, int(run_id)) if run_id.isdigit() else None
    if run is None:
        return None
    try:
        link = LinkDir.open(run.link_dir)  # its check is kept per version of the files
        # Levels and weights only: the page shows the values of the case's own records.
        scored = explain_pairs(link, [(r.source, r.record_id) for r in records], values=False)
    except (HeduiError, OSError):  # purged after its retention period, moved, or rewritten
        return None
    return [_pair(mine, pair, outside) for mine, pair in scored]


def _pair(me: tuple[str, str], pair: PairExplanation, outside: set[tuple[str, str]]) -> LinkedPair:
    other = (pair.other_source, pair.other_record_id)
    return LinkedPair(
        left=me if me not in outside else (me[0], ""),
        right=other if other not in outside else (other[0], ""),
        probability=pair.match_probability,
        linked=pair.linked,
        fields=[(f.comparison, f.level, f.weight) for f in pair.fields],
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)
