"""Session cookies: flags, forgery; logins kept on the server end at logout, disabling and
password changes, and stay ended."""

from __future__ import annotations

from hedui.store.accounts import reset_password, set_disabled
from hedui.store.db import transaction
from hedui.store.users import User
from hedui.web.auth import SESSION_COOKIE
from hedui.web.csrf import CSRF_COOKIE

from .conftest import CHILD_ID, PASSWORD, Site, form


def _set_cookie_headers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return response.headers.get_list("set-cookie")


def test_login_sets_an_httponly_lax_session_cookie(site: Site) -> None:
    client = site.client()
    response = client.post("/login", data=form(client, username="clerk", password=PASSWORD))
    assert response.status_code == 303
    session_cookie = next(h for h in _set_cookie_headers(response) if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert "Secure" not in session_cookie  # plain http on 127.0.0.1


def test_cookies_are_secure_over_https(site: Site) -> None:
    client = site.client(base_url="https://testserver")
    response = client.post("/login", data=form(client, username="clerk", password=PASSWORD))
    assert all("Secure" in header for header in _set_cookie_headers(response))


def test_a_forged_session_cookie_is_ignored(site: Site) -> None:
    client = site.client("clerk")
    client.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE][:-2] + "xx")
    response = client.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/"


def test_a_disabled_user_is_logged_out_at_the_next_request(site: Site) -> None:
    client = site.client("clerk")
    assert client.get("/").status_code == 200
    with site.session() as session, transaction(session):
        admin, clerk = (
            session.get(User, site.user_ids["admin"]),
            session.get(User, site.user_ids["clerk"]),
        )
        assert admin and clerk
        set_disabled(session, admin, clerk, True)
    assert client.get("/").status_code == 303


def test_a_password_reset_ends_existing_sessions(site: Site) -> None:
    client = site.client("clerk")
    with site.session() as session, transaction(session):
        admin, clerk = (
            session.get(User, site.user_ids["admin"]),
            session.get(User, site.user_ids["clerk"]),
        )
        assert admin and clerk
        reset_password(session, admin, clerk, "brand-new-pass")
    assert client.get("/").status_code == 303


def test_htmx_requests_without_session_get_a_redirect_header(site: Site) -> None:
    client = site.client()
    response = client.post(
        "/records/check/birth", data=form(client), headers={"HX-Request": "true"}
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/records/check/birth"


def test_login_next_only_goes_to_local_paths(site: Site) -> None:
    client = site.client()
    data = form(client, username="clerk", password=PASSWORD, next="//evil.example/")
    assert client.post("/login", data=data).headers["location"] == "/"


def _copy(site: Site, client) -> object:  # type: ignore[no-untyped-def]
    """Another browser holding copies of ``client``'s cookies."""
    return site.client(cookies=dict(client.cookies))


def test_a_copied_cookie_stops_working_at_logout(site: Site) -> None:
    record = site.add_birth()
    officer = site.client("officer")
    thief = _copy(site, officer)
    assert thief.get("/records").status_code == 200  # the copy works while the login lives
    officer.post("/logout", data=form(officer))
    assert thief.get("/records").status_code == 303
    reveal = thief.post(
        f"/records/{record}/reveal",
        data={"field": "id_number", "csrf_token": thief.cookies[CSRF_COOKIE]},
    )
    assert reveal.status_code == 303 and CHILD_ID not in reveal.text


def test_enabling_a_disabled_user_does_not_bring_old_logins_back(site: Site) -> None:
    clerk = site.client("clerk")
    admin = site.client("admin")
    clerk_id = site.user_ids["clerk"]
    assert admin.post(f"/users/{clerk_id}/disable", data=form(admin)).status_code == 303
    assert admin.post(f"/users/{clerk_id}/enable", data=form(admin)).status_code == 303
    assert clerk.get("/records").status_code == 303
    assert site.client("clerk").get("/records").status_code == 200  # a new login works


def test_a_password_change_ends_copies_of_this_login_too(site: Site) -> None:
    clerk = site.client("clerk")
    thief = _copy(site, clerk)
    new = "红旗渠-village-7"
    changed = clerk.post(
        "/account/password",
        data=form(clerk, old_password=PASSWORD, new_password=new, confirm_password=new),
    )
    assert changed.status_code == 303
    assert clerk.get("/records").status_code == 200  # this browser got a new login
    assert thief.get("/records").status_code == 303  # the copy of the old one is dead
