"""Tests for hedui.stats.completeness: each source's share of the estimated true count."""

from __future__ import annotations

import math

import pytest

from hedui.stats.completeness import COMBINED, completeness_table
from hedui.stats.interval import Interval


def test_completeness_table_by_hand() -> None:
    # N̂ = 200 (interval 160–250); 村台账 registered 150: 0.75, interval 150/250 = 0.6 to
    # 150/160 = 0.9375. All sources together saw 170: 0.85, 0.68 to 1 (170/160 > 1, capped).
    registered = {"村台账": 150, "出生证": 120}
    rows = completeness_table(registered, 170, 200.0, Interval(160, 250, 0.95, "log"))
    ledger, births, combined = rows
    assert (ledger.source, ledger.completeness) == ("村台账", 0.75)
    assert ledger.interval.lower == pytest.approx(0.6)
    assert ledger.interval.upper == pytest.approx(0.9375)
    assert births.completeness == pytest.approx(0.6)
    assert combined.source == COMBINED
    assert combined.interval.upper == 1.0
    assert combined.to_dict()["registered"] == 170


def test_completeness_with_an_unbounded_interval_starts_at_zero() -> None:
    rows = completeness_table({"甲": 10}, 10, 50.0, Interval(12, math.inf, 0.95, "profile"))
    assert rows[0].interval.lower == 0.0
    assert rows[0].interval.upper == pytest.approx(10 / 12)


def test_completeness_from_a_wald_interval_below_the_count_is_capped() -> None:
    # A Wald interval can reach below what was seen (here 80 < 90 registered): capped at 1.
    rows = completeness_table({"甲": 90}, 90, 120.0, Interval(80, 160, 0.95, "wald"))
    assert rows[0].interval.upper == 1.0
    assert rows[0].interval.lower == pytest.approx(90 / 160)
