"""The mother: the one thing a newborn's records share before it has a name or an ID."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import (
    AllNullLevel,
    BothValidDifferentLevel,
    LostTailLevel,
    OneTypoLevel,
)


class MotherComparison(ComparisonCreator):
    """Mother's ID equal, one typo away or cut short; else her name in characters or sound.

    A birth certificate (出生医学证明) carries the mother's ID and name; the village ledger
    may write the child as 张丽之女 ("Zhang Li's daughter"), from which preparation takes
    the mother's name. Levels:

    1. nothing comparable (no ID on both sides and no name on both sides) → null;
    2. mother's ID equal (18-digit form);
    3. mother's ID one substitution or adjacent swap apart;
    4. mother's ID with its last digits lost (Excel's ``…000``, or cut short);
    5. her names agree after normalisation — unless both IDs are valid and differ: two
       women called 王秀英 with two numbers are two women, but a name beside a mangled or
       missing number still identifies her;
    6. the same, her names agreeing in pinyin (homophones);
    7. the same, her names one letter of pinyin apart: a dialect slip (岑/陈 "cen"/"chen",
       芳/反 "fang"/"fan") or a look-alike of a near sound (琳/领 "lin"/"ling");
    8. anything else — including two valid, clearly different IDs.
    """

    def __init__(
        self,
        id_col: str = "mother_id18",
        name_col: str = "mother_name_norm",
        pinyin_col: str = "mother_name_pinyin",
        valid_col: str = "mother_id_valid",
    ) -> None:
        self.id_col = id_col
        self.name_col = name_col
        self.pinyin_col = pinyin_col
        self.valid_col = valid_col
        super().__init__({"id": id_col, "name": name_col, "pinyin": pinyin_col, "valid": valid_col})

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        two_women = BothValidDifferentLevel(
            self.id_col, self.valid_col, label="two valid IDs that differ"
        )
        return [
            AllNullLevel(self.id_col, self.name_col, label="无可比信息 nothing to compare"),
            cll.ExactMatchLevel(self.id_col).configure(
                label_for_charts="母亲身份证号相同 mother's ID equal"
            ),
            OneTypoLevel(self.id_col, label="母亲身份证号可修复 mother's ID one typo apart"),
            LostTailLevel(self.id_col, label="母亲身份证号后几位丢失 mother's ID cut short"),
            cll.And(cll.Not(two_women), cll.ExactMatchLevel(self.name_col)).configure(
                label_for_charts="母亲姓名相同 mother's name equal"
            ),
            cll.And(cll.Not(two_women), cll.ExactMatchLevel(self.pinyin_col)).configure(
                label_for_charts="母亲姓名同音 mother's name sounds the same"
            ),
            cll.And(cll.Not(two_women), cll.DamerauLevenshteinLevel(self.pinyin_col, 1)).configure(
                label_for_charts="母亲姓名音近 mother's name one sound off"
            ),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "mother"
