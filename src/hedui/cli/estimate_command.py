"""`hedui estimate LINK_DIR`: how many events really happened, and how complete each source is.

Thin: reads a linkage output through :func:`hedui.stats.link_estimates.estimate_from_link_dir`
(``--period``: only the events that happened in that month or year)
and prints one table per event type (area, records per source, estimate with its interval,
completeness per source), then the assumptions. ``--json`` prints one JSON document with the
same figures and nothing else, for scripts.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.linkage.link_dir import LinkDir
from hedui.period import parse_period
from hedui.stats.link_estimates import AreaEstimate, Level, estimate_from_link_dir
from hedui.stats.loglinear import Criterion, LoglinearEstimate


def _number(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:,.1f}"


def _loglinear_note(result: LoglinearEstimate) -> str:
    """Under a log-linear estimate: how it was chosen, the plausible range, any caution."""
    low, high = result.sensitivity
    if result.selection == "average":
        note = f"\n模型平均 model average（最佳 best: {result.chosen.name}）"
    else:
        note = f"\n{result.chosen.name}"
    if high > low:
        note += f"\n可信模型 plausible models: {_number(low)} – {_number(high)}"
    if result.caution is not None:
        note += f"\n[yellow]{result.caution}[/]"
    return note


def _table(kind: str, rows: list[AreaEstimate]) -> Table:
    """One row per area; each source's cell is its count and, when estimable, completeness."""
    sources = sorted({s for row in rows for s in row.histories.sources})
    table = Table(title=f"{kind} 估计 estimates（来源：登记数（完整性）/ count (completeness)）")
    table.add_column("地区 area")
    for source in sources:
        table.add_column(source, justify="right", overflow="fold")
    table.add_column("观测 seen", justify="right")
    table.add_column("估计 estimate [low, high]", overflow="fold")
    for row in rows:
        result = row.result
        shares = {}
        if result.estimable:
            shares = {c.source: f" ({c.completeness:.0%})" for c in result.completeness}
            iv = result.interval
            estimate = f"{_number(result.n_hat)} [{_number(iv.lower)}, {_number(iv.upper)}]"
            widened = row.interval_with_linkage
            if row.linkage_ambiguity and widened is not None:
                estimate += (
                    f"\n含链接存疑 with linkage doubt: [{_number(widened.lower)}, "
                    f"{_number(widened.upper)}]（{row.linkage_ambiguity} 对待人工核对 "
                    "pairs left to check, ambiguous.csv）"
                )
            if isinstance(result, LoglinearEstimate):
                estimate += _loglinear_note(result)
        else:
            estimate = f"[yellow]{result.reason}[/]"
        cells = [f"{row.counts[s]}{shares.get(s, '')}" if s in row.counts else "" for s in sources]
        seen = str(row.histories.n_observed)
        table.add_row(row.area or "未知 unknown", *cells, seen, estimate)
    return table


@app.command("estimate")
def estimate(
    link_dir: Annotated[Path, typer.Argument(help="hedui link 的输出目录 / the link output dir")],
    by: Annotated[
        str, typer.Option("--by", help="地区层级 county|township|village / area level")
    ] = "county",
    event: Annotated[
        str | None, typer.Option("--event", help="只估计这类事件 / only this event type")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="只估计此期间发生的事件，如 2025-12 或 2025 / only events that happened in this "
            "month or year (default: all)",
        ),
    ] = None,
    criterion: Annotated[
        str, typer.Option("--criterion", help="模型选择 aic|bic / model selection")
    ] = "aic",
    as_json: Annotated[
        bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
    ] = False,
) -> None:
    """捕获—再捕获估计真实事件数 Estimate true event counts and source completeness."""
    level: Level = by  # type: ignore[assignment]  # checked by the library
    chosen: Criterion = criterion  # type: ignore[assignment]  # checked by the library
    within = parse_period(period) if period else None
    link = LinkDir.open(link_dir)
    results = estimate_from_link_dir(link, by=level, event=event, period=within, criterion=chosen)
    evaluation = link.evaluation()
    linkage = evaluation.get("pairwise") if evaluation else None
    if as_json:
        document = {
            "by": by,
            "period": within.label if within else None,
            "estimates": [r.to_dict() for r in results],
            "linkage_evaluation": linkage,
        }
        console.out(json.dumps(document, ensure_ascii=False), highlight=False)
        return
    kinds = sorted({r.event for r in results})
    for kind in kinds:
        console.print(_table(kind, [r for r in results if r.event == kind]))
    assumptions = sorted({a for r in results for a in r.assumptions})
    if assumptions:
        console.print("假设 Assumptions:")
        for line in assumptions:
            console.print(f"  • {line}", highlight=False)
    console.print(_linkage_line(linkage), highlight=False)


def _linkage_line(pairwise: object) -> str:
    """The linkage error beside the estimate: the estimates assume linkage is perfect."""
    if not isinstance(pairwise, dict):
        return (
            "链接误差：未评估（没有 evaluation.json） / linkage error: not evaluated "
            "(run hedui evaluate to measure it on data with a known truth)"
        )
    precision, recall = float(pairwise["precision"]), float(pairwise["recall"])
    return (
        f"链接误差 linkage error: 错误链接 false links {1 - precision:.2%}，"
        f"漏链接 missed links {1 - recall:.2%}（F1 {float(pairwise['f1']):.4f}）"
    )
