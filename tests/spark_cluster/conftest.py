"""A real Spark standalone cluster on 127.0.0.1: one master and two workers of one core each.

Started from the PySpark installation (``spark-class org.apache.spark.deploy.master.Master``
and ``...worker.Worker``), each in its own process group, with ``SPARK_LOCAL_IP=127.0.0.1`` so
that every port it opens — master, workers, their web UIs, executors — listens on 127.0.0.1
only. The fixture's finalizer kills the process groups (the executors and their Python
workers are in their worker's group) and checks that none is left.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyspark
import pytest

SPARK_HOME = Path(pyspark.__file__).parent
START_SECONDS = 120.0


def free_ports(count: int) -> list[int]:
    """``count`` different TCP ports on 127.0.0.1 that nothing listens on now (held open
    together while chosen, so that the kernel cannot hand out one of them twice)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def spark_env(work: Path) -> dict[str, str]:
    """The environment of every process of the cluster, and of the driver."""
    return {
        **os.environ,
        "SPARK_HOME": str(SPARK_HOME),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOG_DIR": str(work / "logs"),
        "SPARK_WORKER_DIR": str(work / "worker"),
    }


@dataclass
class Cluster:
    """A running master and its workers; ``url`` is what ``--spark-master`` takes."""

    url: str
    web_url: str
    work: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def status(self) -> dict[str, object]:
        """The master's JSON status (workers, applications)."""
        with urllib.request.urlopen(f"{self.web_url}/json/", timeout=5) as answer:
            return dict(json.load(answer))

    def alive_workers(self) -> int:
        try:
            return int(str(self.status().get("aliveworkers", 0)))
        except (OSError, ValueError):  # not up yet, or a page that is not the status
            return 0

    def kill(self, name: str) -> None:
        """Kill one process of the cluster and everything it started (its process group)."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        """Stop every process group: TERM, then KILL whatever is left after 10 s."""
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for name in self.processes:
            process = self.processes[name]
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def leftovers(self, seconds: float = 30.0) -> list[int]:
        """Process groups of this cluster that still have a process after ``seconds`` (a
        killed executor is reaped by init a moment after its worker is gone)."""
        deadline = time.monotonic() + seconds
        while True:
            alive = []
            for process in self.processes.values():
                try:
                    os.killpg(process.pid, 0)
                    alive.append(process.pid)
                except ProcessLookupError:
                    pass
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.5)


def start_cluster(work: Path, workers: int = 2) -> Cluster:
    """Start a master and ``workers`` workers; wait until every worker has registered."""
    work.mkdir(parents=True, exist_ok=True)
    env = spark_env(work)
    spark_class = str(SPARK_HOME / "bin" / "spark-class")
    port, web, *ports = free_ports(2 + 2 * workers)
    cluster = Cluster(url=f"spark://127.0.0.1:{port}", web_url=f"http://127.0.0.1:{web}", work=work)

    def launch(name: str, *arguments: str) -> None:
        with (work / f"{name}.log").open("wb") as log:
            cluster.processes[name] = subprocess.Popen(
                [spark_class, *arguments],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )

    try:
        launch(
            "master",
            "org.apache.spark.deploy.master.Master",
            *("--host", "127.0.0.1", "--port", str(port), "--webui-port", str(web)),
        )
        for index in range(workers):
            launch(
                f"worker{index}",
                "org.apache.spark.deploy.worker.Worker",
                cluster.url,
                *("--host", "127.0.0.1", "--port", str(ports[2 * index])),
                *("--webui-port", str(ports[2 * index + 1]), "--cores", "1", "--memory", "1g"),
                *("--work-dir", str(work / f"worker{index}")),
            )
        deadline = time.monotonic() + START_SECONDS
        while cluster.alive_workers() < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the cluster did not start in {START_SECONDS:.0f} s")
            time.sleep(1)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@pytest.fixture
def standalone_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Cluster]]:
    """A factory of standalone clusters, every one stopped (and checked gone) at the end."""
    started: list[Cluster] = []

    def start() -> Cluster:
        cluster = start_cluster(tmp_path_factory.mktemp("cluster"))
        started.append(cluster)
        return cluster

    yield start
    for cluster in started:
        cluster.stop()
    for cluster in started:
        assert cluster.leftovers() == [], "a process of the test cluster is still running"
