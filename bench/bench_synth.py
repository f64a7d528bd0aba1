"""Time ``hedui synth`` at 100,000 and 1,000,000 people against a plain pandas ``to_csv``.

Every later benchmark and test starts from a synthetic county, so drawing one must be cheap:
a million people (about three million records) in under a minute on a two-core machine. The
baseline is what merely writing the same rows costs: the county's five source files
concatenated into one pandas frame and written with ``DataFrame.to_csv``. A ratio near 1
means the generator costs about as much as writing its output with pandas.

Each size runs in a fresh process so that its peak memory (``ru_maxrss``) is its own. The CPU
seconds (user + system) are printed too: on a shared machine the wall time grows with other
people's load, the CPU time much less.

Usage: ``.venv/bin/python bench/bench_synth.py [--sizes 100000 1000000] [--seed 1]``
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

import pandas as pd

from hedui.synth import SOURCE_NAMES, generate_county, write_county


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_one(people: int, seed: int) -> dict[str, float]:
    """Synthesise and write one county, then time the pandas baseline on the same rows."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cpu_started = _cpu_seconds()
        started = time.perf_counter()
        county = generate_county(people, seed)
        generated = time.perf_counter()
        summary = write_county(county, out / "county")
        finished = time.perf_counter()
        cpu = _cpu_seconds() - cpu_started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        frame = pd.concat(
            [county.sources[name].to_pandas() for name in SOURCE_NAMES], ignore_index=True
        )
        baseline_started = time.perf_counter()
        frame.to_csv(out / "pandas.csv", index=False)
        baseline = time.perf_counter() - baseline_started
    return {
        "people": people,
        "records": summary.total_records,
        "generate_s": generated - started,
        "write_s": finished - generated,
        "synth_s": finished - started,
        "synth_cpu_s": cpu,
        "peak_mb": peak_mb,
        "pandas_to_csv_s": baseline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed)))
        return
    rows = []
    for people in args.sizes:
        command = [sys.executable, __file__, "--one", str(people), "--seed", str(args.seed)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    header = (
        f"{'people':>10} {'records':>10} {'synth s':>8} {'(draw':>7} {'write)':>7} "
        f"{'CPU s':>6} {'peak MB':>8} {'pandas to_csv s':>16} {'synth / pandas':>15}"
    )
    print(header)
    for row in rows:
        print(
            f"{row['people']:>10,} {row['records']:>10,} {row['synth_s']:>8.1f} "
            f"{row['generate_s']:>7.1f} {row['write_s']:>7.1f} {row['synth_cpu_s']:>6.1f} "
            f"{row['peak_mb']:>8,.0f} {row['pandas_to_csv_s']:>16.1f} "
            f"{row['synth_s'] / row['pandas_to_csv_s']:>15.2f}"
        )


if __name__ == "__main__":
    main()
