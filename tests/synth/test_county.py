"""generate_county: determinism, speed of small counties, argument checking."""

from __future__ import annotations

import time
from datetime import date

import pytest

from hedui.errors import ConfigurationError
from hedui.progress import RecordingProgress
from hedui.synth import SOURCE_NAMES, STEPS, County, generate_county
from hedui.synth.county import COUNTY_STEP


def test_generate_county_same_seed_gives_identical_frames(small_county: County) -> None:
    again = generate_county(2_000, seed=11)
    for name in SOURCE_NAMES:
        assert again.sources[name].equals(small_county.sources[name])
    assert again.truth.equals(small_county.truth)
    assert again.truth_events.equals(small_county.truth_events)
    assert again.summary == small_county.summary


def test_generate_county_other_seed_gives_another_county(small_county: County) -> None:
    other = generate_county(2_000, seed=12)
    assert not other.sources["police_hukou"].equals(small_county.sources["police_hukou"])


def test_generate_county_small_is_fast() -> None:
    started = time.perf_counter()
    generate_county(2_000, seed=99)
    assert time.perf_counter() - started < 3.0


def test_generate_county_reports_progress_for_every_step() -> None:
    """The county is one step; each of the ten inside it moves it on by a tenth."""
    progress = RecordingProgress()
    generate_county(500, seed=1, progress=progress)
    assert progress.steps == [COUNTY_STEP, *STEPS]
    moved = [v for kind, name, v in progress.events if (kind, name) == ("advance", COUNTY_STEP)]
    assert len(moved) == len(STEPS) == 10 and sum(v or 0 for v in moved) == pytest.approx(1.0)
    assert progress.events[-1] == ("finish", COUNTY_STEP, None)


def test_generate_county_rejects_impossible_arguments_all_at_once() -> None:
    with pytest.raises(ConfigurationError) as raised:
        generate_county(5, seed=1, year=2026, export_date=date(2025, 6, 30))
    assert len(raised.value.problems) == 2


def test_generate_county_summary_counts_match_the_tables(small_county: County) -> None:
    summary = small_county.summary
    assert summary.people == 2_000
    for name in SOURCE_NAMES:
        assert summary.records[name] == small_county.sources[name].height
    assert summary.total_records == small_county.truth.height
    events = small_county.truth_events
    for kind, count in summary.events.items():
        assert events.filter(events["event"] == kind).height == count
    assert events.filter(events["event"] == "resident").height == summary.people_at_export


def test_generate_county_early_export_shortens_the_period() -> None:
    county = generate_county(3_000, seed=4, year=2026, export_date=date(2026, 6, 30))
    events = county.truth_events.filter(county.truth_events["event"] != "resident")
    assert events["event_date"].max() <= "2026-06-30"
    for frame in county.sources.values():
        if frame.height:
            assert frame["recorded_date"].max() <= "2026-06-30"
