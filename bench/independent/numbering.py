"""Record numbers as each source hands them out: in order of entry, per village ledger, per
police station, across the hospitals' certificate series. Numbers say nothing about the truth."""

from __future__ import annotations

import random

from bench.independent.config import Window
from bench.independent.geography import County
from bench.independent.records import HOSPITAL, LEDGER, Record


def number_records(
    records: list[Record], county: County, window: Window, rng: random.Random
) -> None:
    """Give every record its ``record_id`` (written too)."""
    ties = {id(r): rng.random() for r in records}
    ordered = sorted(records, key=lambda r: (r.source, r.unit, r.entry, ties[id(r)]))
    counters: dict[tuple[str, str], int] = {}
    for record in ordered:
        key = (record.source, record.unit)
        counters[key] = n = counters.get(key, 0) + 1
        if record.source == LEDGER:
            record.record_id = f"{record.unit[6:]}-{window.year}-{n:04d}"
        elif record.source == HOSPITAL:
            record.record_id = f"Q{county.code[2:6]}{window.year % 100:02d}{n:04d}"
        else:
            record.record_id = f"GA{record.unit[6:]}{window.year}{n:06d}"
        record.written["record_id"] = record.record_id
