"""Townships and villages of the synthetic county, with their 12-digit codes and names.

A village code is the county's six-digit GB/T 2260 code, a three-digit township code and a
three-digit village code, as in the statistical division codes: towns (镇) are numbered from
101, townships (乡) from 201, and village committees (村委会) from 201 within their township.
Village names follow rural habit: a founding family's surname with a landform (王庄, 李集, 陈港)
or a word of the 1950s–70s (红旗, 东风, 胜利). Villages named after a surname are mostly of that
surname, so one village can hold dozens of people called 王 — exactly what makes names alone
a poor identifier.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from hedui.synth.names_data import place_words, surnames
from hedui.synth.params import SynthParams

__all__ = ["Geography", "build_geography", "village_count"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]

# Dominant surnames are drawn from the commonest surnames only.
_DOMINANT_POOL = 30
_SURNAME_VILLAGE_SHARE = 0.45
_XIANG_SHARE = 0.15


@dataclass(frozen=True)
class Geography:
    """The county's townships and villages as parallel arrays.

    Attributes:
        county_code: Six-digit GB/T 2260 code.
        township_codes: Nine-digit codes.
        township_names: e.g. 新河镇.
        village_codes: Twelve-digit codes.
        village_names: e.g. 王庄村.
        village_township: Index of each village's township.
        village_share: Each village's share of the population (sums to 1).
        village_groups: Number of villager groups (村民小组) per village, for addresses.
        village_surnames: Index into the surname table of each village's dominant surname.
    """

    county_code: str
    township_codes: ObjectArray
    township_names: ObjectArray
    village_codes: ObjectArray
    village_names: ObjectArray
    village_township: IntArray
    village_share: FloatArray
    village_groups: IntArray
    village_surnames: IntArray

    @property
    def size(self) -> int:
        """Number of villages."""
        return len(self.village_codes)

    def to_frame(self) -> pl.DataFrame:
        """``code,name,township_code,township_name``, one row per village."""
        return pl.DataFrame(
            {
                "code": self.village_codes.tolist(),
                "name": self.village_names.tolist(),
                "township_code": self.township_codes[self.village_township].tolist(),
                "township_name": self.township_names[self.village_township].tolist(),
            },
            schema={name: pl.String for name in ("code", "name", "township_code", "township_name")},
        )


def village_count(people: int, params: SynthParams) -> tuple[int, int]:
    """(townships, villages) for a county of ``people``: full size from about 100,000 people.

    Smaller test counties keep villages of realistic size rather than 300 hamlets of a few
    people each.
    """
    villages = int(np.clip(round(people / params.people_per_village), 1, params.villages))
    townships = int(np.clip(-(-villages // 20), 1, params.townships))
    return townships, max(villages, townships)


def build_geography(people: int, params: SynthParams, rng: np.random.Generator) -> Geography:
    """Draw the townships and villages of a county of ``people`` inhabitants."""
    n_townships, n_villages = village_count(people, params)
    words = place_words()
    is_xiang = rng.random(n_townships) < _XIANG_SHARE
    town_words = list(rng.permutation(np.array(words["township"], dtype=object)))
    xiang_words = list(rng.permutation(np.array(words["township_xiang"], dtype=object)))
    names: list[str] = []
    codes: list[str] = []
    towns = xiangs = 0
    for xiang in is_xiang:
        if xiang and xiangs < len(xiang_words):
            names.append(f"{xiang_words[xiangs]}乡")
            xiangs += 1
            codes.append(f"{params.county_code}{200 + xiangs:03d}")
        else:
            names.append(f"{town_words[towns % len(town_words)]}镇")
            towns += 1
            codes.append(f"{params.county_code}{100 + towns:03d}")
    order = np.argsort(np.array(codes))
    township_codes = np.array(codes, dtype=object)[order]
    township_names = np.array(names, dtype=object)[order]

    extra = rng.multinomial(n_villages - n_townships, rng.dirichlet(np.full(n_townships, 6.0)))
    village_township = np.repeat(np.arange(n_townships), extra + 1).astype(np.int64)
    surname_table, surname_p = surnames()
    top_p = surname_p[:_DOMINANT_POOL] / surname_p[:_DOMINANT_POOL].sum()
    dominant = rng.choice(_DOMINANT_POOL, size=n_villages, p=top_p).astype(np.int64)
    named_for_surname = rng.random(n_villages) < _SURNAME_VILLAGE_SHARE
    suffixes = words["village_suffix"]
    village_words = words["village_word"]
    village_names: list[str] = []
    village_codes: list[str] = []
    used: set[str] = set()
    number = 0
    for index in range(n_villages):
        township = village_township[index]
        if index == 0 or village_township[index - 1] != township:
            used = set()
            number = 0
        name = ""
        while not name or name in used:
            if named_for_surname[index] and len(used) < 200:
                suffix = suffixes[int(rng.integers(len(suffixes)))]
                name = f"{surname_table[dominant[index]]}{suffix}村"
            else:
                name = f"{village_words[int(rng.integers(len(village_words)))]}村"
            if len(used) >= len(village_words):
                name = f"{name[:-1]}{len(used)}村"
        used.add(name)
        number += 1
        village_names.append(name)
        village_codes.append(f"{township_codes[township]}{200 + number:03d}")

    share = rng.lognormal(0.0, 0.35, size=n_villages)
    return Geography(
        county_code=params.county_code,
        township_codes=township_codes,
        township_names=township_names,
        village_codes=np.array(village_codes, dtype=object),
        village_names=np.array(village_names, dtype=object),
        village_township=village_township,
        village_share=share / share.sum(),
        village_groups=rng.integers(6, 17, size=n_villages).astype(np.int64),
        village_surnames=dominant,
    )
