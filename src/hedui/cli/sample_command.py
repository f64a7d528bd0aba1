"""`hedui sample --village CODE --n 20`: a random, reproducible list of records for a field check.

Thin: draws with :func:`hedui.reconcile.sample.draw_sample` from a link directory given on the
command line, or else from the link directory of the reconciliation run covering the village
(:func:`hedui.runs.covering_run`; the database then records the draw in the audit log). Prints
the list, or one JSON document with ``--json``; ``--out`` writes it as CSV or Excel for the
auditor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from hedui.cli.app import app, console
from hedui.cli.options import AsJson, DatabaseUrl, open_store
from hedui.errors import InvalidInputError
from hedui.period import parse_period
from hedui.reconcile.sample import SAMPLE_COLUMNS, VerificationSample, draw_sample, write_sample
from hedui.runs import covering_run
from hedui.store.areas import AreaLevel, area_level
from hedui.store.audit import AuditAction, write_audit
from hedui.store.db import transaction


@app.command("sample")
def sample(
    village: Annotated[str, typer.Option("--village", help="12 位村代码 / village code")],
    link_dir: Annotated[
        Path | None,
        typer.Argument(
            help="hedui link 的输出目录；省略时用数据库中最近一次核对的目录 / link output dir "
            "(default: that of the latest reconcile run in the database)",
            show_default=False,
        ),
    ] = None,
    n: Annotated[int, typer.Option("--n", help="抽取的记录数 / records to draw", min=1)] = 20,
    period: Annotated[
        str | None,
        typer.Option("--period", help="只抽此期间的事件，如 2025-12 / only events in this period"),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="随机种子，默认由村代码和期间得出 / random seed (default: from village, period)",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="写出样本 .csv 或 .xlsx / write the list to .csv or .xlsx"),
    ] = None,
    database_url: DatabaseUrl = None,
    as_json: AsJson = False,
) -> None:
    """抽取核查样本 Draw a reproducible, source-stratified sample of a village's records."""
    if area_level(village) is not AreaLevel.VILLAGE:
        raise InvalidInputError(
            f"--village 须为 12 位村代码，而不是 {village} / --village needs a 12-digit village "
            f"code, not {village}"
        )
    chosen_period = parse_period(period) if period else None
    if link_dir is not None:
        drawn = draw_sample(link_dir, village_code=village, n=n, period=chosen_period, seed=seed)
    else:
        with open_store(database_url) as session, transaction(session):
            run = covering_run(session, village)
            if run is None:
                raise InvalidInputError(
                    f"数据库中没有覆盖村 {village} 的核对记录，请给出链接目录 / no reconcile run "
                    f"in the database covers village {village}; give the link directory as an "
                    "argument"
                )
            drawn = draw_sample(
                Path(run.link_dir), village_code=village, n=n, period=chosen_period, seed=seed
            )
            write_audit(
                session,
                actor=None,
                actor_username="(cli)",
                action=AuditAction.SAMPLE_DRAWN,
                area_code=village,
                target_type="village",
                target_id=village,
                detail={"n": n, "seed": drawn.seed, "period": drawn.period},
            )
    if out is not None:
        write_sample(out, drawn)
    if as_json:
        console.out(json.dumps(drawn.to_dict(), ensure_ascii=False), highlight=False)
        return
    console.print(_table(drawn))
    if out is not None:
        console.print(f"[green]已写出 Written:[/] {out}", highlight=False)


def _table(drawn: VerificationSample) -> Table:
    allocation = "，".join(f"{s} {k}/{drawn.available[s]}" for s, k in drawn.allocation.items())
    table = Table(
        title=f"核查样本 Verification sample · {drawn.village_code} · seed {drawn.seed}",
        caption=f"每个来源 抽取/可抽 per source drawn/available: {allocation}",
    )
    for column in SAMPLE_COLUMNS:
        table.add_column(column, overflow="fold")
    for record in drawn.records:
        table.add_row(*[escape(record.get(c) or "") for c in SAMPLE_COLUMNS])
    return table
