"""Database models and migrations (SQLAlchemy 2 + Alembic; SQLite by default, PostgreSQL).

Tables, one concept per module: :mod:`~hedui.store.users`, :mod:`~hedui.store.audit` (the
append-only log), :mod:`~hedui.store.records` (the event ledger), :mod:`~hedui.store.imports`,
:mod:`~hedui.store.cases`, :mod:`~hedui.store.jobs`; :mod:`~hedui.store.models` gathers them.
Operations: :mod:`~hedui.store.accounts`, :mod:`~hedui.store.ledger`,
:mod:`~hedui.store.duplicates`, :mod:`~hedui.store.audit_query`. Engines and transactions:
:mod:`~hedui.store.db`; schema upgrades: :func:`hedui.store.migrations.upgrade`.

Store functions add to the caller's session and never commit; wrap them in
:func:`hedui.store.db.transaction` so a change and its audit entry are saved together. Every
reader takes the caller's ``area_code`` (:mod:`~hedui.store.areas`).
"""
