"""找人 on a phone (issue #14 parts 2-3): an officer finds 汪国庆 by pinyin and by the last ID
digits, and narrows the record list by picking 胜利村 from its name; village names, not codes,
on every list. Screenshots: search_phone.png, search_id_phone.png, village_picker_phone.png,
records_places_phone.png, search_desktop.png."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from hedui.identity.resident_id import check_character
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.division_import import import_divisions
from hedui.store.ledger import EventFields, record_event
from hedui.store.records import EventType
from hedui.store.users import User

from .conftest import PHONE, Server, log_in, new_page

pytestmark = pytest.mark.browser

TOWNSHIP = "320924101"
VICTORY = "320924101201"  # 胜利村
EAST_WIND = "320924101202"  # 东风村


def _id(born: date, sequence: int) -> str:
    body = f"320924{born:%Y%m%d}{sequence:03d}"
    return body + check_character(body)


WANG_ID = _id(date(2025, 10, 1), 351)


@pytest.fixture(scope="module")
def people(server: Server, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The division list of 新河镇, and births in two of its villages (one 汪国庆, one 王国庆
    who sounds the same, and others)."""
    divisions = tmp_path_factory.mktemp("divisions") / "villages.csv"
    divisions.write_text(
        "code,name,township_code,township_name\n"
        f"{VICTORY},胜利村,{TOWNSHIP},新河镇\n"
        f"{EAST_WIND},东风村,{TOWNSHIP},新河镇\n"
        f"{TOWNSHIP}001,通洋村,{TOWNSHIP},新河镇\n",
        encoding="utf-8",
    )
    births = [
        ("汪国庆", VICTORY, WANG_ID, "陈红"),
        ("王国庆", EAST_WIND, _id(date(2025, 9, 12), 111), "李梅"),
        ("张欣怡", VICTORY, _id(date(2025, 8, 3), 222), "周婷"),
        ("李子轩", EAST_WIND, _id(date(2025, 7, 21), 331), "吴芳"),
    ]
    engine = make_engine(server.database_url)
    with make_session_factory(engine)() as session, transaction(session):
        import_divisions(session, divisions)
        clerk = session.query(User).filter_by(username="clerk").one()
        for name, village, number, mother in births:
            born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            fields = EventFields(
                event=EventType.BIRTH,
                event_date=born,
                name=name,
                id_number=number,
                sex="1" if int(number[16]) % 2 else "2",
                birth_date=born,
                mother_name=mother,
            )
            record_event(session, fields, village_code=village, actor=clerk)
    engine.dispose()


@pytest.mark.usefixtures("people")
def test_officer_finds_wang_guoqing_by_pinyin_on_a_phone(
    browser: Browser, server: Server, screenshots: Path
) -> None:
    page = new_page(browser, server, PHONE)
    log_in(page, "officer")
    page.get_by_role("link", name="找人").click()
    page.fill("#q", "wangguoqing")
    page.get_by_role("button", name="查找").click()
    people = page.locator(".person")
    expect(people.first).to_contain_text("汪国庆")
    expect(page.locator(".people")).to_contain_text("王国庆")  # sounds the same
    expect(people.first).to_contain_text("胜利村（…201）")
    expect(people.first).not_to_contain_text(WANG_ID)  # the number stays masked
    box = page.locator(".person-entries a").first.bounding_box()
    assert box is not None and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "search_phone.png", full_page=True)
    page.context.close()


@pytest.mark.usefixtures("people")
def test_officer_finds_a_person_by_the_last_id_digits(
    browser: Browser, server: Server, screenshots: Path
) -> None:
    page = new_page(browser, server, PHONE)
    log_in(page, "officer")
    page.goto("/records")
    page.fill("#records-q", WANG_ID[-6:])
    page.locator(".search-inline button").click()
    expect(page.locator(".person")).to_have_count(1)
    expect(page.locator(".person")).to_contain_text("汪国庆")
    expect(page.locator(".match")).to_have_text("身份证号末位相符")
    page.screenshot(path=screenshots / "search_id_phone.png", full_page=True)
    page.context.close()


@pytest.mark.usefixtures("people")
def test_officer_picks_a_village_by_name_for_the_record_list(
    browser: Browser, server: Server, screenshots: Path
) -> None:
    page = new_page(browser, server, PHONE)
    log_in(page, "officer")
    page.goto("/records")
    expect(page.locator("table")).to_contain_text("东风村（…202）")
    page.locator("#village").press_sequentially("胜利")
    choice = page.get_by_role("link", name="胜利村（新河镇）")
    expect(choice).to_be_visible()
    box = choice.bounding_box()
    assert box is not None and box["height"] >= 44
    page.screenshot(path=screenshots / "village_picker_phone.png")
    choice.click()
    page.wait_for_url(f"**/records?village={VICTORY}")
    expect(page.locator("#village")).to_have_value("胜利村（…201）")
    # Other browser tests of the session save entries in 胜利村 too: every row listed is of
    # 胜利村, and none of 东风村.
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_text="胜利村")).to_have_count(rows.count())
    expect(page.locator("tbody")).not_to_contain_text("东风村")
    page.screenshot(path=screenshots / "records_places_phone.png", full_page=True)
    # the filter box, submitted as it now reads, keeps the same village
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#village")).to_have_value("胜利村（…201）")
    expect(rows.filter(has_text="胜利村")).to_have_count(rows.count())
    expect(page.locator("tbody")).not_to_contain_text("东风村")
    page.context.close()


@pytest.mark.usefixtures("people")
def test_a_filter_the_list_does_not_understand_is_an_error_in_chinese(
    browser: Browser, server: Server
) -> None:
    page = new_page(browser, server, PHONE)
    log_in(page, "officer")
    response = page.goto("/records?village=红旗村")
    assert response is not None and response.status == 400
    expect(page.locator("main")).to_contain_text("辖区内没有名为“红旗村”的村或乡镇")
    page.context.close()


@pytest.mark.usefixtures("people")
def test_search_on_the_desktop_groups_and_names_places(
    browser: Browser, server: Server, screenshots: Path
) -> None:
    page = new_page(browser, server, {"width": 1366, "height": 768})
    log_in(page, "officer")
    expect(page.locator(".nav-user")).to_contain_text("新河镇（…101）")
    page.goto("/search?q=汪国庆")
    expect(page.locator(".person").first).to_contain_text("姓名相同")
    page.screenshot(path=screenshots / "search_desktop.png", full_page=True)
    page.context.close()
