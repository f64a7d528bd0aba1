"""Small builders shared by the case tests: findings, runs and a sync in one call."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hedui.reconcile.findings import Finding, make_finding
from hedui.store.case_sync import SyncCounts, sync_findings
from hedui.store.cases import ReconcileRun

from .conftest import COUNTY, VILLAGE_A


def finding(
    record: str, *, village: str = VILLAGE_A, kind: str = "birth_missing_in_police_hukou"
) -> Finding:
    """A missing-in-police finding over one health record and one ledger record."""
    return make_finding(
        kind,
        "birth",
        village,
        [("health_births", f"HB-{record}"), ("village_ledger", f"VL-{record}")],
        ("公安户籍中没有这条出生记录，请核对", "No police record of this birth; please check"),
    )


def run_sync(
    session: Session, findings: list[Finding], *, area: str = COUNTY, period: str = "2025-12"
) -> tuple[ReconcileRun, SyncCounts]:
    """One reconciliation run over ``findings``, committed."""
    run = ReconcileRun(period=period, area_code=area, link_dir="/tmp/linked", findings=0)
    session.add(run)
    session.flush()
    snapshots = {r: {"source": r[0], "record_id": r[1]} for f in findings for r in f.records}
    counts = sync_findings(session, findings, run=run, snapshots=snapshots)
    session.commit()
    return run, counts
