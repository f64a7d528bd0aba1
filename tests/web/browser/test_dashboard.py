"""On a phone (390×844), in Chromium: the dashboard of a reconciled county names its villages
and townships, says "出生数太少，无法判断" where the births are too few, never runs wider than
the screen, and a mark opens the list behind it, filtered. Screenshots dashboard-decide-*.png."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, expect

from hedui.cli.divisions_command import seed_divisions
from hedui.period import parse_period
from hedui.runs import RunFolder, reconcile_period
from hedui.store.db import make_engine, make_session_factory
from hedui.store.users import User

from .conftest import CHROMIUM, DESKTOP, PHONE, Server, _free_port, _wait_until_up, log_in, new_page
from .reconciled import build_reconciled_county

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def named_county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A reconciled synthetic county whose divisions are named (from its villages.csv), with a
    second run over the whole year 2025 (the one the dashboard shows: the newest)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed; run scripts/install-browser.sh")
    directory = tmp_path_factory.mktemp("named")
    url = build_reconciled_county(directory)
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        seed_divisions(sessions, directory / "county" / "villages.csv")  # as the demo does
        with sessions() as session:
            reconcile_period(
                session,
                period=parse_period("2025"),
                area_code="320924",
                folder=RunFolder.under(directory / "work", "job-2"),
                actor=session.query(User).filter_by(username="admin").one(),
            )
    finally:
        engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "HEDUI_SECRET_KEY": "browser-test-secret-" + "d" * 32,
        "HEDUI_WORK_DIR": str(directory / "work"),
    }
    command = [sys.executable, "-m", "hedui", "serve", "--port", str(port)]
    command += ["--database-url", url, "--workers", "1"]
    log = (directory / "server.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, seconds=120)
        yield Server(base_url=base_url, database_url=url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_dashboard_on_a_phone_names_places_and_opens_the_list_behind_a_mark(
    browser: Browser, named_county: Server, screenshots: Path
) -> None:
    phone = new_page(browser, named_county, PHONE)
    log_in(phone, "admin")
    # The first look computes the month-by-month figures: slow on a loaded machine.
    phone.goto("/dashboard", timeout=180_000)
    expect(phone.locator("#chart-villages h2")).to_have_text("哪些村的记录比其他村差？")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Names, not codes: every village row reads 名字（…three digits）.
    places = phone.locator("#villages td.place").all_inner_texts()
    assert places and all(re.fullmatch(r"\S+（…\d{3}）", p) for p in places)
    # A year of a 2,000-people county has a few dozen births: too few to tell, in words.
    sex_ratio = phone.locator("#chart-sex_ratio")
    expect(sex_ratio).to_contain_text("出生数太少，无法判断")
    expect(sex_ratio.locator("svg text.label").first).to_contain_text("（…")
    phone.screenshot(path=screenshots / "dashboard-decide-phone.png", full_page=True)

    # A mark's link opens the case list filtered as the mark says: a village (and a kind) from
    # the villages chart when a village is worse than the rest, else a sex-ratio area.
    marks = phone.locator("#chart-villages svg a.mark")
    mark = marks.first if marks.count() else sex_ratio.locator("svg a.mark").first
    href = mark.get_attribute("href")
    assert href is not None and href.startswith("/cases?")
    wanted = {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}
    mark.locator("rect.hit, text.label").first.click()
    expect(phone).to_have_url(re.compile(r"/cases\?"))
    opened = {k: v[0] for k, v in parse_qs(urlparse(phone.url).query).items()}
    assert {k: opened.get(k) for k in wanted if k != "status"} == {
        k: v for k, v in wanted.items() if k != "status"
    }
    # The list's own filters show the choice (where the list offers it as an option).
    for name in ("village", "kind"):
        option = phone.locator(f"select#{name} option[value='{wanted.get(name, '')}']")
        if name in wanted and option.count():
            expect(phone.locator(f"select#{name}")).to_have_value(wanted[name])

    desktop = new_page(browser, named_county, DESKTOP)
    log_in(desktop, "admin")
    desktop.goto("/dashboard", timeout=60_000)
    expect(desktop.locator("figure.chart")).to_have_count(4)
    desktop.screenshot(path=screenshots / "dashboard-decide-desktop.png", full_page=True)
