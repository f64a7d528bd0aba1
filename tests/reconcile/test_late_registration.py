"""Tests for hedui.reconcile.late_registration."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.reconcile import DEFAULT_LATE_DAYS, LATE_KIND, ReconcileOptions, find_all
from hedui.reconcile.late_registration import late_records

from .conftest import WriteLinkDir

V = "110101001001"


def test_late_registration_counts_days_per_event(write_link_dir: WriteLinkDir) -> None:
    """Limits: birth 30 days (default), death 10 (option).

    P1 birth 2025-03-01 recorded 2025-04-20: 50 days > 30 → late by 20.
    P2 birth 2025-03-01 recorded 2025-03-31: 30 days, not beyond 30 → none.
    P3 death 2025-05-01 recorded 2025-05-12: 11 days > 10 → late by 1.
    T4 resident recorded years ago → never late.
    P5 birth recorded in the source's own form 2025年6月1日, event 2025-03-01 → 92 days.
    P6 birth the police registered on 2025-05-01 (their event_date) with no recorded_date,
    born 2025-03-01: registration date − birth date = 61 days (issue #11: the registration
    date decides only lateness).
    """
    link_dir = write_link_dir(
        [
            ("police_hukou", "P1", "C1", "birth", None, "甲", "2025-03-01", "1", V, "2025-03-01"),
            ("police_hukou", "P2", "C2", "birth", None, "乙", "2025-03-01", "1", V, "2025-03-01"),
            ("police_hukou", "P3", "C3", "death", None, "丙", "1930-01-01", "2", V, "2025-05-01"),
            ("township_db", "T4", "C4", "resident", None, "丁", "1960-01-01", "2", V, "2025-12-31"),
            ("police_hukou", "P5", "C5", "birth", None, "戊", "2025-03-01", "1", V, "2025-03-01"),
            ("police_hukou", "P6", "C6", "birth", None, "己", "2025-03-01", "1", V, "2025-05-01"),
        ],
        [],
        raw={
            ("police_hukou", "P1"): {"recorded_date": "2025-04-20"},
            ("police_hukou", "P2"): {"recorded_date": "2025-03-31"},
            ("police_hukou", "P3"): {"recorded_date": "2025-05-12"},
            ("township_db", "T4"): {"recorded_date": "2001-01-01"},
            ("police_hukou", "P5"): {"recorded_date": "2025年6月1日"},
            ("police_hukou", "P6"): {"recorded_date": None},
        },
    )
    options = ReconcileOptions(late_days={"death": 10}, reference_date=date(2025, 12, 31))
    late = [f for f in find_all(link_dir, options=options) if f.kind == LATE_KIND]
    assert [(f.records[0][1], f.values_by_source) for f in late] == [
        ("P1", {"police_hukou": "50", "limit_days": "30"}),
        ("P3", {"police_hukou": "11", "limit_days": "10"}),
        ("P5", {"police_hukou": "92", "limit_days": "30"}),
        ("P6", {"police_hukou": "61", "limit_days": "30"}),
    ]
    assert "50 天" in late[0].explanation_zh and "晚 20 天" in late[0].explanation_zh
    assert "police_hukou" in late[0].explanation_en
    assert late[0].event_date == "2025-03-01"
    assert late[-1].event_date == "2025-03-01"  # the birth, not the registration


events = st.sampled_from([*DEFAULT_LATE_DAYS, "resident"])


@given(
    st.lists(st.tuples(events, st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.integers(-5, 400))),
    st.integers(0, 120),
)
def test_late_records_iff_delay_beyond_limit(
    rows: list[tuple[str, date, int]], birth_limit: int
) -> None:
    """A record is late exactly when its event has a limit and the delay exceeds it."""
    options = ReconcileOptions(late_days={"birth": birth_limit})
    frame = pl.DataFrame(
        {
            "source": ["s"] * len(rows),
            "record_id": [f"R{i:04d}" for i in range(len(rows))],
            "event": [e for e, _, _ in rows],
            "event_date": [d.isoformat() for _, d, _ in rows],
            "recorded_date": [(d + timedelta(days=k)).isoformat() for _, d, k in rows],
        },
        schema={
            c: pl.Utf8 for c in ("source", "record_id", "event", "event_date", "recorded_date")
        },
    )
    late = set(late_records(frame, options).get_column("record_id").to_list())
    expected = {
        f"R{i:04d}"
        for i, (event, _, delay) in enumerate(rows)
        if event != "resident" and delay > options.late_days[event]
    }
    assert late == expected
