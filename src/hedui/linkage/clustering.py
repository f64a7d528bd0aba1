"""From scored pairs to clusters: one cluster per person (or per event), never twins merged.

Plain connected components at a threshold chain records together: if an unnamed newborn in
the hospital register links to *both* twins in the township database, both twins end up in
one cluster. hedui instead enforces, for every cluster, that

- it holds at most one record per source, unless it was joined through a reported
  duplicate (:mod:`hedui.linkage.same_source`) — then two clusters that each hold one
  record per source, the old and the new entry of a person who moved, merge whole;
- no two of its records from one source are different people by the twin rule.

It does so greedily, like single-linkage clustering under constraints: edges are taken by
descending probability and two clusters merge only if the merged cluster keeps both
properties. Greedy merging is needed only where a connected component contains two
records of one source; every other component is already a valid cluster and is accepted
whole, which keeps the Python loop to a small fraction of the edges.

Ties are broken by record order (``unique_id``), which follows ``(source, record_id)``, so
the result is the same on every run. A link rejected although it was as strong as the link
chosen instead — and whose records did not end up together by another path — is reported
as ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from hedui.linkage.same_source import (
    AMBIGUOUS_REASON,
    PAIR_COLUMNS,
    SameSourceVerdict,
    classify_same_source,
    records_conflict,
    twin_births,
)

TIE_REASON = "与被选中的链接同样强，无法确定配对 as strong as the link chosen instead"
_TIE_TOLERANCE = 1e-9

_PAIR_SCHEMA = {"unique_id_l": pl.Int64, "unique_id_r": pl.Int64, "match_probability": pl.Float64}


@dataclass(frozen=True)
class Clustering:
    """The outcome of clustering.

    Attributes:
        clusters: ``unique_id``, ``cluster_id`` (``"C"`` + the smallest ``unique_id`` in
            the cluster, zero-padded), ``match_probability`` (the record's strongest link
            inside its cluster; null for a record alone).
        duplicates: within-source pairs merged as duplicates (``unique_id_l``,
            ``unique_id_r``, ``match_probability``).
        ambiguous: pairs kept apart although they scored above the threshold, with a
            ``reason``.
    """

    clusters: pl.DataFrame
    duplicates: pl.DataFrame
    ambiguous: pl.DataFrame


def cluster_records(
    records: pl.DataFrame,
    edges: pl.DataFrame,
    *,
    threshold: float,
) -> Clustering:
    """Cluster ``records`` using the scored pairs in ``edges``.

    Args:
        records: ``unique_id`` (0 … n−1), ``source`` and as many of
            :data:`~hedui.linkage.same_source.PAIR_COLUMNS` as are known (a missing column
            counts as unknown; a missing ``event`` as one event for all). ``twin_birth``,
            when given, must be in ``unique_id`` order; otherwise it is worked out here.
        edges: ``unique_id_l``, ``unique_id_r``, ``match_probability``; pairs below
            ``threshold`` are ignored.
        threshold: the match probability at and above which two records may be linked.
    """
    n = records.height
    if n and records["unique_id"].max() != n - 1:
        raise ValueError("records.unique_id must number the records 0 … n-1")
    nodes = _nodes(records)
    strong = _strong_edges(edges, threshold)
    # Slot of each end by array lookup: only the few same-slot pairs need the records.
    slots = nodes["slot"].cast(pl.Categorical).to_physical().to_numpy()
    is_same = slots[strong["unique_id_l"].to_numpy()] == slots[strong["unique_id_r"].to_numpy()]
    same = classify_same_source(_attach(nodes, strong.filter(pl.Series(is_same))))
    duplicate_edges = same.filter(pl.col("verdict") == SameSourceVerdict.DUPLICATE.value)
    allowed = pl.concat(
        [
            strong.filter(pl.Series(~is_same)).with_columns(pl.lit(False).alias("duplicate")),
            duplicate_edges.select(list(_PAIR_SCHEMA)).with_columns(
                pl.lit(True).alias("duplicate")
            ),
        ]
    ).sort("unique_id_l", "unique_id_r")

    labels = _components(n, allowed)
    dirty = _dirty_components(nodes, labels)
    is_dirty = np.isin(labels, dirty)
    dirty_edges = allowed.filter(pl.Series(is_dirty[allowed["unique_id_l"].to_numpy()]))
    roots, ties = _greedy(nodes, dirty_edges)
    for uid, root in roots.items():
        labels[uid] = n + root  # past every component number, so labels cannot collide
    clusters = _cluster_table(nodes, labels, allowed)
    ambiguous = pl.concat(
        [
            same.filter(pl.col("verdict") == SameSourceVerdict.AMBIGUOUS.value)
            .select(list(_PAIR_SCHEMA))
            .with_columns(pl.lit(AMBIGUOUS_REASON).alias("reason")),
            pl.DataFrame(ties, schema=_PAIR_SCHEMA, orient="row").with_columns(
                pl.lit(TIE_REASON).alias("reason")
            ),
        ]
    ).sort("unique_id_l", "unique_id_r")
    return Clustering(
        clusters=clusters,
        duplicates=duplicate_edges.select(list(_PAIR_SCHEMA)).sort("unique_id_l", "unique_id_r"),
        ambiguous=ambiguous,
    )


def _nodes(records: pl.DataFrame) -> pl.DataFrame:
    """The records with every pair column (null where unknown), their slot and twin mark."""
    columns = [
        pl.col(c) if c in records.columns else pl.lit(None).alias(c)
        for c in PAIR_COLUMNS
        if c != "twin_birth"
    ]
    nodes = records.select("unique_id", *columns).sort("unique_id")
    nodes = nodes.with_columns(
        pl.col("event").cast(pl.Utf8),
        pl.col("mother_key").cast(pl.Utf8),
        pl.col("birth_date").cast(pl.Utf8),
    )
    # A caller that clusters one connected component at a time (Spark) knows the twin marks
    # from all the records, which one component does not hold.
    twins = records["twin_birth"] if "twin_birth" in records.columns else twin_births(nodes)
    return nodes.with_columns(
        twins.cast(pl.Boolean).alias("twin_birth"),
        pl.format("{}|{}", pl.col("source"), pl.col("event").fill_null("")).alias("slot"),
    )


def _strong_edges(edges: pl.DataFrame, threshold: float) -> pl.DataFrame:
    left, right = pl.col("unique_id_l"), pl.col("unique_id_r")
    return (
        edges.filter(pl.col("match_probability") >= threshold)
        .select(
            pl.min_horizontal(left, right).cast(pl.Int64).alias("unique_id_l"),
            pl.max_horizontal(left, right).cast(pl.Int64).alias("unique_id_r"),
            pl.col("match_probability").cast(pl.Float64),
        )
        .filter(pl.col("unique_id_l") != pl.col("unique_id_r"))
        .unique(["unique_id_l", "unique_id_r"], keep="first")
    )


def _attach(nodes: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    left = nodes.rename({c: f"{c}_l" for c in nodes.columns})
    right = nodes.rename({c: f"{c}_r" for c in nodes.columns})
    return edges.join(left, on="unique_id_l", how="left").join(right, on="unique_id_r", how="left")


def _components(n: int, edges: pl.DataFrame) -> np.ndarray:
    rows = edges["unique_id_l"].to_numpy()
    cols = edges["unique_id_r"].to_numpy()
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def _dirty_components(nodes: pl.DataFrame, labels: np.ndarray) -> np.ndarray:
    """Components holding two records of one slot: those need greedy clustering."""
    counts = (
        nodes.select("slot")
        .with_columns(pl.Series("component", labels))
        .group_by("component", "slot")
        .len()
    )
    return counts.filter(pl.col("len") > 1)["component"].unique().to_numpy()


def _greedy(
    nodes: pl.DataFrame, edges: pl.DataFrame
) -> tuple[dict[int, int], list[tuple[int, int, float]]]:
    """Constrained merging over the edges of dirty components; returns roots and ties."""
    involved = sorted(set(edges["unique_id_l"].to_list()) | set(edges["unique_id_r"].to_list()))
    info = {
        row["unique_id"]: row
        for row in nodes.filter(pl.col("unique_id").is_in(involved)).iter_rows(named=True)
    }
    parent = {uid: uid for uid in involved}
    members: dict[int, dict[str, list[int]]] = {uid: {info[uid]["slot"]: [uid]} for uid in involved}
    best: dict[int, float] = {}
    rejected: list[tuple[int, int, float]] = []

    def find(uid: int) -> int:
        while parent[uid] != uid:
            parent[uid] = parent[parent[uid]]
            uid = parent[uid]
        return uid

    ordered = edges.sort(
        ["match_probability", "unique_id_l", "unique_id_r"], descending=[True, False, False]
    )
    for left, right, probability, duplicate in ordered.select(
        "unique_id_l", "unique_id_r", "match_probability", "duplicate"
    ).iter_rows():
        a, b = find(left), find(right)
        if a == b:
            continue
        overlap = members[a].keys() & members[b].keys()
        allowed = not overlap or (
            duplicate
            and not any(
                records_conflict(info[x], info[y])
                for shared in overlap
                for x in members[a][shared]
                for y in members[b][shared]
            )
        )
        if not allowed:
            rejected.append((left, right, probability))
            continue
        keep, drop = (a, b) if a < b else (b, a)
        parent[drop] = keep
        for shared, uids in members.pop(drop).items():
            members[keep].setdefault(shared, []).extend(uids)
        best[left] = max(best.get(left, 0.0), probability)
        best[right] = max(best.get(right, 0.0), probability)
    ties = [
        (left, right, probability)
        for left, right, probability in rejected
        if find(left) != find(right)
        and (
            probability >= best.get(left, 2.0) - _TIE_TOLERANCE
            or probability >= best.get(right, 2.0) - _TIE_TOLERANCE
        )
    ]
    return {uid: find(uid) for uid in involved}, ties


def _cluster_table(nodes: pl.DataFrame, labels: np.ndarray, edges: pl.DataFrame) -> pl.DataFrame:
    table = nodes.select("unique_id").with_columns(pl.Series("label", labels))
    table = table.with_columns(pl.col("unique_id").min().over("label").alias("first"))
    first = table["first"].to_numpy()
    inside = edges.filter(
        pl.Series(first[edges["unique_id_l"].to_numpy()] == first[edges["unique_id_r"].to_numpy()])
    )
    strongest = (
        pl.concat(
            [
                inside.select(pl.col("unique_id_l").alias("unique_id"), "match_probability"),
                inside.select(pl.col("unique_id_r").alias("unique_id"), "match_probability"),
            ]
        )
        .group_by("unique_id")
        .agg(pl.col("match_probability").max())
    )
    return (
        table.join(strongest, on="unique_id", how="left")
        .select(
            "unique_id",
            pl.format("C{}", pl.col("first").cast(pl.Utf8).str.zfill(8)).alias("cluster_id"),
            "match_probability",
        )
        .sort("unique_id")
    )
