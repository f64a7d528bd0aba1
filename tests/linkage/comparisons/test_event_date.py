"""EventDateComparison."""

from __future__ import annotations

from datetime import date

from hedui.linkage.comparisons import EventDateComparison


def on(value: str | None, event: str = "marriage") -> dict[str, object]:
    day = (date.fromisoformat(value) - date(1970, 1, 1)).days if value else None
    return {"event_date": value, "event_day": day, "event": event}


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


def test_event_date_is_no_evidence_between_two_births(levels_of):
    # 刘子睿: born (hospital) 2025-03-20, registered by the police 2025-04-30. The police's
    # event date is the registration day; births compare by birth date instead.
    hospital = on("2025-03-20", "birth")
    police = on("2025-04-30", "birth")
    assert levels_of(EventDateComparison(), [(hospital, police)]) == [
        "出生：以出生日期比较 births compare by birth date"
    ]
