"""Starting Spark for hedui: check what it needs first, then fail fast instead of hanging.

Spark needs a Java runtime and PySpark, and a master that answers. Each missing piece is
found *before* the run starts and reported as a :class:`~hedui.errors.LinkageError` saying
what to install or check — not as a Java stack trace after minutes of reading sources, and
not as a run that waits forever for a master that is not there:

- Java: ``$JAVA_HOME/bin/java`` or ``java`` on ``PATH``, version 17 or later (Spark 4);
- PySpark: importable (``pip install 'hedui[spark]'``);
- a ``spark://`` master: a TCP connection to one of its addresses within a few seconds;
- any master: a one-task probe job must finish within ``probe_seconds``, else no executor
  is taking work (a cluster without free workers) and the session is stopped.

Spark's own logging goes through a log4j2 configuration written next to its temporary
files, at level ERROR, and the JVM's output goes to ``spark.log`` there, so the terminal
keeps only hedui's progress bars.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hedui.errors import ConfigurationError, LinkageError

JAVA_HINT = (
    "请安装 Java 17（apt-get install openjdk-17-jre-headless）/ "
    "install Java 17 (apt-get install openjdk-17-jre-headless)"
)
PYSPARK_HINT = "pip install 'hedui[spark]'"
MIN_JAVA = 17
CONNECT_SECONDS = 5.0
PROBE_SECONDS = 120.0
PROBE_GROUP = "hedui-probe"
SUBMITTED = "PYSPARK_GATEWAY_PORT"
"""Set by ``spark-submit`` for the Python program it starts: the JVM is already running."""

_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""


def java_executable(environ: Mapping[str, str] | None = None) -> str:
    """The Java that Spark will start: ``$JAVA_HOME/bin/java``, else ``java`` on ``PATH``.

    Raises:
        LinkageError: no Java is found, or it is older than 17.
    """
    environ = os.environ if environ is None else environ
    home = environ.get("JAVA_HOME")
    candidate = str(Path(home) / "bin" / "java") if home else None
    if candidate is None or not Path(candidate).is_file():
        candidate = shutil.which("java", path=environ.get("PATH", ""))
    if candidate is None:
        raise LinkageError(f"找不到 Java，Spark 无法启动 / no Java found for Spark. {JAVA_HINT}")
    try:
        shown = subprocess.run(
            [candidate, "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LinkageError(
            f"无法运行 {candidate}：{error} / cannot run {candidate}. {JAVA_HINT}"
        ) from None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown)
    major = int(found.group(1)) if found else 0
    if major == 1 and found and found.group(2):  # "1.8.0" is Java 8
        major = int(found.group(2))
    if major < MIN_JAVA:
        raise LinkageError(
            f"{candidate} 的版本为 {major or '未知'}，Spark 4 需要 Java {MIN_JAVA} 或更高 / "
            f"{candidate} is Java {major or 'of unknown version'}; Spark 4 needs Java "
            f"{MIN_JAVA} or later. {JAVA_HINT}"
        )
    return candidate


def require_pyspark() -> None:
    """Raise a :class:`LinkageError` naming the install command when PySpark is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise LinkageError(
            f"未安装 PySpark，无法使用 Spark 引擎：请运行 {PYSPARK_HINT} / PySpark is not "
            f"installed; run {PYSPARK_HINT} (or use --engine duckdb)"
        ) from None


def check_master(master: str, timeout: float = CONNECT_SECONDS) -> None:
    """For a standalone ``spark://host:port[,host:port]`` master, one address must answer.

    Spark itself would retry registering for a minute and then leave a session that never
    gets an executor; a plain TCP connection says in seconds whether a master is there.
    Other masters (``local[...]``, ``yarn``, ``k8s://``) are checked by the probe job.

    Raises:
        LinkageError: no address of the master accepts a connection.
    """
    if not master.startswith("spark://"):
        return
    for address in master.removeprefix("spark://").split(","):
        host, _, port = address.rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=timeout):
                return
        except (OSError, ValueError):
            continue
    raise LinkageError(
        f"无法连接 Spark master {master}：请检查地址与端口，并确认 master 正在运行；"
        f"单机运行可用 --spark-master 'local[*]' / cannot reach Spark master {master}: check "
        "the URL and that the master is running, or use --spark-master 'local[*]'"
    )


def jvm_memory(limit: str) -> str:
    """A memory size as DuckDB takes it (``"3GB"``, ``"512MiB"``) as the JVM takes it (``"3072m"``).

    Raises:
        ConfigurationError: the size cannot be read.
    """
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", limit.lower())
    if found is None:
        raise ConfigurationError(
            f"无法识别的内存大小 {limit!r}（例如 4GB）/ "
            f"cannot read memory size {limit!r} (e.g. 4GB)"
        )
    megabytes = (
        float(found.group(1))
        * {"": 2**-20, "k": 2**-10, "m": 1, "g": 2**10, "t": 2**20}[found.group(2)]
    )
    return f"{max(int(megabytes), 1)}m"


def start_session(
    master: str,
    work_dir: Path,
    *,
    driver_memory: str = "3GB",
    shuffle_partitions: int = 8,
    conf: Mapping[str, str] | None = None,
    probe_seconds: float = PROBE_SECONDS,
) -> Any:
    """Start (or join) a SparkSession for linkage, with the Splink similarity functions.

    ``work_dir`` receives Spark's local scratch space and its logging configuration; the
    caller removes it after the run. Settings a session already has cannot change (Spark
    keeps one context per process): starting twice in one process returns the first session.
    Under ``spark-submit`` the session is the one its command line describes, and
    ``master``, ``driver_memory``, ``shuffle_partitions`` and ``conf`` are not used.

    Raises:
        LinkageError: Java or PySpark is missing, the master cannot be reached, or no
            executor runs the probe job in time.
    """
    require_pyspark()
    java_executable()
    check_master(master)
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    work_dir.mkdir(parents=True, exist_ok=True)
    log_config = work_dir / "log4j2.properties"
    log_config.write_text(_LOG4J2, encoding="utf-8")
    java_options = f"-Dlog4j2.configurationFile={log_config.as_uri()}"
    settings = {
        "spark.jars": similarity_jar_location(),
        "spark.driver.memory": jvm_memory(driver_memory),
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        "spark.default.parallelism": str(shuffle_partitions),
        "spark.local.dir": str(work_dir / "local"),
        "spark.driver.extraJavaOptions": java_options,
        "spark.executor.extraJavaOptions": java_options,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        **(conf or {}),
    }
    # Reading, preparing and clustering run hedui's own Python on the executors: by default
    # the interpreter that runs hedui here (a cluster's workers need hedui installed too).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if SUBMITTED in os.environ:
        # Started by spark-submit: its master, memory and --jars rule, not hedui's options.
        session = SparkSession.builder.appName("hedui link").getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        probe(session, str(session.sparkContext.master), probe_seconds)
        return session
    spark_conf = (
        SparkConf().setMaster(master).setAppName("hedui link").setAll(list(settings.items()))
    )
    log_path = work_dir / "spark.log"
    try:
        with log_path.open("wb") as log:
            # The JVM writes its own notices (incubator modules, native libraries) to
            # stderr before any logging configuration applies: they go to spark.log.
            gateway = launch_gateway(  # type: ignore[no-untyped-call]
                spark_conf, popen_kwargs={"stdout": log, "stderr": log}
            )
        context = SparkContext(conf=spark_conf, gateway=gateway)
        session = SparkSession(context)
    except Exception as error:  # the JVM failed to start: its log says why
        shown = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        detail = shown[-1] if shown else _first_line(error)
        raise LinkageError(f"Spark 无法启动：{detail} / Spark did not start: {detail}") from None
    session.sparkContext.setLogLevel("ERROR")
    probe(session, master, probe_seconds)
    return session


def probe(session: Any, master: str, seconds: float) -> None:
    """Run a one-task job; stop the session and raise if it does not finish in ``seconds``."""
    context = session.sparkContext
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            context.setJobGroup(PROBE_GROUP, "hedui: is an executor there?")
            session.range(1).count()
            outcome.append(None)
        except Exception as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome or outcome[0] is not None:
        context.cancelJobGroup(PROBE_GROUP)
        session.stop()
        detail = _first_line(outcome[0]) if outcome else f"{seconds:.0f} s"
        raise LinkageError(
            f"Spark master {master} 没有可用的 executor（{detail}）：请检查集群是否有空闲的 "
            f"worker / no executor of {master} ran a test job ({detail}); check that the "
            "cluster has free workers"
        )
    context.setLocalProperty("spark.jobGroup.id", None)


def _first_line(error: BaseException | None) -> str:
    text = str(error).strip() if error is not None else ""
    return text.splitlines()[0][:300] if text else type(error).__name__
