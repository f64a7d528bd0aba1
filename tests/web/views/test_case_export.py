"""The case list as Excel from the web: the list's filters, the user's area, IDs masked, audited
— the same workbook as ``hedui cases --export``."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hedui.reconcile.case_export import SHEET_HEADERS
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.cases import CaseStatus

from ..conftest import CHILD_ID, Site
from .casework import add_case

VILLAGE_A1 = "320924101001"
VILLAGE_A2 = "320924101002"
VILLAGE_B1 = "320924102001"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def cases(site: Site) -> dict[str, int]:
    """Open cases in A1, A2 and B1; a resolved one in A1."""
    return {
        "a1": add_case(site, VILLAGE_A1, key="a1"),
        "a2": add_case(site, VILLAGE_A2, key="a2"),
        "b1": add_case(site, VILLAGE_B1, key="b1"),
        "a1_resolved": add_case(site, VILLAGE_A1, key="a1r", status=CaseStatus.RESOLVED),
    }


def _rows(body: bytes) -> dict[str, list[list[object]]]:
    """Each sheet's rows, header first."""
    book = load_workbook(BytesIO(body))
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book}


def _ids(sheets: dict[str, list[list[object]]]) -> set[int]:
    return {int(str(row[0])) for rows in sheets.values() for row in rows[1:]}


@pytest.mark.usefixtures("cases")
def test_the_officer_gets_the_active_cases_of_the_township_one_sheet_per_village(
    site: Site, cases: dict[str, int]
) -> None:
    response = site.client("officer").get("/case-export")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == XLSX
    assert "attachment" in response.headers["content-disposition"]
    sheets = _rows(response.content)
    # Township 320924101: A1 and A2, not B1 (another township) nor the resolved case.
    assert _ids(sheets) == {cases["a1"], cases["a2"]}
    assert len(sheets) == 2
    assert all(rows[0] == list(SHEET_HEADERS) for rows in sheets.values())
    # Resident ID numbers never leave in full.
    text = repr(sheets)
    assert CHILD_ID not in text and CHILD_ID[:6] in text


def test_the_list_filters_apply_and_every_status_can_be_asked_for(
    site: Site, cases: dict[str, int]
) -> None:
    client = site.client("admin")
    one_village = client.get(f"/case-export?village={VILLAGE_A1}&status=&page=2&sort=kind")
    assert _ids(_rows(one_village.content)) == {cases["a1"], cases["a1_resolved"]}
    resolved = client.get("/case-export?status=resolved")
    assert _ids(_rows(resolved.content)) == {cases["a1_resolved"]}
    none = client.get("/case-export?kind=no_such_kind")
    assert list(_rows(none.content)) == ["无 none"]


@pytest.mark.usefixtures("cases")
def test_the_export_is_audited_with_the_user(site: Site) -> None:
    site.client("clerk").get("/case-export")
    with site.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.CASES_EXPORTED)
        ).one()
    assert entry.actor_id == site.user_ids["clerk"] and entry.area_code == VILLAGE_A1
    assert entry.detail is not None and entry.detail["cases"] == 1


@pytest.mark.usefixtures("cases")
def test_a_village_outside_the_area_or_an_unknown_filter_is_refused(site: Site) -> None:
    client = site.client("clerk")
    outside = client.get(f"/case-export?village={VILLAGE_B1}")
    assert outside.status_code == 400 and "不在您的辖区" in outside.text
    assert client.get("/case-export?sql=1").status_code == 400
    with site.session() as session:
        audited = select(AuditEntry).where(AuditEntry.action == AuditAction.CASES_EXPORTED)
        assert session.scalars(audited).first() is None


@pytest.mark.usefixtures("cases")
def test_only_case_workers_may_export(site: Site) -> None:
    assert site.client().get("/case-export").status_code in (303, 401)
    assert site.client("admin_other").get("/case-export").status_code == 200  # their own area


def test_the_case_list_links_to_the_export_with_its_filters(
    site: Site, cases: dict[str, int]
) -> None:
    page = site.client("admin").get(f"/cases?village={VILLAGE_A2}")
    assert f'href="/case-export?village={VILLAGE_A2}"' in page.text
    assert "导出 Excel" in page.text
