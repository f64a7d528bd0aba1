"""Every table of the store, gathered so that ``Base.metadata`` is complete when imported.

Alembic's ``env.py`` and the schema test import :data:`metadata` from here: a model module added
later must be listed below, or the test that compares migrations with the models fails.
"""

from __future__ import annotations

from hedui.store import audit, cases, entry_keys, health, imports, jobs, logins, records, users
from hedui.store.base import Base

__all__ = ["MODEL_MODULES", "metadata"]

MODEL_MODULES = (audit, cases, entry_keys, health, imports, jobs, logins, records, users)
metadata = Base.metadata
