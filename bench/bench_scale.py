"""hedui link on a large county, end to end: DuckDB, Spark ``local[2]``, or a Spark standalone
cluster of two workers on this machine, with the peak memory of the driver and of each worker.

The county is drawn first (``hedui synth``, reporting year 2025, not timed); the linkage runs in
a fresh process (the driver). While it runs, the resident memory (RSS, from ``/proc``) of the
driver's whole process tree — Python, polars, DuckDB or the driver JVM and its Python workers —
and of each standalone worker's process group — the worker JVM, its executor JVM and the
executor's Python workers — is sampled every half second; the peaks are reported. The
standalone cluster (``--spark-master standalone``) is started from the PySpark installation on
127.0.0.1 (a master and two workers of one core each) and stopped afterwards. Accuracy is
evaluated against the county's truth.

Usage::

    .venv/bin/python bench/bench_scale.py [--people 1000000] [--seed 11] [--county DIR]
        [--engine duckdb|spark] [--spark-master 'local[2]'|standalone] [--model model.json]
        [--worker-memory 4g]

(``--county`` reuses a county already written by ``hedui synth``; ``--model`` reuses a saved
model, as the Spark measurements do, so that they time scoring rather than training.)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from hedui.linkage.engine import EngineOptions
from hedui.linkage.evaluate import evaluate_clusters
from hedui.linkage.pipeline import link_files
from hedui.synth import SOURCE_NAMES, synthesize

PAGE = os.sysconf("SC_PAGE_SIZE")


def child(args: argparse.Namespace) -> None:
    """Link the county (in this fresh process); print seconds and per-step times as JSON."""
    paths = [args.county / f"{name}.csv" for name in SOURCE_NAMES]
    options = None
    if args.engine == "spark":
        options = EngineOptions(
            spark_master=args.spark_master,
            memory_limit=args.driver_memory,
            shuffle_partitions=args.shuffle_partitions,
            temp_directory=args.out / ".hedui-tmp",
            spark_conf=tuple(tuple(c.split("=", 1)) for c in args.spark_conf),
        )
    started = time.perf_counter()
    result = link_files(
        paths, args.out, engine=args.engine, model_path=args.model, engine_options=options
    )
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


def _processes() -> dict[int, tuple[int, int, int]]:
    """pid → (parent pid, process group, RSS bytes) of every process."""
    found: dict[int, tuple[int, int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            found[int(entry)] = (int(fields[1]), int(fields[2]), int(fields[21]) * PAGE)
        except (OSError, ValueError, IndexError):
            continue
    return found


class Sampler(threading.Thread):
    """Peak RSS of a process tree (``tree``) and of process groups (``groups``)."""

    def __init__(self, tree: int, groups: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.tree, self.groups = tree, groups
        self.peaks: dict[str, int] = {"driver": 0, **dict.fromkeys(groups, 0)}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            table = _processes()
            children: dict[int, list[int]] = {}
            for pid, (parent, _, _) in table.items():
                children.setdefault(parent, []).append(pid)
            stack, total = [self.tree], 0
            while stack:
                pid = stack.pop()
                total += table.get(pid, (0, 0, 0))[2]
                stack.extend(children.get(pid, []))
            self.peaks["driver"] = max(self.peaks["driver"], total)
            for name, group in self.groups.items():
                used = sum(rss for _, pgid, rss in table.values() if pgid == group)
                self.peaks[name] = max(self.peaks[name], used)
            self.done.wait(0.5)


def _free_ports(count: int) -> list[int]:
    probes = [socket.socket() for _ in range(count)]
    for probe in probes:
        probe.bind(("127.0.0.1", 0))
    ports = [int(probe.getsockname()[1]) for probe in probes]
    for probe in probes:
        probe.close()
    return ports


def start_standalone(work: Path, memory: str) -> tuple[str, dict[str, subprocess.Popen[bytes]]]:
    """A master and two one-core workers on 127.0.0.1, each its own process group."""
    import pyspark

    home = Path(pyspark.__file__).parent
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    env["SPARK_WORKER_DIR"] = str(work / "worker")
    port, web, ui1, ui2 = _free_ports(4)
    url = f"spark://127.0.0.1:{port}"
    spark_class = str(home / "bin" / "spark-class")
    commands = {
        "master": [
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--webui-port",
            str(web),
        ],
        **{
            f"worker{i}": [
                "org.apache.spark.deploy.worker.Worker",
                url,
                "--host",
                "127.0.0.1",
                "--webui-port",
                str(ui1 if i == 1 else ui2),
                "--cores",
                "1",
                "--memory",
                memory,
            ]
            for i in (1, 2)
        },
    }
    processes = {}
    work.mkdir(parents=True, exist_ok=True)
    for name, arguments in commands.items():
        with (work / f"{name}.log").open("wb") as log:
            processes[name] = subprocess.Popen(
                [spark_class, *arguments], env=env, stdout=log, stderr=log, start_new_session=True
            )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{web}/json/", timeout=5) as answer:
                if json.load(answer).get("aliveworkers", 0) >= 2:
                    return url, processes
        except (OSError, ValueError):
            pass
        time.sleep(1)
    stop(processes)
    raise RuntimeError("the standalone cluster did not start")


def stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    """Kill every process group of the cluster."""
    for process in processes.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def main() -> None:
    """Draw (or reuse) the county, link it in a child process while sampling memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--county", type=Path)
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    parser.add_argument("--spark-master", default="local[2]")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--driver-memory", default="2GB")
    parser.add_argument("--worker-memory", default="4g")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--spark-conf", action="append", default=[])
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    # A benchmark stopped with SIGTERM still stops the cluster it started (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        county = args.county
        if county is None:
            county = Path(tmp) / "county"
            synthesize(args.people, args.seed, county, year=2025)
        out = Path(tmp) / "linked"
        cluster: dict[str, subprocess.Popen[bytes]] = {}
        master = args.spark_master
        conf = list(args.spark_conf)
        if args.engine == "spark" and master == "standalone":
            master, cluster = start_standalone(Path(tmp) / "cluster", args.worker_memory)
            executor = int(args.worker_memory.rstrip("g")) * 1024 - 512
            conf.append(f"spark.executor.memory={executor}m")
        command = [sys.executable, __file__, "--child", "--county", str(county)]
        command += ["--out", str(out), "--engine", args.engine, "--spark-master", master]
        command += ["--driver-memory", args.driver_memory]
        command += ["--shuffle-partitions", str(args.shuffle_partitions)]
        command += [f"--spark-conf={c}" for c in conf]
        if args.model:
            command += ["--model", str(args.model)]
        try:
            driver = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            groups = {name: p.pid for name, p in cluster.items() if name != "master"}
            sampler = Sampler(driver.pid, groups)
            sampler.start()
            stdout, _ = driver.communicate()
            sampler.done.set()
            sampler.join()
        finally:
            stop(cluster)
        if driver.returncode != 0:
            raise SystemExit(f"the linkage failed ({driver.returncode})")
        run = json.loads(stdout.strip().splitlines()[-1])
        evaluation = evaluate_clusters(out / "clusters.csv", county / "truth.csv")
    p = evaluation.pairwise
    gb = {name: peak / 1024**3 for name, peak in sampler.peaks.items()}
    print(f"engine {args.engine} {args.spark_master if args.engine == 'spark' else ''}")
    print(
        f"{run['records']:,} records, {run['pairs']:,} pairs scored, {run['links']:,} links, "
        f"{run['clusters']:,} clusters"
    )
    print(
        f"wall {run['seconds']:.1f} s; peak RSS (GB): "
        + ", ".join(f"{k} {v:.2f}" for k, v in gb.items())
    )
    print("steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in run["steps"].items()))
    print(f"all:    P {p.precision:.5f}  R {p.recall:.5f}  F1 {p.f1:.5f}")
    print(json.dumps({"run": run, "peak_gb": gb, "f1": p.f1}))


if __name__ == "__main__":
    main()
