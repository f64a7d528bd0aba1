"""hedui link on a county of 1,000,000 people (about 3 million records), end to end.

The target: under 3 minutes and under 6 GB peak memory on the 2-core, 24 GB development
machine. The county is drawn first (``hedui synth``, reporting year 2025, not timed); the
linkage runs in a fresh process so that its peak resident memory (``ru_maxrss`` of the
child) is its own — Python, polars and DuckDB together, DuckDB held to its 3 GB limit and
spilling to a temporary directory in the output folder beyond it. Accuracy is evaluated
afterwards against the county's truth.

Usage: ``.venv/bin/python bench/bench_scale.py [--people 1000000] [--seed 11] [--county DIR]``
(``--county`` reuses a county already written by ``hedui synth``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hedui.linkage.evaluate import evaluate_clusters
from hedui.linkage.pipeline import link_files
from hedui.synth import SOURCE_NAMES, synthesize


def child(county: Path, out: Path) -> None:
    """Link the county (in this fresh process); print seconds and per-step times as JSON."""
    paths = [county / f"{name}.csv" for name in SOURCE_NAMES]
    started = time.perf_counter()
    result = link_files(paths, out)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "steps": result.seconds,
                "records": result.records,
                "pairs": result.pairs_scored,
                "links": result.links,
                "clusters": result.clusters,
            }
        )
    )


def main() -> None:
    """Draw (or reuse) the county, link it in a child process, evaluate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--county", type=Path)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.county, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        county = args.county
        if county is None:
            county = Path(tmp) / "county"
            synthesize(args.people, args.seed, county, year=2025)
        out = Path(tmp) / "linked"
        command = [sys.executable, __file__, "--child", "--county", str(county), "--out", str(out)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
        run = json.loads(done.stdout.strip().splitlines()[-1])
        evaluation = evaluate_clusters(out / "clusters.csv", county / "truth.csv")
    p, b = evaluation.pairwise, evaluation.by_event["birth"]
    print(
        f"{run['records']:,} records, {run['pairs']:,} pairs scored, {run['links']:,} links, "
        f"{run['clusters']:,} clusters"
    )
    print(f"wall {run['seconds']:.1f} s, peak memory {peak_gb:.2f} GB")
    print("steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in run["steps"].items()))
    print(f"all:    P {p.precision:.5f}  R {p.recall:.5f}  F1 {p.f1:.5f}")
    print(f"births: P {b.precision:.5f}  R {b.recall:.5f}  F1 {b.f1:.5f}")


if __name__ == "__main__":
    main()
