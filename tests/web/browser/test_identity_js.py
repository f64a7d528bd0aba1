"""The browser's checks (``static/js/identity.js``, ``event_check.js``) give hedui.identity's
verdicts: both run on the same generated IDs, dates and whole forms, in real Chromium.

A form filled in without a network is checked in the browser; a rule that differed from the
server's would either stop a clerk for nothing or let an entry through that then fails on
upload. So every case below is judged by the Python function and by its JavaScript port, and
the answers must be equal: validity, the kind of failure, the 18-digit number, birth date and
sex read from it, the parsed day and why it was ambiguous, each message id with its parameters
and, where Python's ``repr`` is plain, the server's bilingual message word for word.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from hedui.errors import InvalidDateError, InvalidResidentIdError, InvalidSexError
from hedui.identity import resident_id
from hedui.identity.dates import parse_date_or_none
from hedui.identity.resident_id_text import check_character
from hedui.identity.sex import normalize_sex, sex_from_id
from hedui.sources.schema import MAX_LENGTHS
from hedui.store.records import RECORDED_EVENTS
from hedui.web.event_fields import fields_for
from hedui.web.event_form import check_event_form

from .conftest import PHONE, Server, new_page

pytestmark = pytest.mark.browser

TODAY = date(2025, 6, 30)
THIS_YEAR = date.today().year  # two-digit years are read against the real year on both sides


@pytest.fixture(scope="module")
def page(browser: Browser, server: Server) -> Iterator[Page]:
    page = new_page(browser, server, PHONE)
    page.goto("/login")
    page.evaluate(
        """async () => {
            window.identity = await import('/static/js/identity.js');
            window.eventCheck = await import('/static/js/event_check.js');
        }"""
    )
    yield page
    page.context.close()


# ---- generated inputs ---------------------------------------------------------------------

REGIONS = ["320924", "110101", "440305", "510104", "654325"]


def _valid_id(rng: random.Random, born: date | None = None) -> str:
    born = born or date(1900, 1, 1) + timedelta(
        days=rng.randrange(0, (TODAY - date(1900, 1, 1)).days)
    )
    body = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + check_character(body)


def _id_variants(rng: random.Random) -> list[str]:
    number = _valid_id(rng)
    digits = list(number)
    i = rng.randrange(17)
    digits[i] = str((int(digits[i]) + rng.randrange(1, 10)) % 10)
    swapped = list(number)
    j = rng.randrange(16)
    swapped[j], swapped[j + 1] = swapped[j + 1], swapped[j]
    old_born = date(rng.randrange(1930, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
    old = f"{rng.choice(REGIONS)}{old_born:%y%m%d}{rng.randrange(1000):03d}"
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    return [
        number,
        number.lower(),
        "".join(digits),
        "".join(swapped),
        old,
        old[:-1] + "X",
        full_width,
        f"{number[:6]} {number[6:14]}-{number[14:]}",
        "'" + number,
        number[:-1],
        number + "1",
        number[:10] + "A" + number[11:],
        number[:17] + "×",
        number[:6] + "20991231" + number[14:],  # future
        number[:6] + "18991231" + number[14:],  # before 1900
        number[:6] + "20230229" + number[14:],  # no such day
        number[:6] + f"{TODAY:%Y%m%d}" + number[14:],
        number[:6] + f"{TODAY + timedelta(days=1):%Y%m%d}" + number[14:],
        "",
        "  ",
        "身份证" + number,
    ]


def _date_variants(rng: random.Random) -> list[str]:
    day = date(rng.randrange(1890, 2031), rng.randrange(1, 13), rng.randrange(1, 29))
    y, m, d = day.year, day.month, day.day
    chinese_digits = str(y).translate(str.maketrans("0123456789", "〇一二三四五六七八九"))
    tens = {1: "十", 2: "二十", 3: "三十"}
    chinese_day = (
        (tens.get(d // 10, "") + "一二三四五六七八九"[d % 10 - 1]) if d % 10 else tens[d // 10]
    )
    return [
        day.isoformat(),
        f"{y}/{m}/{d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{m}/{d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}-{m:02d}-{y % 100:02d}",
        f"{y % 100:02d}-{m}-{d}",
        f"{y}年{m}月{d}日",
        f"{y % 100:02d}年{m}月{d}号",
        f"{chinese_digits}年{m}月{chinese_day}日",
        f"{y}{m:02d}{d:02d}",
        f"{y % 100:02d}{m:02d}{d:02d}",
        f"{y}-{m:02d}-{d:02d} 00:00:00",
        f"{y}-{m:02d}-{d:02d}T08:30Z",
        f"{y}-{m:02d}-{d:02d}".translate(str.maketrans("0123456789-", "０１２３４５６７８９－")),
        f"{y}-{m:02d}-{d + 3}",
        f"{y}-{rng.randrange(0, 20)}-{rng.randrange(0, 40)}",
        f"{rng.randrange(30000, 80000)}",
        f"{rng.randrange(10000, 99999)}.5",
        f"{y}",
        f"{y}年{m}月",
        f"{y}-{m}",
        f"{m}/{d}/{y % 100:02d}",
        "0000-00-00",
        "不详",
        "NULL",
        "",
        "昨天",
        f" {y}-{m:02d}-{d:02d} ",
    ]


# ---- the two sides --------------------------------------------------------------------------


def _python_id(raw: str) -> dict[str, Any]:
    try:
        parsed = resident_id.parse(raw, today=TODAY)
    except InvalidResidentIdError as error:
        return {"ok": False, "kind": error.kind, "detail": str(error)}
    return {
        "ok": True,
        "number": parsed.number,
        "birthDate": parsed.birth_date.isoformat(),
        "sex": parsed.sex.value,
        "was15": parsed.was_15_digit,
    }


def _python_date(raw: str) -> dict[str, Any] | None:
    try:
        parsed = parse_date_or_none(raw)
    except InvalidDateError as error:
        return {"error": str(error)}
    if parsed is None:
        return None
    return {
        "value": parsed.value.isoformat(),
        "ambiguous": parsed.ambiguous,
        "reason": parsed.reason,
    }


def _plain(text: str) -> bool:
    """Python's repr of ``text`` is plain quoting (identity.js's pyRepr covers no more)."""
    return all(ch.isprintable() or ord(ch) < 0xA1 for ch in text)


def _compare(python: dict[str, Any] | None, js: dict[str, Any] | None, raw: str) -> None:
    if python is None or js is None:
        assert python == js, raw
        return
    for key, value in python.items():
        if key in ("detail", "error") and not _plain(raw):
            assert bool(js.get(key)) == bool(value), raw
        else:
            assert js.get(key) == value, (raw, key)


def _js_ids(page: Page, raws: list[str]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(
        "([raws, today]) => raws.map((r) => identity.parseResidentId(r, today))",
        [raws, TODAY.isoformat()],
    )
    return result


def _js_dates(page: Page, raws: list[str]) -> list[dict[str, Any] | None]:
    result: list[dict[str, Any] | None] = page.evaluate(
        """([raws, year]) => raws.map((r) => {
            try { return identity.parseDateOrNull(r, year); }
            catch (error) { return {error: error.message}; }
        })""",
        [raws, THIS_YEAR],
    )
    return result


# ---- resident ID numbers ---------------------------------------------------------------------


def test_resident_ids_get_the_same_verdict_in_the_browser(page: Page) -> None:
    rng = random.Random(14)
    raws = [raw for _ in range(150) for raw in _id_variants(rng)]
    kinds = {(_python_id(r)["ok"], _python_id(r).get("kind")) for r in raws}
    # Every verdict occurs: valid, malformed and wrong check character.
    assert kinds == {(True, None), (False, "malformed"), (False, "check_digit")}
    for raw, js in zip(raws, _js_ids(page, raws), strict=True):
        _compare(_python_id(raw), js, raw)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(alphabet="0123456789xX×０１２ -'’\u200bA身", max_size=20), min_size=20, max_size=20
    )
)
def test_any_text_gets_the_same_id_verdict(page: Page, raws: list[str]) -> None:
    for raw, js in zip(raws, _js_ids(page, raws), strict=True):
        _compare(_python_id(raw), js, raw)


def test_sex_digit_and_check_character_agree(page: Page) -> None:
    rng = random.Random(7)
    raws = [_valid_id(rng) for _ in range(200)] + ["3209248503070", "32092485030700", "abc"]
    js = page.evaluate(
        """(raws) => raws.map(
            (r) => [identity.sexFromId(r), identity.checkCharacter(r.slice(0, 17))])""",
        raws,
    )
    for raw, (sex, check) in zip(raws, js, strict=True):
        assert sex == sex_from_id(raw).value, raw
        expected = check_character(raw[:17]) if len(raw) >= 17 and raw[:17].isdigit() else None
        assert check == expected, raw


def test_sex_spellings_agree(page: Page) -> None:
    raws = ["1", "2", "0", "9", "男", "女性", "M", "ｆ", " Female ", "未说明", "", "3", "雄"]
    js = page.evaluate("(raws) => raws.map((r) => identity.normalizeSex(r))", raws)
    for raw, answer in zip(raws, js, strict=True):
        try:
            expected: str | None = normalize_sex(raw).value
        except InvalidSexError:
            expected = None
        assert answer == expected, raw


# ---- dates -----------------------------------------------------------------------------------


def test_dates_get_the_same_reading_in_the_browser(page: Page) -> None:
    rng = random.Random(1985)
    raws = [raw for _ in range(120) for raw in _date_variants(rng)]
    outcomes = [_python_date(r) for r in raws]
    assert any(o and o.get("ambiguous") for o in outcomes)
    assert any(o and "error" in o for o in outcomes)
    for raw, python, js in zip(raws, outcomes, _js_dates(page, raws), strict=True):
        _compare(python, js, raw)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(alphabet="0123456789-/. 年月日号T:Z十一二〇０", max_size=16),
        min_size=20,
        max_size=20,
    )
)
def test_any_text_gets_the_same_date_reading(page: Page, raws: list[str]) -> None:
    for raw, python, js in zip(
        raws, [_python_date(r) for r in raws], _js_dates(page, raws), strict=True
    ):
        _compare(python, js, raw)


# ---- whole forms -----------------------------------------------------------------------------


def _python_form(event: str, form: dict[str, str]) -> dict[str, Any]:
    from hedui.store.records import EventType

    check = check_event_form(EventType(event), form, today=TODAY)
    return {
        "errors": [[i.field, i.message, dict(i.params)] for i in check.errors],
        "warnings": [[i.field, i.message, dict(i.params)] for i in check.warnings],
    }


def _forms(rng: random.Random, count: int) -> list[tuple[str, dict[str, str]]]:
    forms = []
    for _ in range(count):
        event = rng.choice([e.value for e in RECORDED_EVENTS])
        mother_born = date(rng.randrange(1955, 2015), rng.randrange(1, 13), rng.randrange(1, 29))
        form = {
            "name": rng.choice(["王小明", "", "李\x07娜", "张" * 65, " 赵四 "]),
            "id_number": rng.choice([*_id_variants(rng)[:12], ""]),
            "sex": rng.choice(["1", "2", "", "男", "x"]),
            "birth_date": rng.choice([*_date_variants(rng)[:12], ""]),
            "event_date": rng.choice([*_date_variants(rng)[:6], ""]),
            "mother_name": rng.choice(["李娜", ""]),
            "mother_id_number": rng.choice([_valid_id(rng, mother_born), _id_variants(rng)[2], ""]),
            "address": rng.choice(["", "胜利村3组", "村" * 256]),
        }
        forms.append((event, form))
    return forms


def test_whole_forms_get_the_same_errors_and_warnings(page: Page) -> None:
    rng = random.Random(2024)
    forms = _forms(rng, 400)
    specs = {
        e.value: [{"name": s.name, "kind": s.kind, "required": s.required} for s in fields_for(e)]
        for e in RECORDED_EVENTS
    }
    js = page.evaluate(
        """([forms, specs, today, year, lengths]) => forms.map(([event, form]) => {
            const check = eventCheck.checkEventForm(event, specs[event], form,
                {today, thisYear: year, maxLengths: lengths});
            const flat = (issues) => issues.map((i) => [i.field, i.message, i.params]);
            return {errors: flat(check.errors), warnings: flat(check.warnings)};
        })""",
        [forms, specs, TODAY.isoformat(), THIS_YEAR, dict(MAX_LENGTHS)],
    )
    messages = set()
    for (event, form), answer in zip(forms, js, strict=True):
        expected = _python_form(event, form)
        if not all(_plain(v) for v in form.values()):
            for side in (expected, answer):
                for issues in side.values():
                    for item in issues:
                        item[2].pop("detail", None)
        assert answer == expected, (event, form)
        messages |= {item[1] for issues in expected.values() for item in issues}
    # The generated forms reach nearly every rule of the form.
    assert len(messages) >= 12, messages
