"""Migration mismatch: a move between villages of the county with only one half recorded.

A move from village A to village B is two events — a move-out of A and a move-in to B, usually
days apart — and each village books its half. When one half is missing, the person is counted
in neither village or in both. Moves to and from other counties are normal and have only one
half here, so the rule must tell them apart; the sources carry no destination or origin, so it
does so from the rest of the county's records:

1. **Matching.** A move-out and a move-in *match* when they are the same person — the same
   valid 18-digit ID, or the same normalised name and birth date unless both records carry
   valid IDs that differ (namesakes) — and their dates lie within the window
   (:attr:`ReconcileOptions.migration_window_days`, 30 days) of each other.
2. **Still in the county.** An unmatched move-out of village A is a finding only when a record
   other than a move (a resident list, a death, a marriage) shows the same person in *another*
   village of the county: the person did not leave the county, the move-in to that village is
   missing. Someone who left the county appears in no other village.
3. **Came from within.** An unmatched move-in to village B is a finding only when a record
   other than a move shows the same person in another village: the old village's list still
   holds them because its move-out was never booked. Someone arriving from another county
   appears in no other village.

Records of the same move (one cluster) count once; the finding lists the move's records and
the records that place the person in the other village. Evaluated on synthetic counties
against ``truth_events.csv`` (``within_county``): see ``docs/reconcile.md``.
"""

from __future__ import annotations

import polars as pl

from hedui.reconcile.findings import Finding, make_finding
from hedui.reconcile.options import ReconcileOptions

__all__ = ["MIGRATION_KINDS", "find_migration_mismatches", "unmatched_moves"]

MIGRATION_KINDS = {
    "move_out": "move_out_without_move_in",
    "move_in": "move_in_without_move_out",
}
"""Finding kind per event of the unmatched half."""

_MOVES = list(MIGRATION_KINDS)


def _person_keys(records: pl.DataFrame) -> pl.DataFrame:
    """``(row, key)`` per record: its valid ID and its name + birth date, where known.

    ``pid`` keeps the valid ID beside every key, so that two records with the same name and
    birth date but different valid IDs — namesakes, common in a county of a million — are
    not taken for one person (see :func:`_same_person`).
    """
    pid = pl.when(pl.col("id_valid").fill_null(False)).then(pl.col("id18")).alias("pid")
    by_id = records.filter(pl.col("id_valid").fill_null(False)).select(
        "row", (pl.lit("id:") + pl.col("id18")).alias("key"), pid
    )
    by_name = records.filter(
        pl.col("name_norm").is_not_null() & pl.col("birth_date").is_not_null()
    ).select(
        "row",
        (pl.lit("nb:") + pl.col("name_norm") + "|" + pl.col("birth_date")).alias("key"),
        pid,
    )
    return pl.concat([by_id, by_name]).join(
        records.select("row", "cluster", "event", "village_code", "event_date"), on="row"
    )


def _same_person(suffix: str) -> pl.Expr:
    """After a join on the key: the two IDs agree, or one side has no valid ID."""
    other = pl.col(f"pid{suffix}")
    return pl.col("pid").is_null() | other.is_null() | (pl.col("pid") == other)


def unmatched_moves(records: pl.DataFrame, options: ReconcileOptions) -> pl.DataFrame:
    """The unmatched moves that records place in another village of the county.

    Only the records that could be the people who moved — same ID or same name as a move
    record — are keyed, so a county's three million records cost one membership test each.

    Args:
        records: As :func:`hedui.reconcile.source_records.read_source_records` returns them.
        options: The matching window.

    Returns:
        One row per move cluster: ``cluster, event, village_code, event_date, seen_village``
        (the other village) and ``seen`` (row numbers of the records there).
    """
    frame = records.with_row_index("row")
    is_move = pl.col("event").is_in(_MOVES)
    moves = _person_keys(frame.filter(is_move)).with_columns(
        pl.col("event_date").str.to_date("%Y-%m-%d", strict=False)
    )
    outs, ins = (moves.filter(pl.col("event") == e) for e in _MOVES)
    pairs = outs.join(ins, on="key", suffix="_in").filter(
        _same_person("_in")
        & (
            (pl.col("event_date_in") - pl.col("event_date")).dt.total_days().abs()
            <= options.migration_window_days
        )
    )
    matched = pl.concat([pairs.get_column("cluster"), pairs.get_column("cluster_in")])
    unmatched = moves.filter(~pl.col("cluster").is_in(matched.implode()))
    movers = frame.filter(is_move).join(unmatched.select("row"), on="row", how="semi")
    candidates = frame.filter(
        ~is_move
        & pl.col("village_code").is_not_null()
        & (
            pl.col("id18").is_in(movers.get_column("id18").drop_nulls().implode())
            | pl.col("name_norm").is_in(movers.get_column("name_norm").drop_nulls().implode())
        )
    )
    seen = unmatched.join(_person_keys(candidates), on="key", suffix="_seen").filter(
        _same_person("_seen") & (pl.col("village_code_seen") != pl.col("village_code"))
    )
    return (
        seen.group_by("cluster")
        .agg(
            pl.col("event").first(),
            pl.col("village_code").first(),
            pl.col("event_date").min(),
            pl.col("village_code_seen").min().alias("seen_village"),
            pl.col("row_seen").unique().alias("seen"),
        )
        .sort("cluster")
    )


def _explain(event: str, village: str, seen_village: str, date: str) -> tuple[str, str]:
    if event == "move_out":
        zh = (
            f"村 {village} 于 {date} 登记了迁出，但县内没有找到对应的迁入登记；而其他记录显示此人"
            f"在本县村 {seen_village}。请核实村 {seen_village} 是否漏登迁入，或迁出记录是否有误。"
        )
        en = (
            f"Village {village} recorded a move-out on {date}, but no matching move-in was "
            f"found in the county, while other records place the person in village "
            f"{seen_village}. Please check whether {seen_village} is missing the move-in "
            f"record or the move-out record is wrong."
        )
    else:
        zh = (
            f"村 {village} 于 {date} 登记了迁入，但县内没有找到对应的迁出登记；而村 {seen_village} "
            f"的记录中仍有此人。请核实村 {seen_village} 是否漏登迁出，或迁入记录是否有误。"
        )
        en = (
            f"Village {village} recorded a move-in on {date}, but no matching move-out was "
            f"found in the county, while records of village {seen_village} still hold the "
            f"person. Please check whether {seen_village} is missing the move-out record or "
            f"the move-in record is wrong."
        )
    return zh, en


def find_migration_mismatches(
    records: pl.DataFrame, options: ReconcileOptions | None = None
) -> list[Finding]:
    """One finding per move with its other half missing (see the module docstring).

    Args:
        records: As :func:`hedui.reconcile.source_records.read_source_records` returns them.
        options: The matching window; ``None``: the defaults.

    Returns:
        Findings in cluster order. ``records`` are the move's own records (so the case key
        does not change when a resident list is exported again); ``values`` holds the move's
        village (``"village"``), the other village records place the person in
        (``"seen_in_village"``) and those records (``"seen_in_records"``, ``source:id``).
    """
    options = options or ReconcileOptions()
    unmatched = unmatched_moves(records, options)
    if unmatched.is_empty():
        return []
    ids = records.select("source", "record_id").with_row_index("row")
    members = (
        records.select("cluster", "source", "record_id")
        .join(unmatched.select("cluster"), on="cluster", how="semi")
        .group_by("cluster")
        .agg(pl.struct("source", "record_id").alias("members"))
    )
    seen = (
        unmatched.select("cluster", "seen")
        .explode("seen")
        .join(ids, left_on="seen", right_on="row")
        .group_by("cluster")
        .agg(pl.struct("source", "record_id").alias("witnesses"))
    )
    rows = unmatched.join(members, on="cluster").join(seen, on="cluster").sort("cluster")
    findings: list[Finding] = []
    for row in rows.iter_rows(named=True):
        event, village, other = str(row["event"]), str(row["village_code"]), row["seen_village"]
        date = row["event_date"].isoformat()
        witnesses = sorted(f"{r['source']}:{r['record_id']}" for r in row["witnesses"])
        findings.append(
            make_finding(
                MIGRATION_KINDS[event],
                event,
                village,
                [(str(r["source"]), str(r["record_id"])) for r in row["members"]],
                _explain(event, village, str(other), date),
                field="village_code",
                values={
                    "village": village,
                    "seen_in_village": str(other),
                    "seen_in_records": "; ".join(witnesses),
                },
                event_date=date,
            )
        )
    return findings
