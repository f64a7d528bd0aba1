"""Marriages and divorces of the reporting period.

Marriages pair unmarried adults still living with their parents — men of 22 and over, women of
20 and over, the legal minimum ages — most often both from the county, sometimes with a spouse
from elsewhere (a bride from Anhui or Sichuan, a groom who takes the bride away). Spouses are
sorted by age before pairing, so a groom is usually a couple of years older than his bride.
After a local wedding most brides move to the groom's household; when his village is another
one, that move is two more events of hers (a move-out and a move-in). Couples may register in
the other spouse's county, in which case this county's civil-affairs office has no record.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from hedui.synth.events import DIVORCE, MARRIAGE, MOVE_IN, MOVE_OUT, Events
from hedui.synth.people import MOVED_IN, OUTSIDE_SPOUSE
from hedui.synth.period import YEAR_DAYS, PeriodBuilder

__all__ = ["draw_divorces", "draw_marriages"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_LEGAL_AGE = {1: 22.0, 2: 20.0}


def _never_married(
    b: PeriodBuilder, sex: int, high: float, peak: float, spread: float
) -> tuple[IntArray, FloatArray]:
    # Unmarried adults still in their parents' household; weights peak at the usual age.
    p, n = b.people, b.residents
    age = b.age()
    candidate = (
        (p.sex[:n] == sex)
        & (p.spouse[:n] < 0)
        & ((p.mother[:n] >= 0) | (p.father[:n] >= 0))
        & (age >= _LEGAL_AGE[sex])
        & (age < high)
        & ~b.busy[:n]
    )
    index = np.flatnonzero(candidate)
    weight = np.exp(-0.5 * ((age[index] - peak) / spread) ** 2)
    return index, weight


def draw_marriages(b: PeriodBuilder) -> None:
    """Marriages, the spouses from outside the county, and the brides' moves that follow."""
    params, rng = b.params, b.rng
    total = b.target(params.marriage_rate)
    outside_brides = round(total * params.outside_bride_share)
    outside_grooms = round(total * params.outside_groom_share)
    grooms, groom_weight = _never_married(b, 1, 45.0, 28.0, 4.0)
    brides, bride_weight = _never_married(b, 2, 40.0, 25.0, 3.5)
    local = max(0, min(total - outside_brides - outside_grooms, len(grooms), len(brides)))
    chosen_grooms = b.weighted_choice(grooms, groom_weight, local + outside_brides)
    chosen_brides = b.weighted_choice(brides, bride_weight, local + outside_grooms)
    local = min(local, len(chosen_grooms), len(chosen_brides))
    # Pair local couples by age rank (with some noise), never two siblings.
    noise = 2.0 * YEAR_DAYS
    g = chosen_grooms[:local]
    w = chosen_brides[:local]
    g = g[np.argsort(b.people.birth[g] + rng.normal(0, noise, local), kind="stable")]
    w = w[np.argsort(b.people.birth[w] + rng.normal(0, noise, local), kind="stable")]
    keep = b.people.household[g] != b.people.household[w]
    g, w = g[keep], w[keep]
    # Spouses from elsewhere for the other chosen people.
    lone_grooms = chosen_grooms[local:]
    lone_brides = chosen_brides[local:]
    gap = np.clip(rng.normal(2.2, 2.5, len(lone_grooms)), -3, 10) * YEAR_DAYS
    brides_from_outside = b.outsiders(
        2, (b.people.birth[lone_grooms] + gap).astype(np.int64), OUTSIDE_SPOUSE
    )
    gap = np.clip(rng.normal(2.2, 2.5, len(lone_brides)), -3, 10) * YEAR_DAYS
    grooms_from_outside = b.outsiders(
        1, (b.people.birth[lone_brides] - gap).astype(np.int64), OUTSIDE_SPOUSE
    )
    new_wives = b.add_people(brides_from_outside)
    new_husbands = b.add_people(grooms_from_outside)
    husband = np.concatenate([g, lone_grooms, new_husbands])
    wife = np.concatenate([w, new_wives, lone_brides])
    count = len(husband)
    b.people.spouse[husband] = wife
    b.people.spouse[wife] = husband
    b.busy[husband] = True
    b.busy[wife] = True
    day = b.dates(count)
    here = np.ones(count, dtype=bool)
    here[len(g) :] = rng.random(count - len(g)) >= params.registered_elsewhere_share
    p = b.people
    for person, partner in ((husband, wife), (wife, husband)):
        b.parts.append(
            Events.of(
                MARRIAGE,
                person,
                day,
                p.village[person],
                p.household[person],
                spouse=partner,
                registered_here=here,
            )
        )
    _brides_move(b, g, w, day[: len(g)])
    _outside_spouses_move(b, lone_grooms, new_wives, day[len(g) : len(g) + len(new_wives)])
    _local_brides_leave(b, lone_brides, day[len(g) + len(new_wives) :])


def _move_date(b: PeriodBuilder, wedding: IntArray) -> IntArray:
    result: IntArray = wedding + b.rng.integers(0, 61, len(wedding))
    return result


def _brides_move(b: PeriodBuilder, grooms: IntArray, brides: IntArray, wedding: IntArray) -> None:
    p = b.people
    moving = b.rng.random(len(brides)) < b.params.bride_moves_share
    when = _move_date(b, wedding)
    moving &= when <= b.end
    grooms, brides, when = grooms[moving], brides[moving], when[moving]
    b.final_village[brides] = p.village[grooms]
    b.final_household[brides] = p.household[grooms]
    other = p.village[brides] != p.village[grooms]
    grooms, brides, when = grooms[other], brides[other], when[other]
    arrive = np.minimum(b.end, when + b.rng.integers(0, 8, len(when)))
    b.parts.append(
        Events.of(
            MOVE_OUT, brides, when, p.village[brides], p.household[brides], within_county=True
        )
    )
    b.parts.append(
        Events.of(
            MOVE_IN, brides, arrive, p.village[grooms], p.household[grooms], within_county=True
        )
    )


def _outside_spouses_move(
    b: PeriodBuilder, grooms: IntArray, brides: IntArray, wedding: IntArray
) -> None:
    p = b.people
    when = _move_date(b, wedding)
    moving = (b.rng.random(len(brides)) < b.params.outside_spouse_moves_in_share) & (when <= b.end)
    grooms, brides, when = grooms[moving], brides[moving], when[moving]
    p.origin[brides] = MOVED_IN
    p.village[brides] = p.village[grooms]
    p.household[brides] = p.household[grooms]
    b.final_village[brides] = p.village[grooms]
    b.final_household[brides] = p.household[grooms]
    b.parts.append(Events.of(MOVE_IN, brides, when, p.village[grooms], p.household[grooms]))


def _local_brides_leave(b: PeriodBuilder, brides: IntArray, wedding: IntArray) -> None:
    p = b.people
    when = _move_date(b, wedding)
    leaving = (b.rng.random(len(brides)) < b.params.outside_spouse_moves_in_share) & (when <= b.end)
    brides, when = brides[leaving], when[leaving]
    b.final_village[brides] = -1
    b.final_household[brides] = -1
    b.parts.append(Events.of(MOVE_OUT, brides, when, p.village[brides], p.household[brides]))


def draw_divorces(b: PeriodBuilder) -> None:
    """Registered (agreed) divorces of couples living in the county, wives aged 25–55."""
    p, n = b.people, b.residents
    age = b.age()
    husband = p.spouse[:n]
    wives = np.flatnonzero(
        (p.sex[:n] == 2) & (husband >= 0) & (husband < n) & (age >= 25) & (age < 55) & ~b.busy[:n]
    )
    wives = wives[~b.busy[p.spouse[wives]]]
    weight = np.exp(-0.5 * ((age[wives] - 38.0) / 8.0) ** 2)
    wives = b.weighted_choice(wives, weight, b.target(b.params.divorce_rate))
    husbands = p.spouse[wives]
    b.busy[wives] = True
    b.busy[husbands] = True
    day = b.dates(len(wives))
    here = np.ones(len(wives), dtype=bool)
    for person, partner in ((wives, husbands), (husbands, wives)):
        b.parts.append(
            Events.of(
                DIVORCE,
                person,
                day,
                p.village[person],
                p.household[person],
                spouse=partner,
                registered_here=here,
            )
        )
