"""`hedui link SOURCE.csv ... --out DIR`: link the sources; `--explain SOURCE:ID` says why.

Linking writes ``DIR/clusters.csv``, ``DIR/links.parquet`` and ``DIR/model.json`` (plus
``duplicates.csv``, ``ambiguous.csv`` and ``quarantine.csv``) and prints a summary; every
long step shows a progress bar. ``--explain`` reads a finished run in ``--out`` and shows,
for the record's strongest candidate pairs, each field's agreement level and weight.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from hedui.cli.app import app, console
from hedui.errors import InvalidInputError
from hedui.linkage.engine import ENGINES, EngineOptions
from hedui.linkage.explain import Explanation, PairExplanation, explain_record
from hedui.linkage.pipeline import LinkResult, link_files


class RichProgress:
    """A :class:`~hedui.linkage.progress.ProgressReporter` drawing one Rich bar per step."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def start(self, step: str, total: float | None = None) -> None:
        """Add a bar (indeterminate when ``total`` is None)."""
        self._tasks[step] = self._progress.add_task(step, total=total)

    def advance(self, step: str, amount: float = 1.0) -> None:
        """Move the step's bar on."""
        self._progress.advance(self._tasks[step], amount)

    def finish(self, step: str) -> None:
        """Fill the step's bar."""
        task = self._tasks[step]
        total = self._progress.tasks[task].total
        self._progress.update(task, total=total or 1, completed=total or 1)


def _summary(result: LinkResult) -> Table:
    table = Table(title=f"链接完成 Linked → {result.out_dir}", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("记录 records", f"{result.records:,}"),
        ("隔离的问题行 quarantined", f"{result.quarantined:,}"),
        ("比对的记录对 pairs scored", f"{result.pairs_scored:,}"),
        (f"链接 links (p ≥ {result.threshold:g})", f"{result.links:,}"),
        ("簇 clusters", f"{result.clusters:,}"),
        ("同源重复 duplicates", f"{result.duplicates:,}"),
        ("存疑待核 ambiguous", f"{result.ambiguous:,}"),
        ("模型 model", "新训练 trained" if result.training else "沿用 reused"),
        ("用时 seconds", f"{sum(result.seconds.values()):.1f}"),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return table


def _pair_table(pair: PairExplanation) -> Table:
    verdict = "[green]已链接 linked[/]" if pair.linked else "[yellow]未链接 not linked[/]"
    title = f"{pair.other_source}:{pair.other_record_id} — p = {pair.match_probability:.6f}"
    table = Table(title=f"{title} {verdict}", title_justify="left")
    for column in ("字段 field", "本记录 this", "对方 other", "级别 level"):
        table.add_column(column)
    table.add_column("权重 weight", justify="right")
    table.add_row("先验 prior", "", "", "λ", f"{pair.prior_weight:+.2f}")
    for field in pair.fields:
        style = "green" if field.weight > 0 else "red" if field.weight < 0 else "dim"
        table.add_row(
            field.comparison,
            field.left or "—",
            field.right or "—",
            field.level,
            f"[{style}]{field.weight:+.2f}[/]",
        )
    if pair.term_frequency_weight:
        table.add_row(
            "name 词频 tf",
            "",
            "",
            "常见/罕见姓名 name frequency",
            f"{pair.term_frequency_weight:+.2f}",
        )
    table.add_row("[bold]合计 total[/]", "", "", "", f"[bold]{pair.match_weight:+.2f}[/]")
    return table


def _render_explanation(explanation: Explanation) -> None:
    console.print(
        f"[bold]{explanation.source}:{explanation.record_id}[/] 属于簇 in cluster "
        f"[bold]{explanation.cluster_id}[/]，阈值 threshold {explanation.threshold:g}"
    )
    if explanation.cluster:
        others = ", ".join(f"{s}:{r}" for s, r in explanation.cluster)
        console.print(f"同簇记录 linked with: {others}")
    else:
        console.print("未与任何记录链接 not linked to any record")
    for other_source, other_record, note in explanation.flags:
        console.print(f"[yellow]待核 flagged:[/] {other_source}:{other_record} — {note}")
    if not explanation.pairs:
        console.print(
            "[yellow]分块规则没有为它生成任何比对对：没有记录在身份证号、姓名拼音+出生日期等键上与它相同。"
            " Blocking generated no candidate pair for it.[/]"
        )
        return
    console.print(
        f"候选记录对 {explanation.candidates} 个，显示最强的 {len(explanation.pairs)} 个 / "
        f"{explanation.candidates} candidate pairs, strongest {len(explanation.pairs)} shown"
    )
    for pair in explanation.pairs:
        console.print(_pair_table(pair))


def _parse_record(value: str) -> tuple[str, str]:
    source, sep, record_id = value.partition(":")
    if not sep or not source or not record_id:
        raise InvalidInputError(
            f"--explain 需要 来源:记录号 的形式，例如 village_ledger:VL000123；收到 {value!r} / "
            f"--explain takes SOURCE:RECORD_ID, e.g. village_ledger:VL000123; got {value!r}"
        )
    return source, record_id


@app.command("link")
def link(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="规范格式的来源文件 Source files in the canonical schema (CSV/Excel)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出目录 Output directory.")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="沿用已训练的 model.json，不再训练 Reuse a trained model.json."),
    ] = None,
    engine: Annotated[
        str, typer.Option(help=f"计算引擎 SQL engine ({', '.join(ENGINES)}).")
    ] = "duckdb",
    threshold: Annotated[
        float | None,
        typer.Option(help="链接阈值（匹配概率）Match probability to link at (default 0.5)."),
    ] = None,
    memory_limit: Annotated[str, typer.Option(help="DuckDB 内存上限 DuckDB memory limit.")] = "3GB",
    explain: Annotated[
        str | None,
        typer.Option(
            metavar="SOURCE:RECORD_ID",
            help="解释某条记录为何链接（读取 --out 的结果）Explain a record of the run in --out.",
        ),
    ] = None,
) -> None:
    """链接来源记录并聚类 Link records across sources and cluster them into people and events."""
    if out is None:
        raise typer.BadParameter("需要 --out 输出目录 / --out is required", param_hint="--out")
    if explain is not None:
        source, record_id = _parse_record(explain)
        _render_explanation(explain_record(out, source, record_id))
        return
    if not sources:
        raise typer.BadParameter(
            "至少需要一个来源文件 / give at least one source file", param_hint="SOURCES"
        )
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        result = link_files(
            sources,
            out,
            model_path=model,
            engine=engine,
            threshold=threshold,
            engine_options=EngineOptions(
                memory_limit=memory_limit, temp_directory=out / ".hedui-tmp"
            ),
            progress=RichProgress(bar),
        )
    console.print(_summary(result))
    for warning in result.warnings:
        console.print(f"[yellow]注意 Warning:[/] {warning}", highlight=False)
