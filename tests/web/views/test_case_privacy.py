"""A case page shows no more than the case needs: other areas' records, ID numbers, audit.

The case below is filed under village A1 (township A) but spans townships: the village ledger
of A1 and the police register of a village in township B (320924102001) hold one birth and
disagree on the sex and the child's ID number. The police record's address, record number and
the fields both records agree on are township B's business, not A1's clerk's.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from hedui.identity.id_masking import fitting_numbers, shown_in
from hedui.identity.resident_id import check_character
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.cases import Case, CaseHistory, CaseRecord, CaseStatus, make_case_key
from hedui.store.db import transaction

from ..conftest import CHILD_ID, MOTHER_ID, Site, form
from .casework import LEDGER_SNAPSHOT

VILLAGE_A1 = "320924101001"
VILLAGE_B1 = "320924102001"
# The police register typed the birth day 01 as 10 (positions 13-14) and the 16th digit 0 as 7.
POLICE_ID = CHILD_ID[:12] + "10" + "07" + "1"
POLICE_ID += check_character(POLICE_ID)
OUTSIDE_ADDRESS = "乙镇幸福路8号"


def _spanning_case(site: Site) -> int:
    ledger = {**LEDGER_SNAPSHOT, "record_id": "L-A1", "address_code": VILLAGE_A1}
    ledger["address"] = "甲村一组"
    police = {
        **LEDGER_SNAPSHOT,
        "source": "police_hukou",
        "record_id": "P-OUT-77",
        "sex": "2",
        "id_number": POLICE_ID,
        "address_code": VILLAGE_B1,
        "address": OUTSIDE_ADDRESS,
    }
    with site.session() as session, transaction(session):
        case = Case(
            case_key=make_case_key("id_number_conflict", [("village_ledger", "L-A1")]),
            kind="id_number_conflict",
            event="birth",
            field="id_number",
            values={"village_ledger": CHILD_ID, "police_hukou": POLICE_ID},
            status=CaseStatus.OPEN,
            village_code=VILLAGE_A1,
            period="2025-03",
            explanation_zh=f"身份证号不一致：村台账为“{CHILD_ID}”；公安户籍为“{POLICE_ID}”。",
            explanation_en=f"ID numbers disagree: {CHILD_ID} / {POLICE_ID}.",
            first_seen_run="1",
            last_seen_run="1",
        )
        session.add(case)
        session.flush()
        session.add(CaseHistory(case_id=case.id, to_status=CaseStatus.OPEN))
        for snapshot in (ledger, police):
            session.add(
                CaseRecord(
                    case_id=case.id,
                    source=snapshot["source"],
                    record_id=snapshot["record_id"],
                    snapshot=snapshot,
                )
            )
        return case.id


def test_case_page_shows_another_areas_record_only_as_far_as_the_case_needs(site: Site) -> None:
    case_id = _spanning_case(site)
    page = site.client("clerk").get(f"/cases/{case_id}").text
    # The outside record: its source, its village and the differing sex are shown ...
    assert "公安户籍" in page and VILLAGE_B1 in page and "女" in page
    assert "不在您的辖区" in page
    # ... not its record number, nor its address, nor the name and dates both records share.
    assert "P-OUT-77" not in page and OUTSIDE_ADDRESS not in page
    name_row = re.search(r"<th scope=\"row\">姓名.*?</tr>", page, flags=re.S)
    assert name_row is not None and name_row.group(0).count("王小明") == 1
    # The county admin sees both records in full.
    full = site.client("admin").get(f"/cases/{case_id}").text
    assert "P-OUT-77" in full and OUTSIDE_ADDRESS in full


def test_id_conflict_says_where_the_numbers_differ_and_cannot_be_rebuilt(site: Site) -> None:
    case_id = _spanning_case(site)
    page = site.client("officer").get(f"/cases/{case_id}").text
    assert CHILD_ID not in page and POLICE_ID not in page
    rows = dict(re.findall(r'<tr data-position="(\d+)">(.*?)</tr>', page, flags=re.S))
    assert sorted(rows, key=int) == ["13", "14", "16"]
    # Police register first (records by source): its birth-date digits 1, 0 against the
    # ledger's 0, 1 are shown; the 16th digit is not.
    assert re.findall(r'class="mono">(.)</td>', rows["13"]) == ["1", "0"]
    assert re.findall(r'class="mono">(.)</td>', rows["16"]) == ["*", "*"]
    for number in (CHILD_ID, POLICE_ID):
        assert len(fitting_numbers(shown_in(page, number), known=number[:14])) >= 9


def test_reveal_on_the_case_page_is_audited_and_stays_inside_the_area(site: Site) -> None:
    case_id = _spanning_case(site)
    officer = site.client("officer")
    revealed = officer.post(f"/cases/{case_id}/reveal", data=form(officer, field="id_number"))
    assert revealed.status_code == 200
    # Township A's officer sees A1's number, not the number of the record in township B.
    assert CHILD_ID in revealed.text and POLICE_ID not in revealed.text
    admin = site.client("admin")
    both = admin.post(f"/cases/{case_id}/reveal", data=form(admin, field="id_number")).text
    assert CHILD_ID in both and POLICE_ID in both
    with site.session() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == AuditAction.ID_REVEALED)
            .order_by(AuditEntry.id)
        ).all()
    assert [(e.actor_username, e.target_type, e.target_id) for e in entries] == [
        ("officer", "case", str(case_id)),
        ("admin", "case", str(case_id)),
    ]
    assert entries[0].detail == {"field": "id_number", "records": ["village_ledger:L-A1"]}
    assert MOTHER_ID not in str(entries[1].detail) and CHILD_ID not in str(entries[1].detail)
    clerk = site.client("clerk")
    refused = clerk.post(f"/cases/{case_id}/reveal", data=form(clerk, field="id_number"))
    assert refused.status_code == 403
    assert admin.post(f"/cases/{case_id}/reveal", data=form(admin, field="name")).status_code == 400


def test_opening_a_case_is_audited(site: Site) -> None:
    case_id = _spanning_case(site)
    site.client("clerk").get(f"/cases/{case_id}")
    with site.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.CASE_VIEWED)
        ).one()
    assert (entry.actor_username, entry.target_id, entry.area_code) == (
        "clerk",
        str(case_id),
        VILLAGE_A1,
    )


def test_record_pages_leave_no_id_number_rebuildable(site: Site) -> None:
    # The history page prints the birth date (2024-03-01) and the village beside the masks.
    record = site.add_birth()
    for path in (f"/records/{record}", "/records", f"/records/{record}/correct"):
        page = site.client("officer" if "correct" not in path else "clerk").get(path).text
        assert "2024-03-01" in page or path == "/records"
        for number in (CHILD_ID, MOTHER_ID):
            assert number not in page
            assert len(fitting_numbers(shown_in(page, number), known=number[:14])) >= 9
