"""Names compared as Chinese registries write them: characters, sounds, and typing slips."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import BothEventLevel


class ChineseNameComparison(ComparisonCreator):
    """Equal characters; equal sounds; words reordered; similar; one part equal; different.

    The columns come from :func:`hedui.identity.names.name_keys`, computed once per distinct
    name in :mod:`hedui.linkage.prepare`:

    1. either name missing → null. Newborn placeholders (张丽之女, 男婴) are made null in
       preparation: "no name yet" is not a disagreement with 张小明;
    2. equal after normalisation (traditional → simplified, variant characters), with a
       term-frequency adjustment so that agreeing on 王伟 — shared by many — counts for less
       than agreeing on a rare name;
    3. equal pinyin with tones: a homophone written with other characters (张丽 / 张莉);
    4. equal pinyin without tones: a misheard tone or a polyphone read another way;
    5. the same words in another order (``name_tokens``, the sorted words): "smith john"
       for "john smith" in names written in Latin script (a Chinese name is one word);
    6. similar words in any order (``latin_tokens``: the sorted words of a name in Latin
       script only, Jaro–Winkler ≥ 0.9): "laznger gabrielle" for "gabrielle langer", "jon
       smith" for "john smith";
    7. same surname and a given name whose pinyin has Jaro–Winkler similarity ≥ 0.88
       (one character misheard or mistyped);
    8. whole-name pinyin with Jaro–Winkler ≥ 0.9: transliterated and non-Chinese names
       with a letter out of place, where "surname" is not a reliable split;
    9. two births whose names are no closer than that: no evidence either way. A newborn's
       name is not settled — a placeholder in a form the preparation missed, a milk name
       (乐乐), a tentative name changed at registration, the other parent's surname — so
       for births the mother, the birth date and the sex decide, and the name only helps
       (twins are told apart by their names where they agree on the rest);
    10. only the surname agrees: a child registered under a new given name (改名);
    11. only the given name agrees (in pinyin): a surname mistyped or changed;
    12. anything else.

    Jaro–Winkler runs on ASCII pinyin, never on Hanzi, so scores do not depend on how a
    database engine counts CJK characters.
    """

    def __init__(
        self,
        name_col: str = "name_norm",
        pinyin_tone_col: str = "name_pinyin_tone",
        pinyin_col: str = "name_pinyin",
        surname_col: str = "surname",
        given_pinyin_col: str = "given_pinyin",
        tokens_col: str = "name_tokens",
        latin_tokens_col: str = "latin_tokens",
        *,
        given_threshold: float = 0.88,
        whole_threshold: float = 0.9,
    ) -> None:
        self.name_col = name_col
        self.pinyin_tone_col = pinyin_tone_col
        self.pinyin_col = pinyin_col
        self.surname_col = surname_col
        self.given_pinyin_col = given_pinyin_col
        self.tokens_col = tokens_col
        self.latin_tokens_col = latin_tokens_col
        self.given_threshold = given_threshold
        self.whole_threshold = whole_threshold
        super().__init__(
            {
                "name": name_col,
                "tone": pinyin_tone_col,
                "pinyin": pinyin_col,
                "surname": surname_col,
                "given": given_pinyin_col,
                "tokens": tokens_col,
                "latin_tokens": latin_tokens_col,
            }
        )

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            cll.NullLevel(self.name_col).configure(label_for_charts="缺失或新生儿占位名 missing"),
            cll.ExactMatchLevel(self.name_col)
            .configure(label_for_charts="姓名相同 exact")
            .configure(tf_adjustment_column=self.name_col, tf_adjustment_weight=1.0),
            cll.ExactMatchLevel(self.pinyin_tone_col).configure(
                label_for_charts="同音同调 homophone"
            ),
            cll.ExactMatchLevel(self.pinyin_col).configure(
                label_for_charts="拼音相同（声调不同） same pinyin"
            ),
            cll.ExactMatchLevel(self.tokens_col).configure(
                label_for_charts="词序不同 same words, other order"
            ),
            cll.JaroWinklerLevel(self.latin_tokens_col, self.whole_threshold).configure(
                label_for_charts="词语相近（顺序不限） similar words, any order"
            ),
            cll.And(
                cll.ExactMatchLevel(self.surname_col),
                cll.JaroWinklerLevel(self.given_pinyin_col, self.given_threshold),
            ).configure(label_for_charts="同姓、名字拼音相近 same surname, similar given"),
            cll.JaroWinklerLevel(self.pinyin_col, self.whole_threshold).configure(
                label_for_charts="拼音相近 similar pinyin"
            ),
            BothEventLevel(
                "birth", label="新生儿姓名未定，不作为证据 a newborn's name is not settled"
            ),
            cll.ExactMatchLevel(self.surname_col).configure(
                label_for_charts="仅姓相同 same surname only"
            ),
            cll.ExactMatchLevel(self.given_pinyin_col).configure(
                label_for_charts="仅名相同 same given name only"
            ),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "name"
