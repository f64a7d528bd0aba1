"""`hedui cases`: list and filter cases in the terminal, or export them to Excel for the clerks.

Thin: the filters become a :class:`~hedui.store.case_query.CaseFilter`; the newest-changed cases
come first. ``--export cases.xlsx`` writes every matching case (not only the first ``--limit``)
with one sheet per village through :func:`hedui.reconcile.case_export.export_cases_xlsx`, and
records the export in the audit log. Resident ID numbers are masked in every output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from hedui.cli.app import app, console
from hedui.cli.options import AreaOption, AsJson, DatabaseUrl, open_store
from hedui.errors import InvalidInputError
from hedui.reconcile.case_export import export_cases_xlsx, masked_text
from hedui.runs import latest_county
from hedui.store.case_newest import newest_cases
from hedui.store.case_query import CaseFilter
from hedui.store.cases import Case, CaseStatus
from hedui.store.db import transaction


@app.command("cases")
def cases(
    status: Annotated[
        list[CaseStatus] | None,
        typer.Option(
            "--status",
            help="状态，可重复：open assigned verified resolved dismissed / status (repeatable)",
            case_sensitive=False,
        ),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="类型，如 sex_conflict / finding kind")
    ] = None,
    village: Annotated[
        str | None,
        typer.Option("--village", help="村（或乡镇）代码 / village (or township) code"),
    ] = None,
    event: Annotated[
        str | None, typer.Option("--event", help="事件类型，如 birth / event type")
    ] = None,
    older_than: Annotated[
        int | None,
        typer.Option("--older-than", help="只列出超过此天数的个案 / opened more than DAYS ago"),
    ] = None,
    recurring: Annotated[
        bool,
        typer.Option("--recurring", help="只列出再次出现的个案 / only recurring cases"),
    ] = False,
    area: AreaOption = None,
    limit: Annotated[
        int, typer.Option("--limit", help="最多列出多少个案 / list at most N cases", min=1)
    ] = 50,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="导出为 Excel，每村一个工作表 / write an .xlsx per village"),
    ] = None,
    database_url: DatabaseUrl = None,
    as_json: AsJson = False,
) -> None:
    """列出、筛选、导出待核实事项 List, filter and export reconciliation cases."""
    filters = CaseFilter(
        kind=kind,
        event=event,
        village_code=village,
        statuses=tuple(status or ()),
        older_than_days=older_than,
        recurring=True if recurring else None,
    )
    if export is not None and export.suffix.lower() != ".xlsx":
        raise InvalidInputError(
            f"导出文件须为 .xlsx：{export} / the export file must end in .xlsx: {export}"
        )
    with open_store(database_url) as session:
        area_code = area or latest_county(session)
        newest = newest_cases(session, area_code, filters, limit)
        shown, total, records = newest.cases, newest.total, newest.records
        exported = None
        if export is not None:
            with transaction(session):
                exported = export_cases_xlsx(session, area_code, export, filters)
    if as_json:
        document: dict[str, Any] = {
            "area_code": area_code,
            "total": total,
            "cases": [_as_dict(c, records.get(c.id, [])) for c in shown],
        }
        if exported is not None:
            document["export"] = {"path": str(exported.path), "cases": exported.cases}
        console.out(json.dumps(document, ensure_ascii=False), highlight=False)
        return
    console.print(_table(shown, total, records))
    if exported is not None:
        console.print(
            f"[green]已导出 Exported[/] {exported.cases:,} 个案 cases, "
            f"{len(exported.villages)} 个村 villages → {exported.path}",
            highlight=False,
        )


def _as_dict(case: Case, records: list[tuple[str, str]]) -> dict[str, Any]:
    values = {s: masked_text(str(v)) for s, v in sorted((case.values or {}).items())}
    return {
        "id": case.id,
        "kind": case.kind,
        "event": case.event,
        "status": case.status.value,
        "village_code": case.village_code,
        "field": case.field,
        "values": values,
        "records": [list(r) for r in records],
        "recurring": case.recurring,
        "first_seen_run": case.first_seen_run,
        "last_seen_run": case.last_seen_run,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "explanation_zh": masked_text(case.explanation_zh),
        "explanation_en": masked_text(case.explanation_en),
    }


def _table(shown: list[Case], total: int, records: dict[int, list[tuple[str, str]]]) -> Table:
    table = Table(title=f"待核实事项 Cases（显示 {len(shown):,} / 共 {total:,} shown of total）")
    table.add_column("编号 id", justify="right")
    table.add_column("类型 kind", overflow="fold")
    table.add_column("状态 status")
    table.add_column("村 village", min_width=12)
    table.add_column("记录 records", overflow="fold")
    table.add_column("说明 explanation", overflow="fold")
    for case in shown:
        status = case.status.value + (" ↻" if case.recurring else "")
        listed = "\n".join(f"{s}:{r}" for s, r in records.get(case.id, []))
        table.add_row(
            str(case.id),
            case.kind,
            status,
            case.village_code,
            escape(listed),
            escape(masked_text(case.explanation_zh)),
        )
    return table
