"""A comparison level's SQL condition, compiled once into a Python function of one pair.

Splink writes each comparison level as a SQL condition over a pair's columns
(``"id18_l" = "id18_r"``, ``jaro_winkler_similarity("name_pinyin_l", "name_pinyin_r") >= 0.9``).
Linkage runs them in DuckDB or Spark over millions of pairs. Scoring one new ledger entry
against a few candidates before it is saved is a different job: there, asking DuckDB to plan
the model's 8,000 characters of SQL cost about 10 ms of CPU per save, for a few dozen pairs.

:func:`compile_condition` parses the condition with sqlglot (Splink's own SQL library) and
turns it into nested Python closures, so that the web form judges a pair by *the same
conditions* as the monthly linkage, in microseconds. It evaluates the SQL that hedui's
comparisons produce — comparisons, ``AND``/``OR``/``NOT`` with SQL's three-valued logic (a
null is ``None``, and a level whose condition is null does not apply), ``CASE``, ``IN``,
``IS NULL``, ``COALESCE``, ``abs``, ``length``, ``substr`` and the string distances — each as
DuckDB computes it: ``jaro_winkler_similarity`` is rapidfuzz's Jaro–Winkler (DuckDB's is
ported from it; 0 when a side is empty), ``damerau_levenshtein`` the unrestricted distance,
``hamming`` and ``length`` count characters, not bytes. Anything else is refused when the
model is compiled, never guessed at; ``tests/linkage/test_level_conditions.py`` checks that
every level of every comparison hedui knows compiles and agrees with DuckDB on random pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlglot
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from sqlglot import exp

__all__ = ["Condition", "UnsupportedCondition", "compile_condition"]

Pair = Mapping[str, Any]
Condition = Callable[[Pair], Any]
"""A compiled expression: the pair's columns (``name_l``, ``name_r``, …) in, a value out
(``None`` for SQL's null)."""


class UnsupportedCondition(ValueError):
    """The condition uses SQL that :func:`compile_condition` does not evaluate."""


def compile_condition(sql: str) -> Condition:
    """The Python function of one pair that ``sql`` (DuckDB dialect) computes.

    Raises:
        UnsupportedCondition: if ``sql`` uses an expression or function not listed above.
    """
    return _compile(sqlglot.parse_one(sql, read="duckdb"), sql)


def _compile(node: exp.Expr, sql: str) -> Condition:
    if isinstance(node, exp.Paren):
        return _compile(node.this, sql)
    if isinstance(node, exp.Column):
        name = node.name
        return lambda pair: pair[name]
    if isinstance(node, exp.Literal):
        value: Any = node.this if node.is_string else _number(node.this)
        return lambda _pair: value
    if isinstance(node, exp.Boolean):
        truth = bool(node.this)
        return lambda _pair: truth
    if isinstance(node, exp.Null):
        return lambda _pair: None
    if isinstance(node, exp.Is):
        if not isinstance(node.expression, exp.Null):
            raise UnsupportedCondition(f"IS other than IS NULL in {sql!r}")
        operand = _compile(node.this, sql)
        return lambda pair: operand(pair) is None
    if isinstance(node, exp.Not):
        operand = _compile(node.this, sql)
        return lambda pair: _not(operand(pair))
    if isinstance(node, exp.And):
        return _connective(_flatten(node, exp.And, sql), deciding=False)
    if isinstance(node, exp.Or):
        return _connective(_flatten(node, exp.Or, sql), deciding=True)
    if type(node) in _COMPARISONS:
        return _strict(_COMPARISONS[type(node)], [node.this, node.expression], sql)
    if isinstance(node, exp.Sub):
        return _strict(lambda a, b: a - b, [node.this, node.expression], sql)
    if isinstance(node, exp.Abs):
        return _strict(abs, [node.this], sql)
    if isinstance(node, exp.Length):
        return _strict(len, [node.this], sql)
    if isinstance(node, exp.Substring):
        return _substring(node, sql)
    if isinstance(node, exp.Coalesce):
        return _coalesce([_compile(e, sql) for e in [node.this, *node.expressions]])
    if isinstance(node, exp.In):
        return _in(node, sql)
    if isinstance(node, exp.Case):
        return _case(node, sql)
    if isinstance(node, exp.JarowinklerSimilarity):
        return _strict(_jaro_winkler, [node.this, node.expression], sql)
    if isinstance(node, exp.Anonymous) and node.name.lower() in _FUNCTIONS:
        return _strict(_FUNCTIONS[node.name.lower()], list(node.expressions), sql)
    raise UnsupportedCondition(f"{type(node).__name__} ({node.sql()}) in {sql!r}")


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _not(value: Any) -> Any:
    return None if value is None else not value


def _flatten(node: exp.Expr, kind: type[exp.Expr], sql: str) -> list[Condition]:
    """The operands of a chain of ``AND`` (or ``OR``), compiled, in order."""
    if isinstance(node, kind):
        return _flatten(node.this, kind, sql) + _flatten(node.expression, kind, sql)
    return [_compile(node, sql)]


def _connective(operands: list[Condition], *, deciding: bool) -> Condition:
    """``AND`` (``deciding=False``) or ``OR`` (``deciding=True``) in SQL's three-valued logic:
    an operand equal to ``deciding`` decides; otherwise a null operand makes the whole null."""

    def connective(pair: Pair) -> Any:
        unknown = False
        for operand in operands:
            value = operand(pair)
            if value is None:
                unknown = True
            elif bool(value) is deciding:
                return deciding
        return None if unknown else not deciding

    return connective


_COMPARISONS: dict[type[exp.Expr], Callable[[Any, Any], bool]] = {
    exp.EQ: lambda a, b: a == b,
    exp.NEQ: lambda a, b: a != b,
    exp.LT: lambda a, b: a < b,
    exp.LTE: lambda a, b: a <= b,
    exp.GT: lambda a, b: a > b,
    exp.GTE: lambda a, b: a >= b,
}


def _strict(function: Callable[..., Any], nodes: Sequence[exp.Expr], sql: str) -> Condition:
    """``function`` of the operands' values, null when any operand is null (as SQL's are)."""
    operands = [_compile(n, sql) for n in nodes]
    if len(operands) == 1:
        (only,) = operands

        def unary(pair: Pair) -> Any:
            value = only(pair)
            return None if value is None else function(value)

        return unary
    if len(operands) == 2:
        left, right = operands

        def binary(pair: Pair) -> Any:
            a = left(pair)
            if a is None:
                return None
            b = right(pair)
            return None if b is None else function(a, b)

        return binary

    raise UnsupportedCondition(f"a function of {len(operands)} arguments in {sql!r}")


def _substring(node: exp.Substring, sql: str) -> Condition:
    start, length = node.args.get("start"), node.args.get("length")
    if not isinstance(start, exp.Literal) or not isinstance(length, exp.Literal):
        raise UnsupportedCondition(f"substr with computed bounds in {sql!r}")
    first, count = int(start.this), int(length.this)
    if first < 1 or count < 0:
        raise UnsupportedCondition(f"substr before the first character in {sql!r}")
    return _strict(lambda text: text[first - 1 : first - 1 + count], [node.this], sql)


def _coalesce(operands: list[Condition]) -> Condition:
    def coalesce(pair: Pair) -> Any:
        for operand in operands:
            value = operand(pair)
            if value is not None:
                return value
        return None

    return coalesce


def _in(node: exp.In, sql: str) -> Condition:
    """``x IN (a, b, …)``, which SQL defines as ``x = a OR x = b OR …`` (nulls included)."""
    if node.args.get("query") or node.args.get("unnest") or node.args.get("field"):
        raise UnsupportedCondition(f"IN over a query in {sql!r}")
    equals = _COMPARISONS[exp.EQ]
    return _connective(
        [_strict(equals, [node.this, choice], sql) for choice in node.expressions], deciding=True
    )


def _case(node: exp.Case, sql: str) -> Condition:
    if node.this is not None:
        raise UnsupportedCondition(f"CASE <operand> WHEN … in {sql!r}")
    branches = [(_compile(b.this, sql), _compile(b.args["true"], sql)) for b in node.args["ifs"]]
    default_node = node.args.get("default")
    default = _compile(default_node, sql) if default_node is not None else (lambda _pair: None)

    def case(pair: Pair) -> Any:
        for condition, value in branches:
            if condition(pair):  # null counts as not true
                return value(pair)
        return default(pair)

    return case


def _jaro_winkler(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return float(JaroWinkler.normalized_similarity(a, b))


def _hamming(a: str, b: str) -> int:
    if len(a) != len(b):
        raise ValueError("hamming: the strings differ in length")  # as DuckDB refuses
    return sum(x != y for x, y in zip(a, b, strict=True))


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "hamming": _hamming,
    "damerau_levenshtein": lambda a, b: int(DamerauLevenshtein.distance(a, b)),
}
