"""Where a record places a person: the 12-digit village code and its township."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import (
    BothEventLevel,
    DifferentEventsLevel,
    OneTypoLevel,
)


class AddressCodeComparison(ComparisonCreator):
    """Same village; same township; one character apart; elsewhere.

    The statistical division code (统计用区划代码) has 12 digits: province 2, prefecture 2,
    county 2, township 3, village 3. Preparation stores the full code as ``village`` and
    its first nine digits as ``township`` (null when the code is not 12 digits, so a
    foreign postcode compares only as a whole). People move within a township more than
    across it, and ledgers lag behind moves, so "same township" keeps some weight. Other
    codes (a foreign postcode, a code cut short) one substitution or adjacent swap apart
    (equal lengths) are most likely a typing slip; two 12-digit codes one digit
    apart are not — neighbouring townships are numbered 101, 102, 103.

    Two kinds of pair carry addresses that are no evidence: the two halves of a move (the
    old village and the new one must differ), and two births in different places — a
    hospital writes the mother's actual residence (often the county seat, or only the
    county's code ``xxxxxx000000``), not the hukou village the police and the ledger use.
    Both are null levels: a different address does not count against such a link.
    """

    def __init__(self, village_col: str = "village", township_col: str = "township") -> None:
        self.village_col = village_col
        self.township_col = township_col
        super().__init__({"village": village_col, "township": township_col})

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            cll.NullLevel(self.village_col).configure(label_for_charts="缺失 missing"),
            DifferentEventsLevel(label="迁出地与迁入地 the two ends of a move"),
            cll.ExactMatchLevel(self.village_col).configure(label_for_charts="同村 same village"),
            cll.ExactMatchLevel(self.township_col).configure(
                label_for_charts="同乡镇 same township"
            ),
            cll.And(
                cll.NullLevel(self.township_col),
                OneTypoLevel(self.village_col, label="one typo apart"),
            ).configure(label_for_charts="代码一位之差 one character apart"),
            BothEventLevel("birth", label="出生：医院记母亲现住址 hospital: the mother's address"),
            cll.ElseLevel().configure(label_for_charts="不同 elsewhere"),
        ]

    def create_output_column_name(self) -> str:
        return "address_code"
