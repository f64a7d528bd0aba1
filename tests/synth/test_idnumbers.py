"""ID numbers: valid, unique, sex in the sequence parity, regions that existed when issued."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.identity.regions import lookup_region
from hedui.identity.resident_id import parse
from hedui.identity.sex import Sex
from hedui.synth.idnumbers import assign_id_numbers, assign_region_codes
from hedui.synth.people import days


@settings(max_examples=30)
@given(
    st.lists(
        st.tuples(
            # Up to yesterday: an ID number cannot encode a birth date after today.
            st.dates(min_value=date(1920, 1, 1), max_value=date.today() - timedelta(days=1)),
            st.sampled_from([1, 2]),
        ),
        min_size=1,
        max_size=60,
    ),
    st.integers(0, 2**32 - 1),
)
def test_assign_id_numbers_are_valid_unique_and_encode_the_facts(
    people: list[tuple[date, int]], seed: int
) -> None:
    birth = np.array([days(d) for d, _ in people], dtype=np.int64)
    sex = np.array([s for _, s in people], dtype=np.int8)
    regions = np.full(len(people), "320924", dtype=object)
    numbers = assign_id_numbers(np.random.default_rng(seed), regions, birth, sex)
    assert len(set(numbers.tolist())) == len(people)
    for number, (born, s) in zip(numbers.tolist(), people, strict=True):
        parsed = parse(number)
        assert parsed.birth_date == born
        assert parsed.sex == (Sex.MALE if s == 1 else Sex.FEMALE)
        assert parsed.region_code == "320924"


def test_assign_id_numbers_separates_many_people_born_the_same_day() -> None:
    # 400 girls born on one day in one county need 400 distinct even sequences.
    birth = np.full(400, days(date(1990, 6, 1)), dtype=np.int64)
    numbers = assign_id_numbers(
        np.random.default_rng(1),
        np.full(400, "320924", dtype=object),
        birth,
        np.full(400, 2, np.int8),
    )
    assert len(set(numbers.tolist())) == 400


def test_assign_region_codes_are_known_and_valid_when_issued() -> None:
    rng = np.random.default_rng(2)
    years = rng.integers(1930, 2026, 5_000)
    elsewhere = rng.random(5_000) < 0.5
    codes = assign_region_codes(rng, years, elsewhere, "320924")
    assert set(codes[~elsewhere].tolist()) == {"320924"}
    assert "320924" not in set(codes[elsewhere].tolist())
    statuses = {code: lookup_region(code) for code in set(codes.tolist())}
    assert all(info.status != "unknown" for info in statuses.values())
    # Old people carry codes abolished since (大丰县 320926, 东台县 320927 …).
    assert any(info.status == "historical" for info in statuses.values())
    for code, year in zip(codes[elsewhere].tolist(), years[elsewhere].tolist(), strict=True):
        info = statuses[code]
        issued_from = max(year, 1985)
        assert info.valid_from is None or info.valid_from <= max(issued_from, year) + 5
        assert info.valid_to is None or info.valid_to >= issued_from
