"""``hedui demo``: the main job on embedded defaults, as ``make demo`` runs it, then the web app.

It goes the way a county office would: a synthetic county is drawn (``hedui synth``), its five
sources are imported into a fresh database as the county administrator would upload them, the
ledger is linked and reconciled for December of the reporting year, the linkage is checked
against the county's truth (``hedui evaluate``, which also lets the estimates show the linkage
error), the true number of births is estimated, and the monthly report is written in HTML,
PDF and Excel. Then three demo users are created and the web application starts on
127.0.0.1, with the address and the logins printed. ``--no-serve`` stops before the server.

Every step calls the same library functions as the commands and pages, so the demo shows
exactly what they show. The demo's database and work directory are rebuilt on every run.
"""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from hedui.cli.app import app, console
from hedui.cli.divisions_command import seed_divisions
from hedui.cli.estimate_command import estimate
from hedui.cli.evaluate_command import evaluate
from hedui.cli.options import open_sessions
from hedui.cli.progress_bars import one_bar, step_bars
from hedui.cli.synth_command import synth
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.progress import step
from hedui.reports.fonts import find_cjk_font
from hedui.runs import RunFolder, export_report, reconcile_period
from hedui.store.accounts import create_user
from hedui.store.db import transaction
from hedui.store.importing import import_file
from hedui.store.users import Role, User
from hedui.synth import SOURCE_NAMES
from hedui.synth.params import DEFAULT_YEAR

DEMO_PASSWORD = "hedui-demo-2025"
"""The demo users' password (printed by the demo; never use it for real data)."""


def _areas(county_dir: Path) -> tuple[str, str, str]:
    """The county, first township and first village codes of a synthetic county."""
    villages = pl.read_csv(county_dir / "villages.csv", infer_schema=False).sort("code")
    village = str(villages["code"][0])
    return village[:6], str(villages["township_code"][0]), village


def _users(sessions: sessionmaker[Session], county: str, township: str, village: str) -> list[User]:
    """One user per role, for trying the web application."""
    users = [
        ("admin", Role.COUNTY_ADMIN, county),
        ("officer", Role.TOWNSHIP_OFFICER, township),
        ("clerk", Role.VILLAGE_CLERK, village),
    ]
    with sessions() as session, transaction(session):
        return [create_user(session, n, DEMO_PASSWORD, role, area) for n, role, area in users]


@dataclass(frozen=True)
class DemoReports:
    """What the demo's report step wrote, and what it left out and why (bilingual)."""

    written: list[Path]
    skipped: list[str]


def write_reports(
    session: Session, out: Path, period: Period, area_code: str, villages: Path
) -> DemoReports:
    """The monthly report as HTML, PDF and Excel, and the public edition as HTML.

    One :func:`hedui.runs.export_report`, with no audit entry: these are the demo's own
    files, made before anyone logs in. The step cannot stop the demo: on a machine without a
    CJK font the PDF (which must embed one) is skipped with a message saying what to install,
    and every other file is written — their charts fall back to another font
    (:mod:`hedui.reports.charts`).
    """
    formats = ["html", "pdf", "xlsx"]
    skipped = []
    if find_cjk_font() is None:
        formats.remove("pdf")
        skipped.append(
            "未生成 PDF 月报：没有中文字体（安装 fonts-noto-cjk 后运行 hedui report --format "
            "pdf）；HTML 和 Excel 已写出 / PDF report skipped: no CJK font (install "
            "fonts-noto-cjk, then run hedui report --format pdf); the HTML and Excel "
            "reports are written"
        )
    editions = [(fmt, "internal") for fmt in formats] + [("html", "public")]
    exported = export_report(
        session,
        period=period,
        area_code=area_code,
        editions=editions,
        exported_by=None,
        villages=villages,
    )
    written = []
    for file in exported.files:
        edition = "-public" if file.audience == "public" else ""
        path = out / f"report-{period.label}{edition}.{file.fmt}"
        path.write_bytes(file.body)
        written.append(path)
    return DemoReports(written=written, skipped=skipped)


@app.command("demo")
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="示例数据目录 Directory for the demo county.")
    ] = Path("demo-data"),
    people: Annotated[
        int, typer.Option("--people", min=100, help="示例县人口 Residents of the demo county.")
    ] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子 Random seed.")] = 1,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve", help="最后启动网页服务 / start the web application at the end"
        ),
    ] = True,
    host: Annotated[str, typer.Option("--host", help="监听地址 / Address to listen on.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="端口 / Port to listen on.")] = 8000,
) -> None:
    """运行示例：生成、导入、链接、核对、估计、报告，再启动网页 / The whole job on a demo county."""
    period = Period(DEFAULT_YEAR, 12)
    console.rule("[bold]1. 生成合成县 Generate a synthetic county")
    synth(out=out, people=people, seed=seed)
    county, township, village = _areas(out)

    database = out / "hedui.db"
    work_dir = out / "hedui-work"
    folder = RunFolder.under(work_dir, "demo")
    for stale in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(work_dir, ignore_errors=True)
    url = f"sqlite:///{database}"
    store = ExitStack()
    sessions = store.enter_context(open_sessions(url))
    admin, officer, clerk = _users(sessions, county, township, village)
    seed_divisions(sessions, out / "villages.csv")

    console.rule("[bold]2. 导入各来源 Import the sources")
    imported = Table(title=f"导入 Imported into {database}")
    for column in ("来源 source", "行 rows", "入库 accepted", "隔离 quarantined"):
        imported.add_column(column, justify="left" if column.startswith("来源") else "right")
    with step_bars(transient=True, count=True) as bars:
        for name in SOURCE_NAMES:
            with (
                step(bars, f"导入 importing {name}"),
                sessions() as session,
                transaction(session),
            ):
                outcome = import_file(
                    session,
                    out / f"{name}.csv",
                    source=name,
                    actor=session.merge(admin),
                    area_code=county,
                    progress=bars,
                )
            bad_rows = len({q.row for q in outcome.quarantined})
            imported.add_row(
                name, f"{outcome.rows_read:,}", f"{outcome.accepted:,}", f"{bad_rows:,}"
            )
    console.print(imported)

    console.rule(f"[bold]3. 链接并核对 Link and reconcile ({period.label})")
    with one_bar("核对 reconciling") as progress, sessions() as session:
        run = reconcile_period(
            session,
            period=period,
            area_code=county,
            folder=folder,
            actor=session.merge(admin),
            progress=progress,
        )
    summary = run.summary
    found = Table(
        title=f"发现 Findings: {summary.findings:,}（新开事项 new cases {summary.new:,}）"
    )
    found.add_column("类型 kind")
    found.add_column("数 count", justify="right")
    for kind, count in sorted(summary.by_kind.items(), key=lambda kv: -kv[1]):
        found.add_row(kind, f"{count:,}")
    console.print(found)
    link_dir = folder.link

    console.rule("[bold]4. 按真实答案评估链接 Evaluate the linkage against the truth")
    evaluate(clusters=LinkDir.open(link_dir).clusters_path, truth=out / "truth.csv")

    console.rule("[bold]5. 估计真实出生数 Estimate the true number of births")
    estimate(link_dir=link_dir, by="county", event="birth")

    console.rule("[bold]6. 月报 Monthly report")
    with sessions() as session:
        reports = write_reports(session, out, period, county, out / "villages.csv")
    for path in reports.written:
        console.print(f"  {path}", highlight=False)
    for note in reports.skipped:
        console.print(f"  [yellow]{note}[/]", highlight=False)
    store.close()

    logins = Table(title="示例用户 Demo users（密码 password: " + DEMO_PASSWORD + "）")
    for column in ("用户名 username", "角色 role", "辖区 area"):
        logins.add_column(column)
    for user in (admin, officer, clerk):
        logins.add_row(user.username, user.role.value, user.area_code)
    console.print(logins)
    console.print(
        f"[bold green]完成 Done.[/] 数据 data: {out}/  数据库 database: {database}\n"
        f"报告 report: {reports.written[0]}",
        highlight=False,
    )
    if serve:
        _serve(url, work_dir, host, port)


def _serve(url: str, work_dir: Path, host: str, port: int) -> None:
    """Start the web application on the demo database until Ctrl+C."""
    import uvicorn

    from hedui.web.app import create_app
    from hedui.web.settings import Settings

    web_app = create_app(Settings.from_env(url, work_dir=work_dir), settle_heap=True)
    console.print(
        f"\n[bold]网页 Web:[/] http://{host}:{port}/  （按 Ctrl+C 停止 press Ctrl+C to stop）",
        highlight=False,
    )
    uvicorn.run(web_app, host=host, port=port, log_level="warning")
