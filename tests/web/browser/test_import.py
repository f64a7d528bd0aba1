"""A township officer imports a GBK CSV with bad rows and downloads the error file, in Chromium."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from hedui.identity.resident_id import check_character

from .conftest import Server, log_in, new_page

pytestmark = pytest.mark.browser

HEADER = ["序号", "登记编号", "姓名", "性别", "公民身份号码", "出生日期", "事件", "登记日期"]
HEADER += ["村代码", "住址", "备注"]
NAMES = ["王秀英", "李建国", "张桂兰", "刘德胜", "陈玉珍", "杨文华", "赵淑芬", "黄志强"]
NAMES += ["周凤英", "吴国华", "徐明", "孙丽"]


def _id(birth: str, sequence: int) -> str:
    body = f"320924{birth.replace('-', '')}{sequence:03d}"
    return body + check_character(body)


def death_register() -> bytes:
    """Twelve deaths reported to 通洋镇 (township 320924101), exported as GBK by an old system.

    Row 5 lies in another township (320924102) and row 8 has no village code: those 2 cannot
    be imported. Row 11 has the impossible date 2025-02-30 and row 13 the sex code 3 (no such
    code): each is imported with that field left out and a warning (issue #11: a record is
    never dropped for one bad field), so 10 rows are imported.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n, name in enumerate(NAMES):
        born = f"19{40 + n}-0{1 + n % 9}-1{n % 10}"
        village = {3: "320924102003", 6: ""}.get(n, f"32092410120{1 + n % 5}")
        died = "2025-02-30" if n == 9 else f"2025-05-{10 + n:02d}"
        sex = "3" if n == 11 else "男女"[n % 2]
        number = _id(born, 10 + 2 * n + n % 2)
        writer.writerow(
            [n + 1, f"TY2025{n:04d}", name, sex, number, born, "死亡", died, village, "通洋镇", ""]
        )
    return buffer.getvalue().encode("gbk")


def test_officer_imports_a_gbk_csv_with_bad_rows_and_downloads_the_errors(
    browser: Browser, server: Server, screenshots: Path, tmp_path: Path
) -> None:
    page = new_page(browser, server)
    log_in(page, "officer")
    page.click("nav >> text=导入")
    expect(page.locator("h1")).to_have_text("导入来源文件")
    page.set_input_files(
        "#import-file",
        {"name": "通洋镇死亡登记2025年5月.csv", "mimeType": "text/csv", "buffer": death_register()},
    )
    page.select_option("#import-source", "township_db")
    page.click("button:has-text('上传并预览')")

    expect(page.locator("h1")).to_have_text("导入预览")
    expect(page.locator("#map-id_number")).to_have_value("公民身份号码")
    expect(page.locator("#map-record_id")).to_have_value("登记编号")
    expect(page.locator("#map-event_date")).to_have_value("登记日期")
    expect(page.locator("#preview")).to_contain_text("导入 10 行")
    # Changing a column re-runs the preview in place: 序号 as the record number still reads.
    page.select_option("#map-record_id", "序号")
    expect(page.locator("#preview tbody tr").first).to_contain_text("1")
    page.select_option("#map-record_id", "登记编号")
    expect(page.locator("#preview tbody tr").first).to_contain_text("TY20250000")
    expect(page.locator("#preview")).to_contain_text("不在您的辖区")
    page.screenshot(path=screenshots / "import_preview.png", full_page=True)

    page.click("button:has-text('导入 10 行')")
    expect(page.locator(".alert.success")).to_contain_text("已作为第", timeout=30_000)
    rows = page.locator("table.problems").first.locator("tbody tr")
    expect(rows).to_have_count(2)
    # The two rows imported with a warning (2025-02-30, sex code 3) are listed too.
    expect(page.locator("#warnings ~ .table-wrap tbody tr")).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("不在您的辖区")
    page.screenshot(path=screenshots / "import_result.png", full_page=True)

    with page.expect_download() as download_info:
        page.click("text=下载有错误的行")
    saved = tmp_path / "errors.csv"
    download_info.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["5", "8"]
    assert lines[1][4:] == ["4", "TY20250003", "刘德胜", *lines[1][7:]]

    page.goto("/imports")
    page.set_input_files(
        "#import-file",
        {"name": "再次导入.csv", "mimeType": "text/csv", "buffer": death_register()},
    )
    page.select_option("#import-source", "township_db")
    page.click("button:has-text('上传并预览')")
    expect(page.locator("#preview .alert.warning")).to_contain_text("此文件已于")
