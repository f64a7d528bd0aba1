"""A township officer imports a hospital's birth list, which has no child ID, on a phone
(issue #14 part 5): the ID column is declared "not in this file", an unknown mother_id header
is listed with a suggestion, and the warnings are listed on the result page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from hedui.identity.resident_id import check_character

from .conftest import PHONE, Server, log_in, new_page

pytestmark = pytest.mark.browser

HEADER = [
    "住院号",
    "婴儿姓名",
    "性别",
    "出生日期",
    "母亲姓名",
    "mother_id",
    "住址编码",
    "家庭住址",
]
BABIES = [("王小雨", "女"), ("李子轩", "男"), ("张欣怡", "女"), ("刘浩然", "男"), ("陈思涵", "女")]


def _mother_id(sequence: int) -> str:
    body = f"32092419950{sequence % 9 + 1}1{sequence}0{sequence}2"
    return body + check_character(body)


def hospital_list() -> bytes:
    """Five births at the county hospital, for villages of 通洋镇 (320924101); the list has
    no child ID column (newborns have none yet), no event column (every row is a birth), and
    keeps the mother's ID under a header hedui does not know; the fourth baby's birth date
    2025-02-30 does not exist: imported with a warning."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n, (name, sex) in enumerate(BABIES):
        born = "2025-02-30" if n == 3 else f"2025-06-{10 + n:02d}"
        writer.writerow(
            [
                f"ZY2025{n:05d}",
                name,
                sex,
                born,
                ["赵敏", "孙丽", "周婷", "吴芳", "郑洁"][n],
                _mother_id(n),
                f"32092410120{n + 1}",
                f"通洋镇{n + 1}组",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def test_officer_imports_a_hospital_birth_list_without_child_ids_on_a_phone(
    browser: Browser, server: Server, screenshots: Path
) -> None:
    page = new_page(browser, server, PHONE)
    log_in(page, "officer")
    page.goto(server.base_url + "/imports")
    page.set_input_files(
        "#import-file",
        {"name": "县医院出生名单2025年6月.csv", "mimeType": "text/csv", "buffer": hospital_list()},
    )
    page.select_option("#import-source", "health_births")
    page.click("button:has-text('上传并预览')")

    expect(page.locator("h1")).to_have_text("导入预览")
    expect(page.locator("#map-address_code")).to_have_value("住址编码")
    expect(page.locator("#map-id_number")).to_have_value("")
    missing = page.locator("#missing-columns")
    expect(missing).to_contain_text("公民身份号码")
    expect(missing).to_contain_text("本文件没有此列")
    expect(missing).not_to_contain_text("--column")
    unmatched = page.locator("#unmatched-columns")
    expect(unmatched).to_contain_text("mother_id")
    expect(unmatched).to_contain_text("可能是：母亲公民身份号码")
    page.screenshot(path=screenshots / "import_hospital_list.png", full_page=True)

    page.select_option("#map-record_id", "住院号")
    page.select_option("#map-event", "=birth")
    page.select_option("#map-event_date", "出生日期")
    page.select_option("#map-mother_id_number", "mother_id")
    expect(missing).to_contain_text("公民身份号码")
    page.select_option("#map-id_number", label="（本文件没有此列）")
    expect(page.locator("#missing-columns")).to_have_count(0)
    expect(page.locator("#unmatched-columns")).to_have_count(0)
    expect(page.locator("#preview")).to_contain_text("导入 5 行")
    expect(page.locator("#preview")).to_contain_text("已导入但有提醒的行")

    page.click("button:has-text('导入 5 行')")
    expect(page.locator(".alert.success").first).to_contain_text("已作为第", timeout=30_000)
    warnings = page.locator("#warnings")
    expect(warnings).to_have_text("已导入但有提醒的行")
    expect(page.locator("table.problems tbody tr").first).to_contain_text("5")
    assert "--column" not in page.content()
    page.screenshot(path=screenshots / "import_hospital_result.png", full_page=True)
