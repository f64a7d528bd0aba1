"""EventDateComparison."""

from __future__ import annotations

from datetime import date

from hedui.linkage.comparisons import EventDateComparison


def on(value: str | None) -> dict[str, object]:
    day = (date.fromisoformat(value) - date(1970, 1, 1)).days if value else None
    return {"event_date": value, "event_day": day}


def test_event_date_levels(levels_of):
    # A marriage registered on 2023-05-20, reported by the village 5, 20, 200, 500 days on.
    registered = on("2023-05-20")
    pairs = [
        (registered, on("2023-05-20")),
        (registered, on("2023-05-25")),
        (registered, on("2023-06-09")),
        (registered, on("2023-12-06")),
        (registered, on("2024-10-01")),
        (registered, on(None)),
    ]
    assert levels_of(EventDateComparison(), pairs) == [
        "同一天 same day",
        "一周内 within a week",
        "一月内 within a month",
        "一年内 within a year",
        "相隔更久 further apart",
        "缺失 missing",
    ]
