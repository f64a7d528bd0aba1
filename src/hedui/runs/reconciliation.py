"""A reconciliation run from start to end: export, link, reconcile, compute the report's figures.

:func:`reconcile_period` is the one way hedui reconciles a period, whoever asks: the web's job
(from the database), ``hedui demo`` (likewise) and ``hedui reconcile LINK_DIR`` (from a link
directory a person made with ``hedui link``). From the database, it writes the ledger of an area
as canonical files (:func:`~hedui.store.ledger_export.export_ledger`) into the run's folder
(:class:`~hedui.runs.folder.RunFolder`), links them (:func:`~hedui.linkage.link_files`), turns
the link directory into cases (:func:`~hedui.reconcile.run.run_reconciliation`) and computes the
report's figures while a person waits on the progress bar anyway, so that the dashboard and the
first report read them instead of fitting models. Its progress is one step, :data:`RUN_STEP`,
moved on by each part's share of the run (:func:`hedui.progress.weighted`), with the parts' own
steps inside it. It is library code: a script or a test can call it with no web application.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hedui.errors import HeduiError, LinkageError
from hedui.linkage import link_files
from hedui.linkage.link_dir import LinkDir
from hedui.linkage.pipeline import CLUSTER_STEP, PREPARE_STEP, READ_STEP, WRITE_STEP, LinkResult
from hedui.linkage.predict import PREDICT_STEP
from hedui.linkage.training import TRAINING_STEP
from hedui.period import Period
from hedui.progress import NullProgress, Progress, step, weighted
from hedui.reconcile.options import ReconcileOptions
from hedui.reconcile.run import RECONCILE_STEP, ReconcileSummary, run_reconciliation
from hedui.reports.store_figures import RunInfo
from hedui.runs.figures import report_data
from hedui.runs.folder import RunFolder
from hedui.store.cases import ReconcileRun
from hedui.store.db import transaction
from hedui.store.ledger_export import export_ledger
from hedui.store.users import User

__all__ = ["EXPORT_STEP", "FIGURES_STEP", "RUN_STEP", "RunOutcome", "reconcile_period"]

RUN_STEP = "导出、链接并核对 exporting, linking and reconciling"
"""The whole run from the database as one step."""
EXPORT_STEP = "导出台账 exporting the ledger"
FIGURES_STEP = "计算报告数据 computing the report's figures"

# Shares of the whole run, measured on a synthetic county: linkage (training above all) is
# most of the time (0.7 of it, spread over its steps); exporting is quick; the report's figures
# (capture–recapture models for every township) take a while in a large county.
_STEP_WEIGHTS = {
    EXPORT_STEP: 0.05,
    READ_STEP: 0.7 * 0.1,
    PREPARE_STEP: 0.7 * 0.1,
    TRAINING_STEP: 0.7 * 0.5,
    PREDICT_STEP: 0.7 * 0.2,
    CLUSTER_STEP: 0.7 * 0.05,
    WRITE_STEP: 0.7 * 0.05,
    RECONCILE_STEP: 0.15,
    FIGURES_STEP: 0.1,
}


@dataclass(frozen=True)
class RunOutcome:
    """What a run did.

    Attributes:
        summary: the reconciliation's own summary (findings by kind, cases new and seen again).
        exported: entries written per source, for a run from the database (else empty).
        linkage: what linkage did, for a run from the database (else ``None``).
        figures_error: why the report's figures could not be computed, or ``None``. The run
            and its cases are saved all the same.
    """

    summary: ReconcileSummary
    exported: dict[str, int] = field(default_factory=dict)
    linkage: LinkResult | None = None
    figures_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``period``, ``area_code``, ``exported``, ``linkage`` (records, links,
        clusters, duplicates, quarantined), ``summary`` and ``figures`` (the error or ``None``)."""
        linked = self.linkage
        return {
            "period": self.summary.period,
            "area_code": self.summary.area_code,
            "exported": dict(self.exported),
            "linkage": None
            if linked is None
            else {
                "records": linked.records,
                "links": linked.links,
                "clusters": linked.clusters,
                "duplicates": linked.duplicates,
                "quarantined": linked.quarantined,
            },
            "summary": self.summary.to_dict(),
            "figures": self.figures_error,
        }


def reconcile_period(
    session: Session,
    *,
    period: Period,
    area_code: str,
    folder: RunFolder | None = None,
    link_dir: LinkDir | Path | None = None,
    out_dir: Path | None = None,
    actor: User | None = None,
    options: ReconcileOptions | None = None,
    progress: Progress | None = None,
) -> RunOutcome:
    """Reconcile ``period`` inside ``area_code``; commit the run and the cases it finds.

    Give either ``folder``, to export the area's ledger from the database into it and link
    it, or ``link_dir``, to reconcile a link directory made already. Unlike store functions,
    this commits: a run's cases are saved together (or, on error, not at all).

    Args:
        session: Reads the ledger and writes the run and its cases.
        period: The reporting month (or year) of the run.
        area_code: A county, township or village code; findings outside it are left out.
        folder: The run's folder (:meth:`RunFolder.under`), for a run from the database.
        link_dir: A link directory, for a run of ``hedui reconcile``.
        out_dir: Where a run of a link directory writes ``findings.csv`` and
            ``summary.json`` (and keeps the report's figures); ``None`` for nowhere.
        actor: Who started the run (the audit log names them).
        options: Limits for the finding kinds that need them; ``None`` uses the defaults.
        progress: Receives :data:`RUN_STEP` (from the database) or the reconciliation's and
            :data:`FIGURES_STEP` (from a link directory), and every step inside them.

    Raises:
        ValueError: neither or both of ``folder`` and ``link_dir`` were given.
        LinkageError: the area has no ledger entries, or too few to link.
        HeduiError: whatever linkage or reconciliation raise; nothing is saved then.
    """
    if (folder is None) == (link_dir is None):
        raise ValueError("give either the run's folder or a link directory")
    progress = progress or NullProgress()
    if link_dir is not None:
        summary = _reconcile(
            session, link_dir, period, area_code, out_dir, actor, options, progress
        )
        return RunOutcome(summary, figures_error=_warm(session, summary, period, progress))
    assert folder is not None
    with weighted(progress, RUN_STEP, _STEP_WEIGHTS) as part:
        with step(part, EXPORT_STEP):
            exported = export_ledger(session, folder.sources, area_code=area_code)
            # End the read: linkage takes a while and needs nothing from the database.
            session.rollback()
        if not exported.files:
            raise LinkageError(
                f"辖区 {area_code} 的台账中还没有记录，无法核对；请先导入或登记 / the ledger of "
                f"{area_code} has no entries to reconcile; import or record some first"
            )
        linked = link_files(list(exported.files.values()), folder.link, progress=part)
        summary = _reconcile(
            session, linked.link_dir, period, area_code, folder.reconcile, actor, options, part
        )
        error = _warm(session, summary, period, part)
    return RunOutcome(summary, dict(exported.counts), linked, error)


def _reconcile(
    session: Session,
    link_dir: LinkDir | Path,
    period: Period,
    area_code: str,
    out_dir: Path | None,
    actor: User | None,
    options: ReconcileOptions | None,
    progress: Progress,
) -> ReconcileSummary:
    with transaction(session):
        return run_reconciliation(
            session,
            link_dir,
            period=period,
            area_code=area_code,
            out_dir=out_dir,
            actor=actor,
            options=options,
            progress=progress,
        )


def _warm(
    session: Session, summary: ReconcileSummary, period: Period, progress: Progress
) -> str | None:
    """Compute the report's figures of the run now, while a person waits anyway.

    They are kept beside the run, so the dashboard and the first report download read them
    instead of fitting models. The run is saved already: if the figures cannot be computed,
    the reason is returned (and shown), not raised. The run's own findings are handed over, so
    the scorecard does not look for them again.
    """
    with step(progress, FIGURES_STEP):
        try:
            stored = session.get(ReconcileRun, summary.run_id)
            assert stored is not None
            report_data(
                session,
                period=period,
                area_code=summary.area_code,
                run=RunInfo.of(stored),
                findings=summary.found,
            )
        except HeduiError as error:
            return error.message
        finally:
            session.rollback()
    return None
