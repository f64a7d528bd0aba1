"""Resident ID numbers (居民身份证号码, GB 11643) compared the way clerks get them wrong."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import LostTailLevel, OneTypoLevel


class ResidentIdComparison(ComparisonCreator):
    """Exact; equal after 15→18 conversion; one typo away ("repairable"); different.

    Levels, most to least specific:

    1. either number missing → null (no evidence either way);
    2. the numbers as written agree (after :func:`hedui.identity.resident_id.normalize`);
    3. they agree only after converting a first-generation 15-digit number to 18 digits
       (``id18``): the same person registered before and after 1999;
    4. *repairable*: the 18-digit forms differ by one substituted digit or by two adjacent
       digits swapped (Damerau–Levenshtein distance 1 between equal-length strings). ISO
       7064 MOD 11-2 catches every single substitution and every adjacent transposition,
       so of two such numbers at most one is valid and the other is a typo of it — exactly
       the numbers :func:`hedui.identity.resident_id.repair_candidates` proposes. Twins,
       whose sequence numbers are often consecutive, differ in the sequence *and* the check
       character (distance 2) and fall through to the last level;
    5. the first 14 characters agree and one number lost its tail: Excel turned it into
       ``…000``, or it was cut short;
    6. anything else.

    Args:
        raw_col: the normalised number as written (15 or 18 characters, or other).
        id18_col: the 18-character form (15-digit numbers converted), or null.
    """

    def __init__(
        self,
        raw_col: str = "id_raw",
        id18_col: str = "id18",
    ) -> None:
        self.raw_col = raw_col
        self.id18_col = id18_col
        super().__init__({"raw": raw_col, "id18": id18_col})

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            cll.NullLevel(self.id18_col).configure(label_for_charts="缺失 missing"),
            cll.ExactMatchLevel(self.raw_col).configure(label_for_charts="完全相同 exact"),
            cll.ExactMatchLevel(self.id18_col).configure(
                label_for_charts="15位转18位后相同 equal after 15→18"
            ),
            OneTypoLevel(self.id18_col, label="可修复（一位错或相邻两位颠倒） repairable typo"),
            LostTailLevel(self.id18_col, label="后几位丢失（Excel 或截断） last digits lost"),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "resident_id"
