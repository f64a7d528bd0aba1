"""The case list: scoped to the user's area, filtered, sorted, paginated."""

from __future__ import annotations

import re

import pytest

from hedui.reconcile import (
    CONFLICT_FIELDS,
    DUPLICATE_KIND,
    EXPECTED_SOURCES,
    conflict_kind,
    missing_kind,
)
from hedui.reconcile.invalid_values import INVALID_KINDS
from hedui.reconcile.late_registration import LATE_KIND
from hedui.reconcile.migration import MIGRATION_KINDS
from hedui.store.cases import CaseStatus
from hedui.web.case_labels import kind_parts
from hedui.web.i18n import load_translations

from ..conftest import CHILD_ID, Site
from .casework import add_case

VILLAGE_A1 = "320924101001"
VILLAGE_A2 = "320924101002"
VILLAGE_B1 = "320924102001"


def _case_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/cases/(\d+)"', html)]


@pytest.fixture
def cases(site: Site) -> dict[str, int]:
    """Three villages, one open case each; one resolved and one recurring case in A1."""
    return {
        "a1": add_case(site, VILLAGE_A1, key="a1"),
        "a2": add_case(site, VILLAGE_A2, key="a2"),
        "b1": add_case(site, VILLAGE_B1, key="b1"),
        "a1_resolved": add_case(site, VILLAGE_A1, key="a1r", status=CaseStatus.RESOLVED),
        "a1_recurring": add_case(
            site, VILLAGE_A1, key="a1x", kind="birth_missing_in_police_hukou", recurring=True
        ),
    }


def test_case_list_shows_the_active_cases_of_the_users_area(
    site: Site, cases: dict[str, int]
) -> None:
    expected = {
        "admin": {"a1", "a2", "b1", "a1_recurring"},
        "officer": {"a1", "a2", "a1_recurring"},
        "officer_other": {"b1"},
        "clerk": {"a1", "a1_recurring"},
        "clerk_other": {"a2"},
        "admin_other": set(),
    }
    for user, names in expected.items():
        response = site.client(user).get("/cases")
        assert response.status_code == 200
        assert set(_case_ids(response.text)) == {cases[name] for name in names}, user


def test_case_list_cards_name_the_person_never_the_id_number(
    site: Site, cases: dict[str, int]
) -> None:
    text = site.client("admin").get("/cases").text
    assert CHILD_ID not in text
    # Each card is headed by the name the records give (王小明), not by a record number.
    assert re.search(r'class="case-person">王小明</a>', text)
    assert "L-320924101001" not in text


def test_case_list_filters(site: Site, cases: dict[str, int]) -> None:
    client = site.client("admin")
    assert _case_ids(client.get("/cases?status=resolved").text) == [cases["a1_resolved"]]
    assert len(_case_ids(client.get("/cases?status=").text)) == 5
    kind = client.get("/cases?kind=birth_missing_in_police_hukou").text
    assert _case_ids(kind) == [cases["a1_recurring"]]
    assert _case_ids(client.get("/cases?recurring=1").text) == [cases["a1_recurring"]]
    township = client.get(f"/cases?village={VILLAGE_A2}").text
    assert _case_ids(township) == [cases["a2"]]
    # Cases were opened just now: none is older than a week.
    assert _case_ids(client.get("/cases?age=7").text) == []


def test_case_list_refuses_a_village_outside_the_area(site: Site, cases: dict[str, int]) -> None:
    """A clerk naming another village is told so (400), never shown the other's cases."""
    response = site.client("clerk").get(f"/cases?village={VILLAGE_A2}")
    assert response.status_code == 400 and "不在您的辖区内" in response.text
    assert _case_ids(response.text) == []


def test_case_list_refuses_a_filter_it_does_not_understand(
    site: Site, cases: dict[str, int]
) -> None:
    """A misspelt filter is an error naming it, not the whole list shown as if filtered."""
    response = site.client("admin").get("/cases?vilage=320924101001")
    assert response.status_code == 400 and "vilage" in response.text


def test_case_list_sorts_both_ways(site: Site, cases: dict[str, int]) -> None:
    client = site.client("admin")
    up = _case_ids(client.get("/cases?sort=village&order=asc").text)
    down = _case_ids(client.get("/cases?sort=village&order=desc").text)
    assert up == list(reversed(down))
    assert up[-1] == cases["b1"]
    # An unknown sort falls back to the default instead of failing.
    assert client.get("/cases?sort=drop+table").status_code == 200


def test_case_list_paginates(site: Site) -> None:
    """30 cases at 25 a page: 25 on page 1, 5 on page 2, no case on both."""
    ids = {add_case(site, VILLAGE_A1, key=f"p{i}") for i in range(30)}
    client = site.client("clerk")
    first = client.get("/cases?sort=created&order=asc&page=1").text
    second = client.get("/cases?sort=created&order=asc&page=2").text
    assert len(_case_ids(first)) == 25 and len(_case_ids(second)) == 5
    assert set(_case_ids(first)) | set(_case_ids(second)) == ids
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_case_list_is_not_for_visitors(site: Site) -> None:
    response = site.client().get("/cases")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_case_list_empty_state(site: Site) -> None:
    text = site.client("clerk").get("/cases").text
    assert "还没有待核实事项" in text


def test_every_finding_kind_has_a_translated_label() -> None:
    """A kind added to reconciliation without a label here would show as a bare code."""
    kinds = [
        DUPLICATE_KIND,
        LATE_KIND,
        *INVALID_KINDS,
        *MIGRATION_KINDS.values(),
        *(conflict_kind(field) for field in CONFLICT_FIELDS),
        *(
            missing_kind(event, source)
            for event, sources in EXPECTED_SOURCES.items()
            for source in sources
        ),
    ]
    chinese = load_translations("zh_CN")
    for kind in kinds:
        message, labels = kind_parts(kind)
        assert message != kind, kind
        assert chinese.gettext(message) != message, kind
        for label in labels.values():
            assert chinese.gettext(label) != label, (kind, label)
