"""The dashboard: an empty state before any reconciliation, then charts and the village ranking
of the newest run covering the user's area."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from hedui.linkage import link_files
from hedui.store.base import utcnow
from hedui.store.cases import ReconcileRun
from hedui.synth import SOURCE_NAMES, synthesize

from ..conftest import Site
from .casework import add_case


@pytest.fixture(scope="module")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic county's events, linked once for the module (a few seconds)."""
    directory = tmp_path_factory.mktemp("county")
    synthesize(2000, 3, directory, year=2025)
    paths = []
    for name in SOURCE_NAMES:
        rows = pl.read_csv(directory / f"{name}.csv", infer_schema_length=0)
        path = directory / f"events_{name}.csv"
        rows.filter(pl.col("event") != "resident").write_csv(path)
        paths.append(path)
    link_files(paths, directory / "link")
    return directory / "link"


def _add_run(site: Site, link_dir: Path, area: str = "320924") -> None:
    with site.session() as session:
        session.add(
            ReconcileRun(
                period="2025-12",
                area_code=area,
                link_dir=str(link_dir),
                finished_at=utcnow(),
                findings=0,
            )
        )
        session.commit()


def _villages(html: str) -> set[str]:
    return set(re.findall(r'<td data-label="[^"]+" class="mono">(\d{12})</td>', html))


def test_dashboard_explains_itself_before_the_first_run(site: Site) -> None:
    officer = site.client("officer").get("/dashboard")
    assert officer.status_code == 200
    assert "还没有数据" in officer.text and 'href="/reconcile"' in officer.text
    clerk = site.client("clerk").get("/dashboard").text
    assert "还没有数据" in clerk and 'href="/reconcile"' not in clerk


def test_dashboard_draws_the_charts_of_the_latest_run(site: Site, link_dir: Path) -> None:
    _add_run(site, link_dir)
    add_case(site, "320924101201")
    response = site.client("admin").get("/dashboard")
    assert response.status_code == 200
    charts = re.findall(
        r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"', response.text
    )
    assert len(charts) == 4  # completeness, births, sex ratio, cases over time
    assert any("出生性别比" in title for title in charts)
    # Every village of the synthetic township is ranked, each with a link to its cases.
    villages = _villages(response.text)
    assert villages and all(v.startswith("320924101") for v in villages)
    for village in villages:
        assert f'href="/cases?village={village}&amp;status="' in response.text


def test_dashboard_of_a_clerk_shows_only_their_village(site: Site, link_dir: Path) -> None:
    """The clerk of 320924101001 (a village the synthetic county does not have) sees no other
    village's row, and no link to another village's cases."""
    _add_run(site, link_dir)
    text = site.client("clerk").get("/dashboard").text
    assert _villages(text) == set()
    assert "/cases?village=" not in text


def test_dashboard_ignores_runs_of_other_areas(site: Site, link_dir: Path) -> None:
    """A run of township B says nothing about township A."""
    _add_run(site, link_dir, area="320924102")
    assert "还没有数据" in site.client("officer").get("/dashboard").text
    assert "还没有数据" not in site.client("officer_other").get("/dashboard").text
