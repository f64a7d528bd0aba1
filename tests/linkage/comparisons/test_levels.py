"""Every comparison renders for both DuckDB and Spark, so the engine can be swapped later."""

from __future__ import annotations

import pytest
import sqlglot

from hedui.linkage.settings import COMPARISONS

# Every comparison the linkage settings use, so a new one is checked without editing this test.
ALL = sorted(COMPARISONS.values(), key=lambda creator: creator.__name__)


@pytest.mark.parametrize("comparison", ALL)
@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_levels_render_valid_sql_in_each_dialect(comparison, dialect):
    levels = comparison().create_comparison_dict(dialect)["comparison_levels"]
    assert levels[0].get("is_null_level") is True
    assert levels[-1]["sql_condition"] == "ELSE"
    for level in levels[:-1]:
        # Parsing in the target dialect fails on syntax the engine would reject.
        sqlglot.parse_one(level["sql_condition"], read=dialect)
