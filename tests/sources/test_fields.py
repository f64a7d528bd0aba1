"""Tests for hedui.sources.fields: blanks, events, sex codes, address codes, distinct mapping."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.sources.fields import (
    check_address_codes,
    clean_text,
    map_distinct,
    normalize_events,
    normalize_sexes,
)


def _series(*values: str | None) -> pl.Series:
    return pl.Series("x", list(values), dtype=pl.Utf8)


def test_clean_text_trims_spaces_including_full_width() -> None:
    frame = pl.DataFrame({"name": [" 张三", "李四\u3000", "王 五", None]})
    assert clean_text(frame, ["name"])["name"].to_list() == ["张三", "李四", "王 五", None]


def test_clean_text_blank_markers_become_null_in_any_case() -> None:
    frame = pl.DataFrame({"id": ["NULL", "null", "不详", " 无 ", "-", "N/A", "", "0", "无名"]})
    # "0" and 无名 are values (a sex code, a newborn placeholder), not blanks.
    assert clean_text(frame, ["id"])["id"].to_list() == [None] * 7 + ["0", "无名"]


def test_clean_text_leaves_other_columns_out() -> None:
    frame = pl.DataFrame({"a": [" x "], "b": [" y "]})
    assert clean_text(frame, ["a"]).columns == ["a"]


# Control characters are left out: Python's str.strip also strips the ASCII separators
# \x1c-\x1f, which are not Unicode white space and which no export uses as padding.
_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from(" \t\u3000NnUuLl-无"),
    max_size=6,
)
_MARKERS = {
    "",
    "null",
    "none",
    "nan",
    "n/a",
    "na",
    "-",
    "--",
    "—",
    "/",
    "无",
    "不详",
    "暂无",
    "未填",
}


@given(st.lists(_TEXT | st.none(), max_size=20))
def test_clean_text_matches_python_strip_and_markers(values: list[str | None]) -> None:
    spellings = {m for k in _MARKERS for m in (k, k.upper(), k.title())}
    frame = pl.DataFrame({"v": values}, schema={"v": pl.Utf8})
    expected = []
    for value in values:
        stripped = None if value is None else value.strip()
        expected.append(None if stripped is None or stripped in spellings else stripped)
    assert clean_text(frame, ["v"])["v"].to_list() == expected


def test_map_distinct_interprets_each_value_once() -> None:
    calls: list[str] = []

    def interpret(value: str) -> tuple[str | None, str | None, str | None]:
        calls.append(value)
        return value.upper(), None, "note" if value == "b" else None

    result = map_distinct(_series("a", "b", "a", None, "a"), interpret)
    assert sorted(calls) == ["a", "b"]
    assert result.values.to_list() == ["A", "B", "A", None, "A"]
    assert result.notes.to_list() == [None, "note", None, None, None]


def test_map_distinct_where_answers_only_chosen_rows() -> None:
    chosen = pl.Series([False, True, False])
    result = map_distinct(_series("a", "b", "c"), lambda v: (v * 2, None, None), where=chosen)
    assert result.values.to_list() == [None, "bb", None]


def test_normalize_events_accepts_canonical_and_chinese_words() -> None:
    result = normalize_events(_series("birth", "出生", "户口迁入", "Move-In", "MOVE_OUT", "在册"))
    assert result.values.to_list() == [
        "birth",
        "birth",
        "move_in",
        "move_in",
        "move_out",
        "resident",
    ]
    assert result.errors.null_count() == 6


def test_normalize_events_blank_and_unknown_are_errors() -> None:
    result = normalize_events(_series("death", None, "入学"))
    assert result.values.to_list() == ["death", None, None]
    errors = result.errors.to_list()
    assert errors[0] is None
    assert errors[1] is not None and "event is empty" in errors[1]
    assert errors[2] is not None and "unknown event" in errors[2]


def test_normalize_sexes_codes_and_unknowns() -> None:
    # 男/M/1 → "1", 女/female/2 → "2"; unknown 0, unstated 9 and blank → null; 不明 → error.
    result = normalize_sexes(_series("男", "M", "1", "女", "female", "2", "0", "9", None, "不明"))
    assert result.values.to_list() == ["1", "1", "1", "2", "2", "2", None, None, None, None]
    assert result.errors.to_list()[:9] == [None] * 9
    last = result.errors.to_list()[9]
    assert last is not None and "不明" in last


def test_check_address_codes_notes_codes_that_are_not_12_digits() -> None:
    result = check_address_codes(_series("320924101001", "3209241010", "32092410100A", None))
    assert result.values.to_list() == ["320924101001", "3209241010", "32092410100A", None]
    assert [n is not None for n in result.notes.to_list()] == [False, True, True, False]


def test_check_address_codes_notes_full_width_digits() -> None:
    result = check_address_codes(_series("３２０９２４１０１００１"))
    assert result.notes.to_list()[0] is not None
