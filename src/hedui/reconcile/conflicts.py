"""Conflicts: records of one cluster that disagree on birth date, sex, name or ID.

Linkage puts records in one cluster when the evidence as a whole says they describe the same
person and event, which tolerates a wrong digit or a homophone. Reconciliation then lists the
fields that still disagree, because one of the sources holds a wrong value that someone should
correct. The values compared are the prepared ones from ``records.parquet``: birth date and sex
completed from a valid ID, names in one character form (traditional and simplified agree),
IDs converted to 18 digits; missing values and newborn placeholder names never conflict.

For each conflict the finding says which value most *sources* hold (a source with two records
counts once per value); when no value is held by more sources than every other, there is no
majority and the explanation says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import groupby

import polars as pl

from hedui.reconcile.findings import SOURCE_LABELS_ZH, Finding, make_finding, village_of

__all__ = ["CONFLICT_FIELDS", "conflict_kind", "find_conflicts", "majority_value"]

CONFLICT_FIELDS: dict[str, tuple[str, str]] = {
    "birth_date": ("出生日期", "birth date"),
    "sex": ("性别", "sex"),
    "name": ("姓名", "name"),
    "id_number": ("身份证号", "ID number"),
}
"""Compared fields with their Chinese and English labels."""

_COLUMN = {"birth_date": "birth_date", "sex": "sex", "name": "name_norm", "id_number": "id18"}


def conflict_kind(field: str) -> str:
    """Finding kind for a conflict on ``field``, e.g. ``sex_conflict``."""
    return f"{field}_conflict"


def majority_value(values_by_source: dict[str, set[str]]) -> str | None:
    """The value held by strictly more sources than any other, or ``None`` on a tie.

    >>> majority_value({"a": {"1"}, "b": {"1"}, "c": {"2"}})
    '1'
    """
    counts = Counter(v for values in values_by_source.values() for v in values)
    ranked = counts.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _explain(field: str, held: dict[str, set[str]], majority: str | None) -> tuple[str, str]:
    label_zh, label_en = CONFLICT_FIELDS[field]
    listed_zh = "；".join(
        f"{SOURCE_LABELS_ZH.get(s, s)}为“{'/'.join(sorted(v))}”" for s, v in sorted(held.items())
    )
    listed_en = "; ".join(f"{s} has {'/'.join(sorted(v))}" for s, v in sorted(held.items()))
    if majority is None:
        tail_zh, tail_en = "各来源票数相同，无法判断哪个正确。", "No value is held by a majority."
    else:
        tail_zh = f"多数来源记为“{majority}”。"
        tail_en = f"Most sources hold {majority}."
    zh = f"同一人的记录{label_zh}不一致：{listed_zh}。{tail_zh}请核对原始登记并更正有误的记录。"
    en = (
        f"The records of one person disagree on {label_en}: {listed_en}. {tail_en} "
        f"Please check the original registrations and correct the wrong record."
    )
    return zh, en


def _cluster_findings(rows: list[dict[str, str | None]]) -> Iterator[Finding]:
    event = str(rows[0]["event"])
    village = village_of(rows)
    for field, column in _COLUMN.items():
        held: dict[str, set[str]] = {}
        involved: list[tuple[str, str]] = []
        for row in rows:
            value = row[column]
            if value:
                held.setdefault(str(row["source"]), set()).add(str(value))
                involved.append((str(row["source"]), str(row["record_id"])))
        if len({v for values in held.values() for v in values}) < 2:
            continue
        majority = majority_value(held)
        yield make_finding(
            conflict_kind(field),
            event,
            village,
            involved,
            _explain(field, held, majority),
            field=field,
            values={s: "/".join(sorted(v)) for s, v in held.items()},
        )


def find_conflicts(records: pl.DataFrame) -> list[Finding]:
    """Findings for every cluster whose records disagree on one of :data:`CONFLICT_FIELDS`.

    Args:
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.

    Returns:
        One finding per cluster and disagreeing field, in cluster order.
    """
    findings: list[Finding] = []
    for _, group in groupby(records.iter_rows(named=True), key=lambda r: r["cluster_id"]):
        rows = list(group)
        if len(rows) > 1:
            findings.extend(_cluster_findings(rows))
    return findings
