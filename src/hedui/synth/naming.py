"""Drawing Chinese names: surnames by real frequency, given names by generation and sex.

Everything is vectorised over arrays of people: a name is built by indexing small tables of
strings with arrays of random choices, so a million names cost a few array operations.
A given name is one of three kinds, in proportions that change by cohort: a popular whole
two-character name (建国, 子轩), a single character (伟, 丽 — most common in the 1980s), or a
free combination of a first and a second character, which gives the long tail of rarer names.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from hedui.synth.names_data import cohorts, given_name_pools, surnames, zipf_weights

__all__ = ["cohort_keys", "draw_given_names", "draw_surnames", "draw_twin_given_names"]

IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]


def cohort_keys(birth_years: IntArray) -> IntArray:
    """The naming cohort key (e.g. 1980) of each birth year."""
    table = cohorts()
    firsts = np.array([c.first_year for c in table], dtype=np.int64)
    keys = np.array([c.key for c in table], dtype=np.int64)
    position = np.clip(np.searchsorted(firsts, birth_years, side="right") - 1, 0, len(table) - 1)
    result: IntArray = keys[position]
    return result


def draw_surnames(rng: np.random.Generator, count: int) -> IntArray:
    """Indices into the surname table, drawn by national frequency."""
    _, probabilities = surnames()
    result: IntArray = rng.choice(len(probabilities), size=count, p=probabilities).astype(np.int64)
    return result


def _pick(rng: np.random.Generator, pool: ObjectArray, count: int) -> ObjectArray:
    result: ObjectArray = pool[rng.choice(len(pool), size=count, p=zipf_weights(len(pool)))]
    return result


def draw_given_names(
    rng: np.random.Generator, birth_years: IntArray, sexes: npt.NDArray[np.int8]
) -> ObjectArray:
    """A given name for each person, in the fashion of their birth cohort and sex (1/2)."""
    names = np.empty(len(birth_years), dtype=object)
    keys = cohort_keys(birth_years)
    pools = given_name_pools()
    for cohort in cohorts():
        for sex in (1, 2):
            index = np.flatnonzero((keys == cohort.key) & (sexes == sex))
            if index.size == 0:
                continue
            pool = pools[(cohort.key, sex)]
            u = rng.random(index.size)
            single = u < cohort.p_single
            whole = ~single & (u < cohort.p_single + cohort.p_whole)
            composed = ~single & ~whole
            chosen = np.empty(index.size, dtype=object)
            chosen[single] = _pick(rng, pool.single, int(single.sum()))
            chosen[whole] = _pick(rng, pool.whole, int(whole.sum()))
            n = int(composed.sum())
            chosen[composed] = _pick(rng, pool.first, n) + _pick(rng, pool.second, n)
            names[index] = chosen
    return names


def draw_twin_given_names(
    rng: np.random.Generator,
    sibling_names: ObjectArray,
    birth_years: IntArray,
    sexes: npt.NDArray[np.int8],
) -> ObjectArray:
    """Given names for second twins: one character apart from their sibling's.

    Parents name twins as a pair (子轩 and 子涵, 欣怡 and 欣悦): a two-character name keeps the
    first character and changes the second; a one-character name becomes another single
    character. Either way the twins' full names differ by exactly one character, which is the
    hardest case for a linker that compares names by edit distance.
    """
    names = np.empty(len(sibling_names), dtype=object)
    keys = cohort_keys(birth_years)
    pools = given_name_pools()
    for position, sibling in enumerate(sibling_names):
        pool = pools[(int(keys[position]), int(sexes[position]))]
        choices = pool.single if len(sibling) == 1 else pool.second
        last = str(sibling)[-1]
        candidates = choices[choices != last]
        pick = str(candidates[int(rng.integers(len(candidates)))])
        names[position] = pick if len(sibling) == 1 else str(sibling)[:-1] + pick
    return names
