"""Missing in a source: an event some sources recorded and another, expected to, did not.

Each event type is the business of certain offices. A birth should appear in the village
ledger, the township database, the hospital's birth certificates and the police household
register; when the hospital and the village know a child the police register does not, the
child may be unregistered and the family may need help to register. A death in the ledger but
not in the township database means one of the two records needs checking.

| event | expected sources |
|---|---|
| birth | village_ledger, township_db, health_births, police_hukou |
| death | village_ledger, township_db, police_hukou |
| marriage, divorce | village_ledger, township_db, civil_marriages |
| move_in, move_out | village_ledger, township_db, police_hukou |

Only sources present in the link run count: if no file of a source was linked, its absence
says nothing about any one event. A cluster holding both halves of a move within the county is
one move, but each half is checked on its own: the old village's move-out in its ledger,
township and police records, the new village's move-in in theirs. ``resident`` records have
no expected set (a resident list is a snapshot, not an event).
"""

from __future__ import annotations

import polars as pl

from hedui.reconcile.findings import EVENT_LABELS_ZH, SOURCE_LABELS_ZH, Finding, make_finding
from hedui.reconcile.summary import cluster_summary

__all__ = ["EXPECTED_SOURCES", "find_missing", "missing_kind"]

EXPECTED_SOURCES: dict[str, tuple[str, ...]] = {
    "birth": ("village_ledger", "township_db", "health_births", "police_hukou"),
    "death": ("village_ledger", "township_db", "police_hukou"),
    "marriage": ("village_ledger", "township_db", "civil_marriages"),
    "divorce": ("village_ledger", "township_db", "civil_marriages"),
    "move_in": ("village_ledger", "township_db", "police_hukou"),
    "move_out": ("village_ledger", "township_db", "police_hukou"),
}
"""The sources expected to hold each event type (see the module docstring)."""


def missing_kind(event: str, source: str) -> str:
    """Finding kind of an ``event`` absent from ``source``: ``birth_missing_in_police_hukou``."""
    return f"{event}_missing_in_{source}"


def _explain(event: str, holders: list[str], source: str) -> tuple[str, str]:
    held_zh = "、".join(SOURCE_LABELS_ZH.get(s, s) for s in holders)
    event_zh = EVENT_LABELS_ZH.get(event, event)
    zh = (
        f"这条{event_zh}记录见于{held_zh}，但{SOURCE_LABELS_ZH.get(source, source)}中没有找到"
        f"对应记录。请核对该来源是否漏登，或其他来源的记录是否有误。"
    )
    en = (
        f"This {event} is recorded in {', '.join(holders)} but no matching record was found "
        f"in {source}. Please check whether {source} is missing the record or whether the "
        f"other records are wrong."
    )
    return zh, en


def find_missing(records: pl.DataFrame) -> list[Finding]:
    """Findings for every cluster lacking a record in a source expected to hold its event.

    The clusters lacking a source are found column-wise; only those become Python objects.

    Args:
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.

    Returns:
        One finding per cluster, event and absent source, in cluster order.
    """
    present = set(records.get_column("source").unique().to_list())
    checked = sorted({s for sources in EXPECTED_SOURCES.values() for s in sources} & present)
    # Per cluster and event: the two halves of a move within the county share a cluster, and
    # each half (the old village's move-out, the new village's move-in) is expected in full.
    held = (
        records.filter(pl.col("event").is_in(list(EXPECTED_SOURCES)))
        .group_by("cluster", "event")
        .agg(*[(pl.col("source") == s).any().alias(s) for s in checked])
    )
    lacking = [
        (pl.col("event") == event) & ~pl.col(source)
        for event, sources in EXPECTED_SOURCES.items()
        for source in sources
        if source in present
    ]
    if not lacking:
        return []
    wanted = held.filter(pl.any_horizontal(lacking)).select("cluster", "event")
    findings: list[Finding] = []
    for row in cluster_summary(records, wanted, per_event=True).iter_rows(named=True):
        event = str(row["event"])
        holders = [str(s) for s in row["sources"]]
        records_of = [(str(r["source"]), str(r["record_id"])) for r in row["records"]]
        for source in EXPECTED_SOURCES[event]:
            if source in present and source not in holders:
                findings.append(
                    make_finding(
                        missing_kind(event, source),
                        event,
                        str(row["village_code"]),
                        records_of,
                        _explain(event, holders, source),
                        values={s: "present" for s in holders},
                        event_date=row["event_date"],
                    )
                )
    return findings
