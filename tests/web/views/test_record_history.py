"""History and reveal: officers reveal within their township, and every reveal is audited."""

from __future__ import annotations

from sqlalchemy import select

from hedui.store.audit import AuditAction, AuditEntry

from ..conftest import CHILD_ID, MOTHER_ID, Site, form


def test_officer_reveals_an_id_number_and_it_is_audited(site: Site) -> None:
    record = site.add_birth()
    client = site.client("officer")
    page = client.get(f"/records/{record}").text
    assert "显示" in page and CHILD_ID not in page
    response = client.post(f"/records/{record}/reveal", data=form(client, field="mother_id_number"))
    assert response.status_code == 200 and MOTHER_ID in response.text
    with site.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.ID_REVEALED)
        ).one()
    assert (entry.actor_username, entry.target_id, entry.detail) == (
        "officer",
        str(record),
        {"field": "mother_id_number"},
    )


def test_clerks_have_no_reveal_button_and_cannot_reveal(site: Site) -> None:
    record = site.add_birth()
    client = site.client("clerk")
    assert 'class="reveal"' not in client.get(f"/records/{record}").text
    response = client.post(f"/records/{record}/reveal", data=form(client, field="id_number"))
    assert response.status_code == 403


def test_only_id_fields_can_be_revealed(site: Site) -> None:
    record = site.add_birth()
    client = site.client("admin")
    response = client.post(f"/records/{record}/reveal", data=form(client, field="password_hash"))
    assert response.status_code == 400


def test_record_list_shows_masked_numbers_for_the_area(site: Site) -> None:
    site.add_birth()
    site.add_birth("320924101002", clerk="clerk_other")
    # The township sees both villages; the clerk of A1 sees one; a filter narrows the township.
    assert site.client("officer").get("/records").text.count("320*************1X") == 2
    assert site.client("clerk").get("/records").text.count("320*************1X") == 1
    narrowed = site.client("officer").get("/records?village=320924101002").text
    assert narrowed.count("320*************1X") == 1
