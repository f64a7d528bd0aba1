"""`hedui runs purge`, through CliRunner on a real SQLite file and work directory."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from hedui.cli import app
from hedui.store.base import utcnow
from hedui.store.cases import ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade

runner = CliRunner()


def test_runs_purge_deletes_expired_run_files_beside_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    ledger = tmp_path / "hedui-work" / "runs" / "job-1" / "sources" / "village_ledger.csv"
    ledger.parent.mkdir(parents=True)
    ledger.write_text("张三,320924199001011234\n", encoding="utf-8")
    model = ledger.parents[1] / "link" / "model.json"
    model.parent.mkdir()
    model.write_text("{}", encoding="utf-8")
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        finished = utcnow() - timedelta(days=31)
        session.add(
            ReconcileRun(period="2025-12", area_code="320924", link_dir=str(model.parent),
                         finished_at=finished, findings=0)
        )  # fmt: skip
        session.commit()
    engine.dispose()
    kept = runner.invoke(app, ["runs", "purge", "--database-url", url, "--older-than", "60"])
    assert kept.exit_code == 0, kept.output
    assert "保留 1 次" in kept.output and ledger.is_file()
    purged = runner.invoke(
        app,
        ["runs", "purge", "--database-url", url, "--json"],
        env={"HEDUI_RUN_RETENTION_DAYS": "30"},
    )
    assert purged.exit_code == 0, purged.output
    assert json.loads(purged.output)["folders"] == ["runs/job-1"]
    assert not ledger.exists() and model.is_file()
