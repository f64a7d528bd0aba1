"""Health pages keep participants out of addresses, nothing is written by a GET, and a
programme can be retired.

The reminders export notes each reminder as sent: as a GET, a link preview, a prefetch or a
crawler following the button would have written that. A search by name in the address
(``/health/enrolments?q=李秀兰``) would leave, in every access log between the browser and
hedui, the fact that this woman takes part in cervical screening.
"""

from __future__ import annotations

from sqlalchemy import func, select

from hedui.store.health import HealthReminder

from ..conftest import Site, form
from .test_health import NAME, _enrol, health_site, health_template

__all__ = ["health_site", "health_template"]  # fixtures, imported for pytest


def _reminders_sent(site: Site) -> int:
    with site.session() as session:
        return session.scalar(select(func.count()).select_from(HealthReminder)) or 0


def test_the_reminders_export_is_a_post_and_a_get_writes_nothing(health_site: Site) -> None:
    client = health_site.client("health")
    _enrol(health_site, client)
    page = client.get("/health/reminders").text
    assert 'method="post" action="/health/reminders.csv"' in page
    assert "/health/reminders.csv?" not in page
    assert client.get("/health/reminders.csv").status_code == 405
    assert _reminders_sent(health_site) == 0
    refused = client.post("/health/reminders.csv", data={"days": "30"})  # no CSRF token
    assert refused.status_code == 403 and _reminders_sent(health_site) == 0
    exported = client.post("/health/reminders.csv", data=form(client, days="400", village=""))
    assert exported.status_code == 200 and NAME in exported.text
    assert _reminders_sent(health_site) == 1


def test_a_search_by_name_never_puts_the_name_in_the_address(health_site: Site) -> None:
    client = health_site.client("health")
    _enrol(health_site, client)
    page = client.get("/health/enrolments").text
    assert 'method="post" action="/health/enrolments"' in page
    # A name in the query string is not a search: the list is not filtered by it.
    assert NAME in client.get("/health/enrolments", params={"q": "没有此人"}).text
    found = client.post("/health/enrolments", data=form(client, q=NAME))
    assert found.status_code == 200 and NAME in found.text
    assert str(found.url).endswith("/health/enrolments")
    missing = client.post("/health/enrolments", data=form(client, q="没有此人"))
    assert NAME not in missing.text.split("<tbody>")[1]


def test_an_admin_retires_a_programme_and_it_is_offered_to_nobody(health_site: Site) -> None:
    admin = health_site.client("admin")
    page = admin.get("/health/programmes").text
    assert 'action="/health/programmes/cervical_screening/retire"' in page
    unconfirmed = admin.post("/health/programmes/cervical_screening/retire", data=form(admin))
    assert unconfirmed.status_code == 400
    retired = admin.post(
        "/health/programmes/cervical_screening/retire", data=form(admin, confirm="yes")
    )
    assert retired.status_code == 303
    assert "停止" in admin.get("/health/programmes").text
    worker = health_site.client("health")
    assert 'value="cervical_screening"' not in worker.get("/health/enrol").text
    refused = _enrol(health_site, worker)
    assert refused.status_code in (404, 422)
    refused_retire = worker.post(
        "/health/programmes/rti_screening/retire", data=form(worker, confirm="yes")
    )
    assert refused_retire.status_code == 403
