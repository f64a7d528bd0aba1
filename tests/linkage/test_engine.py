"""make_db_api: the engine seam, configured deliberately."""

from __future__ import annotations

from pathlib import Path

import pytest

from hedui.errors import ConfigurationError
from hedui.linkage.engine import EngineOptions, make_db_api


def test_make_db_api_sets_memory_threads_and_spill_directory(tmp_path: Path):
    spill = tmp_path / "spill"
    db_api = make_db_api("duckdb", EngineOptions("1GB", 1, spill))
    settings = dict(
        db_api.duckdb_con.sql(
            "SELECT name, value FROM duckdb_settings() "
            "WHERE name IN ('memory_limit', 'threads', 'temp_directory')"
        ).fetchall()
    )
    assert settings["threads"] == "1"
    assert settings["memory_limit"].startswith(("953.6 MiB", "1.0 GiB", "1000.0 MiB"))
    assert settings["temp_directory"] == spill.as_posix()
    assert spill.is_dir()


def test_make_db_api_unknown_engine_names_the_choices():
    with pytest.raises(ConfigurationError, match="duckdb"):
        make_db_api("oracle")
