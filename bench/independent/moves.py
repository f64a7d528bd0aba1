"""Moves of household registration: inside the county, out of it, into it.

A move inside the county is registered at both ends (a move-out at the old village, a move-in
at the new one) but is one event. Families often move together; the young move to the county
seat; students and workers move out; brides, workers and returning families move in, the
returnees with IDs of the county itself.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from bench.independent.config import Window
from bench.independent.events import EventBook
from bench.independent.geography import Village
from bench.independent.population import OUTSIDE_REGIONS, Person, Population
from bench.independent.sampling import weighted_sample
from bench.independent.seasons import sample_days


def _household(person: Person, on: date) -> list[Person]:
    """The person, their spouse and their young children, if none has another event."""
    members = [person]
    spouse = person.spouse
    if spouse is not None and not spouse.busy and spouse.village is person.village:
        members.append(spouse)
    for parent in list(members):
        members.extend(
            c
            for c in parent.children
            if not c.busy and c.age(on) < 18 and c.village is person.village
        )
    return members


def _destination(population: Population, origin: Village) -> Village:
    rng, county = population.rng, population.county
    if not origin.seat and county.seat_villages and rng.random() < 0.45:
        return rng.choice(county.seat_villages)
    while True:
        village = rng.choice(county.villages)
        if village is not origin:
            return village


def _candidates(
    population: Population, window: Window, gen: np.random.Generator, weight: dict[int, float]
) -> list[Person]:
    """Residents free to move, in a random order weighted by age (``weight``: from age → w)."""
    start = window.start
    free = [p for p in population.people if not p.busy]
    ages = [min(p.age(start), 99) for p in free]
    table = np.array([weight.get(a // 5 * 5, 0.3) for a in range(100)])
    order = weighted_sample(gen, table[ages], len(free))
    return [free[i] for i in order]


def add_moves_within(
    book: EventBook, population: Population, moves: int, window: Window, gen: np.random.Generator
) -> None:
    """Residents move to another village of the county until ``moves`` people have moved
    (the brides who already moved after their wedding count)."""
    remaining = moves - book.count("move")
    if remaining <= 0:
        return
    rng = population.rng
    weights = {20: 1.5, 25: 2.0, 30: 1.8, 35: 1.2, 60: 0.6, 70: 0.6, 75: 0.5}
    days = iter(sample_days(gen, "move", window.year, remaining))
    for person in _candidates(population, window, gen, weights):
        if remaining <= 0:
            break
        if person.busy or person.age(window.start) < 16:
            continue
        members = _household(person, window.start) if rng.random() < 0.5 else [person]
        origin = person.village
        destination = _destination(population, origin)
        day = next(days)
        group, house = (0 if destination.seat else rng.randint(1, 12)), rng.randint(1, 160)
        for member in members[:remaining]:
            member.busy = True
            book.add("move", day, member, destination, origin=origin, home=(group, house))
            member.village, member.group, member.house = destination, group, house
        remaining -= len(members)


def add_moves_out(
    book: EventBook, population: Population, moves: int, window: Window, gen: np.random.Generator
) -> None:
    """Residents leave the county until ``moves`` people have left."""
    remaining = moves - book.count("move_out")
    if remaining <= 0:
        return
    rng = population.rng
    weights = {15: 2.5, 20: 3.0, 25: 2.0, 30: 1.5, 35: 1.0, 60: 0.2, 70: 0.2, 75: 0.2}
    days = iter(sample_days(gen, "move", window.year, remaining))
    for person in _candidates(population, window, gen, weights):
        if remaining <= 0:
            break
        if person.busy:
            continue
        members = _household(person, window.start) if rng.random() < 0.3 else [person]
        day = next(days)
        for member in members[:remaining]:
            member.busy = True
            book.add("move_out", day, member, member.village)
        remaining -= len(members)


def add_moves_in(
    book: EventBook, population: Population, moves: int, window: Window, gen: np.random.Generator
) -> None:
    """People from outside settle in the county until ``moves`` people have come (brides who
    moved in after their wedding count): single workers, couples, families with a child."""
    remaining = moves - book.count("move_in")
    if remaining <= 0:
        return
    rng = population.rng
    days = iter(sample_days(gen, "move", window.year, remaining))
    while remaining > 0:
        day = next(days)
        village = _destination(population, rng.choice(population.county.villages))
        draw = rng.random()
        age = rng.randint(20, 45)
        first = move_in_person(population, village, rng.choice((1, 2)), age, day)
        members = [first]
        if draw > 0.6 and remaining > 1:
            partner = move_in_person(
                population, village, 3 - first.sex, age + rng.randint(-3, 3), day
            )
            first.spouse, partner.spouse = partner, first
            partner.group, partner.house = first.group, first.house
            members.append(partner)
            if draw > 0.8 and remaining > 2 and age >= 25:
                mother = first if first.sex == 2 else partner
                child = move_in_person(
                    population, village, rng.choice((1, 2)), rng.randint(0, age - 22), day
                )
                father = partner if mother is first else first
                child.surname, child.mother = father.surname, mother
                child.group, child.house = first.group, first.house
                mother.children.append(child)
                members.append(child)
        for member in members:
            book.add("move_in", day, member, village)
        remaining -= len(members)


def move_in_person(
    population: Population, village: Village, sex: int, age: int, day: date
) -> Person:
    """Someone arriving from outside: most have IDs of another province, returnees of this
    county."""
    rng = population.rng
    birth = day - timedelta(days=age * 365 + rng.randint(0, 364))
    region = population.county.code if rng.random() < 0.15 else rng.choice(OUTSIDE_REGIONS)
    (number,) = population.book.issue(region, birth, [sex])
    person = Person(
        pid=population.new_pid(),
        surname=population.names.surname(),
        given=population.names.given(sex, birth.year),
        sex=sex,
        birth=birth,
        true_birth=birth,
        id_number=number,
        village=village,
        group=0 if village.seat else rng.randint(1, 12),
        house=rng.randint(1, 160),
        busy=True,
    )
    return population.add(person)
