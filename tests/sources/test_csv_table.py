"""Tests for hedui.sources.csv_table: row numbers as the user sees them, ragged rows, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from hedui.errors import EmptySourceError, EncodingError, SourceFileError
from hedui.sources.csv_table import load_csv
from hedui.sources.table import ROW_COLUMN


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "source.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_load_csv_row_numbers_skip_blank_lines_but_count_them(tmp_path: Path) -> None:
    # Line 1 header, line 2 张三, line 3 blank, line 4 李四, line 5 only separators, line 6 王五.
    path = _write(tmp_path, "编号,姓名\n1,张三\n\n2,李四\n,\n3,王五\n")
    table = load_csv(path, display="source.csv")
    assert table.frame["姓名"].to_list() == ["张三", "李四", "王五"]
    assert table.frame[ROW_COLUMN].to_list() == [2, 4, 6]


def test_load_csv_quoted_field_spanning_lines_pushes_later_rows_down(tmp_path: Path) -> None:
    # Row 张三 starts on line 2 and its address spans lines 2-3, so 李四 is on line 4.
    path = _write(tmp_path, '编号,姓名,住址\n1,张三,"某村\n3组"\n2,李四,某村\n')
    table = load_csv(path, display="source.csv")
    assert table.frame["住址"].to_list() == ["某村\n3组", "某村"]
    assert table.frame[ROW_COLUMN].to_list() == [2, 4]


def test_load_csv_leading_blank_lines_move_the_header(tmp_path: Path) -> None:
    # Lines 1-2 blank, header on line 3, data on line 4.
    path = _write(tmp_path, "\n\n编号,姓名\n1,张三\n")
    table = load_csv(path, display="source.csv")
    assert table.headers == ["编号", "姓名"]
    assert table.frame[ROW_COLUMN].to_list() == [4]


def test_load_csv_too_many_fields_quarantines_only_that_row(tmp_path: Path) -> None:
    # Line 3 has an unquoted comma in the address: 4 fields under a 3-field header.
    path = _write(tmp_path, "编号,姓名,住址\n1,张三,某村3组\n2,李四,某村,4组\n3,王五,某村\n")
    table = load_csv(path, display="source.csv")
    assert table.frame["姓名"].to_list() == ["张三", "王五"]
    assert table.frame[ROW_COLUMN].to_list() == [2, 4]
    [rejected] = table.rejected
    assert (rejected.row, rejected.field, rejected.value) == (3, "*", "2,李四,某村,4组")
    assert "4 列" in rejected.reason


def test_load_csv_too_many_fields_after_a_multiline_field(tmp_path: Path) -> None:
    # Row 1 spans lines 2-3; the ragged row is on line 4; the last row on line 5.
    path = _write(tmp_path, '编号,住址\n1,"某村\n3组"\n2,某村,4组\n3,某村\n')
    table = load_csv(path, display="source.csv")
    assert [r.row for r in table.rejected] == [4]
    assert table.frame[ROW_COLUMN].to_list() == [2, 5]


def test_load_csv_unclosed_quote_quarantines_the_row_it_started_on(tmp_path: Path) -> None:
    # Line 3 opens a quote in the address and never closes it: without care it would swallow
    # lines 4 and 5 into its address. It is quarantined as row 3; rows 4 and 5 are read.
    path = _write(tmp_path, '编号,姓名,住址\n1,张三,某村\n2,李四,"某村\n3,王五,某村\n4,赵六,某村\n')
    table = load_csv(path, display="source.csv")
    assert table.frame["姓名"].to_list() == ["张三", "王五", "赵六"]
    assert table.frame[ROW_COLUMN].to_list() == [2, 4, 5]
    [rejected] = table.rejected
    assert (rejected.row, rejected.field, rejected.value) == (3, "*", '2,李四,"某村')
    assert "row 3" in rejected.reason and "never closed" in rejected.reason


def test_load_csv_unclosed_quote_after_a_multiline_field_and_at_the_end(tmp_path: Path) -> None:
    # Row 1 spans lines 2-3 (a closed quote); line 4 opens one at the very end of the file.
    path = _write(tmp_path, '编号,住址\r\n1,"某村\r\n3组"\r\n2,"某村')
    table = load_csv(path, display="source.csv")
    assert table.frame["住址"].to_list() == ["某村\r\n3组"]
    assert [(r.row, r.value) for r in table.rejected] == [(4, '2,"某村')]


def test_load_csv_unclosed_quote_in_the_header_refuses_the_file(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match=r"header \(row 1\)"):
        load_csv(_write(tmp_path, '编号,"姓名\n1,张三\n'), display="source.csv")


def test_load_csv_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    # Read as UTF-8 these bytes decode too (zero bytes are valid UTF-8), into headers such as
    # "编\x00号" that nothing would match.
    for encoding in ("utf-16-le", "utf-16-be", "utf-16"):
        path = _write(tmp_path, "编号,姓名\n1,张三\n2,李四\n", encoding=encoding)
        table = load_csv(path, display="source.csv")
        assert table.headers == ["编号", "姓名"], encoding
        assert table.frame["姓名"].to_list() == ["张三", "李四"]


def test_load_csv_tab_separated_export(tmp_path: Path) -> None:
    path = _write(tmp_path, "编号\t姓名\n1\t张三\n")
    assert load_csv(path, display="source.csv").frame["姓名"].to_list() == ["张三"]


def test_load_csv_every_cell_stays_text(tmp_path: Path) -> None:
    # A CSV reader that inferred types would turn 007 into 7 and the ID into a float.
    path = _write(tmp_path, "编号,身份证号\n007,320924198503071232\n")
    frame = load_csv(path, display="source.csv").frame
    assert frame.row(0)[:2] == ("007", "320924198503071232")


def test_load_csv_gbk_with_ragged_row_is_converted_then_read_row_by_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "编号,姓名\n1,张三\n2,李四,多余\n", encoding="gbk")
    table = load_csv(path, display="source.csv")
    assert table.frame["姓名"].to_list() == ["张三"]
    assert [r.row for r in table.rejected] == [3]


def test_load_csv_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EmptySourceError, match=r"empty\.csv"):
        load_csv(_write(tmp_path, "\n\n"), display="empty.csv")
    with pytest.raises(EmptySourceError):
        load_csv(_write(tmp_path, "\ufeff"), display="empty.csv")


def test_load_csv_neither_utf8_nor_gbk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name\nJosé\n".encode("latin-1"))
    with pytest.raises(EncodingError, match=r"latin\.csv"):
        load_csv(path, display="latin.csv")
