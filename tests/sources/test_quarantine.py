"""Tests for hedui.sources.quarantine: the CSV a clerk opens in Excel."""

from __future__ import annotations

import csv
from pathlib import Path

from hedui.sources import QuarantinedRow, SourceWarning, read_source, write_quarantine

from .conftest import WriteCsv


def test_write_quarantine_utf8_bom_bilingual_header(tmp_path: Path) -> None:
    rows = [
        QuarantinedRow("村台账.csv", 4, "event_date", "2024-02-30", "日期无效 / invalid date"),
        QuarantinedRow("村台账.csv", 7, "name", None, "姓名为空, 无法链接 / nobody"),
    ]
    out = tmp_path / "quarantine.csv"
    assert write_quarantine(rows, out) == 2
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # so that Excel on Chinese Windows reads UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read == [
        ["文件 file", "行 row", "字段 field", "值 value", "原因 reason"],
        ["村台账.csv", "4", "event_date", "2024-02-30", "日期无效 / invalid date"],
        ["村台账.csv", "7", "name", "", "姓名为空, 无法链接 / nobody"],
    ]


def test_write_quarantine_accepts_warnings_and_nothing(tmp_path: Path) -> None:
    out = tmp_path / "warnings.csv"
    warning = SourceWarning("a.csv", 2, "id_number", "320924198503071233", "校验位错误")
    assert write_quarantine([warning], out) == 1
    assert write_quarantine([], tmp_path / "none.csv") == 0
    assert (tmp_path / "none.csv").read_text(encoding="utf-8-sig").startswith("文件 file,")


def test_write_quarantine_round_trip_from_a_read(tmp_path: Path, write_csv: WriteCsv) -> None:
    # Row 2 is good; row 3 has the unknown event 入学.
    rows = [
        {
            "source": "s",
            "record_id": "1",
            "event": "death",
            "event_date": "2024-01-01",
            "name": "张三",
        },
        {
            "source": "s",
            "record_id": "2",
            "event": "入学",
            "event_date": "2024-01-01",
            "name": "李四",
        },
    ]
    result = read_source(write_csv("s.csv", rows))
    out = tmp_path / "q.csv"
    write_quarantine(result.quarantine, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        [_, only] = list(csv.reader(handle))
    assert only[:4] == [str(tmp_path / "s.csv"), "3", "event", "入学"]


def test_write_quarantine_neutralises_values_that_look_like_formulas(tmp_path: Path) -> None:
    rows = [
        QuarantinedRow("a.csv", 2, "name", "=cmd|' /C calc'!A0", "姓名无效 / bad name"),
        QuarantinedRow("a.csv", 3, "name", "\r+1", "姓名无效 / bad name"),
    ]
    out = tmp_path / "quarantine.csv"
    write_quarantine(rows, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert [row[3] for row in read[1:]] == ["'=cmd|' /C calc'!A0", "'\r+1"]
    assert [row[1] for row in read[1:]] == ["2", "3"]
