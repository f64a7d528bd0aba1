"""Clustering on Spark's executors: connected components, then the twin rule per component.

:func:`hedui.linkage.clustering.cluster_records` decides every cluster inside one connected
component of the strong links (those at or above the threshold): which same-source pairs are
duplicates, which records greedy merging keeps apart. So on Spark:

1. the twin marks (:func:`hedui.linkage.same_source.twin_births`) are worked out per group of
   births of one source, mother and day (``applyInArrow``): a component does not hold every
   record of such a group;
2. the connected components of the strong links come from Splink's own Spark clustering
   (:func:`splink.clustering.cluster_pairwise_predictions_at_threshold`, iterative SQL that
   breaks its lineage into Parquet as every Splink step does here);
3. each component's records and links go to one executor (``cogroup().applyInArrow``), in
   buckets of whole components (a hash of the component), which it numbers 0 … k−1 in
   ``unique_id`` order and runs ``cluster_records`` on — the same function, on the same
   records and links, as a DuckDB run — mapping the results back.

A record without a strong link is its own cluster, in SQL. Nothing here is collected to the
driver; the results are Spark tables that :mod:`.results` writes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
import pyarrow as pa

from hedui.linkage.clustering import cluster_records
from hedui.linkage.same_source import PAIR_COLUMNS, records_conflict

BUCKETS_PER_PARTITION = 4
"""Buckets of components per shuffle partition: each is one call of ``cluster_records``."""
NODE_COLUMNS = ("unique_id", *(c for c in PAIR_COLUMNS if c != "twin_birth"))
_RESULT_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("unique_id", pa.int64()),
        ("first_id", pa.int64()),
        ("unique_id_l", pa.int64()),
        ("unique_id_r", pa.int64()),
        ("match_probability", pa.float64()),
        ("reason", pa.string()),
    ]
)
_RESULT_DDL = (
    "kind STRING, unique_id BIGINT, first_id BIGINT, unique_id_l BIGINT, unique_id_r BIGINT, "
    "match_probability DOUBLE, reason STRING"
)


@dataclass(frozen=True)
class SparkClustering:
    """Spark tables: ``clusters`` (``unique_id``, ``cluster_id``, ``match_probability``, every
    record), ``duplicates`` and ``ambiguous`` (``unique_id_l``, ``unique_id_r``,
    ``match_probability``; ``reason`` for ambiguous)."""

    clusters: Any
    duplicates: Any
    ambiguous: Any


def twin_groups(table: pa.Table) -> pa.Table:
    """For one group of births (one source, event, mother, day): ``mother_key, birth_date`` if
    two of them conflict by the twin rule (:func:`twin_births`' evidence), else nothing."""
    rows = table.to_pylist()
    twins = any(records_conflict(a, b) for i, a in enumerate(rows) for b in rows[i + 1 :])
    kept = rows[:1] if twins else []
    return pa.table(
        {
            "mother_key": [r["mother_key"] for r in kept],
            "birth_date": [r["birth_date"] for r in kept],
        },
        schema=pa.schema([("mother_key", pa.string()), ("birth_date", pa.string())]),
    )


def with_twin_marks(nodes: Any) -> Any:
    """``nodes`` with ``twin_birth`` as :func:`~hedui.linkage.same_source.twin_births` sets it."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    group = ["source", "event", "mother_key", "birth_date"]
    births = nodes.where(
        "event = 'birth' AND mother_key IS NOT NULL AND birth_date IS NOT NULL"
    ).withColumn("_n", F.count("*").over(Window.partitionBy(*group)))
    crowded = births.where("_n > 1").drop("_n")
    twins = (
        crowded.groupBy(*group)
        .applyInArrow(twin_groups, "mother_key STRING, birth_date STRING")
        .distinct()
        .withColumn("_twin", F.lit(True))
    )
    marked = nodes.join(twins, ["mother_key", "birth_date"], "left")
    is_twin = F.coalesce(F.col("_twin"), F.lit(False)) & (F.col("event") == "birth")
    return marked.withColumn("twin_birth", F.coalesce(is_twin, F.lit(False))).drop("_twin")


def cluster_component(nodes: pa.Table, edges: pa.Table) -> pa.Table:
    """``cluster_records`` on one component's records and strong links, in global numbers."""
    records = pl.from_arrow(nodes)
    links = pl.from_arrow(edges)
    assert isinstance(records, pl.DataFrame) and isinstance(links, pl.DataFrame)
    if records.height == 0:
        return _RESULT_SCHEMA.empty_table()
    records = records.sort("unique_id")
    ids = records["unique_id"].to_numpy()
    local = pl.DataFrame({"unique_id": ids, "local": range(len(ids))}, orient="col")
    local = local.cast({"unique_id": pl.Int64, "local": pl.Int64})
    to_local = dict(zip(ids.tolist(), range(len(ids)), strict=True))
    local_links = links.select(
        pl.col("unique_id_l").replace_strict(to_local, return_dtype=pl.Int64),
        pl.col("unique_id_r").replace_strict(to_local, return_dtype=pl.Int64),
        pl.col("match_probability"),
    )
    result = cluster_records(
        records.with_columns(pl.Series("unique_id", range(len(ids)), dtype=pl.Int64)),
        local_links,
        threshold=0.0,
    )
    back = {i: int(g) for i, g in enumerate(ids.tolist())}
    clusters = result.clusters.select(
        pl.lit("cluster").alias("kind"),
        pl.col("unique_id").replace_strict(back, return_dtype=pl.Int64),
        pl.col("cluster_id")
        .str.slice(1)
        .cast(pl.Int64)
        .replace_strict(back, return_dtype=pl.Int64)
        .alias("first_id"),
        pl.col("match_probability"),
    )
    pairs = [
        frame.select(
            pl.lit(kind).alias("kind"),
            pl.col("unique_id_l").replace_strict(back, return_dtype=pl.Int64),
            pl.col("unique_id_r").replace_strict(back, return_dtype=pl.Int64),
            pl.col("match_probability"),
            *([pl.col("reason")] if "reason" in frame.columns else []),
        )
        for kind, frame in (("duplicate", result.duplicates), ("ambiguous", result.ambiguous))
    ]
    del local
    combined = pl.concat([clusters, *pairs], how="diagonal_relaxed")
    return (
        combined.select(
            pl.col(f.name) if f.name in combined.columns else pl.lit(None).alias(f.name)
            for f in _RESULT_SCHEMA
        )
        .to_arrow()
        .cast(_RESULT_SCHEMA)
    )


def _cluster_id(column: Any) -> Any:
    """``"C"`` + the id zero-padded to 8 digits, never cut (as polars' ``zfill(8)``)."""
    from pyspark.sql import functions as F

    text = column.cast("string")
    return F.concat(F.lit("C"), F.when(F.length(text) >= 8, text).otherwise(F.lpad(text, 8, "0")))


def cluster_on_executors(db_api: Any, nodes: Any, strong: Any) -> SparkClustering:
    """Cluster ``nodes`` (:data:`NODE_COLUMNS`) with the ``strong`` links (``unique_id_l <
    unique_id_r``, ``match_probability``, each pair once)."""
    from pyspark.sql import functions as F
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    spark = db_api.spark
    strong.createOrReplaceTempView("hedui_strong_links")
    linked = spark.sql(
        "SELECT unique_id_l AS unique_id FROM hedui_strong_links UNION "
        "SELECT unique_id_r FROM hedui_strong_links"
    )
    linked.createOrReplaceTempView("hedui_linked_nodes")
    components = cluster_pairwise_predictions_at_threshold(
        db_api.register("hedui_linked_nodes"),
        db_api.register("hedui_strong_links"),
        db_api,
        "unique_id",
    )
    spark.table(components.physical_name).selectExpr(
        "unique_id", "CAST(cluster_id AS STRING) AS component"
    ).createOrReplaceTempView("hedui_components")
    with_twin_marks(nodes.select(*NODE_COLUMNS)).createOrReplaceTempView("hedui_marked_nodes")
    # Components go to tasks in buckets: cluster_records has a fixed cost per call, and a
    # county has as many components as people. A bucket holds whole components, so clustering
    # it at once is clustering each of its components (they share no record and no link).
    buckets = BUCKETS_PER_PARTITION * int(spark.conf.get("spark.sql.shuffle.partitions"))
    bucket = f"pmod(xxhash64(c.component), {buckets})"
    members = spark.sql(
        f"SELECT n.*, {bucket} AS bucket FROM hedui_marked_nodes n "
        "JOIN hedui_components c ON n.unique_id = c.unique_id"
    )
    links = spark.sql(
        f"SELECT {bucket} AS link_bucket, s.unique_id_l, s.unique_id_r, s.match_probability "
        "FROM hedui_strong_links s JOIN hedui_components c ON s.unique_id_l = c.unique_id"
    )

    def per_bucket(left: pa.Table, right: pa.Table) -> pa.Table:
        return cluster_component(left.drop(["bucket"]), right.drop(["link_bucket"]))

    results = (
        members.groupBy("bucket")
        .cogroup(links.groupBy("link_bucket"))
        .applyInArrow(per_bucket, _RESULT_DDL)
    )
    results = results.cache()
    in_components = results.where("kind = 'cluster'").select(
        "unique_id", "first_id", "match_probability"
    )
    clusters = (
        nodes.select("unique_id")
        .join(in_components, "unique_id", "left")
        .select(
            "unique_id",
            _cluster_id(F.coalesce(F.col("first_id"), F.col("unique_id"))).alias("cluster_id"),
            "match_probability",
        )
    )
    pairs = ["unique_id_l", "unique_id_r", "match_probability"]
    return SparkClustering(
        clusters=clusters,
        duplicates=results.where("kind = 'duplicate'").select(*pairs),
        ambiguous=results.where("kind = 'ambiguous'").select(*pairs, "reason"),
    )
