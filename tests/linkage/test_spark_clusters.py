"""Clustering one connected component at a time gives the clusters of clustering all at once.

:mod:`hedui.linkage.spark.clusters` runs :func:`~hedui.linkage.clustering.cluster_records` on
each component of the strong links on an executor, with the twin marks worked out per group
of births. These tests run the same per-component functions in this process over a real
linkage run and compare with the whole-table result.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from hedui.linkage.clustering import cluster_records
from hedui.linkage.pipeline import LinkResult
from hedui.linkage.same_source import twin_births
from hedui.linkage.spark.clusters import NODE_COLUMNS, cluster_component, twin_groups


def _nodes_and_edges(linked: LinkResult) -> tuple[pl.DataFrame, pl.DataFrame]:
    nodes = pl.read_parquet(linked.out_dir / "records.parquet").select(NODE_COLUMNS)
    links = pl.read_parquet(linked.links_path).filter(
        pl.col("match_probability") >= linked.threshold
    )
    edges = links.select(
        pl.min_horizontal("unique_id_l", "unique_id_r").alias("unique_id_l"),
        pl.max_horizontal("unique_id_l", "unique_id_r").alias("unique_id_r"),
        "match_probability",
    ).unique(["unique_id_l", "unique_id_r"])
    return nodes.sort("unique_id"), edges


def _twin_marks_by_group(nodes: pl.DataFrame) -> pl.Series:
    """twin_birth as the Spark job computes it: twin_groups over each crowded group."""
    group = ["source", "event", "mother_key", "birth_date"]
    births = nodes.filter(
        (pl.col("event") == "birth")
        & pl.col("mother_key").is_not_null()
        & pl.col("birth_date").is_not_null()
    )
    found = [
        twin_groups(frame.to_arrow())
        for _, frame in births.filter(pl.len().over(group) > 1).group_by(group)
    ]
    tables = [t for t in found if t.num_rows]
    pairs = pl.from_arrow(pa.concat_tables(tables)) if tables else None
    marked = set() if pairs is None else set(pairs.unique().iter_rows())  # type: ignore[union-attr]
    return pl.Series(
        "twin_birth",
        [
            event == "birth" and (mother, born) in marked
            for event, mother, born in nodes.select("event", "mother_key", "birth_date").rows()
        ],
    )


def test_twin_marks_per_group_equal_twin_births(linked: LinkResult) -> None:
    nodes, _ = _nodes_and_edges(linked)
    expected = twin_births(nodes)
    assert _twin_marks_by_group(nodes).to_list() == expected.to_list()


def test_clustering_per_component_equals_clustering_the_whole(linked: LinkResult) -> None:
    nodes, edges = _nodes_and_edges(linked)
    whole = cluster_records(nodes, edges, threshold=linked.threshold)
    marked = nodes.with_columns(_twin_marks_by_group(nodes))
    n = nodes.height
    graph = coo_matrix(
        (np.ones(edges.height), (edges["unique_id_l"].to_numpy(), edges["unique_id_r"].to_numpy())),
        shape=(n, n),
    )
    _, labels = connected_components(graph, directed=False)
    marked = marked.with_columns(pl.Series("component", labels))
    edges = edges.with_columns(pl.Series("component", labels[edges["unique_id_l"].to_numpy()]))
    linked_nodes = set(edges["unique_id_l"].to_list()) | set(edges["unique_id_r"].to_list())
    pieces: list[pl.DataFrame] = []
    for (component,), members in marked.filter(pl.col("unique_id").is_in(linked_nodes)).group_by(
        "component"
    ):
        inside = edges.filter(pl.col("component") == component).drop("component")
        result = pl.from_arrow(
            cluster_component(members.drop("component").to_arrow(), inside.to_arrow())
        )
        pieces.append(result)
    parts = pl.concat(pieces)
    clusters = (
        nodes.select("unique_id")
        .join(parts.filter(pl.col("kind") == "cluster"), on="unique_id", how="left")
        .select(
            "unique_id",
            pl.format("C{}", pl.coalesce("first_id", "unique_id").cast(pl.Utf8).str.zfill(8)).alias(
                "cluster_id"
            ),
            "match_probability",
        )
        .sort("unique_id")
    )
    assert clusters.equals(whole.clusters)
    pair = ["unique_id_l", "unique_id_r", "match_probability"]
    duplicates = parts.filter(pl.col("kind") == "duplicate").select(pair).sort(pair[:2])
    assert duplicates.equals(whole.duplicates)
    ambiguous = parts.filter(pl.col("kind") == "ambiguous").select(*pair, "reason").sort(pair[:2])
    assert ambiguous.equals(whole.ambiguous)
    assert whole.duplicates.height > 0  # the county has duplicates to get right


def test_an_empty_component_gives_nothing() -> None:
    empty = pa.table({c: pa.array([], pa.string()) for c in NODE_COLUMNS if c != "unique_id"})
    empty = empty.append_column("unique_id", pa.array([], pa.int64()))
    links = pa.table(
        {
            "unique_id_l": pa.array([], pa.int64()),
            "unique_id_r": pa.array([], pa.int64()),
            "match_probability": pa.array([], pa.float64()),
        }
    )
    assert cluster_component(empty, links).num_rows == 0


def test_a_bucket_of_whole_components_clusters_as_each_component(linked: LinkResult) -> None:
    # Spark hands cluster_component a bucket of many whole components at once.
    nodes, edges = _nodes_and_edges(linked)
    whole = cluster_records(nodes, edges, threshold=linked.threshold)
    in_links = set(edges["unique_id_l"].to_list()) | set(edges["unique_id_r"].to_list())
    marked = nodes.with_columns(_twin_marks_by_group(nodes)).filter(
        pl.col("unique_id").is_in(in_links)
    )
    bucket = pl.DataFrame(cluster_component(marked.to_arrow(), edges.to_arrow()))
    pair = ["unique_id_l", "unique_id_r", "match_probability"]
    duplicates = bucket.filter(pl.col("kind") == "duplicate").select(pair).sort(pair[:2])
    assert duplicates.equals(whole.duplicates)
    firsts = bucket.filter(pl.col("kind") == "cluster").select(
        "unique_id",
        pl.format("C{}", pl.col("first_id").cast(pl.Utf8).str.zfill(8)).alias("cluster_id"),
    )
    expected = whole.clusters.filter(pl.col("unique_id").is_in(in_links)).select(
        "unique_id", "cluster_id"
    )
    assert firsts.sort("unique_id").equals(expected)
