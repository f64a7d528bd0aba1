"""Preparing the linkage features on Spark's executors, with the local function.

:func:`hedui.linkage.prepare.prepare_features` turns canonical records into features; here it
runs over each Arrow batch of records on an executor (``mapInArrow``): ID conversion, the
pinyin and name keys of each distinct name of the batch (:mod:`hedui.identity.names`), dates,
villages. Every feature of a record depends only on that record, so a batch gives the same
rows as the whole table — except ``unique_id``, which numbers the records in
``(source, record_id)`` order over *all* of them. That numbering is done by Spark first: a
sort, then each record's place in its sorted partition plus the sizes of the partitions
before it (the only thing the driver collects: one number per partition).

The block sizes that decide which broad blocking rules are kept
(:func:`hedui.linkage.blocking.select_rules`) are counted by Spark as well.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from hedui.linkage.blocking import BlockingKey
from hedui.linkage.prepare import prepare_features
from hedui.sources.schema import CANONICAL_COLUMNS

_PARTITION_BITS = 33
"""``monotonically_increasing_id`` puts the partition number above bit 33."""


def feature_schema() -> pa.Schema:
    """The Arrow schema of :func:`prepare_features`' output, with plain Arrow types."""
    empty = pl.DataFrame(schema={c: pl.Utf8 for c in CANONICAL_COLUMNS})
    return _plain(prepare_features(empty).to_arrow().schema)


def _plain(schema: pa.Schema) -> pa.Schema:
    def plain(kind: pa.DataType) -> pa.DataType:
        if pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
            return pa.string()
        return kind

    return pa.schema([(f.name, plain(f.type)) for f in schema])


def _spark_type(kind: pa.DataType) -> str:
    if pa.types.is_boolean(kind):
        return "BOOLEAN"
    if pa.types.is_int32(kind):
        return "INT"
    if pa.types.is_integer(kind):
        return "BIGINT"
    return "STRING"


def features_of_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """:func:`prepare_features` over each batch (``uid`` and the canonical columns)."""
    schema = feature_schema()
    for batch in batches:
        if batch.num_rows == 0:
            continue
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        frame = frame.sort("uid")
        # prepare_features numbers the batch's records 0 … k−1 in (source, record_id) order,
        # the order of uid: its unique_id k is the batch's k-th uid. Its rows may come out in
        # another order (polars' joins do not promise to keep it), so map, never line up.
        features = prepare_features(frame.select(CANONICAL_COLUMNS))
        features = features.with_columns(
            frame["uid"].gather(features["unique_id"]).alias("unique_id")
        )
        yield from features.to_arrow().cast(schema).to_batches()


def number_records(records: Any, scratch: Path) -> Any:
    """``records`` with ``uid``: 0 … n−1 in ``(source, record_id)`` order."""
    from pyspark.sql import functions as F

    target = (scratch / "sorted").resolve().as_uri()
    records.orderBy("source", "record_id").select(
        "*",
        F.spark_partition_id().alias("_part"),
        F.monotonically_increasing_id().alias("_pos"),
    ).write.mode("overwrite").parquet(target)
    # Written once, so that the sort's partition boundaries cannot change on a recompute.
    sorted_records = records.sparkSession.read.parquet(target)
    sizes = sorted_records.groupBy("_part").count().orderBy("_part").collect()
    offsets: list[tuple[int, int]] = []
    total = 0
    for row in sizes:
        offsets.append((int(row["_part"]), total))
        total += int(row["count"])
    offset_table = records.sparkSession.createDataFrame(offsets, "_part INT, _offset BIGINT")
    local = F.col("_pos") - F.shiftleft(F.col("_part").cast("bigint"), _PARTITION_BITS)
    return (
        sorted_records.join(F.broadcast(offset_table), "_part")
        .withColumn("uid", F.col("_offset") + local)
        .drop("_part", "_pos", "_offset")
    )


def prepare_on_executors(records: Any, scratch: Path) -> Any:
    """The feature table (:data:`hedui.linkage.prepare.FEATURE_COLUMNS`) of ``records``.

    The records reach :func:`prepare_features` grouped by name (hashed to a partition, sorted
    by name inside it), so that a batch holds every record of few names: pinyin and name keys
    — the costly part — are computed once per distinct name of the batch, which is then
    about once per distinct name of the county, as on DuckDB. In ``unique_id`` order a batch
    of 10,000 records holds some 8,000 distinct names: the 55,000 names of a 100k-person
    county (300k records) were turned into pinyin 247,000 times, in batches by name 55,300.
    """
    numbered = number_records(records, scratch).select("uid", *CANONICAL_COLUMNS)
    schema = ", ".join(f"`{f.name}` {_spark_type(f.type)}" for f in feature_schema())
    partitions = int(records.sparkSession.conf.get("spark.sql.shuffle.partitions"))
    by_name = numbered.repartition(partitions, "name").sortWithinPartitions("name", "uid")
    return by_name.mapInArrow(features_of_batches, schema)


def rule_pairs_on_spark(features: Any, key: BlockingKey) -> int:
    """:func:`hedui.linkage.blocking.rule_pairs` counted by Spark."""
    from pyspark.sql import functions as F

    present = features.dropna(subset=list(key))
    sizes = present.groupBy(*key).count()
    total = sizes.select(F.sum(F.col("count") * (F.col("count") - 1) / 2).alias("n")).first()
    return int(total["n"] or 0) if total is not None else 0


def select_rules_on_spark(
    features: Any,
    records: int,
    rules: Sequence[BlockingKey],
    broad_rules: Sequence[BlockingKey],
    *,
    pair_budget: float,
    per_record_budget: float,
) -> list[BlockingKey]:
    """:func:`hedui.linkage.blocking.select_rules` with block sizes counted by Spark."""
    limit = max(pair_budget, per_record_budget * records)
    kept = [rule for rule in broad_rules if rule_pairs_on_spark(features, rule) <= limit]
    return [*rules, *kept]
