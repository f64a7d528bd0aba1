"""Dates of birth compared for the slips that ledgers and forms actually contain."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import OneTypoLevel, SubstringsMatchLevel


class BirthDateComparison(ComparisonCreator):
    """Exact; day/month swapped; a day apart; one digit; same month; lunar calendar; else.

    Each date comes twice from preparation: as an ISO string (``birth_date``,
    ``YYYY-MM-DD``) for the levels about how it is *written*, and as a day number
    (``birth_day``, days since 1970-01-01) for the levels about how far apart the days
    are — integer arithmetic, where parsing two strings per pair would dominate the cost
    of scoring. Levels:

    1. either date missing → null;
    2. exact;
    3. day and month swapped (1985-03-12 / 1985-12-03): US-style or careless entry;
    4. one day apart: a birth near midnight, or a date taken from a different document;
    5. one digit mistyped or two adjacent digits swapped (1985-03-12 / 1985-08-12);
    6. same year and month;
    7. within 62 days: a birthday kept by the lunar calendar (农历) and written down as if
       it were solar — common for older people — lands three to seven weeks early;
    8. anything else.
    """

    def __init__(self, col_name: str = "birth_date", day_col: str = "birth_day") -> None:
        self.col_name = col_name
        self.day_col = day_col
        super().__init__({"date": col_name, "day": day_col})

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.col_name
        return [
            cll.NullLevel(col).configure(label_for_charts="缺失 missing"),
            cll.ExactMatchLevel(col).configure(label_for_charts="相同 exact"),
            SubstringsMatchLevel(
                col,
                [((1, 4), (1, 4)), ((6, 2), (9, 2)), ((9, 2), (6, 2))],
                label="日月颠倒 day/month swapped",
            ),
            cll.AbsoluteDifferenceLevel(self.day_col, 1).configure(
                label_for_charts="相差一天 ±1 day"
            ),
            OneTypoLevel(col, label="一位数字不同 one digit"),
            SubstringsMatchLevel(col, [((1, 7), (1, 7))], label="同年同月 same year and month"),
            cll.AbsoluteDifferenceLevel(self.day_col, 62).configure(
                label_for_charts="两月内（农历误作公历） within 62 days (lunar)"
            ),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "birth_date"
