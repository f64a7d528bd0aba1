"""`hedui health check-programme FILE` and `hedui health coverage`: programmes and figures.

``check-programme`` validates a programme file exactly as the web upload does, so an admin can
check a file before uploading it; every problem is listed, each naming its key. ``coverage``
prints the aggregate coverage figures of an area (``--public``: small cells suppressed, as for
any output that leaves the health service). Neither command touches a person's data, and there
is deliberately no command that enrols anyone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.cli.options import DatabaseUrl, open_store
from hedui.errors import ConfigurationError
from hedui.health.coverage import coverage_figures, suppressed_coverage_figures
from hedui.health.validation import parse_programme_text
from hedui.period import parse_period

health_app = typer.Typer(
    help="自愿卫生服务：检查项目配置、覆盖情况 / Voluntary health services: check a programme "
    "file, coverage figures.",
    no_args_is_help=True,
)
app.add_typer(health_app, name="health")

Json = Annotated[bool, typer.Option("--json", help="输出一个 JSON 文档 / Print one JSON document.")]


@health_app.command("check-programme")
def check_programme(
    path: Annotated[Path, typer.Argument(help="项目配置 TOML 文件 / Programme TOML file.")],
    as_json: Json = False,
) -> None:
    """检查项目配置文件 / Validate a programme file (compulsion and unknown keys are refused)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigurationError(f"无法读取 {path}：{error} / cannot read {path}") from None
    try:
        programme = parse_programme_text(text, source=path.name)
    except ConfigurationError as error:
        if not as_json:
            raise
        typer.echo(json.dumps({"valid": False, "problems": error.problems}, ensure_ascii=False))
        raise typer.Exit(1) from None
    visits = [visit.key for visit in programme.visits]
    if as_json:
        document = {"valid": True, "code": programme.code, "visits": visits}
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    console.print(
        f"[green]项目配置有效 / valid:[/] {programme.code} {programme.name_zh} "
        f"({', '.join(visits)})",
        highlight=False,
    )


ATTENDANCE_NOTE = (
    "转诊和随访只给比率，不给没来的人数；至少 5 人来过、且没来的为 0 或至少 5 人时才显示 / "
    "referrals and follow-ups are rates only, never counts of people who did not come; a rate "
    "shows only when at least 5 came and none or at least 5 did not (—)"
)


@health_app.command("coverage")
def coverage(
    area: Annotated[str, typer.Option("--area", help="区划代码 / Area code (6, 9 or 12 digits).")],
    period: Annotated[
        str | None, typer.Option("--period", help="月份或年份，如 2025-07 / Month or year.")
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="小数字隐藏为 <5 / Suppress counts 1–4 as <5.")
    ] = False,
    database_url: DatabaseUrl = None,
    as_json: Json = False,
) -> None:
    """覆盖情况（仅汇总、比率）/ Coverage by township, month and programme: aggregates, rates."""
    chosen = parse_period(period) if period else None
    compute = suppressed_coverage_figures if public else coverage_figures
    with open_store(database_url) as session:
        figures = compute(session, area_code=area, period=chosen)
    if as_json:
        typer.echo(json.dumps(figures.to_dicts(), ensure_ascii=False, default=str))
        return
    table = Table(title=f"卫生服务覆盖 Health services coverage {area}", title_justify="left")
    columns = ["township_code", "month", "programme", "screened", "positive", "positive_rate",
               "positive_results", "referral_rate", "referral_completion_rate",
               "follow_up_completion_rate", "distributed", "withdrawn"]  # fmt: skip
    for column in columns:
        table.add_column(column)
    for row in figures.iter_rows(named=True):
        table.add_row(*("—" if row[column] is None else str(row[column]) for column in columns))
    console.print(table)
    console.print(ATTENDANCE_NOTE, highlight=False)
