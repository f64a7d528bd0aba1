"""Recording an event through the form: errors re-show the form, duplicates ask first."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from hedui.linkage.pipeline import link_files
from hedui.store.cases import ReconcileRun
from hedui.store.db import transaction
from hedui.store.records import Record
from hedui.synth import SOURCE_NAMES, synthesize

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
    assert "已保存" in page.text and "320*************1X" in page.text
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


@pytest.fixture(scope="module")
def trained_link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A linkage run (and so a trained model.json) over a small synthetic county."""
    county = tmp_path_factory.mktemp("county")
    synthesize(1500, 3, county, year=2025)
    out = tmp_path_factory.mktemp("linked")
    link_files([county / f"{name}.csv" for name in SOURCE_NAMES], out)
    return out


def _add_run(site: Site, link_dir: Path) -> None:
    with site.session() as session, transaction(session):
        session.add(ReconcileRun(period="2025-12", area_code="320924", link_dir=str(link_dir)))


def test_the_trained_model_warns_where_the_exact_rules_cannot(
    site: Site, trained_link_dir: Path
) -> None:
    site.add_birth()  # 王小明, born 2024-03-01 to 李娜 (MOTHER_ID), in village A1
    # Typed again without the child's ID and with a homophone in the given name (晓 for 小),
    # same mother: no exact rule matches (another name, no child ID to compare).
    again = BIRTH | {"name": "王晓明", "id_number": ""}
    client = site.client("clerk")
    before = client.post("/records/new/birth", data=form(client, **again))
    assert before.status_code == 303  # no model yet: saved without a warning
    _add_run(site, trained_link_dir)
    third = client.post("/records/new/birth", data=form(client, **again))
    assert third.status_code == 200 and "可能已经登记过" in third.text
    other = again | {"name": "王晓红", "sex": "2", "birth_date": "2024-09-12"}
    assert client.post("/records/new/birth", data=form(client, **other)).status_code == 303
