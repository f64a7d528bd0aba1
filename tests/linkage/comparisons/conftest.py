"""Evaluate a comparison's levels on hand-written pairs, in a real DuckDB."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pytest
from splink.internals.comparison_creator import ComparisonCreator

Record = dict[str, Any]
LevelsOf = Callable[[ComparisonCreator, list[tuple[Record, Record]]], list[str]]


def _levels_of(comparison: ComparisonCreator, pairs: list[tuple[Record, Record]]) -> list[str]:
    """The label of the level each (left, right) pair falls in, using Splink's own SQL.

    The CASE expression is assembled from the comparison's levels for the DuckDB dialect,
    exactly as Splink orders them (first matching level wins).
    """
    levels = comparison.create_comparison_dict("duckdb")["comparison_levels"]
    whens = []
    for level in levels:
        label = level["label_for_charts"].replace("'", "''")
        condition = level["sql_condition"]
        whens.append(
            f"ELSE '{label}'" if condition == "ELSE" else f"WHEN {condition} THEN '{label}'"
        )
    columns = sorted({key for left, right in pairs for key in (*left, *right)})
    connection = duckdb.connect()
    rows = []
    for left, right in pairs:
        values = []
        for column in columns:
            values.extend([left.get(column), right.get(column)])
        rows.append(values)
    placeholders = ", ".join("?" for _ in range(2 * len(columns)))

    def sql_type(column: str) -> str:
        if column.endswith("_valid"):
            return "BOOLEAN"
        return "INTEGER" if column.endswith("_day") else "VARCHAR"

    types = ", ".join(f"{c}_{side} {sql_type(c)}" for c in columns for side in ("l", "r"))
    connection.execute(f"CREATE TABLE pairs (position INTEGER, {types})")
    for position, values in enumerate(rows):
        connection.execute(f"INSERT INTO pairs VALUES (?, {placeholders})", [position, *values])
    query = f"SELECT CASE {' '.join(whens)} END FROM pairs ORDER BY position"
    return [row[0] for row in connection.execute(query).fetchall()]


@pytest.fixture(scope="session")
def levels_of() -> LevelsOf:
    """``levels_of(comparison, [(left, right), ...])`` → level labels, one per pair."""
    return _levels_of
