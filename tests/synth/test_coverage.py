"""What each source holds: coverage below 100 %, delays, and rosters that go stale."""

from __future__ import annotations

import polars as pl

from hedui.synth import County

from .joins import records_with_truth


def _events(county: County, kind: str) -> pl.DataFrame:
    return county.truth_events.filter(pl.col("event") == kind)


def test_coverage_every_source_misses_something(county_20k: County) -> None:
    births = _events(county_20k, "birth")
    for source in ("village_ledger", "township_db", "health_births", "police_hukou"):
        covered = births.filter(pl.col("recorded_in").str.contains(source)).height
        assert 0.75 * births.height < covered < births.height, source
    residents = _events(county_20k, "resident")
    for source in ("village_ledger", "township_db", "police_hukou"):
        listed = residents.filter(pl.col("recorded_in").str.contains(source)).height
        assert 0.8 * residents.height < listed < residents.height, source


def test_coverage_some_villages_keep_much_poorer_ledgers(county_20k: County) -> None:
    residents = _events(county_20k, "resident")
    by_village = residents.group_by("village_code").agg(
        pl.col("recorded_in").str.contains("village_ledger").mean().alias("share"),
        pl.len().alias("people"),
    )
    shares = by_village.filter(pl.col("people") >= 100)["share"]
    assert shares.max() > 0.88
    assert shares.min() < 0.82


def test_coverage_police_rosters_keep_people_whose_death_they_missed(county_20k: County) -> None:
    deaths = _events(county_20k, "death")
    missed = deaths.filter(~pl.col("recorded_in").str.contains("police_hukou"))
    assert missed.height > 0
    police = records_with_truth(county_20k, "police_hukou").filter(pl.col("event") == "resident")
    listed_dead = police.filter(pl.col("person_id").is_in(missed["person_id"].implode()))
    # Most people the police knew on 1 January and never heard had died are still listed.
    assert listed_dead.height > 0.8 * missed.height
    recorded = deaths.filter(pl.col("recorded_in").str.contains("police_hukou"))
    assert police.filter(pl.col("person_id").is_in(recorded["person_id"].implode())).height == 0


def test_coverage_records_come_after_events_and_by_the_export(county_20k: County) -> None:
    for source, frame in county_20k.sources.items():
        events = frame.filter(
            (pl.col("event") != "resident")
            & ~pl.col("event_date").str.contains("[/年.]")
            & pl.col("event_date").str.contains("-")
        )
        assert (events["recorded_date"] >= events["event_date"]).all(), source
        assert frame["recorded_date"].max() <= "2025-12-31"


def test_coverage_babies_have_numbers_only_after_police_registration(county_20k: County) -> None:
    # A duplicate is typed from the same paper as its original, so only originals count.
    ledger = records_with_truth(county_20k, "village_ledger").filter(
        (pl.col("event") == "birth") & (pl.col("errors") == "")
    )
    registered = (
        records_with_truth(county_20k, "police_hukou")
        .filter(pl.col("event") == "birth")
        .group_by("person_id")
        .agg(pl.col("recorded_date").min())
    )
    day = dict(zip(registered["person_id"], registered["recorded_date"], strict=True))
    assert ledger.height > 100
    for row in ledger.iter_rows(named=True):
        known = row["person_id"] in day and day[row["person_id"]] <= row["recorded_date"]
        assert (row["id_number"] is not None) == known


def test_coverage_civil_marriages_have_one_record_per_spouse(county_20k: County) -> None:
    civil = records_with_truth(county_20k, "civil_marriages").filter(
        ~pl.col("errors").str.contains("duplicate")
    )
    assert set(civil["event"].unique().to_list()) <= {"marriage", "divorce"}
    assert civil["entity_id"].is_unique().all()
    assert civil["spouse_name"].null_count() == 0
