"""`hedui divisions import` and the demo's seed, through CliRunner on real SQLite files."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from hedui.cli import app
from hedui.cli.divisions_command import seed_divisions
from hedui.errors import SourceFileError
from hedui.store.db import make_engine, make_session_factory
from hedui.store.divisions import Division
from hedui.store.migrations import upgrade

runner = CliRunner()
VILLAGES = (
    "code,name,township_code,township_name\n"
    "320924101201,胜利村,320924101,新河镇\n"
    "320924101202,东风村,320924101,新河镇\n"
)


def _names(url: str) -> dict[str, str]:
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        names = {d.code: d.name for d in session.scalars(select(Division))}
    engine.dispose()
    return names


def test_divisions_import_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    villages = tmp_path / "villages.csv"
    villages.write_text(VILLAGES, encoding="utf-8")
    first = runner.invoke(app, ["divisions", "import", str(villages), "--database-url", url])
    assert first.exit_code == 0, first.output
    assert "新增 added 3" in first.output
    again = runner.invoke(app, ["divisions", "import", str(villages), "--database-url", url])
    assert again.exit_code == 0 and "未变 unchanged 3" in again.output
    assert _names(url) == {
        "320924101": "新河镇",
        "320924101201": "胜利村",
        "320924101202": "东风村",
    }


def test_divisions_import_of_a_bad_file_names_the_row_and_field(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n320924101201,胜利村\n3209241012,东风村\n", encoding="utf-8")
    result = runner.invoke(app, ["divisions", "import", str(bad), "--database-url", url])
    assert result.exit_code != 0
    assert isinstance(result.exception, SourceFileError)
    assert "bad.csv 第 3 行（row 3）code：'3209241012'" in str(result.exception)
    assert _names(url) == {}  # the good row was not written either


def test_seed_divisions_adds_the_demo_county(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    villages = tmp_path / "villages.csv"
    villages.write_text(VILLAGES, encoding="utf-8")
    engine = make_engine(url)
    outcome = seed_divisions(make_session_factory(engine), villages)
    again = seed_divisions(make_session_factory(engine), villages)
    engine.dispose()
    assert (outcome.added, again.added, again.unchanged) == (4, 0, 3)
    assert _names(url)["320924"] == "射阳县"
