"""One case: records side by side, actions with notes, history and audit, 404 outside the area."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.cases import Case, CaseHistory, CaseStatus

from ..conftest import CHILD_ID, MOTHER_ID, Site, form
from .casework import add_case, add_run

VILLAGE_A1 = "320924101001"


def test_case_page_shows_records_side_by_side_with_the_difference_marked(site: Site) -> None:
    case_id = add_case(site, VILLAGE_A1)
    response = site.client("clerk").get(f"/cases/{case_id}")
    assert response.status_code == 200
    text = response.text
    # One column per record: both sources are headed.
    assert "村台账" in text and "公安户籍" in text
    # Exactly one differing row, the sex: 男 in the ledger, 女 in the police register.
    rows = re.findall(r'<tr class="differs">(.*?)</tr>', text, flags=re.S)
    assert len(rows) == 1
    assert "性别" in rows[0] and "男" in rows[0] and "女" in rows[0]
    assert CHILD_ID not in text and MOTHER_ID not in text
    assert "320*************1X" in text


def test_case_page_is_404_outside_the_area(site: Site) -> None:
    case_id = add_case(site, VILLAGE_A1)
    for user in ("clerk_other", "officer_other", "admin_other"):
        assert site.client(user).get(f"/cases/{case_id}").status_code == 404, user
        response = site.client(user).post(
            f"/cases/{case_id}/dismiss", data=form(site.client(user), note="x")
        )
        assert response.status_code in (403, 404), user
    assert site.client("admin").get("/cases/99999").status_code == 404
    assert site.client("admin").get("/cases/abc").status_code == 404


def test_resolve_needs_a_note_and_records_the_right_source(site: Site) -> None:
    case_id = add_case(site, VILLAGE_A1)
    client = site.client("clerk")
    refused = client.post(f"/cases/{case_id}/resolve", data=form(client, note="  "))
    assert refused.status_code == 400
    assert "请填写处理说明" in refused.text
    done = client.post(
        f"/cases/{case_id}/resolve",
        data=form(client, note="查阅出生医学证明，性别为女", right_source="police_hukou"),
    )
    assert done.status_code == 303 and done.headers["location"] == f"/cases/{case_id}?done=resolved"
    page = client.get(done.headers["location"]).text
    assert "已解决。" in page and "查阅出生医学证明，性别为女" in page
    with site.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert case.status is CaseStatus.RESOLVED and case.right_source == "police_hukou"
        history = list(session.scalars(select(CaseHistory).where(CaseHistory.case_id == case_id)))
        assert [(h.from_status, h.to_status) for h in history] == [
            (None, CaseStatus.OPEN),
            (CaseStatus.OPEN, CaseStatus.RESOLVED),
        ]
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.CASE_RESOLVED)
        ).one()
        assert audit.target_id == str(case_id) and audit.area_code == VILLAGE_A1
    # Closed: no action forms any more, and a second resolve is refused with the reason.
    assert 'action="/cases/' not in page
    again = client.post(f"/cases/{case_id}/resolve", data=form(client, note="再来"))
    assert again.status_code == 409 and "已结案" in again.text


def test_resolve_refuses_a_source_not_in_the_case(site: Site) -> None:
    case_id = add_case(site, VILLAGE_A1)
    client = site.client("officer")
    response = client.post(
        f"/cases/{case_id}/resolve", data=form(client, note="核实", right_source="civil_marriages")
    )
    assert response.status_code == 400


def test_assign_then_verify_then_dismiss_shows_the_whole_history(site: Site) -> None:
    case_id = add_case(site, VILLAGE_A1)
    officer = site.client("officer")
    page = officer.get(f"/cases/{case_id}").text
    # Only people whose area covers village A1 can be chosen: not the clerk of A2.
    options = re.findall(
        r'<option value="(\d+)"', page.split('id="assignee"')[1].split("</select>")[0]
    )
    assert str(site.user_ids["clerk"]) in options
    assert str(site.user_ids["clerk_other"]) not in options
    assigned = officer.post(
        f"/cases/{case_id}/assign",
        data=form(officer, assignee=str(site.user_ids["clerk"]), note="请核对出生证"),
    )
    assert assigned.status_code == 303
    clerk = site.client("clerk")
    assert clerk.post(f"/cases/{case_id}/verify", data=form(clerk)).status_code == 303
    assert (
        clerk.post(
            f"/cases/{case_id}/dismiss", data=form(clerk, note="两人同名同日出生，并非同一人")
        ).status_code
        == 303
    )
    history = clerk.get(f"/cases/{case_id}").text.split('class="timeline case-history"')[1]
    assert history.count("<li") == 4  # opened, assigned, verified, dismissed
    assert "officer" in history and "请核对出生证" in history
    assert "已驳回" in history


def test_assign_to_someone_outside_the_village_is_refused(site: Site) -> None:
    case_id = add_case(site, VILLAGE_A1)
    officer = site.client("officer")
    response = officer.post(
        f"/cases/{case_id}/assign",
        data=form(officer, assignee=str(site.user_ids["clerk_other"])),
    )
    assert response.status_code == 400
    assert officer.post(f"/cases/{case_id}/assign", data=form(officer)).status_code == 400


def test_actions_need_the_csrf_token(site: Site) -> None:
    case_id = add_case(site, VILLAGE_A1)
    client = site.client("clerk")
    response = client.post(f"/cases/{case_id}/dismiss", data={"note": "没有令牌"})
    assert response.status_code == 403
    with site.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status is CaseStatus.OPEN


def test_case_page_without_its_run_s_link_directory_still_shows_the_case(
    site: Site, tmp_path: Path
) -> None:
    # The run's folder was purged after its retention period (or never existed here): the
    # page shows the case without the linkage's evidence instead of failing.
    case_id = add_case(site, VILLAGE_A1)
    add_run(site, tmp_path / "purged")
    response = site.client("clerk").get(f"/cases/{case_id}")
    assert response.status_code == 200
    assert "村台账" in response.text and "公安户籍" in response.text
