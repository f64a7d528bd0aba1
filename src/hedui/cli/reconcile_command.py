"""`hedui reconcile LINK_DIR --period 2025-12`: turn a linkage run's discrepancies into cases.

Thin: applies pending migrations, then calls :func:`hedui.runs.reconcile_period` on the link
directory (the run and all its cases are saved together, or nothing is; the report's figures
are computed while the run's findings are at hand), with a progress bar, and prints the
findings by kind and what became of them: new cases, cases found again, closed cases that came
back (recurring) and closed cases that never went away (kept closed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.cli.options import AsJson, DatabaseUrl, PeriodOption, open_store
from hedui.cli.progress_bars import one_bar
from hedui.linkage.link_dir import LinkDir
from hedui.period import parse_period
from hedui.reconcile.options import ReconcileOptions
from hedui.reconcile.run import ReconcileSummary
from hedui.runs import reconcile_period

ALL_AREAS = "all"


@app.command("reconcile")
def reconcile(
    link_dir: Annotated[Path, typer.Argument(help="hedui link 的输出目录 / the link output dir")],
    period: PeriodOption,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="写出 findings.csv 与 summary.json 的目录 / output folder"),
    ] = None,
    database_url: DatabaseUrl = None,
    area: Annotated[
        str,
        typer.Option(
            "--area",
            help="只保留此区划内的发现；all 为链接目录所属的县 / keep findings inside this "
            "area code; 'all' means the link directory's county",
        ),
    ] = ALL_AREAS,
    late_days: Annotated[
        int | None,
        typer.Option(
            "--late-days",
            help="所有事件的登记期限（天），默认按事件类型 / registration limit in days for every "
            "event type (default: per event type)",
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """核对链接结果，生成待核实事项 Reconcile a link directory into follow-up cases."""
    chosen = parse_period(period)
    options = _options(late_days)
    link = LinkDir.open(link_dir)
    area_code = link.county() if area == ALL_AREAS else area
    with (
        open_store(database_url) as session,
        one_bar("核对 reconciling", disable=as_json) as progress,
    ):
        outcome = reconcile_period(
            session,
            period=chosen,
            area_code=area_code,
            link_dir=link,
            out_dir=out,
            options=options,
            progress=progress,
        )
    summary = outcome.summary
    if as_json:
        console.out(json.dumps(summary.to_dict(), ensure_ascii=False), highlight=False)
        return
    _render(summary)
    if outcome.figures_error:
        console.print(
            f"[yellow]报告数据未能计算 The report's figures could not be computed:[/] "
            f"{outcome.figures_error}",
            highlight=False,
        )


def _options(late_days: int | None) -> ReconcileOptions | None:
    """Options from the flags; ``None`` (the defaults) when no flag was given."""
    if late_days is None:
        return None
    return ReconcileOptions(late_days=dict.fromkeys(ReconcileOptions().late_days, late_days))


def _render(summary: ReconcileSummary) -> None:
    kinds = Table(title=f"第 {summary.run_id} 次核对 Run {summary.run_id} · {summary.period}")
    kinds.add_column("类型 kind")
    kinds.add_column("发现 findings", justify="right")
    for kind, count in summary.by_kind.items():
        kinds.add_row(kind, f"{count:,}")
    kinds.add_row("[bold]合计 total[/]", f"[bold]{summary.findings:,}[/]")
    console.print(kinds)
    cases = Table(title=f"待核实事项 Cases · {summary.area_code}", show_header=False)
    cases.add_column(style="bold")
    cases.add_column(justify="right")
    cases.add_row("新开 new", f"{summary.new:,}")
    cases.add_row("再次发现 seen again", f"{summary.seen_again:,}")
    cases.add_row("重新打开（再次出现）recurring", f"{summary.recurring:,}")
    cases.add_row("已结案仍存在 kept closed", f"{summary.kept_closed:,}")
    if summary.outside_area:
        cases.add_row("辖区外未保存 outside the area", f"{summary.outside_area:,}")
    console.print(cases)
    if summary.out_dir:
        console.print(f"文件 Files: {summary.out_dir}", highlight=False)
