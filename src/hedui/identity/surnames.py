"""Chinese surnames: where the surname ends, and how a surname is read aloud.

**Splitting.** A Han name is split after a compound surname (欧阳娜娜 → 欧阳 / 娜娜) when its first
two characters are one of the compound surnames of ``data/surnames_readings.csv`` and something
follows them; otherwise after the first character. A two-character name such as 东方 is therefore
东 / 方: a bare compound surname is rarer than a one-character given name. Compound surnames whose
first character is a common surname and whose second often opens a given name (宗政, 乐正, 谷梁,
单于, 张简) are left out on purpose: 宗政伟 is far more often 宗 / 政伟. Transliterated minority
names (阿依古丽买买提, 扎西多吉) have no surname; the same positional rule gives every source
the same split, which is all blocking needs.

Latin-script names are split by a simple documented rule. ``"Smith, John"`` (a comma) is surname
first. Otherwise the first word is the surname when it is a romanised Chinese surname
(``"Wang Wei"``, ``"Chan Tai Man"``, ``"Ouyang Nana"``), else the last word (``"Anna Li"``,
``"John Smith"``).

**Reading.** Some characters are read differently as surnames: 单 is shàn (单田芳), 曾 zēng, 区 ōu,
仇 qiú, 解 xiè, 查 zhā, 盖 gě, 朴 piáo, 尉迟 yùchí, 万俟 mòqí. ``data/surnames_readings.csv`` lists
these readings (in pypinyin's TONE3 spelling) with a well-known bearer each; pypinyin alone reads
曾 as céng and 单 as dān. Single 尉 stays wèi (尉健行): only in 尉迟 is it yù.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from pypinyin import Style, lazy_pinyin

from hedui.identity.variants import is_han

__all__ = [
    "COMPOUND_SURNAMES",
    "SURNAME_READINGS",
    "is_romanised_surname",
    "split_name",
    "surname_syllables",
]


def _data_text(name: str) -> str:
    return resources.files("hedui.identity").joinpath("data", name).read_text(encoding="utf-8")


def _load_readings() -> dict[str, tuple[str, ...]]:
    rows = csv.DictReader(_data_text("surnames_readings.csv").splitlines())
    return {row["surname"]: tuple(row["pinyin"].split()) for row in rows}


SURNAME_READINGS: dict[str, tuple[str, ...]] = _load_readings()
"""Surname → its syllables in TONE3 spelling, for the surnames pypinyin would misread."""

COMPOUND_SURNAMES: frozenset[str] = frozenset(s for s in SURNAME_READINGS if len(s) == 2)
"""Two-character surnames recognised when splitting a name."""


def split_name(name: str) -> tuple[str, str]:
    """Split a normalised name into (surname, given name); see the module docstring for the rule.

    Args:
        name: A name as :func:`hedui.identity.names.normalize_name` returns it.

    Returns:
        ``(surname, given)``; ``given`` is empty for a one-character or one-word name.
    """
    name = name.strip()
    if not name:
        return "", ""
    if is_han(name):
        if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
            return name[:2], name[2:]
        return name[:1], name[1:]
    return _split_latin(name)


def _split_latin(name: str) -> tuple[str, str]:
    surname, comma, given = name.partition(",")
    if comma:
        return surname.strip(), given.strip()
    words = name.split()
    if len(words) == 1 or is_romanised_surname(words[0]):
        return words[0], " ".join(words[1:])
    return words[-1], " ".join(words[:-1])


@cache
def surname_syllables(surname: str) -> tuple[str, ...]:
    """Read a Han surname as a surname, in TONE3 spelling (``"单"`` → ``("shan4",)``)."""
    reading = SURNAME_READINGS.get(surname)
    if reading is not None:
        return reading
    return tuple(lazy_pinyin(surname, style=Style.TONE3, neutral_tone_with_five=True))


def is_romanised_surname(word: str) -> bool:
    """Whether a lower-case word is a common Chinese surname in pinyin or another romanisation."""
    return word in _romanised_surnames()


@cache
def _romanised_surnames() -> frozenset[str]:
    common = "".join(
        line for line in _data_text("surnames_common.txt").splitlines() if not line.startswith("#")
    )
    pinyin = {"".join(s.rstrip("12345") for s in surname_syllables(c)) for c in common}
    pinyin |= {"".join(s.rstrip("12345") for s in SURNAME_READINGS[c]) for c in COMPOUND_SURNAMES}
    other = (
        word
        for line in _data_text("surnames_romanised.txt").splitlines()
        if not line.startswith("#")
        for word in line.split()
    )
    return frozenset(pinyin).union(other)
