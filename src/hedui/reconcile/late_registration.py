"""Late registration: an event written down longer after it happened than the rules allow.

A birth registered months late leaves a child without papers for months, and a death recorded
late keeps a dead person on the rolls; both distort the monthly figures. Each record registered
more than the limit for its event type (:class:`ReconcileOptions`, 30 days by default) after
the event is one finding, saying how many days it took and in which source. The days are
counted per record from the event (a birth: the child's birth date) to the registration
(``recorded_date``; for a police birth record without one, its ``event_date``), as
:func:`hedui.event_dates.lateness_days` defines them. A resident list records no
event, so it is never late.
"""

from __future__ import annotations

import polars as pl

from hedui.event_dates import lateness_days, record_event_date, with_date_columns
from hedui.reconcile.findings import EVENT_LABELS_ZH, SOURCE_LABELS_ZH, Finding, make_finding
from hedui.reconcile.options import ReconcileOptions

__all__ = ["LATE_KIND", "find_late_registrations", "late_records"]

LATE_KIND = "late_registration"
"""Finding kind of a late registration."""


def late_records(records: pl.DataFrame, options: ReconcileOptions) -> pl.DataFrame:
    """The records registered after their event's limit, with ``delay`` and ``limit`` in days.

    Args:
        records: With ``event``, ``event_date``, ``recorded_date`` and (for births)
            ``birth_date`` as ISO text.
        options: The limit per event type.

    Returns:
        The late records, ``event_date`` replaced by the record's date of its event (a
        birth's birth date).
    """
    events = list(options.late_days)
    limit = pl.col("event").replace_strict(
        events, [options.late_days[e] for e in events], default=None, return_dtype=pl.Int64
    )
    return (
        with_date_columns(records)
        .filter(pl.col("event").is_in(events))
        .with_columns(
            lateness_days().alias("delay"),
            limit.alias("limit"),
            record_event_date().alias("event_date"),
        )
        .filter((pl.col("delay") > pl.col("limit")).fill_null(False))
        .sort("source", "record_id")
    )


def _explain(source: str, record_id: str, event: str, delay: int, limit: int) -> tuple[str, str]:
    zh = (
        f"{SOURCE_LABELS_ZH.get(source, source)}记录 {record_id} 的"
        f"{EVENT_LABELS_ZH.get(event, event)}在事件发生 {delay} 天后才登记，超过规定的 {limit} 天"
        f"（晚 {delay - limit} 天）。请核实登记日期和事件日期是否正确；如确属补登，请注明原因。"
    )
    en = (
        f"Record {record_id} of {source} registered this {event} {delay} days after it "
        f"happened, {delay - limit} days beyond the {limit}-day limit. Please check that the "
        f"event and registration dates are right; if it was a late registration, note why."
    )
    return zh, en


def find_late_registrations(
    records: pl.DataFrame, options: ReconcileOptions | None = None
) -> list[Finding]:
    """One finding per record registered later than its event type allows.

    Args:
        records: As :func:`hedui.reconcile.source_records.read_source_records` returns them.
        options: Limits per event type; ``None``: the defaults.

    Returns:
        Findings sorted by source and record; ``values`` holds the delay (days) under the
        source's name and the limit under ``"limit_days"``.
    """
    options = options or ReconcileOptions()
    findings: list[Finding] = []
    for row in late_records(records, options).iter_rows(named=True):
        source, record_id, event = str(row["source"]), str(row["record_id"]), str(row["event"])
        delay, limit = int(row["delay"]), int(row["limit"])
        findings.append(
            make_finding(
                LATE_KIND,
                event,
                str(row["village_code"] or ""),
                [(source, record_id)],
                _explain(source, record_id, event, delay, limit),
                field="recorded_date",
                values={source: str(delay), "limit_days": str(limit)},
                event_date=row["event_date"],
            )
        )
    return findings
