"""Tests for hedui.sources.reader: real files in every encoding and format a county sends.

Valid ID numbers (see test_id_fields.py): 320924198503071232 (born 1985-03-07, male),
11010519491231002X (born 1949-12-31, female), 320924202403070020 (born 2024-03-07, female).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from hedui.errors import (
    EmptySourceError,
    EncodingError,
    HeduiError,
    MissingColumnsError,
    SourceFileError,
)
from hedui.sources import CANONICAL_COLUMNS, read_header, read_source

from .conftest import WriteCsv

TODAY = date(2025, 1, 1)
# A canonical file as agencies write it: without hedui's own birth_date_partial column.
FILE_COLUMNS = [c for c in CANONICAL_COLUMNS if c != "birth_date_partial"]

LEDGER_HEADER = [
    "序号",
    "编号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "事件",
    "登记日期",
    "住址",
    "备注",
]
LEDGER_MAP = {
    "record_id": "编号",
    "name": "姓名",
    "sex": "性别",
    "id_number": "公民身份号码",
    "birth_date": "出生日期",
    "event": "事件",
    "event_date": "登记日期",
    "address": "住址",
}


def _write_gbk_ledger(path: Path) -> Path:
    rows = [
        [
            "1",
            "L001",
            "张三",
            "男",
            "320924198503071232",
            "1985年3月7日",
            "死亡",
            "2024年5月1日",
            "某村3组",
            "",
        ],
        [
            "2",
            "L002",
            "王芳",
            "女",
            "11010519491231002X",
            "1949/12/31",
            "迁出",
            "2024/6/1",
            "某村1组",
            "嫁往外县",
        ],
        [
            "3",
            "L003",
            "李四",
            "男",
            "320924198503071232",
            "1985-03-07",
            "结婚",
            "2024-02-30",
            "某村2组",
            "",
        ],
        ["4", "L002", "赵六", "男", "", "1970-01-01", "死亡", "2024-07-01", "某村2组", ""],
    ]
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEDGER_HEADER)
        writer.writerows(rows)
    return path


def test_read_source_gbk_ledger_with_chinese_headers_and_a_column_map(tmp_path: Path) -> None:
    path = _write_gbk_ledger(tmp_path / "村台账.csv")
    result = read_source(path, column_map=LEDGER_MAP, source="村台账", today=TODAY)
    # Row 2 (张三) and row 3 (王芳) are good. Row 4 (李四) has an impossible event date
    # 2024-02-30: kept without it, with a warning. Row 5 (赵六) repeats record L002 of row 3
    # and is quarantined.
    assert result.rows_read == 4
    assert result.records["name"].to_list() == ["张三", "王芳", "李四"]
    assert result.records["event_date"].to_list() == ["2024-05-01", "2024-06-01", None]
    assert [(q.row, q.field, q.value) for q in result.quarantine] == [(5, "record_id", "L002")]
    assert [(w.row, w.field, w.value) for w in result.warnings] == [(4, "event_date", "2024-02-30")]
    first = result.records.row(0, named=True)
    assert first["source"] == "村台账"
    assert first["event"] == "death"
    assert first["event_date"] == "2024-05-01"
    assert first["birth_date"] == "1985-03-07"
    assert first["sex"] == "1"
    assert result.records["event"].to_list() == ["death", "move_out", "marriage"]
    # 序号 and 备注 were not mapped: kept as extra columns after the canonical ones.
    assert result.records.columns == [*CANONICAL_COLUMNS, "序号", "备注"]
    assert result.records["备注"].to_list() == [None, "嫁往外县", None]
    assert result.column_map["source"] is None
    assert result.column_map["id_number"] == "公民身份号码"


def test_read_source_guesses_chinese_headers_when_asked(tmp_path: Path) -> None:
    path = _write_gbk_ledger(tmp_path / "村台账.csv")
    guessed = read_source(path, source="村台账", guess_columns=True, today=TODAY)
    explicit = read_source(path, column_map=LEDGER_MAP, source="村台账", today=TODAY)
    assert guessed.column_map == explicit.column_map
    assert guessed.records.equals(explicit.records)


def test_read_source_utf8_bom_canonical_file(tmp_path: Path) -> None:
    path = tmp_path / "township_db.csv"
    lines = [
        ",".join(FILE_COLUMNS),
        "乡镇库,T1,birth,2024-03-07,王小红,320924202403070020,2,2024-03-07,王丽,,320924101001,某村",
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))
    result = read_source(path, today=TODAY)
    assert result.quarantine == [] and result.warnings == []
    assert result.records.columns == list(CANONICAL_COLUMNS)  # the BOM is not in "source"
    assert result.records.row(0) == (
        "乡镇库", "T1", "birth", "2024-03-07", "王小红", "320924202403070020", "2",
        "2024-03-07", "王丽", None, "320924101001", "某村", None,
    )  # fmt: skip


def _births_workbook(path: Path) -> Path:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本工作簿由医院系统导出"])
    sheet = workbook.create_sheet("出生医学证明")
    sheet.append(
        [
            "证明编号",
            "事件",
            "新生儿姓名",
            "身份证号",
            "性别",
            "出生日期",
            "母亲姓名",
            "母亲身份证号",
        ]
    )
    sheet.append(
        ["B1", "出生", "男婴", None, "男", datetime(2024, 3, 7), "张丽", "11010519491231002X"]
    )
    sheet.append(["B2", "出生", None, None, "女", 45359, "李娜", None])  # 45359 = 2024-03-08
    sheet.append([None, None, None, None, None, None, None, None])  # row 4: empty, skipped
    sheet.append(["B3", "出生", "王小明", None, "男", "2024年13月1日", "王芳", None])
    sheet.append(["B4", "出生", None, None, "女", "2024-03-09", None, None])
    workbook.save(path)
    return path


def test_read_source_xlsx_with_date_cells_serials_and_text(tmp_path: Path) -> None:
    path = _births_workbook(tmp_path / "health_births.xlsx")
    result = read_source(
        path,
        column_map={"record_id": "证明编号", "event_date": "出生日期"},
        source="卫健",
        sheet="出生医学证明",
        guess_columns=True,
        today=TODAY,
    )
    # Sheet rows: 2 B1 (a real date cell), 3 B2 (an Excel serial in a General cell),
    # 5 B3 (month 13: no day, only the year 2024 kept), 6 B4 (no name, no ID and no mother,
    # but a date: kept for linkage to place).
    assert result.rows_read == 4
    assert result.quarantine == []
    assert result.records["record_id"].to_list() == ["B1", "B2", "B3", "B4"]
    assert result.records["event_date"].to_list() == [
        "2024-03-07",
        "2024-03-08",
        None,
        "2024-03-09",
    ]
    assert result.records["birth_date"].to_list() == [
        "2024-03-07",
        "2024-03-08",
        None,
        "2024-03-09",
    ]
    assert result.records["birth_date_partial"].to_list() == [None, None, "2024", None]
    assert result.records["mother_id_number"].to_list() == ["11010519491231002X", None, None, None]
    assert [(w.row, w.field) for w in result.warnings] == [(5, "event_date"), (5, "birth_date")]


def test_read_source_xlsx_missing_columns_are_all_named(tmp_path: Path) -> None:
    path = tmp_path / "births.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["证明编号", "新生儿姓名", "出生日期"])
    sheet.append(["B1", "男婴", datetime(2024, 3, 7)])
    workbook.save(path)
    with pytest.raises(MissingColumnsError) as caught:
        read_source(path, source="卫健", guess_columns=True)
    assert caught.value.columns == ["record_id", "event", "event_date", "id_number", "sex"]
    assert "births.xlsx 缺少必需列" in str(caught.value)


def test_read_source_latin1_and_shift_jis_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(CANONICAL_COLUMNS).encode() + "\nJosé\n".encode("latin-1"))
    with pytest.raises(EncodingError, match=r"latin\.csv"):
        read_source(latin)
    japanese = tmp_path / "japan.csv"
    japanese.write_bytes(",".join(CANONICAL_COLUMNS).encode() + "\nﾃｽﾄ,1\n".encode("shift_jis"))
    with pytest.raises(EncodingError, match=r"japan\.csv"):
        read_source(japanese)


def test_read_source_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    # Excel's "Unicode Text" export: UTF-16 little-endian with a byte-order mark, tab-separated.
    path = tmp_path / "户籍.txt"
    lines = ["\t".join(FILE_COLUMNS), "\t".join(["公安", "P1", "迁入", "2024-01-05", "张三"])]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    result = read_source(path, today=TODAY)
    assert result.records.select("record_id", "event", "name").rows() == [("P1", "move_in", "张三")]


def test_read_source_empty_and_header_only_files(tmp_path: Path, write_csv: WriteCsv) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(EmptySourceError, match=r"empty\.csv"):
        read_source(empty)
    header_only = write_csv("header.csv", [])
    with pytest.raises(EmptySourceError, match="no data rows"):
        read_source(header_only)


def test_read_source_missing_file_and_old_xls(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match=r"nothere\.csv"):
        read_source(tmp_path / "nothere.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(SourceFileError, match=r"\.xlsx"):
        read_source(old)


def test_read_source_bad_rows_with_exact_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "police_hukou.csv"
    header = ",".join(FILE_COLUMNS)
    lines = [
        header,  # line 1
        "公安,P1,move_in,2024-01-05,张三,320924198503071232,1,1985-03-07,,,,",  # 2: good
        "",  # 3: blank line, not a data row
        "公安,P2,move_in,2024-01-06,李四,,9,,,,,",  # 4: good (sex unstated → null)
        "公安,P3,emigrate,2024-01-07,王五,,1,,,,,",  # 5: unknown event
        '公安,P4,move_out,2024-01-08,赵六,,1,,,,,"某村,\n3组"',  # 6-7: good, address spans lines
        "公安,P5,move_out,,钱七,,2,,,,,",  # 8: good, without its event date (a warning)
        "公安,P6,death,2024-01-09,孙八,,2,,,,,,多余",  # 9: one field too many
        "公安,P1,death,2024-01-10,周九,,1,,,,,",  # 10: repeats P1 of line 2
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_source(path, today=TODAY)
    assert result.rows_read == 7
    assert result.records["record_id"].to_list() == ["P1", "P2", "P4", "P5"]
    assert result.records["sex"].to_list() == ["1", None, "1", "2"]
    # A line break inside a canonical field becomes a space (with a warning).
    assert result.records["address"].to_list() == [None, None, "某村, 3组", None]
    assert [(q.row, q.field) for q in result.quarantine] == [
        (5, "event"),
        (9, "*"),
        (10, "record_id"),
    ]
    assert [(w.row, w.field) for w in result.warnings] == [(6, "address"), (8, "event_date")]
    assert result.quarantined_rows == 3


def test_read_source_keeps_extra_columns_and_overrides_source(write_csv: WriteCsv) -> None:
    header = [*CANONICAL_COLUMNS, "recorded_date", "father_name", "spouse_name", "spouse_id_number"]
    row = {
        "source": "旧名称",
        "record_id": "M1",
        "event": "marriage",
        "event_date": "2024-05-20",
        "name": "张三",
        "id_number": "320924198503071232",
        "sex": "1",
        "birth_date": "1985-03-07",
        "recorded_date": "2024-05-21",
        "father_name": "张大",
        "spouse_name": "王芳",
        "spouse_id_number": "11010519491231002X",
    }
    path = write_csv("civil_marriages.csv", [row], header=header)
    result = read_source(path, source="民政", today=TODAY)
    assert result.records.columns == [
        *CANONICAL_COLUMNS,
        "source_in_file",
        "recorded_date",
        "father_name",
        "spouse_name",
        "spouse_id_number",
    ]
    assert result.records.row(0, named=True)["source"] == "民政"
    assert result.records.row(0)[-5:] == (
        "旧名称",
        "2024-05-21",
        "张大",
        "王芳",
        "11010519491231002X",
    )


def test_read_header_returns_headers_as_written(tmp_path: Path) -> None:
    path = _write_gbk_ledger(tmp_path / "村台账.csv")
    assert read_header(path) == LEDGER_HEADER
    assert read_header(_births_workbook(tmp_path / "b.xlsx"), sheet="出生医学证明")[0] == "证明编号"


# Good rows and one kind of bad row each; the invariant must hold for any mix of them.
_GOOD = ["move_in", "2024-01-05", "张三", "320924198503071232", "男", "1985-03-07"]
_BAD = {
    "no_id": None,
    "bad_event": ["入学", "2024-01-05", "张三", "", "男", ""],
    "nothing": ["death", "", "", "", "", ""],
}
# Rows with a bad field: kept, with a warning.
_WARNED = {
    "bad_date": ["death", "2024-02-30", "张三", "", "男", ""],
    "bad_sex": ["death", "2024-01-05", "张三", "", "X", ""],
    "born_late": ["death", "2024-01-05", "张三", "", "男", "2024-06-01"],
    "partial_birth": ["death", "2024-01-05", "张三", "", "男", "1948年3月"],
    "date_only": ["death", "2024-01-05", "", "", "", ""],
    "check_digit": ["move_out", "03/04/2024", "李四", "320924198503071233", "2", ""],
}


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(
        st.sampled_from(["good", "good", "duplicate", *_BAD, *_WARNED]), min_size=1, max_size=30
    )
)
def test_read_source_never_drops_a_row(kinds: list[str], write_csv: WriteCsv) -> None:
    rows = []
    for index, kind in enumerate(kinds):
        record_id = "" if kind == "no_id" else ("R0" if kind == "duplicate" else f"R{index + 1}")
        fields = _GOOD if kind in ("good", "duplicate", "no_id") else {**_BAD, **_WARNED}[kind]
        assert fields is not None
        event, event_date, name, id_number, sex, birth_date = fields
        rows.append(
            {
                "source": "村台账",
                "record_id": record_id,
                "event": event,
                "event_date": event_date,
                "name": name,
                "id_number": id_number,
                "sex": sex,
                "birth_date": birth_date,
            }
        )
    result = read_source(write_csv("mix.csv", rows), today=TODAY)
    quarantined = {q.row for q in result.quarantine}
    assert result.rows_read == len(kinds)
    assert result.records.height + len(quarantined) == len(kinds)
    # Exactly the rows that should go are gone: every bad kind, and every duplicate of R0 after
    # the first; every row with a bad field is kept and warned about.
    first_duplicate = kinds.index("duplicate") if "duplicate" in kinds else None
    expected = {
        index + 2
        for index, kind in enumerate(kinds)
        if kind in _BAD or (kind == "duplicate" and index != first_duplicate)
    }
    assert quarantined == expected
    warned = {w.row for w in result.warnings}
    assert warned == {index + 2 for index, kind in enumerate(kinds) if kind in _WARNED} - {
        index + 2 for index, kind in enumerate(kinds) if kind == "date_only"
    }


# Cells a clerk's export may hold: good values, blanks, junk, partial dates, control characters,
# quotes, separators and line breaks.
_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "张三",
            "张丽之女",
            "320924198503071232",
            "2024-01-05",
            "1948年3月",
            "1985-02-30",
            "男",
            "不详",
            "NULL",
            '某村,"3组"',
            "a\nb",
            "x\x00y",
            "\x1b[0m",
            "\t",
        ]
    ),
    st.text(max_size=8),
)
_PERSON = ("name", "id_number", "mother_name", "mother_id_number")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(_CELLS, min_size=9, max_size=9), min_size=1, max_size=12))
def test_read_source_any_csv_keeps_every_row_with_a_name_id_or_mother(
    cells: list[list[str]], write_csv: WriteCsv
) -> None:
    # source, record_id and event are always usable, so only "nothing to link on" may keep a
    # row out; the other nine cells are anything at all.
    header = ["source", "record_id", "event", *(c for c in FILE_COLUMNS if c not in _KEYS)]
    rows = [["村台账", f"R{n}", "death", *row] for n, row in enumerate(cells)]
    result = read_source(write_csv("any.csv", rows, header=header), today=TODAY)
    quarantined = {q.row for q in result.quarantine}
    assert result.rows_read == len(rows)
    assert result.records.height + len(quarantined) == len(rows)
    kept = set(result.records["record_id"])
    for row in rows:
        written = dict(zip(header, row, strict=True))
        if any(_usable(written[column]) for column in _PERSON):
            assert written["record_id"] in kept, written


_KEYS = ("source", "record_id", "event")


def _usable(cell: str) -> bool:
    """Whether a cell says something no rule can take away: a plain name or ID number."""
    return cell in ("张三", "张丽之女", "320924198503071232")


_RAW_LINE = st.lists(
    st.one_of(
        st.sampled_from(["张三", '"', '"某村,3组"', "2024-01-05", "\x00", "", " "]),
        st.text(max_size=4),
    ),
    max_size=14,
).map(",".join)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_RAW_LINE, min_size=1, max_size=10))
def test_read_source_any_text_is_read_or_refused_as_a_whole(
    lines: list[str], tmp_path: Path
) -> None:
    # Lines written by hand, not by a CSV writer: stray quotes, NULs, ragged rows. The file is
    # either refused with a HeduiError or every data row is a record or in quarantine.
    path = tmp_path / "raw.csv"
    path.write_text("\n".join([",".join(FILE_COLUMNS), *lines]) + "\n", encoding="utf-8")
    try:
        result = read_source(path, source="村台账", today=TODAY)
    except HeduiError:
        return
    assert result.records.height + result.quarantined_rows == result.rows_read
