"""The one seam between hedui and a SQL engine: make Splink's database API from a name.

Everything else in :mod:`hedui.linkage` talks to Splink, which talks to the engine. DuckDB
runs in the process; Spark (:mod:`hedui.linkage.spark`, Splink's ``SparkAPI``) runs in a
JVM, locally or on a cluster. Both get the same comparisons, blocking rules and model; only
starting, loading, writing and stopping differ, and they differ here.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from splink import DuckDBAPI

from hedui.errors import ConfigurationError

ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class EngineOptions:
    """Resources the engine may use.

    DuckDB's defaults (80% of RAM, all cores, temporary files next to the database) are
    wrong for a shared county server: a linkage run should leave memory for others and
    spill to a directory we chose, so it can run beside the web application.

    Attributes:
        memory_limit: DuckDB ``memory_limit`` (e.g. ``"4GB"``); beyond it, operators spill.
            For Spark, the driver's memory (in local mode, the whole engine's).
        threads: DuckDB worker threads.
        temp_directory: where spilled data goes; created if missing. Spark keeps its
            scratch space and checkpoints there too (a temporary directory when None).
        spark_master: where Spark runs: ``local[*]``, ``local[2]``, ``spark://host:7077``,
            ``yarn``, ``k8s://...``.
        shuffle_partitions: Spark's ``spark.sql.shuffle.partitions``: a few per core.
        spark_conf: further Spark settings, ``(key, value)`` pairs
            (``spark.executor.memory``, ...).
        spark_session: a running SparkSession to use instead of starting one; hedui then
            leaves it running (tests share one per session).
    """

    memory_limit: str = "3GB"
    threads: int = 2
    temp_directory: Path | None = None
    spark_master: str = "local[*]"
    shuffle_partitions: int = 8
    spark_conf: tuple[tuple[str, str], ...] = ()
    spark_session: Any = None


def make_db_api(engine: str = "duckdb", options: EngineOptions | None = None) -> Any:
    """Return a Splink database API for ``engine``, configured with ``options``.

    Raises:
        ConfigurationError: ``engine`` is not one hedui supports.
        LinkageError: Spark cannot start (no Java, no PySpark, master unreachable).
    """
    options = options or EngineOptions()
    if engine == "duckdb":
        return DuckDBAPI(connect_duckdb(options))
    if engine == "spark":
        return _make_spark_api(options)
    supported = ", ".join(ENGINES)
    raise ConfigurationError(
        f"不支持的计算引擎 {engine!r}（可用：{supported}）。"
        f" Unknown engine {engine!r}; use one of: {supported}."
    )


def _make_spark_api(options: EngineOptions) -> Any:
    from hedui.linkage.spark.session import start_session
    from hedui.linkage.spark.tables import make_spark_api

    if options.temp_directory is not None:
        work = options.temp_directory.resolve() / "spark"
        # A run killed before its clean-up left files here; a new run starts without them.
        shutil.rmtree(work, ignore_errors=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="hedui-spark-"))
    session = options.spark_session
    if session is None:
        try:
            session = start_session(
                options.spark_master,
                work,
                driver_memory=options.memory_limit,
                shuffle_partitions=options.shuffle_partitions,
                conf=dict(options.spark_conf),
            )
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    db_api = make_spark_api(session, work / "checkpoints")
    db_api.hedui_owns_session = options.spark_session is None
    db_api.hedui_work_dir = work
    return db_api


def is_spark(db_api: Any) -> bool:
    """Whether ``db_api`` runs on Spark."""
    return bool(db_api.sql_dialect.sql_dialect_str == "spark")


def close_db_api(db_api: Any) -> None:
    """Release the engine: stop a Spark session hedui started and remove its scratch space."""
    if not is_spark(db_api):
        return
    from hedui.linkage.spark.tables import close_spark

    try:
        close_spark(db_api, stop=db_api.hedui_owns_session)
    finally:
        shutil.rmtree(db_api.hedui_work_dir, ignore_errors=True)


def engine_failures(engine: str) -> Any:
    """A context in which the engine's own failures become :class:`~hedui.errors.LinkageError`."""
    if engine != "spark":
        return nullcontext()
    from hedui.linkage.spark.tables import spark_failures

    return spark_failures()


def load_records(db_api: Any, path: Path, table_name: str) -> Any:
    """Load the prepared records from a Parquet file into the engine as ``table_name``.

    The engine reads the file itself, so the records live in its memory (which spills to
    disk beyond its limit) rather than in Python's. Returns Splink's handle on the table.
    """
    if is_spark(db_api):
        from hedui.linkage.spark.tables import load_spark_records

        return load_spark_records(db_api, path, table_name)
    connection = db_api.duckdb_con
    connection.execute(
        f"CREATE OR REPLACE TABLE {table_name} AS SELECT * FROM read_parquet(?)", [str(path)]
    )
    return db_api.register(table_name)


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
