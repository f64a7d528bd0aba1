"""A reconciliation of the ledger as the web starts it: export, link, reconcile, in one call.

The command line works on files a person already has; the web works on the database. This
module is the bridge: it writes the current ledger of an area as canonical files
(:func:`~hedui.store.ledger_export.export_ledger`), links them
(:func:`~hedui.linkage.link_files`) and turns the link directory into cases
(:func:`~hedui.reconcile.run.run_reconciliation`), reporting progress as one fraction from 0 to
1 with the current step's name. It is library code: the web's job runner calls it, and so can a
script or a test, with no web application at all.

Each run gets a folder of its own under the work directory (``runs/<label>/``: ``sources/``,
``link/``, ``reconcile/``), kept after the run so anyone can repeat the linkage with
``hedui link`` or read why two records were linked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hedui.errors import HeduiError, LinkageError
from hedui.linkage import link_files
from hedui.linkage.pipeline import CLUSTER_STEP, PREPARE_STEP, READ_STEP, WRITE_STEP
from hedui.linkage.predict import PREDICT_STEP
from hedui.linkage.training import TRAINING_STEP
from hedui.period import Period
from hedui.reconcile.findings import Finding
from hedui.reconcile.run import run_reconciliation
from hedui.reports.data import collect_report
from hedui.store.db import transaction
from hedui.store.ledger_export import export_ledger
from hedui.store.users import User

__all__ = [
    "EXPORT_STEP",
    "FIGURES_STEP",
    "ReportProgress",
    "reconcile_from_store",
]

ReportProgress = Callable[[float, str], None]
"""Receives ``(fraction done, current step)``; the step is Chinese, then English."""

EXPORT_STEP = "导出台账 exporting the ledger"
FIGURES_STEP = "计算报告数据 computing the report's figures"

# Shares of the whole run, measured on a synthetic county: linkage (training above all) is
# most of the time; exporting is quick; the report's figures (capture–recapture models for
# every township) take a while in a large county.
_EXPORT_SHARE = (0.0, 0.05)
_LINK_SHARE = (0.05, 0.75)
_RECONCILE_SHARE = (0.75, 0.9)
_FIGURES_SHARE = (0.9, 1.0)
_LINK_STEP_WEIGHTS = {
    READ_STEP: 0.1,
    PREPARE_STEP: 0.1,
    TRAINING_STEP: 0.5,
    PREDICT_STEP: 0.2,
    CLUSTER_STEP: 0.05,
    WRITE_STEP: 0.05,
}


@dataclass
class _LinkProgress:
    """Turns linkage's step reports into one fraction of the link share of the run."""

    report: ReportProgress
    done: float = 0.0
    totals: dict[str, float | None] = field(default_factory=dict)
    advanced: dict[str, float] = field(default_factory=dict)

    def start(self, step: str, total: float | None = None) -> None:
        self.totals[step] = total
        self.advanced[step] = 0.0
        self._send(step, 0.0)

    def advance(self, step: str, amount: float = 1.0) -> None:
        self.advanced[step] = self.advanced.get(step, 0.0) + amount
        total = self.totals.get(step)
        self._send(step, min(self.advanced[step] / total, 1.0) if total else 0.0)

    def finish(self, step: str) -> None:
        self.done += _LINK_STEP_WEIGHTS.get(step, 0.0)
        self._send(step, 0.0)

    def _send(self, step: str, within: float) -> None:
        share = min(self.done + _LINK_STEP_WEIGHTS.get(step, 0.0) * within, 1.0)
        low, high = _LINK_SHARE
        self.report(low + (high - low) * share, step)


def reconcile_from_store(
    session: Session,
    work_dir: Path | str,
    *,
    period: Period,
    area_code: str,
    actor: User | None = None,
    label: str = "run",
    progress: ReportProgress | None = None,
) -> dict[str, Any]:
    """Export the ledger of ``area_code``, link it, reconcile it; commit the cases it finds.

    Unlike store functions, this commits: it is a whole job, and its cases must be saved
    together (or, on error, not at all) when it returns.

    Args:
        session: Reads the ledger and writes the run and its cases.
        work_dir: The run's files go in ``work_dir/runs/<label>/``.
        period: The reporting month (or year) of the run.
        area_code: Whose ledger: a county, township or village code.
        actor: Who started the run (the audit log names them).
        label: The run folder's name, for example ``job-12``.
        progress: Receives the fraction done and the step.

    Returns:
        JSON-ready: ``period``, ``area_code``, ``exported`` (entries per source), ``linkage``
        (records, links, clusters, duplicates), ``summary`` (the reconciliation's own) and
        ``figures`` (``None``, or why the report's figures could not be computed).

    Raises:
        LinkageError: the area has no ledger entries, or too few to link.
        HeduiError: whatever linkage or reconciliation raise; nothing is saved then.
    """
    report = progress or _ignore
    folder = Path(work_dir) / "runs" / label
    report(_EXPORT_SHARE[0], EXPORT_STEP)
    exported = export_ledger(session, folder / "sources", area_code=area_code)
    session.rollback()  # end the read: linkage takes a while and needs nothing from the database
    if not exported.files:
        raise LinkageError(
            f"辖区 {area_code} 的台账中还没有记录，无法核对；请先导入或登记 / the ledger of "
            f"{area_code} has no entries to reconcile; import or record some first"
        )
    report(_EXPORT_SHARE[1], EXPORT_STEP)
    linked = link_files(
        list(exported.files.values()), folder / "link", progress=_LinkProgress(report)
    )
    low, high = _RECONCILE_SHARE
    with transaction(session):
        summary = run_reconciliation(
            session,
            folder / "link",
            period=period,
            area_code=area_code,
            out_dir=folder / "reconcile",
            actor=actor,
            progress=lambda fraction, step: report(low + (high - low) * fraction, step),
        )
    report(_FIGURES_SHARE[0], FIGURES_STEP)
    figures = _warm_report_figures(session, period, area_code, summary.found)
    report(_FIGURES_SHARE[1], FIGURES_STEP)
    return {
        "period": period.label,
        "area_code": area_code,
        "exported": dict(exported.counts),
        "linkage": {
            "records": linked.records,
            "links": linked.links,
            "clusters": linked.clusters,
            "duplicates": linked.duplicates,
            "quarantined": linked.quarantined,
        },
        "summary": summary.to_dict(),
        "figures": figures,
    }


def _warm_report_figures(
    session: Session, period: Period, area_code: str, findings: Sequence[Finding]
) -> str | None:
    """Compute the report's figures now, while a person waits on a progress bar anyway.

    They are kept beside the run (:mod:`hedui.reports.link_figures`), so the dashboard and
    the first report download read them instead of fitting models. The run is saved already:
    if the figures cannot be computed, the reason is returned (and shown), not raised. The
    run's own findings are handed over, so the scorecard does not look for them again.
    """
    try:
        collect_report(session, period=period, area_code=area_code, findings=findings)
    except HeduiError as error:
        return error.message
    finally:
        session.rollback()
    return None


def _ignore(fraction: float, message: str) -> None:
    """The default progress: nobody is watching."""
