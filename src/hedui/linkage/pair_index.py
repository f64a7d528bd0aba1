"""One record's scored pairs, found without reading every pair of a run.

A run scores millions of pairs; explaining one record on a case page needs the few that
name it. So ``hedui link`` writes the pairs in an order that lets a reader skip the rest:

- ``links.parquet`` sorted by ``unique_id_l`` (then ``unique_id_r``), in row groups of at most
  :data:`LOOKUP_GROUP_ROWS` rows, each with its minimum and maximum: the pairs whose left record
  is *u* lie in one or two row groups, and Parquet readers skip the others by those statistics;
- ``links_by_right.parquet``, the same pairs as ``unique_id_r, unique_id_l`` only, sorted by
  ``unique_id_r``: the pairs whose right record is *u* are found there, and then read from
  ``links.parquet`` by their left record.

:func:`pairs_of` looks one record up so (see :func:`rows_where`; filtering the whole file on the
record's source and id took 48 ms of CPU at 300,000 records and 760,000 pairs). A directory
written by an older hedui has no ``links_by_right.parquet``, or one that no longer matches its
``links.parquet``; :func:`pairs_of` then answers ``None`` and the caller filters the whole file.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hedui.cache import KeptAnswers, kept_answers
from hedui.linkage.engine import is_spark
from hedui.linkage.link_dir import LinkDir

__all__ = [
    "LOOKUP_GROUP_ROWS",
    "keep_pair_index",
    "pairs_among",
    "pairs_of",
    "rows_where",
    "write_sorted",
]

LOOKUP_GROUP_ROWS = 4_096
"""Rows of a row group, at most, of the files read one record at a time: ``links.parquet``,
``links_by_right.parquet`` and ``records.parquet``. A look-up decodes the whole row group that
holds its rows (about 1 ms for 4,096 pairs or records, 0.6 ms for 2,048, 2–3 ms for 10,000);
smaller groups make the footer, which the reader keeps per file version, larger
(:data:`_FOOTERS`: explaining a record took 12 ms of CPU with 2,048 rows and 16 ms with 4,096,
but the footers kept took twice the memory). A multiple of DuckDB's vector of 2,048 rows."""

_LARGE_GROUP_ROWS = 4 * LOOKUP_GROUP_ROWS
"""Beyond this many rows in a row group (``records.parquet`` of an older hedui: 100,000), a
look-up filters through polars, which decodes only the matching rows of the other columns,
rather than reading whole row groups."""

_MATCHING: KeptAnswers[bool] = kept_answers("pair index: companion matches links.parquet", 8)
"""Whether a directory's ``links_by_right.parquet`` holds as many pairs as its
``links.parquet``, under both files' modification times and sizes."""


def write_sorted(
    db_api: Any,
    select_sql: str,
    order: tuple[str, ...],
    path: Path,
    *,
    group_rows: int = LOOKUP_GROUP_ROWS,
) -> None:
    """Write the rows of ``select_sql`` to the Parquet file ``path``, sorted by ``order``, in row
    groups of at most ``group_rows`` rows with their statistics.

    DuckDB sorts and writes in one statement (spilling to its temporary directory beyond its
    memory limit); Spark sorts across its executors, which write the part files in order, and
    one task joins them into ``path`` in row groups of that size.
    """
    ordered = f"{select_sql} ORDER BY {', '.join(order)}"
    if is_spark(db_api):
        from hedui.linkage.spark.tables import spark_to_parquet

        scratch = db_api.hedui_work_dir / "parts"
        spark_to_parquet(db_api, ordered, path, scratch, row_group_size=group_rows)
        return
    db_api.duckdb_con.execute(
        f"COPY ({ordered}) TO '{path.as_posix()}' "
        f"(FORMAT PARQUET, ROW_GROUP_SIZE {int(group_rows)})"
    )


def pairs_of(link: LinkDir, unique_id: int) -> pl.DataFrame | None:
    """Every pair of ``links.parquet`` with the record ``unique_id`` on either side (every
    column, in no particular order); ``None`` when the directory has no usable
    ``links_by_right.parquet`` (written by an older hedui), for the caller to filter the
    whole file instead."""
    if not _index_matches(link.links_path, link.links_by_right_path):
        return None
    by_right = rows_where(link.links_by_right_path, ("unique_id_r",), [(unique_id,)])
    lefts = [(left,) for left in by_right["unique_id_l"].to_list()]
    candidates = rows_where(link.links_path, ("unique_id_l",), [(unique_id,), *lefts])
    left, right = pl.col("unique_id_l"), pl.col("unique_id_r")
    return candidates.filter((left == unique_id) | (right == unique_id))


def pairs_among(
    link: LinkDir, unique_ids: Iterable[int], columns: Sequence[str] | None = None
) -> pl.DataFrame:
    """Every pair of ``links.parquet`` whose two records are both among ``unique_ids``, with
    ``columns`` (every column when ``None``; those the file lacks are left out; the two
    numbers always), in no particular order.

    ``links_by_right.parquet`` (two columns, cheap to read) names those pairs first, so only the
    row groups of ``links.parquet`` that hold them are read (none when there are none); without
    a usable one, the groups of every record as a left one are read.
    """
    ids = set(unique_ids)
    if _index_matches(link.links_path, link.links_by_right_path):
        rights = [(u,) for u in sorted(ids)]
        by_right = rows_where(link.links_by_right_path, ("unique_id_r",), rights)
        lefts = sorted({left for left in by_right["unique_id_l"].to_list() if left in ids})
    else:
        lefts = sorted(ids)
    if columns is not None:
        columns = list(dict.fromkeys(["unique_id_l", "unique_id_r", *columns]))
    found = rows_where(link.links_path, ("unique_id_l",), [(u,) for u in lefts], columns)
    # A few rows: picked in Python, without a polars query's fixed cost.
    both = zip(found["unique_id_l"].to_list(), found["unique_id_r"].to_list(), strict=True)
    return found[[n for n, (left, right) in enumerate(both) if left in ids and right in ids]]


def keep_pair_index(link: LinkDir) -> None:
    """Read and keep what :func:`pairs_among` reads before any pair: the footers of
    ``links.parquet`` and ``links_by_right.parquet`` with their row groups' bounds, and whether
    the two files match (a web worker does it when it starts)."""
    if _index_matches(link.links_path, link.links_by_right_path):
        _row_groups(link.links_by_right_path, ("unique_id_r",))
    _row_groups(link.links_path, ("unique_id_l",))


def rows_where(
    path: Path,
    key: tuple[str, ...],
    values: Sequence[tuple[Any, ...]],
    columns: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The rows of the Parquet file ``path`` whose ``key`` columns equal one of ``values``,
    with ``columns`` (every column when ``None``; those the file lacks are left out).

    Only the row groups whose statistics admit one of ``values`` are read, through the file's
    footer kept per file version: a footer grows with the file (2.8 MB for 7.6 million pairs,
    16 ms to parse), a row group does not.
    """
    groups = _row_groups(path, key)
    names = groups.metadata.schema.names
    shown = None if columns is None else [c for c in columns if c in names]
    if groups.largest > _LARGE_GROUP_ROWS:  # an older hedui's file: polars decodes less
        each = [
            pl.all_horizontal(pl.col(c) == v for c, v in zip(key, value, strict=True))
            for value in values
        ]
        scan = pl.scan_parquet(path).filter(pl.any_horizontal(each) if each else pl.lit(False))
        return scan.select(shown if shown is not None else pl.all()).collect()
    wanted = sorted({g for value in values for g in groups.holding(value)})
    read = None if shown is None else [*shown, *(c for c in key if c not in shown)]
    parquet = pq.ParquetFile(path, metadata=groups.metadata)
    if wanted:
        table = parquet.read_row_groups(wanted, columns=read, use_threads=False)
    else:
        schema = parquet.schema_arrow
        table = (
            schema if read is None else pa.schema([schema.field(c) for c in read])
        ).empty_table()
    matching = None
    for value in values:
        equal = None
        for column, wanted_value in zip(key, value, strict=True):
            test = pc.equal(table[column], pa.scalar(wanted_value, table.schema.field(column).type))
            equal = test if equal is None else pc.and_kleene(equal, test)
        matching = equal if matching is None else pc.or_kleene(matching, equal)
    # Only the matching rows become a polars frame: converting whole row groups costs more.
    frame = pl.from_arrow(table.filter(matching) if matching is not None else table.slice(0, 0))
    assert isinstance(frame, pl.DataFrame)
    return frame if shown is None else frame.select(shown)


@dataclass(frozen=True)
class _RowGroups:
    """A Parquet file's footer and, for each row group, the least and greatest values of some
    columns taken together (``None`` where a statistic is missing); ``largest``: the rows of
    its largest row group."""

    metadata: pq.FileMetaData
    lows: list[Any]
    highs: list[Any]
    ordered: bool
    largest: int

    def holding(self, value: tuple[Any, ...]) -> Iterable[int]:
        """The row groups that may hold rows whose columns equal ``value``."""
        if self.ordered:  # sorted: the groups are a run, found by halving
            first = bisect_left(self.highs, value)
            return range(first, bisect_right(self.lows, value, lo=first))
        return [
            g
            for g, (low, high) in enumerate(zip(self.lows, self.highs, strict=True))
            if low is None or high is None or low <= value <= high
        ]


_FOOTERS: KeptAnswers[pq.FileMetaData] = kept_answers("pair index: a Parquet file's footer", 6)
"""The footers of ``links.parquet``, ``links_by_right.parquet`` and ``records.parquet`` of the
runs being explained, under each file's modification time and size: parsed, a footer takes
about 1 kB per row group and column (at 7.6 million pairs and 3 million records, with row groups
of 4,096: 52 MB for ``links.parquet``, 23 MB for ``records.parquet``, 3 MB for
``links_by_right.parquet``)."""

_ROW_GROUPS: KeptAnswers[_RowGroups] = kept_answers("pair index: a Parquet file's row groups", 8)
""":class:`_RowGroups` of those files on the columns looked up, under the same versions."""


def _row_groups(path: Path, key: tuple[str, ...]) -> _RowGroups:
    try:
        stat = path.stat()
    except OSError:
        stat = None
    version = None if stat is None else (str(path), stat.st_mtime_ns, stat.st_size)

    def footer() -> pq.FileMetaData:
        return pq.read_metadata(path)

    def read() -> _RowGroups:
        metadata = footer() if version is None else _FOOTERS.get(version, footer)
        names = metadata.schema.names
        lows: list[Any] = []
        highs: list[Any] = []
        for g in range(metadata.num_row_groups):
            group = metadata.row_group(g)
            stats = [group.column(names.index(c)).statistics for c in key]
            known = all(s is not None and s.has_min_max for s in stats)
            lows.append(tuple(s.min for s in stats) if known else None)
            highs.append(tuple(s.max for s in stats) if known else None)
        bounded = all(b is not None for b in (*lows, *highs))
        ordered = bounded and all(a <= b for bounds in (lows, highs) for a, b in pairwise(bounds))
        sizes = [metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)]
        return _RowGroups(metadata, lows, highs, ordered, max(sizes, default=0))

    if version is None:
        return read()
    return _ROW_GROUPS.get((*version, key), read)


def _index_matches(links: Path, by_right: Path) -> bool:
    """Whether ``by_right`` is there and lists as many pairs as ``links`` (an older hedui
    writing a new run into the directory would replace ``links.parquet`` and leave it)."""
    try:
        versions = tuple(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in (links, by_right)
        )
    except OSError:
        return False

    def count() -> bool:
        try:
            return bool(pq.read_metadata(links).num_rows == pq.read_metadata(by_right).num_rows)
        except (OSError, pa.ArrowException):  # not Parquet: the whole-file filter says so
            return False

    return _MATCHING.get(versions, count)
