"""`hedui synth`: write a synthetic county with ground truth, for testing and demonstrations.

The library draws the county (:func:`hedui.synth.generate_county`) and writes its files
(:func:`hedui.synth.write_county`); this command parses the options, shows a progress bar
while that happens, and prints the summary as tables.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.cli.progress_bars import one_bar
from hedui.errors import InvalidDateError
from hedui.synth import CountySummary, generate_county, write_county
from hedui.synth.params import DEFAULT_YEAR

_EVENT_LABELS = {
    "birth": "出生 birth",
    "death": "死亡 death",
    "marriage": "结婚 marriage",
    "divorce": "离婚 divorce",
    "move_in": "迁入 move in",
    "move_out": "迁出 move out",
}


def _parse_export_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidDateError(
            f"导出日期 {value!r} 应写成 YYYY-MM-DD / export date {value!r} must be YYYY-MM-DD"
        ) from None


@app.command("synth")
def synth(
    out: Annotated[Path, typer.Option("--out", help="输出目录 Directory to write the files to.")],
    people: Annotated[
        int, typer.Option("--people", min=10, help="1 月 1 日的常住人口 Residents on 1 January.")
    ] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子 Random seed.")] = 1,
    year: Annotated[int, typer.Option("--year", help="报告年度 Reporting year.")] = DEFAULT_YEAR,
    export_date: Annotated[
        str | None,
        typer.Option(
            "--export-date", help="导出日期 Export date, YYYY-MM-DD (default: 31 December)."
        ),
    ] = None,
    error_scale: Annotated[
        float,
        typer.Option(
            "--error-scale",
            min=0.0,
            help="误差倍数 Multiplies every error rate: 0 clean data, 2 hard data.",
        ),
    ] = 1.0,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="输出 summary.json 的内容 / print summary.json (one document)"),
    ] = False,
) -> None:
    """生成带真实答案的合成县 / Write a synthetic county with ground truth."""
    export = _parse_export_date(export_date)
    with one_bar("生成 generating") as progress:
        county = generate_county(
            people, seed, year=year, export_date=export, error_scale=error_scale, progress=progress
        )
        summary = write_county(county, out, progress=progress)
    if as_json:
        document = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        console.out(json.dumps(document, ensure_ascii=False), highlight=False)
        return
    _render(summary, out)


def _render(summary: CountySummary, out: Path) -> None:
    overview = Table(title=f"合成县 Synthetic county → {out}", show_header=False)
    overview.add_column(style="bold")
    overview.add_column(justify="right")
    overview.add_row("人口 people (1 Jan)", f"{summary.people:,}")
    overview.add_row("导出日人口 people at export", f"{summary.people_at_export:,}")
    overview.add_row("户 households", f"{summary.households:,}")
    overview.add_row("乡镇 townships", f"{summary.townships:,}")
    overview.add_row("村 villages", f"{summary.villages:,}")
    for kind, count in summary.events.items():
        overview.add_row(f"事件 {_EVENT_LABELS[kind]}", f"{count:,}")
    overview.add_row("双胞胎婴儿 twin babies", f"{summary.twin_births:,}")
    console.print(overview)

    records = Table(title="各来源记录数 Records per source")
    records.add_column("来源 source")
    records.add_column("记录 records", justify="right")
    for source, count in summary.records.items():
        records.add_row(source, f"{count:,}")
    records.add_row("合计 total", f"{summary.total_records:,}", style="bold")
    console.print(records)

    errors = Table(title=f"注入的错误 Injected errors (×{summary.error_scale:g})")
    errors.add_column("类型 kind")
    errors.add_column("记录 records", justify="right")
    for kind, count in summary.errors_by_kind.items():
        errors.add_row(kind, f"{count:,}")
    if not summary.errors_by_kind:
        errors.add_row("无 none", "0")
    console.print(errors)
