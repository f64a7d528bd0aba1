"""Reading and validating the sources on Spark's executors.

Each source file is fetched by Spark (``binaryFile``: a local path, ``hdfs://``, ``s3a://``...)
and read on an executor by :func:`hedui.sources.arrow_batch.read_file_batch` — the local
reader itself, run where the file's bytes are — one file per task. A Parquet source is first
turned into one CSV file by Spark (text columns, a header), as the local staging does. The
outcome (records, quarantine, one summary per file) is written once as Parquet in the run's
temporary directory, and the driver reads back only the few summary rows: the records and the
quarantine never pass through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from hedui.errors import LinkageError, SourceFileError
from hedui.linkage.spark.files import is_parquet, is_uri
from hedui.sources.arrow_batch import EMPTY, batch_schema, read_file_batch
from hedui.sources.schema import CANONICAL_COLUMNS

_FILES_SCHEMA = "position BIGINT, path STRING, content BINARY"


@dataclass(frozen=True)
class SparkSources:
    """What reading gave: Spark tables of records and quarantine, and the warnings.

    Attributes:
        records: canonical records (and the extra columns asked for), with ``position``
            (the file's place in the list) and ``seq`` (the record's in the file).
        quarantine: ``position``, ``seq``, ``path``, ``row``, ``field``, ``value``,
            ``reason``, in the local reader's order when sorted by ``position, seq``.
        warnings: empty files, files without usable records, files largely quarantined.
    """

    records: Any
    quarantine: Any
    warnings: list[str]


def shown_name(given: str) -> str:
    """A source's name in quarantine rows and warnings, as the local pipeline shows it."""
    return given if is_uri(given) else str(Path(given))


def _uri(given: str) -> str:
    return given if is_uri(given) else Path(given).resolve().as_uri()


def _fetch(spark: Any, given: str, position: int, scratch: Path) -> Any:
    """One file as a one-row table ``position, path, content``."""
    from pyspark.sql import functions as F

    uri = _uri(given)
    if is_parquet(given):
        table = spark.read.parquet(uri)
        text = table.select([table[c].cast("string").alias(c) for c in table.columns])
        target = scratch / f"parquet-{position}"
        text.coalesce(1).write.mode("overwrite").option("header", True).option(
            "escape", '"'
        ).option("nullValue", "").csv(target.resolve().as_uri())
        uri = next(target.glob("part-*.csv")).resolve().as_uri()
    files = spark.read.format("binaryFile").load(uri)
    return files.select(
        F.lit(position).cast("bigint").alias("position"),
        F.lit(shown_name(given)).alias("path"),
        files["content"],
    )


def read_on_executors(
    spark: Any,
    paths: list[str],
    scratch: Path,
    *,
    extra_columns: tuple[str, ...],
    today: date,
    quarantine_warning: Any,
) -> SparkSources:
    """Read and validate every file in ``paths`` on the executors.

    Args:
        spark: the session.
        paths: the sources as given (local paths or URIs; CSV, Excel or Parquet).
        scratch: a directory of the run's temporary directory that every executor sees.
        extra_columns: non-canonical columns to keep when a file has them.
        today: dates after this are impossible (the driver's day, for every executor).
        quarantine_warning: ``(path, rows_read, bad_rows, reason) -> list[str]``.

    Raises:
        LinkageError: Spark cannot read a file, or nothing is left to link.
        SourceFileError: a file cannot be read as a source (its reason, as locally).
    """
    try:
        tables = [_fetch(spark, given, i, scratch) for i, given in enumerate(paths)]
    except Exception as error:  # Spark's reasons: no such path, no credentials, ...
        text = str(error).strip()
        detail = text.splitlines()[0][:300] if text else repr(error)
        raise LinkageError(
            f"Spark 无法读取来源文件：{detail} / Spark cannot read {detail}"
        ) from None
    files = tables[0]
    for table in tables[1:]:
        files = files.unionByName(table)
    count = files.count()
    if count != len(paths):
        raise LinkageError(
            f"应读取 {len(paths)} 个文件，Spark 找到 {count} 个 / expected {len(paths)} files, "
            f"Spark found {count}: give each source as one file"
        )
    schema = batch_schema(extra_columns)
    read = partial(read_file_batch, extra_columns=extra_columns, today=today)
    spread = files.repartitionByRange(max(count, 1), "position")
    target = (scratch / "read").resolve().as_uri()
    spread.mapInArrow(read, _spark_schema(schema)).write.mode("overwrite").parquet(target)
    outcome = spark.read.parquet(target)
    return SparkSources(
        records=outcome.where("kind = 'record'").select(
            "position", "seq", *CANONICAL_COLUMNS, *extra_columns
        ),
        quarantine=outcome.where("kind = 'quarantine'").select(
            "position", "seq", "path", "row", "field", "value", "reason"
        ),
        warnings=_file_warnings(outcome, quarantine_warning),
    )


def _file_warnings(outcome: Any, quarantine_warning: Any) -> list[str]:
    """Warnings from the per-file summaries; a file that cannot be read stops the run."""
    warnings: list[str] = []
    summaries = outcome.where("kind = 'file'").orderBy("position").collect()
    for row in summaries:
        if row["error"] is not None and row["error"] != EMPTY:
            raise SourceFileError(row["error"], path=row["path"])
    for row in summaries:
        path = row["path"]
        if row["error"] == EMPTY:
            warnings.append(
                f"来源文件 {path} 没有数据行，已跳过 / {path} has no data rows; skipped"
            )
            continue
        warnings.extend(
            quarantine_warning(path, row["rows_read"], row["bad_rows"], row["reason"] or "")
        )
        if row["rows_read"] == row["bad_rows"]:
            warnings.append(f"来源文件 {path} 没有可用的记录 / {path} has no usable records")
    return warnings


def _spark_schema(schema: Any) -> str:
    return ", ".join(
        f"`{f.name}` {'BIGINT' if str(f.type) == 'int64' else 'STRING'}" for f in schema
    )
