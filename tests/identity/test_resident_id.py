"""Tests for hedui.identity.resident_id (GB 11643-1999).

Check characters worked out by hand with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and
check = (1 - sum) mod 11, 10 written X:

* 11010519491231002X (published sample, Beijing Chaoyang, 1949-12-31, female):
  7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167 ≡ 2, (1-2) mod 11 = 10 → X.
* 130503670401001 (15 digits) → body 13050319670401001:
  7+27+0+25+0+12+2+9+36+21+0+36+0+5+0+0+2 = 182 ≡ 6, (1-6) mod 11 = 6 → 130503196704010016.
* 440524188001010014 (python-stdnum's sample, historical 潮阳县):
  28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195 ≡ 8, (1-8) mod 11 = 4 → check 4 is right,
  but the birth year 1880 is before 1900, which hedui treats as malformed.
* 32092419850307123: 21+18+0+45+16+16+2+9+48+15+0+27+0+35+8+8+6 = 274 ≡ 10,
  (1-10) mod 11 = 2 → 320924198503071232; the 320924198503071234 of the issue fails its check.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import InvalidResidentIdError
from hedui.identity.resident_id import (
    ResidentId,
    check_character,
    is_valid,
    mask,
    normalize,
    parse,
    repair_candidates,
    to_15,
    to_18,
)
from hedui.identity.sex import Sex

TODAY = date(2025, 6, 1)


def _bodies(min_year: int = 1900, max_year: int = 2024) -> st.SearchStrategy[str]:
    """17-digit bodies with a real birth date between min_year and max_year."""
    return st.builds(
        lambda region, born, sequence: f"{region:06d}{born:%Y%m%d}{sequence:03d}",
        st.integers(0, 999_999),
        st.dates(date(min_year, 1, 1), date(max_year, 12, 31)),
        st.integers(0, 999),
    )


def test_check_character_published_sample() -> None:
    # Worked in the module docstring: 167 ≡ 2 (mod 11), (1 - 2) mod 11 = 10 -> X.
    assert check_character("11010519491231002") == "X"


def test_check_character_worked_example() -> None:
    # 3 2 0 9 2 4 1 9 8 5 0 3 0 7 1 2 3 times the weights:
    # 21+18+0+45+16+16+2+9+48+15+0+27+0+35+8+8+6 = 274; 274 - 264 = 10; (1 - 10) mod 11 = 2.
    assert check_character("32092419850307123") == "2"


def test_check_character_rejects_a_wrong_length() -> None:
    with pytest.raises(InvalidResidentIdError) as caught:
        check_character("1101051949123100")
    assert caught.value.kind == "malformed"


def test_parse_published_sample() -> None:
    assert parse("11010519491231002X", today=TODAY) == ResidentId(
        number="11010519491231002X",
        region_code="110105",
        birth_date=date(1949, 12, 31),
        sequence="002",
        sex=Sex.FEMALE,
        check="X",
        was_15_digit=False,
    )


def test_parse_fifteen_digit_number_is_converted() -> None:
    parsed = parse("130503670401001", today=TODAY)
    assert parsed.number == "130503196704010016"
    assert parsed.birth_date == date(1967, 4, 1)
    assert parsed.sex is Sex.MALE
    assert parsed.was_15_digit


def test_parse_tolerates_how_numbers_are_typed() -> None:
    # Full-width digits, spaces, hyphens, a lower-case x, Excel's leading apostrophe.
    assert (
        parse("１１０１０５ １９４９１２３１-００２ｘ", today=TODAY).number == "11010519491231002X"
    )
    assert parse("'11010519491231002x", today=TODAY).number == "11010519491231002X"
    assert parse("11010519491231002×", today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("1101051949123100", "有 16 位"),  # one digit missing
        ("11010519491231002X5", "有 19 位"),
        ("1101051949123A002X", "第 14 位"),  # a letter inside
        ("13050367040100X", "第 15 位"),  # X is never allowed in a 15-digit number
        ("11010519490231002X", "19490231 不存在"),  # 31 February
        ("11010519491331002X", "19491331 不存在"),  # month 13
        ("440524188001010014", "早于 1900 年"),  # check is right (see docstring), year 1880
        ("110105209901010011", "晚于今天"),
        ("", "有 0 位"),
    ],
)
def test_parse_malformed_numbers_say_what_is_wrong(raw: str, fragment: str) -> None:
    with pytest.raises(InvalidResidentIdError) as caught:
        parse(raw, today=TODAY)
    assert caught.value.kind == "malformed"
    assert fragment in str(caught.value)
    assert " / " in str(caught.value)  # Chinese first, then English


def test_parse_check_digit_failure_names_the_expected_character() -> None:
    # 32092419850307123 has check 2 (worked above); 4 is wrong.
    with pytest.raises(InvalidResidentIdError) as caught:
        parse("320924198503071234", today=TODAY)
    assert caught.value.kind == "check_digit"
    assert caught.value.value == "320924198503071234"
    assert "身份证号 320924198503071234 校验位错误：应为 2" in str(caught.value)
    assert "check character is wrong: expected 2" in str(caught.value)


def test_parse_birth_date_today_is_accepted_tomorrow_is_not() -> None:
    body = f"110105{TODAY:%Y%m%d}001"
    assert parse(body + check_character(body), today=TODAY).birth_date == TODAY
    tomorrow = TODAY + timedelta(days=1)
    body = f"110105{tomorrow:%Y%m%d}001"
    assert not is_valid(body + check_character(body), today=TODAY)


def test_is_valid_examples() -> None:
    assert is_valid("11010519491231002X")
    assert is_valid("130503670401001")
    assert not is_valid("320924198503071234")
    assert not is_valid("not a number")


def test_to_18_published_example() -> None:
    # Worked in the module docstring: check 6.
    assert to_18("130503670401001") == "130503196704010016"


def test_to_15_drops_century_and_check() -> None:
    assert to_15("130503196704010016") == "130503670401001"


def test_to_15_refuses_what_it_cannot_express() -> None:
    with pytest.raises(InvalidResidentIdError) as born_2000s:
        to_15("110105200001010013")  # not 19xx: kind malformed
    assert born_2000s.value.kind == "malformed"
    with pytest.raises(InvalidResidentIdError) as bad_check:
        to_15("130503196704010017")  # check should be 6
    assert bad_check.value.kind == "check_digit"


def test_to_18_rejects_letters() -> None:
    with pytest.raises(InvalidResidentIdError):
        to_18("13050367040100A")


def test_mask_keeps_first_three_and_last_two() -> None:
    assert mask("320924198503071232") == "320*************32"
    assert mask("130503670401001") == "130**********01"
    assert mask("12345") == "*****"


@given(_bodies())
def test_parse_any_valid_body_with_its_check(body: str) -> None:
    number = body + check_character(body)
    parsed = parse(number, today=TODAY)
    assert parsed.number == number
    assert parsed.region_code == body[:6]
    assert f"{parsed.birth_date:%Y%m%d}" == body[6:14]
    assert parsed.sex is (Sex.MALE if int(body[16]) % 2 else Sex.FEMALE)


@given(_bodies(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_check_detects_every_single_substitution(body: str, position: int, ch: str) -> None:
    number = body + check_character(body)
    if position < 17 and ch == "X":
        ch = "0"
    if number[position] == ch:
        return
    wrong = number[:position] + ch + number[position + 1 :]
    # MOD 11-2: every weight is non-zero modulo the prime 11, so the check must now disagree.
    assert check_character(wrong[:17]) != wrong[17]
    assert not is_valid(wrong, today=TODAY)
    assert number in [c.number for c in repair_candidates(wrong, today=TODAY)]


@given(_bodies(), st.integers(0, 16))
def test_check_detects_every_adjacent_transposition(body: str, position: int) -> None:
    number = body + check_character(body)
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    # Adjacent weights differ modulo 11 (and the check has weight 1, its neighbour 2), so a
    # swap of two different characters changes the sum; an X swapped inwards is malformed.
    assert not is_valid(swapped, today=TODAY)
    found = [c for c in repair_candidates(swapped, today=TODAY) if c.number == number]
    assert found
    assert found[0].kind == "transposition"
    assert found[0].positions == (position + 1, position + 2)


@given(_bodies(1900, 1999))
def test_to_15_to_18_round_trip(body: str) -> None:
    number = body + check_character(body)
    old = to_15(number)
    assert len(old) == 15
    assert to_18(old) == number
    assert to_15(to_18(old)) == old


def test_normalize_none_is_empty() -> None:
    assert normalize(None) == ""


@given(st.text())
def test_normalize_is_idempotent_and_never_raises(raw: str) -> None:
    once = normalize(raw)
    assert normalize(once) == once
    assert " " not in once
    assert "-" not in once
    assert "x" not in once


@given(st.text(max_size=25))
def test_parse_raises_only_its_own_error(raw: str) -> None:
    try:
        parse(raw, today=TODAY)
    except InvalidResidentIdError as error:
        assert error.kind in ("malformed", "check_digit")
