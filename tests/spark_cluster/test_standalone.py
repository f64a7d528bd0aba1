"""``hedui link --engine spark`` on a real standalone cluster: the executors do the work.

The cluster (``conftest.py``) is a master and two one-core workers on 127.0.0.1; hedui runs
as a separate process, the driver, exactly as a user runs it. Spark's event log tells which
executor ran each task: reading, preparing, scoring and clustering must all run on the two
executors (the driver of a standalone application runs no task), and the clusters must be
DuckDB's, byte for byte. Killing a worker in the middle of the run must not hang it: Spark
retries the lost tasks on the other executor and the run finishes with the same clusters,
or it fails with hedui's message — within a bounded time either way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from hedui.linkage import LinkResult, link_files
from hedui.synth import SOURCE_NAMES, synthesize

from .conftest import Cluster, spark_env

pytestmark = [pytest.mark.slow, pytest.mark.spark]

PEOPLE = 200
RUN_SECONDS = 900
"""A run on this county takes 1–4 minutes on the shared 2-core machine; past this, it hangs."""


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    synthesize(PEOPLE, 23, folder, year=2025)
    return folder


@pytest.fixture(scope="module")
def duckdb_run(county: Path, tmp_path_factory: pytest.TempPathFactory) -> LinkResult:
    paths = [county / f"{name}.csv" for name in SOURCE_NAMES]
    return link_files(paths, tmp_path_factory.mktemp("duckdb"))


def _start_link(
    cluster: Cluster, county: Path, model: Path, out: Path, events: Path
) -> subprocess.Popen[str]:
    """``hedui link --engine spark --spark-master spark://...`` as its own process group."""
    events.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).parent / "hedui"),
        "link",
        *(str(county / f"{name}.csv") for name in SOURCE_NAMES),
        *("--out", str(out), "--model", str(model), "--json"),
        *("--engine", "spark", "--spark-master", cluster.url),
        *("--shuffle-partitions", "4", "--memory-limit", "1GB"),
        *("--spark-conf", "spark.eventLog.enabled=true"),
        *("--spark-conf", f"spark.eventLog.dir={events.as_uri()}"),
        *("--spark-conf", "spark.eventLog.compress=false"),
        *("--spark-conf", "spark.executor.memory=900m"),
    ]
    return subprocess.Popen(
        command,
        env=spark_env(cluster.work),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for the run; a run past :data:`RUN_SECONDS` is killed and the test fails."""
    try:
        out, err = process.communicate(timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"hedui link hung: no result after {RUN_SECONDS} s")
    return process.returncode, out, err


def _tasks_per_executor(events: Path) -> Counter[str]:
    """Tasks that ended, per executor ID, from every application's event log in ``events``."""
    counts: Counter[str] = Counter()
    # Spark 4 writes each application's log as eventlog_v2_<app>/events_<n>_<app> (beside
    # Hadoop's hidden .crc checksum files).
    for log in events.rglob("events_*"):
        # One JSON document a line; split on "\n" only (plans quote text that holds other
        # line separators, which str.splitlines would also split on).
        for line in log.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            event = json.loads(line)
            if event.get("Event") == "SparkListenerTaskEnd":
                counts[event["Task Info"]["Executor ID"]] += 1
    return counts


def test_link_on_a_standalone_cluster_runs_on_the_executors(
    standalone_cluster: Callable[[], Cluster],
    county: Path,
    duckdb_run: LinkResult,
    tmp_path: Path,
) -> None:
    cluster = standalone_cluster()
    out, events = tmp_path / "linked", tmp_path / "events"
    code, stdout, stderr = _finish(_start_link(cluster, county, duckdb_run.model_path, out, events))
    assert code == 0, stderr[-2000:]
    result = json.loads(stdout)
    assert result["records"] == duckdb_run.records
    assert (out / "clusters.csv").read_bytes() == duckdb_run.clusters_path.read_bytes()
    assert (out / "duplicates.csv").read_bytes() == duckdb_run.link_dir.duplicates_path.read_bytes()
    tasks = _tasks_per_executor(events)
    # Both workers' executors ran tasks; the driver ran none (it only plans and streams files).
    assert "driver" not in tasks
    assert len(tasks) == 2, tasks
    assert min(tasks.values()) >= 10, tasks
    assert cluster.status()["activeapps"] == []


def test_a_worker_killed_mid_run_is_survived_or_reported(
    standalone_cluster: Callable[[], Cluster],
    county: Path,
    duckdb_run: LinkResult,
    tmp_path: Path,
) -> None:
    cluster = standalone_cluster()
    out, events = tmp_path / "linked", tmp_path / "events"
    started = time.monotonic()
    process = _start_link(cluster, county, duckdb_run.model_path, out, events)
    # The sources have been read on the executors: kill one worker (and its executor) while
    # features are prepared and pairs scored.
    while not (out / "sources.parquet").exists() and process.poll() is None:
        assert time.monotonic() - started < RUN_SECONDS, "the run never finished reading"
        time.sleep(0.5)
    cluster.kill("worker1")
    code, _, stderr = _finish(process)
    if code == 0:
        assert (out / "clusters.csv").read_bytes() == duckdb_run.clusters_path.read_bytes()
        lost = _tasks_per_executor(events)
        assert len(lost) == 2  # both executors worked, one of them until it was killed
    else:
        assert "Spark 作业失败" in stderr or "Spark job failed" in stderr, stderr[-2000:]
    assert time.monotonic() - started < RUN_SECONDS
