"""Linkage's reasons in plain words: level labels in the reader's language, no numbers."""

from __future__ import annotations

from hedui.web.case_compare import LinkedPair
from hedui.web.case_evidence import level_words, plain_pairs


def test_level_words_keeps_the_readers_half() -> None:
    assert level_words("拼音相同（声调不同） same pinyin", "zh_CN") == "拼音相同（声调不同）"
    assert level_words("拼音相同（声调不同） same pinyin", "en") == "same pinyin"
    assert level_words("相差一天 ±1 day", "en") == "±1 day"
    assert level_words("15位转18位后相同 equal after 15→18", "zh_CN") == "15位转18位后相同"
    assert level_words("exact", "zh_CN") == "exact"  # not bilingual: as it is


def test_plain_pairs_sorts_agreement_from_difference_and_drops_weights() -> None:
    pair = LinkedPair(
        left=("village_ledger", "V1"),
        right=("police_hukou", "P1"),
        probability=0.999,
        linked=True,
        fields=[
            ("name", "同音同调 homophone", 6.2),
            ("resident_id", "不同 different", -3.1),
            ("birth_date", "相同 exact", 9.5),
            ("mother", "无可比信息 nothing to compare", 0.0),
        ],
    )
    (plain,) = plain_pairs([pair], "zh_CN")
    assert plain.linked and plain.left == ("village_ledger", "V1")
    assert plain.agree == [("birth_date", "相同"), ("name", "同音同调")]
    assert plain.differ == [("resident_id", "不同")]
