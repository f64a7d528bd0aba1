"""`hedui report --period 2025-12`: the monthly report as HTML, PDF or Excel, for staff or public.

Thin: :func:`hedui.reports.data.collect_report` gathers the figures of the period's latest
reconciliation run, :func:`hedui.reports.build.build_report` lays them out for the audience
(the public edition suppresses small cells and holds no personal data), and one writer
renders the chosen format. The export is recorded in the audit log. ``--json`` prints the
report's figures (after suppression, for the public edition) as one JSON document.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.cli.app import app, console
from hedui.cli.db_command import DatabaseUrl
from hedui.errors import InvalidInputError
from hedui.period import parse_period
from hedui.reports.build import build_report
from hedui.reports.data import collect_report
from hedui.reports.html import render_html
from hedui.reports.model import Audience, Report
from hedui.reports.pdf import render_pdf
from hedui.reports.xlsx import render_xlsx
from hedui.store.audit import AuditAction, write_audit
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory, resolve_database_url, transaction
from hedui.store.migrations import upgrade

WRITERS: dict[str, Callable[[Report], bytes]] = {
    "html": lambda report: render_html(report).encode("utf-8"),
    "pdf": render_pdf,
    "xlsx": render_xlsx,
}
_AUDIENCES = ("internal", "public")


@app.command("report")
def report(
    period: Annotated[
        str, typer.Option("--period", help="报告期，如 2025-12 或 2025 / month or year")
    ],
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
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            help="区划代码，默认最近一次核对所在的县 / area code (default: the county of the "
            "latest reconciliation)",
        ),
    ] = None,
    villages: Annotated[
        Path | None,
        typer.Option(
            "--villages", help="村名表 villages.csv (code,name,township_code,township_name)"
        ),
    ] = None,
    database_url: DatabaseUrl = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
    ] = False,
) -> None:
    """生成月报 Render the monthly report: indicators, completeness, scorecard, open cases."""
    if fmt not in WRITERS:
        raise InvalidInputError(
            f"没有“{fmt}”格式的报告，可选 html、pdf、xlsx / no report format {fmt!r}; "
            "choose html, pdf or xlsx"
        )
    if audience not in _AUDIENCES:
        raise InvalidInputError(
            f"未知的读者 {audience!r}，可选 internal、public / unknown audience {audience!r}; "
            "choose internal or public"
        )
    chosen = parse_period(period)
    who: Audience = "public" if audience == "public" else "internal"
    url = resolve_database_url(database_url)
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            area_code = area or _latest_county(session)
            data = collect_report(session, period=chosen, area_code=area_code, villages=villages)
            built = build_report(data, who)
            body = WRITERS[fmt](built)
            path = out or Path(f"report-{chosen.label}-{who}.{fmt}")
            path.write_bytes(body)
            with transaction(session):
                write_audit(
                    session,
                    actor=None,
                    actor_username="(cli)",
                    action=AuditAction.REPORT_EXPORTED,
                    area_code=area_code,
                    target_type="report",
                    target_id=chosen.label,
                    detail={"format": fmt, "audience": who, "run": data.run.id},
                )
    finally:
        engine.dispose()
    if as_json:
        document = {"path": str(path), "format": fmt, **built.to_dict()}
        console.out(json.dumps(document, ensure_ascii=False), highlight=False)
        return
    console.print(
        f"[green]已生成 Written[/] {built.title}（{who}，{fmt}）→ {path}", highlight=False
    )


def _latest_county(session: Session) -> str:
    """The county of the latest reconciliation run."""
    area = session.scalar(select(ReconcileRun.area_code).order_by(ReconcileRun.id.desc()))
    if area is None:
        raise InvalidInputError(
            "数据库中还没有核对记录，请先运行 hedui reconcile，或用 --area 指定区划 / no "
            "reconciliation in the database yet: run hedui reconcile first, or give --area"
        )
    return area[:6]
