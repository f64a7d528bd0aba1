"""Report fixtures: the linked synthetic county of :mod:`.county` and its store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from hedui import runs
from hedui.reports.build import build_report
from hedui.reports.data import ReportData
from hedui.reports.model import Report
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade

from .county import COUNTY, PERIOD, linked_county, store_with_run

__all__ = ["COUNTY", "PERIOD"]


@pytest.fixture(scope="session")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_county(tmp_path_factory) / "linked"


@pytest.fixture(scope="session")
def villages_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_county(tmp_path_factory) / "county" / "villages.csv"


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return store_with_run(tmp_path_factory)


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
        data = runs.report_data(session, period=PERIOD, area_code=COUNTY, villages=villages_csv)
    engine.dispose()
    return data


@pytest.fixture(scope="session")
def internal_report(report_data: ReportData) -> Report:
    return build_report(report_data, "internal")


@pytest.fixture(scope="session")
def public_report(report_data: ReportData) -> Report:
    return build_report(report_data, "public")


@pytest.fixture
def fresh_store(tmp_path: Path, link_dir: Path) -> str:
    """An empty migrated store and a copy of the link directory, for tests that write."""
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    shutil.copytree(link_dir, tmp_path / "linked")
    return url
