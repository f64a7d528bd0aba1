"""Alembic's environment: run the migrations on the engine :func:`alembic_config` attached.

SQLite cannot alter most columns in place, so migrations run in batch mode there (Alembic copies
the table); on PostgreSQL the same migration scripts run as ordinary ``ALTER TABLE``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from hedui.store.models import metadata


def run_migrations() -> None:
    """Run the pending migrations inside one transaction."""
    engine = context.config.attributes["engine"]
    assert isinstance(engine, Engine)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
