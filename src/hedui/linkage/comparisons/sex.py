"""Sex (GB/T 2261.1) compared as agree / disagree, unknown codes counting as missing."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator


class SexComparison(ComparisonCreator):
    """Same sex; different sex; missing.

    Preparation keeps only 1 (male) and 2 (female); 0 "unknown" and 9 "unstated" become
    null, since they say nothing about the person. A disagreement matters most for
    newborns: twins of different sex share everything else.
    """

    def __init__(self, col_name: str = "sex") -> None:
        self.col_name = col_name
        super().__init__(col_name)

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            cll.NullLevel(self.col_name).configure(label_for_charts="缺失 missing"),
            cll.ExactMatchLevel(self.col_name).configure(label_for_charts="相同 same"),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "sex"
