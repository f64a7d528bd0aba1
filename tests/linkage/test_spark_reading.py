"""Reading and preparing on Spark's executors gives exactly what the local functions give.

The executors run :func:`hedui.sources.read_source` (through
:func:`hedui.sources.arrow_batch.read_file_batch`) and
:func:`hedui.linkage.prepare.prepare_features` over Arrow batches; these tests compare the
Spark tables with the local results value for value — records, quarantine rows and their
order, warnings, features — on the synthetic sources and on files with bad rows, another
encoding, no data rows, or a whole-file error.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from hedui.errors import SourceFileError
from hedui.linkage.blocking import select_rules
from hedui.linkage.pipeline import EXTRA_COLUMNS, quarantine_warning, read_sources
from hedui.linkage.prepare import prepare_features
from hedui.linkage.settings import LinkageSpec
from hedui.linkage.spark.features import prepare_on_executors, select_rules_on_spark
from hedui.linkage.spark.reading import read_on_executors
from hedui.progress import NullProgress
from hedui.sources import CANONICAL_COLUMNS, read_source
from hedui.synth import SOURCE_NAMES, synthesize

pytestmark = pytest.mark.spark

TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def spark(spark_local: Any) -> Any:
    """The session's local SparkSession (``tests/linkage/conftest.py``)."""
    return spark_local


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A small county's sources, a file of bad rows in GBK, and a file without data rows."""
    folder = tmp_path_factory.mktemp("sources")
    synthesize(200, 3, folder, year=2025)
    bad = folder / "bad_rows.csv"
    bad.write_bytes(
        (
            "source,record_id,event,event_date,name,id_number,sex,birth_date\n"
            "村账,1,birth,2024-02-30,张三,110101199003077777,男,2024-02-30\n"
            "村账,1,death,2024-03-01,张三,,1,1990-03-07\n"
            "村账,2,wedding,2024-03-01,李四,,2,1990-03-07\n"
            ",3,death,2024-03-01,王五,,9,1990-13-07\n"
            "村账,4,death,,,,,\n"
        ).encode("gbk")
    )
    empty = folder / "empty.csv"
    empty.write_text("source,record_id,event,event_date,name\n", encoding="utf-8")
    return [*(folder / f"{name}.csv" for name in SOURCE_NAMES), bad, empty]


def _local(paths: list[Path]) -> tuple[pl.DataFrame, list[Any], list[str]]:
    return read_sources(paths, NullProgress())


def test_records_and_quarantine_equal_the_local_readers(
    spark: Any, files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hedui.linkage.pipeline as pipeline

    original = pipeline.read_source
    monkeypatch.setattr(pipeline, "read_source", lambda p: original(p, today=TODAY))
    records, quarantine, warnings = _local(files)
    read = read_on_executors(
        spark,
        [str(p) for p in files],
        tmp_path,
        extra_columns=EXTRA_COLUMNS,
        today=TODAY,
        quarantine_warning=quarantine_warning,
    )
    columns = [*CANONICAL_COLUMNS, *EXTRA_COLUMNS]
    remote = pl.from_arrow(read.records.orderBy("position", "seq").select(*columns).toArrow())
    assert isinstance(remote, pl.DataFrame)
    assert remote.equals(records.select(columns))
    problems = read.quarantine.orderBy("position", "seq").collect()
    assert [(r["path"], r["row"], r["field"], r["value"], r["reason"]) for r in problems] == [
        (q.path, q.row, q.field, q.value, q.reason) for q in quarantine
    ]
    assert read.warnings == warnings
    assert len(quarantine) >= 5  # the bad file's problems are all there


def test_each_file_is_read_as_the_reader_reads_it(
    spark: Any, files: list[Path], tmp_path: Path
) -> None:
    bad = files[-2]
    local = read_source(bad, today=TODAY)
    read = read_on_executors(
        spark,
        [str(bad)],
        tmp_path,
        extra_columns=(),
        today=TODAY,
        quarantine_warning=quarantine_warning,
    )
    remote = pl.from_arrow(read.records.orderBy("seq").select(*CANONICAL_COLUMNS).toArrow())
    assert isinstance(remote, pl.DataFrame)
    assert remote.equals(local.records.select(CANONICAL_COLUMNS))


def test_a_file_that_cannot_be_read_stops_the_run_with_the_readers_message(
    spark: Any, tmp_path: Path
) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    with pytest.raises(SourceFileError, match=r"old \.xls workbook"):
        read_on_executors(
            spark,
            [str(old)],
            tmp_path / "scratch",
            extra_columns=(),
            today=TODAY,
            quarantine_warning=quarantine_warning,
        )


def test_features_prepared_in_small_batches_equal_prepare_features(
    spark: Any, files: list[Path], tmp_path: Path
) -> None:
    records, _, _ = read_sources(files[:5], NullProgress())
    table = spark.createDataFrame(records.select(CANONICAL_COLUMNS).to_arrow())
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "37")
    try:
        features = prepare_on_executors(table.repartition(3), tmp_path)
        remote = pl.from_arrow(features.orderBy("unique_id").toArrow())
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    # prepare_features numbers the records in (source, record_id) order, but its joins do not
    # promise to return the rows in that order: compare in unique_id order.
    expected = prepare_features(records).sort("unique_id")
    assert isinstance(remote, pl.DataFrame)
    assert remote.equals(expected)
    spec = LinkageSpec()
    kwargs = {"pair_budget": 1.0, "per_record_budget": 1.0}
    assert select_rules_on_spark(
        features, expected.height, spec.blocking_rules, spec.broad_rules, **kwargs
    ) == select_rules(expected, spec.blocking_rules, spec.broad_rules, **kwargs)
