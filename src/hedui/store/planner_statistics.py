"""The query planner's statistics: gathered after changes large enough to mislead it.

A database chooses an index for each query from what it knows of the tables. SQLite knows
nothing until ``ANALYZE`` has run, and then guesses: on a county of 100,000 cases it read every
case still to do through the status index and sorted them (56 ms) instead of walking the list's
order index and stopping after one page (0.2 ms). PostgreSQL's autovacuum analyses on its own,
but only a while after a bulk load. So hedui analyses when a change has grown a table by a tenth
or more since the last analysis (an import, a reconciliation run's cases), and when the server
starts on a database that was never analysed; a village's handful of new entries does not pay
for it. Analysing a million entries and 100,000 cases takes about a second.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

__all__ = ["GROWTH", "analyse", "analyse_if_grown", "analyse_if_never", "analysed_rows"]

GROWTH = 0.1
"""Analyse again when a table gained this share of the rows it had at the last analysis."""


def _dialect(bind: Session | Connection) -> str:
    return bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name


def analyse(bind: Session | Connection, tables: tuple[str, ...] = ()) -> None:
    """Gather the planner's statistics for ``tables`` (every table by default), in the
    caller's transaction."""
    if _dialect(bind) == "sqlite":
        bind.execute(text("PRAGMA analysis_limit=0"))  # whole tables: samples misled it
    for statement in [f"ANALYZE {table}" for table in tables] or ["ANALYZE"]:
        bind.execute(text(statement))


def analysed_rows(bind: Session | Connection, table: str) -> int | None:
    """How many rows ``table`` had at the last analysis; ``None`` if it was never analysed."""
    if _dialect(bind) == "sqlite":
        known = bind.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        ).scalar()
        if not known:
            return None
        stat = bind.execute(
            text("SELECT stat FROM sqlite_stat1 WHERE tbl = :table LIMIT 1"), {"table": table}
        ).scalar()
        return int(str(stat).split()[0]) if stat else None
    rows = bind.execute(
        text(
            "SELECT reltuples FROM pg_class JOIN pg_stat_user_tables USING (relname) "
            "WHERE relname = :table AND (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL)"
        ),
        {"table": table},
    ).scalar()
    return None if rows is None else max(0, int(rows))


def analyse_if_grown(bind: Session | Connection, table: str, added: int) -> bool:
    """Analyse ``table`` when ``added`` new rows are a tenth or more of what it had at the last
    analysis (or it was never analysed and rows were added); True when it did.

    Only ``table`` is analysed: the other tables did not grow, and analysing a county's whole
    database (every case, every audit entry) would cost an import a second for nothing.
    """
    if added <= 0:
        return False
    before = analysed_rows(bind, table)
    if before is not None and added < GROWTH * before:
        return False
    analyse(bind, (table,))
    return True


def analyse_if_never(engine: Engine, table: str = "records") -> bool:
    """Analyse, in a transaction of its own, a database whose ``table`` was never analysed
    (``hedui serve`` on start); True when it did."""
    with engine.begin() as connection:
        if analysed_rows(connection, table) is not None:
            return False
        analyse(connection)
    return True
