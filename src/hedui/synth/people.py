"""The people table: every person the county's records can mention, as parallel arrays.

Persons are numbered from 0; their public identifier is ``P`` and seven digits. The table
grows during the year: residents at 1 January first, then babies born, people moving in, and
spouses from outside the county who appear only in marriage records.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl

__all__ = ["EPOCH", "Households", "People", "days", "person_code_series", "person_codes"]

IntArray = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

EPOCH = date(1970, 1, 1)

# Values of People.origin.
RESIDENT_AT_START = 0
BORN = 1
MOVED_IN = 2
OUTSIDE_SPOUSE = 3


def days(day: date) -> int:
    """Days since 1970-01-01, the integer form every date takes inside the generator."""
    return (day - EPOCH).days


def person_codes(index: IntArray) -> ObjectArray:
    """Public person identifiers ``P0000001`` for person indices."""
    return np.strings.add("P", np.strings.zfill((index + 1).astype("U7"), 7)).astype(object)


def person_code_series(name: str, index: IntArray) -> pl.Series:
    """Public person identifiers as a polars column; empty where ``index`` is negative."""
    digits = pl.Series(name, np.where(index >= 0, index + 1, -1)).cast(pl.String).str.zfill(7)
    codes = (
        digits.to_frame().select(pl.concat_str(pl.lit("P"), pl.col(name)).alias(name)).to_series()
    )
    return codes.scatter(np.flatnonzero(index < 0), None)


@dataclass
class People:
    """Parallel arrays, one element per person; ``-1`` marks an unknown or absent link.

    Attributes:
        sex: 1 male, 2 female (GB/T 2261.1).
        birth: Birth date in days since 1970-01-01.
        surname, given: The name's two parts; the full name is their concatenation.
        mother, father, spouse: Person indices.
        household, village: Where the person lived on 1 January, or on arrival; ``-1``
            for a spouse living outside the county.
        born_elsewhere: First registered outside the county (their ID has another region).
        children_ever: Children ever born to a woman, for birth-order-specific fertility.
        origin: 0 resident on 1 January, 1 born this year, 2 moved in, 3 outside spouse.
        twin: 1 for either baby of a twin birth.
        hospital: Born this year in a hospital (home births are missed more often).
        region: Region code of the ID number.
        id_number: The 18-digit number.
    """

    sex: Int8Array
    birth: IntArray
    surname: ObjectArray
    given: ObjectArray
    mother: IntArray
    father: IntArray
    spouse: IntArray
    household: IntArray
    village: IntArray
    born_elsewhere: BoolArray
    children_ever: IntArray
    origin: Int8Array
    twin: Int8Array
    hospital: BoolArray
    region: ObjectArray
    id_number: ObjectArray

    def __len__(self) -> int:
        return len(self.sex)

    @property
    def name(self) -> ObjectArray:
        """Full names (surname then given name, no space, as Chinese names are written)."""
        result: ObjectArray = self.surname + self.given
        return result

    def extend(self, other: People) -> People:
        """This table followed by ``other`` (whose links already use the combined numbering)."""
        return People(
            **{
                f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                for f in dataclasses.fields(self)
            }
        )

    @classmethod
    def new(cls, count: int) -> People:
        """``count`` blank persons, to be filled in by the caller."""
        minus_one = np.full(count, -1, dtype=np.int64)
        return cls(
            sex=np.zeros(count, dtype=np.int8),
            birth=np.zeros(count, dtype=np.int64),
            surname=np.full(count, "", dtype=object),
            given=np.full(count, "", dtype=object),
            mother=minus_one.copy(),
            father=minus_one.copy(),
            spouse=minus_one.copy(),
            household=minus_one.copy(),
            village=minus_one.copy(),
            born_elsewhere=np.zeros(count, dtype=bool),
            children_ever=np.zeros(count, dtype=np.int64),
            origin=np.zeros(count, dtype=np.int8),
            twin=np.zeros(count, dtype=np.int8),
            hospital=np.zeros(count, dtype=bool),
            region=np.full(count, "", dtype=object),
            id_number=np.full(count, "", dtype=object),
        )


@dataclass
class Households:
    """Per household: its village and its address (villager group 组 and house number 号)."""

    village: IntArray
    group: IntArray
    house: IntArray

    def __len__(self) -> int:
        return len(self.village)

    def extend(self, village: IntArray, group: IntArray, house: IntArray) -> Households:
        """This table with new households appended."""
        return Households(
            np.concatenate([self.village, village]),
            np.concatenate([self.group, group]),
            np.concatenate([self.house, house]),
        )
