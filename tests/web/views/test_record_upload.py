"""Entries uploaded from the phone's offline queue: saved once per key, refusals explained.

The browser journey is in ``tests/web/browser/test_offline_entry.py``; these tests hold the
server's side to its answers: saved (and the same entry again for a replayed key), the form's
errors, a possible duplicate, a key reused for other content, and the guards (CSRF, role).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import func, select

from hedui.store.entry_keys import EntryKey
from hedui.store.records import Record

from ..conftest import MOTHER_ID, Site, TestClient, form

BIRTH = {
    "name": "王小明",
    "sex": "1",
    "birth_date": "2024-03-01",
    "mother_name": "李娜",
    "mother_id_number": MOTHER_ID,
}


def _count(site: Site, model: type[Record] | type[EntryKey] = Record) -> int:
    with site.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _token(client: TestClient) -> str:
    response = client.get("/records/upload/token")
    assert response.status_code == 200
    token = response.json()["csrf_token"]
    assert isinstance(token, str) and token
    return token


def _upload(client: TestClient, body: Any, token: str | bool = True) -> Any:
    headers = {"Content-Type": "application/json"}
    if token is not False:
        headers["X-CSRF-Token"] = token if isinstance(token, str) else _token(client)
    return client.post("/records/upload", content=json.dumps(body), headers=headers)


def _entry(**changes: Any) -> dict[str, Any]:
    return {"key": str(uuid.uuid4()), "event": "birth", "values": dict(BIRTH), **changes}


def test_an_entry_is_saved_once_however_often_it_is_sent(site: Site) -> None:
    client = site.client("clerk")
    entry = _entry()
    first = _upload(client, entry)
    second = _upload(client, entry)
    assert first.status_code == second.status_code == 200
    assert first.json()["created"] is True and second.json()["created"] is False
    assert first.json()["record"] == second.json()["record"]
    assert first.json()["url"] == f"/records/{first.json()['record']}"
    assert _count(site) == 1 and _count(site, EntryKey) == 1


def test_form_errors_come_back_with_their_fields(site: Site) -> None:
    client = site.client("clerk")
    response = _upload(client, _entry(values=BIRTH | {"birth_date": "2024-02-30"}))
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "invalid"
    assert [issue["field"] for issue in body["issues"]] == ["birth_date"]
    assert "2024年2月没有30日" in body["issues"][0]["params"]["detail"]
    assert _count(site) == 0


def test_a_possible_duplicate_asks_until_confirmed(site: Site) -> None:
    site.add_birth()
    client = site.client("clerk")
    entry = _entry()
    response = _upload(client, entry)
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "duplicate" and len(body["duplicates"]) == 1
    assert _count(site) == 1
    confirmed = _upload(client, entry | {"confirm_duplicate": True})
    assert confirmed.status_code == 200 and confirmed.json()["created"] is True
    # A replay of the confirmed entry is the same entry, not a duplicate to confirm again.
    replay = _upload(client, entry)
    assert replay.status_code == 200 and replay.json()["created"] is False
    assert _count(site) == 2


def test_a_key_reused_for_other_content_is_a_conflict(site: Site) -> None:
    client = site.client("clerk")
    entry = _entry()
    assert _upload(client, entry).status_code == 200
    other = entry | {"values": BIRTH | {"name": "王小红"}}
    response = _upload(client, other)
    assert response.status_code == 409
    assert response.json()["status"] == "conflict" and "未保存" in response.json()["message"]
    assert _count(site) == 1


def test_what_is_not_an_entry_is_refused_in_words(site: Site) -> None:
    client = site.client("clerk")
    token = _token(client)
    cases = [
        ("not json", "无法识别"),
        ({"key": str(uuid.uuid4()), "event": "birth"}, "无法识别"),
        (_entry(event="resident"), "没有这种事件类型"),
        (_entry(key="not-a-key"), "提交编号"),
        (_entry(key=None), "提交编号"),
    ]
    for body, words in cases:
        sent = body if isinstance(body, str) else json.dumps(body)
        response = client.post(
            "/records/upload",
            content=sent,
            headers={"Content-Type": "application/json", "X-CSRF-Token": token},
        )
        assert response.status_code == 422, body
        assert words in response.json()["message"], body
    assert _count(site) == 0


def test_a_form_post_is_not_an_entry(site: Site) -> None:
    # The CSRF check reads a form post's body before the view: the view must answer in words,
    # not fail on a stream already consumed.
    client = site.client("clerk")
    token = _token(client)
    response = client.post("/records/upload", data={"csrf_token": token, "name": "王小红"})
    assert response.status_code == 422
    assert "无法识别" in response.json()["message"]
    assert _count(site) == 0


def test_uploads_need_the_login_token_and_a_clerk(site: Site) -> None:
    clerk = site.client("clerk")
    assert _upload(clerk, _entry(), token=False).status_code == 403
    assert _upload(clerk, _entry(), token="forged.token").status_code == 403
    officer = site.client("officer")
    assert officer.get("/records/upload/token").status_code == 403
    visitor = site.client()
    assert visitor.get("/records/upload/token").status_code == 303
    assert _count(site) == 0


def test_the_form_with_a_key_saves_once_when_sent_twice(site: Site) -> None:
    client = site.client("clerk")
    key = str(uuid.uuid4())
    first = client.post("/records/new/birth", data=form(client, entry_key=key, **BIRTH))
    second = client.post("/records/new/birth", data=form(client, entry_key=key, **BIRTH))
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert _count(site) == 1 and _count(site, EntryKey) == 1


def test_the_entry_page_carries_its_offline_checks(site: Site) -> None:
    page = site.client("clerk").get("/records/new/death").text
    assert 'rel="manifest"' in page and "/static/js/offline_entry.js" in page
    config = json.loads(page.split('id="entry-offline">')[1].split("</script>")[0])
    assert config["event"] == "death" and config["user"] == "clerk"
    assert config["ui"]["offline"] == "未联网，未检查重复"
    assert config["messages"]["This date is in the future."] == "日期晚于今天。"
    assert "%(detail)s" in config["messages"]["Not a valid date: %(detail)s"]
    assert "/records/new/birth" in config["precache"]
    assert [s["name"] for s in config["specs"]["birth"]][:3] == ["name", "sex", "birth_date"]


def test_service_worker_and_manifest_are_served_from_the_root(site: Site) -> None:
    client = site.client()
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-cache"
    assert "hedui-entry-v1" in worker.text
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.json()["start_url"] == "/records/new/birth"
