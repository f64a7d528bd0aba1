"""A small synthetic county, linked once per session, and a store whose reconciliation run
points at it (a real SQLite file, migrated as ``hedui db upgrade`` does)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from hedui.linkage.pipeline import link_files
from hedui.reconcile.period import Period
from hedui.reports.data import ReportData, collect_report
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.synth import SOURCE_NAMES, synthesize

COUNTY = "320924"
PEOPLE = 2000
SEED = 11
PERIOD = Period(2025)


@pytest.fixture(scope="session")
def county_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("county")
    synthesize(PEOPLE, SEED, out, year=PERIOD.year)
    return out


@pytest.fixture(scope="session")
def link_dir(county_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("linked")
    link_files([county_dir / f"{name}.csv" for name in SOURCE_NAMES], out)
    return out


@pytest.fixture(scope="session")
def villages_csv(county_dir: Path) -> Path:
    return county_dir / "villages.csv"


@pytest.fixture(scope="session")
def store_url(link_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with one finished reconciliation run of 2025-12 over the linked county."""
    folder = tmp_path_factory.mktemp("store")
    url = f"sqlite:///{folder / 'hedui.db'}"
    upgrade(url)
    run_out = folder / "reconcile"
    run_out.mkdir()
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        session.add(
            ReconcileRun(
                period=PERIOD.label,
                area_code=COUNTY,
                link_dir=str(link_dir),
                out_dir=str(run_out),
                findings=0,
            )
        )
        session.commit()
    engine.dispose()
    return url


@pytest.fixture
def session(store_url: str) -> Iterator[Session]:
    engine = make_engine(store_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def report_data(store_url: str, villages_csv: Path) -> ReportData:
    engine = make_engine(store_url)
    with make_session_factory(engine)() as session:
        data = collect_report(session, period=PERIOD, area_code=COUNTY, villages=villages_csv)
    engine.dispose()
    return data


@pytest.fixture
def fresh_store(tmp_path: Path, link_dir: Path) -> str:
    """An empty migrated store and a copy of the link directory, for tests that write."""
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    shutil.copytree(link_dir, tmp_path / "linked")
    return url
