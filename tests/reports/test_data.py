"""runs.report_data (collect_report behind it): a report's figures, real store, real link dir."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from hedui import runs
from hedui.errors import HeduiError, NotFoundError
from hedui.period import Period
from hedui.reports.data import NOT_EVALUATED, ReportData
from hedui.store.cases import ReconcileRun

from .conftest import COUNTY, PERIOD


def test_report_data_holds_every_section(report_data: ReportData) -> None:
    document = report_data.to_dict()
    assert document["period"] == "2025"
    county = document["indicators"]["areas"]["county"]
    assert any(row["area"] == COUNTY and row["events"]["birth"] > 0 for row in county)
    levels = {row["level"] for row in document["estimates"]}
    assert levels == {"county", "township"}
    assert document["scorecard"]["villages"]
    assert document["names"]  # names read from villages.csv
    json.dumps(document)  # one JSON document, nothing that JSON cannot hold


def test_estimates_say_the_linkage_was_not_evaluated(report_data: ReportData) -> None:
    assert report_data.linkage_evaluation is None
    assert report_data.linkage_error == NOT_EVALUATED


def test_no_run_for_the_period_says_which_command_to_run(session: Session) -> None:
    with pytest.raises(NotFoundError, match="hedui reconcile --period 2024-01"):
        runs.report_data(session, period=Period(2024, 1), area_code=COUNTY)


def test_a_run_of_another_county_does_not_serve(session: Session) -> None:
    with pytest.raises(NotFoundError):
        runs.report_data(session, period=PERIOD, area_code="320925")


def test_a_township_report_uses_the_county_run_and_keeps_its_own_rows(
    session: Session, report_data: ReportData
) -> None:
    township = next(
        row["area"]
        for row in report_data.indicators["areas"]["township"]
        if row["area"].startswith(COUNTY)
    )
    data = runs.report_data(session, period=PERIOD, area_code=township)
    rows = data.indicators["areas"]["township"]
    assert [row["area"] for row in rows] == [township]
    assert all(v["village_code"].startswith(township) for v in data.scorecard["villages"])


def test_figures_are_cached_beside_the_run_and_reused(fresh_store: str, tmp_path: Path) -> None:
    from hedui.store.db import make_engine, make_session_factory

    engine = make_engine(fresh_store)
    with make_session_factory(engine)() as session:
        session.add(
            ReconcileRun(
                period=PERIOD.label,
                area_code=COUNTY,
                link_dir=str(tmp_path / "linked"),
                out_dir=str(tmp_path),
                findings=0,
            )
        )
        session.commit()
        first = runs.report_data(session, period=PERIOD, area_code=COUNTY)
        assert (tmp_path / "report-figures-2025.json").is_file()
        started = time.perf_counter()
        second = runs.report_data(session, period=PERIOD, area_code=COUNTY)
        assert time.perf_counter() - started < 5
        assert second.indicators == first.indicators
        assert second.estimates == first.estimates
        # Changing the linkage output invalidates the cached figures.
        (tmp_path / "linked" / "clusters.csv").unlink()
        with pytest.raises(HeduiError, match=r"clusters\.csv"):
            runs.report_data(session, period=PERIOD, area_code=COUNTY)
    engine.dispose()
