"""Translations: every string has Chinese; Chinese by default; English by cookie."""

from __future__ import annotations

from hedui.web.i18n import LOCALE_COOKIE, catalogue_problems, extract_catalog, load_translations

from .conftest import Site, form


def test_catalogues_are_in_step_with_the_code_and_fully_translated() -> None:
    # A failure lists what to fix; `python -m hedui.web.i18n` adds new strings to both files.
    assert catalogue_problems() == []


def test_extraction_sees_templates_and_marked_code() -> None:
    ids = {message.id for message in extract_catalog()}
    assert {"Log in", "Birth", "This field is required."} <= ids


def test_translations_compile_from_po_at_start() -> None:
    assert load_translations("zh_CN").gettext("Record an event") == "登记事件"
    assert load_translations("en").gettext("Record an event") == "Record an event"


def test_pages_are_chinese_by_default_and_english_after_the_switch(site: Site) -> None:
    client = site.client()
    assert '<html lang="zh-CN">' in client.get("/login").text
    response = client.post("/language", data=form(client, locale="en", next="/login"))
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.cookies[LOCALE_COOKIE] == "en"
    page = client.get("/login").text
    assert '<html lang="en">' in page and "Username" in page and "用户名" not in page


def test_an_unknown_locale_falls_back_to_chinese(site: Site) -> None:
    client = site.client()
    client.post("/language", data=form(client, locale="fr"))
    assert client.cookies[LOCALE_COOKIE] == "zh_CN"
