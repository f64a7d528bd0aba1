"""Tests for hedui.identity.names: normalised names and their pinyin keys."""

from __future__ import annotations

import opencc
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.identity.names import (
    NameKeys,
    is_placeholder,
    mother_from_placeholder,
    name_keys,
    name_keys_frame,
    name_keys_many,
    normalize_name,
    split_name,
)
from hedui.identity.surnames import surname_syllables


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("張偉", "张伟"),
        (" 张  伟 ", "张伟"),
        ("阿依古丽·买买提", "阿依古丽买买提"),
        ("张喆", "张哲"),
        ("Wang Wei", "wang wei"),
        ("O'Brien", "obrien"),
        ("张丽之女", None),
        ("男婴", None),
        ("", None),
        ("   ", None),
        ("？？", None),
        ("123", None),
        (None, None),
    ],
)
def test_normalize_name_examples(raw: str | None, expected: str | None) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "surname", "given", "pinyin_tone"),
    [
        ("欧阳娜娜", "欧阳", "娜娜", "ou1 yang2 na4 na4"),
        ("单田芳", "单", "田芳", "shan4 tian2 fang1"),
        ("曾国藩", "曾", "国藩", "zeng1 guo2 fan1"),
        ("区志航", "区", "志航", "ou1 zhi4 hang2"),
        ("仇英", "仇", "英", "qiu2 ying1"),
        ("解缙", "解", "缙", "xie4 jin4"),
        ("查良镛", "查", "良镛", "zha1 liang2 yong1"),
        # 盖叫天 is a stage name read gài; records hold legal names, where the surname 盖 is gě.
        ("盖叫天", "盖", "叫天", "ge3 jiao4 tian1"),
        ("朴槿惠", "朴", "槿惠", "piao2 jin3 hui4"),
        ("尉迟恭", "尉迟", "恭", "yu4 chi2 gong1"),
        ("万俟卨", "万俟", "卨", "mo4 qi2 xie4"),
        ("阿依古丽·买买提", "阿", "依古丽买买提", "a1 yi1 gu3 li4 mai3 mai3 ti2"),
        ("吕布", "吕", "布", "lv3 bu4"),
    ],
)
def test_name_keys_real_names(raw: str, surname: str, given: str, pinyin_tone: str) -> None:
    keys = name_keys(raw)
    assert keys is not None
    assert (keys.surname, keys.given, keys.pinyin_tone) == (surname, given, pinyin_tone)


def test_name_keys_all_fields_of_shan_tianfang() -> None:
    assert name_keys("单田芳") == NameKeys(
        normalized="单田芳",
        surname="单",
        given="田芳",
        pinyin_tone="shan4 tian2 fang1",
        pinyin="shantianfang",
        initials="stf",
        given_pinyin="tianfang",
    )
    keys = name_keys("单田芳")
    assert keys is not None and keys.surname_pinyin == "shan"


@pytest.mark.parametrize("group", [("明", "鸣", "铭"), ("丽", "莉", "俐"), ("伟", "玮", "炜")])
def test_name_keys_homophones_share_toneless_pinyin(group: tuple[str, ...]) -> None:
    keys = [name_keys("张" + character) for character in group]
    assert len({k.pinyin for k in keys if k is not None}) == 1
    assert len({k.initials for k in keys if k is not None}) == 1


def test_name_keys_traditional_equals_simplified() -> None:
    assert name_keys("張偉") == name_keys("张伟")


def test_name_keys_latin_names() -> None:
    # "Wang Wei" and 王伟 share the toneless key, so transliterated records can link.
    latin, han = name_keys("Wang Wei"), name_keys("王伟")
    assert latin is not None and han is not None
    assert latin.pinyin == han.pinyin == "wangwei"
    assert (latin.surname, latin.given, latin.initials) == ("wang", "wei", "ww")
    # Western order: surname last, keys surname first, so both orders agree.
    assert name_keys("John Smith") == NameKeys(
        "john smith", "smith", "john", "smith john", "smithjohn", "sj", "john"
    )
    smith_john = name_keys("Smith, John")
    assert smith_john is not None and smith_john.pinyin == "smithjohn"
    obrien = name_keys("O'Brien")
    assert obrien is not None and (obrien.pinyin, obrien.initials) == ("obrien", "o")


def test_name_keys_none_for_blanks_and_placeholders() -> None:
    assert name_keys(None) is None
    assert name_keys("") is None
    assert name_keys("张丽之女") is None
    assert name_keys("男婴") is None


def test_reexports_match_the_contract() -> None:
    assert split_name("欧阳娜娜") == ("欧阳", "娜娜")
    assert is_placeholder("张丽之女")
    assert mother_from_placeholder("张丽之女") == "张丽"


def test_name_keys_many_keeps_order_and_nones() -> None:
    result = name_keys_many(["张伟", None, "张丽之女", "张伟"])
    assert result == [name_keys("张伟"), None, None, name_keys("张伟")]


def test_name_keys_frame_one_row_per_input() -> None:
    frame = name_keys_frame(pl.Series("name", ["单田芳", None, "男婴", "Wang Wei"]))
    assert frame.height == 4
    assert frame["pinyin"].to_list() == ["shantianfang", None, None, "wangwei"]
    assert frame["surname_pinyin"].to_list() == ["shan", None, None, "wang"]
    assert frame["initials"].to_list() == ["stf", None, None, "ww"]
    assert frame.schema == dict.fromkeys(frame.columns, pl.Utf8)


# Common name characters. 于 is left out: OpenCC's s2t writes it 於, which in a name is a
# different surname, so 于 → 於 → 於 is the right outcome and not a round trip.
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡欧阳单"
)
COMMON_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅文俊宇浩然涵欣怡轩雨萱思远佳琪"
    "龙凤鹏飞"
)
surnames = st.sampled_from([*COMMON_SURNAMES[:-3], "欧阳", "单"])
given_names = st.text(alphabet=st.sampled_from(list(COMMON_GIVEN)), min_size=1, max_size=2)
han_names = st.builds(lambda s, g: s + g, surnames, given_names)
_TO_TRADITIONAL = opencc.OpenCC("s2t")


@given(st.one_of(han_names, st.text(max_size=15)))
def test_normalize_name_is_idempotent(raw: str) -> None:
    once = normalize_name(raw)
    if once is not None:
        assert normalize_name(once) == once


@given(han_names)
def test_normalize_name_folds_traditional_writing(name: str) -> None:
    traditional = _TO_TRADITIONAL.convert(name)
    assert normalize_name(traditional) == normalize_name(name) == name


@given(han_names)
def test_name_keys_pinyin_is_surname_then_given(name: str) -> None:
    keys = name_keys(name)
    assert keys is not None
    assert keys.normalized == keys.surname + keys.given
    surname_pinyin = "".join(s.rstrip("12345") for s in surname_syllables(keys.surname))
    assert keys.pinyin == surname_pinyin + keys.given_pinyin
    assert len(keys.pinyin_tone.split()) == len(keys.initials) == len(name)


@given(
    st.one_of(
        st.builds(
            lambda s, g, p: s + g + p, surnames, given_names, st.sampled_from(["之女", "之子"])
        ),
        st.sampled_from(["男婴", "女婴", "婴儿", "无名", "无名氏", "未取名", "未命名", "待定"]),
    )
)
def test_placeholders_never_yield_keys(raw: str) -> None:
    assert is_placeholder(raw)
    assert normalize_name(raw) is None
    assert name_keys(raw) is None
