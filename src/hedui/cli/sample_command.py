"""`hedui sample --village CODE --n 20`: a random, reproducible list of records for a field check.

Thin: draws with :func:`hedui.reconcile.sample.draw_sample` from a link directory given on the
command line, or else from the link directory of the latest reconcile run that covered the
village (found in the database, which then records the draw in the audit log). Prints the list,
or one JSON document with ``--json``; ``--out`` writes it as CSV or Excel for the auditor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.cli.app import app, console
from hedui.cli.db_command import DatabaseUrl
from hedui.errors import InvalidInputError
from hedui.period import parse_period
from hedui.reconcile.sample import SAMPLE_COLUMNS, VerificationSample, draw_sample, write_sample
from hedui.store.areas import AreaLevel, area_level, is_within
from hedui.store.audit import AuditAction, write_audit
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory, resolve_database_url, transaction
from hedui.store.migrations import upgrade


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
    as_json: Annotated[
        bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
    ] = False,
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
        url = resolve_database_url(database_url)
        upgrade(url)
        engine = make_engine(url)
        try:
            with make_session_factory(engine)() as session, transaction(session):
                directory = _latest_link_dir(session, village)
                drawn = draw_sample(
                    directory, village_code=village, n=n, period=chosen_period, seed=seed
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
        finally:
            engine.dispose()
    if out is not None:
        write_sample(out, drawn)
    if as_json:
        console.out(json.dumps(drawn.to_dict(), ensure_ascii=False), highlight=False)
        return
    console.print(_table(drawn))
    if out is not None:
        console.print(f"[green]已写出 Written:[/] {out}", highlight=False)


def _latest_link_dir(session: Session, village: str) -> Path:
    """The link directory of the latest reconcile run whose area covers ``village``."""
    runs = session.execute(
        select(ReconcileRun.area_code, ReconcileRun.link_dir).order_by(ReconcileRun.id.desc())
    )
    for area, directory in runs:
        if is_within(village, area):
            return Path(directory)
    raise InvalidInputError(
        f"数据库中没有覆盖村 {village} 的核对记录，请给出链接目录 / no reconcile run in the "
        f"database covers village {village}; give the link directory as an argument"
    )


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
