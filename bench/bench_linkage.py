"""hedui link against a plain Splink baseline on the same synthetic county, in one run.

Both read the same five source files with the same reader (:func:`hedui.sources.read_source`)
and block with the same rules on the same prepared keys (:mod:`hedui.linkage.blocking`), so
the difference is what each compares and how it clusters:

- **hedui**: :func:`hedui.linkage.link_files` with its defaults — the domain comparisons
  (15→18 IDs, repairable typos, homophones, traditional characters, day/month swaps, the
  mother, ...) and constrained clustering that never merges twins;
- **plain Splink**: generic comparisons on the raw fields — exact match and Jaro–Winkler
  (≥ 0.9, ≥ 0.7) on name, ID number, birth date, mother's name and ID; exact match on sex,
  address code and event date — trained the same way (λ from the same deterministic rule,
  u from the same number of seeded random pairs, m by EM on the same two rules) and
  clustered by Splink's connected components at the same threshold. It writes the same
  deliverables: the scored pairs to Parquet and the clusters to CSV.

Each runs in a fresh Python process (``--child``), timed from the first file read to the last
file written, so that neither profits from the other's warm caches (pinyin readings,
DuckDB). Both are scored by :func:`hedui.linkage.evaluate.evaluate_clusters` against
``truth.csv``. The blocking rules' recall against the truth and their pair counts are
printed as well.

Usage: ``.venv/bin/python bench/bench_linkage.py [--people 100000] [--seed 7]``
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import splink.comparison_library as cl
from splink import Linker, SettingsCreator

from hedui.linkage.blocking import (
    blocking_recall,
    rule_creator,
    rule_label,
    rule_pairs,
)
from hedui.linkage.engine import EngineOptions, load_records, make_db_api
from hedui.linkage.evaluate import Evaluation, evaluate_clusters
from hedui.linkage.pipeline import link_files, read_sources
from hedui.linkage.prepare import prepare_features
from hedui.linkage.settings import LinkageSpec
from hedui.progress import NullProgress
from hedui.synth import SOURCE_NAMES, synthesize

RAW_COLUMNS = ("name", "id_number", "birth_date", "mother_name", "mother_id_number")
"""Raw canonical fields the baseline compares with Jaro–Winkler (the rest exactly)."""


def plain_settings(spec: LinkageSpec) -> SettingsCreator:
    """Generic comparisons on raw fields, hedui's blocking rules."""
    comparisons = [cl.JaroWinklerAtThresholds(column, [0.9, 0.7]) for column in RAW_COLUMNS]
    comparisons += [cl.ExactMatch(c) for c in ("sex", "address_code", "event_date")]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[rule_creator(r) for r in spec.blocking_rules],
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source", "record_id"],
    )


def run_plain_splink(paths: list[Path], out: Path, spec: LinkageSpec) -> float:
    """The baseline end to end (read, prepare keys, train, score, cluster, write); seconds."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    records, _, _ = read_sources(paths, NullProgress())
    # Blocking keys as hedui prepares them (birth_date among them, filled from a valid ID
    # where the record has none, which only helps the baseline); every other field raw.
    rules = [*spec.blocking_rules, *spec.training_rules]
    key_columns = sorted({column for rule in rules for column in rule})
    keys = prepare_features(records).select("unique_id", "source", "record_id", *key_columns)
    raw = records.select(
        "source",
        "record_id",
        "event",
        *(c for c in RAW_COLUMNS if c != "birth_date"),
        "sex",
        "address_code",
        "event_date",
    )
    table = keys.join(raw, on=["source", "record_id"], how="left")
    table.write_parquet(out / "records.parquet")
    db_api = make_db_api("duckdb", EngineOptions(temp_directory=out / ".tmp"))
    linker = Linker(
        load_records(db_api, out / "records.parquet", "plain"),
        plain_settings(spec),
        log_level=logging.ERROR,
    )
    deterministic = [rule_creator(("event", "id_number", "name"))]
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=spec.deterministic_recall
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=spec.u_max_pairs, seed=spec.seed)
    for rule in spec.training_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule_creator(rule),
            estimate_without_term_frequencies=True,
            max_pairs=spec.em_max_pairs,
        )
    predictions = linker.inference.predict(warning_mode="never")
    predictions.to_parquet(str(out / "links.parquet"), overwrite=True)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=spec.threshold
    )
    frame = pl.from_arrow(clusters.as_pyarrow_table())
    assert isinstance(frame, pl.DataFrame)
    frame.select("source", "record_id", pl.col("cluster_id").cast(pl.Utf8)).write_csv(
        out / "clusters.csv"
    )
    return time.perf_counter() - started


def report_blocking(out: Path, truth_path: Path, spec: LinkageSpec) -> None:
    """Pairs and recall of each blocking rule, against the truth."""
    features = pl.read_parquet(out / "records.parquet")
    truth = pl.read_csv(truth_path, infer_schema=False)
    ids = features.select("unique_id", "source", "record_id").join(
        truth.select("source", "record_id", "entity_id"), on=["source", "record_id"]
    )
    pairs = (
        ids.join(ids, on="entity_id", suffix="_r")
        .filter(pl.col("unique_id") < pl.col("unique_id_r"))
        .select(pl.col("unique_id").alias("unique_id_l"), "unique_id_r")
    )
    recall = blocking_recall(features, pairs, spec.blocking_rules)
    print(f"\nblocking: {recall.true_pairs:,} true pairs, recall {recall.recall:.5f}")
    print(f"  {'rule':42s} {'pairs':>12s} {'true found':>11s} {'cumulative':>11s}")
    for rule in spec.blocking_rules:
        label = rule_label(rule)
        print(
            f"  {label:42s} {rule_pairs(features, rule):12,d} "
            f"{recall.by_rule[label]:11,d} {recall.cumulative[label]:11,d}"
        )


def show(label: str, evaluation: Evaluation, seconds: float) -> None:
    """One line of figures."""
    p, b = evaluation.pairwise, evaluation.by_event["birth"]
    print(
        f"{label:14s} {p.precision:9.5f} {p.recall:7.5f} {p.f1:7.5f}   "
        f"{b.precision:7.4f} {b.recall:7.4f} {b.f1:7.4f} {seconds:8.1f}"
    )


INDEPENDENT_SOURCES = ("village_ledger", "health_births", "police_hukou")
"""The canonical files of the independent generator (``bench/independent``)."""


def source_paths(county: Path, generator: str) -> list[Path]:
    """The source files of a county written by ``generator``."""
    names = INDEPENDENT_SOURCES if generator == "independent" else SOURCE_NAMES
    return [county / f"{name}.csv" for name in names]


def run_child(kind: str, county: Path, out: Path, generator: str) -> float:
    """Run one side in a fresh process; returns its wall time in seconds."""
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--county",
        str(county),
        "--out",
        str(out),
        "--generator",
        generator,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def child(kind: str, county: Path, out: Path, spec: LinkageSpec, generator: str) -> None:
    """The body of a ``--child`` process: link, print ``{"seconds": ...}``."""
    paths = source_paths(county, generator)
    if kind == "hedui":
        started = time.perf_counter()
        link_files(paths, out, spec=spec)
        seconds = time.perf_counter() - started
    else:
        seconds = run_plain_splink(paths, out, spec)
    print(json.dumps({"seconds": seconds}))


def main() -> None:
    """Synthesise, link both ways, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=["hedui", "plain"])
    parser.add_argument("--county", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--generator",
        choices=["synth", "independent"],
        default="synth",
        help="hedui synth, or the independently written generator (bench/independent)",
    )
    args = parser.parse_args()
    spec = LinkageSpec()
    if args.child:
        child(args.child, args.county, args.out, spec, args.generator)
        return
    with tempfile.TemporaryDirectory() as tmp:
        county = Path(tmp) / "county"
        if args.generator == "independent":
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from bench.independent.generate import generate

            generate(args.people, args.seed, 2025, county)
            records = sum(
                pl.scan_csv(p).select(pl.len()).collect().item()
                for p in source_paths(county, args.generator)
            )
        else:
            records = synthesize(args.people, args.seed, county, year=2025).total_records
        truth = county / "truth.csv"
        hedui_out, plain_out = Path(tmp) / "hedui", Path(tmp) / "plain"
        hedui_seconds = run_child("hedui", county, hedui_out, args.generator)
        plain_seconds = run_child("plain", county, plain_out, args.generator)
        hedui = evaluate_clusters(hedui_out / "clusters.csv", truth)
        plain = evaluate_clusters(plain_out / "clusters.csv", truth)
        pairs = pl.scan_parquet(hedui_out / "links.parquet").select(pl.len()).collect().item()
        print(
            f"county ({args.generator}): {args.people:,} people, {records:,} records, "
            f"seed {args.seed}; {pairs:,} pairs scored; threshold {spec.threshold}"
        )
        print(
            f"{'':14s} {'all: P':>9s} {'R':>7s} {'F1':>7s}   {'births: P':>7s} {'R':>7s} "
            f"{'F1':>7s} {'seconds':>8s}"
        )
        show("hedui link", hedui, hedui_seconds)
        show("plain Splink", plain, plain_seconds)
        print(f"time hedui / plain: {hedui_seconds / plain_seconds:.2f}")
        report_blocking(hedui_out, truth, spec)
        print("\nrecall by injected error (hedui / plain):")
        for kind, found in sorted(hedui.recall_by_error.items()):
            other = plain.recall_by_error.get(kind)
            print(
                f"  {kind:24s} {found.pairs:8,d} pairs  {found.recall:.4f} / "
                f"{other.recall if other else float('nan'):.4f}"
            )


if __name__ == "__main__":
    main()
