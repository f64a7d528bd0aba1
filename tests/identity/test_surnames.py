"""Tests for hedui.identity.surnames: splitting names and reading surnames as surnames."""

from __future__ import annotations

import re

import pytest
from pypinyin import Style, pinyin

from hedui.identity.surnames import (
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    is_romanised_surname,
    split_name,
    surname_syllables,
)

# Readings the surname literature gives but pypinyin's dictionary does not list:
# 黑 as a surname is hè, 弗 as a surname is fèi.
READINGS_PYPINYIN_LACKS = {"黑": ("he4",), "弗": ("fei4",)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("欧阳娜娜", ("欧阳", "娜娜")),
        ("尉迟恭", ("尉迟", "恭")),
        ("万俟卨", ("万俟", "卨")),
        ("司马光", ("司马", "光")),
        ("诸葛亮", ("诸葛", "亮")),
        ("单田芳", ("单", "田芳")),
        ("张伟", ("张", "伟")),
        ("王张氏", ("王", "张氏")),
        ("东方", ("东", "方")),  # two characters: a one-character given name is likelier
        ("东方明", ("东方", "明")),
        ("宗政伟", ("宗", "政伟")),  # 宗政 is left out of the table on purpose
        ("阿依古丽买买提", ("阿", "依古丽买买提")),
        ("曾", ("曾", "")),
        ("", ("", "")),
    ],
)
def test_split_name_han(name: str, expected: tuple[str, str]) -> None:
    assert split_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wang wei", ("wang", "wei")),  # pinyin surname first
        ("ouyang nana", ("ouyang", "nana")),
        ("chan tai man", ("chan", "tai man")),  # Cantonese romanisation
        ("anna li", ("li", "anna")),  # Western order, Chinese surname last
        ("john smith", ("smith", "john")),  # Western order
        ("mary ann smith", ("smith", "mary ann")),
        ("smith, john", ("smith", "john")),  # a comma marks the surname
        ("obrien", ("obrien", "")),
    ],
)
def test_split_name_latin(name: str, expected: tuple[str, str]) -> None:
    assert split_name(name) == expected


@pytest.mark.parametrize(
    ("surname", "expected"),
    [
        ("单", ("shan4",)),
        ("曾", ("zeng1",)),
        ("区", ("ou1",)),
        ("仇", ("qiu2",)),
        ("解", ("xie4",)),
        ("查", ("zha1",)),
        ("盖", ("ge3",)),
        ("朴", ("piao2",)),
        ("覃", ("qin2",)),
        ("翟", ("zhai2",)),
        ("尉", ("wei4",)),  # 尉健行: only in 尉迟 is it yu
        ("尉迟", ("yu4", "chi2")),
        ("万俟", ("mo4", "qi2")),
        ("长孙", ("zhang3", "sun1")),
        ("张", ("zhang1",)),  # not in the table: pypinyin's reading
    ],
)
def test_surname_syllables_reads_surnames_as_surnames(
    surname: str, expected: tuple[str, ...]
) -> None:
    assert surname_syllables(surname) == expected


def test_compound_surnames_include_the_well_known_ones() -> None:
    expected = {"欧阳", "司马", "诸葛", "上官", "夏侯", "皇甫", "司徒", "东方", "独孤", "慕容"}
    expected |= {"宇文", "尉迟", "长孙", "令狐", "公孙", "澹台", "端木", "闻人", "呼延", "轩辕"}
    expected |= {"万俟"}
    assert expected <= COMPOUND_SURNAMES


@pytest.mark.parametrize("surname", sorted(SURNAME_READINGS))
def test_surname_readings_are_real_readings_of_each_character(surname: str) -> None:
    # A typo in the table would silently mis-key every bearer of the surname: each syllable
    # must be well-formed TONE3 and one of pypinyin's readings of its character.
    syllables = SURNAME_READINGS[surname]
    assert len(syllables) == len(surname)
    for character, syllable in zip(surname, syllables, strict=True):
        assert re.fullmatch(r"[a-z]+[1-5]", syllable)
        known = set(pinyin(character, style=Style.TONE3, heteronym=True)[0])
        known |= set(READINGS_PYPINYIN_LACKS.get(character, ()))
        assert syllable in known, (surname, syllable, known)


def test_is_romanised_surname_examples() -> None:
    assert is_romanised_surname("wang")
    assert is_romanised_surname("zeng")  # 曾 read as a surname, not ceng
    assert is_romanised_surname("ouyang")
    assert is_romanised_surname("wong")
    assert not is_romanised_surname("smith")
    assert not is_romanised_surname("ceng")
