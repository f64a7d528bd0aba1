"""Bulk case pages, the user's own lists and the case page's next case, through the web."""

from __future__ import annotations

import re

from sqlalchemy import select

from hedui.store.cases import Case, CaseStatus

from ..conftest import Site, form
from .casework import add_case

VILLAGE_A1 = "320924101001"
VILLAGE_A2 = "320924101002"
VILLAGE_B1 = "320924102001"


def _statuses(site: Site, ids: list[int]) -> list[CaseStatus]:
    with site.session() as session:
        cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
        return [cases[i].status for i in ids]


def test_officer_resolves_ticked_cases_with_one_note(site: Site) -> None:
    ids = [add_case(site, VILLAGE_A1, key="1"), add_case(site, VILLAGE_A2, key="2")]
    officer = site.client("officer")
    page = officer.get("/cases/bulk", params=[("case", str(i)) for i in ids])
    assert page.status_code == 200
    assert page.text.count('class="case-person">王小明</a>') == 2
    data = {**form(officer, note="已逐条核实"), "case": [str(i) for i in ids]}
    done = officer.post("/cases/bulk/resolve", data=data)
    assert done.status_code == 303 and "done=resolved" in done.headers["location"]
    assert "已解决 2 个事项。" in officer.get(done.headers["location"]).text
    assert _statuses(site, ids) == [CaseStatus.RESOLVED, CaseStatus.RESOLVED]


def test_a_refused_case_leaves_all_unchanged_and_says_why_in_one_language(site: Site) -> None:
    ids = [add_case(site, VILLAGE_A1, key="1"), add_case(site, VILLAGE_A1, key="2")]
    admin = site.client("admin")
    resolved = admin.post(f"/cases/{ids[1]}/resolve", data=form(admin, note="已处理"))
    assert resolved.status_code == 303
    data = {**form(admin, note="批量"), "case": [str(i) for i in ids]}
    refused = admin.post("/cases/bulk/resolve", data=data)
    assert refused.status_code == 400
    alert = re.search(r'class="alert error" role="alert">(.*?)</p>', refused.text, flags=re.S)
    assert alert is not None and f"事项 {ids[1]}" in alert.group(1)
    assert "nothing was changed" not in refused.text  # Chinese only on a Chinese page
    assert _statuses(site, ids) == [CaseStatus.OPEN, CaseStatus.RESOLVED]


def test_bulk_hand_over_offers_only_people_who_cover_every_village(site: Site) -> None:
    a1, a2 = add_case(site, VILLAGE_A1, key="1"), add_case(site, VILLAGE_A2, key="2")
    officer = site.client("officer")
    page = officer.get("/cases/bulk", params=[("case", str(a1)), ("case", str(a2))]).text
    options = re.findall(r'<option value="(\d+)"', page.split('id="bulk-assignee"')[1])
    # The township officer covers both villages; neither village clerk does.
    assert str(site.user_ids["officer"]) in options
    assert str(site.user_ids["clerk"]) not in options
    only_a1 = officer.get("/cases/bulk", params=[("case", str(a1))]).text
    assert f'<option value="{site.user_ids["clerk"]}"' in only_a1
    data = {**form(officer), "case": [str(a1)]}
    assert officer.post("/cases/bulk/assign", data=data).status_code == 400  # no assignee
    data["assignee"] = str(site.user_ids["clerk"])
    assert officer.post("/cases/bulk/assign", data=data).status_code == 303
    assert _statuses(site, [a1]) == [CaseStatus.ASSIGNED]


def test_clerks_do_not_act_in_bulk_and_other_areas_stay_hidden(site: Site) -> None:
    a1 = add_case(site, VILLAGE_A1, key="1")
    b1 = add_case(site, VILLAGE_B1, key="2")
    assert site.client("clerk").get("/cases/bulk", params={"case": str(a1)}).status_code == 403
    officer = site.client("officer")
    # Another township's case is neither shown nor acted on; nothing ticked says so.
    page = officer.get("/cases/bulk", params=[("case", str(b1)), ("case", "abc")]).text
    assert "没有勾选事项" in page
    assert 'name="case" value' not in page


def test_home_counts_and_my_lists(site: Site) -> None:
    a1, a2 = add_case(site, VILLAGE_A1, key="1"), add_case(site, VILLAGE_A1, key="2")
    officer = site.client("officer")
    assigned = officer.post(
        f"/cases/{a1}/assign", data=form(officer, assignee=str(site.user_ids["clerk"]))
    )
    assert assigned.status_code == 303
    clerk = site.client("clerk")
    home = clerk.get("/").text
    counts = re.findall(r'<span class="count">(\d+)</span>', home)
    assert counts == ["1", "2"]  # assigned to me: a1; my to-do: a1 and a2 (nobody's)
    mine = clerk.get("/cases/mine?show=assigned").text
    assert f"/cases/{a1}" in mine and f"/cases/{a2}" not in mine
    todo = clerk.get("/cases/mine").text
    assert f"/cases/{a1}" in todo and f"/cases/{a2}" in todo
    assert 'form="bulk-form"' not in todo  # a clerk has no bulk actions
    # The case page's 下一条 walks the to-do list.
    assert f'href="/cases/{a2}" rel="next"' in clerk.get(f"/cases/{a1}").text
