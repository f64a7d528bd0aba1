"""User administration by the county admin."""

from __future__ import annotations

from sqlalchemy import select

from hedui.store.users import User

from ..conftest import PASSWORD, Site, form


def test_admin_creates_a_user_who_can_log_in(site: Site) -> None:
    admin = site.client("admin")
    data = {
        "username": "新统计员",
        "password": "first-pass-1",
        "role": "village_clerk",
        "area_code": "320924101003",
    }
    response = admin.post("/users", data=form(admin, **data))
    assert response.headers["location"] == "/users?notice=created"
    newcomer = site.client()
    login = newcomer.post(
        "/login", data=form(newcomer, username="新统计员", password="first-pass-1")
    )
    assert login.status_code == 303


def test_a_bad_user_form_is_re_shown_without_the_password(site: Site) -> None:
    admin = site.client("admin")
    data = {
        "username": "某人",
        "password": "secret-pass-9",
        "role": "village_clerk",
        "area_code": "320924",
    }
    response = admin.post("/users", data=form(admin, **data))
    assert response.status_code == 422 and "需要村级区划代码" in response.text
    assert 'value="某人"' in response.text and "secret-pass-9" not in response.text


def test_disable_enable_and_reset(site: Site) -> None:
    admin = site.client("admin")
    clerk = site.client("clerk")
    clerk_id = site.user_ids["clerk"]
    admin.post(f"/users/{clerk_id}/disable", data=form(admin))
    assert clerk.get("/").status_code == 303
    admin.post(f"/users/{clerk_id}/enable", data=form(admin))
    admin.post(f"/users/{clerk_id}/password", data=form(admin, password="reset-pass-1"))
    fresh = site.client()
    old = fresh.post("/login", data=form(fresh, username="clerk", password=PASSWORD))
    new = fresh.post("/login", data=form(fresh, username="clerk", password="reset-pass-1"))
    assert (old.status_code, new.status_code) == (401, 303)


def test_admin_of_another_county_neither_sees_nor_touches_our_users(site: Site) -> None:
    other = site.client("admin_other")
    assert "clerk_other" not in other.get("/users").text
    response = other.post(f"/users/{site.user_ids['clerk']}/disable", data=form(other))
    assert response.status_code == 404
    with site.session() as session:
        clerk = session.get(User, site.user_ids["clerk"])
        assert clerk is not None and not clerk.disabled
    assert session.scalars(select(User)).all()
