"""Why the records were put together, in plain words: what agrees and what does not.

Linkage scores each pair of records field by field (:class:`hedui.web.case_compare.LinkedPair`):
a level ("拼音相同（声调不同） same pinyin") and a weight in bits. A clerk needs neither the
weights nor the match probability; they need to read "姓名：拼音相同（声调不同）" under *what
agrees* and "身份证号：不同" under *what differs*. A field with no weight either way (missing in
one record) says nothing and is left out.

The level labels are written in both languages, Chinese first ("同村 same village");
:func:`level_words` keeps the half of the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hedui.web.case_compare import LinkedPair

__all__ = ["PlainPair", "level_words", "plain_pairs"]

_BILINGUAL = re.compile(r"^(?P<zh>.*?[^\x00-\x7f].*?)\s+(?P<en>[A-Za-z±0-9'].*)$")


@dataclass(frozen=True)
class PlainPair:
    """Two records and, by comparison name, the level words of what agrees and what differs."""

    left: tuple[str, str]
    right: tuple[str, str]
    linked: bool
    agree: list[tuple[str, str]]
    differ: list[tuple[str, str]]


def level_words(level: str, locale: str) -> str:
    """The half of a bilingual level label in ``locale`` (Chinese for ``zh_CN``)."""
    match = _BILINGUAL.match(level.strip())
    if match is None:
        return level
    return match["zh"] if locale == "zh_CN" else match["en"]


def plain_pairs(pairs: list[LinkedPair], locale: str) -> list[PlainPair]:
    """Each scored pair as what agrees and what differs, strongest first, without numbers."""
    plain = []
    for pair in pairs:
        ranked = sorted(pair.fields, key=lambda field: -abs(field[2]))
        agree = [(name, level_words(level, locale)) for name, level, w in ranked if w > 0]
        differ = [(name, level_words(level, locale)) for name, level, w in ranked if w < 0]
        plain.append(PlainPair(pair.left, pair.right, pair.linked, agree, differ))
    return plain
