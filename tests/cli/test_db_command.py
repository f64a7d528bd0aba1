"""`hedui db upgrade` and `hedui db create-user`, through CliRunner on real SQLite files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import InvalidInputError
from hedui.store.accounts import authenticate
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import current_revision, head_revision

runner = CliRunner()


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sub' / 'hedui.db'}"


def test_db_upgrade_creates_the_database_at_head(tmp_path: Path) -> None:
    url = _url(tmp_path)
    result = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "数据库已是最新结构" in result.output
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_db_upgrade_reads_the_url_from_the_environment(tmp_path: Path) -> None:
    url = _url(tmp_path)
    result = runner.invoke(app, ["db", "upgrade"], env={"HEDUI_DATABASE_URL": url})
    assert result.exit_code == 0 and (tmp_path / "sub" / "hedui.db").exists()


def test_create_user_with_password_from_stdin(tmp_path: Path) -> None:
    url = _url(tmp_path)
    args = [
        "db",
        "create-user",
        "王村长",
        "--role",
        "village_clerk",
        "--area",
        "320924101001",
        "--password-stdin",
        "--database-url",
        url,
    ]
    result = runner.invoke(app, args, input="village-pass-1\n")
    assert result.exit_code == 0, result.output
    assert "王村长 (village_clerk, 320924101001)" in result.output
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        assert authenticate(session, "王村长", "village-pass-1") is not None
    engine.dispose()


def test_create_user_prompts_twice_for_the_password(tmp_path: Path) -> None:
    args = [
        "db",
        "create-user",
        "admin",
        "--role",
        "county_admin",
        "--area",
        "320924",
        "--database-url",
        _url(tmp_path),
    ]
    result = runner.invoke(app, args, input="admin-pass-1\nadmin-pass-1\n")
    assert result.exit_code == 0, result.output
    assert "admin-pass-1" not in result.output


def test_create_user_rejects_an_area_that_does_not_fit(tmp_path: Path) -> None:
    args = [
        "db",
        "create-user",
        "李",
        "--role",
        "village_clerk",
        "--area",
        "320924",
        "--password-stdin",
        "--database-url",
        _url(tmp_path),
    ]
    result = runner.invoke(app, args, input="village-pass-1\n")
    assert isinstance(result.exception, InvalidInputError)


def test_create_user_refuses_an_unknown_role(tmp_path: Path) -> None:
    args = [
        "db",
        "create-user",
        "李",
        "--role",
        "mayor",
        "--area",
        "320924",
        "--password-stdin",
        "--database-url",
        _url(tmp_path),
    ]
    result = runner.invoke(app, args, input="village-pass-1\n")
    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["db", "--help"], ["db", "create-user", "--help"]])
def test_db_help(command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 0 and "Usage" in result.output
