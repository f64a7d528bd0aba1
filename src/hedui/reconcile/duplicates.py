"""Duplicates within a source: one person entered twice in the same register.

Linkage merges two records of one source only when they are near certain to be the same
person (see ``docs/linkage.md``, clustering) and lists those pairs in ``duplicates.csv``. Each
such pair is a record to clean up: typed in twice, or left behind after a move. Pairs of the
same source and event in one cluster form one finding, so a person entered three times is one
finding with three records, not three findings. The move-out and move-in of one move inside
the county may share a cluster and a source (the ledger books both halves): they are one move,
never a duplicate.
"""

from __future__ import annotations

import polars as pl

from hedui.event_dates import event_dates
from hedui.linkage.link_dir import LinkDir
from hedui.reconcile.findings import EVENT_LABELS_ZH, SOURCE_LABELS_ZH, Finding, make_finding

__all__ = ["DUPLICATE_KIND", "find_duplicates"]

DUPLICATE_KIND = "duplicate_in_source"
"""Finding kind of a within-source duplicate."""


def _explain(source: str, event: str, ids: list[str]) -> tuple[str, str]:
    zh = (
        f"{SOURCE_LABELS_ZH.get(source, source)}中有{len(ids)}条{EVENT_LABELS_ZH.get(event, event)}"
        f"记录（{'、'.join(ids)}）看来是同一人重复登记。请核对后保留一条。"
    )
    en = (
        f"{source} holds {len(ids)} {event} records ({', '.join(ids)}) that appear to be "
        f"the same person entered more than once. Please check them and keep one."
    )
    return zh, en


def find_duplicates(
    link: LinkDir, records: pl.DataFrame, extra: pl.DataFrame | None = None
) -> list[Finding]:
    """One finding per source and cluster holding records merged as duplicates.

    Args:
        link: The link directory holding ``duplicates.csv``.
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them
            (for each record's cluster, event and village).
        extra: More pairs (``source_l, record_id_l, source_r, record_id_r``), e.g. a nameless
            newborn's record and the record of its birth in the same source
            (:func:`hedui.reconcile.nameless_newborns.nameless_duplicates`).

    Returns:
        Findings sorted by source and cluster.
    """
    columns = ["source_l", "record_id_l", "source_r", "record_id_r"]
    pairs = link.duplicates().select(columns)
    if extra is not None and not extra.is_empty():
        pairs = pl.concat([pairs, extra.select(columns)])
    if pairs.is_empty():
        return []
    ends = pl.concat(
        [
            pairs.select(
                pl.col(f"source_{e}").alias("source"), pl.col(f"record_id_{e}").alias("record_id")
            )
            for e in ("l", "r")
        ]
    ).unique()
    candidates = records.filter(pl.col("record_id").is_in(ends.get_column("record_id").implode()))
    involved = ends.join(candidates, on=["source", "record_id"], how="inner")
    # One finding per source, cluster and event: a move-out and the move-in of the same move
    # in one source's register are the two halves of one event, not a duplicate.
    keys = ["source", "cluster_id", "event"]
    groups = (
        involved.sort("source", "cluster_id", "record_id")
        .group_by(keys, maintain_order=True)
        .agg(pl.col("record_id"), pl.col("village_code").first())
        .filter(pl.col("record_id").list.len() > 1)
        .join(event_dates(involved, keys), on=keys, how="left", maintain_order="left")
    )
    findings: list[Finding] = []
    for row in groups.iter_rows(named=True):
        source, event = str(row["source"]), str(row["event"])
        ids = [str(i) for i in row["record_id"]]
        findings.append(
            make_finding(
                DUPLICATE_KIND,
                event,
                str(row["village_code"] or ""),
                [(source, i) for i in ids],
                _explain(source, event, ids),
                event_date=row["event_date"],
            )
        )
    return findings
