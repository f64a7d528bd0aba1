"""The summary written to summary.json."""

from __future__ import annotations

import json

from hedui.synth import CountySummary


def test_county_summary_json_keeps_chinese_readable_and_totals_records() -> None:
    summary = CountySummary(
        seed=1,
        year=2026,
        export_date="2026-12-31",
        people=10,
        people_at_export=10,
        persons=11,
        households=4,
        villages=1,
        townships=1,
        events={"birth": 1},
        twin_births=0,
        records={"village_ledger": 9, "police_hukou": 10},
        errors={"village_ledger": {"id_15": 2}},
        errors_by_kind={"id_15": 2},
    )
    assert summary.total_records == 19
    text = summary.to_json()
    assert json.loads(text)["errors"] == {"village_ledger": {"id_15": 2}}
    assert CountySummary(**json.loads(text)) == summary
