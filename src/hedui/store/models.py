"""Every table of the store, gathered so that ``Base.metadata`` is complete when imported.

Alembic's ``env.py`` and the schema test import :data:`metadata` from here: a model module added
later must be listed below, or the test that compares migrations with the models fails.
"""

from __future__ import annotations

from hedui.store import (
    audit,
    case_tallies,
    cases,
    divisions,
    entry_keys,
    health,
    imports,
    job_locks,
    jobs,
    logins,
    rate_events,
    record_tallies,
    records,
    search_keys,
    users,
)
from hedui.store.base import Base

__all__ = ["MODEL_MODULES", "metadata"]

MODEL_MODULES = (
    audit,
    case_tallies,
    cases,
    divisions,
    entry_keys,
    health,
    imports,
    job_locks,
    jobs,
    logins,
    rate_events,
    record_tallies,
    records,
    search_keys,
    users,
)
metadata = Base.metadata
