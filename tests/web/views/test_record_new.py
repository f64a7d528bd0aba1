"""Recording an event through the form: errors re-show the form, duplicates ask first."""

from __future__ import annotations

from sqlalchemy import func, select

from hedui.store.records import Record

from ..conftest import CHILD_ID, MOTHER_ID, Site, form

BIRTH = {
    "name": "王小明",
    "sex": "1",
    "birth_date": "2024-03-01",
    "id_number": CHILD_ID,
    "mother_name": "李娜",
    "mother_id_number": MOTHER_ID,
    "address": "幸福村三组",
}


def _count(site: Site) -> int:
    with site.session() as session:
        return session.scalar(select(func.count()).select_from(Record)) or 0


def test_clerk_saves_a_birth_and_lands_on_its_history(site: Site) -> None:
    client = site.client("clerk")
    response = client.post("/records/new/birth", data=form(client, **BIRTH))
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "已保存" in page.text and "320924********001X" in page.text
    assert CHILD_ID not in page.text
    with site.session() as session:
        record = session.scalars(select(Record)).one()
        assert (record.village_code, record.source, record.sex) == (
            "320924101001",
            "village_ledger",
            "1",
        )


def test_errors_re_show_the_form_with_what_was_typed(site: Site) -> None:
    client = site.client("clerk")
    response = client.post(
        "/records/new/birth", data=form(client, **(BIRTH | {"birth_date": "2024-02-30"}))
    )
    assert response.status_code == 422
    assert "不是有效日期" in response.text and 'value="李娜"' in response.text
    assert _count(site) == 0


def test_a_possible_duplicate_asks_before_saving(site: Site) -> None:
    site.add_birth()  # the same child (same ID number) recorded already in village A1
    client = site.client("clerk")
    response = client.post("/records/new/birth", data=form(client, **BIRTH))
    assert response.status_code == 200 and "可能已经登记过" in response.text
    assert _count(site) == 1
    confirmed = client.post("/records/new/birth", data=form(client, **BIRTH, confirm_duplicate="1"))
    assert confirmed.status_code == 303 and _count(site) == 2


def test_a_duplicate_in_another_village_is_counted_not_shown(site: Site) -> None:
    site.add_birth("320924101002", clerk="clerk_other")
    client = site.client("clerk")
    response = client.post("/records/new/birth", data=form(client, **BIRTH))
    assert "另有 1 条相符的记录在其他村" in response.text
    assert "/records/1" not in response.text


def test_live_check_replaces_the_field_when_a_suggestion_is_accepted(site: Site) -> None:
    client = site.client("clerk")
    data = form(client, **(BIRTH | {"id_number": "32092420240310001X"}))
    panel = client.post("/records/check/birth", data=data, headers={"HX-Request": "true"})
    assert "您是否要输入" in panel.text and CHILD_ID in panel.text
    accepted = client.post(
        "/records/check/birth",
        data=data | {"accept_field": "id_number", "accept_value": CHILD_ID},
        headers={"HX-Request": "true"},
    )
    assert 'hx-swap-oob="true"' in accepted.text and f'value="{CHILD_ID}"' in accepted.text
    assert "目前未发现问题" in accepted.text


def test_live_check_does_not_nag_about_fields_not_yet_filled(site: Site) -> None:
    client = site.client("clerk")
    panel = client.post("/records/check/death", data=form(client, name="赵老汉"))
    assert "此项必填" not in panel.text


def test_unknown_event_type_is_404(site: Site) -> None:
    assert site.client("clerk").get("/records/new/adoption").status_code == 404
