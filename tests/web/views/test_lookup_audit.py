"""Looking is audited too: opening a record, and every look into other villages' entries.

The record form's duplicate check counts matching entries in other villages. Asked with any ID
number, that count says whether the person has an event anywhere in the county; so each such
look-up is written to the audit log (without the number typed) and limited per user and hour.
"""

from __future__ import annotations

from sqlalchemy import func, select

from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.records import Record
from hedui.web.app import create_app

from ..conftest import CHILD_ID, MOTHER_ID, SETTINGS, Site, form
from .test_record_new import BIRTH


def _entries(site: Site, action: AuditAction) -> list[AuditEntry]:
    with site.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(session.scalars(query))


def test_opening_a_record_is_audited(site: Site) -> None:
    record = site.add_birth()
    assert site.client("clerk").get(f"/records/{record}").status_code == 200
    [entry] = _entries(site, AuditAction.RECORD_VIEWED)
    assert (entry.actor_username, entry.target_type, entry.target_id) == (
        "clerk",
        "record",
        str(record),
    )


def test_every_look_into_other_villages_is_audited_without_the_number(site: Site) -> None:
    site.add_birth("320924101002", clerk="clerk_other")
    client = site.client("clerk")
    for _ in range(2):
        response = client.post("/records/new/birth", data=form(client, **BIRTH))
        assert "另有 1 条相符的记录在其他村" in response.text
    entries = _entries(site, AuditAction.OTHER_VILLAGES_CHECKED)
    assert [(e.actor_username, e.area_code, e.detail) for e in entries] == [
        ("clerk", "320924101001", {"event": "birth", "found_elsewhere": 1}),
    ] * 2
    assert all(CHILD_ID not in str(e.detail) and MOTHER_ID not in str(e.detail) for e in entries)


def test_looks_into_other_villages_are_rate_limited(site: Site) -> None:
    site.add_birth("320924101002", clerk="clerk_other")
    limited = Site(
        app=create_app(
            SETTINGS.model_copy(
                update={"database_url": site.database_url, "other_village_checks": 2}
            )
        ),
        database_url=site.database_url,
        user_ids=site.user_ids,
    )
    client = limited.client("clerk")
    for _ in range(2):
        assert "另有 1 条" in client.post("/records/new/birth", data=form(client, **BIRTH)).text
    # The third look-up within the hour is not made: no count, no audit entry, and the clerk
    # is told that other villages were not checked before saving.
    third = client.post("/records/new/birth", data=form(client, **BIRTH))
    assert third.status_code == 200
    assert "另有 1 条" not in third.text and "未查询其他村" in third.text
    assert len(_entries(site, AuditAction.OTHER_VILLAGES_CHECKED)) == 2
    # Another clerk has a window of their own.
    other = limited.client("clerk_other")
    elsewhere = other.post("/records/new/birth", data=form(other, **BIRTH))
    assert "未查询其他村" not in elsewhere.text
    saved = client.post("/records/new/birth", data=form(client, **BIRTH, confirm_duplicate="1"))
    assert saved.status_code == 303
    with site.session() as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 2
