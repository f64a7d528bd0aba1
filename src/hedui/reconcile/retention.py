"""How long a reconciliation run's files are kept, and purging them when that time is up.

A run started from the web writes its folder under the work directory
(``runs/job-<n>/``): ``sources/`` holds the area's whole ledger as CSV files, unmasked,
``link/`` the records again as Parquet with every pair linkage scored, ``reconcile/`` the
findings with the values that disagree. These files are what the run needed, and what a
statistician may want to look at in the weeks after; kept for ever, outside the web's access
control and its audit log, they would be a second, unguarded copy of the register.

So a run's files are kept for a *retention period* (``run_retention_days``, 90 days by default),
counted from the day the run finished (a failed or abandoned run: from the day its job was
created; a folder nothing in the database names: from its last change). After that
:func:`purge_runs` deletes every file of the folder except those that hold no personal data —
:data:`KEPT_FILES`: the trained model's parameters, the run's counts, the report's figures, the
linkage evaluation — and leaves :data:`PURGED_MARKER` saying when and why. The cases the run
opened stay in the database with their record snapshots; the case page then says that the
linkage files are no longer available, and reports read the figures kept.

Each purged folder is written to the audit log (``runs_purged``). Files outside the work
directory (a ``hedui link --out`` folder someone chose) are the user's own and are not touched.
"""

from __future__ import annotations

import fnmatch
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.linkage.link_dir import EVALUATION, MODEL
from hedui.store.audit import AuditAction, write_audit
from hedui.store.base import utcnow
from hedui.store.cases import ReconcileRun
from hedui.store.jobs import Job
from hedui.store.users import User

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "KEPT_FILES",
    "PURGED_MARKER",
    "RUNS_DIR",
    "PurgeResult",
    "is_purged",
    "purge_runs",
]

DEFAULT_RETENTION_DAYS = 90
RUNS_DIR = "runs"
PURGED_MARKER = "PURGED.json"
KEPT_FILES = (MODEL, "summary.json", EVALUATION, "report-figures-*.json")
"""File names (patterns) a purge keeps: parameters and aggregate figures, no person in them."""


@dataclass
class PurgeResult:
    """What a purge did.

    Attributes:
        folders: the run folders purged, relative to the work directory.
        files: how many files were deleted.
        kept: the folders whose retention has not run out yet.
    """

    folders: list[str] = field(default_factory=list)
    files: int = 0
    kept: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"folders": self.folders, "files": self.files, "kept": self.kept}


def is_purged(directory: Path | str) -> bool:
    """Whether ``directory`` (a run folder or one of its sub-folders) has been purged."""
    path = Path(directory)
    return (path / PURGED_MARKER).is_file() or (path.parent / PURGED_MARKER).is_file()


def purge_runs(
    session: Session,
    work_dir: Path,
    *,
    retention_days: int,
    now: datetime | None = None,
    actor: User | None = None,
) -> PurgeResult:
    """Delete the personal data of every run folder under ``work_dir`` older than the retention.

    Adds one ``runs_purged`` audit entry per folder purged to the caller's session (the caller
    commits).

    Args:
        session: a database session, to date the folders and to audit.
        work_dir: the work directory (its ``runs/`` folder is searched).
        retention_days: days a run's files are kept after the run finished (0: purge every
            finished run now).
        now: the present (UTC); defaults to now.
        actor: who asked; ``None`` for the scheduled purge or the command line.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    result = PurgeResult()
    runs_root = work_dir / RUNS_DIR
    if not runs_root.is_dir():
        return result
    for folder in sorted(p for p in runs_root.iterdir() if p.is_dir()):
        if (folder / PURGED_MARKER).is_file():
            continue
        dated, area, target = _folder_date(session, folder)
        name = str(folder.relative_to(work_dir))
        if dated is None or dated > cutoff:
            result.kept.append(name)
            continue
        deleted = _delete_personal_files(folder)
        (folder / PURGED_MARKER).write_text(
            json.dumps(
                {
                    "purged_at": now.isoformat(timespec="seconds"),
                    "retention_days": retention_days,
                    "kept": list(KEPT_FILES),
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        result.folders.append(name)
        result.files += deleted
        write_audit(
            session,
            actor=actor,
            actor_username=None if actor is not None else "(retention)",
            action=AuditAction.RUNS_PURGED,
            area_code=area,
            target_type=target[0],
            target_id=target[1],
            detail={"folder": name, "files": deleted, "retention_days": retention_days},
        )
    return result


def _folder_date(session: Session, folder: Path) -> tuple[datetime | None, str, tuple[str, str]]:
    """When a run folder's clock started, the area it covers, and what the audit names.

    ``None`` for a run still going (no end yet): its files are in use.
    """
    inside = str(folder.resolve())
    for run in session.scalars(select(ReconcileRun).order_by(ReconcileRun.id)):
        paths = [p for p in (run.link_dir, run.out_dir) if p]
        if any(_within(Path(p), inside) for p in paths):
            if run.finished_at is None:
                return None, run.area_code, ("reconcile_run", str(run.id))
            return run.finished_at, run.area_code, ("reconcile_run", str(run.id))
    job_id = folder.name.removeprefix("job-")
    job = session.get(Job, int(job_id)) if job_id.isdigit() else None
    if job is not None:
        if job.finished_at is None and job.started_at is not None:
            return None, job.area_code, ("job", str(job.id))
        return job.finished_at or job.created_at, job.area_code, ("job", str(job.id))
    changed = max((p.stat().st_mtime for p in _files(folder)), default=folder.stat().st_mtime)
    return datetime.fromtimestamp(changed, UTC), "", ("folder", folder.name)


def _within(path: Path, folder: str) -> bool:
    resolved = str(path.resolve())
    return resolved == folder or resolved.startswith(folder + "/")


def _files(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _delete_personal_files(folder: Path) -> int:
    """Delete every file but :data:`KEPT_FILES`, and the folders left empty; return the count."""
    deleted = 0
    for path in sorted(_files(folder)):
        if any(fnmatch.fnmatch(path.name, pattern) for pattern in KEPT_FILES):
            continue
        path.unlink()
        deleted += 1
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            shutil.rmtree(directory)
    return deleted
