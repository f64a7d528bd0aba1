"""A reconciliation run's folder: where each of its files lives, named here and nowhere else.

A run started from the database (the web's job, ``hedui demo``) gets a folder of its own under
the work directory, kept after the run so anyone can repeat the linkage with ``hedui link`` or
read why two records were linked::

    WORK/runs/<label>/
        sources/      the ledger as canonical files, one per source (the linkage's input)
        link/         the link directory (:class:`hedui.linkage.LinkDir` names its files)
        reconcile/    findings.csv, summary.json and report-figures-<period>.json
        PURGED.json   once the retention period has deleted the personal data
                      (:mod:`hedui.reconcile.retention`)

A run of ``hedui reconcile LINK_DIR`` has no such folder: its figures are kept in its
``--out`` folder, or else in the link directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hedui.reconcile.retention import RUNS_DIR
from hedui.reports.store_figures import RunInfo

__all__ = ["RunFolder", "figures_dir"]


@dataclass(frozen=True)
class RunFolder:
    """The folder of one run started from the database.

    Attributes:
        root: ``WORK/runs/<label>``.
    """

    root: Path

    @classmethod
    def under(cls, work_dir: Path | str, label: str) -> RunFolder:
        """The folder of the run called ``label`` (``job-12``, ``demo``) in ``work_dir``."""
        return cls(Path(work_dir) / RUNS_DIR / label)

    @property
    def sources(self) -> Path:
        """The exported ledger, one canonical file per source."""
        return self.root / "sources"

    @property
    def link(self) -> Path:
        """The link directory."""
        return self.root / "link"

    @property
    def reconcile(self) -> Path:
        """The reconciliation's files and the report's cached figures."""
        return self.root / "reconcile"


def figures_dir(run: RunInfo) -> Path | None:
    """Where the report's figures of ``run`` are kept (``report-figures-<period>.json``, named
    by :mod:`hedui.reports.link_figures`), or ``None`` if nowhere.

    Beside the run's findings (its ``reconcile/`` folder, or ``hedui reconcile --out``), or
    else in its link directory; ``None`` when that folder no longer exists, and the figures are
    then computed every time.
    """
    folder = Path(run.out_dir) if run.out_dir else Path(run.link_dir)
    return folder if folder.is_dir() else None
