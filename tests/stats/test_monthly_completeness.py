"""Completeness month by month from one run's linked births, each dated by its event date."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.period import Period
from hedui.stats.monthly_completeness import monthly_completeness, months_to_date

VILLAGE = "320924101201"
OTHER_TOWNSHIP = "320924102201"


def _link_dir(out: Path) -> Path:
    """January 2025: 20 births of VILLAGE; the hospital holds c1–c18, the ledger c1–c15 and
    c19 (16), the police c1–c10; c21 (hospital only) is in another township. February: three
    births, c31–c33, in both the ledger and the hospital."""
    rows = []

    def add(source: str, cluster: str, village: str, day: str) -> None:
        rows.append((source, f"{source}-{cluster}", cluster, "birth", village, day, day))

    for i in range(1, 21):
        cluster, day = f"c{i}", f"2025-01-{i:02d}"
        if i <= 18:
            add("health_births", cluster, VILLAGE, day)
        if i <= 15 or i == 19:
            add("village_ledger", cluster, VILLAGE, day)
        if i <= 10:
            add("police_hukou", cluster, VILLAGE, day)
    add("health_births", "c21", OTHER_TOWNSHIP, "2025-01-05")
    for i in (31, 32, 33):
        for source in ("health_births", "village_ledger"):
            add(source, f"c{i}", VILLAGE, f"2025-02-{i - 20:02d}")
    frame = pl.DataFrame(
        rows,
        schema=[
            "source",
            "record_id",
            "cluster_id",
            "event",
            "village",
            "event_date",
            "birth_date",
        ],
        orient="row",
    ).with_columns(pl.lit("1").alias("sex"))
    out.mkdir(parents=True, exist_ok=True)
    frame.select("source", "record_id", "cluster_id").write_csv(out / "clusters.csv")
    frame.drop("cluster_id").write_parquet(out / "records.parquet")
    return out


def test_months_to_date_run_from_january() -> None:
    assert months_to_date(Period(2025, 3)) == ["2025-01", "2025-02", "2025-03"]


def test_monthly_completeness_worked_example(tmp_path: Path) -> None:
    months = monthly_completeness(_link_dir(tmp_path), Period(2025, 3), area_code="320924101")
    assert [m.month for m in months] == ["2025-01", "2025-02", "2025-03"]
    january, february, march = months
    # Ledger 16, hospital 18, both 15: Chapman N = 17·19/16 − 1 = 19.1875.
    assert january.registered == {"health_births": 18, "village_ledger": 16, "police_hukou": 10}
    assert january.n_hat == pytest.approx(19.1875)
    share, lower, upper = january.completeness("village_ledger") or (0.0, 0.0, 0.0)
    assert share == pytest.approx(16 / 19.1875)
    assert january.n_lower is not None and january.n_upper is not None
    assert lower == pytest.approx(16 / january.n_upper) and upper <= 1.0
    assert january.n_lower == int(january.n_lower)  # rounded outwards to whole births
    assert january.completeness("police_hukou") == pytest.approx(
        (10 / 19.1875, 10 / january.n_upper, 10 / january.n_lower)
    )
    # February: three births in both, fewer than seven: no estimate, the reason instead.
    assert not february.estimable and february.completeness("village_ledger") is None
    assert february.reason is not None and "太少" in february.reason
    assert february.registered == {"health_births": 3, "village_ledger": 3}
    # March: nothing registered; listed so the line shows the gap.
    assert march.registered == {} and not march.estimable
    assert january.to_dict()["completeness"]["village_ledger"][0] == pytest.approx(share)


def test_monthly_completeness_keeps_to_the_area(tmp_path: Path) -> None:
    county = monthly_completeness(_link_dir(tmp_path), Period(2025, 1), area_code="320924")
    assert county[0].registered["health_births"] == 19  # c21 of the other township too
    other = monthly_completeness(_link_dir(tmp_path), Period(2025, 1), area_code="320924102")
    assert other[0].registered == {"health_births": 1}
