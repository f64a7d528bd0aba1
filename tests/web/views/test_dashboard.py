"""The dashboard: an empty state before any reconciliation, then charts that answer one question
each, drawn inline with a link on every mark, and the village table worst first, names not
codes."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from hedui.store.areas import AreaLevel
from hedui.store.db import transaction
from hedui.store.divisions import Division

from ..conftest import Site
from .casework import add_case, link_small_county
from .casework import add_run as _add_run


@pytest.fixture(scope="module")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return link_small_county(tmp_path_factory.mktemp("county"))


def _village_rows(html: str) -> list[str]:
    return re.findall(r'<td data-label="[^"]+" class="place">([^<]+)</td>', html)


def _name_village(site: Site, code: str, name: str) -> None:
    with site.session() as session, transaction(session):
        session.add(Division(code=code, level=AreaLevel.VILLAGE, name=name))


def test_dashboard_explains_itself_before_the_first_run(site: Site) -> None:
    officer = site.client("officer").get("/dashboard")
    assert officer.status_code == 200
    assert "还没有数据" in officer.text and 'href="/reconcile"' in officer.text
    clerk = site.client("clerk").get("/dashboard").text
    assert "还没有数据" in clerk and 'href="/reconcile"' not in clerk


def test_dashboard_draws_each_question_inline_with_links(site: Site, link_dir: Path) -> None:
    _add_run(site, link_dir)
    add_case(site, "320924101201")
    _name_village(site, "320924101201", "胜利村")
    response = site.client("admin").get("/dashboard")
    assert response.status_code == 200
    text = response.text
    # The four questions, each an inline <svg> (no image: marks are links).
    for question in (
        "哪些村的记录比其他村差？",
        "出生登记是否逐月更完整？",
        "待核实事项有没有在结案？",
        "出生性别比是否在通常范围内？",
    ):
        assert question in text
    assert "data:image/svg" not in text
    assert len(re.findall(r'<svg class="dash-chart"', text)) >= 2
    # 2,000 people have about two births a month: no month has an estimate, and it says so.
    assert "还无法估计任何一个月的完整率" in text
    # Cases: counted by the week they were opened (this week), labelled with its dates.
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日–", text)
    assert 'href="/cases?status=resolved"' in text
    # Every village of the synthetic township is listed, named where the division list says.
    rows = _village_rows(text)
    assert rows and "胜利村（…201）" in rows
    assert all(re.fullmatch(r"\d{12}|.+（…\d{3}）", r) for r in rows)
    for link in re.findall(r'href="(/cases\?[^"]+)"', text):
        assert "village=320924" in unescape(link) or "village" not in link


def test_a_village_row_links_to_its_case_list(site: Site, link_dir: Path) -> None:
    """Each village row links to that village's cases, every status; following it lists that
    village's case and not the other village's."""
    _add_run(site, link_dir)
    first = add_case(site, "320924101201", kind="name_conflict", key="a")
    other = add_case(site, "320924101202", kind="name_conflict", key="b")
    client = site.client("admin")
    text = client.get("/dashboard").text
    links = {unescape(h) for h in re.findall(r'<a href="(/cases\?village=\d{12}[^"]*)"', text)}
    assert "/cases?village=320924101201&status=" in links
    listing = client.get("/cases?village=320924101201&status=").text
    assert f'href="/cases/{first}"' in listing and f'href="/cases/{other}"' not in listing


def test_dashboard_of_a_clerk_shows_only_their_village(site: Site, link_dir: Path) -> None:
    """The clerk of 320924101001 (a village the synthetic county does not have) sees no other
    village's row, and no link to another village's cases."""
    _add_run(site, link_dir)
    text = site.client("clerk").get("/dashboard").text
    assert _village_rows(text) == []
    assert "/cases?village=" not in text


def test_dashboard_ignores_runs_of_other_areas(site: Site, link_dir: Path) -> None:
    """A run of township B says nothing about township A."""
    _add_run(site, link_dir, area="320924102")
    assert "还没有数据" in site.client("officer").get("/dashboard").text
    assert "还没有数据" not in site.client("officer_other").get("/dashboard").text


def test_dashboard_in_english_has_no_chinese_band_words(site: Site, link_dir: Path) -> None:
    _add_run(site, link_dir)
    client = site.client("admin")
    client.cookies.set("hedui_lang", "en")
    text = client.get("/dashboard").text
    assert "Which villages keep their records worse than the rest?" in text
    assert "Are cases being closed?" in text and "哪些村" not in text
