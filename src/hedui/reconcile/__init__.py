"""Reconciliation: discrepancies between sources become findings, later follow-up cases.

:func:`find_all` reads a link directory (``hedui link --out DIR``) and returns every finding:
events missing from a source expected to hold them (:mod:`~hedui.reconcile.missing`), fields
on which the records of one person disagree (:mod:`~hedui.reconcile.conflicts`), one person
entered twice in one source (:mod:`~hedui.reconcile.duplicates`), values that cannot be right
(:mod:`~hedui.reconcile.invalid_values`), events recorded after the legal limit
(:mod:`~hedui.reconcile.late_registration`) and moves within the county whose other half is
not recorded (:mod:`~hedui.reconcile.migration`). Every event is placed in its period by the
rule of :mod:`hedui.event_dates` (a birth by the child's birth date, not by the date
the police registered it). Findings are about records to verify and
correct, never about people to act against. ``docs/reconcile.md`` describes every kind.
"""

from __future__ import annotations

from pathlib import Path

from hedui.linkage.link_dir import LinkDir
from hedui.period import Period, parse_period
from hedui.reconcile.case_groups import assign_person_keys
from hedui.reconcile.conflicts import CONFLICT_FIELDS, conflict_kind, find_conflicts
from hedui.reconcile.duplicates import DUPLICATE_KIND, find_duplicates
from hedui.reconcile.findings import Finding, read_linked_records
from hedui.reconcile.invalid_values import INVALID_KINDS, find_invalid_values
from hedui.reconcile.late_registration import LATE_KIND, find_late_registrations
from hedui.reconcile.migration import MIGRATION_KINDS, find_migration_mismatches
from hedui.reconcile.missing import EXPECTED_SOURCES, find_missing, missing_kind
from hedui.reconcile.nameless_newborns import attach_nameless_newborns, nameless_duplicates
from hedui.reconcile.options import DEFAULT_LATE_DAYS, ReconcileOptions
from hedui.reconcile.source_records import read_source_records

__all__ = [
    "CONFLICT_FIELDS",
    "DEFAULT_LATE_DAYS",
    "DUPLICATE_KIND",
    "EXPECTED_SOURCES",
    "INVALID_KINDS",
    "LATE_KIND",
    "MIGRATION_KINDS",
    "Finding",
    "Period",
    "ReconcileOptions",
    "conflict_kind",
    "find_all",
    "find_conflicts",
    "find_duplicates",
    "find_invalid_values",
    "find_late_registrations",
    "find_migration_mismatches",
    "find_missing",
    "missing_kind",
    "parse_period",
    "read_linked_records",
]


def _within(finding: Finding, period: Period | None) -> bool:
    """Whether a run "to date" for ``period`` keeps ``finding``.

    A resident list is a snapshot of today, not an event of a month, so its findings are
    kept whatever the period; so are findings without a known date (a record without a
    usable date is itself something to verify, and would otherwise never be seen).
    """
    if period is None or finding.event == "resident" or finding.event_date is None:
        return True
    return finding.event_date <= period.end.isoformat()


def find_all(
    link_dir: LinkDir | Path | str,
    *,
    period: Period | None = None,
    options: ReconcileOptions | None = None,
) -> list[Finding]:
    """Every finding of a link directory, up to the end of ``period``.

    Order: missing, conflicts, duplicates, invalid values, late registrations, migration.

    Args:
        link_dir: Output directory of a linkage run (``clusters.csv``, ``records.parquet``,
            ``sources.parquet``, ``duplicates.csv``).
        period: Keep findings whose event date is on or before the period's end (a run "to
            date": a March birth still unregistered is still a finding in October).
            ``None`` keeps every finding.
        options: Limits and ages (:class:`ReconcileOptions`); ``None`` uses the defaults.

    Returns:
        The findings, each with the ``person_key`` of the person it is about
        (:mod:`hedui.reconcile.case_groups`); each ``case_key`` is unique within the list.

    Raises:
        LinkDirError: a file of the link directory is missing; run ``hedui link`` again.
    """
    link = LinkDir.open(link_dir)
    options = options or ReconcileOptions()
    linked = read_linked_records(link)
    records = attach_nameless_newborns(link, linked)
    as_written = read_source_records(link, records)
    findings = [
        *find_missing(records),
        *find_conflicts(records),
        *find_duplicates(link, records, nameless_duplicates(linked, records)),
        *find_invalid_values(as_written, options),
        *find_late_registrations(as_written, options),
        *find_migration_mismatches(as_written),
    ]
    kept = [f for f in findings if _within(f, period)]
    return assign_person_keys(as_written, kept)
