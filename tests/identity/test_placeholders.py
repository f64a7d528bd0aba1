"""Tests for hedui.identity.placeholders: newborn placeholders are "no name", not a name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.identity.placeholders import is_placeholder, mother_from_placeholder


@pytest.mark.parametrize(
    ("raw", "mother"),
    [
        ("张丽之女", "张丽"),
        ("李娜之子", "李娜"),
        ("張麗之女", "张丽"),  # traditional characters
        ("张 丽 之 女", "张丽"),
        ("张丽之长女", "张丽"),
        ("张丽之女1", "张丽"),  # twins numbered by the hospital
        ("张丽之女二", "张丽"),
        ("张丽的女儿", "张丽"),
        ("张丽之婴", "张丽"),
        ("张丽男婴", "张丽"),
        ("张丽婴儿", "张丽"),
        ("张丽宝宝", "张丽"),
        ("吴婷琪婴", "吴婷琪"),  # mother's full name + 婴, without 之
        ("张丽女", "张丽"),  # without 之
        ("欧阳娜娜之子", "欧阳娜娜"),
        ("Baby of Jane Smith", "jane smith"),
    ],
)
def test_mother_from_placeholder_names_the_mother(raw: str, mother: str) -> None:
    assert is_placeholder(raw)
    assert mother_from_placeholder(raw) == mother


@pytest.mark.parametrize(
    "raw",
    [
        "男婴",
        "女婴",
        "婴儿",
        "男婴2",
        "无名",
        "无名氏",
        "無名氏",
        "未取名",
        "未命名",
        "待定",
        "新生儿",
        "大宝",
        "小宝",  # a bare nickname is not a registered name
        "女",
        "张某",
        "某某",
        "张**",
        "张XX",
        "Baby Boy",
        "baby girl smith",
        "unknown",
        "Unnamed",
    ],
)
def test_is_placeholder_without_a_mother(raw: str) -> None:
    assert is_placeholder(raw)
    assert mother_from_placeholder(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "张伟",
        "张小宝",  # 小宝 after a surname is a real given name
        "王秀女",  # 秀女, 金女, 二女 are given names older women bear
        "李金女",
        "赵二女",
        "张丽子",  # a trailing 子 without 之 is too often a real name
        "王张氏",  # how old records name a married woman: a real identity
        "张氏",
        "李之",
        "王宝宝",  # a surname and a doubled given name
        "John Smith",
        "Babette Dupont",
        "",
        None,
    ],
)
def test_is_placeholder_keeps_real_names(raw: str | None) -> None:
    assert not is_placeholder(raw)
    assert mother_from_placeholder(raw) is None


common = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗丽娜芳敏静强磊军洋勇艳杰娟涛超霞平刚华红"
mothers = st.text(alphabet=st.sampled_from(list(common)), min_size=2, max_size=4)
suffixes = st.sampled_from(
    ["之女", "之子", "之长女", "之次子", "的女儿", "之婴", "男婴", "女婴", "之女1"]
)


@given(mothers, suffixes)
def test_child_of_placeholders_always_name_the_mother(mother: str, suffix: str) -> None:
    assert is_placeholder(mother + suffix)
    assert mother_from_placeholder(mother + suffix) == mother


def test_a_two_character_name_ending_in_ying_is_a_name():
    # 李婴: one character before 婴 is a surname, not a mother's full name.
    assert not is_placeholder("李婴")
    assert mother_from_placeholder("李婴") is None
