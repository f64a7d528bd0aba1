"""`hedui link SOURCE.csv ... --out DIR`: link the sources; `--explain SOURCE:ID` says why.

Linking writes ``DIR/clusters.csv``, ``DIR/links.parquet`` and ``DIR/model.json`` (plus
``duplicates.csv``, ``ambiguous.csv`` and ``quarantine.csv``) and prints a summary; every
long step shows a progress bar. ``--engine spark`` runs the same linkage on Apache Spark
(``--spark-master``), reads sources from any filesystem Spark knows (``hdfs://``,
``s3a://``) and writes the results as Parquet too. ``--explain`` reads a finished run in
``--out`` and shows, for the record's strongest candidate pairs, each field's agreement
level and weight.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.cli.progress_bars import step_bars
from hedui.errors import InvalidInputError
from hedui.linkage.engine import ENGINES, EngineOptions
from hedui.linkage.explain import Explanation, PairExplanation, explain_record
from hedui.linkage.link_dir import LinkDir
from hedui.linkage.pipeline import LinkResult, link_files


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


def _summary_json(result: LinkResult) -> str:
    return json.dumps(
        {
            "out_dir": str(result.out_dir),
            "records": result.records,
            "quarantined": result.quarantined,
            "pairs_scored": result.pairs_scored,
            "links": result.links,
            "clusters": result.clusters,
            "duplicates": result.duplicates,
            "ambiguous": result.ambiguous,
            "threshold": result.threshold,
            "model": "trained" if result.training else "reused",
            "seconds": result.seconds,
            "warnings": result.warnings,
        },
        ensure_ascii=False,
    )


def _spark_setting(value: str) -> tuple[str, str]:
    key, sep, setting = value.partition("=")
    if not sep or not key.strip():
        raise InvalidInputError(
            f"--spark-conf 需要 键=值 的形式，例如 spark.executor.memory=8g；收到 {value!r} / "
            f"--spark-conf takes KEY=VALUE, e.g. spark.executor.memory=8g; got {value!r}"
        )
    return key.strip(), setting.strip()


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
        list[str] | None,
        typer.Argument(
            help="规范格式的来源文件 Source files in the canonical schema (CSV/Excel/Parquet; "
            "with --engine spark also hdfs:// or s3a:// URIs)."
        ),
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
    spark_master: Annotated[
        str,
        typer.Option(
            help="Spark master（local[*]、spark://host:7077、yarn…）Where Spark runs "
            "(--engine spark)."
        ),
    ] = "local[*]",
    shuffle_partitions: Annotated[
        int,
        typer.Option(
            min=1,
            help="Spark 的 shuffle 分区数（每核数个）Spark shuffle partitions (a few per core).",
        ),
    ] = 8,
    spark_conf: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KEY=VALUE",
            help="其他 Spark 设置，可重复 Further Spark settings, repeatable "
            "(spark.executor.memory=8g).",
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(help="链接阈值（匹配概率）Match probability to link at (default 0.5)."),
    ] = None,
    memory_limit: Annotated[
        str,
        typer.Option(
            help="引擎内存上限（DuckDB；Spark 为 driver 内存）Engine memory (DuckDB; Spark driver)."
        ),
    ] = "3GB",
    explain: Annotated[
        str | None,
        typer.Option(
            metavar="SOURCE:RECORD_ID",
            help="解释某条记录为何链接（读取 --out 的结果）Explain a record of the run in --out.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
    ] = False,
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
    options = EngineOptions(
        memory_limit=memory_limit,
        temp_directory=LinkDir.at(out).temporary_path,
        spark_master=spark_master,
        shuffle_partitions=shuffle_partitions,
        spark_conf=tuple(_spark_setting(value) for value in spark_conf or []),
    )
    # With --json, stdout carries one JSON document and nothing else: no progress bars.
    with step_bars(disable=as_json) as bars:
        result = link_files(
            sources,
            out,
            model_path=model,
            engine=engine,
            threshold=threshold,
            engine_options=options,
            progress=bars,
        )
    if as_json:
        console.out(_summary_json(result), highlight=False)
        return
    console.print(_summary(result))
    for warning in result.warnings:
        console.print(f"[yellow]注意 Warning:[/] {warning}", highlight=False)
