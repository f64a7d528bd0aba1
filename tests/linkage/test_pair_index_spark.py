"""A run on Spark writes the pairs in the layout a DuckDB run does: ``links.parquet`` sorted by
the left record in bounded row groups, ``links_by_right.parquet``, ``records.parquet`` in
bounded row groups; one record's pairs and explanation are read from them as from DuckDB's."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest

from hedui.linkage import LinkResult, link_files
from hedui.linkage.engine import EngineOptions
from hedui.linkage.explain import explain_record
from hedui.linkage.link_dir import LinkDir
from hedui.linkage.pair_index import LOOKUP_GROUP_ROWS, pairs_of
from hedui.synth import SOURCE_NAMES, synthesize

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark_linked(spark_local: Any, tmp_path_factory: pytest.TempPathFactory) -> LinkResult:
    """500 people linked on DuckDB (training the model) and then on Spark with that model."""
    county = tmp_path_factory.mktemp("pair_index_county")
    synthesize(500, 29, county, year=2025)
    paths = [county / f"{name}.csv" for name in SOURCE_NAMES]
    trained = link_files(paths, tmp_path_factory.mktemp("pair_index_duckdb"))
    out = tmp_path_factory.mktemp("pair_index_spark")
    options = EngineOptions(temp_directory=out / ".hedui-tmp", spark_session=spark_local)
    return link_files(
        paths, out, model_path=trained.model_path, engine="spark", engine_options=options
    )


def _sizes(path: Path) -> list[int]:
    metadata = pq.read_metadata(path)
    return [metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)]


def test_spark_writes_the_pairs_sorted_with_their_index(spark_linked: LinkResult) -> None:
    link = LinkDir.open(spark_linked.out_dir)
    for path in (link.links_path, link.links_by_right_path, link.records_path):
        assert max(_sizes(path)) <= LOOKUP_GROUP_ROWS
    pairs = pl.read_parquet(link.links_path, columns=["unique_id_l", "unique_id_r"])
    assert pairs.height == spark_linked.pairs_scored > LOOKUP_GROUP_ROWS
    assert pairs.equals(pairs.sort("unique_id_l", "unique_id_r"))
    by_right = pl.read_parquet(link.links_by_right_path)
    assert by_right.equals(by_right.sort("unique_id_r", "unique_id_l"))
    assert by_right.select(pairs.columns).sort(pairs.columns).equals(pairs)
    records = pl.read_parquet(link.records_path, columns=["unique_id"])["unique_id"]
    assert records.is_sorted()
    whole = pl.read_parquet(link.links_path)
    for unique_id in records.to_list()[::7]:
        found = pairs_of(link, unique_id)
        assert found is not None
        expected = whole.filter(
            (pl.col("unique_id_l") == unique_id) | (pl.col("unique_id_r") == unique_id)
        )
        keys = ["unique_id_l", "unique_id_r"]
        assert found.sort(keys).equals(expected.sort(keys))


def test_spark_runs_are_explained_as_without_the_index(
    spark_linked: LinkResult, tmp_path_factory: pytest.TempPathFactory
) -> None:
    without = tmp_path_factory.mktemp("spark_without_index") / "run"
    shutil.copytree(spark_linked.out_dir, without)
    (without / "links_by_right.parquet").unlink()
    clusters = pl.read_csv(spark_linked.clusters_path, infer_schema=False)
    for source, record_id in clusters.select("source", "record_id").rows()[::11]:
        indexed = explain_record(spark_linked.out_dir, source, record_id, limit=50)
        assert explain_record(without, source, record_id, limit=50) == indexed
