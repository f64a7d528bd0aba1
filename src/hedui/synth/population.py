"""The residents on 1 January: households of two to six people, three generations in some.

Each household is built around a married couple (or a widowed survivor): their children, of
ages consistent with the mother's (first birth around 24, births two to four years apart, two
or three children for women born in the 1950s, one or two later), the grown children still at
home (sons stay longer than daughters, who marry into other households), and, in a third of
young families, the husband's parents. The couple's ages are drawn from
:data:`WIFE_AGE_WEIGHTS`, fitted so that the whole county has the shape of a rural county's
2020 census pyramid moved on to the 2020s: few young children, a bulge of people in their
fifties and early sixties (born 1962–1975), many old people, fewer in their twenties.
Mothers and fathers are linked whenever they live in the same household.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from hedui.synth.geography import Geography
from hedui.synth.names_data import surnames
from hedui.synth.naming import draw_given_names, draw_surnames
from hedui.synth.params import SynthParams
from hedui.synth.people import Households, People, days

__all__ = ["WIFE_AGE_WEIGHTS", "draw_households", "survival"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Households by the wife's age on 1 January, per five-year band from 20-24 to 90-94: fitted
# by non-negative least squares (with a smoothness penalty) to the target pyramid in docs/synth.md.
WIFE_AGE_WEIGHTS = (
    0.009, 0.043, 0.081, 0.098, 0.093, 0.091, 0.110, 0.118,
    0.100, 0.074, 0.066, 0.047, 0.035, 0.024, 0.012,
)  # fmt: skip
_SLOTS = 8  # wife, husband, husband's mother, husband's father, four children (youngest first)
_YEAR = 365.25


def survival(age: FloatArray) -> FloatArray:
    """Probability that an adult's parent of this age is still alive (rural China, 2020s)."""
    result: FloatArray = np.interp(
        age, [50, 60, 70, 80, 90, 100, 105], [0.98, 0.94, 0.86, 0.66, 0.30, 0.05, 0.0]
    )
    return result


def _children_counts(rng: np.random.Generator, wife_birth_year: FloatArray) -> IntArray:
    # Completed family size by the mother's birth cohort, including the childless.
    table = np.array(
        [
            [0.03, 0.05, 0.25, 0.35, 0.32],  # born before 1950
            [0.03, 0.10, 0.45, 0.28, 0.14],  # 1950-1964
            [0.04, 0.30, 0.53, 0.11, 0.02],  # 1965-1979
            [0.03, 0.33, 0.53, 0.10, 0.01],  # 1980-1994
            [0.05, 0.42, 0.47, 0.06, 0.00],  # 1995 on
        ]
    )
    cohort = np.searchsorted([1950, 1965, 1980, 1995], wife_birth_year, side="right")
    cumulative = np.cumsum(table[cohort], axis=1)
    result: IntArray = (rng.random(len(cohort))[:, None] >= cumulative).sum(axis=1)
    return result


def _sex_at_birth(rng: np.random.Generator, birth_year: FloatArray) -> npt.NDArray[np.int8]:
    # Sex ratio at birth: about 1.06 before 1985, 1.15 in 1990-2010 (rural), 1.10 since.
    ratio = np.interp(birth_year, [1980, 1990, 2010, 2020], [1.06, 1.15, 1.15, 1.10])
    result: npt.NDArray[np.int8] = np.where(rng.random(len(ratio)) < ratio / (1 + ratio), 1, 2)
    return result.astype(np.int8)


def _at_home(
    rng: np.random.Generator, age: FloatArray, sex: npt.NDArray[np.int8]
) -> npt.NDArray[np.bool_]:
    # Grown children leave to marry: daughters earlier and almost all, sons later and fewer.
    male = np.interp(age, [17, 22, 27, 32, 40, 60], [1.0, 0.85, 0.6, 0.3, 0.12, 0.06])
    female = np.interp(age, [17, 21, 25, 30, 35], [1.0, 0.85, 0.45, 0.12, 0.03])
    result: npt.NDArray[np.bool_] = rng.random(len(age)) < np.where(sex == 1, male, female)
    return result


def _household_slots(
    rng: np.random.Generator, count: int, weights: FloatArray, reference_year: float
) -> tuple[npt.NDArray[np.bool_], FloatArray, npt.NDArray[np.int8], IntArray]:
    """Presence, age in years and sex of each slot, and children ever born to the wife."""
    band = rng.choice(len(weights), size=count, p=weights / weights.sum())
    wife_age = 20.0 + 5.0 * band + 5.0 * rng.random(count)
    present = np.zeros((count, _SLOTS), dtype=bool)
    age = np.zeros((count, _SLOTS))
    sex = np.zeros((count, _SLOTS), dtype=np.int8)
    sex[:, [0, 2]] = 2
    sex[:, [1, 3]] = 1
    widowed = rng.random(count) < np.interp(
        wife_age, [50, 60, 70, 80, 90], [0.03, 0.08, 0.2, 0.42, 0.65]
    )
    widower = widowed & (rng.random(count) < 0.25)
    age[:, 0] = wife_age
    age[:, 1] = wife_age + np.clip(rng.normal(2.2, 2.5, count), -3, 10)
    present[:, 0] = ~widower
    present[:, 1] = ~(widowed & ~widower)
    # The husband's parents, in a third of younger families, if still alive.
    three_generations = (wife_age < 56) & present[:, 1] & (rng.random(count) < 0.4)
    age[:, 3] = age[:, 1] + np.clip(rng.normal(27, 3.5, count), 20, 40)
    # His mother is a little younger than his father, and was at least 18 when he was born.
    age[:, 2] = np.maximum(age[:, 3] - np.clip(rng.normal(2, 2, count), -3, 8), age[:, 1] + 18)
    present[:, 2] = three_generations & (rng.random(count) < survival(age[:, 2]) ** 0.8)
    present[:, 3] = three_generations & (rng.random(count) < survival(age[:, 3] + 4))
    # Children: the oldest first when drawing ages, stored youngest first.
    wife_birth_year = reference_year - wife_age
    total = _children_counts(rng, wife_birth_year)
    first_birth = np.clip(rng.normal(24.0, 2.5, count), 19, 36)
    gaps = 1.2 + rng.gamma(2.0, 1.3, (count, 4))
    gaps[:, 0] = 0.0
    mother_age_at_birth = first_birth[:, None] + np.cumsum(gaps, axis=1)
    child_age = wife_age[:, None] - mother_age_at_birth
    born = (np.arange(4)[None, :] < total[:, None]) & (child_age > 0) & (mother_age_at_birth < 45)
    child_sex = _sex_at_birth(rng, (reference_year - child_age).ravel()).reshape(count, 4)
    home = _at_home(rng, child_age.ravel(), child_sex.ravel()).reshape(count, 4)
    age[:, 4:] = child_age[:, ::-1]
    sex[:, 4:] = child_sex[:, ::-1]
    present[:, 4:] = (born & home)[:, ::-1]
    # No more than six people: the last slots (eldest children at home) give way.
    present &= np.cumsum(present, axis=1) <= 6
    return present, age, sex, born.sum(axis=1)


def draw_households(
    rng: np.random.Generator, people: int, geography: Geography, params: SynthParams, year: int
) -> tuple[People, Households]:
    """Exactly ``people`` residents on 1 January of ``year``, in households."""
    weights = np.asarray(WIFE_AGE_WEIGHTS, dtype=np.float64)
    batches = []
    drawn = 0
    while drawn < people:
        batch = _household_slots(rng, max(16, int((people - drawn) / 2.6 * 1.1)), weights, year)
        batches.append(batch)
        drawn += int(batch[0].sum())
    present, age, sex, born_count = (np.concatenate([b[i] for b in batches]) for i in range(4))
    # Keep whole households up to the one that reaches the target, then cut that one.
    households = int(np.searchsorted(np.cumsum(present.sum(axis=1)), people) + 1)
    present, age, sex = present[:households], age[:households], sex[:households]
    grid = np.cumsum(present.ravel()).reshape(present.shape) - 1
    grid[~present | (grid >= people)] = -1
    keep = (grid >= 0).ravel()
    slot = np.tile(np.arange(_SLOTS), households)[keep]
    household = np.repeat(np.arange(households), _SLOTS)[keep]

    village = rng.choice(geography.size, size=households, p=geography.village_share)
    family = draw_surnames(rng, households)
    local = rng.random(households) < params.local_surname_share
    family[local] = geography.village_surnames[village[local]]
    surname_grid = np.repeat(family[:, None], _SLOTS, axis=1)
    surname_grid[:, 0] = draw_surnames(rng, households)
    surname_grid[:, 2] = draw_surnames(rng, households)
    child_birth_year = year - age[:, 4:]
    share = np.where(child_birth_year >= 2010, params.mother_surname_share, 0.01)
    takes_mother = present[:, 0:1] & (rng.random(share.shape) < share)
    surname_grid[:, 4:] = np.where(takes_mother, surname_grid[:, 0:1], surname_grid[:, 4:])

    result = People.new(people)
    result.sex = sex.ravel()[keep]
    result.birth = days(date(year, 1, 1)) - np.round(age.ravel()[keep] * _YEAR).astype(np.int64)
    result.household = household
    result.village = village[household]
    surname_table, _ = surnames()
    result.surname = surname_table[surname_grid.ravel()[keep]]
    birth_year = np.floor(1970 + result.birth / _YEAR).astype(np.int64)
    result.given = draw_given_names(rng, birth_year, result.sex)
    # Mothers and fathers: children to the couple, the husband to his parents.
    for attribute, table in (
        ("mother", (-1, 2, -1, -1, 0, 0, 0, 0)),
        ("father", (-1, 3, -1, -1, 1, 1, 1, 1)),
        ("spouse", (1, 0, 3, 2, -1, -1, -1, -1)),
    ):
        link = np.asarray(table)[slot]
        setattr(result, attribute, np.where(link >= 0, grid[household, np.maximum(link, 0)], -1))
    result.children_ever = np.where(slot == 0, born_count[household], 0).astype(np.int64)
    elsewhere = np.select(
        [slot == 0, slot == 2, slot == 1], [params.wife_born_elsewhere_share, 0.25, 0.05], 0.0
    )
    result.born_elsewhere = rng.random(people) < elsewhere
    groups = rng.integers(1, geography.village_groups[village] + 1)
    houses = rng.integers(1, 81, size=households)
    return result, Households(village.astype(np.int64), groups.astype(np.int64), houses)
