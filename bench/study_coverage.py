"""Coverage study: do hedui's 95% capture–recapture intervals cover the true count?

For each seed a synthetic county is drawn (:func:`hedui.synth.generate_county`) and the true
number of births and deaths of its residents is known. Each estimator is given the capture
histories of the true events — which sources recorded each one (``truth_events.recorded_in``),
that is *perfect linkage* — so that the study measures the estimator and nothing else:

- births, Chapman: village ledger × hospital birth certificates;
- births, log-linear (AIC model average, profile interval): ledger, hospital, police; the
  same with the single best model; and both on the four sources ``hedui estimate`` uses;
- deaths, Chapman: ledger × police;
- deaths, log-linear (average and best): ledger, township database, police (the township
  database re-keys the ledger, a dependence the model choice has to find).

Scenarios:

- ``independent``: each source draws its village coverage on its own, and the export is on
  30 June of the next year, so late registrations are all in (a December birth the ledger
  and the police both have not yet entered would be a dependence of its own);
- ``dependent``: the same, with ``coverage_dependence=1`` — a village that misses births in
  its ledger also misses them with the police and the hospital;
- ``default``: the county as ``hedui synth`` draws it (export on 31 December).

For the first ``--linked-seeds`` seeds of the independent scenario a smaller county
(``--linked-people``) is also written out and linked with ``hedui link``, and the estimate
from the linked clusters is compared with the perfect-linkage one of the same county.

Run: ``.venv/bin/python bench/study_coverage.py --seeds 100`` (prints the tables).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.chapman import chapman_from_histories
from hedui.stats.linked_histories import capture_histories
from hedui.stats.loglinear import loglinear_estimate
from hedui.stats.proportions import wilson_interval
from hedui.synth import SynthParams, generate_county, write_county

LEDGER, TOWNSHIP, HEALTH, POLICE = "village_ledger", "township_db", "health_births", "police_hukou"
ESTIMATORS: dict[tuple[str, str], tuple[str, ...]] = {
    ("birth", "chapman"): (LEDGER, HEALTH),
    ("birth", "loglinear"): (LEDGER, HEALTH, POLICE),
    ("birth", "loglinear-best"): (LEDGER, HEALTH, POLICE),
    ("birth", "loglinear-4"): (LEDGER, TOWNSHIP, HEALTH, POLICE),
    ("birth", "loglinear-4-best"): (LEDGER, TOWNSHIP, HEALTH, POLICE),
    ("death", "chapman"): (LEDGER, POLICE),
    ("death", "loglinear"): (LEDGER, TOWNSHIP, POLICE),
    ("death", "loglinear-best"): (LEDGER, TOWNSHIP, POLICE),
}
"""Log-linear methods are the model average (hedui's default); ``-best`` is the single model
with the smallest AIC among the same candidates; ``-4`` uses the four sources that
``hedui estimate`` uses for births."""
LATE_EXPORT = date(2026, 6, 30)
SCENARIOS: dict[str, tuple[float, date | None]] = {
    "independent": (0.0, LATE_EXPORT),
    "dependent": (1.0, LATE_EXPORT),
    "default": (0.0, None),
}
FILES = ("village_ledger", "township_db", "health_births", "police_hukou", "civil_marriages")


def estimate(histories: CaptureHistories, method: str) -> dict[str, Any]:
    """N̂ and its 95% interval, or ``estimable: False``."""
    if method == "chapman":
        result = chapman_from_histories(histories)
    else:
        selection = "best" if method.endswith("-best") else "average"
        result = loglinear_estimate(histories, criterion="aic", selection=selection)
    if not result.estimable:
        return {"estimable": False}
    out = {
        "estimable": True,
        "n_hat": result.n_hat,
        "lower": result.interval.lower,
        "upper": result.interval.upper,
        "n_observed": histories.n_observed,
    }
    chosen = getattr(result, "chosen", None)
    out["model"] = chosen.name if chosen is not None else "chapman"
    return out


def truth_histories(truth: pl.DataFrame, sources: tuple[str, ...]) -> CaptureHistories:
    """The capture-history table of the true events: which sources recorded each."""
    flags = [pl.col("recorded_in").fill_null("").str.split(";").list.contains(s) for s in sources]
    counts = truth.select(pl.concat_str([f.cast(pl.Int8).cast(pl.Utf8) for f in flags]).alias("h"))
    table = counts.group_by("h").len()
    cells = {str(h): int(n) for h, n in table.iter_rows() if "1" in str(h)}
    return CaptureHistories.from_counts(cells, list(sources))


def params_for(scenario: str) -> tuple[SynthParams, date | None]:
    dependence, export = SCENARIOS[scenario]
    return dataclasses.replace(SynthParams(), coverage_dependence=dependence), export


def local_events(county_truth: pl.DataFrame) -> pl.DataFrame:
    """True births and deaths of the county's residents (a village code is known)."""
    return county_truth.filter(
        pl.col("event").is_in(["birth", "death"])
        & (pl.col("village_code").fill_null("").str.len_chars() == 12)
    )


def one_seed(job: tuple[str, int, int]) -> list[dict[str, Any]]:
    """Every estimator on one county drawn with perfect linkage."""
    scenario, people, seed = job
    params, export = params_for(scenario)
    truth = local_events(generate_county(people, seed, params, export_date=export).truth_events)
    rows = []
    for (event, method), sources in ESTIMATORS.items():
        events = truth.filter(pl.col("event") == event)
        result = estimate(truth_histories(events, sources), method)
        rows.append(
            {
                "scenario": scenario,
                "seed": seed,
                "event": event,
                "method": method,
                "truth": events.height,
                "linkage": "perfect",
                **result,
            }
        )
    return rows


def one_linked_seed(job: tuple[str, int, int]) -> list[dict[str, Any]]:
    """The same estimators on the clusters of a real ``hedui link`` run."""
    scenario, people, seed = job
    params, export = params_for(scenario)
    county = generate_county(people, seed, params, export_date=export)
    truth = local_events(county.truth_events)
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "county", Path(tmp) / "link"
        write_county(county, data)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hedui",
                "link",
                *[f"{f}.csv" for f in FILES],
                "--out",
                str(out),
            ],
            cwd=data,
            check=True,
            capture_output=True,
        )
        clusters = pl.read_csv(out / "clusters.csv", infer_schema=False)
        records = pl.read_parquet(
            out / "records.parquet", columns=["source", "record_id", "event", "village"]
        )
    linked = clusters.join(records, on=["source", "record_id"]).filter(
        pl.col("village").fill_null("").str.len_chars() == 12
    )
    rows = []
    for (event, method), sources in ESTIMATORS.items():
        part = linked.filter(pl.col("event") == event)
        events = truth.filter(pl.col("event") == event)
        perfect = estimate(truth_histories(events, sources), method)
        rows.append(
            {
                "scenario": scenario,
                "seed": seed,
                "event": event,
                "method": method,
                "truth": events.height,
                "linkage": "perfect (same seeds)",
                **perfect,
            }
        )
        result = estimate(capture_histories(part, sources=list(sources)), method)
        rows.append(
            {
                "scenario": scenario,
                "seed": seed,
                "event": event,
                "method": method,
                "truth": truth.filter(pl.col("event") == event).height,
                "linkage": "hedui link",
                **result,
            }
        )
    return rows


def summarise(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Per scenario, linkage, event and estimator: coverage with its Wilson interval, bias,
    interval width, and how often no estimate was given."""
    frame = pl.DataFrame(rows, infer_schema_length=None)
    out = []
    keys = ["scenario", "linkage", "event", "method"]
    for key, part in frame.group_by(keys, maintain_order=True):
        done = part.filter(pl.col("estimable"))
        covered = done.filter(
            (pl.col("lower") <= pl.col("truth")) & (pl.col("truth") <= pl.col("upper"))
        ).height
        # N is a whole number: the same interval with its bounds rounded outwards.
        whole = done.filter(
            (pl.col("lower").floor() <= pl.col("truth"))
            & (pl.col("truth") <= pl.col("upper").ceil())
        ).height
        n = done.height
        ci = wilson_interval(covered, n) if n else None
        ci_whole = wilson_interval(whole, n) if n else None
        rel = (done["n_hat"] - done["truth"]) / done["truth"] if n else None
        width = (done["upper"] - done["lower"]) / done["truth"] if n else None
        out.append(
            {
                **dict(zip(keys, key, strict=True)),
                "seeds": part.height,
                "estimable": n,
                "mean_truth": part["truth"].mean(),
                "coverage": covered / n if n else None,
                "coverage_low": ci.lower if ci else None,
                "coverage_high": ci.upper if ci else None,
                "whole": whole / n if n else None,
                "whole_low": ci_whole.lower if ci_whole else None,
                "whole_high": ci_whole.upper if ci_whole else None,
                "rel_bias": rel.mean() if rel is not None else None,
                "median_abs_error": rel.abs().median() if rel is not None else None,
                "rel_width": width.mean() if width is not None else None,
                "missed_by_all": (done["truth"] - done["n_observed"]).mean() if n else None,
            }
        )
    return pl.DataFrame(out)


def markdown(summary: pl.DataFrame) -> str:
    """The summary as a Markdown table."""
    lines = [
        "| scenario | linkage | event | estimator | seeds (estimable) | mean true N | "
        "missed by all (mean) | coverage as printed [95% CI] | coverage, whole-number bounds "
        "[95% CI] | mean relative bias | median absolute error | mean interval width |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in summary.iter_rows(named=True):
        if r["coverage"] is None:
            cov = whole = bias = width = missed = error = "—"
        else:
            cov = f"{r['coverage']:.1%} [{r['coverage_low']:.1%}, {r['coverage_high']:.1%}]"
            whole = f"{r['whole']:.1%} [{r['whole_low']:.1%}, {r['whole_high']:.1%}]"
            bias, width = f"{r['rel_bias']:+.2%}", f"{r['rel_width']:.2%}"
            error = f"{r['median_abs_error']:.2%}"
            missed = f"{r['missed_by_all']:.1f}"
        lines.append(
            f"| {r['scenario']} | {r['linkage']} | {r['event']} | {r['method']} | "
            f"{r['seeds']} ({r['estimable']}) | {r['mean_truth']:.0f} | {missed} | {cov} | "
            f"{whole} | {bias} | {error} | {width} |"
        )
    return "\n".join(lines)


def run(
    fn: Callable[[tuple[str, int, int]], list[dict[str, Any]]],
    jobs: Iterable[tuple[str, int, int]],
    workers: int,
    save: Path | None,
) -> list[dict[str, Any]]:
    """Every job's rows; each finished job's rows are appended to ``save`` (JSON lines) at
    once, so a long run interrupted still leaves what it measured."""
    out: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in as_completed([pool.submit(fn, job) for job in jobs]):
            rows = future.result()
            out.extend(rows)
            if save is not None:
                with save.open("a", encoding="utf-8") as sink:
                    sink.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--people", type=int, default=40_000)
    parser.add_argument("--linked-seeds", type=int, default=10)
    parser.add_argument("--linked-people", type=int, default=8_000)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="append every row to this file (JSON lines)")
    parser.add_argument("--from-json", type=Path, nargs="*", help="only summarise saved rows")
    args = parser.parse_args()
    if args.from_json:
        saved = [json.loads(line) for p in args.from_json for line in p.open(encoding="utf-8")]
        print(markdown(summarise(saved)))
        return
    scenarios = [s for s in args.scenarios.split(",") if s]
    # Seed by seed across the scenarios, so that every scenario advances together.
    jobs = [(s, args.people, seed) for seed in range(1, args.seeds + 1) for s in scenarios]
    rows = run(one_seed, jobs, args.workers, args.json)
    linked_jobs = [
        (s, args.linked_people, seed)
        for seed in range(1, args.linked_seeds + 1)
        for s in scenarios
        if s == "independent"
    ]
    rows += run(one_linked_seed, linked_jobs, args.workers, args.json)
    print(markdown(summarise(rows)))


if __name__ == "__main__":
    main()
