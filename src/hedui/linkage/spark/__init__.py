"""Linkage on Apache Spark, through Splink's ``SparkAPI``: the same comparisons, blocking,
model and clustering as on DuckDB, for data a single machine cannot hold.

- :mod:`.session` starts Spark after checking Java, PySpark and the master, so that a
  missing piece is an error in seconds rather than a hang;
- :mod:`.tables` moves tables in and out of Spark as Parquet and turns Spark's failures
  into :class:`~hedui.errors.LinkageError`;
- :mod:`.files` stages sources from ``hdfs://``/``s3a://`` or Parquet for the one reader,
  and writes Parquet copies of the results.

Callers do not import these modules: :func:`hedui.linkage.link_files` with
``engine="spark"`` uses them through :mod:`hedui.linkage.engine`.
"""
