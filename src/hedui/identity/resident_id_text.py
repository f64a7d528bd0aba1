"""The text rules of a resident ID number (GB 11643-1999), with nothing of the person in them.

What characters a number may hold and how a typed one is cleaned, the ISO 7064 MOD 11-2 check
character, the 15 ↔ 18 digit conversion, and which numbers are well formed (length,
characters, a birth date that exists) with a right check character. :mod:`hedui.identity.sex`
reads the sex digit and :mod:`hedui.identity.repair` proposes corrections on these rules alone,
and :mod:`hedui.identity.resident_id` (the contract other packages use) builds its
:class:`~hedui.identity.resident_id.ResidentId` on them: the three import this module and it
imports none of them, so the package's imports run one way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from hedui.errors import InvalidResidentIdError

__all__ = [
    "CHECK_CHARACTERS",
    "WEIGHTS",
    "CheckedNumber",
    "check_character",
    "check_number",
    "normalize",
    "to_15",
    "to_18",
]

# Weight of position i (0-based) is 2**(17 - i) mod 11; the check character has weight 1.
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
CHECK_CHARACTERS = "0123456789X"
"""Indexed by (1 - weighted sum) mod 11: the value that brings the whole sum to 1 mod 11."""
_EARLIEST_BIRTH_YEAR = 1900

# Quote marks come from spreadsheets: Excel users type a leading ' to keep an ID number as text.
_DROPPED = frozenset("'\"‘’“”`_")
# Chinese input methods produce the multiplication sign for the check character "X".
_X_LOOKALIKES = str.maketrans({"×": "X", "x": "X"})


@dataclass(frozen=True)
class CheckedNumber:
    """A number that passed every check of :func:`check_number`.

    Attributes:
        number: The 18-character number (a 15-digit input is converted).
        birth_date: The birth date encoded in the number.
        was_15_digit: Whether the input was an old 15-digit number.
    """

    number: str
    birth_date: date
    was_15_digit: bool


def normalize(raw: str | None) -> str:
    """Bring a number as typed or exported to plain ASCII; never raises (``None`` gives "").

    NFKC turns full-width digits (１２３) and letters into ASCII; spaces, hyphens, dashes,
    invisible format characters and quote marks are dropped; ``x`` and ``×`` become ``X``.
    Nothing else is changed, so a number with letters stays recognisably wrong for
    :func:`check_number` to report.
    """
    if raw is None:
        return ""
    text = str(raw)
    if text.isascii() and text.isalnum():
        # A number as stored, or typed plainly: NFKC leaves ASCII as it is and nothing in it is
        # dropped, so only the x becomes X. Pages mask every number they list through here.
        return text.translate(_X_LOOKALIKES)
    # Twice: dropping a separator can bring a combining mark next to a letter it composes
    # with, and only a second NFKC makes the result stable (normalize(normalize(x)) equal).
    return _clean(_clean(text))


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_X_LOOKALIKES)
    return "".join(
        ch
        for ch in text
        if not ch.isspace()
        and ch not in _DROPPED
        and unicodedata.category(ch) not in ("Pd", "Cf", "Cc", "Zs")
    )


def _weighted_check(body: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[(1 - total) % 11]


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits.

    The weights 2**(17-i) mod 11 are all distinct and non-zero modulo the prime 11, so one
    wrong digit or one swap of two different adjacent digits always changes the check.

    Raises:
        InvalidResidentIdError: ``kind="malformed"`` unless given exactly 17 ASCII digits.
    """
    body = normalize(first17)
    if len(body) != 17 or not _is_ascii_digits(body):
        raise InvalidResidentIdError(
            f"身份证号前 17 位 {first17!r} 应为 17 个数字 / "
            f"the first 17 characters {first17!r} must be 17 digits",
            kind="malformed",
            value=str(first17),
        )
    return _weighted_check(body)


def to_18(number15: str) -> str:
    """Convert an old 15-digit number to 18 digits: insert the century 19, append the check.

    Raises:
        InvalidResidentIdError: ``kind="malformed"`` unless given 15 ASCII digits.
    """
    number = normalize(number15)
    if len(number) != 15 or not _is_ascii_digits(number):
        raise InvalidResidentIdError(
            f"{number15!r} 不是 15 位数字的旧身份证号 / "
            f"{number15!r} is not a 15-digit resident ID number",
            kind="malformed",
            value=str(number15),
        )
    body = number[:6] + "19" + number[6:]
    return body + _weighted_check(body)


def to_15(number18: str) -> str:
    """Convert an 18-digit number born in 19xx to the old 15-digit form.

    Raises:
        InvalidResidentIdError: ``kind="malformed"`` for a number that is not 18 characters
            or not born in 19xx (the 15-digit form cannot say so); ``kind="check_digit"``
            when its check character is wrong (dropping it would hide the error).
    """
    number = normalize(number18)
    _check_characters(number18, number)
    if number[6:8] != "19":
        raise InvalidResidentIdError(
            f"身份证号 {number} 的出生年份不是 19xx，无法转为 15 位 / "
            f"resident ID {number} is not born in 19xx and has no 15-digit form",
            kind="malformed",
            value=str(number18),
        )
    _check_check_character(number18, number)
    return number[:6] + number[8:17]


def check_number(raw: str, *, today: date) -> CheckedNumber:
    """Check a number, 18 or 15 digits, on everything its text can tell.

    Args:
        raw: The number as written; see :func:`normalize` for what is tolerated.
        today: The date a birth date may not be after.

    Raises:
        InvalidResidentIdError: ``kind="malformed"`` for a wrong length, letters, or a birth
            date that does not exist, lies in the future or before 1900;
            ``kind="check_digit"`` when only the check character disagrees.
    """
    number = normalize(raw)
    was_15_digit = len(number) == 15
    _check_characters(raw, number)
    if was_15_digit:
        number = to_18(number)
    birth_date = _birth_date(raw, number, today)
    _check_check_character(raw, number)
    return CheckedNumber(number=number, birth_date=birth_date, was_15_digit=was_15_digit)


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _check_characters(raw: str, number: str) -> None:
    """Raise ``malformed`` unless ``number`` is 15 digits, or 17 digits and a digit or X."""
    if len(number) not in (15, 18):
        length = len(number)
        raise InvalidResidentIdError(
            f"身份证号 {raw!r} 有 {length} 位，应为 18 位（或旧式 15 位）；请核对是否漏录或多录 / "
            f"resident ID {raw!r} has {length} characters, expected 18 (or 15 for old "
            "numbers); check for missing or extra digits",
            kind="malformed",
            value=str(raw),
        )
    for position, ch in enumerate(number, start=1):
        allowed = _is_ascii_digits(ch) or (position == 18 and ch == "X")
        if not allowed:
            raise InvalidResidentIdError(
                f"身份证号 {number} 第 {position} 位是 {ch!r}；"
                "只能是数字，仅 18 位号码的最后一位可以是 X / "
                f"resident ID {number} has {ch!r} at position {position}; only digits are "
                "allowed, and X only as the last of 18 characters",
                kind="malformed",
                value=str(raw),
            )


def _birth_date(raw: str, number: str, today: date) -> date:
    digits = number[6:14]
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        problem_zh, problem_en = "不存在", "does not exist"
    else:
        if born.year < _EARLIEST_BIRTH_YEAR:
            problem_zh, problem_en = "早于 1900 年", "is before 1900"
        elif born > today:
            problem_zh, problem_en = "晚于今天", "is in the future"
        else:
            return born
    raise InvalidResidentIdError(
        f"身份证号 {number} 中的出生日期 {digits} {problem_zh}；请核对第 7-14 位 / "
        f"the birth date {digits} in resident ID {number} {problem_en}; check digits 7-14",
        kind="malformed",
        value=str(raw),
    )


def _check_check_character(raw: str, number: str) -> None:
    expected = _weighted_check(number[:17])
    if number[17] != expected:
        raise InvalidResidentIdError(
            f"身份证号 {number} 校验位错误：应为 {expected}，实为 {number[17]}；"
            "很可能有一位数字录错或相邻两位颠倒，请对照证件核对 / "
            f"check character is wrong: expected {expected}, found {number[17]}; most likely "
            "one digit is mistyped or two adjacent digits are swapped, compare with the card",
            kind="check_digit",
            value=str(raw),
        )
