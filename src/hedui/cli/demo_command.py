"""``hedui demo``: the main job on embedded defaults, as ``make demo`` runs it.

It chains the commands a user would type — ``hedui synth``, ``hedui link``, ``hedui evaluate`` —
by calling them as functions, so the demo shows exactly what those commands show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hedui.cli.app import app, console
from hedui.cli.evaluate_command import evaluate
from hedui.cli.link_command import link
from hedui.cli.synth_command import synth
from hedui.synth import SOURCE_NAMES


@app.command("demo")
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="示例数据目录 Directory for the demo county.")
    ] = Path("demo-data"),
    people: Annotated[
        int, typer.Option("--people", min=100, help="示例县人口 Residents of the demo county.")
    ] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子 Random seed.")] = 1,
) -> None:
    """运行示例：生成合成县、链接、评估 / Generate, link and evaluate a demo county."""
    console.rule("[bold]1. 生成合成县 Generate a synthetic county")
    synth(out=out, people=people, seed=seed)
    console.rule("[bold]2. 链接各来源 Link the sources")
    link_dir = out / "link"
    link(sources=[str(out / f"{name}.csv") for name in SOURCE_NAMES], out=link_dir)
    console.rule("[bold]3. 按真实答案评估 Evaluate against the truth")
    evaluate(clusters=link_dir / "clusters.csv", truth=out / "truth.csv")
    console.print(
        f"\n[bold green]完成 Done.[/] 数据 data: {out}/   链接结果 linkage: {link_dir}/\n"
        f"解释一条记录 explain a record: "
        f".venv/bin/hedui link --out {link_dir} --explain health_births:<record_id>",
        highlight=False,
    )
