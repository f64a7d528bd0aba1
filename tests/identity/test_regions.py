"""Tests for hedui.identity.regions: GB/T 2260 county codes and 12-digit village codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import (
    EmptySourceError,
    EncodingError,
    InvalidRegionCodeError,
    MissingColumnsError,
    SourceFileError,
)
from hedui.identity.regions import (
    VillageCode,
    county_code,
    load_village_list,
    lookup_region,
    newest_year,
    township_code,
)


def test_lookup_region_current_county() -> None:
    region = lookup_region("110105")
    assert (region.name, region.province, region.county) == ("北京市朝阳区", "北京市", "朝阳区")
    assert region.status == "current"
    assert (region.valid_from, region.valid_to) == (None, None)  # in every year of the table


def test_lookup_region_historical_county() -> None:
    # loc.dat: 44 province="广东省" / 0500 汕头市 / 0524 county="[1983-1993]潮阳县".
    region = lookup_region("440524")
    assert region.name == "广东省汕头市潮阳县"
    assert region.status == "historical"
    assert (region.valid_from, region.valid_to) == (1983, 1993)


def test_lookup_region_renamed_county_keeps_its_former_name() -> None:
    # 130503: "[1983-2019]桥西区,[2020-]信都区" — the same code, a new name, still current.
    region = lookup_region("130503")
    assert region.county == "信都区"
    assert region.former_names == ("桥西区",)
    assert region.status == "current"
    assert region.valid_from == 1983


def test_lookup_region_historical_prefecture_named_as_it_was() -> None:
    # 142201 忻州市 [1983-2000] under 1422 "[-1982]忻县地区,[1983-1999]忻州地区": the name in
    # force in 2000 is the last one, 忻州地区.
    region = lookup_region("142201")
    assert region.prefecture == "忻州地区"
    assert region.status == "historical"


def test_lookup_region_skips_placeholder_levels_in_the_full_name() -> None:
    # 429004 仙桃市 sits under 省直辖县级行政单位, which is not a place.
    assert lookup_region("429004").name == "湖北省仙桃市"
    assert lookup_region("110000").name == "北京市"


def test_lookup_region_unknown_code_keeps_its_province() -> None:
    region = lookup_region("449999")
    assert region.status == "unknown"
    assert region.name is None
    assert region.province == "广东省"
    assert lookup_region("999999").province is None


@pytest.mark.parametrize("code", ["11010", "1101050", "11010A", "１１０１０５", ""])
def test_lookup_region_rejects_non_six_digit_codes(code: str) -> None:
    with pytest.raises(InvalidRegionCodeError, match="6 位数字"):
        lookup_region(code)


def test_newest_year_is_the_tables_latest() -> None:
    # python-stdnum 2.2 (pinned) records changes up to 2025.
    assert newest_year() == 2025


@given(st.integers(0, 999_999))
def test_lookup_region_status_follows_valid_to(number: int) -> None:
    region = lookup_region(f"{number:06d}")
    if region.status == "historical":
        assert region.valid_to is not None and region.valid_to < newest_year()
    elif region.status == "current":
        assert region.valid_to is None or region.valid_to >= newest_year()
    else:
        assert region.name is None


def test_village_code_parts_and_levels() -> None:
    village = VillageCode("320924101203")
    assert (village.county, village.township, village.level) == ("320924", "320924101", "village")
    assert VillageCode("320924101000").level == "township"
    assert VillageCode("320924000000").level == "county"
    assert county_code("320924101203") == "320924"
    assert township_code("320924101203") == "320924101"


@pytest.mark.parametrize("code", ["32092410120", "3209241012031", "3.20924E+11", ""])
def test_village_code_rejects_non_twelve_digit_codes(code: str) -> None:
    with pytest.raises(InvalidRegionCodeError, match="12 位数字"):
        township_code(code)


def test_load_village_list_utf8(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text("code,name\n320924101201,新坍村\n\n320924101202,合兴村\n", encoding="utf-8")
    assert load_village_list(path) == {"320924101201": "新坍村", "320924101202": "合兴村"}


def test_load_village_list_gbk_with_chinese_header(tmp_path: Path) -> None:
    path = tmp_path / "村名单.csv"
    path.write_bytes("代码,名称\n320924101201,新坍村\n".encode("gbk"))
    assert load_village_list(path) == {"320924101201": "新坍村"}


def test_load_village_list_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_bytes("code,name\r\n320924101201,新坍村\r\n".encode("utf-8-sig"))
    assert load_village_list(path) == {"320924101201": "新坍村"}


def test_load_village_list_bad_code_names_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text("code,name\n320924101201,新坍村\n3.20924E+11,合兴村\n", encoding="utf-8")
    with pytest.raises(SourceFileError) as caught:
        load_village_list(path)
    assert str(path) in str(caught.value)
    assert "第 3 行" in str(caught.value)  # the header is line 1
    assert caught.value.path == str(path)


def test_load_village_list_conflicting_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text("code,name\n320924101201,新坍村\n320924101201,合兴村\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match="第 3 行"):
        load_village_list(path)


def test_load_village_list_empty_name(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text("code,name\n320924101201,\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match="没有名称"):
        load_village_list(path)


def test_load_village_list_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text("code,村名\n320924101201,新坍村\n", encoding="utf-8")
    with pytest.raises(MissingColumnsError) as caught:
        load_village_list(path)
    assert caught.value.columns == ["name"]


def test_load_village_list_header_only(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text("code,name\n", encoding="utf-8")
    with pytest.raises(EmptySourceError):
        load_village_list(path)


def test_load_village_list_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_bytes(b"code,name\n320924101201,\xff\xff\n")
    with pytest.raises(EncodingError):
        load_village_list(path)
