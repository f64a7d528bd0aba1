"""On PostgreSQL the migrations build exactly the models' schema; the audit log is append-only."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, text
from sqlalchemy.exc import DBAPIError

from hedui.errors import StoreError
from hedui.store.db import make_engine
from hedui.store.migrations import current_revision, head_revision, upgrade
from hedui.store.models import metadata

from .conftest import PostgresServer


def _diff(engine: Engine, target: MetaData) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, target))


def test_upgrade_of_an_empty_database_creates_exactly_the_models_schema(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.create_database()
    engine = make_engine(url)
    try:
        assert current_revision(engine) is None
        upgrade(url)
        assert current_revision(engine) == head_revision()
        assert engine.dialect.name == "postgresql"
        assert _diff(engine, metadata) == []
        with engine.connect() as connection:
            tables = set(
                connection.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            )
        assert tables == set(metadata.tables) | {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_again_changes_nothing(database_url: str, engine: Engine) -> None:
    upgrade(database_url)
    assert current_revision(engine) == head_revision()
    assert _diff(engine, metadata) == []


def test_compare_would_notice_a_missing_index(engine: Engine) -> None:
    # Guard against a comparison that compares nothing on this dialect: dropping one index
    # the models declare must show up as exactly one difference.
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_records_created_at_id"))
    assert [entry[0] for entry in _diff(engine, metadata)] == ["add_index"]  # type: ignore[index]


def _add_audit_row(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_log (at, actor_username, action, area_code) "
                "VALUES ('2024-01-01 00:00:00+00', '张三', 'login', '320924')"
            )
        )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor_username = '李四'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "TRUNCATE audit_log, users CASCADE",
    ],
)
def test_audit_log_refuses_update_delete_and_truncate(engine: Engine, statement: str) -> None:
    _add_audit_row(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT actor_username FROM audit_log WHERE action = 'login'")
        ).all()
    assert rows == [("张三",)]


def test_a_role_without_rights_gets_a_clear_error_and_no_password_shown(
    postgres_server: PostgresServer,
) -> None:
    # PostgreSQL 15 lets only the database's owner create tables in its public schema.
    url = postgres_server.create_database()
    with postgres_server.admin() as connection:
        connection.execute("CREATE ROLE hedui_not_owner LOGIN")
    database = url.rsplit("/", 1)[1]
    limited = (
        f"postgresql+psycopg://hedui_not_owner:s3cret@127.0.0.1:{postgres_server.port}/{database}"
    )
    with pytest.raises(StoreError, match="permission denied for schema public") as caught:
        upgrade(limited)
    assert "s3cret" not in str(caught.value) and "hedui_not_owner:***@" in str(caught.value)
    engine = make_engine(url)
    with engine.connect() as connection:
        tables = connection.scalar(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        )
    engine.dispose()
    assert tables == 0
