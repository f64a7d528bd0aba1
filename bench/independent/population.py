"""The county's residents on 1 January: ages, couples, mothers, names and ID numbers.

Ages follow a rural pyramid (few young adults, who left to work; many aged 45-70). Women are
paired with slightly older men of their village; children are given a mother of the village of
a plausible age, and take their father's surname (sometimes their mother's). Wives who married
in from elsewhere carry other surnames and sometimes an ID issued in another province. Old
people registered in the 1950s often had no known birthday: their official date, the one in
their ID number, is heaped on 1 January or the 1st or 15th of a month.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from bench.independent.geography import County, Village, village_sizes
from bench.independent.ids import SequenceBook
from bench.independent.names import NameMaker, era

# Share of the population in each five-year age band, 0-4 to 95-99.
_PYRAMID = (
    4.0, 5.5, 6.0, 5.5, 4.5, 4.5, 6.0, 6.5, 6.0, 7.0,
    8.5, 8.5, 6.5, 6.5, 5.0, 3.0, 2.0, 1.0, 0.4, 0.1,
)  # fmt: skip
OUTSIDE_REGIONS = [
    "110105",
    "310115",
    "440305",
    "330106",
    "420106",
    "510107",
    "370102",
    "410105",
    "350102",
    "610113",
    "320102",
    "340104",
    "430103",
    "360102",
    "130102",
    "450103",
    "500103",
    "210102",
    "220102",
    "230102",
    "520102",
    "530102",
    "620102",
    "640104",
]
"""Region codes of IDs first issued outside the county."""


@dataclass(slots=True, eq=False)
class Person:
    """A resident (or a newborn, or someone moving in)."""

    pid: int
    surname: str
    given: str
    sex: int
    birth: date
    """The official birth date, the one in the ID number."""
    true_birth: date
    id_number: str
    village: Village
    group: int
    house: int
    spouse: Person | None = None
    mother: Person | None = None
    children: list[Person] = field(default_factory=list)
    generation: str = ""
    residence: Village | None = None
    """Where the person actually lives when not in the village of their household register."""
    busy: bool = False
    """Already has an event this year that excludes others (death, move)."""

    @property
    def name(self) -> str:
        return self.surname + self.given

    def age(self, on: date) -> int:
        years = on.year - self.true_birth.year
        return years - ((on.month, on.day) < (self.true_birth.month, self.true_birth.day))


@dataclass
class Population:
    """Everyone, and the tools to add people (newborns, people moving in) consistently."""

    county: County
    people: list[Person]
    names: NameMaker
    book: SequenceBook
    rng: random.Random

    def new_pid(self) -> int:
        return len(self.people)

    def add(self, person: Person) -> Person:
        self.people.append(person)
        return person


def build_population(
    county: County, people: int, year: int, names: NameMaker, rng: random.Random, seed: int
) -> Population:
    """``people`` residents of ``county`` on 1 January of ``year``."""
    population = Population(county, [], names, SequenceBook(rng), rng)
    gen = np.random.default_rng(seed + 1)
    start = date(year, 1, 1)
    pyramid = np.array(_PYRAMID) / sum(_PYRAMID)
    for village, size in zip(county.villages, village_sizes(county, people, seed), strict=True):
        bands = gen.choice(len(_PYRAMID), size=size, p=pyramid)
        days = ((bands + gen.random(size)) * 5 * 365.25).astype(int)
        sexes = np.where(gen.random(size) < 0.51, 1, 2)
        _populate_village(
            population, village, sorted(zip(days.tolist(), sexes.tolist(), strict=True)), start
        )
    return population


def _populate_village(
    population: Population, village: Village, skeleton: list[tuple[int, int]], start: date
) -> None:
    """Create one village's people from (age in days, sex), oldest first."""
    rng = population.rng
    ages = [days / 365.25 for days, _ in skeleton]
    spouse_of = _pair(ages, [sex for _, sex in skeleton], rng)
    wives: list[tuple[float, Person]] = []  # married women by age, for choosing mothers
    made: dict[int, Person] = {}
    for i in sorted(range(len(skeleton)), key=lambda k: -ages[k]):
        days, sex = skeleton[i]
        true_birth = start - timedelta(days=days + 1)
        mother = _choose_mother(wives, ages[i], rng)
        married = i in spouse_of
        person = _make_person(population, village, sex, true_birth, mother, married)
        partner = made.get(spouse_of[i]) if married else None
        if partner is not None:  # the older of a couple is made first
            person.spouse, partner.spouse = partner, person
            person.group, person.house = partner.group, partner.house
            person.residence = partner.residence = partner.residence or person.residence
        made[i] = person
        if sex == 2 and i in spouse_of:
            bisect.insort(wives, (ages[i], person), key=lambda pair: pair[0])
        population.add(person)


_MARRIED = ((20, 0.0), (23, 0.2), (26, 0.5), (30, 0.75), (72, 0.92))
"""Share of women with a husband, by age below the given years; 0.6 above (widows)."""


def _married_share(age: float) -> float:
    for below, share in _MARRIED:
        if age < below:
            return share
    return 0.6


def _pair(ages: list[float], sexes: list[int], rng: random.Random) -> dict[int, int]:
    """Married couples of a village, both ways: woman index ↔ man index."""
    men = sorted((ages[i], i) for i in range(len(ages)) if sexes[i] == 1 and ages[i] >= 21)
    men_ages = [age for age, _ in men]
    pairs: dict[int, int] = {}
    for i in sorted((i for i in range(len(ages)) if sexes[i] == 2), key=lambda k: ages[k]):
        age = ages[i]
        chance = _married_share(age)
        if rng.random() >= chance or not men:
            continue
        target = age + max(-2.0, rng.gauss(2.5, 2.5))
        j = bisect.bisect_left(men_ages, target)
        best = min(
            (k for k in (j - 1, j) if 0 <= k < len(men)), key=lambda k: abs(men_ages[k] - target)
        )
        if abs(men_ages[best] - target) > 6:
            continue
        man = men[best][1]
        del men[best], men_ages[best]
        pairs[i], pairs[man] = man, i
    return pairs


def _choose_mother(
    wives: list[tuple[float, Person]], age: float, rng: random.Random
) -> Person | None:
    """A married woman of the village 20 to 42 years older, if the person lives with one."""
    chance = 0.93 if age < 18 else 0.75 if age < 30 else 0.5 if age < 50 else 0.0
    if rng.random() >= chance:
        return None
    low = bisect.bisect_left(wives, age + 20, key=lambda pair: pair[0])
    high = bisect.bisect_right(wives, age + 42, key=lambda pair: pair[0])
    if low >= high:
        return None
    for _ in range(4):
        mother = wives[rng.randrange(low, high)][1]
        if len(mother.children) < 4:
            return mother
    return None


def _make_person(
    population: Population,
    village: Village,
    sex: int,
    true_birth: date,
    mother: Person | None,
    married: bool,
) -> Person:
    rng, names = population.rng, population.names
    region = population.county.code
    if mother is not None and mother.spouse is not None:
        father = mother.spouse
        surname = father.surname if rng.random() < 0.92 else mother.surname
    elif married and sex == 2:
        surname = names.surname()  # married in from elsewhere
        if rng.random() < 0.3:
            region = rng.choice(OUTSIDE_REGIONS)
    elif village.clans and rng.random() < village.clan_share * 1.6:
        surname = rng.choice(village.clans)
    else:
        surname = names.surname()
    generation = ""
    if mother is not None and sex == 1:
        if not mother.generation and rng.random() < 0.3:
            mother.generation = names.generation_character(1, true_birth.year)
        generation = mother.generation
    rare = {"new": 0.06, "young": 0.03}.get(era(true_birth.year), 0.0)
    given = names.given(sex, true_birth.year, generation, rare)
    birth = official_birth(true_birth, rng)
    (number,) = population.book.issue(region, birth, [sex])
    if mother is not None:
        group, house = mother.group, mother.house
    else:
        group, house = (0 if village.seat else rng.randint(1, 12)), rng.randint(1, 160)
    residence = _residence(population.county, village, true_birth, rng)
    if residence is None and mother is not None:
        residence = mother.residence  # children live with their mother
    person = Person(
        pid=population.new_pid(),
        surname=surname,
        given=given,
        sex=sex,
        birth=birth,
        true_birth=true_birth,
        id_number=number,
        village=village,
        group=group,
        house=house,
        mother=mother,
        residence=residence,
    )
    if mother is not None:
        mother.children.append(person)
    return person


def official_birth(true_birth: date, rng: random.Random) -> date:
    """The birth date written in the register: heaped for people born before 1950."""
    if true_birth.year >= 1950:
        return true_birth
    draw = rng.random()
    if draw < 0.18:
        return date(true_birth.year, 1, 1)
    if draw < 0.26:
        return true_birth.replace(day=rng.choice((1, 15)))
    return true_birth


def _residence(county: County, village: Village, birth: date, rng: random.Random) -> Village | None:
    """Young adults of rural villages often live and work in the county seat."""
    seat = county.seat_villages
    if village.seat or not seat or not 1975 <= birth.year <= 2002 or rng.random() >= 0.3:
        return None
    return rng.choice(seat)
