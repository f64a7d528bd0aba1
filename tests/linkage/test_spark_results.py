"""Result files of a Spark run are joined from part files by a task on an executor."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from hedui.linkage.spark.results import on_executor, write_table

pytestmark = pytest.mark.spark


def test_on_executor_runs_in_a_task_not_in_the_driver(spark_local: Any, tmp_path: Path) -> None:
    def write_pid(path: str) -> None:  # nested: pickled by value, the workers cannot import tests
        Path(path).write_text(str(os.getpid()), encoding="utf-8")

    marker = tmp_path / "pid"
    on_executor(spark_local, write_pid, str(marker))
    # The task ran in one of Spark's Python workers, not in this (the driver's) process.
    assert int(marker.read_text(encoding="utf-8")) != os.getpid()


def test_write_table_joins_the_parts_in_order(spark_local: Any, tmp_path: Path) -> None:
    frame = spark_local.range(0, 5000, 1, 7).selectExpr(
        "id", "CAST(id % 13 AS STRING) AS code", "id / 7.0D AS share"
    )
    csv, parquet = tmp_path / "table.csv", tmp_path / "table.parquet"
    write_table(frame.orderBy("id"), tmp_path / "scratch", csv=csv, parquet=parquet)
    expected = pl.DataFrame(
        {
            "id": range(5000),
            "code": [str(i % 13) for i in range(5000)],
            "share": [i / 7.0 for i in range(5000)],
        }
    )
    assert pl.read_parquet(parquet).equals(expected)
    assert csv.read_text(encoding="utf-8") == expected.write_csv()
    assert not (tmp_path / "scratch").exists()


def test_an_empty_table_is_its_header(spark_local: Any, tmp_path: Path) -> None:
    frame = spark_local.range(0, 10).selectExpr("id", "CAST(id AS STRING) AS code").where("id < 0")
    csv, parquet = tmp_path / "empty.csv", tmp_path / "empty.parquet"
    write_table(frame, tmp_path / "scratch", csv=csv, parquet=parquet)
    assert csv.read_text(encoding="utf-8") == "id,code\n"
    assert pl.read_parquet(parquet).columns == ["id", "code"]


def test_features_follow_the_uid_whatever_order_prepare_features_returns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hedui.linkage.spark import features as spark_features
    from hedui.sources.schema import CANONICAL_COLUMNS

    real = spark_features.prepare_features
    # polars' joins do not promise to keep row order: prepare_features may return any order.
    monkeypatch.setattr(spark_features, "prepare_features", lambda records: real(records).reverse())
    records = pl.DataFrame(
        {c: [None] * 4 for c in CANONICAL_COLUMNS}, schema={c: pl.Utf8 for c in CANONICAL_COLUMNS}
    ).with_columns(
        pl.Series("source", ["b", "a", "b", "a"]),
        pl.Series("record_id", ["1", "2", "0", "1"]),
        pl.Series("name", ["张三", "李四", "王五", "赵六"]),
    )
    # uid numbers the records in (source, record_id) order: a1 10, a2 11, b0 12, b1 13.
    batch = records.with_columns(pl.Series("uid", [13, 11, 12, 10], dtype=pl.Int64)).to_arrow()
    out = pl.concat(
        pl.from_arrow(b) for b in spark_features.features_of_batches(iter(batch.to_batches()))
    ).sort("unique_id")
    assert out.select("unique_id", "source", "record_id", "name_norm").rows() == [
        (10, "a", "1", "赵六"),
        (11, "a", "2", "李四"),
        (12, "b", "0", "王五"),
        (13, "b", "1", "张三"),
    ]
