"""On a 390×844 phone (issue #14 part 4): the case page puts the decision first, the case list is
compact cards, the start page counts the user's own cases, and an officer acts on many at once.

Before this work, on this county, the case list was 9,076 px tall on a phone and a case page
2,618 to 32,248 px, with the actions after every evidence card; the limits below are far under
those (docs/web.md has the figures). Screenshots go to the screenshot folder at phone and
desktop size.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, PHONE, Server, log_in, new_page
from .reconciled import reconciled_server

__all__ = ["reconciled_server"]

pytestmark = pytest.mark.browser

LIST_BEFORE, CASE_BEFORE = 9_076, 2_618
"""Heights measured before, on the same county: the list, and the shortest case page."""


def _height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def _bottom(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


def test_case_page_puts_the_decision_first_on_a_phone(
    browser: Browser, reconciled_server: Server, screenshots: Path
) -> None:
    page = new_page(browser, reconciled_server, PHONE)
    log_in(page, "officer")
    page.goto("/cases")
    expect(page.locator("ul.case-cards > li").first).to_be_visible()
    # Filters are folded; each card is headed by a person's name, never a record number.
    expect(page.locator("details.filters-fold")).not_to_have_attribute("open", "")
    names = page.locator(".case-cards .case-person").all_inner_texts()
    assert names and all(re.search(r"[\u4e00-\u9fff]", name) for name in names)
    listed = _height(page)
    assert listed < LIST_BEFORE / 2, listed
    page.screenshot(path=screenshots / "case-list-phone.png", full_page=True)

    page.goto("/cases?kind=id_number_conflict")
    page.locator(".case-cards a.case-person").first.click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    # What is wrong, with the person's name, then the values that differ, marked.
    expect(page.locator("h1.case-title")).to_contain_text("：")
    expect(page.locator("table.decision tr.odd").first).to_be_visible()
    # The actions lie within the first screen: resolve with a note, correct, hand over, next.
    for selector in (
        "#resolve-note",
        "form[action$='/resolve'] button",
        "a:has-text('更正记录')",
        "a:has-text('转交')",
        "a[rel=next]",
    ):
        assert _bottom(page, selector) <= PHONE["height"], selector
    # Tap targets of 44 px at least.
    for target in page.locator(".case-page .button, .case-page summary").all():
        box = target.bounding_box()
        assert box is not None and box["height"] >= 44, target.inner_text()
    # The evidence is folded, in plain words: no weights, no probabilities, no English levels.
    text = page.locator("main").inner_text()
    assert "权重" not in text and "匹配概率" not in text
    case_height = _height(page)
    assert case_height < CASE_BEFORE / 2, case_height
    page.screenshot(path=screenshots / "case-phone.png")
    page.locator("details.case-more summary").first.click()
    evidence = page.locator("details.case-more").first.inner_text()
    assert "same pinyin" not in evidence and "exact" not in evidence
    assert "认作同一人" in evidence or "认作不同的人" in evidence
    page.screenshot(path=screenshots / "case-phone-evidence.png", full_page=True)

    page.fill("#resolve-note", "已对照户口登记原件，按多数来源更正")
    page.click("form[action$='/resolve'] button")
    expect(page.locator(".alert.success")).to_have_text("已解决。")
    expect(page.locator("a[rel=next]")).to_be_visible()


def test_home_counts_my_cases_and_an_officer_acts_on_many(
    browser: Browser, reconciled_server: Server, screenshots: Path
) -> None:
    page = new_page(browser, reconciled_server, PHONE)
    log_in(page, "officer")
    counts = page.locator(".my-cases .count")
    expect(counts).to_have_count(2)
    todo = int(counts.nth(1).inner_text())
    assert todo > 0
    page.screenshot(path=screenshots / "home-phone.png", full_page=True)

    page.goto("/cases/mine?show=todo")
    boxes = page.locator("input[name=case][form=bulk-form]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("#bulk-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/cases/bulk\?"))
    expect(page.locator(".case-cards > li")).to_have_count(2)
    page.fill("#bulk-note", "已逐条对照户口簿核实")
    page.screenshot(path=screenshots / "bulk-phone.png", full_page=True)
    page.click("form[action$='/bulk/resolve'] button")
    expect(page.locator(".alert.success")).to_have_text("已解决 2 个事项。")
    expect(page.locator(".case-cards .tag-status-resolved")).to_have_count(2)

    page.goto("/")
    assert int(page.locator(".my-cases .count").nth(1).inner_text()) == todo - 2


def test_desktop_screenshots(
    browser: Browser, reconciled_server: Server, screenshots: Path
) -> None:
    page = new_page(browser, reconciled_server, DESKTOP)
    log_in(page, "admin")
    page.screenshot(path=screenshots / "home-desktop.png", full_page=True)
    page.goto("/cases")
    expect(page.locator("details.filters-fold")).to_have_attribute("open", "")
    page.screenshot(path=screenshots / "case-list-desktop.png")
    page.goto("/cases?kind=id_number_conflict")
    page.locator(".case-cards a.case-person").first.click()
    expect(page.locator("table.decision")).to_be_visible()
    page.screenshot(path=screenshots / "case-desktop.png")
