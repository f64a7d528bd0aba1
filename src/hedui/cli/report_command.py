"""`hedui report --period 2025-12`: the monthly report as HTML, PDF or Excel, for staff or public.

Thin: :func:`hedui.runs.export_report` gathers the figures of the reconciliation run covering
the area, lays them out for the audience (the public edition suppresses small cells and holds
no personal data), renders the chosen format and records the export in the audit log.
``--json`` prints the report's figures (after suppression, for the public edition) as one JSON
document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hedui.cli.app import app, console
from hedui.cli.options import AreaOption, AsJson, DatabaseUrl, PeriodOption, open_store
from hedui.period import parse_period
from hedui.runs import ExportedBy, export_report, latest_county


@app.command("report")
def report(
    period: PeriodOption,
    fmt: Annotated[
        str, typer.Option("--format", help="格式 html|pdf|xlsx / output format")
    ] = "html",
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            help="internal（内部，完整数字）或 public（公开，小数隐去）/ internal or public",
        ),
    ] = "internal",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="输出文件，默认 report-PERIOD-AUDIENCE.FORMAT / output file"),
    ] = None,
    area: AreaOption = None,
    villages: Annotated[
        Path | None,
        typer.Option(
            "--villages", help="村名表 villages.csv (code,name,township_code,township_name)"
        ),
    ] = None,
    database_url: DatabaseUrl = None,
    as_json: AsJson = False,
) -> None:
    """生成月报 Render the monthly report: indicators, completeness, scorecard, open cases."""
    chosen = parse_period(period)
    with open_store(database_url) as session:
        exported = export_report(
            session,
            period=chosen,
            area_code=area or latest_county(session),
            editions=[(fmt, audience)],
            exported_by=ExportedBy(),
            villages=villages,
        )
    (file,) = exported.files
    path = out or Path(f"report-{chosen.label}-{file.audience}.{fmt}")
    path.write_bytes(file.body)
    built = file.report
    if as_json:
        document = {"path": str(path), "format": fmt, **built.to_dict()}
        console.out(json.dumps(document, ensure_ascii=False), highlight=False)
        return
    console.print(
        f"[green]已生成 Written[/] {built.title}（{file.audience}，{fmt}）→ {path}",
        highlight=False,
    )
