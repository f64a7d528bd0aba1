"""The county's headline numbers, as written to ``summary.json`` and shown by ``hedui synth``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["CountySummary"]


@dataclass(frozen=True)
class CountySummary:
    """Counts that describe a synthetic county and how its sources were garbled.

    Attributes:
        seed, year, export_date: How the county was drawn (``export_date`` ISO).
        people: Residents on 1 January (the ``--people`` asked for).
        people_at_export: Residents on the export date.
        persons: Everyone in the truth, including babies, arrivals and outside spouses.
        households, villages, townships: The county's structure on 1 January.
        events: True events of the period by kind (recorded or not).
        twin_births: Babies born as twins.
        records: Records per source.
        errors: Per source, records carrying each injected error kind.
        errors_by_kind: The same summed over sources.
        error_scale: The factor applied to every default error rate.
    """

    seed: int
    year: int
    export_date: str
    people: int
    people_at_export: int
    persons: int
    households: int
    villages: int
    townships: int
    events: dict[str, int]
    twin_births: int
    records: dict[str, int]
    errors: dict[str, dict[str, int]]
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    error_scale: float = 1.0

    @property
    def total_records(self) -> int:
        """Records in all sources together."""
        return sum(self.records.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)

    def to_json(self) -> str:
        """Indented JSON with Chinese characters kept readable."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
