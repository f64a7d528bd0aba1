"""One reconciliation run: findings of a link directory become cases in the database.

:func:`run_reconciliation` is what ``hedui reconcile`` and the web's reconcile job call. It
numbers the run (:class:`~hedui.store.cases.ReconcileRun`), computes the findings up to the end
of the period (:func:`hedui.reconcile.find_all`), keeps those inside the caller's area, stores
a snapshot of every record of a new case (so a case can be shown long after the link directory
is gone), opens, carries over or reopens cases (:func:`hedui.store.case_sync.sync_findings`)
and writes an audit entry. With ``out_dir`` it also leaves ``findings.csv`` and
``summary.json`` for people who work with files.

A finding whose records name no village belongs to no township or village: it is kept only in a
county-wide run, filed under the county code, so the county sees it and nobody else guesses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from hedui.linkage.link_dir import LinkDir
from hedui.period import Period, parse_period
from hedui.progress import NullProgress, Progress, step, weighted
from hedui.reconcile import find_all
from hedui.reconcile.case_export import write_findings_csv, write_summary_json
from hedui.reconcile.findings import Finding
from hedui.reconcile.options import ReconcileOptions
from hedui.store.areas import AreaLevel, area_level, is_within
from hedui.store.audit import AuditAction, write_audit
from hedui.store.base import utcnow
from hedui.store.case_sync import known_case_keys, sync_findings
from hedui.store.cases import ReconcileRun
from hedui.store.users import User

__all__ = [
    "FIND_STEP",
    "RECONCILE_STEP",
    "SAVE_STEP",
    "SNAPSHOT_STEP",
    "WRITE_STEP",
    "ReconcileSummary",
    "read_snapshots",
    "run_reconciliation",
]

RECONCILE_STEP = "核对 reconciling"
"""The whole run as one step, moved on by its own steps' shares of it."""
FIND_STEP = "查找差异 finding discrepancies"
SNAPSHOT_STEP = "读取记录快照 reading record snapshots"
SAVE_STEP = "保存待核实事项 saving cases"
WRITE_STEP = "写出文件 writing files"
_STEP_WEIGHTS = {FIND_STEP: 0.6, SNAPSHOT_STEP: 0.1, SAVE_STEP: 0.2, WRITE_STEP: 0.1}
"""Shares of a run's time, measured on a synthetic county: finding is most of it."""


@dataclass(frozen=True)
class ReconcileSummary:
    """What a run found and did, for the terminal, the web and ``summary.json``.

    Attributes:
        run_id: Number of the run (``reconcile_runs.id``).
        period: The period's label (``2025-12``).
        area_code: The area the run covered.
        findings: Findings inside the area (each is one case).
        people: The people those findings are about (``person_key``): the cards of the case
            list, where the cases of one person are one card.
        by_kind: Findings per kind.
        new: Cases opened by this run.
        seen_again: Cases still being worked on, found again.
        recurring: Closed cases reopened because their finding went away and came back.
        kept_closed: Closed cases found again that never went away; they stay closed.
        outside_area: Findings left out because they lie outside ``area_code``.
        out_dir: Where ``findings.csv`` and ``summary.json`` were written, if anywhere.
        found: Every finding of the link directory, inside the area or not (not part of
            :meth:`to_dict`): the report's scorecard needs them, and finding them again costs
            as much as the rest of the run.
    """

    run_id: int
    period: str
    area_code: str
    findings: int
    people: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    new: int = 0
    seen_again: int = 0
    recurring: int = 0
    kept_closed: int = 0
    outside_area: int = 0
    out_dir: str | None = None
    found: tuple[Finding, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field."""
        return {
            "run_id": self.run_id,
            "period": self.period,
            "area_code": self.area_code,
            "findings": self.findings,
            "people": self.people,
            "by_kind": dict(self.by_kind),
            "new": self.new,
            "seen_again": self.seen_again,
            "recurring": self.recurring,
            "kept_closed": self.kept_closed,
            "outside_area": self.outside_area,
            "out_dir": self.out_dir,
        }


def run_reconciliation(
    session: Session,
    link_dir: LinkDir | Path | str,
    *,
    period: Period | str,
    area_code: str,
    out_dir: Path | None = None,
    actor: User | None = None,
    options: ReconcileOptions | None = None,
    progress: Progress | None = None,
) -> ReconcileSummary:
    """Reconcile ``link_dir`` for ``period`` inside ``area_code`` and store the cases.

    The caller owns the transaction: nothing is committed here, so a failure leaves neither
    a half-written run nor half its cases.

    Args:
        session: Where the run, its cases and the audit entry are added.
        link_dir: Output of ``hedui link`` (``clusters.csv``, ``records.parquet``,
            ``sources.parquet`` ...).
        period: The reporting month or year, or its label (``"2025-12"``).
        area_code: County, township or village code; findings outside it are left out.
        out_dir: If given, ``findings.csv`` and ``summary.json`` are written there.
        actor: Who started the run (``None`` from the command line).
        options: Limits for the finding kinds that need them; ``None`` uses the defaults.
        progress: Receives :data:`RECONCILE_STEP` and, inside it, each step of the run.

    Raises:
        InvalidInputError: the period or area code is malformed.
        LinkDirError: a file of the link directory is missing or from a newer version.
    """
    progress = progress or NullProgress()
    period = parse_period(period) if isinstance(period, str) else period
    level = area_level(area_code)
    link = LinkDir.open(link_dir)
    run = ReconcileRun(
        period=period.label,
        area_code=area_code,
        link_dir=str(link.path.resolve()),
        out_dir=None if out_dir is None else str(Path(out_dir).resolve()),
        started_at=utcnow(),
        created_by_id=None if actor is None else actor.id,
        findings=0,
    )
    session.add(run)
    session.flush()
    with weighted(progress, RECONCILE_STEP, _STEP_WEIGHTS) as part:
        with step(part, FIND_STEP):
            found = find_all(link, period=period, options=options)
            kept = _inside(found, area_code, county_wide=level is AreaLevel.COUNTY)
        with step(part, SNAPSHOT_STEP):
            known = known_case_keys(session, area_code)
            snapshots = read_snapshots(
                link, {r for f in kept if f.case_key not in known for r in f.records}
            )
        with step(part, SAVE_STEP):
            counts = sync_findings(session, kept, run=run, snapshots=snapshots)
        by_kind = dict(sorted(Counter(f.kind for f in kept).items()))
        summary = ReconcileSummary(
            run_id=run.id,
            period=period.label,
            area_code=area_code,
            findings=len(kept),
            people=len({f.person_key or f.case_key for f in kept}),
            by_kind=by_kind,
            new=counts.new,
            seen_again=counts.seen_again,
            recurring=counts.recurring,
            kept_closed=counts.kept_closed,
            outside_area=len(found) - len(kept),
            out_dir=run.out_dir,
            found=tuple(found),
        )
        run.findings = len(kept)
        run.summary = summary.to_dict()
        run.finished_at = utcnow()
        if out_dir is not None:
            with step(part, WRITE_STEP):
                Path(out_dir).mkdir(parents=True, exist_ok=True)
                write_findings_csv(Path(out_dir) / "findings.csv", kept, counts.case_ids)
                write_summary_json(Path(out_dir) / "summary.json", summary.to_dict())
        write_audit(
            session,
            actor=actor,
            actor_username=None if actor is not None else "(cli)",
            action=AuditAction.RECONCILE_RUN,
            area_code=area_code,
            target_type="reconcile_run",
            target_id=run.id,
            detail={"period": period.label, "findings": len(kept), **counts.to_dict()},
        )
    return summary


def _inside(findings: list[Finding], area_code: str, *, county_wide: bool) -> list[Finding]:
    """The findings inside ``area_code``; village-less ones filed under the county's code."""
    kept = []
    for finding in findings:
        if is_within(finding.village_code, area_code):
            kept.append(finding)
        elif not finding.village_code and county_wide:
            kept.append(replace(finding, village_code=area_code))
    return kept


def read_snapshots(
    link: LinkDir, records: set[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Each wanted record's fields as read from its source (``sources.parquet``), non-empty only.

    Raises:
        LinkDirError: ``sources.parquet`` is missing (a link directory from an older hedui).
    """
    if not records:
        return {}
    pairs = list(records)
    wanted = pl.DataFrame(
        {"source": [p[0] for p in pairs], "record_id": [p[1] for p in pairs]},
        schema={"source": pl.Utf8, "record_id": pl.Utf8},
    )
    rows = link.sources().join(wanted, on=["source", "record_id"], how="semi")
    fields = [c for c in rows.columns if c not in ("source", "record_id")]
    snapshots = {}
    for source, record_id, *values in rows.select("source", "record_id", *fields).iter_rows():
        snapshot = {k: v for k, v in zip(fields, values, strict=True) if v is not None and v != ""}
        snapshots[(str(source), str(record_id))] = snapshot
    return snapshots
