"""Engine set-up, URL resolution, transactions and UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from hedui.errors import ConfigurationError, InvalidInputError, StoreError
from hedui.store.db import (
    DEFAULT_DATABASE_URL,
    make_engine,
    resolve_database_url,
    transaction,
)
from hedui.store.users import Role, User


def test_resolve_database_url_prefers_explicit_then_environment(monkeypatch) -> None:
    monkeypatch.delenv("HEDUI_DATABASE_URL", raising=False)
    assert resolve_database_url() == DEFAULT_DATABASE_URL == "sqlite:///hedui.db"
    monkeypatch.setenv("HEDUI_DATABASE_URL", "sqlite:///env.db")
    assert resolve_database_url() == "sqlite:///env.db"
    assert resolve_database_url("sqlite:///given.db") == "sqlite:///given.db"


def test_make_engine_explains_an_unusable_url() -> None:
    with pytest.raises(ConfigurationError, match="无法使用数据库地址"):
        make_engine("nosuchdialect://x")


def _user(name: str) -> User:
    return User(username=name, password_hash="x", role=Role.VILLAGE_CLERK, area_code="320924101001")


def test_transaction_commits_on_success(session: Session) -> None:
    with transaction(session):
        session.add(_user("甲"))
    assert session.execute(text("SELECT count(*) FROM users")).scalar() == 1


def test_transaction_turns_database_errors_into_store_error_and_rolls_back(
    session: Session,
) -> None:
    with pytest.raises(StoreError, match="未写入任何内容"), transaction(session):
        session.add(_user("乙"))
        session.flush()
        session.add(_user("乙"))  # the same username twice violates uq_users_username
        session.flush()
    assert session.execute(text("SELECT count(*) FROM users")).scalar() == 0


def test_transaction_rolls_back_and_reraises_hedui_errors(session: Session) -> None:
    with pytest.raises(InvalidInputError), transaction(session):
        session.add(_user("丙"))
        session.flush()
        raise InvalidInputError("表单有误")
    assert session.execute(text("SELECT count(*) FROM users")).scalar() == 0


def test_timestamps_are_stored_in_utc_and_read_back_aware(session: Session) -> None:
    beijing = timezone(timedelta(hours=8))
    user = _user("丁")
    user.created_at = datetime(2024, 3, 7, 8, 30, tzinfo=beijing)
    with transaction(session):
        session.add(user)
    session.expire_all()
    stored = session.execute(text("SELECT created_at FROM users")).scalar()
    assert str(stored).startswith("2024-03-07 00:30:00")  # 08:30 in Beijing is 00:30 UTC
    reread = session.get(User, user.id)
    assert reread is not None and reread.created_at == datetime(2024, 3, 7, 0, 30, tzinfo=UTC)


def test_naive_timestamps_are_refused(session: Session) -> None:
    user = _user("戊")
    user.created_at = datetime(2024, 3, 7, 8, 30)
    session.add(user)
    with pytest.raises(StoreError), transaction(session):
        session.flush()
