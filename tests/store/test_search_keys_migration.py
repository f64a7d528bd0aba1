"""Migration 0010 keys the entries already in the ledger, so search finds them at once."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from hedui.store.db import make_engine
from hedui.store.migrations import alembic_config, upgrade


def test_upgrade_to_0010_keys_existing_entries_and_downgrade_drops_the_tables(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url, "0009")
    engine = make_engine(url)
    with engine.begin() as connection:
        for n, (name, number) in enumerate([("汪国庆", "320924198510011234"), (None, None)]):
            connection.execute(
                text(
                    "INSERT INTO records (source, record_id, event, name, id_number, "
                    "mother_name, village_code, created_at) VALUES ('township_db', :r, "
                    "'resident', :name, :number, '李娜', '320924101001', '2025-01-01')"
                ),
                {"r": f"T{n}", "name": name, "number": number},
            )
    upgrade(url, "0010")
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT name_normalized, name_pinyin, name_initials, id_reversed, "
                "mother_pinyin FROM record_search_keys ORDER BY record_pk"
            )
        ).all()
    assert rows == [
        ("汪国庆", "wangguoqing", "wgq", "320924198510011234"[::-1], "lina"),
        (None, None, None, None, "lina"),
    ]
    command.downgrade(alembic_config(engine), "0009")
    with engine.connect() as connection:
        tables = {r[0] for r in connection.execute(text("SELECT name FROM sqlite_master"))}
    engine.dispose()
    assert "record_search_keys" not in tables and "divisions" not in tables
