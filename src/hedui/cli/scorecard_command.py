"""`hedui scorecard LINK_DIR`: every village's data quality, in bands that do not rank on noise.

Thin: finds the run's discrepancies with :func:`hedui.reconcile.find_all`, scores the villages
with :func:`hedui.stats.scorecard.village_scorecard` and prints one table (band, score with its
interval, the four dimensions, what to fix first), best band first; ``--top N`` shows only the
N villages that most need support. ``--json`` prints one JSON document with the same figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.linkage.link_dir import LinkDir
from hedui.period import parse_period
from hedui.reconcile import find_all
from hedui.stats.quality_bands import DIMENSIONS
from hedui.stats.scorecard import Scorecard, village_scorecard

_HEADERS = {
    "completeness": "完整性 complete",
    "timeliness": "及时性 timely",
    "accuracy": "准确性 accurate",
    "consistency": "一致性 consistent",
}


def _share(value: float | None, lower: float, upper: float) -> str:
    if value is None:
        return "—"
    return f"{value:.0%} [{lower:.0%}, {upper:.0%}]"


def _table(card: Scorecard, villages: pl.DataFrame, title: str) -> Table:
    cells = {
        (str(r["village_code"]), str(r["dimension"])): _share(r["value"], r["lower"], r["upper"])
        for r in card.dimensions.iter_rows(named=True)
    }
    table = Table(title=title)
    table.add_column("档 band", justify="right")
    table.add_column("村 village")
    table.add_column("得分 score [95%]")
    for name in DIMENSIONS:
        table.add_column(_HEADERS[name], overflow="fold")
    table.add_column("先改进 fix first", overflow="fold")
    for row in villages.iter_rows(named=True):
        code = str(row["village_code"])
        score = _share(row["score"], row["lower"], row["upper"])
        advice = f"{row['advice_zh']}\n{row['advice_en']}" if row["advice_zh"] else "—"
        table.add_row(
            str(row["band"]),
            code,
            score,
            *[cells.get((code, d), "—") for d in DIMENSIONS],
            advice,
        )
    return table


@app.command("scorecard")
def scorecard(
    link_dir: Annotated[Path, typer.Argument(help="hedui link 的输出目录 / the link output dir")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="报告期（年初至该期末）如 2025-10 / year to date of a period"
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top", min=1, help="只列最需要帮助的 N 个村 / only the N villages most in need"
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
    ] = False,
) -> None:
    """村级数据质量评分 Village data-quality scorecard, in bands that do not rank on noise."""
    chosen = parse_period(period) if period else None
    link = LinkDir.open(link_dir)
    card = village_scorecard(link, find_all(link), period=chosen)
    if as_json:
        document = card.to_dict()
        if top is not None:
            document["needing_support"] = card.needing_support(top).to_dicts()
        console.out(json.dumps(document, ensure_ascii=False), highlight=False)
        return
    if top is None:
        title = f"村级数据质量评分 village data quality（{card.bands} 档 bands）"
        console.print(_table(card, card.villages, title))
    else:
        needing = card.needing_support(top)
        title = f"最需要帮助的村 villages most in need of support（{needing.height}）"
        if needing.is_empty():
            console.print(
                "没有哪个村在任何方面明显差于全县其他村 / no village is worse than the rest of "
                "the county on any dimension: the data cannot tell which need more support",
                highlight=False,
            )
        else:
            console.print(_table(card, needing, title))
    console.print(
        "档：1 档＝没有哪一方面明显差于全县其他村；2 档＝一方面；3 档＝两方面以上 / band 1: worse "
        "than the rest of the county on no dimension; band 2: on one; band 3: on two or more",
        highlight=False,
    )
