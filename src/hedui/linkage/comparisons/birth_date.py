"""Dates of birth compared for the slips that ledgers and forms actually contain."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import SubstringsMatchLevel


class BirthDateComparison(ComparisonCreator):
    """Exact; day/month swapped; a day apart; one digit; same month; lunar calendar; else.

    Dates are ISO strings (``YYYY-MM-DD``) so that every level is plain ``substr`` SQL or
    Splink's dialect-aware date difference:

    1. either date missing → null;
    2. exact;
    3. day and month swapped (1985-03-12 / 1985-12-03): US-style or careless entry;
    4. one day apart: a birth near midnight, or a date taken from a different document;
    5. one character different (1985-03-12 / 1985-08-12): a mistyped digit;
    6. same year and month;
    7. within 62 days: a birthday kept by the lunar calendar (农历) and written down as if
       it were solar — common for older people — lands three to seven weeks early;
    8. anything else.
    """

    def __init__(self, col_name: str = "birth_date") -> None:
        self.col_name = col_name
        super().__init__(col_name)

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
            cll.AbsoluteDateDifferenceLevel(
                col, input_is_string=True, threshold=1, metric="day"
            ).configure(label_for_charts="相差一天 ±1 day"),
            cll.LevenshteinLevel(col, 1).configure(label_for_charts="一位数字不同 one digit"),
            SubstringsMatchLevel(col, [((1, 7), (1, 7))], label="同年同月 same year and month"),
            cll.AbsoluteDateDifferenceLevel(
                col, input_is_string=True, threshold=62, metric="day"
            ).configure(label_for_charts="两月内（农历误作公历） within 62 days (lunar)"),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "birth_date"
