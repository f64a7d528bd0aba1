"""The application factory: refuses an old schema; every response carries security headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hedui.errors import ConfigurationError
from hedui.web.app import create_app
from hedui.web.settings import Settings

from .conftest import Site


def test_create_app_refuses_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'new.db'}", secret_key="s" * 40)
    with pytest.raises(ConfigurationError, match="hedui db upgrade"):
        create_app(settings)


def test_pages_carry_security_headers_and_are_not_cached(site: Site) -> None:
    response = site.client().get("/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    static = site.client().get("/static/htmx.min.js")
    assert static.status_code == 200 and "Zero-Clause BSD" in static.text[:400]


def test_settings_from_env_lists_every_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEDUI_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env("sqlite:///x.db", login_max_failures=0)
    assert len(raised.value.problems) == 2
    monkeypatch.delenv("HEDUI_SECRET_KEY")
    assert len(Settings.from_env("sqlite:///x.db").secret_key) >= 32
