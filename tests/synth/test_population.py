"""Households and the age pyramid of the residents on 1 January."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from hedui.synth import SynthParams
from hedui.synth.geography import build_geography
from hedui.synth.people import People, days
from hedui.synth.population import draw_households

START = days(date(2026, 1, 1))


@pytest.fixture(scope="module")
def residents() -> People:
    params = SynthParams()
    rng = np.random.default_rng(21)
    geography = build_geography(50_000, params, rng)
    people, _ = draw_households(rng, 50_000, geography, params, 2026)
    return people


def _age(people: People) -> np.ndarray:
    return (START - people.birth) / 365.25


def test_draw_households_gives_exactly_the_people_asked_for(residents: People) -> None:
    assert len(residents) == 50_000


def test_draw_households_sizes_are_one_to_six(residents: People) -> None:
    sizes = np.bincount(residents.household)
    sizes = sizes[sizes > 0]
    assert sizes.max() <= 6
    # Two- and three-person households are the commonest; single elders are a minority.
    assert (sizes == 1).mean() < 0.2
    assert 2.4 < sizes.mean() < 3.4


def test_draw_households_includes_three_generation_households(residents: People) -> None:
    # A husband whose own mother lives in his household makes three generations when the
    # couple has a child at home.
    husband_with_mother = residents.mother[residents.spouse[residents.spouse >= 0]] >= 0
    assert husband_with_mother.sum() > 1_000


def test_draw_households_pyramid_is_rural_and_old(residents: People) -> None:
    age = _age(residents)
    children = (age < 15).mean()
    elders = (age >= 60).mean()
    assert 0.08 < children < 0.20
    assert 0.22 < elders < 0.40
    # The bulge born 1962-1975 outnumbers people in their twenties.
    assert ((age >= 50) & (age < 65)).mean() > 1.5 * ((age >= 20) & (age < 35)).mean()


def test_draw_households_parents_are_plausibly_older(residents: People) -> None:
    age = _age(residents)
    # Mothers gave birth between 15 and 46; fathers may be up to ten years older.
    for link, oldest in ((residents.mother, 46), (residents.father, 56)):
        child = np.flatnonzero(link >= 0)
        gap = age[link[child]] - age[child]
        assert gap.min() >= 15
        assert gap.max() <= oldest
    mothers = residents.mother[residents.mother >= 0]
    assert np.all(residents.sex[mothers] == 2)
    fathers = residents.father[residents.father >= 0]
    assert np.all(residents.sex[fathers] == 1)


def test_draw_households_spouses_are_mutual_and_of_opposite_sex(residents: People) -> None:
    married = np.flatnonzero(residents.spouse >= 0)
    assert np.array_equal(residents.spouse[residents.spouse[married]], married)
    assert np.all(residents.sex[married] != residents.sex[residents.spouse[married]])
    assert np.all(residents.household[married] == residents.household[residents.spouse[married]])


def test_draw_households_names_repeat_as_in_a_real_county(residents: People) -> None:
    names, counts = np.unique(residents.name.astype(str), return_counts=True)
    # Name alone does not identify: the commonest name is shared by a dozen or more people,
    # yet most names are rare.
    assert counts.max() >= 12
    assert len(names) > 0.3 * len(residents)
    lengths = np.char.str_len(residents.given.astype(str))
    assert set(np.unique(lengths).tolist()) == {1, 2}
