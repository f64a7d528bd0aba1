"""The canonical reader over Arrow: a batch of files in, canonical rows and problems out.

A distributed engine (Spark's ``mapInArrow``) hands a worker an Arrow batch of files —
``position`` (the file's place in the list given), ``path`` (its name as given) and
``content`` (its bytes). :func:`read_file_batch` reads each with :func:`read_source`, the
one reader every import goes through, and lays the outcome out as one Arrow table with a
``kind`` per row:

- ``record``: a canonical record (every canonical column, then ``extra_columns`` when the
  file has them), numbered ``seq`` in the file's order;
- ``quarantine``: a problem that kept a row out (``row``, ``field``, ``value``, ``reason``),
  ``seq`` in the reader's order;
- ``file``: one per file: ``rows_read``, ``bad_rows`` (distinct quarantined rows), the most
  common ``reason``; or, in ``error``, why the file as a whole could not be read (``empty``
  for a file without data rows).

The rules (encodings, dates, IDs, sex, quarantine) are therefore the local reader's own, not
a copy: a file gives the same records and quarantine on one machine and on a cluster. A file
is the unit of work, because one rule — a ``record_id`` repeated in a file quarantines the
later rows — needs the whole file.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow as pa

from hedui.errors import EmptySourceError, HeduiError
from hedui.sources.reader import read_source
from hedui.sources.schema import CANONICAL_COLUMNS

__all__ = ["EMPTY", "batch_schema", "read_file_batch", "read_file_bytes"]

EMPTY = "empty"
"""``error`` of a ``file`` row for a file with a header but no data rows."""

_PROBLEM_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("kind", pa.string()),
    ("position", pa.int64()),
    ("seq", pa.int64()),
    ("path", pa.string()),
    ("row", pa.int64()),
    ("field", pa.string()),
    ("value", pa.string()),
    ("reason", pa.string()),
    ("rows_read", pa.int64()),
    ("bad_rows", pa.int64()),
    ("error", pa.string()),
)
_CHUNK = 65_536


def batch_schema(extra_columns: Sequence[str] = ()) -> pa.Schema:
    """The schema of :func:`read_file_batch`'s output."""
    columns = [*CANONICAL_COLUMNS, *(c for c in extra_columns if c not in CANONICAL_COLUMNS)]
    return pa.schema([*_PROBLEM_FIELDS, *((c, pa.string()) for c in columns)])


def read_file_bytes(content: bytes, path: str, *, today: date) -> pl.DataFrame | HeduiError:
    """Read one file's bytes as :func:`read_source` reads the file; returns records and
    problems laid out as :func:`read_file_batch` describes (``position`` 0), or the error
    that stopped the whole file.

    A Parquet file (by its magic number) is read as text columns and written as a CSV first, as if
    it had been exported with a header: its row ``n`` (from 0) is reported as row ``n + 2``.
    """
    with tempfile.TemporaryDirectory(prefix="hedui-read-") as tmp:
        name = Path(path.rstrip("/")).name or "source.csv"
        local = Path(tmp) / name
        if content[:4] == b"PAR1":  # Parquet's magic number
            local = local.with_suffix(".csv")
            frame = pl.read_parquet(content)
            frame.select(pl.all().cast(pl.Utf8)).write_csv(local)
        else:
            local.write_bytes(content)
        try:
            result = read_source(local, today=today)
        except HeduiError as error:
            return error
    shown = str(local)
    records = result.records.with_columns(
        pl.lit("record").alias("kind"), pl.int_range(pl.len(), dtype=pl.Int64).alias("seq")
    )
    problems = pl.DataFrame(
        {
            "kind": ["quarantine"] * len(result.quarantine),
            "seq": list(range(len(result.quarantine))),
            "row": [q.row for q in result.quarantine],
            "field": [q.field for q in result.quarantine],
            "value": [q.value for q in result.quarantine],
            "reason": [q.reason.replace(shown, path) for q in result.quarantine],
        },
        schema={
            "kind": pl.Utf8,
            "seq": pl.Int64,
            "row": pl.Int64,
            "field": pl.Utf8,
            "value": pl.Utf8,
            "reason": pl.Utf8,
        },
    )
    reasons = Counter(q.reason.replace(shown, path) for q in result.quarantine)
    summary = pl.DataFrame(
        {
            "kind": ["file"],
            "rows_read": [result.rows_read],
            "bad_rows": [result.quarantined_rows],
            "reason": [reasons.most_common(1)[0][0] if reasons else None],
        },
        schema={"kind": pl.Utf8, "rows_read": pl.Int64, "bad_rows": pl.Int64, "reason": pl.Utf8},
    )
    return pl.concat([records, problems, summary], how="diagonal_relaxed").with_columns(
        pl.lit(path).alias("path")
    )


def read_file_batch(
    batches: Iterator[pa.RecordBatch], *, extra_columns: Sequence[str] = (), today: date
) -> Iterator[pa.RecordBatch]:
    """Read every file of every batch (``position``, ``path``, ``content``); yields batches of
    :func:`batch_schema` (``extra_columns``), a file's rows together."""
    schema = batch_schema(extra_columns)
    for batch in batches:
        for position, path, content in zip(
            batch.column("position").to_pylist(),
            batch.column("path").to_pylist(),
            batch.column("content").to_pylist(),
            strict=True,
        ):
            outcome = read_file_bytes(content, path, today=today)
            if isinstance(outcome, HeduiError):
                error = EMPTY if isinstance(outcome, EmptySourceError) else outcome.message
                outcome = pl.DataFrame(
                    {"kind": ["file"], "path": [path], "error": [error]},
                    schema={"kind": pl.Utf8, "path": pl.Utf8, "error": pl.Utf8},
                )
            frame = outcome.with_columns(pl.lit(position, dtype=pl.Int64).alias("position"))
            frame = frame.select(
                pl.col(f.name).cast(_polars_type(f.type))
                if f.name in frame.columns
                else pl.lit(None, dtype=_polars_type(f.type)).alias(f.name)
                for f in schema
            )
            table = frame.to_arrow().cast(schema)
            yield from table.to_batches(max_chunksize=_CHUNK)


def _polars_type(arrow: pa.DataType) -> type[pl.DataType]:
    return pl.Int64 if pa.types.is_integer(arrow) else pl.Utf8
