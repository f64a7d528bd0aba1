"""Births and deaths of the reporting period.

Deaths follow a Gompertz law (mortality doubling about every seven years of age, men's higher
than women's) scaled to the crude death rate. Births go to married women of 18–45 by an
age-specific fertility curve peaking in the late twenties, lower for second and much lower for
third children, scaled to the crude birth rate. Twins are 1.5 % of deliveries; 60 % of twin
pairs share their sex, and their names differ by one character.
"""

from __future__ import annotations

import numpy as np

from hedui.synth.events import BIRTH, DEATH, Events
from hedui.synth.naming import draw_given_names, draw_twin_given_names
from hedui.synth.people import BORN, People
from hedui.synth.period import PeriodBuilder, birth_years

__all__ = ["draw_births", "draw_deaths"]


def draw_deaths(b: PeriodBuilder) -> None:
    """Deaths among residents on 1 January; the dead have no other event and leave the county."""
    age = b.age()
    sex = b.people.sex[: b.residents]
    hazard = 3e-5 * np.exp(0.095 * age) + 4e-4 + np.where(age < 1, 3e-3, 0.0)
    hazard *= np.where(sex == 1, 1.4, 0.75)
    probability = np.minimum(0.9, hazard * b.target(b.params.death_rate) / hazard.sum())
    dying = np.flatnonzero(b.rng.random(b.residents) < probability)
    b.busy[dying] = True
    b.final_village[dying] = -1
    b.final_household[dying] = -1
    p = b.people
    b.parts.append(
        Events.of(DEATH, dying, b.dates(len(dying)), p.village[dying], p.household[dying])
    )


def draw_births(b: PeriodBuilder) -> None:
    """Births to married women, twins included; babies join their mother's household."""
    p, params, rng = b.people, b.params, b.rng
    age = b.age()
    husband = p.spouse[: b.residents]
    latest = np.full(b.residents, -(10**6), dtype=np.int64)
    has_mother = np.flatnonzero(p.mother[: b.residents] >= 0)
    np.maximum.at(latest, p.mother[has_mother], p.birth[has_mother])
    eligible = (
        (p.sex[: b.residents] == 2)
        & (husband >= 0)
        & (age >= 18)
        & (age < 46)
        & ~b.busy[: b.residents]
        & (latest < b.start - 300)
    )
    eligible &= ~b.busy[np.maximum(husband, 0)]
    fertility = np.interp(
        age, [18, 20, 24, 29, 33, 37, 41, 46], [0.01, 0.05, 0.12, 0.12, 0.07, 0.03, 0.01, 0]
    )
    parity = np.array([1.0, 0.7, 0.12, 0.03])[np.minimum(p.children_ever[: b.residents], 3)]
    weight = np.where(eligible, fertility * parity, 0.0)
    deliveries = b.target(params.birth_rate) / (1.0 + params.twin_share)
    probability = np.minimum(0.9, weight * deliveries / max(weight.sum(), 1e-12))
    mothers = np.flatnonzero(rng.random(b.residents) < probability)
    b.busy[mothers] = True
    twins = rng.random(len(mothers)) < params.twin_share
    delivery = b.dates(len(mothers))
    mother = np.repeat(mothers, 1 + twins)
    second = np.zeros(len(mother), dtype=bool)
    second[np.cumsum(1 + twins)[twins] - 1] = True
    count = len(mother)
    baby = People.new(count)
    baby.birth = np.repeat(delivery, 1 + twins)
    baby.mother = mother
    baby.father = p.spouse[mother]
    male_share = params.sex_ratio_at_birth / (1 + params.sex_ratio_at_birth)
    sex = np.where(rng.random(count) < male_share, 1, 2).astype(np.int8)
    same = rng.random(count) < params.twin_same_sex_share
    previous = np.roll(sex, 1)
    sex[second] = np.where(same[second], previous[second], 3 - previous[second])
    baby.sex = sex
    from_mother = rng.random(count) < params.mother_surname_share
    baby.surname = np.where(from_mother, p.surname[mother], p.surname[baby.father])
    years = birth_years(baby.birth)
    baby.given = draw_given_names(rng, years, sex)
    first_of_pair = np.flatnonzero(second) - 1
    baby.surname[second] = baby.surname[first_of_pair]
    baby.given[second] = draw_twin_given_names(
        rng, baby.given[first_of_pair], years[second], sex[second]
    )
    twin_flag = np.repeat(twins, 1 + twins).astype(np.int8)
    baby.twin = twin_flag
    baby.hospital = np.repeat(rng.random(len(mothers)) < params.hospital_birth_share, 1 + twins)
    baby.household = p.household[mother]
    baby.village = p.village[mother]
    baby.origin = np.full(count, BORN, dtype=np.int8)
    np.add.at(b.people.children_ever, mothers, 1 + twins.astype(np.int64))
    index = b.add_people(baby)
    b.parts.append(Events.of(BIRTH, index, baby.birth, baby.village, baby.household))
