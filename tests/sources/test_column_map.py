"""Tests for hedui.sources.column_map: guessing Chinese headers, applying a mapping, refusing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import InvalidInputError, MissingColumnsError
from hedui.sources import CANONICAL_COLUMNS
from hedui.sources.column_map import guess_column_map, header_key, resolve_columns


def test_header_key_ignores_width_case_spaces_and_notes() -> None:
    assert header_key(" 身份证号（18位）* ") == "身份证号"
    assert header_key("Record ID") == "recordid"
    assert header_key("record_id") == "recordid"
    assert header_key("ＮＡＭＥ") == "name"


def test_guess_column_map_village_ledger_headers() -> None:
    headers = ["序号", "姓名", "性别", "公民身份号码", "出生日期", "事件类型", "登记日期", "现住址"]
    assert guess_column_map(headers) == {
        "name": "姓名",
        "sex": "性别",
        "id_number": "公民身份号码",
        "birth_date": "出生日期",
        "event": "事件类型",
        "event_date": "登记日期",
        "address": "现住址",
    }


def test_guess_column_map_never_takes_row_numbers_for_record_ids() -> None:
    # 序号 is renumbered on every export; 编号 is a stable number.
    assert "record_id" not in guess_column_map(["序号", "姓名"])
    assert guess_column_map(["序号", "编号", "姓名"])["record_id"] == "编号"


def test_guess_column_map_prefers_the_event_date_over_the_registration_date() -> None:
    # 登记日期 is only a fallback: when 发生日期 exists it is the event date.
    guessed = guess_column_map(["发生日期", "登记日期", "事件"])
    assert guessed["event_date"] == "发生日期"
    assert "登记日期" not in guessed.values()


def test_guess_column_map_keeps_mother_and_child_apart() -> None:
    headers = ["新生儿姓名", "母亲姓名", "母亲身份证号码", "身份证号", "出生日期"]
    assert guess_column_map(headers) == {
        "name": "新生儿姓名",
        "mother_name": "母亲姓名",
        "mother_id_number": "母亲身份证号码",
        "id_number": "身份证号",
        "birth_date": "出生日期",
    }


def test_guess_column_map_canonical_names_win_over_aliases() -> None:
    assert guess_column_map(["姓名", "Name"])["name"] == "Name"


def test_guess_column_map_uses_each_header_once() -> None:
    # One 出生日期 column is the birth date; it is not also guessed as the event date.
    guessed = guess_column_map(["出生日期"])
    assert guessed == {"birth_date": "出生日期"}


@given(st.permutations(CANONICAL_COLUMNS))
def test_guess_column_map_canonical_headers_map_to_themselves(headers: list[str]) -> None:
    assert guess_column_map(headers) == {c: c for c in CANONICAL_COLUMNS}


@given(st.lists(st.text(max_size=8), max_size=15))
def test_guess_column_map_maps_distinct_headers_from_the_input(headers: list[str]) -> None:
    guessed = guess_column_map(headers)
    assert set(guessed) <= set(CANONICAL_COLUMNS)
    assert set(guessed.values()) <= set(headers)
    assert len(set(guessed.values())) == len(guessed)


def test_resolve_columns_explicit_map_and_optional_columns() -> None:
    headers = ["source", "编号", "event", "event_date", "姓名", "id_number", "sex", "birth_date"]
    resolved = resolve_columns(
        headers, {"record_id": "编号", "name": "姓名"}, path="a.csv", source_given=False
    )
    assert resolved["record_id"] == "编号"
    assert resolved["name"] == "姓名"
    assert resolved["event"] == "event"
    assert resolved["mother_name"] is None
    assert resolved["address"] is None


def test_resolve_columns_may_map_one_header_to_two_columns() -> None:
    # A hospital birth export: 出生日期 is both the child's birth date and the event date.
    headers = ["source", "record_id", "event", "出生日期", "name", "id_number", "sex"]
    resolved = resolve_columns(
        headers,
        {"event_date": "出生日期", "birth_date": "出生日期"},
        path="births.csv",
        source_given=False,
    )
    assert resolved["event_date"] == resolved["birth_date"] == "出生日期"


def test_resolve_columns_names_every_missing_column_and_how_to_map_it() -> None:
    headers = [
        "source",
        "record_id",
        "event",
        "登记日期",
        "name",
        "公民身份号码",
        "sex",
        "出生日期",
    ]
    with pytest.raises(MissingColumnsError) as caught:
        resolve_columns(headers, None, path="ledger.xlsx", source_given=False)
    error = caught.value
    assert error.columns == ["event_date", "id_number", "birth_date"]
    assert error.path == "ledger.xlsx"
    message = str(error)
    assert "ledger.xlsx 缺少必需列 missing required columns: event_date, id_number, birth_date" in (
        message
    )
    assert "--column event_date=登记日期" in message
    assert "--column id_number=公民身份号码" in message
    assert "公民身份号码" in message.split("columns in the file:")[1]


def test_resolve_columns_missing_source_suggests_the_source_option() -> None:
    headers = ["record_id", "event", "event_date", "name", "id_number", "sex", "birth_date"]
    with pytest.raises(MissingColumnsError, match="--source") as caught:
        resolve_columns(headers, None, path="村台账.csv", source_given=False)
    assert caught.value.columns == ["source"]
    assert resolve_columns(headers, None, path="村台账.csv", source_given=True)["source"] is None


def test_resolve_columns_mapped_header_not_in_file_is_named() -> None:
    headers = list(CANONICAL_COLUMNS)
    with pytest.raises(MissingColumnsError, match="mapped header 住所 not found") as caught:
        resolve_columns(headers, {"address": "住所"}, path="a.csv", source_given=False)
    assert caught.value.columns == ["address"]


def test_resolve_columns_mapping_tolerates_spaces_and_width() -> None:
    headers = [*CANONICAL_COLUMNS[:5], "公民身份号码 ", *CANONICAL_COLUMNS[6:]]
    resolved = resolve_columns(
        headers, {"id_number": "公民身份号码"}, path="a.csv", source_given=False
    )
    assert resolved["id_number"] == "公民身份号码 "


def test_resolve_columns_rejects_unknown_canonical_names() -> None:
    with pytest.raises(InvalidInputError, match="id_no, 姓名"):
        resolve_columns(
            list(CANONICAL_COLUMNS),
            {"姓名": "name", "id_no": "id_number"},
            path="a.csv",
            source_given=False,
        )


def test_resolve_columns_suggests_the_files_own_header() -> None:
    # The file has 发生日期, which guessing recognises: the hint names it, not a made-up header.
    headers = ["source", "record_id", "event", "发生日期", "name", "id_number", "sex", "birth_date"]
    with pytest.raises(MissingColumnsError, match="--column event_date=发生日期"):
        resolve_columns(headers, None, path="a.csv", source_given=False)
