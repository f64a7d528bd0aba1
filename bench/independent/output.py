"""The files: three sources, the truth of every record, the true events, the notes."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from bench.independent.events import TrueEvent
from bench.independent.records import COLUMNS, SOURCES, Record

FILES = {source: f"{source}.csv" for source in SOURCES}


def _write(path: Path, header: Iterable[str], rows: Iterable[Iterable[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_sources(out: Path, records: list[Record]) -> None:
    """``village_ledger.csv``, ``health_births.csv``, ``police_hukou.csv``, by record number."""
    for source, filename in FILES.items():
        rows = sorted((r for r in records if r.source == source), key=lambda r: r.record_id)
        _write(out / filename, COLUMNS, ([r.written[c] for c in COLUMNS] for r in rows))


def write_truth(out: Path, records: list[Record]) -> None:
    """``truth.csv``: the entity and true event of every record."""
    rows = sorted(records, key=lambda r: (r.source, r.record_id))
    _write(
        out / "truth.csv",
        ("source", "record_id", "entity_id", "event"),
        ((r.source, r.record_id, r.entity, r.truth.kind) for r in rows),
    )


def write_events(out: Path, events: list[TrueEvent]) -> None:
    """``truth_events.csv``: every event of the year, recorded or not."""
    _write(
        out / "truth_events.csv",
        ("entity_id", "event", "event_date", "village_code", "sex", "twin"),
        (
            (
                e.entity,
                e.kind,
                e.day.isoformat(),
                e.village.code,
                str(e.person.sex),
                str(int(e.twin is not None)),
            )
            for e in events
        ),
    )


def write_notes(out: Path, records: list[Record]) -> None:
    """``corruptions.csv``: every deliberate difference between the truth and a record."""
    rows = sorted(records, key=lambda r: (r.source, r.record_id))
    _write(
        out / "corruptions.csv",
        ("source", "record_id", "field", "kind", "clean", "written"),
        (
            (r.source, r.record_id, n.field, n.kind, n.clean, n.written)
            for r in rows
            for n in r.notes
        ),
    )
