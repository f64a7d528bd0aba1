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


class BothEventLevel(ComparisonLevelCreator):
    """Both records are of one event (``event`` = ``birth`` on both sides, say).

    Used, with ``is_null_level``, to say that a field is no evidence for a kind of event: a
    newborn's name is not settled (a placeholder, a milk name, a name changed at
    registration), and a hospital writes the mother's actual residence, not the child's
    hukou village. A null level scores nothing either way, so such a difference neither
    supports nor counts against the link.
    """

    def __init__(self, event: str, *, label: str, col_name: str = "event") -> None:
        self.event = event
        self.col_name = col_name
        self.label = label
        self.is_null_level = True

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        column = _column(self.col_name, sql_dialect)
        return f"({column.name_l} = '{self.event}' AND {column.name_r} = '{self.event}')"

    def create_label_for_charts(self) -> str:
        return self.label


class DifferentEventsLevel(ComparisonLevelCreator):
    """The two records are of different events of one group: the halves of one move.

    Blocking compares a ``move_out`` with a ``move_in`` (both in ``event_group`` ``move``).
    Their addresses *must* differ — the old village and the new one — so as a null level this
    keeps the address from counting against the link.
    """

    def __init__(self, *, label: str, col_name: str = "event") -> None:
        self.col_name = col_name
        self.label = label
        self.is_null_level = True

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        column = _column(self.col_name, sql_dialect)
        return f"({column.name_l} <> {column.name_r})"

    def create_label_for_charts(self) -> str:
        return self.label


class LostTailLevel(ComparisonLevelCreator):
    """Two ID numbers that agree on their first 14 characters, one of them cut short.

    Excel keeps 15 significant digits of a number, so an ID typed into a number cell ends
    in ``000`` (``320924199806225000``); a number can also be cut short on entry. The first
    14 characters (region, birth date) still agree with the true number.
    """

    def __init__(self, col_name: str, *, label: str) -> None:
        self.col_name = col_name
        self.label = label

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        column = _column(self.col_name, sql_dialect)
        left, right = column.name_l, column.name_r
        return (
            f"(length({left}) >= 14 AND length({right}) >= 14 "
            f"AND substr({left}, 1, 14) = substr({right}, 1, 14) "
            f"AND (length({left}) < 18 OR length({right}) < 18 "
            f"OR substr({left}, 16, 3) = '000' OR substr({right}, 16, 3) = '000'))"
        )

    def create_label_for_charts(self) -> str:
        return self.label


class ImpreciseSameYearLevel(ComparisonLevelCreator):
    """The same birth year, and one side does not know the day.

    Either the date is known only to the year (no ``birth_month``), or it is *heaped*:
    1 January, or the 1st or the 15th of a month — what a clerk writes for an old person
    whose birthday nobody remembers.
    """

    def __init__(self, date_col: str, month_col: str, year_col: str, *, label: str) -> None:
        self.date_col = date_col
        self.month_col = month_col
        self.year_col = year_col
        self.label = label

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        date = _column(self.date_col, sql_dialect)
        month = _column(self.month_col, sql_dialect)
        year = _column(self.year_col, sql_dialect)
        imprecise = []
        for side_date, side_month in ((date.name_l, month.name_l), (date.name_r, month.name_r)):
            imprecise.append(f"{side_month} IS NULL")
            imprecise.append(f"substr({side_date}, 6, 5) = '01-01'")
            imprecise.append(f"substr({side_date}, 9, 2) IN ('01', '15')")
        return f"({year.name_l} = {year.name_r} AND ({' OR '.join(imprecise)}))"

    def create_label_for_charts(self) -> str:
        return self.label


class BothValidDifferentLevel(ComparisonLevelCreator):
    """Both ID numbers pass their check and differ: two people, whatever else agrees."""

    def __init__(self, col_name: str, valid_col: str, *, label: str) -> None:
        self.col_name = col_name
        self.valid_col = valid_col
        self.label = label

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        column = _column(self.col_name, sql_dialect)
        valid = _column(self.valid_col, sql_dialect)
        return (
            f"(COALESCE({valid.name_l}, FALSE) AND COALESCE({valid.name_r}, FALSE) "
            f"AND {column.name_l} <> {column.name_r})"
        )

    def create_label_for_charts(self) -> str:
        return self.label
