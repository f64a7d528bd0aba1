"""A year of events with realistic rates, ages and sequences."""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.synth import County


def _age_at(event_date: str, birth_date: str) -> float:
    return (date.fromisoformat(event_date) - date.fromisoformat(birth_date)).days / 365.25


def test_year_rates_per_thousand_are_realistic(county_20k: County) -> None:
    events = county_20k.summary.events
    per_thousand = {
        kind: 1000 * count / county_20k.summary.people for kind, count in events.items()
    }
    assert 7.5 <= per_thousand["birth"] <= 11.0
    assert 6.0 <= per_thousand["death"] <= 9.0
    # Marriage records count spouses: 5.5 couples per 1,000 people is 11 spouses.
    assert 9.0 <= per_thousand["marriage"] <= 13.0
    assert per_thousand["divorce"] > 1.0


def test_year_spouses_marry_at_legal_ages(county_20k: County) -> None:
    marriages = county_20k.truth_events.filter(pl.col("event") == "marriage")
    for row in marriages.iter_rows(named=True):
        minimum = 22 if row["sex"] == "1" else 20
        assert _age_at(row["event_date"], row["birth_date"]) >= minimum - 3
    local = marriages.filter(pl.col("village_code").is_not_null())
    for row in local.iter_rows(named=True):
        minimum = 22 if row["sex"] == "1" else 20
        assert _age_at(row["event_date"], row["birth_date"]) >= minimum


def test_year_marriages_pair_two_people_of_opposite_sex(county_20k: County) -> None:
    marriages = county_20k.truth_events.filter(pl.col("event") == "marriage")
    by_person = dict(zip(marriages["person_id"], marriages["spouse_person_id"], strict=True))
    sex = dict(zip(marriages["person_id"], marriages["sex"], strict=True))
    for person, spouse in by_person.items():
        assert by_person[spouse] == person
        assert sex[person] != sex[spouse]


def test_year_moves_within_the_county_are_two_events_of_one_person(county_20k: County) -> None:
    moves = county_20k.truth_events.filter(pl.col("within_county"))
    outs = moves.filter(pl.col("event") == "move_out")
    ins = moves.filter(pl.col("event") == "move_in")
    assert outs.height == ins.height > 50
    paired = outs.join(ins, on="person_id", suffix="_in")
    assert paired.height == outs.height
    assert (paired["event_date"] <= paired["event_date_in"]).all()
    assert (paired["village_code"] != paired["village_code_in"]).all()


def test_year_nobody_has_an_event_after_death(county_20k: County) -> None:
    events = county_20k.truth_events.filter(pl.col("event") != "resident")
    deaths = events.filter(pl.col("event") == "death").select("person_id", "event_date")
    others = events.filter(pl.col("event") != "death").join(deaths, on="person_id", suffix="_death")
    assert others.height == 0


def test_year_newborns_are_resident_in_their_mothers_village(county_20k: County) -> None:
    events = county_20k.truth_events
    births = events.filter(pl.col("event") == "birth")
    residents = events.filter(pl.col("event") == "resident").select("person_id", "village_code")
    joined = births.join(residents, on="person_id", suffix="_now")
    assert joined.height == births.height
    assert (joined["village_code"] == joined["village_code_now"]).all()
