"""One name, many spellings: the single written form hedui compares names in.

The same person is 張偉 in a Hong Kong birth certificate, 张伟 in the police register, ``张 伟`` in
a village ledger typed with a space, and 张伟（户主） where a clerk annotated the household head.
:func:`canonical_form` brings them all to 张伟. It is a *comparison key*, not a display value:
show people their name as written.

The steps, in order:

1. Unicode NFKC: full-width letters and digits become ASCII, CJK compatibility ideographs become
   their unified characters.
2. Annotations in brackets — ``()``, ``[]``, ``【】``, ``〔〕`` — are dropped.
3. Han names (any Han character present) keep only letters and digits: spaces and the middle dots
   of transliterated minority names (阿依古丽·买买提, also written with ``•``, ``・``, ``‧``, ``.``)
   go. Traditional characters become simplified with OpenCC ``t2s``, except 乾 (qian, which
   ``t2s`` turns into 干 gan) and 於 (a surname of its own), and then the variant characters of
   ``data/variants_characters.csv`` that OpenCC keeps (濬→浚, 喆→哲, 堃→坤, 髙→高, ...) are folded.
   The table holds only forms written interchangeably for the *same* name; distinct name
   characters such as 珉, 玟, 玥, 淼, 祐 and the surname 甯 are left alone.
4. Latin-script names are lower-cased and folded to ASCII (``José`` → ``jose``), apostrophes
   dropped (``O'Brien`` → ``obrien``), other punctuation turned into single spaces. A comma is
   kept as ``", "``: it marks "Surname, Given" and :mod:`hedui.identity.surnames` relies on it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import opencc

__all__ = ["canonical_form", "fold_variants", "is_han", "to_simplified"]

_HAN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_ANNOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_LATIN_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ı": "i"}
)
# Valid simplified characters that OpenCC's t2s would still rewrite, changing the name.
_KEEP_IN_SIMPLIFIED = frozenset("乾於")


def _load_variants() -> dict[int, str]:
    path = resources.files("hedui.identity").joinpath("data", "variants_characters.csv")
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return {ord(row["variant"]): row["standard"] for row in rows}


_VARIANTS = _load_variants()


def is_han(text: str) -> bool:
    """Whether ``text`` holds at least one Han character (it is then treated as a Chinese name)."""
    return _HAN.search(text) is not None


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified with OpenCC ``t2s``, keeping 乾 and 於."""
    if text.isascii():
        return text
    converted = str(_converter().convert(text))
    if len(converted) != len(text) or _KEEP_IN_SIMPLIFIED.isdisjoint(text):
        return converted
    return "".join(
        o if o in _KEEP_IN_SIMPLIFIED else c for o, c in zip(text, converted, strict=True)
    )


def fold_variants(text: str) -> str:
    """Replace the variant characters of ``data/variants_characters.csv`` by their standard form."""
    return text.translate(_VARIANTS)


def canonical_form(raw: str) -> str:
    """Bring a name to the written form hedui compares (see the module docstring).

    Returns:
        The canonical form; empty when nothing name-like is left (blank, only punctuation).
    """
    return _canonical_form(raw)


@lru_cache(maxsize=1 << 18)
def _canonical_form(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    text = _ANNOTATION.sub("", text)
    if is_han(text):
        kept = "".join(c for c in text if unicodedata.category(c)[0] in "LN")
        if is_han(kept):
            return fold_variants(to_simplified(kept.lower()))
        text = kept  # the only "Han" character was an unassigned code point
    return _fold_latin(text)


def _fold_latin(text: str) -> str:
    text = text.lower().translate(_LATIN_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    surname, comma, given = text.partition(",")
    surname_words, given_words = _words(surname), _words(given)
    if comma and surname_words and given_words:
        return f"{surname_words}, {given_words}"
    return f"{surname_words} {given_words}".strip()


def _words(text: str) -> str:
    return " ".join(word for word in _NON_WORD.split(text) if word)


@cache
def _converter() -> Any:
    """Load OpenCC's traditional-to-simplified dictionaries once per process."""
    return opencc.OpenCC("t2s")
