"""Tests for declaring columns absent and for suggesting columns for unmatched headers
(issue #14 part 5: a hospital's birth list has no child ID column)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import MissingColumnsError
from hedui.sources import (
    ABSENT,
    CANONICAL_COLUMNS,
    REQUIRED_COLUMNS,
    constant_values,
    guess_column_map,
    read_source,
    suggest_column,
    unmatched_headers,
)
from hedui.sources.column_map import resolve_columns

HOSPITAL_HEADERS = [
    "编号",
    "事件",
    "婴儿姓名",
    "性别",
    "出生日期",
    "母亲姓名",
    "mother_id",
    "住址编码",
]


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("住址编码", "address_code"),
        ("统计用区划代码", "address_code"),
        ("公民身份号码", "id_number"),
        ("出生日期", "birth_date"),
        ("出生时间", "birth_date"),
        ("母亲姓名", "mother_name"),
        ("母亲证件号码", "mother_id_number"),
        ("签发日期", "event_date"),
        ("家庭住址", "address"),
        ("新生儿姓名", "name"),
    ],
)
def test_common_chinese_headers_map_themselves(header: str, canonical: str) -> None:
    assert guess_column_map([header]) == {canonical: header}


def test_a_required_column_declared_absent_is_filled_with_nulls() -> None:
    mapping = {**guess_column_map(HOSPITAL_HEADERS), "id_number": ABSENT, "event_date": "出生日期"}
    mapping.pop("birth_date")
    mapping["birth_date"] = "出生日期"
    resolved = resolve_columns(HOSPITAL_HEADERS, mapping, path="h.csv", source_given=True)
    assert resolved["id_number"] is None
    assert resolved["address_code"] == "住址编码"


def test_an_undeclared_missing_required_column_is_still_refused() -> None:
    mapping = {"record_id": "编号", "event": "事件", "event_date": "出生日期"}
    with pytest.raises(MissingColumnsError) as caught:
        resolve_columns(HOSPITAL_HEADERS, mapping, path="h.csv", source_given=True)
    assert "id_number" in caught.value.columns
    assert "--column name=-" in caught.value.message  # says how to declare a column absent


def test_mother_id_is_listed_with_a_suggestion_not_dropped() -> None:
    resolved = resolve_columns(
        [*HOSPITAL_HEADERS, "备注"],
        {**guess_column_map(HOSPITAL_HEADERS), "id_number": ABSENT, "event_date": "出生日期"},
        path="h.csv",
        source_given=True,
    )
    unmatched = {
        u.header: u.suggestion for u in unmatched_headers([*HOSPITAL_HEADERS, "备注"], resolved)
    }
    assert unmatched == {"mother_id": "mother_id_number", "备注": None}


def test_suggestion_prefers_the_longer_alias() -> None:
    assert suggest_column("母亲身份证号（18位）") == "mother_id_number"
    assert suggest_column("Mother ID") == "mother_id_number"
    assert suggest_column("name_of_child") is None or suggest_column("name_of_child") == "name"
    assert suggest_column("备注") is None


@given(st.sampled_from(CANONICAL_COLUMNS))
def test_every_canonical_name_suggests_itself(canonical: str) -> None:
    assert suggest_column(canonical) == canonical
    assert suggest_column(canonical.upper().replace("_", " ")) == canonical


@given(st.lists(st.text(min_size=0, max_size=12), max_size=12, unique=True))
def test_unmatched_headers_never_suggest_a_column_already_read(headers: list[str]) -> None:
    guessed = guess_column_map(headers)
    resolved: dict[str, str | None] = {c: guessed.get(c) for c in CANONICAL_COLUMNS}
    unmatched = unmatched_headers(headers, resolved)
    used = {h for h in resolved.values() if h is not None}
    assert [u.header for u in unmatched] == [h for h in headers if h not in used]
    for u in unmatched:
        assert u.suggestion is None or resolved[u.suggestion] is None


@given(st.sets(st.sampled_from(REQUIRED_COLUMNS[1:]), min_size=1))
def test_any_required_column_may_be_declared_absent(absent: set[str]) -> None:
    headers = [c for c in CANONICAL_COLUMNS if c not in absent]
    resolved = resolve_columns(
        headers, dict.fromkeys(absent, ABSENT), path="f.csv", source_given=False
    )
    assert all(resolved[c] is None for c in absent)


def test_a_hospital_birth_list_without_child_ids_is_read(tmp_path: Path) -> None:
    path = tmp_path / "hospital.csv"
    path.write_text(
        "编号,事件,婴儿姓名,性别,出生日期,母亲姓名,住址编码\n"
        "H001,birth,王小明,男,2024-03-01,李梅,320924101201\n"
        "H002,birth,,女,2024-03-02,张芳,320924101201\n",
        encoding="utf-8",
    )
    mapping = {"id_number": ABSENT, "event_date": "出生日期"}
    result = read_source(path, source="hospital", column_map=mapping, guess_columns=True)
    assert result.records.height == 2
    assert result.records["id_number"].null_count() == 2
    assert result.column_map["id_number"] is None


def test_a_column_given_one_value_for_every_row(tmp_path: Path) -> None:
    """A hospital's birth list has no event column either: every row is a birth."""
    path = tmp_path / "hospital.csv"
    path.write_text(
        "编号,婴儿姓名,性别,出生日期\nH001,王小明,男,2024-03-01\nH002,李小红,女,2024-03-02\n",
        encoding="utf-8",
    )
    mapping = {"id_number": ABSENT, "event": "=出生", "event_date": "出生日期"}
    result = read_source(path, source="hospital", column_map=mapping, guess_columns=True)
    assert result.records["event"].to_list() == ["birth", "birth"]
    assert result.column_map["event"] is None and not result.quarantine


@given(st.text(min_size=1, max_size=8).filter(lambda t: t.strip() == t and "=" not in t))
def test_constant_values_never_take_a_real_header(value: str) -> None:
    assert constant_values({"event": f"={value}"}) == {"event": value}
    assert constant_values({"event": f"={value}"}, headers=[f"={value}"]) == {}
