"""DuckDB against Spark (``local[2]``) on the same county and the same saved model.

For each engine, ``hedui link --model MODEL`` runs in a fresh process and the resident
memory of its whole process tree is sampled from ``/proc`` twice a second: for Spark that
tree holds the Python driver *and* the JVM it starts, and the JVM's peak is reported on its
own too. The clusters of each engine are evaluated against the county's truth and against
each other (pairwise F1, the other engine's clusters taken as truth).

Both engines score with the model given (trained once, on DuckDB, by ``hedui link``), so
the times compare scoring, clustering and writing, not training.

Usage::

    .venv/bin/python bench/bench_spark.py --county DIR --model DIR/model.json \\
        [--engines duckdb spark] [--memory-limit 6GB] [--spark-master 'local[2]'] \\
        [--shuffle-partitions 8] [--work DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl

from hedui.linkage.evaluate import evaluate_clusters, evaluate_frames
from hedui.synth import SOURCE_NAMES

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _rss(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * PAGE
    except OSError:
        return 0


def _is_java(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "comm").read_text().strip() == "java"
    except OSError:
        return False


class TreeMemory:
    """Peak resident memory of a process and its descendants (and of its JVMs alone)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.peak_java = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            tree = _children()
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(tree.get(pid, []))
            sizes = {pid: _rss(pid) for pid in pids}
            self.peak = max(self.peak, sum(sizes.values()))
            self.peak_java = max(
                self.peak_java, sum(size for pid, size in sizes.items() if _is_java(pid))
            )
            self._stop.wait(0.5)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_engine(engine: str, args: argparse.Namespace, out: Path) -> dict[str, object]:
    """Run ``hedui link`` with ``engine``; return wall time, peak memory and its summary."""
    hedui = Path(sys.executable).with_name("hedui")
    command = [
        str(hedui),
        "link",
        *(str(args.county / f"{name}.csv") for name in SOURCE_NAMES),
        "--out",
        str(out),
        "--model",
        str(args.model),
        "--engine",
        engine,
        "--memory-limit",
        args.memory_limit,
        "--json",
    ]
    if engine == "spark":
        command += [
            "--spark-master",
            args.spark_master,
            "--shuffle-partitions",
            str(args.shuffle_partitions),
        ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    stdout, stderr = process.communicate()
    memory.stop()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{engine} failed:\n{stderr.decode()[-3000:]}")
    summary = json.loads(stdout)
    truth = evaluate_clusters(out / "clusters.csv", args.county / "truth.csv")
    return {
        "engine": engine,
        "seconds": round(seconds, 1),
        "steps": summary["seconds"],
        "peak_rss_gb": round(memory.peak / 2**30, 2),
        "peak_jvm_rss_gb": round(memory.peak_java / 2**30, 2),
        "records": summary["records"],
        "pairs_scored": summary["pairs_scored"],
        "clusters": summary["clusters"],
        "f1_vs_truth": round(truth.pairwise.f1, 5),
    }


def engines_agree(first: Path, second: Path) -> float:
    """Pairwise F1 of ``second``'s clusters taking ``first``'s as the truth."""
    reference = pl.read_csv(first / "clusters.csv", infer_schema=False)
    other = pl.read_csv(second / "clusters.csv", infer_schema=False)
    truth = reference.select("source", "record_id", pl.col("cluster_id").alias("entity_id"))
    return evaluate_frames(other, truth).pairwise.f1


def main() -> None:
    """Run each engine in turn (never two at once), then compare their clusters."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"])
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--spark-master", default="local[2]")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--work", type=Path, default=Path("bench-spark-out"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    for engine in args.engines:
        rows.append(run_engine(engine, args, args.work / engine))
        print(json.dumps(rows[-1]), flush=True)
    report: dict[str, object] = {"county": str(args.county), "runs": rows}
    if len(args.engines) == 2:
        first, second = (args.work / engine for engine in args.engines)
        report["f1_between_engines"] = round(engines_agree(first, second), 6)
        print(json.dumps({"f1_between_engines": report["f1_between_engines"]}), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
