"""Splink's ``SparkAPI`` for hedui: tables in and out as Parquet, Spark failures made clear.

Splink runs the same comparisons, blocking rules and model on Spark as on DuckDB; what
differs is only how tables get in and out of the engine:

- the prepared records are read by Spark from ``records.parquet`` (a ``file://`` URI, so
  a cluster whose default filesystem is HDFS still reads the local or shared directory);
- intermediate tables break their lineage as Parquet files in a checkpoint directory inside
  the run's temporary directory (Splink's ``break_lineage_method="parquet"``), which the
  pipeline removes after the run — a re-run never sees a previous run's files;
- ``links.parquet`` (and ``links_by_right.parquet``) is written by Spark as sorted part files
  and then joined into one file in bounded row groups, so every reader of a link directory
  (``--explain``, reconcile, estimate) sees the same layout whichever engine wrote it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import sqlglot

from hedui.errors import LinkageError
from hedui.linkage.spark.jaro import register_jaro_winkler

SPARK_FAILED = (
    "Spark 作业失败：{detail}。可直接重新运行（每次运行都从干净的临时目录开始）；若反复失败，"
    "请查看 executor 日志或增大内存（--memory-limit）/ the Spark job failed: {detail}. Run "
    "again (every run starts from clean temporary directories); if it fails again, see the "
    "executors' logs or give it more memory (--memory-limit)."
)


def make_spark_api(session: Any, checkpoint_dir: Path) -> Any:
    """Splink's SparkAPI on ``session``, breaking lineage into ``checkpoint_dir``.

    Splink's similarity functions come from its jar, except ``jaro_winkler``, which is
    DuckDB's written in SQL (:mod:`hedui.linkage.spark.jaro`): Spark will not let a SQL
    function replace a jar function, so the jar's are registered here, without it.
    """
    from splink.backends.spark import SparkAPI, similarity_jar_location
    from splink.internals.spark.jar_location import get_scala_udfs

    checkpoint_dir.mkdir(parents=True, exist_ok=True)
    session.sparkContext.setCheckpointDir(checkpoint_dir.resolve().as_uri())
    register_jaro_winkler(session)
    try:
        for name, java_class, returns in get_scala_udfs():  # type: ignore[no-untyped-call]
            if name != "jaro_winkler":
                session.udf.registerJavaFunction(name, java_class, returns)
    except Exception:  # the class is not on the classpath
        raise LinkageError(
            f"Spark 找不到 Splink 的函数库，请用 spark-submit --jars {similarity_jar_location()} "
            f"/ Splink's jar is not on Spark's classpath: pass --jars {similarity_jar_location()} "
            "to spark-submit"
        ) from None
    partitions = int(session.conf.get("spark.sql.shuffle.partitions"))
    return SparkAPI(  # type: ignore[no-untyped-call]
        spark_session=session,
        break_lineage_method="parquet",
        num_partitions_on_repartition=partitions,
        register_udfs_automatically=False,
    )


def load_spark_records(db_api: Any, path: Path, table_name: str) -> Any:
    """Read ``path`` (Parquet) into Spark as the temporary view ``table_name``."""
    frame = db_api.spark.read.parquet(path.resolve().as_uri())
    frame.createOrReplaceTempView(table_name)
    return db_api.register(table_name)


def spark_to_parquet(
    db_api: Any, select_sql: str, path: Path, scratch: Path, *, row_group_size: int | None = None
) -> None:
    """Write the result of ``select_sql`` (DuckDB syntax) to the single Parquet file ``path``,
    in row groups of ``row_group_size`` rows at most (polars' default when ``None``).

    Executors write part files under ``scratch``; one task on an executor then streams them
    into one file (:func:`~hedui.linkage.spark.results.on_executor`), so the driver neither
    holds the table nor spends time on its rows. The parts are joined in their order, so a
    query that ends in ``ORDER BY`` gives a sorted file.
    """
    from hedui.linkage.spark.results import join_parts, on_executor

    spark_sql = sqlglot.transpile(select_sql, read="duckdb", write="spark")[0]
    frame = db_api.spark.sql(spark_sql)
    shutil.rmtree(scratch, ignore_errors=True)
    frame.write.mode("overwrite").parquet(scratch.resolve().as_uri())
    parts = sorted(scratch.glob("part-*.parquet"))
    if parts:
        files = [str(p.resolve()) for p in parts]
        on_executor(db_api.spark, join_parts, files, None, str(path.resolve()), row_group_size)
    else:
        empty = pl.from_arrow(frame.limit(0).toArrow())
        assert isinstance(empty, pl.DataFrame)
        empty.write_parquet(path)
    shutil.rmtree(scratch, ignore_errors=True)


def close_spark(db_api: Any, *, stop: bool) -> None:
    """Forget the run's tables; stop the session when hedui started it for this run."""
    session = db_api.spark
    if stop:
        session.stop()
        return
    for table in session.catalog.listTables():
        if table.isTemporary:
            session.catalog.dropTempView(table.name)
    session.catalog.clearCache()


@contextmanager
def spark_failures() -> Iterator[None]:
    """Turn a failed Spark job (a lost executor, a JVM gone) into a :class:`LinkageError`.

    Splink wraps engine errors in its own exception with the SQL attached; the cause that
    matters to a user is the first line of Spark's message.
    """
    from py4j.protocol import Py4JError  # type: ignore[import-untyped]
    from pyspark.errors import PySparkException

    spark_errors = (Py4JError, PySparkException, ConnectionError)
    try:
        yield
    except spark_errors as error:
        raise LinkageError(SPARK_FAILED.format(detail=_detail(error))) from error
    except Exception as error:
        if isinstance(error.__cause__, spark_errors):
            raise LinkageError(SPARK_FAILED.format(detail=_detail(error.__cause__))) from error
        raise


def _detail(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__
