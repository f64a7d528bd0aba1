"""Time ``import_file`` on a 100,000-row CSV against plain ``polars.read_csv`` + ``executemany``.

The target (issue #5) is an import of a 100,000-row file in under 60 seconds. The baseline is the
least a program can do to put the same file into the same ``records`` table: read it with polars
(all text, no validation) and insert every row with one ``sqlite3`` ``executemany``, no checks, no
batch, no quarantine, no audit. Both write into a freshly migrated SQLite file (WAL, as
``hedui serve`` uses), and both times include the commit.

The file is :mod:`bench_reader`'s township export (ISO and 1985年3月7日 dates, 男/女, 2% of ID
numbers failing their check, 3% blank) with every ``resident`` row turned into a ``move_in``, so
that nearly every row is a ledger event inside the county.

Usage: ``.venv/bin/python bench/bench_import.py [--rows N] [--repeat N]``
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import polars as pl

from bench_reader import write_canonical_csv
from hedui.sources.schema import CANONICAL_COLUMNS
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.importing import ImportOutcome, import_file
from hedui.store.migrations import upgrade

T = TypeVar("T")
COUNTY = "320924"
# The columns the township export has: all but hedui's own birth_date_partial.
_COLUMNS = tuple(c for c in CANONICAL_COLUMNS if c != "birth_date_partial")


def write_events_csv(path: Path, rows: int) -> None:
    """The reader benchmark's township export, with every row a ledger event."""
    write_canonical_csv(path, rows)
    frame = pl.read_csv(path, infer_schema=False)
    frame.with_columns(pl.col("event").replace("resident", "move_in")).write_csv(path)


def fresh_database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    upgrade(url)
    return url


def hedui_import(path: Path, url: str) -> ImportOutcome:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session, transaction(session):
            return import_file(session, path, source="township_db", actor=None, area_code=COUNTY)
    finally:
        engine.dispose()


def baseline_import(path: Path, url: str) -> int:
    """polars.read_csv and one executemany: no normalisation, no checks, no quarantine."""
    frame = pl.read_csv(path, infer_schema=False).select(
        *_COLUMNS,
        pl.col("address_code").alias("village_code"),
        pl.lit("2025-01-01 00:00:00").alias("created_at"),
    )
    names = frame.columns
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.executemany(
            f"INSERT INTO records ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            frame.iter_rows(),
        )
        connection.commit()
    finally:
        connection.close()
    return frame.height


def _timed(run: Callable[[Path, str], T], path: Path, url: str) -> tuple[float, T]:
    """One run of ``run(path, url)``; the database was created and migrated beforehand."""
    started = time.perf_counter()
    result = run(path, url)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="report the best of N runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "township_db.csv"
        write_events_csv(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        baseline = min(
            _timed(baseline_import, path, fresh_database(folder, f"b{i}.db"))
            for i in range(args.repeat)
        )
        runs = [
            _timed(hedui_import, path, fresh_database(folder, f"h{i}.db"))
            for i in range(args.repeat)
        ]
    seconds, outcome = min(runs, key=lambda pair: pair[0])
    print(f"rows {args.rows:,}  file {size_mb:.1f} MB  SQLite (WAL)  (best of {args.repeat})")
    print(f"{'read_csv + executemany':<24} {baseline[0]:6.2f} s  ({baseline[1]:,} rows inserted)")
    print(
        f"{'hedui import_file':<24} {seconds:6.2f} s  ({outcome.accepted:,} records, "
        f"{outcome.quarantined_rows:,} rows quarantined, {len(outcome.warnings):,} warnings)"
    )
    print(f"ratio import_file / baseline: {seconds / baseline[0]:.1f}x")


if __name__ == "__main__":
    main()
