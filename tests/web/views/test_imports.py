"""The import page: upload, mapping with guesses, preview, import, result and the error file."""

from __future__ import annotations

import csv
import io
import re
import time
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from hedui.identity.resident_id import check_character
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.records import Record
from hedui.web import uploads

from ..conftest import Site, TestClient, build_site, form

HEADER = ["编号", "事件", "登记日期", "姓名", "公民身份号码", "性别", "出生日期", "村代码", "住址"]


def _id(sequence: int) -> str:
    body = f"32092419600101{sequence:03d}"
    return body + check_character(body)


def ledger(rows: int = 4, encoding: str = "gbk") -> bytes:
    """Deaths in village 320924101001 (township A); row 3 lies in township B, row 4 records
    入学, which is no event (an impossible date would only be a warning). So township A's
    officer imports rows - 2 of them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(rows):
        village = "320924102001" if n == 1 else "320924101001"
        event = "入学" if n == 2 else "死亡"
        writer.writerow(
            [f"L{n}", event, "2025-05-01", f"张{n}", _id(n), "男", "1960-01-01", village, "一组"]
        )
    return buffer.getvalue().encode(encoding)


def upload(client: TestClient, data: bytes, name: str = "死亡登记.csv", **fields: str) -> Any:
    return client.post(
        "/imports",
        data=form(client, source=fields.pop("source", "village_ledger"), **fields),
        files={"file": (name, data, "text/csv")},
    )


def token_of(response: Any) -> str:
    assert response.status_code == 303, response.text
    match = re.search(r"token=([\w-]+)", response.headers["location"])
    assert match is not None
    return match.group(1)


def mapping_form(client: TestClient, token: str, **mapping: str) -> dict[str, str]:
    guessed = {
        "record_id": "编号",
        "event": "事件",
        "event_date": "登记日期",
        "name": "姓名",
        "id_number": "公民身份号码",
        "sex": "性别",
        "birth_date": "出生日期",
        "address_code": "村代码",
        "address": "住址",
    }
    fields = {f"map-{c}": h for c, h in {**guessed, **mapping}.items()}
    return form(client, token=token, source="village_ledger", **fields)


def run_import(client: TestClient, token: str, **mapping: str) -> tuple[int, str]:
    """Start the import and wait for its job to end; the job id and its finished page."""
    response = client.post("/imports/run", data=mapping_form(client, token, **mapping))
    assert response.status_code == 303, response.text
    job = int(response.headers["location"].rsplit("=", 1)[1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = client.get(f"/imports/job?id={job}").text
        if 'hx-trigger="every 1s"' not in page:
            return job, page
        time.sleep(0.1)
    raise AssertionError("the import did not finish within a minute")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One site for the tests that import nothing: building a site hashes six passwords."""
    return build_site(tmp_path_factory.mktemp("imports"))


def records(site: Site) -> int:
    with site.session() as session:
        return session.scalar(select(func.count()).select_from(Record)) or 0


@pytest.mark.parametrize("user", ["clerk", "admin_other"])
def test_imports_page_is_for_officers_and_admins(shared: Site, user: str) -> None:
    """A village clerk may not import (403); another county's admin may, for their county."""
    status = shared.client(user).get("/imports").status_code
    assert status == (403 if user == "clerk" else 200)
    assert shared.client().get("/imports").headers["location"].startswith("/login")


def test_upload_without_csrf_token_is_refused(shared: Site) -> None:
    client = shared.client("officer")
    # Without a file: a refused multipart upload leaves its spooled file to the garbage
    # collector (hedui.web.csrf does not close the form it read), which pytest reports.
    for path in ("/imports", "/imports/preview", "/imports/run"):
        assert client.post(path, data={"source": "village_ledger"}).status_code == 403


def test_preview_preselects_guessed_chinese_headers_and_lists_problems(shared: Site) -> None:
    """GBK file: 公民身份号码 is pre-selected for id_number; rows 3 and 4 are listed."""
    client = shared.client("officer")
    token = token_of(upload(client, ledger()))
    page = client.get(f"/imports/preview?token={token}&source=village_ledger").text
    assert '<option value="公民身份号码" selected>' in page
    assert '<option value="村代码" selected>' in page
    assert "张0" in page and "320*************" in page and _id(0) not in page
    problems = re.findall(r"<td data-label=\"行\">(\d+)</td>", page)
    assert problems[-2:] == ["3", "4"]
    assert "不在您的辖区" in page and "导入 2 行" in page
    assert records(shared) == 0


def test_preview_follows_a_changed_mapping_as_an_htmx_fragment(shared: Site) -> None:
    """Mapping record_id to 姓名 shows 张0 as the record number; unmapping name and ID
    leaves nobody to identify, so every row becomes a problem."""
    client = shared.client("officer")
    token = token_of(upload(client, ledger()))
    headers = {"HX-Request": "true"}
    fragment = client.post(
        "/imports/preview", data=mapping_form(client, token, record_id="姓名"), headers=headers
    ).text
    assert fragment.startswith('<section class="card" id="preview"') and "<html" not in fragment
    assert '<td data-label="记录号">张0</td>' in fragment
    unmapped = client.post(
        "/imports/preview",
        data=mapping_form(client, token, name="", id_number=""),
        headers=headers,
    ).text
    assert 'id="missing-columns"' in unmapped and "--column" not in unmapped
    assert 'formaction="/imports/run"' not in unmapped


def test_import_lists_rows_with_errors_and_the_download_is_audited(site: Site) -> None:
    client = site.client("officer")
    token = token_of(upload(client, ledger()))
    job, page = run_import(client, token)
    assert "作为第 1 批导入" in page and records(site) == 2
    assert re.findall(r"<td data-label=\"行\">(\d+)</td>", page) == ["3", "4"]
    response = client.get(f"/imports/job/errors.csv?id={job}")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["3", "4"] and lines[0][4:] == HEADER
    assert lines[2][5] == "入学"
    with site.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.IMPORT_ERRORS_DOWNLOADED)
        ).one()
        assert entry.actor_username == "officer" and entry.target_id == "1"
    assert site.client("officer_other").get(f"/imports/job?id={job}").status_code == 404
    assert site.client("admin").get(f"/imports/job/errors.csv?id={job}").status_code == 200


def test_same_file_twice_says_already_imported_and_adds_nothing(site: Site) -> None:
    client = site.client("officer")
    run_import(client, token_of(upload(client, ledger())))
    token = token_of(upload(client, ledger(), name="again.csv"))
    preview = client.get(f"/imports/preview?token={token}&source=village_ledger").text
    assert "此文件已于" in preview and "第 1 批" in preview
    _, page = run_import(client, token)
    assert "此文件已于" in page and "未添加任何内容" in page
    assert records(site) == 2


def test_upload_token_belongs_to_its_user_and_login(shared: Site) -> None:
    client = shared.client("officer")
    token = token_of(upload(client, ledger()))
    url = f"/imports/preview?token={token}&source=village_ledger"
    for other in (shared.client("admin"), shared.client("officer")):
        response = other.get(url)
        assert response.status_code == 303 and response.headers["location"] == "/imports?expired=1"
    assert "重新上传" in client.get("/imports?expired=1").text
    assert client.get(url).status_code == 200


def test_upload_over_the_size_limit_is_refused_with_a_clear_message(
    shared: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    client = shared.client("officer")
    response = upload(client, ledger())
    assert response.status_code == 413 and "请拆分后分批导入" in response.text


def test_htmx_upload_redirects_and_an_announced_oversize_body_is_not_read(shared: Site) -> None:
    """With HTMX the CSRF token is a header; a body over the limit is refused by its length."""
    client = shared.client("officer")
    headers = {"HX-Request": "true", "X-CSRF-Token": form(client)["csrf_token"]}
    response = client.post(
        "/imports",
        data={"source": "village_ledger"},
        files={"file": ("a.csv", ledger(), "text/csv")},
        headers=headers,
    )
    assert response.status_code == 200 and "token=" in response.headers["HX-Redirect"]
    big = b"x" * (uploads.MAX_UPLOAD_BYTES + 2 * 1024 * 1024)
    refused = client.post(
        "/imports", content=big, headers={**headers, "Content-Type": "multipart/form-data; b=x"}
    )
    assert refused.status_code == 413 and "MB" in refused.text


@pytest.mark.parametrize(
    ("name", "message"), [("ledger.xls", "另存为 .xlsx"), ("", "请选择要导入的文件")]
)
def test_upload_refuses_old_excel_and_no_file(shared: Site, name: str, message: str) -> None:
    client = shared.client("officer")
    response = upload(client, b"\xd0\xcf\x11\xe0", name=name)
    assert response.status_code == 400 and message in response.text


def test_xlsx_upload_offers_its_sheets_and_reads_the_chosen_one(shared: Site) -> None:
    book = Workbook()
    book.active.append(["说明"])  # type: ignore[union-attr]
    sheet = book.create_sheet("死亡")
    sheet.append(HEADER)
    sheet.append(["X1", "死亡", "2025-05-01", "李四", _id(9), "女", "1960-01-01", "320924101002"])
    data = io.BytesIO()
    book.save(data)
    client = shared.client("admin")
    token = token_of(upload(client, data.getvalue(), name="台账.xlsx"))
    first = client.get(f"/imports/preview?token={token}&source=village_ledger").text
    assert 'value="死亡"' in first and "台账.xlsx 只有表头" in first and "uploads" not in first
    chosen = client.post(
        "/imports/preview", data={**mapping_form(client, token), "sheet": "死亡"}
    ).text
    assert "李四" in chosen and "导入 1 行" in chosen


HOSPITAL_HEADER = [
    "编号",
    "婴儿姓名",
    "性别",
    "出生日期",
    "母亲姓名",
    "mother_id",
    "住址编码",
]


def hospital_list() -> bytes:
    """A hospital's birth list: no child ID column and no event column (every row is a birth);
    a mother_id header hedui does not know; row 3's birth date does not exist (a warning: kept,
    its year and month read)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HOSPITAL_HEADER)
    for n, born in enumerate(["2025-03-01", "2025-02-30", "2025-03-03"]):
        writer.writerow([f"H{n}", f"王{n}", "女", born, f"李{n}", _id(n), "320924101001"])
    return buffer.getvalue().encode("utf-8")


def hospital_form(client: TestClient, token: str, **mapping: str) -> dict[str, str]:
    chosen = {
        "record_id": "编号",
        "event": "=birth",
        "event_date": "出生日期",
        "name": "婴儿姓名",
        "id_number": "-",
        "sex": "性别",
        "birth_date": "出生日期",
        "mother_name": "母亲姓名",
        "mother_id_number": "-",
        "address_code": "住址编码",
        "address": "-",
    }
    fields = {f"map-{c}": h for c, h in {**chosen, **mapping}.items()}
    return form(client, token=token, source="hospital", **fields)


def test_hospital_list_without_child_ids_is_imported_end_to_end(site: Site) -> None:
    """The first preview asks, in the web's words, for the columns it could not recognise,
    lists mother_id with a suggestion; declared "not in this file", the child's ID is null and
    every row is imported, and the warning is listed on the result page."""
    client = site.client("officer")
    token = token_of(upload(client, hospital_list(), name="医院出生名单.csv", source="hospital"))
    page = client.get(f"/imports/preview?token={token}&source=hospital").text
    assert '<option value="住址编码" selected>' in page
    assert '<option value="" selected>（请选择）</option>' in page
    assert "本文件没有此列" in page and "--column" not in page
    assert 'id="missing-columns"' in page and "公民身份号码" in page
    assert '<option value="=birth" >（本文件没有此列：每行都是出生）</option>' in page
    assert "<strong>mother_id</strong> — 可能是：" in page
    fragment = client.post(
        "/imports/preview", data=hospital_form(client, token), headers={"HX-Request": "true"}
    ).text
    assert 'id="missing-columns"' not in fragment and "导入 3 行" in fragment
    assert "已导入但有提醒的行" in fragment
    response = client.post("/imports/run", data=hospital_form(client, token))
    assert response.status_code == 303, response.text
    job = int(response.headers["location"].rsplit("=", 1)[1])
    deadline = time.monotonic() + 60
    while 'hx-trigger="every 1s"' in (page := client.get(f"/imports/job?id={job}").text):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "作为第 1 批导入" in page and records(site) == 3
    assert 'id="warnings"' in page
    assert set(re.findall(r"<td data-label=\"行\">(\d+)</td>", page)) == {"3"}
    with site.session() as session:
        ids = session.scalars(select(Record.id_number)).all()
    assert ids == [None, None, None]


def test_a_required_column_left_unchosen_fails_the_job_in_the_web_s_words(site: Site) -> None:
    """Posted without a choice for the child's ID (a stale form), the import fails and says
    to go back to the preview, not to use --column."""
    client = site.client("officer")
    token = token_of(upload(client, hospital_list(), name="医院出生名单.csv", source="hospital"))
    response = client.post("/imports/run", data=hospital_form(client, token, id_number=""))
    assert response.status_code == 303, response.text
    job = int(response.headers["location"].rsplit("=", 1)[1])
    deadline = time.monotonic() + 60
    while 'hx-trigger="every 1s"' in (page := client.get(f"/imports/job?id={job}").text):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "导入失败" in page or "没有写入" in page
    assert "本文件没有此列" in page and "--column" not in page
    assert records(site) == 0
