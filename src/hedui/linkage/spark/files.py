"""Sources and names for a DuckDB run: local Parquet sources staged as CSV, URIs refused.

Every source goes through :func:`hedui.sources.read_source`, whichever the engine: one
reader means one set of rules for encodings, column names, validation and quarantine. On
DuckDB, a local Parquet source is first *staged* — written to the run's temporary directory
as a CSV file of text columns — and a URI (``hdfs://``...) is refused: Spark reads those
(:mod:`.reading`, on the executors). :func:`is_uri` and :func:`is_parquet` serve both.

Quarantined rows and warnings name the file as the user gave it, not the staged copy; a
Parquet row ``n`` (from 0) is reported as row ``n + 2``, as if it were a CSV with a header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from hedui.errors import LinkageError
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


def stage_sources(paths: Sequence[Path | str], staging_dir: Path) -> StagedSources:
    """Local readable files for ``paths``, staging those :func:`read_source` cannot open.

    Args:
        paths: local paths or URIs, CSV, Excel or Parquet.
        staging_dir: where staged copies go (inside the run's temporary directory).

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
        if is_uri(given):
            raise LinkageError(
                f"{given} 不是本地文件，需要 --engine spark 读取 / {given} is not a local "
                "file; read it with --engine spark"
            )
        _text_columns(pl.read_parquet(given)).write_csv(target)
        staged.paths.append(target)
        staged.given[str(target)] = given
    return staged


def _text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text, as a CSV would give it (dates ISO, numbers as written)."""
    return frame.select(pl.all().cast(pl.Utf8))
