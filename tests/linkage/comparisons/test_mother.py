"""MotherComparison: the newborn's link to its records before it has a name or an ID."""

from __future__ import annotations

from hedui.identity.resident_id import check_character
from hedui.linkage.comparisons import MotherComparison

MOTHER_ID = "11010519850312002X"


def mother(
    id18: str | None = None, name: str | None = None, pinyin: str | None = None
) -> dict[str, object]:
    # As preparation gives it; whether the number passes its check is worked out here.
    valid = id18 is not None and len(id18) == 18 and check_character(id18[:17]) == id18[17]
    return {
        "mother_id18": id18,
        "mother_name_norm": name,
        "mother_name_pinyin": pinyin,
        "mother_id_valid": valid,
    }


def test_mother_id_equal(levels_of):
    pair = (mother(MOTHER_ID, "张丽", "zhangli"), mother(MOTHER_ID, None, None))
    assert levels_of(MotherComparison(), [pair]) == ["母亲身份证号相同 mother's ID equal"]


def test_mother_id_one_typo_apart(levels_of):
    pair = (mother(MOTHER_ID), mother("11010519850312003X"))
    assert levels_of(MotherComparison(), [pair]) == [
        "母亲身份证号可修复 mother's ID one typo apart"
    ]


def test_mother_name_from_a_placeholder_matches_the_certificate(levels_of):
    # Village ledger: 张丽之女, no mother ID (preparation takes 张丽 from the placeholder);
    # birth certificate: mother 张丽 with her ID.
    ledger = mother(None, "张丽", "zhangli")
    certificate = mother(MOTHER_ID, "张丽", "zhangli")
    assert levels_of(MotherComparison(), [(ledger, certificate)]) == [
        "母亲姓名相同 mother's name equal"
    ]


def test_mother_name_homophone(levels_of):
    pair = (mother(None, "张丽", "zhangli"), mother(None, "张莉", "zhangli"))
    assert levels_of(MotherComparison(), [pair]) == ["母亲姓名同音 mother's name sounds the same"]


def test_mother_two_valid_different_ids_outweigh_equal_names(levels_of):
    # Two women called 张丽 with two valid numbers are two mothers.
    first, other = "11010519850312002", "32092419900101123"
    first, other = first + check_character(first), other + check_character(other)
    pair = (mother(first, "张丽", "zhangli"), mother(other, "张丽", "zhangli"))
    assert levels_of(MotherComparison(), [pair]) == ["不同 different"]


def test_mother_name_counts_beside_a_mangled_number(levels_of):
    # 王雨璐: the certificate has her number with a digit changed in the region code and a
    # second slip (two digits off, fails its check); the police have it right. Her name is
    # the same, and a number that fails its check cannot overrule it.
    police = mother("431123199703122947", "王雨璐", "wangyulu")
    hospital = mother("433123199703122917", "王雨璐", "wangyulu")
    assert levels_of(MotherComparison(), [(police, hospital)]) == [
        "母亲姓名相同 mother's name equal"
    ]


def test_mother_id_cut_short(levels_of):
    # 范丽's number typed into the ledger stopped after 16 digits.
    pair = (mother("431123198803256227", "范丽", "fanli"), mother("4311231988032562"))
    assert levels_of(MotherComparison(), [pair]) == ["母亲身份证号后几位丢失 mother's ID cut short"]


def test_mother_id_on_one_side_name_on_the_other_is_nothing_to_compare(levels_of):
    pair = (mother(MOTHER_ID, None, None), mother(None, "张丽", "zhangli"))
    assert levels_of(MotherComparison(), [pair]) == ["无可比信息 nothing to compare"]


def test_mother_name_one_sound_off(levels_of):
    # The ledger wrote 岑佳 for 陈佳 ("cen"/"chen": a dialect slip), no number on one side.
    pair = (mother(None, "岑佳", "cenjia"), mother("431123199701254540", "陈佳", "chenjia"))
    assert levels_of(MotherComparison(), [pair]) == ["母亲姓名音近 mother's name one sound off"]
