"""CSRF: every state-changing request needs the token; it is replaced at login."""

from __future__ import annotations

from hedui.web.csrf import CSRF_COOKIE, CSRF_HEADER

from .conftest import PASSWORD, Site, form


def test_every_post_route_rejects_a_missing_or_wrong_token(site: Site) -> None:
    record = site.add_birth()
    client = site.client("admin")
    posts = [
        "/login",
        "/logout",
        "/language",
        "/account/password",
        "/users",
        f"/users/{site.user_ids['clerk']}/disable",
        f"/users/{site.user_ids['clerk']}/enable",
        f"/users/{site.user_ids['clerk']}/password",
        f"/records/{record}/reveal",
        "/records/new/birth",
        "/records/check/birth",
        f"/records/{record}/correct",
    ]
    for path in posts:
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(path, data=data)
            assert response.status_code == 403, path
            assert "页面已过期" in response.text
    assert client.get("/").status_code == 200  # still logged in: nothing was done


def test_the_token_may_come_in_the_htmx_header(site: Site) -> None:
    record = site.add_birth()
    client = site.client("officer")
    token = client.cookies[CSRF_COOKIE]
    response = client.post(
        f"/records/{record}/reveal",
        data={"field": "id_number"},
        headers={CSRF_HEADER: token, "HX-Request": "true"},
    )
    assert response.status_code == 200


def test_the_token_changes_at_login(site: Site) -> None:
    client = site.client()
    before = client.cookies[CSRF_COOKIE]
    client.post("/login", data=form(client, username="clerk", password=PASSWORD))
    assert client.cookies[CSRF_COOKIE] != before


def test_a_planted_token_is_refused_even_when_cookie_and_form_agree(site: Site) -> None:
    # Someone who can set cookies in the victim's browser (a neighbouring subdomain) sets the
    # CSRF cookie and submits the same value: without the secret the token is not signed.
    record = site.add_birth()
    client = site.client("officer")
    client.cookies.set(CSRF_COOKIE, "planted.0123")
    response = client.post(
        f"/records/{record}/reveal", data={"field": "id_number", "csrf_token": "planted.0123"}
    )
    assert response.status_code == 403


def test_a_token_of_another_login_is_refused(site: Site) -> None:
    record = site.add_birth()
    first, second = site.client("officer"), site.client("officer")
    token = first.cookies[CSRF_COOKIE]  # well signed, for the first login
    second.cookies.set(CSRF_COOKIE, token)
    response = second.post(
        f"/records/{record}/reveal", data={"field": "id_number", "csrf_token": token}
    )
    assert response.status_code == 403
    assert (
        first.post(
            f"/records/{record}/reveal", data={"field": "id_number", "csrf_token": token}
        ).status_code
        == 200
    )
