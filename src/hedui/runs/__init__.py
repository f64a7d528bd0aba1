"""The reconciliation run as one object: its folder, the rule for which run covers an area, the
run itself from the ledger to the report's figures, and the report's export.

The layer above :mod:`hedui.reports` and below the command line and the web: each of those
makes one call here for a run (:func:`reconcile_period`), a report (:func:`export_report`), or
the figures behind a dashboard (:func:`report_data`).
"""

from hedui.runs.case_workbook import CaseWorkbook, case_workbook
from hedui.runs.covering import covered_periods, covering_run, latest_county, require_covering_run
from hedui.runs.export import (
    AUDIENCES,
    FORMATS,
    ExportedBy,
    ReportedEditions,
    ReportFile,
    export_report,
)
from hedui.runs.figures import report_data, run_figures
from hedui.runs.folder import RunFolder, figures_dir
from hedui.runs.reconciliation import (
    EXPORT_STEP,
    FIGURES_STEP,
    RUN_STEP,
    RunOutcome,
    reconcile_period,
)

__all__ = [
    "AUDIENCES",
    "EXPORT_STEP",
    "FIGURES_STEP",
    "FORMATS",
    "RUN_STEP",
    "CaseWorkbook",
    "ExportedBy",
    "ReportFile",
    "ReportedEditions",
    "RunFolder",
    "RunOutcome",
    "case_workbook",
    "covered_periods",
    "covering_run",
    "export_report",
    "figures_dir",
    "latest_county",
    "reconcile_period",
    "report_data",
    "require_covering_run",
    "run_figures",
]
