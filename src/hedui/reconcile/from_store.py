"""A reconciliation of the ledger as the web starts it: export, link, reconcile, in one call.

The command line works on files a person already has; the web works on the database. This
module is the bridge: it writes the current ledger of an area as canonical files
(:func:`~hedui.store.ledger_export.export_ledger`), links them
(:func:`~hedui.linkage.link_files`) and turns the link directory into cases
(:func:`~hedui.reconcile.run.run_reconciliation`), reporting its progress as one step,
:data:`RUN_STEP`, moved on by each part's share of the run (:func:`hedui.progress.weighted`),
with the parts' own steps inside it. It is library code: the web's job runner calls it, and so can a
script or a test, with no web application at all.

Each run gets a folder of its own under the work directory (``runs/<label>/``: ``sources/``,
``link/``, ``reconcile/``), kept after the run so anyone can repeat the linkage with
``hedui link`` or read why two records were linked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hedui.errors import HeduiError, LinkageError
from hedui.linkage import link_files
from hedui.linkage.pipeline import CLUSTER_STEP, PREPARE_STEP, READ_STEP, WRITE_STEP
from hedui.linkage.predict import PREDICT_STEP
from hedui.linkage.training import TRAINING_STEP
from hedui.period import Period
from hedui.progress import NullProgress, Progress, step, weighted
from hedui.reconcile.findings import Finding
from hedui.reconcile.run import RECONCILE_STEP, run_reconciliation
from hedui.reports.data import collect_report
from hedui.store.db import transaction
from hedui.store.ledger_export import export_ledger
from hedui.store.users import User

__all__ = [
    "EXPORT_STEP",
    "FIGURES_STEP",
    "RUN_STEP",
    "reconcile_from_store",
]

RUN_STEP = "导出、链接并核对 exporting, linking and reconciling"
"""The whole run as one step."""
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


def reconcile_from_store(
    session: Session,
    work_dir: Path | str,
    *,
    period: Period,
    area_code: str,
    actor: User | None = None,
    label: str = "run",
    progress: Progress | None = None,
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
        progress: Receives :data:`RUN_STEP` and, inside it, every step of the run.

    Returns:
        JSON-ready: ``period``, ``area_code``, ``exported`` (entries per source), ``linkage``
        (records, links, clusters, duplicates), ``summary`` (the reconciliation's own) and
        ``figures`` (``None``, or why the report's figures could not be computed).

    Raises:
        LinkageError: the area has no ledger entries, or too few to link.
        HeduiError: whatever linkage or reconciliation raise; nothing is saved then.
    """
    folder = Path(work_dir) / "runs" / label
    with weighted(progress or NullProgress(), RUN_STEP, _STEP_WEIGHTS) as part:
        with step(part, EXPORT_STEP):
            exported = export_ledger(session, folder / "sources", area_code=area_code)
            # End the read: linkage takes a while and needs nothing from the database.
            session.rollback()
        if not exported.files:
            raise LinkageError(
                f"辖区 {area_code} 的台账中还没有记录，无法核对；请先导入或登记 / the ledger of "
                f"{area_code} has no entries to reconcile; import or record some first"
            )
        linked = link_files(list(exported.files.values()), folder / "link", progress=part)
        with transaction(session):
            summary = run_reconciliation(
                session,
                linked.link_dir,
                period=period,
                area_code=area_code,
                out_dir=folder / "reconcile",
                actor=actor,
                progress=part,
            )
        with step(part, FIGURES_STEP):
            figures = _warm_report_figures(session, period, area_code, summary.found)
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
