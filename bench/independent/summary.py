"""``summary.json``: the counts a benchmark reports next to its scores."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.independent.config import Window
from bench.independent.corruption import Tally
from bench.independent.events import TrueEvent
from bench.independent.geography import County
from bench.independent.records import SOURCES, Record


def summarize(
    *,
    seed: int,
    people: int,
    county: County,
    window: Window,
    events: list[TrueEvent],
    records: list[Record],
    tallies: dict[str, Tally],
) -> dict[str, Any]:
    """Everything counted, as plain JSON values."""
    births = {e.entity for e in events if e.kind == "birth"}
    recorded = {
        s: {r.entity for r in records if r.source == s and r.entity in births} for s in SOURCES
    }
    anywhere = set().union(*recorded.values())
    police_births = [r for r in records if r.source == "police_hukou" and r.event == "birth"]
    notes = Counter(n.kind for r in records for n in r.notes)
    return {
        "seed": seed,
        "year": window.year,
        "export_cutoff": window.cutoff.isoformat(),
        "people": people,
        "county": {"code": county.code, "name": county.name, "province": county.province},
        "townships": len(county.townships),
        "villages": len(county.villages),
        "true_events": dict(sorted(Counter(e.kind for e in events).items())),
        "twin_pairs": sum(1 for e in events if e.order == 1),
        "hidden_births": sum(1 for e in events if e.hidden),
        "births": {
            "true": len(births),
            "recorded_by": {s: len(recorded[s]) for s in SOURCES},
            "recorded_by_any": len(anywhere),
            "recorded_by_none": len(births - anywhere),
            "police_registered_next_year": sum(
                1 for r in police_births if r.event_date.year > window.year
            ),
        },
        "records": {
            s: dict(sorted(Counter(r.event for r in records if r.source == s).items()))
            for s in SOURCES
        },
        "records_total": len(records),
        "entities_recorded": len({r.entity for r in records}),
        "duplicates": notes.get("duplicate_record", 0),
        "reissued_certificates": notes.get("certificate_reissued", 0),
        "notes": dict(sorted(notes.items())),
        "corruptions": {
            k: {"eligible": t.eligible, "applied": t.applied} for k, t in tallies.items()
        },
        "date_styles": dict(sorted(Counter(s for r in records for s in r.styles.values()).items())),
    }
