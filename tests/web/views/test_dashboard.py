"""The dashboard: an empty state before any reconciliation, then charts and the village ranking
of the newest run covering the user's area."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import Site
from .casework import add_case, link_small_county
from .casework import add_run as _add_run


@pytest.fixture(scope="module")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return link_small_county(tmp_path_factory.mktemp("county"))


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
