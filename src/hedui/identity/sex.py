"""Sex codes (GB/T 2261.1-2003) and the cross-check against a resident ID's sex digit.

Sources write sex in every way a clerk might: 男/女, 男性/女性, M/F, male/female, the GB/T 2261.1
digits 1/2/0/9 (often read from Excel as integers), sometimes in full-width characters typed
with a Chinese input method. Everything is brought to the four national codes, so that a
village ledger's "女" and the police system's "2" compare equal.

The resident ID number carries its holder's sex in the parity of its sequence digit (odd male,
even female). It is a cross-check, not the truth: a registration error in either place shows up
as a disagreement worth a clerk's look, never as an automatic correction.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from hedui.errors import InvalidSexError
from hedui.identity.resident_id_text import normalize

__all__ = ["Sex", "normalize_sex", "sex_agrees_with_id", "sex_from_id"]


class Sex(StrEnum):
    """The four codes of GB/T 2261.1: the value is the code stored in every national system."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSTATED = "9"

    @property
    def label_zh(self) -> str:
        """The Chinese label a clerk sees: 男, 女, 未知 or 未说明."""
        return _LABELS_ZH[self]


_LABELS_ZH = {
    Sex.UNKNOWN: "未知",
    Sex.MALE: "男",
    Sex.FEMALE: "女",
    Sex.UNSTATED: "未说明",
}

# Keys are NFKC-folded and lower-cased, so full-width "Ｍ" and "MALE" land here too.
_SPELLINGS: dict[str, Sex] = {
    "1": Sex.MALE,
    "2": Sex.FEMALE,
    "0": Sex.UNKNOWN,
    "9": Sex.UNSTATED,
    "男": Sex.MALE,
    "男性": Sex.MALE,
    "女": Sex.FEMALE,
    "女性": Sex.FEMALE,
    "未知": Sex.UNKNOWN,
    "未知的性别": Sex.UNKNOWN,
    "未说明": Sex.UNSTATED,
    "未说明的性别": Sex.UNSTATED,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
}


def normalize_sex(value: object) -> Sex:
    """Read a sex value as written in any source and return its GB/T 2261.1 code.

    Args:
        value: 男/女/男性/女性, M/F/male/female in any case or width, the codes 1/2/0/9 as text
            or as an integer, a :class:`Sex`, or a blank.

    Returns:
        The code. Blank text and ``None`` give :attr:`Sex.UNKNOWN`: a missing value is exactly
        what GB/T 2261.1 calls "unknown", and rejecting it would quarantine whole ledgers that
        simply left the column empty.

    Raises:
        InvalidSexError: for any other value; the message names it.
    """
    if value is None:
        return Sex.UNKNOWN
    if isinstance(value, Sex):
        return value
    if isinstance(value, bool):
        # bool is an int subclass; True/False is not a sex code and must not read as 1/0.
        raise InvalidSexError(_message(value))
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float) and value.is_integer():
        # Excel hands integer cells to pandas/openpyxl as 1.0, 2.0.
        text = str(int(value))
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().lower()
        if not text:
            return Sex.UNKNOWN
    else:
        raise InvalidSexError(_message(value))
    try:
        return _SPELLINGS[text]
    except KeyError:
        raise InvalidSexError(_message(value)) from None


def _message(value: object) -> str:
    return (
        f"性别值 {value!r} 无法识别：请使用 男/女、M/F 或代码 1/2/0/9 / "
        f"sex value {value!r} is not understood: use 男/女, M/F or the codes 1/2/0/9"
    )


def sex_from_id(number: str) -> Sex:
    """Sex encoded in a resident ID number: the parity of its sequence digit, odd for male.

    The digit is the 17th of an 18-digit number and the 15th of a 15-digit one. The number is
    read as given (not validated): callers that want to reject bad numbers parse them first
    with :func:`hedui.identity.resident_id.parse`.

    Returns:
        :attr:`Sex.MALE` or :attr:`Sex.FEMALE`, or :attr:`Sex.UNKNOWN` when the number is not
        15 or 18 characters long after normalisation or the sex digit is not a digit.
    """
    text = normalize(number)
    if len(text) == 18:
        digit = text[16]
    elif len(text) == 15:
        digit = text[14]
    else:
        return Sex.UNKNOWN
    if not digit.isdigit() or not digit.isascii():
        return Sex.UNKNOWN
    return Sex.MALE if int(digit) % 2 == 1 else Sex.FEMALE


def sex_agrees_with_id(sex: Sex, number: str) -> bool | None:
    """Whether a recorded sex agrees with the sex digit of a resident ID number.

    Returns:
        ``True`` or ``False`` when both are known; ``None`` when either is not (sex unknown or
        unstated, or the number too broken to read its sex digit), because there is nothing to
        compare and a disagreement must not be invented.
    """
    if sex not in (Sex.MALE, Sex.FEMALE):
        return None
    from_id = sex_from_id(number)
    if from_id is Sex.UNKNOWN:
        return None
    return sex is from_id
