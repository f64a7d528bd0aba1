"""`hedui sample`: from a link directory or the latest reconcile run; table, --json and --out."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import InvalidInputError
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
V = "320924101001"
COLUMNS = ["event", "event_date", "name", "sex", "birth_date", "id_number", "address"]


@pytest.fixture
def link_dir(tmp_path: Path) -> Path:
    """Village V: 30 ledger and 10 police records; another village: 5 ledger records."""
    keys = [("village_ledger", f"L{i:02d}", V) for i in range(30)]
    keys += [("police_hukou", f"P{i:02d}", V) for i in range(10)]
    keys += [("village_ledger", f"X{i:02d}", "320924101002") for i in range(5)]
    out = tmp_path / "linked"
    out.mkdir()
    records = pl.DataFrame(keys, schema=["source", "record_id", "village"], orient="row")
    records.write_parquet(out / "records.parquet")
    records.select("source", "record_id", cluster_id="C" + pl.col("record_id")).write_csv(
        out / "clusters.csv"
    )
    person = ["birth", "2025-03-01", "王芳", "2", "2025-03-01", "320924202503011248", "三组"]
    sources = records.drop("village").with_columns(
        [pl.lit(value).alias(name) for name, value in zip(COLUMNS, person, strict=True)]
    )
    sources.write_parquet(out / "sources.parquet")
    return out


def _json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["sample", *args, "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    return document


def test_sample_from_a_link_dir(link_dir: Path, tmp_path: Path) -> None:
    # 8 of 40: one per source, then 6 shared 29 : 9 → 4.58 and 1.42 → 5 + 1 and 1 + 1.
    drawn = _json(str(link_dir), "--village", V, "--n", "8", "--seed", "3")
    assert drawn["allocation"] == {"police_hukou": 2, "village_ledger": 6}
    assert drawn["available"] == {"police_hukou": 10, "village_ledger": 30}
    assert {r["id_number"] for r in drawn["records"]} == {"320*************48"}
    assert drawn == _json(str(link_dir), "--village", V, "--n", "8", "--seed", "3")
    out = tmp_path / "sample.csv"
    args = ["sample", str(link_dir), "--village", V, "--n", "8", "--seed", "3", "--out", str(out)]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert "village_ledger 6/30" in result.output
    with out.open(encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle))) == 9


def test_sample_from_the_latest_run_is_audited(link_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        session.add(ReconcileRun(period="2025-12", area_code="320924", link_dir=str(link_dir)))
        session.commit()
    drawn = _json("--village", V, "--n", "5", "--period", "2025-03", "--database-url", url)
    assert drawn == _json(str(link_dir), "--village", V, "--n", "5", "--period", "2025-03")
    with make_session_factory(engine)() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.SAMPLE_DRAWN)
        ).one()
        assert entry.area_code == V and entry.detail == {
            "n": 5,
            "seed": drawn["seed"],
            "period": "2025-03",
        }
    engine.dispose()


def test_sample_errors(link_dir: Path, tmp_path: Path) -> None:
    for args in (
        [str(link_dir), "--village", "320924101"],
        ["--village", V, "--database-url", f"sqlite:///{tmp_path / 'empty.db'}"],
        [str(link_dir), "--village", V, "--period", "2024-01"],
    ):
        result = runner.invoke(app, ["sample", *args])
        assert isinstance(result.exception, InvalidInputError), args
