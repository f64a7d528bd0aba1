"""The one seam between hedui and a SQL engine: make Splink's database API from a name.

Everything else in :mod:`hedui.linkage` talks to Splink, which talks to the engine. Adding
an engine (Spark, via Splink's ``SparkAPI``) means adding a branch here and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from splink import DuckDBAPI

from hedui.errors import ConfigurationError

ENGINES = ("duckdb",)


@dataclass(frozen=True)
class EngineOptions:
    """Resources the engine may use.

    DuckDB's defaults (80% of RAM, all cores, temporary files next to the database) are
    wrong for a shared county server: a linkage run should leave memory for others and
    spill to a directory we chose, so it can run beside the web application.

    Attributes:
        memory_limit: DuckDB ``memory_limit`` (e.g. ``"4GB"``); beyond it, operators spill.
        threads: worker threads.
        temp_directory: where spilled data goes; created if missing.
    """

    memory_limit: str = "3GB"
    threads: int = 2
    temp_directory: Path | None = None


def make_db_api(engine: str = "duckdb", options: EngineOptions | None = None) -> Any:
    """Return a Splink database API for ``engine``, configured with ``options``.

    Raises:
        ConfigurationError: ``engine`` is not one hedui supports.
    """
    options = options or EngineOptions()
    if engine != "duckdb":
        supported = ", ".join(ENGINES)
        raise ConfigurationError(
            f"不支持的计算引擎 {engine!r}（可用：{supported}）。"
            f" Unknown engine {engine!r}; use one of: {supported}."
        )
    return DuckDBAPI(connect_duckdb(options))


def load_records(db_api: Any, path: Path, table_name: str) -> Any:
    """Load the prepared records from a Parquet file into the engine as ``table_name``.

    The engine reads the file itself, so the records live in its memory (which spills to
    disk beyond its limit) rather than in Python's. Returns Splink's handle on the table.
    """
    connection = db_api.duckdb_con
    connection.execute(
        f"CREATE OR REPLACE TABLE {table_name} AS SELECT * FROM read_parquet(?)", [str(path)]
    )
    return db_api.register(table_name)


def copy_to_parquet(db_api: Any, select_sql: str, path: Path) -> None:
    """Write the result of ``select_sql`` straight to a Parquet file, without a copy table."""
    db_api.duckdb_con.execute(f"COPY ({select_sql}) TO '{path.as_posix()}' (FORMAT PARQUET)")


def connect_duckdb(options: EngineOptions) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection with deliberate limits."""
    connection = duckdb.connect(":memory:")
    connection.execute(f"SET memory_limit = '{options.memory_limit}'")
    connection.execute(f"SET threads = {int(options.threads)}")
    # A library never prints: DuckDB would draw its own progress bar on long queries.
    connection.execute("SET enable_progress_bar = false")
    # Insertion order does not matter to linkage; dropping it lets DuckDB stream and spill.
    connection.execute("SET preserve_insertion_order = false")
    if options.temp_directory is not None:
        options.temp_directory.mkdir(parents=True, exist_ok=True)
        connection.execute(f"SET temp_directory = '{options.temp_directory.as_posix()}'")
    return connection
