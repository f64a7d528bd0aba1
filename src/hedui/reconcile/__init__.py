"""Reconciliation: discrepancies between sources become findings, later follow-up cases.

:func:`find_all` reads a link directory (``hedui link --out DIR``) and returns every finding:
events missing from a source expected to hold them (:mod:`~hedui.reconcile.missing`), fields
on which the records of one person disagree (:mod:`~hedui.reconcile.conflicts`) and one person
entered twice in one source (:mod:`~hedui.reconcile.duplicates`). Findings are about records
to verify and correct, never about people to act against.
"""

from __future__ import annotations

from pathlib import Path

from hedui.reconcile.conflicts import CONFLICT_FIELDS, conflict_kind, find_conflicts
from hedui.reconcile.duplicates import DUPLICATE_KIND, find_duplicates
from hedui.reconcile.findings import Finding, read_linked_records
from hedui.reconcile.missing import EXPECTED_SOURCES, find_missing, missing_kind

__all__ = [
    "CONFLICT_FIELDS",
    "DUPLICATE_KIND",
    "EXPECTED_SOURCES",
    "Finding",
    "conflict_kind",
    "find_all",
    "find_conflicts",
    "find_duplicates",
    "find_missing",
    "missing_kind",
    "read_linked_records",
]


def find_all(link_dir: Path | str) -> list[Finding]:
    """Every finding of a link directory: missing, then conflicts, then duplicates.

    Args:
        link_dir: Output directory of a linkage run (``clusters.csv``, ``records.parquet``,
            ``duplicates.csv``).

    Returns:
        The findings; each ``case_key`` is unique within the list.
    """
    directory = Path(link_dir)
    records = read_linked_records(directory)
    return [
        *find_missing(records),
        *find_conflicts(records),
        *find_duplicates(directory, records),
    ]
