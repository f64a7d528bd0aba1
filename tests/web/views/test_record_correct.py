"""Corrections: a new entry supersedes the old; a blank ID keeps the masked number."""

from __future__ import annotations

from sqlalchemy import select

from hedui.store.records import Record

from ..conftest import CHILD_ID, Site, form


def test_a_correction_keeps_the_id_when_left_blank(site: Site) -> None:
    record = site.add_birth()
    client = site.client("clerk")
    page = client.get(f"/records/{record}/correct")
    assert "不变：320*************1X" in page.text and CHILD_ID not in page.text
    data = {
        "name": "王晓明",
        "sex": "1",
        "birth_date": "2024-03-01",
        "mother_name": "李娜",
        "id_number": "",
        "mother_id_number": "",
        "reason": "户口本上为晓",
    }
    response = client.post(f"/records/{record}/correct", data=form(client, **data))
    assert response.status_code == 303
    with site.session() as session:
        entries = list(session.scalars(select(Record).order_by(Record.id)))
    assert [(e.name, e.id_number, e.supersedes_id) for e in entries] == [
        ("王小明", CHILD_ID, None),
        ("王晓明", CHILD_ID, record),
    ]
    history = client.get(response.headers["location"]).text
    assert "户口本上为晓" in history and "已被更正" in history


def test_a_correction_without_a_reason_re_shows_the_form(site: Site) -> None:
    record = site.add_birth()
    client = site.client("clerk")
    data = {"name": "王晓明", "sex": "1", "birth_date": "2024-03-01", "mother_name": "李娜"}
    response = client.post(f"/records/{record}/correct", data=form(client, **data))
    assert response.status_code == 422 and "请填写更正原因" in response.text
