"""The truth tables are exact: every record has one truth row and an entity that exists."""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.synth import SOURCE_NAMES, County


def _events(county: County, kind: str) -> pl.DataFrame:
    return county.truth_events.filter(pl.col("event") == kind)


def _record_entity() -> pl.Expr:
    """The entity ``truth.csv`` gives the records of a true event: a move between two villages
    of the county is one entity, ``P…:move:1``, for both its halves."""
    within = pl.col("within_county").cast(pl.Utf8).is_in(["true", "1"]) & pl.col("event").is_in(
        ["move_in", "move_out"]
    )
    return pl.when(within).then(pl.col("person_id") + ":move:1").otherwise(pl.col("entity_id"))


def test_truth_has_one_row_per_record(small_county: County) -> None:
    truth = small_county.truth
    assert truth.select("source", "record_id").is_unique().all()
    for name in SOURCE_NAMES:
        records = small_county.sources[name].select("source", "record_id")
        assert records["record_id"].is_unique().all()
        joined = records.join(truth, on=["source", "record_id"], how="anti")
        assert joined.height == 0
    assert truth.height == sum(frame.height for frame in small_county.sources.values())


def test_truth_every_entity_is_a_true_event_or_a_stale_roster_person(small_county: County) -> None:
    events = small_county.truth_events
    entities = set(events.select(_record_entity().alias("entity_id"))["entity_id"].to_list())
    # A roster may still list someone who died or left: their person id is in the truth
    # through that death or move-out, not as a resident.
    gone = set(events.filter(pl.col("event").is_in(["death", "move_out"]))["person_id"].to_list())
    for row in small_county.truth.iter_rows(named=True):
        assert row["entity_id"] in entities or row["entity_id"] in gone


def test_truth_events_entities_are_unique(county_20k: County) -> None:
    assert county_20k.truth_events["entity_id"].is_unique().all()


def test_truth_events_recorded_in_agrees_with_truth(small_county: County) -> None:
    pairs = small_county.truth.select("entity_id", "source").unique()
    events = small_county.truth_events.with_columns(_record_entity().alias("record_entity"))
    recorded: dict[str, set[str]] = {}
    for row in events.iter_rows(named=True):
        recorded.setdefault(row["record_entity"], set()).update(
            filter(None, row["recorded_in"].split(";"))
        )
    for entity in events["record_entity"].head(300):
        expected = set(pairs.filter(pl.col("entity_id") == entity)["source"].to_list())
        # The two halves of a move inside the county share one record entity.
        assert recorded[entity] == expected


def test_truth_births_have_mothers_of_plausible_age(county_20k: County) -> None:
    events = county_20k.truth_events
    births = _events(county_20k, "birth")
    people = events.select("person_id", "sex", "birth_date").unique("person_id")
    mothers = births.join(
        people.rename({"person_id": "mother_person_id", "sex": "m_sex", "birth_date": "m_birth"}),
        on="mother_person_id",
        how="left",
    )
    assert mothers["m_sex"].to_list() == ["2"] * births.height
    for born, mother_born in zip(mothers["event_date"], mothers["m_birth"], strict=True):
        age = (date.fromisoformat(born) - date.fromisoformat(mother_born)).days / 365.25
        assert 15 <= age <= 50


def test_truth_twins_share_mother_and_date(county_20k: County) -> None:
    twins = _events(county_20k, "birth").filter(pl.col("twin") == 1)
    assert twins.height >= 4
    pairs = twins.group_by("mother_person_id", "event_date").len()
    assert pairs["len"].to_list() == [2] * pairs.height
    assert pairs.height * 2 == twins.height


def test_truth_events_residents_are_the_people_at_export(county_20k: County) -> None:
    residents = _events(county_20k, "resident")
    assert residents.height == county_20k.summary.people_at_export
    dead = set(_events(county_20k, "death")["person_id"].to_list())
    assert dead.isdisjoint(residents["person_id"].to_list())


def test_truth_birth_records_name_the_real_mother(county_20k: County) -> None:
    events = county_20k.truth_events
    mothers = (
        events.filter(pl.col("event") == "birth")
        .select("entity_id", "mother_person_id")
        .join(
            events.select(
                pl.col("person_id").alias("mother_person_id"),
                pl.col("id_number").alias("true_mother_id"),
                pl.col("sex").alias("mother_sex"),
            ).unique("mother_person_id"),
            on="mother_person_id",
        )
    )
    for source in ("health_births", "police_hukou", "village_ledger"):
        births = (
            county_20k.sources[source]
            .join(county_20k.truth, on=["source", "record_id"])
            .filter((pl.col("event") == "birth") & ~pl.col("errors").str.contains("mother_id"))
            .join(mothers, on="entity_id")
        )
        assert births.height > 50
        assert (births["mother_id_number"] == births["true_mother_id"]).all()
        assert (births["mother_sex"] == "2").all()
