"""A newborn written down without a name or ID, put with the birth it belongs to.

A hospital writes 邓艳之女 on a birth certificate before the family has chosen a name, a clerk
types a placeholder, a certificate is entered twice. With no name and no ID such a record often
stays alone in its link cluster, and reconciliation then reports that birth as missing from
every other source — 2 to 3 cases that are not real for each record (measured on the
synthetic counties, ``docs/cases.md``), while the birth itself sits complete in another
cluster.

:func:`attach_nameless_newborns` puts such a record with its birth before the findings are
computed. Births are grouped by **mother** (``mother_key``: her ID, else her name's pinyin; and
her name's pinyin alone, for a mistyped ID) and **birth date**. A birth cluster whose records
carry neither a name nor an ID joins the one named cluster of its group; in a group of nameless
clusters only, they join the one with the most records. A group with two named clusters
(twins) moves nothing, nor does a cluster whose sex differs from its partner's or that would
join two partners: nobody can tell which child it is. When the joined cluster already holds a
record of the nameless record's source, the two are one birth entered twice in that source:
:func:`nameless_duplicates` lists these pairs for
:func:`~hedui.reconcile.duplicates.find_duplicates`.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from hedui.linkage.link_dir import LinkDir

__all__ = ["attach_nameless_newborns", "nameless_duplicates"]

_ORDER = re.compile(r"[长次0-9０-９]|[之大小][一二三四五]|[老][大二三四五]")
"""A birth order in a newborn's placeholder: 之长子, 之次女, 之女1, 老二."""
_DUPLICATE_COLUMNS = ("source_l", "record_id_l", "source_r", "record_id_r")


def _moves(records: pl.DataFrame, mothers: pl.DataFrame) -> pl.DataFrame:
    """``cluster → (partner, partner_id)`` for every nameless birth cluster that joins another.

    Births are grouped by mother and birth date. In a group with one named cluster, the
    nameless ones join it; in a group of nameless clusters only, they join the one with the
    most records (ties: the first); a group with two named clusters (twins) moves nothing. A
    cluster whose sexes differ from its partner's, that would join two partners, or that holds
    a record of a source whose records in the partner carry different birth orders
    (黄佳怡之长子 and 黄佳怡之次子 are twins; 男婴 and 黄梦涵之子 may be one child), stays.
    """
    births = records.filter(pl.col("event") == "birth").join(
        mothers, on=["source", "record_id"], how="left"
    )
    clusters = births.group_by("cluster").agg(
        pl.col("cluster_id").first(),
        (pl.col("name_norm").is_null() & pl.col("id18").is_null()).all().alias("nameless"),
        pl.col("sex").drop_nulls().unique().alias("sexes"),
        pl.len().alias("size"),
        pl.col("source"),
        pl.col("raw_name"),
    )
    members_of: list[list[int]] = []
    for mother in ("mother_key", "mother_name_pinyin"):
        keyed = births.filter(pl.col(mother).is_not_null() & pl.col("birth_date").is_not_null())
        groups = keyed.group_by(mother, "birth_date").agg(pl.col("cluster").unique())
        members_of.extend(groups.get_column("cluster").to_list())
    info = {row["cluster"]: row for row in clusters.iter_rows(named=True)}
    partner_of: dict[int, set[int]] = {}
    for members in members_of:
        nameless = [c for c in members if info[c]["nameless"]]
        if not nameless or len(members) < 2:
            continue
        named = [c for c in members if not info[c]["nameless"]]
        if len(named) > 1:
            continue
        anchor = named[0] if named else min(members, key=lambda c: (-info[c]["size"], c))
        for cluster in nameless:
            if cluster != anchor:
                partner_of.setdefault(cluster, set()).add(anchor)
    moves = []
    for cluster, partners in sorted(partner_of.items()):
        (partner,) = partners if len(partners) == 1 else (None,)
        if partner is None or partner in partner_of:
            continue
        if len(set(info[cluster]["sexes"]) | set(info[partner]["sexes"])) > 1:
            continue
        if not _same_entries(info[cluster], info[partner]):
            continue
        moves.append((cluster, partner, info[partner]["cluster_id"]))
    return pl.DataFrame(
        moves,
        schema={"cluster": pl.Int64, "partner": pl.Int64, "partner_id": pl.Utf8},
        orient="row",
    )


def _same_entries(cluster: dict[str, Any], partner: dict[str, Any]) -> bool:
    """Whether no source the two clusters share tells two children apart by their order
    (长子 and 次子, 之女1 and 之女2: twins), as the names it wrote read."""
    written: dict[str, set[str]] = {}
    for row in (cluster, partner):
        for source, name in zip(row["source"], row["raw_name"], strict=True):
            written.setdefault(source, set()).add(name or "")
    shared = set(cluster["source"]) & set(partner["source"])
    return not any(
        len(written[source]) > 1 and any(_ORDER.search(name) for name in written[source])
        for source in shared
    )


def _mothers(link: LinkDir) -> pl.DataFrame | None:
    """``source, record_id, mother_key, mother_name_pinyin`` of ``records.parquet`` and each
    record's name as written (``raw_name``); ``None`` when it has no mother columns."""
    wanted = ("mother_key", "mother_name_pinyin")
    columns = link.records(["source", "record_id"], optional=wanted)
    if not set(wanted) & set(columns.columns):
        return None
    names = link.sources(["source", "record_id", "name"]).select(
        "source", "record_id", pl.col("name").cast(pl.Utf8).alias("raw_name")
    )
    return columns.with_columns(
        pl.col(c).cast(pl.Utf8) if c in columns.columns else pl.lit(None, pl.Utf8).alias(c)
        for c in wanted
    ).join(names, on=["source", "record_id"], how="left")


def attach_nameless_newborns(link: LinkDir, records: pl.DataFrame) -> pl.DataFrame:
    """``records`` with every nameless newborn's cluster joined to its birth (module docstring).

    Args:
        link: The link directory (for each record's ``mother_key``).
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.

    Returns:
        The same rows in the same order; ``cluster`` and ``cluster_id`` changed for the
        records of joined clusters only. Unchanged when ``records.parquet`` has no
        ``mother_key`` (a link directory from an older hedui).
    """
    mothers = _mothers(link)
    if mothers is None:
        return records
    moves = _moves(records, mothers)
    if moves.is_empty():
        return records
    return (
        records.join(moves, on="cluster", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("partner", "cluster").alias("cluster"),
            pl.coalesce("partner_id", "cluster_id").alias("cluster_id"),
        )
        .drop("partner", "partner_id")
    )


def nameless_duplicates(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Pairs (``source_l, record_id_l, source_r, record_id_r``) of a moved nameless record and
    another birth record of the same source in the cluster it joined.

    Args:
        before: The records as linkage clustered them.
        after: The same records after :func:`attach_nameless_newborns`.
    """
    was = before.select("source", "record_id", pl.col("cluster").alias("was"))
    moved = (
        after.join(was, on=["source", "record_id"])
        .filter(pl.col("cluster") != pl.col("was"))
        .select("source", "record_id", "cluster")
    )
    births = after.filter(pl.col("event") == "birth").select(
        "source", pl.col("record_id").alias("other"), "cluster"
    )
    pairs = (
        moved.join(births, on=["source", "cluster"])
        .filter(pl.col("record_id") != pl.col("other"))
        .select(
            pl.col("source").alias("source_l"),
            pl.min_horizontal("record_id", "other").alias("record_id_l"),
            pl.col("source").alias("source_r"),
            pl.max_horizontal("record_id", "other").alias("record_id_r"),
        )
        .unique(maintain_order=True)
    )
    return pairs.select(*[pl.col(c).cast(pl.Utf8) for c in _DUPLICATE_COLUMNS])
