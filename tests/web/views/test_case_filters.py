"""The case list and its Excel export read one set of filters: for any query string, the same
cases or the same refusal. The cases are the list tests' (open ones in A1, A2 and B1, a resolved
and a recurring one in A1)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from hedui.web.case_filters import CASE_LIST_PARAMETERS, LIST_POSITION
from hedui.web.filters import query_parameters
from hedui.web.views.cases import case_list

from ..conftest import Site
from .test_cases import VILLAGE_A1, VILLAGE_B1, cases

__all__ = ["cases"]

QUERIES = [
    "",
    f"village={VILLAGE_A1}",
    "village=320924101",
    "status=",
    "status=resolved",
    "status=nonsense",
    "kind=birth_missing_in_police_hukou",
    "event=birth",
    "event=nonsense",
    "recurring=1",
    "age=7",
    "age=5",
    "village=320924101&status=&page=1&sort=kind&order=desc",
]


def _listed(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/cases/(\d+)"', html)}


def _exported(body: bytes) -> set[int]:
    book = load_workbook(BytesIO(body))
    return {
        int(str(row[0])) for sheet in book for row in list(sheet.iter_rows(values_only=True))[1:]
    }


def test_the_list_takes_the_shared_filters_and_its_own_position_only() -> None:
    assert query_parameters(case_list) == LIST_POSITION
    assert (
        LIST_POSITION
        | {
            "kind",
            "event",
            "village",
            "status",
            "age",
            "recurring",
        }
        == CASE_LIST_PARAMETERS
    )


@pytest.mark.usefixtures("cases")
@pytest.mark.parametrize("query", QUERIES)
def test_the_export_holds_the_cases_the_list_shows(site: Site, query: str) -> None:
    client = site.client("officer")
    listed = client.get(f"/cases?{query}")
    exported = client.get(f"/case-export?{query}")
    assert listed.status_code == 200 and exported.status_code == 200, query
    # Five cases fit on the list's first page; the export ignores the page and its order.
    assert _exported(exported.content) == _listed(listed.text), query
    # Every query but the age one (the cases were opened today) finds some cases.
    assert _listed(listed.text) or query == "age=7", query


@pytest.mark.usefixtures("cases")
@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("vilage=320924101001", "vilage"),
        (f"village={VILLAGE_B1}", "不在您的辖区内"),
        ("village=没有这个村", "没有名为"),
    ],
)
def test_the_export_refuses_what_the_list_refuses(site: Site, query: str, said: str) -> None:
    client = site.client("officer")
    listed = client.get(f"/cases?{query}")
    exported = client.get(f"/case-export?{query}")
    assert listed.status_code == exported.status_code == 400
    assert said in listed.text and said in exported.text
