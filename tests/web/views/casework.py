"""Test data for the reconciliation, case, dashboard and report pages.

Cases, jobs and runs are written straight into a test site's database, as a reconciliation run
would leave them; :func:`add_case`'s two records of one birth disagree on the sex (the village
ledger says 1, the police register 2). A small synthetic county can be imported through the
store, or linked into a link directory.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from hedui.linkage import link_files
from hedui.store.base import utcnow
from hedui.store.cases import (
    Case,
    CaseHistory,
    CaseRecord,
    CaseStatus,
    ReconcileRun,
    make_case_key,
)
from hedui.store.db import transaction
from hedui.store.importing import import_file
from hedui.store.jobs import Job, JobStatus
from hedui.synth import SOURCE_NAMES, synthesize

from ..conftest import CHILD_ID, MOTHER_ID, Site

LEDGER_SNAPSHOT = {
    "source": "village_ledger",
    "record_id": "L1",
    "event": "birth",
    "event_date": "2025-03-01",
    "name": "王小明",
    "id_number": CHILD_ID,
    "sex": "1",
    "birth_date": "2025-03-01",
    "mother_name": "李娜",
    "mother_id_number": MOTHER_ID,
}
POLICE_SNAPSHOT = {**LEDGER_SNAPSHOT, "source": "police_hukou", "record_id": "P1", "sex": "2"}


def add_case(
    site: Site,
    village: str,
    *,
    kind: str = "sex_conflict",
    status: CaseStatus = CaseStatus.OPEN,
    key: str | None = None,
    recurring: bool = False,
) -> int:
    """A sex conflict between a ledger and a police record in ``village``; returns its id."""
    records = [("village_ledger", f"L-{key or village}"), ("police_hukou", f"P-{key or village}")]
    with site.session() as session, transaction(session):
        case = Case(
            case_key=make_case_key(kind, [*records, ("test", key or "")]),
            kind=kind,
            event="birth",
            field="sex",
            values={"village_ledger": "1", "police_hukou": "2"},
            status=status,
            village_code=village,
            period="2025-03",
            explanation_zh=f"同一人的记录性别不一致：身份证号 {CHILD_ID}。",
            explanation_en=f"The records of one person disagree on sex: ID {CHILD_ID}.",
            recurring=recurring,
            first_seen_run="1",
            last_seen_run="1",
        )
        session.add(case)
        session.flush()
        session.add(CaseHistory(case_id=case.id, to_status=CaseStatus.OPEN, note="第 1 次核对发现"))
        for (source, record_id), snapshot in zip(
            records, [LEDGER_SNAPSHOT, POLICE_SNAPSHOT], strict=True
        ):
            session.add(
                CaseRecord(
                    case_id=case.id,
                    source=source,
                    record_id=record_id,
                    snapshot={**snapshot, "record_id": record_id},
                )
            )
        return case.id


def import_synthetic_county(
    session: Session, directory: Path, *, people: int = 2000, seed: int = 3
) -> dict[str, int]:
    """A synthetic county of ``people`` (year 2025) imported into the ledger, source by source,
    through the store as the import page does; returns the entries accepted per source.

    2,000 people give about 270 event records over five sources: enough to train a linkage
    model (200 at least), small enough to link in a few seconds.
    """
    synthesize(people, seed, directory, year=2025)
    accepted = {}
    for name in SOURCE_NAMES:
        with transaction(session):
            outcome = import_file(
                session, directory / f"{name}.csv", source=name, actor=None, area_code="320924"
            )
        accepted[name] = outcome.accepted
    return accepted


def add_job(site: Site, area: str, *, status: JobStatus = JobStatus.SUCCEEDED) -> int:
    """A finished reconciliation job over ``area`` with an empty result; returns its id."""
    with site.session() as session, transaction(session):
        job = Job(kind="reconcile", status=status, progress=1.0, area_code=area, result={})
        session.add(job)
        session.flush()
        return job.id


def link_small_county(directory: Path) -> Path:
    """A small synthetic county's events linked (a few seconds); returns the link directory."""
    synthesize(2000, 3, directory, year=2025)
    paths = []
    for name in SOURCE_NAMES:
        rows = pl.read_csv(directory / f"{name}.csv", infer_schema_length=0)
        path = directory / f"events_{name}.csv"
        rows.filter(pl.col("event") != "resident").write_csv(path)
        paths.append(path)
    link_files(paths, directory / "link")
    return directory / "link"


def add_run(site: Site, link_dir: Path, area: str = "320924", period: str = "2025-12") -> None:
    """A finished reconciliation run of ``period`` over ``area`` made from ``link_dir``."""
    with site.session() as session, transaction(session):
        session.add(
            ReconcileRun(
                period=period,
                area_code=area,
                link_dir=str(link_dir),
                finished_at=utcnow(),
                findings=0,
            )
        )
