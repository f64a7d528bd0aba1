"""Divisions: the import checks every row first, is idempotent, and names show as 胜利村（…201）."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import SourceFileError
from hedui.store.division_import import import_divisions
from hedui.store.divisions import Division, division_names, place_label, village_choices

VILLAGES = (
    "code,name,township_code,township_name\n"
    "320924101201,胜利村,320924101,新河镇\n"
    "320924101202,东风村,320924101,新河镇\n"
    "320924102201,胜利村,320924102,白沙镇\n"
)


def _write(tmp_path: Path, text: str, name: str = "divisions.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_divisions_reads_villages_and_their_townships(
    session: Session, tmp_path: Path
) -> None:
    outcome = import_divisions(session, _write(tmp_path, VILLAGES))
    session.commit()
    # 3 villages + 2 townships (新河镇 named on two rows, once)
    assert (outcome.added, outcome.updated, outcome.unchanged) == (5, 0, 0)
    names = division_names(session)
    assert names.name("320924101") == "新河镇"
    assert place_label("320924101201", names) == "胜利村（…201）"


def test_import_divisions_twice_changes_nothing(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, VILLAGES)
    import_divisions(session, path)
    session.commit()
    before = [(d.code, d.name) for d in session.scalars(select(Division).order_by(Division.code))]
    again = import_divisions(session, path)
    session.commit()
    after = [(d.code, d.name) for d in session.scalars(select(Division).order_by(Division.code))]
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    assert after == before


def test_import_divisions_updates_a_renamed_village_and_keeps_the_others(
    session: Session, tmp_path: Path
) -> None:
    import_divisions(session, _write(tmp_path, VILLAGES))
    renamed = _write(
        tmp_path,
        "区划代码,名称,曾用名,曾用代码,启用日期\n320924101201,胜利社区,胜利村,320924101005,2019-01-01\n",
        "renamed.csv",
    )
    outcome = import_divisions(session, renamed)
    session.commit()
    assert (outcome.added, outcome.updated) == (0, 1)
    division = session.get(Division, "320924101201")
    assert division is not None
    assert division.former_names == ["胜利村"]
    assert str(division.valid_from) == "2019-01-01"
    names = division_names(session)
    # the former code shows the current name; the untouched village is still there
    assert place_label("320924101005", names) == "胜利社区（…005）"
    assert names.name("320924101202") == "东风村"


def test_import_divisions_names_every_bad_row_and_field_and_writes_nothing(
    session: Session, tmp_path: Path
) -> None:
    bad = _write(
        tmp_path,
        "code,name,former_codes,valid_from,valid_to\n"
        "320924101201,胜利村,,,\n"
        "12,短码村,,,\n"
        "320924101202,,,,\n"
        "320924101203,红旗村,99,,\n"
        "320924101204,东风村,,昨天,\n"
        "320924101205,前进村,,2020-01-01,2019-01-01\n"
        "320924101201,胜利二村,,,\n",
    )
    with pytest.raises(SourceFileError) as error:
        import_divisions(session, bad)
    message = str(error.value)
    assert "divisions.csv 第 3 行" in message and "code：'12'" in message
    assert "第 4 行" in message and "name：名称为空" in message
    assert "第 5 行" in message and "former_codes：'99'" in message
    assert "第 6 行" in message and "valid_from：'昨天'" in message
    assert "第 7 行" in message and "valid_to" in message
    assert "第 8 行" in message and "与第 2 行重复" in message
    assert session.scalars(select(Division)).all() == []


def test_import_divisions_without_a_name_column_says_which(
    session: Session, tmp_path: Path
) -> None:
    with pytest.raises(SourceFileError, match="缺少列 name"):
        import_divisions(session, _write(tmp_path, "code\n320924101201\n"))
    with pytest.raises(SourceFileError, match="没有区划行"):
        import_divisions(session, _write(tmp_path, "code,name\n,\n", "empty.csv"))


def test_import_divisions_reads_an_excel_workbook(session: Session, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "name"])
    sheet.append(["320924101201", "胜利村"])
    path = tmp_path / "divisions.xlsx"
    workbook.save(path)
    assert import_divisions(session, path).added == 1


def test_village_choices_find_by_name_or_former_name_within_the_area(
    session: Session, tmp_path: Path
) -> None:
    import_divisions(session, _write(tmp_path, VILLAGES))
    import_divisions(
        session,
        _write(tmp_path, "code,name,former_names\n320924101202,东风村,红星村\n", "f.csv"),
    )
    session.commit()
    names = division_names(session)
    found = village_choices(names, "胜利", area_code="320924")
    assert [(c.code, c.label) for c in found] == [
        ("320924101201", "胜利村（新河镇）"),
        ("320924102201", "胜利村（白沙镇）"),
    ]
    assert [c.code for c in village_choices(names, "胜利", area_code="320924102")] == [
        "320924102201"
    ]
    assert [c.code for c in village_choices(names, "红星", area_code="320924")] == ["320924101202"]
    assert village_choices(names, "  ", area_code="320924") == []


def test_place_label_of_an_unknown_or_missing_code() -> None:
    assert place_label("320924109999", {}) == "320924109999"
    assert place_label(None, {}) == ""
