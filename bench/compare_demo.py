"""The demo county run by two hedui source trees, compared file by file: did a change change it?

A refactoring must leave hedui's outputs as they were. This runs ``hedui demo --no-serve`` with
another source tree first (``--before``: a ``git archive`` of the commit before, or a clone with
the change reverted) and then with this one, into the same folder so that paths written into
the outputs agree, and compares every file. What differs between any two runs is set aside:
the time a report was generated, the SVG ids matplotlib draws at random, the PDF's date and
/ID, the database's timestamps, the fingerprint of the cached report figures (file times), and
the row order of ``links.parquet`` (compared sorted). Everything else must be byte for byte.

    python bench/compare_demo.py --before /tmp/base/src [--after src] [--people 3000]

Exits 1 when a file differs, naming it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
from openpyxl import load_workbook

HERE = Path(__file__).resolve().parents[1] / "src"
LINKS = "hedui-work/runs/demo/link/links.parquet"


def run_demo(src: Path, out: Path, people: int) -> None:
    """``hedui demo --no-serve`` with ``src`` first on the path, into ``out``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "hedui", "demo", "--no-serve", "--people", str(people)]
    subprocess.run([*command, "--out", str(out)], env=env, check=True, capture_output=True)


def _html(text: str) -> str:
    text = re.sub(r"<dd>\d{4}-\d\d-\d\d \d\d:\d\d [^<]*</dd>", "<dd>TIME</dd>", text)
    return re.sub(r"\b([mp])[0-9a-f]{8,12}\b", r"\1ID", text)


def _pdf(data: bytes) -> bytes:
    data = re.sub(rb"D:\d{14}[^)]*", b"", data)
    return re.sub(rb"/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"", data)


def _tables(path: Path) -> dict[str, list[str]]:
    """Every table's rows, without the columns that hold a time or a secret."""
    skip = re.compile(r"(^at|_at|time|hash|password|secret|token)$")
    with sqlite3.connect(path) as connection:
        names = [
            r[0] for r in connection.execute("select name from sqlite_master where type='table'")
        ]
        tables = {}
        for name in names:
            columns = [r[1] for r in connection.execute(f'pragma table_info("{name}")')]
            kept = ",".join(f'"{c}"' for c in columns if not skip.search(c))
            rows = connection.execute(f'select {kept} from "{name}"').fetchall()
            tables[name] = sorted(map(repr, rows))
    return tables


def _workbook(path: Path) -> list[list[object]]:
    book = load_workbook(path)
    return [[c.value for c in row] for sheet in book for row in sheet.iter_rows()]


def same(before: Path, after: Path, name: str) -> bool:
    """Whether file ``name`` of the two runs agrees, once what varies by run is set aside."""
    a, b = before / name, after / name
    if name == LINKS:
        left, right = pl.read_parquet(a), pl.read_parquet(b)
        return left.sort(left.columns).equals(right.sort(right.columns))
    if name.endswith(".html"):
        return _html(a.read_text(encoding="utf-8")) == _html(b.read_text(encoding="utf-8"))
    if name.endswith(".pdf"):
        return _pdf(a.read_bytes()) == _pdf(b.read_bytes())
    if name.endswith(".xlsx"):
        return _workbook(a) == _workbook(b)
    if name.endswith(".db"):
        return _tables(a) == _tables(b)
    if "report-figures-" in name:
        figures = [json.loads(p.read_text(encoding="utf-8"))["figures"] for p in (a, b)]
        return figures[0] == figures[1]
    return a.read_bytes() == b.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other tree's src/")
    parser.add_argument("--after", type=Path, default=HERE, help="src/ (default: this tree's)")
    parser.add_argument("--people", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        out, runs = Path(work) / "demo", {}
        for label, src in (("before", args.before), ("after", args.after)):
            run_demo(src.resolve(), out, args.people)
            runs[label] = out.rename(Path(work) / label)
        before, after = runs["before"], runs["after"]
        names = sorted(
            {str(p.relative_to(before)) for p in before.rglob("*") if p.is_file()}
            | {str(p.relative_to(after)) for p in after.rglob("*") if p.is_file()}
        )
        differing = []
        for name in names:
            if not (before / name).is_file() or not (after / name).is_file():
                print(f"only in {'after' if (after / name).is_file() else 'before'}: {name}")
                continue
            ok = same(before, after, name)
            print(f"{'same' if ok else 'DIFF'} {name}")
            if not ok:
                differing.append(name)
    print("every output agrees" if not differing else f"{len(differing)} files differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
