"""Conflicts: records of one cluster that disagree on birth date, sex, name or ID.

Linkage puts records in one cluster when the evidence as a whole says they describe the same
person and event, which tolerates a wrong digit or a homophone. Reconciliation then lists the
fields that still disagree, because one of the sources holds a wrong value that someone should
correct. The values compared are the prepared ones from ``records.parquet``: birth date and sex
completed from a valid ID, names in one character form (traditional and simplified agree),
IDs converted to 18 digits; missing values and newborn placeholder names never conflict.

A newborn's names are the exception: a child named 朱诗萱 on the hospital's certificate and
朱若汐 in the police register, the same surname and no syllable of the given name in common, was
renamed by the family before the registration — a legitimate variant, not a typing error (a
homophone, a dialect sound or a look-alike character keeps a syllable or the sound). Such a
birth is no name conflict (:func:`renamed_newborn`); measured on the independent generator's
county, these were 10 of the 16 name conflicts that were not real (``docs/cases.md``).

For each conflict the finding says which value most *sources* hold (a source with two records
counts once per value); when no value is held by more sources than every other, there is no
majority and the explanation says so.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from hedui.identity.names import name_keys
from hedui.reconcile.findings import SOURCE_LABELS_ZH, Finding, make_finding
from hedui.reconcile.summary import cluster_summary

__all__ = [
    "CONFLICT_FIELDS",
    "conflict_kind",
    "find_conflicts",
    "majority_value",
    "renamed_newborn",
]

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


def _given_syllables(name: str) -> tuple[str, frozenset[str]] | None:
    """The surname and the toneless syllables of the given name, ``None`` for no name."""
    keys = name_keys(name)
    if keys is None:
        return None
    syllables = [s.rstrip("012345") for s in keys.pinyin_tone.split()]
    return keys.surname, frozenset(syllables[len(keys.surname) :])


def renamed_newborn(names: set[str]) -> bool:
    """Whether a newborn's differing ``names`` read as a renaming, not a mistake.

    True when every name has the same surname and no two given names share a syllable.

    >>> renamed_newborn({"朱诗萱", "朱若汐"}), renamed_newborn({"王明", "王鸣"})
    (True, False)
    """
    read = [_given_syllables(n) for n in names]
    if len(read) < 2 or any(r is None for r in read):
        return False
    parts = [r for r in read if r is not None]
    if len({surname for surname, _ in parts}) != 1:
        return False
    return all(not (a[1] & b[1]) for i, a in enumerate(parts) for b in parts[i + 1 :])


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


def _field_findings(
    disputed: pl.DataFrame, summary: pl.DataFrame, field: str
) -> list[tuple[int, Finding]]:
    rows = (
        disputed.group_by("cluster")
        .agg("source", "record_id", pl.col(_COLUMN[field]).alias("value"))
        .join(summary, on="cluster", how="left")
    )
    findings: list[tuple[int, Finding]] = []
    for row in rows.iter_rows(named=True):
        held: dict[str, set[str]] = {}
        for source, value in zip(row["source"], row["value"], strict=True):
            held.setdefault(str(source), set()).add(str(value))
        names = {v for values in held.values() for v in values}
        if field == "name" and row["event"] == "birth" and renamed_newborn(names):
            continue
        finding = make_finding(
            conflict_kind(field),
            str(row["event"]),
            str(row["village_code"]),
            list(zip(row["source"], row["record_id"], strict=True)),
            _explain(field, held, majority_value(held)),
            field=field,
            values={s: "/".join(sorted(v)) for s, v in held.items()},
            event_date=row["event_date"],
        )
        findings.append((int(row["cluster"]), finding))
    return findings


def find_conflicts(records: pl.DataFrame) -> list[Finding]:
    """Findings for every cluster whose records disagree on one of :data:`CONFLICT_FIELDS`.

    Clusters that disagree are found column-wise; only those become Python objects.

    Args:
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.

    Returns:
        One finding per cluster and disagreeing field, in cluster order (fields in the order
        of :data:`CONFLICT_FIELDS` within a cluster).
    """
    columns = list(_COLUMN.values())
    valued = [pl.col(c).is_not_null() & (pl.col(c) != "") for c in columns]
    # Values are compared through their 64-bit hashes: min ≠ max on integers is many times
    # faster than on strings, and a collision could only hide a conflict, never invent one.
    spread = (
        records.lazy()
        .select(
            "cluster",
            *[
                pl.when(v).then(pl.col(c).hash()).alias(c)
                for c, v in zip(columns, valued, strict=True)
            ],
        )
        .group_by("cluster")
        .agg(*[(pl.col(c).min() != pl.col(c).max()).alias(c) for c in columns])
        .filter(pl.any_horizontal(columns))
        .collect()
    )
    involved = records.join(spread.select("cluster"), on="cluster", how="semi")
    summary = cluster_summary(involved, spread.get_column("cluster")).select(
        "cluster", "event", "village_code", "event_date"
    )
    disputed = {
        field: involved.filter(v).join(
            spread.filter(pl.col(column)).select("cluster"), on="cluster", how="semi"
        )
        for (field, column), v in zip(_COLUMN.items(), valued, strict=True)
    }
    found = [f for field, d in disputed.items() for f in _field_findings(d, summary, field)]
    rank = {field: i for i, field in enumerate(CONFLICT_FIELDS)}
    found.sort(key=lambda pair: (pair[0], rank[pair[1].field or ""]))
    return [finding for _, finding in found]
