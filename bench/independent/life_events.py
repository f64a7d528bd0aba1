"""Deaths, marriages and divorces.

Deaths follow a Gompertz hazard (mostly the old, in winter). Marriages pair single residents of
marriageable age; about a third marry someone from outside the county, whose own marriage is
not a county event. A bride from another village usually moves her household registration to
her husband's village weeks later (a move inside the county); a bride from outside moves in; a
woman marrying out may move out.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
from bench.independent.config import Window
from bench.independent.events import EventBook
from bench.independent.moves import move_in_person
from bench.independent.population import Person, Population
from bench.independent.sampling import weighted_sample
from bench.independent.seasons import sample_days


def _death_hazard(age: int) -> float:
    return 0.0005 + 0.00003 * math.exp(0.095 * age) + (0.004 if age == 0 else 0.0)


def add_deaths(
    book: EventBook, population: Population, deaths: int, window: Window, gen: np.random.Generator
) -> None:
    """``deaths`` residents die during the year."""
    start = window.start
    living = [p for p in population.people if not p.busy]
    if not living or deaths == 0:
        return
    weights = np.array([_death_hazard(p.age(start)) for p in living])
    chosen = weighted_sample(gen, weights, deaths)
    for index, day in zip(chosen, sample_days(gen, "death", window.year, len(chosen)), strict=True):
        person = living[index]
        person.busy = True
        book.add("death", day, person, person.village)


def _marriage_weight(person: Person, age: int) -> float:
    peak = 27 if person.sex == 1 else 25
    low, high = (22, 42) if person.sex == 1 else (20, 40)
    if not low <= age <= high:
        return 0.0
    return math.exp(-((age - peak) ** 2) / 30)


def add_marriages(
    book: EventBook,
    population: Population,
    marriages: int,
    window: Window,
    gen: np.random.Generator,
) -> None:
    """Residents marry until ``marriages`` resident spouses have married."""
    start, rng = window.start, population.rng
    singles = [p for p in population.people if p.spouse is None and not p.busy]
    weights = np.array([_marriage_weight(p, p.age(start)) for p in singles])
    men = [i for i, p in enumerate(singles) if p.sex == 1 and weights[i] > 0]
    women = [i for i, p in enumerate(singles) if p.sex == 2 and weights[i] > 0]
    if not men or not women or marriages == 0:
        return
    men_order = _weighted_order(gen, men, weights, marriages)
    women_order = _weighted_order(gen, women, weights, marriages)
    days = sample_days(gen, "marriage", window.year, marriages)
    spouses = 0
    while spouses < marriages and (men_order or women_order):
        day = days[spouses]
        both = rng.random() < 0.68 and men_order and women_order
        if both:
            husband, wife = singles[men_order.pop()], singles[women_order.pop()]
            for person in (husband, wife):
                person.busy = True
                book.add("marriage", day, person, person.village)
            husband.spouse, wife.spouse = wife, husband
            spouses += 2
            later = day + timedelta(days=rng.randint(3, 60))
            if wife.village is not husband.village and rng.random() < 0.6 and later <= window.end:
                home = (husband.group, husband.house)
                book.add("move", later, wife, husband.village, origin=wife.village, home=home)
                wife.village, wife.group, wife.house = husband.village, husband.group, husband.house
            continue
        order = men_order if (rng.random() < 0.5 and men_order) or not women_order else women_order
        person = singles[order.pop()]
        person.busy = True
        book.add("marriage", day, person, person.village)
        spouses += 1
        later = day + timedelta(days=rng.randint(5, 90))
        if later > window.end:
            continue
        if person.sex == 1 and rng.random() < 0.5:
            bride = move_in_person(population, person.village, 2, person.age(start) - 2, later)
            bride.spouse, person.spouse = person, bride
            bride.group, bride.house = person.group, person.house
            book.add("move_in", later, bride, person.village)
        elif person.sex == 2 and rng.random() < 0.4:
            book.add("move_out", later, person, person.village)


def _weighted_order(
    gen: np.random.Generator, indices: list[int], weights: np.ndarray, k: int
) -> list[int]:
    """``k`` of ``indices`` in a weighted random order, the first drawn last (for ``pop``)."""
    order = weighted_sample(gen, weights[indices], k)
    return [indices[i] for i in reversed(order)]


def add_divorces(
    book: EventBook, population: Population, divorces: int, window: Window, gen: np.random.Generator
) -> None:
    """Couples of residents divorce until ``divorces`` spouses have divorced."""
    start = window.start
    wives = [
        p
        for p in population.people
        if p.sex == 2
        and p.spouse is not None
        and not p.busy
        and not p.spouse.busy
        and 25 <= p.age(start) <= 55
    ]
    couples = min(len(wives), (divorces + 1) // 2)
    if couples == 0:
        return
    chosen = weighted_sample(gen, np.ones(len(wives)), couples)
    for index, day in zip(chosen, sample_days(gen, "divorce", window.year, couples), strict=True):
        wife = wives[index]
        husband = wife.spouse
        assert husband is not None
        for person in (wife, husband):
            person.busy = True
            book.add("divorce", day, person, person.village)
        wife.spouse = husband.spouse = None
