"""A health worker's day in a real browser: enrol with consent, a positive screening, the
overdue referral flagged, referral and follow-up recorded, coverage shown, withdrawal erases."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import text

from hedui.health.catalogue import SHIPPED_DIR
from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory
from hedui.store.health import HEALTH_TABLES
from hedui.store.users import Role
from hedui.web.views.health_common import today_in_china

from ..conftest import PASSWORD
from .conftest import Server, log_in, new_page

pytestmark = pytest.mark.browser

WOMAN_ID = "320924198506150024"  # valid: female, born 1985-06-15 (cervical screening: 35–64)
NAME = "赵淑芬"


def _add_health_worker(server: Server) -> None:
    engine = make_engine(server.database_url)
    with make_session_factory(engine)() as session:
        create_user(session, "health_browser", PASSWORD, Role.HEALTH_WORKER, "320924101")
        session.commit()
    engine.dispose()


def _traces(server: Server) -> list[str]:
    engine = make_engine(server.database_url)
    found = []
    with engine.connect() as connection:
        for table in HEALTH_TABLES:
            rows = connection.execute(text(f"SELECT * FROM {table.__tablename__}")).all()
            found += [
                table.__tablename__ for row in rows if WOMAN_ID in repr(row) or NAME in repr(row)
            ]
    engine.dispose()
    return found


def test_health_worker_journey(browser: Browser, server: Server, screenshots: Path) -> None:
    _add_health_worker(server)
    # "Today" in the browser is the server's: the consent was given 40 days ago on paper and the
    # screening done 30 days ago, so the positive result is past the 14 days of the programme.
    today = today_in_china()
    page = new_page(browser, server)
    log_in(page, "health_browser")
    page.click("nav.nav >> text=健康服务")
    expect(page.locator("h1")).to_have_text("健康服务")

    page.click("a.button.primary:has-text('登记参加者')")
    page.select_option("#programme", "cervical_screening")
    page.fill("#name", NAME)
    page.fill("#id_number", WOMAN_ID)
    page.fill("#village_code", "320924101001")
    page.fill("#contact", "13912345678")
    page.fill("#consent_explained", "说明了宫颈癌筛查的目的、方法、免费自愿、可随时退出")
    page.fill("#consent_date", (today - timedelta(days=40)).isoformat())
    page.check("#consent_agreed")
    page.screenshot(path=screenshots / "health_enrol.png", full_page=True)
    page.click("button.primary:has-text('登记（本人已同意）')")
    expect(page.locator(".alert.success")).to_contain_text("知情同意已记录")
    enrolment_url = page.url.split("?")[0]

    screening = page.locator("#visit-screening")
    screening.locator("input[name=visit_date]").fill((today - timedelta(days=30)).isoformat())
    screening.locator("select[name=v-method]").select_option("HPV 检测 HPV test")
    screening.locator("select[name=v-result]").select_option("positive")
    screening.locator("button.primary").click()
    expect(page.locator(".alert.success")).to_contain_text("访视已记录")
    expect(page.locator(".alert.flagged-result")).to_contain_text("30 天未转诊")

    page.goto("/health")
    flagged = page.locator("#flagged .flagged-result")
    expect(flagged).to_contain_text(NAME)
    expect(flagged).to_contain_text("30 天未转诊")
    page.screenshot(path=screenshots / "health_worklist.png", full_page=True)

    flagged.locator("a").click()
    page.fill("input[name=referred_to]", "县妇幼保健院")
    page.click("button:has-text('记录转诊')")
    expect(page.locator(".alert.success")).to_contain_text("转诊已记录")
    expect(page.locator(".flagged-result")).to_have_count(0)
    page.fill("input[name=completed_on]", today.isoformat())
    page.click("button:has-text('记录已完成转诊')")
    expect(page.locator("p.referral")).to_contain_text("已就诊")

    follow_up = page.locator("#visit-follow_up_6m")
    follow_up.locator("select[name=v-result]").select_option("negative")
    follow_up.locator("button.primary").click()
    expect(page.locator("#visit-follow_up_6m .tag")).to_have_text("已完成")
    page.screenshot(path=screenshots / "health_enrolment.png", full_page=True)
    page.goto("/health")
    expect(page.locator("#flagged")).not_to_contain_text(NAME)

    page.goto("/health/coverage")
    row = page.locator("#coverage tbody tr").first
    expect(row.locator("td.screened")).to_have_text("1")
    expect(row).to_contain_text("宫颈癌筛查")
    page.screenshot(path=screenshots / "health_coverage.png", full_page=True)

    admin = new_page(browser, server)
    log_in(admin, "admin")
    expect(admin.locator("nav.nav")).not_to_contain_text("健康服务")
    admin.goto("/health/coverage")
    expect(admin.locator("#coverage td.screened").first).to_have_text("<5")
    assert NAME not in admin.content()
    response = admin.goto(enrolment_url)
    assert response is not None and response.status == 403
    admin.goto("/health/programmes")
    shipped = (SHIPPED_DIR / "rti_screening.toml").read_text(encoding="utf-8")
    admin.fill(
        "#toml", shipped.replace('code = "rti_screening"', 'code = "rti_2"\nmandatory = true')
    )
    admin.click("button:has-text('检查并保存')")
    expect(admin.locator(".issues .issue")).to_contain_text("mandatory 不允许")
    admin.screenshot(path=screenshots / "health_programme_refused.png", full_page=True)

    page.goto(enrolment_url)
    page.check("#confirm-withdraw")
    page.click("button:has-text('退出并删除数据')")
    expect(page.locator(".alert.success")).to_contain_text("项目数据已删除")
    expect(page).to_have_url(re.compile(r"/health/enrolments\?withdrawn=1$"))
    expect(page.locator("main")).not_to_contain_text(NAME)
    gone = page.goto(enrolment_url)
    assert gone is not None and gone.status == 404
    assert _traces(server) == []
