"""The mother: the one thing a newborn's records share before it has a name or an ID."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import AllNullLevel, BothNotNullLevel, OneTypoLevel


class MotherComparison(ComparisonCreator):
    """Mother's ID equal or one typo away; else her name equal in characters or sound.

    A birth certificate (出生医学证明) carries the mother's ID and name; the village ledger
    may write the child as 张丽之女 ("Zhang Li's daughter"), from which preparation takes
    the mother's name. Levels:

    1. nothing comparable (no ID on both sides and no name on both sides) → null;
    2. mother's ID equal (18-digit form);
    3. mother's ID one substitution or adjacent swap apart;
    4. her IDs are not both known, and her names agree after normalisation;
    5. her IDs are not both known, and her names agree in pinyin (homophones);
    6. anything else — including two known, clearly different IDs.
    """

    def __init__(
        self,
        id_col: str = "mother_id18",
        name_col: str = "mother_name_norm",
        pinyin_col: str = "mother_name_pinyin",
    ) -> None:
        self.id_col = id_col
        self.name_col = name_col
        self.pinyin_col = pinyin_col
        super().__init__({"id": id_col, "name": name_col, "pinyin": pinyin_col})

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        ids_both_known = BothNotNullLevel(self.id_col, label="both IDs known")
        return [
            AllNullLevel(self.id_col, self.name_col, label="无可比信息 nothing to compare"),
            cll.ExactMatchLevel(self.id_col).configure(
                label_for_charts="母亲身份证号相同 mother's ID equal"
            ),
            OneTypoLevel(self.id_col, label="母亲身份证号可修复 mother's ID one typo apart"),
            cll.And(cll.Not(ids_both_known), cll.ExactMatchLevel(self.name_col)).configure(
                label_for_charts="母亲姓名相同 mother's name equal"
            ),
            cll.And(cll.Not(ids_both_known), cll.ExactMatchLevel(self.pinyin_col)).configure(
                label_for_charts="母亲姓名同音 mother's name sounds the same"
            ),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "mother"
