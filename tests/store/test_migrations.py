"""The migrations create exactly the models' schema, and make the audit log append-only."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, Table, text
from sqlalchemy.exc import IntegrityError

from hedui.store.db import make_engine
from hedui.store.migrations import current_revision, head_revision, upgrade
from hedui.store.models import metadata


def _diff(engine: Engine, target: MetaData) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, target))


def test_upgrade_creates_exactly_the_models_schema(engine: Engine) -> None:
    assert _diff(engine, metadata) == []


def test_compare_would_notice_a_table_missing_from_the_migrations(engine: Engine) -> None:
    # Guard against a comparison that silently compares nothing: one extra model table must
    # show up as exactly one difference, an ("add_table", ...) entry.
    extended = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(extended)
    Table("not_migrated", extended, Column("id", Integer, primary_key=True))
    diff = _diff(engine, extended)
    assert [entry[0] for entry in diff] == ["add_table"]  # type: ignore[index]


def test_upgrade_is_idempotent_and_reaches_head(database_url: str, engine: Engine) -> None:
    upgrade(database_url)
    assert current_revision(engine) == head_revision() == "0018"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _add_audit_row(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_log (at, actor_username, action, area_code) "
                "VALUES ('2024-01-01 00:00:00', '张三', 'login', '320924')"
            )
        )


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET actor_username = '李四'", "DELETE FROM audit_log"],
)
def test_audit_log_rejects_update_and_delete(engine: Engine, statement: str) -> None:
    _add_audit_row(engine)
    with pytest.raises(IntegrityError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT actor_username FROM audit_log")).all()
    assert rows == [("张三",)]


def test_0016_gives_an_analysed_database_statistics_for_its_new_index(tmp_path) -> None:
    # With statistics for every index of records but the new one, SQLite read a village's
    # entry list through the new index and sorted it; 0016 analyses records when the
    # database has statistics, and the list walks (village_code, created_at, id) again.
    url = f"sqlite:///{tmp_path / 'analysed.db'}"
    upgrade(url, "0015")
    engine = make_engine(url)
    rows = ", ".join(
        f"('village_ledger', 'R{i}', 'birth', '32092410100{i % 3}', '2024-01-01 00:{i % 60:02d}')"
        for i in range(300)
    )
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO records (source, record_id, event, village_code, created_at) "
                f"VALUES {rows}"
            )
        )
        connection.execute(text("ANALYZE"))
    upgrade(url)
    with engine.connect() as connection:
        analysed = {r[0] for r in connection.execute(text("SELECT idx FROM sqlite_stat1"))}
        plan = " ".join(
            str(r[-1])
            for r in connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM records WHERE village_code = '320924101001' "
                    "ORDER BY created_at DESC, id DESC LIMIT 25"
                )
            )
        )
    engine.dispose()
    assert "ix_records_village_event_keys" in analysed
    assert "ix_records_village_code_created_at_id" in plan
    assert "TEMP B-TREE" not in plan
