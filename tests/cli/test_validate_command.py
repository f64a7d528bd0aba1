"""Tests for `hedui validate` through typer's CliRunner on hedui.cli.app.

Files are written into tmp_path and named relative to it (the tests chdir there), so that the
tables fit the 80 columns Rich uses when not writing to a terminal.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hedui.cli import app
from hedui.sources import CANONICAL_COLUMNS

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _canonical(name: str) -> str:
    # Line 2 good; line 3 unknown event 入学; line 4 good but its ID fails its check
    # (320924198503071233: the check character should be 2); line 5 repeats record R1.
    rows = [
        ["乡镇库", "R1", "death", "2024-05-01", "张三", "320924198503071232", "男", "1985-03-07"],
        ["乡镇库", "R2", "入学", "2024-05-02", "李四", "", "男", ""],
        ["乡镇库", "R3", "move_in", "2024-05-03", "王五", "320924198503071233", "男", ""],
        ["乡镇库", "R1", "death", "2024-05-04", "赵六", "", "女", ""],
    ]
    with Path(name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CANONICAL_COLUMNS)
        writer.writerows(row + [""] * 4 for row in rows)
    return name


def _gbk_ledger(name: str) -> str:
    with Path(name).open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "姓名", "性别", "公民身份号码", "出生日期", "事件", "登记日期"])
        writer.writerow(
            ["L1", "张三", "男", "320924198503071232", "1985年3月7日", "死亡", "2024年5月1日"]
        )
    return name


def _json(output: str) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = json.loads(output)["files"]
    return files


def test_validate_command_summary_table_and_first_quarantined_rows() -> None:
    result = runner.invoke(app, ["validate", _canonical("db.csv")])
    assert result.exit_code == 0, result.output
    assert "db.csv" in result.stdout
    # rows read 4, good 2, quarantined 2, warnings 1
    summary = next(line for line in result.stdout.splitlines() if line.startswith("│ db.csv"))
    assert [cell.strip() for cell in summary.strip("│").split("│")][1:] == ["4", "2", "2", "1"]
    assert "入学" in result.stdout
    assert "record_id" in result.stdout


def test_validate_command_json_report() -> None:
    result = runner.invoke(app, ["validate", _canonical("db.csv"), "--json"])
    assert result.exit_code == 0, result.output
    [report] = _json(result.stdout)
    assert report["path"] == "db.csv"
    assert report["error"] is None
    assert (report["rows_read"], report["records"], report["quarantined_rows"]) == (4, 2, 2)
    assert [(q["row"], q["field"], q["value"]) for q in report["quarantine"]] == [
        (3, "event", "入学"),
        (5, "record_id", "R1"),
    ]
    assert [(w["row"], w["field"]) for w in report["warnings"]] == [(4, "id_number")]


def test_validate_command_keeps_rows_with_a_bad_field_and_warns() -> None:
    # The village ledger rows: a birth dated a day after its registration, and a death
    # whose birth date is only 1949年6月. Both used to be quarantined; both are kept now.
    with Path("ledger.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "事件", "登记日期", "姓名", "公民身份号码", "性别", "出生日期"])
        writer.writerows(
            [
                ["L1", "出生", "2025年7月21日", "侯宇轩", "", "男", "2025年7月22日"],
                ["L2", "死亡", "2025年2月8日", "吴桂林", "411524194906117779", "", "1949年6月"],
            ]
        )
    result = runner.invoke(app, ["validate", "ledger.csv", "--source", "村台账", "--json"])
    assert result.exit_code == 0, result.output
    [report] = _json(result.stdout)
    assert (report["records"], report["quarantined_rows"]) == (2, 0)
    assert [(w["row"], w["field"], w["value"]) for w in report["warnings"]] == [
        (2, "birth_date", "2025年7月22日"),
        (3, "birth_date", "1949年6月"),
    ]


def test_validate_command_guesses_chinese_headers_with_source() -> None:
    result = runner.invoke(
        app, ["validate", _gbk_ledger("ledger.csv"), "--source", "村台账", "--json"]
    )
    assert result.exit_code == 0, result.output
    [report] = _json(result.stdout)
    assert report["records"] == 1
    assert report["column_map"]["id_number"] == "公民身份号码"
    assert report["column_map"]["record_id"] == "编号"


def test_validate_command_no_guess_names_all_missing_columns_and_exits_1() -> None:
    result = runner.invoke(
        app, ["validate", _gbk_ledger("ledger.csv"), "--no-guess", "--source", "x"]
    )
    assert result.exit_code == 1
    assert "ledger.csv" in result.stderr
    assert "missing required columns" in result.stderr
    for column in ("record_id", "event", "event_date", "name", "id_number", "sex", "birth_date"):
        assert column in result.stderr


def test_validate_command_column_option_maps_a_header() -> None:
    # Without a mapping 登记日期 would also be guessed; here it is mapped explicitly, and the
    # id column is renamed to something no guess knows.
    with Path("ledger.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "姓名", "性别", "号码", "出生日期", "事件", "登记日期"])
        writer.writerow(
            ["L1", "张三", "男", "320924198503071232", "1985-03-07", "死亡", "2024-05-01"]
        )
    result = runner.invoke(
        app,
        ["validate", "ledger.csv", "--source", "村台账", "--column", "id_number=号码", "--json"],
    )
    assert result.exit_code == 0, result.output
    assert _json(result.stdout)[0]["column_map"]["id_number"] == "号码"


def test_validate_command_malformed_column_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", _canonical("db.csv"), "--column", "id_number"])
    assert result.exit_code == 2
    assert "canonical=header" in result.output


def test_validate_command_writes_the_quarantine_csv() -> None:
    result = runner.invoke(app, ["validate", _canonical("db.csv"), "--quarantine-out", "q.csv"])
    assert result.exit_code == 0, result.output
    assert "q.csv" in result.stdout
    with Path("q.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["文件 file", "行 row", "字段 field", "值 value", "原因 reason"]
    assert [row[:3] for row in rows[1:]] == [["db.csv", "3", "event"], ["db.csv", "5", "record_id"]]


def test_validate_command_whole_file_error_exits_1_but_reports_the_others() -> None:
    Path("latin.csv").write_bytes(
        ",".join(CANONICAL_COLUMNS).encode() + "\nJosé\n".encode("latin-1")
    )
    result = runner.invoke(
        app, ["validate", _canonical("db.csv"), "latin.csv", "missing.csv", "--json"]
    )
    assert result.exit_code == 1
    reports = {report["path"]: report for report in _json(result.stdout)}
    assert reports["db.csv"]["records"] == 2
    assert "UTF-8" in reports["latin.csv"]["error"]
    assert "missing.csv" in reports["missing.csv"]["error"]


def test_validate_command_empty_file_error_goes_to_stderr_naming_the_file() -> None:
    Path("empty.csv").write_bytes(b"")
    result = runner.invoke(app, ["validate", "empty.csv"])
    assert result.exit_code == 1
    assert result.stderr.startswith("错误 Error: empty.csv")
    assert "empty" in result.stderr


def _hospital_list(name: str) -> str:
    """A hospital's birth list (issue #14 part 5): no child ID column, a mother_id header."""
    with Path(name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "事件", "婴儿姓名", "性别", "出生日期", "母亲姓名", "mother_id"])
        writer.writerow(["H1", "出生", "王一", "女", "2025-03-01", "李梅", "320924198503071232"])
    return name


def test_validate_command_declares_a_column_absent_and_lists_unread_columns() -> None:
    args = [
        "validate",
        _hospital_list("h.csv"),
        "--source",
        "医院",
        "--column",
        "event_date=出生日期",
    ]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "--column id_number=-" in refused.stderr
    result = runner.invoke(app, [*args, "--column", "id_number=-", "--json"])
    assert result.exit_code == 0, result.output
    [report] = _json(result.stdout)
    assert report["records"] == 1 and report["column_map"]["id_number"] is None
    assert report["unmatched_columns"] == [
        {"header": "mother_id", "suggestion": "mother_id_number"}
    ]
    table = runner.invoke(app, [*args, "--column", "id_number=-"])
    assert "mother_id" in table.stdout and "--column mother_id_number=mother_id" in table.stdout
