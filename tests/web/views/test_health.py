"""Health pages: only health workers see people; consent is required; one person per request;
withdrawal erases; the county admin sees suppressed aggregates and adds programmes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from hedui.store.accounts import create_user
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.db import make_engine, make_session_factory
from hedui.store.health import HEALTH_TABLES, HealthEnrolment, HealthProgramme
from hedui.store.users import Role
from hedui.web.views.health_common import today_in_china

from ..conftest import PASSWORD, USERS, Site, build_site, form

WOMAN_ID = "320924198506150024"  # valid: female, born 1985-06-15
NAME = "李秀兰"
HEALTH_USERS = {"health": "320924101", "health_other": "320924102"}
EXPLAINED = "说明了筛查的目的、方法和可随时退出"


@pytest.fixture(scope="module")
def health_template(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The usual users plus two health workers, built once (password hashing is slow)."""
    site = build_site(tmp_path_factory.mktemp("health"))
    engine = make_engine(site.database_url)
    with make_session_factory(engine)() as session:
        for name, area in HEALTH_USERS.items():
            site.user_ids[name] = create_user(session, name, PASSWORD, Role.HEALTH_WORKER, area).id
        # A second admin of the county: an added programme needs two.
        site.user_ids["admin2"] = create_user(
            session, "admin2", PASSWORD, Role.COUNTY_ADMIN, "320924"
        ).id
        session.commit()
        # Into the main file, so that clones (which copy only hedui.db) have the users too.
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return site


@pytest.fixture
def health_site(health_template: Site, tmp_path: Path) -> Site:
    return health_template.clone(tmp_path / "site")


def _enrol(site: Site, client, **overrides: str):  # type: ignore[no-untyped-def]
    fields = {
        "programme": "cervical_screening",
        "name": NAME,
        "id_number": WOMAN_ID,
        "village_code": "320924101001",
        "contact": "13800000000",
        "consent_explained": EXPLAINED,
        "consent_date": (today_in_china() - timedelta(days=40)).isoformat(),
        "consent_agreed": "yes",
    }
    fields.update(overrides)
    return client.post("/health/enrol", data=form(client, **fields))


def _count(site: Site, model: type) -> int:
    with site.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("missing", ["consent_agreed", "consent_date", "consent_explained"])
def test_enrolment_needs_every_consent_field(health_site: Site, missing: str) -> None:
    client = health_site.client("health")
    response = _enrol(health_site, client, **{missing: ""})
    assert response.status_code == 422
    assert _count(health_site, HealthEnrolment) == 0


def test_the_enrol_route_takes_one_person_per_request(health_site: Site) -> None:
    client = health_site.client("health")
    two = {**form(client), "programme": "cervical_screening", "consent_agreed": "yes"}
    body = "&".join(
        f"{k}={v}"
        for k, v in [
            *two.items(),
            ("name", "甲"),
            ("name", "乙"),
            ("id_number", WOMAN_ID),
            ("id_number", "320924197502010240"),
            ("village_code", "320924101001"),
            ("consent_explained", EXPLAINED),
            ("consent_date", today_in_china().isoformat()),
        ]
    )
    headers = {"content-type": "application/x-www-form-urlencoded"}
    client.post("/health/enrol", content=body.encode(), headers=headers)
    assert _count(health_site, HealthEnrolment) <= 1


def test_the_whole_journey_and_withdrawal(health_site: Site) -> None:
    client = health_site.client("health")
    response = _enrol(health_site, client)
    assert response.status_code == 303, response.text
    page_url = response.headers["location"].split("?")[0]
    enrolment_id = int(page_url.rsplit("/", 1)[1])
    assert "知情同意已记录" in client.get(response.headers["location"]).text

    screened_on = (today_in_china() - timedelta(days=30)).isoformat()
    saved = client.post(
        f"{page_url}/visit",
        data=form(
            client,
            visit_key="screening",
            visit_date=screened_on,
            **{"v-method": "HPV 检测 HPV test", "v-result": "positive"},
        ),
    )
    assert saved.status_code == 303
    worklist = client.get("/health").text
    assert "未转诊的阳性结果" in worklist and "30 天未转诊" in worklist and NAME in worklist
    with health_site.session() as session:
        visit_id = session.execute(text("SELECT id FROM health_visits")).scalar_one()
    referred = client.post(
        f"{page_url}/referral",
        data=form(client, visit_id=str(visit_id), referred_on=screened_on, referred_to="县医院"),
    )
    assert referred.status_code == 303
    assert "30 天未转诊" not in client.get("/health").text
    with health_site.session() as session:
        referral_id = session.execute(text("SELECT id FROM health_referrals")).scalar_one()
    done = client.post(
        f"{page_url}/referral",
        data=form(client, referral_id=str(referral_id), completed_on=today_in_china().isoformat()),
    )
    assert done.status_code == 303
    assert "6 个月复查" in client.get(page_url).text
    assert client.post("/health/reminders.csv", data=form(client)).status_code == 200

    refused = client.post(f"{page_url}/withdraw", data=form(client))
    assert refused.status_code == 422
    gone = client.post(f"{page_url}/withdraw", data=form(client, confirm="yes"))
    assert gone.status_code == 303
    assert client.get(page_url).status_code == 404
    with health_site.session() as session:
        for table in HEALTH_TABLES:
            rows = session.execute(text(f"SELECT * FROM {table.__tablename__}")).all()
            assert not any(WOMAN_ID in repr(r) or NAME in repr(r) for r in rows)
        audit = session.scalars(select(AuditEntry)).all()
    actions = {e.action for e in audit}
    assert {
        AuditAction.HEALTH_ENROLLED,
        AuditAction.HEALTH_VISIT_RECORDED,
        AuditAction.HEALTH_VIEWED,
        AuditAction.HEALTH_EXPORTED,
        AuditAction.HEALTH_WITHDRAWN,
    } <= actions
    assert not any(WOMAN_ID in repr(e.detail) or NAME in repr(e.detail) for e in audit)
    assert all(
        e.target_id == str(enrolment_id) for e in audit if e.action.value.startswith("health_w")
    )


def test_health_data_is_not_in_registry_or_audit_pages(health_site: Site) -> None:
    _enrol(health_site, health_site.client("health"))
    for user in ("admin", "officer"):
        client = health_site.client(user)
        for path in ("/", "/records", "/audit"):
            page = client.get(path).text
            assert NAME not in page and WOMAN_ID[-4:] not in page, (user, path)


def test_another_township_cannot_see_the_enrolment(health_site: Site) -> None:
    response = _enrol(health_site, health_site.client("health"))
    page_url = response.headers["location"].split("?")[0]
    other = health_site.client("health_other")
    assert other.get(page_url).status_code == 404
    assert NAME not in other.get("/health").text
    assert NAME not in other.get("/health/enrolments").text


def test_other_roles_never_see_people(health_site: Site) -> None:
    response = _enrol(health_site, health_site.client("health"))
    page_url = response.headers["location"].split("?")[0]
    for actor in sorted(USERS):
        client = health_site.client(actor)
        for path in (
            "/health",
            "/health/enrolments",
            "/health/enrol",
            "/health/reminders",
            page_url,
        ):
            assert client.get(path).status_code == 403, (actor, path)
        allowed = client.get("/health/coverage").status_code
        assert allowed == (200 if USERS[actor][0] is Role.COUNTY_ADMIN else 403)


def test_county_admin_sees_suppressed_figures_health_worker_exact(health_site: Site) -> None:
    client = health_site.client("health")
    page_url = _enrol(health_site, client).headers["location"].split("?")[0]
    client.post(
        f"{page_url}/visit",
        data=form(
            client,
            visit_key="screening",
            visit_date=today_in_china().isoformat(),
            **{"v-method": "HPV 检测 HPV test", "v-result": "negative"},
        ),
    )
    exact = client.get("/health/coverage").text
    assert '<td data-label="筛查人数" class="screened">1</td>' in exact
    public = health_site.client("admin").get("/health/coverage").text
    assert '<td data-label="筛查人数" class="screened">&lt;5</td>' in public


GOOD = """
code = "hepatitis_b_screening"
name_zh = "乙肝筛查"
name_en = "Hepatitis B screening"
[offered_to]
sex = "any"
min_age = 18
max_age = 70
[[visits]]
key = "screening"
name_zh = "筛查"
name_en = "Screening"
kind = "screening"
due_days = 0
  [[visits.fields]]
  key = "result"
  label_zh = "结果"
  label_en = "Result"
  type = "result"
"""


def test_admin_adds_a_programme_and_a_compulsory_one_is_refused(health_site: Site) -> None:
    admin = health_site.client("admin")
    bad = admin.post("/health/programmes", data=form(admin, toml="compulsory = true\n" + GOOD))
    assert bad.status_code == 422
    assert "compulsory 不允许" in bad.text and _count(health_site, HealthProgramme) == 0
    uploaded = admin.post(
        "/health/programmes",
        data=form(admin),
        files={"file": ("hep.toml", GOOD.encode(), "text/plain")},
    )
    assert uploaded.status_code == 303
    assert 'id="pending-hepatitis_b_screening"' in admin.get("/health/programmes").text
    worker = health_site.client("health")
    assert worker.post("/health/programmes", data=form(worker, toml=GOOD)).status_code == 403
    with health_site.session() as session:
        saved = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.PROGRAMME_SAVED)
        ).one()
    assert saved.target_id == "hepatitis_b_screening"


def test_a_programme_takes_effect_only_when_a_second_admin_approves(health_site: Site) -> None:
    admin = health_site.client("admin")
    admin.post("/health/programmes", data=form(admin, toml=GOOD))
    worker = health_site.client("health")
    # Pending: listed for county admins only, offered to nobody.
    assert "乙肝筛查" not in worker.get("/health/programmes").text
    assert "乙肝筛查" not in worker.get("/health/enrol").text
    assert _enrol(health_site, worker, programme="hepatitis_b_screening").status_code == 422
    own = admin.post("/health/programmes/hepatitis_b_screening/decision",
                     data=form(admin, decision="approve"))  # fmt: skip
    assert own.status_code == 403 and "另一位县级管理员" in own.text
    assert "乙肝筛查" not in worker.get("/health/enrol").text
    second = health_site.client("admin2")
    approved = second.post("/health/programmes/hepatitis_b_screening/decision",
                           data=form(second, decision="approve"))  # fmt: skip
    assert approved.status_code == 303
    assert "乙肝筛查" in worker.get("/health/enrol").text
    with health_site.session() as session:
        steps = session.execute(
            select(AuditEntry.action, AuditEntry.actor_username, AuditEntry.target_id).where(
                AuditEntry.target_type == "health_programme"
            )
        ).all()
    assert [tuple(step) for step in steps] == [
        (AuditAction.PROGRAMME_SAVED, "admin", "hepatitis_b_screening"),
        (AuditAction.PROGRAMME_APPROVED, "admin2", "hepatitis_b_screening"),
    ]


def test_a_pending_programme_can_be_turned_down(health_site: Site) -> None:
    admin = health_site.client("admin")
    admin.post("/health/programmes", data=form(admin, toml=GOOD))
    second = health_site.client("admin2")
    turned_down = second.post("/health/programmes/hepatitis_b_screening/decision",
                              data=form(second, decision="reject"))  # fmt: skip
    assert turned_down.status_code == 303
    assert _count(health_site, HealthProgramme) == 0
    assert "乙肝筛查" not in second.get("/health/programmes").text


def test_deciding_on_a_programme_already_in_effect_is_a_conflict(health_site: Site) -> None:
    # cervical_screening ships with hedui and is in effect: there is nothing to approve, which
    # is a 409 with the reason, not a 404 as if the programme did not exist.
    admin = health_site.client("admin")
    again = admin.post(
        "/health/programmes/cervical_screening/decision", data=form(admin, decision="approve")
    )
    assert again.status_code == 409
    assert "已在实施" in again.text
    unknown = admin.post(
        "/health/programmes/no_such_programme/decision", data=form(admin, decision="approve")
    )
    assert unknown.status_code == 404


def test_the_iud_and_pregnancy_check_programme_is_refused(health_site: Site) -> None:
    admin = health_site.client("admin")
    coercive = GOOD.replace('name_zh = "乙肝筛查"', 'name_zh = "查环查孕"').replace(
        'label_zh = "结果"', 'label_zh = "孕情（计划外怀孕）"'
    )
    refused = admin.post("/health/programmes", data=form(admin, toml=coercive))
    assert refused.status_code == 422
    assert "含有“查环”" in refused.text and "含有“孕情”" in refused.text
    assert _count(health_site, HealthProgramme) == 0


def test_dashboard_health_section_only_for_the_county_admin(health_site: Site) -> None:
    client = health_site.client("health")
    page_url = _enrol(health_site, client).headers["location"].split("?")[0]
    client.post(
        f"{page_url}/visit",
        data=form(
            client,
            visit_key="screening",
            visit_date=today_in_china().isoformat(),
            **{"v-method": "HPV 检测 HPV test", "v-result": "negative"},
        ),
    )
    admin = health_site.client("admin").get("/dashboard").text
    assert 'id="health-coverage"' in admin and "&lt;5" in admin and NAME not in admin
    officer = health_site.client("officer").get("/dashboard").text
    assert 'id="health-coverage"' not in officer


def test_health_pages_in_english(health_site: Site) -> None:
    client = health_site.client("health")
    page_url = _enrol(health_site, client).headers["location"].split("?")[0]
    client.post("/language", data=form(client, locale="en", next="/health"))
    page = client.get(page_url).text
    assert "Cervical cancer screening" in page and "Schedule" in page and "访视安排" not in page
    assert "Work list" in client.get("/health").text


def test_a_health_worker_starts_at_the_work_list_and_cannot_browse_the_register(
    health_site: Site,
) -> None:
    client = health_site.client("health")
    start = client.get("/")
    assert start.status_code == 303 and start.headers["location"] == "/health"
    assert client.get("/records").status_code == 403
    assert client.get("/health").status_code == 200
    assert 'href="/records"' not in client.get("/health").text
    # The clerks' and officers' start page is unchanged.
    assert health_site.client("clerk").get("/").status_code == 200


def test_a_visit_can_be_declined_and_the_reminders_name_no_programme(health_site: Site) -> None:
    client = health_site.client("health")
    page_url = _enrol(health_site, client).headers["location"].split("?")[0]
    assert f'action="{page_url}/decline"' in client.get(page_url).text
    reminders = client.get("/health/reminders").text
    assert NAME in reminders and "健康随访" in reminders
    assert "宫颈癌筛查" not in reminders and '<td data-label="访视">筛查' not in reminders
    today = today_in_china().isoformat()
    declined = client.post(
        f"{page_url}/decline", data=form(client, visit_key="screening", declined_on=today)
    )
    assert declined.status_code == 303
    page = client.get(page_url).text
    assert "本人谢绝" in page and f'action="{page_url}/decline"' not in page
    assert NAME not in client.get("/health").text.split('id="worklist"')[-1]
    assert NAME not in client.get("/health/reminders").text
    again = client.post(
        f"{page_url}/decline", data=form(client, visit_key="screening", declined_on=today)
    )
    assert again.status_code == 422
