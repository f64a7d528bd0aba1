"""Newborn placeholders: what a record says in the name field before the child has a name.

A birth certificate is often issued before the parents have chosen a name, so the hospital writes
张丽之女 ("Zhang Li's daughter"), 男婴 ("baby boy") or 未取名. These are not names: comparing
张丽之女 with the child's later name 王雨萱 is meaningless, and comparing it with another
张丽之女 born elsewhere would link two different babies. hedui treats them as "no name".

Recognised (after :func:`~hedui.identity.variants.canonical_form`, so traditional characters and
spacing do not matter; an optional twin number such as ``1`` or ``二`` may follow):

* bare words: 男婴, 女婴, 婴儿, 婴, 男孩, 女孩, 男, 女, 新生儿, 无名, 无名氏, 未取名, 未起名,
  未命名, 待定, 待取名, 不详, 未知, 无, 宝宝, 大宝, 二宝, 三宝, 小宝. A *bare* 大宝 or 小宝 is a
  nickname, never a registered name, so it counts as no name; 张小宝 is a real name and is kept.
* "child of" forms naming the mother: 张丽之女, 李娜之子, 张丽之长女, 张丽的女儿, 张丽之婴,
  张丽男婴, 张丽婴儿, 张丽宝宝, 张丽婴 (a full name of two characters or more before 婴: 李婴
  is kept as a name).
* 张丽女 without 之, when the character before 女 does not commonly end a given name: 王秀女,
  李金女 and 赵二女 are names older women really bear and are kept. A trailing 子 without 之
  (张丽子) is never taken as a placeholder: too many real names end in 子.
* anonymised names: anything containing 某 (张某, 某某), masks (``张**``, ``张XX``).
* Latin script: ``baby``, ``baby boy smith``, ``baby of jane smith``, ``infant``, ``newborn``,
  ``unknown``, ``unnamed``, ``no name``.

Not placeholders: X氏 (王张氏, 张氏) is how old records name married women, a real identity.
"""

from __future__ import annotations

import re
import unicodedata

from hedui.identity.variants import canonical_form, is_han

__all__ = ["is_placeholder", "mother_from_placeholder"]

_NUMBER = r"[0-9一二三四五]?"
_BARE = re.compile(
    r"(?:男婴|女婴|婴儿|婴|男孩|女孩|男|女|新生儿|无名氏?|未取名|未起名|未命名|待定|待取名|不详"
    rf"|未知|无|宝宝|大宝|二宝|三宝|小宝){_NUMBER}"
)
_CHILD_OF = re.compile(
    r"(?P<mother>.{2,5}?)(?:[之的](?:[长次]?[女子男儿]|女儿|儿子|男孩|女孩|婴|婴儿|男婴|女婴|新生儿|宝宝)"
    rf"|男婴|女婴|婴儿|婴|新生儿|宝宝){_NUMBER}"
)
_DAUGHTER_OF = re.compile(rf"(?P<mother>.{{2,3}}?)[长次]?女{_NUMBER}")
# Characters that, followed by 女, form a given name rather than "daughter of".
_GIVEN_NAME_BEFORE_NV = frozenset("秀玉金银桂凤仙美彩淑贞素兰梅春冬二三四五六七八九十大小幺满招来")
_HAN_MASKED = re.compile(r"[^\x00-\x7f]{1,2}x{1,3}")
_MASK_CHARACTERS = frozenset("*×✕")
_LATIN_BARE = frozenset({"unknown", "unnamed", "no name", "noname", "infant", "newborn", "nn"})
_LATIN_CHILD_WORDS = frozenset({"baby", "infant", "newborn", "bb", "bg"})
_LATIN_CHILD_OF = re.compile(r"(?:baby|infant|newborn) of (?P<mother>.+)")
_HAN_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]+")


def is_placeholder(raw: str | None) -> bool:
    """Whether a name field holds a newborn placeholder rather than a name (see module docstring).

    Blank values are not placeholders: they are simply empty.
    """
    if raw is None:
        return False
    if _MASK_CHARACTERS.intersection(unicodedata.normalize("NFKC", raw)):
        return True
    form = canonical_form(raw)
    if not form:
        return False
    if not is_han(form):
        return _is_latin_placeholder(form)
    return (
        "某" in form
        or _BARE.fullmatch(form) is not None
        or _HAN_MASKED.fullmatch(form) is not None
        or _mother(form) is not None
    )


def mother_from_placeholder(raw: str | None) -> str | None:
    """The mother's name inside a "child of" placeholder: 张丽之女 → 张丽.

    Useful to link a newborn's birth certificate to the mother's records before the child has a
    name. The mother's name is in canonical form (simplified, no spaces).

    Returns:
        The mother's name, or ``None`` when ``raw`` is not a placeholder that names a mother.
    """
    if raw is None or not is_placeholder(raw):
        return None
    form = canonical_form(raw)
    if not is_han(form):
        match = _LATIN_CHILD_OF.fullmatch(form)
        return match.group("mother") if match else None
    return _mother(form)


def _mother(form: str) -> str | None:
    match = _CHILD_OF.fullmatch(form)
    if match is None:
        match = _DAUGHTER_OF.fullmatch(form)
        if match is None or form[match.end("mother") - 1] in _GIVEN_NAME_BEFORE_NV:
            return None
    mother = match.group("mother")
    if _HAN_NAME.fullmatch(mother) is None or _BARE.fullmatch(mother) or "某" in mother:
        return None
    return mother


def _is_latin_placeholder(form: str) -> bool:
    if form in _LATIN_BARE:
        return True
    return form.split(maxsplit=1)[0].rstrip(",") in _LATIN_CHILD_WORDS
