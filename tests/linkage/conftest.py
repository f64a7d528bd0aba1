"""A small synthetic county, written once per test session, and one linkage run over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hedui.linkage.pipeline import LinkResult, link_files
from hedui.synth import SOURCE_NAMES, synthesize

# Reporting year 2025: every event date lies before the machine's "today", so the reader
# quarantines nothing for being in the future.
COUNTY_PEOPLE = 3000
COUNTY_SEED = 5
COUNTY_YEAR = 2025


def source_files(county: Path) -> list[Path]:
    """The five source CSVs of a county written by ``hedui synth``."""
    return [county / f"{name}.csv" for name in SOURCE_NAMES]


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county of 3,000 people with the default error rates."""
    out = tmp_path_factory.mktemp("county")
    synthesize(COUNTY_PEOPLE, COUNTY_SEED, out, year=COUNTY_YEAR)
    return out


@pytest.fixture(scope="session")
def sources(county: Path) -> list[Path]:
    """The county's five source files."""
    return source_files(county)


@pytest.fixture(scope="session")
def linked(sources: list[Path], tmp_path_factory: pytest.TempPathFactory) -> LinkResult:
    """The county linked with the default specification (trained from scratch)."""
    return link_files(sources, tmp_path_factory.mktemp("linked"))


@pytest.fixture(scope="session")
def spark_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local SparkSession (two cores, two shuffle partitions) for every Spark test here:
    PySpark keeps one JVM per process, so the test modules share it."""
    from hedui.linkage.spark.session import start_session

    session = start_session(
        "local[2]", tmp_path_factory.mktemp("spark"), driver_memory="1GB", shuffle_partitions=2
    )
    yield session
    session.stop()
