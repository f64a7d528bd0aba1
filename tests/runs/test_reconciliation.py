"""reconcile_period: from the database (export, link, reconcile, figures) or a link directory."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.errors import LinkageError
from hedui.period import Period
from hedui.progress import BarState, OneBar, RecordingProgress
from hedui.reconcile.retention import PURGED_MARKER
from hedui.reconcile.run import RECONCILE_STEP
from hedui.runs import EXPORT_STEP, FIGURES_STEP, RUN_STEP, RunFolder, reconcile_period
from hedui.store.cases import Case, ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from reports.county import PERIOD, linked_county
from web.views.casework import import_synthetic_county


@pytest.fixture(scope="module")
def county_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    """A database holding a small synthetic county, imported once for this module."""
    directory = tmp_path_factory.mktemp("county")
    url = f"sqlite:///{directory / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        accepted = import_synthetic_county(session, directory / "synth")
    engine.dispose()
    yield url, accepted


def _session(url: str) -> Session:
    return make_session_factory(make_engine(url))()


def test_reconcile_period_from_the_store_links_and_saves_cases(
    county_db: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    url, accepted = county_db
    shown: list[BarState] = []
    with _session(url) as session:
        outcome = reconcile_period(
            session,
            period=Period(2025, 12),
            area_code="320924",
            folder=RunFolder.under(tmp_path, "job-1"),
            progress=OneBar(shown.append),
        )
        result = outcome.to_dict()
        cases = session.scalar(select(func.count()).select_from(Case))
        run = session.scalars(select(ReconcileRun)).one()
    # Every accepted ledger entry was exported and linked.
    assert result["exported"] == {k: v for k, v in accepted.items() if v}
    assert result["linkage"]["records"] == sum(accepted.values())
    assert result["period"] == "2025-12"
    # The synthetic county has injected errors: the run finds some, and saves them as cases.
    assert cases and cases > 0
    assert run.link_dir == str(tmp_path / "runs" / "job-1" / "link")
    # Progress only moves forward, from the export to the end of the report's figures.
    fractions = [state.fraction for state in shown]
    assert fractions == sorted(fractions)
    assert (shown[1].fraction, shown[1].step) == (0.0, EXPORT_STEP)
    assert shown[-1] == BarState(1.0, RUN_STEP, 1.0, 1.0)
    steps = [state.step for state in shown]
    assert FIGURES_STEP in steps[steps.index(RECONCILE_STEP) :]
    assert len(set(steps)) >= 5
    assert result["figures"] is None  # the report's figures were computed and kept
    assert (tmp_path / "runs" / "job-1" / "reconcile" / "report-figures-2025-12.json").is_file()


def test_reconcile_period_refuses_an_area_without_entries(
    county_db: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    """A neighbouring county has no ledger: a clear error, and no run is written."""
    url, _ = county_db
    with _session(url) as session, pytest.raises(LinkageError, match="没有记录"):
        reconcile_period(
            session,
            period=Period(2025, 12),
            area_code="320925",
            folder=RunFolder.under(tmp_path, "run"),
        )
    assert not (tmp_path / "runs" / "run" / "link").exists()


def test_reconcile_period_of_a_link_directory_saves_the_run_and_keeps_its_figures(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """``hedui reconcile LINK_DIR`` as the library: no export, no linkage; the findings and
    the report's figures go to ``out_dir``."""
    link_dir = linked_county(tmp_path_factory) / "linked"
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    recorded = RecordingProgress()
    with _session(url) as session:
        outcome = reconcile_period(
            session,
            period=PERIOD,
            area_code="320924",
            link_dir=link_dir,
            out_dir=tmp_path / "out",
            progress=recorded,
        )
        run = session.scalars(select(ReconcileRun)).one()
    assert outcome.linkage is None and outcome.exported == {} and outcome.figures_error is None
    assert outcome.summary.run_id == run.id and run.finished_at is not None
    document = outcome.to_dict()
    assert document["linkage"] is None and document["summary"]["run_id"] == run.id
    assert (tmp_path / "out" / "findings.csv").is_file()
    assert (tmp_path / "out" / f"report-figures-{PERIOD.label}.json").is_file()
    started = recorded.steps
    assert started[0] == RECONCILE_STEP and FIGURES_STEP in started and RUN_STEP not in started


def test_reconcile_period_needs_either_a_folder_or_a_link_directory(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="either"):
        reconcile_period(None, period=PERIOD, area_code="320924")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="either"):
        reconcile_period(
            None,  # type: ignore[arg-type]
            period=PERIOD,
            area_code="320924",
            folder=RunFolder.under(tmp_path, "x"),
            link_dir=tmp_path,
        )


def test_figures_that_cannot_be_computed_are_reported_not_raised(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A run over a folder whose personal data was purged (``PURGED.json``) cannot compute the
    report's figures: the run and its cases are saved, and the outcome says why, in words."""
    folder = tmp_path / "old-run"
    shutil.copytree(linked_county(tmp_path_factory) / "linked", folder / "link")
    (folder / PURGED_MARKER).write_text("{}", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    with _session(url) as session:
        outcome = reconcile_period(
            session, period=PERIOD, area_code="320924", link_dir=folder / "link"
        )
        assert session.scalars(select(ReconcileRun)).one().finished_at is not None
    assert outcome.figures_error is not None and "保存期限" in outcome.figures_error
    assert outcome.to_dict()["figures"] == outcome.figures_error
