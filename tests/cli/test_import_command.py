"""Tests for `hedui import` through typer's CliRunner, into a real SQLite file in tmp_path."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from hedui.cli import app, import_command
from hedui.identity.resident_id import check_character
from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.records import Record
from hedui.store.users import Role

runner = CliRunner()
TOWNSHIP = "320924101"
HEADER = ["编号", "事件", "登记日期", "姓名", "公民身份号码", "性别", "出生日期", "村代码"]


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _id(sequence: int) -> str:
    body = f"32092419600101{sequence:03d}"
    return body + check_character(body)


def _ledger(name: str, rows: int = 3, encoding: str = "gbk") -> Path:
    """Rows 2.. are deaths in village 320924101001; row 3 lies in another township (102)."""
    with Path(name).open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            village = "320924102001" if n == 1 else "320924101001"
            writer.writerow(
                [f"L{n}", "死亡", "2025-05-01", f"张{n}", _id(n), "男", "1960-01-01", village]
            )
    return Path(name)


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hedui.db'}"


def _invoke(tmp_path: Path, *args: str) -> Any:
    return runner.invoke(app, ["import", *args, "--database-url", _url(tmp_path)])


def _records(tmp_path: Path) -> int:
    engine = make_engine(_url(tmp_path))
    with make_session_factory(engine)() as session:
        count = session.scalar(select(func.count()).select_from(Record)) or 0
    engine.dispose()
    return count


def test_import_command_guesses_headers_and_writes_error_file(tmp_path: Path) -> None:
    """A GBK ledger with Chinese headers: 2 imported, row 3 (other township) in the error file."""
    _ledger("ledger.csv")
    result = _invoke(
        tmp_path, "ledger.csv", "--source", "村台账", "--area", TOWNSHIP, "--errors", "err.csv"
    )
    assert result.exit_code == 0, result.output
    assert "不在您的辖区" in result.output and "wrote 1 rows to err.csv" in result.output
    lines = list(csv.reader(io.StringIO(Path("err.csv").read_text(encoding="utf-8-sig"))))
    assert lines[0][4:] == HEADER and lines[1][0] == "3" and lines[1][4] == "L1"
    assert _records(tmp_path) == 2


def test_import_command_json_and_second_run_adds_nothing(tmp_path: Path) -> None:
    """The same file twice: the second JSON says already_imported and points at batch 1."""
    _ledger("ledger.csv")
    first = json.loads(
        _invoke(tmp_path, "ledger.csv", "--source", "s", "--area", "320924", "--json").output
    )
    second_run = _invoke(tmp_path, "ledger.csv", "--source", "s", "--area", "320924", "--json")
    second = json.loads(second_run.output)
    assert (first["accepted"], first["quarantined_rows"], first["already_imported"]) == (
        3,
        0,
        False,
    )
    assert second["already_imported"] and second["batch_id"] == first["batch_id"] == 1
    assert _records(tmp_path) == 3
    text = _invoke(tmp_path, "ledger.csv", "--source", "s", "--area", "320924").output
    assert "第 1 批" in text and "nothing was added" in text


def test_import_command_explicit_column_overrides_guess(tmp_path: Path) -> None:
    """The guess would take 编号 as record_id; --column record_id=姓名 wins."""
    _ledger("ledger.csv", encoding="utf-8")
    result = _invoke(
        tmp_path,
        "ledger.csv",
        "--source",
        "s",
        "--area",
        TOWNSHIP,
        "--column",
        "record_id=姓名",
        "--json",
    )
    assert json.loads(result.output)["accepted"] == 2
    engine = make_engine(_url(tmp_path))
    with make_session_factory(engine)() as session:
        assert sorted(session.scalars(select(Record.record_id))) == ["张0", "张2"]
    engine.dispose()


def test_import_command_area_defaults_to_the_county_admins_county(tmp_path: Path) -> None:
    """No --area: with one county admin (320924) every row of the county is imported."""
    assert _invoke(tmp_path, "--help").exit_code == 0
    _ledger("ledger.csv")
    no_admin = _invoke(tmp_path, "ledger.csv", "--source", "s")
    assert no_admin.exit_code == 1 and "--area" in str(no_admin.exception)
    engine = make_engine(_url(tmp_path))
    with make_session_factory(engine)() as session, transaction(session):
        create_user(session, "县管理员", "a-long-password", Role.COUNTY_ADMIN, "320924")
    engine.dispose()
    result = _invoke(tmp_path, "ledger.csv", "--source", "s", "--json")
    assert json.loads(result.output)["accepted"] == 3


def test_import_command_missing_column_fails_whole_file(tmp_path: Path) -> None:
    """--no-guess on Chinese headers: required columns missing, nothing written."""
    _ledger("ledger.csv")
    result = _invoke(tmp_path, "ledger.csv", "--source", "s", "--area", TOWNSHIP, "--no-guess")
    assert result.exit_code == 1 and "--column" in str(result.exception)
    assert _records(tmp_path) == 0


def test_import_command_progress_bar_for_big_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files above the threshold get a progress bar and the same result."""
    monkeypatch.setattr(import_command, "PROGRESS_FROM_BYTES", 1)
    _ledger("ledger.csv", rows=50)
    result = _invoke(tmp_path, "ledger.csv", "--source", "s", "--area", TOWNSHIP)
    assert result.exit_code == 0 and "49" in result.output
    assert _records(tmp_path) == 49


def test_import_command_imports_a_hospital_list_and_lists_unread_columns(tmp_path: Path) -> None:
    """No child ID and no event column (issue #14 part 5): `--column id_number=-` and
    `--column event==出生`; the unknown mother_id header is listed with a suggestion."""
    with Path("hospital.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "婴儿姓名", "性别", "出生日期", "村代码", "mother_id"])
        writer.writerow(["H1", "王一", "女", "2025-03-01", "320924101001", _id(1)])
    mapping = ["--column", "id_number=-", "--column", "event==出生"]
    mapping += ["--column", "event_date=出生日期"]
    args = ["hospital.csv", "--source", "health_births", "--area", TOWNSHIP, *mapping]
    report = json.loads(_invoke(tmp_path, *args, "--json").output)
    assert report["accepted"] == 1 and _records(tmp_path) == 1
    assert report["unmatched_columns"] == [
        {"header": "mother_id", "suggestion": "mother_id_number"}
    ]
