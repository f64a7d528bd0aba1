"""`hedui evaluate DIR/clusters.csv truth.csv`: how good are the clusters?

Prints pairwise precision, recall and F1 (overall and per event type), cluster-level
figures, and recall broken down by the kind of error the synthetic generator injected —
so a user sees which mistakes the linker still misses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.linkage.evaluate import Evaluation, PairCounts, evaluate_clusters
from hedui.linkage.link_dir import LinkDir

_EVENTS_ZH = {
    "resident": "在册 resident",
    "birth": "出生 birth",
    "death": "死亡 death",
    "marriage": "结婚 marriage",
    "divorce": "离婚 divorce",
    "move_in": "迁入 move in",
    "move_out": "迁出 move out",
    "move": "县内迁移 move within",
}


def _pair_row(table: Table, label: str, counts: PairCounts) -> None:
    table.add_row(
        label,
        f"{counts.precision:.4f}",
        f"{counts.recall:.4f}",
        f"{counts.f1:.4f}",
        f"{counts.true_pairs:,}",
        f"{counts.predicted_pairs:,}",
    )


def _pairwise_table(evaluation: Evaluation) -> Table:
    table = Table(title="成对指标 Pairwise")
    table.add_column("范围 scope")
    for column in ("精确率 precision", "召回率 recall", "F1", "真实对 true", "预测对 predicted"):
        table.add_column(column, justify="right")
    _pair_row(table, "全部 all", evaluation.pairwise)
    for event, counts in evaluation.by_event.items():
        _pair_row(table, _EVENTS_ZH.get(event, event), counts)
    return table


def _cluster_table(evaluation: Evaluation) -> Table:
    figures = evaluation.clusters
    table = Table(title="簇 Clusters", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("真实实体 true entities", f"{figures.entities:,}")
    table.add_row("预测簇 predicted clusters", f"{figures.clusters:,}")
    table.add_row("完全正确 exact", f"{figures.exact:,} ({figures.exact_share:.2%})")
    table.add_row("被拆分的实体 split entities", f"{figures.split:,}")
    table.add_row("混入他人的簇 merged clusters", f"{figures.merged:,}")
    return table


def _error_table(evaluation: Evaluation) -> Table:
    table = Table(title="按错误类型的召回率 Recall by injected error")
    table.add_column("错误类型 error kind")
    table.add_column("涉及的真实对 true pairs", justify="right")
    table.add_column("召回率 recall", justify="right")
    table.add_column("漏链 missed", justify="right")
    for kind, recall in sorted(evaluation.recall_by_error.items(), key=lambda kv: kv[1].recall):
        style = "red" if recall.recall < 0.99 else ""
        table.add_row(
            kind,
            f"{recall.pairs:,}",
            f"[{style}]{recall.recall:.4f}[/]" if style else f"{recall.recall:.4f}",
            f"{recall.pairs - recall.found:,}",
        )
    return table


@app.command("evaluate")
def evaluate(
    clusters: Annotated[Path, typer.Argument(help="hedui link 输出的 clusters.csv.")],
    truth: Annotated[
        Path, typer.Argument(help="真实归属 truth.csv (source,record_id,entity_id,errors).")
    ],
    save: Annotated[
        bool,
        typer.Option(
            "--save/--no-save",
            help="把结果写入链接目录的 evaluation.json（估计和报告会显示链接误差） / write "
            "evaluation.json beside clusters.csv, so estimates and reports show the linkage error",
        ),
    ] = True,
    as_json: Annotated[
        bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
    ] = False,
) -> None:
    """评估链接结果 Compare clusters with the truth: precision, recall, F1, missed errors."""
    result = evaluate_clusters(clusters, truth)
    document = result.to_dict()
    if save:
        LinkDir.at(clusters.parent).save_evaluation(document)
    if as_json:
        console.out(json.dumps(document, ensure_ascii=False), highlight=False)
        return
    console.print(
        f"评估记录 {result.records:,} 条 records evaluated"
        f"（聚类中缺失 missing from clusters: {result.missing_from_clusters:,}；"
        f"真实数据未知 unknown to truth: {result.unknown_to_truth:,}）"
    )
    console.print(_pairwise_table(result))
    console.print(_cluster_table(result))
    if result.recall_by_error:
        console.print(_error_table(result))
