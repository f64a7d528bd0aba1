"""Report downloads: public for every statistics role, internal for townships and the county;
each download audited; nothing before the first reconciliation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hedui.store.audit import AuditAction, AuditEntry

from ..conftest import Site
from .casework import add_run, link_small_county


@pytest.fixture(scope="module")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return link_small_county(tmp_path_factory.mktemp("county"))


def test_reports_page_before_any_run(site: Site) -> None:
    text = site.client("officer").get("/reports").text
    assert "还没有报告" in text and "/reports/public?" not in text


def test_reports_page_offers_the_internal_edition_to_officers_only(
    site: Site, link_dir: Path
) -> None:
    add_run(site, link_dir)
    officer = site.client("officer").get("/reports").text
    assert "2025-12 报告" in officer
    assert "/reports/public?period=2025-12&amp;format=pdf" in officer
    assert "/reports/internal?period=2025-12&amp;format=xlsx" in officer
    clerk = site.client("clerk").get("/reports").text
    assert "/reports/public?period=2025-12&amp;format=pdf" in clerk
    assert "/reports/internal" not in clerk


@pytest.mark.parametrize(
    ("fmt", "media_type", "magic"),
    [
        ("html", "text/html", b"<!doctype html"),
        ("pdf", "application/pdf", b"%PDF"),
        ("xlsx", "application/vnd.openxmlformats", b"PK"),
    ],
)
def test_public_report_downloads_in_every_format_and_is_audited(
    site: Site, link_dir: Path, fmt: str, media_type: str, magic: bytes
) -> None:
    add_run(site, link_dir)
    response = site.client("clerk").get(f"/reports/public?period=2025-12&format={fmt}")
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith(media_type)
    assert response.content[: len(magic)].lower() == magic.lower()
    assert "attachment" in response.headers["content-disposition"]
    assert f"320924101001-2025-12-public.{fmt}" in response.headers["content-disposition"]
    with site.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.REPORT_EXPORTED)
        ).one()
    detail = dict(entry.detail or {})
    assert isinstance(detail.pop("run"), int)  # the run the figures came from, as the CLI's
    assert detail == {"period": "2025-12", "audience": "public", "format": fmt}
    assert entry.area_code == "320924101001"


def test_internal_report_is_refused_to_clerks(site: Site, link_dir: Path) -> None:
    add_run(site, link_dir)
    url = "/reports/internal?period=2025-12&format=html"
    assert site.client("clerk").get(url).status_code == 403
    internal = site.client("officer").get(url)
    assert internal.status_code == 200 and b"320924101" in internal.content


def test_report_of_a_period_without_a_run_is_not_found(site: Site, link_dir: Path) -> None:
    add_run(site, link_dir)
    client = site.client("officer")
    assert client.get("/reports/public?period=2025-11&format=pdf").status_code == 404
    assert client.get("/reports/public?period=2025-12&format=doc").status_code == 404
    assert client.get("/reports/public?period=nonsense&format=pdf").status_code == 400


def test_a_townships_run_gives_no_report_to_another_township(site: Site, link_dir: Path) -> None:
    add_run(site, link_dir, area="320924101")
    assert "还没有报告" in site.client("officer_other").get("/reports").text
    url = "/reports/public?period=2025-12&format=html"
    assert site.client("officer_other").get(url).status_code == 404
    assert site.client("officer").get(url).status_code == 200
