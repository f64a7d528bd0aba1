"""The audit log page and its CSV export."""

from __future__ import annotations

import csv
import io

from ..conftest import Site, form


def test_audit_page_filters_and_paginates(site: Site) -> None:
    admin = site.client("admin")
    page = admin.get("/audit").text
    # Six users were created, five of them in county 320924 (admin_other is in 320925 and its
    # entry is not this admin's to see), and the admin logged in: 5 + 1 = 6 entries.
    assert "共 6 条" in page
    logins = admin.get("/audit?action=login").text
    assert "共 1 条" in logins


def test_audit_csv_export_is_itself_audited(site: Site) -> None:
    admin = site.client("admin")
    response = admin.get("/audit.csv?action=user_created")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == 1 + 5  # header and the five creations inside county 320924
    assert "共 1 条" in admin.get("/audit?action=audit_exported").text


def test_password_change_page(site: Site) -> None:
    clerk = site.client("clerk")
    other_session = site.client("clerk")
    wrong = clerk.post(
        "/account/password",
        data=form(clerk, old_password="nope", new_password="x" * 10, confirm_password="x" * 10),
    )
    assert wrong.status_code == 422 and "原密码不正确" in wrong.text
    mismatch = clerk.post(
        "/account/password",
        data=form(
            clerk, old_password="password-123", new_password="a" * 10, confirm_password="b" * 10
        ),
    )
    assert "不一致" in mismatch.text
    weak = clerk.post(
        "/account/password",
        data=form(
            clerk, old_password="password-123", new_password="a" * 10, confirm_password="a" * 10
        ),
    )
    assert weak.status_code == 422 and "同一个字符" in weak.text
    done = clerk.post(
        "/account/password",
        data=form(
            clerk,
            old_password="password-123",
            new_password="红旗渠-village-7",
            confirm_password="红旗渠-village-7",
        ),
    )
    assert done.status_code == 303
    assert clerk.get("/account/password?changed=1").status_code == 200  # this session renewed
    assert other_session.get("/").status_code == 303  # the other one ended
