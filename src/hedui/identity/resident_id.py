"""Resident ID numbers (公民身份号码, GB 11643-1999): normalise, check, convert, parse, mask.

An 18-digit number reads ``RRRRRR YYYYMMDD SSS C``: the region code where the number was first
issued (GB/T 2260), the birth date, a sequence whose parity gives the sex (odd male), and an
ISO 7064 MOD 11-2 check character (``0``-``9`` or ``X``). The 15-digit numbers issued until 1999
lack the century (always 19xx) and the check character.

Two failures are told apart because clerks act on them differently: a *malformed* number (wrong
length, letters, a birth date that does not exist, lies in the future or before 1900) was
mistyped beyond repair or is not an ID number at all; a *check-digit* failure is a well-formed
number with, most often, one wrong digit or two swapped digits, which
:func:`repair_candidates` can propose to correct.

The rules on the number's text (cleaning, the check character, 15 ↔ 18 digits, what is well
formed) live in :mod:`hedui.identity.resident_id_text`, which :mod:`~hedui.identity.sex` and
:mod:`~hedui.identity.repair` use too; this module is the contract other packages import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hedui.errors import InvalidResidentIdError
from hedui.identity.repair import RepairCandidate, repair_candidates
from hedui.identity.resident_id_text import (
    WEIGHTS,
    check_character,
    check_number,
    normalize,
    to_15,
    to_18,
)
from hedui.identity.sex import Sex, sex_from_id

__all__ = [
    "MASK_KEEP_END",
    "MASK_KEEP_START",
    "WEIGHTS",
    "RepairCandidate",
    "ResidentId",
    "check_character",
    "is_valid",
    "mask",
    "normalize",
    "parse",
    "repair_candidates",
    "to_15",
    "to_18",
]


@dataclass(frozen=True)
class ResidentId:
    """A parsed, valid resident ID number, always in its 18-digit form.

    Attributes:
        number: The 18-character number (a 15-digit input is converted).
        region_code: The six-digit GB/T 2260 code of the place of first issue; it may name a
            county that has since been abolished or renamed.
        birth_date: The birth date encoded in the number.
        sequence: The three-digit sequence; its last digit gives the sex.
        sex: :attr:`Sex.MALE` for an odd sequence, :attr:`Sex.FEMALE` for an even one.
        check: The check character, ``0``-``9`` or ``X``.
        was_15_digit: Whether the input was an old 15-digit number.
    """

    number: str
    region_code: str
    birth_date: date
    sequence: str
    sex: Sex
    check: str
    was_15_digit: bool


def parse(raw: str, *, today: date | None = None) -> ResidentId:
    """Parse a resident ID number, 18 or 15 digits, and check everything that can be checked.

    The checks are the number's text rules
    (:func:`hedui.identity.resident_id_text.check_number`).

    Args:
        raw: The number as written; see :func:`normalize` for what is tolerated.
        today: The date a birth date may not be after; defaults to today.

    Raises:
        InvalidResidentIdError: ``kind="malformed"`` for a wrong length, letters, or a birth
            date that does not exist, lies in the future or before 1900;
            ``kind="check_digit"`` when only the check character disagrees.
    """
    checked = check_number(raw, today=today or date.today())
    number = checked.number
    return ResidentId(
        number=number,
        region_code=number[:6],
        birth_date=checked.birth_date,
        sequence=number[14:17],
        sex=sex_from_id(number),
        check=number[17],
        was_15_digit=checked.was_15_digit,
    )


def is_valid(raw: str, *, today: date | None = None) -> bool:
    """Whether :func:`parse` accepts the number."""
    try:
        parse(raw, today=today)
    except InvalidResidentIdError:
        return False
    return True


MASK_KEEP_START = 3
"""Characters a masked number keeps at the start: province and prefecture, no more."""
MASK_KEEP_END = 2
"""Characters a masked number keeps at the end: the sex digit and the check character."""


def mask(number: str) -> str:
    """Hide a number for display so that it cannot be rebuilt: ``320*************2X``.

    Keeps the first three characters (province and prefecture) and the last two (the sex digit
    and the check character). The characters between are assumed known to the reader: the
    region from the village code and the birth date are printed beside the mask on most pages.
    Even so the hidden sequence digits (15th and 16th) leave at least nine valid numbers that
    fit (ten for a 15-digit number, which has no check character), see
    :func:`hedui.identity.id_masking.fitting_numbers`. A mask that hid only the birth date, as
    hedui's once did, gave the whole number back wherever the birth date stood beside it.
    Numbers shorter than ten characters are masked entirely.
    """
    text = normalize(number)
    if len(text) < 10:
        return "*" * len(text)
    hidden = len(text) - MASK_KEEP_START - MASK_KEEP_END
    return text[:MASK_KEEP_START] + "*" * hidden + text[-MASK_KEEP_END:]
