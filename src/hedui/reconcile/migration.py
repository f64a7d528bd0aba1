"""Migration mismatch: a move between villages of the county with only one half recorded.

A move from village A to village B is one event with two halves — a move-out of A and a
move-in to B, usually days apart — and each village books its half. Linkage puts the two
halves of one person's move, wherever they were booked and within its window, into one cluster
(``docs/linkage.md``), so the clusters say what happened:

- a cluster holding **both** halves is one move within the county: neither a move out of the
  county nor into it, and no finding;
- a cluster of **move-outs only** is a move out of the county — or a move within it whose
  move-in nobody registered;
- a cluster of **move-ins only** is a move into the county — or a move within it whose
  move-out nobody registered.

Moves to and from other counties are normal and have only one half here, so a one-sided move
becomes a finding only when the rest of the county's records tell the two readings apart (the
sources carry no destination or origin):

1. **Still in the county.** A move-out of village A with no move-in half is a finding
   (``move_out_without_move_in``: the move-in is missing) only when a record other than a move
   (a resident list, a death, a marriage) shows the same person in *another* village of the
   county. Someone who left the county appears in no other village; such a move stays a move
   out of the county.
2. **Came from within.** A move-in to village B with no move-out half is a finding
   (``move_in_without_move_out``) only when a record other than a move shows the same person
   in another village: the old village's list still holds them because its move-out was never
   booked. Someone arriving from another county appears in no other village.

"The same person" is the same valid 18-digit ID, or the same normalised name and birth date
unless both records carry valid IDs that differ (namesakes). The finding lists the move's
records and the records that place the person in the other village. Evaluated on synthetic
counties against ``truth_events.csv`` (``within_county``): see ``docs/reconcile.md``.
:func:`move_halves` tells the indicators and estimates which clusters are moves within the
county.
"""

from __future__ import annotations

import polars as pl

from hedui.event_dates import event_dates
from hedui.reconcile.findings import Finding, make_finding
from hedui.reconcile.summary import mode_by

__all__ = ["MIGRATION_KINDS", "find_migration_mismatches", "move_halves", "unmatched_moves"]

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


def move_halves(records: pl.DataFrame) -> pl.DataFrame:
    """Per move cluster, which halves it holds.

    Args:
        records: With ``cluster`` and ``event`` (any frame of linked records).

    Returns:
        ``cluster, move_out, move_in`` (booleans), one row per cluster holding a move record;
        both true for a move within the county.
    """
    return (
        records.filter(pl.col("event").is_in(_MOVES))
        .group_by("cluster")
        .agg(*[(pl.col("event") == e).any().alias(e) for e in _MOVES])
    )


def unmatched_moves(records: pl.DataFrame) -> pl.DataFrame:
    """The one-sided moves that records place in another village of the county.

    Only the records that could be the people who moved — same ID or same name as a move
    record — are keyed, so a county's three million records cost one membership test each.

    Args:
        records: As :func:`hedui.reconcile.source_records.read_source_records` returns them.

    Returns:
        One row per move cluster: ``cluster, event, village_code, event_date, seen_village``
        (the other village) and ``seen`` (row numbers of the records there).
    """
    frame = records.with_row_index("row")
    is_move = pl.col("event").is_in(_MOVES)
    halves = move_halves(frame)
    one_sided = halves.filter(pl.col("move_out") != pl.col("move_in")).select("cluster")
    movers = frame.filter(is_move).join(one_sided, on="cluster", how="semi")
    if movers.is_empty():
        return pl.DataFrame(
            schema={
                "cluster": pl.Int64,
                "event": pl.Utf8,
                "village_code": pl.Utf8,
                "event_date": pl.Utf8,
                "seen_village": pl.Utf8,
                "seen": pl.List(pl.UInt32),
            }
        )
    candidates = frame.filter(
        ~is_move
        & pl.col("village_code").is_not_null()
        & (
            pl.col("id18").is_in(movers.get_column("id18").drop_nulls().implode())
            | pl.col("name_norm").is_in(movers.get_column("name_norm").drop_nulls().implode())
        )
    )
    place = mode_by(movers, "cluster", "village_code")
    seen = (
        _person_keys(movers)
        .drop("village_code")
        .join(place, on="cluster")
        .join(_person_keys(candidates), on="key", suffix="_seen")
        .filter(_same_person("_seen") & (pl.col("village_code_seen") != pl.col("village_code")))
    )
    dates = event_dates(movers, "cluster").select("cluster", "event_date")
    return (
        seen.group_by("cluster")
        .agg(
            pl.col("event").first(),
            pl.col("village_code").first(),
            pl.col("village_code_seen").min().alias("seen_village"),
            pl.col("row_seen").unique().alias("seen"),
        )
        .join(dates, on="cluster", how="left")
        .select("cluster", "event", "village_code", "event_date", "seen_village", "seen")
        .sort("cluster")
    )


def _explain(event: str, village: str, seen_village: str, date: str | None) -> tuple[str, str]:
    on_zh = f"于 {date} " if date else ""
    on_en = f" on {date}" if date else ""
    if event == "move_out":
        zh = (
            f"村 {village} {on_zh}登记了迁出，但县内任何来源都没有对应的迁入登记。"
            f"如果此人迁往外县，这是正常的；但其他记录显示此人仍在本县村 {seen_village}，"
            f"所以这是一次县内迁移，迁入没有登记。"
            f"请核实村 {seen_village} 是否漏登迁入，或迁出记录是否有误。"
        )
        en = (
            f"Village {village} recorded a move-out{on_en}, and no source in the county "
            f"recorded the move-in. Were the person gone to another county this would be "
            f"normal, but other records place them in village {seen_village} of this county: "
            f"a move within the county whose move-in was not registered. Please check whether "
            f"{seen_village} is missing the move-in record or the move-out record is wrong."
        )
    else:
        zh = (
            f"村 {village} {on_zh}登记了迁入，但县内任何来源都没有对应的迁出登记。"
            f"如果此人来自外县，这是正常的；但村 {seen_village} 的记录中仍有此人，"
            f"所以这是一次县内迁移，迁出没有登记。"
            f"请核实村 {seen_village} 是否漏登迁出，或迁入记录是否有误。"
        )
        en = (
            f"Village {village} recorded a move-in{on_en}, and no source in the county "
            f"recorded the move-out. Were the person come from another county this would be "
            f"normal, but records of village {seen_village} still hold them: a move within "
            f"the county whose move-out was not registered. Please check whether "
            f"{seen_village} is missing the move-out record or the move-in record is wrong."
        )
    return zh, en


def find_migration_mismatches(records: pl.DataFrame) -> list[Finding]:
    """One finding per move within the county with its other half missing (module docstring).

    Args:
        records: As :func:`hedui.reconcile.source_records.read_source_records` returns them.

    Returns:
        Findings in cluster order. ``records`` are the move's own records (so the case key
        does not change when a resident list is exported again); ``values`` holds the move's
        village (``"village"``), the other village records place the person in
        (``"seen_in_village"``) and those records (``"seen_in_records"``, ``source:id``).
    """
    unmatched = unmatched_moves(records)
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
        date = row["event_date"]
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
