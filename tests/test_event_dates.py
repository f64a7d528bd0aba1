"""Tests for hedui.event_dates: the one rule that dates every event."""

from __future__ import annotations

import polars as pl
import pytest

from hedui.event_dates import (
    event_dates,
    event_month,
    in_period,
    lateness_days,
    record_event_date,
    registration_date,
    up_to,
)
from hedui.period import Period

COLUMNS = ("cluster_id", "source", "event", "event_date", "birth_date", "birth_date_partial")


def _dates(
    rows: list[tuple[str | None, ...]],
) -> dict[str, tuple[str | None, str | None, str | None]]:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.Utf8), orient="row")
    out = event_dates(frame, "cluster_id")
    return {
        r["cluster_id"]: (r["event_date"], r["date_first"], r["date_last"])
        for r in out.iter_rows(named=True)
    }


def test_event_dates_police_january_registration_stays_in_december() -> None:
    """A birth on 28 December the police registered on 5 January belongs to December."""
    dates = _dates(
        [
            # Hospital and police: the hospital's birth date wins (rank 1).
            ("B1", "health_births", "birth", "2025-12-28", "2025-12-28", None),
            ("B1", "police_hukou", "birth", "2026-01-05", "2025-12-28", None),
            # Ledger without a birth date, police with one: the police's birth date (rank 2),
            # not their registration date, and not the ledger's event date (rank 3).
            ("B2", "village_ledger", "birth", "2025-12-30", None, None),
            ("B2", "police_hukou", "birth", "2026-01-05", "2025-12-29", None),
            # Only the police, and no birth date: their event date is all there is (rank 4).
            ("B3", "police_hukou", "birth", "2026-01-05", None, None),
        ]
    )
    assert dates["B1"] == ("2025-12-28", "2025-12-28", "2025-12-28")
    assert dates["B2"][0] == "2025-12-29"
    assert dates["B3"][0] == "2026-01-05"


def test_event_dates_hospital_outranks_a_majority() -> None:
    # Ledger and township (a copy of the ledger) say 27 December, the hospital 28th: the
    # hospital writes the birth down on the day.
    dates = _dates(
        [
            ("B1", "health_births", "birth", "2025-12-28", None, None),
            ("B1", "village_ledger", "birth", "2025-12-27", "2025-12-27", None),
            ("B1", "township_db", "birth", "2025-12-27", "2025-12-27", None),
        ]
    )
    assert dates["B1"][0] == "2025-12-28"


def test_event_dates_death_police_cancellation_date_counts_last() -> None:
    dates = _dates(
        [
            # Ledger 20 December, police cancelled the registration on 10 January.
            ("D1", "village_ledger", "death", "2025-12-20", "1940-01-01", None),
            ("D1", "police_hukou", "death", "2026-01-10", "1940-01-01", None),
            # Only the police know it.
            ("D2", "police_hukou", "death", "2026-01-10", None, None),
            # Two sources disagree, neither the police: a tie goes to the earliest.
            ("D3", "village_ledger", "death", "2025-12-21", None, None),
            ("D3", "township_db", "death", "2025-12-19", None, None),
            # Three against one: the most common.
            ("D4", "village_ledger", "death", "2025-12-21", None, None),
            ("D4", "township_db", "death", "2025-12-21", None, None),
            ("D4", "civil_marriages", "death", "2025-11-02", None, None),
        ]
    )
    assert {k: v[0] for k, v in dates.items()} == {
        "D1": "2025-12-20",
        "D2": "2026-01-10",
        "D3": "2025-12-19",
        "D4": "2025-12-21",
    }


def test_event_dates_move_within_the_county_is_dated_by_its_move_out() -> None:
    # Out of A on 1 March (one record), into B on 5 March (two records): 1 March, although
    # more records say 5 March. Keyed by half, each half keeps its own date.
    rows: list[tuple[str | None, ...]] = [
        ("M1", "village_ledger", "move_out", "2025-03-01", None, None),
        ("M1", "village_ledger", "move_in", "2025-03-05", None, None),
        ("M1", "township_db", "move_in", "2025-03-05", None, None),
    ]
    assert _dates(rows)["M1"][0] == "2025-03-01"
    frame = pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.Utf8), orient="row")
    halves = event_dates(frame, ["cluster_id", "event"]).sort("event")
    assert halves.get_column("event_date").to_list() == ["2025-03-05", "2025-03-01"]


def test_event_dates_partial_birth_date_places_only_in_a_period_holding_its_span() -> None:
    dates = _dates(
        [
            ("P1", "village_ledger", "birth", None, None, "2025-12"),
            ("P2", "village_ledger", "birth", None, None, "2025"),
            # A whole day anywhere beats a partial date.
            ("P3", "village_ledger", "birth", None, None, "2025-11"),
            ("P3", "township_db", "birth", None, "2025-11-03", None),
            # A partial date of a death is the person's birth, not the event: undated.
            ("P4", "village_ledger", "death", None, None, "1940"),
            # Nothing usable: undated, and nothing fails.
            ("P5", "village_ledger", "birth", "", "not a date", "12/2025"),
        ]
    )
    assert dates["P1"] == (None, "2025-12-01", "2025-12-31")
    assert dates["P2"] == (None, "2025-01-01", "2025-12-31")
    assert dates["P3"] == ("2025-11-03", "2025-11-03", "2025-11-03")
    assert dates["P4"] == (None, None, None)
    assert dates["P5"] == (None, None, None)
    frame = pl.DataFrame(
        [(k, *v) for k, v in dates.items()],
        schema=["cluster_id", "event_date", "date_first", "date_last"],
        orient="row",
    )
    placed = frame.select(
        "cluster_id",
        in_period(Period(2025, 12)).alias("december"),
        in_period(Period(2025)).alias("year"),
        up_to(Period(2025, 11)).alias("to_november"),
        event_month().alias("month"),
    )
    assert placed.sort("cluster_id").rows() == [
        ("P1", True, True, False, "2025-12"),
        ("P2", False, True, False, None),
        ("P3", False, True, True, "2025-11"),
        ("P4", False, False, False, None),
        ("P5", False, False, False, None),
    ]


def test_event_dates_without_date_columns_gives_undated_events() -> None:
    frame = pl.DataFrame({"cluster_id": ["C1"], "source": ["A"], "event": ["birth"]})
    assert event_dates(frame, "cluster_id").row(0) == ("C1", None, None, None)


@pytest.mark.parametrize(
    ("event", "event_date", "birth_date", "recorded", "expected"),
    [
        # Police birth, no recorded_date: registered 5 January, born 28 December → 8 days.
        ("birth", "2026-01-05", "2025-12-28", None, 8),
        # A recorded_date is the registration date whatever event_date says: 40 days.
        ("birth", "2025-12-28", "2025-12-28", "2026-02-06", 40),
        # Hospital: event date = birth date and no recorded_date: nothing to measure.
        ("birth", "2025-12-28", "2025-12-28", None, None),
        # A death: recorded − event date, the birth date plays no part.
        ("death", "2025-12-20", "1940-01-01", "2026-01-29", 40),
        ("death", None, "1940-01-01", "2026-01-29", None),
    ],
)
def test_lateness_days_per_record(
    event: str,
    event_date: str | None,
    birth_date: str | None,
    recorded: str | None,
    expected: int | None,
) -> None:
    frame = pl.DataFrame(
        {
            "event": [event],
            "event_date": [event_date],
            "birth_date": [birth_date],
            "recorded_date": [recorded],
        },
        schema=dict.fromkeys(["event", "event_date", "birth_date", "recorded_date"], pl.Utf8),
    )
    row = frame.select(
        lateness_days().alias("late"),
        record_event_date().alias("day"),
        registration_date().alias("written"),
    ).row(0, named=True)
    assert row["late"] == expected
    assert row["day"] == (birth_date if event == "birth" else event_date)
