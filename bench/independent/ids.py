"""Resident ID numbers (GB 11643): build valid ones and hand out sequence numbers.

An 18-character number is ``RRRRRR YYYYMMDD SSS C``: the region of first issue, the birth date,
a sequence number whose parity gives the sex (odd male) and an ISO 7064 MOD 11-2 check
character. Twins get adjacent sequence numbers, as a police station issues them one after the
other.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from operator import mul

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_character(body: str) -> str:
    """The MOD 11-2 check character of the first 17 digits."""
    return CHECK[sum(map(mul, map(int, body), WEIGHTS)) % 11]


def make_id(region: str, birth: date, sequence: int) -> str:
    """A valid 18-character number."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + check_character(body)


def to_15(number: str) -> str:
    """The old 15-digit form: no century, no check character."""
    return number[:6] + number[8:17]


def is_valid(number: str) -> bool:
    """Whether ``number`` is 17 digits and the right check character (the date is not checked)."""
    return (
        len(number) == 18 and number[:17].isdigit() and check_character(number[:17]) == number[17]
    )


class SequenceBook:
    """Issues sequence numbers so that no two people share an ID number."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next: dict[tuple[str, date], int] = {}

    def issue(self, region: str, birth: date, sexes: Sequence[int]) -> list[str]:
        """ID numbers for people born together (one, or twins), in adjacent sequence numbers.

        Args:
            region: Six-digit region code of first issue.
            birth: The birth date written in the number.
            sexes: 1 (male, odd sequence) or 2 (female, even) for each person.
        """
        key = (region, birth)
        number = self._next.get(key)
        if number is None:
            number = self._rng.randint(1, 700)
        numbers = []
        for sex in sexes:
            if number % 2 != sex % 2:
                number += 1
            if number > 999:
                number = 1 if sex == 1 else 2
            numbers.append(make_id(region, birth, number))
            number += 1
        self._next[key] = number
        return numbers
