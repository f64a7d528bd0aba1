"""A village clerk records births with the network off (issue #14 part 1), on a phone.

The service worker keeps the entry form; offline, the form checks in the browser and says it
did not look for duplicates; 保存 keeps each birth on the phone ("待上传 N"), a reload keeps
them, and when the network returns each is uploaded and saved exactly once. A queue replayed
with the same key saves once, and an entry the server refuses comes back as a task to fix or
discard, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from sqlalchemy import func, select

from hedui.identity.resident_id_text import check_character
from hedui.store.db import make_engine, make_session_factory
from hedui.store.entry_keys import EntryKey
from hedui.store.records import Record

from .conftest import PHONE, Server, log_in, new_page

pytestmark = pytest.mark.browser

OFFLINE_NOTE = "未联网，未检查重复"


def _mother_id(born: date, sequence: int) -> str:
    body = f"320924{born:%Y%m%d}{sequence:03d}"  # an even sequence: a woman's number
    return body + check_character(body)


BIRTHS = [
    ("离线甲母", _mother_id(date(1991, 4, 2), 102), "2025-05-01", "1"),
    ("离线乙母", _mother_id(date(1993, 8, 19), 204), "2025-05-02", "2"),
    ("离线丙母", _mother_id(date(1989, 1, 30), 306), "2025-05-03", "1"),
]


def _rows(server: Server, mother_name: str) -> list[Record]:
    engine = make_engine(server.database_url)
    try:
        with make_session_factory(engine)() as session:
            return list(session.scalars(select(Record).where(Record.mother_name == mother_name)))
    finally:
        engine.dispose()


def _keys(server: Server, key: str) -> int:
    engine = make_engine(server.database_url)
    try:
        with make_session_factory(engine)() as session:
            query = select(func.count()).select_from(EntryKey).where(EntryKey.key == key)
            return session.scalar(query) or 0
    finally:
        engine.dispose()


@pytest.fixture
def clerk_page(browser: Browser, server: Server) -> Iterator[Page]:
    page = new_page(browser, server, PHONE)
    log_in(page, "clerk")
    page.goto("/records/new/birth")
    page.wait_for_selector("body[data-offline-ready='1']")
    # The service worker controls the page and keeps the entry form for offline use.
    page.wait_for_function(
        """async () => navigator.serviceWorker.controller !== null
            && !!(await (await caches.open('hedui-entry-v1')).match('/records/new/birth'))""",
        polling=200,
    )
    yield page
    page.context.close()


def _fill_birth(
    page: Page, mother: str, mother_id: str, born: str, sex: str, name: str = ""
) -> None:
    page.fill("#f-name", name)
    page.select_option("#f-sex", sex)
    page.fill("#f-birth_date", born)
    page.fill("#f-mother_name", mother)
    page.fill("#f-mother_id_number", mother_id)


def _save(page: Page) -> None:
    page.click("form.record-form .actions button.primary")


def test_three_births_offline_survive_a_reload_and_are_saved_once(
    clerk_page: Page, server: Server, screenshots: Path
) -> None:
    page = clerk_page
    page.context.set_offline(True)
    expect(page.locator("#offline-banner")).to_be_visible()
    for index, (mother, mother_id, born, sex) in enumerate(BIRTHS, start=1):
        if index == 1:
            # The check character is checked in the browser: two digits swapped are caught.
            swapped = mother_id[:14] + mother_id[15] + mother_id[14] + mother_id[16:]
            _fill_birth(page, mother, swapped, born, sex)
            expect(page.locator("#check .issue.error")).to_contain_text("校验")
            expect(page.locator("#check .offline-note")).to_have_text(OFFLINE_NOTE)
            page.screenshot(path=screenshots / "offline-entry-phone.png", full_page=True)
            _save(page)  # refused in the browser: nothing is queued
            expect(page.locator("#queue-count")).to_be_hidden()
        _fill_birth(page, mother, mother_id, born, sex)
        # The live check ran in the browser and says the duplicate check did not; it does not
        # pretend that nothing was found.
        expect(page.locator("#check .offline-note")).to_have_text(OFFLINE_NOTE)
        expect(page.locator("#check")).not_to_contain_text("目前未发现问题")
        # The check of the corrected number has replaced the error (the button moved up).
        expect(page.locator("#check .issue.error")).to_have_count(0)
        _save(page)
        expect(page.locator("#queue-count")).to_have_text(f"待上传 {index}")
        expect(page.locator("#f-mother_name")).to_have_value("")
    page.screenshot(path=screenshots / "offline-queue-phone.png", full_page=True)

    page.reload()  # offline: the service worker answers with the kept form
    page.wait_for_selector("body[data-offline-ready='1']")
    expect(page.locator("#queue-count")).to_have_text("待上传 3")
    assert all(_rows(server, mother) == [] for mother, *_ in BIRTHS)

    page.context.set_offline(False)
    page.wait_for_selector("body[data-pending='0']", timeout=30_000)
    expect(page.locator("#queue-message")).to_contain_text("已上传 3 条")
    for mother, mother_id, born, sex in BIRTHS:
        rows = _rows(server, mother)
        assert len(rows) == 1, mother
        assert (rows[0].mother_id_number, str(rows[0].birth_date), rows[0].sex) == (
            mother_id,
            born,
            sex,
        )
        assert rows[0].village_code == "320924101001"


def _upload(page: Page, entry: dict[str, Any]) -> list[Any]:
    """Send ``entry`` to the upload endpoint twice, as a replayed queue would."""
    answers: list[Any] = page.evaluate(
        """async (entry) => {
            const token = (await (await fetch('/records/upload/token')).json()).csrf_token;
            const send = async () => {
                const response = await fetch('/records/upload', {method: 'POST',
                    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token},
                    body: JSON.stringify(entry)});
                return [response.status, await response.json()];
            };
            return [await send(), await send()];
        }""",
        entry,
    )
    return answers


def test_a_replayed_queue_saves_once(clerk_page: Page, server: Server) -> None:
    key = clerk_page.evaluate("async () => (await import('/static/js/entry_queue.js')).newKey()")
    entry = {
        "key": key,
        "event": "birth",
        "values": {
            "sex": "2",
            "birth_date": "2025-06-01",
            "mother_name": "重放母亲",
            "mother_id_number": _mother_id(date(1990, 2, 3), 408),
        },
    }
    (first_status, first), (second_status, second) = _upload(clerk_page, entry)
    assert (first_status, first["status"], first["created"]) == (200, "saved", True)
    assert (second_status, second["status"], second["created"]) == (200, "saved", False)
    assert first["record"] == second["record"]
    assert len(_rows(server, "重放母亲")) == 1
    assert _keys(server, key) == 1


def test_an_entry_the_server_refuses_becomes_a_task(
    clerk_page: Page, server: Server, screenshots: Path
) -> None:
    page = clerk_page
    page.context.set_offline(True)
    # An entry kept by an older page whose checks let through what the server refuses: the
    # birth date does not exist (the browser's own check would have stopped it).
    bad = {
        "key": page.evaluate("async () => (await import('/static/js/entry_queue.js')).newKey()"),
        "user": "clerk",
        "event": "birth",
        "state": "pending",
        "savedAt": "2025-06-01T08:00:00.000Z",
        "values": {
            "sex": "1",
            "birth_date": "2025-02-30",
            "mother_name": "任务母亲",
            "mother_id_number": _mother_id(date(1992, 5, 6), 510),
        },
    }
    page.evaluate("async (entry) => (await import('/static/js/entry_queue.js')).put(entry)", bad)
    page.reload()
    page.wait_for_selector("body[data-offline-ready='1']")
    expect(page.locator("#queue-count")).to_have_text("待上传 1")

    page.context.set_offline(False)
    task = page.locator("#entry-task-list > li")
    expect(task).to_have_count(1)
    expect(task).to_contain_text("任务母亲")
    expect(task.locator(".task-problem")).to_contain_text("出生日期")
    expect(page.locator("#entry-tasks")).to_be_visible()
    assert _rows(server, "任务母亲") == []
    page.screenshot(path=screenshots / "offline-task-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=screenshots / "offline-task-desktop.png")
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]

    # A reload keeps the task: nothing is dropped until the clerk decides.
    page.reload()
    page.wait_for_selector("body[data-offline-ready='1']")
    expect(page.locator("#entry-task-list > li")).to_have_count(1)

    # Fix it: the form takes the entry's values; the corrected date is saved once.
    page.click("#entry-task-list > li button.primary")
    expect(page.locator("#f-mother_name")).to_have_value("任务母亲")
    page.fill("#f-birth_date", "2025-02-28")
    _save(page)
    page.wait_for_selector("body[data-tasks='0'][data-pending='0']", timeout=30_000)
    rows = _rows(server, "任务母亲")
    assert [str(r.birth_date) for r in rows] == ["2025-02-28"]


def test_a_possible_duplicate_is_a_task_the_clerk_can_discard(
    clerk_page: Page, server: Server
) -> None:
    page = clerk_page
    mother, mother_id, born, sex = (
        "重复母亲",
        _mother_id(date(1994, 3, 3), 612),
        "2025-04-04",
        "2",
    )
    _fill_birth(page, mother, mother_id, born, sex, name="重复宝宝")
    _save(page)  # online: the usual post, saved
    page.wait_for_url("**/records/*?saved=1")
    page.goto("/records/new/birth")
    page.wait_for_selector("body[data-offline-ready='1']")
    page.context.set_offline(True)
    _fill_birth(page, mother, mother_id, born, sex, name="重复宝宝")
    _save(page)
    expect(page.locator("#queue-count")).to_have_text("待上传 1")
    page.context.set_offline(False)
    task = page.locator("#entry-task-list > li")
    expect(task).to_contain_text("可能已经登记过")
    discard = task.locator("button", has_text="丢弃")
    discard.click()
    expect(task.locator("button", has_text="确定丢弃")).to_be_visible()
    task.locator("button", has_text="确定丢弃").click()
    expect(page.locator("#entry-task-list > li")).to_have_count(0)
    assert len(_rows(server, mother)) == 1
    left = page.evaluate("async () => (await import('/static/js/entry_queue.js')).all()")
    assert left == []


def test_a_post_that_cannot_reach_the_server_is_kept_not_lost(
    clerk_page: Page, server: Server
) -> None:
    # The phone believes it is online (navigator.onLine), but the post never reaches the
    # server: without the service worker the browser would show its error page and the entry
    # would be gone. The worker keeps it in the queue and shows the form again.
    page = clerk_page
    mother, mother_id = "断线母亲", _mother_id(date(1995, 7, 7), 714)

    def drop_posts(route: Route) -> None:
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.context.route("**/records/new/birth", drop_posts)
    _fill_birth(page, mother, mother_id, "2025-07-01", "1")
    _save(page)
    page.wait_for_url("**/records/new/birth?queued=1")
    page.wait_for_selector("body[data-offline-ready='1']")
    expect(page.locator("#queue-message")).to_have_text("已保存在本机，联网后自动上传。")
    page.context.unroute("**/records/new/birth")
    # Uploaded on the next chance (here: the page's start finds the network), saved once.
    page.reload()
    page.wait_for_selector("body[data-pending='0']", timeout=30_000)
    rows = _rows(server, mother)
    assert len(rows) == 1 and rows[0].mother_id_number == mother_id
