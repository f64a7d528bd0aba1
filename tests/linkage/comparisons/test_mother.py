"""MotherComparison: the newborn's link to its records before it has a name or an ID."""

from __future__ import annotations

from hedui.linkage.comparisons import MotherComparison

MOTHER_ID = "11010519850312002X"


def mother(
    id18: str | None = None, name: str | None = None, pinyin: str | None = None
) -> dict[str, str | None]:
    return {"mother_id18": id18, "mother_name_norm": name, "mother_name_pinyin": pinyin}


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


def test_mother_two_known_different_ids_outweigh_equal_names(levels_of):
    # Two women called 张丽 with different IDs are two mothers.
    pair = (mother(MOTHER_ID, "张丽", "zhangli"), mother("320924199001011234", "张丽", "zhangli"))
    assert levels_of(MotherComparison(), [pair]) == ["不同 different"]


def test_mother_id_on_one_side_name_on_the_other_is_nothing_to_compare(levels_of):
    pair = (mother(MOTHER_ID, None, None), mother(None, "张丽", "zhangli"))
    assert levels_of(MotherComparison(), [pair]) == ["无可比信息 nothing to compare"]
