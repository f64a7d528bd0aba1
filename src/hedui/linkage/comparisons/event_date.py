"""How close in time two records of the same event are."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import BothEventLevel


class EventDateComparison(ComparisonCreator):
    """Same day; within a week; within a month; within a year; further apart.

    Two records of one marriage or one death carry dates that differ by how late each
    office learned of it: the hospital on the day, the village ledger at its next update,
    the police when the family comes to register. Distances are taken between day
    numbers (``event_day``, days since 1970-01-01, computed in preparation).

    For two births the event date is no evidence: the hospital's is the day of birth, the
    police's the day the child was registered, weeks or months later. The child's birth
    date, which every source of a birth holds, is compared instead (a null level here).
    """

    def __init__(self, col_name: str = "event_date", day_col: str = "event_day") -> None:
        self.col_name = col_name
        self.day_col = day_col
        super().__init__({"date": col_name, "day": day_col})

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        col = self.col_name
        levels: list[ComparisonLevelCreator] = [
            cll.NullLevel(col).configure(label_for_charts="缺失 missing"),
            BothEventLevel("birth", label="出生：以出生日期比较 births compare by birth date"),
            cll.ExactMatchLevel(col).configure(label_for_charts="同一天 same day"),
        ]
        for days, label in (
            (7, "一周内 within a week"),
            (31, "一月内 within a month"),
            (366, "一年内 within a year"),
        ):
            levels.append(
                cll.AbsoluteDifferenceLevel(self.day_col, days).configure(label_for_charts=label)
            )
        levels.append(cll.ElseLevel().configure(label_for_charts="相隔更久 further apart"))
        return levels

    def create_output_column_name(self) -> str:
        return "event_date"
