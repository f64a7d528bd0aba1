"""Tests for hedui.stats.assumptions: every assumption is written in Chinese and English."""

from __future__ import annotations

import re

import pytest

from hedui.stats import assumptions

CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCES = [getattr(assumptions, name) for name in assumptions.__all__ if name.isupper()]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_assumptions_are_chinese_first_then_english(sentence: str) -> None:
    chinese, english = sentence.split(" / ", 1)
    assert CJK.search(chinese)
    assert not CJK.search(english)
    assert re.search(r"[a-z]{4}", english)


def test_modelled_dependence_names_the_pairs() -> None:
    sentence = assumptions.modelled_dependence(["村台账×出生证", "乡镇库×户籍"])
    assert "村台账×出生证、乡镇库×户籍" in sentence
    assert "村台账×出生证, 乡镇库×户籍 may depend" in sentence


def test_modelled_dependence_without_pairs_is_independence() -> None:
    assert assumptions.modelled_dependence([]) == assumptions.INDEPENDENT_SOURCES
