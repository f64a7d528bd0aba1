"""Tests for hedui.identity.id_masking: a masked number cannot be rebuilt; where two differ.

The worked example is 320924198503071232 (the check character 2 is worked out in
test_resident_id.py). A reader who knows the county (320924, from the village code) and the
birth date (19850307, printed beside the mask) sees ``320*************32``: the 15th and 16th
digits are free, the check 2 requires 8·d15 + 4·d16 ≡ 8·1 + 4·2 = 16 ≡ 5 (mod 11), which has
one solution d16 for each d15 except the one that would need d16 = 10.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import InvalidInputError
from hedui.identity.id_masking import fitting_numbers, id_differences, shown_in
from hedui.identity.resident_id import check_character, mask

NUMBER = "320924198503071232"


def test_fitting_numbers_the_old_mask_gave_the_number_back() -> None:
    # The mask hedui used to print hid exactly the birth date: with it beside, one number fits.
    old = NUMBER[:6] + "*" * 8 + NUMBER[-4:]
    assert fitting_numbers(old, known=NUMBER[:14]) == [NUMBER]


def test_fitting_numbers_the_mask_leaves_nine_numbers_with_region_and_birth_date_known() -> None:
    fitting = fitting_numbers(mask(NUMBER), known=NUMBER[:14])
    assert NUMBER in fitting
    assert len(fitting) == 9  # 10 values of d15, one of which would need d16 = 10
    assert all(n.startswith(NUMBER[:14]) and n.endswith("32") for n in fitting)


@given(
    st.from_regex(
        r"[1-6][0-9]{5}(19[0-9]{2}|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}",
        fullmatch=True,
    )
)
def test_fitting_numbers_any_masked_number_keeps_at_least_nine(body: str) -> None:
    number = body + check_character(body)
    assert len(fitting_numbers(mask(number), known=number[:14])) >= 9


def test_fitting_numbers_fifteen_digits_leave_ten() -> None:
    # No check character; the sequence's first digit (13th) is free: 0-9.
    old = "130503670401001"
    assert mask(old) == "130**********01"
    assert len(fitting_numbers(mask(old), known=old[:12])) == 10


def test_fitting_numbers_refuses_too_many_unknowns() -> None:
    with pytest.raises(InvalidInputError):
        fitting_numbers(mask(NUMBER))
    with pytest.raises(InvalidInputError):
        fitting_numbers(mask(NUMBER), known="999")


def test_id_differences_shows_digits_except_the_protected_sequence_digits() -> None:
    # Birth day 07 typed as 70 (positions 13-14) and the 16th digit 2 typed as 7.
    other = "320924198503701732"
    diff = id_differences(NUMBER, other)
    assert [(p.position, p.part, p.left, p.right) for p in diff.positions] == [
        (13, "birth_date", "0", "7"),
        (14, "birth_date", "7", "0"),
        (16, "sequence", None, None),
    ]
    assert diff.lengths is None


def test_id_differences_converts_a_fifteen_digit_number_first() -> None:
    assert id_differences("130503670401001", "130503196704010016").positions == ()
    changed = id_differences("130503670401001", "130503196704010025")
    assert [p.position for p in changed.positions] == [17, 18]
    assert changed.positions[0].left == "1" and changed.positions[0].right == "2"


def test_id_differences_of_other_lengths_says_so() -> None:
    assert id_differences(NUMBER, NUMBER[:-1]).lengths == (18, 17)


def test_shown_in_joins_every_masked_form_of_the_number_in_a_text() -> None:
    text = f"张三 1985-03-07 {mask(NUMBER)}；另一人 {mask('320924199003071222')}"
    assert shown_in(text, NUMBER) == "320*************32"
    # An old-style mask elsewhere in the same text gives the rest away.
    leaked = text + " 320924********1232"
    assert shown_in(leaked, NUMBER) == "320924********1232"
    assert fitting_numbers(shown_in(leaked, NUMBER), known=NUMBER[:14]) == [NUMBER]
    assert shown_in(f"号码 {NUMBER}", NUMBER) == NUMBER
