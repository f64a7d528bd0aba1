"""The web application on PostgreSQL: started as ``hedui serve`` starts it, then used.

The client goes through the real middleware (sessions, CSRF, jurisdiction) against a real
PostgreSQL database; only the HTTP socket is replaced by Starlette's TestClient.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from hedui.cli import app as cli
from hedui.errors import ConfigurationError
from hedui.reconcile.findings import make_finding
from hedui.store.accounts import authenticate
from hedui.store.case_sync import sync_findings
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import current_revision, head_revision, upgrade
from hedui.store.records import Record
from hedui.web.app import create_app
from hedui.web.csrf import CSRF_COOKIE
from hedui.web.settings import Settings

from .conftest import COUNTY, PASSWORD, VILLAGE_A, VILLAGE_B, PostgresServer

with warnings.catch_warnings():
    # Starlette prefers httpx2 behind its TestClient and warns once on import (as in tests/web).
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

SECRET = "postgres-test-secret-" + "x" * 32
MOTHER_ID = "320924199003071222"
CHILD_ID = "32092420240301001X"
BIRTH = {
    "name": "王小明",
    "sex": "1",
    "birth_date": "2024-03-01",
    "id_number": CHILD_ID,
    "mother_name": "李娜",
    "mother_id_number": MOTHER_ID,
    "address": "幸福村三组",
}


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    return {"csrf_token": client.cookies.get(CSRF_COOKIE) or "", **fields}


def _login(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    client.get("/login")
    response = client.post("/login", data=_form(client, username=username, password=PASSWORD))
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    # A PostgreSQL URL names no folder: the work directory must be given, or it lands in cwd.
    settings = Settings(database_url=database_url, secret_key=SECRET, work_dir=tmp_path)
    application = create_app(settings)
    with TestClient(application):  # runs the lifespan, which disposes the engine at the end
        yield application


def _case_ids(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/cases/(\d+)"', html)}


def _open_cases(session: Session) -> dict[str, int]:
    """One case in each village, as a reconciliation run leaves them; ids by village."""
    run = ReconcileRun(period="2025-12", area_code=COUNTY, link_dir="/tmp/linked", findings=2)
    session.add(run)
    session.flush()
    findings = [
        make_finding(
            "birth_missing_in_police_hukou",
            "birth",
            village,
            [("health_births", f"HB-{village}"), ("village_ledger", f"VL-{village}")],
            ("公安户籍中没有这条出生记录，请核对", "No police record of this birth; please check"),
        )
        for village in (VILLAGE_A, VILLAGE_B)
    ]
    snapshots = {r: {"source": r[0], "record_id": r[1]} for f in findings for r in f.records}
    counts = sync_findings(session, findings, run=run, snapshots=snapshots)
    session.commit()
    by_key = {f.case_key: f.village_code for f in findings}
    return {by_key[key]: case_id for key, case_id in counts.case_ids.items()}


def test_a_clerk_records_a_birth_and_finds_it_listed(app: FastAPI, database_url: str) -> None:
    client = _login(app, "村统计员甲")
    response = client.post("/records/new/birth", data=_form(client, **BIRTH))
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert "已保存" in page.text and "320*************1X" in page.text
    assert CHILD_ID not in page.text
    listing = client.get("/records")
    assert listing.status_code == 200 and "王小明" in listing.text
    other = _login(app, "村统计员乙")
    assert "王小明" not in other.get("/records").text  # village B's clerk sees none of A
    record_path = response.headers["location"].split("?")[0]
    assert other.get(record_path).status_code == 404
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        record = session.scalars(select(Record)).one()
        assert (record.village_code, record.name, record.id_number) == (
            VILLAGE_A,
            "王小明",
            CHILD_ID,
        )
    engine.dispose()


def test_cases_dashboard_and_audit_pages(app: FastAPI, database_url: str) -> None:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        ids = _open_cases(session)
    engine.dispose()
    officer = _login(app, "乡镇统计员")
    assert _case_ids(officer.get("/cases").text) == set(ids.values())
    clerk = _login(app, "村统计员甲")
    assert _case_ids(clerk.get("/cases").text) == {ids[VILLAGE_A]}
    assert clerk.get(f"/cases/{ids[VILLAGE_B]}").status_code == 404
    case = officer.get(f"/cases/{ids[VILLAGE_A]}")
    assert case.status_code == 200 and "公安户籍中没有这条出生记录" in case.text
    resolved = officer.post(
        f"/cases/{ids[VILLAGE_A]}/resolve",
        data=_form(officer, note="已补录户籍", right_source="health_births"),
    )
    assert resolved.status_code == 303, resolved.text
    assert _case_ids(officer.get("/cases").text) == {ids[VILLAGE_B]}  # closed cases drop out
    assert officer.get("/dashboard").status_code == 200

    admin = _login(app, "县管理员")
    audit = admin.get("/audit")
    assert audit.status_code == 200 and "乡镇统计员" in audit.text
    export = admin.get("/audit.csv").text.splitlines()
    assert any("case_resolved" in line for line in export)


def test_serve_start_on_an_empty_database(postgres_server: PostgresServer, tmp_path: Path) -> None:
    """What ``hedui serve`` does before listening: migrate, then build the application."""
    url = postgres_server.create_database()
    settings = Settings(database_url=url, secret_key=SECRET, work_dir=tmp_path)
    with pytest.raises(ConfigurationError, match="hedui db upgrade"):
        create_app(settings)  # an unmigrated database is refused with what to run
    upgrade(url)
    runner = CliRunner()
    created = runner.invoke(
        cli,
        ["db", "create-user", "admin", "--role", "county_admin", "--area", COUNTY,
         "--password-stdin", "--database-url", url],
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert runner.invoke(cli, ["db", "upgrade", "--database-url", url]).exit_code == 0
    application = create_app(settings)
    with TestClient(application):
        client = _login(application, "admin")
        assert client.get("/users").status_code == 200
    engine = make_engine(url)
    try:
        assert current_revision(engine) == head_revision()
        with make_session_factory(engine)() as session:
            assert authenticate(session, "admin", PASSWORD) is not None
            assert session.scalar(select(func.count()).select_from(Record)) == 0
    finally:
        engine.dispose()
