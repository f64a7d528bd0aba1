"""The year's simulation: how many events of each kind, and who they happen to."""

from __future__ import annotations

import numpy as np
from bench.independent.births import add_births
from bench.independent.config import Rates, Window
from bench.independent.events import EventBook, TrueEvent
from bench.independent.life_events import add_deaths, add_divorces, add_marriages
from bench.independent.moves import add_moves_in, add_moves_out, add_moves_within
from bench.independent.population import Population


def simulate_year(
    population: Population, rates: Rates, window: Window, gen: np.random.Generator
) -> list[TrueEvent]:
    """Every event of the year: births first (mothers then stay put), then marriages (which
    bring some moves with them), divorces, deaths and the remaining moves."""
    people = len(population.people)
    book = EventBook()

    def draw(rate: float) -> int:
        return int(gen.poisson(people * rate))

    add_births(book, population, draw(rates.births), rates, window, gen)
    add_marriages(book, population, draw(rates.marriages), window, gen)
    add_divorces(book, population, draw(rates.divorces), window, gen)
    add_deaths(book, population, draw(rates.deaths), window, gen)
    add_moves_within(book, population, draw(rates.moves_within), window, gen)
    add_moves_out(book, population, draw(rates.moves_out), window, gen)
    add_moves_in(book, population, draw(rates.moves_in), window, gen)
    return book.events
