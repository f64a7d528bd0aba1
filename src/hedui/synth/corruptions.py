"""The single-value mistakes clerks make, one function each, all driven by a seeded generator.

Each function returns the corrupted value, or the value unchanged when the mistake is not
possible for it (no character with a homophone, no day of 12 or less to swap), so the caller
can tell whether it happened by comparing.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import numpy as np
import opencc

from hedui.identity.resident_id import to_15
from hedui.synth.names_data import homophones

__all__ = [
    "DATE_FORMATS",
    "day_month_swap",
    "fullwidth",
    "homophone",
    "lunar_shift",
    "newborn_placeholder",
    "reformat_date",
    "swap_adjacent_digits",
    "to_15_digits",
    "to_traditional",
    "wrong_digit",
]

_FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
# How clerks write 1985-03-07 when not typing ISO dates.
DATE_FORMATS = ("{y}/{m}/{d}", "{y}{mm}{dd}", "{y}年{m}月{d}日", "{y}.{mm}.{dd}")


@functools.cache
def _converter() -> opencc.OpenCC:
    # Loading OpenCC's dictionaries takes a moment: do it once per process.
    return opencc.OpenCC("s2t")


def to_traditional(names: list[str]) -> list[str]:
    """Simplified → traditional characters (王丽华 → 王麗華), in one OpenCC call for all."""
    if not names:
        return []
    converted: str = _converter().convert("\n".join(names))
    return converted.split("\n")


def homophone(name: str, rng: np.random.Generator) -> str:
    """One character replaced by another of the same sound (明 → 鸣), as a pinyin typist would."""
    table = homophones()
    positions = [i for i, char in enumerate(name) if char in table]
    if not positions:
        return name
    position = positions[int(rng.integers(len(positions)))]
    choices = table[name[position]]
    return name[:position] + choices[int(rng.integers(len(choices)))] + name[position + 1 :]


def wrong_digit(number: str, rng: np.random.Generator) -> str:
    """One of the first 17 digits replaced by another digit."""
    position = int(rng.integers(17))
    digit = (int(number[position]) + int(rng.integers(1, 10))) % 10
    return number[:position] + str(digit) + number[position + 1 :]


def swap_adjacent_digits(number: str, rng: np.random.Generator) -> str:
    """Two different adjacent digits among the first 17 swapped (1985 → 1958)."""
    positions = [i for i in range(16) if number[i] != number[i + 1]]
    if not positions:
        return number
    i = positions[int(rng.integers(len(positions)))]
    return number[:i] + number[i + 1] + number[i] + number[i + 2 :]


def to_15_digits(number: str) -> str:
    """The old 15-digit form, as issued until 1999 and still copied from old paperwork."""
    return to_15(number)


def fullwidth(number: str) -> str:
    """Digits typed with a Chinese input method in full-width mode (３２０９…)."""
    return number.translate(_FULLWIDTH)


def _parse_iso(text: str) -> date:
    return date(int(text[0:4]), int(text[5:7]), int(text[8:10]))


def day_month_swap(text: str) -> str:
    """ISO date with day and month exchanged, when that gives another real date."""
    day = _parse_iso(text)
    if day.day > 12 or day.day == day.month:
        return text
    return date(day.year, day.day, day.month).isoformat()


def lunar_shift(text: str, rng: np.random.Generator) -> str:
    """The lunar-calendar birthday written as if solar: 15 to 50 days earlier."""
    day = _parse_iso(text) - timedelta(days=int(rng.integers(15, 51)))
    return day.isoformat()


def reformat_date(text: str, style: int) -> str:
    """An ISO date in one of :data:`DATE_FORMATS`."""
    day = _parse_iso(text)
    return DATE_FORMATS[style].format(
        y=day.year, m=day.month, d=day.day, mm=f"{day.month:02d}", dd=f"{day.day:02d}"
    )


def newborn_placeholder(mother_name: str | None, male: bool | None, style: float) -> str:
    """What a birth certificate says before the baby is named: 张丽之女, 男婴 or 无名.

    ``style`` is a uniform number choosing the form: mother's name with 之子/之女 most often,
    then 男婴/女婴, then 无名.
    """
    if style < 0.55 and mother_name and male is not None:
        return f"{mother_name}之{'子' if male else '女'}"
    if style < 0.9 and male is not None:
        return "男婴" if male else "女婴"
    return "无名"
