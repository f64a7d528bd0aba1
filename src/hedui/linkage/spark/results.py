"""Writing a Spark run's tables as the files of a link directory, without collecting them.

Each table is sorted and written by the executors as Parquet part files; one task on an
executor then *streams* the parts, in order, into the one file a link directory holds
(``clusters.csv`` and its Parquet copy, ``records.parquet``, ...) with polars' streaming
sinks, a batch at a time (:func:`on_executor`: the output directory is shared by the driver
and the executors, as a cluster run requires). The driver only lists the part files: neither
its memory nor its time grows with the number of records. The files are those a DuckDB run
writes (:mod:`hedui.linkage.outputs`), with the same columns, order and format.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from hedui.linkage.link_dir import LinkDir
from hedui.sources import QuarantinedRow, write_quarantine


def on_executor(spark: Any, function: Callable[..., None], *args: Any) -> None:
    """Run ``function(*args)`` once, in one task on an executor, and wait for it to finish.

    For work that grows with the records but must happen in one place, such as joining part
    files into one file: the driver keeps only the planning. A task lost with its executor is
    run again by Spark, so ``function`` must overwrite what it writes.
    """

    def task(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for _ in batches:
            pass
        function(*args)
        yield pa.RecordBatch.from_pydict({"done": pa.array([True])})

    spark.range(1, numPartitions=1).mapInArrow(task, "done BOOLEAN").collect()


def _parts(frame: Any, scratch: Path) -> list[Path]:
    shutil.rmtree(scratch, ignore_errors=True)
    frame.write.mode("overwrite").parquet(scratch.resolve().as_uri())
    return sorted(scratch.glob("part-*.parquet"))


def join_parts(
    parts: list[str], csv: str | None, parquet: str | None, row_group_size: int | None = None
) -> None:
    """Stream the Parquet ``parts``, in order, into ``csv`` and/or ``parquet`` (in row groups
    of ``row_group_size`` rows at most; polars' default when ``None``)."""
    if csv is not None:
        pl.scan_parquet(parts).sink_csv(csv)
    if parquet is not None:
        pl.scan_parquet(parts).sink_parquet(parquet, row_group_size=row_group_size)


def write_table(
    frame: Any,
    scratch: Path,
    *,
    csv: Path | None = None,
    parquet: Path | None = None,
    row_group_size: int | None = None,
) -> None:
    """Write the Spark table ``frame`` (already sorted) to ``csv`` and/or ``parquet`` (in row
    groups of ``row_group_size`` rows at most; polars' default when ``None``)."""
    parts = _parts(frame, scratch)
    if parts:
        on_executor(
            frame.sparkSession,
            join_parts,
            [str(p.resolve()) for p in parts],
            None if csv is None else str(csv.resolve()),
            None if parquet is None else str(parquet.resolve()),
            row_group_size,
        )
    else:  # no part file: an empty table, written here with the table's columns
        empty = pl.from_arrow(frame.limit(0).toArrow())
        assert isinstance(empty, pl.DataFrame)
        if csv is not None:
            empty.write_csv(csv)
        if parquet is not None:
            empty.write_parquet(parquet)
    shutil.rmtree(scratch, ignore_errors=True)


def _name_pairs(pairs: Any, nodes: Any) -> Any:
    ids = nodes.select("unique_id", "source", "record_id")
    left = ids.toDF("unique_id_l", "source_l", "record_id_l")
    right = ids.toDF("unique_id_r", "source_r", "record_id_r")
    extra = [c for c in pairs.columns if c not in ("unique_id_l", "unique_id_r")]
    return (
        pairs.join(left, "unique_id_l", "left")
        .join(right, "unique_id_r", "left")
        .orderBy("unique_id_l", "unique_id_r")
        .select("source_l", "record_id_l", "source_r", "record_id_r", *extra)
    )


def write_cluster_files(link: LinkDir, nodes: Any, clustering: Any, scratch: Path) -> None:
    """``clusters``, ``duplicates`` and ``ambiguous`` as CSV and as Parquet."""
    clusters = (
        nodes.select("unique_id", "source", "record_id")
        .join(clustering.clusters, "unique_id", "left")
        .orderBy("unique_id")
        .select("source", "record_id", "cluster_id", "match_probability")
    )
    copies = dict(link.parquet_copies())
    tables = (
        (link.clusters_path, clusters),
        (link.duplicates_path, _name_pairs(clustering.duplicates, nodes)),
        (link.ambiguous_path, _name_pairs(clustering.ambiguous, nodes)),
    )
    for csv, frame in tables:
        write_table(frame, scratch, csv=csv, parquet=copies.get(csv))


def write_quarantine_file(quarantine: Any, path: Path, scratch: Path) -> None:
    """``quarantine.csv`` in the local reader's order, streamed a batch at a time."""
    ordered = quarantine.orderBy("position", "seq").select(
        "path", "row", "field", "value", "reason"
    )
    parts = _parts(ordered, scratch)
    on_executor(
        quarantine.sparkSession,
        write_quarantine_parts,
        [str(p.resolve()) for p in parts],
        str(path.resolve()),
    )
    shutil.rmtree(scratch, ignore_errors=True)


def write_quarantine_parts(parts: list[str], path: str) -> None:
    """``quarantine.csv`` from the Parquet ``parts``, in order, a batch at a time."""

    def rows() -> Iterator[QuarantinedRow]:
        for part in parts:
            for batch in pq.ParquetFile(part).iter_batches(batch_size=10_000):
                for row in batch.to_pylist():
                    yield QuarantinedRow(
                        row["path"], row["row"], row["field"], row["value"], row["reason"]
                    )

    write_quarantine(rows(), Path(path))
