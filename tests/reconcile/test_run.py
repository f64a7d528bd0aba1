"""A reconciliation run: findings of a link directory become cases, files and an audit entry."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import SourceFileError
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.reconcile.run import ReconcileSummary, run_reconciliation
from hedui.store.accounts import create_user
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.case_actions import resolve_case
from hedui.store.case_query import case_records, get_case, list_cases
from hedui.store.cases import Case, CaseStatus, ReconcileRun
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.migrations import upgrade
from hedui.store.users import Role, User

from .conftest import Row, WriteLinkDir

COUNTY = "320924"
V1 = "320924101001"
V2 = "320924102001"
PERIOD = Period(2025, 12)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def birth(cluster: str, number: str, village: str = V1) -> list[Row]:
    """A birth in the ledger and at the hospital, absent from the police (a finding)."""
    return [
        (
            "village_ledger",
            f"V{number}",
            cluster,
            "birth",
            None,
            "王小明",
            "2025-02-02",
            "1",
            village,
        ),
        (
            "health_births",
            f"H{number}",
            cluster,
            "birth",
            None,
            "王小明",
            "2025-02-02",
            "1",
            village,
        ),
    ]


# Records of the township database and the police that match everything, so both sources are
# present in the run and their absence from a birth is a finding.
PRESENT: list[Row] = [
    ("township_db", "T0", "C0", "resident", None, "冯三", "1970-01-01", "1", V1),
    ("police_hukou", "P0", "C0", "resident", None, "冯三", "1970-01-01", "1", V1),
]


def run(session: Session, link_dir: Path) -> ReconcileSummary:
    """A county-wide run of December 2025, committed."""
    with transaction(session):
        return run_reconciliation(session, link_dir, period=PERIOD, area_code=COUNTY)


@pytest.fixture
def admin_user(session: Session) -> User:
    user = create_user(session, "县管理员", "admin-password", Role.COUNTY_ADMIN, COUNTY)
    session.commit()
    return user


def test_run_opens_cases_with_snapshots_files_and_audit(
    session: Session, write_link_dir: WriteLinkDir, tmp_path: Path
) -> None:
    # One birth (B1) missing from both the township database and the police: two findings.
    link_dir = write_link_dir([*PRESENT, *birth("C1", "1")], [])
    out = tmp_path / "out"
    with transaction(session):
        summary = run_reconciliation(
            session, link_dir, period="2025-12", area_code=COUNTY, out_dir=out
        )
    assert summary.findings == 2 and summary.new == 2
    assert summary.people == 1  # one child: one card
    assert summary.by_kind == {
        "birth_missing_in_police_hukou": 1,
        "birth_missing_in_township_db": 1,
    }
    stored = session.get_one(ReconcileRun, summary.run_id)
    assert stored.findings == 2 and stored.finished_at is not None
    assert stored.summary == summary.to_dict()
    page = list_cases(session, COUNTY)
    assert {c.kind for c in page.items} == set(summary.by_kind)
    records = case_records(session, page.items[0].id)
    snapshot = next(r.snapshot for r in records if r.source == "village_ledger")
    assert snapshot is not None and snapshot["name"] == "王小明" and "spouse_name" not in snapshot
    with (out / "findings.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {int(r["case_id"]) for r in rows} == {c.id for c in page.items}
    assert rows[0]["records"] == "health_births:H1;village_ledger:V1"
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == summary.to_dict()
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.RECONCILE_RUN)
    ).one()
    assert audit.actor_username == "(cli)" and audit.detail is not None
    assert audit.detail["new"] == 2


def test_run_keeps_findings_inside_the_area(session: Session, write_link_dir: WriteLinkDir) -> None:
    # B1 in village 1, B2 in village 2, B3 with no village: a township-101 run keeps B1's two
    # findings only; a county run keeps all six, B3's filed under the county code.
    link_dir = write_link_dir(
        [*PRESENT, *birth("C1", "1"), *birth("C2", "2", V2), *birth("C3", "3", "")], []
    )
    with transaction(session):
        township = run_reconciliation(session, link_dir, period=PERIOD, area_code=V1[:9])
    assert (township.findings, township.outside_area) == (2, 4)
    county = run(session, link_dir)
    assert county.findings == 6
    villages = {c.village_code for c in session.scalars(select(Case))}
    assert villages == {V1, V2, COUNTY}


def test_rerunning_the_same_link_dir_opens_nothing_new(
    session: Session, write_link_dir: WriteLinkDir
) -> None:
    link_dir = write_link_dir([*PRESENT, *birth("C1", "1"), *birth("C2", "2")], [])
    first = run(session, link_dir)
    second = run(session, link_dir)
    assert (first.new, second.new, second.seen_again) == (4, 0, 4)
    assert len(list(session.scalars(select(Case)))) == 4


def test_a_resolved_finding_stays_closed_until_it_goes_away_and_comes_back(
    session: Session, write_link_dir: WriteLinkDir, admin_user: User
) -> None:
    # Run 1 finds B1 missing from the police; a clerk resolves it. Run 2 on the same data:
    # still there → kept closed. Run 3: the police record arrived, the finding is gone.
    # Run 4: the police record vanished again → the case reopens as recurring.
    with_b1 = write_link_dir([*PRESENT, *birth("C1", "1")], [])
    fixed = write_link_dir(
        [
            *PRESENT,
            *birth("C1", "1"),
            ("police_hukou", "P1", "C1", "birth", None, "王小明", "2025-02-02", "1", V1),
            ("township_db", "T1", "C1", "birth", None, "王小明", "2025-02-02", "1", V1),
        ],
        [],
    )
    run(session, with_b1)
    police = session.scalars(select(Case).where(Case.kind == "birth_missing_in_police_hukou"))
    case_id = police.one().id
    resolve_case(session, admin_user, case_id, note="已通知派出所补登")
    session.commit()
    second = run(session, with_b1)
    assert (second.kept_closed, second.recurring) == (1, 0)
    assert get_case(session, COUNTY, case_id).status is CaseStatus.RESOLVED
    third = run(session, fixed)
    assert third.findings == 0
    fourth = run(session, with_b1)
    assert (fourth.recurring, fourth.new) == (1, 0)
    case = get_case(session, COUNTY, case_id)
    assert case.status is CaseStatus.OPEN and case.recurring


def test_run_without_sources_parquet_says_to_link_again(
    session: Session, write_link_dir: WriteLinkDir
) -> None:
    link_dir = write_link_dir([*PRESENT, *birth("C1", "1")], [])
    (link_dir / "sources.parquet").unlink()
    with pytest.raises(SourceFileError, match="hedui link"):
        run(session, link_dir)
    assert session.scalars(select(ReconcileRun)).first() is None


def test_link_dir_county_is_the_most_common_prefix(write_link_dir: WriteLinkDir) -> None:
    link_dir = write_link_dir([*PRESENT, *birth("C1", "1"), *birth("C2", "2", "110101001001")], [])
    assert LinkDir.open(link_dir).county() == COUNTY
