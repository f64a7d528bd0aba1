"""The year's births: mothers, twins, the children's names and ID numbers.

Births are drawn by the mother: married women of 20 to 42, most often in their late twenties,
rarely with two children already. About 1.5 % of deliveries are twins (at least one pair in
every county with births): same mother, same day, different given names, adjacent sequence
numbers in their IDs. A few families hide a birth altogether.
"""

from __future__ import annotations

import numpy as np
from bench.independent.config import Rates, Window
from bench.independent.events import EventBook
from bench.independent.population import Person, Population
from bench.independent.sampling import weighted_sample
from bench.independent.seasons import sample_days

_FERTILITY = {20: 0.4, 23: 0.9, 25: 1.0, 30: 0.7, 33: 0.4, 36: 0.2, 39: 0.08}
_BY_CHILDREN = (1.0, 0.8, 0.25, 0.05, 0.02)


def _fertility(age: int, children: int) -> float:
    weight = 0.0
    for start, value in _FERTILITY.items():
        if age >= start:
            weight = value
    return weight * _BY_CHILDREN[min(children, 4)]


def add_births(
    book: EventBook,
    population: Population,
    births: int,
    rates: Rates,
    window: Window,
    gen: np.random.Generator,
) -> None:
    """Add ``births`` children (twins count two) born in the year."""
    if births == 0:
        return
    start = window.start
    mothers = [
        p
        for p in population.people
        if p.sex == 2 and p.spouse is not None and 20 <= p.age(start) <= 42
    ]
    weights = np.array([_fertility(m.age(start), len(m.children)) for m in mothers])
    twins = 0 if births < 2 else max(1, round(births * rates.twin_share / (1 + rates.twin_share)))
    chosen = weighted_sample(gen, weights, births - twins)
    days = sample_days(gen, "birth", window.year, len(chosen))
    rng = population.rng
    for k, (index, day) in enumerate(zip(chosen, days, strict=True)):
        mother = mothers[index]
        mother.busy = True
        father = mother.spouse
        assert father is not None
        surname = father.surname if rng.random() < 0.92 else mother.surname
        if k < twins:
            sexes = (rng.choice((1, 2)), rng.choice((1, 2)))
            givens = population.names.twin_givens(sexes, day.year)
            ids = population.book.issue(population.county.code, day, sexes)
            first = None
            for order in (1, 2):
                child = _child(population, mother, surname, givens[order - 1], sexes[order - 1])
                child.birth = child.true_birth = day
                child.id_number = ids[order - 1]
                event = book.add("birth", day, child, mother.village, mother=mother, order=order)
                if first is None:
                    first = event
                else:
                    event.twin, first.twin = first, event
        else:
            sex = 1 if rng.random() < 0.52 else 2
            given = population.names.given(sex, day.year, _generation(mother, sex), 0.12)
            child = _child(population, mother, surname, given, sex)
            child.birth = child.true_birth = day
            (child.id_number,) = population.book.issue(population.county.code, day, [sex])
            hidden = rng.random() < rates.hidden_births
            book.add("birth", day, child, mother.village, mother=mother, hidden=hidden)


def _generation(mother: Person, sex: int) -> str:
    return mother.generation if sex == 1 else ""


def _child(population: Population, mother: Person, surname: str, given: str, sex: int) -> Person:
    child = Person(
        pid=population.new_pid(),
        surname=surname,
        given=given,
        sex=sex,
        birth=mother.birth,
        true_birth=mother.birth,
        id_number="",
        village=mother.village,
        group=mother.group,
        house=mother.house,
        mother=mother,
        residence=mother.residence,
        busy=True,
    )
    mother.children.append(child)
    return population.add(child)
