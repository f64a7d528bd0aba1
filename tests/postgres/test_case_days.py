"""Cases opened and closed per day on PostgreSQL: UTC days, whatever the server's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text, update
from sqlalchemy.orm import Session

from hedui.reconcile.findings import make_finding
from hedui.store.case_actions import resolve_case
from hedui.store.case_days import cases_by_day
from hedui.store.case_sync import sync_findings
from hedui.store.cases import Case, CaseHistory, ReconcileRun
from hedui.store.users import User

from .conftest import COUNTY, VILLAGE_A, VILLAGE_B


def test_cases_by_day_counts_utc_days_on_postgres(session: Session, users: dict[str, User]) -> None:
    findings = [
        make_finding(
            "birth_missing_in_police_hukou",
            "birth",
            village,
            [("health_births", f"HB-{n}"), ("village_ledger", f"VL-{n}")],
            ("公安户籍中没有这条出生记录", "No police record of this birth"),
        )
        for n, village in enumerate([VILLAGE_A, VILLAGE_A, VILLAGE_B])
    ]
    run = ReconcileRun(period="2025-12", area_code=COUNTY, link_dir="/tmp/linked", findings=0)
    session.add(run)
    session.flush()
    snapshots = {r: {"source": r[0], "record_id": r[1]} for f in findings for r in f.records}
    counts = sync_findings(session, findings, run=run, snapshots=snapshots)
    session.commit()
    first = counts.case_ids[findings[0].case_key]
    # 31 December 2025, 20:00 UTC is 1 January 2026 in Beijing: counted on the UTC day.
    session.execute(update(Case).values(created_at=datetime(2025, 12, 31, 20, 0, tzinfo=UTC)))
    resolve_case(session, users["admin"], first, note="已补录")
    session.execute(
        update(CaseHistory)
        .where(CaseHistory.case_id == first, CaseHistory.note == "已补录")
        .values(at=datetime(2026, 1, 2, 1, 0, tzinfo=UTC))
    )
    session.commit()
    session.execute(text("SET TIME ZONE 'Asia/Shanghai'"))
    assert cases_by_day(session, COUNTY) == [(date(2025, 12, 31), 3, 0), (date(2026, 1, 2), 0, 1)]
    assert cases_by_day(session, VILLAGE_B) == [(date(2025, 12, 31), 1, 0)]
