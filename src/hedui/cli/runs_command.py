"""`hedui runs purge`: delete the personal data of reconciliation runs past their retention period.

The web application does this by itself once a day; the command is for a county that runs
reconciliations from scripts, or wants the files gone now. See
:mod:`hedui.reconcile.retention` for what is deleted and what is kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hedui.cli.app import app, console
from hedui.cli.options import AsJson, DatabaseUrl, open_store
from hedui.reconcile.retention import DEFAULT_RETENTION_DAYS, purge_runs
from hedui.store.db import resolve_database_url, transaction

RETENTION_ENV = "HEDUI_RUN_RETENTION_DAYS"
WORK_DIR_ENV = "HEDUI_WORK_DIR"

runs_app = typer.Typer(
    help="核对文件：按保存期限删除 / Reconciliation run files: delete them after their retention.",
    no_args_is_help=True,
)
app.add_typer(runs_app, name="runs")


@runs_app.command("purge")
def purge_command(
    older_than: Annotated[
        int,
        typer.Option(
            "--older-than",
            envvar=RETENTION_ENV,
            min=0,
            help="保存天数：核对结束超过这么多天的文件被删除 / Days a run's files are kept after "
            "it finished.",
        ),
    ] = DEFAULT_RETENTION_DAYS,
    work_dir: Annotated[
        Path | None,
        typer.Option(
            "--work-dir",
            envvar=WORK_DIR_ENV,
            help="工作目录，默认数据库文件旁的 hedui-work / Work directory (default: hedui-work "
            "beside the SQLite file).",
            show_default=False,
        ),
    ] = None,
    database_url: DatabaseUrl = None,
    as_json: AsJson = False,
) -> None:
    """删除过期核对的个人数据文件 / Delete the personal data files of expired runs."""
    from hedui.web.settings import Settings  # the web's rule for where the work directory is

    folder = work_dir or Settings.from_env(resolve_database_url(database_url)).work_path
    with open_store(database_url) as session, transaction(session):
        result = purge_runs(session, folder, retention_days=older_than)
    if as_json:
        console.print_json(json.dumps({"work_dir": str(folder), **result.to_dict()}))
        return
    console.print(
        f"已删除 {len(result.folders)} 次核对的 {result.files} 个文件，保留 {len(result.kept)} 次"
        f"（未满 {older_than} 天）/ deleted {result.files} files of {len(result.folders)} runs; "
        f"{len(result.kept)} kept (younger than {older_than} days): {folder}",
        highlight=False,
    )
