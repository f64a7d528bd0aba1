"""The tables behind the synthetic county, read once from ``hedui/synth/data``.

* ``surnames.csv`` — approximate population shares of the 100 commonest surnames (Ministry of
  Public Security household-registration report, 2020) plus rarer ones: heteronym surnames read
  differently from the ordinary character (单 Shàn, 曾 Zēng, 区 Ōu, 仇 Qiú, 解 Xiè, 查 Zhā, 盖 Gě,
  朴 Piáo) and compound surnames (欧阳, 上官, 司马, 诸葛 …) at their small real rates.
* ``given_names.csv`` — given names by birth cohort and sex, commonest first: whole two-character
  names, single-character names, and first/second characters that combine into the long tail.
  Fashions change by generation (建国 and 秀英 in the 1950s, 伟 and 丽 in the 1980s, 子轩 and
  梓涵 in the 2010s), which is what makes a name plus a birth year informative.
* ``name_cohorts.csv`` — each cohort's years and its shares of single-character and of popular
  whole names.
* ``homophones.csv`` — characters a clerk typing pinyin confuses (明/鸣/铭, 丽/莉/俐 …).
* ``place_names.csv`` — the words township and village names are made of.
* ``regions.csv`` — real GB/T 2260 county codes with the years they were in use, for ID numbers
  of people first registered elsewhere (including codes since abolished, such as 320926 大丰县).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

__all__ = [
    "Cohort",
    "GivenNamePool",
    "Region",
    "cohorts",
    "given_name_pools",
    "homophones",
    "place_words",
    "regions",
    "surnames",
]

ObjectArray = npt.NDArray[np.object_]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Cohort:
    """A birth cohort with its own naming fashion."""

    key: int
    first_year: int
    last_year: int
    p_single: float
    p_whole: float


@dataclass(frozen=True)
class GivenNamePool:
    """The given names of one cohort and sex; each array is commonest first."""

    whole: ObjectArray
    single: ObjectArray
    first: ObjectArray
    second: ObjectArray


@dataclass(frozen=True)
class Region:
    """A GB/T 2260 county code and the years it was issued (``valid_to`` None: still is)."""

    code: str
    name: str
    valid_from: int
    valid_to: int | None
    weight: float


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("hedui.synth").joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def zipf_weights(count: int) -> FloatArray:
    """Weights for a list ordered commonest first, falling like 1/(rank + 6), summing to 1.

    The offset flattens the head: with a pure 1/rank law the top given name of a cohort would
    go to a quarter of its babies; with it the top name takes about 8 % of a list of 30, so
    that a million people hold a few hundred 王建军, as real registers do, not thousands.
    """
    weights = 1.0 / (np.arange(count, dtype=np.float64) + 6.0)
    result: FloatArray = weights / weights.sum()
    return result


@functools.cache
def surnames() -> tuple[ObjectArray, FloatArray]:
    """Surnames and their probabilities (the shares normalised to sum to 1)."""
    rows = _rows("surnames.csv")
    names = np.array([row["surname"] for row in rows], dtype=object)
    shares = np.array([float(row["share_percent"]) for row in rows], dtype=np.float64)
    return names, shares / shares.sum()


@functools.cache
def cohorts() -> tuple[Cohort, ...]:
    """Naming cohorts, oldest first."""
    return tuple(
        Cohort(
            key=int(row["cohort"]),
            first_year=int(row["first_year"]),
            last_year=int(row["last_year"]),
            p_single=float(row["p_single"]),
            p_whole=float(row["p_whole"]),
        )
        for row in _rows("name_cohorts.csv")
    )


@functools.cache
def given_name_pools() -> dict[tuple[int, int], GivenNamePool]:
    """Given-name pools keyed by (cohort key, sex) with sex 1 male and 2 female."""
    parts: dict[tuple[int, int], dict[str, ObjectArray]] = {}
    for row in _rows("given_names.csv"):
        key = (int(row["cohort"]), 1 if row["sex"] == "M" else 2)
        parts.setdefault(key, {})[row["kind"]] = np.array(row["items"].split(), dtype=object)
    return {
        key: GivenNamePool(
            whole=kinds["whole"],
            single=kinds["single"],
            first=kinds["first"],
            second=kinds["second"],
        )
        for key, kinds in parts.items()
    }


@functools.cache
def homophones() -> dict[str, str]:
    """Each confusable character mapped to the other characters of its group."""
    table: dict[str, str] = {}
    for row in _rows("homophones.csv"):
        group = row["characters"]
        for char in group:
            table[char] = table.get(char, "") + "".join(c for c in group if c != char)
    return table


@functools.cache
def place_words() -> dict[str, tuple[str, ...]]:
    """Word lists for place names by kind (``township``, ``village_suffix`` …)."""
    return {row["kind"]: tuple(row["items"].split()) for row in _rows("place_names.csv")}


@functools.cache
def regions() -> tuple[Region, ...]:
    """Region codes for ID numbers, in file order (the home county first)."""
    return tuple(
        Region(
            code=row["code"],
            name=row["name"],
            valid_from=int(row["valid_from"]),
            valid_to=int(row["valid_to"]) if row["valid_to"] else None,
            weight=float(row["weight"]),
        )
        for row in _rows("regions.csv")
    )
