"""How long `hedui report` takes on a linked county: cold (figures computed) and warm (cached).

The target is a report in under 10 s. A report's slow part is the figures it takes from the
link directory — indicators, capture–recapture estimates for every township and event type,
the scorecard with every reconciliation finding — which :mod:`hedui.reports.link_figures`
computes once per run and keeps beside it. This script times both paths on a real link
directory (for example the 1,000,000-person county of ``hedui synth --people 1000000`` linked
with ``hedui link``), in a fresh SQLite store with one reconciliation run pointing at it:

    .venv/bin/python bench/bench_report.py LINK_DIR [--villages villages.csv] [--period 2025-12]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from hedui import runs
from hedui.period import parse_period
from hedui.reports.build import build_report
from hedui.reports.data import ReportData
from hedui.reports.html import render_html
from hedui.reports.model import Audience, Report
from hedui.reports.pdf import render_pdf
from hedui.reports.xlsx import render_xlsx
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade

T = TypeVar("T")
TARGET_SECONDS = 10.0


def timed(label: str, action: Callable[[], T], rows: list[tuple[str, float]]) -> T:
    """Run ``action``; record its wall time, and print wall and CPU time.

    CPU time is printed too because the development machine is shared: under load the wall
    time grows with the other jobs, the process's own CPU time much less.
    """
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    rows.append((label, time.perf_counter() - started))
    spent = time.process_time() - cpu
    print(f"{label:<44} {rows[-1][1]:8.2f} s wall {spent:8.2f} s cpu", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("link_dir", type=Path)
    parser.add_argument("--villages", type=Path, default=None)
    parser.add_argument("--period", default="2025-12")
    parser.add_argument("--area", default=None, help="county code (default: from the data)")
    parser.add_argument(
        "--work", type=Path, default=None, help="keep the store and cached figures here"
    )
    args = parser.parse_args()
    period = parse_period(args.period)
    with tempfile.TemporaryDirectory() as scratch:
        folder = str(args.work or scratch)
        Path(folder).mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder}/hedui.db"
        upgrade(url)
        area = args.area or _county(args.link_dir)
        engine = make_engine(url)
        session = make_session_factory(engine)()
        session.add(
            ReconcileRun(
                period=period.label, area_code=area, link_dir=str(args.link_dir.resolve()),
                out_dir=folder, findings=0,
            )
        )  # fmt: skip
        session.commit()
        rows: list[tuple[str, float]] = []

        def collect() -> ReportData:
            return runs.report_data(session, period=period, area_code=area, villages=args.villages)

        timed("collect (cold: figures computed)", collect, rows)
        warm: list[tuple[str, float]] = []
        data = timed("collect (warm: figures cached)", collect, warm)
        writers: dict[str, Callable[[Report], bytes]] = {
            "html": lambda report: render_html(report).encode(),
            "pdf": render_pdf,
            "xlsx": render_xlsx,
        }
        audiences: tuple[Audience, ...] = ("internal", "public")
        for audience in audiences:
            report = timed(
                f"build {audience} (tables, charts)", partial(build_report, data, audience), warm
            )
            for name, write in writers.items():
                body = timed(f"  render {name} ({audience})", partial(write, report), warm)
                Path(folder, f"report-{audience}.{name}").write_bytes(body)
        session.close()
        engine.dispose()
    collect_warm = warm[0][1]
    per_report = {
        f"{audience} {fmt}": collect_warm + dict(warm)[f"build {audience} (tables, charts)"]
        + dict(warm)[f"  render {fmt} ({audience})"]
        for audience in ("internal", "public")
        for fmt in ("html", "pdf", "xlsx")
    }  # fmt: skip
    print()
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    print(f"cold collect: {rows[0][1]:.1f} s (once per reconciliation run)")
    for name, seconds in per_report.items():
        verdict = "ok" if seconds < TARGET_SECONDS else "OVER TARGET"
        print(f"report {name:<16} {seconds:6.2f} s  (target < {TARGET_SECONDS:.0f} s: {verdict})")


def _county(link_dir: Path) -> str:
    import polars as pl

    codes = pl.read_parquet(link_dir / "records.parquet", columns=["village"])["village"]
    return str(codes.drop_nulls().str.slice(0, 6).mode().sort()[0])


if __name__ == "__main__":
    main()
