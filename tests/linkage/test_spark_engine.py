"""Spark and DuckDB give the same clusters from the same county and the same saved model.

One local Spark session (two cores, two shuffle partitions) serves every test here; a small
county keeps each run to Spark's fixed cost of jobs rather than to the data.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from hedui.errors import LinkageError
from hedui.linkage import LinkResult, link_files
from hedui.linkage.engine import EngineOptions
from hedui.linkage.evaluate import evaluate_clusters, evaluate_frames
from hedui.linkage.spark.tables import make_spark_api
from hedui.synth import SOURCE_NAMES, synthesize

pytestmark = pytest.mark.spark

PEOPLE = 300
SEED = 17


@pytest.fixture(scope="module")
def spark(spark_local: Any) -> Any:
    """The session's local SparkSession (``tests/linkage/conftest.py``)."""
    return spark_local


@pytest.fixture(scope="module")
def small_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 people (about 900 records), reporting year 2025."""
    county = tmp_path_factory.mktemp("small_county")
    synthesize(PEOPLE, SEED, county, year=2025)
    return county


@pytest.fixture(scope="module")
def duckdb_run(small_county: Path, tmp_path_factory: pytest.TempPathFactory) -> LinkResult:
    """The county linked on DuckDB, training the model that the Spark runs reuse."""
    paths = [small_county / f"{name}.csv" for name in SOURCE_NAMES]
    return link_files(paths, tmp_path_factory.mktemp("duckdb"))


def _spark_link(paths: list[Any], out: Path, model: Path, spark: Any) -> LinkResult:
    options = EngineOptions(temp_directory=out / ".hedui-tmp", spark_session=spark)
    return link_files(paths, out, model_path=model, engine="spark", engine_options=options)


@pytest.fixture(scope="module")
def spark_run(
    small_county: Path, duckdb_run: LinkResult, spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> LinkResult:
    """The same county linked on Spark with the model DuckDB trained."""
    paths = [small_county / f"{name}.csv" for name in SOURCE_NAMES]
    return _spark_link(paths, tmp_path_factory.mktemp("spark_out"), duckdb_run.model_path, spark)


def test_jaro_winkler_on_spark_is_duckdbs(spark: Any, tmp_path: Path):
    # Pinyin-like strings repeat letters, which is where Jaro implementations part ways.
    rng = random.Random(7)
    letters = "zhangiouyx"
    pairs = [("zhangzhisheng", "zhangzhongyi"), ("a", "a"), ("ab", "ba"), ("", "a"), ("", "")]
    for _ in range(2000):
        a, b = ("".join(rng.choices(letters, k=rng.randint(1, 14))) for _ in range(2))
        pairs.append((a, b))
    frame = pl.DataFrame(pairs, schema=["a", "b"], orient="row")
    expected = duckdb.sql("SELECT jaro_winkler_similarity(a, b) AS s FROM frame").pl()["s"]
    make_spark_api(spark, tmp_path / "checkpoints")
    table = spark.createDataFrame(frame.to_arrow()).selectExpr("jaro_winkler(a, b) AS s")
    computed = pl.from_arrow(table.toArrow())
    assert isinstance(computed, pl.DataFrame)
    # Equal to the last bit or two of a double (DuckDB and rapidfuzz's own Python function
    # differ by as much), so every pair falls on the same side of the name thresholds.
    gap = (computed["s"] - expected).abs().max()
    assert isinstance(gap, float)
    assert gap < 1e-12
    for threshold in (0.88, 0.9):
        assert (computed["s"] >= threshold).to_list() == (expected >= threshold).to_list()


def _agreement(first: Path, second: Path) -> float:
    """Pairwise F1 of ``second``'s clusters, ``first``'s taken as the truth."""
    reference = pl.read_csv(first, infer_schema=False)
    truth = reference.select("source", "record_id", pl.col("cluster_id").alias("entity_id"))
    return evaluate_frames(pl.read_csv(second, infer_schema=False), truth).pairwise.f1


def test_spark_clusters_agree_with_duckdb(duckdb_run: LinkResult, spark_run: LinkResult):
    # Same blocking rules → same pairs; same model → same probabilities up to rounding.
    assert spark_run.pairs_scored == duckdb_run.pairs_scored
    assert spark_run.blocking_rules == duckdb_run.blocking_rules
    assert _agreement(duckdb_run.clusters_path, spark_run.clusters_path) >= 0.999


def test_spark_is_as_accurate_as_duckdb(
    small_county: Path, duckdb_run: LinkResult, spark_run: LinkResult
):
    truth = small_county / "truth.csv"
    on_duckdb = evaluate_clusters(duckdb_run.clusters_path, truth).pairwise.f1
    on_spark = evaluate_clusters(spark_run.clusters_path, truth).pairwise.f1
    assert on_spark == pytest.approx(on_duckdb, abs=1e-3)
    assert on_spark > 0.95


def test_spark_scores_like_duckdb(duckdb_run: LinkResult, spark_run: LinkResult):
    keys = ["unique_id_l", "unique_id_r"]
    duck = pl.read_parquet(duckdb_run.links_path).sort(keys)
    spark = pl.read_parquet(spark_run.links_path).sort(keys)
    assert spark.height == spark_run.pairs_scored
    assert spark.select(keys).equals(duck.select(keys))
    gammas = [c for c in duck.columns if c.startswith("gamma_")]
    assert spark.select(gammas).equals(duck.select(gammas))
    gap = (spark["match_probability"] - duck["match_probability"]).abs().max()
    assert isinstance(gap, float)
    assert gap < 1e-9


def test_spark_writes_parquet_results_and_cleans_up(spark_run: LinkResult):
    out = spark_run.out_dir
    for name in ("clusters", "duplicates", "ambiguous"):
        csv = pl.read_csv(out / f"{name}.csv", infer_schema=False)
        parquet = pl.read_parquet(out / f"{name}.parquet")
        assert parquet.columns == csv.columns
        assert parquet.height == csv.height
    assert not (out / ".hedui-tmp").exists()


def test_spark_rerun_after_a_failure_starts_clean_and_reads_through_spark(
    small_county: Path, duckdb_run: LinkResult, spark_run: LinkResult, spark: Any, tmp_path
):
    out = tmp_path / "out"
    model = duckdb_run.model_path
    # A run killed earlier left scratch files; then a run fails inside Spark.
    (out / ".hedui-tmp" / "spark" / "checkpoints").mkdir(parents=True)
    (out / ".hedui-tmp" / "spark" / "checkpoints" / "stale.parquet").write_text("not parquet")
    missing = (tmp_path / "missing.csv").as_uri()
    with pytest.raises(LinkageError, match="Spark cannot read"):
        _spark_link([missing], out, model, spark)
    assert not (out / ".hedui-tmp").exists()
    # The re-run reads every source through Spark (file:// URIs), one of them as Parquet.
    paths: list[Any] = [(small_county / f"{name}.csv").as_uri() for name in SOURCE_NAMES]
    parquet = tmp_path / "health_births.parquet"
    pl.read_csv(small_county / "health_births.csv", infer_schema=False).write_parquet(parquet)
    paths[SOURCE_NAMES.index("health_births")] = parquet.as_uri()
    rerun = _spark_link(paths, out, model, spark)
    assert (out / "clusters.csv").read_bytes() == spark_run.clusters_path.read_bytes()
    assert rerun.quarantined == spark_run.quarantined
    assert not (out / ".hedui-tmp").exists()
    shutil.rmtree(out)
