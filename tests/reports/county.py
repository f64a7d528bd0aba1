"""A linked synthetic county and a store whose reconciliation run points at it, built once per
test session on disk (reused by the report tests and the ``hedui report`` CLI tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hedui.linkage.pipeline import link_files
from hedui.period import Period
from hedui.reconcile.run import run_reconciliation
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.migrations import upgrade
from hedui.synth import SOURCE_NAMES, synthesize

COUNTY = "320924"
PEOPLE = 2000
SEED = 11
PERIOD = Period(2025)


def linked_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``<base>/report-county``: ``county/`` (synth output) and ``linked/`` (link output)."""
    base = tmp_path_factory.getbasetemp() / "report-county"
    done = base / "linked" / "clusters.csv"
    if not done.is_file():
        synthesize(PEOPLE, SEED, base / "county", year=PERIOD.year)
        link_files([base / "county" / f"{name}.csv" for name in SOURCE_NAMES], base / "linked")
    return base


def store_with_run(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite store where ``run_reconciliation`` reconciled the county for 2025."""
    base = linked_county(tmp_path_factory)
    database = base / "hedui.db"
    url = f"sqlite:///{database}"
    if database.is_file():
        return url
    upgrade(url)
    (base / "reconcile").mkdir(exist_ok=True)
    engine = make_engine(url)
    with make_session_factory(engine)() as session, transaction(session):
        run_reconciliation(
            session, base / "linked", period=PERIOD, area_code=COUNTY, out_dir=base / "reconcile"
        )
    engine.dispose()
    return url
