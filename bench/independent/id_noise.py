"""How an ID number goes wrong between the card and the file.

Each function takes the number as written (a valid 18-character number unless noted) and
returns the miswritten text, or ``None`` when the mistake cannot happen to it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from bench.independent.ids import to_15

IdNoise = Callable[[str, random.Random], str | None]

_FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _valid_shape(number: str) -> bool:
    return len(number) == 18 and number[:17].isdigit()


def missing(number: str, rng: random.Random) -> str | None:
    """Not written at all."""
    return "" if number else None


def fifteen_digit(number: str, rng: random.Random) -> str | None:
    """The old 15-digit card of someone born before 1982, never updated in the ledger."""
    if not _valid_shape(number) or not "1900" <= number[6:10] < "1982":
        return None
    return to_15(number)


def digit_wrong(number: str, rng: random.Random) -> str | None:
    """One digit mistyped (the check character no longer fits)."""
    if not _valid_shape(number):
        return None
    i = rng.randrange(17)
    digit = rng.choice([d for d in "0123456789" if d != number[i]])
    return number[:i] + digit + number[i + 1 :]


def digits_swapped(number: str, rng: random.Random) -> str | None:
    """Two adjacent different digits swapped."""
    if not _valid_shape(number):
        return None
    places = [i for i in range(16) if number[i] != number[i + 1]]
    if not places:
        return None
    i = rng.choice(places)
    return number[:i] + number[i + 1] + number[i] + number[i + 2 :]


def truncated(number: str, rng: random.Random) -> str | None:
    """The last digits cut off (a too-narrow cell, a copy that stopped short)."""
    if not _valid_shape(number):
        return None
    return number[: rng.choice((17, 17, 16, 14))]


def excel_scientific(number: str, rng: random.Random) -> str | None:
    """Typed into an Excel cell formatted General: shown as 3.20924E+17."""
    if not _valid_shape(number) or not number[17].isdigit():
        return None
    return f"{int(number):.5E}"


def excel_zeros(number: str, rng: random.Random) -> str | None:
    """Excel kept 15 significant digits: the last three became 000."""
    if not _valid_shape(number) or not number[17].isdigit():
        return None
    return number[:15] + "000"


def lowercase_x(number: str, rng: random.Random) -> str | None:
    """The check character X typed as x."""
    return number[:17] + "x" if _valid_shape(number) and number[17] == "X" else None


def full_width(number: str, rng: random.Random) -> str | None:
    """Typed with a Chinese IME in full-width mode (３２０９…)."""
    return number.translate(_FULL_WIDTH) if _valid_shape(number) else None


def spaces(number: str, rng: random.Random) -> str | None:
    """Grouped with spaces as on some forms (320924 19850307 1232), or a stray space."""
    if not _valid_shape(number):
        return None
    if rng.random() < 0.6:
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    i = rng.randrange(1, 18)
    return number[:i] + " " + number[i:]


def apostrophe(number: str, rng: random.Random) -> str | None:
    """A leading apostrophe, Excel's way of keeping a long number as text."""
    return "'" + number if _valid_shape(number) else None
