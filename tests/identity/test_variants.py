"""Tests for hedui.identity.variants: the one written form names are compared in."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import Style, pinyin

from hedui.identity.variants import canonical_form, fold_variants, is_han, to_simplified


def _variant_rows() -> list[dict[str, str]]:
    path = resources.files("hedui.identity").joinpath("data", "variants_characters.csv")
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("張偉", "张伟"),
        ("  张 伟 ", "张伟"),
        ("张\u3000伟", "张伟"),  # ideographic space
        ("阿依古丽·买买提", "阿依古丽买买提"),
        ("阿依古丽•买买提", "阿依古丽买买提"),
        ("阿依古丽・买买提", "阿依古丽买买提"),
        ("阿依古丽‧买买提", "阿依古丽买买提"),
        ("阿依古丽.买买提", "阿依古丽买买提"),
        ("阿依古丽－买买提", "阿依古丽买买提"),  # full-width hyphen
        ("张伟（户主）", "张伟"),
        ("李强[已故]", "李强"),
        ("王芳【曾用名王方】", "王芳"),
        ("张喆", "张哲"),
        ("刘濬", "刘浚"),
        ("髙堃", "高坤"),
        ("劉乾", "刘乾"),  # 乾 stays qian, OpenCC alone would give 干
        ("於梨華", "於梨华"),  # the surname 於 is kept
        ("王玥", "王玥"),  # a distinct name character, not folded
        ("甯静", "甯静"),  # the surname 甯 is kept
        ("Wang  Wei", "wang wei"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("José Martínez", "jose martinez"),
        ("Jean-Pierre Dupont", "jean pierre dupont"),
        ("Smith,John", "smith, john"),
        ("ＷＡＮＧ　ＷＥＩ", "wang wei"),  # full-width letters and space
        ("", ""),
        ("·-·", ""),
    ],
)
def test_canonical_form_examples(raw: str, expected: str) -> None:
    assert canonical_form(raw) == expected


def test_to_simplified_keeps_qian_and_yu() -> None:
    # OpenCC's t2s maps 乾→干 and 於→于; in names both are characters of their own.
    assert to_simplified("乾於張") == "乾於张"
    assert to_simplified("Wang") == "Wang"


def test_fold_variants_only_touches_listed_characters() -> None:
    assert fold_variants("喆堃濬王") == "哲坤浚王"


def test_is_han_examples() -> None:
    assert is_han("wang 伟")
    assert is_han("〇")
    assert not is_han("wang wei")


@pytest.mark.parametrize("row", _variant_rows(), ids=lambda row: row["variant"])
def test_variant_table_folds_to_a_stable_same_sounding_character(row: dict[str, str]) -> None:
    variant, standard = row["variant"], row["standard"]
    assert len(variant) == len(standard) == 1 and variant != standard
    # The standard form survives the whole pipeline unchanged...
    assert canonical_form(standard) == standard
    # ...and folding never changes how the name sounds: the table's reading is one of the
    # standard character's, and the variant shares a syllable with it (tones aside: pypinyin
    # lists only ceng1 for the Japanese form 曽).
    assert row["pinyin"] in pinyin(standard, style=Style.TONE3, heteronym=True)[0]
    standard_syllables = set(pinyin(standard, style=Style.NORMAL, heteronym=True)[0])
    assert standard_syllables & set(pinyin(variant, style=Style.NORMAL, heteronym=True)[0])


name_like = st.text(
    alphabet=st.sampled_from(list("張张偉伟麗丽喆哲濬乾於王李欧陽阳·• .-()（）abcO'é,　１２")),
    max_size=12,
)


@given(name_like)
def test_canonical_form_is_idempotent(raw: str) -> None:
    once = canonical_form(raw)
    assert canonical_form(once) == once


@given(st.text(max_size=20))
def test_canonical_form_is_idempotent_on_any_text(raw: str) -> None:
    once = canonical_form(raw)
    assert canonical_form(once) == once
