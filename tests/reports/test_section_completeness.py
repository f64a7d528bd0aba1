"""The completeness section: the period's estimates, and which model each one is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hedui.period import Period
from hedui.reports.link_figures import link_figures
from hedui.reports.section_completeness import MODEL_AVERAGE, completeness_section
from hedui.stats.link_estimates import estimate_from_link_dir

COUNTY = "320924"


def _row(area: str, estimate: dict[str, Any]) -> dict[str, Any]:
    return {
        "level": "township",
        "area": area,
        "event": "birth",
        "counts": {"health_births": 90, "police_hukou": 80, "village_ledger": 85},
        "n_observed": 100,
        "estimate": {
            "estimable": True,
            "n_hat": 110.0,
            "interval": {"lower": 102.0, "upper": 125.0},
            "completeness": [],
            **estimate,
        },
    }


def test_model_column_says_model_average_when_averaged() -> None:
    """Three townships, one estimate each; the last column names the model.

    320924101 log-linear, averaged (best model [AB][C]) → 模型平均 model average, not [AB][C];
    320924102 log-linear, best model only ([AB][C])      → [AB][C];
    320924103 Chapman (no models, no selection)          → Chapman.
    """
    chosen = {"chosen": {"name": "[AB][C]"}}
    rows = [
        _row("320924101", {"method": "loglinear", "selection": "average", **chosen}),
        _row("320924102", {"method": "loglinear", "selection": "best", **chosen}),
        _row("320924103", {"method": "chapman"}),
    ]
    for audience in ("internal", "public"):
        section = completeness_section(rows, {}, audience, "linkage error")
        (table,) = section.tables
        assert table.columns[-1] == "模型 model"
        assert [row[-1].text for row in table.rows] == [MODEL_AVERAGE, "[AB][C]", "Chapman"]
    assert MODEL_AVERAGE == "模型平均 model average"


def test_estimates_are_of_the_period_events(link_dir: Path) -> None:
    """June 2025 of the synthetic county: the estimates count June's events only.

    The county's estimate of each event type has seen exactly the events the indicators count
    for June (the events table of the same report); every event of the link directory is more
    (the county has about 23 births in the year, 1 in June).
    """
    june = Period(2025, 6)
    figures = link_figures(link_dir, june, None, findings=[])
    counted = next(
        row["events"] for row in figures["indicators"]["areas"]["county"] if row["area"] == COUNTY
    )
    county = [e for e in figures["estimates"] if e["level"] == "county" and e["area"] == COUNTY]
    assert county
    for estimate in county:
        assert estimate["n_observed"] == counted[estimate["event"]], estimate["event"]
    every = estimate_from_link_dir(link_dir, event="birth")
    all_births = next(e.histories.n_observed for e in every if e.area == COUNTY)
    births = next(e["n_observed"] for e in county if e["event"] == "birth")
    assert births < all_births
