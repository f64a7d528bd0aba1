"""Reconcile and estimate a county of 1,000,000 people after linkage, step by step.

Target (issue #4): reconciliation (findings, cases stored in a fresh SQLite database),
capture–recapture estimates by county and township, the indicators and the village scorecard,
together under 60 s once the linkage is done. The baseline in the same run is the floor any
reconciliation pays: reading the link directory's three files with polars.

Usage: ``.venv/bin/python bench/bench_reconcile.py --link-dir DIR`` (a ``hedui link`` output), or
``--people N`` to draw and link a county first (not timed).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import polars as pl

from hedui.linkage.link_dir import LinkDir
from hedui.linkage.pipeline import link_files
from hedui.period import Period
from hedui.reconcile.run import run_reconciliation
from hedui.stats.indicators import compute_indicators
from hedui.stats.link_estimates import estimate_from_link_dir
from hedui.stats.scorecard import village_scorecard
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.migrations import upgrade
from hedui.synth import SOURCE_NAMES, synthesize

T = TypeVar("T")
PERIOD = Period(2025, 12)


def timed(label: str, times: dict[str, float], work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    times[label] = time.perf_counter() - started
    print(f"  {label:44} {times[label]:7.2f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--link-dir", type=Path)
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        link_dir: Path = args.link_dir
        if link_dir is None:
            county = Path(tmp) / "county"
            synthesize(args.people, 1, county, year=2025)
            link_dir = Path(tmp) / "link"
            link_files([county / f"{n}.csv" for n in SOURCE_NAMES], link_dir)
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        sessions = make_session_factory(make_engine(url))
        times: dict[str, float] = {}
        print(f"link dir {link_dir}")
        timed(
            "baseline: read the three link files",
            times,
            lambda: [
                pl.read_csv(link_dir / "clusters.csv").height,
                pl.read_parquet(link_dir / "records.parquet").height,
                pl.read_parquet(link_dir / "sources.parquet").height,
            ],
        )
        county_code = LinkDir.open(link_dir).county()
        with sessions() as session, transaction(session):
            summary = timed(
                "reconcile: findings + cases into SQLite",
                times,
                lambda: run_reconciliation(
                    session, link_dir, period=PERIOD, area_code=county_code, out_dir=Path(tmp)
                ),
            )
        timed("estimate by county", times, lambda: estimate_from_link_dir(link_dir, by="county"))
        timed(
            "estimate by township", times, lambda: estimate_from_link_dir(link_dir, by="township")
        )
        timed("indicators", times, lambda: compute_indicators(link_dir, period=PERIOD))
        timed(
            "scorecard (the run's own findings)",
            times,
            lambda: village_scorecard(link_dir, summary.found, period=PERIOD),
        )
        reconcile_estimate = sum(
            times[k]
            for k in (
                "reconcile: findings + cases into SQLite",
                "estimate by county",
                "estimate by township",
            )
        )
        everything = sum(v for k, v in times.items() if not k.startswith("baseline"))
        floor = times["baseline: read the three link files"]
        print(
            f"\nfindings {summary.findings:,}, new cases {summary.new:,}\n"
            f"reconcile + estimates: {reconcile_estimate:.1f} s (target < 60 s), "
            f"{reconcile_estimate / floor:.1f}x the time to read the link files\n"
            f"with the report's other figures too (indicators, scorecard): {everything:.1f} s"
        )


if __name__ == "__main__":
    main()
