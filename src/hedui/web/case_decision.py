"""The top of a case page: who it is about, and what the sources say where they disagree.

A clerk deciding a case on a phone needs three things before anything else: whose records
these are, what each source says on the point in question, and which record to correct. The
full side-by-side table (:func:`hedui.web.case_compare.compare_records`) holds every field;
this module picks from it the case's own field (``Case.field``: the name of a name conflict,
the ID number of an ID conflict), else the fields that differ, else — for a case about a
single record, a birth missing from one source — the few that identify the person. Records
that say the same are one row ("乡镇数据库、村台账"), and the rows that differ from what most
records say are marked.

ID numbers stay masked, but a masked number hides the very digits that differ
(``320*************54`` twice). :func:`marked_id` shows, in every row, the digits at the
positions where the numbers differ — except the two sequence digits no page shows
(:data:`hedui.identity.id_masking.PROTECTED_POSITIONS`) — so the difference can be seen.

Nothing here reveals more than the full table: it reads the same :class:`ComparedField` rows,
where a record outside the reader's area has ``None`` for what it may not show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hedui.identity.id_masking import PROTECTED_POSITIONS
from hedui.identity.resident_id import mask, normalize
from hedui.store.cases import CaseRecord
from hedui.web.case_compare import ID_FIELDS, CaseColumn, ComparedField

__all__ = ["CaseDecision", "DecisionRow", "case_decision", "marked_id"]

_IDENTIFYING = ("name", "id_number", "birth_date", "event_date")
"""What names the person of a single-record case, in this order."""
_NOT_THE_POINT = {"event", "event_date", "address", "recorded_date"}
"""Fields that differ between a person's records by nature (a move out and its move in)."""
_MOST_FIELDS = 2
"""A phone shows two short values beside the sources' names; more wait in the full table."""

Segments = list[tuple[str, bool]]
"""A value as ``(text, differs)`` pieces: the differing characters of an ID number marked."""


@dataclass(frozen=True)
class DecisionRow:
    """Records that give the same values: their sources, the values, whether they differ
    from what most records say, and the first ledger entry among them the reader may open."""

    sources: list[str]
    outside: bool
    values: list[Segments | None]
    odd: bool
    ledger_id: int | None = field(default=None)


@dataclass(frozen=True)
class CaseDecision:
    """What the top of the case page shows.

    Attributes:
        person: the person's name as most records inside the reader's area give it ("" when
            no such record names anyone).
        fields: the fields shown, by canonical name.
        differing: whether ``fields`` differ between the records (else they name the person).
        rows: one per distinct set of values, in the order the records first give them.
        correct_id: the ledger entry to correct first — in a row that differs from most, else
            the first the reader may open; ``None`` when there is none.
    """

    person: str
    fields: list[str]
    differing: bool
    rows: list[DecisionRow]
    correct_id: int | None


def case_decision(
    case_field: str | None,
    records: list[CaseRecord],
    columns: list[CaseColumn],
    compared: list[ComparedField],
    ledger: dict[tuple[str, str], int],
) -> CaseDecision:
    """The decision view of a case from its records, columns, compared fields and ledger."""
    by_name = {row.name: row for row in compared}
    differs = [row for row in compared if row.differs and row.name not in _NOT_THE_POINT]
    if case_field in by_name and by_name[case_field].differs:
        chosen = [by_name[case_field]]
    else:
        chosen = differs[:_MOST_FIELDS]
    differing = bool(chosen)
    if not chosen:
        chosen = [by_name[name] for name in _IDENTIFYING if name in by_name][:_MOST_FIELDS]
    raw = [[_raw(record, row.name) for row in chosen] for record in records]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for index, column in enumerate(columns):
        key = (
            tuple(
                None if row.values[index] is None else raw[index][k] for k, row in enumerate(chosen)
            ),
            column.inside,
        )
        groups.setdefault(key, []).append(index)
    said: Counter[tuple[Any, ...]] = Counter()
    for (values, _inside), members in groups.items():
        said[values] += len(members)
    most = max(said.values(), default=0)
    rows = []
    for (values, inside), members in groups.items():
        first = members[0]
        odd = differing and (said[values] < most or (most == 1 and len(said) > 1))
        openable = [ledger.get(columns[i].key) for i in members if columns[i].inside]
        rows.append(
            DecisionRow(
                sources=list(dict.fromkeys(columns[i].source for i in members)),
                outside=not inside,
                values=[
                    _segments(row.name, row.values[first], raw[first][k], [r[k] for r in raw])
                    for k, row in enumerate(chosen)
                ],
                odd=odd,
                ledger_id=next((i for i in openable if i is not None), None),
            )
        )
    first_odd = next((row.ledger_id for row in rows if row.odd and row.ledger_id), None)
    any_open = next((row.ledger_id for row in rows if row.ledger_id), None)
    return CaseDecision(
        person=_person(by_name.get("name"), columns),
        fields=[row.name for row in chosen],
        differing=differing,
        rows=rows,
        correct_id=first_odd or any_open,
    )


def marked_id(value: str, others: list[str]) -> Segments:
    """``value`` masked, with the characters shown and marked where it differs from ``others``
    (never a protected sequence digit); a number of another length is only masked."""
    text = normalize(value)
    protected = PROTECTED_POSITIONS.get(len(text), frozenset())
    differing = {
        position
        for other in others
        if len(normalize(other)) == len(text)
        for position, (a, b) in enumerate(zip(text, normalize(other), strict=True), start=1)
        if a != b and position not in protected
    }
    masked = mask(text)
    if len(masked) != len(text) or not differing:
        return [(masked, False)]
    segments: Segments = []
    for position, (shown, real) in enumerate(zip(masked, text, strict=True), start=1):
        piece, marked = (real, True) if position in differing else (shown, False)
        if segments and segments[-1][1] == marked:
            segments[-1] = (segments[-1][0] + piece, marked)
        else:
            segments.append((piece, marked))
    return segments


def _segments(name: str, shown: str | None, raw: str, all_raw: list[str]) -> Segments | None:
    if shown is None:
        return None
    if name in ID_FIELDS and raw:
        return marked_id(raw, [other for other in all_raw if other and other != raw])
    return [(shown, False)]


def _raw(record: CaseRecord, name: str) -> str:
    value = (record.snapshot or {}).get(name)
    return "" if value is None else str(value)


def _person(names: ComparedField | None, columns: list[CaseColumn]) -> str:
    if names is None:
        return ""
    inside = [
        value
        for value, column in zip(names.values, columns, strict=True)
        if value and column.inside
    ]
    if not inside:
        return ""
    return Counter(inside).most_common(1)[0][0]
