"""The coercion lexicon: the forms a person could vary a word by are one word."""

from __future__ import annotations

import pytest

from hedui.health.lexicon import LEXICON, Subject, lexicon_hits, normalise


def test_normalise_folds_full_width_traditional_spaces_and_hidden_characters() -> None:
    # NFKC: ideographic space and full-width letters; t2s: 環 → 环; U+200B dropped.
    assert normalise("查　環 ＩＵＤ-Check\u200b") == ("查环iudcheck", "查 环 iud check")


@pytest.mark.parametrize(
    ("text", "subject", "term"),
    [
        ("查环查孕", Subject.ENFORCEMENT, "查环"),
        ("計劃外懷孕", Subject.ENFORCEMENT, "计划外"),
        ("IUD check", Subject.ENFORCEMENT, "iud check"),
        ("contraceptive method", Subject.CONTRACEPTION, "contraceptive"),
        ("胎兒性別", Subject.FOETAL_SEX, "胎儿性别"),
        ("foetal sex", Subject.FOETAL_SEX, "foetal sex"),
        ("is she pregnant", Subject.PREGNANCY_STATUS, "pregnant"),
    ],
)
def test_each_subject_is_found(text: str, subject: Subject, term: str) -> None:
    hits = {hit.subject: hit.term for hit in lexicon_hits(text)}
    assert hits[subject] == term


def test_subjects_can_be_left_out() -> None:
    """Pregnancy may be named in a description; only what a visit records is held to it."""
    assert lexicon_hits("孕早期", frozenset({Subject.ENFORCEMENT})) == []
    assert [h.subject for h in lexicon_hits("早孕")] == [Subject.PREGNANCY_STATUS]


def test_english_terms_match_whole_words() -> None:
    assert lexicon_hits("define, refine, finest") == []
    assert [h.term for h in lexicon_hits("a fine is charged")] == ["fine"]


def test_every_subject_says_why_in_both_languages() -> None:
    assert {words.subject for words in LEXICON} == set(Subject)
    for words in LEXICON:
        assert words.reason_zh and words.reason_en.isascii()
