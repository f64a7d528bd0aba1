"""Moves of the reporting period: between villages, out of the county and into it.

A move between two villages of the county is one person and two events — a move-out of the
old village and a move-in to the new one a few days later — which a linker must keep as two
entities of the same person. People leaving the county are mostly young (students, workers
transferring their registration); people arriving come alone or join a household.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from hedui.synth.events import MOVE_IN, MOVE_OUT, Events
from hedui.synth.people import MOVED_IN
from hedui.synth.period import YEAR_DAYS, PeriodBuilder

__all__ = ["draw_moves_in", "draw_moves_out", "draw_moves_within"]

IntArray = npt.NDArray[np.int64]

_JOIN_SHARE = 0.5  # movers who join an existing household rather than found one


def _households_in(b: PeriodBuilder, village: IntArray) -> IntArray:
    """A random existing household of each village, or a new one where a village has none."""
    households = b.households
    order = np.argsort(households.village, kind="stable")
    counts = np.bincount(households.village, minlength=b.village_count)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    join = (b.rng.random(len(village)) < _JOIN_SHARE) & (counts[village] > 0)
    pick = offsets[village] + (b.rng.random(len(village)) * np.maximum(counts[village], 1)).astype(
        np.int64
    )
    result = np.empty(len(village), dtype=np.int64)
    result[join] = order[pick[join]]
    result[~join] = b.new_households(village[~join])
    return result


def _residents(b: PeriodBuilder, low: float, high: float) -> IntArray:
    age = b.age()
    result: IntArray = np.flatnonzero(~b.busy[: b.residents] & (age >= low) & (age < high))
    return result


def draw_moves_within(b: PeriodBuilder) -> None:
    """People moving from one village of the county to another."""
    if b.village_count < 2:
        return
    p = b.people
    candidates = _residents(b, 1.0, 200.0)
    movers = b.weighted_choice(
        candidates, np.ones(len(candidates)), b.target(b.params.move_within_rate)
    )
    destination = b.rng.choice(b.village_count, size=len(movers), p=b.village_share)
    same = destination == p.village[movers]
    destination[same] = (
        destination[same] + 1 + b.rng.integers(0, b.village_count - 1, int(same.sum()))
    ) % b.village_count
    household = _households_in(b, destination)
    b.busy[movers] = True
    leave = b.dates(len(movers))
    arrive = np.minimum(b.end, leave + b.rng.integers(0, 11, len(movers)))
    b.parts.append(
        Events.of(
            MOVE_OUT, movers, leave, p.village[movers], p.household[movers], within_county=True
        )
    )
    b.parts.append(Events.of(MOVE_IN, movers, arrive, destination, household, within_county=True))
    b.final_village[movers] = destination
    b.final_household[movers] = household


def draw_moves_out(b: PeriodBuilder) -> None:
    """People transferring their registration out of the county, mostly aged 18–30."""
    p = b.people
    candidates = _residents(b, 16.0, 65.0)
    age = b.age()[candidates]
    weight = np.exp(-0.5 * ((age - 23.0) / 6.0) ** 2) + 0.05
    movers = b.weighted_choice(candidates, weight, b.target(b.params.move_out_rate))
    b.busy[movers] = True
    b.final_village[movers] = -1
    b.final_household[movers] = -1
    b.parts.append(
        Events.of(MOVE_OUT, movers, b.dates(len(movers)), p.village[movers], p.household[movers])
    )


def draw_moves_in(b: PeriodBuilder) -> None:
    """People arriving from other counties (their ID numbers carry other region codes)."""
    count = b.target(b.params.move_in_rate)
    age = np.clip(b.rng.gamma(4.0, 7.0, count) + 14.0, 16.0, 80.0)
    sex = np.where(b.rng.random(count) < 0.5, 1, 2)
    day = b.dates(count)
    birth = (day - age * YEAR_DAYS).astype(np.int64)
    village = b.rng.choice(b.village_count, size=count, p=b.village_share)
    household = _households_in(b, village)
    index = []
    for s in (1, 2):
        chosen = np.flatnonzero(sex == s)
        arrivals = b.outsiders(s, birth[chosen], MOVED_IN)
        arrivals.village = village[chosen]
        arrivals.household = household[chosen]
        index.append(b.add_people(arrivals))
    order = np.concatenate([np.flatnonzero(sex == 1), np.flatnonzero(sex == 2)])
    people = np.concatenate(index)
    b.parts.append(Events.of(MOVE_IN, people, day[order], village[order], household[order]))
