"""The street address as written, where it is written in Latin script."""

from __future__ import annotations

import splink.comparison_level_library as cll
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from hedui.linkage.comparisons.levels import BothEventLevel, DifferentEventsLevel


class AddressTextComparison(ComparisonCreator):
    """Same address; a similar one; another one.

    ``address_text`` is the address lower-cased with its spaces folded — prepared only for
    addresses in Latin script (transliterated, foreign, Febrl's test data). Chinese
    addresses are left out (null): each agency writes them its own way (``12组5号`` in the
    ledger, ``湖南省淮阳县城关镇先锋村12组146号`` at the police), and where a person lives is
    already compared through the 12-digit village code. Levels:

    1. either address missing → null;
    2. the two halves of a move, or two births (a hospital writes the mother's residence):
       no evidence, as for the village code;
    3. the same text;
    4. Jaro–Winkler ≥ 0.9: a typo, or a word dropped at the end;
    5. anything else.
    """

    def __init__(self, col_name: str = "address_text") -> None:
        self.col_name = col_name
        super().__init__(col_name)

    def create_comparison_levels(self) -> list[ComparisonLevelCreator]:
        return [
            cll.NullLevel(self.col_name).configure(label_for_charts="缺失 missing"),
            DifferentEventsLevel(label="迁出地与迁入地 the two ends of a move"),
            BothEventLevel("birth", label="出生：医院记母亲现住址 hospital: the mother's address"),
            cll.ExactMatchLevel(self.col_name).configure(label_for_charts="地址相同 same address"),
            cll.JaroWinklerLevel(self.col_name, 0.9).configure(
                label_for_charts="地址相近 similar address"
            ),
            cll.ElseLevel().configure(label_for_charts="不同 different"),
        ]

    def create_output_column_name(self) -> str:
        return "address"
