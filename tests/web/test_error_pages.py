"""Library errors become clear pages (404, 409, 422), never a 500.

Each case here used to answer 500: the error page read the logged-in user from a database object
whose transaction had been rolled back and whose session was closed, or an id too long for a
64-bit column reached the database.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hedui.store.accounts import create_user
from hedui.store.db import transaction
from hedui.store.records import Record
from hedui.store.users import Role
from hedui.web.views.health_common import today_in_china

from .conftest import PASSWORD, Site, TestClient, form

HUGE = str(10**30)
CORRECTION = {
    "name": "王小刚",
    "sex": "1",
    "birth_date": "2024-03-01",
    "event_date": "2024-03-01",
    "mother_name": "李娜",
    "reason": "名字写错",
    "confirm_duplicate": "1",
}


def _strict(site: Site, username: str) -> TestClient:
    """A logged-in client that answers a server error with a 500 page instead of raising."""
    client = TestClient(site.app, follow_redirects=False, raise_server_exceptions=False)
    client.get("/login")
    response = client.post("/login", data=form(client, username=username, password=PASSWORD))
    assert response.status_code == 303
    return client


def test_a_second_correction_of_the_same_entry_is_a_conflict(site: Site) -> None:
    record = site.add_birth()
    clerk = _strict(site, "clerk")
    first = clerk.post(f"/records/{record}/correct", data=form(clerk, **CORRECTION))
    assert first.status_code == 303
    again = clerk.post(
        f"/records/{record}/correct", data=form(clerk, **CORRECTION | {"name": "王小强"})
    )
    assert again.status_code == 409
    assert "已有更正" in again.text
    assert "clerk" in again.text  # the page still names who is logged in


def test_an_admin_disabling_themselves_is_told_why(site: Site) -> None:
    admin = _strict(site, "admin")
    response = admin.post(f"/users/{site.user_ids['admin']}/disable", data=form(admin))
    assert response.status_code == 422
    assert "不能停用自己的账号" in response.text
    assert admin.get("/users").status_code == 200  # and is still logged in


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("clerk", f"/records/{HUGE}"),
        ("clerk", f"/records/{HUGE}/correct"),
        ("admin", f"/cases/{HUGE}"),
        ("admin", f"/users/{HUGE}/disable"),
        ("admin", f"/records/{HUGE}/reveal"),
        ("admin", f"/imports/job?id={HUGE}"),
        ("clerk", "/records/abc"),
    ],
)
def test_ids_too_long_or_not_numbers_are_not_found(site: Site, role: str, path: str) -> None:
    client = _strict(site, role)
    if path.endswith(("disable", "reveal")):
        response = client.post(path, data=form(client, field="id_number"))
    else:
        response = client.get(path)
    assert response.status_code == 404


def test_an_id_too_long_in_a_form_is_not_found(site: Site) -> None:
    clerk = _strict(site, "clerk")
    response = clerk.post(
        "/records/check/birth",
        data=form(clerk, record=HUGE, name="王小明"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 404


@pytest.fixture
def health(site: Site, tmp_path: Path) -> tuple[TestClient, str]:
    """A health worker's client and the page of one enrolment they made."""
    with site.session() as session, transaction(session):
        create_user(session, "health", PASSWORD, Role.HEALTH_WORKER, "320924101")
    client = _strict(site, "health")
    consent_date = (today_in_china() - timedelta(days=40)).isoformat()
    fields = {
        "programme": "cervical_screening",
        "name": "李秀兰",
        "id_number": "320924198506150024",
        "village_code": "320924101001",
        "contact": "13800000000",
        "consent_explained": "说明了筛查的目的、方法和可随时退出",
        "consent_date": consent_date,
        "consent_agreed": "yes",
    }
    response = client.post("/health/enrol", data=form(client, **fields))
    assert response.status_code == 303, response.text
    return client, response.headers["location"].split("?")[0]


def test_an_unknown_visit_is_not_found(health: tuple[TestClient, str]) -> None:
    client, page = health
    day = today_in_china().isoformat()
    response = client.post(f"{page}/visit", data=form(client, visit_key="nope", visit_date=day))
    assert response.status_code == 404
    assert "没有访视 nope" in response.text


def test_a_second_withdrawal_is_not_found(health: tuple[TestClient, str]) -> None:
    client, page = health
    assert client.post(f"{page}/withdraw", data=form(client, confirm="yes")).status_code == 303
    again = client.post(f"{page}/withdraw", data=form(client, confirm="yes"))
    assert again.status_code == 404
    assert "health" in again.text  # rendered with the user, after the rollback
    referral = client.post(f"{page}/referral", data=form(client, visit_id=HUGE))
    assert referral.status_code == 404


def test_a_control_character_typed_into_the_form_is_refused(site: Site) -> None:
    clerk = _strict(site, "clerk")
    fields = {
        "name": "王\x00小明",
        "sex": "1",
        "birth_date": "2024-03-01",
        "mother_name": "李娜",
        "mother_id_number": "320924199003071222",
    }
    response = clerk.post("/records/new/birth", data=form(clerk, **fields))
    assert response.status_code == 422
    assert "U+0000" in response.text
    with site.session() as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 0
