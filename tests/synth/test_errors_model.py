"""Injected errors: rates as parameterised, exact bookkeeping, and clean data when scaled to 0."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from hedui.errors import InvalidResidentIdError
from hedui.identity.resident_id import normalize, parse, to_18
from hedui.synth import SOURCE_NAMES, County, SynthParams
from hedui.synth.errors_model import ERROR_KINDS
from hedui.synth.names_data import homophones

from .joins import records_with_truth

LEDGER = SynthParams().sources["village_ledger"].errors
HEALTH = SynthParams().sources["health_births"].errors


def _has(kind: str) -> pl.Expr:
    return pl.col("errors").str.split(";").list.contains(kind)


def _assert_rate(count: int, eligible: int, rate: float) -> None:
    """``count`` is Binomial(eligible, rate): allow four standard deviations and a little."""
    expected = eligible * rate
    assert abs(count - expected) <= 4 * math.sqrt(expected * (1 - rate)) + 3, (
        count,
        eligible,
        rate,
    )


@pytest.fixture(scope="module")
def ledger(county_20k: County) -> pl.DataFrame:
    return records_with_truth(county_20k, "village_ledger")


def test_duplicate_rate_matches(ledger: pl.DataFrame) -> None:
    duplicates = ledger.filter(_has("duplicate")).height
    _assert_rate(duplicates, ledger.height - duplicates, LEDGER.duplicate)


def test_id_error_rates_match_among_people_with_numbers(ledger: pl.DataFrame) -> None:
    # Every record of someone born before the year had a true 18-digit number to corrupt.
    eligible = ledger.filter(pl.col("true_birth_date") < "2025-01-01")
    for kind in ("id_missing", "id_digit", "id_transpose"):
        _assert_rate(eligible.filter(_has(kind)).height, eligible.height, getattr(LEDGER, kind))
    old = eligible.filter(pl.col("true_birth_date") < "1970-01-01")
    _assert_rate(old.filter(_has("id_15")).height, old.height, LEDGER.id_15)


def test_homophone_rate_matches_among_names_that_allow_one(ledger: pl.DataFrame) -> None:
    table = homophones()
    named = ledger.filter(
        ~_has("name_missing") & ~_has("name_placeholder") & ~_has("newborn_unnamed")
    )
    eligible = named.filter(
        pl.col("true_name").map_elements(
            lambda n: any(c in table for c in n), return_dtype=pl.Boolean
        )
    )
    _assert_rate(
        eligible.filter(_has("name_homophone")).height, eligible.height, LEDGER.name_homophone
    )


def test_day_month_swap_rate_matches_among_possible_dates(ledger: pl.DataFrame) -> None:
    # Possible when the day is 12 or less and differs from the month: 1985-03-07 → 1985-07-03.
    day = pl.col("true_birth_date").str.slice(8, 2).cast(pl.Int32)
    month = pl.col("true_birth_date").str.slice(5, 2).cast(pl.Int32)
    possible = ledger.filter((day <= 12) & (day != month))
    _assert_rate(
        possible.filter(_has("date_day_month_swap")).height,
        possible.height,
        LEDGER.date_day_month_swap,
    )


def test_health_placeholders_match(county_20k: County) -> None:
    births = records_with_truth(county_20k, "health_births")
    original = births.filter(~_has("duplicate")).height
    assert births["id_number"].null_count() == births.height  # babies have no number yet
    placeholders = births.filter(_has("name_placeholder")).height
    # Duplicates are redrawn, so both kinds of copy share the rate.
    _assert_rate(placeholders, births.height, HEALTH.name_placeholder)
    assert original > 100


def test_every_tagged_error_changed_the_value(county_20k: County) -> None:
    records = records_with_truth(county_20k, "police_hukou")
    digits = records.filter(_has("id_digit") | _has("id_transpose"))
    for written, true in zip(digits["id_number"], digits["true_id"], strict=True):
        assert written != true and len(written) == 18
        with pytest.raises(InvalidResidentIdError):
            parse(written)
    fifteen = records.filter(_has("id_15"))
    for written, true in zip(fifteen["id_number"], fifteen["true_id"], strict=True):
        assert len(written) == 15 and to_18(written) == true


def test_clean_records_hold_the_true_values(county_20k: County) -> None:
    for source in ("village_ledger", "police_hukou", "civil_marriages"):
        records = records_with_truth(county_20k, source)
        clean = records.filter(pl.col("errors") == "")
        assert clean.height > 0.5 * records.height
        assert (clean["name"] == clean["true_name"]).all()
        assert (clean["birth_date"] == clean["true_birth_date"]).all()
        with_number = clean.filter(pl.col("id_number").is_not_null())
        for written, true in zip(with_number["id_number"], with_number["true_id"], strict=True):
            assert parse(written).number == true


def test_inherited_errors_are_named_in_the_copy(county_20k: County) -> None:
    # The township database re-keys ledger records: a copied full-width number stays
    # full-width, and its truth row still says so.
    township = records_with_truth(county_20k, "township_db").filter(_has("id_fullwidth"))
    assert township.height > 0
    assert (township["id_number"] != township["id_number"].map_elements(normalize)).all()
    only_width = township.filter(
        ~_has("id_digit") & ~_has("id_transpose") & ~_has("id_15") & ~_has("id_missing")
    )
    assert only_width.height > 0
    for written, true in zip(only_width["id_number"], only_width["true_id"], strict=True):
        assert normalize(written) == true


def test_error_scale_zero_gives_clean_data(clean_county: County) -> None:
    assert set(clean_county.truth["errors"].to_list()) == {""}
    assert clean_county.summary.errors_by_kind == {}
    for source in SOURCE_NAMES:
        records = records_with_truth(clean_county, source)
        assert (records["name"] == records["true_name"]).all()
        assert (records["birth_date"] == records["true_birth_date"]).all()
        numbers = records.filter(pl.col("id_number").is_not_null())
        assert (numbers["id_number"] == numbers["true_id"]).all()


def test_error_kinds_in_truth_are_known(county_20k: County) -> None:
    kinds = set(";".join(county_20k.truth["errors"].to_list()).split(";")) - {""}
    assert kinds <= set(ERROR_KINDS)
    assert {"name_homophone", "id_digit", "id_15", "date_format", "duplicate"} <= kinds


def test_date_formats_are_dates_written_differently(county_20k: County) -> None:
    from hedui.identity.dates import parse_date

    records = records_with_truth(county_20k, "village_ledger").filter(
        _has("date_format") & ~_has("date_day_month_swap") & ~_has("birth_date_lunar")
    )
    assert records.height > 100
    for written, true in zip(records["birth_date"], records["true_birth_date"], strict=True):
        assert written != true
        assert parse_date(written).value == date.fromisoformat(true)
