"""Chinese names as linkage compares them: normalised, split, and keyed by pinyin.

Names disagree between sources for reasons that say nothing about identity: traditional or
variant characters (張偉/张伟, 喆/哲), spaces and middle dots, homophones chosen by a clerk typing
pinyin (张明/张鸣/张铭), surnames pypinyin misreads (单 shàn, not dān). This module turns a raw name
into :class:`NameKeys`, whose pinyin keys agree whenever the names *sound* the same:

* :func:`normalize_name` — the canonical written form (see :mod:`hedui.identity.variants`), or
  ``None`` for blanks and for newborn placeholders (see :mod:`hedui.identity.placeholders`).
* :func:`split_name` — surname and given name, compound surnames first
  (see :mod:`hedui.identity.surnames`).
* :func:`name_keys` — the keys for blocking and comparison. The surname is read from the surname
  table; the given name with pypinyin's phrase dictionary, which settles heteronyms inside common
  words. Syllables are spelled in pypinyin's TONE3 style (``lv3`` for 吕, neutral tone ``5``);
  ``pinyin`` drops tones and spaces, ``initials`` keeps the first letter of each syllable (张三丰 →
  ``zsf``, as Chinese abbreviations do, so zh/ch/sh count as z/c/s). A character pypinyin cannot
  read stays itself in the keys, so two different rare characters never collide.
  Latin-script names (``"Wang Wei"``, ``"O'Brien"``) use their own words as "pinyin", surname
  first, so ``"Wang Wei"`` and 王伟 share the key ``wangwei``.

Every function is cached by raw value; linkage calls them on millions of records holding far fewer
distinct names. :func:`name_keys_many` and :func:`name_keys_frame` work on whole columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
from pypinyin import Style, lazy_pinyin

from hedui.identity.placeholders import is_placeholder, mother_from_placeholder
from hedui.identity.surnames import split_name, surname_syllables
from hedui.identity.variants import canonical_form, is_han

__all__ = [
    "NameKeys",
    "is_placeholder",
    "mother_from_placeholder",
    "name_keys",
    "name_keys_frame",
    "name_keys_many",
    "normalize_name",
    "split_name",
]

_CACHE_SIZE = 1 << 18
_TONE = re.compile(r"(?<=[a-zü])[1-5]$")


@dataclass(frozen=True, slots=True)
class NameKeys:
    """The keys of one name (example values for 单田芳).

    Attributes:
        normalized: Canonical written form, ``"单田芳"``.
        surname: ``"单"``.
        given: ``"田芳"``.
        pinyin_tone: Syllables with tone numbers, surname first, ``"shan4 tian2 fang1"``.
        pinyin: No tones, no spaces, ``"shantianfang"``.
        initials: First letter of each syllable, ``"stf"``.
        given_pinyin: The given name's ``pinyin``, ``"tianfang"``.
    """

    normalized: str
    surname: str
    given: str
    pinyin_tone: str
    pinyin: str
    initials: str
    given_pinyin: str

    @property
    def surname_pinyin(self) -> str:
        """The surname's ``pinyin``, ``"shan"``: the usual blocking key."""
        return self.pinyin[: len(self.pinyin) - len(self.given_pinyin)]


def normalize_name(raw: str | None) -> str | None:
    """The canonical form of a name; ``None`` for blanks and newborn placeholders.

    Examples: 張偉 → 张伟, ``"阿依古丽·买买提"`` → 阿依古丽买买提, ``"O'Brien"`` → ``obrien``,
    张丽之女 → ``None``.
    """
    if raw is None:
        return None
    return _normalize(raw)


def name_keys(raw: str | None) -> NameKeys | None:
    """The pinyin keys of a name, or ``None`` when :func:`normalize_name` gives ``None``."""
    if raw is None:
        return None
    return _keys(raw)


def name_keys_many(values: Iterable[str | None]) -> list[NameKeys | None]:
    """:func:`name_keys` of each value, computing each distinct value once."""
    seen: dict[str | None, NameKeys | None] = {}
    result = []
    for value in values:
        if value not in seen:
            seen[value] = name_keys(value)
        result.append(seen[value])
    return result


def name_keys_frame(values: pl.Series) -> pl.DataFrame:
    """The :class:`NameKeys` of a column as a frame, one row per input row.

    Columns are the :class:`NameKeys` fields plus ``surname_pinyin``, all ``Utf8``; a row is null
    throughout where the name is blank or a placeholder.
    """
    distinct = {raw: name_keys(raw) for raw in values.cast(pl.Utf8).unique().to_list()}
    columns = [*NameKeys.__dataclass_fields__, "surname_pinyin"]
    data: dict[str, list[str | None]] = {column: [] for column in columns}
    for raw in values.cast(pl.Utf8).to_list():
        keys = distinct[raw]
        for column in columns:
            data[column].append(None if keys is None else getattr(keys, column))
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.Utf8))


@lru_cache(maxsize=_CACHE_SIZE)
def _normalize(raw: str) -> str | None:
    form = canonical_form(raw)
    if not any(c.isalpha() for c in form) or is_placeholder(raw):
        return None
    return form


@lru_cache(maxsize=_CACHE_SIZE)
def _given_syllables(given: str) -> tuple[str, ...]:
    """Read a Han given name; cached apart because many people share a given name."""
    return tuple(lazy_pinyin(given, style=Style.TONE3, neutral_tone_with_five=True))


@lru_cache(maxsize=_CACHE_SIZE)
def _keys(raw: str) -> NameKeys | None:
    normalized = _normalize(raw)
    if normalized is None:
        return None
    surname, given = split_name(normalized)
    if is_han(normalized):
        surname_part = surname_syllables(surname)
        given_part = _given_syllables(given)
    else:
        surname_part, given_part = tuple(surname.split()), tuple(given.split())
    syllables = surname_part + given_part
    toneless = [_TONE.sub("", s) for s in syllables]
    given_toneless = toneless[len(surname_part) :]
    return NameKeys(
        normalized=normalized,
        surname=surname,
        given=given,
        pinyin_tone=" ".join(syllables),
        pinyin="".join(toneless),
        initials="".join(s[:1] for s in toneless),
        given_pinyin="".join(given_toneless),
    )
