"""In a real browser: a county admin reconciles a small synthetic county and watches the progress
bar finish, reads the dashboard, opens a case, resolves it with a note and sees the history.
Screenshots of each page go to the screenshot folder (docs/screenshots for the documentation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from hedui.store.db import make_engine, make_session_factory

from ..views.casework import import_synthetic_county
from .conftest import PHONE, Server, log_in, new_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def county(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """The synthetic county's five sources imported into the server's database."""
    engine = make_engine(server.database_url)
    try:
        with make_session_factory(engine)() as session:
            return import_synthetic_county(session, tmp_path_factory.mktemp("county"))
    finally:
        engine.dispose()


def test_reconcile_then_resolve_a_case(
    browser: Browser, server: Server, screenshots: Path, county: dict[str, int]
) -> None:
    assert sum(county.values()) > 200
    page = new_page(browser, server)
    log_in(page, "admin")
    page.goto("/dashboard")
    expect(page.locator(".empty-state")).to_contain_text("还没有数据")

    page.goto("/reconcile")
    page.fill("#period", "2025-12")
    page.click("button.primary:has-text('开始核对')")
    expect(page).to_have_url(re.compile(r"/reconcile/jobs/\d+$"))
    expect(page.locator("section.job progress")).to_be_visible()
    page.screenshot(path=screenshots / "reconcile-progress.png", full_page=True)
    # The fragment polls every second; the bar fills and the summary replaces it.
    expect(page.locator("section.job .tag-on")).to_have_text("已完成", timeout=180_000)
    expect(page.locator("section.job progress")).to_have_attribute("value", "100")
    expect(page.locator(".summary-tiles")).to_contain_text("新事项")
    page.screenshot(path=screenshots / "reconcile-result.png", full_page=True)

    page.goto("/dashboard")
    expect(page.locator("figure.chart")).to_have_count(4)  # four questions, drawn inline
    page.screenshot(path=screenshots / "dashboard.png", full_page=True)
    phone = new_page(browser, server, PHONE)
    log_in(phone, "admin")
    phone.goto("/dashboard")
    expect(phone.locator("figure.chart").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=screenshots / "dashboard-phone.png", full_page=True)

    page.goto("/cases")
    rows = page.locator("ul.case-cards > li")
    expect(rows.first).to_be_visible()
    page.screenshot(path=screenshots / "cases.png", full_page=True)
    conflict = page.locator(".case-cards a", has_text="不一致")
    (conflict if conflict.count() else page.locator(".case-cards a.case-person")).first.click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    expect(page.locator("table.decision")).to_be_visible()
    page.screenshot(path=screenshots / "case.png", full_page=True)

    if page.locator("#right-source").count():
        page.select_option("#right-source", index=1)
    page.fill("#resolve-note", "已查阅户口登记原件，按公安户籍更正村台账")
    page.click("form[action$='/resolve'] button")
    expect(page.locator(".alert.success")).to_have_text("已解决。")
    history = page.locator("ol.case-history li")
    expect(history).to_have_count(2)
    expect(history.last).to_contain_text("已查阅户口登记原件")
    expect(page.locator("form[action$='/resolve']")).to_have_count(0)
    page.screenshot(path=screenshots / "case-resolved.png", full_page=True)
