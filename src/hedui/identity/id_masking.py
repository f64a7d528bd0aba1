"""Showing resident ID numbers without giving them away: what a mask leaves, where two differ.

A masked number (:func:`hedui.identity.resident_id.mask`, ``320*************2X``) must not
be rebuildable from anything printed on the same page or in the same file. The pages that show
one also show the village (whose code starts with the county code, usually the number's
region) and often the birth date and sex, so the reader is assumed to know the first fourteen
characters. What protects the number is then the 15th and 16th characters — two sequence
digits that nothing else on a page gives — and :func:`fitting_numbers` counts the valid
numbers left: at least nine (the check character rules out one pair of digits in eleven).

An ID-conflict case needs more than two masks: *where* the two numbers differ.
:func:`id_differences` lists the differing positions with the digits on either side, except
at the two protected positions, where it says only that they differ — showing those digits
would narrow the nine candidates to one. The full numbers are shown only through an audited
reveal.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from itertools import product

from hedui.errors import InvalidInputError, InvalidResidentIdError
from hedui.identity.resident_id import check_character, normalize, to_18

__all__ = [
    "PROTECTED_POSITIONS",
    "DifferingPosition",
    "IdDifference",
    "fitting_numbers",
    "id_differences",
    "shown_in",
]

PROTECTED_POSITIONS: dict[int, frozenset[int]] = {
    18: frozenset({15, 16}),
    15: frozenset({13}),
}
"""By length, the 1-based positions whose digits no page shows: the sequence digits that
neither the mask nor the village, birth date or sex beside it give away (a 15-digit number
has a three-digit sequence and no check character, and its mask keeps the last two)."""

_MAX_FREE = 6
_TOKEN = re.compile(r"(?<![0-9A-Za-z*])[0-9Xx*]{15,18}(?![0-9A-Za-z*])")
_PARTS_18 = ((6, "region"), (14, "birth_date"), (17, "sequence"), (18, "check"))
_PARTS_15 = ((6, "region"), (12, "birth_date"), (15, "sequence"))


def fitting_numbers(shown: str, known: str = "") -> list[str]:
    """Every number that agrees with what a reader sees: the mask and what they already know.

    Args:
        shown: the number as displayed, ``*`` for each hidden character (a mask, or a mask
            with more characters filled in from elsewhere on the page).
        known: the leading characters the reader is assumed to know from elsewhere (for an
            18-digit number, region and birth date: its first 14 characters).

    Returns:
        The numbers of ``shown``'s length whose every visible character and leading ``known``
        characters match; for 18 characters, only those with a correct check character.

    Raises:
        InvalidInputError: ``shown`` is not 15 or 18 characters, ``known`` contradicts it, or
            more than six characters would be free (too many numbers to list).
    """
    if len(shown) not in (15, 18) or len(known) > len(shown):
        raise InvalidInputError(
            f"{shown!r} 不是 15 或 18 位的号码形式 / {shown!r} is not a 15- or 18-character "
            "number pattern"
        )
    pattern = list(shown)
    for i, ch in enumerate(known):
        if pattern[i] not in ("*", ch):
            raise InvalidInputError(
                f"已知部分 {known!r} 与 {shown!r} 矛盾 / {known!r} contradicts {shown!r}"
            )
        pattern[i] = ch
    checked = len(pattern) == 18
    body = pattern[:17] if checked else pattern
    free = [i for i, ch in enumerate(body) if ch == "*"]
    if len(free) > _MAX_FREE:
        raise InvalidInputError(
            f"{len(free)} 位未知，太多无法列举；请给出更多已知位 / {len(free)} characters are "
            "unknown, too many to list; give more of the known characters"
        )
    found = []
    for digits in product("0123456789", repeat=len(free)):
        for i, digit in zip(free, digits, strict=True):
            body[i] = digit
        text = "".join(body)
        if checked:
            check = check_character(text)
            if pattern[17] not in ("*", check):
                continue
            text += check
        found.append(text)
    return found


def shown_in(text: str, number: str) -> str:
    """What ``text`` (a page, a file's cells) gives away of ``number``, as a pattern.

    Every 15- to 18-character run of digits, ``X`` and ``*`` in ``text`` that could be
    ``number`` masked (its visible characters agree) adds its visible characters; the result
    has ``*`` where no such run shows ``number``'s character. Feed it to
    :func:`fitting_numbers` to see how many numbers the text leaves: the tests of every page and
    file that prints masked numbers do.
    """
    target = normalize(number)
    seen = ["*"] * len(target)
    for match in _TOKEN.finditer(text):
        token = match.group(0).upper()
        if len(token) != len(target):
            continue
        if all(ch in ("*", want) for ch, want in zip(token, target, strict=True)):
            seen = [ch if ch != "*" else old for ch, old in zip(token, seen, strict=True)]
    return "".join(seen)


@dataclass(frozen=True)
class DifferingPosition:
    """One position at which two numbers differ.

    Attributes:
        position: 1-based position in the 18-character (or 15-character) form.
        part: ``region``, ``birth_date``, ``sequence`` or ``check``.
        left: the first number's character there, or ``None`` where it is protected.
        right: the second number's character there, or ``None`` where it is protected.
    """

    position: int
    part: str
    left: str | None
    right: str | None


@dataclass(frozen=True)
class IdDifference:
    """Where two ID numbers differ, without the protected digits.

    Attributes:
        positions: the differing positions, in order (empty when the lengths differ).
        lengths: the two numbers' lengths when they cannot be compared position by position
            (for example 17 and 18 characters), else ``None``.
    """

    positions: tuple[DifferingPosition, ...]
    lengths: tuple[int, int] | None = None


def id_differences(left: str, right: str) -> IdDifference:
    """Where ``left`` and ``right`` differ: positions, parts and the digits that may be shown.

    A 15-digit number compared with an 18-digit one is first converted (century 19 and the
    check character added), so a number re-issued in the new form differs only where the
    person's number really does. Numbers of other unequal lengths are not compared.
    """
    a, b = normalize(left), normalize(right)
    if len(a) != len(b) and {len(a), len(b)} == {15, 18}:
        with contextlib.suppress(InvalidResidentIdError):
            a, b = (to_18(a) if len(a) == 15 else a), (to_18(b) if len(b) == 15 else b)
    if len(a) != len(b):
        return IdDifference(positions=(), lengths=(len(a), len(b)))
    protected = PROTECTED_POSITIONS.get(len(a), frozenset())
    parts = _PARTS_18 if len(a) == 18 else _PARTS_15
    differing = []
    for position, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        if x == y:
            continue
        part = next((name for end, name in parts if position <= end), "")
        hidden = position in protected
        differing.append(
            DifferingPosition(position, part, None if hidden else x, None if hidden else y)
        )
    return IdDifference(positions=tuple(differing))
