"""In Chromium on a phone: a township officer filters the case list, taps 导出 Excel, and the
downloaded workbook opens with openpyxl holding the filtered cases, IDs masked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect
from sqlalchemy.orm import Session

from hedui.store.cases import CaseStatus
from hedui.store.db import make_engine, make_session_factory

from ..conftest import CHILD_ID
from ..views.casework import add_case
from .conftest import (
    PHONE,
    Server,
    log_in,
    new_page,
    serving,
    skip_without_chromium,
    users_database,
)

pytestmark = pytest.mark.browser

VILLAGE_A1 = "320924101001"
VILLAGE_A2 = "320924101002"


class _Store:
    """What :func:`add_case` needs of a site: sessions on the server's database."""

    def __init__(self, url: str) -> None:
        self.database_url = url

    def session(self) -> Session:
        return make_session_factory(make_engine(self.database_url))()


@pytest.fixture(scope="module")
def server_with_cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``hedui serve`` on 127.0.0.1 over a database with the test users and four cases."""
    skip_without_chromium()
    directory = tmp_path_factory.mktemp("case-export")
    url = users_database(directory)
    store = _Store(url)
    add_case(store, VILLAGE_A1, key="a1")  # type: ignore[arg-type]
    add_case(store, VILLAGE_A1, key="a1b", kind="birth_missing_in_police_hukou")  # type: ignore[arg-type]
    add_case(store, VILLAGE_A2, key="a2")  # type: ignore[arg-type]
    add_case(store, VILLAGE_A1, key="a1r", status=CaseStatus.RESOLVED)  # type: ignore[arg-type]
    with serving(url, directory, "e") as running:
        yield running


def test_phone_downloads_the_filtered_case_list_as_excel(
    browser: Browser, server_with_cases: Server, screenshots: Path, tmp_path: Path
) -> None:
    phone = new_page(browser, server_with_cases, PHONE)
    log_in(phone, "officer")
    phone.goto(f"/cases?village={VILLAGE_A1}")
    link = phone.locator("a", has_text="导出 Excel")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44  # a tap target
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    link.scroll_into_view_if_needed()
    phone.screenshot(path=screenshots / "case_export_phone.png")
    with phone.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = load_workbook(saved)
    rows = [list(r) for sheet in book for r in sheet.iter_rows(values_only=True)]
    # One village's sheet: the header and the two active cases of A1, not A2's, not the
    # resolved one.
    assert len(book.sheetnames) == 1 and VILLAGE_A1 in book.sheetnames[0]
    assert rows[0][0] == "编号 case" and len(rows) == 3
    assert CHILD_ID not in repr(rows)


def test_desktop_shows_the_export_beside_the_count(
    browser: Browser, server_with_cases: Server, screenshots: Path
) -> None:
    desktop = new_page(browser, server_with_cases, {"width": 1366, "height": 768})
    log_in(desktop, "admin")
    desktop.goto("/cases")
    link = desktop.locator("a", has_text="导出 Excel")
    expect(link).to_have_attribute("href", "/case-export?")
    link.scroll_into_view_if_needed()
    desktop.screenshot(path=screenshots / "case_export_desktop.png")
