"""`hedui validate FILE...`: check source files against the canonical schema before importing them.

Each file is read as :func:`hedui.sources.read_source` would read it for linkage, with common
Chinese headers recognised (姓名, 公民身份号码, 出生日期, ...) unless ``--no-guess``. The summary
says how many rows were read, kept, quarantined and warned about, and shows the first quarantined
rows; ``--quarantine-out`` writes them all to a CSV for the clerk to fix.

Quarantined rows are normal business, so the exit status is 0 even when there are some; it is 1
only when a whole file could not be read (missing, wrong encoding, required columns missing,
empty), with the reason in red.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from hedui.cli.app import app, console, err_console
from hedui.errors import HeduiError
from hedui.sources import (
    ABSENT,
    SourceReadResult,
    UnmatchedHeader,
    read_source,
    write_quarantine,
)


def parse_columns(pairs: list[str]) -> dict[str, str]:
    """``canonical=header`` pairs as a column map; ``canonical=-`` declares the column absent."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        canonical, sep, header = pair.partition("=")
        if not sep or not canonical.strip() or not header.strip():
            raise typer.BadParameter(
                f"{pair!r} 应写成 标准列=文件中的列，如 id_number=公民身份号码 / "
                f"{pair!r} must be canonical=header, e.g. id_number=公民身份号码",
                param_hint="--column",
            )
        mapping[canonical.strip()] = header.strip()
    return mapping


def _summary(results: list[SourceReadResult], failed: dict[str, str]) -> Table:
    table = Table(title="来源文件校验 Source validation", title_justify="left")
    table.add_column("文件 file")
    for heading in ("读取 rows", "通过 good", "隔离 quarantined", "警告 warnings"):
        table.add_column(heading, justify="right")
    for result in results:
        table.add_row(
            result.path,
            f"{result.rows_read:,}",
            f"[green]{result.records.height:,}[/]",
            f"[yellow]{result.quarantined_rows:,}[/]" if result.quarantined_rows else "0",
            f"{len(result.warnings):,}",
        )
    for path in failed:
        table.add_row(path, "[red]—[/]", "[red]—[/]", "[red]—[/]", "[red]—[/]")
    return table


def _first_quarantined(result: SourceReadResult, limit: int) -> Table:
    shown = result.quarantine[:limit]
    table = Table(
        title=f"{result.path} 隔离问题 quarantined problems"
        f"（显示 shown {len(shown)} / {len(result.quarantine)}）",
        title_justify="left",
    )
    for heading in ("行 row", "字段 field", "值 value", "原因 reason"):
        table.add_column(heading, justify="right" if heading == "行 row" else "left")
    for problem in shown:
        table.add_row(str(problem.row), problem.field, problem.value or "", problem.reason)
    return table


def _mapping_note(result: SourceReadResult) -> str | None:
    renamed = [
        f"{canonical}←{header}"
        for canonical, header in result.column_map.items()
        if header is not None and header != canonical
    ]
    return f"{result.path} 列映射 columns: {', '.join(renamed)}" if renamed else None


def unmatched_note(path: str, unmatched: list[UnmatchedHeader]) -> str | None:
    """The headers no column was read from, each with the ``--column`` that would read it."""
    if not unmatched:
        return None
    parts = [
        f"{escape(u.header)}（可能是 perhaps --column {u.suggestion}={escape(u.header)}）"
        if u.suggestion
        else escape(u.header)
        for u in unmatched
    ]
    return (
        f"[yellow]{escape(path)} 未读取的列（按原列名保存）columns not read, kept as extra "
        f"columns: {', '.join(parts)}[/]"
    )


def _as_json(result: SourceReadResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "error": None,
        "rows_read": result.rows_read,
        "records": result.records.height,
        "quarantined_rows": result.quarantined_rows,
        "column_map": result.column_map,
        "unmatched_columns": [
            {"header": u.header, "suggestion": u.suggestion} for u in result.unmatched
        ],
        "quarantine": [
            {"row": q.row, "field": q.field, "value": q.value, "reason": q.reason}
            for q in result.quarantine
        ],
        "warnings": [
            {"row": w.row, "field": w.field, "value": w.value, "reason": w.reason}
            for w in result.warnings
        ],
    }


@app.command("validate")
def validate_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="要校验的来源文件（CSV 或 .xlsx）/ source files, CSV or .xlsx"),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="来源名称，填入或覆盖 source 列（如 村台账）/ source name for every row",
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help=(
                f"列映射 标准列=文件中的列，可多次；标准列={ABSENT} 声明文件没有此列；"
                "标准列==值 每行都是此值 / map a column: canonical=header, repeatable; "
                f"canonical={ABSENT} declares it absent; canonical==value gives every row it"
            ),
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="读取的工作表（默认第一个）/ worksheet (default: first)"),
    ] = None,
    guess: Annotated[
        bool,
        typer.Option(
            "--guess/--no-guess",
            help="自动识别常见中文表头 / recognise common Chinese headers",
        ),
    ] = True,
    quarantine_out: Annotated[
        Path | None,
        typer.Option(
            "--quarantine-out",
            help="把所有隔离行写入此 CSV（UTF-8 BOM）/ write every quarantined row to this CSV",
        ),
    ] = None,
    show: Annotated[
        int,
        typer.Option("--show", min=0, help="每个文件显示的隔离行数 / quarantined rows to show"),
    ] = 10,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="输出 JSON 而非表格 / print JSON instead of tables"),
    ] = False,
) -> None:
    """校验来源文件，问题行隔离并说明原因 / validate source files, quarantine bad rows."""
    column_map = parse_columns(column or [])
    results: list[SourceReadResult] = []
    failed: dict[str, str] = {}
    for file in files:
        try:
            results.append(
                read_source(
                    file, column_map=column_map, source=source, sheet=sheet, guess_columns=guess
                )
            )
        except HeduiError as error:
            failed[str(file)] = str(error)
    written = None
    if quarantine_out is not None:
        written = write_quarantine((q for r in results for q in r.quarantine), quarantine_out)
    if as_json:
        report = [_as_json(r) for r in results] + [
            {"path": path, "error": message} for path, message in failed.items()
        ]
        console.out(json.dumps({"files": report}, ensure_ascii=False), highlight=False)
    else:
        _render(results, failed, show, quarantine_out, written)
    if failed:
        raise typer.Exit(code=1)


def _render(
    results: list[SourceReadResult],
    failed: dict[str, str],
    show: int,
    quarantine_out: Path | None,
    written: int | None,
) -> None:
    console.print(_summary(results, failed))
    for result in results:
        note = _mapping_note(result)
        if note:
            console.print(note, highlight=False)
        unread = unmatched_note(result.path, result.unmatched)
        if unread:
            console.print(unread, highlight=False)
        if result.quarantine and show:
            console.print(_first_quarantined(result, show))
    for path, message in failed.items():
        text = message if path in message else f"{path}: {message}"
        err_console.print(f"[bold red]错误 Error:[/] [red]{escape(text)}[/]", highlight=False)
    if quarantine_out is not None:
        console.print(
            f"已把 {written} 条隔离问题写入 {quarantine_out} / "
            f"wrote {written} quarantined problems to {quarantine_out}",
            highlight=False,
        )
