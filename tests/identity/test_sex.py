"""Tests for hedui.identity.sex: GB/T 2261.1 codes and the cross-check with an ID's sex digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import InvalidSexError
from hedui.identity.sex import Sex, normalize_sex, sex_agrees_with_id, sex_from_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("男", Sex.MALE),
        ("女", Sex.FEMALE),
        ("男性", Sex.MALE),
        ("女性", Sex.FEMALE),
        (" 女 ", Sex.FEMALE),
        ("M", Sex.MALE),
        ("m", Sex.MALE),
        ("F", Sex.FEMALE),
        ("Male", Sex.MALE),
        ("FEMALE", Sex.FEMALE),
        ("Ｍ", Sex.MALE),  # full-width, as a Chinese input method types it
        ("ｆｅｍａｌｅ", Sex.FEMALE),
        ("1", Sex.MALE),
        ("2", Sex.FEMALE),
        ("0", Sex.UNKNOWN),
        ("9", Sex.UNSTATED),
        ("２", Sex.FEMALE),
        (1, Sex.MALE),
        (2, Sex.FEMALE),
        (0, Sex.UNKNOWN),
        (9, Sex.UNSTATED),
        (2.0, Sex.FEMALE),  # an Excel number cell
        (Sex.FEMALE, Sex.FEMALE),
    ],
)
def test_normalize_sex_reads_every_spelling(value: object, expected: Sex) -> None:
    assert normalize_sex(value) is expected


@pytest.mark.parametrize("blank", [None, "", "   ", "\u3000"])
def test_normalize_sex_blank_is_unknown(blank: object) -> None:
    assert normalize_sex(blank) is Sex.UNKNOWN


@pytest.mark.parametrize("value", ["男女", "x", "3", 3, 1.5, True, b"1", "unknownish"])
def test_normalize_sex_rejects_other_values_naming_them(value: object) -> None:
    with pytest.raises(InvalidSexError) as caught:
        normalize_sex(value)
    assert repr(value) in str(caught.value)
    assert "性别" in str(caught.value)


@given(st.sampled_from(list(Sex)))
def test_normalize_sex_code_round_trips(sex: Sex) -> None:
    assert normalize_sex(sex.value) is sex
    assert normalize_sex(int(sex.value)) is sex


def test_sex_label_zh_names_each_code() -> None:
    assert [s.label_zh for s in (Sex.MALE, Sex.FEMALE, Sex.UNKNOWN, Sex.UNSTATED)] == [
        "男",
        "女",
        "未知",
        "未说明",
    ]


def test_sex_values_are_the_national_codes() -> None:
    assert (Sex.MALE, Sex.FEMALE, Sex.UNKNOWN, Sex.UNSTATED) == ("1", "2", "0", "9")


def test_sex_from_id_reads_the_17th_of_18_digits() -> None:
    # 11010519491231002X: sequence 002, 17th digit 2 is even -> female.
    assert sex_from_id("11010519491231002X") is Sex.FEMALE
    # 130503196704010016: 17th digit 1 is odd -> male.
    assert sex_from_id("130503196704010016") is Sex.MALE


def test_sex_from_id_reads_the_15th_of_15_digits() -> None:
    # 130503670401001: 15th digit 1 is odd -> male; 130503670401002 -> female.
    assert sex_from_id("130503670401001") is Sex.MALE
    assert sex_from_id("130503670401002") is Sex.FEMALE


def test_sex_from_id_normalises_before_reading() -> None:
    assert sex_from_id("110105 19491231 002x") is Sex.FEMALE


@pytest.mark.parametrize("number", ["", "12345", "1101051949123100AX", "11010519491231002X1"])
def test_sex_from_id_unreadable_is_unknown(number: str) -> None:
    assert sex_from_id(number) is Sex.UNKNOWN


def test_sex_agrees_with_id_compares_known_sexes() -> None:
    assert sex_agrees_with_id(Sex.FEMALE, "11010519491231002X") is True
    assert sex_agrees_with_id(Sex.MALE, "11010519491231002X") is False


def test_sex_agrees_with_id_is_none_when_either_is_unknown() -> None:
    assert sex_agrees_with_id(Sex.UNKNOWN, "11010519491231002X") is None
    assert sex_agrees_with_id(Sex.UNSTATED, "11010519491231002X") is None
    assert sex_agrees_with_id(Sex.MALE, "1101") is None


@given(st.text(max_size=30))
def test_sex_from_id_never_raises(number: str) -> None:
    assert sex_from_id(number) in (Sex.MALE, Sex.FEMALE, Sex.UNKNOWN)
