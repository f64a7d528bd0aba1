"""Dates of birth compared for the slips that ledgers and forms actually contain."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import (
    ImpreciseSameYearLevel,
    OneTypoLevel,
    SubstringsMatchLevel,
)


class BirthDateComparison(ComparisonCreator):
    """Exact; day/month swapped; a day apart; one digit; same month; lunar; same year; else.

    Each date comes from preparation as an ISO string (``birth_date``, ``YYYY-MM-DD``) for
    the levels about how it is *written*, as a day number (``birth_day``, days since
    1970-01-01) for the levels about how far apart the days are — integer arithmetic,
    where parsing two strings per pair would dominate the cost of scoring — and as
    ``birth_month`` (``YYYY-MM``) and ``birth_year``, which a date known only to the month
    or the year (``1948年3月``, ``1948年``) also has. Levels:

    1. no year on either side → null;
    2. exact;
    3. day and month swapped (1985-03-12 / 1985-12-03): US-style or careless entry;
    4. one day apart: a birth near midnight, or a date taken from a different document;
    5. one digit mistyped or two adjacent digits swapped (1985-03-12 / 1985-08-12);
    6. same year and month — two full dates, or one known only to the month;
    7. within 62 days: a birthday kept by the lunar calendar (农历) and written down as if
       it were solar — common for older people — lands three to seven weeks early;
    8. same year, one side imprecise: known only to the year, or heaped on 1 January, the
       1st or the 15th of a month, as clerks write an old person's birthday nobody knows;
    9. anything else.
    """

    def __init__(
        self,
        col_name: str = "birth_date",
        day_col: str = "birth_day",
        month_col: str = "birth_month",
        year_col: str = "birth_year",
    ) -> None:
        self.col_name = col_name
        self.day_col = day_col
        self.month_col = month_col
        self.year_col = year_col
        super().__init__({"date": col_name, "day": day_col, "month": month_col, "year": year_col})

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.col_name
        return [
            cll.NullLevel(self.year_col).configure(label_for_charts="缺失 missing"),
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
            cll.ExactMatchLevel(self.month_col).configure(
                label_for_charts="同年同月 same year and month"
            ),
            cll.AbsoluteDifferenceLevel(self.day_col, 62).configure(
                label_for_charts="两月内（农历误作公历） within 62 days (lunar)"
            ),
            ImpreciseSameYearLevel(
                col, self.month_col, self.year_col, label="同年，一方不精确 same year, imprecise"
            ),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "birth_date"
