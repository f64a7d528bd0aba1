"""What Spark needs is checked before a run starts, and each missing piece is a clear error.

These tests start no JVM: they check Java, PySpark and the master the way a run does first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import ConfigurationError, InvalidInputError, LinkageError
from hedui.linkage import link_files
from hedui.linkage.engine import EngineOptions
from hedui.linkage.spark.session import check_master, java_executable, jvm_memory

pytestmark = pytest.mark.spark

UNREACHABLE = "spark://127.0.0.1:1"


def _fake_java(directory: Path, version: str) -> None:
    """A ``java`` that reports ``version`` the way OpenJDK does (on stderr)."""
    java = directory / "java"
    java.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2021-04-20' >&2\n")
    java.chmod(0o755)


def test_java_executable_missing_says_what_to_install(tmp_path: Path):
    with pytest.raises(LinkageError, match=r"apt-get install openjdk-17-jre-headless"):
        java_executable({"PATH": str(tmp_path)})


def test_java_executable_refuses_java_11(tmp_path: Path):
    _fake_java(tmp_path, "11.0.2")
    with pytest.raises(LinkageError, match=r"Java 11.*Java 17"):
        java_executable({"PATH": str(tmp_path)})


def test_java_executable_prefers_java_home(tmp_path: Path):
    (tmp_path / "bin").mkdir()
    _fake_java(tmp_path / "bin", "17.0.15")
    assert java_executable({"JAVA_HOME": str(tmp_path), "PATH": ""}) == str(
        tmp_path / "bin" / "java"
    )


def test_java_executable_finds_this_machines_java():
    assert Path(java_executable()).name == "java"


def test_missing_pyspark_names_the_install_command(tmp_path: Path):
    # A process in which importing pyspark fails, as on a machine without the extra.
    script = (
        "import sys; sys.modules['pyspark'] = None\n"
        "from hedui.linkage.engine import make_db_api, EngineOptions\n"
        "from pathlib import Path\n"
        "try:\n"
        f"    make_db_api('spark', EngineOptions(temp_directory=Path({str(tmp_path)!r})))\n"
        "except Exception as error:\n"
        "    print(type(error).__name__, error)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert shown.startswith("LinkageError")
    assert "pip install 'hedui[spark]'" in shown


def test_check_master_unreachable_fails_within_seconds():
    started = time.monotonic()
    with pytest.raises(LinkageError, match=r"cannot reach Spark master spark://127\.0\.0\.1:1"):
        check_master(UNREACHABLE, timeout=2.0)
    assert time.monotonic() - started < 10


def test_check_master_leaves_other_masters_to_the_probe():
    check_master("local[2]")
    check_master("yarn")


@pytest.mark.parametrize(
    ("limit", "jvm"),
    [("3GB", "3072m"), ("512MiB", "512m"), ("1.5g", "1536m"), ("2 TB", "2097152m")],
)
def test_jvm_memory_reads_duckdb_sizes(limit: str, jvm: str):
    assert jvm_memory(limit) == jvm


def test_jvm_memory_refuses_nonsense():
    with pytest.raises(ConfigurationError, match="4GB"):
        jvm_memory("lots")


def test_link_files_unreachable_master_fails_fast_and_leaves_nothing(sources: list[Path], tmp_path):
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(LinkageError, match="cannot reach Spark master"):
        link_files(
            sources,
            out,
            engine="spark",
            engine_options=EngineOptions(
                temp_directory=out / ".hedui-tmp", spark_master=UNREACHABLE
            ),
        )
    assert time.monotonic() - started < 60
    assert not (out / ".hedui-tmp").exists()
    assert not (out / "clusters.csv").exists()


def test_link_command_unreachable_master_exits_1_with_the_reason(sources: list[Path], tmp_path):
    args = ["link", *map(str, sources), "--out", str(tmp_path), "--engine", "spark"]
    result = CliRunner().invoke(app, [*args, "--spark-master", UNREACHABLE])
    assert result.exit_code == 1
    assert isinstance(result.exception, LinkageError)
    assert "spark://127.0.0.1:1" in str(result.exception)


def test_link_command_spark_conf_needs_key_and_value(sources: list[Path], tmp_path):
    args = ["link", *map(str, sources), "--out", str(tmp_path), "--engine", "spark"]
    result = CliRunner().invoke(app, [*args, "--spark-conf", "spark.executor.memory"])
    assert result.exit_code == 1
    assert isinstance(result.exception, InvalidInputError)
    assert "KEY=VALUE" in str(result.exception)
    assert os.listdir(tmp_path) == []
