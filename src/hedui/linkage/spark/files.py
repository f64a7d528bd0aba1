"""Source files from anywhere Spark reads, and Parquet copies of the results.

Every source goes through :func:`hedui.sources.read_source`, whichever the engine: one
reader means one set of rules for encodings, column names, validation and quarantine. A
source that reader cannot open directly is first *staged* — copied to the run's temporary
directory as a CSV file:

- a path with a scheme (``hdfs://``, ``s3a://``, ``file://``...) is fetched through Spark,
  which knows every Hadoop filesystem: a CSV byte for byte (``binaryFile``, so a GBK file
  keeps its encoding for the reader to detect), a Parquet file as text columns;
- a local Parquet file is read with polars.

Quarantined rows and warnings name the file as the user gave it, not the staged copy; a
Parquet row ``n`` (from 0) is reported as row ``n + 2``, as if it were a CSV with a header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from hedui.errors import LinkageError
from hedui.linkage.link_dir import LinkDir
from hedui.sources import QuarantinedRow

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def is_uri(path: str) -> bool:
    """Whether ``path`` names a file through a filesystem scheme (``hdfs://...``)."""
    return bool(_SCHEME.match(path))


def is_parquet(path: str) -> bool:
    """Whether ``path`` is a Parquet file or a directory of Parquet part files."""
    return path.rstrip("/").lower().endswith((".parquet", ".parq"))


@dataclass
class StagedSources:
    """Local files to read, and the name the user gave each staged one."""

    paths: list[Path]
    given: dict[str, str] = field(default_factory=dict)

    def rename_quarantine(self, rows: list[QuarantinedRow]) -> list[QuarantinedRow]:
        """Quarantined rows naming the file as given rather than its staged copy."""
        return [replace(row, path=self.given.get(row.path, row.path)) for row in rows]

    def rename_warnings(self, warnings: list[str]) -> list[str]:
        """Warnings naming files as given."""
        for staged, given in self.given.items():
            warnings = [warning.replace(staged, given) for warning in warnings]
        return warnings


def stage_sources(
    paths: Sequence[Path | str], staging_dir: Path, spark: Any | None
) -> StagedSources:
    """Local readable files for ``paths``, staging those :func:`read_source` cannot open.

    Args:
        paths: local paths or URIs, CSV, Excel or Parquet.
        staging_dir: where staged copies go (inside the run's temporary directory).
        spark: a SparkSession, needed only for URIs.

    Raises:
        LinkageError: a URI is given without Spark, or Spark cannot read it.
    """
    staged = StagedSources(paths=[])
    for position, given in enumerate(str(p) for p in paths):
        if not is_uri(given) and not is_parquet(given):
            staged.paths.append(Path(given))
            continue
        name = re.sub(r"\.(parquet|parq)$", ".csv", Path(given.rstrip("/")).name)
        target = staging_dir / str(position) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not is_uri(given):
            _text_columns(pl.read_parquet(given)).write_csv(target)
        elif spark is None:
            raise LinkageError(
                f"{given} 不是本地文件，需要 --engine spark 读取 / {given} is not a local "
                "file; read it with --engine spark"
            )
        else:
            _fetch_with_spark(spark, given, target)
        staged.paths.append(target)
        staged.given[str(target)] = given
    return staged


def _text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text, as a CSV would give it (dates ISO, numbers as written)."""
    return frame.select(pl.all().cast(pl.Utf8))


def _fetch_with_spark(spark: Any, uri: str, target: Path) -> None:
    try:
        if is_parquet(uri):
            frame = spark.read.parquet(uri)
            text = frame.select([frame[c].cast("string").alias(c) for c in frame.columns])
            table = pl.from_arrow(text.toArrow())
            assert isinstance(table, pl.DataFrame)
            table.write_csv(target)
        else:
            rows = spark.read.format("binaryFile").load(uri).select("content").collect()
            if len(rows) != 1:
                raise LinkageError(
                    f"{uri} 应是一个文件，找到 {len(rows)} 个 / {uri} should be one file, "
                    f"found {len(rows)}"
                )
            target.write_bytes(bytes(rows[0]["content"]))
    except LinkageError:
        raise
    except Exception as error:  # Spark's reasons: no such path, no credentials, ...
        detail = str(error).strip().splitlines()[0][:300] if str(error).strip() else repr(error)
        raise LinkageError(f"Spark 无法读取 {uri}：{detail} / Spark cannot read {uri}") from None


def write_parquet_copies(link: LinkDir) -> None:
    """``clusters.parquet``, ``duplicates.parquet``, ``ambiguous.parquet`` from their CSVs
    (:data:`hedui.linkage.link_dir.PARQUET_COPIES`; ``links.parquet`` always is Parquet).

    Values stay text as in the CSV (a record number keeps its leading zeros); only
    probabilities are numbers.
    """
    for csv, copy in link.parquet_copies():
        frame = pl.read_csv(csv, infer_schema=False)
        frame = frame.with_columns(
            pl.col(c).cast(pl.Float64) for c in frame.columns if c == "match_probability"
        )
        frame.write_parquet(copy)
