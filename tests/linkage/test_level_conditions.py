"""Every comparison level, compiled to Python, judges a pair as DuckDB does."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.identity.resident_id_text import check_character
from hedui.linkage.level_conditions import UnsupportedCondition, compile_condition
from hedui.linkage.prepare import FEATURE_COLUMNS, prepare_features
from hedui.linkage.settings import LinkageSpec, build_settings
from hedui.sources.schema import CANONICAL_COLUMNS


def _conditions() -> list[tuple[str, str]]:
    """(comparison name, SQL) of every level of every comparison hedui knows, but ELSE."""
    settings_dict = build_settings(LinkageSpec()).create_settings_dict("duckdb")
    return [
        (comparison["output_column_name"], level["sql_condition"])
        for comparison in settings_dict["comparisons"]
        for level in comparison["comparison_levels"]
        if level["sql_condition"].strip().upper() != "ELSE"
    ]


CONDITIONS = _conditions()
COMPILED = [compile_condition(sql) for _, sql in CONDITIONS]

# Small pools, so that random pairs often agree, nearly agree or swap parts.
_CHARACTERS = [*"王汪张章曾单李小晓明敏丽华", "A", "b", " ", "·"]
_DIGITS = st.text(alphabet="0123456789", min_size=3, max_size=3)


@st.composite
def _id_numbers(draw: st.DrawFn) -> str | None:
    body = draw(st.sampled_from(["32092419900307", "32092419900370", "32092419880101"]))
    body += draw(st.sampled_from(["122", "000", "221", "12"]))
    kind = draw(st.sampled_from(["valid", "bad check", "15 digits", "short", "none"]))
    if kind == "none" or len(body) < 17:
        return None if kind == "none" else body
    if kind == "valid":
        return body + check_character(body)
    if kind == "bad check":
        return body + "0"
    return body[:6] + body[8:14] + draw(_DIGITS)  # 15-digit, first generation


@st.composite
def _dates(draw: st.DrawFn) -> str | None:
    year = draw(st.sampled_from(["1990", "2024", "2025"]))
    month = draw(st.sampled_from(["01", "03", "07", "12"]))
    day = draw(st.sampled_from(["01", "03", "07", "15", "30"]))
    shape = draw(st.sampled_from(["full", "full", "year", "month", "none", "junk"]))
    return {
        "full": f"{year}-{month}-{day}",
        "year": year,
        "month": f"{year}-{month}",
        "none": None,
        "junk": "二〇二四年",
    }[shape]


@st.composite
def _records(draw: st.DrawFn) -> dict[str, str | None]:
    def name() -> str | None:
        text = "".join(draw(st.lists(st.sampled_from(_CHARACTERS), min_size=0, max_size=4)))
        return text or None

    village = draw(
        st.sampled_from(
            ["320924101201", "320924101202", "320924102201", "3209241", "3209245", "32092A1"]
        )
    )
    return {
        "source": draw(st.sampled_from(["village_ledger", "health_births"])),
        "record_id": "",
        "event": draw(st.sampled_from(["birth", "death", "marriage", "move_in"])),
        "event_date": draw(_dates()),
        "name": name(),
        "id_number": draw(_id_numbers()),
        "sex": draw(st.sampled_from(["1", "2", None])),
        "birth_date": draw(_dates()),
        "mother_name": name(),
        "mother_id_number": draw(_id_numbers()),
        "address_code": draw(st.sampled_from([village, None])),
        "address": draw(
            st.sampled_from(["一组", "东街3号", "No. 3 East St", "no 3  east st", "Lot 12", None])
        ),
    }


def _duckdb_values(pairs: pl.DataFrame) -> list[list[bool | None]]:
    """Each condition's value for each pair, by DuckDB (rows: pairs; columns: conditions)."""
    columns = ", ".join(f"({sql}) AS c{i}" for i, (_, sql) in enumerate(CONDITIONS))
    with duckdb.connect() as connection:
        connection.register("pairs", pairs.to_arrow())
        rows = connection.execute(f"SELECT {columns} FROM pairs").fetchall()
    return [[None if v is None else bool(v) for v in row] for row in rows]


@settings(max_examples=60, deadline=None)
@given(st.lists(_records(), min_size=2, max_size=8))
def test_compiled_levels_agree_with_duckdb_on_any_pair(
    records: list[dict[str, str | None]],
) -> None:
    frame = pl.DataFrame(
        [
            {c: r.get(c) for c in CANONICAL_COLUMNS} | {"record_id": str(i)}
            for i, r in enumerate(records)
        ],
        schema=dict.fromkeys(CANONICAL_COLUMNS, pl.Utf8),
    )
    features = prepare_features(frame).select(FEATURE_COLUMNS)
    left = features.rename({c: f"{c}_l" for c in FEATURE_COLUMNS})
    right = features.rename({c: f"{c}_r" for c in FEATURE_COLUMNS})
    pairs = left.join(right, how="cross")
    expected = _duckdb_values(pairs)
    for pair, duck in zip(pairs.to_dicts(), expected, strict=True):
        ours = [None if (v := level(pair)) is None else bool(v) for level in COMPILED]
        assert ours == duck, [
            (CONDITIONS[i], ours[i], duck[i]) for i in range(len(ours)) if ours[i] != duck[i]
        ]


def test_every_known_level_compiles() -> None:
    names = {name for name, _ in CONDITIONS}
    assert names == set(LinkageSpec().comparisons)
    assert len(COMPILED) == len(CONDITIONS) > 40


@pytest.mark.parametrize(
    ("sql", "pair", "value"),
    [
        ('"a_l" = "a_r"', {"a_l": "x", "a_r": None}, None),
        ('"a_l" = "a_r" OR "b_l" = "b_r"', {"a_l": None, "a_r": 1, "b_l": 2, "b_r": 2}, True),
        ('"a_l" = "a_r" OR "b_l" = "b_r"', {"a_l": None, "a_r": 1, "b_l": 2, "b_r": 3}, None),
        ('"a_l" = "a_r" AND "b_l" = "b_r"', {"a_l": None, "a_r": 1, "b_l": 2, "b_r": 3}, False),
        ('NOT ("a_l" = "a_r")', {"a_l": None, "a_r": 1}, None),
        ("\"a_l\" IN ('x', NULL)", {"a_l": "y"}, None),
        ("CASE WHEN \"a_l\" = 1 THEN 'one' END", {"a_l": None}, None),
        ('COALESCE("a_l", FALSE)', {"a_l": None}, False),
        ('substr("a_l", 2, 2)', {"a_l": "王小明"}, "小明"),
        ('jaro_winkler_similarity("a_l", "a_r")', {"a_l": "", "a_r": ""}, 0.0),
    ],
)
def test_sql_semantics_of_nulls_and_functions(
    sql: str, pair: dict[str, object], value: object
) -> None:
    assert compile_condition(sql)(pair) == value
    columns = ", ".join(f'{_literal(v)} AS "{k}"' for k, v in pair.items())
    with duckdb.connect() as connection:
        assert connection.execute(f"SELECT {sql} FROM (SELECT {columns})").fetchone() == (value,)


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    return f"'{value}'" if isinstance(value, str) else str(value)


@pytest.mark.parametrize(
    "sql",
    [
        'levenshtein("a_l", "a_r") <= 1',
        "\"a_l\" LIKE 'x%'",
        'substr("a_l", "n_l", 2) = "a_r"',
        'hamming("a_l", "a_r", "b_l") = 1',
    ],
)
def test_sql_it_does_not_know_is_refused_when_compiled(sql: str) -> None:
    with pytest.raises(UnsupportedCondition):
        compile_condition(sql)
