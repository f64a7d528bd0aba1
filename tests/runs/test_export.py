"""export_report: one call collects, builds, renders and audits every edition asked for, on a real
store whose run points at a real linked synthetic county."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.period import Period
from hedui.runs import FORMATS, ExportedBy, export_report
from hedui.store.accounts import create_user
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.db import make_engine, make_session_factory
from hedui.store.users import Role
from reports.county import COUNTY, PERIOD, linked_county, store_with_run


@pytest.fixture
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    engine = make_engine(store_with_run(tmp_path_factory))
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def _exports(session: Session) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == AuditAction.REPORT_EXPORTED)
    return list(session.scalars(query.order_by(AuditEntry.id)))


def test_every_edition_in_one_call_each_audited(
    session: Session, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """HTML and Excel for staff, HTML for the public: three files, three audit entries naming the
    user, their address, the run, the edition and the format."""
    before = len(_exports(session))
    admin = create_user(session, "县管理员导出", "export-password-1", Role.COUNTY_ADMIN, COUNTY)
    session.commit()
    villages = linked_county(tmp_path_factory) / "county" / "villages.csv"
    editions = [("html", "internal"), ("xlsx", "internal"), ("html", "public")]
    exported = export_report(
        session,
        period=PERIOD,
        area_code=COUNTY,
        editions=editions,
        exported_by=ExportedBy(admin, "127.0.0.1"),
        villages=villages,
    )
    assert [(f.fmt, f.audience) for f in exported.files] == editions
    internal_html, workbook, public_html = exported.files
    assert internal_html.media_type == FORMATS["html"].media_type
    assert internal_html.body.lower().startswith(b"<!doctype html")
    assert load_workbook(BytesIO(workbook.body)).sheetnames  # a workbook Excel opens
    # The public edition holds no run details; the staff edition names the run.
    run = f"#{exported.data.run.id} ({COUNTY})"
    assert run in dict(internal_html.report.meta).values()
    assert run not in dict(public_html.report.meta).values()
    assert run.encode() in internal_html.body and run.encode() not in public_html.body
    entries = _exports(session)[before:]
    assert [(e.detail or {}).get("format") for e in entries] == ["html", "xlsx", "html"]
    assert {e.actor_id for e in entries} == {admin.id}
    assert {e.ip_address for e in entries} == {"127.0.0.1"}
    assert entries[2].detail == {
        "period": PERIOD.label,
        "audience": "public",
        "format": "html",
        "run": exported.data.run.id,
    }


def test_the_command_line_is_named_and_no_exporter_writes_no_entry(session: Session) -> None:
    before = len(_exports(session))
    export_report(
        session,
        period=PERIOD,
        area_code=COUNTY,
        editions=[("html", "public")],
        exported_by=ExportedBy(),
    )
    [entry] = _exports(session)[before:]
    assert entry.actor_id is None and entry.actor_username == "(cli)"
    export_report(
        session, period=PERIOD, area_code=COUNTY, editions=[("html", "public")], exported_by=None
    )
    assert len(_exports(session)) == before + 1


def test_an_unknown_format_or_audience_or_period_is_refused(session: Session) -> None:
    before = len(_exports(session))
    ask = {"period": PERIOD, "area_code": COUNTY, "exported_by": ExportedBy()}
    with pytest.raises(NotFoundError, match="docx"):
        export_report(session, editions=[("docx", "internal")], **ask)
    with pytest.raises(InvalidInputError, match="press"):
        export_report(session, editions=[("html", "press")], **ask)
    with pytest.raises(NotFoundError, match="hedui reconcile --period 2024-01"):
        export_report(
            session,
            period=Period(2024, 1),
            area_code=COUNTY,
            editions=[("html", "public")],
            exported_by=ExportedBy(),
        )
    assert len(_exports(session)) == before  # nothing exported, nothing audited


def test_the_figures_are_kept_beside_the_run(
    session: Session, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The store's run wrote its findings to ``reconcile/``: the figures are kept there."""
    export_report(
        session, period=PERIOD, area_code=COUNTY, editions=[("html", "public")], exported_by=None
    )
    kept = linked_county(tmp_path_factory) / "reconcile" / f"report-figures-{PERIOD.label}.json"
    assert Path(kept).is_file()
