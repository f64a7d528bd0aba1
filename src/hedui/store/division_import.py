"""Import the division list (code, name, former names and codes) from a CSV or Excel file.

A county's civil-affairs office keeps its division list as a spreadsheet; ``hedui synth`` writes
one as ``villages.csv`` (``code,name,township_code,township_name``). Both are read: a row
names one division (``code``, ``name``, optionally ``former_names``, ``former_codes``,
``valid_from``, ``valid_to``; Chinese headers such as 区划代码 and 名称 work too), and a
``township_code,township_name`` pair on a village's row names its township as well.

Every row is checked before anything is written, and every problem is listed at once, each
naming the file, the row (as a spreadsheet shows it) and the field. The import is one
transaction and an upsert by code: the same file imported twice leaves the same table, and
divisions the file does not mention are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import InvalidDateError, InvalidInputError, SourceFileError
from hedui.identity.dates import parse_date
from hedui.sources.csv_table import load_csv
from hedui.sources.excel_table import load_xlsx
from hedui.sources.table import ROW_COLUMN
from hedui.store.areas import area_level, validate_area_code
from hedui.store.divisions import Division, forget_division_names

__all__ = ["DivisionImport", "DivisionRow", "import_divisions", "read_divisions"]

_ALIASES = {
    "code": ("code", "代码", "区划代码", "编码", "住址编码"),
    "name": ("name", "名称", "区划名称", "村名"),
    "former_names": ("former_names", "曾用名", "原名称"),
    "former_codes": ("former_codes", "曾用代码", "原代码"),
    "valid_from": ("valid_from", "启用日期", "生效日期"),
    "valid_to": ("valid_to", "停用日期", "失效日期"),
    "township_code": ("township_code", "乡镇代码"),
    "township_name": ("township_name", "乡镇名称"),
}
_SEPARATORS = re.compile(r"[;；、,，|\s]+")
_MAX_PROBLEMS = 20


@dataclass
class DivisionRow:
    """One division as the file gives it, checked."""

    code: str
    name: str
    former_names: list[str] = field(default_factory=list)
    former_codes: list[str] = field(default_factory=list)
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class DivisionImport:
    """What an import changed: divisions added, changed and already as the file says."""

    added: int
    updated: int
    unchanged: int


def read_divisions(path: Path) -> list[DivisionRow]:
    """The divisions of a CSV or ``.xlsx`` file, every row checked.

    Raises:
        SourceFileError: the file cannot be read, has no ``code`` or ``name`` column, or has rows
            that cannot be used; the message lists each (file, row, field, what is wrong).
    """
    display = path.name
    table = (
        load_xlsx(path, display=display)
        if path.suffix.lower() in (".xlsx", ".xlsm")
        else load_csv(path, display=display)
    )
    columns = _columns(table.headers)
    missing = [c for c in ("code", "name") if c not in columns]
    if missing:
        raise SourceFileError(
            f"{display} 缺少列 {'、'.join(missing)}（需要 code 区划代码 与 name 名称） / "
            f"{display} lacks the column(s) {', '.join(missing)} (code and name are required)",
            path=display,
        )
    rows: dict[str, DivisionRow] = {}
    first_row: dict[str, int] = {}
    problems: list[str] = []
    for record in table.frame.iter_rows(named=True):
        row_number = int(record[ROW_COLUMN])

        def value(key: str, record: dict[str, str | None] = record) -> str:
            header = columns.get(key)
            return (record.get(header) or "").strip() if header else ""

        for division, problem in _divisions_of_row(value):
            if problem is not None:
                problems.append(f"{display} 第 {row_number} 行（row {row_number}）{problem}")
                continue
            assert division is not None
            earlier = rows.get(division.code)
            if earlier is not None and earlier != division:
                problems.append(
                    f"{display} 第 {row_number} 行 code：{division.code} 与第 "
                    f"{first_row[division.code]} 行重复且内容不同 / row {row_number}, code: "
                    f"{division.code} repeats row {first_row[division.code]} with other values"
                )
                continue
            rows[division.code] = division
            first_row.setdefault(division.code, row_number)
    if problems:
        shown = problems[:_MAX_PROBLEMS]
        more = len(problems) - len(shown)
        tail = [f"……另有 {more} 处问题 / {more} more problems"] if more else []
        raise SourceFileError(
            f"区划文件 {display} 有 {len(problems)} 处问题，未导入任何行 / the division file "
            f"{display} has {len(problems)} problem(s); nothing was imported:\n"
            + "\n".join(shown + tail),
            path=display,
        )
    if not rows:
        raise SourceFileError(f"{display} 没有区划行 / {display} lists no divisions", path=display)
    return list(rows.values())


def import_divisions(session: Session, path: Path) -> DivisionImport:
    """Read ``path`` and upsert its divisions by code, in the caller's transaction.

    Raises:
        SourceFileError: as :func:`read_divisions`; nothing is written.
    """
    wanted = read_divisions(path)
    existing = {d.code: d for d in session.scalars(select(Division))}
    added = updated = unchanged = 0
    for row in wanted:
        division = existing.get(row.code)
        if division is None:
            session.add(
                Division(
                    code=row.code,
                    level=area_level(row.code),
                    name=row.name,
                    former_names=row.former_names,
                    former_codes=row.former_codes,
                    valid_from=row.valid_from,
                    valid_to=row.valid_to,
                )
            )
            added += 1
            continue
        before = _values(division)
        division.name = row.name
        division.former_names = row.former_names
        division.former_codes = row.former_codes
        division.valid_from = row.valid_from
        division.valid_to = row.valid_to
        if _values(division) == before:
            unchanged += 1
        else:
            updated += 1
    session.flush()
    forget_division_names()
    return DivisionImport(added=added, updated=updated, unchanged=unchanged)


def _values(division: Division) -> tuple[object, ...]:
    return (
        division.name,
        list(division.former_names or []),
        list(division.former_codes or []),
        division.valid_from,
        division.valid_to,
    )


def _columns(headers: list[str]) -> dict[str, str]:
    """Canonical field → the file's header for it."""
    found: dict[str, str] = {}
    for header in headers:
        for key, aliases in _ALIASES.items():
            if header.strip().lower() in aliases and key not in found:
                found[key] = header
    return found


def _divisions_of_row(
    get: Callable[[str], str],
) -> list[tuple[DivisionRow | None, str | None]]:
    """The row's division (and its township's, from a ``villages.csv``), or its problem."""
    out: list[tuple[DivisionRow | None, str | None]] = []
    township_code, township_name = get("township_code"), get("township_name")
    if township_code or township_name:
        out.append(_checked(township_code, township_name, "", "", "", "", "township_"))
    out.append(
        _checked(
            get("code"),
            get("name"),
            get("former_names"),
            get("former_codes"),
            get("valid_from"),
            get("valid_to"),
            "",
        )
    )
    return out


def _checked(
    code: str,
    name: str,
    former_names: str,
    former_codes: str,
    valid_from: str,
    valid_to: str,
    prefix: str,
) -> tuple[DivisionRow | None, str | None]:
    try:
        validate_area_code(code)
    except InvalidInputError:
        return None, (
            f"{prefix}code：{code!r} 应为 6、9 或 12 位数字 / {prefix}code: {code!r} must be "
            "6, 9 or 12 digits"
        )
    if not name:
        return None, f"{prefix}name：名称为空 / {prefix}name: the name is empty"
    codes = [c for c in _SEPARATORS.split(former_codes) if c]
    for former in codes:
        try:
            validate_area_code(former)
        except InvalidInputError:
            return None, (
                f"former_codes：{former!r} 应为 6、9 或 12 位数字 / former_codes: {former!r} "
                "must be 6, 9 or 12 digits"
            )
    dates: dict[str, date | None] = {}
    for key, text in (("valid_from", valid_from), ("valid_to", valid_to)):
        try:
            dates[key] = parse_date(text).value if text else None
        except InvalidDateError:
            return None, f"{key}：{text!r} 不是日期 / {key}: {text!r} is not a date"
    start, end = dates["valid_from"], dates["valid_to"]
    if start and end and end < start:
        return None, (
            f"valid_to：{end} 早于启用日期 {start} / valid_to: {end} is before valid_from {start}"
        )
    return (
        DivisionRow(
            code=code,
            name=name,
            former_names=[n for n in _SEPARATORS.split(former_names) if n],
            former_codes=codes,
            valid_from=start,
            valid_to=end,
        ),
        None,
    )
