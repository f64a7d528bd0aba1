"""Comparison levels that Splink's library lacks, written once for every SQL dialect.

Each level is a :class:`ComparisonLevelCreator`, like Splink's own: it renders its SQL only
when the dialect (DuckDB today, Spark later) is known, and quotes columns through Splink's
:class:`ColumnExpression` so that ``birth_date_l`` becomes ``"birth_date_l"`` in DuckDB and
```birth_date_l``` in Spark. Only functions present in both dialects are used (``substr``,
``=``, ``IS NULL``), or functions that Splink's dialect objects name for us.
"""

from __future__ import annotations

from splink.internals.column_expression import ColumnExpression
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect


def _column(name: str, dialect: SplinkDialect) -> ColumnExpression:
    column = ColumnExpression(name)
    column.sql_dialect = dialect
    return column


class AllNullLevel(ComparisonLevelCreator):
    """Null level for comparisons over several columns: nothing can be compared.

    The pair is "null" when, for *every* column, at least one side is missing. A mother's
    ID on one record and her name on the other leaves nothing in common to compare, which
    is missing evidence, not a disagreement.
    """

    def __init__(self, *columns: str, label: str) -> None:
        self.columns = columns
        self.label = label
        self.is_null_level = True

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        parts = []
        for name in self.columns:
            column = _column(name, sql_dialect)
            parts.append(f"({column.name_l} IS NULL OR {column.name_r} IS NULL)")
        return " AND ".join(parts)

    def create_label_for_charts(self) -> str:
        return self.label


class SubstringsMatchLevel(ComparisonLevelCreator):
    """Agreement of chosen substrings, possibly crossed between the two sides.

    ``pairs`` lists ``((start_l, length), (start_r, length))`` tuples (1-based, as SQL's
    ``substr``). ``((6, 2), (9, 2))`` reads "characters 6–7 on the left equal characters
    9–10 on the right", which is how a day/month swap of ISO dates is written without any
    dialect-specific date function.
    """

    def __init__(
        self,
        col_name: str,
        pairs: list[tuple[tuple[int, int], tuple[int, int]]],
        *,
        label: str,
    ) -> None:
        self.col_name = col_name
        self.pairs = pairs
        self.label = label

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        column = _column(self.col_name, sql_dialect)
        parts = []
        for (start_l, length_l), (start_r, length_r) in self.pairs:
            left = column.substr(start_l, length_l)
            left.sql_dialect = sql_dialect
            right = column.substr(start_r, length_r)
            right.sql_dialect = sql_dialect
            parts.append(f"{left.name_l} = {right.name_r}")
        return " AND ".join(parts)

    def create_label_for_charts(self) -> str:
        return self.label


class OneTypoLevel(ComparisonLevelCreator):
    """Two strings of equal length one substituted character or one adjacent swap apart.

    That is Damerau–Levenshtein distance 1 restricted to equal lengths — the typing slips
    of a clerk copying a fixed-width number (an ID, a date, a code). In DuckDB it is
    written with ``hamming`` first (linear, and most pairs stop there) and the
    Damerau–Levenshtein distance only for the few strings two positions apart: on random
    pairs of ID numbers this is about 50 times faster than the distance alone. ``hamming``
    refuses strings of different lengths, so a ``CASE`` — which DuckDB evaluates branch
    by branch — guards it. Other dialects use Splink's Damerau–Levenshtein function.
    """

    def __init__(self, col_name: str, *, label: str) -> None:
        self.col_name = col_name
        self.label = label

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        column = _column(self.col_name, sql_dialect)
        left, right = column.name_l, column.name_r
        distance = sql_dialect.damerau_levenshtein_function_name
        if sql_dialect.sql_dialect_str == "duckdb":
            return (
                f"CASE WHEN length({left}) <> length({right}) THEN FALSE "
                f"WHEN hamming({left}, {right}) = 1 THEN TRUE "
                f"WHEN hamming({left}, {right}) = 2 THEN {distance}({left}, {right}) = 1 "
                "ELSE FALSE END"
            )
        return f"(length({left}) = length({right}) AND {distance}({left}, {right}) <= 1)"

    def create_label_for_charts(self) -> str:
        return self.label


class BothNotNullLevel(ComparisonLevelCreator):
    """True when a column is present on both sides (a guard inside ``And``/``Not``)."""

    def __init__(self, col_name: str, *, label: str) -> None:
        self.col_name = col_name
        self.label = label

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        column = _column(self.col_name, sql_dialect)
        return f"({column.name_l} IS NOT NULL AND {column.name_r} IS NOT NULL)"

    def create_label_for_charts(self) -> str:
        return self.label
