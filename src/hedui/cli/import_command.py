"""`hedui import FILE --source NAME`: import a source file into the ledger, all rows or none.

The command is :func:`hedui.store.importing.import_file` with a terminal around it: migrations are
applied first (as ``hedui serve`` does), common Chinese headers are recognised unless
``--no-guess`` (an explicit ``--column`` always wins), a progress bar shows the writing of big
files, and ``--errors`` writes the quarantined rows, with their original cells, for the clerk to
fix. Importing the same file again adds nothing and says which batch already holds it.

The importer's area decides which rows may enter: by default the county of the database's county
administrator (when there is exactly one county), otherwise ``--area`` must say it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from hedui.cli.app import app, console
from hedui.cli.options import DatabaseUrl, open_store
from hedui.cli.progress_bars import step_bars
from hedui.cli.validate_command import parse_columns, unmatched_note
from hedui.errors import HeduiError, InvalidInputError
from hedui.sources import UnmatchedHeader, guess_column_map, read_header, unmatched_headers
from hedui.sources.column_map import resolve_columns
from hedui.store.db import transaction
from hedui.store.importing import ImportOutcome, import_file, quarantine_file
from hedui.store.user_queries import admin_counties

PROGRESS_FROM_BYTES = 1_000_000
"""Files at least this big get a progress bar (about 8,000 rows of a typical export)."""


@app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="来源文件（CSV 或 .xlsx）/ source file, CSV or .xlsx")
    ],
    source: Annotated[
        str,
        typer.Option("--source", help="来源名称，如 health_births / source name of every row"),
    ],
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help=(
                "列映射 标准列=文件中的列，可多次；标准列=- 声明文件没有此列；"
                "标准列==值 每行都是此值 / map a column: canonical=header, repeatable; "
                "canonical=- declares it absent; canonical==value gives every row it"
            ),
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="读取的工作表（默认第一个）/ worksheet (default: first)"),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            help="导入人的区划代码，辖区外的行被隔离；默认县级管理员的县 / importer's area "
            "code; rows outside it are quarantined (default: the county admin's county)",
            show_default=False,
        ),
    ] = None,
    guess: Annotated[
        bool,
        typer.Option(
            "--guess/--no-guess",
            help="自动识别常见中文表头 / recognise common Chinese headers",
        ),
    ] = True,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="把隔离行（含原始内容）写入此 CSV / write the quarantined rows to this CSV",
        ),
    ] = None,
    database_url: DatabaseUrl = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="输出 JSON 而非表格 / print JSON instead of tables"),
    ] = False,
) -> None:
    """把来源文件导入台账（全部或全不）/ import a source file into the ledger, all or nothing."""
    column_map = parse_columns(column or [])
    unread: list[UnmatchedHeader] = []
    if guess:
        headers = read_header(file, sheet=sheet)
        column_map = {**guess_column_map(headers), **column_map}
        unread = _unread(headers, column_map)
    with open_store(database_url) as session:
        area_code = area or _county_of_admin(session)
        big = file.exists() and file.stat().st_size >= PROGRESS_FROM_BYTES
        bars = step_bars(transient=True, disable=as_json or not big, count=True)
        with transaction(session), bars as shown:
            outcome = import_file(
                session,
                file,
                source=source,
                actor=None,
                area_code=area_code,
                column_map=column_map,
                sheet=sheet,
                progress=shown,
            )
    if errors is not None:
        errors.write_bytes(quarantine_file(outcome))
    if as_json:
        report = {
            **_as_json(outcome, errors),
            "unmatched_columns": [{"header": u.header, "suggestion": u.suggestion} for u in unread],
        }
        console.out(json.dumps(report, ensure_ascii=False), highlight=False)
    else:
        _render(outcome, errors)
        note = unmatched_note(outcome.file_name, unread)
        if note:
            console.print(note, highlight=False)


def _unread(headers: list[str], column_map: dict[str, str]) -> list[UnmatchedHeader]:
    """The headers no column will be read from (none when the mapping is refused: the import
    then says why)."""
    try:
        resolved = resolve_columns(headers, column_map, path="", source_given=True)
    except HeduiError:
        return []
    return unmatched_headers(headers, resolved)


def _county_of_admin(session: Session) -> str:
    counties = admin_counties(session)
    if len(counties) != 1:
        raise InvalidInputError(
            "请用 --area 指定导入人的区划代码（如 --area 320924101）/ give the importer's area "
            "with --area (e.g. --area 320924101): the database has "
            f"{len(counties)} county administrators' counties to choose from"
        )
    return counties.pop()


def _as_json(outcome: ImportOutcome, errors: Path | None) -> dict[str, Any]:
    return {
        "batch_id": outcome.batch_id,
        "source": outcome.source,
        "file_name": outcome.file_name,
        "already_imported": outcome.already_imported,
        "imported_at": outcome.imported_at.isoformat(),
        "rows_read": outcome.rows_read,
        "accepted": outcome.accepted,
        "quarantined_rows": outcome.quarantined_rows,
        "warnings": len(outcome.warnings),
        "errors_file": str(errors) if errors is not None else None,
        "quarantine": [
            {"row": q.row, "field": q.field, "value": q.value, "reason": q.reason}
            for q in outcome.quarantined
        ],
    }


def _render(outcome: ImportOutcome, errors: Path | None) -> None:
    if outcome.already_imported:
        console.print(
            f"[yellow]此文件已于 {outcome.imported_at:%Y-%m-%d %H:%M} UTC 导入（第 "
            f"{outcome.batch_id} 批），未重复导入 / already imported on "
            f"{outcome.imported_at:%Y-%m-%d %H:%M} UTC (batch {outcome.batch_id}); "
            "nothing was added[/]",
            highlight=False,
        )
    table = Table(title=f"导入 Import: {escape(outcome.file_name)}", title_justify="left")
    headings = ("批次 batch", "读取 rows", "导入 imported", "隔离 quarantined", "警告 warnings")
    for heading in headings:
        table.add_column(heading, justify="right")
    table.add_row(
        str(outcome.batch_id),
        f"{outcome.rows_read:,}",
        f"[green]{outcome.accepted:,}[/]",
        f"[yellow]{outcome.quarantined_rows:,}[/]" if outcome.quarantined_rows else "0",
        f"{len(outcome.warnings):,}",
    )
    console.print(table)
    if outcome.quarantined:
        shown = Table(title="隔离问题（前 10 条）first quarantined problems", title_justify="left")
        for heading in ("行 row", "字段 field", "原因 reason"):
            shown.add_column(heading)
        for problem in outcome.quarantined[:10]:
            shown.add_row(str(problem.row), problem.field, escape(problem.reason))
        console.print(shown)
    if errors is not None:
        console.print(
            f"已把 {outcome.quarantined_rows} 行写入 {errors} / wrote "
            f"{outcome.quarantined_rows} rows to {errors}",
            highlight=False,
        )
