"""The glossary test (issue #14 part 6): the Chinese interface shows no English words, internal
keys, hex hashes or "None".

As a village clerk, a township officer and the county admin, on a real server over a reconciled
synthetic county, it visits every page the navigation links to, and a case page, a record page
and the user's own case lists; opens every folded part (``<details>``), reads the text a person
sees (``innerText``, and the ``placeholder`` and ``title`` of fields) and lists each ASCII word
outside :data:`ALLOWED`, and each variant of a term the interface names one way (个案 for 事项,
卫生服务 for 健康服务), by page. Letters run together with digits are data, not words (a record
number VL0001115, the X check character of an ID number), and so are the user names of the
fixtures; a run of twelve or more hexadecimal characters is a hash, flagged whatever it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from ..conftest import USERS
from .conftest import Server, log_in, new_page
from .reconciled import reconciled_server

__all__ = ["reconciled_server"]

pytestmark = pytest.mark.browser

ALLOWED = frozenset({"ID", "IP", "PDF", "Excel", "CSV", "HTML", "GBK", "UTF", "MB", "English"})
"""Words a Chinese reader reads as they are: ``ID`` (as in ID 号) and ``IP`` (IP 地址); file
kinds, encodings and sizes as every Chinese program names them (PDF, Excel, CSV, HTML on the
download buttons; GBK, UTF-8 and MB on the import page); and ``English``, the language switch,
which must be readable by the person who needs it."""

PINYIN_EXAMPLES = frozenset({"wangguoqing"})
"""The search box's example of typing a name in pinyin (汪国庆): pinyin, not English."""

VARIANTS = {"个案": "事项", "卫生服务": "健康服务"}
"""One term for one thing: a variant found on a page is reported with the term to use."""

_WORD = re.compile(r"(?<![A-Za-z0-9_.])[A-Za-z]+(?:[_'’-][A-Za-z]+)*(?![A-Za-z0-9_]|\.[a-z])")
"""An ASCII word: not part of a code with digits (VL0001115), not a file's name or extension."""
_HEX = re.compile(r"(?<![0-9A-Za-z])(?=[0-9]*[a-f])(?=[a-f]*[0-9])[0-9a-f]{12,}(?![0-9A-Za-z])")

_VISIBLE_TEXT = """() => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const extra = [...document.querySelectorAll("[placeholder], [title], [aria-label]")]
    .map((e) => [e.getAttribute("placeholder"), e.getAttribute("title"),
                 e.getAttribute("aria-label")].filter(Boolean).join(" "));
  return document.body.innerText + "\\n" + extra.join("\\n") + "\\n" + document.title;
}"""


def offending_words(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The English words, hex hashes and "None" in ``text`` a Chinese page must not show."""
    words = [
        w for w in _WORD.findall(text) if len(w) > 1 and w not in ALLOWED | PINYIN_EXAMPLES | data
    ]
    variants = [f"{variant}（应为{term}）" for variant, term in VARIANTS.items() if variant in text]
    return sorted(set(words) | set(_HEX.findall(text)) | set(variants))


def test_offending_words_finds_words_not_codes() -> None:
    text = (
        "事项 12 · VL0001115 · 320*****2X · PDF · opened by reconcile run 1 · None · a3f9c2d4e5b6a7"
    )
    assert offending_words(text) == ["None", "a3f9c2d4e5b6a7", "by", "opened", "reconcile", "run"]
    assert offending_words("个案 3 的卫生服务") == ["个案（应为事项）", "卫生服务（应为健康服务）"]
    assert offending_words("来源 village_ledger，admin 处理", frozenset({"admin"})) == [
        "village_ledger"
    ]


def _pages(page: Page) -> Iterator[str]:
    """The navigation's pages, then a case, a record and the user's own case lists."""
    page.goto("/")
    links = page.eval_on_selector_all(
        "nav.nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    yield from dict.fromkeys(links)
    yield "/cases/mine?show=todo"
    page.goto("/cases")
    case = page.locator(".case-cards a.case-person").first
    if case.count():
        yield str(case.get_attribute("href"))
    page.goto("/records")
    record = page.locator("main a[href^='/records/']").filter(has_not_text="登记").first
    if record.count():
        yield str(record.get_attribute("href"))


@pytest.mark.parametrize("username", ["clerk", "officer", "admin"])
def test_the_chinese_interface_shows_no_english_words(
    browser: Browser, reconciled_server: Server, username: str
) -> None:
    page = new_page(browser, reconciled_server)
    log_in(page, username)
    data = frozenset(USERS)
    found: dict[str, list[str]] = {}
    for path in list(_pages(page)):
        page.goto(path)
        words = offending_words(page.evaluate(_VISIBLE_TEXT), data)
        if words:
            found[path] = words
    assert not found, "\n".join(f"{username} {path}: {', '.join(w)}" for path, w in found.items())
