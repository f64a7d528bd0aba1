"""Events the linkage may have counted twice: the pairs it left apart for a person to check.

``hedui link`` keeps two records apart, and lists them in ``ambiguous.csv``, when nothing
tells whether they are one event or two: an unnamed newborn's certificate beside a named one
when the mother had twins that day, two placeholders of one mother in one ledger, two links
as strong as each other. Counted as linked, each such pair is two events; had a clerk merged
it, one. A capture–recapture estimate over the clusters inherits that doubt, and on data it
did not write hedui's split births were the main reason its intervals missed the truth.

:func:`fold_ambiguous` merges the units joined by such pairs, so that an estimate can be
computed both ways and its interval widened to cover both: the doubt is stated, not hidden.
"""

from __future__ import annotations

import polars as pl

from hedui.linkage.link_dir import LinkDir

__all__ = ["ambiguous_unit_pairs", "fold_ambiguous"]

_PAIR_COLUMNS = ("source_l", "record_id_l", "source_r", "record_id_r")


def ambiguous_unit_pairs(link: LinkDir) -> pl.DataFrame:
    """The ambiguous pairs as pairs of units (``cluster_id|event``): ``unit_l``, ``unit_r``.

    A link directory without ``ambiguous.csv`` (an older hedui) has no pairs. Pairs whose two
    records ended up in one cluster by another path are dropped: they were counted once.
    """
    empty = pl.DataFrame(schema={"unit_l": pl.Utf8, "unit_r": pl.Utf8})
    pairs = link.ambiguous()
    if pairs.height == 0 or not set(_PAIR_COLUMNS) <= set(pairs.columns):
        return empty
    clusters = link.clusters()
    events = link.records(["source", "record_id", "event"])
    units = clusters.join(events, on=["source", "record_id"], how="inner").select(
        "source", "record_id", (pl.col("cluster_id") + "|" + pl.col("event")).alias("unit")
    )
    left = units.rename({"source": "source_l", "record_id": "record_id_l", "unit": "unit_l"})
    right = units.rename({"source": "source_r", "record_id": "record_id_r", "unit": "unit_r"})
    return (
        pairs.select(_PAIR_COLUMNS)
        .join(left, on=["source_l", "record_id_l"], how="inner")
        .join(right, on=["source_r", "record_id_r"], how="inner")
        .filter(pl.col("unit_l") != pl.col("unit_r"))
        .select("unit_l", "unit_r")
    )


def fold_ambiguous(part: pl.DataFrame, pairs: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """``part`` with every unit joined by an ambiguous pair merged into one.

    Args:
        part: records of one area and event, with ``cluster_id`` naming the unit each record
            counts towards (``cluster_id|event``).
        pairs: :func:`ambiguous_unit_pairs`.

    Returns:
        The records with merged ``cluster_id``, and how many units the merge removed — the
        number of events the linkage may have counted twice.
    """
    present = set(part["cluster_id"].unique().to_list())
    parent: dict[str, str] = {}

    def find(unit: str) -> str:
        while parent.get(unit, unit) != unit:
            parent[unit] = parent.get(parent[unit], parent[unit])
            unit = parent[unit]
        return unit

    folded = 0
    for left, right in pairs.iter_rows():
        if left not in present or right not in present:
            continue
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
            folded += 1
    if not folded:
        return part, 0
    mapping = {unit: find(unit) for unit in list(parent)}
    merged = part.with_columns(pl.col("cluster_id").replace(mapping).alias("cluster_id"))
    return merged, folded
